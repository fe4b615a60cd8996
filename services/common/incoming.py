"""A consumed Kafka record, independent of the client library, and how it is turned into an envelope."""

from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from contracts import EVENT_TYPES, Envelope, UnknownEventType
from contracts.registry import parse_envelope_named, read_envelope, type_named_in


@dataclass(frozen=True)
class Incoming:
    """The bytes and coordinates of one consumed record."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes
    headers: dict[str, str] = field(default_factory=dict)


class InvalidEvent(ValueError):
    """The record is not a valid event of contracts v1; the message says why, for a human."""


def decode(record: Incoming, handled_types: frozenset[str], max_bytes: int) -> Envelope[Any] | None:
    """The validated envelope; None for a known type this service does not handle; InvalidEvent otherwise."""
    if len(record.value) > max_bytes:
        raise InvalidEvent(f"event of {len(record.value)} bytes exceeds the limit of {max_bytes} bytes")
    labelled = record.headers.get("type")
    envelope = None
    if labelled in handled_types:
        envelope = _as_labelled(record.value, labelled)
    elif labelled in EVENT_TYPES and _envelope_labelled(record.value, labelled):
        return None  # a valid envelope of a type this service does not handle, read in one pass
    if envelope is None:
        try:
            named = type_named_in(record.value)
            if named not in handled_types and read_envelope(record.value).type in EVENT_TYPES:
                return None  # a valid envelope of a type this service does not handle
            envelope = parse_envelope_named(record.value, named)
        except UnknownEventType as exc:
            raise InvalidEvent(f"{exc}; this service reads contracts v1 only") from exc
        except ValidationError as exc:
            raise InvalidEvent(_describe(exc)) from exc
    _check_subject(envelope)
    return envelope


def _as_labelled(value: bytes, label: str) -> Envelope[Any] | None:
    """The event in one pass when it is of the type its `type` header names (as publishers label it); None when it
    is not, or is invalid: then the document's own `type` decides, as it always does."""
    try:
        envelope = parse_envelope_named(value, label)
    except (ValidationError, UnknownEventType):
        return None
    return envelope if envelope.type == label else None


def _envelope_labelled(value: bytes, label: str) -> bool:
    """Whether the envelope is valid and of the type its header names (its data left unchecked)."""
    try:
        return read_envelope(value).type == label
    except ValidationError:
        return False


def _check_subject(envelope: Envelope[Any]) -> None:
    participant = getattr(envelope.data, "participant_id", None)
    if participant is not None and participant != envelope.subject:
        raise InvalidEvent(f"subject {envelope.subject!r} differs from data.participant_id {participant!r}")


def _describe(exc: ValidationError) -> str:
    problems = [f"{'.'.join(str(p) for p in e['loc']) or '(document)'}: {e['msg']}" for e in exc.errors()[:5]]
    more = f" (+{exc.error_count() - 5} more)" if exc.error_count() > 5 else ""
    return "invalid event: " + "; ".join(problems) + more
