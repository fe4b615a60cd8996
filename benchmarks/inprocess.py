"""`python -m benchmarks.inprocess [SERVICE]`: the handler path alone (no Kafka), one transaction per event as the
services do now, against one transaction per batch (a prototype of the proposed change, built from the same parts).

It prices what batching saves on the CPU side; the Kafka side (one offset commit per record) is priced by the
harness's (a') row.
"""

import argparse
import asyncio
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import fields
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy.dialects.sqlite import insert
from sqlmodel import Session

from benchmarks.workload import Record, inputs_of, journey_records, spec_of
from contracts import EVENT_TYPES
from services.common.database import OutboxMessage, ProcessedEvent, create_database, utc_now
from services.common.handling import Context, EventProcessor, message_headers
from services.common.incoming import Incoming, decode


def _incoming(records: Sequence[Record]) -> list[Incoming]:
    headers = [{name: value.decode() for name, value in r.headers} for r in records]
    return [Incoming(r.topic, 0, n, r.key, r.value, h) for n, (r, h) in enumerate(zip(records, headers, strict=True))]


def _processor(name: str, root: Path) -> EventProcessor:
    spec = spec_of(name)
    engine = create_database(f"sqlite:///{root / f'{name}.db'}", spec.tables)
    return EventProcessor(name, engine, spec.handlers, spec.output_topic, 256 * 1024)


def per_event(processor: EventProcessor, records: Sequence[Incoming]) -> float:
    started = time.perf_counter()
    for record in records:
        processor.process(record)
    return time.perf_counter() - started


def per_event_in_threads(processor: EventProcessor, records: Sequence[Incoming]) -> float:
    """As the service does: each event handed to a worker thread and awaited from the event loop."""

    async def run() -> float:
        started = time.perf_counter()
        for record in records:
            await asyncio.to_thread(processor.process, record)
        return time.perf_counter() - started

    return asyncio.run(run())


def batched(processor: EventProcessor, records: Sequence[Incoming], size: int) -> float:
    """One transaction per `size` records: dedupe, apply, record, emit each (a savepoint each, so one failing
    handler could be rolled back and dead-lettered alone), then one commit for the batch."""
    by_type: dict[str, Any] = {cls.event_type: h for cls, h in processor.handlers.items()}
    handled = frozenset(by_type) & frozenset(EVENT_TYPES)
    started = time.perf_counter()
    for first in range(0, len(records), size):
        with Session(processor.engine) as session:
            for record in records[first : first + size]:
                envelope = decode(record, handled, processor.max_event_bytes)
                if envelope is None or session.get(ProcessedEvent, envelope.id) is not None:
                    continue
                with session.begin_nested():
                    context = _context(processor, session, envelope)
                    by_type[envelope.type](context, envelope.data)
                    session.add(ProcessedEvent(event_id=envelope.id, event_type=envelope.type))
                    for out in context.emitted:
                        session.add(_outbox_row(out, processor.output_topic))
            session.commit()
    return time.perf_counter() - started


def core_plumbing(processor: EventProcessor, records: Sequence[Incoming]) -> float:
    """One transaction per event as now, but the dedup record and the outbox rows written with SQLAlchemy Core:
    INSERT .. ON CONFLICT DO NOTHING decides "first time?" in one statement (the unique key stays the arbiter),
    outbox rows in one executemany; the handlers' own case reads and writes stay as they are."""
    by_type: dict[str, Any] = {cls.event_type: h for cls, h in processor.handlers.items()}
    handled = frozenset(by_type)
    processed, outbox = ProcessedEvent.__table__, OutboxMessage.__table__  # type: ignore[attr-defined]
    started = time.perf_counter()
    for record in records:
        envelope = decode(record, handled, processor.max_event_bytes)
        if envelope is None:
            continue
        with Session(processor.engine) as session:
            first = insert(processed).values(event_id=envelope.id, event_type=envelope.type, processed_at=utc_now())
            if not session.execute(first.on_conflict_do_nothing()).rowcount:  # type: ignore[attr-defined]
                continue
            context = _context(processor, session, envelope)
            by_type[envelope.type](context, envelope.data)
            if context.emitted:
                session.execute(insert(outbox), [_outbox_values(e, processor.output_topic) for e in context.emitted])
            session.commit()
    return time.perf_counter() - started


def _outbox_values(envelope: Any, topic: str) -> dict[str, Any]:
    key, value = envelope.subject.encode(), envelope.model_dump_json().encode()
    return {"message_id": envelope.id, "topic": topic, "key": key, "value": value,
            "headers": message_headers(envelope), "created_at": utc_now()}  # fmt: skip


def _context(processor: EventProcessor, session: Session, envelope: Any) -> Context:
    known: dict[str, Any] = {"service": processor.service, "output_topic": processor.output_topic}
    known |= {"session": session, "event": envelope}
    return Context(**{f.name: known[f.name] for f in fields(Context) if f.name in known})


def _outbox_row(envelope: Any, topic: str) -> OutboxMessage:
    key, value = envelope.subject.encode(), envelope.model_dump_json().encode()
    return OutboxMessage(message_id=envelope.id, topic=topic, key=key, value=value, headers=message_headers(envelope))


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.inprocess", description=__doc__)
    parser.add_argument("service", nargs="?", default="recognition")
    parser.add_argument("--participants", type=int, default=1500)
    args = parser.parse_args()
    records = _incoming(inputs_of(args.service, journey_records(args.participants)))
    variants: list[tuple[str, Callable[[EventProcessor, Sequence[Incoming]], float]]] = [
        ("one transaction per event", per_event),
        ("... each in asyncio.to_thread", per_event_in_threads),
        ("... dedup and outbox rows via Core", core_plumbing),
    ]
    variants += [(f"one transaction per {n} events", partial(batched, size=n)) for n in (10, 100, 500)]
    print(f"{args.service}: {len(records):,} events, SQLite file (WAL, synchronous=NORMAL), no Kafka")
    for label, variant in variants:
        with tempfile.TemporaryDirectory() as tmp:
            seconds = variant(_processor(args.service, Path(tmp)), records)
        print(f"  {label:<34} {1000 * seconds / len(records):6.3f} ms/event  {len(records) / seconds:8,.0f} events/s")


if __name__ == "__main__":
    main()
