"""Time-based alerts on clock ticks: unpaid wages, missed check-ins, the unemployment clock, grievances."""

from datetime import date, timedelta

import pytest

from contracts.deployments import EndReason
from contracts.integration import AlertRaised, AlertSeverity, GrievanceEscalated
from contracts.monitoring import GrievanceFiled, GrievanceResolved
from services.integration.case import IntegrationCase
from services.integration.rules.policy import IntegrationPolicy
from services.integration.steps import (
    next_due,
    on_checkin,
    on_contract_ended,
    on_day,
    on_grievance_filed,
    on_grievance_resolved,
)
from tests.unit.integration.samples import ARRIVED, CLEARED, POLICY, checkin, codes, days, ended, started

MEDIUM, HIGH = AlertSeverity.MEDIUM, AlertSeverity.HIGH


def alerts(emitted: list[object]) -> list[AlertRaised]:
    return [e for e in emitted if isinstance(e, AlertRaised)]


def test_an_unpaid_period_raises_wage_late_once_after_the_allowed_days() -> None:
    case, _ = on_checkin(started(), checkin(1, paid_on=None), date(2026, 2, 3), POLICY)
    case, before = days(case, date(2026, 2, 3), date(2026, 3, 2))
    case, after = days(case, date(2026, 3, 3), date(2026, 3, 10))
    assert (codes(before), codes(after)) == ([], ["WAGE_LATE"])
    assert alerts(after)[0].raised_on == date(2026, 3, 3)


def test_a_later_report_that_the_period_was_paid_stops_wage_late() -> None:
    case, _ = on_checkin(started(), checkin(1, paid_on=None), date(2026, 2, 3), POLICY)
    case, _ = on_checkin(case, checkin(1, checkin_id="C-01b"), date(2026, 2, 20), POLICY)
    assert "WAGE_LATE" not in codes(days(case, date(2026, 2, 20), date(2026, 3, 20))[1])


def test_a_wage_paid_late_is_not_alerted_again_by_the_clock() -> None:
    case, _ = on_checkin(started(), checkin(1, paid_on=None), date(2026, 2, 3), POLICY)
    case, first = days(case, date(2026, 3, 3), date(2026, 3, 3))
    case, again = on_checkin(case, checkin(1, checkin_id="C-01b", paid_on=date(2026, 3, 10)), date(2026, 3, 10), POLICY)
    assert (codes(first), codes(again)) == (["WAGE_LATE"], [])


def test_missed_check_ins_escalate_from_medium_to_high_and_reset_on_a_check_in() -> None:
    case, emitted = days(started(), date(2026, 1, 1), date(2026, 3, 13))
    raised = [(a.raised_on, a.severity, a.evidence["consecutive_misses"]) for a in alerts(emitted)]
    assert raised == [(date(2026, 2, 6), MEDIUM, 1), (date(2026, 3, 13), HIGH, 2)]
    case, _ = on_checkin(case, checkin(2), date(2026, 3, 14), POLICY)
    case, emitted = days(case, date(2026, 3, 14), date(2026, 4, 19))
    assert [(a.raised_on, a.severity) for a in alerts(emitted)] == [(date(2026, 4, 19), MEDIUM)]


def test_a_late_known_arrival_raises_one_missed_check_in_alert_for_all_intervals_missed() -> None:
    _case, emitted = on_day(started(), date(2026, 4, 1), POLICY)
    assert [(a.alert, a.severity, a.evidence["consecutive_misses"]) for a in alerts(emitted)] == [
        ("CHECKIN_MISSED", HIGH, 2)
    ]


def test_the_check_in_interval_is_a_setting() -> None:
    policy = IntegrationPolicy(checkin_interval_days=10)
    _, emitted = days(started(policy), date(2026, 1, 1), date(2026, 1, 12), policy)
    assert codes(emitted) == ["CHECKIN_MISSED"]


@pytest.mark.parametrize(
    ("permit_start", "stages"),
    [
        (date(2026, 1, 1), [(date(2026, 4, 30), "info"), (date(2026, 5, 15), "warn"), (date(2026, 6, 1), "limit")]),
        (date(2023, 1, 1), [(date(2026, 4, 30), "info"), (date(2026, 5, 15), "warn"), (date(2026, 9, 1), "limit")]),
    ],
    ids=["three months", "six months after two years of permit"],
)
def test_the_unemployment_clock_warns_then_reaches_the_permit_limit(
    permit_start: date, stages: list[tuple[date, str]]
) -> None:
    case = started().model_copy(update={"arrival": ARRIVED.model_copy(update={"permit_start_on": permit_start})})
    case, _ = on_checkin(case, checkin(2, unemployed_since=date(2026, 3, 1)), date(2026, 3, 2), POLICY)
    case = case.model_copy(update={"missed_checkins": 99})  # keep missed check-ins out of this test
    _, emitted = days(case, date(2026, 3, 2), date(2026, 10, 1))
    unemployment = [a for a in alerts(emitted) if a.alert == "UNEMPLOYMENT_CLOCK"]
    assert [(a.raised_on, a.evidence["stage"]) for a in unemployment] == stages
    assert [a.severity for a in unemployment] == [AlertSeverity.INFO, MEDIUM, HIGH]


