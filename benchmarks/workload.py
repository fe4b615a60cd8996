"""The generated workload: deterministic journeys as Kafka records (bytes as the services see them)."""

import heapq
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

import orjson

from contracts import EVENT_TYPES, Envelope
from contracts.clock import CLOCK_SUBJECT
from contracts.topics import CLOCK
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


def staggered_records(count: int, prefix: str, seed: int = SEED, generated: int = 40_000) -> list[Record]:
    """`count` records of an open-ended workload for long runs: journeys start at a steady pace over about four
    years of event time from 2026-01-05 (a journey lasts about two, so after the first third the mix of events is
    the steady one), their participants named `prefix`-day-n, merged with a tick every 14 days in event-time order
    as in `journey_records`; generated a day at a time, so only the journeys under way are held as envelopes.
    Generating costs about half a millisecond per event, so at most `generated` are: beyond that, each journey's
    events are published for several participants at once (copies renamed, with ids derived from the originals'),
    the ticks once."""
    copies = -(-count // generated)
    per_day = max(1, round(count / copies / 30_000))
    return list(itertools.islice(_copied(_staggered(prefix, seed, per_day), prefix, copies), count))


FIRST_DAY = date(2026, 1, 5)  # of the open-ended workload
# A generated journey lasts 640 to 820 days: from then on, every journey under way started at the steady pace.
RAMP_UP = timedelta(days=820)


def steady_records(
    count: int, prefix: str, seed: int = SEED, generated: int = 40_000, ramp_up: timedelta = RAMP_UP
) -> tuple[list[Record], list[Record]]:
    """`staggered_records` split where its ramp-up ends: the records of the first `ramp_up` of event time (a
    programme that has been running, to offer first) and the `count` records after them, whose mix of events is
    that of a running programme rather than of one cohort. Copies as `staggered_records` makes them, counted on
    the steady records."""
    copies = -(-count // generated)
    ramp: list[Record] = []
    steady: list[Record] = []
    for record in _copied(_staggered(prefix, seed, 1), prefix, copies):
        (ramp if record.time.date() < FIRST_DAY + ramp_up else steady).append(record)
        if len(steady) == count:
            return ramp, steady
    raise AssertionError("the workload is endless")


def _copied(records: Iterator[Record], prefix: str, copies: int) -> Iterator[Record]:
    """Each record, then its copies for `copies` - 1 more participants (clock ticks once)."""
    for record in records:
        yield record
        if record.topic != CLOCK:
            yield from (_copy(record, prefix, k) for k in range(1, copies))


_UUID = re.compile(rb"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _copy(record: Record, prefix: str, k: int) -> Record:
    """The same event for the k-th copy of its participant: every participant id and every event id (its own, its
    correlation) mapped alike, so the copy's journey hangs together as the original's does. An id's first 32 bits
    are mixed with k's (cheaper than deriving a UUID, which would cost more than the rest of the copy)."""
    participant = re.compile(re.escape(prefix.encode()) + rb"-(?=\d{5}-\d{3})")
    renamed = f"{prefix}x{k}-".encode()
    mix = (k * 0x9E3779B1) & 0xFFFFFFFF

    def event_id(match: re.Match[bytes]) -> bytes:
        return b"%08x" % (int(match[0][:8], 16) ^ mix) + match[0][8:]

    value = _UUID.sub(event_id, participant.sub(renamed, record.value))
    own = _UUID.sub(event_id, record.event_id.encode())
    return Record(record.topic, participant.sub(renamed, record.key), value, record.headers, own.decode(), record.time)


def _staggered(prefix: str, seed: int, per_day: int) -> Iterator[Record]:
    first = FIRST_DAY
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


def spec_of(name: str) -> ServiceSpec[Any]:
    return next(spec for spec in SPECS if spec.name == name)


def inputs_of(name: str, records: list[Record]) -> list[Record]:
    """The records `name` consumes, in event-time order (agency events and upstream decisions merged)."""
    topics = set(spec_of(name).input_topics)
    return sorted((r for r in records if r.topic in topics), key=lambda r: r.time)


def mean_size(records: list[Record]) -> float:
    return sum(len(r.value) for r in records) / max(len(records), 1)
