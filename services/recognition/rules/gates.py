"""Rules that decide whether a comparison happens at all: file complete, occupation known, regulated, sectoral."""

from contracts.qualifications import DocumentKind, QualificationSubmitted
from contracts.types import Finding, MemberState, Severity
from services.recognition.rules.occupations import Occupation, Regulation
from services.recognition.rules.policy import RecognitionPolicy
from services.recognition.rules.sources import ART_2_2, ART_50, OCCUPATION_TABLE, OWN_REGIME, REGULATED

EU_STATES = frozenset(MemberState)


def missing_documents(submission: QualificationSubmitted, policy: RecognitionPolicy) -> list[DocumentKind]:
    return [kind for kind in policy.required_documents if kind not in submission.documents]


def documents_complete(submission: QualificationSubmitted, policy: RecognitionPolicy) -> Finding:
    """REC-DOC-1: every document the policy requires is in the file."""
    missing = missing_documents(submission, policy)
    return Finding(
        rule_id="REC-DOC-1",
        passed=not missing,
        severity=Severity.BLOCK if missing else Severity.INFO,
        evidence={"required": _names(policy.required_documents), "missing": _names(missing) or None},
        source=ART_50,
        explanation=f"The file lacks: {_names(missing)}." if missing else "The file holds every required document.",
    )


def occupation_known(code: str, occupation: Occupation | None) -> Finding:
    """REC-OCC-1: the target occupation is in the reference table, so it can be pre-assessed."""
    return Finding(
        rule_id="REC-OCC-1",
        passed=occupation is not None,
        severity=Severity.INFO if occupation else Severity.BLOCK,
        evidence={"occupation": code, "title": occupation.title if occupation else None},
        source=OCCUPATION_TABLE,
        explanation=f"Occupation {code} is in the reference table."
        if occupation
        else f"Occupation {code} is not in the reference table; the competent authority must assess the file.",
    )


def regulation(occupation: Occupation, state: MemberState) -> Finding:
    """REC-REG-1: the occupation is open without recognition in the destination (passed), needs recognition
    (failed, info), or its status is not known, so the competent authority must confirm it (failed, pending)."""
    status = occupation.regulation_in(state)
    return Finding(
        rule_id="REC-REG-1",
        passed=status is False,
        severity=Severity.PENDING if status == "unknown" else Severity.INFO,
        evidence={"destination": str(state), "regulated": str(status).lower()},
        source=REGULATED,
        explanation=_regulation_text(occupation.title, state, status),
    )


def _regulation_text(title: str, state: MemberState, status: Regulation) -> str:
    if status == "unknown":
        return (
            f"No source tells whether '{title}' is regulated in {state}: the competent authority must confirm it "
            "before recognition is assessed or waived."
        )
    return f"'{title}' is {'' if status else 'not '}regulated in {state}."


def sectoral_third_country(occupation: Occupation, submission: QualificationSubmitted) -> Finding:
    """REC-SEC-1: a sectoral profession with a diploma from outside the EU goes to the competent authority."""
    country = submission.qualification.awarding_country
    refer = occupation.sectoral and country not in EU_STATES
    return Finding(
        rule_id="REC-SEC-1",
        passed=not refer,
        severity=Severity.BLOCK if refer else Severity.INFO,
        evidence={"sectoral": occupation.sectoral, "awarding_country": country},
        source=ART_2_2,
        explanation=f"'{occupation.title}' is a sectoral profession and the diploma is from {country}: "
        "only the competent authority can assess it."
        if refer
        else "No sectoral-profession referral.",
    )


def own_regime(occupation: Occupation) -> Finding:
    """REC-SEC-2: occupations reached through their own EU regime (licence, certificate) are not compared."""
    reason = occupation.refer_reason
    return Finding(
        rule_id="REC-SEC-2",
        passed=reason is None,
        severity=Severity.BLOCK if reason else Severity.INFO,
        evidence={"regime": reason},
        source=OWN_REGIME,
        explanation=reason or "The occupation has no regime of its own; qualifications are compared.",
    )


def _names(kinds: tuple[DocumentKind, ...] | list[DocumentKind]) -> str:
    return ", ".join(kind.value for kind in kinds)
