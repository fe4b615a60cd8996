"""A change of employer starts a new monitoring period: check-ins due again, six months counted again, and a summary
of each contract at its end."""

from datetime import date
from decimal import Decimal

from contracts.deployments import ContractEnded, EndReason
from contracts.envelope import EventData
from contracts.integration import AlertRaised, IntegrationSummarised, MilestoneReached
from contracts.monitoring import GrievanceFiled, GrievanceResolved
from contracts.offers import Employer
from contracts.recruitment import PlacementBlocked, PlacementCleared, PlacementPending
from contracts.types import Finding, Severity
from services.integration.case import IntegrationCase
from services.integration.steps import (
    next_due,
    on_checkin,
    on_contract_ended,
    on_grievance_filed,
    on_grievance_resolved,
    on_placement_cleared,
    on_placement_held,
)
from tests.unit.integration.samples import POLICY, checkin, codes, days, eur, started, terms

CHANGED_ON = date(2026, 3, 15)
NEW_TERMS = terms(offer_id="O-2", employer=Employer(employer_id="E-2"), monthly_gross_wage=eur(2500))
NEW_JOB = PlacementCleared(participant_id="P-1", partner_country="TN", contract_id="C-2", terms=NEW_TERMS)


def end(on: date, reason: EndReason, contract_id: str = "C-1", employer_id: str = "E-1") -> ContractEnded:
    return ContractEnded(
        participant_id="P-1", ended_on=on, reason=reason, contract_id=contract_id, employer_id=employer_id
    )


def summaries(emitted: list[EventData]) -> list[IntegrationSummarised]:
    return [e for e in emitted if isinstance(e, IntegrationSummarised)]


def first_contract() -> IntegrationCase:
    """Two months of check-ins with the first employer and a grievance resolved; the change comes in mid-March."""
    case = started()
    for month in (1, 2):
        case, _ = on_checkin(case, checkin(month), date(2026, month + 1, 3), POLICY)
    grievance = GrievanceFiled(participant_id="P-1", grievance_id="G-1", category="wages", filed_on=date(2026, 2, 9))
    case, _ = on_grievance_filed(case, grievance, date(2026, 2, 9), POLICY)
    resolved = GrievanceResolved(participant_id="P-1", grievance_id="G-1", resolved_on=date(2026, 2, 20))
    case, _ = on_grievance_resolved(case, resolved, date(2026, 2, 20), POLICY)
    return case


def test_a_change_of_employer_summarises_the_first_contract_with_its_reason_contract_employer_and_grievances() -> None:
    _, emitted = on_contract_ended(first_contract(), end(CHANGED_ON, EndReason.EMPLOYER_CHANGE), CHANGED_ON, POLICY)
    summary = summaries(emitted)[0]
    assert (summary.end_reason, summary.contract_id, summary.employer_id) == (EndReason.EMPLOYER_CHANGE, "C-1", "E-1")
    assert (summary.grievances_filed, summary.months_reported, summary.contract_completed) == (1, Decimal(2), False)


def test_the_new_employers_contract_starts_a_new_period_with_check_ins_and_six_months_due_again() -> None:
    case, _ = on_contract_ended(first_contract(), end(CHANGED_ON, EndReason.EMPLOYER_CHANGE), CHANGED_ON, POLICY)
    case, between = days(case, CHANGED_ON, date(2026, 3, 19))
    assert (next_due(case, POLICY), between) == (None, [])
    case, started_new = on_placement_cleared(case, NEW_JOB, date(2026, 3, 20), POLICY)
    assert started_new == [] and next_due(case, POLICY) == date(2026, 4, 25)
    case, emitted = days(case, date(2026, 3, 20), date(2026, 9, 20))
    missed = [a.raised_on for a in emitted if isinstance(a, AlertRaised) and a.alert == "CHECKIN_MISSED"]
    six = [m.reached_on for m in emitted if isinstance(m, MilestoneReached)]
    assert (missed[0], six) == (date(2026, 4, 25), [date(2026, 9, 20)])


