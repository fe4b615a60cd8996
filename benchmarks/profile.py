"""`python -m benchmarks.profile SERVICE`: py-spy samples of one service chewing through a pre-loaded backlog, run
as the suite runs it alone: on what it reads of the workload and of the pipeline's decisions, sampled from the
moment its group is stable until it is done (not its start-up).
`python -m benchmarks.profile pipeline`: the four services on a pre-loaded workload, twice on one broker: first
without sampling, the CPU per agency event of each process (services, broker, this harness), then sampled, where
each service's CPU goes, by layer (`LAYERS`).

Needs py-spy (`.venv/bin/pip install py-spy`; root or ptrace rights). Writes a flame graph (SVG) and the raw
collapsed stacks, and prints the rate and the service's CPU per event, and where the samples fall: by layer of the
path (and, in each, what kind of work: SQL, JSON, validation, Python), by thread, by function (self and
inclusive), by concern.
"""

import argparse
import asyncio
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from statistics import median

from benchmarks.kafka_io import end_offsets, preload, read_range
from benchmarks.report import spread
from benchmarks.stack import Stack, cpu_seconds, preloaded_run, until_stable
from benchmarks.workload import Record, inputs_of, journey_records, record_from_kafka
from contracts import topics
from contracts.topics import SERVICES
from local.kafka import LocalKafka
from mobility.watch import GroupWatch
from services.common.kafka import ensure_topics

CONCERNS = {  # substring of a frame -> concern; a sample counts once per concern found in its stack
    "kafka offset commit": ("commit (aiokafka/consumer", "commit (faststream/kafka/message"),
    "to_thread hop": ("to_thread (asyncio",),
    "SQLAlchemy session / ORM": ("sqlalchemy/orm",),
    "SQLite commit (fsync)": ("commit (sqlalchemy/engine/base", "_commit_impl"),
    "sqlite3 execute": ("do_execute (sqlalchemy",),
    "pydantic validation": ("model_validate", "validate_python", "validate_json"),
    "JSON serialisation": ("model_dump", "dumps (json", "json/encoder"),
    "logging": ("logging/__init__", "services/common/logs"),
    "OpenTelemetry": ("opentelemetry/",),
    "outbox relay": ("services/common/outbox",),
}


# Layers of a service's path; a sample goes to the layer of the frame nearest its leaf that names one (a handler's
# SQL counts as SQL, its JSON as JSON). Kafka client frames shared by consuming and publishing (connections, record
# batches, the protocol) and the event loop's go to the layer a frame further up names; a sample no frame of which
# names one, to the Kafka client or the event loop if it passed through them.
LAYERS = {
    "JSON (orjson/pydantic, encode and decode)": ("services/common/documents", "pydantic", "orjson", "json/"),
    "SQL (SQLAlchemy, SQLite)": ("sqlalchemy/", "sqlite3", "sqlmodel/"),
    "metrics, logs, tracing context": ("prometheus_client", "logging/", "services/common/logs",
                                       "services/common/metrics", "opentelemetry", "services/common/telemetry",
                                       "services/common/zipkin"),
    "outbox relay and publish": ("services/common/outbox", "aiokafka/producer", "services/common/relay_lock",
                                 "faststream/kafka/publisher"),
    "consume and decode (FastStream, aiokafka)": ("faststream/", "aiokafka/consumer", "services/common/kafka",
                                                  "services/common/incoming"),
    "handlers and rules": ("services/recognition", "services/recruitment", "services/integration",
                           "services/reintegration", "contracts/", "services/common/evidence", "services/common/dates",
                           "services/common/reference"),
    "the batch (processor, cases, flows, service)": ("services/common/",),
}  # fmt: skip
IDLE_SECONDS = 10.0  # how long each run's stack is watched idle before the workload comes
KAFKA_CLIENT, EVENT_LOOP = "aiokafka/", ("asyncio/", "selectors", "threading", "concurrent/futures")
# Leaves that wait: py-spy takes a thread for running when the system has just woken it; not CPU of any layer.
WAITING = ("select (selectors", "Condition.wait (threading", "_worker (concurrent/futures/thread", "Event.wait")
WAITED = "waiting (taken for running)"


def layer_of(frames: Sequence[str]) -> str:
    """The layer of one sample (`frames` root first, as py-spy writes them)."""
    if any(leaf in frames[-1] for leaf in WAITING):
        return WAITED
    for frame in reversed(frames):
        for layer, needles in LAYERS.items():
            if any(needle in frame for needle in needles):
                return layer
    if any(KAFKA_CLIENT in frame for frame in frames):
        return "Kafka client, side unknown"
    return "event loop, threads" if any(any(n in f for n in EVENT_LOOP) for f in frames[1:]) else "other"


