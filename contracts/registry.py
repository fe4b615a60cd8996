"""Every event type of contracts v1, and how to read an envelope whose type is known only at run time."""

from typing import Any

from pydantic import TypeAdapter, ValidationError

from contracts import (
    clock,
    deployments,
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
    integration.AlertRaised,
    integration.MilestoneReached,
    integration.GrievanceEscalated,
    integration.IntegrationSummarised,
    reintegration.ReintegrationPlanned,
    reintegration.ReintegrationPlanOverdue,
    reintegration.ReintegrationAssessed,
    reintegration.CircularMobilityEligibility,
)
EVENT_TYPES: dict[str, type[EventData]] = {cls.event_type: cls for cls in EVENT_CLASSES}

_untyped = TypeAdapter(Envelope[dict[str, Any]])


class UnknownEventType(ValueError):
    """The envelope names a type this version of the contracts does not know."""


def parse_envelope(raw: bytes | str) -> Envelope[Any]:
    """Validate an envelope and its data against the model of its `type`.

    Raises pydantic's ValidationError for a malformed envelope or payload, UnknownEventType otherwise.
    """
    envelope = _untyped.validate_json(raw)
    model = EVENT_TYPES.get(envelope.type)
    if model is None:
        raise UnknownEventType(f"unknown event type {envelope.type!r}")
    return envelope.model_copy(update={"data": model.model_validate(envelope.data)})


def read_type(raw: bytes | str) -> str | None:
    """The `type` of a raw envelope, or None when it cannot be read."""
    try:
        return _untyped.validate_json(raw).type
    except ValidationError:
        return None
