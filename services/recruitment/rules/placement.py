"""The placement decision: cleared only when the latest verdict has no blocking violation and recognition allows."""

import hashlib
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict

from contracts.offers import ContractSigned, JobOffered, JobTerms
from contracts.participants import ParticipantRegistered
from contracts.recognition import RecognitionDecided, RecognitionOutcome
from contracts.recruitment import PlacementBlocked, PlacementCleared, Stage
from contracts.types import Finding, Severity
from services.common.evidence import Evidence
from services.recruitment.rules.findings import blocking, finding

Placement = PlacementCleared | PlacementBlocked
PENDING = frozenset({RecognitionOutcome.PENDING_DOCUMENTS, RecognitionOutcome.REFER_TO_COMPETENT_AUTHORITY})


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
        terms = JobTerms.model_validate(assessed.model_dump())
        return cls(stage=stage, terms=terms, contract_id=contract_id, findings=tuple(findings))


def latest(current: Verdict | None, new: Verdict) -> Verdict:
    """The verdict a placement follows: the newest contract's once one is signed, else the newest offer's."""
    if current is not None and current.stage is Stage.CONTRACT and new.stage is Stage.OFFER:
        return current
    return new


def _recognition_gap(recognition: RecognitionDecided | None, terms: JobTerms) -> str | None:
    if recognition is None:
        return "No recognition decision has been taken yet, so the placement waits for it."
    if (recognition.occupation, recognition.destination) != (terms.occupation, terms.destination):
        return (
            f"Recognition was decided for occupation {recognition.occupation} in {recognition.destination.value}, "
            f"not for occupation {terms.occupation} in {terms.destination.value} as the job needs."
        )
    if recognition.outcome in PENDING:
        return f"Recognition is still pending ({recognition.outcome.value}), so the placement waits for it."
    if not recognition.allows_occupation:
        return f"Recognition ({recognition.outcome.value}) does not allow the participant to take up the occupation."
    return None


def recognition_allows(recognition: RecognitionDecided | None, terms: JobTerms) -> Finding:
    """PL-REC-1: a recognition decision for this occupation and Member State allows the participant to work in it."""
    gap = _recognition_gap(recognition, terms)
    evidence: Evidence = {
        "job_occupation": terms.occupation,
        "job_destination": terms.destination.value,
        "recognition_outcome": recognition.outcome.value if recognition else None,
        "recognised_occupation": recognition.occupation if recognition else None,
        "recognised_destination": recognition.destination.value if recognition else None,
        "allows_occupation": recognition.allows_occupation if recognition else None,
    }
    explanation = gap or f"Recognition ({evidence['recognition_outcome']}) allows the participant to take up the job."
    return finding("PL-REC-1", gap is None, Severity.BLOCK, evidence, explanation)


def decide(participant: ParticipantRegistered, verdict: Verdict, recognition: RecognitionDecided | None) -> Placement:
    """Cleared when nothing blocks; otherwise blocked with every blocking finding as a reason."""
    recognised = recognition_allows(recognition, verdict.terms)
    reasons = blocking([*verdict.findings, recognised])
    if reasons:
        return PlacementBlocked(
            participant_id=participant.participant_id,
            offer_id=verdict.terms.offer_id,
            contract_id=verdict.contract_id,
            reasons=reasons,
        )
    return PlacementCleared(
        participant_id=participant.participant_id,
        partner_country=participant.partner_country,
        terms=verdict.terms,
        contract_id=verdict.contract_id,
        findings=[*verdict.findings, recognised],
    )


def outcome_key(verdict: Verdict, decision: Placement) -> str:
    """What a decision rests on: outcome, the terms (by id and content) and the blocking rules. Same key, same news."""
    digest = hashlib.sha256(verdict.terms.model_dump_json().encode()).hexdigest()[:16]
    if isinstance(decision, PlacementCleared):
        return f"cleared|{verdict.terms.offer_id}|{verdict.contract_id or '-'}|{digest}"
    rules = ",".join(sorted({reason.rule_id for reason in decision.reasons}))
    return f"blocked|{verdict.terms.offer_id}|{verdict.contract_id or '-'}|{digest}|{rules}"


class Redecision(NamedTuple):
    """The key to store for the participant, and the decision to emit (None when nothing changed)."""

    key: str
    emit: Placement | None


def redecide(
    participant: ParticipantRegistered, verdict: Verdict, recognition: RecognitionDecided | None, last_key: str | None
) -> Redecision:
    """Decide again on the latest facts; emit only when the outcome differs from the last one emitted."""
    decision = decide(participant, verdict, recognition)
    key = outcome_key(verdict, decision)
    return Redecision(key, None if key == last_key else decision)
