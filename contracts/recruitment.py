"""Fair-recruitment verdicts and placement decisions (topic recruitment.events)."""

from enum import StrEnum

from pydantic import Field

from contracts import topics
from contracts.envelope import EventData
from contracts.offers import JobTerms
from contracts.types import Finding, ParticipantId, PartnerCountry, ShortText


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
        default=None, description="The signed contract the placement rests on; none while it rests on an offer."
    )
    findings: list[Finding] = Field(default_factory=list, description="The findings the clearance rests on.")


class PlacementBlocked(EventData):
    """The placement may not go ahead, with every reason."""

    event_type = "recruitment.placement_blocked.v1"
    topic = topics.RECRUITMENT

    participant_id: ParticipantId
    offer_id: ShortText | None
    contract_id: ShortText | None = Field(default=None, description="The signed contract assessed, if any.")
    reasons: list[Finding] = Field(min_length=1)
