"""`python -m benchmarks.inprocess [SERVICE]`: the handler path alone (no Kafka), the service's real processor with
one transaction per event against one transaction per batch of 10, 100 and 500 events (what the service does).

It prices the CPU side of a service; the Kafka side (commits, fetches, the relay) is what the harness adds. With
`--upstream` the service also gets the decisions of the services before it, made here by their own processors (as in
the pipeline: integration without recruitment's placement decisions monitors every worker without terms). CPU is the
process's CPU time, less exposed than wall time to what else runs on the machine.
"""

import argparse
import sqlite3
import tempfile
import time
from collections.abc import Callable, Sequence
from contextlib import closing
from functools import partial
from pathlib import Path

import orjson

from benchmarks.workload import Record, inputs_of, journey_records, record_from_kafka, spec_of
from contracts.topics import SERVICES
from services.common.collector import settle_after_startup
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


def with_upstream(name: str, workload: list[Record], pipeline: bool = False) -> list[Record]:
    """The workload and the outputs of every service before `name` (with `pipeline`, of every service, as the suite
    feeds a service alone: recruitment then reads integration's alerts too), each run in process on what it
    consumes."""
    upstream: list[Record] = []
    for before in SERVICES[: SERVICES.index(name)] if name in SERVICES and not pipeline else SERVICES:
        with tempfile.TemporaryDirectory() as tmp:
            processor = _processor(before, Path(tmp))
            batched(processor, incoming_records(inputs_of(before, workload + upstream)), 100)
            with closing(sqlite3.connect(Path(tmp) / f"{before}.db")) as db:
                rows = db.execute("SELECT topic, key, value, headers FROM outbox_message ORDER BY seq").fetchall()
        upstream += [record_from_kafka(topic, key, value, [(k, v.encode()) for k, v in orjson.loads(headers).items()])
                     for topic, key, value, headers in rows]  # fmt: skip
    return workload + upstream


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
    parser.add_argument("--upstream", action="store_true", help="feed the decisions of the services before it too")
    parser.add_argument("--pipeline", action="store_true", help="feed every service's decisions (the suite's inputs)")
    parser.add_argument("--batches", default="1,10,100,500", help="transaction sizes to run, comma-separated")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each size, the best kept (a busy machine)")
    args = parser.parse_args()
    workload = journey_records(args.participants)
    if args.upstream or args.pipeline:
        workload = with_upstream(args.service, workload, args.pipeline)
    records = incoming_records(inputs_of(args.service, workload))
    sizes = [int(n) for n in args.batches.split(",")]
    variants: list[tuple[str, Callable[[EventProcessor, Sequence[Incoming]], float]]] = [
        ("one transaction per event", per_event)
    ] * (1 in sizes)
    variants += [(f"one transaction per {n} events", partial(batched, size=n)) for n in sizes if n > 1]
    upstream = " and the pipeline's decisions" if args.pipeline else " and upstream decisions" if args.upstream else ""
    print(f"{args.service}: {len(records):,} events{upstream}, SQLite file (WAL, synchronous=NORMAL), no Kafka")
    settle_after_startup()  # as the services do after start-up: the workload held here is not the collector's to scan
    for label, variant in variants:
        seconds, cpu = float("inf"), float("inf")
        for _ in range(args.repeat):
            with tempfile.TemporaryDirectory() as tmp:
                started = time.process_time()
                seconds = min(seconds, variant(_processor(args.service, Path(tmp)), records))
                cpu = min(cpu, time.process_time() - started)
        print(f"  {label:<34} {1000 * seconds / len(records):6.3f} ms/event  {len(records) / seconds:8,.0f} events/s"
              f"  CPU {1000 * cpu / len(records):6.3f} ms/event")  # fmt: skip


if __name__ == "__main__":
    main()
