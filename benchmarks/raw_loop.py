"""(a) The limit: a raw aiokafka consume -> produce loop on the same topics and bytes, no database, no parsing."""

import asyncio
import time
from collections.abc import Sequence

from aiokafka import AIOKafkaConsumer, TopicPartition

from benchmarks.kafka_io import fast_forward, preload, producer
from benchmarks.stack import Run
from benchmarks.workload import Record

GROUP = "bench-raw"
OUTPUT = "bench.raw.out"


async def raw_run(bootstrap: str, records: Sequence[Record], timeout: float, commit_each: bool = False) -> Run:
    """Pre-load `records`, then consume them in a consumer group and produce each one again (acks=all, idempotent),
    committing each fetched batch once its records are acknowledged: at-least-once, as the services are.
    `commit_each` awaits an offset commit after every record instead, as the services do (one broker round trip
    per record): the difference is what per-record commits cost alone."""
    topics = sorted({r.topic for r in records})
    await fast_forward(bootstrap, GROUP, topics)
    await preload(bootstrap, records)
    consumer = AIOKafkaConsumer(
        *topics, bootstrap_servers=bootstrap, group_id=GROUP, enable_auto_commit=False, auto_offset_reset="earliest"
    )
    out = producer(bootstrap, linger_ms=0)
    await asyncio.gather(consumer.start(), out.start())
    consumed, first = 0, 0.0
    deadline = time.monotonic() + timeout
    try:
        while consumed < len(records):
            if time.monotonic() > deadline:
                raise TimeoutError(f"raw loop: {consumed}/{len(records)} after {timeout:.0f}s")
            batches = await consumer.getmany(timeout_ms=200, max_records=500)
            fetched = [r for batch in batches.values() for r in batch]
            if not fetched:
                continue
            first = first or time.monotonic()
            acks = []
            for r in fetched:
                acks.append(await out.send(OUTPUT, r.value, key=r.key, headers=list(r.headers)))
                if commit_each:
                    await consumer.commit({TopicPartition(r.topic, r.partition): r.offset + 1})
            await asyncio.gather(*acks)
            await consumer.commit()
            consumed += len(fetched)
        seconds = time.monotonic() - first
    finally:
        await asyncio.gather(consumer.stop(), out.stop())
    return Run(len(records), consumed, consumed, seconds)
