"""A participant's monitoring case: one JSON document per participant, everything the rules need to remember."""

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from contracts.deployments import ContractEnded, ParticipantArrived
from contracts.integration import AlertCount
from contracts.monitoring import CheckInReported, GrievanceFiled, GrievanceResolved
from contracts.recruitment import PlacementCleared
from contracts.types import Cefr
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


class Received(Frozen):
    """A check-in applied to the case, with the day it came in."""

    received_on: date
    checkin: CheckInReported


class Grievance(Frozen):
    grievance_id: str
    category: str
    filed_on: date
    resolved_on: date | None = None
    escalated: bool = False


class IntegrationCase(Frozen):
    """Monitoring runs once both the cleared terms and the arrival are known; until then events wait in `held`."""

    participant_id: str | None = None
    placement: PlacementCleared | None = Field(default=None, description="The latest clearance, without findings.")
    arrival: ParticipantArrived | None = None
    held: list[Held] = Field(default_factory=list, description="Events that came before monitoring started.")
    checkins: list[Received] = Field(default_factory=list)
    grievances: list[Grievance] = Field(default_factory=list)
    ended: ContractEnded | None = None
    raised: list[str] = Field(default_factory=list, description="Once-keys of the alerts raised (catalogue.once_key).")
    tally: dict[str, AlertCount] = Field(default_factory=dict, description="Alerts raised by code, worst severity.")
    forced_labour: dict[str, list[str]] = Field(
        default_factory=dict, description="Forced-labour indicators of each channel's latest check-in."
    )
    missed_checkins: int = Field(default=0, description="Consecutive missed intervals already alerted.")
    unemployment_stage: int = Field(default=0, description="UNEMPLOYMENT_CLOCK stage alerted in the current spell.")
    milestones: list[str] = Field(default_factory=list)
    language_start: Cefr | None = None
    language_best: Cefr | None = None
    language_end: Cefr | None = None

    @property
    def started(self) -> bool:
        return self.placement is not None and self.arrival is not None

    def last_contact(self, arrival: ParticipantArrived) -> date:
        """The arrival or the latest check-in received, whichever is later."""
        return max([arrival.arrived_on, *(r.received_on for r in self.checkins)])

    @property
    def unemployed_since(self) -> date | None:
        return self.checkins[-1].checkin.unemployed_since if self.checkins else None

    def latest_by_period(self) -> dict[str, CheckInReported]:
        """Per pay period, the check-in received last: a later report is the current account of that period."""
        return {period_of(r.checkin): r.checkin for r in self.checkins}
