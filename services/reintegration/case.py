"""A participant's reintegration case (stays abroad, returns, outputs emitted), updated by pure functions."""

from datetime import date

from pydantic import BaseModel, ConfigDict

from contracts.envelope import EventData
from contracts.integration import IntegrationSummarised
from contracts.returns import FollowUpReported, ParticipantReturned
from contracts.types import ParticipantId
from services.reintegration.circularity import Stay, eligibility
from services.reintegration.deadlines import is_overdue, overdue_from, plan_overdue
from services.reintegration.plan import plan
from services.reintegration.policy import ReintegrationPolicy
from services.reintegration.scores import assess

Emitted = list[EventData]


class Cycle(BaseModel):
    """One stay abroad and the return from it, and which of its outputs were emitted."""

    model_config = ConfigDict(frozen=True)

    summary: IntegrationSummarised | None = None
    returned: ParticipantReturned | None = None
    planned_on: date | None = None
    overdue_reported: bool = False
    assessed_months: tuple[int, ...] = ()

    @property
    def stay(self) -> Stay:
        return Stay(
            departed_on=self.summary.arrived_on if self.summary else None,
            returned_on=self.returned.returned_on if self.returned else None,
        )

    @property
    def awaits_plan(self) -> bool:
        return self.returned is not None and self.planned_on is None and not self.overdue_reported


class ReintegrationCase(BaseModel):
    """One row per participant: the cycles (stay abroad + return) in the order they were opened.

    A summary and a return may arrive in either order; they are paired by date (the return on or after the
    contract's end). A cycle's plan and eligibility are made when it becomes complete, which happens once. The plan
    waits for the summary because its pathways rest on it (sector, occupation, critical alerts); a plan still
    waiting the day after its due date is reported overdue, once, and made late when the summary comes.
    """

    model_config = ConfigDict(frozen=True)

    participant_id: ParticipantId
    cycles: tuple[Cycle, ...] = ()

    def stays(self) -> list[Stay]:
        return [c.stay for c in self.cycles]


def _replace(case: ReintegrationCase, old: Cycle | None, new: Cycle) -> ReintegrationCase:
    cycles = [new if c is old else c for c in case.cycles] if old else [*case.cycles, new]
    return case.model_copy(update={"cycles": tuple(cycles)})


def _cycle_for_summary(case: ReintegrationCase, summary: IntegrationSummarised) -> Cycle | None:
    """The cycle whose return is the first on or after this contract's end and has no summary yet."""
    fits = [c for c in case.cycles if c.summary is None and c.returned and c.returned.returned_on >= summary.ended_on]
    return min(fits, key=lambda c: c.returned.returned_on if c.returned else date.max, default=None)


def _cycle_for_return(case: ReintegrationCase, returned: ParticipantReturned) -> Cycle | None:
    """The cycle whose contract ended last on or before this return and has no return yet."""
    fits = [c for c in case.cycles if c.returned is None and c.summary and c.summary.ended_on <= returned.returned_on]
    return max(fits, key=lambda c: c.summary.ended_on if c.summary else date.min, default=None)


def _settle(case: ReintegrationCase, cycle: Cycle, today: date, policy: ReintegrationPolicy) -> tuple[Cycle, Emitted]:
    """Plan and eligibility of a cycle that has just become complete (a cycle completes once, so each is once)."""
    summary, returned = cycle.summary, cycle.returned
    if summary is None or returned is None:
        return cycle, []
    # The summary (dated at the contract's end) may be read after the return it belongs to: the cycle is complete
    # on the later of the two days, whichever came in first.
    today = max(today, returned.returned_on)
    emitted: Emitted = [
        plan(summary, returned, today, policy),
        eligibility(summary, returned, case.stays(), today, policy),
    ]
    return cycle.model_copy(update={"planned_on": today}), emitted


def _record(
    case: ReintegrationCase, old: Cycle | None, new: Cycle, today: date, policy: ReintegrationPolicy
) -> tuple[ReintegrationCase, Emitted]:
    case = _replace(case, old, new)
    settled, emitted = _settle(case, new, today, policy)
    return _replace(case, new, settled), emitted


def on_summary(
    case: ReintegrationCase, summary: IntegrationSummarised, today: date, policy: ReintegrationPolicy
) -> tuple[ReintegrationCase, Emitted]:
    """Record a stay's summary; plan and decide eligibility if its return is known. A stay already known is ignored."""
    if any(c.summary and c.summary.arrived_on == summary.arrived_on for c in case.cycles):
        return case, []
    old = _cycle_for_summary(case, summary)
    new = (old or Cycle()).model_copy(update={"summary": summary})
    return _record(case, old, new, today, policy)


def on_return(
    case: ReintegrationCase, returned: ParticipantReturned, today: date, policy: ReintegrationPolicy
) -> tuple[ReintegrationCase, Emitted]:
    """Record a return; plan and decide eligibility if its stay's summary is known. A known return is ignored."""
    if any(c.returned and c.returned.returned_on == returned.returned_on for c in case.cycles):
        return case, []
    old = _cycle_for_return(case, returned)
    new = (old or Cycle()).model_copy(update={"returned": returned})
    return _record(case, old, new, today, policy)


def _cycle_for_followup(case: ReintegrationCase, followup: FollowUpReported) -> Cycle | None:
    """The cycle of the latest return on or before the survey."""
    fits = [c for c in case.cycles if c.returned and c.returned.returned_on <= followup.surveyed_on]
    return max(fits, key=lambda c: c.returned.returned_on if c.returned else date.min, default=None)


def on_followup(
    case: ReintegrationCase, followup: FollowUpReported, policy: ReintegrationPolicy
) -> tuple[ReintegrationCase, Emitted]:
    """Score a follow-up, once per month after a return; a survey before any registered return is ignored."""
    cycle = _cycle_for_followup(case, followup)
    if cycle is None or followup.month in cycle.assessed_months:
        return case, []
    assessed = cycle.model_copy(update={"assessed_months": (*cycle.assessed_months, followup.month)})
    return _replace(case, cycle, assessed), [assess(followup, policy)]


def on_day(case: ReintegrationCase, day: date, policy: ReintegrationPolicy) -> tuple[ReintegrationCase, Emitted]:
    """Report each plan still waiting after its due date, once."""
    emitted: Emitted = []
    for cycle in case.cycles:
        if cycle.awaits_plan and cycle.returned and is_overdue(cycle.returned, day, policy):
            emitted.append(plan_overdue(cycle.returned, ["integration_summary"], policy))
            case = _replace(case, cycle, cycle.model_copy(update={"overdue_reported": True}))
    return case, emitted


def next_check_on(case: ReintegrationCase, policy: ReintegrationPolicy) -> date | None:
    """The day a clock tick must next look at this case (the CaseRow's `due_on`), or None."""
    days = [overdue_from(c.returned, policy) for c in case.cycles if c.awaits_plan and c.returned]
    return min(days, default=None)
