"""The five Lisbon elements compared one rule each: level, workload, quality, profile, learning outcomes."""

from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from contracts.qualifications import Qualification
from contracts.recognition import Element, SubstantialDifference
from contracts.types import Finding, Severity
from services.recognition.rules.occupations import CoreActivity, Occupation
from services.recognition.rules.policy import RecognitionPolicy
from services.recognition.rules.sources import ART_13, LISBON

YEAR_OF_ECTS = Decimal(60)


class ElementCheck(BaseModel):
    """One element compared: the finding, and the substantial difference when there is one."""

    model_config = ConfigDict(frozen=True)

    finding: Finding
    difference: SubstantialDifference | None = None


class Coverage(BaseModel):
    """Which core activities of the occupation the learning outcomes cover."""

    model_config = ConfigDict(frozen=True)

    covered: tuple[CoreActivity, ...]
    missing: tuple[CoreActivity, ...]

    @property
    def share(self) -> Decimal:
        return Decimal(len(self.covered)) / Decimal(len(self.covered) + len(self.missing))


def _check(rule_id: str, element: Element, required: str, found: str, substantial: bool, why: str) -> ElementCheck:
    finding = Finding(
        rule_id=rule_id,
        passed=not substantial,
        severity=Severity.WARN if substantial else Severity.INFO,
        evidence={"element": element.value, "required": required, "found": found},
        source=LISBON,
        explanation=why,
    )
    if not substantial:
        return ElementCheck(finding=finding)
    difference = SubstantialDifference(element=element, required=required, found=found, explanation=why)
    return ElementCheck(finding=finding, difference=difference)


def level(qualification: Qualification, occupation: Occupation) -> ElementCheck:
    """REC-LVL-1: the qualification's EQF level is at least the occupation's."""
    found, required = qualification.eqf_level, occupation.eqf_level
    why = f"EQF level {found} {'meets' if found >= required else 'is below'} the level {required} the occupation needs."
    return _check("REC-LVL-1", Element.LEVEL, f"EQF {required}", f"EQF {found}", found < required, why)


def level_gap_too_large(qualification: Qualification, occupation: Occupation, policy: RecognitionPolicy) -> Finding:
    """REC-LVL-2: the (held, required) pair of Art. 11 levels is one the policy refuses."""
    held, required = policy.art11(qualification.eqf_level), policy.art11(occupation.eqf_level)
    refused = (held, required) in policy.rejected_level_pairs
    return Finding(
        rule_id="REC-LVL-2",
        passed=not refused,
        severity=Severity.BLOCK if refused else Severity.INFO,
        evidence={"held_art11": held.value, "required_art11": required.value, "held_eqf": qualification.eqf_level},
        source=ART_13,
        explanation=f"Art. 11 level {held} held against {required} required: "
        + ("the gap is too large for recognition." if refused else "recognition is possible."),
    )


def training_years(qualification: Qualification) -> Decimal:
    """Workload in years: ECTS credits when given (60 a year), else the programme's duration."""
    if qualification.workload_ects is not None:
        return Decimal(qualification.workload_ects) / YEAR_OF_ECTS
    return qualification.duration_years


def training_shortfall(qualification: Qualification, occupation: Occupation) -> Decimal:
    return max(Decimal(0), occupation.typical_duration_years - training_years(qualification))


def workload(qualification: Qualification, occupation: Occupation, policy: RecognitionPolicy) -> ElementCheck:
    """REC-WORK-1: the training is not shorter than typical by the policy's shortfall or more."""
    shortfall = training_shortfall(qualification, occupation)
    substantial = shortfall > 0 and shortfall >= policy.workload_shortfall_years
    found, required = f"{training_years(qualification):.1f} years", f"{occupation.typical_duration_years:.1f} years"
    why = f"Training of {found} against a typical {required}: " + (
        f"{shortfall:.1f} years shorter." if substantial else "no substantial difference."
    )
    return _check("REC-WORK-1", Element.WORKLOAD, required, found, substantial, why)


def quality(qualification: Qualification) -> ElementCheck:
    """REC-QUAL-1: the awarding institution is accredited."""
    accredited = qualification.accredited
    why = "Awarded by an accredited institution." if accredited else "The awarding institution is not accredited."
    return _check("REC-QUAL-1", Element.QUALITY, "accredited", str(accredited).lower(), not accredited, why)


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def profile(qualification: Qualification, occupation: Occupation) -> ElementCheck:
    """REC-PROF-1: the field of study is one of the occupation's fields (either name containing the other)."""
    found = _norm(qualification.field)
    fields = [_norm(field) for field in occupation.fields]
    same = any(found in field or field in found for field in fields)
    why = f"Field '{qualification.field}' " + (
        "matches the occupation." if same else "is not a field of the occupation."
    )
    return _check("REC-PROF-1", Element.PROFILE, "; ".join(occupation.fields), qualification.field, not same, why)


def coverage(qualification: Qualification, occupation: Occupation) -> Coverage:
    outcomes = [_norm(outcome) for outcome in qualification.learning_outcomes]
    covers = [
        any(word in text for word in activity.keywords for text in outcomes) for activity in occupation.core_activities
    ]
    pairs = list(zip(occupation.core_activities, covers, strict=True))
    return Coverage(covered=tuple(a for a, c in pairs if c), missing=tuple(a for a, c in pairs if not c))


def learning_outcomes(qualification: Qualification, occupation: Occupation) -> ElementCheck:
    """REC-LO-1: the learning outcomes cover every core activity; without outcomes nothing is presumed missing."""
    if not qualification.learning_outcomes:
        why = "No learning outcomes given: not compared (the burden of proof lies with the recognising side)."
        return _check("REC-LO-1", Element.LEARNING_OUTCOMES, "core activities", "not given", False, why)
    cover = coverage(qualification, occupation)
    missing = ", ".join(activity.title for activity in cover.missing)
    found = f"{len(cover.covered)} of {len(cover.covered) + len(cover.missing)} core activities"
    why = f"Learning outcomes cover {found}" + (f"; missing: {missing}." if missing else ".")
    required = ", ".join(activity.title for activity in occupation.core_activities)
    return _check("REC-LO-1", Element.LEARNING_OUTCOMES, required, found, bool(cover.missing), why)


def compare(qualification: Qualification, occupation: Occupation, policy: RecognitionPolicy) -> list[ElementCheck]:
    """All five elements, in the order of the Convention."""
    return [
        level(qualification, occupation),
        workload(qualification, occupation, policy),
        quality(qualification),
        profile(qualification, occupation),
        learning_outcomes(qualification, occupation),
    ]
