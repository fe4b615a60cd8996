"""The whole local stack: a broker (unless KAFKA_BOOTSTRAP_SERVERS names one), the topics, the four services."""

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from contracts import topics
from mobility.processes import ServiceProcess, start_services
from services.common.settings import KafkaSecurity


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
def services(bootstrap: str, data_dir: Path) -> Iterator[list[ServiceProcess]]:
    processes = start_services(bootstrap, data_dir)
    try:
        yield processes
    finally:
        for process in processes:
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
