"""The ledger of each employer and recruiter, beside the participants' cases: a second table keyed by party, read and
written in the batch's transaction, and the case path that feeds it.

The participant's step stays pure: the flow puts the standings of the parties the event names into the case, and
takes out what the step found against them (`RecruitmentCase.standings` and `.noted`). Clock ticks evaluate the
ledgers that are due, in party order, and emit `recruitment.standing_changed` with the party id as subject."""

from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import Any

from sqlalchemy import JSON, Column, Connection, bindparam, insert, update
from sqlmodel import Field, SQLModel, col, delete, select

from contracts import EventData
from contracts.clock import DayStarted
from contracts.erasure import ErasureRequested
from contracts.offers import ContractSigned, JobOffered
from contracts.participants import ParticipantRegistered
from contracts.recruitment import Standing
from services.common.context import Context, Handler
from services.common.database import OutboxMessage
from services.common.erasure import erase_participant
from services.common.flow import Advanced, CaseFlow, Step
from services.recruitment.case import RecruitmentCase
from services.recruitment.rules import standing
from services.recruitment.rules.policy import RecruitmentPolicy
from services.recruitment.rules.standing import Ledger, Noted, Party


class LedgerRow(SQLModel, table=True):
    """One employer's or recruiter's ledger; `next_due` is the next event-time day a clock tick must evaluate it."""

    __tablename__ = "standing_ledger"

    party_key: str = Field(primary_key=True)  # "employer:<id>" or "recruiter:<id>"
    state: dict[str, object] = Field(sa_column=Column(JSON, nullable=False))
    next_due: date | None = Field(default=None, index=True)


LEDGER_TABLE = SQLModel.metadata.tables["standing_ledger"]
_key, _state, _next_due = LEDGER_TABLE.c.party_key, LEDGER_TABLE.c.state, LEDGER_TABLE.c.next_due
# The statements of every batch, built once (as the cases' in services/common/cases.py).
_READ_ONE = select(_state, _next_due).where(_key == bindparam("key"))
_READ_ALL = select(_key, _state, _next_due)
_READ = _READ_ALL.where(_key.in_(bindparam("keys", expanding=True)))
_DUE = select(_key).where(_next_due <= bindparam("day"))
_VALUES = {"state": bindparam("state", type_=_state.type), "next_due": bindparam("due", type_=_next_due.type)}
_INSERT = insert(LEDGER_TABLE).values(party_key=bindparam("key"), **_VALUES)
_UPDATE = update(LEDGER_TABLE).where(_key == bindparam("key")).values(**_VALUES)


@dataclass
class _Held:
    """A ledger as the batch holds it: the stored state, validated at most once, and whether it changed."""

    stored: bool  # a row exists in the database (read, or written earlier in this transaction)
    state: dict[str, object] | None = None  # as read, until validated
    ledger: Ledger | None = None
    next_due: date | None = None
    changed: bool = False


@dataclass
class LedgerStore:
    """The ledgers one batch's transaction reads and changes; one store per batch (`of`), so every event of the
    batch sees what the events before it recorded. Each ledger is validated once per batch, however many events look
    at it, and dumped once, when the batch commits, however many findings it got (an employer's ledger has an entry
    per worker and finding): SQL statements on the batch's connection, no ORM session."""

    connection: Connection
    _held: dict[str, _Held | None] = field(default_factory=dict)  # None: known not to exist

    @classmethod
    def of(cls, ctx: Context) -> "LedgerStore":
        return ctx.cases.beside(cls)

    def load(self, party: Party) -> Ledger:
        held = self._get(party.key)
        return Ledger(party=party.kind, party_id=party.party_id) if held is None else self._ledger(held)

    def save(self, ledger: Ledger, next_due: date | None) -> None:
        held = self._get(ledger.key)
        if held is None:
            held = self._held[ledger.key] = _Held(stored=False)
        held.state, held.ledger, held.next_due, held.changed = None, ledger, next_due, True

    def next_due_of(self, ledger: Ledger) -> date | None:
        held = self._get(ledger.key)
        return None if held is None else held.next_due

    def standings(self, parties: list[Party]) -> dict[str, Standing]:
        """The standing of each party that has one other than good."""
        found = {party.key: self.load(party).standing for party in parties}
        return {key: value for key, value in found.items() if value is not Standing.GOOD}

    def due(self, day: date) -> list[Ledger]:
        """The ledgers due on `day`, in party order (sorted here, so the query looks them up by `next_due`). One the
        batch holds is due by the day it holds (its row is written when the batch commits), any other by its row:
        only those are read."""
        due = {key for key, held in self._held.items() if held is not None and held.next_due and held.next_due <= day}
        stored = self.connection.execute(_DUE, {"day": day}).scalars()
        if unread := [key for key in stored if key not in self._held]:
            for key, state, next_due in self.connection.execute(_READ, {"keys": unread}):
                self._held[key] = _Held(stored=True, state=state, next_due=next_due)
                due.add(key)
        return [self._ledger(held) for key in sorted(due) if (held := self._held[key]) is not None]

    def naming(self, participant_id: str) -> list[Ledger]:
        """The ledgers with an entry for the participant (every ledger is read: there are few employers)."""
        ledgers = sorted(self._read_all(), key=lambda ledger: ledger.key)
        return [ledger for ledger in ledgers if any(e.worker == participant_id for e in ledger.entries)]

    def write(self) -> None:
        """Write the changed ledgers: one INSERT for the new ones, one UPDATE for the others."""
        changed = [(key, held) for key, held in self._held.items() if held is not None and held.changed]
        rows = [{"key": key, "state": held.ledger.model_dump(mode="json") if held.ledger else held.state,
                 "due": held.next_due, "stored": held.stored} for key, held in changed]  # fmt: skip
        if new := [row for row in rows if not row["stored"]]:
            self.connection.execute(_INSERT, new)
        if old := [row for row in rows if row["stored"]]:
            self.connection.execute(_UPDATE, old)
        for _, held in changed:
            held.stored, held.changed = True, False

    def _read_all(self) -> list[Ledger]:
        """Every ledger, as this batch left them (its changes are written first)."""
        self.write()
        found = []
        for key, state, next_due in self.connection.execute(_READ_ALL):
            held = self._held.get(key)
            if held is None:
                held = self._held[key] = _Held(stored=True, state=state, next_due=next_due)
            found.append(self._ledger(held))
        return found

    def _ledger(self, held: _Held) -> Ledger:
        if held.ledger is None:
            held.ledger = Ledger.model_validate(held.state)
        return held.ledger

    def _get(self, key: str) -> _Held | None:
        if key not in self._held:
            row = self.connection.execute(_READ_ONE, {"key": key}).one_or_none()
            self._held[key] = None if row is None else _Held(stored=True, state=row.state, next_due=row.next_due)
        return self._held[key]


