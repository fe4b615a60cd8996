"""WAGE_BELOW_MIN and WAGE_BELOW_CONTRACT on the shared wage floor: the hourly minimum times the hours worked with no
cap, France's 35-hour basis, 14 payments compared per regular payment, and pay in another currency converted with
the check-in's rate or reported as not compared. Recruitment's FR-WAGE-1 owes the same floor for the same hours."""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from contracts.integration import AlertSeverity
from contracts.offers import JobOffered
from contracts.types import ExchangeRate, Money
from services.integration.rules.pay import wage_below_contract, wage_below_min
from services.recruitment.rules.wage import wage_minimum
from tests.unit.integration.samples import checkin, eur, observe, terms

HIGH, MEDIUM = AlertSeverity.HIGH, AlertSeverity.MEDIUM


def money(amount: str, currency: str) -> Money:
    return Money(amount=Decimal(amount), currency=currency)


def rate(from_currency: str, to_currency: str, value: str) -> ExchangeRate:
    return ExchangeRate(
        from_currency=from_currency, to_currency=to_currency, rate=Decimal(value), rate_date=date(2026, 2, 2)
    )


def hours(weekly: int) -> dict[str, Any]:
    return {"working_time": terms().working_time.model_copy(update={"weekly_hours": Decimal(weekly)})}


MINIMUM = [
    # (contract terms, check-in fields, expected severity or None)
    ({}, {"hours_worked": Decimal(48), "gross_paid": eur("2600")}, HIGH),
    ({}, {"hours_worked": Decimal(48), "gross_paid": eur("2666.56")}, None),
    ({}, {"gross_paid": eur("2222.12")}, HIGH),
    ({"destination": "FR", **hours(35)}, {"hours_worked": Decimal(35), "gross_paid": eur("1801.80")}, None),
    ({"destination": "FR", **hours(35)}, {"hours_worked": Decimal(35), "gross_paid": eur("1750")}, HIGH),
    ({"destination": "FR", **hours(35)}, {"hours_worked": Decimal(39), "gross_paid": eur("1900")}, HIGH),
    ({"destination": "ES", "payments_per_year": 14}, {"gross_paid": eur("1184")}, None),
    ({"destination": "ES", "payments_per_year": 14}, {"gross_paid": eur("1184"), "payments_per_year": 12}, HIGH),
    ({"destination": "ES", "payments_per_year": 14}, {"gross_paid": eur("1381.33"), "payments_per_year": 12}, None),
    ({"destination": "PT", "payments_per_year": 14}, {"gross_paid": eur("870")}, None),
    ({"destination": "GR", "payments_per_year": 14}, {"gross_paid": eur("829")}, HIGH),
]


@pytest.mark.parametrize(
    ("contract", "reported", "severity"),
    MINIMUM,
    ids=[
        "DE-48h-worked-owes-48-hours",
        "DE-48h-paid-in-full",
        "DE-a-cent-below-rate-x-hours",
        "FR-35h-at-SMIC",
        "FR-35h-below-SMIC",
        "FR-39h-worked",
        "ES-regular-payment-of-14",
        "ES-extras-spread-over-12-not-paid",
        "ES-extras-spread-over-12-paid",
        "PT-regular-payment-of-14",
        "GR-below-regular-payment",
    ],
)
def test_pay_is_checked_against_the_floor_for_the_hours_worked_and_the_payments(
    contract: dict[str, Any], reported: dict[str, Any], severity: AlertSeverity | None
) -> None:
    raised = wage_below_min(observe(checkin(**reported), terms(**contract)))
    assert (raised.severity if raised else None) == severity, raised and raised.explanation


