"""Procedure deadlines on event time: acknowledge a file, decide a complete one; each missed deadline reported once."""

from datetime import date, timedelta
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from contracts.recognition import RecognitionDeadlineMissed, RecognitionOutcome
from services.recognition.rules.policy import RecognitionPolicy


class Deadline(StrEnum):
    """The procedure steps with a deadline; the values travel in RecognitionDeadlineMissed.deadline."""

    ACKNOWLEDGE = "acknowledge"
    DECIDE = "decide"


RULES = {
    Deadline.ACKNOWLEDGE: (
        "REC-DL-1",
        "Directive 2005/36/EC Art. 51(1) analogue [BK]: acknowledge receipt and list missing documents within a month",
    ),
    Deadline.DECIDE: (
        "REC-DL-2",
        "Directive 2005/36/EC Art. 51(2) analogue [BK]: decide within three months of a complete file (+1 possible)",
    ),
}


class ProcedureClock(BaseModel):
    """The dates a participant's procedure has reached; kept in the case state."""

    model_config = ConfigDict(frozen=True)

    submitted_on: date
    acknowledged_on: date | None = None
    file_complete_on: date | None = None
    decided_on: date | None = None
    extended: bool = False
    reported: frozenset[Deadline] = frozenset()


def start(submitted_on: date) -> ProcedureClock:
    return ProcedureClock(submitted_on=submitted_on)


def record_decision(clock: ProcedureClock, outcome: RecognitionOutcome, on: date) -> ProcedureClock:
    """Any decision acknowledges the file; one other than PENDING_DOCUMENTS also completes and decides it."""
    update: dict[str, date] = {"acknowledged_on": clock.acknowledged_on or on}
    if outcome is not RecognitionOutcome.PENDING_DOCUMENTS:
        update |= {"file_complete_on": clock.file_complete_on or on, "decided_on": clock.decided_on or on}
    return clock.model_copy(update=update)


def due_dates(clock: ProcedureClock, policy: RecognitionPolicy) -> dict[Deadline, date]:
    """The last day of each deadline that has started."""
    due = {Deadline.ACKNOWLEDGE: clock.submitted_on + timedelta(days=policy.acknowledge_within_days)}
    if clock.file_complete_on is not None:
        extension = policy.decision_extension_days if clock.extended else 0
        due[Deadline.DECIDE] = clock.file_complete_on + timedelta(days=policy.decide_within_days + extension)
    return due


def _met_on(clock: ProcedureClock, deadline: Deadline) -> date | None:
    return clock.acknowledged_on if deadline is Deadline.ACKNOWLEDGE else clock.decided_on


def _met_by(clock: ProcedureClock, deadline: Deadline, due_on: date) -> bool:
    met_on = _met_on(clock, deadline)
    return met_on is not None and met_on <= due_on


def is_missed(clock: ProcedureClock, deadline: Deadline, due_on: date, today: date) -> bool:
    """Missed from the day after `due_on` when the step had not happened by then."""
    return today > due_on and not _met_by(clock, deadline, due_on)


def missed_today(
    participant_id: str, clock: ProcedureClock, today: date, policy: RecognitionPolicy
) -> list[RecognitionDeadlineMissed]:
    """Deadlines missed by `today` (a day.started tick) and not reported before; report them, then `mark_reported`."""
    return [
        RecognitionDeadlineMissed(
            participant_id=participant_id,
            deadline=deadline.value,
            due_on=due_on,
            rule_id=RULES[deadline][0],
            source=RULES[deadline][1],
        )
        for deadline, due_on in due_dates(clock, policy).items()
        if deadline not in clock.reported and is_missed(clock, deadline, due_on, today)
    ]


def mark_reported(clock: ProcedureClock, missed: list[RecognitionDeadlineMissed]) -> ProcedureClock:
    return clock.model_copy(update={"reported": clock.reported | {Deadline(m.deadline) for m in missed}})


def next_due(clock: ProcedureClock, policy: RecognitionPolicy) -> date | None:
    """The first day a tick could find a deadline missed (for CaseRow.due_on); None when nothing is pending."""
    pending = [
        due_on + timedelta(days=1)
        for deadline, due_on in due_dates(clock, policy).items()
        if deadline not in clock.reported and not _met_by(clock, deadline, due_on)
    ]
    return min(pending, default=None)
