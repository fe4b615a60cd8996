"""JSON-lines streams of envelopes: read with validation by line number, write, and cut into replay batches."""

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from contracts import Envelope, UnknownEventType, parse_envelope
from contracts.topics import CLOCK
from mobility.bus import topic_of


@dataclass(frozen=True)
class BadLine:
    """A line of a stream file that is not a valid event, and why."""

    number: int
    error: str


def _error(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(f"{'.'.join(map(str, e['loc'])) or 'line'}: {e['msg']}" for e in exc.errors()[:3])
    return str(exc)


def read_stream(path: Path) -> tuple[list[Envelope[Any]], list[BadLine]]:
    """Every valid envelope of the file in order, and every bad line with its number (blank lines skipped)."""
    events: list[Envelope[Any]] = []
    bad: list[BadLine] = []
    with path.open("rb") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                events.append(parse_envelope(line))
            except (ValidationError, UnknownEventType) as exc:
                bad.append(BadLine(number, _error(exc)))
    return events, bad


def write_stream(path: Path, envelopes: Iterable[Envelope[Any]]) -> int:
    count = 0
    with path.open("w") as out:
        for envelope in envelopes:
            out.write(envelope.model_dump_json() + "\n")
            count += 1
    return count


def replay_batches(envelopes: Iterable[Envelope[Any]]) -> list[list[Envelope[Any]]]:
    """Cut a stream where order across topics matters: at most one event per participant in a batch, and every
    clock tick alone. Between batches the replay lets the services settle, so each participant's events (and the
    ticks) are processed in stream order whichever partition or topic they travel on: the outputs are the same on
    every replay."""
    batches: list[list[Envelope[Any]]] = []
    current: list[Envelope[Any]] = []
    subjects: set[str] = set()
    for envelope in envelopes:
        tick = topic_of(envelope) == CLOCK
        if current and (tick or envelope.subject in subjects):
            batches.append(current)
            current, subjects = [], set()
        current.append(envelope)
        subjects.add(envelope.subject)
        if tick:
            batches.append(current)
            current, subjects = [], set()
    if current:
        batches.append(current)
    return batches
