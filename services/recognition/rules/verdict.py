"""A verdict, from the pre-assessment or from the competent authority, and the RecognitionDecided it publishes
with the language check that follows recognition."""

from collections.abc import Sequence
from datetime import date

from pydantic import BaseModel, ConfigDict

from contracts.qualifications import DocumentKind, LanguageCertified
from contracts.recognition import (
    PRE_ASSESSMENT_NOTICE,
    ComparabilityStatement,
    Compensation,
    RecognitionDecided,
    RecognitionOutcome,
    SubstantialDifference,
)
from contracts.types import Finding, MemberState
from services.recognition.rules.language import language
from services.recognition.rules.occupations import OccupationTable

Outcome = RecognitionOutcome
ALLOWS = frozenset({Outcome.RECOGNISED_FULL, Outcome.NOT_REQUIRED})
LANGUAGE_CHECKED = frozenset(
    {Outcome.RECOGNISED_FULL, Outcome.RECOGNISED_CONDITIONAL, Outcome.PARTIAL_ACCESS, Outcome.NOT_REQUIRED}
)


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
    employment_condition: str | None = None
    by_competent_authority: bool = False
    notice: str = PRE_ASSESSMENT_NOTICE


class Subject(BaseModel):
    """Whom and what a decision is about."""

    model_config = ConfigDict(frozen=True)

    participant_id: str
    occupation: str
    destination: MemberState


def publish(
    verdict: Verdict,
    subject: Subject,
    certificates: Sequence[LanguageCertified],
    table: OccupationTable,
    on: date,
) -> RecognitionDecided:
    """The decision event on event day `on`; the language requirement is checked only once recognition allows."""
    occupation = table.get(subject.occupation)
    check = None
    if occupation and verdict.outcome in LANGUAGE_CHECKED:
        check = language(occupation, subject.destination, certificates, table.languages_of(subject.destination))
    return RecognitionDecided(
        participant_id=subject.participant_id,
        outcome=verdict.outcome,
        occupation=subject.occupation,
        destination=subject.destination,
        allows_occupation=verdict.outcome in ALLOWS or verdict.employment_condition is not None,
        employment_condition=verdict.employment_condition,
        by_competent_authority=verdict.by_competent_authority,
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
        notice=verdict.notice,
    )
