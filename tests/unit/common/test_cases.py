"""A clock tick reads its due cases a chunk at a time: it holds at most `DUE_CHUNK` of them however many are due,
and emits and stores exactly what it would with all of them in hand. A batch of several ticks keeps the cases its
ticks read, up to `DUE_CHUNK`, from one tick to the next instead of writing and reading them again."""

import weakref
from datetime import date
from typing import Any

import pytest
from pydantic import BaseModel
from sqlalchemy import event
from sqlmodel import Session, select

from contracts.clock import DayStarted
from contracts.participants import ParticipantRegistered
from services.common import cases
from services.common.cases import CASE_TABLES, CaseMemo, CaseRow
from services.common.database import create_database
from services.common.flow import Advanced, CaseFlow
from services.common.outbox import pending
from services.common.processor import EventProcessor
from tests.unit.common.records import DAY, record, registration

LIVE: "weakref.WeakValueDictionary[int, Followed]" = weakref.WeakValueDictionary()  # every case model alive


class Followed(BaseModel):
    participant_id: str
    registrations: int = 0
    ticks: int = 0

    def model_post_init(self, _context: Any) -> None:
        LIVE[id(self)] = self  # read from a document or made by a step


def registered(case: Followed, event: ParticipantRegistered, on: date, policy: list[int]) -> Advanced[Followed]:
    return Followed(**{**case.model_dump(), "registrations": case.registrations + 1}), []


def on_day(case: Followed, day: date, policy: list[int]) -> Advanced[Followed]:
    policy.append(len(LIVE))  # the cases held while this one is ticked
    return Followed(**{**case.model_dump(), "ticks": case.ticks + 1}), [DayStarted(day=day)]


FLOW = CaseFlow[Followed, list[int]](
    case=Followed,
    new_case=lambda participant_id: Followed(participant_id=participant_id),
    steps={ParticipantRegistered: registered},
    on_day=on_day,
    next_due=lambda case, _policy: DAY,  # every case is due on the tick
)


def run(
    chunk: int, monkeypatch: pytest.MonkeyPatch, ticks: int = 1
) -> tuple[list[int], list[tuple[str, bytes]], list[CaseRow]]:
    """30 cases stored, then one batch: a registration (read ahead as the batch's subject), `ticks` ticks that each
    find all 30 due, and a registration of a case the ticks read; what each tick saw held, the outputs, the rows."""
    monkeypatch.setattr(cases, "DUE_CHUNK", chunk)
    held: list[int] = []
    p = EventProcessor("test", create_database("sqlite://", CASE_TABLES), FLOW.handlers(held), "test.events", 65536)
    p.memo = CaseMemo(0)  # the cases kept between batches are bounded on their own (test_case_memo)
    participants = [f"P-{n:02d}" for n in range(30, 0, -1)]
    p.process_batch([registration(pid, n) for n, pid in enumerate(participants)])
    tick_records = [record(DayStarted(day=DAY), "clock", 41 + n) for n in range(ticks)]
    p.process_batch([registration("P-20", 40), *tick_records, registration("P-05", 41 + ticks)])
    with Session(p.engine) as session:
        rows = list(session.exec(select(CaseRow).order_by(CaseRow.participant_id)))  # type: ignore[arg-type]
    return held, [(row.key.decode(), row.value) for row in pending(p.engine, 1000)], rows


def test_a_tick_holds_at_most_a_chunk_of_its_due_cases(monkeypatch: pytest.MonkeyPatch) -> None:
    held, _, _ = run(4, monkeypatch)
    assert len(held) == 30
    # The chunk's cases as read, and those the tick made of them until the chunk is written; the batch's subject.
    assert max(held) <= 2 * 4 + 2


def test_a_tick_in_chunks_emits_and_stores_what_it_would_all_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    _, chunked, chunked_rows = run(4, monkeypatch)
    _, whole, whole_rows = run(1000, monkeypatch)
    assert chunked == whole
    assert [key for key, _ in chunked if key != "clock"] == [f"P-{n:02d}" for n in range(1, 31)]  # participant order
    assert [(r.participant_id, r.state, r.next_due) for r in chunked_rows] == [
        (r.participant_id, r.state, r.next_due) for r in whole_rows
    ]
    states = {r.participant_id: Followed.model_validate_json(r.state) for r in chunked_rows}
    assert states["P-20"].registrations == 2 and states["P-20"].ticks == 1  # registered before the tick, in the batch
    assert states["P-05"].registrations == 2 and states["P-05"].ticks == 1  # after the tick let its case go
    assert all(s.ticks == 1 for s in states.values())


@pytest.mark.parametrize("chunk", [4, 29, 30])
def test_ticks_of_one_batch_emit_and_store_what_they_would_each_with_their_cases_read_afresh(
    chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Kept between the ticks (30: all of them), let go as each chunk comes (4), or let go and read again by the
    next tick (29: the second chunk of one case is more than the batch may keep)."""
    held, kept, kept_rows = run(chunk, monkeypatch, ticks=3)
    _, each, each_rows = run(1, monkeypatch, ticks=3)  # one case held at a time: every case written, read again
    assert len(held) == 90 and max(held) <= 2 * chunk + 2
    assert kept == each
    assert [(r.participant_id, r.state, r.next_due) for r in kept_rows] == [
        (r.participant_id, r.state, r.next_due) for r in each_rows
    ]
    states = {r.participant_id: Followed.model_validate_json(r.state) for r in kept_rows}
    assert all(s.ticks == 3 for s in states.values())
    assert states["P-20"].registrations == 2 and states["P-05"].registrations == 2


def counted(case: Followed, event: ParticipantRegistered, on: date, policy: list[int]) -> Advanced[Followed]:
    """Counts the first registration only: a later one hands the stored case back as it is, announcing it."""
    if case.registrations:
        return case, [DayStarted(day=on)]
    return case.model_copy(update={"registrations": 1}), []


def test_a_case_handed_back_as_stored_is_not_written_again_and_what_it_emits_goes_out() -> None:
    flow = CaseFlow[Followed, list[int]](case=Followed, new_case=lambda pid: Followed(participant_id=pid),
                                         steps={ParticipantRegistered: counted})  # fmt: skip
    engine = create_database("sqlite://", CASE_TABLES)
    p = EventProcessor("test", engine, flow.handlers([]), "test.events", 65536)
    writes: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *args: writes.append(args[2].split()[0]))

    [first] = p.process_batch([registration("P-1", 0)])
    assert "INSERT" in writes and first.emitted == ()
    writes.clear()
    [again] = p.process_batch([registration("P-1", 1)])
    [announced] = again.emitted
    assert announced.type == DayStarted.event_type and announced.subject == "P-1"
    assert "UPDATE" not in writes  # the row stays as written (no case_state statement but the read)
    assert [w for w in writes if w == "INSERT"] == ["INSERT", "INSERT"]  # the processed event and the outbox row
    with Session(engine) as session:
        [row] = session.exec(select(CaseRow)).all()
    assert Followed.model_validate_json(row.state).registrations == 1
