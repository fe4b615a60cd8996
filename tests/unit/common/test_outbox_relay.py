"""The outbox relay publishes committed rows in order, and keeps them when the broker fails."""

import asyncio
import uuid

import pytest
from sqlmodel import Session

from services.common.database import OutboxMessage, create_database
from services.common.outbox import OutboxRelay, Pending, backlog, pending


class FakeBroker:
    def __init__(self, fail: bool = False) -> None:
        self.sent: list[bytes] = []
        self.fail = fail

    async def enqueue(self, row: Pending) -> "asyncio.Future[object]":
        future: asyncio.Future[object] = asyncio.get_running_loop().create_future()
        if self.fail:
            future.set_exception(ConnectionError("broker unavailable"))
        else:
            self.sent.append(row.value)
            future.set_result(None)
        return future


def engine_with_rows(count: int):  # type: ignore[no-untyped-def]
    engine = create_database("sqlite://")
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
