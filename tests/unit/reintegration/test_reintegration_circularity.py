"""Eligibility for another mobility cycle, and circular-migrant status by the UNECE rule (both variants)."""

from datetime import date
from typing import Any

import pytest

from contracts.integration import AlertCount, AlertSeverity
from services.common.dates import add_months
from services.reintegration.rules.circularity import Stay
from services.reintegration.rules.eligibility import eligibility
from services.reintegration.rules.policy import ReintegrationPolicy
from tests.unit.reintegration.examples import POLICY, RETURNED, returned, summary

ONE_STAY = [Stay(departed_on=date(2026, 1, 5), returned_on=RETURNED)]


@pytest.mark.parametrize(
    ("changes", "with_return", "policy", "eligible", "failed"),
    [
        ({}, True, POLICY, True, set()),
        ({"contract_completed": False}, True, POLICY, False, {"RI-ELIG-1"}),
        ({}, False, POLICY, False, {"RI-ELIG-2"}),
        (
            {"alerts": [AlertCount(alert="GRIEVANCE_OPEN", count=1, severity=AlertSeverity.HIGH)]},
            True,
            ReintegrationPolicy(disqualifying_alerts=frozenset({"GRIEVANCE_OPEN"})),
            False,
            {"RI-ELIG-3"},
        ),
        ({"critical_alerts": ["DEBT"]}, True, POLICY, True, set()),
    ],
    ids=[
        "completed-and-returned",
        "contract-ended-early",
        "no-return",
        "configured-disqualifying-alert",
        "alerts-do-not-disqualify-by-default",
    ],
)
def test_a_completed_contract_and_a_registered_return_make_a_worker_eligible_for_another_cycle(
    changes: dict[str, Any], with_return: bool, policy: ReintegrationPolicy, eligible: bool, failed: set[str]
) -> None:
    result = eligibility(summary(**changes), returned() if with_return else None, ONE_STAY, RETURNED, policy)
    assert result.eligible is eligible
    assert {f.rule_id for f in result.findings if not f.passed and f.rule_id.startswith("RI-ELIG")} == failed


def stays(*pairs: tuple[str, str]) -> list[Stay]:
    return [Stay(departed_on=date.fromisoformat(a), returned_on=date.fromisoformat(b)) for a, b in pairs]


@pytest.mark.parametrize(
    ("history", "today", "circular", "temporary"),
    [
        (stays(("2015-01-10", "2016-06-10"), ("2017-09-01", "2019-01-15")), "2019-02-01", True, True),
        (stays(("2024-01-01", "2024-07-01"), ("2024-11-01", "2025-05-01")), "2025-05-10", False, True),
        (stays(("2024-01-01", "2024-07-01"), ("2024-08-15", "2025-02-15")), "2025-03-01", False, False),
        (stays(("2020-01-01", "2022-01-01")), "2024-01-01", False, False),
        (stays(("2005-01-10", "2006-06-10"), ("2007-09-01", "2009-01-15")), "2019-02-01", False, False),
        (stays(("2015-01-10", "2016-01-10"), ("2017-01-10", "2018-01-10")), "2018-02-01", True, True),
    ],
    ids=[
        "three-year-long-stays",
        "stays-of-months",
        "a-home-stay-under-90-days",
        "one-stay-two-crossings",
        "crossings-older-than-ten-years",
        "exactly-twelve-months",
    ],
)
def test_three_crossings_in_ten_years_each_followed_by_a_long_enough_stay_make_a_circular_migrant(
    history: list[Stay], today: str, circular: bool, temporary: bool
) -> None:
    result = eligibility(summary(), returned(), history, date.fromisoformat(today), POLICY)
    assert (result.circular_migrant, result.temporary_circular_migrant) == (circular, temporary)
    assert {f.rule_id: f.passed for f in result.findings if f.rule_id.startswith("RI-CIRC")} == {
        "RI-CIRC-1": circular,
        "RI-CIRC-2": temporary,
    }


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [("2025-01-31", 1, "2025-02-28"), ("2024-02-29", 12, "2025-02-28"), ("2025-03-15", -120, "2015-03-15")],
)
def test_adding_months_keeps_the_day_or_the_month_end(day: str, months: int, expected: str) -> None:
    assert add_months(date.fromisoformat(day), months) == date.fromisoformat(expected)


def test_no_crossing_known_yet_makes_no_circular_migrant_and_no_error() -> None:
    """A contract's summary can reach the service before the return it belongs to (two topics, no order between
    them): with no crossing on or before today, nothing counts."""
    not_yet = [Stay(departed_on=date(2026, 3, 1), returned_on=None), Stay()]
    result = eligibility(summary(), returned(), not_yet, date(2026, 2, 1), POLICY)
    assert (result.circular_migrant, result.temporary_circular_migrant) == (False, False)
