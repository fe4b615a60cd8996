"""The CloudEvents-style envelope every event travels in, and deterministic event ids."""

from datetime import UTC, datetime
from typing import Annotated, Any, ClassVar, Generic, Literal, TypeVar, cast
from uuid import UUID, uuid5

from pydantic import AfterValidator, AwareDatetime, Field, StringConstraints

from contracts.types import Contract

NAMESPACE = UUID("5a1d8f0e-7c1b-4f5e-9a51-6d3f0c7b2e10")


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

    specversion: Literal["1.0"] = "1.0"
    id: UUID = Field(description="Unique event id; derived deterministically for emitted events.")
    type: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z_.]*\.v[0-9]+$")] = Field(
        examples=["mobility.participant.registered.v1"]
    )
    source: Annotated[str, StringConstraints(min_length=1, max_length=200)] = Field(
        examples=["agency/TN-ANETI", "service/recognition"]
    )
    subject: Subject = Field(description="The participant_id (or `clock` for clock ticks).")
    time: UtcDatetime = Field(description="When it happened in the world, RFC 3339, UTC.")
    datacontenttype: Literal["application/json"] = "application/json"
    correlationid: UUID = Field(description="Id of the first event of the participant's journey.")
    causationid: UUID | None = Field(default=None, description="Id of the event that caused this one.")
    data: DataT


def derive_id(cause: UUID, *parts: str) -> UUID:
    """The id of an event emitted because of `cause`: the same cause and parts always give the same id."""
    return uuid5(NAMESPACE, "/".join((str(cause), *parts)))


D = TypeVar("D", bound=EventData)


def new_envelope(
    data: D, *, id: UUID, source: str, subject: str, time: datetime, cause: Envelope[Any] | None = None
) -> Envelope[D]:
    """Wrap `data` in an envelope; with `cause`, correlation and causation follow from it."""
    envelope = Envelope[Any](
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
