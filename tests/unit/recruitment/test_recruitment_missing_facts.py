"""Missing is not fine: a safety fact the terms leave out (who keeps the documents, whether the costs listed are
complete, whether the employer provides housing) yields a pending finding that asks for it, never a pass; and a
mistyped field name cannot turn a report into "all fine"."""

from datetime import date
from typing import Any

import pytest

from contracts.offers import Accommodation, ContractSigned, JobOffered
from contracts.participants import ParticipantRegistered
from contracts.recognition import RecognitionDecided, RecognitionOutcome
from contracts.recruitment import PlacementPending
from contracts.types import Finding, MemberState, Severity
from services.recruitment.rules.assessment import assess
from services.recruitment.rules.placement import Verdict, decide
from services.recruitment.rules.policy import RecruitmentPolicy
from services.recruitment.rules.substitution import differences

ON = date(2025, 3, 1)


def rule(terms: Any, participant: ParticipantRegistered, rule_id: str, offer: JobOffered | None = None) -> Finding:
    return next(f for f in assess(terms, participant, ON, RecruitmentPolicy(), offer) if f.rule_id == rule_id)


def without(terms: Any, *names: str, **extra: Any) -> Any:
    """The terms as an agency would send them without `names` (and with `extra`, known or not)."""
    return type(terms).model_validate(terms.model_dump(exclude=set(names)) | extra)


FACTS = [
    ("FR-DOC-1", {"worker_keeps_documents": None}, False, Severity.PENDING, "worker_keeps_documents"),
    ("FR-DOC-1", {"worker_keeps_documents": False}, False, Severity.BLOCK, "keeps the worker's documents"),
    ("FR-DOC-1", {"worker_keeps_documents": True, "employer_keeps_documents": True}, False, Severity.BLOCK, "keeps"),
    ("FR-DOC-1", {"worker_keeps_documents": True}, True, Severity.BLOCK, "keeps their own"),
    ("FR-FEE-1", {"costs_complete": None}, False, Severity.PENDING, "do not state"),
    ("FR-FEE-1", {"costs_complete": False}, False, Severity.PENDING, "incomplete"),
    ("FR-FEE-1", {"costs_complete": True}, True, Severity.BLOCK, "no recruitment fees"),
    ("FR-HOUS-1", {"accommodation": None}, False, Severity.PENDING, "whether the employer provides housing"),
    ("FR-HOUS-1", {"accommodation": Accommodation(provided_by_employer=False)}, True, Severity.INFO, "No employer"),
]


@pytest.mark.parametrize(
    ("rule_id", "fields", "passed", "severity", "says"),
    FACTS,
    ids=[
        "documents-unknown",
        "documents-not-with-the-worker",
        "documents-contradictory",
        "documents-with-the-worker",
        "costs-list-not-declared-complete",
        "costs-list-declared-incomplete",
        "costs-list-complete",
        "housing-unknown",
        "no-employer-housing",
    ],
)
def test_an_unknown_safety_fact_asks_for_it_and_is_never_a_pass(
    contract: ContractSigned,
    offer: JobOffered,
    participant: ParticipantRegistered,
    rule_id: str,
    fields: dict[str, Any],
    passed: bool,
    severity: Severity,
    says: str,
) -> None:
    found = rule(without(contract, *fields, **fields), participant, rule_id, offer)
    assert (found.passed, found.severity) == (passed, severity), found.explanation
    assert says in found.explanation


@pytest.mark.parametrize(
    ("left_out", "rule_id"),
    [("worker_keeps_documents", "FR-DOC-1"), ("costs_complete", "FR-FEE-1"), ("accommodation", "FR-HOUS-1")],
)
def test_a_contract_that_leaves_a_safety_fact_out_keeps_the_placement_pending(
    contract: ContractSigned, offer: JobOffered, participant: ParticipantRegistered, left_out: str, rule_id: str
) -> None:
    terms = without(contract, left_out)
    verdict = Verdict.of(terms, assess(terms, participant, ON, RecruitmentPolicy(), offer))
    recognised = RecognitionDecided(
        participant_id="P-TN-0001", outcome=RecognitionOutcome.RECOGNISED_FULL, occupation="2512",
        destination=MemberState.DE, allows_occupation=True, decided_on=ON,
    )  # fmt: skip
    decision = decide(participant, verdict, recognised)
    assert isinstance(decision, PlacementPending)
    assert [r.rule_id for r in decision.reasons] == [rule_id]


@pytest.mark.parametrize("typo", ["worker_keep_documents", "workers_keeps_documents", "Worker_Keeps_Documents"])
def test_a_mistyped_field_name_does_not_turn_the_documents_fact_into_all_fine(
    contract: ContractSigned, offer: JobOffered, participant: ParticipantRegistered, typo: str
) -> None:
    sent = without(contract, "worker_keeps_documents", **{typo: True})
    found = rule(sent, participant, "FR-DOC-1", offer)
    assert (found.passed, found.severity) == (False, Severity.PENDING)


def test_a_mistyped_retention_report_is_not_read_as_no_retention(
    contract: ContractSigned, offer: JobOffered, participant: ParticipantRegistered
) -> None:
    sent = without(contract, "worker_keeps_documents", "employer_keeps_documents", employer_keep_documents=True)
    assert not rule(sent, participant, "FR-DOC-1", offer).passed


@pytest.mark.parametrize(
    ("field", "signed"), [("worker_keeps_documents", False), ("costs_complete", False)], ids=["documents", "costs"]
)
def test_a_contract_taking_back_a_safety_statement_of_the_offer_is_a_substitution(
    offer: JobOffered, contract: ContractSigned, field: str, signed: bool
) -> None:
    worse = without(contract, field, **{field: signed})
    assert [d.field for d in differences(offer, worse)] == [field]
