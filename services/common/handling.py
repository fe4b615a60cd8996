"""The handler pattern of DESIGN §5: dedupe, apply, record and emit in one transaction; dead-letter what cannot be."""

import hashlib
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any
from uuid import uuid5

from opentelemetry import propagate
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlmodel import Session

from contracts import Envelope, EventData, derive_id, new_envelope
from contracts.envelope import NAMESPACE
from contracts.topics import dead_letter_topic
from services.common.database import OutboxMessage, ProcessedEvent
from services.common.incoming import Incoming, InvalidEvent, decode
from services.common.telemetry import annotate_current_span

log = logging.getLogger(__name__)


@dataclass
class Context:
    """What a handler gets besides the payload: the transaction, the event, and a way to emit."""

    service: str
    output_topic: str
    session: Session
    event: Envelope[Any]
    emitted: list[Envelope[Any]] = field(default_factory=list)
    _emitted_per_key: dict[tuple[str, str, str], int] = field(default_factory=dict)

    def emit(self, data: EventData, *, discriminator: str = "", subject: str | None = None) -> None:
        """Emit `data` with an id derived from the input event, so reprocessing emits the identical event.

        Several events of one type from one input are told apart by `discriminator` and then by their order."""
        subject = subject or str(getattr(data, "participant_id", self.event.subject))
        key = (data.event_type, subject, discriminator)
        self._emitted_per_key[key] = order = self._emitted_per_key.get(key, -1) + 1
        parts = (self.service, data.event_type, subject, discriminator, str(order))
        self.emitted.append(
            new_envelope(
                data,
                id=derive_id(self.event.id, *parts),
                source=f"service/{self.service}",
                subject=subject,
                time=self.event.time,
                cause=self.event,
            )
        )


Handler = Callable[[Context, Any], None]


class Outcome(StrEnum):
    """What became of one consumed record."""

    APPLIED = "applied"
    DUPLICATE = "duplicate"
    IGNORED = "ignored"
    DEAD_LETTERED = "dead_lettered"


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    envelope: Envelope[Any] | None = None
    emitted: tuple[Envelope[Any], ...] = ()
    error: str | None = None


def is_transient(exc: BaseException) -> bool:
    """Database errors worth retrying (locked, unavailable); everything else is a property of the event."""
    return (
        isinstance(exc, DBAPIError)
        and not isinstance(exc, IntegrityError)
        and (exc.connection_invalidated or type(exc).__name__ in {"OperationalError", "InterfaceError"})
    )


@dataclass
class EventProcessor:
    """Applies consumed records of one service to its database, exactly once per event id."""

    service: str
    engine: Engine
    handlers: Mapping[type[EventData], Handler]
    output_topic: str
    max_event_bytes: int
    _by_type: dict[str, Handler] = field(init=False)

    def __post_init__(self) -> None:
        self._by_type = {cls.event_type: handler for cls, handler in self.handlers.items()}

    @property
    def handled_types(self) -> frozenset[str]:
        return frozenset(self._by_type)

    def process(self, record: Incoming) -> Result:
        """Apply one record; raises only for transient failures, which the caller retries."""
        try:
            envelope = decode(record, self.handled_types, self.max_event_bytes)
        except InvalidEvent as exc:
            return self._dead_letter(record, str(exc), type(exc).__name__)
        if envelope is None:
            return Result(Outcome.IGNORED)
        annotate_current_span(envelope.subject, envelope.type, str(envelope.id))
        try:
            return self._apply(envelope)
        except Exception as exc:
            if is_transient(exc):
                raise
            # A handler that cannot apply an event must not block the partition: dead-letter it, keep the reason.
            log.exception("handler failed on event %s (%s)", envelope.id, envelope.type)
            return self._dead_letter(record, f"handler failed: {exc!r}", type(exc).__name__, envelope)

    def _apply(self, envelope: Envelope[Any]) -> Result:
        with Session(self.engine) as session:
            if session.get(ProcessedEvent, envelope.id) is not None:
                return Result(Outcome.DUPLICATE, envelope)
            context = Context(self.service, self.output_topic, session, envelope)
            self._by_type[envelope.type](context, envelope.data)
            session.add(ProcessedEvent(event_id=envelope.id, event_type=envelope.type))
            for out in context.emitted:
                session.add(_outbox_row(out, self.output_topic))
            if not _commit(session):
                return Result(Outcome.DUPLICATE, envelope)
        return Result(Outcome.APPLIED, envelope, tuple(context.emitted))

    def _dead_letter(
        self, record: Incoming, error: str, error_type: str, envelope: Envelope[Any] | None = None
    ) -> Result:
        # Identical bad bytes are one bad input: dead-lettered once, however often they are redelivered.
        letter_id = uuid5(NAMESPACE, f"dlq/{self.service}/{_digest(record)}")
        with Session(self.engine) as session:
            if session.get(ProcessedEvent, letter_id) is not None:
                return Result(Outcome.DUPLICATE, envelope, error=error)
            session.add(ProcessedEvent(event_id=letter_id, event_type="dead-letter"))
            session.add(_dead_letter_row(letter_id, record, self.service, error, error_type))
            if not _commit(session):
                return Result(Outcome.DUPLICATE, envelope, error=error)
        return Result(Outcome.DEAD_LETTERED, envelope, error=error)


def _commit(session: Session) -> bool:
    """Commit; False when another consumer recorded the same event first (unique key), which is a duplicate."""
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        return False
    return True


def _digest(record: Incoming) -> str:
    return hashlib.sha256((record.key or b"") + b"\0" + record.value).hexdigest()


def message_headers(envelope: Envelope[Any]) -> dict[str, str]:
    """Headers of an event on Kafka: content type, type, and the current W3C trace context."""
    headers = {"content-type": "application/json", "type": envelope.type}
    propagate.inject(headers)
    return headers


def _outbox_row(envelope: Envelope[Any], topic: str) -> OutboxMessage:
    return OutboxMessage(
        message_id=envelope.id,
        topic=topic,
        key=envelope.subject.encode(),
        value=envelope.model_dump_json().encode(),
        headers=message_headers(envelope),
    )


def _dead_letter_row(letter_id: Any, record: Incoming, service: str, error: str, error_type: str) -> OutboxMessage:
    headers = {
        **record.headers,
        "dlq-error": error[:2000],
        "dlq-error-type": error_type,
        "dlq-source-topic": record.topic,
        "dlq-source-partition": str(record.partition),
        "dlq-source-offset": str(record.offset),
        "dlq-service": service,
    }
    topic = dead_letter_topic(service)
    return OutboxMessage(message_id=letter_id, topic=topic, key=record.key, value=record.value, headers=headers)
