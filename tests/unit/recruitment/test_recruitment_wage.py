"""FR-WAGE-1: the offered wage against the shared wage floor (hourly minimum x contracted hours with no cap, France's
35-hour basis, 14 payments compared like with like), the collective-agreement rate, and other currencies."""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from contracts.offers import JobOffered
from contracts.types import ExchangeRate, MemberState, Money, Severity
from services.recruitment.rules.wage import wage_minimum


def money(amount: str, currency: str = "EUR") -> Money:
    return Money(amount=Decimal(amount), currency=currency)


def rate(from_currency: str, to_currency: str, value: str) -> ExchangeRate:
    return ExchangeRate(
        from_currency=from_currency, to_currency=to_currency, rate=Decimal(value), rate_date=date(2025, 3, 3)
    )


def offered(offer: JobOffered, wage: Money, destination: MemberState, hours: int = 40, **fields: Any) -> JobOffered:
    working_time = offer.working_time.model_copy(update={"weekly_hours": Decimal(hours)})
    data = offer.model_dump() | {"monthly_gross_wage": wage, "destination": destination, "working_time": working_time}
    return JobOffered.model_validate(data | fields)


FLOORS = [
    # (destination, weekly hours, payments a year, wage, passed, required per payment)
    (MemberState.DE, 40, 12, "2222.13", True, "EUR 2222.13"),
    (MemberState.DE, 40, 12, "2222.12", False, "EUR 2222.13"),
    (MemberState.DE, 48, 12, "2600.00", False, "EUR 2666.56"),
    (MemberState.DE, 20, 12, "1111.07", True, "EUR 1111.07"),
    (MemberState.FR, 35, 12, "1801.80", True, "EUR 1801.80"),
    (MemberState.FR, 35, 12, "1700.00", False, "EUR 1801.80"),
    (MemberState.FR, 39, 12, "2000.00", False, "EUR 2007.72"),
    (MemberState.ES, 40, 14, "1184.00", True, "EUR 1184.00"),
    (MemberState.ES, 40, 14, "1183.99", False, "EUR 1184.00"),
    (MemberState.ES, 40, 12, "1184.00", False, "EUR 1381.33"),
    (MemberState.PT, 40, 14, "870.00", True, "EUR 870.00"),
    (MemberState.GR, 40, 14, "830.00", True, "EUR 830.00"),
    (MemberState.GR, 20, 14, "415.00", True, "EUR 415.00"),
    (MemberState.BE, 38, 12, "2070.48", True, "EUR 2070.48"),
    (MemberState.BE, 40, 12, "2070.48", False, "EUR 2179.45"),
    (MemberState.MT, 40, 12, "961.05", True, "EUR 961.05"),
    (MemberState.PL, 40, 12, "4666.00 PLN", True, "PLN 4666.00"),
]


@pytest.mark.parametrize(
    ("destination", "hours", "payments", "wage", "passed", "required"),
    FLOORS,
    ids=[
        "DE-40h-at-rate-x-hours",
        "DE-40h-a-cent-below",
        "DE-48h-owes-48-hours-no-cap",
        "DE-part-time",
        "FR-35h-basis",
        "FR-35h-below-SMIC",
        "FR-39h-owes-39-hours",
        "ES-lawful-14-payments",
        "ES-14-payments-a-cent-below",
        "ES-same-wage-12-payments",
        "PT-14-payments",
        "GR-14-payments",
        "GR-half-time",
        "BE-38h-basis",
        "BE-40h-owes-more",
        "MT-weekly-minimum",
        "PL-in-zloty",
    ],
)
def test_the_wage_is_compared_with_the_floor_for_the_contracted_hours_and_payments(
    offer: JobOffered, destination: MemberState, hours: int, payments: int, wage: str, passed: bool, required: str
) -> None:
    amount, _, currency = wage.partition(" ")
    terms = offered(offer, money(amount, currency or "EUR"), destination, hours, payments_per_year=payments)
    found = wage_minimum(terms)
    assert (found.passed, found.severity, found.evidence["required_minimum"]) == (passed, Severity.BLOCK, required)


def test_a_lawful_fourteen_payment_offer_says_how_it_was_compared(offer: JobOffered) -> None:
    found = wage_minimum(offered(offer, money("1200"), MemberState.ES, payments_per_year=14))
    assert found.passed
    assert "paid 14 times a year" in found.explanation
    assert (found.evidence["payments_per_year"], found.evidence["statutory_payments_per_year"]) == (14, 14)
    assert "Real Decreto 87/2025" in str(found.evidence["statutory_minimum_source"])


