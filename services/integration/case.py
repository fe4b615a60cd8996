"""A participant's monitoring case: one JSON document per participant, everything the rules need to remember.

Monitoring starts at the arrival, whatever the placement decision, and runs one period per contract. Events that
come before the arrival wait in `held`. Of each check-in applied the case keeps only what later rules read again
(`Report`); a check-in is kept whole only while it waits for terms to be checked against (`waiting`). The case is
read and written whole on every batch that touches it, so what it carries is what each of those batches pays for."""

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal, NamedTuple, Self

from pydantic import AliasChoices, AliasPath, BaseModel, ConfigDict, Field, model_validator

from contracts.deployments import ContractEnded, ParticipantArrived
from contracts.integration import AlertCount
from contracts.monitoring import CheckInReported, GrievanceFiled, GrievanceResolved
from contracts.offers import JobTerms
from contracts.types import Cefr, Hours, IscoCode, MemberState, Money, PartnerCountry, Sector, ShortText


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """pydantic's shallow copy with `update`, without its three `copy.copy` calls (a step copies the case
        several times per event): a model with no extra fields and no private attributes is its fields."""
        if deep or not update:
            return super().model_copy(update=update, deep=deep)
        copied = self.__class__.__new__(self.__class__)
        object.__setattr__(copied, "__dict__", {**self.__dict__, **update})
        object.__setattr__(copied, "__pydantic_extra__", None)
        object.__setattr__(copied, "__pydantic_fields_set__", self.__pydantic_fields_set__ | update.keys())
        object.__setattr__(copied, "__pydantic_private__", None)
        return copied


class HeldCheckIn(Frozen):
    kind: Literal["checkin"] = "checkin"
    received_on: date
    event: CheckInReported


class HeldFiled(Frozen):
    kind: Literal["grievance_filed"] = "grievance_filed"
    received_on: date
    event: GrievanceFiled


class HeldResolved(Frozen):
    kind: Literal["grievance_resolved"] = "grievance_resolved"
    received_on: date
    event: GrievanceResolved


class HeldEnded(Frozen):
    kind: Literal["contract_ended"] = "contract_ended"
    received_on: date
    event: ContractEnded


Held = Annotated[HeldCheckIn | HeldFiled | HeldResolved | HeldEnded, Field(discriminator="kind")]
Status = Literal["cleared", "blocked", "pending"]


def _stored(name: str, *path: str) -> AliasChoices:
    """A field read by its name, or where a case stored before `Terms` (whole contract terms) has it."""
    return AliasChoices(name, AliasPath(*path))


class Terms(Frozen):
    """Of a decision's contract terms, what the rules read again: a case carries the terms of every period and reads
    and writes them on every batch, and the whole terms were more than half of a case. Flat, so that a case stored
    with the whole terms (before 2026-11-30) reads into this shape as it is (`_stored`)."""

    destination: MemberState
    sector: Sector
    occupation: IscoCode
    employer_id: ShortText = Field(validation_alias=_stored("employer_id", "employer", "employer_id"))
    monthly_gross_wage: Money
    collective_agreement_wage: Money | None = None
    payments_per_year: int = 12
    weekly_hours: Hours = Field(validation_alias=_stored("weekly_hours", "working_time", "weekly_hours"))
    opt_out_48h: bool = Field(default=False, validation_alias=_stored("opt_out_48h", "working_time", "opt_out_48h"))
    employer_housing: bool = Field(
        default=False, validation_alias=_stored("employer_housing", "accommodation", "provided_by_employer")
    )
    monthly_rent: Money | None = Field(
        default=None, validation_alias=_stored("monthly_rent", "accommodation", "monthly_rent")
    )

    @classmethod
    def of(cls, terms: JobTerms) -> "Terms":
        housing = terms.accommodation
        return cls(
            destination=terms.destination,
            sector=terms.sector,
            occupation=terms.occupation,
            employer_id=terms.employer.employer_id,
            monthly_gross_wage=terms.monthly_gross_wage,
            collective_agreement_wage=terms.collective_agreement_wage,
            payments_per_year=terms.payments_per_year,
            weekly_hours=terms.working_time.weekly_hours,
            opt_out_48h=terms.working_time.opt_out_48h,
            employer_housing=housing is not None and housing.provided_by_employer,
            monthly_rent=housing.monthly_rent if housing else None,
        )


class Decision(Frozen):
    """Recruitment's latest placement decision on one contract, with the latest terms known for it."""

    status: Status
    decided_on: date
    offer_id: str | None = None
    contract_id: str | None = None
    employer_id: str | None = None
    terms: Terms | None = Field(default=None, description="Cleared terms, or the blocked decision's terms.")
    blocking_rules: list[str] = Field(default_factory=list, description="Rule ids that block the placement.")

    @property
    def cleared(self) -> bool:
        return self.status == "cleared"

    def same_contract(self, other: "Decision") -> bool:
        return (self.offer_id, self.contract_id) == (other.offer_id, other.contract_id)

    def other_job(self, other: "Decision") -> bool:
        """The decisions are on different jobs: both name their employer, or their offer, and not the same one."""
        employers, offers = (self.employer_id, other.employer_id), (self.offer_id, other.offer_id)
        return any(None not in pair and pair[0] != pair[1] for pair in (employers, offers))


class Period(Frozen):
    """One monitoring period: from the arrival, or the start of a later contract, to that contract's end."""

    index: int = Field(default=0, ge=0)
    started_on: date
    decision: Decision | None = Field(default=None, description="None: no placement decision known at all.")
    ended: ContractEnded | None = None

    @property
    def terms(self) -> Terms | None:
        return self.decision.terms if self.decision else None


