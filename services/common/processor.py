"""The batch processor: dedupe, apply, record and emit in one transaction per batch; dead-letter what cannot be
applied (docs/design.md, "Guarantees")."""

import hashlib
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any
from uuid import UUID, uuid5

from sqlalchemy import Connection, Engine, bindparam, insert, select
from sqlalchemy.exc import DBAPIError, IntegrityError

from contracts import Envelope, EventData
from contracts.envelope import NAMESPACE
from services.common.cases import CaseMemo, CaseStore
from services.common.context import EMITTED_HELD, Context, Handler
from services.common.database import OUTBOX_TABLE, PROCESSED_TABLE, utc_now
from services.common.incoming import Incoming, InvalidEvent, decode
from services.common.outbox import Pending, dead_letter_row, event_rows, mark_in
from services.common.telemetry import Decisions, dead_letter_span, handling_span

log = logging.getLogger(__name__)

# Outbox rows a batch holds before it inserts them (about 1.4 KiB each): beyond that, its rows go to the table as
# they come, and the relay reads them from there rather than from memory.
OUTBOX_ROWS_HELD = 2 * EMITTED_HELD

# The statements of every batch, built once (building them again for each batch cost more than running them).
# A list of values (an expanding IN) costs SQLAlchemy twice what one value does: a batch of one has its own.
_APPLIED = select(PROCESSED_TABLE.c.event_id).where(PROCESSED_TABLE.c.event_id.in_(bindparam("ids", expanding=True)))
_APPLIED_ONE = select(PROCESSED_TABLE.c.event_id).where(PROCESSED_TABLE.c.event_id == bindparam("id"))
_INSERT_PROCESSED = insert(PROCESSED_TABLE)
_INSERT_OUTBOX = insert(OUTBOX_TABLE)
_INSERT_OUTBOX_NUMBERED = _INSERT_OUTBOX.returning(OUTBOX_TABLE.c.seq, sort_by_parameter_order=True)
_INSERT_OUTBOX_ONE = _INSERT_OUTBOX.returning(OUTBOX_TABLE.c.seq)  # one row: no "insertmanyvalues" batching


class Outcome(StrEnum):
    """What became of one consumed record."""

    APPLIED = "applied"
    DUPLICATE = "duplicate"
    IGNORED = "ignored"
    DEAD_LETTERED = "dead_lettered"


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    envelope: Envelope[Any] | None = None
    emitted: tuple[Envelope[Any], ...] = ()  # the first `EMITTED_HELD` events the handling emitted
    error: str | None = None
    trace_id: str | None = None
    emitted_beyond: int = 0  # how many more it emitted: written out as they came, not held

    @property
    def emitted_count(self) -> int:
        return len(self.emitted) + self.emitted_beyond


def is_transient(exc: BaseException) -> bool:
    """Database errors worth retrying (locked, unavailable); everything else is a property of the event."""
    return (
        isinstance(exc, DBAPIError)
        and not isinstance(exc, IntegrityError)
        and (exc.connection_invalidated or type(exc).__name__ in {"OperationalError", "InterfaceError"})
    )


@dataclass(frozen=True)
class Decoded:
    """A consumed record and what decoding made of it: an envelope, nothing (not ours), or a reason to dead-letter."""

    record: Incoming
    envelope: Envelope[Any] | None = None
    error: str | None = None
    error_type: str = ""

    def failed(self, error: str, error_type: str) -> "Decoded":
        return replace(self, error=error, error_type=error_type)


