"""The one path every event takes through a service: load the case, apply a pure step, save the case (unless the
step handed it back as it was), emit.

A service describes its cases with a `CaseFlow`: a step per event type, what a clock tick does to a due case,
and when a case is due next. Steps are pure: `(case, event, day, policy) -> (case, emitted)`."""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any, Generic, TypeVar

from contracts import EventData
from contracts.clock import DayStarted
from services.common.cases import CaseT
from services.common.context import Context, Emitted, Handler

PolicyT = TypeVar("PolicyT")
Advanced = tuple[CaseT, Sequence[Emitted]]
Step = Callable[[CaseT, Any, date, PolicyT], Advanced[CaseT]]
OnDay = Callable[[CaseT, date, PolicyT], Advanced[CaseT]]
NextDue = Callable[[CaseT, PolicyT], date | None]


def never_due(_case: Any, _policy: Any) -> None:
    """`next_due` of a service without time-based rules."""
    return None


@dataclass(frozen=True)
class CaseFlow(Generic[CaseT, PolicyT]):
    case: type[CaseT]
    new_case: Callable[[str], CaseT]  # a participant's case before any event
    steps: Mapping[type[EventData], Step[CaseT, PolicyT]]
    on_day: OnDay[CaseT, PolicyT] | None = None  # None: the service reads no clock
    next_due: NextDue[CaseT, PolicyT] = never_due

    @property
    def event_types(self) -> tuple[type[EventData], ...]:
        return (*self.steps, *([DayStarted] if self.on_day else []))

    def handlers(self, policy: PolicyT) -> dict[type[EventData], Handler]:
        table: dict[type[EventData], Handler] = {
            kind: partial(self._advance, step=step, policy=policy) for kind, step in self.steps.items()
        }
        if self.on_day is not None:
            table[DayStarted] = partial(self._tick, on_day=self.on_day, policy=policy)
        return table

    def _advance(self, ctx: Context, event: Any, step: Step[CaseT, PolicyT], policy: PolicyT) -> None:
        participant_id = event.participant_id
        stored = ctx.cases.load(participant_id, self.case)
        case, emitted = step(stored or self.new_case(participant_id), event, ctx.event.time.date(), policy)
        if case is not stored:  # a step that hands back the stored case left it, and its next due day, as they were
            ctx.cases.save(participant_id, case, next_due=self.next_due(case, policy))
        self._emit(ctx, participant_id, emitted)

    def _tick(self, ctx: Context, event: DayStarted, on_day: OnDay[CaseT, PolicyT], policy: PolicyT) -> None:
        """A clock tick: every case whose due day has come, in participant order."""
        for participant_id, case in ctx.cases.due(event.day, self.case):
            case, emitted = on_day(case, event.day, policy)
            ctx.cases.save(participant_id, case, next_due=self.next_due(case, policy))
            self._emit(ctx, participant_id, emitted)

    @staticmethod
    def _emit(ctx: Context, participant_id: str, emitted: Sequence[Emitted]) -> None:
        for out in emitted:
            ctx.emit(out, subject=participant_id)
