"""Each check-in alert of the catalogue: raised when its trigger holds, not raised when it does not."""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from contracts.integration import AlertSeverity
from contracts.monitoring import Channel, Deduction, DeductionPurpose, Rent
from contracts.types import Money
from services.integration.rules.alerts import Rule, checkin_alerts
from services.integration.rules.conditions import (
    contract_substituted,
    debt,
    docs_retained,
    mobility_blocked,
    rest_violation,
)
from services.integration.rules.pay import (
    deduction_unlawful,
    rent_autodeducted,
    rent_excessive,
    wage_below_contract,
    wage_below_min,
    wage_paid_late,
    wage_withheld,
)
from services.integration.rules.working_time import hours_excessive
from tests.unit.integration.samples import checkin, eur, observe, terms

HIGH, MEDIUM, CRITICAL = AlertSeverity.HIGH, AlertSeverity.MEDIUM, AlertSeverity.CRITICAL


def deduction(purpose: DeductionPurpose, legal_basis: bool = True, worker_informed: bool = True) -> Deduction:
    return Deduction(amount=eur(100), purpose=purpose, legal_basis=legal_basis, worker_informed=worker_informed)


CASES: list[tuple[str, Rule, dict[str, Any], AlertSeverity | None]] = [
    ("below the German minimum for 40 hours", wage_below_min, {"gross_paid": eur("2222.12")}, HIGH),
    ("at the German minimum for 40 hours", wage_below_min, {"gross_paid": eur("2222.13")}, None),
    ("minimum owed grows with hours", wage_below_min, {"hours_worked": Decimal(45)}, HIGH),
    ("minimum pro-rated for part time", wage_below_min,
     {"gross_paid": eur("1111.07"), "hours_worked": Decimal(20)}, None),
    ("minimum pro-rated for a half month", wage_below_min,
     {"period_end": date(2026, 1, 15), "gross_paid": eur("1075.23")},
     None),
    ("unpaid period is not a wage rate", wage_below_min, {"gross_paid": eur(0), "paid_on": None}, None),
    ("pay in another currency, no rate: not compared", wage_below_min,
     {"gross_paid": Money(amount=Decimal(100), currency="PLN")}, MEDIUM),
    ("below the contract wage", wage_below_contract, {"gross_paid": eur("2299.99")}, HIGH),
    ("at the contract wage", wage_below_contract, {}, None),
    ("contract wage while unemployed", wage_below_contract,
     {"gross_paid": eur(0), "unemployed_since": date(2026, 1, 1)}, None),
    ("paid 31 days after the period", wage_paid_late, {"paid_on": date(2026, 3, 3)}, HIGH),
    ("paid 30 days after the period", wage_paid_late, {"paid_on": date(2026, 3, 2)}, None),
    ("wages held as guarantee", wage_withheld, {"wages_withheld_as_guarantee": True}, CRITICAL),
    ("wages not held", wage_withheld, {}, None),
    ("61 hours a week: excessive overtime", hours_excessive, {"hours_worked": Decimal(61)}, HIGH),
    ("50 hours in the first month only", hours_excessive, {"hours_worked": Decimal(50)}, None),
    ("48 hours a week", hours_excessive, {"hours_worked": Decimal(48)}, None),
    ("10 h daily rest", rest_violation, {"min_daily_rest_hours": Decimal(10)}, MEDIUM),
    ("24 h weekly rest", rest_violation, {"min_weekly_rest_hours": Decimal(24)}, HIGH),
    ("rest as the directive requires", rest_violation,
     {"min_daily_rest_hours": Decimal(11), "min_weekly_rest_hours": Decimal(35)}, None),
    ("recruitment deduction", deduction_unlawful, {"deductions": [deduction(DeductionPurpose.RECRUITMENT)]}, CRITICAL),
    ("job retention deduction", deduction_unlawful, {"deductions": [deduction(DeductionPurpose.JOB_RETENTION)]},
     CRITICAL),
    ("deduction without legal basis", deduction_unlawful,
     {"deductions": [deduction(DeductionPurpose.EQUIPMENT, legal_basis=False)]}, HIGH),
    ("deduction not announced", deduction_unlawful,
     {"deductions": [deduction(DeductionPurpose.FOOD, worker_informed=False)]}, HIGH),
    ("lawful tax deduction", deduction_unlawful, {"deductions": [deduction(DeductionPurpose.TAX)]}, None),
    ("rent auto-deducted", rent_autodeducted, {"rent": Rent(amount=eur(400), auto_deducted=True)}, HIGH),
    ("rent among the deductions", rent_autodeducted, {"deductions": [deduction(DeductionPurpose.RENT)]}, HIGH),
    ("rent paid by the worker", rent_autodeducted, {"rent": Rent(amount=eur(400), auto_deducted=False)}, None),
    ("rent over 30 % of net pay", rent_excessive, {"rent": Rent(amount=eur(481), auto_deducted=False)}, MEDIUM),
    ("rent at 30 % of net pay", rent_excessive, {"rent": Rent(amount=eur(480), auto_deducted=False)}, None),
    ("rent with nothing paid net", rent_excessive,
     {"rent": Rent(amount=eur(400), auto_deducted=True), "net_paid": eur(0)}, MEDIUM),
    ("passport kept by the employer", docs_retained, {"has_own_documents": False}, CRITICAL),
    ("passport with the worker", docs_retained, {}, None),
    ("recruitment debt", debt, {"recruitment_debt": eur(1500)}, CRITICAL),
    ("debt of zero", debt, {"recruitment_debt": eur(0)}, None),
    ("hours 10 % over contract", contract_substituted, {"hours_worked": Decimal(44)}, HIGH),
    ("hours 5 % over contract", contract_substituted, {"hours_worked": Decimal(42)}, None),
    ("wage 6 % under contract", contract_substituted, {"gross_paid": eur(2160)}, HIGH),
    ("another occupation", contract_substituted, {"occupation": "9329"}, HIGH),
    ("rent 25 % over the cleared rent", contract_substituted, {"rent": Rent(amount=eur(500), auto_deducted=False)},
     HIGH),
    ("terms as cleared", contract_substituted, {"occupation": "7212"}, None),
    ("change of employer refused", mobility_blocked, {"employer_change_refused": True}, HIGH),
    ("change of employer penalised", mobility_blocked, {"employer_change_penalised": True}, HIGH),
    ("change of employer free", mobility_blocked, {}, None),
]  # fmt: skip