@pytest.mark.parametrize(
    ("contract", "reported", "severity"),
    [
        ({}, {"gross_paid": money("9000", "TND")}, MEDIUM),
        ({}, {"gross_paid": money("9000", "TND"), "exchange_rate": rate("TND", "EUR", "0.30")}, None),
        ({}, {"gross_paid": money("7000", "TND"), "exchange_rate": rate("TND", "EUR", "0.30")}, HIGH),
        ({}, {"gross_paid": money("9000", "TND"), "exchange_rate": rate("USD", "EUR", "0.92")}, MEDIUM),
        ({"destination": "PL", "monthly_gross_wage": money("5000", "PLN")}, {"gross_paid": money("4700", "PLN")}, None),
        ({"destination": "PL", "monthly_gross_wage": money("5000", "PLN")}, {"gross_paid": eur("1100")}, MEDIUM),
        (
            {"destination": "PL", "monthly_gross_wage": money("5000", "PLN")},
            {"gross_paid": eur("1100"), "exchange_rate": rate("PLN", "EUR", "0.2353")},
            None,
        ),
        ({"destination": "IT"}, {}, MEDIUM),
        ({"destination": "IT", "collective_agreement_wage": eur("2400")}, {"gross_paid": eur("2300")}, HIGH),
    ],
    ids=[
        "dinar-pay-no-rate",
        "dinar-pay-converted",
        "dinar-pay-converted-and-below",
        "a-rate-for-other-currencies",
        "zloty-pay-against-zloty-minimum",
        "euro-pay-against-zloty-minimum-no-rate",
        "euro-pay-converted-with-the-inverse-rate",
        "no-minimum-and-no-collective-rate",
        "collective-rate-is-the-floor",
    ],
)
def test_pay_in_another_currency_is_converted_or_reported_as_not_compared(
    contract: dict[str, Any], reported: dict[str, Any], severity: AlertSeverity | None
) -> None:
    raised = wage_below_min(observe(checkin(**reported), terms(**contract)))
    assert (raised.severity if raised else None) == severity, raised and raised.explanation
    if severity is MEDIUM:
        assert raised is not None and raised.evidence["comparable"] is False
        assert "not checked against the minimum" in raised.explanation


@pytest.mark.parametrize(
    ("destination", "weekly", "payments"),
    [("DE", 40, 12), ("DE", 48, 12), ("FR", 35, 12), ("ES", 40, 14), ("GR", 20, 14), ("MT", 40, 12), ("BE", 38, 12)],
)
def test_integration_owes_the_same_floor_recruitment_checked_for_the_same_hours(
    destination: str, weekly: int, payments: int
) -> None:
    contract = terms(destination=destination, payments_per_year=payments, **hours(weekly))
    raised = wage_below_min(observe(checkin(hours_worked=Decimal(weekly), gross_paid=eur(0)), contract))
    offered = JobOffered.model_validate(contract.model_dump() | {"participant_id": "P-1"})
    assert raised is not None
    assert raised.evidence["required_minimum"] == wage_minimum(offered).evidence["required_minimum"]


@pytest.mark.parametrize(
    ("contract", "reported", "severity"),
    [
        ({}, {"gross_paid": money("7000", "TND")}, MEDIUM),
        ({}, {"gross_paid": money("7000", "TND"), "exchange_rate": rate("TND", "EUR", "0.33")}, None),
        ({}, {"gross_paid": money("7000", "TND"), "exchange_rate": rate("TND", "EUR", "0.32")}, HIGH),
        ({"monthly_gross_wage": eur("2000"), "payments_per_year": 14}, {"gross_paid": eur("2000")}, None),
        (
            {"monthly_gross_wage": eur("2000"), "payments_per_year": 14},
            {"gross_paid": eur("2300"), "payments_per_year": 12},
            HIGH,
        ),
    ],
    ids=[
        "other-currency-no-rate",
        "converted-at-the-contract-wage",
        "converted-below-the-contract-wage",
        "regular-payment-of-a-14-payment-contract",
        "14-payment-contract-spread-over-12",
    ],
)
def test_pay_below_the_contract_is_compared_like_with_like_and_never_skipped_for_its_currency(
    contract: dict[str, Any], reported: dict[str, Any], severity: AlertSeverity | None
) -> None:
    raised = wage_below_contract(observe(checkin(**reported), terms(**contract)))
    assert (raised.severity if raised else None) == severity, raised and raised.explanation
