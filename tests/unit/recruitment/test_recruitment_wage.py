"""FR-WAGE-1: statutory minimum, collective-agreement rate, currency, and part-time pro-rating."""

from decimal import Decimal
from typing import Any

import pytest

from contracts.offers import JobOffered
from contracts.types import MemberState, Money, Severity
from services.common.reference import monthly_minimum_wage
from services.recruitment.rules.policy import RecruitmentPolicy
from services.recruitment.rules.wage import pro_rated, wage_minimum

GERMAN_MINIMUM = Decimal(2161)  # reference/minimum_wages.json, 1 January 2025


def money(amount: str | Decimal, currency: str = "EUR") -> Money:
    return Money(amount=Decimal(amount), currency=currency)


def offered(offer: JobOffered, wage: Money, destination: MemberState = MemberState.DE, **fields: Any) -> JobOffered:
    data = offer.model_dump() | {"monthly_gross_wage": wage, "destination": destination} | fields
    return JobOffered.model_validate(data)


def weekly(offer: JobOffered, hours: int) -> dict[str, Any]:
    return {"working_time": offer.working_time.model_copy(update={"weekly_hours": Decimal(hours)})}


def test_the_german_minimum_comes_from_the_reference_table() -> None:
    assert monthly_minimum_wage(MemberState.DE) == money(GERMAN_MINIMUM)


@pytest.mark.parametrize(
    ("wage", "passed"),
    [(GERMAN_MINIMUM, True), (GERMAN_MINIMUM + Decimal("0.01"), True), (GERMAN_MINIMUM - Decimal("0.01"), False)],
    ids=["at-the-minimum", "above", "one-cent-below"],
)
def test_wage_is_checked_against_the_statutory_minimum(
    offer: JobOffered, policy: RecruitmentPolicy, wage: Decimal, passed: bool
) -> None:
    found = wage_minimum(offered(offer, money(wage)), policy)
    assert (found.passed, found.severity, found.evidence["required_minimum"]) == (passed, Severity.BLOCK, "EUR 2161.00")


@pytest.mark.parametrize(
    ("collective", "wage", "passed", "comparable"),
    [(None, "2500", False, False), ("2400", "2500", True, True), ("2600", "2500", False, True)],
    ids=["no-collective-rate", "above-collective-rate", "below-collective-rate"],
)
def test_without_a_statutory_minimum_the_collective_rate_is_needed(
    offer: JobOffered, policy: RecruitmentPolicy, collective: str | None, wage: str, passed: bool, comparable: bool
) -> None:
    rate = None if collective is None else money(collective)
    found = wage_minimum(offered(offer, money(wage), MemberState.IT, collective_agreement_wage=rate), policy)
    assert (found.passed, found.severity, found.evidence["comparable"]) == (passed, Severity.BLOCK, comparable)
    assert found.evidence["statutory_minimum"] is None


def test_missing_collective_rate_says_what_is_needed(offer: JobOffered, policy: RecruitmentPolicy) -> None:
    found = wage_minimum(offered(offer, money("2500"), MemberState.SE), policy)
    assert "collective-agreement rate" in found.explanation


def test_a_collective_rate_above_the_statutory_minimum_is_the_floor(
    offer: JobOffered, policy: RecruitmentPolicy
) -> None:
    found = wage_minimum(offered(offer, money("2500"), collective_agreement_wage=money("2800")), policy)
    assert (found.passed, found.evidence["required_minimum"]) == (False, "EUR 2800.00")


@pytest.mark.parametrize(
    ("destination", "wage", "collective", "passed", "comparable"),
    [
        (MemberState.PL, money("5000", "PLN"), None, False, False),
        (MemberState.DK, money("25000", "DKK"), None, False, False),
        (MemberState.DK, money("25000", "DKK"), money("2800"), False, False),
        (MemberState.DK, money("25000", "DKK"), money("21000", "DKK"), True, True),
    ],
    ids=["PLN-against-EUR-minimum", "DKK-no-rate", "DKK-against-EUR-rate", "DKK-against-DKK-rate"],
)
def test_wages_in_another_currency_than_the_minimum_cannot_pass_silently(
    offer: JobOffered,
    policy: RecruitmentPolicy,
    destination: MemberState,
    wage: Money,
    collective: Money | None,
    passed: bool,
    comparable: bool,
) -> None:
    terms = offered(offer, wage, destination, collective_agreement_wage=collective)
    found = wage_minimum(terms, policy)
    assert (found.passed, found.evidence["comparable"]) == (passed, comparable)


@pytest.mark.parametrize(
    ("hours", "full_time", "wage", "passed"),
    [
        (20, 40, "1080.50", True),
        (20, 40, "1080.49", False),
        (30, 40, "1620.75", True),
        (48, 40, "2160.99", False),
        (20, 35, "1234.86", True),
        (20, 35, "1234.85", False),
    ],
    ids=[
        "half-time-at",
        "half-time-below",
        "30h-at",
        "overtime-owes-no-more-than-full",
        "35h-week-at",
        "35h-week-below",
    ],
)
def test_part_time_weeks_pro_rate_the_monthly_minimum(
    offer: JobOffered, hours: int, full_time: int, wage: str, passed: bool
) -> None:
    policy = RecruitmentPolicy(full_time_weekly_hours=Decimal(full_time))
    found = wage_minimum(offered(offer, money(wage), **weekly(offer, hours)), policy)
    assert found.passed is passed, found.explanation


@pytest.mark.parametrize(
    ("hours", "expected"),
    [(40, "2161.00"), (20, "1080.50"), (10, "540.25"), (0, "0.00"), (60, "2161.00")],
)
def test_pro_rating_scales_by_weekly_hours_up_to_full_time(
    policy: RecruitmentPolicy, hours: int, expected: str
) -> None:
    assert pro_rated(money(GERMAN_MINIMUM), Decimal(hours), policy) == money(expected)
