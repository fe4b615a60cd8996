"""The procedure before the competent authority, step by step: lodged, acknowledged, extended and decided on event
time; missed deadlines raised on clock ticks; the authority's decision reported; and what recruitment reads."""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from contracts.offers import JobTerms
from contracts.qualifications import (
    CompensationKind,
    CompensationMeasureCompleted,
    DocumentKind,
    Qualification,
    QualificationSubmitted,
    RecognitionApplicationAcknowledged,
    RecognitionApplicationDecided,
    RecognitionApplicationLodged,
    RecognitionDecisionExtended,
)
from contracts.recognition import AUTHORITY_NOTICE, RecognitionDeadlineMissed, RecognitionDecided, RecognitionOutcome
from contracts.types import MemberState, Severity
from services.common.context import Distinct
from services.recognition import steps
from services.recognition.case import RecognitionCase
from services.recognition.handlers import FLOW
from services.recognition.rules.policy import RecognitionPolicy
from services.recruitment.rules.placement import recognition_allows

POLICY = RecognitionPolicy()
P = "P-TN-0001"
LODGED = date(2026, 2, 2)
DAY = timedelta(days=1)
Outcome = RecognitionOutcome


def submission(destination: str = "IT", occupation: str = "7411", **qualification: Any) -> QualificationSubmitted:
    """A building electrician from Tunisia; Italy is a destination whose regulation status no source gives."""
    return QualificationSubmitted(
        participant_id=P,
        target_occupation=occupation,
        destination=MemberState(destination),
        qualification=Qualification.model_validate(
            {
                "title": "Brevet de technicien",
                "awarding_country": "TN",
                "eqf_level": 4,
                "field": "electricity and energy",
                "duration_years": Decimal("3.5"),
            }
            | qualification
        ),
        documents=[DocumentKind.DIPLOMA, DocumentKind.TRANSCRIPT, DocumentKind.IDENTITY, DocumentKind.TRANSLATION],
    )


def lodged() -> RecognitionApplicationLodged:
    return RecognitionApplicationLodged(
        participant_id=P, authority="Camera di commercio", occupation="7411", destination="IT", lodged_on=LODGED
    )


def authority(outcome: str, **changes: Any) -> RecognitionApplicationDecided:
    fields = {"participant_id": P, "occupation": "7411", "destination": "IT", "outcome": outcome}
    return RecognitionApplicationDecided.model_validate(fields | {"decided_on": date(2026, 3, 20)} | changes)


def run(case: RecognitionCase, *events: Any) -> tuple[RecognitionCase, list[Any]]:
    emitted: list[Any] = []
    for event in events:
        step = FLOW.steps[type(event)]
        case, out = step(case, event, LODGED, POLICY)
        emitted += out
    return case, emitted


def test_the_flow_reads_the_authority_procedure_events() -> None:
    kinds = {RecognitionApplicationLodged, RecognitionApplicationAcknowledged, RecognitionDecisionExtended}
    assert kinds | {RecognitionApplicationDecided} <= set(FLOW.event_types)


def test_the_instant_pre_assessment_starts_no_deadline() -> None:
    case, [decision] = run(RecognitionCase(), submission())
    assert isinstance(decision, RecognitionDecided) and decision.outcome is Outcome.REFER_TO_COMPETENT_AUTHORITY
    assert steps.next_due(case, POLICY) is None


def test_a_lodged_application_not_acknowledged_within_a_month_raises_deadline_missed_once() -> None:
    case, _ = run(RecognitionCase(), submission(), lodged())
    assert steps.next_due(case, POLICY) == date(2026, 3, 3)
    case, quiet = steps.on_day(case, date(2026, 3, 2), POLICY)
    case, [raised] = steps.on_day(case, date(2026, 3, 3), POLICY)
    assert quiet == [] and isinstance(raised, Distinct) and raised.key == "acknowledge"
    event = raised.data
    assert isinstance(event, RecognitionDeadlineMissed)
    assert (event.rule_id, event.due_on, event.evidence["authority"]) == (
        "REC-DL-1",
        date(2026, 3, 2),
        "Camera di commercio",
    )
    assert "Art. 51(1)" in event.source and event.explanation
    assert steps.on_day(case, date(2026, 3, 4), POLICY)[1] == []


def test_a_decision_after_a_missed_acknowledgement_still_reports_the_miss() -> None:
    case, _ = run(RecognitionCase(), lodged(), authority("not_required", decided_on=date(2026, 3, 20)))
    assert steps.next_due(case, POLICY) == date(2026, 3, 3)
    _, [raised] = steps.on_day(case, date(2026, 3, 21), POLICY)
    assert isinstance(raised, Distinct) and raised.data.rule_id == "REC-DL-1"
    assert raised.data.explanation and "only on 2026-03-20" in raised.data.explanation


