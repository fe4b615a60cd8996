"""The placement decision follows the latest verdict and recognition: cleared only on a signed contract delivered
before departure, blocked on a violation, pending with what is missing; emitted only when it changes, and always
with the notice that legal decisions rest with the national authorities."""

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest

from contracts.offers import ContractSigned, Cost, CostKind, JobOffered
from contracts.participants import ParticipantRegistered
from contracts.recognition import RecognitionDecided, RecognitionOutcome
from contracts.recruitment import PLACEMENT_NOTICE, PlacementBlocked, PlacementCleared, PlacementPending, Stage
from contracts.types import MemberState, Money, Severity
from services.recruitment.rules.assessment import Terms, assess
from services.recruitment.rules.placement import Verdict, decide, latest, redecide
from services.recruitment.rules.policy import RecruitmentPolicy

ON = date(2025, 3, 1)
WORKER_FEE = Cost(
    kind=CostKind.RECRUITMENT_FEE, amount=Money(amount=Decimal(500), currency="EUR"), paid_by_worker=True, payee="agent"
)


def recognition(
    outcome: RecognitionOutcome = RecognitionOutcome.RECOGNISED_FULL,
    allows: bool = True,
    occupation: str = "2512",
    destination: MemberState = MemberState.DE,
) -> RecognitionDecided:
    return RecognitionDecided(
        participant_id="P-TN-0001",
        outcome=outcome,
        occupation=occupation,
        destination=destination,
        allows_occupation=allows,
        decided_on=date(2025, 2, 1),
    )


def changed(terms: Any, **fields: Any) -> Any:
    return type(terms).model_validate(terms.model_dump() | fields)


def verdict(terms: Terms, participant: ParticipantRegistered, offer: JobOffered | None = None) -> Verdict:
    return Verdict.of(terms, assess(terms, participant, ON, RecruitmentPolicy(), offer))


def test_a_clean_offer_with_recognition_is_pending_until_a_signed_contract(
    offer: JobOffered, participant: ParticipantRegistered
) -> None:
    decision = decide(participant, verdict(offer, participant), recognition())
    assert isinstance(decision, PlacementPending)
    assert (decision.offer_id, decision.contract_id) == ("O-1", None)
    assert [(r.rule_id, r.passed, r.severity) for r in decision.reasons] == [
        ("FR-CON-2", False, Severity.PENDING),
        ("FR-CON-3", False, Severity.PENDING),
    ]
    assert decision.terms == verdict(offer, participant).terms


def test_a_clean_contract_delivered_before_departure_with_recognition_is_cleared(
    offer: JobOffered, contract: ContractSigned, participant: ParticipantRegistered
) -> None:
    decision = decide(participant, verdict(contract, participant, offer), recognition())
    assert isinstance(decision, PlacementCleared)
    assert (decision.terms.offer_id, decision.contract_id, decision.partner_country) == ("O-1", "C-1", "TN")
    assert decision.findings[-1].rule_id == "PL-REC-1" and decision.findings[-1].passed


def test_a_contract_without_a_departure_date_is_pending_and_names_what_is_missing(
    offer: JobOffered, contract: ContractSigned, participant: ParticipantRegistered
) -> None:
    undated = changed(contract, departure_at=None)
    decision = decide(participant, verdict(undated, participant, offer), recognition())
    assert isinstance(decision, PlacementPending)
    assert [r.rule_id for r in decision.reasons] == ["FR-CON-2"]
    assert "No departure date is known" in decision.reasons[0].explanation


def test_a_contract_delivered_after_departure_is_blocked(
    offer: JobOffered, contract: ContractSigned, participant: ParticipantRegistered
) -> None:
    late = changed(contract, delivered_at=datetime(2025, 4, 2, tzinfo=UTC))
    decision = decide(participant, verdict(late, participant, offer), recognition())
    assert isinstance(decision, PlacementBlocked)
    assert [r.rule_id for r in decision.reasons] == ["FR-CON-2"]


