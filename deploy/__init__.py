"""Deployment assets; deploy.kafka runs a real Apache Kafka broker from Maven Central's jars."""
