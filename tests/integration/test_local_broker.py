"""The session's broker does what the services rely on: idempotent produce, consumer groups, transactions."""

import asyncio
import uuid
from typing import Any

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def new_topic(bootstrap: str) -> str:
    name = f"smoke-{uuid.uuid4().hex[:8]}"
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        await admin.create_topics([NewTopic(name, num_partitions=1, replication_factor=1)])
    finally:
        await admin.close()
    return name


async def committed_offsets(bootstrap: str, group: str) -> dict[TopicPartition, int]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        return {tp: meta.offset for tp, meta in (await admin.list_consumer_group_offsets(group)).items()}
    finally:
        await admin.close()


async def read_to_end(bootstrap: str, topic: str, group: str, **options: Any) -> list[tuple[bytes | None, bytes]]:
    """Every visible record of the topic's one partition, read through a consumer group, which then commits."""
    partition = TopicPartition(topic, 0)
    consumer = AIOKafkaConsumer(
        topic, bootstrap_servers=bootstrap, group_id=group, auto_offset_reset="earliest", enable_auto_commit=False,
        **options,
    )  # fmt: skip
    await consumer.start()
    try:
        end = (await consumer.end_offsets([partition]))[partition]
        received: list[tuple[bytes | None, bytes]] = []
        async with asyncio.timeout(30):
            # Reading up to the end offset (the last stable offset under read_committed) proves that a record
            # missing from the result was skipped, not merely not fetched yet.
            while not consumer.assignment() or await consumer.position(partition) < end:
                batches = await consumer.getmany(timeout_ms=500)
                received += [(r.key, r.value) for records in batches.values() for r in records if r.value is not None]
        await consumer.commit()
        return received
    finally:
        await consumer.stop()


async def test_idempotent_records_come_back_in_order_through_a_consumer_group(kafka_bootstrap: str) -> None:
    topic, group = await new_topic(kafka_bootstrap), f"group-{uuid.uuid4().hex[:8]}"
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap, enable_idempotence=True, acks="all")
    await producer.start()
    try:
        for n in range(3):
            await producer.send_and_wait(topic, f"m{n}".encode(), key=b"P-1")
    finally:
        await producer.stop()

    assert await read_to_end(kafka_bootstrap, topic, group) == [(b"P-1", b"m0"), (b"P-1", b"m1"), (b"P-1", b"m2")]
    assert await committed_offsets(kafka_bootstrap, group) == {TopicPartition(topic, 0): 3}


async def test_committed_transaction_publishes_records_and_offsets_and_aborted_one_neither(
    kafka_bootstrap: str,
) -> None:
    source, sink = await new_topic(kafka_bootstrap), await new_topic(kafka_bootstrap)
    group, source_partition = f"processor-{source}", TopicPartition(source, 0)
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap, transactional_id=f"tx-{sink}")
    await producer.start()
    try:
        await producer.begin_transaction()
        await producer.send(sink, b"one")
        await producer.send_offsets_to_transaction({source_partition: 1}, group)
        await producer.commit_transaction()

        await producer.begin_transaction()
        await producer.send(sink, b"two")
        await producer.send_offsets_to_transaction({source_partition: 2}, group)
        await producer.abort_transaction()

        async with producer.transaction():
            await producer.send(sink, b"three")
    finally:
        await producer.stop()

    committed = await read_to_end(kafka_bootstrap, sink, f"rc-{sink}", isolation_level="read_committed")
    assert [value for _, value in committed] == [b"one", b"three"]
    everything = await read_to_end(kafka_bootstrap, sink, f"ru-{sink}", isolation_level="read_uncommitted")
    assert [value for _, value in everything] == [b"one", b"two", b"three"]  # "two" was written, then aborted
    assert await committed_offsets(kafka_bootstrap, group) == {source_partition: 1}
