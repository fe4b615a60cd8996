"""Settings every service has; each service subclasses with its own env prefix (e.g. RECOGNITION_)."""

import ssl
from typing import TYPE_CHECKING, Any, Literal, Self

from pydantic import AliasChoices, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

if TYPE_CHECKING:  # FastStream is imported where a login is made: the `mobility` commands start without it
    from faststream.security import BaseSecurity


class KafkaSecurity(BaseSettings):
    """How a client authenticates to Kafka: KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME and
    KAFKA_SASL_PASSWORD, shared by the services and `mobility` (no service prefix, like KAFKA_BOOTSTRAP_SERVERS)."""

    model_config = SettingsConfigDict(env_prefix="KAFKA_", extra="ignore", frozen=True)

    security_protocol: Literal["PLAINTEXT", "SASL_PLAINTEXT", "SASL_SSL"] = Field(
        default="PLAINTEXT", description="SASL_SSL verifies the broker against the system's CA certificates."
    )
    sasl_mechanism: Literal["SCRAM-SHA-512", "SCRAM-SHA-256", "PLAIN"] = "SCRAM-SHA-512"
    sasl_username: str = Field(default="", description="The principal: a service's own name, agency or operator.")
    sasl_password: SecretStr = SecretStr("")

    @model_validator(mode="after")
    def _sasl_needs_a_login(self) -> Self:
        if self.security_protocol != "PLAINTEXT" and not (self.sasl_username and self.sasl_password):
            raise ValueError(f"KAFKA_SECURITY_PROTOCOL={self.security_protocol} needs KAFKA_SASL_USERNAME and "
                             "KAFKA_SASL_PASSWORD")  # fmt: skip
        return self

    def broker_security(self) -> "BaseSecurity | None":
        """FastStream's form of these settings, for `KafkaBroker(security=...)`; None for PLAINTEXT."""
        if self.security_protocol == "PLAINTEXT":
            return None
        from faststream.security import SASLPlaintext, SASLScram256, SASLScram512

        tls = ssl.create_default_context() if self.security_protocol == "SASL_SSL" else None
        login = {"SCRAM-SHA-512": SASLScram512, "SCRAM-SHA-256": SASLScram256, "PLAIN": SASLPlaintext}[
            self.sasl_mechanism
        ]
        return login(self.sasl_username, self.sasl_password.get_secret_value(), ssl_context=tls)

    def environment(self) -> dict[str, str]:
        """The environment variables that give a child process these settings."""
        return {
            "KAFKA_SECURITY_PROTOCOL": self.security_protocol,
            "KAFKA_SASL_MECHANISM": self.sasl_mechanism,
            "KAFKA_SASL_USERNAME": self.sasl_username,
            "KAFKA_SASL_PASSWORD": self.sasl_password.get_secret_value(),
        }


def kafka_client_options(security: KafkaSecurity | None) -> dict[str, Any]:
    """Keyword arguments of aiokafka's producer, consumer and admin client; none at all for PLAINTEXT (or None)."""
    login = security.broker_security() if security else None
    if login is None:
        return {}
    from faststream.kafka.security import parse_security

    return parse_security(login)


class ServiceSettings(BaseSettings):
    """Read from environment variables; a service's own fields carry its prefix, shared ones do not."""

    model_config = SettingsConfigDict(extra="ignore", frozen=True)

    kafka_bootstrap_servers: str = Field(
        default="127.0.0.1:9092",
        validation_alias=AliasChoices("KAFKA_BOOTSTRAP_SERVERS"),
        description="Kafka bootstrap servers, comma-separated.",
    )
    kafka_security: KafkaSecurity = Field(
        default_factory=KafkaSecurity, description="KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_*: how to log in to Kafka."
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
        default=500,
        ge=1,
        le=5000,
        description="The longest one poll for records waits; records end it at once, so it adds no latency (it "
        "sets how often an idle consumer wakes).",
    )
    producer_linger_ms: int = Field(
        default=0,
        ge=0,
        le=1000,
        description="How long the producer waits to fill a request. The relay hands it a whole round at once, so "
        "waiting only delays the round's last records.",
    )
    producer_batch_bytes: int = Field(
        default=512 * 1024,
        ge=16 * 1024,
        le=1024 * 1024,
        description="Largest batch of records per partition in one request (at most one request per partition is in "
        "flight with idempotence, so small batches cap throughput).",
    )
    relay_poll_seconds: float = Field(default=0.5, gt=0, description="Outbox relay poll interval when idle.")
    relay_batch_size: int = Field(default=500, ge=1, description="Outbox rows published per relay round.")
    outbox_keep_published: int = Field(
        default=10_000,
        ge=0,
        description="Published outbox rows kept, the newest by sequence number; the relay deletes older ones a "
        "chunk at a time (0: keeps every one, the table then grows with every event).",
    )
    retry_max_backoff_seconds: float = Field(default=5.0, gt=0, description="Ceiling of transient-error backoff.")
    http_port: int = Field(
        default=0, ge=0, le=65535, description="Port of /health/live, /health/ready and /metrics; 0 turns them off."
    )
    fault_crash_after_publish: int = Field(
        default=0, ge=0, description="Fault injection for tests: exit after the Nth relay publish, before marking."
    )

    @staticmethod
    def prefixed(prefix: str) -> SettingsConfigDict:
        """The configuration of a service's settings: its own fields read from `<prefix><FIELD>`, nested ones with
        `__` (e.g. `RECOGNITION_POLICY__DECIDE_WITHIN_MONTHS=2`)."""
        return SettingsConfigDict(env_prefix=prefix, extra="ignore", frozen=True, env_nested_delimiter="__")

    def database_url_of(self, service: str) -> str:
        return self.database_url or f"sqlite:///.data/{service}.db"
