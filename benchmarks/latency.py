"""Latency at a fixed offered load: ingress publish to decision publish, from the Kafka record timestamps."""

import argparse
import asyncio
import collections
import contextlib
import dataclasses
import itertools
import sqlite3
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path

import orjson

from benchmarks.kafka_io import Consumed, end_offsets, preload, producer, read_range
from benchmarks.sizes import FULL
from benchmarks.stack import Run, Stack, live_run, preloaded_run
from benchmarks.workload import Record, journey_records, spec_of, steady_records
from contracts import topics
from contracts.topics import SERVICES
from local.kafka import LocalKafka
from mobility.watch import GroupWatch
from services.common.kafka import ensure_topics

Say = Callable[[str], None]


@dataclasses.dataclass(frozen=True)
class Percentiles:
    count: int
    p50: float
    p95: float
    p99: float
    max: float

    @classmethod
    def of(cls, values: Sequence[float]) -> "Percentiles":
        if len(values) < 2:
            return cls(len(values), *(4 * [float(values[0]) if values else 0.0]))
        cuts = statistics.quantiles(values, n=100, method="inclusive")
        return cls(len(values), cuts[49], cuts[94], cuts[98], max(values))


@dataclasses.dataclass(frozen=True)
class Latency:
    offered_rate: float
    run: Run
    direct: Percentiles  # ingress record -> the decision whose causationid is its id
    chained: Percentiles  # ingress record -> every decision down its causation chain (across services)
    by_topic: dict[str, Percentiles]
    # by decision topic and the ingress topic of its cause, when the services' databases were read
    hops: dict[str, dict[str, "Hops"]] = dataclasses.field(default_factory=dict)
    services: dict[str, "ServiceLoad"] = dataclasses.field(default_factory=dict)  # what each service did meanwhile


@dataclasses.dataclass(frozen=True)
class Hops:
    """Where a direct decision's time went: from the ingress publish to the moment the deciding service handled its
    cause (broker, the poll, batches ahead of it, the wait for the relay's marks), and from there to the decision's
    publish (the rest of its batch, the commit, the relay). `slowest` splits the slowest 1 % of decisions the same
    way (medians), which tells a queue before the service from a slow batch or relay."""

    to_handled: Percentiles
    to_published: Percentiles
    slowest: tuple[float, float]


@dataclasses.dataclass(frozen=True)
class ServiceLoad:
    """One service over one offered load: its ingress inputs per second (on average and in the busiest second of the
    paced workload, which offers one cohort's journeys in event-time order, so each stage comes in a wave), the
    batches it consumed, its CPU, and the wall time of its batches' phases (from its /metrics)."""

    offered: float
    busiest: float
    records: float
    batches: float
    cpu_seconds: float
    marks_seconds: float
    apply_seconds: float
    publish_seconds: float

    def describe(self) -> str:
        per_batch = max(self.batches, 1.0)
        return (f"inputs {self.offered:,.0f}/s (busiest second {self.busiest:,.0f}/s), {self.batches:,.0f} batches of "
                f"{self.records / per_batch:,.1f} records, CPU {1000 * self.cpu_seconds / max(self.records, 1):,.2f} "
                f"ms/record; per batch: marks {1000 * self.marks_seconds / per_batch:,.1f}, apply "
                f"{1000 * self.apply_seconds / per_batch:,.1f}, publish {1000 * self.publish_seconds / per_batch:,.1f} "
                f"ms")  # fmt: skip


def offered_inputs(records: Sequence[Record], rate: float, service: str) -> tuple[float, float]:
    """`service`'s ingress inputs per second when `records` are published at `rate`: on average, and in the busiest
    second."""
    inputs = set(spec_of(service).input_topics)
    per_second = collections.Counter(int(n / rate) for n, r in enumerate(records) if r.topic in inputs)
    seconds = max(len(records) / rate, 1.0)
    return sum(per_second.values()) / seconds, float(max(per_second.values(), default=0))


def service_loads(
    stack: Stack, records: Sequence[Record], rate: float, before: Mapping[str, Mapping[str, float]],
    after: Mapping[str, Mapping[str, float]],
) -> dict[str, ServiceLoad]:  # fmt: skip
    """Each service's `ServiceLoad` from its counters `before` and `after` the load (`service_counters`)."""
    loads = {}
    for name in stack.names:
        done = {key: value - before.get(name, {}).get(key, 0.0) for key, value in after.get(name, {}).items()}
        loads[name] = ServiceLoad(
            *offered_inputs(records, rate, name),
            *(done.get(key, 0.0) for key in ("batch_records", "batches", "cpu_seconds", "marks_seconds",
                                             "apply_seconds", "publish_seconds")),
        )  # fmt: skip
    return loads


