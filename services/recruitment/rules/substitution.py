"""Contract substitution (FR-CON-3): the signed contract compared field by field with the offer it answers."""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from contracts.offers import JobTerms
from contracts.types import Finding, Money, Severity
from services.common.evidence import Evidence, Shown, money_text
from services.recruitment.rules.findings import finding


@dataclass(frozen=True)
class Difference:
    """A term the signed contract makes worse than the offer did."""

    field: str
    offered: Shown
    signed: Shown


def _amount(money: Money | None) -> Money | None:
    return None if money is None or money.amount == 0 else money


def worker_costs(terms: JobTerms) -> dict[str, Decimal]:
    """What the worker bears, totalled per currency (no exchange rates: currencies are never added together)."""
    totals: dict[str, Decimal] = {}
    for cost in terms.costs:
        if cost.paid_by_worker:
            totals[cost.amount.currency] = totals.get(cost.amount.currency, Decimal(0)) + cost.amount.amount
    return {currency: total for currency, total in totals.items() if total}


def _rent(terms: JobTerms) -> Money | None:
    housing = terms.accommodation
    return _amount(housing.monthly_rent) if housing and housing.provided_by_employer else None


def _housing(terms: JobTerms, flag: str) -> bool | None:
    housing = terms.accommodation
    return getattr(housing, flag) if housing and housing.provided_by_employer else None


def _lower(offered: Any, signed: Any) -> bool:
    return bool(signed < offered)


def _higher(offered: Any, signed: Any) -> bool:
    return bool(signed > offered)


def _changed(offered: Any, signed: Any) -> bool:
    return bool(signed != offered)


@dataclass(frozen=True)
class Wage:
    """The monthly wage and how many times a year it is paid: a contract is compared on the pay of a year."""

    monthly: Money
    payments_per_year: int

    def __str__(self) -> str:
        text = money_text(self.monthly) or ""
        return text if self.payments_per_year == 12 else f"{text} x {self.payments_per_year}"


def _wage(terms: JobTerms) -> Wage:
    return Wage(terms.monthly_gross_wage, terms.payments_per_year)


def _less_pay(offered: Wage, signed: Wage) -> bool:
    """Less pay a year, or pay in another currency (never converted here, so never assumed equal)."""
    if signed.monthly.currency != offered.monthly.currency:
        return True
    return signed.monthly.amount * signed.payments_per_year < offered.monthly.amount * offered.payments_per_year


def _more_charged(offered: Money | None, signed: Money | None) -> bool:
    """A charge to the worker that is new, in another currency, or larger."""
    if signed is None:
        return False
    return offered is None or signed.currency != offered.currency or signed.amount > offered.amount


def _more_costs(offered: dict[str, Decimal], signed: dict[str, Decimal]) -> bool:
    return any(total > offered.get(currency, Decimal(0)) for currency, total in signed.items())


def _lost(offered: bool | None, signed: bool | None) -> bool:
    """True became False; a flag of housing that is gone altogether is not listed again."""
    return offered is True and signed is False


def _gained(offered: bool | None, signed: bool | None) -> bool:
    return signed is True and offered is not True


@dataclass(frozen=True)
class Term:
    """One compared term: how to read it from the terms, and when the signed value is worse."""

    field: str
    read: Callable[[JobTerms], Any]
    worse: Callable[[Any, Any], bool]


