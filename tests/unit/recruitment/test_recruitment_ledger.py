"""The ledger through the recruitment service's own processor, on an in-memory database: alerts of one employer's
workers, the clock tick that evaluates them, the standing event, the next offer blocked, erasure."""

from datetime import UTC, date, datetime, time
from typing import Any
from uuid import NAMESPACE_URL, uuid5

import pytest
from sqlalchemy import event
from sqlmodel import Session, select

from contracts import Envelope, EventData, new_envelope
from contracts.clock import CLOCK_SUBJECT, DayStarted
from contracts.erasure import ErasureRequested
from contracts.integration import AlertRaised, AlertSeverity
from contracts.offers import ContractSigned, JobOffered
from contracts.participants import ParticipantRegistered
from services.common.cases import CaseRow
from services.common.database import OutboxMessage, create_database
from services.common.incoming import Incoming
from services.common.processor import EventProcessor
from services.recruitment import ledger
from services.recruitment.app import SPEC
from services.recruitment.ledger import LedgerRow

CONTRACT_DAY, ALERT_DAY, TICK_DAY, LATER = date(2025, 3, 1), date(2025, 6, 2), date(2025, 6, 3), date(2025, 6, 10)


def envelope(data: EventData, subject: str, day: date, name: str) -> Envelope[Any]:
    at = datetime.combine(day, time(9), tzinfo=UTC)
    return new_envelope(data, id=uuid5(NAMESPACE_URL, name), source="agency/test", subject=subject, time=at)


def record(e: Envelope[Any], offset: int = 0) -> Incoming:
    return Incoming(e.data.topic, 0, offset, e.subject.encode(), e.model_dump_json().encode(), {})


def worker(pid: str, participant: ParticipantRegistered, contract: ContractSigned) -> list[Envelope[Any]]:
    signed = contract.model_copy(update={"participant_id": pid, "contract_id": f"C-{pid}"})
    docs = AlertRaised(participant_id=pid, alert="DOCS_RETAINED", severity=AlertSeverity.CRITICAL, source="s",
                       explanation="e", raised_on=ALERT_DAY, forced_labour_indicator=True)  # fmt: skip
    return [
        envelope(participant.model_copy(update={"participant_id": pid}), pid, CONTRACT_DAY, f"{pid}/registered"),
        envelope(signed, pid, CONTRACT_DAY, f"{pid}/contract"),
        envelope(docs, pid, ALERT_DAY, f"{pid}/docs"),
    ]


def tick(day: date) -> Envelope[Any]:
    at = datetime.combine(day, time(0), tzinfo=UTC)
    return new_envelope(DayStarted(day=day), id=uuid5(NAMESPACE_URL, f"tick/{day}"), source="clock/utc",
                        subject=CLOCK_SUBJECT, time=at)  # fmt: skip


def processor() -> EventProcessor:
    return SPEC.processor(create_database("sqlite://", SPEC.tables))


def apply(p: EventProcessor, events: list[Envelope[Any]]) -> list[Envelope[Any]]:
    """Each event in its own batch, as a settled replay applies them; returns what was emitted."""
    return [out for n, e in enumerate(events) for out in p.process_batch([record(e, n)])[0].emitted]


def standing_events(emitted: list[Envelope[Any]]) -> list[Envelope[Any]]:
    return [e for e in emitted if e.type == "recruitment.standing_changed.v1"]


def test_two_workers_with_retained_documents_recommend_suspension_and_the_next_offer_is_blocked(
    participant: ParticipantRegistered, contract: ContractSigned, offer: JobOffered
) -> None:
    p = processor()
    emitted = apply(p, [*worker("P-1", participant, contract), *worker("P-2", participant, contract)])
    assert standing_events(emitted) == []  # counted now, evaluated on the next clock tick
    [employer, recruiter] = standing_events(apply(p, [tick(TICK_DAY)]))
    assert (employer.subject, employer.data.standing.value, employer.data.previous.value) == (
        "E-1", "suspension_recommended", "good")  # fmt: skip
    assert recruiter.subject == "R-1" and recruiter.data.party.value == "recruiter"
    [docs] = employer.data.findings
    assert (docs.rule_id, docs.count, docs.participant_ids, docs.first_on) == (
        "DOCS_RETAINED", 2, ["P-1", "P-2"], ALERT_DAY)  # fmt: skip
    assert employer.data.lapses_on == date(2026, 6, 3) and "recommendation" in employer.data.notice.lower()

    third = participant.model_copy(update={"participant_id": "P-3"})
    new_offer = offer.model_copy(update={"participant_id": "P-3", "offer_id": "O-3"})
    outputs = apply(p, [envelope(third, "P-3", LATER, "P-3/registered"), envelope(new_offer, "P-3", LATER, "P-3/o")])
    [blocked] = [e.data for e in outputs if e.type == "recruitment.placement_blocked.v1"]
    [stand] = [r for r in blocked.reasons if r.rule_id == "FR-STAND-1"]
    assert stand.severity.value == "block" and stand.evidence["employer_standing"] == "suspension_recommended"
    assert apply(p, [tick(LATER)]) == []  # nothing new: no news


