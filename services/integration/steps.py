"""How each event and each day changes a monitoring case: pure `(case, event, day, policy) -> (case, emitted)`.

Monitoring starts at the arrival, whatever recruitment decided: a placement blocked, pending or unknown then is a
critical alert, and the checks that need contract terms use the latest terms known or say they were skipped.
Check-ins, grievances and a contract end that come before the arrival are held, and applied in the order they came
when it comes. Time-based rules run only in `on_day`, on the day of a clock tick; `next_due` says when the next
tick matters."""

from datetime import date, timedelta

from contracts.deployments import ContractEnded, ParticipantArrived
from contracts.monitoring import CheckInReported, GrievanceFiled, GrievanceResolved
from contracts.participants import ParticipantRegistered
from contracts.recruitment import PlacementBlocked, PlacementCleared, PlacementPending
from services.common.context import Emitted
from services.common.dates import add_months
from services.common.flow import Advanced
from services.integration.case import Held, HeldCheckIn, HeldEnded, HeldFiled, HeldResolved, IntegrationCase, Report
from services.integration.rules.catalogue import once_key
from services.integration.rules.lifecycle import decide, end_contract, start_period
from services.integration.rules.milestones import SIX_MONTHS, period_key, six_months_employed
from services.integration.rules.monitoring import (
    apply_checkin,
    apply_filed,
    apply_resolved,
    emit_alerts,
    opened,
    record_milestones,
)
from services.integration.rules.placement import cleared, not_cleared
from services.integration.rules.policy import IntegrationPolicy
from services.integration.rules.timers import (
    checkin_missed,
    checkin_misses,
    grievance_due_on,
    grievance_escalation,
    next_miss_on,
    unemployment_clock,
    unemployment_stage,
    unemployment_thresholds,
    wage_due_by,
    wage_overdue,
)

DAY = timedelta(days=1)


def on_registered(
    case: IntegrationCase, event: ParticipantRegistered, on: date, policy: IntegrationPolicy
) -> Advanced[IntegrationCase]:
    """The partner country, for the summary of a period whose placement was never cleared."""
    update = {"participant_id": event.participant_id, "partner_country": event.partner_country}
    return case.model_copy(update=update), []


def on_placement_cleared(
    case: IntegrationCase, event: PlacementCleared, on: date, policy: IntegrationPolicy
) -> Advanced[IntegrationCase]:
    """A clearance: its terms are monitored from now on for its contract (its findings are not kept)."""
    update = {"participant_id": event.participant_id, "partner_country": event.partner_country}
    return decide(case.model_copy(update=update), cleared(event, on), on, policy)


def on_placement_held(
    case: IntegrationCase, event: PlacementBlocked | PlacementPending, on: date, policy: IntegrationPolicy
) -> Advanced[IntegrationCase]:
    """A placement blocked or pending: the worker is monitored all the same, on the terms assessed if known."""
    case = case.model_copy(update={"participant_id": event.participant_id})
    return decide(case, not_cleared(event, on), on, policy)


def on_arrival(
    case: IntegrationCase, event: ParticipantArrived, on: date, policy: IntegrationPolicy
) -> Advanced[IntegrationCase]:
    """Monitoring starts; a repeated arrival report corrects the arrival (and the first period's start)."""
    case = case.model_copy(update={"participant_id": event.participant_id, "arrival": event})
    if case.periods:
        first = [p.model_copy(update={"started_on": event.arrived_on}) for p in case.periods if p.index == 0]
        return case.model_copy(update={"periods": first + case.periods[1:]}), []
    case, emitted = start_period(case, case.upcoming, event.arrived_on, on)
    held, case = case.held, case.model_copy(update={"held": []})
    for item in held:
        case, out = _apply_held(case, item, on, policy)
        emitted = [*emitted, *out]
    return case, emitted


def on_checkin(
    case: IntegrationCase, event: CheckInReported, on: date, policy: IntegrationPolicy
) -> Advanced[IntegrationCase]:
    if not case.started:
        return _hold(case, HeldCheckIn(received_on=on, event=event))
    return apply_checkin(case, event, on, on, policy)


def on_grievance_filed(
    case: IntegrationCase, event: GrievanceFiled, on: date, policy: IntegrationPolicy
) -> Advanced[IntegrationCase]:
    if not case.started:
        return _hold(case, HeldFiled(received_on=on, event=event))
    return apply_filed(case, event, on, policy)


def on_grievance_resolved(
    case: IntegrationCase, event: GrievanceResolved, on: date, policy: IntegrationPolicy
) -> Advanced[IntegrationCase]:
    if not case.started:
        return _hold(case, HeldResolved(received_on=on, event=event))
    return apply_resolved(case, event)