def test_unemployment_reported_late_raises_only_the_stage_reached() -> None:
    case, _ = on_checkin(started(), checkin(4, unemployed_since=date(2026, 2, 1)), date(2026, 4, 30), POLICY)
    _, emitted = on_day(case, date(2026, 4, 30), POLICY)
    assert [(a.evidence["stage"], a.severity) for a in alerts(emitted) if a.alert == "UNEMPLOYMENT_CLOCK"] == [
        ("warn", MEDIUM)
    ]


def test_a_new_job_ends_the_unemployment_clock() -> None:
    case, _ = on_checkin(started(), checkin(2, unemployed_since=date(2026, 3, 1)), date(2026, 3, 2), POLICY)
    case, _ = on_checkin(case, checkin(3), date(2026, 4, 2), POLICY)
    assert "UNEMPLOYMENT_CLOCK" not in codes(days(case, date(2026, 4, 2), date(2026, 6, 30))[1])


def filed(category: str, grievance_id: str = "G-1") -> GrievanceFiled:
    return GrievanceFiled(participant_id="P-1", grievance_id=grievance_id, category=category, filed_on=date(2026, 2, 1))


@pytest.mark.parametrize(
    ("category", "severity"),
    [("wages", HIGH), ("Documents", AlertSeverity.CRITICAL), ("housing", MEDIUM), ("canteen", MEDIUM)],
)
def test_a_filed_grievance_raises_grievance_open_with_the_severity_of_its_category(
    category: str, severity: AlertSeverity
) -> None:
    _, emitted = on_grievance_filed(started(), filed(category), date(2026, 2, 1), POLICY)
    assert [(a.alert, a.severity) for a in alerts(emitted)] == [("GRIEVANCE_OPEN", severity)]


def test_an_unresolved_grievance_is_escalated_once_after_its_deadline() -> None:
    case, _ = on_grievance_filed(started(), filed("wages"), date(2026, 2, 1), POLICY)
    case, _ = on_checkin(case, checkin(1), date(2026, 2, 1), POLICY)
    case, before = days(case, date(2026, 2, 1), date(2026, 3, 3))
    case, after = days(case, date(2026, 3, 4), date(2026, 3, 6))
    escalated = [e for e in after if isinstance(e, GrievanceEscalated)]
    assert [e for e in before if isinstance(e, GrievanceEscalated)] == []
    assert [(e.grievance_id, e.due_on, e.escalated_on, e.severity) for e in escalated] == [
        ("G-1", date(2026, 3, 3), date(2026, 3, 4), HIGH)
    ]


def test_a_grievance_resolved_in_time_is_not_escalated() -> None:
    case, _ = on_grievance_filed(started(), filed("wages"), date(2026, 2, 1), POLICY)
    resolved = GrievanceResolved(participant_id="P-1", grievance_id="G-1", resolved_on=date(2026, 2, 20))
    case, _ = on_grievance_resolved(case, resolved, date(2026, 2, 20), POLICY)
    _, emitted = days(case, date(2026, 2, 20), date(2026, 4, 1))
    assert not any(isinstance(e, GrievanceEscalated) for e in emitted)


def test_a_grievance_filed_twice_is_alerted_once() -> None:
    case, first = on_grievance_filed(started(), filed("wages"), date(2026, 2, 1), POLICY)
    _, again = on_grievance_filed(case, filed("wages"), date(2026, 2, 2), POLICY)
    assert (codes(first), again) == (["GRIEVANCE_OPEN"], [])


def test_next_due_is_the_first_day_a_tick_can_emit() -> None:
    case = started()
    due = next_due(case, POLICY)
    assert due == date(2026, 2, 6)
    assert on_day(case, due - timedelta(days=1), POLICY)[1] == []
    assert codes(on_day(case, due, POLICY)[1]) == ["CHECKIN_MISSED"]


def test_next_due_follows_the_earliest_open_timer() -> None:
    case, _ = on_checkin(started(), checkin(1, paid_on=None), date(2026, 1, 20), POLICY)
    assert next_due(case, POLICY) == date(2026, 2, 25)  # 35 days after the check-in, before WAGE_LATE on 3 March
    case, _ = days(case, date(2026, 2, 25), date(2026, 2, 25))
    assert next_due(case, POLICY) == date(2026, 3, 3)


def test_a_case_not_started_has_no_timers() -> None:
    case, _ = on_checkin(IntegrationCase(), checkin(1), date(2026, 2, 3), POLICY)
    assert (next_due(case, POLICY), on_day(case, date(2026, 9, 1), POLICY)[1]) == (None, [])
    assert CLEARED.participant_id == case.participant_id


def test_next_due_follows_the_unemployment_clock_after_the_contract_ended() -> None:
    case, _ = on_checkin(started(), checkin(2, unemployed_since=date(2026, 3, 1)), date(2026, 3, 2), POLICY)
    case, _ = on_contract_ended(case, ended(date(2026, 2, 28), EndReason.DISMISSED), date(2026, 3, 2), POLICY)
    assert next_due(case, POLICY) == date(2026, 4, 30)
    case, _ = on_day(case, date(2026, 4, 30), POLICY)
    assert next_due(case, POLICY) == date(2026, 5, 15)


def test_unemployment_stages_must_come_in_order() -> None:
    with pytest.raises(ValueError, match="fewer than"):
        IntegrationPolicy(unemployment_info_days=80)