def test_fee_charged_to_worker_blocks_placement_and_what_is_missing_follows(
    offer: JobOffered, participant: ParticipantRegistered
) -> None:
    decision = decide(participant, verdict(changed(offer, costs=[WORKER_FEE]), participant), recognition())
    assert isinstance(decision, PlacementBlocked)
    assert [(r.rule_id, r.severity) for r in decision.reasons] == [
        ("FR-FEE-1", Severity.BLOCK),
        ("FR-CON-2", Severity.PENDING),
        ("FR-CON-3", Severity.PENDING),
    ]


@pytest.mark.parametrize(
    ("decided", "because", "outcome"),
    [
        (None, "No recognition decision", PlacementPending),
        (recognition(RecognitionOutcome.PENDING_DOCUMENTS, allows=False), "still pending", PlacementPending),
        (recognition(RecognitionOutcome.REFER_TO_COMPETENT_AUTHORITY, allows=False), "still pending", PlacementPending),
        (
            recognition(RecognitionOutcome.RECOGNISED_CONDITIONAL, allows=False),
            "compensation measure",
            PlacementPending,
        ),
        (recognition(occupation="2511"), "not for occupation 2512", PlacementPending),
        (recognition(destination=MemberState.AT), "not for occupation 2512 in DE", PlacementPending),
        (recognition(RecognitionOutcome.REJECTED, allows=False), "does not allow", PlacementBlocked),
        (recognition(RecognitionOutcome.PARTIAL_ACCESS, allows=False), "does not allow", PlacementBlocked),
    ],
    ids=[
        "missing",
        "pending-documents",
        "referred",
        "compensation-open",
        "other-occupation",
        "other-state",
        "rejected",
        "partial-access-not-covering-the-job",
    ],
)
def test_placement_waits_for_recognition_that_allows_this_job_and_is_blocked_when_refused(
    offer: JobOffered,
    contract: ContractSigned,
    participant: ParticipantRegistered,
    decided: RecognitionDecided | None,
    because: str,
    outcome: type,
) -> None:
    decision = decide(participant, verdict(contract, participant, offer), decided)
    assert isinstance(decision, outcome)
    assert isinstance(decision, PlacementPending | PlacementBlocked)
    assert [(r.rule_id, r.passed) for r in decision.reasons] == [("PL-REC-1", False)]
    assert because in decision.reasons[0].explanation


def test_every_blocking_reason_is_given(offer: JobOffered, participant: ParticipantRegistered) -> None:
    bad = changed(offer, costs=[WORKER_FEE], employer_keeps_documents=True, rights_information_provided=False)
    decision = decide(participant, verdict(bad, participant), None)
    assert isinstance(decision, PlacementBlocked)
    assert [r.rule_id for r in decision.reasons if r.severity is Severity.BLOCK] == ["FR-FEE-1", "FR-DOC-1"]
    assert [r.rule_id for r in decision.reasons if r.severity is Severity.PENDING] == [
        "FR-CON-2",
        "FR-CON-3",
        "PL-REC-1",
    ]


@pytest.mark.parametrize(
    ("terms", "decided"),
    [("offer", recognition()), ("contract", recognition()), ("contract", None), ("late", recognition())],
    ids=["pending", "cleared", "pending-recognition", "blocked"],
)
def test_every_placement_decision_says_legal_decisions_rest_with_the_national_authorities(
    offer: JobOffered,
    contract: ContractSigned,
    participant: ParticipantRegistered,
    terms: str,
    decided: RecognitionDecided | None,
) -> None:
    late = changed(contract, delivered_at=datetime(2025, 4, 2, tzinfo=UTC))
    assessed = {"offer": verdict(offer, participant), "contract": verdict(contract, participant, offer)}
    assessed["late"] = verdict(late, participant, offer)
    decision = decide(participant, assessed[terms], decided)
    assert decision.notice == PLACEMENT_NOTICE
    assert "competent national authorities" in decision.model_dump(mode="json")["notice"]


