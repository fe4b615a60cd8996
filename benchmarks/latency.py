"""Latency at a fixed offered load: ingress publish to decision publish, from the Kafka record timestamps."""

import asyncio
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import orjson

from benchmarks.kafka_io import Consumed, end_offsets, producer, read_range
from benchmarks.stack import Run, Stack, live_run
from benchmarks.workload import Record
from contracts import topics
from contracts.topics import SERVICES


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