def parse(raw: Path) -> list[tuple[list[str], int]]:
    stacks = []
    for line in raw.read_text().splitlines():
        frames, _, count = line.rpartition(" ")
        if frames and count.isdigit():
            stacks.append((frames.split(";"), int(count)))
    return stacks


def _function(frame: str) -> str:
    name, _, where = frame.partition(" (")
    return f"{name} ({where.rsplit(':', 1)[0].split('site-packages/')[-1]}" if where else name


# Steps of one service's path (`profile SERVICE`), in the order a sample is tested: the first whose needles one of
# its frames holds; each split by the kind of work at the sample's innermost recognisable frame (`KINDS`).
PATH_STEPS = (
    ("case write (dump, INSERT/UPDATE)", ("CaseStore.close", "CaseStore.write")),
    ("outbox rows, relay, publish", ("services/common/outbox", "Emissions.write_out", "aiokafka/producer")),
    ("decode and validate the input", ("services/common/incoming",)),
    ("handler: case read", ("CaseStore.load", "CaseStore._case", "CaseStore.due")),
    ("handler: emit (envelopes)", ("Context.emit",)),
    ("handler: steps, rules, own tables", ("services/common/flow",)),  # the rest of a case path
    ("tracing context", ("services/common/telemetry", "zipkin", "opentelemetry/")),
    ("logs", ("services/common/logs", "logging/__init__")),
    ("metrics", ("services/common/metrics", "prometheus_client")),
    ("processor (dedup, processed rows, transaction)", ("services/common/processor",)),
    ("consume (FastStream, aiokafka, offsets)", ("faststream/", "aiokafka/", "CommitsBehind")),
)
KINDS = {  # what the innermost recognisable frame does
    "SQL": ("sqlalchemy/", "sqlite3", "psycopg"),
    "JSON": ("services/common/documents", "orjson", "model_dump", "json/"),
    "validation": ("model_validate", "validate_python", "validate_json", "BaseModel.__init__"),
}


def step_of(text: str) -> str:
    for step, needles in PATH_STEPS:
        if any(needle in text for needle in needles):
            return step
    return "event loop, other"


def kind_of(frames: list[str]) -> str:
    for frame in reversed(frames):
        for kind, needles in KINDS.items():
            if any(needle in frame for needle in needles):
                return kind
    return "Python"


def steps(stacks: list[tuple[list[str], int]]) -> str:
    """Shares of the samples by step of the path, each split by the kind of work at its innermost frame."""
    total = sum(count for _, count in stacks) or 1
    by_step: Counter[str] = Counter()
    by_kind: Counter[tuple[str, str]] = Counter()
    for frames, count in stacks:
        step, kind = step_of(";".join(frames)), kind_of(frames)
        by_step[step] += count
        by_kind[step, kind] += count
        by_kind["all", kind] += count
    kinds = ("Python", *KINDS)
    lines = [f"{'step':<50} {'all':>6} " + " ".join(f"{kind:>10}" for kind in kinds)]
    for step, count in [*by_step.most_common(), ("all", total)]:
        split = " ".join(f"{100 * by_kind[step, kind] / total:9.1f}%" for kind in kinds)
        lines.append(f"{step:<50} {100 * count / total:5.1f}% {split}")
    return "\n".join(lines)


BORING = ("threading.py", "concurrent/futures", "asyncio/", "<frozen runpy>", "selectors.py", "__main__.py")


def summarise(stacks: list[tuple[list[str], int]], top: int = 15) -> str:
    total = sum(count for _, count in stacks) or 1
    threads: Counter[str] = Counter()
    own: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    concerns: Counter[str] = Counter()
    for frames, count in stacks:
        threads[frames[0]] += count
        own[_function(frames[-1])] += count
        for name in {_function(f) for f in frames[1:] if not any(b in f for b in BORING)}:
            inclusive[name] += count
        text = ";".join(frames)
        for concern, needles in CONCERNS.items():
            if any(needle in text for needle in needles):
                concerns[concern] += count
    lines = [f"{total:,} samples", "-- steps of the path", steps(stacks)]
    project = Counter({name: n for name, n in inclusive.items() if "services/" in name or "contracts/" in name})
    sections = {"threads": threads, "concerns": concerns, "self": own, "inclusive (no stdlib plumbing)": inclusive,
                "inclusive, this project's code": project}  # fmt: skip
    for title, counter in sections.items():
        lines.append(f"-- {title}")
        lines += [f"{100 * n / total:5.1f}%  {name}" for name, n in counter.most_common(top)]
    return "\n".join(lines)


