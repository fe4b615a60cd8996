"""The local broker does what the services rely on: idempotent produce, consumer groups, transactions."""

import uuid

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def new_topic(bootstrap: str) -> str:
    name = f"smoke-{uuid.uuid4().hex[:8]}"
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        await admin.create_topics([NewTopic(name, 1, 1)])
    finally:
        await admin.close()
    return name


async def read_all(bootstrap: str, topic: str, **options: object) -> list[bytes]:
    consumer = AIOKafkaConsumer(
        topic, bootstrap_servers=bootstrap, group_id=f"g-{topic}", auto_offset_reset="earliest", **options
    )
    await consumer.start()
    try:
        batches = await consumer.getmany(timeout_ms=5000)
        return [record.value for records in batches.values() for record in records]
    finally:
        await consumer.stop()


async def test_idempotent_producer_round_trip_through_a_consumer_group(kafka_bootstrap: str) -> None:
    topic = await new_topic(kafka_bootstrap)
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap, enable_idempotence=True, acks="all")
    await producer.start()
    try:
        for n in range(3):
            await producer.send_and_wait(topic, f"m{n}".encode(), key=b"P-1")
    finally:
        await producer.stop()
    assert await read_all(kafka_bootstrap, topic) == [b"m0", b"m1", b"m2"]


async def test_transactions_commit_and_abort_with_offsets(kafka_bootstrap: str) -> None:
    source, sink = await new_topic(kafka_bootstrap), await new_topic(kafka_bootstrap)
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap, transactional_id=f"tx-{sink}")
    await producer.start()
    try:
        async with producer.transaction():
            await producer.send(sink, b"committed")
            await producer.send_offsets_to_transaction({TopicPartition(source, 0): 1}, f"g-{source}")
        await producer.begin_transaction()
        await producer.send(sink, b"aborted")
        await producer.abort_transaction()
    finally:
        await producer.stop()
    assert await read_all(kafka_bootstrap, sink, isolation_level="read_committed") == [b"committed"]
