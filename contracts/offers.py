"""Job offers and signed contracts, published by employers and recruiters (topic mobility.offers)."""

from datetime import date
from decimal import Decimal
from enum import StrEnum

from pydantic import AwareDatetime, Field

from contracts import topics
from contracts.envelope import EventData
from contracts.types import (
    Contract,
    ExchangeRate,
    Hours,
    IscoCode,
    LanguageCode,
    MemberState,
    Money,
    ParticipantId,
    Sector,
    ShortText,
)


class CostKind(StrEnum):
    """Recruitment fees, related costs and illegitimate costs (ILO definition, 2018)."""

    RECRUITMENT_FEE = "recruitment_fee"
    SERVICE_FEE = "service_fee"
    VISA = "visa"
    WORK_PERMIT = "work_permit"
    MEDICAL = "medical"
    INSURANCE = "insurance"
    SKILLS_TEST = "skills_test"
    TRAINING = "training"
    TRAVEL = "travel"
    LODGING = "lodging"
    DOCUMENTS = "documents"
    EQUIPMENT = "equipment"
    DEPOSIT = "deposit"
    BOND = "bond"
    COLLATERAL = "collateral"
    KICKBACK = "kickback"
    RUNAWAY_INSURANCE = "runaway_insurance"
    OTHER = "other"


class Cost(Contract):
    """A cost of recruitment and who bears it."""

    kind: CostKind
    amount: Money
    paid_by_worker: bool = Field(description="Borne by the worker, directly or through a deduction.")
    payee: ShortText = Field(examples=["recruiter", "employer", "medical centre"])


class WorkingTime(Contract):
    """Hours, rest and leave as the terms state them (Working Time Directive 2003/88/EC)."""

    weekly_hours: Hours = Field(description="Average weekly hours including overtime.")
    opt_out_48h: bool = Field(default=False, description="Lawful individual opt-out (WTD Art. 22) recorded.")
    daily_rest_hours: Hours
    weekly_rest_hours: Hours
    paid_leave_weeks: Decimal = Field(ge=0, le=52, max_digits=4, decimal_places=1)


class Accommodation(Contract):
    """Housing provided through the employer (Seasonal Workers Directive Art. 20)."""

    provided_by_employer: bool
    monthly_rent: Money | None = None
    auto_deducted: bool = False
    rental_contract: bool = False
    meets_health_safety: bool = True


class Employer(Contract):
    """The employer as a vacancy must name it (EU Talent Pool minimum content)."""

    employer_id: ShortText
    name: ShortText | None = None
    contact: ShortText | None = None


class Recruiter(Contract):
    """The recruitment agency involved, if any."""

    recruiter_id: ShortText
    licensed_in_origin: bool
    iris_certified: bool = False


class JobTerms(Contract):
    """Terms an offer proposes and a contract fixes; compared field by field for substitution."""

    offer_id: ShortText
    employer: Employer
    recruiter: Recruiter | None = None
    job_title: ShortText
    job_description: ShortText | None = None
    occupation: IscoCode
    sector: Sector
    destination: MemberState
    place_of_work: ShortText | None = None
    monthly_gross_wage: Money
    collective_agreement_wage: Money | None = Field(
        default=None,
        description="The applicable collective-agreement rate where there is no statutory minimum: a gross amount "
        "per payment for the contracted weekly hours, paid `payments_per_year` times like the wage.",
    )
    working_time: WorkingTime
    duration_months: int = Field(ge=1, le=120)
    probation_months: int = Field(default=0, ge=0, le=12)
    accommodation: Accommodation | None = Field(
        default=None,
        description="Housing through the employer. Leaving it out means not stated, which FR-HOUS-1 asks for: "
        "send `provided_by_employer: false` when the employer provides none.",
    )
    contract_language: LanguageCode
    costs: list[Cost] = Field(default_factory=list, max_length=50)
    wage_deductions_for_recruitment: Money | None = Field(default=None, description="FR-FEE-3.")
    restricts_employer_change: bool = False
    exit_penalty: Money | None = None
    rights_information_provided: bool = True
    grievance_channel_provided: bool = True
    employer_keeps_documents: bool = False
    worker_keeps_documents: bool | None = Field(
        default=None,
        description="True when the worker keeps their own passport, identity documents and contract and nobody "
        "else holds them (FR-DOC-1); None when not stated, which holds the placement until it is.",
        examples=[True],
    )
    costs_complete: bool | None = Field(
        default=None,
        description="True when `costs` and `wage_deductions_for_recruitment` list every recruitment fee, related "
        "cost and deduction, so that nothing listed as paid by the worker means the worker pays nothing (FR-FEE-1); "
        "None when not stated, which holds the placement until it is.",
        examples=[True],
    )
    payments_per_year: int = Field(
        default=12,
        ge=12,
        le=15,
        description="How many times a year `monthly_gross_wage` is paid: 12, or 14 where two extra monthly "
        "payments are made (as in ES, PT, GR). The wage floor compares like with like (FR-WAGE-1).",
        examples=[12, 14],
    )
    exchange_rate: ExchangeRate | None = Field(
        default=None,
        description="Converts the wage into the currency of the destination's statutory minimum (or of the "
        "collective rate) when they differ; without it such a wage cannot be checked and the placement waits.",
    )


class JobOffered(EventData, JobTerms):
    """An employer or recruiter offered a job to a participant."""

    event_type = "mobility.job.offered.v1"
    topic = topics.OFFERS

    participant_id: ParticipantId
    start_on: date | None = None


class ContractSigned(EventData, JobTerms):
    """The participant signed a contract answering an offer."""

    event_type = "mobility.contract.signed.v1"
    topic = topics.OFFERS

    participant_id: ParticipantId
    contract_id: ShortText
    signed_on: date
    delivered_at: AwareDatetime = Field(description="When the worker received a copy (FR-CON-2).")
    departure_at: AwareDatetime | None = Field(
        default=None,
        description="Planned departure. While unknown the placement is pending (FR-CON-2): send the contract again "
        "with it once the travel is booked.",
    )
