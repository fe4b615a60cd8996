"""A service's consumer waits for records inside its poll, never in a pause after an empty one: FastStream's batch
subscriber sleeps as long as its poll after every empty poll, and a record arriving meanwhile waits for the end."""

from typing import Any

import anyio
import pytest
from aiokafka import ConsumerRecord, TopicPartition

from services.common.service import ServiceRuntime
from services.common.settings import ServiceSettings
from services.recognition.app import SPEC


class Consumer:
    """Stands in for aiokafka's consumer: hands out the prepared polls in turn and notes how it was asked."""

    def __init__(self, *polls: dict[TopicPartition, list[ConsumerRecord[bytes, bytes]]]) -> None:
        self.polls = list(polls)
        self.asked: list[dict[str, Any]] = []

    async def getmany(self, **options: Any) -> dict[TopicPartition, list[ConsumerRecord[bytes, bytes]]]:
        self.asked.append(options)
        return self.polls.pop(0)


def record(topic: str, partition: int, offset: int) -> ConsumerRecord[bytes, bytes]:
    return ConsumerRecord(topic, partition, offset, 0, 0, None, b"{}", None, 0, 2, [])


@pytest.fixture
def no_pause(monkeypatch: pytest.MonkeyPatch) -> None:
    async def pause(_seconds: float) -> None:
        raise AssertionError("the subscriber paused after an empty poll")

    monkeypatch.setattr(anyio, "sleep", pause)  # what FastStream's batch subscriber pauses with


@pytest.mark.usefixtures("no_pause")
async def test_an_empty_poll_is_followed_by_the_next_poll_not_by_a_pause() -> None:
    runtime = ServiceRuntime(SPEC, ServiceSettings(consume_wait_ms=700), SPEC.policy())
    consumer = Consumer({}, {})
    try:
        assert await runtime.subscriber.get_msg(consumer) == ()
        assert await runtime.subscriber.get_msg(consumer) == ()
    finally:
        runtime._batches.shutdown()
    assert consumer.asked == 2 * [{"timeout_ms": 700, "max_records": ServiceSettings().consume_batch_size}]


@pytest.mark.usefixtures("no_pause")
async def test_a_poll_gives_the_records_of_every_partition_in_the_order_the_consumer_returned_them() -> None:
    first, second = TopicPartition("mobility.participants", 1), TopicPartition("mobility.qualifications", 0)
    records = {first: [record(first.topic, 1, 7), record(first.topic, 1, 8)], second: [record(second.topic, 0, 3)]}
    runtime = ServiceRuntime(SPEC, ServiceSettings(), SPEC.policy())
    try:
        batch = await runtime.subscriber.get_msg(Consumer(records))
    finally:
        runtime._batches.shutdown()
    assert [(r.topic, r.partition, r.offset) for r in batch] == [
        ("mobility.participants", 1, 7),
        ("mobility.participants", 1, 8),
        ("mobility.qualifications", 0, 3),
    ]
