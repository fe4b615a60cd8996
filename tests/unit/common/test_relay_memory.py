"""What the outbox relay remembers between rounds stays about a batch, whatever bursts it published."""

from services.common.outbox import OutboxRelay, backlog
from tests.unit.common.test_outbox_relay import FakeBroker, committed_rows, engine_with_rows


async def test_after_a_burst_read_from_the_table_batches_go_from_memory_again() -> None:
    """A burst far larger than a round (a clock tick's alerts, a backlog at start-up) goes out in table rounds; the
    batches after it are handed over from memory again, and the relay forgets the burst's rows."""
    engine, broker = engine_with_rows(20), FakeBroker()
    relay = OutboxRelay(engine, broker.enqueue, batch_size=4, poll_seconds=60)
    relay.written()
    await relay.flush()
    remembered = []
    for n in range(3):
        rows = committed_rows(engine, f"{20 + n}".encode())
        relay.written()
        await relay.flush([row._replace(value=b"from memory " + row.value) for row in rows])
        await relay.marked()
        remembered.append(len(relay._round_sent))
    assert broker.sent[:21] == [f"{n}".encode() for n in range(21)]  # the first batch after the burst: the table's
    assert broker.sent[21:] == [b"from memory 21", b"from memory 22"]
    assert remembered[-1] <= 1 and backlog(engine) == 0
