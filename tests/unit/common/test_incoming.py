"""Decoding a consumed record: the `type` header lets a labelled event be read in one pass, but the document's own
`type` always decides what the record is."""

import uuid
from datetime import UTC, date, datetime

import pytest

from contracts import new_envelope
from contracts.clock import DayStarted
from contracts.participants import ParticipantRegistered
from services.common.incoming import Incoming, InvalidEvent, decode

REGISTERED = new_envelope(
    ParticipantRegistered(participant_id="P-1", partner_country="TN", destination="DE", target_occupation="7411",
                          birth_date=date(1990, 1, 1), languages=["ar"]),
    id=uuid.UUID(int=1), source="agency/TN", subject="P-1", time=datetime(2026, 1, 5, tzinfo=UTC),
)  # fmt: skip
TICK = new_envelope(
    DayStarted(day=date(2026, 1, 5)), id=uuid.UUID(int=2), source="clock/test", subject="clock",
    time=datetime(2026, 1, 5, tzinfo=UTC),
)  # fmt: skip
HANDLED = frozenset({ParticipantRegistered.event_type})


def record(value: bytes, label: str | None) -> Incoming:
    return Incoming("mobility.participants", 0, 0, b"P-1", value, {"type": label} if label else {})


@pytest.mark.parametrize("label", [ParticipantRegistered.event_type, None, "mobility.something.else.v1"])
def test_a_handled_event_is_read_whatever_its_label(label: str | None) -> None:
    envelope = decode(record(REGISTERED.model_dump_json().encode(), label), HANDLED, 1 << 20)
    assert envelope == REGISTERED


def test_a_label_naming_a_handled_type_does_not_make_another_event_handled() -> None:
    # A tick labelled as a registration is still a tick, which this service does not handle.
    assert decode(record(TICK.model_dump_json().encode(), ParticipantRegistered.event_type), HANDLED, 1 << 20) is None


def test_an_invalid_event_is_told_the_same_with_or_without_its_label() -> None:
    broken = REGISTERED.model_dump_json().replace('"languages":["ar"]', '"languages":"ar"').encode()
    labelled, unlabelled = (refusal(broken, label) for label in (ParticipantRegistered.event_type, None))
    assert labelled == unlabelled
    assert "languages" in labelled


def test_an_event_of_a_type_not_handled_is_ignored_only_when_its_envelope_is_valid() -> None:
    tick = TICK.model_dump_json()
    assert decode(record(tick.encode(), DayStarted.event_type), HANDLED, 1 << 20) is None
    broken = tick.replace('"source":"clock/test"', '"source":""').encode()
    labelled, unlabelled = (refusal(broken, label) for label in (DayStarted.event_type, None))
    assert labelled == unlabelled
    assert "source" in labelled


def refusal(value: bytes, label: str | None) -> str:
    """Why decoding refuses `value` when its record is labelled `label`."""
    with pytest.raises(InvalidEvent) as raised:
        decode(record(value, label), HANDLED, 1 << 20)
    return str(raised.value)
