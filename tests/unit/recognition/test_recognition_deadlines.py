"""Deadlines of the procedure before the competent authority (Directive 2005/36/EC Art. 51), on event time:
missed, not missed, extended, reported once, with rule id, evidence and source."""

import re
from datetime import date, timedelta

import pytest

from contracts.qualifications import (
    DocumentKind,
    RecognitionApplicationAcknowledged,
    RecognitionApplicationDecided,
    RecognitionApplicationLodged,
    RecognitionDecisionExtended,
)
from services.recognition.rules import deadlines
from services.recognition.rules.deadlines import Deadline, ProcedureClock, mark_reported, missed_today, next_due
from services.recognition.rules.policy import RecognitionPolicy

POLICY = RecognitionPolicy()
P = "P-TN-0001"
LODGED = date(2026, 1, 15)
ACK_DUE = date(2026, 2, 15)  # one calendar month after lodging
COMPLETE = date(2026, 1, 20)
DECIDE_DUE = date(2026, 4, 20)  # three calendar months after the complete file
EXTENDED_DUE = date(2026, 5, 20)
DAY = timedelta(days=1)


def clock(**dates: date) -> ProcedureClock:
    return ProcedureClock(participant_id=P, lodged_on=LODGED, authority="CMA Paris", **dates)


def missed(procedure: ProcedureClock, today: date) -> list[tuple[str, date, str]]:
    return [(m.deadline, m.due_on, m.rule_id) for m in missed_today(procedure, today, POLICY)]


@pytest.mark.parametrize(
    ("procedure", "today", "expected"),
    [
        (clock(), ACK_DUE, []),
        (clock(), ACK_DUE + DAY, [("acknowledge", ACK_DUE, "REC-DL-1")]),
        (clock(acknowledged_on=ACK_DUE), ACK_DUE + 5 * DAY, []),
        (clock(acknowledged_on=ACK_DUE + 2 * DAY), ACK_DUE + 5 * DAY, [("acknowledge", ACK_DUE, "REC-DL-1")]),
        (clock(acknowledged_on=COMPLETE, file_complete_on=COMPLETE), DECIDE_DUE, []),
        (
            clock(acknowledged_on=COMPLETE, file_complete_on=COMPLETE),
            DECIDE_DUE + DAY,
            [("decide", DECIDE_DUE, "REC-DL-2")],
        ),
        (clock(acknowledged_on=COMPLETE, file_complete_on=COMPLETE, extended_on=DECIDE_DUE), DECIDE_DUE + DAY, []),
        (
            clock(acknowledged_on=COMPLETE, file_complete_on=COMPLETE, extended_on=DECIDE_DUE),
            EXTENDED_DUE + DAY,
            [("decide", EXTENDED_DUE, "REC-DL-2")],
        ),
        (
            clock(acknowledged_on=COMPLETE, file_complete_on=COMPLETE, extended_on=DECIDE_DUE + DAY),
            DECIDE_DUE + DAY,
            [("decide", DECIDE_DUE, "REC-DL-2")],
        ),
        (clock(acknowledged_on=COMPLETE, file_complete_on=COMPLETE, decided_on=DECIDE_DUE), EXTENDED_DUE, []),
        (clock(acknowledged_on=COMPLETE), EXTENDED_DUE, []),
    ],
    ids=[
        "acknowledge-due-day",
        "acknowledge-missed",
        "acknowledged-in-time",
        "acknowledged-late",
        "decide-due-day",
        "decide-missed",
        "extended-in-time",
        "extended-and-missed",
        "extension-after-the-deadline-does-not-count",
        "decided-in-time",
        "incomplete-file-starts-no-decision-deadline",
    ],
)
def test_deadlines_are_missed_from_the_day_after_their_last_day(
    procedure: ProcedureClock, today: date, expected: list[tuple[str, date, str]]
) -> None:
    assert missed(procedure, today) == expected


def test_a_missed_deadline_is_reported_once() -> None:
    first = missed_today(clock(), ACK_DUE + DAY, POLICY)
    procedure = mark_reported(clock(), first)
    assert len(first) == 1 and procedure.reported == {Deadline.ACKNOWLEDGE}
    assert missed(procedure, ACK_DUE + 2 * DAY) == []


