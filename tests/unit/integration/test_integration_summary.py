"""The summary at contract end: months worked, wages due against paid, alerts, language, occupation held."""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from contracts.deployments import EndReason
from contracts.integration import AlertCount, AlertSeverity, IntegrationSummarised
from contracts.monitoring import Channel
from services.integration.rules.periods import months_in, pay_months
from services.integration.steps import on_arrival, on_checkin, on_contract_ended
from tests.unit.integration.samples import ARRIVED, POLICY, checkin, ended, eur, started

ON = date(2026, 7, 3)


def summary_after(*checkins: Any, end: date = date(2026, 6, 30), reason: EndReason = EndReason.COMPLETED) -> Any:
    case = started()
    for c in checkins:
        case, _ = on_checkin(case, c, ON, POLICY)
    _, emitted = on_contract_ended(case, ended(end, reason), ON, POLICY)
    return next(e for e in emitted if isinstance(e, IntegrationSummarised))


def test_wages_due_paid_and_the_shortfall() -> None:
    paid = [checkin(m) for m in (1, 2, 3, 4)]
    summary = summary_after(*paid, checkin(5, gross_paid=eur(2000)), checkin(6, paid_on=None))
    assert (summary.months_worked, summary.wages_due) == (Decimal(6), eur(13800))
    assert (summary.wages_paid, summary.wage_shortfall) == (eur(11200), eur(2600))


def test_overpayment_leaves_no_negative_shortfall() -> None:
    summary = summary_after(checkin(1, gross_paid=eur(20000)), end=date(2026, 1, 31))
    assert (summary.wages_paid, summary.wage_shortfall) == (eur(20000), eur(0))


def test_the_latest_report_of_a_period_counts_once() -> None:
    unpaid = checkin(1, paid_on=None)
    payroll = checkin(1, checkin_id="PAY-01", channel=Channel.EMPLOYER_PAYROLL)
    summary = summary_after(unpaid, payroll, end=date(2026, 1, 31))
    assert summary.wages_paid == eur(2300)


@pytest.mark.parametrize(
    ("arrived_on", "ended_on", "months"),
    [
        (date(2026, 1, 1), date(2026, 1, 31), Decimal(1)),
        (date(2026, 1, 15), date(2026, 3, 31), Decimal("2.5")),
        (date(2026, 1, 1), date(2026, 9, 30), Decimal(9)),
        (date(2026, 3, 1), date(2026, 2, 28), Decimal(0)),
    ],
)
def test_months_worked_run_from_arrival_to_contract_end(arrived_on: date, ended_on: date, months: Decimal) -> None:
    case, _ = on_arrival(started(), ARRIVED.model_copy(update={"arrived_on": arrived_on}), arrived_on, POLICY)
    _, emitted = on_contract_ended(case, ended(ended_on), ended_on, POLICY)
    summary = next(e for e in emitted if isinstance(e, IntegrationSummarised))
    assert summary.months_worked == months


def test_alerts_are_counted_by_kind_with_the_critical_ones_listed() -> None:
    summary = summary_after(
        checkin(1, has_own_documents=False), checkin(2, has_own_documents=False), checkin(3, gross_paid=eur(2250))
    )
    assert summary.alerts == [
        AlertCount(alert="DOCS_RETAINED", count=2, severity=AlertSeverity.CRITICAL),
        AlertCount(alert="WAGE_BELOW_CONTRACT", count=1, severity=AlertSeverity.HIGH),
    ]
    assert summary.critical_alerts == ["DOCS_RETAINED"]


def test_the_summary_reports_the_occupation_held_and_whether_the_contract_was_completed() -> None:
    summary = summary_after(checkin(1, occupation="9329", gross_paid=eur(2300)), reason=EndReason.DISMISSED)
    assert (summary.occupation_held, summary.contract_completed, summary.destination) == ("9329", False, "DE")


def test_without_reports_the_cleared_occupation_and_no_language_are_summarised() -> None:
    summary = summary_after()
    assert (summary.occupation_held, summary.language_start, summary.language_end) == ("7212", None, None)


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (date(2026, 4, 5), date(2026, 5, 4), Decimal(1)),
        (date(2026, 1, 31), date(2026, 2, 27), Decimal(1)),
        (date(2026, 2, 1), date(2026, 2, 14), Decimal("0.5")),
        (date(2026, 1, 1), date(2026, 1, 15), Decimal(15) / Decimal(31)),
    ],
)
def test_a_pay_period_counts_months_from_its_first_day(start: date, end: date, months: Decimal) -> None:
    assert months_in(start, end) == months


def test_a_last_period_not_yet_reported_is_no_shortfall() -> None:
    summary = summary_after(*(checkin(m) for m in (1, 2, 3, 4, 5)), end=date(2026, 6, 20))
    assert (summary.months_worked, summary.months_reported) == (Decimal("5.7"), Decimal(5))
    assert (summary.wages_due, summary.wage_shortfall) == (eur(11500), eur(0))


def test_a_reported_period_is_counted_only_within_the_stay() -> None:
    summary = summary_after(checkin(1, period_start=date(2025, 12, 1)), end=date(2026, 1, 15))
    assert summary.months_reported == Decimal("0.5")
    assert summary.wages_due == eur("1112.90")


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (date(2026, 5, 5), date(2026, 6, 3), Decimal(1)),
        (date(2027, 1, 30), date(2027, 2, 28), Decimal(1)),
        (date(2026, 2, 1), date(2026, 2, 28), Decimal(1)),
        (date(2026, 1, 1), date(2026, 3, 31), Decimal(3)),
        (date(2026, 1, 1), date(2026, 1, 20), Decimal(20) / Decimal(31)),
    ],
)
def test_a_monthly_payroll_period_counts_as_one_month_whatever_its_length(
    start: date, end: date, months: Decimal
) -> None:
    assert pay_months(start, end) == months
