"""A clock tick of many due cases writes its events out as they come: it holds at most `EMITTED_HELD` of them as
envelopes and `OUTBOX_ROWS_HELD` as rows however many it emits, and its outbox rows are byte for byte and in order
those it would write all at once (then not held for the relay, which reads them from the table)."""

import asyncio
import uuid
import weakref
from datetime import date
from typing import Any

import pytest
from pydantic import BaseModel
from sqlalchemy import Engine

from contracts.clock import DayStarted
from contracts.participants import ParticipantRegistered
from services.common import context, processor
from services.common.cases import CASE_TABLES, CaseMemo
from services.common.database import create_database
from services.common.flow import Advanced, CaseFlow
from services.common.outbox import OutboxRelay, Pending, backlog, pending
from services.common.processor import EventProcessor, Result
from tests.unit.common.records import DAY, record, registration

CASES = 30
LIVE: "weakref.WeakValueDictionary[int, Alerted]" = weakref.WeakValueDictionary()  # every emitted event alive


class Alerted(DayStarted):
    """An event a tick emits, followed while it lives (in an envelope, the result, or a list of them)."""

    def model_post_init(self, _context: Any) -> None:
        LIVE[id(self)] = self


class Case(BaseModel):
    participant_id: str


def registered(case: Case, event: ParticipantRegistered, on: date, policy: list[int]) -> Advanced[Case]:
    return case, []


def on_day(case: Case, day: date, policy: list[int]) -> Advanced[Case]:
    policy.append(len(LIVE))  # the events alive while this case is ticked
    return case, [Alerted(day=day), Alerted(day=day)]


FLOW = CaseFlow[Case, list[int]](
    case=Case,
    new_case=lambda participant_id: Case(participant_id=participant_id),
    steps={ParticipantRegistered: registered},
    on_day=on_day,
    next_due=lambda case, _policy: DAY,
)


Ticked = tuple[list[int], Result, list[Pending] | None, list[Pending], Engine]


def tick(held: int, monkeypatch: pytest.MonkeyPatch) -> Ticked:
    """`CASES` cases stored, then one batch: a registration and a tick that finds them all due and emits two events
    for each. What each step of the tick saw alive, the tick's result, the rows held for the relay, the table's, and
    the database."""
    monkeypatch.setattr(context, "EMITTED_HELD", held)
    monkeypatch.setattr(processor, "EMITTED_HELD", held)
    monkeypatch.setattr(processor, "OUTBOX_ROWS_HELD", 2 * held)
    alive: list[int] = []
    p = EventProcessor("test", create_database("sqlite://", CASE_TABLES), FLOW.handlers(alive), "test.events", 65536)
    p.memo = CaseMemo(0)
    p.process_batch([registration(f"P-{n:02d}", n) for n in range(CASES)])
    p.take_committed_rows()
    _, result = p.process_batch([registration("P-99", 40), record(DayStarted(day=DAY), "clock", 41)])
    return alive, result, p.take_committed_rows(), pending(p.engine, 1000), p.engine


def published(rows: list[Pending]) -> list[tuple[uuid.UUID, str, bytes | None, bytes, dict[str, str]]]:
    """What a row publishes but for its trace context (the span of this run's handling)."""
    return [(row.message_id, row.topic, row.key, row.value, _untraced(row.headers)) for row in rows]


def _untraced(headers: dict[str, str]) -> dict[str, str]:
    return {name: value for name, value in headers.items() if name not in {"traceparent", "tracestate"}}


def test_a_tick_holds_at_most_a_few_of_the_events_it_emits(monkeypatch: pytest.MonkeyPatch) -> None:
    alive, result, held_rows, rows, _ = tick(5, monkeypatch)
    assert len(alive) == CASES + 1 and len(rows) == 2 * (CASES + 1)
    # The first five kept for the result, and fewer than five not yet written out.
    assert max(alive) < 2 * 5
    assert len(result.emitted) == 5 and result.emitted_count == len(rows)
    assert held_rows is None  # more rows than the batch holds: the relay reads them from the table


def test_a_tick_written_out_as_it_goes_writes_what_it_would_all_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    _, chunked, _, chunked_rows, _ = tick(5, monkeypatch)
    _, whole, whole_held, whole_rows, _ = tick(1000, monkeypatch)
    assert whole_held is not None and published(whole_held) == published(whole_rows)
    assert published(chunked_rows) == published(whole_rows)
    assert [row.seq for row in chunked_rows] == [row.seq for row in whole_rows]
    ticked = chunked_rows[2:]  # the tick's, each part written out in the tick's span
    assert len({row.headers.get("traceparent") for row in ticked}) == 1
    participants = [f"P-{n:02d}" for n in [*range(CASES), 99]]  # in participant order
    assert [row.key for row in chunked_rows] == [pid.encode() for pid in participants for _ in range(2)]
    assert chunked.emitted == whole.emitted[:5] and chunked.emitted_count == whole.emitted_count == len(whole.emitted)


async def test_a_service_s_flush_after_a_written_out_tick_publishes_every_row_from_the_table_in_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, _, held_rows, rows, engine = tick(5, monkeypatch)
    assert held_rows is None
    sent: list[bytes] = []

    async def publish(row: Pending) -> "asyncio.Future[object]":
        sent.append(row.value)
        acknowledged: asyncio.Future[object] = asyncio.get_running_loop().create_future()
        acknowledged.set_result(None)
        return acknowledged

    relay = OutboxRelay(engine, publish, batch_size=7, poll_seconds=0.01)
    relay.written()  # as the service does for a batch whose rows were not held, then flush with none in hand
    await relay.flush(())
    assert sent == [row.value for row in rows]  # all of them before flush returns, the offsets committed after
    await relay.marked()
    assert backlog(engine) == 0
