"""Per-participant case state, stored as one JSON document per participant in the service's own database.

The document is kept as the text pydantic writes and reads itself (`model_dump_json`, `model_validate_json`): a
case is read and written once per batch that touches it, and going through Python dicts doubled that work."""

import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol, TypeVar

from pydantic import BaseModel
from sqlalchemy import Column, Connection, Text, bindparam, delete, insert, select, update
from sqlmodel import Field, Session, SQLModel

from services.common.documents import dump_json

CaseT = TypeVar("CaseT", bound=BaseModel)


class Beside(Protocol):
    """A service's own table kept beside the cases for one batch (`CaseStore.beside`): made on the transaction's
    connection, written before it commits."""

    def __init__(self, connection: Connection) -> None: ...

    def write(self) -> None: ...


BesideT = TypeVar("BesideT", bound=Beside)

DUE_CHUNK = 500  # cases a clock tick holds at once: as many as a batch of events may touch


class CaseRow(SQLModel, table=True):
    """A participant's case; `next_due` is the next event-time day a clock tick must look at it."""

    __tablename__ = "case_state"

    participant_id: str = Field(primary_key=True)
    state: str = Field(sa_column=Column(Text, nullable=False))  # the case model's JSON
    next_due: date | None = Field(default=None, index=True)


CASE_TABLE = SQLModel.metadata.tables["case_state"]
CASE_TABLES = (CASE_TABLE,)
_key = CASE_TABLE.c.participant_id
# The statements of every batch, built once: building one again for each batch cost more than running it. A list
# of values (an expanding IN) costs SQLAlchemy twice what one value does: a batch of one subject has its own.
_READ = select(_key, CASE_TABLE.c.state).where(_key.in_(bindparam("pids", expanding=True)))
_READ_KEYED = select(_key, CASE_TABLE.c.state).where(_key == bindparam("pid"))
_READ_ONE = select(CASE_TABLE.c.state).where(_key == bindparam("pid"))
# Fetched whole: a clock tick of a lagging service finds hundreds due, and row by row SQLAlchemy's fetch cost more.
_DUE = select(_key).where(CASE_TABLE.c.next_due <= bindparam("day", type_=CASE_TABLE.c.next_due.type))
_VALUES = {"state": bindparam("document", type_=CASE_TABLE.c.state.type),
           "next_due": bindparam("due", type_=CASE_TABLE.c.next_due.type)}  # fmt: skip
_INSERT = insert(CASE_TABLE).values(participant_id=bindparam("pid"), **_VALUES)
_UPDATE = update(CASE_TABLE).where(_key == bindparam("pid")).values(**_VALUES)


@dataclass
class _Case:
    """A case as the batch holds it: the stored document, validated at most once, and whether it changed."""

    stored: bool  # a row exists in the database (read, or written earlier in this transaction)
    document: str | None = None  # JSON
    case: BaseModel | None = None
    next_due: date | None = None
    changed: bool = False


class CaseMemo:
    """The cases a service read or wrote last, as models, each with the document it was read from or written as:
    a case whose stored document is still that text is not validated again (most batches touch the cases the
    batches before them wrote). The text decides, so a case another instance changed, or a write rolled back, is
    read afresh.

    Bounded by the size of the documents kept, `budget` characters (a model takes five to eight times its
    document's size), so a service with small cases keeps many more of them than one with large cases. When full,
    a case chosen at random makes room: a cohort whose active cases outnumber what the memo holds touches them in
    turn, and dropping the least recently used would then always drop the next one needed, where a random one
    keeps a fair share of them (about budget / active cases found); a case no longer touched goes in time all the
    same. The choice is seeded, so a run repeats itself; it only decides what is validated again, never what is
    decided."""

    def __init__(self, budget: int = 4 * 2**20) -> None:
        self._budget = budget
        self._used = 0
        self._cases: dict[str, tuple[str, BaseModel, int]] = {}  # document, model, slot in `_ids`
        self._ids: list[str] = []
        self._random = random.Random(0)

    def get(self, participant_id: str, document: str, model: type[CaseT]) -> CaseT | None:
        kept = self._cases.get(participant_id)
        if kept is None or kept[0] != document or not isinstance(kept[1], model):
            return None
        return kept[1]

    def put(self, participant_id: str, document: str, case: BaseModel) -> None:
        if len(document) > self._budget:
            self.discard(participant_id)
            return
        kept = self._cases.get(participant_id)
        if kept is None:
            slot = len(self._ids)
            self._ids.append(participant_id)
        else:
            slot = kept[2]
            self._used -= len(kept[0])
        self._cases[participant_id] = (document, case, slot)
        self._used += len(document)
        while self._used > self._budget:
            victim = self._ids[self._random.randrange(len(self._ids))]
            if victim != participant_id:
                self.discard(victim)

    def discard(self, participant_id: str) -> None:
        kept = self._cases.pop(participant_id, None)
        if kept is None:
            return
        self._used -= len(kept[0])
        last = self._ids.pop()
        if last != participant_id:  # the last id takes the freed slot
            slot = kept[2]
            self._ids[slot] = last
            document, case, _ = self._cases[last]
            self._cases[last] = (document, case, slot)