def service_counters(stack: Stack) -> dict[str, dict[str, float]]:
    """Each service's /metrics counters (`Stack.handled`) and CPU seconds so far."""
    counters = stack.handled()
    for instance in stack.instances:
        mine = counters.setdefault(instance.name, {})
        mine["cpu_seconds"] = mine.get("cpu_seconds", 0.0) + instance.cpu_seconds()
    return counters


def handled_at(database: Path) -> dict[str, float]:
    """When the service of `database` handled each event id (its processed_at), in ms since the epoch."""
    with contextlib.closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as connection:
        rows = connection.execute("SELECT event_id, processed_at FROM processed_event").fetchall()
    return {uuid.UUID(event_id).hex: _epoch_ms(stamp) for event_id, stamp in rows}


def _epoch_ms(stamp: str) -> float:
    return datetime.fromisoformat(stamp).replace(tzinfo=UTC).timestamp() * 1000


def hops_of(
    inbound: list[Consumed], outbound: list[Consumed], handled: dict[str, dict[str, float]]
) -> dict[str, dict[str, Hops]]:
    """The `Hops` of the direct decisions in `outbound`, by their topic, then their cause's; `handled`: each output
    topic's service's `handled_at`."""
    ingress = {uuid.UUID(str(orjson.loads(r.value)["id"])).hex: r for r in inbound}
    splits: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for r in outbound:
        cause = uuid.UUID(str(orjson.loads(r.value)["causationid"])).hex
        at = handled.get(r.topic, {}).get(cause)
        if cause in ingress and at is not None:
            source = ingress[cause]
            splits.setdefault((r.topic, source.topic), []).append((at - source.timestamp_ms, r.timestamp_ms - at))
    hops: dict[str, dict[str, Hops]] = {}
    for (topic, cause_topic), pairs in sorted(splits.items()):
        slowest = sorted(pairs, key=sum)[-max(1, len(pairs) // 100) :]
        hops.setdefault(topic, {})[cause_topic] = Hops(
            Percentiles.of([a for a, _ in pairs]),
            Percentiles.of([b for _, b in pairs]),
            (statistics.median(a for a, _ in slowest), statistics.median(b for _, b in slowest)),
        )
    return hops


async def paced_publish(bootstrap: str, records: Sequence[Record], rate: float) -> int:
    """Publish at `rate` records per second, on schedule (an open loop: a slow consumer does not slow it)."""
    client = producer(bootstrap, linger_ms=0)
    await client.start()
    loop = asyncio.get_running_loop()
    try:
        started, futures = loop.time(), []
        for n, r in enumerate(records):
            delay = started + n / rate - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            futures.append(await client.send(r.topic, r.value, key=r.key, headers=list(r.headers)))
        await asyncio.gather(*futures)
    finally:
        await client.stop()
    return len(records)


async def latency_run(bootstrap: str, root: Path, records: Sequence[Record], rate: float, timeout: float) -> Latency:
    return (await latency_points(bootstrap, root, [(rate, records)], timeout))[0]


async def latency_points(
    bootstrap: str, root: Path, loads: Sequence[tuple[float, Sequence[Record]]], timeout: float, say: Say | None = None,
    ramp_up: Sequence[Record] = (),
) -> list[Latency]:  # fmt: skip
    """Latency at each (rate, records) in turn on one four-service stack: each load offered, then drained (lag 0,
    outputs quiet for a second) before the next, so a point starts from idle services. The loads' participants
    must differ (see `journey_records`' prefix), or later points would be duplicates of earlier ones. `ramp_up`:
    records offered at once before the loads and drained, not measured (the journeys under way at the first)."""
    stack = Stack(bootstrap, root, SERVICES)
    points: list[Latency] = []

    async def offer_each() -> int:
        async with GroupWatch(bootstrap, stack.groups, stack.outputs) as watcher:
            if ramp_up:
                baseline = await watcher.look()
                await preload(bootstrap, ramp_up)
                span = await watcher.until_quiet(baseline, stack.check, timeout, quiet_seconds=1.0)
                if say is not None:
                    say(f"ramp-up: {len(ramp_up):,} events offered at once, processed in {span.seconds:,.0f} s")
            for rate, records in loads:
                marks = await end_offsets(bootstrap, topics.INBOUND + topics.OUTBOUND)
                counters = await asyncio.to_thread(service_counters, stack)
                baseline, started = await watcher.look(), time.monotonic()
                await paced_publish(bootstrap, records, rate)
                span = await watcher.until_quiet(baseline, stack.check, timeout, quiet_seconds=1.0)
                final = await watcher.look()
                run = Run(len(records), final.committed - baseline.committed, final.output - baseline.output,
                          span.last - started, stack.rss())  # fmt: skip
                inbound = await read_range(bootstrap, marks, topics.INBOUND)
                outbound = await read_range(bootstrap, marks, topics.OUTBOUND)
                handled = {topic: handled_at(root / f"{name}.db") for name in stack.names
                           if (topic := spec_of(name).output_topic)}  # fmt: skip
                latency = latency_of(rate, run, inbound, outbound)
                load = service_loads(stack, records, rate, counters, await asyncio.to_thread(service_counters, stack))
                points.append(dataclasses.replace(latency, hops=hops_of(inbound, outbound, handled), services=load))
                if say is not None:
                    say(describe(points[-1]))
        return len(ramp_up) + sum(len(records) for _, records in loads)

    await live_run(stack, offer_each, timeout * (len(loads) + 1))
    return points


def describe(latency: Latency) -> str:
    d = latency.direct
    return (f"{latency.offered_rate:,.0f} events/s offered, {latency.run.published:,} events: p50 {d.p50:,.0f} ms, "
            f"p95 {d.p95:,.0f} ms, p99 {d.p99:,.0f} ms, max {d.max:,.0f} ms (ingress -> decision, "
            f"{d.count:,} decisions)")  # fmt: skip


CURVE = FULL.curve_fractions  # of the pipeline's maximum, where the curve is measured
WORKLOADS = ("cohort", "steady")


def workloads(kind: str, counts: Sequence[float]) -> tuple[list[Record], list[list[Record]]]:
    """A ramp-up and the records of loads of about `counts` events each. `cohort`: no ramp-up, and each load one
    cohort of journeys in event-time order (each stage comes as a wave). `steady`: consecutive stretches of one
    running programme (`steady_records`: journeys starting at a steady pace, as the soak offers), after the
    ramp-up that brings its journeys under way."""
    if kind == "cohort":
        per_participant = len(journey_records(50)) / 50
        return [], [journey_records(max(2, round(count / per_participant)), seed=100 + n, prefix=f"L{n}")
                    for n, count in enumerate(counts)]  # fmt: skip
    sizes = [max(2, round(count)) for count in counts]
    ramp_up, steady = steady_records(sum(sizes), "P")
    bounds = itertools.accumulate(sizes, initial=0)
    return ramp_up, [steady[start:end] for start, end in itertools.pairwise(bounds)]


async def latency_at(
    bootstrap: str, root: Path, rates: Sequence[float], seconds: float, timeout: float, say: Say | None = None,
    workload: str = "cohort",
) -> list[Latency]:  # fmt: skip
    """Latency at each offered rate in turn, each for `seconds`, on one stack and the `workloads` of `workload`."""
    ramp_up, loads = await asyncio.to_thread(workloads, workload, [rate * seconds for rate in rates])
    return await latency_points(bootstrap, root, list(zip(rates, loads, strict=True)), timeout, say, ramp_up)


async def latency_curve(
    bootstrap: str, root: Path, maximum: float, seconds: float, timeout: float, say: Say,
    fractions: Sequence[float] = CURVE, workload: str = "cohort",
) -> list[Latency]:  # fmt: skip
    """Latency at each fraction of the pipeline's `maximum` events/s, each offered for `seconds`: where it bends."""
    return await latency_at(bootstrap, root, [maximum * f for f in fractions], seconds, timeout, say, workload)


async def pipeline_maximum(bootstrap: str, root: Path, participants: int, timeout: float) -> float:
    """The four-service pipeline's events/s on a pre-loaded workload, as (c) of `python -m benchmarks` measures it."""
    run = await preloaded_run(Stack(bootstrap, root, SERVICES), journey_records(participants, prefix="M"), timeout)
    return run.rate


def direct_by_time(inbound: list[Consumed], outbound: list[Consumed]) -> list[tuple[int, float]]:
    """(ingress timestamp, ms to its direct decision) of every decision whose cause was published in `inbound`."""
    ingress = {str(orjson.loads(r.value)["id"]): r.timestamp_ms for r in inbound}
    pairs = []
    for r in outbound:
        cause = str(orjson.loads(r.value)["causationid"])
        if cause in ingress:
            pairs.append((ingress[cause], float(r.timestamp_ms - ingress[cause])))
    return pairs


def latency_of(rate: float, run: Run, inbound: list[Consumed], outbound: list[Consumed]) -> Latency:
    """Latencies of the decisions in `outbound` whose cause (directly, or down the causation chain) is in `inbound`."""
    ingress = {str(orjson.loads(r.value)["id"]): r.timestamp_ms for r in inbound}
    cause: dict[str, str] = {}
    decisions: list[tuple[str, str, int]] = []
    for r in outbound:
        document = orjson.loads(r.value)
        cause[str(document["id"])] = str(document["causationid"])
        decisions.append((r.topic, str(document["causationid"]), r.timestamp_ms))
    direct: list[float] = []
    chained: list[float] = []
    by_topic: dict[str, list[float]] = {}
    for topic, causation, stamp in decisions:
        root = causation
        while root not in ingress and root in cause:
            root = cause[root]
        if root in ingress:
            chained.append(stamp - ingress[root])
        if causation in ingress:
            direct.append(stamp - ingress[causation])
            by_topic.setdefault(topic, []).append(stamp - ingress[causation])
    return Latency(
        rate,
        run,
        Percentiles.of(direct),
        Percentiles.of(chained),
        {topic: Percentiles.of(values) for topic, values in sorted(by_topic.items())},
    )


async def _measure(args: argparse.Namespace, say: Say) -> None:
    with tempfile.TemporaryDirectory(prefix="mobility-latency-") as tmp, LocalKafka(data_dir=Path(tmp) / "k") as k:
        await ensure_topics(k.bootstrap_servers, topics.ALL, 4)
        root = Path(tmp)
        if args.rates:
            points = await latency_at(k.bootstrap_servers, root / "points", args.rates, args.seconds, 900, say,
                                      args.workload)  # fmt: skip
        else:
            maximum = args.max or await pipeline_maximum(k.bootstrap_servers, root / "max", args.participants, 900)
            say(f"pipeline maximum: {maximum:,.0f} events/s" + ("" if args.max else " (measured, pre-loaded)"))
            points = await latency_curve(k.bootstrap_servers, root / "curve", maximum, args.seconds, 900, say,
                                         args.fractions, args.workload)  # fmt: skip
        for latency in points:
            say(f"at {latency.offered_rate:,.0f} events/s, each service:")
            for name, load in latency.services.items():
                say(f"    {name:<14} {load.describe()}")
            say(f"at {latency.offered_rate:,.0f} events/s, ingress -> decision by decision topic:")
            for topic, p in latency.by_topic.items():
                say(f"    {topic:<22} p50 {p.p50:,.0f}  p95 {p.p95:,.0f}  p99 {p.p99:,.0f} ms")
                for cause, hops in latency.hops.get(topic, {}).items():
                    h, q = hops.to_handled, hops.to_published
                    say(f"      from {cause:<22} {h.count:>6,}: publish -> handled p50 {h.p50:,.0f} p99 {h.p99:,.0f}"
                        f", handled -> decision p50 {q.p50:,.0f} p99 {q.p99:,.0f}; slowest 1 %: "
                        f"{hops.slowest[0]:,.0f} + {hops.slowest[1]:,.0f} ms")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.latency",
        description="Latency of the four-service pipeline at offered rates, on one fresh broker and stack: the given "
        "RATEs, or (none given) the curve at fractions of the pipeline's maximum, measured first unless --max.",
    )
    parser.add_argument("rates", type=float, nargs="*", help="offered loads, events per second")
    parser.add_argument("--seconds", type=float, default=20, help="how long each load is offered")
    parser.add_argument("--max", type=float, help="the pipeline's maximum events/s (default: measured)")
    parser.add_argument("--fractions", type=float, nargs="+", default=list(CURVE), help="of the maximum")
    parser.add_argument("--participants", type=int, default=200, help="journeys of the maximum's workload")
    parser.add_argument("--workload", choices=WORKLOADS, default="cohort",
                        help="cohort: each load one cohort of journeys in event-time order; steady: a running "
                        "programme's mix (journeys starting at a steady pace, as in the soak), after a ramp-up "
                        "offered at once and not measured")  # fmt: skip
    args = parser.parse_args()
    asyncio.run(_measure(args, lambda line: print(line, flush=True)))


if __name__ == "__main__":
    main()
