"""Kafka plumbing of the harness: topics, pre-loading, group fast-forward, offset marks and reading ranges."""

import asyncio
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.structs import OffsetAndMetadata

from benchmarks.workload import Record
from mobility.bus import topic_partitions

Offsets = dict[TopicPartition, int]


def producer(bootstrap: str, linger_ms: int = 5) -> AIOKafkaProducer:
    """What every agency and every service uses: idempotent, acks=all."""
    return AIOKafkaProducer(
        bootstrap_servers=bootstrap, enable_idempotence=True, acks="all", linger_ms=linger_ms, max_batch_size=262144
    )


async def preload(bootstrap: str, records: Sequence[Record]) -> None:
    """Publish `records` in order as fast as the broker takes them; returns when all are acknowledged."""
    client = producer(bootstrap)
    await client.start()
    try:
        futures = [await client.send(r.topic, r.value, key=r.key, headers=list(r.headers)) for r in records]
        await asyncio.gather(*futures)
    finally:
        await client.stop()


async def end_offsets(bootstrap: str, topics: Iterable[str]) -> Offsets:
    partitions = await topic_partitions(bootstrap, topics)
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap)
    await consumer.start()
    try:
        ends = await consumer.end_offsets(partitions)
    finally:
        await consumer.stop()
    return {tp: int(offset) for tp, offset in ends.items()}


async def fast_forward(bootstrap: str, group: str, topics: Iterable[str]) -> None:
    """Commit `group`'s offsets at the topics' ends: it then reads only what is published afterwards,
    as on fresh topics (earlier phases of the run stay on the broker, out of the way)."""
    ends = await end_offsets(bootstrap, topics)
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False)
    await consumer.start()
    try:
        consumer.assign(list(ends))
        await consumer.commit({tp: OffsetAndMetadata(offset, "") for tp, offset in ends.items()})
    finally:
        await consumer.stop()


@dataclass(frozen=True)
class Consumed:
    topic: str
    key: bytes | None
    value: bytes
    headers: tuple[tuple[str, bytes], ...]
    timestamp_ms: int


async def read_range(bootstrap: str, start: Offsets, topics: Iterable[str]) -> list[Consumed]:
    """Every record of `topics` from the `start` marks (0 where none) up to their current ends."""
    ends = await end_offsets(bootstrap, topics)
    wanted = {tp: end for tp, end in ends.items() if end > start.get(tp, 0)}
    if not wanted:
        return []
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, enable_auto_commit=False, max_partition_fetch_bytes=4 << 20
    )
    await consumer.start()
    records: list[Consumed] = []
    try:
        consumer.assign(list(wanted))
        for tp in wanted:
            consumer.seek(tp, start.get(tp, 0))
        while wanted:
            batches = await consumer.getmany(timeout_ms=500, max_records=10_000)
            for tp, batch in batches.items():
                records.extend(Consumed(r.topic, r.key, r.value, tuple(r.headers), r.timestamp) for r in batch)
                if batch and batch[-1].offset + 1 >= wanted.get(tp, 0):
                    wanted.pop(tp, None)
    finally:
        await consumer.stop()
    return records


async def committed(bootstrap: str, groups: Mapping[str, Iterable[str]]) -> dict[str, int]:
    """Each group's committed offsets summed over the partitions of its input topics."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        totals: dict[str, int] = {}
        for group, inputs in groups.items():
            offsets = await admin.list_consumer_group_offsets(group)
            wanted = set(inputs)
            totals[group] = sum(meta.offset for tp, meta in offsets.items() if tp.topic in wanted and meta.offset > 0)
        return totals
    finally:
        await admin.close()
