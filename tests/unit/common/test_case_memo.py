"""Cases kept between batches as models (`CaseMemo`): a case is validated again only when its stored document is
not the one the service last read or wrote, and every service decides exactly as it does reading each case afresh."""

import sqlite3
import tempfile
import uuid
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import orjson
from sqlalchemy import text
from sqlmodel import Session

from benchmarks.inprocess import incoming_records
from benchmarks.workload import Record, inputs_of, journey_records, record_from_kafka, spec_of
from contracts import new_envelope
from contracts.participants import ParticipantRegistered
from contracts.topics import SERVICES
from services.common.cases import CASE_TABLES, CaseMemo, CaseStore, CaseT
from services.common.context import Context
from services.common.database import create_database
from services.common.incoming import Incoming
from services.common.processor import EventProcessor


def registration(participant_id: str, language: str) -> ParticipantRegistered:
    return ParticipantRegistered(
        participant_id=participant_id, partner_country="TN", destination="DE", target_occupation="7411",
        birth_date=date(1990, 1, 1), languages=[language],
    )  # fmt: skip


def record(event: ParticipantRegistered) -> Incoming:
    envelope = new_envelope(event, id=uuid.uuid4(), source="agency/TN", subject=event.participant_id,
                            time=datetime(2026, 1, 5, tzinfo=UTC))  # fmt: skip
    return Incoming("mobility.participants", 0, 0, event.participant_id.encode(), envelope.model_dump_json().encode())


class Remember:
    """A handler that saves each registration as the case, and notes the case it found and the one it saved."""

    def __init__(self) -> None:
        self.found: list[ParticipantRegistered | None] = []
        self.saved: list[ParticipantRegistered] = []

    def __call__(self, ctx: Context, event: ParticipantRegistered) -> None:
        self.found.append(ctx.cases.load(event.participant_id, ParticipantRegistered))
        ctx.cases.save(event.participant_id, event)
        self.saved.append(event)


def processor(handler: Remember) -> EventProcessor:
    engine = create_database("sqlite://", CASE_TABLES)
    return EventProcessor("recognition", engine, {ParticipantRegistered: handler}, "recognition.events", 4096)


def test_the_case_a_batch_wrote_is_the_next_batchs_without_being_read_again() -> None:
    handler = Remember()
    p = processor(handler)
    p.process(record(registration("P-1", "ar")))
    p.process(record(registration("P-1", "fr")))
    assert handler.found[1] is handler.saved[0]


def test_a_case_changed_behind_the_memo_is_read_afresh() -> None:
    handler = Remember()
    p = processor(handler)
    p.process(record(registration("P-1", "ar")))
    other = registration("P-1", "de")
    with Session(p.engine) as session:  # another instance of the service writes the case
        session.execute(text("UPDATE case_state SET state = :doc"), {"doc": other.model_dump_json()})
        session.commit()
    p.process(record(registration("P-1", "fr")))
    assert handler.found[1] == other


def test_a_case_written_in_a_transaction_that_rolled_back_is_read_as_stored() -> None:
    memo, engine = CaseMemo(), create_database("sqlite://", CASE_TABLES)
    first, second = registration("P-1", "ar"), registration("P-1", "fr")
    with engine.begin() as connection:
        store = CaseStore(connection, frozenset({"P-1"}), memo)
        store.save("P-1", first)
        store.write()
    with engine.connect() as connection:
        store = CaseStore(connection, frozenset({"P-1"}), memo)
        store.save("P-1", second)
        store.write()  # as at the end of a batch whose commit then fails
        connection.rollback()
    with engine.connect() as connection:
        assert CaseStore(connection, frozenset({"P-1"}), memo).load("P-1", ParticipantRegistered) == first


def test_a_forgotten_case_leaves_the_memo_and_a_full_memo_keeps_within_its_budget() -> None:
    cases = {pid: registration(pid, "ar") for pid in ("P-1", "P-2", "P-3")}
    documents = {pid: case.model_dump_json() for pid, case in cases.items()}
    memo, engine = CaseMemo(budget=len(documents["P-1"]) * 2), create_database("sqlite://", CASE_TABLES)
    with engine.begin() as connection:
        store = CaseStore(connection, frozenset(cases), memo)
        for pid, case in cases.items():
            store.save(pid, case)
        store.write()
        kept = [pid for pid in cases if memo.get(pid, documents[pid], ParticipantRegistered) is cases[pid]]
        assert len(kept) == 2 and "P-3" in kept  # one of the others made room for the case written last
        store.forget("P-3")
        assert memo.get("P-3", documents["P-3"], ParticipantRegistered) is None
        store.save("P-3", cases["P-3"])
        store.write()
        assert memo.get("P-3", documents["P-3"], ParticipantRegistered) is cases["P-3"]


def test_a_case_larger_than_the_budget_is_not_kept() -> None:
    case = registration("P-1", "ar")
    memo = CaseMemo(budget=len(case.model_dump_json()) - 1)
    memo.put("P-1", case.model_dump_json(), case)
    assert memo.get("P-1", case.model_dump_json(), ParticipantRegistered) is None


class CountingMemo(CaseMemo):
    hits = 0

    def get(self, participant_id: str, document: str, model: type[CaseT]) -> CaseT | None:
        found = super().get(participant_id, document, model)
        CountingMemo.hits += found is not None
        return found


def _outputs(memo_budget: int, participants: int) -> list[tuple[str, bytes, bytes]]:
    """Every service in pipeline order on generated journeys and the decisions before it, in batches of 50 (so a
    case comes back in later batches): what each published, and its cases at the end."""
    workload = journey_records(participants, seed=3)
    upstream: list[Record] = []
    found: list[tuple[str, bytes, bytes]] = []
    for name in SERVICES:
        with tempfile.TemporaryDirectory() as tmp:
            engine = create_database(f"sqlite:///{Path(tmp) / 'db'}", spec_of(name).tables)
            processor = replace(spec_of(name).processor(engine), memo=CountingMemo(memo_budget))
            records = incoming_records(inputs_of(name, workload + upstream))
            for first in range(0, len(records), 50):
                processor.process_batch(records[first : first + 50])
            db = sqlite3.connect(Path(tmp) / "db")
            rows = db.execute("SELECT topic, key, value, headers FROM outbox_message ORDER BY seq").fetchall()
            outputs = [(topic, key, value, [(k, v.encode()) for k, v in orjson.loads(headers).items()])
                       for topic, key, value, headers in rows]  # fmt: skip
            cases = db.execute("SELECT participant_id, state FROM case_state ORDER BY participant_id").fetchall()
            found += [(name, pid.encode(), state.encode()) for pid, state in cases]
            db.close()
        found += [(topic, key, value) for topic, key, value, _ in outputs]
        upstream += [record_from_kafka(*output) for output in outputs]
    return found


def test_every_service_decides_alike_with_cases_kept_between_batches_or_read_afresh() -> None:
    kept = _outputs(4 * 2**20, 30)
    assert CountingMemo.hits > 300
    CountingMemo.hits = 0
    afresh = _outputs(0, 30)
    assert CountingMemo.hits == 0
    assert len(kept) > 500 and kept == afresh
    CountingMemo.hits = 0
    some_kept = _outputs(20_000, 30)  # a few cases at a time: the memo makes room all along
    assert 0 < CountingMemo.hits < 300
    assert some_kept == afresh
