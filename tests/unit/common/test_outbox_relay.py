"""The outbox relay publishes committed rows in order, and keeps them when the broker fails."""

import asyncio
import uuid
from pathlib import Path

import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from services.common import outbox
from services.common.cases import CASE_TABLES
from services.common.database import OutboxMessage, create_database
from services.common.outbox import OutboxRelay, Pending, backlog, pending
from services.common.processor import EventProcessor


class FakeBroker:
    def __init__(self, fail: bool = False) -> None:
        self.sent: list[bytes] = []
        self.headers: list[dict[str, str]] = []
        self.fail = fail

    async def enqueue(self, row: Pending) -> "asyncio.Future[object]":
        future: asyncio.Future[object] = asyncio.get_running_loop().create_future()
        if self.fail:
            future.set_exception(ConnectionError("broker unavailable"))
        else:
            self.sent.append(row.value)
            self.headers.append(row.headers)
            future.set_result(None)
        return future


def engine_with_rows(count: int, url: str = "sqlite://"):  # type: ignore[no-untyped-def]
    engine = create_database(url)
    with Session(engine) as session:
        for n in range(count):
            session.add(OutboxMessage(message_id=uuid.uuid4(), topic="t", key=b"k", value=f"{n}".encode()))
        session.commit()
    return engine


async def test_rows_are_published_in_the_order_they_were_written_and_marked() -> None:
    engine, broker = engine_with_rows(5), FakeBroker()
    relay = OutboxRelay(engine, broker.enqueue, batch_size=2, poll_seconds=0.01)
    await relay.drain()
    assert broker.sent == [b"0", b"1", b"2", b"3", b"4"]
    assert backlog(engine) == 0


async def test_rows_stay_pending_when_the_broker_fails() -> None:
    engine = engine_with_rows(3)
    relay = OutboxRelay(engine, FakeBroker(fail=True).enqueue, batch_size=10, poll_seconds=0.01)
    with pytest.raises(ConnectionError):
        await relay.publish_batch()
    assert [row.value for row in pending(engine, 10)] == [b"0", b"1", b"2"]


async def test_two_relays_on_one_database_take_turns_not_rows(tmp_path: Path) -> None:
    """Two instances of a service share its database: one relay publishes, the other waits until it lets go."""
    url = f"sqlite:///{tmp_path / 'service.db'}"
    engine, first_broker, second_broker = engine_with_rows(3, url), FakeBroker(), FakeBroker()
    first = OutboxRelay(engine, first_broker.enqueue, batch_size=10, poll_seconds=0.01)
    second = OutboxRelay(create_database(url), second_broker.enqueue, batch_size=10, poll_seconds=0.01)
    assert await first.publish_batch() == 3
    add_row(engine, b"3")
    assert await second.publish_batch() == 0 and second_broker.sent == []
    await first.drain()  # a clean stop publishes what is left and lets go of the lock
    add_row(engine, b"4")
    assert await second.publish_batch() == 1
    assert first_broker.sent == [b"0", b"1", b"2", b"3"] and second_broker.sent == [b"4"]


async def test_flush_returns_once_every_committed_row_is_published_in_order() -> None:
    """A service flushes before committing offsets: more rows than one round holds all go out, in order."""
    engine, broker = engine_with_rows(5), FakeBroker()
    relay = OutboxRelay(engine, broker.enqueue, batch_size=2, poll_seconds=0.01)
    await relay.flush()
    assert broker.sent == [b"0", b"1", b"2", b"3", b"4"]
    await relay.marked()  # marking follows in the background, off the path to the offset commit
    assert backlog(engine) == 0


async def test_rows_sent_but_not_marked_yet_are_not_sent_again() -> None:
    engine, broker = engine_with_rows(2), FakeBroker()
    relay = OutboxRelay(engine, broker.enqueue, batch_size=10, poll_seconds=0.01)
    assert await relay.publish_batch() == 2
    add_row(engine, b"2")
    assert await relay.publish_batch() == 1  # whether or not the first round's marking has committed
    await relay.marked()
    assert broker.sent == [b"0", b"1", b"2"] and backlog(engine) == 0