@pytest.mark.parametrize(
    ("destination", "wage", "collective", "exchange", "passed", "severity"),
    [
        (MemberState.PL, money("1100"), None, None, False, Severity.PENDING),
        (MemberState.PL, money("1100"), None, rate("EUR", "PLN", "4.25"), True, Severity.BLOCK),
        (MemberState.PL, money("1100"), None, rate("PLN", "EUR", "0.2353"), True, Severity.BLOCK),
        (MemberState.PL, money("1000"), None, rate("EUR", "PLN", "4.25"), False, Severity.BLOCK),
        (MemberState.DE, money("8000", "TND"), None, rate("TND", "EUR", "0.30"), True, Severity.BLOCK),
        (MemberState.DE, money("8000", "TND"), None, rate("USD", "EUR", "0.92"), False, Severity.PENDING),
        (MemberState.DK, money("25000", "DKK"), money("2800"), None, False, Severity.PENDING),
        (MemberState.DK, money("25000", "DKK"), money("2800"), rate("DKK", "EUR", "0.134"), True, Severity.BLOCK),
        (MemberState.DK, money("25000", "DKK"), money("21000", "DKK"), None, True, Severity.BLOCK),
    ],
    ids=[
        "EUR-wage-no-rate-to-zloty",
        "converted-with-the-rate-carried",
        "converted-with-the-inverse-rate",
        "converted-and-below",
        "dinar-wage-converted-to-euro",
        "a-rate-for-other-currencies",
        "krone-wage-euro-collective-rate-no-rate",
        "krone-wage-converted",
        "same-currency-as-the-collective-rate",
    ],
)
def test_a_wage_in_another_currency_is_converted_or_the_check_waits_for_a_rate(
    offer: JobOffered,
    destination: MemberState,
    wage: Money,
    collective: Money | None,
    exchange: ExchangeRate | None,
    passed: bool,
    severity: Severity,
) -> None:
    terms = offered(offer, wage, destination, collective_agreement_wage=collective, exchange_rate=exchange)
    found = wage_minimum(terms)
    assert (found.passed, found.severity, found.evidence["comparable"]) == (
        passed,
        severity,
        severity is Severity.BLOCK,
    )
    if severity is Severity.PENDING:
        assert "no exchange rate" in found.explanation


def test_the_rate_used_is_shown_in_the_evidence(offer: JobOffered) -> None:
    exchange = rate("EUR", "PLN", "4.25").model_copy(update={"rate_source": "ECB"})
    found = wage_minimum(offered(offer, money("1100"), MemberState.PL, exchange_rate=exchange))
    assert found.evidence["exchange_rate"] == "1 EUR = 4.25 PLN on 2025-03-03 (ECB)"
    assert found.evidence["paid_in_minimum_currency"] == "PLN 4675.00"


@pytest.mark.parametrize(
    ("collective", "wage", "passed", "severity"),
    [
        (None, "2500", False, Severity.PENDING),
        ("2400", "2500", True, Severity.BLOCK),
        ("2600", "2500", False, Severity.BLOCK),
    ],
    ids=["no-collective-rate-waits", "above-collective-rate", "below-collective-rate"],
)
def test_without_a_statutory_minimum_the_collective_rate_is_the_floor(
    offer: JobOffered, collective: str | None, wage: str, passed: bool, severity: Severity
) -> None:
    agreed = None if collective is None else money(collective)
    found = wage_minimum(offered(offer, money(wage), MemberState.IT, collective_agreement_wage=agreed))
    assert (found.passed, found.severity) == (passed, severity)
    assert found.evidence["statutory_minimum"] is None


def test_a_missing_collective_rate_says_what_is_needed(offer: JobOffered) -> None:
    found = wage_minimum(offered(offer, money("2500"), MemberState.SE))
    assert "collective-agreement rate" in found.explanation


def test_a_collective_rate_above_the_statutory_minimum_is_the_floor(offer: JobOffered) -> None:
    found = wage_minimum(offered(offer, money("2500"), MemberState.DE, collective_agreement_wage=money("2800")))
    assert (found.passed, found.evidence["required_minimum"]) == (False, "EUR 2800.00")
