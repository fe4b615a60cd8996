"""The recruitment steps end to end on one case: an offer leaves the placement pending, the signed contract
delivered before departure clears it, and a missing fact, once sent, moves the placement on."""

from datetime import date
from typing import Any

from contracts.offers import ContractSigned, JobOffered
from contracts.participants import ParticipantRegistered
from contracts.recognition import RecognitionDecided, RecognitionOutcome
from contracts.recruitment import PlacementCleared, PlacementPending, RecruitmentAssessed
from contracts.types import MemberState
from services.common.context import Distinct, Emitted
from services.recruitment import steps
from services.recruitment.case import RecruitmentCase
from services.recruitment.rules.policy import RecruitmentPolicy

DAY = date(2025, 3, 1)
POLICY = RecruitmentPolicy()


def recognised() -> RecognitionDecided:
    return RecognitionDecided(
        participant_id="P-TN-0001", outcome=RecognitionOutcome.RECOGNISED_FULL, occupation="2512",
        destination=MemberState.DE, allows_occupation=True, decided_on=DAY,
    )  # fmt: skip


def ready(participant: ParticipantRegistered) -> RecruitmentCase:
    case, _ = steps.on_registered(RecruitmentCase(), participant, DAY, POLICY)
    case, _ = steps.on_recognition(case, recognised(), DAY, POLICY)
    return case


def data(emitted: list[Emitted]) -> list[Any]:
    return [e.data if isinstance(e, Distinct) else e for e in emitted]


def placements(emitted: list[Emitted]) -> list[Any]:
    return [e for e in data(emitted) if not isinstance(e, RecruitmentAssessed)]


def test_an_offer_leaves_the_placement_pending_and_the_contract_clears_it(
    participant: ParticipantRegistered, offer: JobOffered, contract: ContractSigned
) -> None:
    case, on_offer = steps.on_terms(ready(participant), offer, DAY, POLICY)
    case, on_contract = steps.on_terms(case, contract, DAY, POLICY)
    pending, cleared = placements(on_offer), placements(on_contract)
    assert [type(p) for p in pending] == [PlacementPending]
    assert [r.rule_id for r in pending[0].reasons] == ["FR-CON-2", "FR-CON-3"]
    assert [(type(p), p.contract_id) for p in cleared] == [(PlacementCleared, "C-1")]


def test_a_contract_sent_again_with_its_departure_date_clears_the_placement(
    participant: ParticipantRegistered, offer: JobOffered, contract: ContractSigned
) -> None:
    case, _ = steps.on_terms(ready(participant), offer, DAY, POLICY)
    undated = contract.model_copy(update={"departure_at": None})
    case, first = steps.on_terms(case, undated, DAY, POLICY)
    case, again = steps.on_terms(case, contract, DAY, POLICY)
    assert [[r.rule_id for r in p.reasons] for p in placements(first)] == [["FR-CON-2"]]
    assert [type(p) for p in placements(again)] == [PlacementCleared]


def test_a_contract_whose_offer_comes_later_is_assessed_again_when_it_comes(
    participant: ParticipantRegistered, offer: JobOffered, contract: ContractSigned
) -> None:
    case, first = steps.on_terms(ready(participant), contract, DAY, POLICY)
    case, later = steps.on_terms(case, offer, DAY, POLICY)
    assert [[r.rule_id for r in p.reasons] for p in placements(first)] == [["FR-CON-3"]]
    assessed = [e for e in data(later) if isinstance(e, RecruitmentAssessed)]
    assert [(a.stage.value, a.contract_id) for a in assessed] == [("offer", None), ("contract", "C-1")]
    assert [type(p) for p in placements(later)] == [PlacementCleared]
    assert case.awaiting_offer is None
