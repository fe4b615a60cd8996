"""The outbox: the rows a transaction writes for the events it emits (and its dead letters), and the relay that
publishes committed rows in order and marks them published."""

import asyncio
import contextlib
import logging
import math
import os
from collections.abc import Awaitable, Callable, Collection, Sequence
from typing import Any, NamedTuple
from uuid import UUID

from sqlalchemy import Connection, Engine, bindparam, delete, func, select, update

from contracts import Envelope
from contracts.topics import dead_letter_topic
from services.common.database import OUTBOX_TABLE, utc_now
from services.common.documents import dump_json
from services.common.incoming import Incoming
from services.common.relay_lock import relay_lock
from services.common.telemetry import with_trace_context

log = logging.getLogger(__name__)


def event_rows(emitted: Sequence[Envelope[Any]], topic: str) -> list[dict[str, Any]]:
    """The outbox rows of the events one handling emitted, each keyed by its subject (the participant) and headed by
    content type, type and the handler's W3C trace context (one context for all: they share the span)."""
    if not emitted:
        return []
    trace_context = with_trace_context({})
    now = utc_now()
    return [
        {
            "message_id": envelope.id,
            "topic": topic,
            "key": envelope.subject.encode(),
            "value": dump_json(envelope),
            "headers": {"content-type": "application/json", "type": envelope.type, **trace_context},
            "created_at": now,
        }
        for envelope in emitted
    ]


def dead_letter_row(letter_id: UUID, record: Incoming, error: str, error_type: str, service: str) -> dict[str, Any]:
    """The outbox row of a record that cannot be applied: its original bytes and headers, and why."""
    # The original headers, the trace context now that of the span that dead-lettered the record (if any).
    headers = with_trace_context(record.headers) | {
        "dlq-error": error[:2000],
        "dlq-error-type": error_type,
        "dlq-source-topic": record.topic,
        "dlq-source-partition": str(record.partition),
        "dlq-source-offset": str(record.offset),
        "dlq-service": service,
        "dlq-id": str(letter_id),  # one id per bad input: copies a relay crash re-publishes can be told apart
    }
    topic = dead_letter_topic(service)
    return {"message_id": letter_id, "topic": topic, "key": record.key, "value": record.value, "headers": headers,
            "created_at": utc_now()}  # fmt: skip


class Pending(NamedTuple):
    """An outbox row waiting to be published (a tuple: the relay makes one per row it reads, and one to send)."""

    seq: int
    message_id: UUID
    topic: str
    key: bytes | None
    value: bytes
    headers: dict[str, str]


# Hands one message to the producer and returns a future that resolves once the broker has it (acks=all).
Publish = Callable[[Pending], Awaitable["asyncio.Future[object]"]]
_UNPUBLISHED = OUTBOX_TABLE.c.published_at.is_(None)


def pending(engine: Engine, limit: int, sent: Collection[int] = ()) -> list[Pending]:
    """The oldest unpublished rows, in the order they were written, but for those in `sent` (published, not marked
    yet)."""
    columns = [OUTBOX_TABLE.c[name] for name in ("seq", "message_id", "topic", "key", "value", "headers")]
    query = select(*columns).where(_UNPUBLISHED).order_by(OUTBOX_TABLE.c.seq).limit(limit)
    if sent:
        query = query.where(OUTBOX_TABLE.c.seq.not_in(sent))
    with engine.connect() as connection:
        return [Pending(*row) for row in connection.execute(query)]


_MARKED = update(OUTBOX_TABLE).values(published_at=bindparam("now", type_=OUTBOX_TABLE.c.published_at.type))
_MARK = _MARKED.where(OUTBOX_TABLE.c.seq.in_(bindparam("seqs", expanding=True)))
# Rows sent together are mostly consecutive: a range then names them for a third of what a list of values costs.
_MARK_RANGE = _MARKED.where(OUTBOX_TABLE.c.seq.between(bindparam("first"), bindparam("last")))


def mark_in(connection: Connection, seqs: Sequence[int]) -> None:
    """Mark the rows published (`seqs` in ascending order), in the connection's transaction."""
    first, last = seqs[0], seqs[-1]
    if last - first + 1 == len(seqs):
        connection.execute(_MARK_RANGE, {"first": first, "last": last, "now": utc_now()})
    else:
        connection.execute(_MARK, {"seqs": list(seqs), "now": utc_now()})


