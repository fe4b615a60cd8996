"""Event contracts v1 of the Talent mobility services: envelope, payloads, topics. Depends on pydantic only."""

from contracts.envelope import Envelope, EventData, derive_id, new_envelope
from contracts.registry import EVENT_TYPES, UnknownEventType, parse_envelope

__all__ = ["EVENT_TYPES", "Envelope", "EventData", "UnknownEventType", "derive_id", "new_envelope", "parse_envelope"]
