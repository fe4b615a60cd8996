"""The relay deletes published outbox rows beyond the window kept, a chunk at a time; rows still owed stay."""

import asyncio
from pathlib import Path

from sqlalchemy import Engine, event, select, update

from services.common.database import OUTBOX_TABLE, create_database, utc_now
from services.common.outbox import PRUNE_CHUNK, OutboxRelay, backlog, pending, prune_published
from tests.unit.common.test_outbox_relay import FakeBroker, add_row, committed_rows, engine_with_rows


def values(engine: Engine) -> list[bytes]:
    with engine.connect() as db:
        return list(db.execute(select(OUTBOX_TABLE.c.value).order_by(OUTBOX_TABLE.c.seq)).scalars())


def seqs(engine: Engine) -> list[int]:
    with engine.connect() as db:
        return list(db.execute(select(OUTBOX_TABLE.c.seq).order_by(OUTBOX_TABLE.c.seq)).scalars())


def publish_all_but(engine: Engine, *owed: bytes) -> None:
    """Mark every row published, as the relay does once the broker has them, but those still owed."""
    with engine.begin() as db:
        db.execute(update(OUTBOX_TABLE).where(OUTBOX_TABLE.c.value.not_in(owed)).values(published_at=utc_now()))


def test_published_rows_beyond_the_window_go_and_rows_still_owed_stay() -> None:
    engine = engine_with_rows(10)
    publish_all_but(engine, b"1", b"8")
    assert prune_published(engine, keep=3) == 6  # rows 0 and 2 to 6: older than the newest three sequence numbers
    assert values(engine) == [b"1", b"7", b"8", b"9"]
    assert [row.value for row in pending(engine, 10)] == [b"1", b"8"]


def test_one_pruning_deletes_at_most_a_chunk_oldest_first() -> None:
    engine = engine_with_rows(10)
    publish_all_but(engine)
    assert prune_published(engine, keep=1, chunk=4) == 4
    assert values(engine)[0] == b"4"
    assert prune_published(engine, keep=1, chunk=4) == 4
    assert prune_published(engine, keep=1, chunk=4) == 1
    assert values(engine) == [b"9"]


def test_the_newest_row_stays_so_a_sequence_number_is_never_given_twice(tmp_path: Path) -> None:
    engine = engine_with_rows(3, f"sqlite:///{tmp_path / 'service.db'}")
    publish_all_but(engine)
    before = seqs(engine)
    assert prune_published(engine, keep=0) == 2  # a window of 0 still keeps the newest row
    add_row(engine, b"3")
    assert seqs(engine)[-1] > before[-1]


async def test_the_relay_prunes_in_its_loop_a_chunk_at_a_time_until_only_the_window_is_left(tmp_path: Path) -> None:
    # A file, not one in-memory connection: the test looks at the table while the relay works on it.
    engine, broker = engine_with_rows(2 * PRUNE_CHUNK + 10, f"sqlite:///{tmp_path / 'service.db'}"), FakeBroker()
    relay = OutboxRelay(engine, broker.enqueue, batch_size=500, poll_seconds=0.01, keep_published=5)
    running = asyncio.create_task(relay.run())
    try:
        async with asyncio.timeout(60):
            while len(values(engine)) > 5 or backlog(engine):
                await asyncio.sleep(0.01)
    finally:
        running.cancel()
    assert len(broker.sent) == 2 * PRUNE_CHUNK + 10 == len(set(broker.sent))
    assert values(engine) == [f"{n}".encode() for n in range(2 * PRUNE_CHUNK + 5, 2 * PRUNE_CHUNK + 10)]


async def test_the_relay_prunes_once_a_poll_interval_unless_it_found_a_whole_chunk() -> None:
    engine, broker = engine_with_rows(4), FakeBroker()
    relay = OutboxRelay(engine, broker.enqueue, batch_size=10, poll_seconds=3600, keep_published=1)
    await relay.drain()
    assert await relay.prune() == 3
    add_row(engine, b"4")
    assert await relay.publish_batch() == 1
    await relay.marked()
    assert await relay.prune() == 0  # the next pruning waits for the poll interval
    assert values(engine) == [b"3", b"4"]


async def test_an_idle_relay_prunes_again_only_once_it_marked_rows() -> None:
    engine, broker = engine_with_rows(4), FakeBroker()
    relay = OutboxRelay(engine, broker.enqueue, batch_size=10, poll_seconds=0.01, keep_published=1)
    assert await relay.publish_batch() == 4
    assert await relay.prune() == 3
    deletes: list[str] = []

    @event.listens_for(engine, "before_cursor_execute")
    def note_deletes(_connection: object, _cursor: object, statement: str, *_: object) -> None:
        if statement.lstrip().upper().startswith("DELETE"):
            deletes.append(statement)

    await asyncio.sleep(0.02)  # a poll interval: the relay may prune again
    assert await relay.prune() == 0 and deletes == []  # nothing marked since: not even a statement
    add_row(engine, b"4")
    assert await relay.publish_batch() == 1
    await asyncio.sleep(0.02)
    assert await relay.prune() == 1 and len(deletes) == 1
    assert values(engine) == [b"4"]


async def test_the_window_of_zero_keeps_every_row() -> None:
    engine, broker = engine_with_rows(3), FakeBroker()
    relay = OutboxRelay(engine, broker.enqueue, batch_size=10, poll_seconds=0.01)
    await relay.drain()
    assert await relay.prune() == 0 and values(engine) == [b"0", b"1", b"2"]


async def test_rows_committed_after_a_pruning_are_sent_from_memory_not_taken_for_rows_sent_before(
    tmp_path: Path,
) -> None:
    """The relay remembers the sequence numbers its rounds sent, to skip them in a hand-over; pruning leaves the
    newest row, so no later row takes one of those numbers and is skipped."""
    engine, broker = engine_with_rows(2, f"sqlite:///{tmp_path / 'service.db'}"), FakeBroker()
    relay = OutboxRelay(engine, broker.enqueue, batch_size=10, poll_seconds=60, keep_published=1)
    assert await relay.publish_batch() == 2
    assert await relay.prune() == 1
    rows = committed_rows(engine, b"from memory 2", b"from memory 3")
    relay.written()
    await relay.flush(rows)
    await relay.marked()
    assert broker.sent == [b"0", b"1", b"from memory 2", b"from memory 3"] and backlog(engine) == 0


async def test_an_instance_without_the_relay_lock_prunes_nothing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'service.db'}"
    engine, broker = engine_with_rows(3, url), FakeBroker()
    holder = OutboxRelay(engine, broker.enqueue, batch_size=10, poll_seconds=0.01)
    other = OutboxRelay(create_database(url), FakeBroker().enqueue, batch_size=10, poll_seconds=0.01,
                        keep_published=1)  # fmt: skip
    assert await holder.publish_batch() == 3
    await holder.marked()
    assert await other.prune() == 0 and len(values(engine)) == 3
