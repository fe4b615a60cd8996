"""`python -m benchmarks.inprocess [SERVICE]`: the handler path alone (no Kafka), the service's real processor with
one transaction per event against one transaction per batch of 10, 100 and 500 events (what the service does).

It prices the CPU side of a service; the Kafka side (commits, fetches, the relay) is what the harness adds.
"""

import argparse
import tempfile
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from benchmarks.workload import Record, inputs_of, journey_records, spec_of
from services.common.database import create_database
from services.common.incoming import Incoming
from services.common.processor import EventProcessor


def incoming_records(records: Sequence[Record]) -> list[Incoming]:
    headers = [{name: value.decode() for name, value in r.headers} for r in records]
    return [Incoming(r.topic, 0, n, r.key, r.value, h) for n, (r, h) in enumerate(zip(records, headers, strict=True))]


def _processor(name: str, root: Path) -> EventProcessor:
    spec = spec_of(name)
    engine = create_database(f"sqlite:///{root / f'{name}.db'}", spec.tables)
    return spec.processor(engine)


def per_event(processor: EventProcessor, records: Sequence[Incoming]) -> float:
    started = time.perf_counter()
    for record in records:
        processor.process(record)
    return time.perf_counter() - started


def batched(processor: EventProcessor, records: Sequence[Incoming], size: int) -> float:
    started = time.perf_counter()
    for first in range(0, len(records), size):
        processor.process_batch(records[first : first + size])
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.inprocess", description=__doc__)
    parser.add_argument("service", nargs="?", default="recognition")
    parser.add_argument("--participants", type=int, default=1500)
    args = parser.parse_args()
    records = incoming_records(inputs_of(args.service, journey_records(args.participants)))
    variants: list[tuple[str, Callable[[EventProcessor, Sequence[Incoming]], float]]] = [
        ("one transaction per event", per_event)
    ]
    variants += [(f"one transaction per {n} events", partial(batched, size=n)) for n in (10, 100, 500)]
    print(f"{args.service}: {len(records):,} events, SQLite file (WAL, synchronous=NORMAL), no Kafka")
    for label, variant in variants:
        with tempfile.TemporaryDirectory() as tmp:
            seconds = variant(_processor(args.service, Path(tmp)), records)
        print(f"  {label:<34} {1000 * seconds / len(records):6.3f} ms/event  {len(records) / seconds:8,.0f} events/s")


if __name__ == "__main__":
    main()
