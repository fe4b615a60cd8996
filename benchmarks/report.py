"""The printed tables and the JSON document of a benchmark run."""

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from benchmarks.latency import Percentiles
from benchmarks.stack import Run
from benchmarks.suite import Results
from contracts.topics import READ_MODELS

MILLION = 1_000_000


def _ratio(run: Run | None, limit: Run | None) -> float | None:
    return None if run is None or limit is None else run.rate / limit.rate


def _row(table: Table, label: str, run: Run | None, limit: Run | None, note: str = "") -> None:
    if run is None:
        return
    ratio = _ratio(run, limit)
    memory = ", ".join(f"{mib:.0f}" for mib in run.rss_mib.values()) or "-"
    table.add_row(label, f"{run.published:,}", f"{run.consumed:,}", f"{run.outputs:,}", f"{run.seconds:,.1f}",
                  f"{run.rate:,.0f}", "-" if ratio is None else f"{ratio:.3f}", memory, note)  # fmt: skip


def throughput_table(results: Results) -> Table:
    table = Table(title="Throughput (events/s; ratios against (a), the raw aiokafka consume -> produce loop)")
    for column in ("measurement", "events in", "records consumed", "outputs", "seconds", "events/s", "vs (a)",
                   "RSS MiB", "note"):  # fmt: skip
        table.add_column(column, justify="left" if column in ("measurement", "note") else "right")
    raw_note = "acks=all, idempotent, commit per batch; workload repeated"
    _row(table, "(a) raw consume -> produce", results.raw, results.raw, raw_note)
    _row(table, "(a') raw, commit per record", results.raw_commit_each, results.raw, "awaits a commit per record")
    for name, run in results.alone.items():
        note = "SQLite, dedup, outbox, relay"
        if name in READ_MODELS and results.pipeline is not None:
            note = f"reads every topic; {run.rate / results.pipeline.rate:.2f} x the pipeline's events/s"
        _row(table, f"(b) {name} alone", run, results.raw, note)
    _row(table, "(c) pipeline, 4 services", results.pipeline, results.raw, "events in = agency events and ticks")
    one, two = results.scaling.get("recognition x1"), results.scaling.get("recognition x2")
    for label, run in results.scaling.items():
        note = f"speed-up x{two.rate / one.rate:.2f}" if run is two and one and two else "one consumer group"
        _row(table, f"scaling: {label}", run, results.raw, note)
    if results.replay is not None:
        minutes = MILLION / results.replay.rate / 60
        _row(
            table, "replay through the pipeline", results.replay, results.raw, f"1,000,000 events: ~{minutes:,.0f} min"
        )
    return table


def latency_table(results: Results) -> Table | None:
    latency = results.latency
    if latency is None:
        return None
    table = Table(title=f"Latency, ingress publish -> decision publish, at {latency.offered_rate:,.0f} events/s "
                        f"(half of (c)); Kafka record timestamps, ms")  # fmt: skip
    for column in ("path", "count", "p50", "p95", "p99", "max"):
        table.add_column(column, justify="left" if column == "path" else "right")
    rows: list[tuple[str, Percentiles]] = [("direct (causationid = ingress id)", latency.direct),
                                           ("end to end (down the causation chain)", latency.chained)]  # fmt: skip
    rows += [(f"  direct, to {topic}", p) for topic, p in latency.by_topic.items()]
    for label, p in rows:
        table.add_row(label, f"{p.count:,}", f"{p.p50:,.0f}", f"{p.p95:,.0f}", f"{p.p99:,.0f}", f"{p.max:,.0f}")
    return table


def summary(results: Results) -> str:
    w = results.workload
    return (f"workload: {w.get('events', 0):,} events of {w.get('participants', 0)} journeys, seed {w.get('seed')}, "
            f"mean event {w.get('mean_event_bytes', 0)} bytes; code {results.code}; "
            f"run took {results.seconds:,.0f} s; load average (1 min) before {results.load_before[0]:.2f}, "
            f"after {results.load_after[0]:.2f} (2 cores)")  # fmt: skip


def show(results: Results, console: Console) -> None:
    console.print(throughput_table(results))
    if (table := latency_table(results)) is not None:
        console.print(table)
    console.print(summary(results))
    for phase, error in results.errors.items():
        console.print(f"[red]{phase} failed[/red]: {error[-1500:]}")


def document(results: Results) -> dict[str, Any]:
    def run(r: Run | None) -> dict[str, Any] | None:
        return None if r is None else {**asdict(r), "events_per_s": r.rate, "vs_raw": _ratio(r, results.raw)}

    replay = results.replay
    return {
        "sizes": asdict(results.sizes),
        "workload": results.workload,
        "code": results.code,
        "errors": results.errors,
        "load_average": {"before": results.load_before, "after": results.load_after},
        "seconds": results.seconds,
        "raw": run(results.raw),
        "raw_commit_each": run(results.raw_commit_each),
        "alone": {name: run(r) for name, r in results.alone.items()},
        "pipeline": run(results.pipeline),
        "latency": None if results.latency is None else {**asdict(results.latency), "run": run(results.latency.run)},
        "scaling": {label: run(r) for label, r in results.scaling.items()},
        "replay": run(replay),
        "replay_1m_extrapolated_seconds": None if replay is None else MILLION / replay.rate,
    }


def write(results: Results, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document(results), indent=2, default=str) + "\n")
