"""The printed tables and the JSON document of a benchmark run."""

import json
import statistics
from dataclasses import asdict
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from benchmarks.latency import Percentiles
from benchmarks.stack import Run
from benchmarks.suite import Results
from contracts.topics import READ_MODELS, SERVICES

MILLION = 1_000_000


def spread(values: list[float], digits: int = 0) -> str:
    """Median, and the lowest and highest, of `values`."""
    return f"{statistics.median(values):,.{digits}f} ({min(values):,.{digits}f}-{max(values):,.{digits}f})"


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
        note = f"SQLite, dedup, outbox, relay; CPU {1000 * run.cpu_seconds / max(run.published, 1):.2f} ms/event"
        if name in READ_MODELS and results.pipeline is not None:
            note = f"reads every topic; {run.rate / results.pipeline.rate:.2f} x the pipeline's events/s"
        _row(table, f"(b) {name} alone", run, results.raw, note)
    _row(table, "(c) pipeline, 4 services", results.pipeline, results.raw, "events in = agency events and ticks")
    for label, run in results.scaling.items():
        _row(table, f"scaling: {label}", run, results.raw, _scaling_note(results, label, run))
    if results.replay is not None:
        minutes = MILLION / results.replay.rate / 60
        _row(
            table, "replay through the pipeline", results.replay, results.raw, f"1,000,000 events: ~{minutes:,.0f} min"
        )
    return table


def _scaling_note(results: Results, label: str, run: Run) -> str:
    """A service's instances against one instance; the pipeline with more of one service against (c)."""
    one = results.scaling.get("recognition x1")
    if label.startswith("pipeline") and results.pipeline is not None:
        return f"x{run.rate / results.pipeline.rate:.2f} the pipeline (c); 4 partitions, 2 cores"
    if one is not None and run is not one:
        return f"speed-up x{run.rate / one.rate:.2f}; 4 partitions, 2 cores"
    return "one consumer group, 4 partitions"


def curve_table(results: Results) -> Table | None:
    if not results.curve or results.pipeline is None:
        return None
    seconds = results.sizes.curve_seconds
    table = Table(title="Latency curve: ingress publish -> decision publish at fractions of (c)'s events/s, each "
                        f"offered {seconds:.0f} s on one stack, drained in between; ms")  # fmt: skip
    for column in ("of (c)", "offered events/s", "events", "decisions", "p50", "p95", "p99", "max", "drained after s"):
        table.add_column(column, justify="right")
    for point in results.curve:
        d = point.direct
        table.add_row(f"{point.offered_rate / results.pipeline.rate:.0%}", f"{point.offered_rate:,.0f}",
                      f"{point.run.published:,}", f"{d.count:,}", f"{d.p50:,.0f}", f"{d.p95:,.0f}", f"{d.p99:,.0f}",
                      f"{d.max:,.0f}", f"{point.run.seconds:,.1f}")  # fmt: skip
    return table


def replay_table(results: Results) -> Table | None:
    modes = results.replay_modes
    if modes is None:
        return None
    table = Table(title="`mobility replay` on a fresh four-service stack each: from the command's start until every "
                        "output is on Kafka")  # fmt: skip
    for column in ("stream", "mode", "events", "outputs", "seconds", "events/s", "first event -> last output s"):
        table.add_column(column, justify="left" if column in ("stream", "mode") else "right")
    rows = (("generated", "--as-fast-as-possible", modes.as_fast_as_possible, "as_fast_as_possible"),
            ("generated", "settled (default)", modes.settled, "settled"),
            ("sample (tests/streams)", "settled (default)", modes.sample, "sample"))  # fmt: skip
    for stream, mode, run, key in rows:
        if run is not None:
            table.add_row(stream, mode, f"{run.published:,}", f"{run.outputs:,}", f"{run.seconds:,.1f}",
                          f"{run.rate:,.0f}", f"{modes.publish_to_last_output.get(key, 0):,.1f}")  # fmt: skip
    return table


def targets(results: Results) -> list[dict[str, Any]]:
    """Each target of issue 16 with the figure measured for it (None: not measured) and whether it is met."""
    rows: list[dict[str, Any]] = []

    def add(target: str, measured: float | None, goal: float, unit: str, at_most: bool = False) -> None:
        met = None if measured is None else (measured < goal if at_most else measured >= goal)
        rows.append({"target": target, "measured": measured, "goal": goal, "unit": unit,
                     "at_most": at_most, "met": met})  # fmt: skip

    for name in SERVICES:
        run = results.alone.get(name)
        add(f"{name} alone", None if run is None else run.rate, 5_000, "events/s")
    add("pipeline (c)", None if results.pipeline is None else results.pipeline.rate, 3_000, "events/s")
    latency = results.latency
    add("p99 ingress -> decision at half of (c)", None if latency is None else latency.direct.p99, 50, "ms", True)
    replay = results.replay
    add("1,000,000-event replay (extrapolated)", None if replay is None else MILLION / replay.rate, 300, "s", True)
    modes = results.replay_modes
    add("settled replay of the sample stream", None if modes is None or modes.sample is None else modes.sample.seconds,
        10, "s", True)  # fmt: skip
    events = f" ({modes.events:,} events)" if modes is not None and modes.events else ""
    add(f"settled / as-fast-as-possible, generated stream{events}",
        None if modes is None else modes.ratio, 0.5, "x")  # fmt: skip
    return rows


def targets_table(results: Results) -> Table:
    table = Table(title="Targets of issue 16 (soak: `python -m benchmarks.soak`, its own table)")
    for column in ("target", "measured", "goal", "met"):
        table.add_column(column, justify="left" if column == "target" else "right")
    for row in targets(results):
        measured = row["measured"]
        shown = (
            "-"
            if measured is None
            else f"{measured:,.2f} x"
            if row["unit"] == "x"
            else f"{measured:,.0f} {row['unit']}"
        )
        goal = f"{'< ' if row['at_most'] else '>= '}{row['goal']:,}{'' if row['unit'] == 'x' else ' '}{row['unit']}"
        met = {None: "not measured", True: "yes", False: "no"}[row["met"]]
        table.add_row(row["target"], shown, goal, met)
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
    for make in (latency_table, curve_table, replay_table):
        if (table := make(results)) is not None:
            console.print(table)
    console.print(targets_table(results))
    console.print(summary(results))
    for phase, error in results.errors.items():
        console.print(f"[red]{phase} failed[/red]: {error[-1500:]}")


def document(results: Results) -> dict[str, Any]:
    def run(r: Run | None) -> dict[str, Any] | None:
        return None if r is None else {**asdict(r), "events_per_s": r.rate, "vs_raw": _ratio(r, results.raw)}

    replay, modes = results.replay, results.replay_modes
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
        "latency_curve": [{**asdict(point), "run": run(point.run)} for point in results.curve],
        "replay_modes": None if modes is None else {
            "events": modes.events, "settled_vs_as_fast_as_possible": modes.ratio,
            "publish_to_last_output_seconds": modes.publish_to_last_output,
            **{mode: run(getattr(modes, mode)) for mode in ("settled", "as_fast_as_possible", "sample")}},
        "targets": targets(results),
    }  # fmt: skip


def write(results: Results, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document(results), indent=2, default=str) + "\n")