class Report(NamedTuple):
    """What later events read again of a check-in applied to the case: the day it came in (last contact), the
    monitoring period it was applied in, its pay period, the hours (the reference period of later check-ins), the
    gross pay (unpaid wages, the summary's wages) and the occupation (the summary). A tuple, stored as a JSON array:
    a case holds one per check-in and reads them all on every batch, and a model per check-in cost several times
    more to read."""

    checkin_id: str
    received_on: date
    period: int
    period_start: date
    period_end: date
    hours_worked: Decimal
    paid_on: date | None
    paid_amount: Decimal
    paid_currency: str
    occupation: str | None

    @classmethod
    def of(cls, checkin: CheckInReported, received_on: date, period: int) -> "Report":
        c = checkin
        paid = c.gross_paid
        return cls(c.checkin_id, received_on, period, c.period_start, c.period_end, c.hours_worked, c.paid_on,
                   paid.amount, paid.currency, c.occupation)  # fmt: skip


class Received(Frozen):
    """A whole check-in as cases stored them before `Report` (read only, to bring such a case up to date)."""

    received_on: date
    checkin: CheckInReported
    period: int = 0


class Grievance(Frozen):
    grievance_id: str
    category: str
    filed_on: date
    resolved_on: date | None = None
    escalated: bool = False
    period: int = 0


class IntegrationCase(Frozen):
    """Monitoring starts at the arrival; until then events wait in `held` and decisions in `upcoming`."""

    participant_id: str | None = None
    partner_country: PartnerCountry | None = Field(default=None, description="From the registration or a clearance.")
    arrival: ParticipantArrived | None = None
    upcoming: Decision | None = Field(
        default=None,
        description="A decision not yet monitored: before the arrival, or on the next employer's contract.",
    )
    periods: list[Period] = Field(default_factory=list, description="Monitoring periods, the current one last.")
    closed_contracts: list[str] = Field(default_factory=list, description="Contracts already summarised.")
    held: list[Held] = Field(default_factory=list, description="Events that came before the arrival.")
    reports: list[Report] = Field(
        default_factory=list, description="Each check-in applied, in the order applied (a correction replaces it)."
    )
    waiting: list[CheckInReported] = Field(
        default_factory=list, description="Check-ins applied while no terms were known, whole: checked when terms come."
    )
    unemployed_since: date | None = Field(default=None, description="As the check-in applied last reports it.")
    grievances: list[Grievance] = Field(default_factory=list)
    raised: list[str] = Field(default_factory=list, description="Once-keys of the alerts raised (catalogue.once_key).")
    tally: dict[str, AlertCount] = Field(
        default_factory=dict, description="Alerts raised in the current period by code, worst severity."
    )
    forced_labour: dict[str, list[str]] = Field(
        default_factory=dict,
        description="The forced-labour alerts each check-in raised, by check-in id (FL_MULTI); none: no entry.",
    )
    missed_checkins: int = Field(default=0, description="Consecutive missed intervals already alerted.")
    unemployment_stage: int = Field(default=0, description="UNEMPLOYMENT_CLOCK stage alerted in the current spell.")
    milestones: list[str] = Field(default_factory=list)
    language_start: Cefr | None = None
    language_best: Cefr | None = None
    language_end: Cefr | None = None
    checkins: list[Received] = Field(default_factory=list, exclude=True, description="Stored before `reports`.")
    unchecked: list[str] = Field(default_factory=list, exclude=True, description="Stored before `waiting`.")

    @model_validator(mode="after")
    def _up_to_date(self) -> Self:
        """A case stored with whole check-ins (before `reports`, 2026-11-29) is read into today's shape; it is
        written back in that shape the next time it changes. The fields are set in place: the case is being made."""
        if self.checkins:
            whole = {r.checkin.checkin_id: r.checkin for r in self.checkins}
            shape = {
                "reports": [Report.of(r.checkin, r.received_on, r.period) for r in self.checkins],
                "waiting": [whole[i] for i in self.unchecked if i in whole],
                "unemployed_since": self.checkins[-1].checkin.unemployed_since,
                "forced_labour": {i: codes for i, codes in self.forced_labour.items() if codes},
                "checkins": [],
                "unchecked": [],
            }
            for name, value in shape.items():
                object.__setattr__(self, name, value)
        return self

    @property
    def started(self) -> bool:
        return self.arrival is not None and bool(self.periods)

    @property
    def current(self) -> Period | None:
        return self.periods[-1] if self.periods else None

    @property
    def ended(self) -> ContractEnded | None:
        """The end of the current period's contract, if it came."""
        return self.current.ended if self.current else None

    @property
    def terms(self) -> Terms | None:
        return self.current.terms if self.current else None

    def last_contact(self, period: Period) -> date:
        """The period's start or the latest check-in received since, whichever is later."""
        return max([period.started_on, *(r.received_on for r in self.reports)])

    def period_reported(self, checkin: CheckInReported) -> Period:
        """The monitoring period a check-in's pay period ends in: a late report about an earlier contract belongs
        to that contract's period."""
        return next((p for p in reversed(self.periods) if p.started_on <= checkin.period_end), self.periods[0])

    def in_period(self, index: int) -> list[Report]:
        return [r for r in self.reports if r.period == index]

    def latest_by_period(self, index: int | None = None) -> dict[tuple[date, date], Report]:
        """Per pay period, the check-in received last (in one monitoring period, or all): a later report is the
        current account of that pay period."""
        received = self.reports if index is None else self.in_period(index)
        return {(r.period_start, r.period_end): r for r in received}
