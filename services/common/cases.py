"""Per-participant case state, stored as one JSON document per participant in the service's own database."""

from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from pydantic import BaseModel
from sqlalchemy import JSON, Column
from sqlmodel import Field, Session, SQLModel, col, delete, select

CaseT = TypeVar("CaseT", bound=BaseModel)


class CaseRow(SQLModel, table=True):
    """A participant's case; `next_due` is the next event-time day a clock tick must look at it."""

    __tablename__ = "case_state"

    participant_id: str = Field(primary_key=True)
    state: dict[str, object] = Field(sa_column=Column(JSON, nullable=False))
    next_due: date | None = Field(default=None, index=True)


CASE_TABLES = (SQLModel.metadata.tables["case_state"],)


@dataclass
class CaseStore:
    """The cases of one batch's transaction: those of the batch's subjects are read in one query the first time one
    is asked for, and every change is written in one flush at commit."""

    session: Session
    subjects: frozenset[str] = frozenset()
    _rows: dict[str, CaseRow | None] | None = field(default=None, init=False)  # None in it: known not to exist

    def load(self, participant_id: str, model: type[CaseT]) -> CaseT | None:
        row = self._row(participant_id)
        return None if row is None else model.model_validate(row.state)

    def save(self, participant_id: str, case: BaseModel, next_due: date | None = None) -> None:
        row, document = self._row(participant_id), case.model_dump(mode="json")
        if row is None:
            row = self._read_ahead()[participant_id] = CaseRow(participant_id=participant_id, state=document)
        row.state, row.next_due = document, next_due
        self.session.add(row)

    def forget(self, participant_id: str) -> int:
        """Delete the participant's case; returns how many rows went (0 or 1)."""
        existed = self._row(participant_id) is not None
        self.session.flush()
        self.session.exec(delete(CaseRow).where(col(CaseRow.participant_id) == participant_id))
        self._read_ahead()[participant_id] = None
        return int(existed)

    def due(self, day: date, model: type[CaseT]) -> list[tuple[str, CaseT]]:
        """Cases whose next due day has come, in participant order (so a replay emits in the same order)."""
        query = select(CaseRow).where(col(CaseRow.next_due) <= day).order_by(col(CaseRow.participant_id))
        rows = list(self.session.exec(query))
        self._read_ahead().update((row.participant_id, row) for row in rows)
        return [(row.participant_id, model.model_validate(row.state)) for row in rows]

    def _read_ahead(self) -> dict[str, CaseRow | None]:
        if self._rows is None:
            subjects = sorted(self.subjects)
            self._rows = dict.fromkeys(subjects)
            if subjects:
                query = select(CaseRow).where(col(CaseRow.participant_id).in_(subjects))
                self._rows.update((row.participant_id, row) for row in self.session.exec(query))
        return self._rows

    def _row(self, participant_id: str) -> CaseRow | None:
        rows = self._read_ahead()
        if participant_id not in rows:
            with self.session.no_autoflush:  # rows added in this transaction are in `rows` already
                rows[participant_id] = self.session.get(CaseRow, participant_id)
        return rows[participant_id]