async def test_rows_the_database_would_not_mark_are_marked_by_a_later_round(monkeypatch: pytest.MonkeyPatch) -> None:
    engine, broker = engine_with_rows(2), FakeBroker()
    relay = OutboxRelay(engine, broker.enqueue, batch_size=10, poll_seconds=0.01)

    def database_down(*_: object) -> None:
        raise ConnectionError("database unavailable")

    with monkeypatch.context() as patch:
        patch.setattr(outbox, "mark_published", database_down)
        await relay.publish_batch()
        await relay.marked()
    assert backlog(engine) == 2
    assert await relay.publish_batch() == 0  # sent already: marked now, not sent twice
    await relay.marked()
    assert broker.sent == [b"0", b"1"] and backlog(engine) == 0


async def test_flush_without_the_relay_lock_waits_for_the_instance_that_holds_it(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'service.db'}"
    engine, first_broker, second_broker = engine_with_rows(2, url), FakeBroker(), FakeBroker()
    first = OutboxRelay(engine, first_broker.enqueue, batch_size=10, poll_seconds=0.01)
    second = OutboxRelay(create_database(url), second_broker.enqueue, batch_size=10, poll_seconds=0.01)
    assert await first.publish_batch() == 2  # the first instance holds the lock from now on
    add_row(engine, b"2")
    flushing = asyncio.create_task(second.flush())
    await asyncio.sleep(0.05)
    assert not flushing.done()  # row 2 is still pending: the second instance may not commit its offsets yet
    assert await first.publish_batch() == 1
    await asyncio.wait_for(flushing, timeout=10)
    assert first_broker.sent == [b"0", b"1", b"2"] and second_broker.sent == []


async def test_flush_keeps_trying_through_a_broker_outage() -> None:
    engine, broker = engine_with_rows(2), FakeBroker(fail=True)
    relay = OutboxRelay(engine, broker.enqueue, batch_size=10, poll_seconds=0.01)
    flushing = asyncio.create_task(relay.flush())
    await asyncio.sleep(0.05)
    assert not flushing.done() and backlog(engine) == 2
    broker.fail = False
    await asyncio.wait_for(flushing, timeout=10)
    await relay.marked()
    assert broker.sent == [b"0", b"1"] and backlog(engine) == 0


def add_row(engine: Engine, value: bytes) -> None:
    with Session(engine) as session:
        session.add(OutboxMessage(message_id=uuid.uuid4(), topic="t", key=b"k", value=value))
        session.commit()


async def test_a_row_goes_with_its_stored_trace_context_for_its_consumers_to_continue() -> None:
    trace.set_tracer_provider(TracerProvider())  # a recording provider: no span of the relay's own either
    engine, broker = create_database("sqlite://"), FakeBroker()
    stored = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
    with Session(engine) as session:
        session.add(
            OutboxMessage(message_id=uuid.uuid4(), topic="t", key=b"k", value=b"v", headers={"traceparent": stored})
        )
        session.commit()
    await OutboxRelay(engine, broker.enqueue, batch_size=10, poll_seconds=0.01).drain()
    assert broker.headers[0]["traceparent"] == stored


def committed_rows(engine: Engine, *values: bytes) -> list[Pending]:
    """Commit rows as a batch's transaction does and return them as the processor hands them to the relay."""
    for value in values:
        add_row(engine, value)
    return [row for row in pending(engine, 100) if row.value in values]


async def test_rows_just_committed_are_sent_from_memory_once_the_table_is_caught_up() -> None:
    engine, broker = engine_with_rows(2), FakeBroker()
    relay = OutboxRelay(engine, broker.enqueue, batch_size=10, poll_seconds=60)
    assert await relay.publish_batch() == 2  # caught up: everything the table held is out
    await relay.marked()
    rows = committed_rows(engine, b"2", b"3")
    with_values_only = [row._replace(value=b"from memory " + row.value) for row in rows]
    relay.written()
    await relay.flush(with_values_only)
    await relay.marked()
    assert broker.sent == [b"0", b"1", b"from memory 2", b"from memory 3"] and backlog(engine) == 0


