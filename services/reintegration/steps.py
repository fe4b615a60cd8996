"""How each event and each day changes a reintegration case: pure `(case, event, day, policy) -> (case, emitted)`.

A cycle's plan and eligibility are emitted when it becomes complete; a return still without its summary
`summary_wait_days` after it gets a provisional plan, revised when the summary comes; each follow-up month is scored
once; a return without any plan after its due date is reported overdue once."""

from datetime import date

from contracts.envelope import EventData
from contracts.integration import IntegrationSummarised
from contracts.returns import FollowUpReported, ParticipantReturned
from services.common.flow import Advanced
from services.reintegration.case import Cycle, ReintegrationCase
from services.reintegration.rules.deadlines import is_overdue, plan_overdue
from services.reintegration.rules.eligibility import eligibility
from services.reintegration.rules.plan import SUMMARY, plan, plan_without_summary_from
from services.reintegration.rules.policy import ReintegrationPolicy
from services.reintegration.rules.scores import assess


def on_summary(
    case: ReintegrationCase, event: IntegrationSummarised, day: date, policy: ReintegrationPolicy
) -> Advanced[ReintegrationCase]:
    """Record a stay's summary; plan and decide eligibility if its return is known. A stay already known is ignored."""
    if any(c.summary and c.summary.arrived_on == event.arrived_on for c in case.cycles):
        return case, []
    old = _cycle_for_summary(case, event)
    new = (old or Cycle()).model_copy(update={"summary": event})
    return _record(case, old, new, day, policy)


def on_returned(
    case: ReintegrationCase, event: ParticipantReturned, day: date, policy: ReintegrationPolicy
) -> Advanced[ReintegrationCase]:
    """Record a return; plan and decide eligibility if its stay's summary is known. A known return is ignored."""
    if any(c.returned and c.returned.returned_on == event.returned_on for c in case.cycles):
        return case, []
    old = _cycle_for_return(case, event)
    new = (old or Cycle()).model_copy(update={"returned": event})
    return _record(case, old, new, day, policy)


def on_followup(
    case: ReintegrationCase, event: FollowUpReported, day: date, policy: ReintegrationPolicy
) -> Advanced[ReintegrationCase]:
    """Score a follow-up, once per month after a return; a survey before any registered return is ignored. The
    latest month's scores are kept for a plan made without the summary."""
    cycle = _cycle_for_followup(case, event)
    if cycle is None or event.month in cycle.assessed_months:
        return case, []
    result = assess(event, policy)
    update: dict[str, object] = {"assessed_months": (*cycle.assessed_months, event.month)}
    if event.month > max(cycle.assessed_months, default=-1):
        update["latest_scores"] = result.scores
    return _replace(case, cycle, cycle.model_copy(update=update)), [result]


def on_day(case: ReintegrationCase, day: date, policy: ReintegrationPolicy) -> Advanced[ReintegrationCase]:
    """Plan each return that waited long enough for its summary from what is known; a return left without any plan
    past its due date is first reported overdue, once."""
    emitted: list[EventData] = []
    for cycle in case.cycles:
        returned = cycle.returned
        if not cycle.awaits_plan or returned is None or day < plan_without_summary_from(returned, policy):
            continue
        overdue = is_overdue(returned, day, policy) and not cycle.overdue_reported
        if overdue:
            emitted.append(plan_overdue(returned, [SUMMARY], day, policy))
        emitted.append(plan(None, returned, day, policy, scores=cycle.latest_scores))
        update = {"planned_on": day, "provisional": True, "overdue_reported": cycle.overdue_reported or overdue}
        case = _replace(case, cycle, cycle.model_copy(update=update))
    return case, emitted


def next_due(case: ReintegrationCase, policy: ReintegrationPolicy) -> date | None:
    """The first day a clock tick plans a return still waiting for its summary, or None."""
    days = [plan_without_summary_from(c.returned, policy) for c in case.cycles if c.awaits_plan and c.returned]
    return min(days, default=None)


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


def _cycle_for_followup(case: ReintegrationCase, followup: FollowUpReported) -> Cycle | None:
    """The cycle of the latest return on or before the survey."""
    fits = [c for c in case.cycles if c.returned and c.returned.returned_on <= followup.surveyed_on]
    return max(fits, key=lambda c: c.returned.returned_on if c.returned else date.min, default=None)


def _settle(
    case: ReintegrationCase, cycle: Cycle, day: date, policy: ReintegrationPolicy
) -> tuple[Cycle, list[EventData]]:
    """Plan and eligibility of a cycle that has just become complete (a cycle completes once, so each is once); a
    provisional plan made before is revised."""
    summary, returned = cycle.summary, cycle.returned
    if summary is None or returned is None:
        return cycle, []
    # The summary (dated at the contract's end) may be read after the return it belongs to: the cycle is complete
    # on the later of the two days, whichever came in first.
    day = max(day, returned.returned_on)
    emitted: list[EventData] = [
        plan(summary, returned, day, policy, scores=cycle.latest_scores, first_planned_on=cycle.planned_on),
        eligibility(summary, returned, case.stays(), day, policy),
    ]
    return cycle.model_copy(update={"planned_on": cycle.planned_on or day, "provisional": False}), emitted


def _record(
    case: ReintegrationCase, old: Cycle | None, new: Cycle, day: date, policy: ReintegrationPolicy
) -> Advanced[ReintegrationCase]:
    case = _replace(case, old, new)
    settled, emitted = _settle(case, new, day, policy)
    return _replace(case, new, settled), emitted
