"""Recognition handlers: event in, decision procedure, case saved, decisions and missed deadlines emitted."""

from collections.abc import Sequence
from datetime import date
from functools import partial

from pydantic import BaseModel

from contracts import EventData
from contracts.clock import DayStarted
from contracts.qualifications import CompensationMeasureCompleted, LanguageCertified, QualificationSubmitted
from contracts.recognition import RecognitionDecided
from services.common.cases import advance_case, advance_due_cases, load_case
from services.common.handling import Context, Handler
from services.recognition import deadlines
from services.recognition.deadlines import ProcedureClock
from services.recognition.occupations import load_occupations
from services.recognition.policy import RecognitionPolicy
from services.recognition.procedure import CaseFile, decide


class RecognitionCase(BaseModel):
    """What the procedure needs again whenever a new fact arrives."""

    submission: QualificationSubmitted | None = None
    certificates: tuple[LanguageCertified, ...] = ()
    completed_measure: CompensationMeasureCompleted | None = None
    clock: ProcedureClock | None = None
    last_decision: RecognitionDecided | None = None


Step = tuple[RecognitionCase, Sequence[EventData]]


def redecide(case: RecognitionCase, on: date, policy: RecognitionPolicy) -> Step:
    """Decide on the latest facts; emit only a decision that differs from the last one."""
    if case.submission is None:
        return case, []
    file = CaseFile(
        submission=case.submission, certificates=case.certificates, completed_measure=case.completed_measure
    )
    decision = decide(file, load_occupations(), policy, on)
    clock = deadlines.record_decision(case.clock or deadlines.start(on), decision.outcome, on)
    unchanged = case.last_decision is not None and _same(case.last_decision, decision)
    return case.model_copy(update={"clock": clock, "last_decision": decision}), [] if unchanged else [decision]


def _same(before: RecognitionDecided, after: RecognitionDecided) -> bool:
    return before.model_dump(exclude={"decided_on"}) == after.model_dump(exclude={"decided_on"})


def due_on(case: RecognitionCase, policy: RecognitionPolicy) -> date | None:
    return deadlines.next_check_on(case.clock, policy) if case.clock else None


def _advance(ctx: Context, participant_id: str, change: dict[str, object], policy: RecognitionPolicy) -> None:
    on = ctx.event.time.date()

    def step(case: RecognitionCase) -> Step:
        if "submission" in change:  # a new submission opens a new procedure
            case = case.model_copy(update={"clock": deadlines.start(on)})
        return redecide(case.model_copy(update=change), on, policy)

    advance_case(ctx, participant_id, RecognitionCase, step, partial(due_on, policy=policy))


def on_submitted(ctx: Context, event: QualificationSubmitted, policy: RecognitionPolicy) -> None:
    _advance(ctx, event.participant_id, {"submission": event}, policy)


def on_certified(ctx: Context, event: LanguageCertified, policy: RecognitionPolicy) -> None:
    case = _load(ctx, event.participant_id)
    _advance(ctx, event.participant_id, {"certificates": (*case.certificates, event)}, policy)


def on_measure_completed(ctx: Context, event: CompensationMeasureCompleted, policy: RecognitionPolicy) -> None:
    _advance(ctx, event.participant_id, {"completed_measure": event}, policy)


def _load(ctx: Context, participant_id: str) -> RecognitionCase:
    return load_case(ctx.session, participant_id, RecognitionCase) or RecognitionCase()


def on_day(ctx: Context, event: DayStarted, policy: RecognitionPolicy) -> None:
    def step(case: RecognitionCase) -> Step:
        if case.clock is None or case.submission is None:
            return case, []
        missed = deadlines.missed_today(case.submission.participant_id, case.clock, event.day, policy)
        return case.model_copy(update={"clock": deadlines.mark_reported(case.clock, missed)}), missed

    advance_due_cases(ctx, event.day, RecognitionCase, step, partial(due_on, policy=policy))


def handlers(policy: RecognitionPolicy) -> dict[type[EventData], Handler]:
    return {
        QualificationSubmitted: partial(on_submitted, policy=policy),
        LanguageCertified: partial(on_certified, policy=policy),
        CompensationMeasureCompleted: partial(on_measure_completed, policy=policy),
        DayStarted: partial(on_day, policy=policy),
    }
