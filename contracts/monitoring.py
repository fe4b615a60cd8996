"""Worker-voice and payroll check-ins and grievances after arrival (topic mobility.monitoring)."""

from datetime import date
from enum import StrEnum

from pydantic import Field, model_validator

from contracts import topics
from contracts.envelope import EventData
from contracts.types import Cefr, Contract, Hours, IscoCode, Money, ParticipantId, ShortText


class Channel(StrEnum):
    """Who reported a check-in."""

    WORKER_VOICE = "worker_voice"
    EMPLOYER_PAYROLL = "employer_payroll"


class DeductionPurpose(StrEnum):
    """What a wage deduction pays for."""

    TAX = "tax"
    SOCIAL_SECURITY = "social_security"
    RENT = "rent"
    FOOD = "food"
    RECRUITMENT = "recruitment"
    JOB_RETENTION = "job_retention"
    EQUIPMENT = "equipment"
    ADVANCE = "advance"
    OTHER = "other"


class Deduction(Contract):
    """One deduction from pay (ILO C95 Arts. 8-9)."""

    amount: Money
    purpose: DeductionPurpose
    legal_basis: bool = Field(description="Authorised by law, collective agreement or award.")
    worker_informed: bool = Field(description="Grounds communicated to the worker in advance.")


class Rent(Contract):
    """Rent for employer-provided housing and how it is paid."""

    amount: Money
    auto_deducted: bool


class CheckInReported(EventData):
    """A check-in for a pay period: hours, pay, deductions, housing and freedom indicators."""

    event_type = "mobility.checkin.reported.v1"
    topic = topics.MONITORING

    participant_id: ParticipantId
    checkin_id: ShortText
    channel: Channel
    period_start: date
    period_end: date
    hours_worked: Hours = Field(description="Average weekly hours worked in the period.")
    min_daily_rest_hours: Hours | None = None
    min_weekly_rest_hours: Hours | None = None
    gross_paid: Money
    net_paid: Money
    paid_on: date | None = Field(default=None, description="When the period's wage was paid; none if unpaid.")
    deductions: list[Deduction] = Field(default_factory=list, max_length=50)
    rent: Rent | None = None
    wages_withheld_as_guarantee: bool = False
    has_own_documents: bool = Field(default=True, description="Free access to own passport, ID and permit.")
    recruitment_debt: Money | None = None
    employer_change_refused: bool = False
    employer_change_penalised: bool = Field(
        default=False, description="The employer threatens or imposes a penalty for changing employer."
    )
    unemployed_since: date | None = None
    language_level: Cefr | None = Field(default=None, description="Host-language level reached, if assessed.")
    rights_briefing_received: bool = False
    occupation: IscoCode | None = Field(default=None, description="ISCO-08 code of the job actually done, if known.")

    @model_validator(mode="after")
    def _period_in_order(self) -> "CheckInReported":
        if self.period_end < self.period_start:
            raise ValueError(f"period_end {self.period_end} is before period_start {self.period_start}")
        return self


class GrievanceFiled(EventData):
    """The worker filed a grievance through a free channel."""

    event_type = "mobility.grievance.filed.v1"
    topic = topics.MONITORING

    participant_id: ParticipantId
    grievance_id: ShortText
    category: ShortText = Field(examples=["wages", "housing", "harassment"])
    filed_on: date


class GrievanceResolved(EventData):
    """A grievance was resolved."""

    event_type = "mobility.grievance.resolved.v1"
    topic = topics.MONITORING

    participant_id: ParticipantId
    grievance_id: ShortText
    resolved_on: date
