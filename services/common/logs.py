"""Structured logs: one JSON line per record handled, with trace and event ids."""

import logging
import sys
from collections.abc import Sequence
from itertools import groupby
from typing import Any

import orjson

from services.common.processor import Result


class JsonFormatter(logging.Formatter):
    """One JSON object per line. A record that carries `lines` (the results of a batch, see `log_results`) becomes
    one line per entry, each with the record's time, level and logger: a batch costs one log call, not one each."""

    def format(self, record: logging.LogRecord) -> str:
        common: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname,
            "logger": record.name,
        }
        lines: list[dict[str, Any]] | None = getattr(record, "lines", None)
        if lines is not None:
            return "\n".join(_dumps(common | fields) for fields in lines)
        line = common | {"message": record.getMessage(), **getattr(record, "fields", {})}
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return _dumps(line)


def _dumps(line: dict[str, Any]) -> str:
    return orjson.dumps(line, default=str, option=orjson.OPT_NON_STR_KEYS).decode()


def configure_logging(level: str = "INFO") -> None:
    # What the JSON lines never show is not gathered for every record: the caller's frame, thread and process
    # (the logging HOWTO's "Optimization"); it halves the cost of a batch's log call.
    logging._srcfile = None
    logging.logThreads = logging.logProcesses = logging.logMultiprocessing = False
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    logging.basicConfig(level=level, handlers=[handler], force=True)
    logging.getLogger("aiokafka").setLevel(logging.WARNING)


def log_results(logger: logging.Logger, service: str, results: Sequence[Result]) -> None:
    """One line per decision: what came in, what it led to, and the trace it belongs to. A batch's lines go out in
    order, one log call per run of results of one level (WARNING for those with an error, INFO otherwise)."""
    for level, run in groupby(results, key=lambda result: logging.WARNING if result.error else logging.INFO):
        if logger.isEnabledFor(level):
            lines = [_fields(service, result) for result in run]
            logger.log(level, "%d records", len(lines), extra={"lines": lines})


def _fields(service: str, result: Result) -> dict[str, Any]:
    envelope = result.envelope
    event_type = envelope.type if envelope else None
    fields: dict[str, Any] = {
        "message": f"{result.outcome.value} {event_type or 'record'}",
        "service": service,
        "outcome": result.outcome.value,
        "event_id": str(envelope.id) if envelope else None,
        "event_type": event_type,
        "participant_id": envelope.subject if envelope else None,
        "emitted": [f"{e.type} {e.id}" for e in result.emitted],
        "trace_id": result.trace_id,
        "error": result.error,
    }
    if result.emitted_beyond:  # a clock tick's thousands of alerts: the first ones by id, how many more
        fields["emitted_beyond"] = result.emitted_beyond
    return fields
