"""FR-WAGE-1: the offered wage against the destination's wage floor for the contracted hours (the shared floor of
services/common/reference/wage_floor.py, which integration's WAGE_BELOW_MIN uses too)."""

from contracts.offers import JobTerms
from contracts.types import Finding, Severity
from services.common.evidence import money_text
from services.common.reference.wage_floor import Pay, check_wage
from services.recruitment.rules.findings import finding


def offered_pay(terms: JobTerms) -> Pay:
    """The wage as the terms state it: per payment, for the contracted hours; the collective rate for the same."""
    return Pay(
        paid=terms.monthly_gross_wage,
        weekly_hours=terms.working_time.weekly_hours,
        payments_per_year=terms.payments_per_year,
        collective=terms.collective_agreement_wage,
        exchange_rate=terms.exchange_rate,
    )


def wage_minimum(terms: JobTerms) -> Finding:
    """FR-WAGE-1: the wage reaches the floor for the contracted hours; pending when it cannot be compared."""
    check = check_wage(terms.destination, offered_pay(terms))
    evidence = check.evidence | {
        "monthly_gross_wage": money_text(terms.monthly_gross_wage),
        "equal_treatment_checked": False,
    }
    if check.missing is not None:
        return finding("FR-WAGE-1", False, Severity.PENDING, evidence, check.missing)
    payments = f", paid {terms.payments_per_year} times a year," if terms.payments_per_year != 12 else ""
    return finding(
        "FR-WAGE-1",
        check.passed,
        Severity.BLOCK,
        evidence,
        f"The monthly wage of {money_text(terms.monthly_gross_wage)}{payments} is "
        f"{'at least' if check.passed else 'below'} the minimum of {money_text(check.owed)} a payment owed for "
        f"{terms.working_time.weekly_hours} hours a week in {terms.destination.value}.",
    )