def test_the_missed_event_explains_itself_with_rule_evidence_and_source() -> None:
    [event] = missed_today(clock(acknowledged_on=COMPLETE, file_complete_on=COMPLETE), DECIDE_DUE + DAY, POLICY)
    assert (event.participant_id, event.rule_id) == (P, "REC-DL-2")
    assert "Art. 51(2)" in event.source and not re.search(r"\[(BK|S)", event.source)
    assert event.evidence["file_complete_on"] == "2026-01-20"
    assert (event.evidence["due_on"], event.evidence["checked_on"]) == ("2026-04-20", "2026-04-21")
    assert event.evidence["authority"] == "CMA Paris"
    assert event.explanation and "2026-04-20" in event.explanation
    assert "Art. 51(3)" in event.notice


def test_deadlines_come_from_the_policy() -> None:
    policy = RecognitionPolicy(acknowledge_within_months=2)
    assert not missed_today(clock(), ACK_DUE + DAY, policy)
    assert missed_today(clock(), date(2026, 3, 16), policy)


def lodged(on: date = LODGED) -> RecognitionApplicationLodged:
    return RecognitionApplicationLodged(
        participant_id=P, authority="CMA Paris", occupation="7411", destination="FR", lodged_on=on
    )


def acknowledged(
    on: date, missing: list[DocumentKind], complete: date | None = None
) -> RecognitionApplicationAcknowledged:
    return RecognitionApplicationAcknowledged(
        participant_id=P, acknowledged_on=on, missing_documents=missing, file_complete_on=complete
    )


def test_lodging_starts_a_procedure_that_knows_its_authority() -> None:
    procedure = deadlines.lodged(lodged())
    assert (procedure.lodged_on, procedure.authority, procedure.occupation, procedure.destination) == (
        LODGED,
        "CMA Paris",
        "7411",
        "FR",
    )


@pytest.mark.parametrize(
    ("events", "acknowledged_on", "complete_on"),
    [
        ([acknowledged(COMPLETE, [DocumentKind.TRANSLATION])], COMPLETE, None),
        ([acknowledged(COMPLETE, [])], COMPLETE, COMPLETE),
        ([acknowledged(COMPLETE, [], complete=LODGED)], COMPLETE, LODGED),
        (
            [acknowledged(COMPLETE, [DocumentKind.TRANSLATION]), acknowledged(ACK_DUE + DAY, [])],
            COMPLETE,
            ACK_DUE + DAY,
        ),
    ],
    ids=["documents-missing", "complete-on-acknowledgement", "complete-on-the-day-named", "completed-later"],
)
def test_an_acknowledgement_completes_the_file_only_when_nothing_is_missing(
    events: list[RecognitionApplicationAcknowledged], acknowledged_on: date, complete_on: date | None
) -> None:
    procedure: ProcedureClock | None = deadlines.lodged(lodged())
    for event in events:
        procedure = deadlines.acknowledged(procedure, event)
    assert procedure is not None
    assert (procedure.acknowledged_on, procedure.file_complete_on) == (acknowledged_on, complete_on)


def test_steps_reported_without_a_lodging_still_start_a_procedure() -> None:
    extension = RecognitionDecisionExtended(participant_id=P, extended_on=COMPLETE)
    decision = RecognitionApplicationDecided(
        participant_id=P, occupation="7411", destination="FR", outcome="recognised_full", decided_on=COMPLETE
    )
    assert deadlines.acknowledged(None, acknowledged(COMPLETE, [])).lodged_on == COMPLETE
    assert deadlines.extended(None, extension).extended_on == COMPLETE
    assert deadlines.decided(None, decision).decided_on == COMPLETE


@pytest.mark.parametrize(
    ("procedure", "expected"),
    [
        (clock(), ACK_DUE + DAY),
        (clock(acknowledged_on=COMPLETE, file_complete_on=COMPLETE), DECIDE_DUE + DAY),
        (clock(acknowledged_on=COMPLETE, file_complete_on=COMPLETE, extended_on=COMPLETE), EXTENDED_DUE + DAY),
        (clock(acknowledged_on=COMPLETE, file_complete_on=COMPLETE, decided_on=COMPLETE), None),
        (clock(reported=frozenset({Deadline.ACKNOWLEDGE})), None),
    ],
    ids=["awaiting-acknowledgement", "awaiting-decision", "awaiting-extended-decision", "all-met", "already-reported"],
)
def test_next_check_day_is_the_first_day_a_deadline_can_be_missed(
    procedure: ProcedureClock, expected: date | None
) -> None:
    assert next_due(procedure, POLICY) == expected
