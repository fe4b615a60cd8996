"""Service processes under measurement: pre-loaded runs (throughput) and live runs (publish while running)."""

import asyncio
import os
import time
import urllib.request
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families

from benchmarks.kafka_io import fast_forward, preload
from benchmarks.workload import Record, spec_of
from mobility.processes import ServiceProcess
from mobility.watch import GroupWatch, Span
from services.common.allocator import in_mib

# The batch histograms' samples Instance.metrics keeps, and its names for them.
BATCH_SAMPLES = {
    "mobility_batch_records_count": "batches",
    "mobility_batch_records_sum": "batch_records",
    "mobility_batch_phase_seconds_sum": "{phase}_seconds",
}


class Instance(ServiceProcess):
    """A service process whose resident memory can be read."""

    def rss_mib(self) -> float:
        return rss_mib(self.pid) if self.running else 0.0

    def metrics(self) -> dict[str, float]:
        """Records handled by outcome, the outbox backlog, and the consumed batches (how many, their records and the
        seconds of each phase, summed: `BATCH_SAMPLES`), from /metrics (empty when it does not answer)."""
        exposition = self._exposition()
        return {} if exposition is None else counters_of(exposition)

    def memory(self) -> dict[str, float]:
        """Its memory by kind (services/common/allocator.py), MiB (Python's blocks a count), from /metrics."""
        exposition = self._exposition()
        if exposition is None:
            return {}
        samples = [
            sample
            for family in text_string_to_metric_families(exposition)
            for sample in family.samples
            if sample.name == "mobility_memory"
        ]
        return {sample.labels["kind"]: in_mib(sample.labels["kind"], sample.value) for sample in samples}

    def _exposition(self) -> str | None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.http_port}/metrics", timeout=5) as response:
                body: bytes = response.read()
                return body.decode()
        except OSError:
            return None

    @property
    def pid(self) -> int | None:
        return None if self._process is None else self._process.pid

    def cpu_seconds(self) -> float:
        return cpu_seconds(self.pid) if self.running else 0.0


def counters_of(exposition: str) -> dict[str, float]:
    """What `Instance.metrics` keeps of a service's /metrics text."""
    found: dict[str, float] = {}
    for family in text_string_to_metric_families(exposition):
        for sample in family.samples:
            if sample.name == "mobility_events_total":
                outcome = sample.labels.get("outcome", "?")
                found[outcome] = found.get(outcome, 0.0) + sample.value
            elif sample.name == "mobility_outbox_backlog":
                found["outbox_backlog"] = sample.value
            elif sample.name in BATCH_SAMPLES:
                key = BATCH_SAMPLES[sample.name].format(**sample.labels)
                found[key] = found.get(key, 0.0) + sample.value
    return found


def rss_mib(pid: int | None) -> float:
    """Resident memory of process `pid`, MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def cpu_seconds(pid: int | None) -> float:
    """CPU time (user + system) process `pid` has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class Run:
    """What a measured run gives: records published, records committed by the groups, outputs, time, memory."""

    published: int
    consumed: int
    outputs: int
    seconds: float
    rss_mib: dict[str, float] = field(default_factory=dict)
    cpu_seconds: float = 0.0  # the services', while they processed the records

    @property
    def rate(self) -> float:
        return self.published / self.seconds


