"""Partial access (Art. 4f): only some of the occupation's core activities are comparable (REC-PA-1)."""

from contracts.qualifications import Qualification
from contracts.recognition import Element, SubstantialDifference
from contracts.types import Finding, Severity
from services.recognition.rules.elements import coverage
from services.recognition.rules.occupations import Occupation
from services.recognition.rules.policy import RecognitionPolicy
from services.recognition.rules.sources import ART_4F


def applies(open_: list[SubstantialDifference]) -> bool:
    """Partial access is weighed only when learning outcomes differ and quality does not (an unaccredited award
    cannot support even part of the occupation)."""
    elements = {d.element for d in open_}
    return Element.LEARNING_OUTCOMES in elements and Element.QUALITY not in elements


def partial_access(qualification: Qualification, occupation: Occupation, policy: RecognitionPolicy) -> Finding:
    """REC-PA-1: full access (passed) unless some, but fewer than the policy's share, of the core activities are
    covered; then only the covered ones are open."""
    cover = coverage(qualification, occupation)
    partial = 0 < cover.share < policy.partial_access_below_share
    covered = ", ".join(activity.title for activity in cover.covered)
    return Finding(
        rule_id="REC-PA-1",
        passed=not partial,
        severity=Severity.WARN if partial else Severity.INFO,
        evidence={
            "covered_share": f"{cover.share:.2f}",
            "threshold": str(policy.partial_access_below_share),
            "covered": covered or None,
        },
        source=ART_4F,
        explanation=f"Only these activities are comparable: {covered}; access is limited to them."
        if partial
        else f"{cover.share:.0%} of the core activities are comparable: compensation, not partial access.",
    )


def activities(qualification: Qualification, occupation: Occupation) -> list[str]:
    return [activity.title for activity in coverage(qualification, occupation).covered]
