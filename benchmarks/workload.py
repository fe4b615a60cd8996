"""The generated workload: deterministic journeys as Kafka records (bytes as the services see them)."""

import heapq
import itertools
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

import orjson

from contracts import EVENT_TYPES, Envelope
from contracts.clock import CLOCK_SUBJECT
from mobility.bus import headers_of
from mobility.journeys import clock_ticks, generated_plans, sample_journey, sample_stream
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


def journey_records(participants: int, seed: int = SEED, prefix: str = "") -> list[Record]:
    """The agency events and clock ticks of `participants` journeys, in event-time order; `prefix` names the
    participants apart from other workloads' (their ids, and so their events' ids, would otherwise be the same)."""
    plans = generated_plans(participants, seed)
    if prefix:
        plans = [replace(plan, participant_id=f"{prefix}-{n:05d}") for n, plan in enumerate(plans)]
    return [to_record(e) for e in sample_stream(plans, tick_every_days=14)]


def staggered_records(count: int, prefix: str, seed: int = SEED) -> list[Record]:
    """`count` records of an open-ended workload for long runs: journeys start at a steady pace over about four
    years of event time from 2026-01-05 (a journey lasts about two, so after the first third the mix of events is
    the steady one), their participants named `prefix`-day-n, merged with a tick every 14 days in event-time order
    as in `journey_records`; generated a day at a time, so only the journeys under way are held as envelopes."""
    per_day = max(1, round(count / 30_000))
    return list(itertools.islice(_staggered(prefix, seed, per_day), count))


def _staggered(prefix: str, seed: int, per_day: int) -> Iterator[Record]:
    first = date(2026, 1, 5)
    under_way: list[tuple[datetime, bool, str, int, Envelope[Any]]] = []
    order = itertools.count()
    for day_number in itertools.count():
        day = first + timedelta(days=day_number)
        plans = [replace(plan, participant_id=f"{prefix}-{day_number:05d}-{n:03d}", start=day)
                 for n, plan in enumerate(generated_plans(per_day, seed + day_number))]  # fmt: skip
        ticks = clock_ticks(day, day) if day_number % 14 == 0 else []
        for envelope in [*ticks, *(e for plan in plans for e in sample_journey(plan))]:
            heapq.heappush(under_way, (envelope.time, envelope.subject != CLOCK_SUBJECT, envelope.subject,
                                       next(order), envelope))  # fmt: skip
        # A journey has no event before its start, so everything before tomorrow is final.
        while under_way and under_way[0][0].date() <= day:
            yield to_record(heapq.heappop(under_way)[-1])


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