@pytest.mark.parametrize(("rule", "changes", "severity"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_alert_is_raised_exactly_when_its_trigger_holds(
    rule: Rule, changes: dict[str, Any], severity: AlertSeverity | None
) -> None:
    raised = rule(observe(checkin(**changes)))
    assert (raised.severity if raised else None) == severity


@pytest.mark.parametrize(
    ("rule", "code"),
    [
        (wage_below_min, "WAGE_BELOW_MIN"),
        (wage_below_contract, "WAGE_BELOW_CONTRACT"),
        (deduction_unlawful, "DEDUCTION_UNLAWFUL"),
        (contract_substituted, "CONTRACT_SUBSTITUTED"),
    ],
)
def test_an_alert_names_its_code_source_and_the_check_in_it_read(rule: Rule, code: str) -> None:
    c = checkin(gross_paid=eur(100), deductions=[deduction(DeductionPurpose.RECRUITMENT)])
    raised = rule(observe(c))
    assert raised is not None
    assert (raised.alert, raised.participant_id, raised.evidence["checkin_id"]) == (code, "P-1", "C-01")
    assert raised.source and raised.explanation


@pytest.mark.parametrize(
    ("changes", "code", "indicator"),
    [
        ({"has_own_documents": False}, "DOCS_RETAINED", True),
        ({"recruitment_debt": eur(10)}, "DEBT", True),
        ({"wages_withheld_as_guarantee": True}, "WAGE_WITHHELD", True),
        ({"hours_worked": Decimal(61)}, "HOURS_EXCESSIVE", True),
        ({"hours_worked": Decimal(50)}, "HOURS_LONG", False),
        ({"deductions": [deduction(DeductionPurpose.RECRUITMENT)]}, "DEDUCTION_UNLAWFUL", True),
        ({"deductions": [deduction(DeductionPurpose.FOOD, legal_basis=False)]}, "DEDUCTION_UNLAWFUL", False),
        ({"employer_change_refused": True}, "MOBILITY_BLOCKED", False),
        ({"hours_worked": Decimal(60)}, "CONTRACT_SUBSTITUTED", False),
    ],
)
def test_forced_labour_indicators_are_marked_on_their_alerts(
    changes: dict[str, Any], code: str, indicator: bool
) -> None:
    alerts = {a.alert: a for a in checkin_alerts(observe(checkin(**changes)))}
    assert alerts[code].forced_labour_indicator is indicator


def test_statutory_minimum_gives_way_to_a_higher_collective_rate() -> None:
    collective = terms(collective_agreement_wage=eur(2400))
    assert wage_below_min(observe(checkin(), collective)) is not None
    assert wage_below_min(observe(checkin(), terms(collective_agreement_wage=eur(2000)))) is None


@pytest.mark.parametrize(("agreement", "raised"), [(None, True), ("1800", True), ("1600", False)])
def test_without_a_statutory_minimum_the_collective_rate_is_checked_or_its_absence_reported(
    agreement: str | None, raised: bool
) -> None:
    italy = terms(destination="IT", collective_agreement_wage=eur(agreement) if agreement else None)
    assert (wage_below_min(observe(checkin(gross_paid=eur(1700)), italy)) is not None) is raised


def test_substitution_lists_every_term_that_differs() -> None:
    c = checkin(hours_worked=Decimal(50), occupation="9329", rent=Rent(amount=eur(600), auto_deducted=False))
    raised = contract_substituted(observe(c))
    assert raised is not None
    assert raised.evidence["differences"] == "hours,occupation,rent"
    assert (raised.evidence["hours_cleared"], raised.evidence["hours_actual"]) == ("40", "50")


def test_a_clean_check_in_raises_no_alert() -> None:
    clean = checkin(min_daily_rest_hours=Decimal(12), min_weekly_rest_hours=Decimal(40),
                    deductions=[deduction(DeductionPurpose.TAX)], rent=Rent(amount=eur(400), auto_deducted=False),
                    occupation="7212", channel=Channel.EMPLOYER_PAYROLL)  # fmt: skip
    assert checkin_alerts(observe(clean)) == []


def test_check_in_periods_must_run_forwards() -> None:
    with pytest.raises(ValueError, match="before period_start"):
        checkin(period_end=date(2025, 12, 31))
