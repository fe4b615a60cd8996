"""`python -m benchmarks.soak [--seconds 600] [--fraction 0.8] [--rate R]`: the pipeline held under load. Measures
the four-service pipeline's maximum (pre-loaded, as (c) of `python -m benchmarks`; or takes `--rate`), then offers
`--fraction` of it for `--seconds` as a live paced publish of an open-ended generated workload, and reports what
was published, consumed and decided, what was lost or doubled, each service's memory over the run and the latency.

Lost is structural, not a comparison with a reference run (a live run's decisions that depend on the order across
topics, e.g. a clock tick against a check-in, differ from a burst's, which would count as loss): every record
published onto a service's inputs must be committed by its group (lag 0 at the end), every record the group
committed must be counted as handled by the service (applied, duplicate or ignored, from its Prometheus metrics),
nothing dead-lettered, and no outbox row left unpublished. Doubled: output records whose event id (derived from
its cause) was already on Kafka in the run."""

import argparse
import asyncio
import json
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import orjson
from rich.console import Console
from rich.table import Table

from benchmarks.accounting import FLAT, Growth, Loss, difference, doubled, growth, loss, windows
from benchmarks.kafka_io import committed, end_offsets, read_range
from benchmarks.latency import Latency, Percentiles, direct_by_time, latency_of, paced_publish, pipeline_maximum
from benchmarks.stack import Stack, live_run
from benchmarks.workload import Record, staggered_records
from contracts import topics
from contracts.topics import SERVICES
from local.kafka import LocalKafka
from services.common.kafka import ensure_topics

Say = Callable[[str], None]
SAMPLES = 10  # memory samples under load


@dataclass
class Soak:
    maximum: float  # the pipeline's events/s, pre-loaded
    fraction: float
    seconds: float  # asked for
    published: int = 0
    publish_seconds: float = 0.0  # how long publishing took (the load generator keeping its schedule or not)
    consumed: int = 0  # records committed by the services' groups (a record read by two services counts twice)
    outputs: int = 0  # records on the services' output topics
    doubled: int = 0
    loss: Loss | None = None  # None: a service's metrics could not be read
    handled: dict[str, dict[str, float]] = field(default_factory=dict)
    drained_seconds: float = 0.0  # from the start of publishing until the last output
    rss: list[tuple[float, dict[str, float]]] = field(default_factory=list)  # (seconds since publishing, MiB each)
    # Journeys under way (first event published, last not yet) a tenth, half and nine tenths into the load: what
    # the services hold grows with them, and the open-ended workload reaches its steady mix of journeys only after
    # about two years of event time.
    under_way: tuple[int, int, int] = (0, 0, 0)
    # At the same moments, each service's memory by kind (services/common/allocator.py): what is in use against what
    # malloc freed but holds.
    memory: list[dict[str, dict[str, float]]] = field(default_factory=list)
    latency: Latency | None = None
    p99_by_tenth: list[float] = field(default_factory=list)  # direct p99 of each tenth of the run, ms

    @property
    def offered_rate(self) -> float:
        return self.maximum * self.fraction

    @property
    def growth(self) -> dict[str, Growth]:
        return growth([sample for _, sample in self.rss])

    def growth_of(self, kind: str) -> dict[str, Growth]:
        """Each service's `kind` of memory over the run (`services.common.allocator.Memory`)."""
        samples = [{name: kinds[kind] for name, kinds in sample.items() if kind in kinds} for sample in self.memory]
        return growth(samples)