def mark_published(engine: Engine, seqs: Sequence[int]) -> None:
    with engine.begin() as connection:
        mark_in(connection, seqs)


def unpublished_through(engine: Engine, seq: int | None) -> bool:
    """True while a row written up to `seq` (None: any row) waits to be published."""
    query = select(OUTBOX_TABLE.c.seq).where(_UNPUBLISHED).limit(1)
    if seq is not None:
        query = query.where(OUTBOX_TABLE.c.seq <= seq)
    with engine.connect() as connection:
        return connection.execute(query).first() is not None


def last_seq(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(select(func.coalesce(func.max(OUTBOX_TABLE.c.seq), 0))).scalar_one())


# Published rows one pruning deletes at most, in one short transaction beside the handlers' writes.
PRUNE_CHUNK = 1_000


def prune_published(engine: Engine, keep: int, chunk: int = PRUNE_CHUNK) -> int:
    """Delete up to `chunk` of the oldest published rows but for those among the newest `keep` sequence numbers;
    returns how many went. Unpublished rows are owed and never touched. The newest row always stays (`keep` >= 1):
    SQLite numbers a new row one past the largest left, and a number the relay still remembers as sent (a row of this
    process handed over and pruned) must not come back on another row."""
    newest = OUTBOX_TABLE.c.seq
    bound = select(func.coalesce(func.max(newest), 0) - max(keep, 1)).scalar_subquery()
    oldest = select(newest).where(~_UNPUBLISHED, newest <= bound).order_by(newest).limit(chunk)
    with engine.begin() as connection:
        return int(connection.execute(delete(OUTBOX_TABLE).where(newest.in_(oldest))).rowcount or 0)


def backlog(engine: Engine) -> int:
    """How many rows wait to be published."""
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(OUTBOX_TABLE).where(_UNPUBLISHED)).scalar_one())


