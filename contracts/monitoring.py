"""Worker-voice and payroll check-ins and grievances after arrival (topic mobility.monitoring)."""

from datetime import date
from decimal import Decimal
from enum import StrEnum

from pydantic import Field, model_validator

from contracts import topics
from contracts.envelope import EventData
from contracts.types import Cefr, Contract, ExchangeRate, Hours, IscoCode, Money, ParticipantId, ShortText


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
    min_daily_rest_hours: Hours | None = Field(
        default=None,
        description="Shortest daily rest in the period, in hours (under 11: REST_VIOLATION). None: not reported, which "
        "the check-in is asked for (FACTS_UNKNOWN).",
        examples=["11"],
    )
    min_weekly_rest_hours: Hours | None = Field(
        default=None,
        description="Shortest uninterrupted weekly rest in the period, in hours (under 35: REST_VIOLATION). None: not "
        "reported, which the check-in is asked for (FACTS_UNKNOWN).",
        examples=["35"],
    )
    gross_paid: Money
    net_paid: Money
    paid_on: date | None = Field(default=None, description="When the period's wage was paid; none if unpaid.")
    deductions: list[Deduction] = Field(default_factory=list, max_length=50)
    rent: Rent | None = None
    wages_withheld_as_guarantee: bool = False
    has_own_documents: bool = Field(
        default=True,
        description="Free access to own passport, ID and permit. Superseded by `worker_keeps_documents`: its default "
        "cannot be told from an answer, so only false is read (DOCS_RETAINED); true is not taken as the fact.",
    )
    worker_keeps_documents: bool | None = Field(
        default=None,
        description="The worker keeps their own passport, identity documents and permit, with free access, and nobody "
        "else holds them (false: DOCS_RETAINED). None: not reported, which a worker-voice check-in asks for "
        "(FACTS_UNKNOWN); a missing or misspelt field is never read as yes.",
        examples=[True],
    )
    recruitment_debt: Money | None = Field(
        default=None,
        description="What the worker still owes for their recruitment (above zero: DEBT). None: no amount reported; "
        "zero answers `owes_recruitment_debt` with no.",
        examples=[{"amount": "3000", "currency": "EUR"}],
    )
    owes_recruitment_debt: bool | None = Field(
        default=None,
        description="The worker repays a debt for recruitment fees or costs (true: DEBT, with the amount in "
        "`recruitment_debt` if known). None with no amount: not reported, which a worker-voice check-in asks for "
        "(FACTS_UNKNOWN); a missing or misspelt field is never read as no.",
        examples=[False],
    )
    employer_change_refused: bool = False
    employer_change_penalised: bool = Field(
        default=False, description="The employer threatens or imposes a penalty for changing employer."
    )
    unemployed_since: date | None = None
    language_level: Cefr | None = Field(default=None, description="Host-language level reached, if assessed.")
    rights_briefing_received: bool = False
    occupation: IscoCode | None = Field(default=None, description="ISCO-08 code of the job actually done, if known.")
    payments_per_year: int | None = Field(
        default=None,
        ge=12,
        le=15,
        description="How many times a year the worker's monthly wage is paid (14 where two extra payments are made, "
        "as in ES, PT, GR); the period's pay is compared with the minimum per regular payment. None: as the cleared "
        "contract states (WAGE_BELOW_MIN, WAGE_BELOW_CONTRACT).",
        examples=[14],
    )
    exchange_rate: ExchangeRate | None = Field(
        default=None,
        description="Converts `gross_paid` into the currency of the minimum wage or of the contract wage when they "
        "differ; without it the comparison cannot be made and an alert says so (WAGE_BELOW_MIN, WAGE_BELOW_CONTRACT).",
    )
    paid_leave_weeks_per_year: Decimal | None = Field(
        default=None,
        ge=0,
        le=52,
        max_digits=4,
        decimal_places=1,
        description="Paid annual leave the employer grants, in weeks a year (WTD Art. 7: at least 4); none if not "
        "reported (LEAVE_DENIED).",
        examples=["4.0"],
    )
    leave_refused: bool | None = Field(
        default=None,
        description="Paid leave the worker asked for in the period was refused; none if not asked or not reported "
        "(LEAVE_DENIED).",
        examples=[False],
    )
    housing_meets_health_safety: bool | None = Field(
        default=None,
        description="Employer-provided housing meets general health and safety standards (Seasonal Workers "
        "Directive Art. 20); none if the worker has no employer housing or it was not checked (HOUSING_SUBSTANDARD).",
        examples=[True],
    )
    housing_change_notified: bool | None = Field(
        default=None,
        description="The worker was moved to other employer housing in the period: whether the competent "
        "authorities were told; none if the housing did not change or it is not known (HOUSING_SUBSTANDARD).",
        examples=[False],
    )
    employer_change_notified_on: date | None = Field(
        default=None,
        description="Day a change of employer was notified to the competent authorities (SPD 2024/1233 Art. 11(3)); "
        "none if no change is under way (EMPLOYER_CHANGE_PENDING).",
        examples=["2026-05-04"],
    )

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