async def soak(bootstrap: str, root: Path, maximum: float, fraction: float, seconds: float, say: Say) -> Soak:
    result = Soak(maximum, fraction, seconds)
    count = max(2, round(result.offered_rate * seconds))
    generating = time.monotonic()
    records = await asyncio.to_thread(staggered_records, count, "S")
    say(f"workload: {len(records):,} events generated in {time.monotonic() - generating:,.0f} s; offering "
        f"{result.offered_rate:,.0f} events/s ({fraction:.0%} of {maximum:,.0f}) for {seconds:,.0f} s")  # fmt: skip
    result.under_way = journeys_under_way(records)
    stack = Stack(bootstrap, root / "stack", SERVICES)
    marks = await end_offsets(bootstrap, topics.INBOUND + topics.OUTBOUND)
    before: dict[str, Any] = {}
    started = 0.0

    async def sample_memory() -> None:
        while True:
            await asyncio.sleep(seconds / SAMPLES)
            rss, memory = await asyncio.to_thread(lambda: (stack.rss(), stack.memory()))
            result.rss.append((time.monotonic() - started, rss))  # both or neither, when the load ends meanwhile
            result.memory.append(memory)
            say(f"{time.monotonic() - started:,.0f} s: RSS MiB " + ", ".join(f"{n} {m:.0f}" for n, m in
                                                                            result.rss[-1][1].items()))  # fmt: skip

    async def publish() -> int:
        nonlocal started
        before["committed"] = await committed(bootstrap, stack.groups)
        before["handled"] = stack.handled()
        started = time.monotonic()
        result.rss.append((0.0, stack.rss()))
        result.memory.append(stack.memory())
        sampling = asyncio.create_task(sample_memory())
        try:
            published = await paced_publish(bootstrap, records, result.offered_rate)
        finally:
            sampling.cancel()
        result.publish_seconds = time.monotonic() - started
        say(f"published {published:,} events in {result.publish_seconds:,.0f} s; waiting for the services")
        return published

    def finish() -> None:
        result.handled = difference(stack.handled(), before["handled"])
        result.rss.append((time.monotonic() - started, stack.rss()))
        result.memory.append(stack.memory())

    run, _ = await live_run(stack, publish, seconds * 2 + 300, finish=finish)
    result.published, result.consumed, result.outputs = run.published, run.consumed, run.outputs
    result.drained_seconds = run.seconds
    after = await committed(bootstrap, stack.groups)
    inbound = await read_range(bootstrap, marks, topics.INBOUND)
    outbound = await read_range(bootstrap, marks, topics.OUTBOUND)
    ends = await end_offsets(bootstrap, {topic for inputs in stack.groups.values() for topic in inputs})
    uncommitted = _uncommitted(stack, ends, after)
    result.loss = loss({g: after[g] - before["committed"].get(g, 0) for g in after}, result.handled, uncommitted)
    result.doubled = doubled(str(orjson.loads(r.value)["id"]) for r in outbound)
    result.latency = latency_of(result.offered_rate, run, inbound, outbound)
    result.p99_by_tenth = [Percentiles.of(v).p99 for v in windows(direct_by_time(inbound, outbound), 10)]
    return result


