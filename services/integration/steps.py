"""How each event and each day changes a monitoring case: pure `(case, event, day, policy) -> (case, emitted)`.

Monitoring starts once the cleared placement and the arrival are both known, in either order. Check-ins,
grievances and a contract end that come earlier are held, and applied in the order they came when it starts.
Time-based rules run only in `on_day`, on the day of a clock tick; `next_due` says when the next tick matters."""

from datetime import date, timedelta

from contracts.deployments import ContractEnded, ParticipantArrived
from contracts.monitoring import CheckInReported, GrievanceFiled, GrievanceResolved
from contracts.recruitment import PlacementCleared
from services.common.context import Emitted
from services.common.dates import add_months
from services.common.flow import Advanced
from services.integration.case import Held, HeldCheckIn, HeldEnded, HeldFiled, HeldResolved, IntegrationCase
from services.integration.rules.catalogue import once_key
from services.integration.rules.milestones import SIX_MONTHS, six_months_employed
from services.integration.rules.monitoring import (
    apply_checkin,
    apply_ended,
    apply_filed,
    apply_resolved,
    emit_alerts,
    opened,
    record_milestones,
)
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

Step = Advanced[IntegrationCase]
DAY = timedelta(days=1)


def on_placement_cleared(case: IntegrationCase, event: PlacementCleared, on: date, policy: IntegrationPolicy) -> Step:
    """A later clearance (a new contract) replaces the terms monitored; its findings are not kept."""
    placement = event.model_copy(update={"findings": []})
    return _start(case.model_copy(update={"participant_id": event.participant_id, "placement": placement}), on, policy)


def on_arrival(case: IntegrationCase, event: ParticipantArrived, on: date, policy: IntegrationPolicy) -> Step:
    return _start(case.model_copy(update={"participant_id": event.participant_id, "arrival": event}), on, policy)


def on_checkin(case: IntegrationCase, event: CheckInReported, on: date, policy: IntegrationPolicy) -> Step:
    if not case.started:
        return _hold(case, HeldCheckIn(received_on=on, event=event))
    return apply_checkin(case, event, on, on, policy)


def on_grievance_filed(case: IntegrationCase, event: GrievanceFiled, on: date, policy: IntegrationPolicy) -> Step:
    if not case.started:
        return _hold(case, HeldFiled(received_on=on, event=event))
    return apply_filed(case, event, on, policy)


def on_grievance_resolved(case: IntegrationCase, event: GrievanceResolved, on: date, policy: IntegrationPolicy) -> Step:
    if not case.started:
        return _hold(case, HeldResolved(received_on=on, event=event))
    return apply_resolved(case, event)


def on_contract_ended(case: IntegrationCase, event: ContractEnded, on: date, policy: IntegrationPolicy) -> Step:
    if not case.started:
        return _hold(case, HeldEnded(received_on=on, event=event))
    return apply_ended(case, event)


def on_day(case: IntegrationCase, day: date, policy: IntegrationPolicy) -> Step:
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
    _, arrival = opened(case)
    due = [wage_due_by(c, policy) + DAY for c in case.latest_by_period().values() if _may_be_late(case, c, policy)]
    due += [grievance_due_on(g, policy) + DAY for g in case.grievances if not (g.resolved_on or g.escalated)]
    if case.ended is None:
        due.append(next_miss_on(case.last_contact(arrival), case.missed_checkins, policy))
        due += [] if SIX_MONTHS in case.milestones else [add_months(arrival.arrived_on, 6)]
    if case.unemployed_since and case.unemployment_stage < 3:
        due.append(sorted(unemployment_thresholds(case, case.unemployed_since, policy))[case.unemployment_stage])
    return min(due, default=None)


def _may_be_late(case: IntegrationCase, checkin: CheckInReported, policy: IntegrationPolicy) -> bool:
    overdue = wage_overdue(checkin, wage_due_by(checkin, policy) + DAY, policy)
    return overdue is not None and once_key(overdue) not in case.raised


def _hold(case: IntegrationCase, item: Held) -> Step:
    return case.model_copy(update={"participant_id": item.event.participant_id, "held": [*case.held, item]}), []


def _start(case: IntegrationCase, on: date, policy: IntegrationPolicy) -> Step:
    if not case.started or not case.held:
        return case, []
    held, case = case.held, case.model_copy(update={"held": []})
    emitted: list[Emitted] = []
    for item in held:
        case, out = _apply_held(case, item, on, policy)
        emitted += out
    return case, emitted


def _apply_held(case: IntegrationCase, item: Held, on: date, policy: IntegrationPolicy) -> Step:
    if isinstance(item, HeldCheckIn):
        return apply_checkin(case, item.event, item.received_on, on, policy)
    if isinstance(item, HeldFiled):
        return apply_filed(case, item.event, on, policy)
    if isinstance(item, HeldResolved):
        return apply_resolved(case, item.event)
    return apply_ended(case, item.event)


def _wages_overdue(case: IntegrationCase, day: date, policy: IntegrationPolicy) -> Step:
    overdue = [wage_overdue(c, day, policy) for c in case.latest_by_period().values()]
    return emit_alerts(case, [a for a in overdue if a is not None])


def _checkins_missed(case: IntegrationCase, day: date, policy: IntegrationPolicy) -> Step:
    _, arrival = opened(case)
    last = case.last_contact(arrival)
    misses = checkin_misses(last, day, policy)
    if case.ended is not None or misses <= case.missed_checkins:
        return case, []
    case = case.model_copy(update={"missed_checkins": misses})
    return emit_alerts(case, [checkin_missed(arrival.participant_id, last, misses, day)])


def _unemployment(case: IntegrationCase, day: date, policy: IntegrationPolicy) -> Step:
    since = case.unemployed_since
    if since is None:
        return case, []
    thresholds = unemployment_thresholds(case, since, policy)
    stage = unemployment_stage(thresholds, day)
    if stage <= case.unemployment_stage:
        return case, []
    case = case.model_copy(update={"unemployment_stage": stage})
    return emit_alerts(case, [unemployment_clock(opened(case)[1].participant_id, since, thresholds, day)])


def _grievances_escalated(case: IntegrationCase, day: date, policy: IntegrationPolicy) -> Step:
    participant = opened(case)[1].participant_id
    escalations = [grievance_escalation(g, participant, day, policy) for g in case.grievances]
    grievances = [
        g.model_copy(update={"escalated": True}) if e else g for g, e in zip(case.grievances, escalations, strict=True)
    ]
    return case.model_copy(update={"grievances": grievances}), [e for e in escalations if e is not None]


def _six_months(case: IntegrationCase, day: date, policy: IntegrationPolicy) -> Step:
    reached = six_months_employed(case, day)
    return record_milestones(case, [reached] if reached else [])