@dataclass
class EventProcessor:
    """Applies consumed records of one service to its database, exactly once per event id."""

    service: str
    engine: Engine
    handlers: Mapping[type[EventData], Handler]
    output_topic: str | None
    max_event_bytes: int
    memo: CaseMemo = field(default_factory=CaseMemo)
    _by_type: dict[str, Handler] = field(init=False)
    # The outbox rows of the transactions committed since `take_committed_rows`, for the relay to publish from memory;
    # None when one of them wrote more than it held.
    _committed_rows: list[Pending] | None = field(init=False, default_factory=list)
    _marks: Sequence[int] = field(init=False, default=())  # published rows to mark in the next transaction

    def __post_init__(self) -> None:
        self._by_type = {cls.event_type: handler for cls, handler in self.handlers.items()}

    @property
    def handled_types(self) -> frozenset[str]:
        return frozenset(self._by_type)

    def process(self, record: Incoming) -> Result:
        """Apply one record in its own transaction; raises only for transient failures, which the caller retries."""
        return self.process_batch([record])[0]

    def process_batch(self, records: Sequence[Incoming], marks: Sequence[int] = ()) -> list[Result]:
        """Apply records in order in one transaction (one commit for all); raises only for transient failures.
        `marks`: outbox rows the relay has published, marked so in the first transaction that commits.

        A handler that fails, or a unique key another consumer took first, rolls the batch back; the records are
        then applied one transaction each, so only the failing one is dead-lettered."""
        self._marks = marks
        batch = [self._decode(record) for record in records]
        try:
            return self._commit(batch)
        except Exception as exc:
            if is_transient(exc):
                raise
            if len(batch) == 1:
                return [self._failed(batch[0], exc)]
        return [self._alone(item) for item in batch]

    def take_committed_rows(self) -> list[Pending] | None:
        """The outbox rows committed since the last call, in the order written (call it where `process_batch` runs);
        None when some were not held (a batch that wrote more than `OUTBOX_ROWS_HELD`): the table has them."""
        rows, self._committed_rows = self._committed_rows, []
        return rows

    def _decode(self, record: Incoming) -> Decoded:
        try:
            return Decoded(record, decode(record, self.handled_types, self.max_event_bytes))
        except InvalidEvent as exc:
            return Decoded(record, error=str(exc), error_type=type(exc).__name__)

    def _alone(self, item: Decoded) -> Result:
        try:
            return self._commit([item])[0]
        except Exception as exc:
            if is_transient(exc):
                raise
            return self._failed(item, exc)

    def _failed(self, item: Decoded, exc: Exception) -> Result:
        envelope = item.envelope
        if isinstance(exc, IntegrityError) and envelope is not None and self._known(envelope.id):
            return Result(Outcome.DUPLICATE, envelope)  # another consumer of the group applied it first
        # A handler that cannot apply an event must not block the partition: dead-letter it, keep the reason.
        log.exception("handler failed on event %s (%s)", envelope and envelope.id, envelope and envelope.type)
        return self._commit([item.failed(f"handler failed: {exc!r}", type(exc).__name__)])[0]

    def _known(self, event_id: UUID) -> bool:
        with self.engine.connect() as connection:
            return bool(self._applied(connection, [event_id]))

    def _commit(self, batch: Sequence[Decoded]) -> list[Result]:
        with self.engine.connect() as connection, connection.begin():
            if self._marks:  # before the handlers: an erasure tells published rows from those still owed
                mark_in(connection, self._marks)
            ids = [i for item in batch if (i := _id_of(item, self.service))]
            writes = Writes(connection, self._applied(connection, ids))
            subjects = frozenset(item.envelope.subject for item in batch if item.envelope is not None)
            cases = CaseStore(connection, subjects, self.memo)
            results = [self._stage(cases, item, writes) for item in batch]
            cases.close()
            rows = writes.insert()
        self._marks = ()
        self._committed_rows = None if rows is None or self._committed_rows is None else self._committed_rows + rows
        return results

    @staticmethod
    def _applied(connection: Connection, ids: list[UUID]) -> set[UUID]:
        """Which of `ids` are applied already (one query for the batch)."""
        if not ids:
            return set()
        if len(ids) == 1:
            return set(connection.execute(_APPLIED_ONE, {"id": ids[0]}).scalars())
        return set(connection.execute(_APPLIED, {"ids": ids}).scalars())

    def _stage(self, cases: CaseStore, item: Decoded, writes: "Writes") -> Result:
        """Apply `item` in the transaction and note the rows it adds; `writes.seen` holds the ids already applied."""
        envelope = item.envelope
        if item.error is not None:
            letter_id = _letter_id(item.record, self.service)
            if letter_id in writes.seen:
                return Result(Outcome.DUPLICATE, envelope, error=item.error)
            with dead_letter_span(self.service, item.record, item.error, item.error_type) as trace_id:
                writes.processed(letter_id, "dead-letter")
                writes.add([dead_letter_row(letter_id, item.record, item.error, item.error_type, self.service)])
            return Result(Outcome.DEAD_LETTERED, envelope, error=item.error, trace_id=trace_id)
        if envelope is None:
            return Result(Outcome.IGNORED)
        if envelope.id in writes.seen:
            return Result(Outcome.DUPLICATE, envelope)
        with handling_span(self.service, item.record, envelope) as trace_id:
            emitted = Emissions(writes, self.output_topic or "", Decisions())
            context = Context(self.service, self.output_topic, cases, envelope, write_out=emitted.write_out)
            self._by_type[envelope.type](context, envelope.data)
            emitted.write_out(context.emitted)
            emitted.decisions.record()
            writes.processed(envelope.id, envelope.type)
        return Result(Outcome.APPLIED, envelope, tuple(emitted.kept), trace_id=trace_id, emitted_beyond=emitted.beyond)


