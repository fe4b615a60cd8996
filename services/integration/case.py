"""A participant's monitoring case: one JSON document per participant, everything the rules need to remember.

Monitoring starts at the arrival, whatever the placement decision, and runs one period per contract. Events that
come before the arrival wait in `held`."""

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from contracts.deployments import ContractEnded, ParticipantArrived
from contracts.integration import AlertCount
from contracts.monitoring import CheckInReported, GrievanceFiled, GrievanceResolved
from contracts.offers import JobTerms
from contracts.types import Cefr, PartnerCountry
from services.integration.rules.catalogue import period_of


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


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


class Decision(Frozen):
    """Recruitment's latest placement decision on one contract, with the latest terms known for it."""

    status: Status
    decided_on: date
    offer_id: str | None = None
    contract_id: str | None = None
    employer_id: str | None = None
    terms: JobTerms | None = Field(default=None, description="Cleared terms, or the blocked decision's terms.")
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
    def terms(self) -> JobTerms | None:
        return self.decision.terms if self.decision else None


class Received(Frozen):
    """A check-in applied to the case, with the day it came in and the monitoring period it was applied in."""

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
    checkins: list[Received] = Field(default_factory=list)
    unchecked: list[str] = Field(
        default_factory=list, description="Check-ins applied while no terms were known: checked when terms come."
    )
    grievances: list[Grievance] = Field(default_factory=list)
    raised: list[str] = Field(default_factory=list, description="Once-keys of the alerts raised (catalogue.once_key).")
    tally: dict[str, AlertCount] = Field(
        default_factory=dict, description="Alerts raised in the current period by code, worst severity."
    )
    forced_labour: dict[str, list[str]] = Field(
        default_factory=dict,
        description="The forced-labour alerts each check-in of the current period raised, by check-in id (FL_MULTI).",
    )
    missed_checkins: int = Field(default=0, description="Consecutive missed intervals already alerted.")
    unemployment_stage: int = Field(default=0, description="UNEMPLOYMENT_CLOCK stage alerted in the current spell.")
    milestones: list[str] = Field(default_factory=list)
    language_start: Cefr | None = None
    language_best: Cefr | None = None
    language_end: Cefr | None = None

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
    def terms(self) -> JobTerms | None:
        return self.current.terms if self.current else None

    def last_contact(self, period: Period) -> date:
        """The period's start or the latest check-in received since, whichever is later."""
        return max([period.started_on, *(r.received_on for r in self.checkins)])

    def period_reported(self, checkin: CheckInReported) -> Period:
        """The monitoring period a check-in's pay period ends in: a late report about an earlier contract belongs
        to that contract's period."""
        return next((p for p in reversed(self.periods) if p.started_on <= checkin.period_end), self.periods[0])

    def in_period(self, index: int) -> list[Received]:
        return [r for r in self.checkins if r.period == index]

    @property
    def unemployed_since(self) -> date | None:
        return self.checkins[-1].checkin.unemployed_since if self.checkins else None

    def latest_by_period(self, index: int | None = None) -> dict[str, CheckInReported]:
        """Per pay period, the check-in received last (in one monitoring period, or all): a later report is the
        current account of that pay period."""
        received = self.checkins if index is None else self.in_period(index)
        return {period_of(r.checkin): r.checkin for r in received}
