"""Session fixtures shared by every tier: the Kafka broker the integration tests run against."""

from collections.abc import Iterator

import pytest

from local.kafka import kafka_broker


@pytest.fixture(scope="session")
def kafka_bootstrap(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """KAFKA_BOOTSTRAP_SERVERS if set; else Kafka in Docker where an engine answers; else a local broker from jars."""
    with kafka_broker(tmp_path_factory.mktemp("kafka")) as address:
        yield address
