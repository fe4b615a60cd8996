"""The placement decision: cleared only on a signed contract with no blocking or pending finding and a recognition
that allows the job; blocked when a rule is violated; pending while a fact or event it needs is missing."""

import hashlib
from functools import cached_property, lru_cache
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict

from contracts.offers import ContractSigned, JobOffered, JobTerms
from contracts.participants import ParticipantRegistered
from contracts.recognition import RecognitionDecided, RecognitionOutcome
from contracts.recruitment import PlacementBlocked, PlacementCleared, PlacementPending, Stage
from contracts.types import Finding, MemberState, Severity
from services.common.documents import dump_json
from services.common.evidence import Evidence
from services.recruitment.rules.findings import blocking, finding, pending

Placement = PlacementCleared | PlacementBlocked | PlacementPending
WAITING = frozenset({RecognitionOutcome.PENDING_DOCUMENTS, RecognitionOutcome.REFER_TO_COMPETENT_AUTHORITY})
_TERMS = tuple(JobTerms.model_fields)


class Recognition(BaseModel):
    """What the placement reads of the participant's recognition decision (PL-REC-1). The case keeps only this:
    the whole decision, with its findings, was most of the case's size, read and written again on every event.
    A case stored with the whole decision reads into it as it is (the other fields are ignored)."""

    model_config = ConfigDict(frozen=True)

    outcome: RecognitionOutcome
    occupation: str
    destination: MemberState
    allows_occupation: bool
    employment_condition: str | None = None

    @classmethod
    def of(cls, decided: RecognitionDecided) -> "Recognition":
        return cls.model_validate(decided, from_attributes=True)


class Verdict(BaseModel):
    """A fair-recruitment verdict: the offer or contract terms assessed and what the rules found."""

    model_config = ConfigDict(frozen=True)

    stage: Stage
    terms: JobTerms
    contract_id: str | None = None
    findings: tuple[Finding, ...]

    @classmethod
    def of(cls, assessed: JobOffered | ContractSigned, findings: list[Finding]) -> "Verdict":
        contract_id = assessed.contract_id if isinstance(assessed, ContractSigned) else None
        stage = Stage.OFFER if contract_id is None else Stage.CONTRACT
        # The terms' fields as the validated event holds them (dumping and validating them again cost more).
        terms = JobTerms.model_validate({name: getattr(assessed, name) for name in _TERMS})
        return cls(stage=stage, terms=terms, contract_id=contract_id, findings=tuple(findings))

    @cached_property
    def terms_digest(self) -> str:
        """The terms' content, for the outcome key; worked out once per verdict (a case kept between events keeps
        its verdict, which every recognition decision and registration decides on again)."""
        return hashlib.sha256(dump_json(self.terms)).hexdigest()[:16]


def latest(current: Verdict | None, new: Verdict) -> Verdict:
    """The verdict a placement follows: the newest contract's once one is signed, else the newest offer's."""
    if current is not None and current.stage is Stage.CONTRACT and new.stage is Stage.OFFER:
        return current
    return new


def _recognition_gap(
    recognition: Recognition | None, occupation: str, destination: MemberState
) -> tuple[Severity, str] | None:
    """What recognition still lacks for this job: pending while a decision for it is awaited, blocking when the
    decision does not allow it."""
    if recognition is None:
        return Severity.PENDING, "No recognition decision has been taken yet, so the placement waits for it."
    if (recognition.occupation, recognition.destination) != (occupation, destination):
        return Severity.PENDING, (
            f"Recognition was decided for occupation {recognition.occupation} in {recognition.destination.value}, "
            f"not for occupation {occupation} in {destination.value} as the job needs: the placement "
            "waits for a decision on this job."
        )
    if recognition.outcome in WAITING:
        return Severity.PENDING, f"Recognition is still pending ({recognition.outcome.value}), so the placement waits."
    if recognition.allows_occupation:
        return None
    if recognition.outcome is RecognitionOutcome.RECOGNISED_CONDITIONAL:
        return Severity.PENDING, (
            "Recognition is conditional on a compensation measure not yet passed, so the placement waits for it."
        )
    return Severity.BLOCK, (
        f"Recognition ({recognition.outcome.value}) does not allow the participant to take up the occupation."
    )


def recognition_allows(recognition: Recognition | None, terms: JobTerms) -> Finding:
    """PL-REC-1: a recognition decision for this occupation and Member State allows the participant to work in it."""
    if recognition is not None and not isinstance(recognition, Recognition):  # the whole decision
        recognition = Recognition.model_validate(recognition, from_attributes=True)  # read as the case keeps it
    return _recognition_allows(recognition, terms.occupation, terms.destination)


@lru_cache(maxsize=1024)  # few decisions and jobs, and every placement decision asks (the finding is immutable)
def _recognition_allows(recognition: Recognition | None, occupation: str, destination: MemberState) -> Finding:
    gap = _recognition_gap(recognition, occupation, destination)
    evidence: Evidence = {
        "job_occupation": occupation,
        "job_destination": destination.value,
        "recognition_outcome": recognition.outcome.value if recognition else None,
        "recognised_occupation": recognition.occupation if recognition else None,
        "recognised_destination": recognition.destination.value if recognition else None,
        "allows_occupation": recognition.allows_occupation if recognition else None,
        "employment_condition": recognition.employment_condition if recognition else None,
    }
    if gap is None:
        explanation = f"Recognition ({evidence['recognition_outcome']}) allows the participant to take up the job."
        if evidence["employment_condition"]:
            explanation += f" Condition: {evidence['employment_condition']}"
        return finding("PL-REC-1", True, Severity.BLOCK, evidence, explanation)
    return finding("PL-REC-1", False, gap[0], evidence, gap[1])


def decide(participant: ParticipantRegistered, verdict: Verdict, recognition: Recognition | None) -> Placement:
    """Blocked when a blocking rule is violated (every blocking reason first, then what is missing besides); else
    pending while something is missing; else cleared."""
    findings = [*verdict.findings, recognition_allows(recognition, verdict.terms)]
    ids = {"participant_id": participant.participant_id, "contract_id": verdict.contract_id}
    held = pending(findings)
    if reasons := blocking(findings):
        return PlacementBlocked(**ids, offer_id=verdict.terms.offer_id, reasons=reasons + held, terms=verdict.terms)
    if held:
        return PlacementPending(**ids, offer_id=verdict.terms.offer_id, reasons=held, terms=verdict.terms)
    return PlacementCleared(**ids, partner_country=participant.partner_country, terms=verdict.terms, findings=findings)


def outcome_key(verdict: Verdict, decision: Placement) -> str:
    """What a decision rests on: outcome, the terms (by id and content) and the rules that block or are pending.
    Same key, same news."""
    base = f"{verdict.terms.offer_id}|{verdict.contract_id or '-'}|{verdict.terms_digest}"
    if isinstance(decision, PlacementCleared):
        return f"cleared|{base}"
    rules = ",".join(sorted({reason.rule_id for reason in decision.reasons}))
    outcome = "blocked" if isinstance(decision, PlacementBlocked) else "pending"
    return f"{outcome}|{base}|{rules}"


class Redecision(NamedTuple):
    """The key to store for the participant, and the decision to emit (None when nothing changed)."""

    key: str
    emit: Placement | None


def redecide(
    participant: ParticipantRegistered, verdict: Verdict, recognition: Recognition | None, last_key: str | None
) -> Redecision:
    """Decide again on the latest facts; emit only when the outcome differs from the last one emitted."""
    decision = decide(participant, verdict, recognition)
    key = outcome_key(verdict, decision)
    return Redecision(key, None if key == last_key else decision)
