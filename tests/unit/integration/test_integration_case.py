"""The monitoring case on plain values: start in either order, held events, once-only alerts, a clean stay."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from contracts.envelope import EventData
from contracts.integration import AlertRaised, IntegrationSummarised, MilestoneReached
from contracts.monitoring import GrievanceFiled, Rent
from services.integration.case import IntegrationCase
from services.integration.steps import (
    on_arrival,
    on_checkin,
    on_contract_ended,
    on_grievance_filed,
    on_placement_cleared,
)
from tests.unit.integration.samples import (
    ARRIVED,
    ARRIVED_ON,
    CLEARED,
    POLICY,
    checkin,
    codes,
    days,
    ended,
    eur,
    month_end,
    started,
)

BAD = checkin(1, has_own_documents=False)
FIRST_DAY = date(2026, 1, 5)


def test_a_check_in_before_the_arrival_is_held_and_applied_when_monitoring_starts() -> None:
    case, held = on_checkin(IntegrationCase(), BAD, date(2025, 12, 20), POLICY)
    case, cleared = on_placement_cleared(case, CLEARED, date(2025, 12, 21), POLICY)
    case, arrived = on_arrival(case, ARRIVED, FIRST_DAY, POLICY)
    assert (held, cleared, codes(arrived)) == ([], [], ["DOCS_RETAINED"])
    assert [r.checkin_id for r in case.reports] == ["C-01"] and case.held == []
    assert [a.raised_on for a in arrived if isinstance(a, AlertRaised)] == [FIRST_DAY]


@pytest.mark.parametrize(
    ("arrival_first", "at_arrival", "at_clearance"),
    [(True, ["ARRIVED_WITHOUT_CLEARANCE", "DOCS_RETAINED", "TERMS_UNKNOWN"], []), (False, ["DOCS_RETAINED"], [])],
    ids=["arrival first", "placement first"],
)
def test_monitoring_starts_at_the_arrival_whichever_comes_first(
    arrival_first: bool, at_arrival: list[str], at_clearance: list[str]
) -> None:
    case, _ = on_checkin(IntegrationCase(), BAD, date(2025, 12, 20), POLICY)
    steps = [(on_arrival, ARRIVED), (on_placement_cleared, CLEARED)]
    emitted: dict[str, list[str]] = {}
    for handle, event in steps if arrival_first else steps[::-1]:
        case, out = handle(case, event, FIRST_DAY, POLICY)  # type: ignore[operator]
        emitted[type(event).__name__] = codes(out)
    assert case.started
    assert (emitted["ParticipantArrived"], emitted["PlacementCleared"]) == (at_arrival, at_clearance)


def test_a_contract_end_and_grievance_before_the_start_are_applied_in_the_order_they_came() -> None:
    grievance = GrievanceFiled(participant_id="P-1", grievance_id="G-1", category="wages", filed_on=date(2026, 1, 2))
    case, _ = on_checkin(IntegrationCase(), checkin(1), date(2026, 2, 1), POLICY)
    case, _ = on_grievance_filed(case, grievance, date(2026, 2, 1), POLICY)
    case, _ = on_contract_ended(case, ended(date(2026, 1, 31)), date(2026, 2, 1), POLICY)
    case, _ = on_placement_cleared(case, CLEARED, date(2026, 2, 2), POLICY)
    _, emitted = on_arrival(case, ARRIVED, date(2026, 2, 2), POLICY)
    kinds = [type(e).__name__ for e in emitted]
    assert kinds == ["AlertRaised", "MilestoneReached", "IntegrationSummarised"]


def test_passport_retained_and_debt_together_raise_fl_multi_with_a_referral() -> None:
    c = checkin(1, has_own_documents=False, recruitment_debt=eur(2000))
    _, emitted = on_checkin(started(), c, date(2026, 2, 3), POLICY)
    assert codes(emitted) == ["DOCS_RETAINED", "DEBT", "FL_MULTI"]
    multi = next(a for a in emitted if isinstance(a, AlertRaised) and a.alert == "FL_MULTI")
    indicators = "debt_bondage,retention_of_identity_documents"
    assert (multi.severity.value, multi.evidence["indicators"]) == ("critical", indicators)
    assert multi.refer_to == ["labour_inspectorate", "anti_trafficking"]


def test_fl_multi_is_raised_again_only_for_a_new_combination() -> None:
    case, _ = on_checkin(started(), checkin(1, has_own_documents=False, recruitment_debt=eur(9)), FIRST_DAY, POLICY)
    case, same = on_checkin(case, checkin(2, has_own_documents=False, recruitment_debt=eur(9)), FIRST_DAY, POLICY)
    worse = checkin(3, has_own_documents=False, recruitment_debt=eur(9), wages_withheld_as_guarantee=True)
    _, more = on_checkin(case, worse, FIRST_DAY, POLICY)
    assert codes(same) == ["DOCS_RETAINED", "DEBT"]
    assert codes(more) == ["WAGE_WITHHELD", "DOCS_RETAINED", "DEBT", "FL_MULTI"]


def test_indicators_reported_by_different_channels_hold_at_once() -> None:
    case, _ = on_checkin(started(), checkin(1, has_own_documents=False), FIRST_DAY, POLICY)
    payroll = checkin(1, checkin_id="PAY-01", channel="employer_payroll", wages_withheld_as_guarantee=True)
    _, emitted = on_checkin(case, payroll, FIRST_DAY, POLICY)
    assert codes(emitted) == ["WAGE_WITHHELD", "FL_MULTI"]


def test_the_same_check_in_delivered_twice_raises_its_alerts_once() -> None:
    case, first = on_checkin(started(), BAD, FIRST_DAY, POLICY)
    case, again = on_checkin(case, BAD, FIRST_DAY, POLICY)
    assert (codes(first), again) == (["DOCS_RETAINED"], [])
    assert case.tally["DOCS_RETAINED"].count == 1


def test_a_lasting_substitution_is_raised_once_and_a_new_difference_again() -> None:
    case, first = on_checkin(started(), checkin(1, occupation="9329"), FIRST_DAY, POLICY)
    case, same = on_checkin(case, checkin(2, occupation="9329"), FIRST_DAY, POLICY)
    longer = checkin(3, occupation="9329", hours_worked=Decimal(46), gross_paid=eur(2600))
    _, other = on_checkin(case, longer, FIRST_DAY, POLICY)
    assert (codes(first), codes(same), codes(other)) == (["CONTRACT_SUBSTITUTED"], [], ["CONTRACT_SUBSTITUTED"])


def test_the_case_survives_a_round_trip_through_json() -> None:
    case, _ = on_checkin(IntegrationCase(), BAD, date(2025, 12, 20), POLICY)
    assert IntegrationCase.model_validate_json(case.model_dump_json()) == case
    case, _ = on_placement_cleared(case, CLEARED, FIRST_DAY, POLICY)
    case, _ = on_arrival(case, ARRIVED, FIRST_DAY, POLICY)
    case, _ = days(case, FIRST_DAY, date(2026, 8, 1))
    assert IntegrationCase.model_validate_json(case.model_dump_json()) == case


def clean_checkin(month: int) -> tuple[date, EventData]:
    """Check-in for `month`, received on the 3rd of the next month; briefing in the first, B1 reached in May."""
    c = checkin(month, rent=Rent(amount=eur(400), auto_deducted=False), occupation="7212",
                min_daily_rest_hours=Decimal(12), min_weekly_rest_hours=Decimal(48),
                language_level="B1" if month >= 5 else "A2", rights_briefing_received=month == 1)  # fmt: skip
    return month_end(2026, month) + timedelta(days=3), c


def test_a_clean_nine_month_contract_raises_no_alert_and_sums_up_right() -> None:
    case, emitted = started(), list[EventData]()
    day = ARRIVED_ON
    for received_on, c in [clean_checkin(month) for month in range(1, 10)]:
        case, out = days(case, day, received_on)
        case, more = on_checkin(case, c, received_on, POLICY)  # type: ignore[arg-type]
        emitted += out + more
        day = received_on + timedelta(days=1)
    case, out = on_contract_ended(case, ended(date(2026, 9, 30)), date(2026, 10, 3), POLICY)
    case, tail = days(case, date(2026, 10, 4), date(2026, 12, 31))
    emitted += out + tail
    assert codes(emitted) == []
    milestones = [(m.milestone, m.reached_on) for m in emitted if isinstance(m, MilestoneReached)]
    assert milestones == [
        ("rights_briefing_delivered", date(2026, 2, 3)),
        ("language_level_gained", date(2026, 6, 3)),
        ("six_months_employed", date(2026, 7, 1)),
        ("contract_completed", date(2026, 9, 30)),
    ]
    summary = next(e for e in emitted if isinstance(e, IntegrationSummarised))
    assert (summary.months_worked, summary.wages_due, summary.wages_paid) == (Decimal(9), eur(20700), eur(20700))
    assert (summary.wage_shortfall, summary.alerts, summary.critical_alerts) == (eur(0), [], [])
    assert (summary.language_start, summary.language_end, summary.occupation_held) == ("A2", "B1", "7212")
    assert summary.contract_completed and summary.partner_country == "TN"


def test_a_corrected_check_in_replaces_the_one_it_corrects() -> None:
    case, _ = on_checkin(started(), checkin(1, hours_worked=Decimal(60), gross_paid=eur(3300)), FIRST_DAY, POLICY)
    case, emitted = on_checkin(case, checkin(1, hours_worked=Decimal(40)), FIRST_DAY, POLICY)
    assert [r.hours_worked for r in case.reports] == [Decimal(40)]
    assert codes(emitted) == []
