"""The recognition pre-assessment (docs/domain.md, "Recognition") as one pure function: case file in,
RecognitionDecided out."""

from datetime import date

from pydantic import BaseModel, ConfigDict

from contracts.qualifications import (
    CompensationMeasureCompleted,
    DocumentKind,
    LanguageCertified,
    QualificationSubmitted,
)
from contracts.recognition import (
    ComparabilityStatement,
    Compensation,
    RecognitionDecided,
    RecognitionOutcome,
    SubstantialDifference,
)
from contracts.types import Finding, Severity
from services.recognition.rules import compensation, elements, experience, gates, partial
from services.recognition.rules.language import language
from services.recognition.rules.occupations import Occupation, OccupationTable
from services.recognition.rules.policy import RecognitionPolicy

Outcome = RecognitionOutcome
ALLOWS = frozenset({Outcome.RECOGNISED_FULL, Outcome.NOT_REQUIRED})
LANGUAGE_CHECKED = frozenset(
    {Outcome.RECOGNISED_FULL, Outcome.RECOGNISED_CONDITIONAL, Outcome.PARTIAL_ACCESS, Outcome.NOT_REQUIRED}
)


class CaseFile(BaseModel):
    """What a decision rests on: the latest submission, every language certificate, the last measure completed."""

    model_config = ConfigDict(frozen=True)

    submission: QualificationSubmitted
    certificates: tuple[LanguageCertified, ...] = ()
    completed_measure: CompensationMeasureCompleted | None = None


class Verdict(BaseModel):
    """The outcome and everything that explains it, before the language check."""

    model_config = ConfigDict(frozen=True)

    outcome: Outcome
    decided_by_rule: str | None
    findings: tuple[Finding, ...]
    missing_documents: tuple[DocumentKind, ...] = ()
    differences: tuple[SubstantialDifference, ...] = ()
    compensation: Compensation | None = None
    comparability: ComparabilityStatement | None = None
    partial_access_activities: tuple[str, ...] = ()


def decide(case: CaseFile, table: OccupationTable, policy: RecognitionPolicy, on: date) -> RecognitionDecided:
    """Pre-assess the case on event day `on`."""
    submission = case.submission
    verdict = assess(case, table, policy)
    occupation = table.get(submission.target_occupation)
    check = None
    if occupation and verdict.outcome in LANGUAGE_CHECKED:
        languages = table.languages_of(submission.destination)
        check = language(occupation, submission.destination, case.certificates, languages)
    return RecognitionDecided(
        participant_id=submission.participant_id,
        outcome=verdict.outcome,
        occupation=submission.target_occupation,
        destination=submission.destination,
        allows_occupation=verdict.outcome in ALLOWS,
        missing_documents=list(verdict.missing_documents),
        substantial_differences=list(verdict.differences),
        compensation=verdict.compensation,
        language_required=check.required if check else None,
        language_requirement_met=check.met if check else None,
        comparability_statement=verdict.comparability,
        partial_access_activities=list(verdict.partial_access_activities),
        decided_by_rule=verdict.decided_by_rule,
        findings=[*verdict.findings, *([check.finding] if check else [])],
        decided_on=on,
    )


def assess(case: CaseFile, table: OccupationTable, policy: RecognitionPolicy) -> Verdict:
    """Steps 1-2 of the procedure: completeness, known occupation, regulation, sectoral or own-regime referral."""
    submission = case.submission
    documents = gates.documents_complete(submission, policy)
    if not documents.passed:
        missing = tuple(gates.missing_documents(submission, policy))
        return Verdict(
            outcome=Outcome.PENDING_DOCUMENTS,
            decided_by_rule="REC-DOC-1",
            findings=(documents,),
            missing_documents=missing,
        )
    occupation = table.get(submission.target_occupation)
    known = gates.occupation_known(submission.target_occupation, occupation)
    if occupation is None:
        return Verdict(
            outcome=Outcome.REFER_TO_COMPETENT_AUTHORITY, decided_by_rule="REC-OCC-1", findings=(documents, known)
        )
    regulated = gates.regulation(occupation, submission.destination, policy)
    findings: tuple[Finding, ...] = (documents, known, regulated)
    if regulated.passed:
        return not_required(submission, occupation, findings)
    for referral in (gates.sectoral_third_country(occupation, submission), gates.own_regime(occupation)):
        findings += (referral,)
        if not referral.passed:
            return Verdict(
                outcome=Outcome.REFER_TO_COMPETENT_AUTHORITY, decided_by_rule=referral.rule_id, findings=findings
            )
    return compare(case, occupation, policy, findings)


