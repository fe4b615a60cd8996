"""Latency at a fixed offered load: ingress publish to decision publish, from the Kafka record timestamps."""

import argparse
import asyncio
import statistics
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import orjson

from benchmarks.kafka_io import Consumed, end_offsets, producer, read_range
from benchmarks.stack import Run, Stack, live_run
from benchmarks.workload import Record, journey_records
from contracts import topics
from contracts.topics import SERVICES
from local.kafka import LocalKafka
from services.common.kafka import ensure_topics


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
    stack = Stack(bootstrap, root, SERVICES)
    marks = await end_offsets(bootstrap, topics.INBOUND + topics.OUTBOUND)
    run, _ = await live_run(stack, lambda: paced_publish(bootstrap, records, rate), timeout)
    inbound = await read_range(bootstrap, marks, topics.INBOUND)
    outbound = await read_range(bootstrap, marks, topics.OUTBOUND)
    return _latencies(rate, run, inbound, outbound)


def _latencies(rate: float, run: Run, inbound: list[Consumed], outbound: list[Consumed]) -> Latency:
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


async def latency_curve(rates: Sequence[float], seconds: float, say: Callable[[str], None]) -> None:
    """Latency at each offered rate in turn, on one fresh broker, each run with fresh databases."""
    with tempfile.TemporaryDirectory(prefix="mobility-latency-") as tmp, LocalKafka(data_dir=Path(tmp) / "k") as k:
        await ensure_topics(k.bootstrap_servers, topics.ALL, 4)
        per_participant = len(journey_records(50)) / 50
        for n, rate in enumerate(rates):
            records = journey_records(max(2, round(rate * seconds / per_participant)), seed=100 + n)
            latency = await latency_run(k.bootstrap_servers, Path(tmp) / f"run-{n}", records, rate, 900)
            d = latency.direct
            say(f"{rate:,.0f} events/s offered, {len(records):,} events: p50 {d.p50:,.0f} ms, p95 {d.p95:,.0f} ms, "
                f"p99 {d.p99:,.0f} ms, max {d.max:,.0f} ms (ingress -> decision, {d.count:,} decisions)")  # fmt: skip
            for topic, p in latency.by_topic.items():
                say(f"    {topic:<22} p50 {p.p50:,.0f}  p95 {p.p95:,.0f}  p99 {p.p99:,.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.latency", description="Latency of the four-service pipeline at offered rates."
    )
    parser.add_argument("rates", type=float, nargs="+", help="offered loads, events per second")
    parser.add_argument("--seconds", type=float, default=20, help="how long each load is offered")
    args = parser.parse_args()
    asyncio.run(latency_curve(args.rates, args.seconds, lambda line: print(line, flush=True)))


if __name__ == "__main__":
    main()
