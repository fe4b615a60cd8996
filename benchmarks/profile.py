"""`python -m benchmarks.profile SERVICE`: py-spy samples of one service chewing through a pre-loaded backlog, run
as the suite runs it alone: on what it reads of the workload and of the pipeline's decisions, sampled from the
moment its group is stable until it is done (not its start-up).

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
from collections import Counter
from pathlib import Path

from benchmarks.kafka_io import end_offsets, preload, read_range
from benchmarks.stack import Stack, preloaded_run, until_stable
from benchmarks.workload import inputs_of, journey_records, record_from_kafka
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


# Layers of a service's path, in the order a sample is tested: the first whose needles one of its frames holds.
LAYERS = (
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


def layer_of(text: str) -> str:
    for layer, needles in LAYERS:
        if any(needle in text for needle in needles):
            return layer
    return "event loop, other"


def kind_of(frames: list[str]) -> str:
    for frame in reversed(frames):
        for kind, needles in KINDS.items():
            if any(needle in frame for needle in needles):
                return kind
    return "Python"


def layers(stacks: list[tuple[list[str], int]]) -> str:
    """Shares of the samples by layer of the path, each split by the kind of work at its innermost frame."""
    total = sum(count for _, count in stacks) or 1
    by_layer: Counter[str] = Counter()
    by_kind: Counter[tuple[str, str]] = Counter()
    for frames, count in stacks:
        text = ";".join(frames)
        layer, kind = layer_of(text), kind_of(frames)
        by_layer[layer] += count
        by_kind[layer, kind] += count
        by_kind["all", kind] += count
    kinds = ("Python", *KINDS)
    lines = [f"{'layer':<50} {'all':>6} " + " ".join(f"{kind:>10}" for kind in kinds)]
    for layer, count in [*by_layer.most_common(), ("all", total)]:
        split = " ".join(f"{100 * by_kind[layer, kind] / total:9.1f}%" for kind in kinds)
        lines.append(f"{layer:<50} {100 * count / total:5.1f}% {split}")
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
    lines = [f"{total:,} samples", "-- layers", layers(stacks)]
    project = Counter({name: n for name, n in inclusive.items() if "services/" in name or "contracts/" in name})
    sections = {"threads": threads, "concerns": concerns, "self": own, "inclusive (no stdlib plumbing)": inclusive,
                "inclusive, this project's code": project}  # fmt: skip
    for title, counter in sections.items():
        lines.append(f"-- {title}")
        lines += [f"{100 * n / total:5.1f}%  {name}" for name, n in counter.most_common(top)]
    return "\n".join(lines)


async def profile(name: str, participants: int, out: Path, idle: bool) -> str:
    spy = shutil.which("py-spy") or shutil.which("py-spy", path=str(Path(sys.executable).parent))
    if spy is None:
        raise SystemExit("py-spy is not installed: .venv/bin/pip install py-spy")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="mobility-profile-") as tmp, LocalKafka(data_dir=Path(tmp) / "k") as k:
        bootstrap, root = k.bootstrap_servers, Path(tmp)
        await ensure_topics(bootstrap, topics.ALL, 4)
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


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.profile", description=__doc__)
    parser.add_argument("service", choices=SERVICES)
    parser.add_argument("--participants", type=int, default=400)
    parser.add_argument("--out", type=Path, default=Path(".data/profile"))
    parser.add_argument(
        "--idle", action="store_true", help="sample every thread, waiting or not (wall clock); default: the GIL holder"
    )
    args = parser.parse_args()
    print(asyncio.run(profile(args.service, args.participants, args.out, args.idle)))


if __name__ == "__main__":
    main()