class OutboxRelay:
    """Publishes what handlers committed; a crash between publish and mark re-publishes the same event ids."""

    def __init__(
        self,
        engine: Engine,
        publish: Publish,
        *,
        batch_size: int,
        poll_seconds: float,
        crash_after: int = 0,
        keep_published: int = 0,
    ) -> None:
        self._engine = engine
        self._lock = relay_lock(engine)
        self._crash_after = crash_after
        self._publish = publish
        self._batch_size = batch_size
        self._poll_seconds = poll_seconds
        self._wakeup = asyncio.Event()
        self._one_round = asyncio.Lock()  # the loop and `flush` never publish the same rows twice
        self._written, self._flushed = 1, 0  # rows written / flushed up to which call of `written` (1: at start-up)
        # Rows on Kafka but not marked yet: marking runs beside the offset commit and the next poll, and ends before
        # the service applies its next batch (`take_marks`).
        self._sent: set[int] = set()
        self._marking: asyncio.Task[None] | None = None
        # What a marking could not mark (database down) the caller's next batch marks in its transaction; until that
        # commits, those rows are neither read back nor marked by a round.
        self._in_batch: set[int] = set()
        self._stopping = False
        # Handing over: rows this process just committed go out from memory, without reading them back, while this
        # relay holds the lock (verified by a round of late) and has published everything the table held before.
        self._caught_up = False
        self._lock_seen_at = -math.inf
        self._round_sent: set[int] = set()  # sent by a round since the last hand-over: not to be sent twice
        # Published rows beyond the newest `keep_published` go, a chunk at a time (0: every row stays).
        self._keep_published = keep_published
        self._pruned_at = -math.inf  # when the last pruning that found less than a chunk ran (event loop time)
        # A pruning has work only once rows were marked since the last one that found less than a chunk: an idle
        # service's relay then deletes nothing twice a second. -1: none yet while holding the lock (rows another
        # instance marked may wait).
        self._marked_rows = 0
        self._marked_rows_pruned = -1

    def wake(self) -> None:
        self._wakeup.set()

    def written(self) -> None:
        """A transaction of this process committed outbox rows: the next `flush` has work."""
        self._written += 1

    async def run(self) -> None:
        """Publish until stopped; on broker errors keep the rows and retry with backoff."""
        delay = self._poll_seconds
        while not self._stopping:
            self._wakeup.clear()  # before reading: a wake-up during the read then ends the next sleep at once
            try:
                published = await self.publish_batch()
                pruned = await self.prune()
                delay = self._poll_seconds
            except Exception as exc:  # broker or database down: nothing is lost, the rows stay pending
                log.warning("outbox relay: %r; retrying in %.1fs", exc, delay)
                published, pruned, delay = 0, 0, min(delay * 2, 30.0)
            if not published and pruned < PRUNE_CHUNK:
                await self._sleep(delay)

    async def prune(self) -> int:
        """Delete a chunk of the published rows older than the window kept, if this relay holds the relay lock (one
        instance prunes, as one publishes); at most once a poll interval unless the last found a whole chunk (a
        table that grew faster, or a database kept from before pruning), and only once this relay marked rows since
        the last. Returns how many rows went."""
        now = asyncio.get_running_loop().time()
        if not self._keep_published or now - self._pruned_at < self._poll_seconds:
            return 0
        async with self._one_round:  # as a round: never beside the relay's own marking
            await self.marked()
            if self._marked_rows == self._marked_rows_pruned:
                return 0
            marked, pruned = self._marked_rows, await asyncio.to_thread(self._prune_if_held)
        if pruned is None or pruned < PRUNE_CHUNK:
            self._pruned_at, self._marked_rows_pruned = now, -1 if pruned is None else marked
        else:
            self._pruned_at = -math.inf
        return pruned or 0

    def _prune_if_held(self) -> int | None:
        return prune_published(self._engine, self._keep_published) if self._lock.acquire() else None

    async def publish_batch(self) -> int:
        """Publish the oldest pending rows, if this relay holds the database's relay lock; returns how many."""
        return await self._publish_round() or 0

    async def flush(self, committed: Sequence[Pending] = ()) -> None:
        """Return once every row committed before the call is published, by this relay or, when another instance
        holds the relay lock, by that one. A service calls it before committing a batch's offsets, so offsets that
        reached the end of the inputs mean that everything those inputs emitted is on Kafka (how `mobility replay`
        knows that the services are done). Broker errors are retried with backoff, like the loop does. Returns at
        once when this process wrote nothing since the last flush that found nothing pending.

        `committed`: the rows the caller's last transaction wrote, when no others of this process may wait (no
        redelivered batch), which the relay then sends from memory if it can."""
        delay, through, written = 0.005, None, self._written
        self._forget_sent_before(committed[0].seq if committed else None)
        if written == self._flushed:
            return
        if committed and await self._hand_over(committed):
            self._flushed = written
            return
        while True:
            try:
                published = await self._publish_round()
                if published is not None and published < self._batch_size:
                    self._flushed = written
                    return  # this relay holds the lock and published every row pending when it looked
                if published is None:  # another instance publishes: wait for it to reach what is committed now
                    if through is None:
                        through = await asyncio.to_thread(last_seq, self._engine)
                    if not await asyncio.to_thread(unpublished_through, self._engine, through):
                        self._flushed = written
                        return
            except Exception as exc:  # broker or database down: the rows stay pending, the offsets uncommitted
                log.warning("outbox flush: %r; retrying in %.2fs", exc, delay)
                published = None
            if published is None:
                await asyncio.sleep(delay)
                delay = min(delay * 2, self._poll_seconds)

    def _forget_sent_before(self, first: int | None) -> None:
        """What rounds sent is remembered only to keep a hand-over from sending it twice. A service flushes after
        each batch, one batch at a time, so no row older than this flush's (`first`; None: none of them handed over)
        can be in a hand-over any more. Forgetting the rest keeps the set to about a batch: kept whole, it grew with
        every row once a burst (a clock tick's thousands of alerts, a backlog at start-up) had made it too large to
        be caught up again, and no hand-over happened after."""
        if first is None:
            self._round_sent.clear()
        else:
            self._round_sent = {seq for seq in self._round_sent if seq >= first}

    async def _publish_round(self) -> int | None:
        """Publish the oldest pending rows; how many, or None when another instance holds the relay lock."""
        async with self._one_round:
            self._mark_sent()  # what hand-overs left to mark, or an earlier round could not (database down)
            # The previous round's marking ran beside the offset commit and the next batch; it ends before this round
            # touches the database, so the relay never works on it from two threads at once (one connection, in
            # an in-memory database, would mix the two transactions).
            await self.marked()
            self._caught_up = False
            rows = await asyncio.to_thread(self._claim, frozenset(self._sent | self._in_batch))
            if rows is None:
                return None  # another instance publishes; this one looks again after the poll interval
            self._lock_seen_at = asyncio.get_running_loop().time()
            if rows:
                await self._send(rows)
                self._round_sent.update(row.seq for row in rows)
            # Every row committed before the read is out; a row committed since is newer than all of them.
            self._caught_up = len(rows) < self._batch_size and len(self._round_sent) <= 4 * self._batch_size
            return len(rows)

    async def _hand_over(self, rows: Sequence[Pending]) -> bool:
        """Send rows this process has just committed, in order, from memory; False when the relay must read the table
        instead (another instance holds the lock, older rows wait, the lock was not verified of late, a send failed:
        the rows stay pending and the table's rounds publish them). A crash before marking re-sends them at start,
        as for the rows of a round."""
        async with self._one_round:
            fresh = asyncio.get_running_loop().time() - self._lock_seen_at < 2 * self._poll_seconds
            if not (self._caught_up and fresh):
                return False
            try:
                # A round that ran after the rows' commit may have read and sent them already.
                await self._send([row for row in rows if row.seq not in self._round_sent])
            except Exception as exc:
                log.warning("outbox relay: hand-over failed, reading the table instead: %r", exc)
                self._caught_up = False
                return False
            newest = rows[-1].seq
            self._round_sent = {seq for seq in self._round_sent if seq > newest}
            return True

    def _claim(self, sent: frozenset[int]) -> list[Pending] | None:
        """The oldest pending rows not yet sent, or None without the relay lock (one thread hop for both)."""
        return pending(self._engine, self._batch_size, sent) if self._lock.acquire() else None

    async def _send(self, rows: Sequence[Pending]) -> None:
        # Enqueue one by one (the producer keeps that order per partition), then wait for every acknowledgement. A
        # row goes with the headers stored with it: its trace context is the handling span's, which the consumers'
        # spans continue (docs/design.md, "Observability").
        acknowledgements = [await self._publish(row) for row in rows]
        await asyncio.gather(*acknowledgements)
        self._maybe_crash()
        self._sent.update(row.seq for row in rows)
        self._mark_sent()

    def _mark_sent(self) -> None:
        """Mark the sent rows published, in the background. A crash before that re-publishes them, which the event
        ids make harmless, as for a crash between publish and mark in one round."""
        if self._sent and (self._marking is None or self._marking.done()):
            self._marking = asyncio.create_task(self._mark())

    async def _mark(self) -> None:
        while self._sent:
            seqs = sorted(self._sent)
            try:
                await asyncio.to_thread(mark_published, self._engine, seqs)
            except Exception as exc:  # database down: the next round tries again
                log.warning("outbox relay: cannot mark %d published rows yet: %r", len(seqs), exc)
                return
            self._sent.difference_update(seqs)
            self._marked_rows += len(seqs)

    async def marked(self) -> None:
        """Return once every row sent so far is marked published (or marking failed; the next round retries)."""
        self._mark_sent()
        if self._marking is not None:
            await self._marking

    async def take_marks(self) -> list[int]:
        """Once the marking in flight ended, the rows sent and still not marked (it failed), for the caller's next
        transaction to mark; the caller then reports `marks_committed` or `marks_not_committed`."""
        if self._marking is not None:
            await self._marking  # a round's marking in flight: its rows are not marked twice
        taken = sorted(self._sent)
        self._in_batch.update(taken)
        self._sent.clear()
        return taken

    def marks_committed(self, seqs: Sequence[int]) -> None:
        self._in_batch.difference_update(seqs)
        self._marked_rows += len(seqs)

    def marks_not_committed(self, seqs: Sequence[int]) -> None:
        """The transaction did not commit: the rows wait for the next one, or a round, as before."""
        self._in_batch.difference_update(seqs)
        self._sent.update(seqs)

    def _maybe_crash(self) -> None:
        """Fault injection: die between publish and mark, as a power cut would (setting FAULT_CRASH_AFTER_PUBLISH)."""
        if self._crash_after:
            self._crash_after -= 1
            if not self._crash_after:
                log.error("fault injection: exiting after publishing, before marking the outbox rows")
                os._exit(70)

    async def drain(self) -> None:
        """Publish everything pending (graceful shutdown)."""
        self._stopping = True
        self.wake()
        while await self.publish_batch():
            pass
        await self.marked()
        self._lock.release()

    async def _sleep(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wakeup.wait(), timeout=seconds)
