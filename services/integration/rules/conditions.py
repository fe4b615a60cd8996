"""Alerts on working and living conditions a check-in reports: rest, documents, debt, mobility, substitution (hours:
`working_time`)."""

from decimal import Decimal

from contracts.integration import AlertRaised, AlertSeverity
from services.common.evidence import Evidence, money_text
from services.integration.rules.catalogue import Observation, observed
from services.integration.rules.facts import keeps_documents, owes_debt
from services.integration.rules.pay import months_of

MIN_DAILY_REST = Decimal(11)  # WTD Art. 3
MIN_WEEKLY_REST = Decimal(35)  # WTD Art. 5: 24 h plus the 11 h of daily rest


def rest_violation(obs: Observation) -> AlertRaised | None:
    """REST_VIOLATION: daily rest under 11 h (medium); weekly rest under 24 + 11 h (high)."""
    daily, weekly = obs.checkin.min_daily_rest_hours, obs.checkin.min_weekly_rest_hours
    short_daily = daily is not None and daily < MIN_DAILY_REST
    short_weekly = weekly is not None and weekly < MIN_WEEKLY_REST
    if not (short_daily or short_weekly):
        return None
    evidence: Evidence = {"min_daily_rest_hours": str(daily), "min_weekly_rest_hours": str(weekly)}
    severity = AlertSeverity.HIGH if short_weekly else AlertSeverity.MEDIUM
    explanation = f"Rest fell short: shortest daily rest {daily} h (11 h due), weekly rest {weekly} h (35 h due)."
    return observed(obs, "REST_VIOLATION", severity, evidence, explanation)


def docs_retained(obs: Observation) -> AlertRaised | None:
    """DOCS_RETAINED: the worker has no free access to their passport, ID or permit (unknown: `facts`)."""
    if keeps_documents(obs.checkin) is not False:
        return None
    explanation = "The worker has no free access to their own passport, ID or permit: a forced-labour indicator."
    c = obs.checkin
    evidence: Evidence = {"worker_keeps_documents": c.worker_keeps_documents, "has_own_documents": c.has_own_documents}
    return observed(obs, "DOCS_RETAINED", AlertSeverity.CRITICAL, evidence, explanation)


def debt(obs: Observation) -> AlertRaised | None:
    """DEBT: the worker repays a recruitment debt (debt bondage indicator; unknown: `facts`)."""
    if not owes_debt(obs.checkin):
        return None
    owed = obs.checkin.recruitment_debt
    amount = money_text(owed) if owed and owed.amount > 0 else None
    explanation = (
        f"The worker reports a recruitment debt{f' of {amount}' if amount else ' (amount not reported)'}: an "
        "indicator of debt bondage."
    )
    return observed(obs, "DEBT", AlertSeverity.CRITICAL, {"recruitment_debt": amount or "not reported"}, explanation)


def mobility_blocked(obs: Observation) -> AlertRaised | None:
    """MOBILITY_BLOCKED: the employer refuses or penalises a change of employer."""
    c = obs.checkin
    if not (c.employer_change_refused or c.employer_change_penalised):
        return None
    evidence: Evidence = {"refused": c.employer_change_refused, "penalised": c.employer_change_penalised}
    explanation = "The employer refuses or penalises a change of employer, which a single-permit holder may make."
    return observed(obs, "MOBILITY_BLOCKED", AlertSeverity.HIGH, evidence, explanation)


Difference = tuple[str | None, str | None]


def _wage(obs: Observation) -> Difference | None:
    c, wage, share = obs.checkin, obs.terms.monthly_gross_wage, obs.policy.material_difference
    if not c.paid_on or c.unemployed_since is not None or c.gross_paid.currency != wage.currency:
        return None
    monthly = (c.gross_paid.amount / months_of(c)).quantize(Decimal("0.01"))
    return (money_text(wage), f"{wage.currency} {monthly}") if monthly < wage.amount * (1 - share) else None


def _hours(obs: Observation) -> Difference | None:
    cleared, actual = obs.terms.weekly_hours, obs.checkin.hours_worked
    return (str(cleared), str(actual)) if actual > cleared * (1 + obs.policy.material_difference) else None


def _occupation(obs: Observation) -> Difference | None:
    cleared, actual = obs.terms.occupation, obs.checkin.occupation
    return (cleared, actual) if actual and actual != cleared else None


def _rent(obs: Observation) -> Difference | None:
    rent, cleared = obs.checkin.rent, obs.terms.monthly_rent
    if rent is None or cleared is None or rent.amount.currency != cleared.currency:
        return None
    worse = rent.amount.amount > cleared.amount * (1 + obs.policy.material_difference)
    return (money_text(cleared), money_text(rent.amount)) if worse else None


COMPARED = {"wage": _wage, "hours": _hours, "occupation": _occupation, "rent": _rent}


def differences(obs: Observation) -> dict[str, Difference]:
    """Terms the check-in shows worse than cleared by more than the material share (or another occupation):
    name -> (cleared, actual)."""
    return {name: found for name, compare in COMPARED.items() if (found := compare(obs))}


def contract_substituted(obs: Observation) -> AlertRaised | None:
    """CONTRACT_SUBSTITUTED: the job actually worked is materially worse than, or other than, the cleared one."""
    found = differences(obs)
    if not found:
        return None
    evidence: Evidence = {"differences": ",".join(sorted(found))}
    for name, (cleared, actual) in found.items():
        evidence |= {f"{name}_cleared": cleared, f"{name}_actual": actual}
    explanation = f"The job as reported differs from the cleared contract in: {', '.join(sorted(found))}."
    return observed(obs, "CONTRACT_SUBSTITUTED", AlertSeverity.HIGH, evidence, explanation)
