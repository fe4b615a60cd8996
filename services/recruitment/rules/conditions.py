"""Working time (FR-TIME-1) and employer housing (FR-HOUS-1) as the terms state them."""

from decimal import Decimal

from contracts.offers import Accommodation, JobTerms
from contracts.types import Finding, Money, Severity
from services.common.evidence import Evidence, money_text
from services.recruitment.rules.findings import finding
from services.recruitment.rules.policy import RecruitmentPolicy

# Working Time Directive 2003/88/EC floors: Art. 6 (48 h incl. overtime), Art. 3 (11 h daily rest),
# Art. 5 (24 h + the 11 h daily rest = 35 h weekly rest), Art. 7 (4 weeks paid leave).
MAX_WEEKLY_HOURS = Decimal(48)
MIN_DAILY_REST_HOURS = Decimal(11)
MIN_WEEKLY_REST_HOURS = Decimal(35)
MIN_PAID_LEAVE_WEEKS = Decimal(4)


def working_time(terms: JobTerms) -> Finding:
    """FR-TIME-1: hours, rest and leave within the Working Time Directive's floors."""
    time = terms.working_time
    breaches = [
        label
        for label, breached in (
            (
                "more than 48 hours a week without an opt-out",
                time.weekly_hours > MAX_WEEKLY_HOURS and not time.opt_out_48h,
            ),
            ("less than 11 hours daily rest", time.daily_rest_hours < MIN_DAILY_REST_HOURS),
            ("less than 35 hours weekly rest", time.weekly_rest_hours < MIN_WEEKLY_REST_HOURS),
            ("less than 4 weeks paid leave", time.paid_leave_weeks < MIN_PAID_LEAVE_WEEKS),
        )
        if breached
    ]
    return finding(
        "FR-TIME-1",
        not breaches,
        Severity.BLOCK,
        {
            "weekly_hours": str(time.weekly_hours),
            "opt_out_48h": time.opt_out_48h,
            "daily_rest_hours": str(time.daily_rest_hours),
            "weekly_rest_hours": str(time.weekly_rest_hours),
            "paid_leave_weeks": str(time.paid_leave_weeks),
        },
        f"The terms give {'; '.join(breaches)}." if breaches else "Hours, rest and leave meet the EU floors.",
    )


def _unlawful(home: Accommodation) -> list[str]:
    return [
        label
        for label, breached in (
            ("the rent is not stated", home.monthly_rent is None),
            ("the rent is deducted from the wage automatically", home.auto_deducted),
            ("there is no rental contract", not home.rental_contract),
            ("the housing does not meet health and safety standards", not home.meets_health_safety),
        )
        if breached
    ]


def rent_share(rent: Money, wage: Money) -> Decimal | None:
    """Rent as a share of the gross wage; None when the two are in different currencies or the wage is zero."""
    if rent.currency != wage.currency or wage.amount == 0:
        return None
    return rent.amount / wage.amount


def _excessive(home: Accommodation, wage: Money, policy: RecruitmentPolicy) -> list[str]:
    if home.monthly_rent is None:
        return []
    share = rent_share(home.monthly_rent, wage)
    if share is None:
        return ["the rent cannot be compared with the wage (different currency or no wage)"]
    limit = policy.max_rent_to_gross_wage
    return [f"the rent is {share:.0%} of the gross wage, above {limit:.0%}"] if share > limit else []


def housing(terms: JobTerms, policy: RecruitmentPolicy) -> Finding:
    """FR-HOUS-1: employer housing with stated, not auto-deducted, not excessive rent, a contract, H&S standard."""
    home = terms.accommodation
    if home is None:
        explanation = (
            "The terms do not say whether the employer provides housing (accommodation): ask the agency, the "
            "placement waits for it."
        )
        return finding("FR-HOUS-1", False, Severity.PENDING, {"provided_by_employer": None}, explanation)
    if not home.provided_by_employer:
        return finding(
            "FR-HOUS-1", True, Severity.INFO, {"provided_by_employer": False}, "No employer housing is offered."
        )
    unlawful, excessive = _unlawful(home), _excessive(home, terms.monthly_gross_wage, policy)
    share = rent_share(home.monthly_rent, terms.monthly_gross_wage) if home.monthly_rent else None
    evidence: Evidence = {
        "provided_by_employer": True,
        "monthly_rent": money_text(home.monthly_rent),
        "monthly_gross_wage": money_text(terms.monthly_gross_wage),
        "rent_to_gross_wage": None if share is None else f"{share:.3f}",
        "max_rent_to_gross_wage": str(policy.max_rent_to_gross_wage),
        "auto_deducted": home.auto_deducted,
        "rental_contract": home.rental_contract,
        "meets_health_safety": home.meets_health_safety,
    }
    breaches = unlawful + excessive
    severity = Severity.BLOCK if unlawful or not excessive else Severity.WARN
    explanation = (
        f"Employer housing: {'; '.join(breaches)}." if breaches else "Employer housing meets the Art. 20 conditions."
    )
    return finding("FR-HOUS-1", not breaches, severity, evidence, explanation)