def journeys_under_way(records: Sequence[Record]) -> tuple[int, int, int]:
    """Participants whose first record lies before the record a tenth, half and nine tenths into `records` and whose
    last lies after it (records are offered at a steady rate, so positions are times; not at the very end, where
    every journey looks finished)."""
    first: dict[bytes, int] = {}
    last: dict[bytes, int] = {}
    for position, record in enumerate(records):
        if record.topic != topics.CLOCK:
            first.setdefault(record.key, position)
            last[record.key] = position
    at = [len(records) * tenths // 10 for tenths in (1, 5, 9)]
    return tuple(sum(first[k] <= i <= last[k] for k in first) for i in at)  # type: ignore[return-value]


def _uncommitted(stack: Stack, ends: dict[Any, int], after: dict[str, int]) -> int:
    """Records on each group's inputs beyond what it committed (all groups started at the topics' ends)."""
    return sum(sum(end for tp, end in ends.items() if tp.topic in inputs) - after.get(group, 0)
               for group, inputs in stack.groups.items())  # fmt: skip


def table(result: Soak) -> Table:
    target = Table(title=f"Held under load: {result.offered_rate:,.0f} events/s ({result.fraction:.0%} of the "
                         f"pipeline's {result.maximum:,.0f}) for {result.seconds:,.0f} s")  # fmt: skip
    for column in ("figure", "measured", "target"):
        target.add_column(column, justify="right" if column == "measured" else "left")
    lost = result.loss
    rows = [
        ("events published", f"{result.published:,} in {result.publish_seconds:,.0f} s", "offered on schedule"),
        ("records consumed (all groups)", f"{result.consumed:,}", "-"),
        ("outputs (decisions on Kafka)", f"{result.outputs:,}", "-"),
        ("lost", "unknown (metrics unreadable)" if lost is None else
         f"{lost.total:,} (unhandled {lost.unhandled}, dead-lettered {lost.dead_lettered}, outbox unpublished "
         f"{lost.unpublished}, uncommitted {lost.uncommitted})", "0"),
        ("doubled (an output id twice)", f"{result.doubled:,}", "0"),
        ("all processed after", f"{result.drained_seconds:,.0f} s", f"about {result.seconds:,.0f} s (keeps up)"),
    ]  # fmt: skip
    if (latency := result.latency) is not None:
        d = latency.direct
        rows.append(("latency, ingress -> decision", f"p50 {d.p50:,.0f} ms, p95 {d.p95:,.0f}, p99 {d.p99:,.0f}, "
                                                     f"max {d.max:,.0f} ({d.count:,})", "-"))  # fmt: skip
        rows.append(("p99 by tenth of the run", ", ".join(f"{p:,.0f}" for p in result.p99_by_tenth) + " ms",
                     "flat"))  # fmt: skip
    for name, g in result.growth.items():
        rows.append((f"RSS {name}", f"{g.start:.0f} -> {g.warm:.0f} (loaded) -> {g.middle:.0f} (halfway) -> "
                                    f"{g.loaded:.0f} (last loaded) -> {g.end:.0f} MiB (drained), peak {g.peak:.0f}; "
                                    f"{g.under_load:+.0%} under load, {g.second_half:+.0%} over its second half",
                     f"flat (within {FLAT:.0%})"))  # fmt: skip
    start, middle, end = result.under_way
    rows.append(("journeys under way (the data held)", f"{start:,} (a tenth in) -> {middle:,} (halfway) -> {end:,} "
                 "(nine tenths)",
                 "steady in the second half, for memory to be"))  # fmt: skip
    for kind, label in (("malloc_in_use", "malloc in use"), ("malloc_free_held", "malloc freed, held"),
                        ("python_blocks", "Python blocks")):  # fmt: skip
        unit = "k" if kind == "python_blocks" else " MiB"
        scale = 1e-3 if kind == "python_blocks" else 1.0
        for name, g in result.growth_of(kind).items():
            rows.append((f"{label}, {name}", f"{g.start * scale:,.0f} -> {g.middle * scale:,.0f} (halfway) -> "
                                             f"{g.loaded * scale:,.0f} (last loaded) -> {g.end * scale:,.0f}{unit} "
                                             f"(drained); {g.second_half:+.0%} over the second half",
                         "flat: no leak" if kind != "malloc_free_held" else "bounded"))  # fmt: skip
    for name, verdict in verdicts(result).items():
        rows.append((f"memory of {name}", verdict, "flat"))
    for row in rows:
        target.add_row(*row)
    samples = " | ".join(f"{t:,.0f} s: " + ", ".join(f"{m:.0f}" for m in s.values()) for t, s in result.rss)
    target.caption = f"RSS samples (MiB, {', '.join(result.rss[0][1]) if result.rss else ''}): {samples}"
    return target


def verdicts(result: Soak) -> dict[str, str]:
    """Per service, what its resident memory did over the second half of the load: flat; grew with what it uses
    (Python's blocks or malloc's in use: a leak, or a cache still filling); or grew with what malloc freed and holds
    (the allocator keeping its high-water mark, not a leak)."""
    in_use, held, blocks = (result.growth_of(k) for k in ("malloc_in_use", "malloc_free_held", "python_blocks"))
    found = {}
    for name, rss in result.growth.items():
        if rss.second_half <= FLAT:
            found[name] = "flat"
        elif name not in in_use:
            found[name] = "grew; its metrics did not say why"
        elif max(in_use[name].second_half, blocks[name].second_half) > FLAT:
            found[name] = (f"grew with what it uses (malloc {in_use[name].second_half:+.0%}, Python blocks "
                           f"{blocks[name].second_half:+.0%}): a leak or a cache still filling")  # fmt: skip
        else:
            held_more = held[name].loaded - held[name].middle
            found[name] = (f"grew with what malloc freed and holds ({held_more:+,.0f} MiB), what it uses flat: "
                           "the allocator's high-water mark, not a leak")  # fmt: skip
    return found


def document(result: Soak) -> dict[str, Any]:
    return {**asdict(result), "offered_rate": result.offered_rate,
            "lost": None if result.loss is None else result.loss.total,
            "rss_growth": {name: {**asdict(g), "under_load": g.under_load, "second_half": g.second_half,
                                   "flat": g.under_load <= FLAT}
                           for name, g in result.growth.items()},
            "memory_verdicts": verdicts(result)}  # fmt: skip


async def _measure(args: argparse.Namespace, say: Say) -> Soak:
    with tempfile.TemporaryDirectory(prefix="mobility-soak-") as tmp, LocalKafka(data_dir=Path(tmp) / "k") as k:
        await ensure_topics(k.bootstrap_servers, topics.ALL, 4)
        maximum = args.rate or await pipeline_maximum(k.bootstrap_servers, Path(tmp) / "max", args.participants, 900)
        say(f"pipeline maximum: {maximum:,.0f} events/s" + ("" if args.rate else " (measured, pre-loaded)"))
        return await soak(k.bootstrap_servers, Path(tmp), maximum, args.fraction, args.seconds, say)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.soak", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    parser.add_argument("--seconds", type=float, default=600, help="how long the load is offered")
    parser.add_argument("--fraction", type=float, default=0.8, help="of the pipeline's maximum")
    parser.add_argument("--rate", type=float, help="the pipeline's maximum events/s (default: measured first)")
    parser.add_argument("--participants", type=int, default=200, help="journeys of the maximum's workload")
    parser.add_argument("--out", type=Path, default=Path(".data/soak.json"), help="where to write the JSON")
    args = parser.parse_args()
    console = Console(width=None if Console().is_terminal else 180)
    result = asyncio.run(_measure(args, lambda line: console.log(line)))
    console.print(table(result))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(document(result), indent=2, default=str) + "\n")
    console.print(f"written: {args.out}")


if __name__ == "__main__":
    main()
