"""Fixtures of the integration tier: the four services as separate processes on the real broker."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from contracts import topics
from services.cli.processes import ServiceProcess, start_services
from services.common.kafka import ensure_topics


@pytest.fixture(scope="session")
async def mobility_topics(kafka_bootstrap: str) -> str:
    """Every topic of DESIGN §3, created with its partition count; returns the bootstrap address."""
    await ensure_topics(kafka_bootstrap, topics.ALL, partitions=4)
    return kafka_bootstrap


@pytest.fixture(scope="session")
def running_services(mobility_topics: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[ServiceProcess]]:
    """recognition, recruitment, integration and reintegration, each its own process with its own database."""
    processes = start_services(mobility_topics, tmp_path_factory.mktemp("services"))
    yield processes
    codes = {p.name: p.stop() for p in processes}
    crashed = {name: code for name, code in codes.items() if code not in (0, -15)}
    assert not crashed, f"services exited abnormally: {crashed}\n" + "\n".join(p.log_tail() for p in processes)


def log_tails(processes: list[ServiceProcess]) -> str:
    return "\n".join(f"--- {p.name} ---\n{p.log_tail()}" for p in processes)


@pytest.fixture
def service_logs(running_services: list[ServiceProcess]) -> Path:
    return running_services[0].log_path.parent