async def test_rows_of_a_batch_wait_behind_older_rows_that_the_table_holds() -> None:
    engine, broker = engine_with_rows(3), FakeBroker()
    relay = OutboxRelay(engine, broker.enqueue, batch_size=10, poll_seconds=60)
    rows = committed_rows(engine, b"3")
    relay.written()
    await relay.flush(rows)  # not caught up yet: read from the table, in the order written
    await relay.marked()
    assert broker.sent == [b"0", b"1", b"2", b"3"] and backlog(engine) == 0


async def test_rows_a_round_sent_after_their_commit_are_not_sent_again_from_memory() -> None:
    engine, broker = create_database("sqlite://"), FakeBroker()
    relay = OutboxRelay(engine, broker.enqueue, batch_size=10, poll_seconds=60)
    assert await relay.publish_batch() == 0
    rows = committed_rows(engine, b"0", b"1")
    assert await relay.publish_batch() == 2  # the relay's own poll, between the commit and the hand-over
    relay.written()
    await relay.flush(rows)
    await relay.marked()
    assert broker.sent == [b"0", b"1"] and backlog(engine) == 0


async def test_a_failed_hand_over_leaves_the_rows_to_the_table() -> None:
    engine, broker = create_database("sqlite://"), FakeBroker(fail=True)
    relay = OutboxRelay(engine, broker.enqueue, batch_size=10, poll_seconds=0.01)
    broker.fail = False
    assert await relay.publish_batch() == 0
    rows = committed_rows(engine, b"0")
    broker.fail = True
    relay.written()
    flushing = asyncio.create_task(relay.flush(rows))
    await asyncio.sleep(0.05)
    assert not flushing.done() and backlog(engine) == 1
    broker.fail = False
    await asyncio.wait_for(flushing, timeout=10)
    await relay.marked()
    assert broker.sent == [b"0"] and backlog(engine) == 0


async def test_rows_a_marking_could_not_mark_are_marked_in_the_next_batchs_transaction(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    engine = create_database("sqlite://", CASE_TABLES)
    with Session(engine) as session:
        for n in range(3):
            session.add(OutboxMessage(message_id=uuid.uuid4(), topic="t", key=b"k", value=f"{n}".encode()))
        session.commit()
    broker = FakeBroker()
    relay = OutboxRelay(engine, broker.enqueue, batch_size=10, poll_seconds=0.01)

    def database_down(*_: object) -> None:
        raise OperationalError("UPDATE outbox", {}, Exception("database is locked"))

    monkeypatch.setattr(outbox, "mark_published", database_down)
    assert await relay.publish_batch() == 3
    await relay.marked()
    assert backlog(engine) == 3  # on Kafka, not marked
    monkeypatch.undo()
    marks = await relay.take_marks()
    assert await relay.publish_batch() == 0  # taken by a batch that has not committed: not read back, not sent twice
    relay.marks_not_committed(marks)  # that batch rolled back: the next one takes them again
    marks = await relay.take_marks()
    assert len(marks) == 3 and backlog(engine) == 3
    EventProcessor("recognition", engine, {}, "recognition.events", 4096).process_batch([], marks)
    relay.marks_committed(marks)
    assert backlog(engine) == 0
    assert await relay.publish_batch() == 0
    assert broker.sent == [b"0", b"1", b"2"]


def test_marking_names_exactly_the_rows_given_consecutive_or_not() -> None:
    engine = engine_with_rows(6)
    seqs = [row.seq for row in pending(engine, 10)]
    with engine.begin() as connection:
        outbox.mark_in(connection, seqs[1:3])  # consecutive: a range
        outbox.mark_in(connection, [seqs[4]])
    assert [row.seq for row in pending(engine, 10)] == [seqs[0], seqs[3], seqs[5]]
    with engine.begin() as connection:
        outbox.mark_in(connection, [seqs[0], seqs[5]])  # not consecutive: the rows between stay pending
    assert [row.seq for row in pending(engine, 10)] == [seqs[3]]
