"""The service's wiring: every event type has its step, every alert its source, and events take the case path."""

from datetime import UTC, date, datetime, time
from typing import Any

from contracts import Envelope, EventData, new_envelope
from contracts.clock import DayStarted
from contracts.deployments import ContractEnded, ParticipantArrived
from contracts.erasure import ErasureRequested
from contracts.integration import AlertRaised
from contracts.monitoring import CheckInReported, GrievanceFiled, GrievanceResolved
from contracts.participants import ParticipantRegistered
from contracts.recruitment import PlacementBlocked, PlacementCleared, PlacementPending
from contracts.types import Finding, Severity
from services.common.database import create_database
from services.common.incoming import Incoming
from services.common.processor import Outcome
from services.integration.app import SPEC
from services.integration.rules.catalogue import KINDS
from services.integration.rules.sources import SOURCES
from tests.unit.integration.samples import ARRIVED, CLEARED, checkin


def test_the_service_handles_the_registration_every_placement_decision_monitoring_the_clock_and_erasure() -> None:
    assert set(SPEC.event_types) == {
        ParticipantRegistered, PlacementCleared, PlacementBlocked, PlacementPending, ParticipantArrived,
        CheckInReported, GrievanceFiled, GrievanceResolved, ContractEnded, DayStarted, ErasureRequested,
    }  # fmt: skip


def test_every_alert_of_the_catalogue_cites_a_source() -> None:
    assert list(SOURCES) == list(KINDS)
    assert all(SOURCES.values())


def envelope_of(data: EventData, day: date, n: int) -> Envelope[Any]:
    at = datetime.combine(day, time(9), tzinfo=UTC)
    return new_envelope(data, id=f"00000000-0000-0000-0000-{n:012d}", source="test", subject="P-1", time=at)


def test_events_take_the_case_path_and_a_clock_tick_reaches_the_due_case() -> None:
    processor = SPEC.processor(create_database("sqlite://", SPEC.tables))
    inputs = [
        (checkin(1, has_own_documents=False), date(2025, 12, 20)),  # held until monitoring starts
        (CLEARED, date(2025, 12, 21)),
        (ARRIVED, date(2026, 1, 1)),
        (DayStarted(day=date(2026, 2, 6)), date(2026, 2, 6)),  # 35 days after the last contact have passed
    ]
    emitted: list[list[str]] = []
    for n, (data, day) in enumerate(inputs):
        value = envelope_of(data, day, n).model_dump_json().encode()
        result = processor.process(Incoming("t", 0, n, b"P-1", value))
        assert result.outcome is Outcome.APPLIED, result.error
        emitted.append([e.data.alert for e in result.emitted if isinstance(e.data, AlertRaised)])
    assert emitted == [[], [], ["DOCS_RETAINED"], ["CHECKIN_MISSED"]]


def test_a_blocked_placement_and_the_arrival_take_the_case_path_and_raise_the_alert() -> None:
    processor = SPEC.processor(create_database("sqlite://", SPEC.tables))
    reason = Finding(rule_id="FR-FEE-1", passed=False, severity=Severity.BLOCK, source="s", explanation="e")
    blocked = PlacementBlocked(participant_id="P-1", offer_id="O-1", reasons=[reason])
    emitted: list[list[str]] = []
    for n, (data, day) in enumerate([(blocked, date(2025, 12, 21)), (ARRIVED, date(2026, 1, 1))]):
        result = processor.process(Incoming("t", 0, n, b"P-1", envelope_of(data, day, n).model_dump_json().encode()))
        assert result.outcome is Outcome.APPLIED, result.error
        emitted.append([e.data.alert for e in result.emitted if isinstance(e.data, AlertRaised)])
    assert emitted == [[], ["ARRIVED_WITHOUT_CLEARANCE"]]