@dataclass
class Emissions:
    """What one handling emitted, taken as it comes: its outbox rows for the batch, what it decided for the span, and
    the first `EMITTED_HELD` events for the result (a clock tick may emit thousands)."""

    writes: "Writes"
    topic: str
    decisions: Decisions
    kept: list[Envelope[Any]] = field(default_factory=list)
    beyond: int = 0

    def write_out(self, emitted: list[Envelope[Any]]) -> None:
        self.decisions.add(emitted)
        room = max(EMITTED_HELD - len(self.kept), 0)
        self.kept += emitted[:room]
        self.beyond += len(emitted[room:])
        self.writes.add(event_rows(emitted, self.topic))


@dataclass
class Writes:
    """The plumbing rows of one batch, inserted in two statements at its end (no ORM objects, no flush per row); a
    batch that writes more than `OUTBOX_ROWS_HELD` outbox rows inserts them as they come instead, in the same order
    (so with the same sequence numbers) and in the same transaction."""

    connection: Connection
    seen: set[UUID]
    processed_rows: list[dict[str, Any]] = field(default_factory=list)
    outbox: list[dict[str, Any]] = field(default_factory=list)
    spilled: bool = False  # some outbox rows were inserted before the end: the batch's rows are not all held

    def add(self, rows: list[dict[str, Any]]) -> None:
        self.outbox += rows
        if len(self.outbox) >= OUTBOX_ROWS_HELD:
            self.connection.execute(_INSERT_OUTBOX, self.outbox)
            self.outbox, self.spilled = [], True

    def processed(self, event_id: UUID, event_type: str) -> None:
        self.seen.add(event_id)
        self.processed_rows.append({"event_id": event_id, "event_type": event_type, "processed_at": utc_now()})

    def insert(self) -> list[Pending] | None:
        """Insert the rows; returns the outbox rows as the relay publishes them (with the sequence numbers given), or
        None when some went in before (`add`)."""
        connection = self.connection
        if self.processed_rows:
            connection.execute(_INSERT_PROCESSED, self.processed_rows)
        if self.spilled:
            if self.outbox:
                connection.execute(_INSERT_OUTBOX, self.outbox)
            return None
        if not self.outbox:
            return []
        if len(self.outbox) == 1:
            seqs = connection.execute(_INSERT_OUTBOX_ONE, self.outbox[0]).scalars()
        else:
            seqs = connection.execute(_INSERT_OUTBOX_NUMBERED, self.outbox).scalars()
        return [
            Pending(seq, row["message_id"], row["topic"], row["key"], row["value"], row["headers"])
            for seq, row in zip(seqs, self.outbox, strict=True)
        ]


def _id_of(item: Decoded, service: str) -> UUID | None:
    if item.error is not None:
        return _letter_id(item.record, service)
    return item.envelope.id if item.envelope is not None else None


def _letter_id(record: Incoming, service: str) -> UUID:
    # Identical bad bytes are one bad input: dead-lettered once, however often they are redelivered.
    return uuid5(NAMESPACE, f"dlq/{service}/{_digest(record)}")


def _digest(record: Incoming) -> str:
    return hashlib.sha256((record.key or b"") + b"\0" + record.value).hexdigest()
