"""Fair-recruitment verdicts and placement decisions (topic recruitment.events)."""

from datetime import date
from enum import StrEnum
from typing import Any

from pydantic import Field

from contracts import topics
from contracts.envelope import EventData
from contracts.offers import JobTerms
from contracts.types import Contract, Finding, ParticipantId, PartnerCountry, ShortText

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


STANDING_NOTICE = (
    "Recommendation to the competent authorities only: suspending or removing an employer or a recruiter (from the "
    "EU Talent Pool, a programme or a licence) and any sanction are decided by them, not by this service."
)


class PartyKind(StrEnum):
    """Who a standing is about."""

    EMPLOYER = "employer"
    RECRUITER = "recruiter"


class Standing(StrEnum):
    """An employer's or recruiter's standing, from the findings against it in the window (docs/domain.md,
    "Standing"): `watch` warns on its new offers and contracts, `suspension_recommended` blocks them."""

    GOOD = "good"
    WATCH = "watch"
    SUSPENSION_RECOMMENDED = "suspension_recommended"


class StandingEvidence(Contract):
    """One rule's findings against the employer or recruiter that count in the window."""

    rule_id: str = Field(description="The recruitment rule or integration alert.", examples=["DOCS_RETAINED"])
    count: int = Field(ge=1, description="Workers it was found for (one count per worker and rule in the window).")
    weight: int = Field(ge=0, description="What the findings weigh together (count times the rule's weight).")
    participant_ids: list[ParticipantId] = Field(
        default_factory=list,
        description="The pseudonymous ids of the workers concerned; an erased participant's id is gone, its count "
        "stays.",
    )
    first_on: date = Field(description="The earliest day a counted finding was made.")
    last_on: date = Field(description="The latest day a counted finding was made.")


class StandingChanged(EventData):
    """An employer's or recruiter's standing changed; the subject is the employer or recruiter id."""

    event_type = "recruitment.standing_changed.v1"
    topic = topics.RECRUITMENT

    party: PartyKind
    party_id: ShortText = Field(examples=["EMP-DE-0042"])
    standing: Standing
    previous: Standing
    rule_id: str = Field(description="The criterion that set the standing.", examples=["FR-STAND-2"])
    explanation: str
    findings: list[StandingEvidence] = Field(default_factory=list, description="What counts in the window.")
    weight: int = Field(ge=0, description="Severity-weighted findings in the window.")
    workers: int = Field(ge=0, description="Distinct workers with a weighing finding in the window.")
    evidence: dict[str, str | int | bool | None] = Field(
        default_factory=dict, description="The thresholds the criterion compared."
    )
    source: str
    window_from: date = Field(description="The first day of the window the findings count in.")
    window_to: date = Field(
        description="The last day of the window: the day before the clock tick that evaluated the standing."
    )
    lapses_on: date | None = Field(
        default=None,
        description="The day this standing lapses if no new finding comes (findings leave the window); none when good.",
    )
    notice: str = Field(
        default=STANDING_NOTICE,
        description="The standing is a recommendation to the authorities, who decide any suspension or sanction.",
        examples=[STANDING_NOTICE],
    )
