"""Service logs: one JSON line per record handled, in order, errors at WARNING, though a batch is one log call."""

import io
import json
import logging
import uuid
from datetime import UTC, date, datetime

from contracts import new_envelope
from contracts.participants import ParticipantRegistered
from services.common.logs import JsonFormatter, log_results
from services.common.processor import Outcome, Result

EVENT = new_envelope(
    ParticipantRegistered(participant_id="P-1", partner_country="TN", destination="DE", target_occupation="7411",
                          birth_date=date(1990, 1, 1), languages=["ar"]),
    id=uuid.UUID(int=1), source="agency/TN", subject="P-1", time=datetime(2026, 1, 5, tzinfo=UTC),
)  # fmt: skip


def test_each_result_is_one_json_line_in_order() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("test.services.logs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    results = [
        Result(Outcome.APPLIED, EVENT, (EVENT,), trace_id="ab" * 16),
        Result(Outcome.DEAD_LETTERED, None, error="invalid event: time: missing"),
        Result(Outcome.DUPLICATE, EVENT),
        Result(Outcome.IGNORED),
    ]
    log_results(logger, "recognition", results)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert [(line["level"], line["outcome"]) for line in lines] == [
        ("INFO", "applied"), ("WARNING", "dead_lettered"), ("INFO", "duplicate"), ("INFO", "ignored")
    ]  # fmt: skip
    applied = lines[0]
    assert applied["message"] == f"applied {EVENT.type}"
    assert applied["event_id"] == str(EVENT.id) and applied["participant_id"] == "P-1"
    assert applied["emitted"] == [f"{EVENT.type} {EVENT.id}"] and applied["trace_id"] == "ab" * 16
    assert lines[1]["error"] == "invalid event: time: missing" and lines[1]["event_type"] is None
    assert {line["service"] for line in lines} == {"recognition"} and all(line["time"] for line in lines)


def test_a_handling_that_emitted_thousands_logs_the_first_and_how_many_more() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("test.services.logs.beyond")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    log_results(logger, "integration", [Result(Outcome.APPLIED, EVENT, (EVENT,), emitted_beyond=7167),
                                        Result(Outcome.APPLIED, EVENT, (EVENT,))])  # fmt: skip
    ticked, other = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert ticked["emitted"] == [f"{EVENT.type} {EVENT.id}"] and ticked["emitted_beyond"] == 7167
    assert "emitted_beyond" not in other  # the line of every other handling as it was
