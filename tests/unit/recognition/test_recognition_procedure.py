"""The recognition decision procedure (docs/domain.md, "Recognition"): outcomes, elements, experience, measures,
language."""

import re
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from contracts.qualifications import (
    CompensationKind,
    CompensationMeasureCompleted,
    DocumentKind,
    LanguageCertified,
    Qualification,
    QualificationSubmitted,
)
from contracts.recognition import Element, RecognitionDecided, RecognitionOutcome
from contracts.types import Cefr, MemberState
from services.recognition.rules.occupations import OccupationTable, load_occupations
from services.recognition.rules.policy import Art11Level, RecognitionPolicy
from services.recognition.rules.procedure import CaseFile, decide

ON = date(2026, 3, 2)
COMPLETE = [DocumentKind.DIPLOMA, DocumentKind.TRANSCRIPT, DocumentKind.IDENTITY, DocumentKind.TRANSLATION]
ALL_ACTIVITIES = ["install wiring and cable runs", "test installations", "read drawings", "apply safety rules"]
Outcome = RecognitionOutcome


def table() -> OccupationTable:
    """The shipped table with the building electrician taken as regulated in France (so that the comparison runs),
    plus two test occupations: one at EQF 7, one needing knowledge of national law."""
    base = load_occupations()
    shipped = base.occupations["7411"]
    electrician = shipped.model_copy(update={"regulated": {**shipped.regulated, MemberState.FR: True}})
    extra = {
        "7411": electrician,
        "2111": electrician.model_copy(update={"title": "Test occupation at EQF 7", "eqf_level": 7}),
        "2611": electrician.model_copy(
            update={"title": "Test occupation of national law", "requires_national_law_knowledge": True}
        ),
    }
    return base.model_copy(update={"occupations": {**base.occupations, **extra}})


def case(
    *,
    certificates: tuple[LanguageCertified, ...] = (),
    completed: CompensationMeasureCompleted | None = None,
    **changes: Any,
) -> CaseFile:
    """A building electrician from Tunisia going to France whose file matches the occupation, with `changes`."""
    qualification = {
        "title": "Brevet de technicien",
        "awarding_country": "TN",
        "eqf_level": 4,
        "field": "electricity and energy",
        "duration_years": Decimal("3.5"),
        "learning_outcomes": ALL_ACTIVITIES,
    }
    qualification |= {k: v for k, v in changes.items() if k in Qualification.model_fields}
    submission = {
        "participant_id": "P-TN-0001",
        "target_occupation": "7411",
        "destination": "FR",
        "qualification": qualification,
        "documents": COMPLETE,
    }
    submission |= {k: v for k, v in changes.items() if k in QualificationSubmitted.model_fields}
    return CaseFile(
        submission=QualificationSubmitted.model_validate(submission),
        certificates=certificates,
        completed_measure=completed,
    )


def decided(file: CaseFile, policy: RecognitionPolicy | None = None) -> RecognitionDecided:
    return decide(file, table(), policy or RecognitionPolicy(), ON)


def finding(decision: RecognitionDecided, rule_id: str) -> Any:
    return next(f for f in decision.findings if f.rule_id == rule_id)


def certificate(language: str, level: Cefr) -> LanguageCertified:
    return LanguageCertified(participant_id="P-TN-0001", language=language, level=level, certified_on=date(2026, 1, 5))


def measure(kind: CompensationKind, passed: bool) -> CompensationMeasureCompleted:
    return CompensationMeasureCompleted(participant_id="P-TN-0001", measure=kind, passed=passed, completed_on=ON)