def test_a_complete_file_not_decided_within_three_months_raises_deadline_missed() -> None:
    acknowledged = RecognitionApplicationAcknowledged(participant_id=P, acknowledged_on=date(2026, 2, 10))
    case, _ = run(RecognitionCase(), lodged(), acknowledged)
    assert steps.next_due(case, POLICY) == date(2026, 5, 11)
    case, [raised] = steps.on_day(case, date(2026, 5, 11), POLICY)
    assert isinstance(raised, Distinct) and raised.data.rule_id == "REC-DL-2"


def test_an_extension_moves_the_decision_deadline_by_a_month() -> None:
    acknowledged = RecognitionApplicationAcknowledged(participant_id=P, acknowledged_on=date(2026, 2, 10))
    extended = RecognitionDecisionExtended(participant_id=P, extended_on=date(2026, 5, 1))
    case, _ = run(RecognitionCase(), lodged(), acknowledged, extended)
    assert steps.next_due(case, POLICY) == date(2026, 6, 11)


def test_the_authority_decision_ends_the_procedure_and_replaces_the_pre_assessment() -> None:
    decided = authority("not_required", decided_on=date(2026, 2, 25))
    case, emitted = run(RecognitionCase(), submission(), lodged(), decided)
    referred, reported = emitted
    assert (referred.outcome, referred.allows_occupation) == (Outcome.REFER_TO_COMPETENT_AUTHORITY, False)
    assert (reported.outcome, reported.allows_occupation) == (Outcome.NOT_REQUIRED, True)
    assert (reported.by_competent_authority, reported.decided_by_rule, reported.notice) == (
        True,
        "REC-AUTH-1",
        AUTHORITY_NOTICE,
    )
    assert steps.next_due(case, POLICY) is None


def test_the_authority_decision_is_reported_without_a_pre_assessment() -> None:
    _, [reported] = run(RecognitionCase(), authority("rejected", reasons="Training too short."))
    [found] = reported.findings
    assert (reported.outcome, reported.allows_occupation, found.severity) == (Outcome.REJECTED, False, Severity.BLOCK)
    assert found.evidence["reasons"] == "Training too short." and "Art. 51(2)" in found.source


@pytest.mark.parametrize(
    ("options", "completed", "outcome", "allows", "condition"),
    [
        (["adaptation_period"], None, Outcome.RECOGNISED_CONDITIONAL, True, True),
        ([], None, Outcome.RECOGNISED_CONDITIONAL, True, True),
        (["aptitude_test"], None, Outcome.RECOGNISED_CONDITIONAL, False, False),
        (["aptitude_test"], CompensationKind.APTITUDE_TEST, Outcome.RECOGNISED_FULL, True, False),
    ],
    ids=["adaptation-imposed", "applicant-chooses", "test-imposed", "test-passed"],
)
def test_a_conditional_authority_decision_allows_employment_while_the_adaptation_period_is_served(
    options: list[str], completed: CompensationKind | None, outcome: Outcome, allows: bool, condition: bool
) -> None:
    events: list[Any] = [authority("recognised_conditional", compensation_options=options, max_adaptation_months=12)]
    if completed:
        events.append(
            CompensationMeasureCompleted(participant_id=P, measure=completed, passed=True, completed_on=LODGED)
        )
    _, emitted = run(RecognitionCase(), *events)
    decision = emitted[-1]
    assert (decision.outcome, decision.allows_occupation) == (outcome, allows)
    assert (decision.employment_condition is not None) is condition


def test_a_new_submission_for_another_occupation_is_pre_assessed_again() -> None:
    case, _ = run(RecognitionCase(), authority("rejected"))
    _, [decision] = run(case, submission(destination="DE"))
    assert (decision.outcome, decision.by_competent_authority) == (Outcome.NOT_REQUIRED, False)


def terms(occupation: str = "7411", destination: str = "IT") -> JobTerms:
    return JobTerms.model_construct(occupation=occupation, destination=MemberState(destination))


@pytest.mark.parametrize(
    ("events", "passed", "severity"),
    [
        ([submission()], False, Severity.PENDING),
        ([authority("recognised_conditional", compensation_options=["adaptation_period"])], True, Severity.BLOCK),
        ([authority("recognised_conditional", compensation_options=["aptitude_test"])], False, Severity.PENDING),
    ],
    ids=["unknown-regulation-waits", "adaptation-in-employment-clears", "aptitude-test-waits"],
)
def test_recruitment_reads_the_decision_without_blocking_the_placement(
    events: list[Any], passed: bool, severity: Severity
) -> None:
    _, emitted = run(RecognitionCase(), *events)
    placement = recognition_allows(emitted[-1], terms())
    assert (placement.passed, placement.severity) == (passed, severity)


def test_recruitment_shows_the_employment_condition_it_clears_on() -> None:
    _, emitted = run(RecognitionCase(), authority("recognised_conditional", compensation_options=["adaptation_period"]))
    placement = recognition_allows(emitted[-1], terms())
    assert placement.evidence["employment_condition"] == emitted[-1].employment_condition
    assert "Condition: Employment under the responsibility" in placement.explanation
