"""What insights keeps per participant: the facts its indicators count, never a decision of its own.

The participant's dimensions (partnership, destination, sector, programme, funding) and the dated facts of each
stage. Figures are aggregated from these cases on request (indicators/figures.py), so a fact that arrives late (the
sector comes with the offer, after the registration) lands in the right cell, and an erased participant leaves every
figure."""

from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from contracts.types import ParticipantId


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class Assessment(Frozen):
    """One offer or contract as recruitment last assessed it."""

    stage: str  # offer | contract
    assessed_on: date
    fair: bool  # no blocking rule violated
    violations: tuple[str, ...] = ()  # rule ids violated (any severity but pending)


class Placement(Frozen):
    """The latest placement decision."""

    outcome: str  # cleared | pending | blocked
    decided_on: date
    reasons: tuple[str, ...] = ()  # rule ids of the violated reasons (blocked, pending)


class RecruitmentCost(Frozen):
    """The latest signed contract's costs borne by the worker and the monthly earnings it promises."""

    contract_id: str
    signed_on: date
    worker_costs: Decimal  # costs paid by the worker + wage deductions for recruitment, in the wage's currency
    monthly_earnings: Decimal  # gross wage x payments a year / 12
    comparable: bool  # every worker cost is in the wage's currency


class Stay(Frozen):
    """A monitoring period that ended, as integration summarised it."""

    arrived_on: date
    ended_on: date
    months_worked: Decimal
    completed: bool
    alerts: dict[str, int] = {}


class Grievance(Frozen):
    filed_on: date
    resolved_on: date | None = None


class Followup(Frozen):
    """The scores of the latest follow-up month."""

    month: int
    surveyed_on: date
    scores: dict[str, Decimal]
    composite: Decimal


class InsightsCase(Frozen):
    participant_id: ParticipantId
    partner_country: str | None = None
    destination: str | None = None
    sector: str | None = None
    programme: str | None = None
    funding_source: str | None = None

    registered_on: date | None = None
    placed_on: date | None = None  # first placement cleared
    arrived_on: date | None = None  # first arrival
    completed_on: date | None = None  # end of the first contract completed
    returned_on: date | None = None  # first return

    submitted_on: date | None = None  # first qualification submitted
    recognition_outcome: str | None = None  # latest decision
    recognition_outcome_on: date | None = None
    recognised_on: date | None = None  # first decision other than pending_documents

    assessments: dict[str, Assessment] = {}  # by "offer:<id>" or "contract:<id>"
    placement: Placement | None = None
    cost: RecruitmentCost | None = None

    forced_labour_multi_on: date | None = None  # the first FL_MULTI alert
    stays: dict[str, Stay] = {}  # by arrival day and contract
    grievances: dict[str, Grievance] = {}

    plans: dict[str, date | None] = {}  # due day -> day the first plan for that return was made (None: overdue)
    followup: Followup | None = None
    eligible: bool | None = None
    eligibility_on: date | None = None
