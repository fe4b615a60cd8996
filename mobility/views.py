"""Tables and lines the operator reads."""

import json
from collections.abc import Callable
from typing import Any

from rich.table import Table

from mobility.bus import Received
from mobility.timeline import describe, stage_of


def trace_of(record: Received) -> str:
    parts = record.headers.get("traceparent", "").split("-")
    return parts[1] if len(parts) == 4 else "-"


TraceLink = Callable[[str], str] | None  # a trace id's URL in a trace viewer, when one runs


def journey_rows(records: list[Received], link: TraceLink = None) -> list[dict[str, Any]]:
    rows = []
    for r in records:
        e = r.envelope
        assert e is not None
        rows.append({"time": e.time.isoformat(), "stage": stage_of(e), "type": e.type, "decision": describe(e),
                     "trace_id": trace_of(r), "event_id": str(e.id)})  # fmt: skip
        if link is not None and rows[-1]["trace_id"] != "-":
            rows[-1]["trace_url"] = link(rows[-1]["trace_id"])
    return rows


def journey_table(participant: str, records: list[Received], link: TraceLink = None) -> Table:
    table = Table(title=f"Journey of {participant}", title_justify="left", expand=True)
    for column, ratio in (("event time", 2), ("stage", 2), ("event", 4), ("decision", 7), ("trace", 2)):
        table.add_column(column, ratio=ratio, overflow="fold")
    rows = journey_rows(records, link)
    for row in rows:
        table.add_row(row["time"][:10], row["stage"], row["type"], row["decision"], row["trace_id"][:8])
    urls = {row["trace_id"][:8]: row["trace_url"] for row in rows if "trace_url" in row}
    if urls:  # the short ids of the table, each with its trace in the viewer
        table.caption = "\n".join(f"trace {short}: {url}" for short, url in urls.items())
        table.caption_justify = "left"
    return table


def journey_json(records: list[Received], link: TraceLink = None) -> str:
    return json.dumps(journey_rows(records, link), indent=2)


def tail_line(record: Received) -> str:
    e = record.envelope
    if e is None:
        return f"{record.topic}[{record.partition}]@{record.offset} (not a valid event, {len(record.value)} bytes)"
    return f"{e.time.isoformat()} {e.subject} {e.type}: {describe(e)}"


def dead_letter_table(service: str, records: list[Received]) -> Table:
    table = Table(title=f"Dead letters of {service}", title_justify="left", expand=True)
    for column in ("partition", "offset", "from", "error type", "error", "bytes"):
        table.add_column(column, overflow="fold")
    for r in records:
        h = r.headers
        source = (
            f"{h.get('dlq-source-topic', '?')}[{h.get('dlq-source-partition', '?')}]@{h.get('dlq-source-offset', '?')}"
        )
        preview = r.value[:60].decode(errors="replace")
        table.add_row(
            str(r.partition), str(r.offset), source, h.get("dlq-error-type", "?"), h.get("dlq-error", "?"), preview
        )
    return table
