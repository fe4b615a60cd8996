"""`python -m benchmarks.service_path [--participants N] [--batch N]`: CPU time per event of each service's whole
path in one process, without Kafka: a consumed batch as FastStream hands it over -> the service's handler
(records, processor in its thread, metrics, log lines) -> the outbox relay's flush, to a producer that acknowledges
at once. The services run in pipeline order, each fed its inputs and what the services before it published.

CPU time, not wall time, so that a busy machine distorts it less; compare code versions in one command that
alternates them (run this file with PYTHONPATH pointing at each version in turn).
"""

import argparse
import asyncio
import contextlib
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from aiokafka.structs import ConsumerRecord

from benchmarks.workload import Record, inputs_of, journey_records, record_from_kafka, spec_of
from contracts.topics import READ_MODELS, SERVICES
from services.common.database import create_database
from services.common.logs import configure_logging
from services.common.metrics import ServiceMetrics
from services.common.outbox import OutboxRelay
from services.common.service import ServiceRuntime
from services.common.settings import ServiceSettings
from services.common.telemetry import setup_tracing


class ConsumedBatch:
    """What FastStream's batch parser hands the handler: the raw records and their decoded headers."""

    def __init__(self, records: tuple[ConsumerRecord[bytes, bytes], ...]) -> None:
        self.raw_message = records
        self.consumer = None  # acknowledged by nobody here
        self.batch_headers = [{name: value.decode() for name, value in r.headers} for r in records]


async def run_service(name: str, records: list[Record], root: Path, batch: int, published: list[Any]) -> float:
    """CPU seconds the service took for `records`; what it published is appended to `published`."""
    spec = spec_of(name)
    runtime = ServiceRuntime(spec, ServiceSettings(), spec.policy())
    runtime.engine = create_database(f"sqlite:///{root / f'{name}.db'}", spec.tables)
    runtime.processor = spec.processor(runtime.engine, runtime.policy)
    loop = asyncio.get_running_loop()

    async def acknowledge_at_once(row: Any) -> "asyncio.Future[object]":
        published.append(row)
        acknowledged = loop.create_future()
        acknowledged.set_result(None)
        return acknowledged

    runtime.relay = OutboxRelay(runtime.engine, acknowledge_at_once, batch_size=500, poll_seconds=0.5)
    runtime.metrics = ServiceMetrics(name, backlog=lambda: 0)
    consumed = [
        ConsumerRecord(r.topic, 0, n, 0, 0, r.key, r.value, None, len(r.key), len(r.value), list(r.headers))
        for n, r in enumerate(records)
    ]
    batches = [ConsumedBatch(tuple(consumed[first : first + batch])) for first in range(0, len(consumed), batch)]
    started = time.process_time()
    for message in batches:
        await runtime.handle(message)  # type: ignore[arg-type]
    await runtime.relay.marked()
    return time.process_time() - started


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.service_path", description=__doc__)
    parser.add_argument("--participants", type=int, default=300)
    parser.add_argument("--batch", type=int, default=500, help="records per consumed batch (the services' default)")
    args = parser.parse_args()
    with open(os.devnull, "w") as nowhere, contextlib.redirect_stderr(nowhere):
        configure_logging()  # the log lines are written, to nowhere
        main_with_logs(args.participants, args.batch)


def main_with_logs(participants: int, batch: int) -> None:
    setup_tracing("benchmark")  # as a service without OTEL_* set: tracing off, the trace context passed on
    workload = journey_records(participants)
    upstream: list[Record] = []
    figures = []
    with tempfile.TemporaryDirectory(prefix="mobility-path-") as tmp:
        for name in (*SERVICES, *READ_MODELS):
            records = inputs_of(name, workload + upstream)
            published: list[Any] = []
            seconds = asyncio.run(run_service(name, records, Path(tmp), batch, published))
            upstream += [
                record_from_kafka(row.topic, row.key, row.value, [(k, v.encode()) for k, v in row.headers.items()])
                for row in published
                if not row.topic.endswith(".dlq")
            ]
            figures.append(f"{name} {1e6 * seconds / len(records):,.0f} µs/event ({len(records):,} events)")
    print("CPU per event, batch of", batch, "|", " | ".join(figures), flush=True)


if __name__ == "__main__":
    main()
