"""FR-WAGE-1: the offered wage against the destination's statutory minimum or the collective-agreement rate."""

from decimal import ROUND_HALF_UP, Decimal

from contracts.offers import JobTerms
from contracts.types import Finding, Money, Severity
from services.common.evidence import Evidence, money_text
from services.common.reference import minimum_wages, monthly_minimum_wage
from services.recruitment.rules.findings import finding
from services.recruitment.rules.policy import RecruitmentPolicy

CENT = Decimal("0.01")


def pro_rated(floor: Money, weekly_hours: Decimal, policy: RecruitmentPolicy) -> Money:
    """A full-time monthly floor for a week of `weekly_hours`; weeks at or above full time owe the whole floor."""
    share = min(weekly_hours, policy.full_time_weekly_hours) / policy.full_time_weekly_hours
    return Money(amount=(floor.amount * share).quantize(CENT, rounding=ROUND_HALF_UP), currency=floor.currency)


def _finding(passed: bool, evidence: Evidence, explanation: str) -> Finding:
    return finding("FR-WAGE-1", passed, Severity.BLOCK, evidence, explanation)


def _evidence(terms: JobTerms, statutory: Money | None, policy: RecruitmentPolicy) -> Evidence:
    return {
        "destination": terms.destination.value,
        "monthly_gross_wage": money_text(terms.monthly_gross_wage),
        "weekly_hours": str(terms.working_time.weekly_hours),
        "full_time_weekly_hours": str(policy.full_time_weekly_hours),
        "statutory_minimum": money_text(statutory),
        "statutory_minimum_as_of": minimum_wages().as_of.isoformat(),
        "collective_agreement_wage": money_text(terms.collective_agreement_wage),
        "equal_treatment_checked": False,
    }


def _not_comparable(terms: JobTerms, floors: list[Money]) -> str | None:
    """Why the wage cannot be checked: no floor to compare with, or a floor in another currency."""
    if not floors:
        return (
            f"{terms.destination.value} has no statutory minimum wage and no collective-agreement rate was given, "
            "so the wage cannot be checked until the agreement's rate for the occupation is stated."
        )
    currencies = sorted({floor.currency for floor in floors})
    if currencies != [terms.monthly_gross_wage.currency]:
        return (
            f"The wage is stated in {terms.monthly_gross_wage.currency} and the minimum in {', '.join(currencies)}, "
            "so they cannot be compared until both are stated in the same currency."
        )
    return None


def wage_minimum(terms: JobTerms, policy: RecruitmentPolicy) -> Finding:
    """FR-WAGE-1: the wage reaches the higher of the statutory minimum and the collective rate, pro-rated."""
    statutory = monthly_minimum_wage(terms.destination)
    evidence = _evidence(terms, statutory, policy)
    floors = [m for m in (statutory, terms.collective_agreement_wage) if m is not None]
    reason = _not_comparable(terms, floors)
    if reason:
        return _finding(False, evidence | {"comparable": False}, reason)
    required = pro_rated(max(floors, key=lambda m: m.amount), terms.working_time.weekly_hours, policy)
    passed = terms.monthly_gross_wage.amount >= required.amount
    return _finding(
        passed,
        evidence | {"comparable": True, "required_minimum": money_text(required)},
        f"The monthly wage of {money_text(terms.monthly_gross_wage)} is {'at least' if passed else 'below'} "
        f"the minimum of {money_text(required)} owed for {terms.working_time.weekly_hours} hours a week "
        f"in {terms.destination.value}.",
    )
