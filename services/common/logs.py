"""Structured logs: one JSON line per record handled, with trace and event ids."""

import json
import logging
import sys
from typing import Any

from services.common.processor import Result


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            **getattr(record, "fields", {}),
        }
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str)


def configure_logging(level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    logging.basicConfig(level=level, handlers=[handler], force=True)
    logging.getLogger("aiokafka").setLevel(logging.WARNING)


def log_result(logger: logging.Logger, service: str, result: Result) -> None:
    """One line per decision: what came in, what it led to, and the trace it belongs to."""
    envelope = result.envelope
    fields = {
        "service": service,
        "outcome": result.outcome.value,
        "event_id": str(envelope.id) if envelope else None,
        "event_type": envelope.type if envelope else None,
        "participant_id": envelope.subject if envelope else None,
        "emitted": [f"{e.type} {e.id}" for e in result.emitted],
        "trace_id": result.trace_id,
        "error": result.error,
    }
    level = logging.WARNING if result.error else logging.INFO
    logger.log(level, "%s %s", result.outcome.value, fields["event_type"] or "record", extra={"fields": fields})
