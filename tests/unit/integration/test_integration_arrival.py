"""Every worker who arrives is monitored: a placement blocked, pending or unknown at arrival is itself a critical
alert, and the rest of monitoring runs all the same, on the latest terms known or saying what it skipped."""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from contracts.envelope import EventData
from contracts.integration import AlertRaised, AlertSeverity
from contracts.monitoring import GrievanceFiled
from contracts.recruitment import PlacementBlocked, PlacementPending
from contracts.types import Finding, Severity
from services.common.flow import Advanced
from services.integration.case import IntegrationCase
from services.integration.steps import (
    on_arrival,
    on_checkin,
    on_grievance_filed,
    on_placement_cleared,
    on_placement_held,
)
from tests.unit.integration.samples import ARRIVED, ARRIVED_ON, CLEARED, POLICY, TERMS, checkin, codes, days, eur

ON = date(2026, 2, 3)


def finding(rule_id: str, severity: Severity = Severity.BLOCK, passed: bool = False) -> Finding:
    return Finding(rule_id=rule_id, passed=passed, severity=severity, source="s", explanation="e")


BLOCKED = PlacementBlocked(
    participant_id="P-1", offer_id="O-1", contract_id="C-1", terms=TERMS,
    reasons=[finding("FR-FEE-1"), finding("FR-DOC-1"), finding("FR-CON-1", passed=True), finding("FR-INFO-1",
             Severity.WARN)],
)  # fmt: skip
PENDING = PlacementPending(participant_id="P-1", offer_id="O-1", reasons=[finding("FR-CON-2", Severity.PENDING)])


def arrived_after(*decisions: Any) -> Advanced[IntegrationCase]:
    """The decisions recruitment sent, then the arrival on 1 January 2026."""
    case = IntegrationCase()
    for decision in decisions:
        handle = on_placement_cleared if decision is CLEARED else on_placement_held
        case, _ = handle(case, decision, date(2025, 12, 1), POLICY)
    return on_arrival(case, ARRIVED, ARRIVED_ON, POLICY)


def alert(emitted: list[EventData], code: str) -> AlertRaised:
    return next(a for a in emitted if isinstance(a, AlertRaised) and a.alert == code)


def test_a_worker_who_arrives_after_a_blocked_placement_is_monitored_and_every_indicator_alerted() -> None:
    case, arrived = arrived_after(BLOCKED)
    bad = checkin(1, has_own_documents=False, recruitment_debt=eur(3000))
    case, reported = on_checkin(case, bad, ON, POLICY)
    trafficking = GrievanceFiled(participant_id="P-1", grievance_id="G-1", category="trafficking", filed_on=ON)
    _, filed = on_grievance_filed(case, trafficking, ON, POLICY)
    assert codes(arrived) == ["ARRIVED_WITHOUT_CLEARANCE"]
    assert codes(reported) == ["DOCS_RETAINED", "DEBT", "FL_MULTI"]
    assert [(a.alert, a.severity) for a in filed if isinstance(a, AlertRaised)] == [
        ("GRIEVANCE_OPEN", AlertSeverity.CRITICAL)
    ]


@pytest.mark.parametrize(
    ("decisions", "decision", "rules"),
    [
        ([BLOCKED], "blocked", "FR-DOC-1,FR-FEE-1"),
        ([PENDING], "pending", "FR-CON-2"),
        ([], "none", None),
        ([CLEARED, BLOCKED], "blocked", "FR-DOC-1,FR-FEE-1"),
        ([BLOCKED, CLEARED], None, None),
        ([CLEARED], None, None),
    ],
    ids=["blocked", "pending", "no decision", "cleared then blocked", "blocked then cleared", "cleared"],
)
def test_arriving_without_a_clearance_is_a_critical_alert_naming_the_blocking_rules(
    decisions: list[Any], decision: str | None, rules: str | None
) -> None:
    _, emitted = arrived_after(*decisions)
    if decision is None:
        assert codes(emitted) == []
        return
    raised = alert(emitted, "ARRIVED_WITHOUT_CLEARANCE")
    assert (raised.severity, raised.evidence["decision"], raised.evidence["blocking_rules"]) == (
        AlertSeverity.CRITICAL, decision, rules,
    )  # fmt: skip
    assert raised.raised_on == ARRIVED_ON and raised.source


def test_a_placement_blocked_after_the_arrival_raises_the_alert_then() -> None:
    case, _ = arrived_after(CLEARED)
    _, emitted = on_placement_held(case, BLOCKED, ON, POLICY)
    raised = alert(emitted, "ARRIVED_WITHOUT_CLEARANCE")
    assert (raised.raised_on, raised.evidence["contract_id"]) == (ON, "C-1")


def test_events_held_before_the_arrival_are_applied_at_the_arrival_without_waiting_for_a_clearance() -> None:
    case, _ = on_checkin(IntegrationCase(), checkin(1, has_own_documents=False), date(2025, 12, 20), POLICY)
    case, emitted = on_arrival(case, ARRIVED, ARRIVED_ON, POLICY)
    assert codes(emitted)[:2] == ["ARRIVED_WITHOUT_CLEARANCE", "DOCS_RETAINED"]
    assert case.held == [] and case.started


def test_the_terms_of_a_blocked_decision_are_monitored() -> None:
    case, _ = arrived_after(BLOCKED)
    _, emitted = on_checkin(case, checkin(1, gross_paid=eur(2200)), ON, POLICY)
    assert "WAGE_BELOW_CONTRACT" in codes(emitted) and "TERMS_UNKNOWN" not in codes(emitted)


def test_without_any_terms_the_checks_that_need_them_are_skipped_by_name_and_the_others_run() -> None:
    case, _ = arrived_after()
    bad = checkin(1, gross_paid=eur(100), min_daily_rest_hours=Decimal(9))
    _, emitted = on_checkin(case, bad, ON, POLICY)
    assert "REST_VIOLATION" in codes(emitted) and "WAGE_BELOW_CONTRACT" not in codes(emitted)
    skipped = alert(emitted, "TERMS_UNKNOWN")
    assert "WAGE_BELOW_CONTRACT" in str(skipped.evidence["skipped_checks"]).split(",")
    assert skipped.severity is AlertSeverity.MEDIUM


def test_checks_skipped_for_want_of_terms_run_when_the_terms_come() -> None:
    case, _ = arrived_after(PENDING)
    case, first = on_checkin(case, checkin(1, gross_paid=eur(2200)), ON, POLICY)
    case, later = on_placement_cleared(case, CLEARED, date(2026, 2, 10), POLICY)
    skipped = str(alert(first, "TERMS_UNKNOWN").evidence["skipped_checks"]).split(",")
    assert "WAGE_BELOW_CONTRACT" not in codes(first)
    assert "WAGE_BELOW_CONTRACT" in codes(later) and set(codes(later)) <= set(skipped)
    assert case.waiting == []
    _, again = on_placement_cleared(case, CLEARED, date(2026, 2, 11), POLICY)
    assert again == []


def test_missed_check_ins_are_alerted_without_a_clearance() -> None:
    case, _ = arrived_after(BLOCKED)
    _, emitted = days(case, date(2026, 1, 2), date(2026, 2, 6))
    assert codes(emitted) == ["CHECKIN_MISSED"]