async def profile(name: str, participants: int, out: Path, idle: bool) -> str:
    spy = _py_spy()
    async with _fresh_broker(out) as (k, root):
        bootstrap = k.bootstrap_servers
        workload = journey_records(participants)
        marks = await end_offsets(bootstrap, topics.OUTBOUND)
        await preloaded_run(Stack(bootstrap, root / "pipeline", SERVICES), workload, 900)  # as the suite's (c)
        upstream = [record_from_kafka(r.topic, r.key, r.value, r.headers)
                    for r in await read_range(bootstrap, marks, topics.OUTBOUND)]  # fmt: skip
        inputs = inputs_of(name, workload + upstream)
        stack = Stack(bootstrap, root / "profiled", [name])
        await stack.forward_groups()
        async with GroupWatch(bootstrap, stack.groups, stack.outputs) as watcher:
            try:
                await asyncio.to_thread(stack.start, True)
                await until_stable(stack)
                baseline, cpu = await watcher.look(), stack.cpu_seconds()
                raw, svg = out / f"{name}.txt", out / f"{name}.svg"
                command = [spy, "record", "--pid", str(stack.instances[0].pid), "--rate", "250", "--threads",
                           "--nonblocking", "--idle" if idle else "--gil"]  # fmt: skip
                recorders = [subprocess.Popen([*command, "--format", fmt, "-o", str(path)], stdout=subprocess.DEVNULL)
                             for fmt, path in (("raw", raw), ("flamegraph", svg))]  # fmt: skip
                await asyncio.sleep(1.0)  # py-spy attached
                await preload(bootstrap, inputs)
                try:
                    span = await watcher.until_quiet(baseline, stack.check, 900, quiet_seconds=1.0)
                    cpu = stack.cpu_seconds() - cpu
                finally:
                    for recorder in recorders:
                        recorder.send_signal(signal.SIGINT)
                        recorder.wait(30)
            finally:
                await stack.stop()
    rate = len(inputs) / span.seconds
    head = (f"{name}: {len(inputs):,} events in {span.seconds:.1f} s ({rate:,.0f} events/s), its CPU "
            f"{1e6 * cpu / len(inputs):.0f} µs per event (sampled from its group stable until quiet)")  # fmt: skip
    return f"{head}; flame graph {svg}\n{summarise(parse(raw))}"


async def profile_pipeline(participants: int, rounds: int, out: Path, rate: int) -> str:
    """CPU per agency event by process over `rounds` runs (median, lowest-highest), then one sampled run: each
    service's samples by layer, priced with its CPU per event from the unsampled runs."""
    spy = _py_spy()
    async with _fresh_broker(out) as (k, root):
        workload = journey_records(participants)
        runs = [await _pipeline_run(k, root / f"run-{n}", workload) for n in range(rounds)]
        sampled = await _pipeline_run(k, root / "sampled", workload, (spy, rate, out))
    processes = sorted(runs[0].cpu_ms)
    lines = [f"{len(workload):,} agency events and ticks of {participants} journeys; {rounds} unsampled runs: "
             f"{spread([r.rate for r in runs])} events/s; sampled: {sampled.rate:,.0f} events/s",
             "-- CPU per agency event, ms (median, lowest-highest)"]  # fmt: skip
    lines += [f"{name:>16} {spread([r.cpu_ms[name] for r in runs], 3)}" for name in processes]
    lines.append(f"{'all':>16} {spread([sum(r.cpu_ms.values()) for r in runs], 3)}")
    # What the processes spend whether or not events come (polls, fetches, heartbeats): per event, it shrinks as the
    # rate grows.
    lines.append(
        f"-- idle, nothing published for {IDLE_SECONDS:.0f} s: CPU ms per second; per agency event at each run's rate"
    )
    lines += [f"{name:>16} {spread([r.idle_ms[name] for r in runs], 2)} ms/s; "
              f"{spread([r.idle_ms[name] * r.seconds / len(workload) for r in runs], 3)} ms per event"
              for name in processes if name in runs[0].idle_ms]  # fmt: skip
    together: Counter[str] = Counter()
    for name in SERVICES:
        layers: Counter[str] = Counter()
        for frames, count in parse(out / f"{name}.txt"):
            layers[layer_of(frames)] += count
        waited = layers.pop(WAITED, 0)
        total, ms = layers.total() or 1, median([r.cpu_ms[name] for r in runs])
        lines.append(f"-- {name}: {total:,} samples running ({waited:,} waiting), {ms:.3f} ms per agency event")
        lines += [f"{100 * n / total:5.1f}%  {ms * n / total:.3f} ms  {layer}" for layer, n in layers.most_common()]
        together.update({layer: ms * n / total for layer, n in layers.items()})
    services = together.total() or 1
    lines.append(f"-- the four services by layer: {services:.3f} ms per agency event")
    lines += [f"{100 * ms / services:5.1f}%  {ms:.3f} ms  {layer}" for layer, ms in together.most_common()]
    return "\n".join(lines)


