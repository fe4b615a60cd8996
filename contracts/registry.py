"""Every event type of contracts v1, and how to read an envelope whose type is known only at run time."""

import json
from functools import cache
from typing import Any

import orjson
from pydantic import TypeAdapter, ValidationError

from contracts import (
    clock,
    deployments,
    erasure,
    integration,
    monitoring,
    offers,
    participants,
    qualifications,
    recognition,
    recruitment,
    reintegration,
    returns,
)
from contracts.envelope import Envelope, EventData

EVENT_CLASSES: tuple[type[EventData], ...] = (
    participants.ParticipantRegistered,
    qualifications.QualificationSubmitted,
    qualifications.LanguageCertified,
    qualifications.CompensationMeasureCompleted,
    qualifications.RecognitionApplicationLodged,
    qualifications.RecognitionApplicationAcknowledged,
    qualifications.RecognitionDecisionExtended,
    qualifications.RecognitionApplicationDecided,
    offers.JobOffered,
    offers.ContractSigned,
    deployments.ParticipantArrived,
    deployments.ContractEnded,
    monitoring.CheckInReported,
    monitoring.GrievanceFiled,
    monitoring.GrievanceResolved,
    returns.ParticipantReturned,
    returns.FollowUpReported,
    clock.DayStarted,
    recognition.RecognitionDecided,
    recognition.RecognitionDeadlineMissed,
    recruitment.RecruitmentAssessed,
    recruitment.PlacementCleared,
    recruitment.PlacementBlocked,
    recruitment.PlacementPending,
    recruitment.StandingChanged,
    integration.AlertRaised,
    integration.MilestoneReached,
    integration.GrievanceEscalated,
    integration.IntegrationSummarised,
    reintegration.ReintegrationPlanned,
    reintegration.ReintegrationPlanOverdue,
    reintegration.ReintegrationAssessed,
    reintegration.CircularMobilityEligibility,
    erasure.ErasureRequested,
    *erasure.CONFIRMATIONS.values(),
)
EVENT_TYPES: dict[str, type[EventData]] = {cls.event_type: cls for cls in EVENT_CLASSES}

_untyped = TypeAdapter(Envelope[dict[str, Any]])


class UnknownEventType(ValueError):
    """The envelope names a type this version of the contracts does not know."""


def read_envelope(raw: bytes | str) -> Envelope[dict[str, Any]]:
    """The envelope with its data not yet validated; ValidationError when the envelope itself is malformed.

    Parsing is strict: JSON must carry each value in its contract's own form (a time as an RFC 3339 string, not
    a number; a number as a number, not a string), as the JSON Schemas say."""
    return _untyped.validate_json(raw, strict=True)


def typed(envelope: Envelope[dict[str, Any]]) -> Envelope[Any]:
    """The envelope with `data` validated against the model of its `type` (ValidationError, UnknownEventType)."""
    model = EVENT_TYPES.get(envelope.type)
    if model is None:
        raise UnknownEventType(f"unknown event type {envelope.type!r}")
    fields = {name: getattr(envelope, name) for name in Envelope.model_fields if name != "data"}
    data = model.model_validate_json(json.dumps(envelope.data), strict=True)
    return Envelope[Any].model_construct(**fields, data=data)


def parse_envelope(raw: bytes | str) -> Envelope[Any]:
    """Validate an envelope and its data against the model of its `type` (ValidationError, UnknownEventType).

    A valid event is read in one pass with its type's model; an invalid one is read again in the two steps above,
    so what is wrong is told as they tell it (the envelope's own fields first, then `data`'s, located in `data`)."""
    return parse_envelope_named(raw, type_named_in(raw))


def parse_envelope_named(raw: bytes | str, named: str | None) -> Envelope[Any]:
    """`parse_envelope` of a document whose `type_named_in` is known to be `named`."""
    model = EVENT_TYPES.get(named or "")
    if model is not None:
        try:
            return _typed(model).validate_json(raw, strict=True)
        except ValidationError:
            pass
    return typed(read_envelope(raw))


def type_named_in(raw: bytes | str) -> str | None:
    """The `type` a JSON document names, before any validation; None when it names none."""
    try:
        document = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None
    kind = document.get("type") if isinstance(document, dict) else None
    return kind if isinstance(kind, str) else None


@cache
def _typed(model: type[EventData]) -> TypeAdapter[Envelope[Any]]:
    return TypeAdapter(Envelope[model])  # type: ignore[valid-type]
