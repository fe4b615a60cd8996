"""The generated workload: deterministic journeys as Kafka records (bytes as the services see them)."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson

from contracts import EVENT_TYPES, Envelope
from mobility.bus import headers_of
from mobility.journeys import generated_plans, sample_stream
from services.catalog import SPECS
from services.common.service import ServiceSpec

SEED = 7


@dataclass(frozen=True)
class Record:
    """One Kafka record to publish: where, and the exact bytes."""

    topic: str
    key: bytes
    value: bytes
    headers: tuple[tuple[str, bytes], ...]
    event_id: str
    time: datetime


def to_record(envelope: Envelope[Any]) -> Record:
    return Record(
        topic=EVENT_TYPES[envelope.type].topic,
        key=envelope.subject.encode(),
        value=envelope.model_dump_json().encode(),
        headers=tuple(headers_of(envelope)),
        event_id=str(envelope.id),
        time=envelope.time,
    )


def journey_records(participants: int, seed: int = SEED) -> list[Record]:
    """The agency events and clock ticks of `participants` journeys, in event-time order."""
    return [to_record(e) for e in sample_stream(generated_plans(participants, seed), tick_every_days=14)]


def record_from_kafka(topic: str, key: bytes | None, value: bytes, headers: Any) -> Record:
    """A consumed output record, kept as it is so that it can be fed to the next service."""
    document = orjson.loads(value)
    return Record(
        topic, key or b"", value, tuple(headers), str(document["id"]), datetime.fromisoformat(document["time"])
    )


def spec_of(name: str) -> ServiceSpec:
    return next(spec for spec in SPECS if spec.name == name)


def inputs_of(name: str, records: list[Record]) -> list[Record]:
    """The records `name` consumes, in event-time order (agency events and upstream decisions merged)."""
    topics = set(spec_of(name).input_topics)
    return sorted((r for r in records if r.topic in topics), key=lambda r: r.time)


def mean_size(records: list[Record]) -> float:
    return sum(len(r.value) for r in records) / max(len(records), 1)