@dataclass
class PipelineRun:
    rate: float
    seconds: float
    cpu_ms: dict[str, float]  # process -> CPU ms per agency event
    idle_ms: dict[str, float]  # process -> CPU ms per second with the stack up and nothing to do


async def _pipeline_run(
    kafka: LocalKafka, root: Path, workload: Sequence[Record], sampling: tuple[str, int, Path] | None = None
) -> PipelineRun:
    """The four services on `workload` pre-loaded; with `sampling` (py-spy, rate, folder) each sampled into
    `<folder>/<service>.txt`."""
    stack = Stack(kafka.bootstrap_servers, root, SERVICES)
    await stack.forward_groups()
    recorders: list[subprocess.Popen[bytes]] = []
    async with GroupWatch(kafka.bootstrap_servers, stack.groups, stack.outputs) as watcher:
        try:
            await asyncio.to_thread(stack.start, True)
            await until_stable(stack)
            idle = _cpu_by_process(stack, kafka)
            await asyncio.sleep(IDLE_SECONDS)
            idle = {
                name: 1e3 * (seconds - idle[name]) / IDLE_SECONDS
                for name, seconds in _cpu_by_process(stack, kafka).items()
            }
            if sampling is not None:
                spy, rate, out = sampling
                recorders = [subprocess.Popen([spy, "record", "--pid", str(instance.pid), "--rate", str(rate),
                                               "--threads", "--nonblocking", "--format", "raw", "-o",
                                               str(out / f"{instance.name}.txt")], stdout=subprocess.DEVNULL)
                             for instance in stack.instances]  # fmt: skip
            baseline = await watcher.look()
            before = _cpu_by_process(stack, kafka)
            harness = time.process_time()
            await preload(kafka.bootstrap_servers, workload)
            publishing = time.process_time()
            span = await watcher.until_quiet(baseline, stack.check, 900, quiet_seconds=1.0)
            after = _cpu_by_process(stack, kafka)
            after["harness: publish"], after["harness: watch"] = publishing - harness, time.process_time() - publishing
            before["harness: publish"] = before["harness: watch"] = 0.0
        finally:
            for recorder in recorders:
                recorder.send_signal(signal.SIGINT)
                recorder.wait(30)
            await stack.stop()
    cpu_ms = {name: 1e3 * (after[name] - before[name]) / len(workload) for name in after}
    return PipelineRun(len(workload) / span.seconds, span.seconds, cpu_ms, idle)


def _cpu_by_process(stack: Stack, kafka: LocalKafka) -> dict[str, float]:
    return {**{instance.name: instance.cpu_seconds() for instance in stack.instances}, "broker": cpu_seconds(kafka.pid)}


@asynccontextmanager
async def _fresh_broker(out: Path) -> AsyncIterator[tuple[LocalKafka, Path]]:
    """A fresh broker with the project's topics, and a scratch folder; `out`, for py-spy's files, made."""
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="mobility-profile-") as tmp, LocalKafka(data_dir=Path(tmp) / "k") as k:
        await ensure_topics(k.bootstrap_servers, topics.ALL, 4)
        yield k, Path(tmp)


def _py_spy() -> str:
    spy = shutil.which("py-spy") or shutil.which("py-spy", path=str(Path(sys.executable).parent))
    if spy is None:
        raise SystemExit("py-spy is not installed: .venv/bin/pip install py-spy")
    return spy


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.profile", description=__doc__)
    parser.add_argument("service", choices=[*SERVICES, "pipeline"])
    parser.add_argument("--rounds", type=int, default=3, help="pipeline: unsampled runs")
    parser.add_argument("--rate", type=int, default=100, help="pipeline: samples a second")
    parser.add_argument("--participants", type=int, default=400)
    parser.add_argument("--out", type=Path, default=Path(".data/profile"))
    parser.add_argument(
        "--idle", action="store_true", help="sample every thread, waiting or not (wall clock); default: the GIL holder"
    )
    args = parser.parse_args()
    if args.service == "pipeline":
        print(asyncio.run(profile_pipeline(args.participants, args.rounds, args.out, args.rate)))
    else:
        print(asyncio.run(profile(args.service, args.participants, args.out, args.idle)))


if __name__ == "__main__":
    main()
