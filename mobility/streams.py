"""JSON-lines streams of envelopes: read with validation by line number, write, and cut into replay batches."""

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from contracts import EVENT_TYPES, Envelope, UnknownEventType
from contracts.registry import read_envelope, typed
from contracts.topics import CLOCK
from mobility.bus import topic_of
from mobility.strict import suggestion, unknown_fields

_JSON_POSITION = re.compile(r"^(?P<message>.*) at line (?P<line>\d+) column (?P<column>\d+)$", re.DOTALL)


@dataclass(frozen=True)
class BadLine:
    """A line of a stream file that is not a valid event, and why: each problem reads `line N: ...` (or
    `line N, column C: ...` for JSON that does not parse)."""

    number: int
    problems: tuple[str, ...]

    @property
    def error(self) -> str:
        return "; ".join(self.problems)


def _json_problem(number: int, message: str) -> str:
    """`line N, column C: message` for the file's line N, where the parser saw the line alone."""
    message = message.removeprefix("Invalid JSON: ")
    position = _JSON_POSITION.match(message)
    if position is None:
        return f"line {number}: invalid JSON: {message}"
    return f"line {number}, column {position['column']}: invalid JSON: {position['message']}"


def _location(loc: tuple[int | str, ...], within: str) -> str:
    path = within
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else f"{'.' if path else ''}{part}"
    return path


def _problems(number: int, exc: ValidationError, within: str = "") -> list[str]:
    problems = []
    for error in exc.errors():
        if error["type"] == "json_invalid":
            problems.append(_json_problem(number, error["msg"]))
        else:
            where = _location(error["loc"], within)
            problems.append(f"line {number}: {where + ': ' if where else ''}{error['msg']}")
    return problems


def check_line(number: int, line: bytes, strict: bool = False) -> tuple[Envelope[Any] | None, list[str]]:
    """The line's envelope (None when invalid) and its problems, each `line N: ...`; `strict` also makes every
    field the contracts do not define (in the envelope or at any depth of `data`) a problem."""
    line = line.rstrip(b"\r\n")
    envelope: Envelope[Any] | None = None
    problems: list[str] = []
    try:
        untyped = read_envelope(line)
    except ValidationError as exc:
        problems = _problems(number, exc)
    else:
        try:
            envelope = typed(untyped)
        except ValidationError as exc:
            problems = _problems(number, exc, within="data")
        except UnknownEventType as exc:
            problems = [f"line {number}: {exc}; {suggestion(untyped.type, list(EVENT_TYPES), 'types')}"]
    if strict:
        try:
            raw = json.loads(line)
        except ValueError:  # not JSON: validation has said where
            raw = None
        problems += [f"line {number}: {problem}" for problem in unknown_fields(raw)]
    return (None if problems else envelope), problems


def read_stream(path: Path, strict: bool = False) -> tuple[list[Envelope[Any]], list[BadLine]]:
    """Every valid envelope of the file in order, and every bad line with its number (blank lines skipped).
    `strict`: a field the contracts do not define is an error (what an agency sends is read strictly)."""
    events: list[Envelope[Any]] = []
    bad: list[BadLine] = []
    with path.open("rb") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            envelope, problems = check_line(number, line, strict)
            if problems:
                bad.append(BadLine(number, tuple(problems)))
            elif envelope is not None:
                events.append(envelope)
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


def publish_rounds(envelopes: Iterable[Envelope[Any]]) -> list[list[Envelope[Any]]]:
    """Cut a stream for `mobility publish`: between two clock ticks, round k holds every participant's k-th event
    there (in stream order), and every tick is alone. Settling after each round keeps what `replay_batches` keeps
    (each participant's events processed in stream order, nothing overtaking a tick or overtaken by it) with as few
    waits as the busiest participant of each day needs, so publishing gives the decisions a replay gives."""
    batches: list[list[Envelope[Any]]] = []
    rounds: list[list[Envelope[Any]]] = []
    seen: dict[str, int] = {}
    for envelope in envelopes:
        if topic_of(envelope) == CLOCK:
            batches += [*rounds, [envelope]]
            rounds, seen = [], {}
            continue
        k = seen.get(envelope.subject, 0)
        seen[envelope.subject] = k + 1
        if k == len(rounds):
            rounds.append([])
        rounds[k].append(envelope)
    return batches + rounds
