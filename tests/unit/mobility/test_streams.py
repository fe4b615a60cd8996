"""Stream files: validation by line number, and the batches that make replays deterministic."""

from datetime import date
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from contracts.clock import DayStarted
from mobility.journeys import JourneyPlan, sample_journey, sample_stream
from mobility.main import app
from mobility.streams import publish_rounds, read_stream, replay_batches, write_stream


def test_a_bad_line_is_reported_with_its_number_and_nothing_is_published(tmp_path: Path) -> None:
    stream = tmp_path / "stream.jsonl"
    write_stream(stream, sample_journey(JourneyPlan("P-1"))[:2])
    stream.write_text(stream.read_text() + '{"type": "nonsense"}\n')
    events, bad = read_stream(stream)
    assert len(events) == 2 and [line.number for line in bad] == [3]
    result = CliRunner().invoke(app, ["publish", str(stream), "--bootstrap-servers", "127.0.0.1:1"])
    assert result.exit_code == 1
    assert "line 3: " in result.output and f"{stream}: 1 invalid line(s); nothing published" in result.output


def test_a_missing_file_is_a_clear_error() -> None:
    result = CliRunner().invoke(app, ["replay", "no/such/file.jsonl"])
    assert result.exit_code == 2 and "no such file" in result.output


def test_replay_batches_hold_one_event_per_participant_and_ticks_alone() -> None:
    stream = sample_stream([JourneyPlan("P-1"), JourneyPlan("P-2")], tick_every_days=30)
    batches = replay_batches(stream)
    assert [e for batch in batches for e in batch] == stream
    for batch in batches:
        subjects = [e.subject for e in batch]
        assert len(subjects) == len(set(subjects))
        assert len(batch) == 1 or all(e.type != DayStarted.event_type for e in batch)


def _segments(batches: list[list[Any]]) -> list[list[Any]]:
    """The events between clock ticks (the ticks as segments of their own), each segment's events in batch order."""
    segments: list[list[Any]] = [[]]
    for batch in batches:
        if batch[0].type == DayStarted.event_type:
            segments += [batch, []]
        else:
            segments[-1] += batch
    return [s for s in segments if s]


def test_publish_rounds_keep_what_a_replay_keeps_with_fewer_waits() -> None:
    plans = [
        JourneyPlan("P-1"),
        JourneyPlan("P-2", start=date(2026, 1, 6)),
        JourneyPlan("P-3", missed_checkins=frozenset({2})),
    ]
    stream = sample_stream(plans, tick_every_days=7)
    rounds, batches = publish_rounds(stream), replay_batches(stream)

    assert sorted(e.id for batch in rounds for e in batch) == sorted(e.id for e in stream)
    for batch in rounds:  # one event per participant in a round, every tick alone
        assert len({e.subject for e in batch}) == len(batch)
        assert len(batch) == 1 or all(e.type != DayStarted.event_type for e in batch)
    for subject in {e.subject for e in stream}:  # each participant's events in stream order
        assert [e for batch in rounds for e in batch if e.subject == subject] == [
            e for e in stream if e.subject == subject
        ]
    # no event crosses a tick: the same events between the same ticks as the replay
    assert [sorted(e.id for e in s) for s in _segments(rounds)] == [sorted(e.id for e in s) for s in _segments(batches)]
    assert len(rounds) < len(batches)
