"""The competent authority's decision (mobility.recognition_application.decided) reported as the service's decision
(REC-AUTH-1): the legal act replaces the pre-assessment for its occupation and Member State."""

from contracts.qualifications import (
    AuthorityOutcome,
    CompensationKind,
    CompensationMeasureCompleted,
    QualificationSubmitted,
    RecognitionApplicationDecided,
)
from contracts.recognition import AUTHORITY_NOTICE, Compensation
from contracts.types import Finding, Severity
from services.recognition.rules import adaptation, compensation
from services.recognition.rules.policy import RecognitionPolicy
from services.recognition.rules.sources import AUTHORITY
from services.recognition.rules.verdict import Outcome, Subject, Verdict

SEVERITY = {
    AuthorityOutcome.RECOGNISED_FULL: Severity.INFO,
    AuthorityOutcome.NOT_REQUIRED: Severity.INFO,
    AuthorityOutcome.RECOGNISED_CONDITIONAL: Severity.WARN,
    AuthorityOutcome.PARTIAL_ACCESS: Severity.WARN,
    AuthorityOutcome.REJECTED: Severity.BLOCK,
}


def covers(decided: RecognitionApplicationDecided, submission: QualificationSubmitted | None) -> bool:
    """The decision is about the occupation and Member State the latest submission targets (or there is none)."""
    if submission is None:
        return True
    return (submission.target_occupation, submission.destination) == (decided.occupation, decided.destination)


def subject(decided: RecognitionApplicationDecided) -> Subject:
    return Subject(
        participant_id=decided.participant_id, occupation=decided.occupation, destination=decided.destination
    )


def measure(decided: RecognitionApplicationDecided, completed: CompensationMeasureCompleted | None) -> Compensation:
    """The measure the decision asks for (both when it names none), with the result of the one taken."""
    options = list(dict.fromkeys(decided.compensation_options)) or list(compensation.BOTH)
    months = decided.max_adaptation_months if CompensationKind.ADAPTATION_PERIOD in options else 0
    asked = Compensation(options=options, applicant_chooses=len(options) > 1, max_adaptation_months=months)
    return compensation.apply_completion(asked, completed)


def verdict(
    decided: RecognitionApplicationDecided, completed: CompensationMeasureCompleted | None, policy: RecognitionPolicy
) -> Verdict:
    """The authority's outcome; a conditional one turns full once its measure is passed, and allows employment while
    an adaptation period is served (REC-CMP-2)."""
    reported = finding(decided)
    base = Verdict(
        outcome=Outcome(decided.outcome.value),
        decided_by_rule=reported.rule_id,
        findings=(reported,),
        partial_access_activities=tuple(decided.partial_access_activities),
        by_competent_authority=True,
        notice=AUTHORITY_NOTICE,
    )
    if base.outcome is not Outcome.RECOGNISED_CONDITIONAL:
        return base
    asked = adaptation.in_employment(measure(decided, completed), policy)
    done = compensation.finding(asked, None if asked.applicant_chooses else "the competent authority imposed it")
    if asked.completed:
        return base.model_copy(
            update={"outcome": Outcome.RECOGNISED_FULL, "findings": (reported, done), "compensation": asked}
        )
    return base.model_copy(
        update={
            "findings": (reported, done, adaptation.finding(asked, policy)),
            "compensation": asked,
            "employment_condition": adaptation.condition(asked),
        }
    )


def finding(decided: RecognitionApplicationDecided) -> Finding:
    """REC-AUTH-1: what the competent authority decided, as evidence for the caseworker."""
    opens = decided.outcome in {AuthorityOutcome.RECOGNISED_FULL, AuthorityOutcome.NOT_REQUIRED}
    who = decided.authority or f"the competent authority of {decided.destination}"
    why = f" Reasons given: {decided.reasons}" if decided.reasons else ""
    return Finding(
        rule_id="REC-AUTH-1",
        passed=opens,
        severity=SEVERITY[decided.outcome],
        evidence={
            "authority": decided.authority,
            "decided_on": decided.decided_on.isoformat(),
            "outcome": decided.outcome.value,
            "compensation_options": ", ".join(o.value for o in decided.compensation_options) or None,
            "max_adaptation_months": decided.max_adaptation_months,
            "reasons": decided.reasons,
        },
        source=AUTHORITY,
        explanation=f"{who} decided on {decided.decided_on}: {decided.outcome.value.replace('_', ' ')}.{why}",
    )
