"""Which Kafka a test session uses: KAFKA_BOOTSTRAP_SERVERS, else Testcontainers if Docker answers, else LocalKafka."""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from local.kafka.local_broker import LocalKafka

# cp-kafka defaults the transaction log to RF 3 (no transactions on one node), and its Kafka 3.6 predates the
# KAFKA-16386 fix that keeps aiokafka's send_offsets_to_transaction from failing on partition verification.
CONTAINER_ENV = {
    "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR": "1",
    "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR": "1",
    "KAFKA_TRANSACTION_PARTITION_VERIFICATION_ENABLE": "false",
}


def docker_answers() -> bool:
    """Whether a Docker engine responds to a ping within two seconds."""
    try:
        import docker
        from docker.errors import DockerException
    except ImportError:
        return False
    try:
        client = docker.from_env(timeout=2)
        try:
            return bool(client.ping())
        finally:
            client.close()
    except (DockerException, OSError):
        return False


@contextmanager
def _container_broker() -> Iterator[str]:
    from testcontainers.community.kafka import KafkaContainer

    container = KafkaContainer().with_kraft()
    for name, value in CONTAINER_ENV.items():
        container.with_env(name, value)
    with container:
        yield container.get_bootstrap_server()


@contextmanager
def kafka_broker(data_dir: Path) -> Iterator[str]:
    """A real broker's bootstrap address for the duration of the `with` block; the broker goes away after it."""
    if address := os.environ.get("KAFKA_BOOTSTRAP_SERVERS"):
        yield address
    elif docker_answers():
        with _container_broker() as address:
            yield address
    else:
        with LocalKafka(data_dir=data_dir) as kafka:
            yield kafka.bootstrap_servers