@pytest.mark.parametrize(
    ("changes", "outcome", "decided_by", "allows"),
    [
        ({"documents": [DocumentKind.DIPLOMA]}, Outcome.PENDING_DOCUMENTS, "REC-DOC-1", False),
        ({"destination": "DE"}, Outcome.NOT_REQUIRED, "REC-REG-1", True),
        (
            {"target_occupation": "2221", "field": "nursing and midwifery", "eqf_level": 6},
            Outcome.REFER_TO_COMPETENT_AUTHORITY,
            "REC-SEC-1",
            False,
        ),
        ({"target_occupation": "8332"}, Outcome.REFER_TO_COMPETENT_AUTHORITY, "REC-SEC-2", False),
        ({"target_occupation": "9629"}, Outcome.REFER_TO_COMPETENT_AUTHORITY, "REC-OCC-1", False),
        ({}, Outcome.RECOGNISED_FULL, None, True),
        ({"destination": "IT"}, Outcome.REFER_TO_COMPETENT_AUTHORITY, "REC-REG-1", False),
        ({"duration_years": Decimal(2)}, Outcome.RECOGNISED_CONDITIONAL, "REC-CMP-1", True),
        ({"accredited": False}, Outcome.RECOGNISED_CONDITIONAL, "REC-CMP-1", False),
        ({"learning_outcomes": ["install wiring in dwellings"]}, Outcome.PARTIAL_ACCESS, "REC-PA-1", False),
        ({"target_occupation": "2111", "eqf_level": 2}, Outcome.REJECTED, "REC-LVL-2", False),
    ],
    ids=[
        "pending",
        "not-required",
        "refer-sectoral",
        "refer-own-regime",
        "refer-unknown-occupation",
        "full",
        "refer-regulation-unknown",
        "conditional-adaptation-in-employment",
        "conditional-test-first",
        "partial-access",
        "rejected",
    ],
)
def test_each_outcome_is_reached_by_its_rule(
    changes: dict[str, Any], outcome: Outcome, decided_by: str | None, allows: bool
) -> None:
    decision = decided(case(**changes))
    assert (decision.outcome, decision.decided_by_rule, decision.allows_occupation) == (outcome, decided_by, allows)
    if decided_by:  # the deciding rule failed, except REC-REG-1 which passes when no recognition is needed
        assert finding(decision, decided_by).passed is (outcome is Outcome.NOT_REQUIRED)


def test_missing_documents_are_listed_in_policy_order() -> None:
    decision = decided(case(documents=[DocumentKind.IDENTITY]))
    assert decision.missing_documents == [DocumentKind.DIPLOMA, DocumentKind.TRANSCRIPT, DocumentKind.TRANSLATION]


def test_required_documents_come_from_the_policy() -> None:
    policy = RecognitionPolicy(required_documents=(DocumentKind.DIPLOMA,))
    assert decided(case(documents=[DocumentKind.DIPLOMA]), policy).outcome is Outcome.RECOGNISED_FULL


@pytest.mark.parametrize(("eqf", "comparable"), [(5, True), (3, False)])
def test_not_required_carries_a_comparability_statement(eqf: int, comparable: bool) -> None:
    decision = decided(case(destination="DE", eqf_level=eqf))
    statement = decision.comparability_statement
    assert statement is not None
    assert (statement.found_eqf_level, statement.typical_eqf_level, statement.comparable) == (eqf, 4, comparable)
    assert finding(decision, "REC-LVL-1").severity == "info"


@pytest.mark.parametrize(
    "changes",
    [{}, {"duration_years": Decimal(2)}, {"accredited": False}, {"target_occupation": "2611"}],
    ids=["comparable", "short-training", "unaccredited", "national-law"],
)
def test_an_unknown_regulation_status_is_referred_for_the_authority_to_confirm_not_compensated(
    changes: dict[str, Any],
) -> None:
    decision = decided(case(destination="IT", **changes))
    regulation = finding(decision, "REC-REG-1")
    assert (decision.outcome, decision.decided_by_rule) == (Outcome.REFER_TO_COMPETENT_AUTHORITY, "REC-REG-1")
    assert (regulation.passed, regulation.severity, regulation.evidence["regulated"]) == (False, "pending", "unknown")
    assert "competent authority must confirm" in regulation.explanation
    assert decision.compensation is None and decision.substantial_differences == []
    assert all(f.severity != "block" for f in decision.findings)
    assert decision.comparability_statement is not None and not decision.allows_occupation


def test_sectoral_profession_with_an_eu_diploma_is_compared_not_referred() -> None:
    changes = {"target_occupation": "2221", "field": "nursing and midwifery", "eqf_level": 6, "duration_years": 3}
    decision = decided(case(awarding_country="FR", **changes))
    assert decision.outcome is not Outcome.REFER_TO_COMPETENT_AUTHORITY
    assert finding(decision, "REC-SEC-1").passed


