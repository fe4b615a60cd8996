"""How one fact changes a started monitoring case: alerts raised once, counts kept, milestones recorded."""

from collections.abc import Sequence
from datetime import date

from contracts.deployments import ContractEnded, ParticipantArrived
from contracts.envelope import EventData
from contracts.integration import AlertCount, AlertRaised, AlertSeverity, MilestoneReached
from contracts.monitoring import CheckInReported, GrievanceFiled, GrievanceResolved
from contracts.recruitment import PlacementCleared
from services.common.flow import Advanced
from services.integration.case import Grievance, IntegrationCase, Received
from services.integration.rules.alerts import checkin_alerts, fl_multi
from services.integration.rules.catalogue import Observation, once_key
from services.integration.rules.milestones import checkin_milestones, contract_completed, milestone_key
from services.integration.rules.policy import IntegrationPolicy
from services.integration.rules.summary import summarise
from services.integration.rules.timers import grievance_open

Step = Advanced[IntegrationCase]
SEVERITY_RANK = {severity: rank for rank, severity in enumerate(AlertSeverity)}


class NotStarted(ValueError):
    """A started-case step was given a case whose placement or arrival is still unknown."""


def opened(case: IntegrationCase) -> tuple[PlacementCleared, ParticipantArrived]:
    if case.placement is None or case.arrival is None:
        raise NotStarted(f"case of {case.participant_id} has no placement or no arrival yet")
    return case.placement, case.arrival


def _counted(before: AlertCount | None, raised: AlertRaised) -> AlertCount:
    if before is None:
        return AlertCount(alert=raised.alert, count=1, severity=raised.severity)
    worst = max(before.severity, raised.severity, key=SEVERITY_RANK.__getitem__)
    return AlertCount(alert=raised.alert, count=before.count + 1, severity=worst)


def emit_alerts(case: IntegrationCase, alerts: Sequence[AlertRaised]) -> Step:
    """The alerts whose once-key was not raised before; the rest are dropped as repeats."""
    raised, tally, out = list(case.raised), dict(case.tally), list[EventData]()
    for candidate in alerts:
        key = once_key(candidate)
        if key not in raised:
            raised.append(key)
            tally[candidate.alert] = _counted(tally.get(candidate.alert), candidate)
            out.append(candidate)
    return case.model_copy(update={"raised": raised, "tally": tally}), out


def record_milestones(case: IntegrationCase, reached: Sequence[MilestoneReached]) -> Step:
    keys = [milestone_key(m) for m in reached]
    return case.model_copy(update={"milestones": [*case.milestones, *keys]}), list[EventData](reached)


def _with_checkin(case: IntegrationCase, c: CheckInReported, received_on: date, fl: list[str]) -> IntegrationCase:
    """A check-in with the id of one applied before replaces it: it is a correction."""
    level, best = c.language_level, case.language_best
    if level and (best is None or level.rank > best.rank):
        best = level
    others = [r for r in case.checkins if r.checkin.checkin_id != c.checkin_id]
    return case.model_copy(
        update={
            "checkins": [*others, Received(received_on=received_on, checkin=c)],
            "missed_checkins": 0,
            "forced_labour": case.forced_labour | {c.channel.value: fl},
            "unemployment_stage": case.unemployment_stage if c.unemployed_since == case.unemployed_since else 0,
            "language_start": case.language_start or level,
            "language_best": best,
            "language_end": level or case.language_end,
        }
    )


def apply_checkin(
    case: IntegrationCase, c: CheckInReported, received_on: date, on: date, policy: IntegrationPolicy
) -> Step:
    """Check-in alerts (once per check-in), FL_MULTI (once per combination), then milestones."""
    placement, _ = opened(case)
    earlier = tuple(r.checkin for r in case.checkins if r.checkin.checkin_id != c.checkin_id)
    alerts = checkin_alerts(Observation(c, placement.terms, on, policy, earlier))
    reached = checkin_milestones(case, c, on)
    case = _with_checkin(case, c, received_on, sorted(a.alert for a in alerts if a.forced_labour_indicator))
    multi = fl_multi((code for codes in case.forced_labour.values() for code in codes), c.participant_id, on)
    case, out = emit_alerts(case, [*alerts, *([multi] if multi else [])])
    case, more = record_milestones(case, reached)
    return case, [*out, *more]


def apply_filed(case: IntegrationCase, event: GrievanceFiled, on: date, policy: IntegrationPolicy) -> Step:
    if any(g.grievance_id == event.grievance_id for g in case.grievances):
        return case, []
    grievance = Grievance(grievance_id=event.grievance_id, category=event.category, filed_on=event.filed_on)
    case = case.model_copy(update={"grievances": [*case.grievances, grievance]})
    return emit_alerts(case, [grievance_open(grievance, event.participant_id, on, policy)])


def apply_resolved(case: IntegrationCase, event: GrievanceResolved) -> Step:
    def resolved(g: Grievance) -> Grievance:
        match = g.grievance_id == event.grievance_id and g.resolved_on is None
        return g.model_copy(update={"resolved_on": event.resolved_on}) if match else g

    return case.model_copy(update={"grievances": [resolved(g) for g in case.grievances]}), []


def apply_ended(case: IntegrationCase, event: ContractEnded) -> Step:
    """The contract-completed milestone and the summary, each once."""
    placement, arrival = opened(case)
    if case.ended is not None:
        return case, []
    case = case.model_copy(update={"ended": event})
    reached = contract_completed(case, event)
    case, out = record_milestones(case, [reached] if reached else [])
    return case, [*out, summarise(case, placement, arrival, event)]
