"""Timelines read in causal order, so the last line about a participant is their current state, and each line says
what the decision means (an offer whose failed findings are only pending waits; it is not "fair, violated")."""

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

from contracts import Envelope, parse_envelope
from mobility.bus import Received
from mobility.reading import unique_events
from mobility.timeline import describe

STREAMS = Path(__file__).parents[2] / "streams"


def _outputs(subject: str) -> list[dict[str, Any]]:
    lines = (STREAMS / "journeys.expected.jsonl").read_text().splitlines()
    return [r for r in map(json.loads, lines) if r["event"]["subject"] == subject]


def _first(subject: str, event_type: str) -> Envelope[Any]:
    output = next(r for r in _outputs(subject) if r["event"]["type"] == event_type)
    return parse_envelope(json.dumps(output["event"]).encode())


def _inbound(subject: str) -> list[Envelope[Any]]:
    lines = (STREAMS / "journeys.jsonl").read_text().splitlines()
    return [e for e in map(lambda line: parse_envelope(line.encode()), lines) if e.subject == subject]


def _received(envelope: Envelope[Any], offset: int, topic: str | None = None) -> Received:
    topic = topic or envelope.data.topic
    return Received(topic, 0, offset, {}, envelope.model_dump_json().encode(), envelope)


def test_a_later_clearance_stays_after_the_block_it_replaced_though_its_event_time_is_earlier() -> None:
    blocked = _first("P-EG-0001", "recruitment.placement_blocked.v1")
    cleared = _first("P-TN-0001", "recruitment.placement_cleared.v1")
    # The clearance came second on the partition, caused by an event dated ten days before the block's cause.
    cleared = cleared.model_copy(update={"subject": blocked.subject, "time": blocked.time - timedelta(days=10)})
    block, clearance = _received(blocked, offset=7), _received(cleared, offset=8)

    ordered = unique_events([clearance, block])

    assert [r.offset for r in ordered] == [7, 8]
    assert describe(ordered[-1].envelope).startswith("placement CLEARED")  # type: ignore[arg-type]


def test_events_of_different_partitions_interleave_by_event_time() -> None:
    inbound = _inbound("P-TN-0001")[:3]
    late, early = inbound[2], inbound[0]
    records = [_received(late, 0, "a"), _received(early, 0, "b")]

    assert [r.envelope for r in unique_events(records)] == [early, late]


def test_a_decision_follows_its_cause_even_when_a_topic_name_sorts_first() -> None:
    subject = "P-TN-0001"
    decided = _first(subject, "recognition.decided.v1")
    cause = next(e for e in _inbound(subject) if e.id == decided.causationid)
    assert decided.time == cause.time  # an emitted event carries its cause's time
    effect = decided.model_copy(update={"causationid": cause.id})
    records = [_received(effect, 0, "a.events"), _received(cause, 5, "z.inbound")]

    assert [r.envelope.id for r in unique_events(records)] == [cause.id, effect.id]  # type: ignore[union-attr]


def test_a_redelivered_event_is_shown_once_where_it_was_first_published() -> None:
    inbound = _inbound("P-TN-0001")
    first, second = inbound[0], inbound[1]
    records = [_received(first, 0), _received(second, 1), _received(first, 2)]  # a relay re-published `first`

    assert [(r.envelope.id, r.offset) for r in unique_events(records)] == [(first.id, 0), (second.id, 1)]  # type: ignore[union-attr]


def test_an_offer_whose_failed_findings_are_only_pending_waits_and_violates_nothing() -> None:
    assessed = _first("P-TN-0001", "recruitment.assessed.v1")
    assert not assessed.data.blocking

    assert describe(assessed) == f"offer {assessed.data.offer_id}: waits for: FR-CON-2, FR-CON-3; violated: none"


def test_a_blocking_offer_names_what_it_violates_apart_from_what_it_waits_for() -> None:
    assessed = _first("P-EG-0001", "recruitment.assessed.v1")
    assert assessed.data.blocking

    assert (
        describe(assessed)
        == f"offer {assessed.data.offer_id}: BLOCKING; violated: FR-FEE-1; waits for: FR-CON-2, FR-CON-3"
    )
