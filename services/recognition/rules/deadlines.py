"""The competent authority's procedure on event time (REC-DL-1, REC-DL-2): acknowledge an application within a
month of receiving it, decide within three months of the complete file (one more when extended); each missed
deadline is reported once, on the first clock tick after it passed."""

from datetime import date, timedelta
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from contracts.qualifications import (
    DocumentKind,
    RecognitionApplicationAcknowledged,
    RecognitionApplicationDecided,
    RecognitionApplicationLodged,
    RecognitionDecisionExtended,
)
from contracts.recognition import RecognitionDeadlineMissed
from services.common.dates import add_months
from services.common.evidence import Evidence
from services.recognition.rules.policy import RecognitionPolicy
from services.recognition.rules.sources import ART_51_1, ART_51_2


class Deadline(StrEnum):
    """The procedure steps with a deadline; the values travel in RecognitionDeadlineMissed.deadline."""

    ACKNOWLEDGE = "acknowledge"
    DECIDE = "decide"


RULES = {Deadline.ACKNOWLEDGE: ("REC-DL-1", ART_51_1), Deadline.DECIDE: ("REC-DL-2", ART_51_2)}


class ProcedureClock(BaseModel):
    """The dates the procedure before the competent authority has reached; kept in the case state."""

    model_config = ConfigDict(frozen=True)

    participant_id: str
    lodged_on: date
    authority: str | None = None
    occupation: str | None = None
    destination: str | None = None
    acknowledged_on: date | None = None
    missing_documents: tuple[DocumentKind, ...] = ()
    file_complete_on: date | None = None
    extended_on: date | None = None
    decided_on: date | None = None
    reported: frozenset[Deadline] = frozenset()


def lodged(event: RecognitionApplicationLodged) -> ProcedureClock:
    """A new application starts a new procedure."""
    return ProcedureClock(
        participant_id=event.participant_id,
        lodged_on=event.lodged_on,
        authority=event.authority,
        occupation=event.occupation,
        destination=event.destination.value,
    )


def acknowledged(clock: ProcedureClock | None, event: RecognitionApplicationAcknowledged) -> ProcedureClock:
    """The first acknowledgement meets REC-DL-1; one with no missing document completes the file, from the day it
    names or else its own day. Without a lodging reported, the application counts as lodged that day."""
    clock = clock or ProcedureClock(participant_id=event.participant_id, lodged_on=event.acknowledged_on)
    complete = None if event.missing_documents else (event.file_complete_on or event.acknowledged_on)
    return clock.model_copy(
        update={
            "acknowledged_on": clock.acknowledged_on or event.acknowledged_on,
            "missing_documents": tuple(event.missing_documents),
            "file_complete_on": clock.file_complete_on or complete,
        }
    )


def extended(clock: ProcedureClock | None, event: RecognitionDecisionExtended) -> ProcedureClock:
    clock = clock or ProcedureClock(participant_id=event.participant_id, lodged_on=event.extended_on)
    return clock.model_copy(update={"extended_on": clock.extended_on or event.extended_on})


def decided(clock: ProcedureClock | None, event: RecognitionApplicationDecided) -> ProcedureClock:
    clock = clock or ProcedureClock(
        participant_id=event.participant_id, lodged_on=event.decided_on, authority=event.authority
    )
    return clock.model_copy(update={"decided_on": clock.decided_on or event.decided_on})


def due_dates(clock: ProcedureClock, policy: RecognitionPolicy) -> dict[Deadline, date]:
    """The last day of each deadline that has started; an extension counts when notified by the original last day."""
    due = {Deadline.ACKNOWLEDGE: add_months(clock.lodged_on, policy.acknowledge_within_months)}
    if clock.file_complete_on is not None:
        extension = policy.decision_extension_months if _extended_in_time(clock, policy) else 0
        due[Deadline.DECIDE] = add_months(clock.file_complete_on, policy.decide_within_months + extension)
    return due


def _extended_in_time(clock: ProcedureClock, policy: RecognitionPolicy) -> bool:
    if clock.file_complete_on is None or clock.extended_on is None:
        return False
    return clock.extended_on <= add_months(clock.file_complete_on, policy.decide_within_months)


def _met_on(clock: ProcedureClock, deadline: Deadline) -> date | None:
    """The day the step happened; a decision also shows the application was received."""
    if deadline is Deadline.ACKNOWLEDGE:
        return clock.acknowledged_on or clock.decided_on
    return clock.decided_on


def _met_by(clock: ProcedureClock, deadline: Deadline, due_on: date) -> bool:
    met_on = _met_on(clock, deadline)
    return met_on is not None and met_on <= due_on


def is_missed(clock: ProcedureClock, deadline: Deadline, due_on: date, today: date) -> bool:
    """Missed from the day after `due_on` when the step had not happened by then."""
    return today > due_on and not _met_by(clock, deadline, due_on)


def missed_today(clock: ProcedureClock, today: date, policy: RecognitionPolicy) -> list[RecognitionDeadlineMissed]:
    """Deadlines missed by `today` (a day.started tick) and not reported before; report them, then `mark_reported`."""
    return [
        RecognitionDeadlineMissed(
            participant_id=clock.participant_id,
            deadline=deadline.value,
            due_on=due_on,
            rule_id=RULES[deadline][0],
            source=RULES[deadline][1],
            evidence=_evidence(clock, due_on, today),
            explanation=_explain(clock, deadline, due_on, policy),
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


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _evidence(clock: ProcedureClock, due_on: date, today: date) -> Evidence:
    return {
        "authority": clock.authority,
        "occupation": clock.occupation,
        "destination": clock.destination,
        "lodged_on": _iso(clock.lodged_on),
        "acknowledged_on": _iso(clock.acknowledged_on),
        "missing_documents": ", ".join(clock.missing_documents) or None,
        "file_complete_on": _iso(clock.file_complete_on),
        "extended_on": _iso(clock.extended_on),
        "decided_on": _iso(clock.decided_on),
        "due_on": _iso(due_on),
        "checked_on": _iso(today),
    }


def _explain(clock: ProcedureClock, deadline: Deadline, due_on: date, policy: RecognitionPolicy) -> str:
    who = clock.authority or "The competent authority"
    late = _met_on(clock, deadline)
    if deadline is Deadline.ACKNOWLEDGE:
        done = f"acknowledged it only on {late}" if late else "not acknowledged it"
        return (
            f"{who} has {done}: the application lodged on {clock.lodged_on} was to be acknowledged, with any "
            f"missing document listed, by {due_on} ({policy.acknowledge_within_months} month(s))."
        )
    done = f"decided only on {late}" if late else "not decided"
    extension = f" + {policy.decision_extension_months} extended" if _extended_in_time(clock, policy) else ""
    return (
        f"{who} has {done}: the file complete on {clock.file_complete_on} was to be decided by {due_on} "
        f"({policy.decide_within_months}{extension} month(s))."
    )
