"""Alerts on rights a check-in reports on: paid leave, employer housing, a change of employer under way."""

from datetime import timedelta
from decimal import Decimal

from contracts.integration import AlertRaised, AlertSeverity
from services.common.evidence import Evidence
from services.integration.rules.catalogue import Observation, observed

MIN_PAID_LEAVE_WEEKS = Decimal(4)  # WTD Art. 7


def leave_denied(obs: Observation) -> AlertRaised | None:
    """LEAVE_DENIED: paid annual leave granted under four weeks a year, or leave asked for and refused."""
    weeks, refused = obs.checkin.paid_leave_weeks_per_year, obs.checkin.leave_refused
    short = weeks is not None and weeks < MIN_PAID_LEAVE_WEEKS
    if not (short or refused):
        return None
    evidence: Evidence = {"paid_leave_weeks_per_year": None if weeks is None else str(weeks), "leave_refused": refused}
    reasons = [f"{weeks} weeks of paid leave a year are granted (at least 4 are due)"] * short
    reasons += ["paid leave the worker asked for was refused"] * bool(refused)
    explanation = f"Paid annual leave is denied: {'; '.join(reasons)}."
    return observed(obs, "LEAVE_DENIED", AlertSeverity.MEDIUM, evidence, explanation)


def housing_substandard(obs: Observation) -> AlertRaised | None:
    """HOUSING_SUBSTANDARD: employer housing below health and safety standards, or a move to other housing the
    authorities were not told of."""
    safe, notified = obs.checkin.housing_meets_health_safety, obs.checkin.housing_change_notified
    if safe is not False and notified is not False:
        return None
    evidence: Evidence = {"housing_meets_health_safety": safe, "housing_change_notified": notified}
    reasons = ["the housing does not meet health and safety standards"] * (safe is False)
    reasons += ["the worker was moved to other housing without the authorities being told"] * (notified is False)
    explanation = f"Employer housing falls short: {'; '.join(reasons)}."
    return observed(obs, "HOUSING_SUBSTANDARD", AlertSeverity.MEDIUM, evidence, explanation)


def employer_change_pending(obs: Observation) -> AlertRaised | None:
    """EMPLOYER_CHANGE_PENDING: a change of employer was notified; the authorities may oppose it until the window
    closes."""
    notified = obs.checkin.employer_change_notified_on
    if notified is None:
        return None
    window = obs.policy.employer_change_window_days
    closes = notified + timedelta(days=window)
    evidence: Evidence = {
        "notified_on": notified.isoformat(),
        "window_days": window,
        "window_closes_on": closes.isoformat(),
    }
    explanation = (
        f"A change of employer was notified on {notified}; the authorities may oppose it until {closes}. Monitoring "
        "of the new contract starts when its placement decision comes."
    )
    return observed(obs, "EMPLOYER_CHANGE_PENDING", AlertSeverity.INFO, evidence, explanation)


RIGHTS_RULES = (leave_denied, housing_substandard, employer_change_pending)
