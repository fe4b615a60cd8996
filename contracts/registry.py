"""Every event type of contracts v1, and how to read an envelope whose type is known only at run time."""

import json
from typing import Any

from pydantic import TypeAdapter

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
    """Validate an envelope and its data against the model of its `type` (ValidationError, UnknownEventType)."""
    return typed(read_envelope(raw))