def record(store: LedgerStore, notes: list[Noted]) -> None:
    """Findings against parties: counted now, evaluated at the next clock tick."""
    for note in notes:
        ledger = store.load(Party(note.party, note.party_id))
        due = min(filter(None, (store.next_due_of(ledger), standing.due_after(note))))
        store.save(standing.record(ledger, note), next_due=due)


def parties_named(case: RecruitmentCase, event: Any) -> list[Party]:
    """The parties whose standing a step may look at: those of the event's terms and of terms held for it."""
    held = [item.offer or item.contract for item in case.held] if isinstance(event, ParticipantRegistered) else []
    terms = [event] if isinstance(event, JobOffered | ContractSigned) else []
    return [party for t in [*terms, *held] if t is not None for party in standing.parties_of(t)]


@dataclass(frozen=True)
class LedgerFlow(CaseFlow[RecruitmentCase, RecruitmentPolicy]):
    """The participant's case path, with the ledgers of the parties it names; clock ticks evaluate the ledgers."""

    @property
    def event_types(self) -> tuple[type[EventData], ...]:
        return (*self.steps, DayStarted)

    def handlers(self, policy: RecruitmentPolicy) -> dict[type[EventData], Handler]:
        return {**super().handlers(policy), DayStarted: partial(evaluate_due, policy=policy)}

    def _advance(self, ctx: Context, event: Any, step: Step[RecruitmentCase, RecruitmentPolicy], policy: Any) -> None:
        super()._advance(ctx, event, partial(_with_ledger, step=step, store=LedgerStore.of(ctx)), policy)


def _with_ledger(
    case: RecruitmentCase,
    event: Any,
    day: date,
    policy: RecruitmentPolicy,
    step: Step[RecruitmentCase, RecruitmentPolicy],
    store: LedgerStore,
) -> Advanced[RecruitmentCase]:
    given = case
    if standings := store.standings(parties_named(case, event)):
        case = case.model_copy(update={"standings": standings})
    case, emitted = step(case, event, day, policy)
    record(store, case.noted)
    if _stored_alike(case, given):  # an alert changes only the ledgers: the case is not written again (CaseFlow)
        return given, emitted
    if case.standings or case.noted:
        case = case.model_copy(update={"standings": {}, "noted": []})
    return case, emitted


_STORED = tuple(name for name, info in RecruitmentCase.model_fields.items() if not info.exclude)


def _stored_alike(case: RecruitmentCase, given: RecruitmentCase) -> bool:
    """Whether `case` stores what `given` does: the same objects in every stored field (copies share them)."""
    return case is given or all(getattr(case, name) is getattr(given, name) for name in _STORED)


def evaluate_due(ctx: Context, event: DayStarted, policy: RecruitmentPolicy) -> None:
    """A clock tick: every ledger with a finding that starts or stops counting, in party order."""
    store = LedgerStore.of(ctx)
    for ledger in store.due(event.day):
        ledger, changed = standing.on_day(ledger, event.day, policy.standing)
        store.save(ledger, next_due=standing.next_due(ledger, event.day, policy.standing))
        if changed is not None:
            ctx.emit(changed, subject=ledger.party_id)


def erase_participant_and_ledger(ctx: Context, event: ErasureRequested) -> None:
    """Erasure also takes the participant's id out of every ledger (the counts stay, as non-personal aggregates) and
    deletes the published standing events that name them, as it deletes the published events about them."""
    erase_participant(ctx, event)
    store, participant = LedgerStore.of(ctx), event.participant_id
    ledgers = store.naming(participant)
    for ledger in ledgers:
        store.save(standing.forget_worker(ledger, participant), next_due=store.next_due_of(ledger))
    published = ctx.session.exec(
        select(OutboxMessage.seq, OutboxMessage.value).where(
            col(OutboxMessage.key).in_([ledger.party_id.encode() for ledger in ledgers]),
            col(OutboxMessage.published_at).is_not(None),
        )
    )
    naming = [seq for seq, value in published if f'"{participant}"'.encode() in value]
    ctx.session.exec(delete(OutboxMessage).where(col(OutboxMessage.seq).in_(naming)))
