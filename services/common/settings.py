"""Settings every service has; each service subclasses with its own env prefix (e.g. RECOGNITION_)."""

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class ServiceSettings(BaseSettings):
    """Read from environment variables; a service's own fields carry its prefix, shared ones do not."""

    model_config = SettingsConfigDict(extra="ignore", frozen=True)

    service_name: str = "service"
    kafka_bootstrap_servers: str = Field(
        default="127.0.0.1:9092",
        validation_alias=AliasChoices("KAFKA_BOOTSTRAP_SERVERS"),
        description="Kafka bootstrap servers, comma-separated.",
    )
    database_url: str = Field(default="", description="SQLAlchemy URL; empty means .data/<service>.db (SQLite).")
    topic_partitions: int = Field(
        default=4, ge=1, validation_alias=AliasChoices("TOPIC_PARTITIONS"), description="Partitions of new topics."
    )
    topic_replication_factor: int = Field(
        default=1,
        ge=1,
        validation_alias=AliasChoices("TOPIC_REPLICATION_FACTOR"),
        description="Replicas of new topics.",
    )
    max_event_bytes: int = Field(default=256 * 1024, ge=1024, description="Larger events are dead-lettered.")
    consume_batch_size: int = Field(
        default=500, ge=1, description="Most records applied in one database transaction and one offset commit."
    )
    consume_wait_ms: int = Field(
        default=5, ge=1, le=1000, description="How long the consumer waits for records when none are buffered."
    )
    relay_poll_seconds: float = Field(default=0.5, gt=0, description="Outbox relay poll interval when idle.")
    relay_batch_size: int = Field(default=500, ge=1, description="Outbox rows published per relay round.")
    retry_max_backoff_seconds: float = Field(default=5.0, gt=0, description="Ceiling of transient-error backoff.")
    http_port: int = Field(
        default=0, ge=0, le=65535, description="Port of /health/live, /health/ready and /metrics; 0 turns them off."
    )
    fault_crash_after_publish: int = Field(
        default=0, ge=0, description="Fault injection for tests: exit after the Nth relay publish, before marking."
    )

    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///.data/{self.service_name}.db"
