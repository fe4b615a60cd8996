"""Database engine per service and the two tables every service has: processed events and the outbox."""

import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

import orjson
from sqlalchemy import JSON, Column, Engine, LargeBinary, create_engine, event, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import StaticPool
from sqlmodel import Field, SQLModel


def utc_now() -> datetime:
    return datetime.now(UTC)


class ProcessedEvent(SQLModel, table=True):
    """An input event already applied: a redelivery of the same id is skipped (idempotent consumer)."""

    __tablename__ = "processed_event"

    event_id: UUID = Field(primary_key=True)
    event_type: str
    processed_at: datetime = Field(default_factory=utc_now)


class OutboxMessage(SQLModel, table=True):
    """A Kafka message written in the business transaction and published afterwards by the relay."""

    __tablename__ = "outbox_message"

    seq: int | None = Field(default=None, primary_key=True)
    message_id: UUID = Field(unique=True, sa_column_kwargs={"insert_sentinel": True})
    topic: str
    key: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    value: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    headers: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utc_now)
    published_at: datetime | None = Field(default=None, index=True)


PROCESSED_TABLE = SQLModel.metadata.tables["processed_event"]
OUTBOX_TABLE = SQLModel.metadata.tables["outbox_message"]
PLUMBING_TABLES = (PROCESSED_TABLE, OUTBOX_TABLE)


def _tune_sqlite(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets the relay read while a handler writes; busy_timeout turns short lock waits into waits, not errors.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def _json_text(document: object) -> str:
    return orjson.dumps(document).decode()


def create_database(url: str, service_tables: tuple[Any, ...] = ()) -> Engine:
    """An engine for `url` with the plumbing tables and the service's own tables created."""
    json = {"json_serializer": _json_text, "json_deserializer": orjson.loads}
    if url == "sqlite://":
        engine = create_engine(url, connect_args={"check_same_thread": False}, poolclass=StaticPool, **json)
    elif url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False}, **json)
        event.listen(engine, "connect", _tune_sqlite)
    else:
        engine = create_engine(url, pool_pre_ping=True, **json)
    _create_tables(engine, [*PLUMBING_TABLES, *service_tables])
    return engine


def _create_tables(engine: Engine, tables: list[Any]) -> None:
    # Instances of a service starting together on a fresh database race to create its tables: "already exists"
    # means another instance won, and the next look finds the tables there.
    for attempt in range(5):
        try:
            SQLModel.metadata.create_all(engine, tables=tables)
            return
        except DBAPIError:
            if attempt == 4:
                raise
            time.sleep(0.1 * (attempt + 1))


def database_answers(engine: Engine) -> bool:
    """Whether the database answers a trivial query (readiness)."""
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except DBAPIError:
        return False
    return True