def not_required(submission: QualificationSubmitted, occupation: Occupation, findings: tuple[Finding, ...]) -> Verdict:
    """Step 2a: no recognition needed; the level comparison is advisory."""
    level = elements.level(submission.qualification, occupation).finding.model_copy(update={"severity": Severity.INFO})
    found, typical = submission.qualification.eqf_level, occupation.eqf_level
    statement = ComparabilityStatement(
        found_eqf_level=found, typical_eqf_level=typical, comparable=found >= typical, statement=level.explanation
    )
    return Verdict(
        outcome=Outcome.NOT_REQUIRED, decided_by_rule="REC-REG-1", findings=(*findings, level), comparability=statement
    )


def compare(
    case: CaseFile, occupation: Occupation, policy: RecognitionPolicy, findings: tuple[Finding, ...]
) -> Verdict:
    """Steps 3-4: the five elements, the level-gap refusal, the experience offset."""
    submission = case.submission
    checks = elements.compare(submission.qualification, occupation, policy)
    differences = [check.difference for check in checks if check.difference]
    gap = elements.level_gap_too_large(submission.qualification, occupation, policy)
    findings += (*(check.finding for check in checks), gap)
    if not gap.passed:
        return Verdict(
            outcome=Outcome.REJECTED, decided_by_rule=gap.rule_id, findings=findings, differences=tuple(differences)
        )
    if not differences:
        return Verdict(outcome=Outcome.RECOGNISED_FULL, decided_by_rule=None, findings=findings)
    marked, offset = experience.offset(differences, submission, occupation, policy)
    findings += (offset,)
    open_ = [d for d in marked if not d.covered_by_experience]
    if not open_:
        return Verdict(
            outcome=Outcome.RECOGNISED_FULL,
            decided_by_rule=offset.rule_id,
            findings=findings,
            differences=tuple(marked),
        )
    return compensate(case, occupation, policy, findings, marked)


def compensate(
    case: CaseFile,
    occupation: Occupation,
    policy: RecognitionPolicy,
    findings: tuple[Finding, ...],
    marked: list[SubstantialDifference],
) -> Verdict:
    """Step 5 then 4: partial access when little is comparable, else a compensation measure (and its result)."""
    qualification = case.submission.qualification
    open_ = [d for d in marked if not d.covered_by_experience]
    if partial.applies(open_):
        limited = partial.partial_access(qualification, occupation, policy)
        findings += (limited,)
        if not limited.passed:
            return Verdict(
                outcome=Outcome.PARTIAL_ACCESS,
                decided_by_rule=limited.rule_id,
                findings=findings,
                differences=tuple(marked),
                partial_access_activities=tuple(partial.activities(qualification, occupation)),
            )
    measure = compensation.measure(open_, case.submission, occupation, policy)
    measure = compensation.apply_completion(measure, case.completed_measure)
    done = compensation.finding(measure, compensation.imposed_because(open_, occupation))
    outcome = Outcome.RECOGNISED_FULL if measure.completed else Outcome.RECOGNISED_CONDITIONAL
    return Verdict(
        outcome=outcome,
        decided_by_rule=done.rule_id,
        findings=(*findings, done),
        differences=tuple(marked),
        compensation=measure,
    )
