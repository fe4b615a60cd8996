"""The whole benchmark on one fresh broker: every phase in order, on the same deterministic workload."""

import os
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.kafka_io import end_offsets, preload, read_range
from benchmarks.latency import Latency, latency_curve, latency_run
from benchmarks.raw_loop import OUTPUT, raw_run
from benchmarks.replay_modes import ReplayModes, replay_modes
from benchmarks.sizes import Sizes
from benchmarks.stack import Run, Stack, live_run, preloaded_run
from benchmarks.workload import Record, inputs_of, journey_records, mean_size, record_from_kafka
from contracts import topics
from contracts.topics import READ_MODELS, SERVICES
from local.kafka import LocalKafka
from services.common.kafka import ensure_topics

Say = Callable[[str], None]


@dataclass
class Results:
    sizes: Sizes
    load_before: tuple[float, float, float]
    code: str = ""
    workload: dict[str, Any] = field(default_factory=dict)
    raw: Run | None = None
    raw_commit_each: Run | None = None
    alone: dict[str, Run] = field(default_factory=dict)
    pipeline: Run | None = None
    latency: Latency | None = None
    curve: list[Latency] = field(default_factory=list)  # at fractions of (c)'s rate
    scaling: dict[str, Run] = field(default_factory=dict)
    replay: Run | None = None
    replay_modes: ReplayModes | None = None
    errors: dict[str, str] = field(default_factory=dict)
    load_after: tuple[float, float, float] = (0.0, 0.0, 0.0)
    seconds: float = 0.0


async def run_suite(sizes: Sizes, say: Say) -> Results:
    started = time.monotonic()
    results = Results(sizes, os.getloadavg(), code_version())
    with tempfile.TemporaryDirectory(prefix="mobility-bench-") as tmp, LocalKafka(data_dir=Path(tmp) / "kafka") as k:
        bootstrap, root = k.bootstrap_servers, Path(tmp)
        await ensure_topics(bootstrap, (*topics.ALL, OUTPUT), 4)
        await _phases(bootstrap, root, sizes, results, say)
    results.load_after, results.seconds = os.getloadavg(), time.monotonic() - started
    return results


def code_version() -> str:
    """The commit measured, and whether the work tree differed from it (services change while others work)."""

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], capture_output=True, text=True, check=False).stdout.strip()

    head = git("rev-parse", "--short", "HEAD") or os.environ.get("BENCHMARK_CODE_VERSION", "(not a git checkout)")
    return head + (" + uncommitted changes" if git("status", "--porcelain", "--", "services", "contracts") else "")


@dataclass
class Bench:
    """What every phase needs: where the broker is, the workload, what earlier phases found."""

    bootstrap: str
    root: Path
    sizes: Sizes
    results: Results
    say: Say
    workload: list[Record]
    recognition: list[Record]  # recognition's inputs alone and in the scaling runs (`Sizes.recognition_participants`)
    upstream: list[Record] = field(default_factory=list)

    @property
    def per_participant(self) -> float:
        return len(self.workload) / self.sizes.participants

    @property
    def pipeline_rate(self) -> float:
        if self.results.pipeline is None:
            raise RuntimeError("needs the pipeline's rate, and (c) failed")
        return self.results.pipeline.rate


async def _phases(bootstrap: str, root: Path, sizes: Sizes, results: Results, say: Say) -> None:
    """Each phase in turn; one that fails is recorded in `results.errors` and the others still run."""
    recognition = inputs_of("recognition", journey_records(sizes.recognition_participants))
    bench = Bench(bootstrap, root, sizes, results, say, journey_records(sizes.participants), recognition)
    results.workload = {"participants": sizes.participants, "events": len(bench.workload),
                        "mean_event_bytes": round(mean_size(bench.workload)), "seed": 7}  # fmt: skip
    say(f"workload: {len(bench.workload)} agency events and ticks of {sizes.participants} journeys")
    phases = {"raw": _raw, "pipeline": _pipeline, "alone": _alone, "latency": _latency, "curve": _curve,
              "scaling": _scaling, "replay": _replay, "replay_modes": _replay_modes}  # fmt: skip
    for name, phase in phases.items():
        try:
            await phase(bench)
        except Exception as exc:
            results.errors[name] = f"{type(exc).__name__}: {exc}"[-3000:]
            say(f"{name} failed: {type(exc).__name__}: {str(exc)[-500:]}")