def test_the_new_contract_is_summarised_on_its_own_at_its_end() -> None:
    case, _ = on_contract_ended(first_contract(), end(CHANGED_ON, EndReason.EMPLOYER_CHANGE), CHANGED_ON, POLICY)
    case, _ = on_placement_cleared(case, NEW_JOB, date(2026, 3, 20), POLICY)
    case, _ = on_checkin(case, checkin(4, gross_paid=eur(2500)), date(2026, 5, 3), POLICY)
    _, emitted = on_contract_ended(case, end(date(2026, 4, 30), EndReason.COMPLETED, "C-2", "E-2"), date(2026, 5, 3),
                                   POLICY)  # fmt: skip
    summary = summaries(emitted)[0]
    assert (summary.contract_id, summary.employer_id, summary.end_reason) == ("C-2", "E-2", EndReason.COMPLETED)
    assert (summary.months_reported, summary.wages_due, summary.wages_paid) == (Decimal(1), eur(2500), eur(2500))
    assert (summary.grievances_filed, summary.alerts) == (0, [])
    assert summary.months_worked == Decimal("1.4")
    assert [m.milestone for m in emitted if isinstance(m, MilestoneReached)] == ["contract_completed"]


def test_a_new_employers_clearance_before_the_change_waits_for_the_first_contract_to_end() -> None:
    case, waiting = on_placement_cleared(first_contract(), NEW_JOB, date(2026, 3, 1), POLICY)
    assert waiting == [] and case.current is not None and case.current.index == 0
    case, emitted = on_contract_ended(case, end(CHANGED_ON, EndReason.EMPLOYER_CHANGE), CHANGED_ON, POLICY)
    assert [s.contract_id for s in summaries(emitted)] == ["C-1"]
    assert case.current is not None and (case.current.index, case.current.started_on) == (1, date(2026, 3, 16))
    assert next_due(case, POLICY) == date(2026, 4, 21)


def test_a_repeated_end_of_a_contract_already_summarised_is_ignored() -> None:
    case, _ = on_contract_ended(first_contract(), end(CHANGED_ON, EndReason.EMPLOYER_CHANGE), CHANGED_ON, POLICY)
    case, _ = on_placement_cleared(case, NEW_JOB, date(2026, 3, 20), POLICY)
    case, again = on_contract_ended(case, end(CHANGED_ON, EndReason.EMPLOYER_CHANGE), date(2026, 3, 21), POLICY)
    assert again == [] and case.ended is None


def test_a_new_contract_blocked_after_a_change_of_employer_is_monitored_and_alerted() -> None:
    case, _ = on_contract_ended(first_contract(), end(CHANGED_ON, EndReason.EMPLOYER_CHANGE), CHANGED_ON, POLICY)
    reason = Finding(rule_id="FR-FEE-1", passed=False, severity=Severity.BLOCK, source="s", explanation="e")
    blocked = PlacementBlocked(participant_id="P-1", offer_id="O-2", contract_id="C-2", reasons=[reason],
                               terms=NEW_TERMS)  # fmt: skip
    case, emitted = on_placement_held(case, blocked, date(2026, 3, 20), POLICY)
    raised = [a for a in emitted if isinstance(a, AlertRaised)]
    assert [(a.alert, a.evidence["period"], a.evidence["blocking_rules"]) for a in raised] == [
        ("ARRIVED_WITHOUT_CLEARANCE", 1, "FR-FEE-1")
    ]
    _, reported = on_checkin(case, checkin(4, gross_paid=eur(2400)), date(2026, 5, 3), POLICY)
    assert "WAGE_BELOW_CONTRACT" in codes(reported)


def test_alerts_are_counted_per_contract() -> None:
    case, _ = on_checkin(started(), checkin(1, has_own_documents=False), date(2026, 2, 3), POLICY)
    case, first = on_contract_ended(case, end(CHANGED_ON, EndReason.EMPLOYER_CHANGE), CHANGED_ON, POLICY)
    case, _ = on_placement_cleared(case, NEW_JOB, date(2026, 3, 20), POLICY)
    _, second = on_contract_ended(case, end(date(2026, 4, 30), EndReason.COMPLETED, "C-2", "E-2"), date(2026, 5, 3),
                                  POLICY)  # fmt: skip
    assert [a.alert for a in summaries(first)[0].alerts] == ["DOCS_RETAINED"]
    assert summaries(second)[0].alerts == []


def test_a_pending_decision_on_another_offer_waits_and_does_not_touch_the_running_contract() -> None:
    reason = Finding(rule_id="FR-CON-2", passed=False, severity=Severity.PENDING, source="s", explanation="e")
    pending = PlacementPending(participant_id="P-1", offer_id="O-2", reasons=[reason])
    case, emitted = on_placement_held(first_contract(), pending, date(2026, 3, 1), POLICY)
    assert emitted == [] and case.upcoming is not None and case.upcoming.status == "pending"
    assert case.current is not None and case.current.decision is not None and case.current.decision.cleared