@pytest.mark.parametrize(
    ("changes", "element", "rule_id"),
    [
        ({"eqf_level": 3}, Element.LEVEL, "REC-LVL-1"),
        ({"duration_years": Decimal(2)}, Element.WORKLOAD, "REC-WORK-1"),
        ({"workload_ects": 60}, Element.WORKLOAD, "REC-WORK-1"),
        ({"accredited": False}, Element.QUALITY, "REC-QUAL-1"),
        ({"field": "business and administration"}, Element.PROFILE, "REC-PROF-1"),
        ({"learning_outcomes": ALL_ACTIVITIES[:3]}, Element.LEARNING_OUTCOMES, "REC-LO-1"),
    ],
    ids=["level", "workload-years", "workload-ects", "quality", "profile", "learning-outcomes"],
)
def test_each_element_difference_is_listed_with_its_failed_rule(
    changes: dict[str, Any], element: Element, rule_id: str
) -> None:
    decision = decided(case(**changes))
    assert decision.outcome is Outcome.RECOGNISED_CONDITIONAL
    assert [d.element for d in decision.substantial_differences] == [element]
    assert not finding(decision, rule_id).passed


@pytest.mark.parametrize(
    ("duration", "substantial"), [(Decimal("2.5"), True), (Decimal("2.6"), False), (Decimal("3.5"), False)]
)
def test_a_training_shortfall_is_substantial_from_the_policy_years(duration: Decimal, substantial: bool) -> None:
    assert finding(decided(case(duration_years=duration)), "REC-WORK-1").passed is not substantial


def test_without_learning_outcomes_nothing_is_presumed_missing() -> None:
    decision = decided(case(learning_outcomes=[]))
    assert decision.outcome is Outcome.RECOGNISED_FULL
    assert finding(decision, "REC-LO-1").evidence["found"] == "not given"


@pytest.mark.parametrize(
    ("changes", "outcome", "covered"),
    [
        ({"duration_years": Decimal(2), "experience_years": Decimal(2)}, Outcome.RECOGNISED_FULL, True),
        ({"duration_years": Decimal(2), "experience_years": Decimal(1)}, Outcome.RECOGNISED_CONDITIONAL, False),
        ({"field": "business and administration", "experience_years": Decimal(3)}, Outcome.RECOGNISED_FULL, True),
        ({"eqf_level": 3, "experience_years": Decimal(3)}, Outcome.RECOGNISED_FULL, True),
        ({"eqf_level": 2, "experience_years": Decimal(10)}, Outcome.RECOGNISED_CONDITIONAL, False),
        ({"accredited": False, "experience_years": Decimal(10)}, Outcome.RECOGNISED_CONDITIONAL, False),
    ],
    ids=[
        "workload-covered",
        "workload-too-little",
        "profile-covered",
        "level-gap-1-covered",
        "level-gap-2-open",
        "quality-never",
    ],
)
def test_documented_experience_covers_differences(changes: dict[str, Any], outcome: Outcome, covered: bool) -> None:
    decision = decided(case(documents=[*COMPLETE, DocumentKind.EXPERIENCE_CERTIFICATE], **changes))
    assert decision.outcome is outcome
    assert [d.covered_by_experience for d in decision.substantial_differences] == [covered]
    assert finding(decision, "REC-EXP-1").passed is covered


def test_experience_without_a_certificate_is_not_counted() -> None:
    decision = decided(case(duration_years=Decimal(2), experience_years=Decimal(5)))
    assert decision.outcome is Outcome.RECOGNISED_CONDITIONAL
    assert finding(decision, "REC-EXP-1").evidence["experience_years_documented"] == "0"


