"""The project's own Apache Kafka broker, for machines without Docker."""

from local.kafka.choice import docker_answers, kafka_broker
from local.kafka.local_broker import BrokerError, LocalKafka, Scram, ensure_jars, free_port

__all__ = ["BrokerError", "LocalKafka", "Scram", "docker_answers", "ensure_jars", "free_port", "kafka_broker"]
