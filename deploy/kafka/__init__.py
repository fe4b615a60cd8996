"""The project's own Apache Kafka broker, for machines without Docker."""

from deploy.kafka.choice import docker_answers, kafka_broker
from deploy.kafka.local_broker import BrokerError, LocalKafka, ensure_jars, free_port

__all__ = ["BrokerError", "LocalKafka", "docker_answers", "ensure_jars", "free_port", "kafka_broker"]
