"""Alerts on what a check-in says was paid: wages against the minimum and the contract, deductions, rent.

The minimum is the shared wage floor (services/common/reference/wage_floor.py) that recruitment's FR-WAGE-1 uses
too, for the hours worked; pay in another currency is converted with the rate the check-in carries, or an alert
says the comparison could not be made."""

from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from contracts.integration import AlertRaised, AlertSeverity
from contracts.monitoring import CheckInReported, Deduction, DeductionPurpose
from services.common.evidence import Evidence, money_text
from services.common.reference.wage_floor import Pay, check_wage, convert, rate_text
from services.integration.case import Terms
from services.integration.rules.catalogue import Observation, observed
from services.integration.rules.periods import CENT, pay_months

FOR_THE_JOB = (DeductionPurpose.RECRUITMENT, DeductionPurpose.JOB_RETENTION)


def months_of(checkin: CheckInReported) -> Decimal:
    return pay_months(checkin.period_start, checkin.period_end)


def payments_of(checkin: CheckInReported, terms: Terms) -> int:
    """Monthly payments a year: as the check-in reports, else as the contract states."""
    return checkin.payments_per_year or terms.payments_per_year


def worked_pay(obs: Observation) -> Pay:
    """The period's gross pay, for the hours worked, per regular payment; the contract's collective rate is for the
    contracted hours."""
    c, terms = obs.checkin, obs.terms
    return Pay(
        paid=c.gross_paid,
        weekly_hours=c.hours_worked,
        payments_per_year=payments_of(c, terms),
        months=months_of(c),
        collective=terms.collective_agreement_wage,
        collective_weekly_hours=terms.weekly_hours,
        exchange_rate=c.exchange_rate,
    )


def wage_below_min(obs: Observation) -> AlertRaised | None:
    """WAGE_BELOW_MIN: gross pay under the wage floor for the period and the hours worked (high); pay that cannot
    be compared with it (no rate to the minimum's currency, no minimum and no collective rate) is reported at
    medium, asking for what is missing."""
    c, destination = obs.checkin, obs.terms.destination
    if c.paid_on is None:
        return None
    check = check_wage(destination, worked_pay(obs))
    if check.missing is None and check.passed:
        return None
    evidence = check.evidence | {"gross_paid": money_text(c.gross_paid), "months": str(months_of(c))}
    if check.missing is not None:
        explanation = f"{check.missing} The pay was not checked against the minimum: ask for what is missing."
        return observed(obs, "WAGE_BELOW_MIN", AlertSeverity.MEDIUM, evidence, explanation)
    explanation = (
        f"Gross pay of {money_text(c.gross_paid)} for the period is below the {money_text(check.owed)} the minimum "
        f"wage of {destination.value} owes for {c.hours_worked} hours a week."
    )
    return observed(obs, "WAGE_BELOW_MIN", AlertSeverity.HIGH, evidence, explanation)


def wage_below_contract(obs: Observation) -> AlertRaised | None:
    """WAGE_BELOW_CONTRACT: gross pay under the contract's wage for the regular payments of the period (high); pay
    in another currency without a rate to the contract's is reported at medium, asking for the rate."""
    c, terms = obs.checkin, obs.terms
    if c.paid_on is None or c.unemployed_since is not None:
        return None
    wage = terms.monthly_gross_wage
    owed = (wage.amount * terms.payments_per_year / payments_of(c, terms) * months_of(c)).quantize(CENT, ROUND_HALF_UP)
    paid = convert(c.gross_paid, wage.currency, c.exchange_rate)
    if paid is not None and paid >= owed:  # the usual case: no alert, so no evidence to show
        return None
    evidence: Evidence = {
        "gross_paid": money_text(c.gross_paid),
        "monthly_wage": money_text(wage),
        "contract_payments_per_year": terms.payments_per_year,
        "payments_per_year": payments_of(c, terms),
        "exchange_rate": rate_text(c.exchange_rate),
        "contract_wage_owed": f"{wage.currency} {owed:.2f}",
        "comparable": paid is not None,
    }
    if paid is None:
        explanation = (
            f"The pay is in {c.gross_paid.currency} and the contract wage in {wage.currency}, and no exchange rate "
            "was given, so the pay was not checked against the contract: ask for the rate."
        )
        return observed(obs, "WAGE_BELOW_CONTRACT", AlertSeverity.MEDIUM, evidence, explanation)
    explanation = (
        f"Gross pay of {money_text(c.gross_paid)} is below the {wage.currency} {owed:.2f} the contract owes for "
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