def on_contract_ended(
    case: IntegrationCase, event: ContractEnded, on: date, policy: IntegrationPolicy
) -> Advanced[IntegrationCase]:
    if not case.started:
        return _hold(case, HeldEnded(received_on=on, event=event))
    return end_contract(case, event, on)


def on_day(case: IntegrationCase, day: date, policy: IntegrationPolicy) -> Advanced[IntegrationCase]:
    """Every time-based rule on the day of a clock tick; a case not started has none."""
    if not case.started:
        return case, []
    emitted: list[Emitted] = []
    for step in (_wages_overdue, _checkins_missed, _unemployment, _grievances_escalated, _six_months):
        case, out = step(case, day, policy)
        emitted += out
    return case, emitted


def next_due(case: IntegrationCase, policy: IntegrationPolicy) -> date | None:
    """The first day on which `on_day` may emit something: store it with the case so only due cases get ticks."""
    if not case.started:
        return None
    period, arrival = opened(case)
    unpaid = any(r.paid_on is None for r in case.reports)  # else no pay period's latest report is unpaid
    due = [
        wage_due_by(r, policy) + DAY
        for r in (case.latest_by_period().values() if unpaid else ())
        if r.paid_on is None and _may_be_late(case, r, arrival.participant_id, policy)
    ]
    due += [grievance_due_on(g, policy) + DAY for g in case.grievances if not (g.resolved_on or g.escalated)]
    if period.ended is None:
        due.append(next_miss_on(case.last_contact(period), case.missed_checkins, policy))
        due += [] if period_key(SIX_MONTHS, period) in case.milestones else [add_months(period.started_on, 6)]
    if case.unemployed_since and case.unemployment_stage < 3:
        due.append(sorted(unemployment_thresholds(case, case.unemployed_since, policy))[case.unemployment_stage])
    return min(due, default=None)


def _may_be_late(case: IntegrationCase, report: Report, participant_id: str, policy: IntegrationPolicy) -> bool:
    overdue = wage_overdue(report, participant_id, wage_due_by(report, policy) + DAY, policy)
    return overdue is not None and once_key(overdue) not in case.raised


def _hold(case: IntegrationCase, item: Held) -> Advanced[IntegrationCase]:
    return case.model_copy(update={"participant_id": item.event.participant_id, "held": [*case.held, item]}), []


def _apply_held(case: IntegrationCase, item: Held, on: date, policy: IntegrationPolicy) -> Advanced[IntegrationCase]:
    if isinstance(item, HeldCheckIn):
        return apply_checkin(case, item.event, item.received_on, on, policy)
    if isinstance(item, HeldFiled):
        return apply_filed(case, item.event, on, policy)
    if isinstance(item, HeldResolved):
        return apply_resolved(case, item.event)
    return end_contract(case, item.event, on)


def _wages_overdue(case: IntegrationCase, day: date, policy: IntegrationPolicy) -> Advanced[IntegrationCase]:
    participant_id = opened(case)[1].participant_id
    overdue = [wage_overdue(r, participant_id, day, policy) for r in case.latest_by_period().values()]
    return emit_alerts(case, [a for a in overdue if a is not None])


def _checkins_missed(case: IntegrationCase, day: date, policy: IntegrationPolicy) -> Advanced[IntegrationCase]:
    period, arrival = opened(case)
    last = case.last_contact(period)
    misses = checkin_misses(last, day, policy)
    if period.ended is not None or misses <= case.missed_checkins:
        return case, []
    case = case.model_copy(update={"missed_checkins": misses})
    return emit_alerts(case, [checkin_missed(arrival.participant_id, last, misses, day)])


def _unemployment(case: IntegrationCase, day: date, policy: IntegrationPolicy) -> Advanced[IntegrationCase]:
    since = case.unemployed_since
    if since is None:
        return case, []
    thresholds = unemployment_thresholds(case, since, policy)
    stage = unemployment_stage(thresholds, day)
    if stage <= case.unemployment_stage:
        return case, []
    case = case.model_copy(update={"unemployment_stage": stage})
    return emit_alerts(case, [unemployment_clock(opened(case)[1].participant_id, since, thresholds, day)])


def _grievances_escalated(case: IntegrationCase, day: date, policy: IntegrationPolicy) -> Advanced[IntegrationCase]:
    if not case.grievances:
        return case, []
    participant = opened(case)[1].participant_id
    escalations = [grievance_escalation(g, participant, day, policy) for g in case.grievances]
    grievances = [
        g.model_copy(update={"escalated": True}) if e else g for g, e in zip(case.grievances, escalations, strict=True)
    ]
    return case.model_copy(update={"grievances": grievances}), [e for e in escalations if e is not None]


def _six_months(case: IntegrationCase, day: date, policy: IntegrationPolicy) -> Advanced[IntegrationCase]:
    reached = six_months_employed(case, day)
    return record_milestones(case, [reached] if reached else [])
