"""The recognition pre-assessment (docs/domain.md, "Recognition") as one pure function: case file in,
RecognitionDecided out. Once the competent authority has decided, its decision is reported instead."""

from datetime import date

from pydantic import BaseModel, ConfigDict

from contracts.qualifications import (
    CompensationMeasureCompleted,
    LanguageCertified,
    QualificationSubmitted,
    RecognitionApplicationDecided,
)
from contracts.recognition import ComparabilityStatement, RecognitionDecided, SubstantialDifference
from contracts.types import Finding, Severity
from services.recognition.rules import adaptation, authority, compensation, elements, experience, gates, partial
from services.recognition.rules.occupations import Occupation, OccupationTable
from services.recognition.rules.policy import RecognitionPolicy
from services.recognition.rules.verdict import Outcome, Subject, Verdict, publish


class CaseFile(BaseModel):
    """What a decision rests on: the latest submission, every language certificate, the last measure completed and
    the competent authority's decision once there is one."""

    model_config = ConfigDict(frozen=True)

    submission: QualificationSubmitted | None = None
    certificates: tuple[LanguageCertified, ...] = ()
    completed_measure: CompensationMeasureCompleted | None = None
    authority_decision: RecognitionApplicationDecided | None = None


def decide(case: CaseFile, table: OccupationTable, policy: RecognitionPolicy, on: date) -> RecognitionDecided | None:
    """The authority's decision when it covers the submission's occupation and destination, else the pre-assessment
    on event day `on`; None while neither a submission nor a decision is known."""
    decided, submission = case.authority_decision, case.submission
    if decided is not None and authority.covers(decided, submission):
        verdict = authority.verdict(decided, case.completed_measure, policy)
        return publish(verdict, authority.subject(decided), case.certificates, table, on)
    if submission is None:
        return None
    subject = Subject(
        participant_id=submission.participant_id,
        occupation=submission.target_occupation,
        destination=submission.destination,
    )
    return publish(assess(case, submission, table, policy), subject, case.certificates, table, on)


def assess(
    case: CaseFile, submission: QualificationSubmitted, table: OccupationTable, policy: RecognitionPolicy
) -> Verdict:
    """Steps 1-2: completeness, known occupation, regulation (unknown is referred), sectoral or own-regime referral."""
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
    regulated = gates.regulation(occupation, submission.destination)
    findings: tuple[Finding, ...] = (documents, known, regulated)
    status = occupation.regulation_in(submission.destination)
    if status is False:
        return advisory(submission, occupation, findings, Outcome.NOT_REQUIRED)
    if status == "unknown":
        return advisory(submission, occupation, findings, Outcome.REFER_TO_COMPETENT_AUTHORITY)
    for referral in (gates.sectoral_third_country(occupation, submission), gates.own_regime(occupation)):
        findings += (referral,)
        if not referral.passed:
            return Verdict(
                outcome=Outcome.REFER_TO_COMPETENT_AUTHORITY, decided_by_rule=referral.rule_id, findings=findings
            )
    return compare(case, submission, occupation, policy, findings)


def advisory(
    submission: QualificationSubmitted, occupation: Occupation, findings: tuple[Finding, ...], outcome: Outcome
) -> Verdict:
    """Step 2a, and a regulation status nobody confirmed: no comparison, decided by REC-REG-1; the level
    comparison is advisory (ENIC-NARIC style)."""
    level = elements.level(submission.qualification, occupation).finding.model_copy(update={"severity": Severity.INFO})
    found, typical = submission.qualification.eqf_level, occupation.eqf_level
    statement = ComparabilityStatement(
        found_eqf_level=found, typical_eqf_level=typical, comparable=found >= typical, statement=level.explanation
    )
    return Verdict(outcome=outcome, decided_by_rule="REC-REG-1", findings=(*findings, level), comparability=statement)


def compare(
    case: CaseFile,
    submission: QualificationSubmitted,
    occupation: Occupation,
    policy: RecognitionPolicy,
    findings: tuple[Finding, ...],
) -> Verdict:
    """Steps 3-4: the five elements, the level-gap refusal, the experience offset."""
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
    if all(d.covered_by_experience for d in marked):
        return Verdict(
            outcome=Outcome.RECOGNISED_FULL,
            decided_by_rule=offset.rule_id,
            findings=findings,
            differences=tuple(marked),
        )
    return compensate(case, submission, occupation, policy, findings, marked)


def compensate(
    case: CaseFile,
    submission: QualificationSubmitted,
    occupation: Occupation,
    policy: RecognitionPolicy,
    findings: tuple[Finding, ...],
    marked: list[SubstantialDifference],
) -> Verdict:
    """Step 5 then 4: partial access when little is comparable, else a compensation measure, its result, and whether
    employment may start while it is served."""
    qualification = submission.qualification
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
    measure = compensation.measure(open_, submission, occupation, policy)
    measure = adaptation.in_employment(compensation.apply_completion(measure, case.completed_measure), policy)
    done = compensation.finding(measure, compensation.imposed_because(open_, occupation))
    if measure.completed:
        return Verdict(
            outcome=Outcome.RECOGNISED_FULL,
            decided_by_rule=done.rule_id,
            findings=(*findings, done),
            differences=tuple(marked),
            compensation=measure,
        )
    return Verdict(
        outcome=Outcome.RECOGNISED_CONDITIONAL,
        decided_by_rule=done.rule_id,
        findings=(*findings, done, adaptation.finding(measure, policy)),
        differences=tuple(marked),
        compensation=measure,
        employment_condition=adaptation.condition(measure),
    )