async def _raw(b: Bench) -> None:
    repeats = -(-b.sizes.raw_events // len(b.workload))
    b.results.raw = await raw_run(b.bootstrap, b.workload * repeats, b.sizes.timeout)
    b.say(f"(a) raw consume->produce: {b.results.raw.rate:,.0f} events/s")
    b.results.raw_commit_each = await raw_run(b.bootstrap, b.workload, b.sizes.timeout, commit_each=True)
    b.say(f"(a') raw, commit per record: {b.results.raw_commit_each.rate:,.0f} events/s")


async def _pipeline(b: Bench) -> None:
    marks = await end_offsets(b.bootstrap, topics.OUTBOUND)
    b.results.pipeline = await preloaded_run(Stack(b.bootstrap, b.root / "pipeline", SERVICES), b.workload,
                                             b.sizes.timeout)  # fmt: skip
    b.say(f"(c) pipeline: {b.results.pipeline.rate:,.0f} events/s")
    # The services' decisions, fed to the services downstream when they run alone.
    b.upstream = [record_from_kafka(r.topic, r.key, r.value, r.headers)
                  for r in await read_range(b.bootstrap, marks, topics.OUTBOUND)]  # fmt: skip


async def _alone(b: Bench) -> None:
    """Each service alone on what it reads; insights, which reads every topic, must keep up with the pipeline."""
    for name in (*SERVICES, *READ_MODELS):
        inputs = b.recognition if name == "recognition" else inputs_of(name, b.workload + b.upstream)
        run = await preloaded_run(Stack(b.bootstrap, b.root / f"alone-{name}", [name]), inputs, b.sizes.timeout)
        b.results.alone[name] = run
        versus = f" ({run.rate / b.pipeline_rate:.2f} x the pipeline's)" if name in READ_MODELS else ""
        # The outputs and the CPU per event say what the rate cannot: how much work the run's interleaving of the
        # input topics made (integration's clock ticks read ahead of its check-ins raise thousands of alerts).
        b.say(f"(b) {name} alone: {run.published} events, {run.outputs} outputs, {run.rate:,.0f} events/s, "
              f"{1000 * run.cpu_seconds / max(run.published, 1):.2f} ms CPU/event{versus}")  # fmt: skip


async def _latency(b: Bench) -> None:
    rate = b.pipeline_rate / 2
    workload = journey_records(max(2, round(rate * b.sizes.latency_seconds / b.per_participant)))
    b.results.latency = await latency_run(b.bootstrap, b.root / "latency", workload, rate, b.sizes.timeout)
    b.say(f"latency at {rate:,.0f} events/s: p99 {b.results.latency.direct.p99:,.0f} ms")


async def _curve(b: Bench) -> None:
    b.say(f"latency curve: {b.sizes.curve_seconds:.0f} s at each fraction of {b.pipeline_rate:,.0f} events/s")
    b.results.curve = await latency_curve(b.bootstrap, b.root / "curve", b.pipeline_rate, b.sizes.curve_seconds,
                                          b.sizes.timeout, lambda line: b.say(f"latency curve: {line}"),
                                          b.sizes.curve_fractions)  # fmt: skip


async def _scaling(b: Bench) -> None:
    """Instances of one service in one group, up to one per partition (the topics have 4); then the pipeline with
    two instances of its slowest service alone."""
    for copies in b.sizes.scaling_copies:
        stack = Stack(b.bootstrap, b.root / f"scaling-{copies}", ["recognition"], copies=copies)
        b.results.scaling[f"recognition x{copies}"] = run = await preloaded_run(stack, b.recognition, b.sizes.timeout)
        b.say(f"scaling: recognition x{copies}: {run.rate:,.0f} events/s")
    alone = {name: run.rate for name, run in b.results.alone.items() if name in SERVICES}
    if alone and b.sizes.slowest_twice:
        slowest = min(alone, key=alone.__getitem__)
        stack = Stack(b.bootstrap, b.root / "scaling-pipeline", SERVICES, copies_of={slowest: 2})
        label = f"pipeline, {slowest} x2"
        b.results.scaling[label] = run = await preloaded_run(stack, b.workload, b.sizes.timeout)
        b.say(f"scaling: {label}: {run.rate:,.0f} events/s ({run.rate / b.pipeline_rate:.2f} x the pipeline's)")


async def _replay(b: Bench) -> None:
    fits = min(b.sizes.replay_events, int(b.pipeline_rate * b.sizes.replay_seconds * 0.85))
    stream = journey_records(max(2, round(fits / b.per_participant)), seed=11)
    b.say(f"replay: {len(stream):,} events (sized to fit {b.sizes.replay_seconds:.0f} s)")

    async def publish() -> int:
        await preload(b.bootstrap, stream)
        return len(stream)

    b.results.replay, _ = await live_run(Stack(b.bootstrap, b.root / "replay", SERVICES), publish, b.sizes.timeout * 2)
    b.say(f"replay: {b.results.replay.seconds:,.0f} s, {b.results.replay.rate:,.0f} events/s")


async def _replay_modes(b: Bench) -> None:
    b.results.replay_modes = await replay_modes(b.bootstrap, b.root / "replay-modes", b.sizes.replay_modes_events,
                                                b.sizes.timeout * 2, b.say)  # fmt: skip
