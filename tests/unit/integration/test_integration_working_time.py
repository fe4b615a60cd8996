"""Working time: the 48-hour average over the 4-month reference period, the opt-out only where the Member State
allows one, and excessive overtime and rest checks that no opt-out lifts."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from contracts.integration import AlertSeverity
from contracts.monitoring import CheckInReported
from contracts.offers import JobTerms
from contracts.types import MemberState
from services.integration.rules.alerts import checkin_alerts
from services.integration.rules.catalogue import Observation
from services.integration.rules.working_time import OPT_OUT, hours_excessive, hours_long
from tests.unit.integration.samples import checkin, observe, terms


def opted_out(destination: str) -> JobTerms:
    working_time = terms().working_time.model_copy(update={"opt_out_48h": True})
    return terms(destination=destination, working_time=working_time)


def four_months(hours: int | str) -> tuple[CheckInReported, tuple[CheckInReported, ...]]:
    """January to April at `hours` a week: the latest check-in and the three before it."""
    months = [checkin(month, hours_worked=Decimal(hours)) for month in (1, 2, 3, 4)]
    return months[-1], tuple(months[:-1])


def codes(obs: Observation) -> list[str]:
    return [a.alert for a in checkin_alerts(obs) if a.alert.startswith("HOURS")]


@pytest.mark.parametrize(
    ("destination", "expected", "opt_out"),
    [
        ("BG", [], "counts"),
        ("MT", [], "counts"),
        ("DE", ["HOURS_LONG"], "to_confirm"),
        ("DK", ["HOURS_LONG"], "to_confirm"),
        ("IT", ["HOURS_EXCESSIVE"], "not_allowed"),
        ("PT", ["HOURS_EXCESSIVE"], "not_allowed"),
    ],
    ids=["BG: any sector", "MT: any sector", "DE: some sectors", "DK: some sectors", "IT: none", "PT: none"],
)
def test_an_opt_out_counts_only_in_a_member_state_that_allows_one(
    destination: str, expected: list[str], opt_out: str
) -> None:
    latest, earlier = four_months(55)
    obs = observe(latest, opted_out(destination), earlier)
    assert codes(obs) == expected
    for raised in checkin_alerts(obs):
        if raised.alert in expected:
            assert raised.evidence["opt_out"] == opt_out


def test_a_long_average_without_an_opt_out_over_the_whole_reference_period_is_excessive() -> None:
    latest, earlier = four_months(55)
    raised = hours_excessive(observe(latest, earlier=earlier))
    assert raised is not None
    assert (raised.severity, raised.forced_labour_indicator) == (AlertSeverity.HIGH, True)
    assert (raised.evidence["average_weekly_hours"], raised.evidence["reference_days"]) == ("55.00", 120)


@pytest.mark.parametrize("destination", ["BG", "DE", "IT"])
def test_an_opt_out_never_lifts_the_excessive_overtime_indicator(destination: str) -> None:
    raised = hours_excessive(observe(checkin(1, hours_worked=Decimal(61)), opted_out(destination)))
    assert raised is not None and raised.forced_labour_indicator
    assert "excessive overtime" in raised.explanation


def test_an_opt_out_never_excuses_short_rest() -> None:
    short = checkin(1, hours_worked=Decimal(55), min_daily_rest_hours=Decimal(9), min_weekly_rest_hours=Decimal(24))
    alerts = {a.alert: a for a in checkin_alerts(observe(short, opted_out("BG")))}
    assert alerts["REST_VIOLATION"].severity is AlertSeverity.HIGH


def test_a_single_long_month_before_the_reference_period_is_complete_is_a_warning_not_the_indicator() -> None:
    obs = observe(checkin(1, hours_worked=Decimal(55)))
    raised = hours_long(obs)
    assert hours_excessive(obs) is None and raised is not None
    assert (raised.severity, raised.forced_labour_indicator) == (AlertSeverity.MEDIUM, False)
    assert raised.evidence["reason"] == "reference_period_incomplete"


@pytest.mark.parametrize(("latest_hours", "expected"), [(50, []), (52, ["HOURS_EXCESSIVE"])])
def test_the_48_hour_average_is_taken_over_the_four_months(latest_hours: int, expected: list[str]) -> None:
    earlier = tuple(checkin(month, hours_worked=Decimal(47)) for month in (1, 2, 3))
    assert codes(observe(checkin(4, hours_worked=Decimal(latest_hours)), earlier=earlier)) == expected


def test_hours_before_the_reference_period_do_not_count() -> None:
    long_ago = checkin(1, hours_worked=Decimal(58))
    assert codes(observe(checkin(6, hours_worked=Decimal(40)), earlier=(long_ago,))) == []


def test_a_breach_certain_before_the_period_is_complete_is_already_excessive() -> None:
    earlier = tuple(checkin(month, hours_worked=Decimal(60)) for month in (1, 2, 3))
    latest = checkin(4, period_end=date(2026, 4, 20), hours_worked=Decimal(60))
    assert codes(observe(latest, earlier=earlier)) == ["HOURS_EXCESSIVE"]


def test_days_two_channels_report_count_once() -> None:
    worker = [checkin(month, hours_worked=Decimal(55)) for month in (1, 2, 3)]
    payroll = tuple(c.model_copy(update={"checkin_id": f"PAY-{c.checkin_id}"}) for c in worker[:2])
    obs = observe(worker[-1], earlier=(*worker[:2], *payroll))
    assert codes(obs) == ["HOURS_LONG"]


def test_without_contract_terms_no_opt_out_is_known_and_the_48_hours_hold() -> None:
    latest, earlier = four_months(55)
    raised = hours_excessive(replace(observe(latest, earlier=earlier), contract_terms=None))
    assert raised is not None and raised.evidence["opt_out"] == "none"


def test_every_opt_out_row_names_its_source() -> None:
    assert all(scope in ("all_sectors", "some_sectors") and source for scope, source in OPT_OUT.values())
    assert MemberState.IT not in OPT_OUT and OPT_OUT[MemberState.BG][0] == "all_sectors"
