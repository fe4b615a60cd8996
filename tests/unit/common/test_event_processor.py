"""The handler pattern on an in-memory database: exactly-once effects, dead letters, transient errors."""

import uuid
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, select

from contracts import Envelope, new_envelope
from contracts.clock import DayStarted
from contracts.participants import ParticipantRegistered
from services.common.cases import CASE_TABLES, CaseRow
from services.common.context import Context
from services.common.database import OutboxMessage, create_database
from services.common.incoming import Incoming
from services.common.outbox import pending
from services.common.processor import EventProcessor, Outcome

REGISTERED = ParticipantRegistered(
    participant_id="P-1", partner_country="TN", destination="DE", target_occupation="7411",
    birth_date=date(1990, 1, 1), languages=["ar"],
)  # fmt: skip


def record_of(envelope: Envelope[Any] | bytes, offset: int = 0) -> Incoming:
    value = envelope if isinstance(envelope, bytes) else envelope.model_dump_json().encode()
    return Incoming("mobility.participants", 0, offset, b"P-1", value, {"type": "x"})


def registered_event(event_id: uuid.UUID | None = None, **changes: Any) -> Envelope[Any]:
    envelope = new_envelope(
        REGISTERED,
        id=event_id or uuid.uuid4(),
        source="agency/TN",
        subject="P-1",
        time=datetime(2026, 1, 5, tzinfo=UTC),
    )
    return envelope.model_copy(update=changes)


def remember_and_echo(ctx: Context, event: ParticipantRegistered) -> None:
    ctx.cases.save(event.participant_id, event)
    ctx.emit(DayStarted(day=ctx.event.time.date()), subject=event.participant_id)


def explode(ctx: Context, event: ParticipantRegistered) -> None:
    ctx.cases.save(event.participant_id, event)
    raise RuntimeError("rule table has no entry")


def lock_timeout(ctx: Context, event: ParticipantRegistered) -> None:
    raise OperationalError("INSERT", {}, Exception("database is locked"))


def processor(handler: Any = remember_and_echo) -> EventProcessor:
    engine = create_database("sqlite://", CASE_TABLES)
    return EventProcessor("recognition", engine, {ParticipantRegistered: handler}, "recognition.events", 4096)


def outbox(p: EventProcessor) -> list[OutboxMessage]:
    return pending(p.engine, 100)


def cases(p: EventProcessor) -> list[CaseRow]:
    with Session(p.engine) as session:
        return list(session.exec(select(CaseRow)))


def test_an_event_is_applied_once_and_its_redelivery_skipped() -> None:
    p, event = processor(), registered_event()
    assert p.process(record_of(event)).outcome == Outcome.APPLIED
    assert p.process(record_of(event, offset=7)).outcome == Outcome.DUPLICATE
    assert len(outbox(p)) == 1 and len(cases(p)) == 1


def test_emitted_event_ids_are_derived_from_the_input_so_reprocessing_is_identical() -> None:
    event = registered_event(uuid.UUID("00000000-0000-4000-8000-000000000001"))
    first, second = processor(), processor()
    first.process(record_of(event))
    second.process(record_of(event))
    assert outbox(first)[0].value == outbox(second)[0].value
    assert outbox(first)[0].message_id != event.id


def test_emitted_events_carry_type_header_and_causation() -> None:
    p, event = processor(), registered_event()
    p.process(record_of(event))
    [row] = outbox(p)
    assert row.headers["type"] == "mobility.day.started.v1" and row.key == b"P-1"
    assert f'"causationid":"{event.id}"' in row.value.decode()


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (b"{not json", "Invalid JSON"),
        (b'{"specversion": "1.0"}', "Field required"),
        (registered_event(type="mobility.participant.teleported.v9").model_dump_json().encode(), "unknown event type"),
        (registered_event(subject="P-2").model_dump_json().encode(), "differs from data.participant_id"),
        (b"x" * 5000, "exceeds the limit"),
    ],
    ids=["not-json", "missing-fields", "unknown-type", "subject-mismatch", "too-large"],
)
def test_bad_input_goes_to_the_dead_letter_topic_with_its_reason(value: bytes, reason: str) -> None:
    p = processor()
    result = p.process(record_of(value, offset=42))
    assert result.outcome == Outcome.DEAD_LETTERED
    [letter] = outbox(p)
    assert letter.topic == "recognition.dlq" and letter.value == value
    assert reason in letter.headers["dlq-error"]
    assert letter.headers["dlq-source-topic"] == "mobility.participants"
    assert letter.headers["dlq-source-offset"] == "42" and letter.headers["dlq-service"] == "recognition"
    assert letter.headers["dlq-id"] == str(letter.message_id)
    assert cases(p) == []