@dataclass
class CaseStore:
    """The cases of one batch's transaction: those of the batch's subjects are read in one query the first time one
    is asked for; each is validated once however many of the batch's events touch it, and the changed ones are
    dumped once and written in one statement for new rows and one for updated rows (`write`, before commit).

    It works on the transaction's connection with SQLAlchemy Core, and so do a service's own tables kept beside
    the cases (`beside`); an ORM session on that connection (`session`) is opened only for a handler that asks for
    one (erasure, a read model's tables): a session for every batch cost more than the batch's statements."""

    connection: Connection
    subjects: frozenset[str] = frozenset()
    memo: CaseMemo = field(default_factory=lambda: CaseMemo(0))
    _cases: dict[str, _Case | None] | None = field(default=None, init=False)  # None in it: known not to exist
    _session: Session | None = field(default=None, init=False)
    _beside: dict[type[Beside], Beside] = field(default_factory=dict, init=False)
    _ticked: list[str] = field(default_factory=list, init=False)  # cases held that only the batch's ticks read

    @property
    def session(self) -> Session:
        """An ORM session in the batch's transaction (its commit and rollback stay the batch's)."""
        if self._session is None:
            self._session = Session(bind=self.connection, join_transaction_mode="rollback_only")
        return self._session

    def beside(self, kind: type[BesideT]) -> BesideT:
        """The batch's one `kind` of store (made the first time it is asked for), written when the cases are."""
        store = self._beside.get(kind)
        if store is None:
            store = self._beside[kind] = kind(self.connection)
        return store  # type: ignore[return-value]  # keyed by its own class

    def close(self) -> None:
        """Write the changed cases, the stores beside them and what the session holds, before the transaction
        commits: the session commits (flushes, and runs its `before_commit` hooks), which leaves the transaction to
        the batch."""
        self.write()
        for store in self._beside.values():
            store.write()
        if self._session is not None:
            self._session.commit()
            self._session.close()
            self._session = None

    def load(self, participant_id: str, model: type[CaseT]) -> CaseT | None:
        held = self._case(participant_id)
        if held is None:
            return None
        if not isinstance(held.case, model):
            assert held.document is not None
            held.case = self.memo.get(participant_id, held.document, model)
            if held.case is None:
                held.case = model.model_validate_json(held.document)
                self.memo.put(participant_id, held.document, held.case)
        return held.case

    def save(self, participant_id: str, case: BaseModel, next_due: date | None = None) -> None:
        held = self._case(participant_id)
        if held is None:
            held = self._read_ahead()[participant_id] = _Case(stored=False)
        held.case, held.document, held.next_due, held.changed = case, None, next_due, True

    def forget(self, participant_id: str) -> int:
        """Delete the participant's case; returns how many rows went (0 or 1)."""
        held = self._case(participant_id)
        if held is not None and held.stored:
            self.connection.execute(delete(CASE_TABLE).where(_key == participant_id))
        self.memo.discard(participant_id)
        self._read_ahead()[participant_id] = None
        return int(held is not None)

    def due(self, day: date, model: type[CaseT]) -> Iterator[tuple[str, CaseT]]:
        """Cases whose next due day has come, in participant order (so a replay emits in the same order). A case this
        batch changed is due by the day it was saved with (its row is written once, at the end of the batch), any
        other by its row. Read `DUE_CHUNK` at a time, and only the due participants' ids are held for the whole tick:
        the batch keeps at most `DUE_CHUNK` cases that only its ticks read (when the clock runs ahead of a lagging
        service, nearly all are due), writing and letting go of the others first when a chunk would make more. Kept,
        they are read and written once however many ticks of the batch find them due (a lagging service's batch
        brings dozens of ticks at once), as the cases of the batch's events are."""
        cases = self._read_ahead()
        changed = {pid: held.next_due for pid, held in cases.items() if held is not None and held.changed}
        # Sorted here, not by the query: ORDER BY the key would make the database scan every case in key order
        # instead of looking up the few due ones by the `next_due` index (and collate unlike Python's order).
        by_row = self.connection.execute(_DUE, {"day": day}).scalars().all()
        due = sorted(
            {pid for pid in by_row if pid not in changed} | {pid for pid, on in changed.items() if on and on <= day}
        )
        for first in range(0, len(due), DUE_CHUNK):
            chunk = due[first : first + DUE_CHUNK]
            unread = [participant_id for participant_id in chunk if cases.get(participant_id) is None]
            if len(self._ticked) + len(unread) > DUE_CHUNK:
                self._let_go(keep=frozenset(chunk))
            if unread:
                read = self.connection.execute(_READ, {"pids": unread})
                cases.update((pid, _Case(stored=True, document=doc)) for pid, doc in read)
                self._ticked += unread
            for participant_id in chunk:
                case = self.load(participant_id, model)
                assert case is not None
                yield participant_id, case

    def _let_go(self, keep: frozenset[str]) -> None:
        """Write the cases only ticks read, but for those in `keep`, and let them go: a later event or tick of the
        batch reads such a case again."""
        cases = self._read_ahead()
        going = [participant_id for participant_id in self._ticked if participant_id not in keep]
        self.write(going)
        for participant_id in going:
            del cases[participant_id]
        self._ticked = [participant_id for participant_id in self._ticked if participant_id in keep]

    def write(self, only: Iterable[str] | None = None) -> None:
        """Write the changed cases (of `only` those participants): one INSERT for the new ones, one UPDATE for the
        others."""
        cases = self._cases or {}
        held_cases = cases.items() if only is None else [(pid, cases[pid]) for pid in only]
        changed = [(pid, held, dump_json(held.case).decode()) for pid, held in held_cases
                   if held is not None and held.changed and held.case is not None]  # fmt: skip
        rows = [{"pid": pid, "document": document, "due": held.next_due, "stored": held.stored}
                for pid, held, document in changed]  # fmt: skip
        if new := [row for row in rows if not row["stored"]]:
            self.connection.execute(_INSERT, new)
        if old := [row for row in rows if row["stored"]]:
            self.connection.execute(_UPDATE, old)
        for pid, held, document in changed:
            held.stored, held.changed = True, False
            if held.case is not None:
                self.memo.put(pid, document, held.case)

    def _read_ahead(self) -> dict[str, _Case | None]:
        if self._cases is None:
            subjects = sorted(self.subjects)
            self._cases = dict.fromkeys(subjects)
            if subjects:
                if len(subjects) == 1:
                    read = self.connection.execute(_READ_KEYED, {"pid": subjects[0]})
                else:
                    read = self.connection.execute(_READ, {"pids": subjects})
                self._cases.update((pid, _Case(stored=True, document=doc)) for pid, doc in read)
        return self._cases

    def _case(self, participant_id: str) -> _Case | None:
        cases = self._read_ahead()
        if participant_id not in cases:
            document = self.connection.execute(_READ_ONE, {"pid": participant_id}).scalar_one_or_none()
            cases[participant_id] = None if document is None else _Case(stored=True, document=document)
        return cases[participant_id]
