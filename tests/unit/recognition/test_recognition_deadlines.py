"""Recognition procedure deadlines on event time: missed, not missed, reported once."""

from datetime import date, timedelta

import pytest

from contracts.recognition import RecognitionOutcome
from services.recognition.rules.deadlines import (
    Deadline,
    ProcedureClock,
    mark_reported,
    missed_today,
    next_due,
    record_decision,
    start,
)
from services.recognition.rules.policy import RecognitionPolicy

POLICY = RecognitionPolicy()
SUBMITTED = date(2026, 1, 1)
ACK_DUE = SUBMITTED + timedelta(days=30)
COMPLETE = date(2026, 1, 10)
DECIDE_DUE = COMPLETE + timedelta(days=90)


def missed(clock: ProcedureClock, today: date) -> list[tuple[str, date, str]]:
    return [(m.deadline, m.due_on, m.rule_id) for m in missed_today("P-TN-0001", clock, today, POLICY)]


@pytest.mark.parametrize(
    ("clock", "today", "expected"),
    [
        (start(SUBMITTED), ACK_DUE, []),
        (start(SUBMITTED), ACK_DUE + timedelta(days=1), [("acknowledge", ACK_DUE, "REC-DL-1")]),
        (ProcedureClock(submitted_on=SUBMITTED, acknowledged_on=ACK_DUE), ACK_DUE + timedelta(days=5), []),
        (
            ProcedureClock(submitted_on=SUBMITTED, acknowledged_on=ACK_DUE + timedelta(days=2)),
            ACK_DUE + timedelta(days=5),
            [("acknowledge", ACK_DUE, "REC-DL-1")],
        ),
        (ProcedureClock(submitted_on=SUBMITTED, acknowledged_on=SUBMITTED, file_complete_on=COMPLETE), DECIDE_DUE, []),
        (
            ProcedureClock(submitted_on=SUBMITTED, acknowledged_on=SUBMITTED, file_complete_on=COMPLETE),
            DECIDE_DUE + timedelta(days=1),
            [("decide", DECIDE_DUE, "REC-DL-2")],
        ),
        (
            ProcedureClock(submitted_on=SUBMITTED, acknowledged_on=SUBMITTED, file_complete_on=COMPLETE, extended=True),
            DECIDE_DUE + timedelta(days=1),
            [],
        ),
        (
            ProcedureClock(submitted_on=SUBMITTED, acknowledged_on=SUBMITTED, file_complete_on=COMPLETE, extended=True),
            DECIDE_DUE + timedelta(days=31),
            [("decide", DECIDE_DUE + timedelta(days=30), "REC-DL-2")],
        ),
        (
            ProcedureClock(
                submitted_on=SUBMITTED, acknowledged_on=SUBMITTED, file_complete_on=COMPLETE, decided_on=COMPLETE
            ),
            DECIDE_DUE + timedelta(days=1),
            [],
        ),
        (start(SUBMITTED), DECIDE_DUE + timedelta(days=1), [("acknowledge", ACK_DUE, "REC-DL-1")]),
    ],
    ids=[
        "ack-due-day",
        "ack-missed",
        "ack-in-time",
        "ack-late",
        "decide-due-day",
        "decide-missed",
        "decide-extended-in-time",
        "decide-extended-missed",
        "decided-in-time",
        "decide-not-started",
    ],
)
def test_deadlines_missed_by_the_tick_day(
    clock: ProcedureClock, today: date, expected: list[tuple[str, date, str]]
) -> None:
    assert missed(clock, today) == expected


def test_a_missed_deadline_is_reported_once() -> None:
    clock = start(SUBMITTED)
    first = missed_today("P-TN-0001", clock, ACK_DUE + timedelta(days=1), POLICY)
    clock = mark_reported(clock, first)
    assert len(first) == 1 and clock.reported == {Deadline.ACKNOWLEDGE}
    assert missed(clock, ACK_DUE + timedelta(days=2)) == []


def test_the_missed_event_names_its_source() -> None:
    [event] = missed_today("P-TN-0001", start(SUBMITTED), ACK_DUE + timedelta(days=1), POLICY)
    assert event.participant_id == "P-TN-0001" and "Art. 51" in event.source


def test_deadlines_come_from_the_policy() -> None:
    policy = RecognitionPolicy(acknowledge_within_days=10)
    assert missed_today("P-TN-0001", start(SUBMITTED), SUBMITTED + timedelta(days=11), policy)


@pytest.mark.parametrize(
    ("outcome", "acknowledged", "complete", "decided"),
    [
        (RecognitionOutcome.PENDING_DOCUMENTS, COMPLETE, None, None),
        (RecognitionOutcome.RECOGNISED_CONDITIONAL, COMPLETE, COMPLETE, COMPLETE),
        (RecognitionOutcome.REFER_TO_COMPETENT_AUTHORITY, COMPLETE, COMPLETE, COMPLETE),
    ],
    ids=["pending-acknowledges-only", "decision-decides", "referral-decides"],
)
def test_a_decision_moves_the_clock(
    outcome: RecognitionOutcome, acknowledged: date, complete: date | None, decided: date | None
) -> None:
    clock = record_decision(start(SUBMITTED), outcome, COMPLETE)
    assert (clock.acknowledged_on, clock.file_complete_on, clock.decided_on) == (acknowledged, complete, decided)


def test_a_later_decision_keeps_the_first_dates() -> None:
    clock = record_decision(start(SUBMITTED), RecognitionOutcome.PENDING_DOCUMENTS, SUBMITTED)
    clock = record_decision(clock, RecognitionOutcome.RECOGNISED_FULL, COMPLETE)
    clock = record_decision(clock, RecognitionOutcome.RECOGNISED_FULL, DECIDE_DUE)
    assert (clock.acknowledged_on, clock.file_complete_on, clock.decided_on) == (SUBMITTED, COMPLETE, COMPLETE)


@pytest.mark.parametrize(
    ("clock", "expected"),
    [
        (start(SUBMITTED), ACK_DUE + timedelta(days=1)),
        (
            ProcedureClock(submitted_on=SUBMITTED, acknowledged_on=SUBMITTED, file_complete_on=COMPLETE),
            DECIDE_DUE + timedelta(days=1),
        ),
        (
            ProcedureClock(
                submitted_on=SUBMITTED, acknowledged_on=SUBMITTED, file_complete_on=COMPLETE, decided_on=COMPLETE
            ),
            None,
        ),
        (ProcedureClock(submitted_on=SUBMITTED, reported=frozenset({Deadline.ACKNOWLEDGE})), None),
    ],
    ids=["awaiting-acknowledgement", "awaiting-decision", "all-met", "already-reported"],
)
def test_next_check_day_is_the_first_day_a_deadline_can_be_missed(clock: ProcedureClock, expected: date | None) -> None:
    assert next_due(clock, POLICY) == expected
