"""Compensation measures of Art. 14: which ones, who chooses, how long, and what a completed one changes (REC-CMP-1)."""

from math import ceil

from contracts.qualifications import CompensationKind, CompensationMeasureCompleted, QualificationSubmitted
from contracts.recognition import Compensation, Element, SubstantialDifference
from contracts.types import Finding, Severity
from services.common.evidence import Evidence
from services.recognition.rules.elements import training_shortfall
from services.recognition.rules.occupations import Occupation
from services.recognition.rules.policy import RecognitionPolicy
from services.recognition.rules.sources import ART_14

BOTH = [CompensationKind.ADAPTATION_PERIOD, CompensationKind.APTITUDE_TEST]


def imposed_because(open_: list[SubstantialDifference], occupation: Occupation) -> str | None:
    """Why the applicant does not choose the measure, or None when they do."""
    if any(d.element is Element.QUALITY for d in open_):
        return "the awarding institution is not accredited, so competence must be shown in a test"
    if occupation.requires_national_law_knowledge:
        return "the occupation needs precise knowledge of national law"
    return None


def adaptation_months(
    open_: list[SubstantialDifference],
    submission: QualificationSubmitted,
    occupation: Occupation,
    policy: RecognitionPolicy,
) -> int:
    """Months proportionate to the open training shortfall, within the policy's minimum and maximum."""
    workload_open = any(d.element is Element.WORKLOAD for d in open_)
    shortfall = training_shortfall(submission.qualification, occupation) if workload_open else 0
    return min(policy.max_adaptation_months, max(policy.min_adaptation_months, ceil(shortfall * 12)))


def measure(
    open_: list[SubstantialDifference],
    submission: QualificationSubmitted,
    occupation: Occupation,
    policy: RecognitionPolicy,
) -> Compensation:
    """The measure a conditional recognition asks for."""
    reason = imposed_because(open_, occupation)
    if reason is None:
        options = BOTH
    elif any(d.element is Element.QUALITY for d in open_):
        options = [CompensationKind.APTITUDE_TEST]
    else:
        options = [policy.imposed_measure]
    months = adaptation_months(open_, submission, occupation, policy)
    months = months if CompensationKind.ADAPTATION_PERIOD in options else 0
    return Compensation(options=options, applicant_chooses=reason is None, max_adaptation_months=months)


def apply_completion(compensation: Compensation, completed: CompensationMeasureCompleted | None) -> Compensation:
    """Record the measure taken; it counts only if it is one of the options and was passed."""
    if completed is None:
        return compensation
    passed = completed.passed and completed.measure in compensation.options
    return compensation.model_copy(update={"taken": completed.measure, "passed": passed, "completed": passed})


def measure_evidence(compensation: Compensation) -> Evidence:
    """What a finding about the compensation measure shows: the options, the longest adaptation, what was taken."""
    return {
        "options": ", ".join(option.value for option in compensation.options),
        "max_adaptation_months": compensation.max_adaptation_months,
        "taken": compensation.taken.value if compensation.taken else None,
        "measure_passed": compensation.passed,
    }


def finding(compensation: Compensation, reason: str | None) -> Finding:
    """REC-CMP-1: the compensation measure is completed (passed) or still outstanding (failed)."""
    return Finding(
        rule_id="REC-CMP-1",
        passed=compensation.completed,
        severity=Severity.INFO if compensation.completed else Severity.WARN,
        evidence={**measure_evidence(compensation), "applicant_chooses": compensation.applicant_chooses},
        source=ART_14,
        explanation=_explain(compensation, reason),
    )


def _explain(compensation: Compensation, reason: str | None) -> str:
    taken = compensation.taken.value.replace("_", " ") if compensation.taken else None
    if compensation.completed:
        return f"The {taken} was passed: the differences are compensated."
    if taken and compensation.taken not in compensation.options:
        return f"A {taken} was reported, but the decision asks for another measure; it does not count."
    if taken:
        return f"The {taken} was not passed; the recognition stays conditional and the measure can be retaken."
    if reason:
        return f"A {compensation.options[0].value.replace('_', ' ')} is required because {reason}."
    months = compensation.max_adaptation_months
    return f"The applicant chooses an adaptation period of up to {months} months or an aptitude test."
