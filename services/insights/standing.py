"""Employers' and recruiters' standing as recruitment publishes it (`recruitment.standing_changed`), kept beside the
participants' cases: the event's subject is the employer or recruiter id, not a participant, so it has a table of
its own, one row per party (as recruitment's ledger). It names no participant, so an erasure leaves it."""

from dataclasses import dataclass
from datetime import date

from pydantic import BaseModel, ConfigDict
from sqlalchemy import JSON, Column, Engine
from sqlmodel import Field, Session, SQLModel, col, select

from contracts import EventData
from contracts.recruitment import Standing, StandingChanged
from services.common.cases import CaseT
from services.common.context import Context, Handler
from services.common.flow import CaseFlow, PolicyT


class PartyStanding(BaseModel):
    """Every standing recruitment gave one employer or recruiter, by the day of the clock tick that set it."""

    model_config = ConfigDict(frozen=True)

    party: str  # employer | recruiter
    party_id: str
    changes: dict[str, str] = {}  # ISO day -> standing set that day

    @property
    def key(self) -> str:
        return f"{self.party}:{self.party_id}"

    def standing_in(self, last_month: str | None) -> str:
        """The standing held at the end of `last_month` (YYYY-MM; None: the latest); good before any change."""
        held = [day for day in self.changes if last_month is None or day[:7] <= last_month]
        return self.changes[max(held)] if held else Standing.GOOD.value


def changed(known: PartyStanding, event: StandingChanged, day: date) -> PartyStanding:
    """Pure: the party's standings with the one set on `day` (a redelivery sets the same again)."""
    return known.model_copy(update={"changes": {**known.changes, day.isoformat(): event.standing.value}})


class StandingRow(SQLModel, table=True):
    __tablename__ = "party_standing"

    party_key: str = Field(primary_key=True)  # "employer:<id>" or "recruiter:<id>"
    state: dict[str, object] = Field(sa_column=Column(JSON, nullable=False))


STANDING_TABLE = SQLModel.metadata.tables["party_standing"]


def on_standing_changed(ctx: Context, event: StandingChanged) -> None:
    key = f"{event.party.value}:{event.party_id}"
    row = ctx.session.get(StandingRow, key)
    if row is None:
        row = StandingRow(
            party_key=key, state=PartyStanding(party=event.party.value, party_id=event.party_id).model_dump()
        )
    known = PartyStanding.model_validate(row.state)
    row.state = changed(known, event, ctx.event.time.date()).model_dump(mode="json")
    ctx.session.add(row)


def read_standings(engine: Engine) -> list[PartyStanding]:
    with Session(engine) as session:
        rows = session.exec(select(StandingRow).order_by(col(StandingRow.party_key)))
        return [PartyStanding.model_validate(row.state) for row in rows]


@dataclass(frozen=True)
class StandingFlow(CaseFlow[CaseT, PolicyT]):
    """The participants' case path, plus the parties' standing, which is no participant's case."""

    @property
    def event_types(self) -> tuple[type[EventData], ...]:
        return (*super().event_types, StandingChanged)

    def handlers(self, policy: PolicyT) -> dict[type[EventData], Handler]:
        return {**super().handlers(policy), StandingChanged: on_standing_changed}