TERMS: tuple[Term, ...] = (
    Term("employer", lambda t: t.employer.employer_id, _changed),
    Term("job_title", lambda t: t.job_title, _changed),
    Term("occupation", lambda t: t.occupation, _changed),
    Term("destination", lambda t: t.destination.value, _changed),
    Term("place_of_work", lambda t: t.place_of_work, _changed),
    Term("monthly_gross_wage", _wage, _less_pay),
    Term("weekly_hours", lambda t: t.working_time.weekly_hours, _higher),
    Term("opt_out_48h", lambda t: t.working_time.opt_out_48h, _gained),
    Term("daily_rest_hours", lambda t: t.working_time.daily_rest_hours, _lower),
    Term("weekly_rest_hours", lambda t: t.working_time.weekly_rest_hours, _lower),
    Term("paid_leave_weeks", lambda t: t.working_time.paid_leave_weeks, _lower),
    Term("duration_months", lambda t: t.duration_months, _lower),
    Term("probation_months", lambda t: t.probation_months, _higher),
    Term("accommodation_provided", lambda t: bool(t.accommodation and t.accommodation.provided_by_employer), _lost),
    Term("monthly_rent", _rent, _more_charged),
    Term("rent_auto_deducted", lambda t: _housing(t, "auto_deducted"), _gained),
    Term("rental_contract", lambda t: _housing(t, "rental_contract"), _lost),
    Term("housing_meets_health_safety", lambda t: _housing(t, "meets_health_safety"), _lost),
    Term("costs_paid_by_worker", worker_costs, _more_costs),
    Term("wage_deductions_for_recruitment", lambda t: _amount(t.wage_deductions_for_recruitment), _more_charged),
    Term("exit_penalty", lambda t: _amount(t.exit_penalty), _more_charged),
    Term("restricts_employer_change", lambda t: t.restricts_employer_change, _gained),
    Term("employer_keeps_documents", lambda t: t.employer_keeps_documents, _gained),
    Term("worker_keeps_documents", lambda t: t.worker_keeps_documents, _lost),
    Term("costs_complete", lambda t: t.costs_complete, _lost),
    Term("rights_information_provided", lambda t: t.rights_information_provided, _lost),
    Term("grievance_channel_provided", lambda t: t.grievance_channel_provided, _lost),
)


def show(value: Any) -> Shown:
    """A compared value as evidence: money as 'EUR 2300.00', totals per currency, numbers as text."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Money):
        return money_text(value)
    if isinstance(value, dict):
        return ", ".join(f"{currency} {total:.2f}" for currency, total in sorted(value.items())) or None
    return str(value)


def differences(offer: JobTerms, contract: JobTerms) -> list[Difference]:
    """Every term the contract makes worse than the offer; improvements and equal terms are not listed."""
    return [
        Difference(term.field, show(offered), show(signed))
        for term in TERMS
        if term.worse(offered := term.read(offer), signed := term.read(contract))
    ]


def evidence(offer_id: str, contract_id: str, found: list[Difference]) -> Evidence:
    listed: dict[str, Shown] = {"offer_id": offer_id, "contract_id": contract_id, "differences": len(found)}
    for difference in found:
        listed[f"{difference.field}.offered"] = difference.offered
        listed[f"{difference.field}.signed"] = difference.signed
    return listed | ({"escalate": True} if found else {})


def substitution(offer: JobTerms, contract: JobTerms, contract_id: str) -> Finding:
    """FR-CON-3: the signed contract is not worse than the offer on any compared term."""
    if offer.offer_id != contract.offer_id:
        raise ValueError(f"contract {contract_id} answers offer {contract.offer_id}, not {offer.offer_id}")
    found = differences(offer, contract)
    fields = ", ".join(d.field for d in found)
    return finding(
        "FR-CON-3",
        not found,
        Severity.BLOCK,
        evidence(offer.offer_id, contract_id, found),
        f"The signed contract is worse than the offer on: {fields}."
        if found
        else "The signed contract is no worse than the offer on any compared term.",
    )


def no_offer(contract: JobTerms, contract_id: str) -> Finding:
    """FR-CON-3 when the offer the contract answers was never seen: substitution cannot be ruled out, so the
    placement waits for the offer."""
    return finding(
        "FR-CON-3",
        False,
        Severity.PENDING,
        {"offer_id": contract.offer_id, "contract_id": contract_id, "offer_on_record": False},
        f"No offer {contract.offer_id} is on record, so the contract cannot be checked for substitution: the "
        "placement waits for the offer.",
    )
