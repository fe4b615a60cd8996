"""Alerts on what a check-in says was paid: wages against the minimum and the contract, deductions, rent."""

from datetime import timedelta
from decimal import Decimal

from contracts.integration import AlertRaised, AlertSeverity
from contracts.monitoring import CheckInReported, Deduction, DeductionPurpose
from contracts.offers import JobTerms
from contracts.types import Money
from services.common.evidence import Evidence, money_text
from services.common.reference import minimum_wages, monthly_minimum_wage
from services.integration.rules.catalogue import Observation, observed
from services.integration.rules.periods import pay_months, scaled

FOR_THE_JOB = (DeductionPurpose.RECRUITMENT, DeductionPurpose.JOB_RETENTION)


def months_of(checkin: CheckInReported) -> Decimal:
    return pay_months(checkin.period_start, checkin.period_end)


def minimum_floor(terms: JobTerms, currency: str) -> Money | None:
    """The higher of the statutory monthly minimum and the collective-agreement rate, in `currency`."""
    floors = [m for m in (monthly_minimum_wage(terms.destination), terms.collective_agreement_wage) if m]
    comparable = [m for m in floors if m.currency == currency]
    return max(comparable, key=lambda m: m.amount, default=None)


def wage_below_min(obs: Observation) -> AlertRaised | None:
    """WAGE_BELOW_MIN: gross pay under the monthly minimum pro-rated for the period and the hours worked."""
    c, policy = obs.checkin, obs.policy
    floor = minimum_floor(obs.terms, c.gross_paid.currency)
    if c.paid_on is None or floor is None:
        return None
    owed = scaled(floor, months_of(c) * c.hours_worked / policy.full_time_weekly_hours)
    if c.gross_paid.amount >= owed.amount:
        return None
    evidence = {
        "gross_paid": money_text(c.gross_paid),
        "minimum_owed": money_text(owed),
        "monthly_minimum": money_text(floor),
        "statutory_minimum_as_of": minimum_wages().as_of.isoformat(),
        "hours_worked_weekly": str(c.hours_worked),
        "full_time_weekly_hours": str(policy.full_time_weekly_hours),
    }
    explanation = (
        f"Gross pay of {money_text(c.gross_paid)} for the period is below the {money_text(owed)} the minimum wage of "
        f"{obs.terms.destination.value} owes for {c.hours_worked} hours a week."
    )
    return observed(obs, "WAGE_BELOW_MIN", AlertSeverity.HIGH, evidence, explanation)


def wage_below_contract(obs: Observation) -> AlertRaised | None:
    """WAGE_BELOW_CONTRACT: gross pay under the cleared monthly wage for the months of the period."""
    c, wage = obs.checkin, obs.terms.monthly_gross_wage
    if c.paid_on is None or c.unemployed_since is not None or c.gross_paid.currency != wage.currency:
        return None
    owed = scaled(wage, months_of(c))
    if c.gross_paid.amount >= owed.amount:
        return None
    evidence = {
        "gross_paid": money_text(c.gross_paid),
        "contract_wage_owed": money_text(owed),
        "monthly_wage": money_text(wage),
    }
    explanation = (
        f"Gross pay of {money_text(c.gross_paid)} is below the {money_text(owed)} the cleared contract owes for "
        "the period."
    )
    return observed(obs, "WAGE_BELOW_CONTRACT", AlertSeverity.HIGH, evidence, explanation)


def wage_paid_late(obs: Observation) -> AlertRaised | None:
    """WAGE_LATE (reported): the period's wage was paid more than the allowed days after the period ended."""
    c, days = obs.checkin, obs.policy.wage_late_days
    if c.paid_on is None or c.paid_on <= c.period_end + timedelta(days=days):
        return None
    late = (c.paid_on - c.period_end).days
    evidence: Evidence = {"paid_on": c.paid_on.isoformat(), "days_after_period": late}
    explanation = f"The wage was paid {late} days after the period ended; more than {days} days is late."
    return observed(obs, "WAGE_LATE", AlertSeverity.HIGH, evidence, explanation)


def wage_withheld(obs: Observation) -> AlertRaised | None:
    """WAGE_WITHHELD: wages kept back as a guarantee, a forced-labour indicator."""
    if not obs.checkin.wages_withheld_as_guarantee:
        return None
    explanation = "Wages are held back as a guarantee, which the ILO counts as an indicator of forced labour."
    return observed(obs, "WAGE_WITHHELD", AlertSeverity.CRITICAL, {"wages_withheld_as_guarantee": True}, explanation)


def _listed(deductions: list[Deduction]) -> str:
    return "; ".join(f"{d.purpose.value} {money_text(d.amount)}" for d in deductions)


def deduction_unlawful(obs: Observation) -> AlertRaised | None:
    """DEDUCTION_UNLAWFUL: critical for a deduction to get or keep the job (C95 Art. 9); high for one without
    legal basis or prior information (Art. 8)."""
    deductions = obs.checkin.deductions
    for_job = [d for d in deductions if d.purpose in FOR_THE_JOB]
    unfounded = [d for d in deductions if not (d.legal_basis and d.worker_informed)]
    if not for_job and not unfounded:
        return None
    evidence = {"for_obtaining_or_keeping_job": _listed(for_job) or None, "without_basis_or_notice": _listed(unfounded)}
    if for_job:
        explanation = f"Pay was cut for obtaining or keeping the job ({_listed(for_job)}), which C95 Art. 9 forbids."
        return observed(obs, "DEDUCTION_UNLAWFUL", AlertSeverity.CRITICAL, evidence, explanation)
    explanation = f"Deductions without legal basis or prior notice to the worker: {_listed(unfounded)}."
    return observed(obs, "DEDUCTION_UNLAWFUL", AlertSeverity.HIGH, evidence, explanation)


def rent_autodeducted(obs: Observation) -> AlertRaised | None:
    """RENT_AUTODEDUCTED: rent for employer housing taken straight from the wage."""
    c = obs.checkin
    deducted = [d for d in c.deductions if d.purpose is DeductionPurpose.RENT]
    if not (c.rent and c.rent.auto_deducted) and not deducted:
        return None
    evidence = {"rent": money_text(c.rent.amount) if c.rent else None, "rent_deductions": _listed(deducted) or None}
    explanation = "Rent for employer housing is deducted from the wage automatically, which Art. 20 forbids."
    return observed(obs, "RENT_AUTODEDUCTED", AlertSeverity.HIGH, evidence, explanation)


def rent_excessive(obs: Observation) -> AlertRaised | None:
    """RENT_EXCESSIVE: monthly rent above the configured share of monthly net pay."""
    c, limit = obs.checkin, obs.policy.max_rent_to_net_pay
    if c.rent is None or c.paid_on is None or c.rent.amount.currency != c.net_paid.currency:
        return None
    monthly_net = c.net_paid.amount / months_of(c)
    if c.rent.amount.amount <= limit * monthly_net:
        return None
    ratio = str((c.rent.amount.amount / monthly_net).quantize(Decimal("0.01"))) if monthly_net else None
    evidence = {
        "rent": money_text(c.rent.amount),
        "net_paid": money_text(c.net_paid),
        "ratio": ratio,
        "limit": str(limit),
    }
    explanation = f"Rent of {money_text(c.rent.amount)} a month takes more than {limit:.0%} of monthly net pay."
    return observed(obs, "RENT_EXCESSIVE", AlertSeverity.MEDIUM, evidence, explanation)
