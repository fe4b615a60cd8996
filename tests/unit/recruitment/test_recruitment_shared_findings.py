"""Findings made once and shared (services/recruitment/rules/memo.py): the terms-only findings come from a memo keyed
by the terms' JSON, the language, age, standing and recognition findings from caches keyed by their inputs. What the
service emits is the same with or without them, and valid by its contract."""

import sqlite3
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest

from benchmarks.inprocess import incoming_records, with_upstream
from benchmarks.workload import inputs_of, journey_records, spec_of
from contracts.offers import ContractSigned, JobOffered
from contracts.participants import ParticipantRegistered
from contracts.registry import parse_envelope
from services.common.database import create_database
from services.recruitment.rules import assessment
from services.recruitment.rules.assessment import TermsFindings, assess, terms_findings
from services.recruitment.rules.memo import Memo
from services.recruitment.rules.placement import _recognition_allows
from services.recruitment.rules.policy import RecruitmentPolicy
from services.recruitment.rules.standing import _standing_finding
from tests.unit.recruitment.conftest import EVENT_DATE


def test_an_offer_and_the_contract_answering_it_share_their_terms_only_findings(
    offer: JobOffered, contract: ContractSigned
) -> None:
    assert terms_findings(contract) is terms_findings(offer)
    assert terms_findings(contract) == TermsFindings.of(contract)


def test_offers_to_other_workers_on_the_same_terms_share_them_too(offer: JobOffered) -> None:
    other = offer.model_copy(update={"offer_id": "O-99", "participant_id": "P-TN-0099"})
    assert terms_findings(other) is terms_findings(offer)


def test_terms_that_differ_only_in_how_a_number_is_written_get_their_own_findings(
    offer: JobOffered, participant: ParticipantRegistered
) -> None:
    """40 and 40.0 hours are equal numbers but show differently in the evidence: the key is the text."""
    hours = offer.working_time.model_copy(update={"weekly_hours": Decimal("40.0")})
    written_otherwise = offer.model_copy(update={"working_time": hours})
    shown = [
        next(f for f in assess(terms, participant, EVENT_DATE, RecruitmentPolicy()) if f.rule_id == "FR-TIME-1")
        for terms in (offer, written_otherwise)
    ]
    assert [f.evidence["weekly_hours"] for f in shown] == ["40", "40.0"]


def test_the_memo_keeps_at_most_its_size_the_least_recently_used_going_first() -> None:
    memo: Memo[str, int] = Memo(2)
    made: list[str] = []

    def make(key: str) -> int:
        made.append(key)
        return len(made)

    assert [memo.get(key, lambda key=key: make(key)) for key in ("a", "b", "a", "c", "a", "b")] == [1, 2, 1, 3, 1, 4]
    assert made == ["a", "b", "c", "b"] and len(memo) == 2


def _outputs(participants: int) -> tuple[list[tuple[str, bytes]], list[tuple[str, str]]]:
    """Recruitment on generated journeys (and the decisions of the services before it), in batches of 50: what it
    published, and its cases at the end."""
    records = incoming_records(inputs_of("recruitment", with_upstream("recruitment", journey_records(participants))))
    with tempfile.TemporaryDirectory() as tmp:
        engine = create_database(f"sqlite:///{Path(tmp) / 'db'}", spec_of("recruitment").tables)
        processor = spec_of("recruitment").processor(engine)
        for first in range(0, len(records), 50):
            processor.process_batch(records[first : first + 50])
        engine.dispose()
        db = sqlite3.connect(Path(tmp) / "db")
        published = db.execute("SELECT topic, value FROM outbox_message ORDER BY seq").fetchall()
        cases = db.execute("SELECT participant_id, state FROM case_state ORDER BY participant_id").fetchall()
        db.close()
    return published, cases


def _forget_shared_findings(monkeypatch: pytest.MonkeyPatch, size: int) -> None:
    monkeypatch.setattr(assessment, "_TERMS_ONLY", Memo(size))
    for cached in (assessment._contract_language, assessment.awaiting_contract, assessment._adult, _standing_finding,
                   _recognition_allows):  # fmt: skip
        cached.cache_clear()


def test_recruitment_decides_alike_with_findings_shared_or_made_afresh(monkeypatch: pytest.MonkeyPatch) -> None:
    _forget_shared_findings(monkeypatch, 256)
    shared = _outputs(40)
    _forget_shared_findings(monkeypatch, 0)  # every finding made again for each offer and contract
    afresh = _outputs(40)
    assert len(shared[0]) > 100 and shared == afresh


def test_every_event_recruitment_emits_is_valid_by_its_contract() -> None:
    published, _ = _outputs(20)
    types = set()
    for topic, value in published:
        envelope = parse_envelope(value)  # validated against the contract of its type
        assert envelope.data.topic == topic
        assert envelope.model_dump_json().encode() == value
        types.add(envelope.type)
    assert {"recruitment.assessed.v1", "recruitment.placement_pending.v1"} <= types
