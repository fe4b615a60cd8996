"""The placement decision follows the latest verdict and recognition, and is emitted only when it changes."""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from contracts.offers import ContractSigned, Cost, CostKind, JobOffered
from contracts.participants import ParticipantRegistered
from contracts.recognition import RecognitionDecided, RecognitionOutcome
from contracts.recruitment import PlacementBlocked, PlacementCleared, Stage
from contracts.types import MemberState, Money
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


def test_a_clean_offer_with_recognition_is_cleared(offer: JobOffered, participant: ParticipantRegistered) -> None:
    decision = decide(participant, verdict(offer, participant), recognition())
    assert isinstance(decision, PlacementCleared)
    assert (decision.terms.offer_id, decision.contract_id, decision.partner_country) == ("O-1", None, "TN")
    assert decision.findings[-1].rule_id == "PL-REC-1" and decision.findings[-1].passed


def test_fee_charged_to_worker_blocks_placement(offer: JobOffered, participant: ParticipantRegistered) -> None:
    decision = decide(participant, verdict(changed(offer, costs=[WORKER_FEE]), participant), recognition())
    assert isinstance(decision, PlacementBlocked)
    assert [r.rule_id for r in decision.reasons] == ["FR-FEE-1"]


@pytest.mark.parametrize(
    ("decided", "because"),
    [
        (None, "No recognition decision"),
        (recognition(RecognitionOutcome.PENDING_DOCUMENTS, allows=False), "still pending"),
        (recognition(RecognitionOutcome.REFER_TO_COMPETENT_AUTHORITY, allows=False), "still pending"),
        (recognition(RecognitionOutcome.RECOGNISED_CONDITIONAL, allows=False), "does not allow"),
        (recognition(RecognitionOutcome.REJECTED, allows=False), "does not allow"),
        (recognition(occupation="2511"), "not for occupation 2512"),
        (recognition(destination=MemberState.AT), "not for occupation 2512 in DE"),
    ],
    ids=[
        "missing",
        "pending-documents",
        "referred",
        "compensation-open",
        "rejected",
        "other-occupation",
        "other-state",
    ],
)
def test_placement_waits_for_recognition_that_allows_this_job(
    offer: JobOffered, participant: ParticipantRegistered, decided: RecognitionDecided | None, because: str
) -> None:
    decision = decide(participant, verdict(offer, participant), decided)
    assert isinstance(decision, PlacementBlocked)
    assert [(r.rule_id, r.passed) for r in decision.reasons] == [("PL-REC-1", False)]
    assert because in decision.reasons[0].explanation


def test_every_blocking_reason_is_given(offer: JobOffered, participant: ParticipantRegistered) -> None:
    bad = changed(offer, costs=[WORKER_FEE], employer_keeps_documents=True, rights_information_provided=False)
    decision = decide(participant, verdict(bad, participant), None)
    assert isinstance(decision, PlacementBlocked)
    assert [r.rule_id for r in decision.reasons] == ["FR-FEE-1", "FR-DOC-1", "PL-REC-1"]


def test_placement_clears_after_recognition_completes(offer: JobOffered, participant: ParticipantRegistered) -> None:
    latest_verdict = verdict(offer, participant)
    pending = recognition(RecognitionOutcome.PENDING_DOCUMENTS, allows=False)
    first = redecide(participant, latest_verdict, pending, None)
    again = redecide(participant, latest_verdict, pending, first.key)
    cleared = redecide(participant, latest_verdict, recognition(), again.key)
    repeated = redecide(participant, latest_verdict, recognition(), cleared.key)
    assert isinstance(first.emit, PlacementBlocked)
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
    assert isinstance(on_offer.emit, PlacementCleared)
    assert isinstance(redecided.emit, PlacementBlocked)
    assert (redecided.emit.contract_id, [r.rule_id for r in redecided.emit.reasons]) == ("C-1", ["FR-CON-3"])


def test_a_faithful_contract_clears_the_placement_again_on_its_own_terms(
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
    assert isinstance(amended.emit, PlacementCleared) and amended.emit.terms.duration_months == 36


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
