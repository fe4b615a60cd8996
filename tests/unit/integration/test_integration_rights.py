"""Leave, housing and a change of employer under way, as check-ins report them: alerted when the fact is reported
against the worker, silent when it is not reported."""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from contracts.integration import AlertSeverity
from services.integration.rules.alerts import Rule
from services.integration.rules.rights import employer_change_pending, housing_substandard, leave_denied
from services.integration.steps import on_checkin
from tests.unit.integration.samples import POLICY, checkin, codes, observe, started

MEDIUM, INFO = AlertSeverity.MEDIUM, AlertSeverity.INFO
CASES: list[tuple[str, Rule, dict[str, Any], AlertSeverity | None]] = [
    ("three weeks of paid leave a year", leave_denied, {"paid_leave_weeks_per_year": Decimal(3)}, MEDIUM),
    ("four weeks of paid leave a year", leave_denied, {"paid_leave_weeks_per_year": Decimal(4)}, None),
    ("leave asked for and refused", leave_denied, {"leave_refused": True}, MEDIUM),
    ("leave granted", leave_denied, {"leave_refused": False}, None),
    ("leave not reported", leave_denied, {}, None),
    ("housing below health and safety standards", housing_substandard, {"housing_meets_health_safety": False},
     MEDIUM),
    ("moved without telling the authorities", housing_substandard, {"housing_change_notified": False}, MEDIUM),
    ("housing safe and the move notified", housing_substandard,
     {"housing_meets_health_safety": True, "housing_change_notified": True}, None),
    ("housing not reported", housing_substandard, {}, None),
    ("change of employer notified", employer_change_pending, {"employer_change_notified_on": date(2026, 5, 4)}, INFO),
    ("no change under way", employer_change_pending, {}, None),
]  # fmt: skip


@pytest.mark.parametrize(("rule", "changes", "severity"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_rights_alert_is_raised_exactly_when_its_trigger_is_reported(
    rule: Rule, changes: dict[str, Any], severity: AlertSeverity | None
) -> None:
    raised = rule(observe(checkin(**changes)))
    assert (raised.severity if raised else None) == severity


def test_a_notified_change_of_employer_names_the_day_the_opposition_window_closes() -> None:
    raised = employer_change_pending(observe(checkin(employer_change_notified_on=date(2026, 5, 4))))
    assert raised is not None
    assert (raised.evidence["window_days"], raised.evidence["window_closes_on"]) == (45, "2026-06-18")
    shorter = employer_change_pending(
        observe(checkin(employer_change_notified_on=date(2026, 5, 4)), employer_change_window_days=30)
    )
    assert shorter is not None and shorter.evidence["window_closes_on"] == "2026-06-03"


def test_the_rights_alerts_are_raised_from_a_check_in_and_a_notified_change_once() -> None:
    report = checkin(3, leave_refused=True, housing_meets_health_safety=False,
                     employer_change_notified_on=date(2026, 3, 20))  # fmt: skip
    case, first = on_checkin(started(), report, date(2026, 4, 3), POLICY)
    _, again = on_checkin(case, checkin(4, employer_change_notified_on=date(2026, 3, 20)), date(2026, 5, 3), POLICY)
    assert codes(first) == ["LEAVE_DENIED", "HOUSING_SUBSTANDARD", "EMPLOYER_CHANGE_PENDING"]
    assert codes(again) == []
