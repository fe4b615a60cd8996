"""How placement decisions and contract ends move a started case from one monitoring period to the next.

A period starts at the arrival, whatever the decision; a new one when a decision on another contract comes after
the current contract ended, or when the current contract ends while a decision on another job (another employer or
another offer) waits. Each period's end is summarised."""

from datetime import date, timedelta

from contracts.deployments import ContractEnded
from services.common.flow import Advanced
from services.integration.case import Decision, IntegrationCase, Period
from services.integration.rules.milestones import contract_completed
from services.integration.rules.monitoring import emit_alerts, opened, recheck, record_milestones
from services.integration.rules.placement import merged, without_clearance
from services.integration.rules.policy import IntegrationPolicy
from services.integration.rules.summary import summarise

DAY = timedelta(days=1)


def _with_current(case: IntegrationCase, period: Period) -> IntegrationCase:
    return case.model_copy(update={"periods": [*case.periods[:-1], period]})


def _unless_cleared(case: IntegrationCase, on: date) -> Advanced[IntegrationCase]:
    period, arrival = opened(case)
    found = without_clearance(arrival.participant_id, period, on)
    return emit_alerts(case, [found] if found else [])


def start_period(
    case: IntegrationCase, decision: Decision | None, started_on: date, on: date
) -> Advanced[IntegrationCase]:
    """A new monitoring period: check-ins due again from its start, alerts counted afresh (forced-labour indicators
    keep their own window); critical when its placement is not cleared."""
    period = Period(index=len(case.periods), started_on=started_on, decision=decision)
    fresh = {"tally": {}, "missed_checkins": 0}
    return _unless_cleared(case.model_copy(update={"periods": [*case.periods, period], "upcoming": None} | fresh), on)


def decide(case: IntegrationCase, decision: Decision, on: date, policy: IntegrationPolicy) -> Advanced[IntegrationCase]:
    """Where a placement decision goes: before the arrival it waits; after a contract ended it starts the next
    period; on another job it waits for the current contract to end; otherwise it is the current contract's latest
    decision, and check-ins that waited for terms are checked."""
    if not case.started:
        return case.model_copy(update={"upcoming": merged(case.upcoming, decision)}), []
    period, _ = opened(case)
    if decision.contract_id is not None and decision.contract_id in case.closed_contracts:
        return case, []
    if period.ended is not None:
        if period.decision is not None and period.decision.same_contract(decision):
            return case, []
        return start_period(case, decision, max(on, period.ended.ended_on + DAY), on)
    if period.decision is not None and period.decision.other_job(decision):
        return case.model_copy(update={"upcoming": merged(case.upcoming, decision)}), []
    current = period.model_copy(update={"decision": merged(period.decision, decision)})
    case, out = _unless_cleared(_with_current(case, current), on)
    case, more = recheck(case, on, policy)
    return case, [*out, *more]


def end_contract(case: IntegrationCase, event: ContractEnded, on: date) -> Advanced[IntegrationCase]:
    """The current contract's end: the contract-completed milestone and the period's summary, each once; then the
    next employer's period when its decision is known."""
    period, arrival = opened(case)
    if period.ended is not None or (event.contract_id or "") in case.closed_contracts:
        return case, []
    period = period.model_copy(update={"ended": event})
    contract_id = event.contract_id or (period.decision.contract_id if period.decision else None)
    case = _with_current(case, period).model_copy(
        update={"closed_contracts": [*case.closed_contracts, *([contract_id] if contract_id else [])]}
    )
    reached = contract_completed(case, event)
    case, out = record_milestones(case, [reached] if reached else [])
    summary = summarise(case, period, arrival, event)
    out = [*out, *([summary] if summary else [])]
    if case.upcoming is None:
        return case, out
    case, more = start_period(case, case.upcoming, event.ended_on + DAY, on)
    return case, [*out, *more]
