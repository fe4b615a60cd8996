"""Session fixtures shared by every tier: the Kafka broker the integration tests run against."""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from deploy.kafka import LocalKafka


def docker_answers() -> bool:
    try:
        import docker

        docker.from_env(timeout=2).ping()
    except Exception:  # no SDK, no socket, no engine: all mean "no Docker here"
        return False
    return True


@contextmanager
def kafka_broker(data_dir: Path) -> Iterator[str]:
    """KAFKA_BOOTSTRAP_SERVERS if set; else testcontainers where a Docker engine answers; else the local jars."""
    if address := os.environ.get("KAFKA_BOOTSTRAP_SERVERS"):
        yield address
    elif docker_answers():
        from testcontainers.kafka import KafkaContainer

        with KafkaContainer().with_kraft() as container:
            yield container.get_bootstrap_server()
    else:
        with LocalKafka(data_dir=data_dir) as kafka:
            yield kafka.bootstrap_servers


@pytest.fixture(scope="session")
def kafka_bootstrap(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The bootstrap address of a real Kafka broker for the whole test session."""
    with kafka_broker(tmp_path_factory.mktemp("kafka")) as address:
        yield address
