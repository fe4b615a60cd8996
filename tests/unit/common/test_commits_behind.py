"""A batch's offsets are committed behind the next poll, in order, never before its acknowledgement, and a stopping
service waits for them."""

import asyncio

import pytest
from aiokafka import ConsumerRecord, TopicPartition
from aiokafka.errors import KafkaTimeoutError

from services.common import kafka
from services.common.kafka import CommitsBehind

PARTICIPANTS = TopicPartition("mobility.participants", 0)


class Consumer:
    """Stands in for aiokafka's consumer: each commit waits until the test lets it land."""

    def __init__(self) -> None:
        self.landed: list[dict[TopicPartition, int]] = []
        self.asked: list[dict[TopicPartition, int]] = []
        self.release = asyncio.Event()

    async def commit(self, offsets: dict[TopicPartition, int]) -> None:
        self.asked.append(offsets)
        await self.release.wait()
        self.landed.append(offsets)

    def seek(self, partition: TopicPartition, offset: int) -> None:
        raise AssertionError("not asked to re-read")


class Batch:
    """A consumed batch as FastStream's parser makes it: the raw records and the consumer that acknowledges them."""

    def __init__(self, consumer: Consumer, *offsets: int) -> None:
        self.raw_message = tuple(
            ConsumerRecord(PARTICIPANTS.topic, 0, offset, 0, 0, None, b"{}", None, 0, 2, []) for offset in offsets
        )
        self.consumer = consumer


async def test_an_acknowledgement_returns_before_its_commit_lands_and_stop_waits_for_it() -> None:
    consumer, commits = Consumer(), CommitsBehind()
    batch = Batch(consumer, 4, 5, 6)
    commits.of(batch)  # type: ignore[arg-type]
    await asyncio.wait_for(batch.consumer.commit(), timeout=5)  # FastStream's ack: returns with the commit pending
    await asyncio.sleep(0)
    assert consumer.asked == [{PARTICIPANTS: 7}] and consumer.landed == []
    stopping = asyncio.create_task(commits.stop())
    await asyncio.sleep(0)
    assert not stopping.done()
    consumer.release.set()
    await asyncio.wait_for(stopping, timeout=5)
    assert consumer.landed == [{PARTICIPANTS: 7}]


async def test_offsets_waiting_behind_a_commit_in_flight_go_in_one_commit_of_the_newest() -> None:
    consumer, commits = Consumer(), CommitsBehind()
    for offsets in ((0, 1), (2,), (3, 4)):
        batch = Batch(consumer, *offsets)
        commits.of(batch)  # type: ignore[arg-type]
        await batch.consumer.commit()
        await asyncio.sleep(0)
    consumer.release.set()
    await asyncio.wait_for(commits.committed(), timeout=5)
    assert consumer.landed == [{PARTICIPANTS: 2}, {PARTICIPANTS: 5}]


async def test_once_stopping_an_acknowledgement_returns_only_after_its_commit() -> None:
    consumer, commits = Consumer(), CommitsBehind()
    consumer.release.set()
    await commits.stop()
    batch = Batch(consumer, 9)
    commits.of(batch)  # type: ignore[arg-type]
    await asyncio.wait_for(batch.consumer.commit(), timeout=5)
    assert consumer.landed == [{PARTICIPANTS: 10}]


async def test_a_commit_that_fails_is_tried_again_without_waiting_for_another_batch(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(kafka, "COMMIT_RETRY_SECONDS", 0)
    consumer, commits = Consumer(), CommitsBehind()
    consumer.release.set()
    failures = [KafkaTimeoutError()]
    commit = consumer.commit

    async def failing_once(offsets: dict[TopicPartition, int]) -> None:
        if failures:
            raise failures.pop()
        await commit(offsets)

    consumer.commit = failing_once  # type: ignore[method-assign]
    batch = Batch(consumer, 3)
    commits.of(batch)  # type: ignore[arg-type]
    await batch.consumer.commit()
    await asyncio.wait_for(commits.committed(), timeout=5)
    assert consumer.landed == [{PARTICIPANTS: 4}]