def test_the_same_alerts_in_another_order_give_the_same_standing_event_byte_for_byte(
    participant: ParticipantRegistered, contract: ContractSigned
) -> None:
    one, two = worker("P-1", participant, contract), worker("P-2", participant, contract)
    forwards, backwards = processor(), processor()
    apply(forwards, [*one[:2], *two[:2]])
    apply(backwards, [*one[:2], *two[:2]])
    forwards.process_batch([record(one[2], 10), record(two[2], 11)])
    backwards.process_batch([record(two[2], 10), record(one[2], 11)])
    first, second = apply(forwards, [tick(TICK_DAY)]), apply(backwards, [tick(TICK_DAY)])
    assert first and [e.model_dump_json() for e in first] == [e.model_dump_json() for e in second]


def test_erasure_removes_the_participant_from_every_ledger_and_keeps_the_counts(
    participant: ParticipantRegistered, contract: ContractSigned
) -> None:
    p = processor()
    apply(p, [*worker("P-1", participant, contract), *worker("P-2", participant, contract), tick(TICK_DAY)])
    with Session(p.engine) as session:  # the relay published the standing events, which name P-1
        messages = list(session.exec(select(OutboxMessage)))
        naming = [m for m in messages if b"standing_changed" in m.value and b'"P-1"' in m.value]
        for message in messages:
            message.published_at = datetime.now(UTC)
            session.add(message)
        session.commit()
    assert len(naming) == 2
    erase = ErasureRequested(participant_id="P-1", requested_by="participant")
    apply(p, [envelope(erase, "P-1", LATER, "P-1/erase")])
    with Session(p.engine) as session:
        ledgers = list(session.exec(select(LedgerRow)))
        left = [m.value for m in session.exec(select(OutboxMessage))]
    assert [m for m in left if b'"P-1"' in m and b"erasure_confirmed" not in m] == []

    assert [row.party_key for row in ledgers] == ["employer:E-1", "recruiter:R-1"]
    assert all("P-1" not in str(row.state) and "P-2" in str(row.state) for row in ledgers)
    assert all(len(row.state["entries"]) == 2 for row in ledgers)  # type: ignore[arg-type]


def _run_in_batches(p: EventProcessor, batches: list[list[Envelope[Any]]]) -> list[str]:
    """What `p` emitted, batch by batch, as JSON."""
    offsets = iter(range(10_000))
    results = [r for batch in batches for r in p.process_batch([record(e, next(offsets)) for e in batch])]
    return [e.model_dump_json() for result in results for e in result.emitted]


def _stored(p: EventProcessor) -> tuple[list[tuple[str, str]], list[tuple[str, object]]]:
    with Session(p.engine) as session:
        cases = [
            (row.participant_id, row.state) for row in session.exec(select(CaseRow).order_by(CaseRow.participant_id))
        ]
        ledgers = [(row.party_key, row.state) for row in session.exec(select(LedgerRow).order_by(LedgerRow.party_key))]
    return cases, ledgers


def test_an_alert_counts_in_the_ledgers_and_leaves_the_participants_case_unwritten(
    participant: ParticipantRegistered, contract: ContractSigned, offer: JobOffered, monkeypatch: pytest.MonkeyPatch
) -> None:
    workers = [worker(f"P-{n}", participant, contract) for n in range(1, 4)]
    second = AlertRaised(participant_id="P-1", alert="WAGE_BELOW_CONTRACT", severity=AlertSeverity.HIGH,
                         source="s", explanation="e", raised_on=ALERT_DAY)  # fmt: skip
    new_offer = offer.model_copy(update={"participant_id": "P-2", "offer_id": "O-2"})
    batches = [
        [e for events in workers for e in events[:2]],
        [workers[0][2], envelope(second, "P-1", ALERT_DAY, "P-1/wage"), workers[1][2]],
        [workers[2][2], envelope(new_offer, "P-2", ALERT_DAY, "P-2/offer")],  # an alert and an offer: P-2 written
        [tick(TICK_DAY)],
    ]
    written = processor()
    statements: list[str] = []
    event.listen(written.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    emitted = _run_in_batches(written, batches[:1])
    statements.clear()
    emitted += _run_in_batches(written, batches[1:2])
    assert not [s for s in statements if "case_state" in s and not s.startswith("SELECT")]
    assert [s for s in statements if s.startswith("INSERT INTO standing_ledger")]  # the alerts counted
    emitted += _run_in_batches(written, batches[2:])
    assert [s for s in statements if s.startswith("UPDATE case_state")]  # the offer's

    monkeypatch.setattr(ledger, "_stored_alike", lambda case, given: False)  # every case written again
    every = processor()
    assert emitted == _run_in_batches(every, batches) and len(emitted) > 6
    assert _stored(written) == _stored(every)
    assert all("P-1" in str(state) for _, state in _stored(written)[1])