def test_the_same_bad_input_redelivered_is_dead_lettered_once() -> None:
    p = processor()
    p.process(record_of(b"{not json", offset=1))
    assert p.process(record_of(b"{not json", offset=2)).outcome == Outcome.DUPLICATE
    assert len(outbox(p)) == 1


def test_a_handler_failure_is_dead_lettered_and_changes_no_state() -> None:
    p = processor(explode)
    result = p.process(record_of(registered_event()))
    assert result.outcome == Outcome.DEAD_LETTERED and "rule table has no entry" in (result.error or "")
    assert cases(p) == [] and [row.topic for row in outbox(p)] == ["recognition.dlq"]


def test_a_transient_database_error_is_raised_for_retry_not_dead_lettered() -> None:
    p, event = processor(lock_timeout), registered_event()
    with pytest.raises(OperationalError):
        p.process(record_of(event))
    assert outbox(p) == []


def test_a_known_type_the_service_does_not_handle_is_ignored() -> None:
    p = processor()
    tick = new_envelope(DayStarted(day=date(2026, 1, 1)), id=uuid.uuid4(), source="clock", subject="clock",
                        time=datetime(2026, 1, 1, tzinfo=UTC))  # fmt: skip
    assert p.process(record_of(tick)).outcome == Outcome.IGNORED
    assert outbox(p) == []


def other_participant(participant_id: str) -> Envelope[Any]:
    data = REGISTERED.model_copy(update={"participant_id": participant_id})
    return new_envelope(data, id=uuid.uuid4(), source="agency/TN", subject=participant_id,
                        time=datetime(2026, 1, 5, tzinfo=UTC))  # fmt: skip


def explode_for_p2(ctx: Context, event: ParticipantRegistered) -> None:
    if event.participant_id == "P-2":
        raise RuntimeError("rule table has no entry")
    remember_and_echo(ctx, event)


def test_a_batch_is_applied_in_order_with_its_duplicates_and_bad_bytes_once() -> None:
    p = processor()
    first, second = other_participant("P-1"), other_participant("P-3")
    batch = [record_of(first), record_of(b"{bad", 1), record_of(second, 2), record_of(first, 3), record_of(b"{bad", 4)]
    outcomes = [result.outcome for result in p.process_batch(batch)]
    assert outcomes == [Outcome.APPLIED, Outcome.DEAD_LETTERED, Outcome.APPLIED, Outcome.DUPLICATE, Outcome.DUPLICATE]
    assert [row.topic for row in outbox(p)] == ["recognition.events", "recognition.dlq", "recognition.events"]
    assert [row.key for row in outbox(p)] == [b"P-1", b"P-1", b"P-3"]
    assert [result.outcome for result in p.process_batch(batch)] == [Outcome.DUPLICATE] * 5


def test_a_handler_failure_in_a_batch_dead_letters_that_record_only() -> None:
    p = processor(explode_for_p2)
    batch = [record_of(other_participant(name), n) for n, name in enumerate(("P-1", "P-2", "P-3"))]
    results = p.process_batch(batch)
    assert [r.outcome for r in results] == [Outcome.APPLIED, Outcome.DEAD_LETTERED, Outcome.APPLIED]
    assert "rule table has no entry" in (results[1].error or "")
    assert [row.participant_id for row in cases(p)] == ["P-1", "P-3"]
    assert [row.topic for row in outbox(p)] == ["recognition.events", "recognition.dlq", "recognition.events"]


def test_a_transient_error_in_a_batch_leaves_nothing_applied() -> None:
    p = processor(lock_timeout)
    with pytest.raises(OperationalError):
        p.process_batch([record_of(other_participant("P-1")), record_of(b"{bad", 1)])
    assert outbox(p) == [] and cases(p) == []


def test_each_applied_event_carries_the_trace_of_the_record_that_brought_it() -> None:
    p = processor()
    trace_id = "4bf92f3577b34da6a3ce929d0e0e4736"
    record = Incoming("mobility.participants", 0, 0, b"P-1", registered_event().model_dump_json().encode(),
                      {"traceparent": f"00-{trace_id}-00f067aa0ba902b7-01"})  # fmt: skip
    [result] = p.process_batch([record])
    assert result.trace_id == trace_id
    assert outbox(p)[0].headers["traceparent"].split("-")[1] == trace_id
