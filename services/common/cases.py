"""Per-participant case state, stored as one JSON document per participant in the service's own database.

The document is kept as the text pydantic writes and reads itself (`model_dump_json`, `model_validate_json`): a
case is read and written once per batch that touches it, and going through Python dicts doubled that work."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from pydantic import BaseModel
from sqlalchemy import Column, Text, bindparam, delete, insert, select, update
from sqlmodel import Field, Session, SQLModel

CaseT = TypeVar("CaseT", bound=BaseModel)

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


@dataclass
class _Case:
    """A case as the batch holds it: the stored document, validated at most once, and whether it changed."""

    stored: bool  # a row exists in the database (read, or written earlier in this transaction)
    document: str | None = None  # JSON
    case: BaseModel | None = None
    next_due: date | None = None
    changed: bool = False


@dataclass
class CaseStore:
    """The cases of one batch's transaction: those of the batch's subjects are read in one query the first time one
    is asked for; each is validated once however many of the batch's events touch it, and the changed ones are
    dumped once and written in one statement for new rows and one for updated rows (`write`, before commit)."""

    session: Session
    subjects: frozenset[str] = frozenset()
    _cases: dict[str, _Case | None] | None = field(default=None, init=False)  # None in it: known not to exist

    def load(self, participant_id: str, model: type[CaseT]) -> CaseT | None:
        held = self._case(participant_id)
        if held is None:
            return None
        if not isinstance(held.case, model):
            assert held.document is not None
            held.case = model.model_validate_json(held.document)
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
            self.session.execute(delete(CASE_TABLE).where(_key == participant_id))
        self._read_ahead()[participant_id] = None
        return int(held is not None)

    def due(self, day: date, model: type[CaseT]) -> Iterator[tuple[str, CaseT]]:
        """Cases whose next due day has come, in participant order (so a replay emits in the same order), read
        `DUE_CHUNK` at a time: each chunk is written and let go before the next is read, so a tick holds at most
        that many cases however many are due (when the clock runs ahead of a lagging service, nearly all are). Only
        the due participants' ids are held for the whole tick."""
        self.write()  # the query must see this batch's changes
        # Sorted here, not by the query: ORDER BY the key would make the database scan every case in key order
        # instead of looking up the few due ones by the `next_due` index (and collate unlike Python's order).
        due = sorted(self.session.execute(select(_key).where(CASE_TABLE.c.next_due <= day)).scalars())
        cases = self._read_ahead()
        for first in range(0, len(due), DUE_CHUNK):
            chunk = due[first : first + DUE_CHUNK]
            unread = [participant_id for participant_id in chunk if cases.get(participant_id) is None]
            if unread:
                query = select(_key, CASE_TABLE.c.state).where(_key.in_(unread))
                cases.update((pid, _Case(stored=True, document=doc)) for pid, doc in self.session.execute(query))
            for participant_id in chunk:
                case = self.load(participant_id, model)
                assert case is not None
                yield participant_id, case
            self.write()
            for participant_id in unread:  # read for the tick alone: a later event of the batch reads it again
                del cases[participant_id]

    def write(self) -> None:
        """Write the changed cases: one INSERT for the new ones, one UPDATE for the others."""
        changed = [(pid, held) for pid, held in (self._cases or {}).items() if held is not None and held.changed]
        rows = [
            {"pid": pid, "document": held.case.model_dump_json(), "due": held.next_due, "stored": held.stored}
            for pid, held in changed
            if held.case is not None
        ]
        values = {"state": bindparam("document", type_=CASE_TABLE.c.state.type),
                  "next_due": bindparam("due", type_=CASE_TABLE.c.next_due.type)}  # fmt: skip
        if new := [row for row in rows if not row["stored"]]:
            self.session.execute(insert(CASE_TABLE).values(participant_id=bindparam("pid"), **values), new)
        if old := [row for row in rows if row["stored"]]:
            self.session.execute(update(CASE_TABLE).where(_key == bindparam("pid")).values(**values), old)
        for _, held in changed:
            held.stored, held.changed = True, False

    def _read_ahead(self) -> dict[str, _Case | None]:
        if self._cases is None:
            subjects = sorted(self.subjects)
            self._cases = dict.fromkeys(subjects)
            if subjects:
                query = select(_key, CASE_TABLE.c.state).where(_key.in_(subjects))
                self._cases.update((pid, _Case(stored=True, document=doc)) for pid, doc in self.session.execute(query))
        return self._cases

    def _case(self, participant_id: str) -> _Case | None:
        cases = self._read_ahead()
        if participant_id not in cases:
            query = select(CASE_TABLE.c.state).where(_key == participant_id)
            document = self.session.execute(query).scalar_one_or_none()
            cases[participant_id] = None if document is None else _Case(stored=True, document=document)
        return cases[participant_id]
