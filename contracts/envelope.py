"""The CloudEvents-style envelope every event travels in, and deterministic event ids."""

from datetime import UTC, datetime
from hashlib import sha1
from typing import Annotated, Any, ClassVar, Generic, Literal, TypeVar, cast
from uuid import UUID

from pydantic import AfterValidator, AwareDatetime, Field, StringConstraints

from contracts.types import Contract

NAMESPACE = UUID("5a1d8f0e-7c1b-4f5e-9a51-6d3f0c7b2e10")
_NAMESPACE_BYTES = NAMESPACE.bytes


def _to_utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


UtcDatetime = Annotated[AwareDatetime, AfterValidator(_to_utc)]
Subject = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$")]


class EventData(Contract):
    """Base of every event payload; each subclass names its versioned type and its topic."""

    event_type: ClassVar[str]
    topic: ClassVar[str]


DataT = TypeVar("DataT")


class Envelope(Contract, Generic[DataT]):
    """One event: CloudEvents 1.0 attributes plus the typed payload in `data`."""

    specversion: Literal["1.0"] = Field(default="1.0", description='Always "1.0" (CloudEvents 1.0).')
    id: UUID = Field(
        description="Unique id of this event (a UUID). Sending the same fact again under the same id is harmless: "
        "every service applies an id once. Events a service emits get ids derived from their cause."
    )
    type: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z_.]*\.v[0-9]+$")] = Field(
        description="The versioned event type; it decides the topic and the shape of `data`.",
        examples=["mobility.participant.registered.v1"],
    )
    source: Annotated[str, StringConstraints(min_length=1, max_length=200)] = Field(
        description="Who published it: `agency/<code>` for an agency, `service/<name>` for a service, `clock/<name>` "
        "for clock ticks.",
        examples=["agency/TN-ANETI", "service/recognition"],
    )
    subject: Subject = Field(
        description="The participant id (pseudonymous: letters, digits, `._:-`, at most 64 characters), equal to "
        "`data.participant_id`; `clock` for clock ticks. It is also the Kafka key."
    )
    time: UtcDatetime = Field(
        description="When it happened in the world (not when it was sent), RFC 3339 with a timezone; stored as UTC. "
        "Time-based rules count days from it."
    )
    datacontenttype: Literal["application/json"] = Field(
        default="application/json", description='Always "application/json".'
    )
    correlationid: UUID = Field(
        description="Id of the first event of the participant's journey (their registration's `id`; a "
        "registration, or a clock tick, carries its own `id`). Emitted events inherit it from their cause."
    )
    causationid: UUID | None = Field(
        default=None,
        description="Id of the event that caused this one: null (or left out) for what an agency reports; "
        "services set it on what they emit.",
    )
    data: DataT


def derive_id(cause: UUID, *parts: str) -> UUID:
    """The id of an event emitted because of `cause`: the same cause and parts always give the same id, `uuid5` of
    them in `NAMESPACE`. Spelled out: `uuid5` converts the namespace to bytes and imports sha1 on every call, which
    cost more than the hash itself (a lagging service's clock tick emits thousands of events)."""
    digest = sha1(_NAMESPACE_BYTES + "/".join((str(cause), *parts)).encode()).digest()
    return UUID(bytes=digest[:16], version=5)


D = TypeVar("D", bound=EventData)
_ANY_DATA = Envelope[Any]  # parametrised once: each subscript costs a look-up in pydantic's cache of generic models


def new_envelope(
    data: D, *, id: UUID, source: str, subject: str, time: datetime, cause: Envelope[Any] | None = None
) -> Envelope[D]:
    """Wrap `data` in an envelope; with `cause`, correlation and causation follow from it."""
    envelope = _ANY_DATA(
        id=id,
        type=data.event_type,
        source=source,
        subject=subject,
        time=time,
        correlationid=cause.correlationid if cause else id,
        causationid=cause.id if cause else None,
        data=data,
    )
    return cast("Envelope[D]", envelope)
