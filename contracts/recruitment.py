"""Fair-recruitment verdicts and placement decisions (topic recruitment.events)."""

from enum import StrEnum
from typing import Any

from pydantic import Field

from contracts import topics
from contracts.envelope import EventData
from contracts.offers import JobTerms
from contracts.types import Finding, ParticipantId, PartnerCountry, ShortText

PLACEMENT_NOTICE = (
    "Recommendation only: work and residence permits, the recognition of qualifications and any sanction against an "
    "employer or recruiter are decided by the competent national authorities."
)


def _notice() -> Any:
    """The `notice` field every placement decision carries (a new FieldInfo per model)."""
    return Field(
        default=PLACEMENT_NOTICE,
        description="This decision is a recommendation; legal decisions rest with the national authorities.",
        examples=[PLACEMENT_NOTICE],
    )


class Stage(StrEnum):
    """What was assessed."""

    OFFER = "offer"
    CONTRACT = "contract"


class RecruitmentAssessed(EventData):
    """Every fair-recruitment rule applied to one offer or contract."""

    event_type = "recruitment.assessed.v1"
    topic = topics.RECRUITMENT

    participant_id: ParticipantId
    offer_id: ShortText
    stage: Stage
    contract_id: ShortText | None = Field(
        default=None, description="The contract assessed, when the stage is contract."
    )
    blocking: bool = Field(description="True when at least one blocking rule is violated.")
    findings: list[Finding]


class PlacementCleared(EventData):
    """The placement may go ahead: fair recruitment passed and recognition allows the occupation."""

    event_type = "recruitment.placement_cleared.v1"
    topic = topics.RECRUITMENT

    participant_id: ParticipantId
    partner_country: PartnerCountry
    terms: JobTerms = Field(description="The terms the placement was cleared on.")
    contract_id: ShortText | None = Field(
        default=None,
        description="The signed contract the placement rests on. Always set now: a placement clears only on a "
        "signed contract delivered before departure.",
    )
    findings: list[Finding] = Field(default_factory=list, description="The findings the clearance rests on.")
    notice: str = _notice()


class PlacementBlocked(EventData):
    """The placement may not go ahead, with every reason."""

    event_type = "recruitment.placement_blocked.v1"
    topic = topics.RECRUITMENT

    participant_id: ParticipantId
    offer_id: ShortText | None
    contract_id: ShortText | None = Field(default=None, description="The signed contract assessed, if any.")
    reasons: list[Finding] = Field(min_length=1)
    terms: JobTerms | None = Field(
        default=None, description="The terms assessed, so that a worker who leaves anyway can be monitored on them."
    )
    notice: str = _notice()


class PlacementPending(EventData):
    """The placement is not cleared yet: nothing blocks it, but a fact or event it needs is missing (no signed
    contract yet, no departure date, no recognition decision, a safety fact the terms leave out, a wage that cannot
    be compared). Each reason is a finding of severity `pending` that names what is missing."""

    event_type = "recruitment.placement_pending.v1"
    topic = topics.RECRUITMENT

    participant_id: ParticipantId
    offer_id: ShortText = Field(description="The offer the placement would rest on.", examples=["O-1"])
    contract_id: ShortText | None = Field(
        default=None, description="The signed contract assessed, if any.", examples=["C-1"]
    )
    reasons: list[Finding] = Field(
        min_length=1, description="The pending findings: each says what the placement waits for."
    )
    terms: JobTerms | None = Field(
        default=None, description="The terms assessed, so that a worker who leaves anyway can be monitored on them."
    )
    notice: str = _notice()
