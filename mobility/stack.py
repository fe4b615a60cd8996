"""The whole local stack: a broker (unless KAFKA_BOOTSTRAP_SERVERS names one), the topics, the four services,
insights with its report page, and Zipkin for their traces (unless OTEL_* variables send spans elsewhere)."""

import os
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from contracts import topics
from mobility.processes import ServiceProcess, start_services
from services.common.settings import KafkaSecurity

if TYPE_CHECKING:
    from local.zipkin import LocalZipkin


@contextmanager
def broker(data_dir: Path, port: int | None = None) -> Iterator[str]:
    """The bootstrap address of KAFKA_BOOTSTRAP_SERVERS, or of a local broker run from the cached jars."""
    if address := os.environ.get("KAFKA_BOOTSTRAP_SERVERS"):
        yield address
        return
    from local.kafka import LocalKafka

    with LocalKafka(data_dir=data_dir / "kafka", port=port) as kafka:
        yield kafka.bootstrap_servers


@contextmanager
def traces(data_dir: Path, wanted: bool = True, port: int | None = None) -> "Iterator[LocalZipkin | None]":
    """A local Zipkin that the services started inside the block, and this command, export their spans to; None
    (and nothing started) when not `wanted` or when OTEL_* variables already say where spans go."""
    from mobility.traces import command_tracing, exporting_configured, exporting_to_zipkin

    if not wanted or exporting_configured():
        command_tracing()
        yield None
        return
    from local.zipkin import LocalZipkin

    with LocalZipkin(port=port, log_dir=data_dir) as zipkin, exporting_to_zipkin(zipkin.spans_endpoint):
        yield zipkin


@contextmanager
def services(bootstrap: str, data_dir: Path) -> Iterator[list[ServiceProcess]]:
    processes = start_services(bootstrap, data_dir)
    try:
        yield processes
    finally:
        for process in processes:
            process.stop()


INSIGHTS_PORT = 8090  # where `mobility up` serves the report, and where `mobility report` looks by default


def port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


@contextmanager
def insights(
    bootstrap: str, data_dir: Path, port: int | None = INSIGHTS_PORT, min_cell: int | None = None
) -> Iterator[ServiceProcess]:
    """The insights service, its report on `port` (a free one if None); `min_cell` overrides the disclosure
    threshold (INSIGHTS_POLICY__MIN_CELL)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    process = ServiceProcess("insights", bootstrap, data_dir, http_port=port)
    process.start({"INSIGHTS_POLICY__MIN_CELL": str(min_cell)} if min_cell else None)
    try:
        process.wait_until_ready()
        yield process
    finally:
        process.stop()


async def create_topics(bootstrap: str, partitions: int = 4, security: KafkaSecurity | None = None) -> None:
    from services.common.kafka import ensure_topics

    await ensure_topics(bootstrap, topics.ALL, partitions, security=security)


def follow_logs(processes: list[ServiceProcess], show: Callable[[str], None]) -> None:
    """Print new log lines of every service, prefixed with its name, until interrupted or one exits."""
    offsets = {p.name: 0 for p in processes}
    while all(p.running for p in processes):
        for p in processes:
            if p.log_path.exists():
                with p.log_path.open("rb") as log:
                    log.seek(offsets[p.name])
                    for line in log:
                        show(f"[bold]{p.name:>13}[/bold] {line.decode(errors='replace').rstrip()}")
                    offsets[p.name] = log.tell()
        time.sleep(0.5)
    show("[red]a service exited[/red]: " + ", ".join(f"{p.name} running={p.running}" for p in processes))
