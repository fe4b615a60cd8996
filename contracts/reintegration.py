"""Reintegration plans, scores and circular-mobility eligibility (topic reintegration.events)."""

from datetime import date
from decimal import Decimal
from enum import StrEnum

from pydantic import Field

from contracts import topics
from contracts.envelope import EventData
from contracts.types import Contract, Finding, ParticipantId, ShortText

DEFAULTS_NOTICE = (
    "Weights and cut-offs are this project's configurable defaults, not IOM's: the official RSS scoring is not public."
)


class PathwayKind(StrEnum):
    """Reintegration pathways a plan can propose."""

    WAGE_EMPLOYMENT = "wage_employment"
    SELF_EMPLOYMENT = "self_employment"
    RECOGNITION_OF_PRIOR_LEARNING = "recognition_of_prior_learning"
    PSYCHOSOCIAL_SUPPORT = "psychosocial_support"


class Pathway(Contract):
    """One proposed pathway and why."""

    kind: PathwayKind
    sector: str | None = None
    referral: ShortText | None = None
    reason: str


class ReintegrationPlanned(EventData):
    """A reintegration plan for a returned participant."""

    event_type = "reintegration.planned.v1"
    topic = topics.REINTEGRATION

    participant_id: ParticipantId
    planned_on: date
    due_on: date
    pathways: list[Pathway] = Field(min_length=1)
    findings: list[Finding] = Field(default_factory=list)
    provisional: bool = Field(
        default=False,
        description="True when the plan was made without the integration summary, from the return and the "
        "follow-ups only (finding RI-PLAN-2); a revised plan follows when the summary arrives.",
        examples=[False],
    )
    revision: int = Field(
        default=0,
        ge=0,
        description="0 for the first plan after a return; 1 for the plan that replaces a provisional one once the "
        "integration summary arrived (same return, same due date).",
        examples=[0, 1],
    )
    missing: list[str] = Field(
        default_factory=list,
        description="What the plan could not rest on because it was not known when the plan was made.",
        examples=[["integration_summary"]],
    )


class ReintegrationPlanOverdue(EventData):
    """No plan was made by its due date (one month after return); a plan from what is known follows at once."""

    event_type = "reintegration.plan_overdue.v1"
    topic = topics.REINTEGRATION

    participant_id: ParticipantId
    due_on: date
    source: str = Field(
        description="The source the due date rests on.",
        examples=["IOM Reintegration Handbook, 'Reintegration planning and follow-up': within one month of return"],
    )
    missing: list[str] = Field(
        default_factory=list,
        description="What the plan still waits for.",
        examples=[["integration_summary"]],
    )
    rule_id: str | None = Field(
        default=None, description="The rule missed (docs/domain.md, Reintegration).", examples=["RI-PLAN-1"]
    )
    evidence: dict[str, str | int | bool | None] = Field(
        default_factory=dict,
        description="The facts the rule compared.",
        examples=[
            {"returned_on": "2026-10-15", "due_on": "2026-11-14", "checked_on": "2026-11-20", "plan_made": False}
        ],
    )
    explanation: str | None = Field(
        default=None,
        description="One sentence a caseworker can read without the code.",
        examples=["No reintegration plan was made by its due date 2026-11-14, 30 days after the return."],
    )


class ReintegrationAssessed(EventData):
    """Dimension and composite sustainability scores of one follow-up."""

    event_type = "reintegration.assessed.v1"
    topic = topics.REINTEGRATION

    participant_id: ParticipantId
    month: int
    scores: dict[str, Decimal] = Field(description="Score per IOM dimension, 0..1.")
    composite: Decimal = Field(ge=0, le=1)
    band: str = Field(examples=["low", "medium", "high"])
    notice: str = DEFAULTS_NOTICE
    surveyed_on: date | None = None
    findings: list[Finding] = Field(
        default_factory=list, description="The band, and each dimension routed (or not) to targeted assistance."
    )


class CircularMobilityEligibility(EventData):
    """Whether the participant may start another mobility cycle, and whether they are a circular migrant."""

    event_type = "reintegration.circular_eligibility.v1"
    topic = topics.REINTEGRATION

    participant_id: ParticipantId
    eligible: bool
    circular_migrant: bool = Field(
        description="UNECE (2016): at least 3 border crossings in 10 years, each followed by a stay of 12 months."
    )
    findings: list[Finding]
    temporary_circular_migrant: bool = Field(
        default=False,
        description="UNECE (2016) temporary variant: each stay 90 days or more (includes every circular migrant).",
    )
    assessed_on: date | None = None