class Stack:
    """Instances of some services, each instance with its own log; instances of one service share a database."""

    def __init__(
        self,
        bootstrap: str,
        root: Path,
        names: Sequence[str],
        copies: int = 1,
        copies_of: Mapping[str, int] | None = None,
    ) -> None:
        self.bootstrap = bootstrap
        self.names = list(dict.fromkeys(names))
        self.members = {name: (copies_of or {}).get(name, copies) for name in self.names}  # instances in each group
        root.mkdir(parents=True, exist_ok=True)
        self.instances = [
            Instance(name, bootstrap, _mkdir(root / f"{name}-{n}"), f"sqlite:///{root / f'{name}.db'}")
            for name in self.names
            for n in range(self.members[name])
        ]

    @property
    def groups(self) -> dict[str, tuple[str, ...]]:
        return {name: spec_of(name).input_topics for name in self.names}

    @property
    def outputs(self) -> list[str]:
        return [topic for name in self.names if (topic := spec_of(name).output_topic)]

    def start(self, ready: bool = False, environment: Mapping[str, str] | None = None) -> None:
        """Start every instance (with `environment`'s variables besides its own); with `ready`, until each answers."""
        for instance in self.instances:
            instance.start(environment)
        if ready:
            for instance in self.instances:
                instance.wait_until_ready()

    def check(self) -> None:
        for instance in self.instances:
            if not instance.running:
                raise RuntimeError(f"{instance.name} exited:\n{instance.log_tail()}")

    def rss(self) -> dict[str, float]:
        memory: dict[str, float] = {}
        for instance in self.instances:
            key = instance.name if instance.name not in memory else f"{instance.name}#{instance.pid}"
            memory[key] = round(instance.rss_mib(), 1)
        return memory

    def memory(self) -> dict[str, dict[str, float]]:
        """Each instance's memory by kind (`Instance.memory`), keyed as `rss` keys it."""
        return {key: instance.memory() for key, instance in zip(self.rss(), self.instances, strict=True)}

    def handled(self) -> dict[str, dict[str, float]]:
        """Each service's records handled by outcome (applied, duplicate, ignored, dead_lettered) and its outbox rows
        not yet published ("outbox_backlog"), summed over its instances, from their Prometheus metrics."""
        counts: dict[str, dict[str, float]] = {}
        for instance in self.instances:
            mine = counts.setdefault(instance.name, {})
            for name, value in instance.metrics().items():
                mine[name] = mine.get(name, 0.0) + value
        return counts

    def cpu_seconds(self) -> float:
        return sum(instance.cpu_seconds() for instance in self.instances)

    async def stop(self) -> None:
        await asyncio.gather(*(asyncio.to_thread(instance.stop) for instance in self.instances))

    async def forward_groups(self) -> None:
        for group, inputs in self.groups.items():
            await fast_forward(self.bootstrap, group, inputs)


def _mkdir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


async def preloaded_run(stack: Stack, records: Sequence[Record], timeout: float) -> Run:
    """Start the services and wait until their groups are stable, then pre-load `records` in one burst (the broker
    takes them ~100x faster than a service consumes them); time from the groups' first commit to their last (lag 0
    then, outputs stopped: `GroupWatch.until_quiet`): the processing rate, without process start-up or group joins."""

    async def burst() -> int:
        await preload(stack.bootstrap, records)
        return len(records)

    run, _ = await live_run(stack, burst, timeout, from_first_commit=True)
    return run


async def live_run(
    stack: Stack,
    publish: Callable[[], Awaitable[int]],
    timeout: float,
    from_first_commit: bool = False,
    finish: Callable[[], object] | None = None,
) -> tuple[Run, Span]:
    """Start the services, wait until ready and their groups stable, then `publish` while they run; time from the
    first publish (or the groups' first commit) to their last commit. `finish` runs once all is done, before the
    services stop (to read what they report)."""
    await stack.forward_groups()
    async with GroupWatch(stack.bootstrap, stack.groups, stack.outputs) as watcher:
        try:
            await asyncio.to_thread(stack.start, True)  # inside: a service that never gets ready stops the others
            await until_stable(stack)
            baseline = await watcher.look()
            started, cpu = time.monotonic(), stack.cpu_seconds()
            published = await publish()
            span = await watcher.until_quiet(baseline, stack.check, timeout)
            final = await watcher.look()
            memory, cpu = stack.rss(), stack.cpu_seconds() - cpu
            if finish is not None:
                finish()
        finally:
            await stack.stop()
    seconds = span.seconds if from_first_commit else span.last - started
    return Run(published, final[1] - baseline[1], final[2] - baseline[2], seconds, memory, cpu), span


async def until_stable(stack: Stack) -> None:
    """Every group Stable with as many members as the stack has instances of its service."""
    for members in sorted(set(stack.members.values())):
        groups = {name: inputs for name, inputs in stack.groups.items() if stack.members[name] == members}
        async with GroupWatch(stack.bootstrap, groups) as watcher:
            await watcher.until_stable(members)