def test_placement_clears_after_recognition_completes(
    offer: JobOffered, contract: ContractSigned, participant: ParticipantRegistered
) -> None:
    latest_verdict = verdict(contract, participant, offer)
    waiting = recognition(RecognitionOutcome.PENDING_DOCUMENTS, allows=False)
    first = redecide(participant, latest_verdict, waiting, None)
    again = redecide(participant, latest_verdict, waiting, first.key)
    cleared = redecide(participant, latest_verdict, recognition(), again.key)
    repeated = redecide(participant, latest_verdict, recognition(), cleared.key)
    assert isinstance(first.emit, PlacementPending)
    assert again.emit is None
    assert isinstance(cleared.emit, PlacementCleared)
    assert repeated.emit is None


def test_placement_is_redecided_when_the_contract_substitutes_worse_terms(
    offer: JobOffered, contract: ContractSigned, participant: ParticipantRegistered
) -> None:
    on_offer = redecide(participant, verdict(offer, participant), recognition(), None)
    worse = changed(contract, monthly_gross_wage=Money(amount=Decimal(3000), currency="EUR"))
    on_contract = latest(verdict(offer, participant), verdict(worse, participant, offer))
    redecided = redecide(participant, on_contract, recognition(), on_offer.key)
    assert isinstance(on_offer.emit, PlacementPending)
    assert isinstance(redecided.emit, PlacementBlocked)
    assert (redecided.emit.contract_id, [r.rule_id for r in redecided.emit.reasons]) == ("C-1", ["FR-CON-3"])


def test_a_faithful_contract_clears_the_placement_on_its_own_terms(
    offer: JobOffered, contract: ContractSigned, participant: ParticipantRegistered
) -> None:
    on_offer = redecide(participant, verdict(offer, participant), recognition(), None)
    on_contract = redecide(participant, verdict(contract, participant, offer), recognition(), on_offer.key)
    assert isinstance(on_contract.emit, PlacementCleared)
    assert on_contract.emit.contract_id == "C-1"


def test_an_amended_offer_is_redecided_but_a_repeated_one_is_not(
    offer: JobOffered, participant: ParticipantRegistered
) -> None:
    first = redecide(participant, verdict(offer, participant), recognition(), None)
    repeated = redecide(participant, verdict(changed(offer), participant), recognition(), first.key)
    amended = redecide(participant, verdict(changed(offer, duration_months=36), participant), recognition(), first.key)
    assert repeated.emit is None
    assert isinstance(amended.emit, PlacementPending) and amended.emit.terms is not None
    assert amended.emit.terms.duration_months == 36


@pytest.mark.parametrize(
    ("current", "new", "expected"),
    [
        (None, Stage.OFFER, Stage.OFFER),
        (Stage.OFFER, Stage.CONTRACT, Stage.CONTRACT),
        (Stage.CONTRACT, Stage.OFFER, Stage.CONTRACT),
    ],
    ids=["first-offer", "contract-replaces-offer", "later-offer-does-not-replace-contract"],
)
def test_the_placement_follows_the_contract_once_signed(
    offer: JobOffered,
    contract: ContractSigned,
    participant: ParticipantRegistered,
    current: Stage | None,
    new: Stage,
    expected: Stage,
) -> None:
    by_stage = {Stage.OFFER: verdict(offer, participant), Stage.CONTRACT: verdict(contract, participant, offer)}
    assert latest(None if current is None else by_stage[current], by_stage[new]).stage is expected


def test_the_outcome_key_survives_storing_the_verdict_as_json(
    offer: JobOffered, participant: ParticipantRegistered
) -> None:
    fresh = verdict(offer, participant)
    stored = Verdict.model_validate_json(fresh.model_dump_json())
    first = redecide(participant, fresh, recognition(), None)
    assert stored == fresh
    assert redecide(participant, stored, recognition(), first.key).emit is None
