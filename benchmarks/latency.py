"""Latency at a fixed offered load: ingress publish to decision publish, from the Kafka record timestamps."""

import argparse
import asyncio
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import orjson

from benchmarks.kafka_io import Consumed, end_offsets, producer, read_range
from benchmarks.sizes import FULL
from benchmarks.stack import Run, Stack, live_run, preloaded_run
from benchmarks.workload import Record, journey_records
from contracts import topics
from contracts.topics import SERVICES
from local.kafka import LocalKafka
from mobility.watch import GroupWatch
from services.common.kafka import ensure_topics

Say = Callable[[str], None]


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class Latency:
    offered_rate: float
    run: Run
    direct: Percentiles  # ingress record -> the decision whose causationid is its id
    chained: Percentiles  # ingress record -> every decision down its causation chain (across services)
    by_topic: dict[str, Percentiles]


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
    bootstrap: str, root: Path, loads: Sequence[tuple[float, Sequence[Record]]], timeout: float, say: Say | None = None
) -> list[Latency]:
    """Latency at each (rate, records) in turn on one four-service stack: each load offered, then drained (lag 0,
    outputs quiet for a second) before the next, so a point starts from idle services. The loads' participants
    must differ (see `journey_records`' prefix), or later points would be duplicates of earlier ones."""
    stack = Stack(bootstrap, root, SERVICES)
    points: list[Latency] = []

    async def offer_each() -> int:
        async with GroupWatch(bootstrap, stack.groups, stack.outputs) as watcher:
            for rate, records in loads:
                marks = await end_offsets(bootstrap, topics.INBOUND + topics.OUTBOUND)
                baseline, started = await watcher.look(), time.monotonic()
                await paced_publish(bootstrap, records, rate)
                span = await watcher.until_quiet(baseline, stack.check, timeout, quiet_seconds=1.0)
                final = await watcher.look()
                run = Run(len(records), final.committed - baseline.committed, final.output - baseline.output,
                          span.last - started, stack.rss())  # fmt: skip
                inbound = await read_range(bootstrap, marks, topics.INBOUND)
                outbound = await read_range(bootstrap, marks, topics.OUTBOUND)
                points.append(latency_of(rate, run, inbound, outbound))
                if say is not None:
                    say(describe(points[-1]))
        return sum(len(records) for _, records in loads)

    await live_run(stack, offer_each, timeout * len(loads))
    return points


def describe(latency: Latency) -> str:
    d = latency.direct
    return (f"{latency.offered_rate:,.0f} events/s offered, {latency.run.published:,} events: p50 {d.p50:,.0f} ms, "
            f"p95 {d.p95:,.0f} ms, p99 {d.p99:,.0f} ms, max {d.max:,.0f} ms (ingress -> decision, "
            f"{d.count:,} decisions)")  # fmt: skip


CURVE = FULL.curve_fractions  # of the pipeline's maximum, where the curve is measured


async def latency_curve(
    bootstrap: str, root: Path, maximum: float, seconds: float, timeout: float, say: Say,
    fractions: Sequence[float] = CURVE,
) -> list[Latency]:  # fmt: skip
    """Latency at each fraction of the pipeline's `maximum` events/s, each offered for `seconds`: where it bends."""
    per_participant = len(journey_records(50)) / 50
    loads = [(maximum * f, journey_records(max(2, round(maximum * f * seconds / per_participant)), seed=100 + n,
                                           prefix=f"L{n}"))
             for n, f in enumerate(fractions)]  # fmt: skip
    return await latency_points(bootstrap, root, loads, timeout, say)


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
            per_participant = len(journey_records(50)) / 50
            loads = [(rate, journey_records(max(2, round(rate * args.seconds / per_participant)), seed=100 + n,
                                            prefix=f"L{n}"))
                     for n, rate in enumerate(args.rates)]  # fmt: skip
            points = await latency_points(k.bootstrap_servers, root / "points", loads, 900, say)
        else:
            maximum = args.max or await pipeline_maximum(k.bootstrap_servers, root / "max", args.participants, 900)
            say(f"pipeline maximum: {maximum:,.0f} events/s" + ("" if args.max else " (measured, pre-loaded)"))
            points = await latency_curve(k.bootstrap_servers, root / "curve", maximum, args.seconds, 900, say,
                                         args.fractions)  # fmt: skip
        for latency in points:
            say(f"at {latency.offered_rate:,.0f} events/s, ingress -> decision by decision topic:")
            for topic, p in latency.by_topic.items():
                say(f"    {topic:<22} p50 {p.p50:,.0f}  p95 {p.p95:,.0f}  p99 {p.p99:,.0f} ms")


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
    args = parser.parse_args()
    asyncio.run(_measure(args, lambda line: print(line, flush=True)))


if __name__ == "__main__":
    main()
