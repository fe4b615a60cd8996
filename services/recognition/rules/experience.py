"""Art. 14(5) offset: documented professional experience can cover substantial differences (REC-EXP-1)."""

from decimal import Decimal

from contracts.qualifications import DocumentKind, QualificationSubmitted
from contracts.recognition import Element, SubstantialDifference
from contracts.types import Finding, Severity
from services.recognition.rules.elements import training_shortfall
from services.recognition.rules.occupations import Occupation
from services.recognition.rules.policy import RecognitionPolicy
from services.recognition.rules.sources import ART_14_5

CONTENT = frozenset({Element.PROFILE, Element.LEARNING_OUTCOMES})


def documented_years(submission: QualificationSubmitted) -> Decimal:
    """Experience counts only with an experience certificate in the file."""
    documented = DocumentKind.EXPERIENCE_CERTIFICATE in submission.documents
    return submission.experience_years if documented else Decimal(0)


def covers(
    element: Element,
    years: Decimal,
    submission: QualificationSubmitted,
    occupation: Occupation,
    policy: RecognitionPolicy,
) -> bool:
    """Whether `years` of documented experience cover a difference in `element` (never quality)."""
    if element is Element.WORKLOAD:
        shortfall = training_shortfall(submission.qualification, occupation)
        return years >= shortfall * policy.experience_years_per_training_year
    if element is Element.LEVEL:
        gap = occupation.eqf_level - submission.qualification.eqf_level
        return gap <= policy.experience_max_level_gap and years >= policy.experience_years_for_content
    return element in CONTENT and years >= policy.experience_years_for_content


def offset(
    differences: list[SubstantialDifference],
    submission: QualificationSubmitted,
    occupation: Occupation,
    policy: RecognitionPolicy,
) -> tuple[list[SubstantialDifference], Finding]:
    """The differences marked covered or not, and the REC-EXP-1 finding that says which and why."""
    years = documented_years(submission)
    marked = [
        d.model_copy(update={"covered_by_experience": covers(d.element, years, submission, occupation, policy)})
        for d in differences
    ]
    return marked, _finding(marked, years, submission)


def _finding(marked: list[SubstantialDifference], years: Decimal, submission: QualificationSubmitted) -> Finding:
    covered = [d.element.value for d in marked if d.covered_by_experience]
    open_ = [d.element.value for d in marked if not d.covered_by_experience]
    claimed = submission.experience_years
    undocumented = claimed > 0 and years == 0
    why = f"{years:.1f} documented years of experience cover: {', '.join(covered) or 'none'}"
    why += f"; still open: {', '.join(open_)}." if open_ else "."
    if undocumented:
        why += f" {claimed:.1f} years were claimed without an experience certificate and are not counted."
    return Finding(
        rule_id="REC-EXP-1",
        passed=not open_,
        severity=Severity.INFO if not open_ else Severity.WARN,
        evidence={
            "experience_years_claimed": str(claimed),
            "experience_years_documented": str(years),
            "covered": ", ".join(covered) or None,
            "open": ", ".join(open_) or None,
        },
        source=ART_14_5,
        explanation=why,
    )