@pytest.mark.parametrize(
    ("outcomes", "outcome"),
    [
        (["install wiring in dwellings"], Outcome.PARTIAL_ACCESS),
        (["install wiring", "test installations"], Outcome.RECOGNISED_CONDITIONAL),
        (["bake bread"], Outcome.RECOGNISED_CONDITIONAL),
    ],
    ids=["quarter-covered", "half-covered", "nothing-covered"],
)
def test_partial_access_when_some_but_few_activities_are_comparable(outcomes: list[str], outcome: Outcome) -> None:
    decision = decided(case(learning_outcomes=outcomes))
    assert decision.outcome is outcome
    expected = ["install wiring, switchgear and fixtures in buildings"] if outcome is Outcome.PARTIAL_ACCESS else []
    assert decision.partial_access_activities == expected


def test_partial_access_is_not_offered_for_an_unaccredited_award() -> None:
    decision = decided(case(learning_outcomes=["install wiring"], accredited=False))
    assert decision.outcome is Outcome.RECOGNISED_CONDITIONAL


@pytest.mark.parametrize(
    ("changes", "options", "chooses", "months"),
    [
        ({"duration_years": Decimal(2)}, ["adaptation_period", "aptitude_test"], True, 18),
        ({"field": "business and administration"}, ["adaptation_period", "aptitude_test"], True, 6),
        ({"duration_years": Decimal(0)}, ["adaptation_period", "aptitude_test"], True, 36),
        ({"accredited": False}, ["aptitude_test"], False, 0),
        ({"target_occupation": "2611", "duration_years": Decimal(2)}, ["aptitude_test"], False, 0),
    ],
    ids=["shortfall-18-months", "minimum-6-months", "capped-at-36", "unaccredited-test-only", "national-law-imposed"],
)
def test_compensation_measure_and_who_chooses(
    changes: dict[str, Any], options: list[str], chooses: bool, months: int
) -> None:
    compensation = decided(case(**changes)).compensation
    assert compensation is not None
    assert (compensation.options, compensation.applicant_chooses) == (options, chooses)
    assert compensation.max_adaptation_months == months


@pytest.mark.parametrize(
    ("changes", "completed", "outcome", "allows"),
    [
        ({}, measure(CompensationKind.APTITUDE_TEST, passed=True), Outcome.RECOGNISED_FULL, True),
        ({}, measure(CompensationKind.ADAPTATION_PERIOD, passed=False), Outcome.RECOGNISED_CONDITIONAL, False),
        (
            {"accredited": False},
            measure(CompensationKind.ADAPTATION_PERIOD, passed=True),
            Outcome.RECOGNISED_CONDITIONAL,
            False,
        ),
    ],
    ids=["passed", "failed", "measure-not-offered"],
)
def test_a_completed_measure_turns_conditional_into_full_only_when_passed(
    changes: dict[str, Any], completed: CompensationMeasureCompleted, outcome: Outcome, allows: bool
) -> None:
    decision = decided(case(duration_years=Decimal(2), completed=completed, **changes))
    assert (decision.outcome, decision.allows_occupation) == (outcome, allows)
    assert decision.compensation is not None and decision.compensation.taken is completed.measure
    assert finding(decision, "REC-CMP-1").passed is allows


@pytest.mark.parametrize(
    ("certificates", "met"),
    [
        ((certificate("fr", Cefr.B2),), True),
        ((certificate("fr", Cefr.B1),), True),
        ((certificate("fr", Cefr.A2),), False),
        ((), None),
        ((certificate("en", Cefr.C2),), None),
        ((certificate("fr", Cefr.A1), certificate("fr", Cefr.B1)), True),
    ],
    ids=["above", "exact", "below", "no-certificate", "other-language", "best-counts"],
)
def test_language_is_checked_against_the_occupation_level(
    certificates: tuple[LanguageCertified, ...], met: bool | None
) -> None:
    decision = decided(case(certificates=certificates))
    assert (decision.language_required, decision.language_requirement_met) == (Cefr.B1, met)
    assert finding(decision, "REC-LANG-1").passed is (met is True)


def test_language_level_can_differ_by_member_state() -> None:
    changes = {"target_occupation": "2221", "field": "nursing and midwifery", "eqf_level": 6, "duration_years": 3}
    decision = decided(
        case(awarding_country="FR", destination="DE", certificates=(certificate("de", Cefr.B1),), **changes)
    )
    assert (decision.language_required, decision.language_requirement_met) == (Cefr.B2, False)


