"""The whole local stack: a broker (unless KAFKA_BOOTSTRAP_SERVERS names one), the topics, the four services."""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from contracts import topics
from services.cli.processes import ServiceProcess, start_services


@contextmanager
def broker(data_dir: Path) -> Iterator[str]:
    """The bootstrap address of KAFKA_BOOTSTRAP_SERVERS, or of a local broker run from the cached jars."""
    if address := os.environ.get("KAFKA_BOOTSTRAP_SERVERS"):
        yield address
        return
    from deploy.kafka import LocalKafka

    with LocalKafka(data_dir=data_dir / "kafka") as kafka:
        yield kafka.bootstrap_servers


@contextmanager
def services(bootstrap: str, data_dir: Path) -> Iterator[list[ServiceProcess]]:
    processes = start_services(bootstrap, data_dir)
    try:
        yield processes
    finally:
        for process in processes:
            process.stop()


async def create_topics(bootstrap: str, partitions: int = 4) -> None:
    from services.common.kafka import ensure_topics

    await ensure_topics(bootstrap, topics.ALL, partitions)
