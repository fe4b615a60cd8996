"""The project's own Apache Kafka broker, for machines without Docker."""

from deploy.kafka.local_broker import BrokerError, LocalKafka, ensure_jars, free_port

__all__ = ["BrokerError", "LocalKafka", "ensure_jars", "free_port"]
