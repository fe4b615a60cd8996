"""Time-based alerts, evaluated on event time from clock ticks: unpaid wages, missed check-ins, unemployment,
grievances."""

from datetime import date, timedelta

from contracts.integration import AlertRaised, AlertSeverity, GrievanceEscalated
from services.common.dates import add_months
from services.common.evidence import Evidence
from services.integration.case import Grievance, IntegrationCase, Report
from services.integration.rules.catalogue import alert, period_of
from services.integration.rules.policy import IntegrationPolicy
from services.integration.rules.sources import GRIEVANCE_ESCALATION

UNEMPLOYMENT_STAGES = ((AlertSeverity.INFO, "info"), (AlertSeverity.MEDIUM, "warn"), (AlertSeverity.HIGH, "limit"))


def wage_due_by(report: Report, policy: IntegrationPolicy) -> date:
    """The last day the period's wage may be paid on time."""
    return report.period_end + timedelta(days=policy.wage_late_days)


def wage_overdue(report: Report, participant_id: str, day: date, policy: IntegrationPolicy) -> AlertRaised | None:
    """WAGE_LATE (unpaid): the latest report of a period says unpaid, and the period ended too long ago."""
    if report.paid_on is not None or day <= wage_due_by(report, policy):
        return None
    days = (day - report.period_end).days
    evidence: Evidence = {"checkin_id": report.checkin_id, "period": period_of(report), "days_after_period": days}
    explanation = f"No wage paid for the period ending {report.period_end} after {days} days."
    return alert("WAGE_LATE", AlertSeverity.HIGH, participant_id, day, evidence, explanation)


def checkin_misses(last_contact: date, day: date, policy: IntegrationPolicy) -> int:
    """Whole check-in intervals that have passed since the last contact without a check-in."""
    return max(0, ((day - last_contact).days - 1) // policy.checkin_interval_days)


def next_miss_on(last_contact: date, misses: int, policy: IntegrationPolicy) -> date:
    return last_contact + timedelta(days=(misses + 1) * policy.checkin_interval_days + 1)


def checkin_missed(participant_id: str, last_contact: date, misses: int, day: date) -> AlertRaised:
    """CHECKIN_MISSED: medium on the first missed interval, high from the second in a row."""
    severity = AlertSeverity.MEDIUM if misses == 1 else AlertSeverity.HIGH
    evidence: Evidence = {"last_contact_on": last_contact.isoformat(), "consecutive_misses": misses}
    explanation = f"No check-in since {last_contact}: {misses} check-in interval(s) missed in a row."
    return alert("CHECKIN_MISSED", severity, participant_id, day, evidence, explanation)


def unemployment_thresholds(case: IntegrationCase, since: date, policy: IntegrationPolicy) -> tuple[date, ...]:
    """Days the info, warn and limit stages begin; the limit is longer once the permit was held long enough."""
    arrival = case.arrival
    permit_start = (arrival.permit_start_on or arrival.arrived_on) if arrival else since
    long_held = add_months(permit_start, 12 * policy.long_permit_years) < since
    months = policy.unemployment_limit_months_long if long_held else policy.unemployment_limit_months
    info, warn = (since + timedelta(days=d) for d in (policy.unemployment_info_days, policy.unemployment_warn_days))
    return info, warn, add_months(since, months)


def unemployment_stage(thresholds: tuple[date, ...], day: date) -> int:
    return sum(1 for start in thresholds if day >= start)


def unemployment_clock(participant_id: str, since: date, thresholds: tuple[date, ...], day: date) -> AlertRaised:
    """UNEMPLOYMENT_CLOCK at the highest stage reached: info, warn (medium), then high at the permit's limit."""
    severity, stage = UNEMPLOYMENT_STAGES[unemployment_stage(thresholds, day) - 1]
    evidence: Evidence = {
        "unemployed_since": since.isoformat(),
        "days_unemployed": (day - since).days,
        "stage": stage,
        "limit_on": thresholds[-1].isoformat(),
    }
    explanation = f"Unemployed since {since}; the single permit may be withdrawn from {thresholds[-1]}."
    return alert("UNEMPLOYMENT_CLOCK", severity, participant_id, day, evidence, explanation)


def grievance_due_on(grievance: Grievance, policy: IntegrationPolicy) -> date:
    return grievance.filed_on + timedelta(days=policy.grievance_deadline_days)


def grievance_open(grievance: Grievance, participant_id: str, on: date, policy: IntegrationPolicy) -> AlertRaised:
    """GRIEVANCE_OPEN when filed, with the severity its category carries."""
    due = grievance_due_on(grievance, policy)
    evidence: Evidence = {
        "grievance_id": grievance.grievance_id,
        "category": grievance.category,
        "filed_on": grievance.filed_on.isoformat(),
        "due_on": due.isoformat(),
    }
    explanation = f"A {grievance.category} grievance was filed on {grievance.filed_on}; it is due by {due}."
    severity = policy.severity_of_grievance(grievance.category)
    return alert("GRIEVANCE_OPEN", severity, participant_id, on, evidence, explanation)


def grievance_escalation(
    grievance: Grievance, participant_id: str, day: date, policy: IntegrationPolicy
) -> GrievanceEscalated | None:
    """GrievanceEscalated (INT-GRV-ESCALATE) once, when a grievance is still unresolved after its deadline."""
    due = grievance_due_on(grievance, policy)
    if grievance.resolved_on is not None or grievance.escalated or day <= due:
        return None
    rule_id, source = GRIEVANCE_ESCALATION
    evidence: Evidence = {
        "grievance_id": grievance.grievance_id,
        "category": grievance.category,
        "filed_on": grievance.filed_on.isoformat(),
        "deadline_days": policy.grievance_deadline_days,
        "due_on": due.isoformat(),
        "resolved_on": None,
    }
    return GrievanceEscalated(
        participant_id=participant_id,
        grievance_id=grievance.grievance_id,
        filed_on=grievance.filed_on,
        due_on=due,
        escalated_on=day,
        category=grievance.category,
        severity=policy.severity_of_grievance(grievance.category),
        rule_id=rule_id,
        evidence=evidence,
        source=source,
    )
