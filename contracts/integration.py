"""Working-conditions alerts, milestones and summaries of the integration service (topic integration.events)."""

from datetime import date
from decimal import Decimal
from enum import StrEnum

from pydantic import Field

from contracts import topics
from contracts.deployments import EndReason
from contracts.envelope import EventData
from contracts.types import Cefr, Contract, IscoCode, MemberState, Money, ParticipantId, PartnerCountry, ShortText

MONITORING_NOTICE = (
    "Monitoring alert only: establishing a breach of labour law, sanctioning an employer or a recruiter and deciding "
    "on a permit rest with the competent national authorities."
)
Evidence = dict[str, str | int | bool | None]


class AlertSeverity(StrEnum):
    """Severity of a working-conditions alert."""

    INFO = "info"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class AlertRaised(EventData):
    """A monitoring rule found a problem in the participant's working or living conditions."""

    event_type = "integration.alert_raised.v1"
    topic = topics.INTEGRATION

    participant_id: ParticipantId
    alert: str = Field(
        description="Alert code of the catalogue (docs/domain.md, Integration).", examples=["WAGE_BELOW_MIN"]
    )
    severity: AlertSeverity
    evidence: dict[str, str | int | bool | None] = Field(default_factory=dict)
    source: str
    explanation: str
    raised_on: date
    forced_labour_indicator: bool = False
    refer_to: list[ShortText] = Field(
        default_factory=list,
        max_length=10,
        description="Authorities the case should be referred to.",
        examples=[["labour_inspectorate", "anti_trafficking"]],
    )
    notice: str = Field(
        default=MONITORING_NOTICE,
        description="The alert is a recommendation: legal decisions rest with the competent national authorities.",
        examples=[MONITORING_NOTICE],
    )


class MilestoneReached(EventData):
    """An integration milestone."""

    event_type = "integration.milestone_reached.v1"
    topic = topics.INTEGRATION

    participant_id: ParticipantId
    milestone: str = Field(
        examples=["rights_briefing_delivered", "language_level_gained", "six_months_employed", "contract_completed"]
    )
    reached_on: date
    detail: dict[str, str | int | bool | None] = Field(default_factory=dict)
    rule_id: str | None = Field(
        default=None,
        description="Rule that found the milestone (docs/domain.md, Integration).",
        examples=["INT-MS-LANGUAGE"],
    )
    evidence: Evidence = Field(
        default_factory=dict,
        description="The facts the rule compared.",
        examples=[{"checkin_id": "C-05", "from": "A2", "to": "B1"}],
    )
    source: str | None = Field(
        default=None,
        description="The source the milestone rests on.",
        examples=["IOM integration dimensions (linguistic); Council of Europe CEFR"],
    )


class GrievanceEscalated(EventData):
    """A grievance stayed unresolved past its deadline."""

    event_type = "integration.grievance_escalated.v1"
    topic = topics.INTEGRATION

    participant_id: ParticipantId
    grievance_id: ShortText
    filed_on: date
    due_on: date
    escalated_on: date
    category: ShortText | None = Field(default=None, examples=["wages"])
    severity: AlertSeverity | None = Field(default=None, description="Severity the grievance's category carries.")
    rule_id: str | None = Field(
        default=None,
        description="Rule that escalated the grievance (docs/domain.md, Integration).",
        examples=["INT-GRV-ESCALATE"],
    )
    evidence: Evidence = Field(
        default_factory=dict,
        description="The facts the rule compared.",
        examples=[{"grievance_id": "G-1", "filed_on": "2026-03-02", "deadline_days": 30, "resolved": False}],
    )
    source: str | None = Field(
        default=None,
        description="The source the escalation rests on.",
        examples=["ILO fair recruitment principle 13; IOM IRIS Principle 5"],
    )
    notice: str = Field(
        default=MONITORING_NOTICE,
        description="The escalation is a recommendation: legal decisions rest with the competent national authorities.",
        examples=[MONITORING_NOTICE],
    )


class AlertCount(Contract):
    """How often one alert was raised."""

    alert: str
    count: int = Field(ge=0)
    severity: AlertSeverity


class IntegrationSummarised(EventData):
    """Summary of the stay at contract end, consumed by reintegration."""

    event_type = "integration.summarised.v1"
    topic = topics.INTEGRATION

    participant_id: ParticipantId
    partner_country: PartnerCountry
    destination: MemberState
    occupation_held: IscoCode
    sector: str
    contract_completed: bool
    arrived_on: date
    ended_on: date
    months_worked: Decimal = Field(ge=0, max_digits=5, decimal_places=1)
    months_reported: Decimal | None = Field(
        default=None,
        ge=0,
        max_digits=5,
        decimal_places=1,
        description="Months the reported pay periods cover between arrival and contract end; wages due count these.",
    )
    wages_due: Money
    wages_paid: Money
    wage_shortfall: Money
    alerts: list[AlertCount] = Field(default_factory=list)
    critical_alerts: list[str] = Field(default_factory=list)
    language_start: Cefr | None = None
    language_end: Cefr | None = None
    end_reason: EndReason | None = Field(
        default=None, description="Why the contract ended, as the agency reported it.", examples=["employer_change"]
    )
    contract_id: ShortText | None = Field(default=None, description="The contract this summary covers.")
    employer_id: ShortText | None = Field(default=None, description="The employer of that contract.")
    grievances_filed: int = Field(default=0, ge=0, description="Grievances the worker filed in this period.")