@pytest.mark.parametrize(
    "changes",
    [{"documents": []}, {"target_occupation": "8332"}, {"target_occupation": "2111", "eqf_level": 1}],
    ids=["pending", "referred", "rejected"],
)
def test_language_is_not_checked_before_recognition(changes: dict[str, Any]) -> None:
    decision = decided(case(certificates=(certificate("fr", Cefr.C2),), **changes))
    assert (decision.language_required, decision.language_requirement_met) == (None, None)
    assert all(f.rule_id != "REC-LANG-1" for f in decision.findings)


def test_rejection_lists_the_differences_found() -> None:
    decision = decided(case(target_occupation="2111", eqf_level=2, duration_years=Decimal(1)))
    assert {d.element for d in decision.substantial_differences} == {Element.LEVEL, Element.WORKLOAD}


def test_the_refused_level_pairs_come_from_the_policy() -> None:
    policy = RecognitionPolicy(rejected_level_pairs=frozenset({(Art11Level.A, Art11Level.B)}))
    assert decided(case(eqf_level=2), policy).outcome is Outcome.REJECTED
    assert decided(case(eqf_level=2)).outcome is Outcome.RECOGNISED_CONDITIONAL


def test_every_finding_names_a_rule_and_a_source() -> None:
    decision = decided(case(duration_years=Decimal(2), certificates=(certificate("fr", Cefr.B1),)))
    assert all(f.rule_id.startswith("REC-") and f.source and f.explanation for f in decision.findings)
    assert decision.decided_on == ON and "Pre-assessment" in decision.notice


@pytest.mark.parametrize(
    ("changes", "completed", "policy", "allows", "condition"),
    [
        ({"duration_years": Decimal(2)}, None, {}, True, "up to 18 months is served (if the applicant chooses"),
        ({"accredited": False}, None, {}, False, None),
        ({"target_occupation": "2611", "duration_years": Decimal(2)}, None, {}, False, None),
        (
            {"target_occupation": "2611", "duration_years": Decimal(2)},
            None,
            {"imposed_measure": "adaptation_period"},
            True,
            "up to 18 months is served (Directive",
        ),
        ({"duration_years": Decimal(2)}, None, {"adaptation_period_in_employment": False}, False, None),
        ({"duration_years": Decimal(2)}, measure(CompensationKind.ADAPTATION_PERIOD, passed=False), {}, False, None),
        ({"duration_years": Decimal(2)}, measure(CompensationKind.APTITUDE_TEST, passed=False), {}, True, "18 months"),
    ],
    ids=[
        "applicant-may-choose-adaptation",
        "aptitude-test-only",
        "aptitude-test-imposed",
        "adaptation-imposed",
        "policy-off",
        "adaptation-failed",
        "test-failed-adaptation-still-open",
    ],
)
def test_a_conditional_recognition_allows_employment_while_the_adaptation_period_is_served(
    changes: dict[str, Any],
    completed: CompensationMeasureCompleted | None,
    policy: dict[str, Any],
    allows: bool,
    condition: str | None,
) -> None:
    decision = decided(case(completed=completed, **changes), RecognitionPolicy.model_validate(policy))
    assert decision.outcome is Outcome.RECOGNISED_CONDITIONAL
    assert decision.allows_occupation is allows
    assert decision.compensation is not None and decision.compensation.served_in_employment is allows
    if condition is None:
        assert decision.employment_condition is None
    else:
        assert decision.employment_condition is not None and condition in decision.employment_condition
    employment = finding(decision, "REC-CMP-2")
    assert (employment.passed, employment.severity) == (allows, "info" if allows else "pending")
    assert "Art. 3(1)(g)" in employment.source


def test_no_source_string_carries_an_internal_tag() -> None:
    decision = decided(case(duration_years=Decimal(2), certificates=(certificate("fr", Cefr.B1),)))
    referred = decided(case(destination="IT"))
    texts = [f.source + f.explanation for f in (*decision.findings, *referred.findings)]
    assert not [text for text in texts if re.search(r"\[(BK|S)[\]:-]", text)]
