"""Per-participant case state, stored as one JSON document per participant in the service's own database."""

from collections.abc import Callable, Sequence
from datetime import date
from typing import TypeVar

from pydantic import BaseModel
from sqlalchemy import JSON, Column
from sqlmodel import Field, Session, SQLModel, col, delete, select

from contracts import EventData
from services.common.handling import BATCH_SUBJECTS, Context

StateT = TypeVar("StateT", bound=BaseModel)


class CaseRow(SQLModel, table=True):
    """A participant's case; `due_on` is the next event-time day a clock tick must look at it."""

    __tablename__ = "case_state"

    participant_id: str = Field(primary_key=True)
    state: dict[str, object] = Field(sa_column=Column(JSON, nullable=False))
    due_on: date | None = Field(default=None, index=True)


def _case_rows(session: Session) -> dict[str, CaseRow | None]:
    """The case rows this transaction has seen or added, by participant (None: known not to exist). The cases of
    the whole batch are read in one query, the first time one is asked for, and written in one flush at commit."""
    rows: dict[str, CaseRow | None] | None = session.info.get("case_rows")
    if rows is None:
        subjects = sorted(session.info.get(BATCH_SUBJECTS, ()))
        rows = session.info["case_rows"] = dict.fromkeys(subjects)
        if subjects:
            query = select(CaseRow).where(col(CaseRow.participant_id).in_(subjects))
            rows.update((row.participant_id, row) for row in session.exec(query))
    return rows


def _case_row(session: Session, participant_id: str) -> CaseRow | None:
    rows = _case_rows(session)
    if participant_id not in rows:
        with session.no_autoflush:  # rows added in this transaction are in `rows` already
            rows[participant_id] = session.get(CaseRow, participant_id)
    return rows[participant_id]


def load_case(session: Session, participant_id: str, model: type[StateT]) -> StateT | None:
    row = _case_row(session, participant_id)
    return None if row is None else model.model_validate(row.state)


def save_case(session: Session, participant_id: str, state: BaseModel, due_on: date | None = None) -> None:
    row = _case_row(session, participant_id)
    document = state.model_dump(mode="json")
    if row is None:
        row = CaseRow(participant_id=participant_id, state=document, due_on=due_on)
        _case_rows(session)[participant_id] = row
    else:
        row.state, row.due_on = document, due_on
    session.add(row)


def forget_case(session: Session, participant_id: str) -> int:
    """Delete the participant's case; returns how many rows went (0 or 1)."""
    existed = _case_row(session, participant_id) is not None
    session.flush()
    session.exec(delete(CaseRow).where(col(CaseRow.participant_id) == participant_id))
    _case_rows(session)[participant_id] = None
    return int(existed)


def cases_due(session: Session, day: date, model: type[StateT]) -> list[tuple[str, StateT]]:
    """Cases whose next due day has come, in participant order (so a replay emits in the same order)."""
    query = select(CaseRow).where(col(CaseRow.due_on) <= day).order_by(col(CaseRow.participant_id))
    rows = list(session.exec(query))
    _case_rows(session).update((row.participant_id, row) for row in rows)
    return [(row.participant_id, model.model_validate(row.state)) for row in rows]


CASE_TABLES = (SQLModel.metadata.tables["case_state"],)


Step = Callable[[StateT], tuple[StateT, Sequence[EventData]]]
DueOn = Callable[[StateT], date | None]


def advance_case(
    ctx: Context, participant_id: str, fresh: Callable[[], StateT], step: Step[StateT], due_on: DueOn[StateT]
) -> None:
    """The usual handler: load the case (or start one), apply a pure step, save it with its next due day, emit."""
    case = load_case(ctx.session, participant_id, type(fresh())) or fresh()
    case, emitted = step(case)
    save_case(ctx.session, participant_id, case, due_on=due_on(case))
    for data in emitted:
        ctx.emit(data, subject=participant_id)


def advance_due_cases(ctx: Context, day: date, model: type[StateT], step: Step[StateT], due_on: DueOn[StateT]) -> None:
    """A clock tick: apply `step` to every case whose due day has come, in participant order."""
    for participant_id, case in cases_due(ctx.session, day, model):
        case, emitted = step(case)
        save_case(ctx.session, participant_id, case, due_on=due_on(case))
        for data in emitted:
            ctx.emit(data, subject=participant_id)
