"""Consumed records for the processor's tests: one event as it comes off a topic, and a participant's registration."""

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from contracts import new_envelope
from contracts.participants import ParticipantRegistered
from services.common.incoming import Incoming

DAY = date(2026, 3, 2)


def record(data: Any, subject: str, offset: int) -> Incoming:
    when = datetime.combine(DAY, datetime.min.time(), UTC) + timedelta(offset)
    envelope = new_envelope(data, id=uuid.uuid5(uuid.NAMESPACE_URL, f"{subject}/{offset}"), source="test",
                            subject=subject, time=when)  # fmt: skip
    return Incoming("t", 0, offset, subject.encode(), envelope.model_dump_json().encode(), {"type": envelope.type})


def registration(participant: str, offset: int) -> Incoming:
    data = ParticipantRegistered(participant_id=participant, partner_country="TN", destination="DE",
                                 target_occupation="7411", birth_date=date(1990, 1, 1), languages=["ar"])  # fmt: skip
    return record(data, participant, offset)
