"""Fixtures of the integration tier: the four services as separate processes on the real broker, on SQLite and
on PostgreSQL."""

from collections.abc import Iterator

import pytest

from contracts import topics
from contracts.topics import SERVICES
from local.postgres import LocalPostgres
from mobility.processes import ServiceProcess, start_services
from services.common.kafka import ensure_topics

# Published outbox rows each service keeps: a small window, so the integration tier runs with the relay pruning.
OUTBOX_KEEP_PUBLISHED = 10


@pytest.fixture(scope="session")
async def mobility_topics(kafka_bootstrap: str) -> str:
    """Every topic (docs/design.md, "Topics"), created with its partition count; returns the bootstrap address."""
    await ensure_topics(kafka_bootstrap, topics.ALL, partitions=4)
    return kafka_bootstrap


@pytest.fixture(scope="session")
def postgres() -> Iterator[LocalPostgres]:
    with LocalPostgres() as server:
        yield server


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest) -> str:
    """The database backend the services run on; the integration tests run once on each."""
    return str(request.param)


@pytest.fixture(scope="session")
def running_services(
    mobility_topics: str, database: str, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[list[ServiceProcess]]:
    """recognition, recruitment, integration and reintegration, each its own process with its own database."""
    urls = {}
    if database == "postgresql":
        server: LocalPostgres = request.getfixturevalue("postgres")
        urls = {name: server.database_url(name) for name in SERVICES}
    keep = {f"{name.upper()}_OUTBOX_KEEP_PUBLISHED": str(OUTBOX_KEEP_PUBLISHED) for name in SERVICES}
    data_dir = tmp_path_factory.mktemp(f"services-{database}")
    processes = start_services(mobility_topics, data_dir, database_urls=urls, environment=keep)
    yield processes
    codes = {p.name: p.stop() for p in processes}
    crashed = {name: code for name, code in codes.items() if code not in (0, -15)}
    assert not crashed, f"services exited abnormally: {crashed}\n{log_tails(processes)}"


def log_tails(processes: list[ServiceProcess]) -> str:
    return "\n".join(f"--- {p.name} ---\n{p.log_tail()}" for p in processes)


@pytest.fixture(scope="session")
async def replayed_outputs(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The recorded sample stream replayed once on a fresh broker and fresh databases: every output, as JSON lines."""
    from tests.integration.test_replay_determinism import replay_on_a_fresh_stack

    return await replay_on_a_fresh_stack(tmp_path_factory.mktemp("replay"))
