"""How one fact changes a started monitoring case: alerts raised once, counts kept, milestones recorded."""

from collections.abc import Sequence
from datetime import date

from contracts.deployments import ParticipantArrived
from contracts.envelope import EventData
from contracts.integration import AlertCount, AlertRaised, AlertSeverity, MilestoneReached
from contracts.monitoring import CheckInReported, GrievanceFiled, GrievanceResolved
from services.common.flow import Advanced
from services.integration.case import Grievance, IntegrationCase, Period, Report
from services.integration.rules.alerts import checked
from services.integration.rules.catalogue import Observation, once_key
from services.integration.rules.forced_labour import fl_multi
from services.integration.rules.milestones import checkin_milestones, milestone_key
from services.integration.rules.placement import terms_unknown
from services.integration.rules.policy import IntegrationPolicy
from services.integration.rules.timers import grievance_open

SEVERITY_RANK = {severity: rank for rank, severity in enumerate(AlertSeverity)}


class NotStarted(ValueError):
    """A started-case step was given a case whose arrival is still unknown."""


def opened(case: IntegrationCase) -> tuple[Period, ParticipantArrived]:
    """The current monitoring period and the arrival of a started case."""
    if case.current is None or case.arrival is None:
        raise NotStarted(f"case of {case.participant_id} has no arrival yet")
    return case.current, case.arrival


def _counted(before: AlertCount | None, raised: AlertRaised) -> AlertCount:
    if before is None:
        return AlertCount(alert=raised.alert, count=1, severity=raised.severity)
    worst = max(before.severity, raised.severity, key=SEVERITY_RANK.__getitem__)
    return AlertCount(alert=raised.alert, count=before.count + 1, severity=worst)


def emit_alerts(case: IntegrationCase, alerts: Sequence[AlertRaised]) -> Advanced[IntegrationCase]:
    """The alerts whose once-key was not raised before; the rest are dropped as repeats."""
    if not alerts:
        return case, []
    raised, tally, out = list(case.raised), dict(case.tally), list[EventData]()
    seen = set(raised)
    for candidate in alerts:
        key = once_key(candidate)
        if key not in seen:
            seen.add(key)
            raised.append(key)
            tally[candidate.alert] = _counted(tally.get(candidate.alert), candidate)
            out.append(candidate)
    return case.model_copy(update={"raised": raised, "tally": tally}), out


def record_milestones(case: IntegrationCase, reached: Sequence[MilestoneReached]) -> Advanced[IntegrationCase]:
    if not reached:
        return case, []
    keys = [milestone_key(case, m) for m in reached]
    return case.model_copy(update={"milestones": [*case.milestones, *keys]}), list[EventData](reached)


def observe(
    case: IntegrationCase, c: CheckInReported, on: date, policy: IntegrationPolicy
) -> tuple[list[AlertRaised], list[str]]:
    """Every check-in rule against the latest terms known for the check-in's contract, with the check-ins reported
    before in the same monitoring period; the rules that need terms none are known for are skipped and named."""
    period = case.period_reported(c)
    earlier = tuple(r for r in case.in_period(period.index) if r.checkin_id != c.checkin_id)
    obs = Observation(c, period.terms, on, policy, earlier)
    alerts, skipped = checked(obs)
    return [*alerts, *([terms_unknown(obs, skipped)] if skipped else [])], skipped


def _indicators(alerts: Sequence[AlertRaised]) -> list[str]:
    return sorted({a.alert for a in alerts if a.forced_labour_indicator})


def _with_checkin(
    case: IntegrationCase, c: CheckInReported, received_on: date, fl: list[str], skipped: bool
) -> IntegrationCase:
    """A check-in with the id of one applied before replaces it: it is a correction. It is kept whole only while it
    waits for terms (`skipped`)."""
    level, best = c.language_level, case.language_best
    if level and (best is None or (level != best and level.rank > best.rank)):
        best = level
    others = [r for r in case.reports if r.checkin_id != c.checkin_id]
    waiting = [w for w in case.waiting if w.checkin_id != c.checkin_id] + [c] * skipped
    forced_labour = {i: codes for i, codes in case.forced_labour.items() if i != c.checkin_id}
    return case.model_copy(
        update={
            "reports": [*others, Report.of(c, received_on, case.period_reported(c).index)],
            "waiting": waiting,
            "unemployed_since": c.unemployed_since,
            "missed_checkins": 0,
            "forced_labour": forced_labour | ({c.checkin_id: fl} if fl else {}),
            "unemployment_stage": case.unemployment_stage if c.unemployed_since == case.unemployed_since else 0,
            "language_start": case.language_start or level,
            "language_best": best,
            "language_end": level or case.language_end,
        }
    )


def _with_multi(
    case: IntegrationCase, alerts: list[AlertRaised], participant_id: str, on: date, policy: IntegrationPolicy
) -> Advanced[IntegrationCase]:
    """The alerts, and FL_MULTI when indicators seen in check-ins and grievances hold together (`forced_labour`)."""
    return emit_alerts(case, [*alerts, *fl_multi(case, participant_id, on, policy)])


def apply_checkin(
    case: IntegrationCase, c: CheckInReported, received_on: date, on: date, policy: IntegrationPolicy
) -> Advanced[IntegrationCase]:
    """Check-in alerts (once per check-in), FL_MULTI (once per combination), then milestones."""
    alerts, skipped = observe(case, c, on, policy)
    reached = checkin_milestones(case, c, on)
    case = _with_checkin(case, c, received_on, _indicators(alerts), bool(skipped))
    case, out = _with_multi(case, alerts, c.participant_id, on, policy)
    case, more = record_milestones(case, reached)
    return case, [*out, *more]


def recheck(case: IntegrationCase, on: date, policy: IntegrationPolicy) -> Advanced[IntegrationCase]:
    """Check-ins applied while no terms were known, checked again now that terms may be known."""
    if not case.waiting:
        return case, []
    participant_id = case.waiting[0].participant_id
    alerts, waiting, fl = list[AlertRaised](), list[CheckInReported](), dict(case.forced_labour)
    for c in case.waiting:
        found, skipped = observe(case, c, on, policy)
        alerts += found
        waiting += [c] * bool(skipped)
        if codes := sorted({*fl.get(c.checkin_id, []), *_indicators(found)}):
            fl[c.checkin_id] = codes
    case = case.model_copy(update={"waiting": waiting, "forced_labour": fl})
    return _with_multi(case, alerts, participant_id, on, policy)


def apply_filed(
    case: IntegrationCase, event: GrievanceFiled, on: date, policy: IntegrationPolicy
) -> Advanced[IntegrationCase]:
    if any(g.grievance_id == event.grievance_id for g in case.grievances):
        return case, []
    period, _ = opened(case)
    grievance = Grievance(
        grievance_id=event.grievance_id, category=event.category, filed_on=event.filed_on, period=period.index
    )
    case = case.model_copy(update={"grievances": [*case.grievances, grievance]})
    return _with_multi(
        case, [grievance_open(grievance, event.participant_id, on, policy)], event.participant_id, on, policy
    )


def apply_resolved(case: IntegrationCase, event: GrievanceResolved) -> Advanced[IntegrationCase]:
    def resolved(g: Grievance) -> Grievance:
        match = g.grievance_id == event.grievance_id and g.resolved_on is None
        return g.model_copy(update={"resolved_on": event.resolved_on}) if match else g

    return case.model_copy(update={"grievances": [resolved(g) for g in case.grievances]}), []
