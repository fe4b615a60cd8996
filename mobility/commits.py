"""Commits as they happen: the broker writes each consumer group's offset commits to its internal topic
`__consumer_offsets`, on the partition that belongs to the group. Following those partitions tells the watcher the
moment a service commits, so that it looks then rather than on a timer (docs/design.md, "Ordering")."""

import asyncio
import contextlib
from collections.abc import Iterable

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import KafkaError

OFFSETS_TOPIC = "__consumer_offsets"
SETUP_SECONDS = 10  # a feed that cannot start within this leaves the watcher on its timer


def java_string_hash(text: str) -> int:
    """Java's `String.hashCode()`: 31-based over UTF-16 code units, as a signed 32-bit integer."""
    encoded = text.encode("utf-16-le")
    value = 0
    for i in range(0, len(encoded), 2):
        value = (31 * value + int.from_bytes(encoded[i : i + 2], "little")) & 0xFFFFFFFF
    return value - (1 << 32) if value >= 1 << 31 else value


def offsets_partition(group: str, partitions: int) -> int:
    """The partition of `__consumer_offsets` that holds `group`'s commits: Kafka's
    `Utils.abs(groupId.hashCode()) % partitions` (Utils.abs maps Integer.MIN_VALUE to 0)."""
    value = java_string_hash(group)
    return (0 if value == -(1 << 31) else abs(value)) % partitions


def committing_group(key: bytes | None) -> str | None:
    """The group of an offset commit record on `__consumer_offsets` (its key: version 0 or 1, then the group, topic
    and partition); None for the other records there (group metadata: version 2)."""
    if key is None or len(key) < 4 or int.from_bytes(key[:2], "big") > 1:
        return None
    size = int.from_bytes(key[2:4], "big", signed=True)
    return key[4 : 4 + size].decode() if size >= 0 else None


class CommitFeed:
    """`changed` is set whenever a record lands on the `__consumer_offsets` partitions of `groups`: a commit of one
    of them (or of another group that shares the partition, which costs one needless look). `first_commit` and
    `last_commit` are when the groups' own commits since `mark` were written (the records' timestamps: the broker's
    clock, seconds since the epoch). Reading that topic needs READ on it; a principal without it (or a broker that
    refuses) leaves the feed off, and `following` False."""

    def __init__(self, consumer: AIOKafkaConsumer, groups: Iterable[str]) -> None:
        self._consumer = consumer
        self._groups = frozenset(groups)
        self.changed = asyncio.Event()
        self.first_commit: float | None = None
        self.last_commit: float | None = None
        self._task: asyncio.Task[None] | None = None

    def mark(self) -> None:
        """Times commits from now on."""
        self.first_commit = self.last_commit = None

    @property
    def following(self) -> bool:
        return self._task is not None and not self._task.done()

    async def start_consumer(self) -> None:
        await self._consumer.start()

    async def follow(self, admin: AIOKafkaAdminClient) -> None:
        """Follow from the current end of the groups' partitions; stay off when any of that fails or hangs."""
        try:
            async with asyncio.timeout(SETUP_SECONDS):
                await self._start_at_end(admin)
        except (KafkaError, TimeoutError):
            return
        self._task = asyncio.create_task(self._follow(), name="commit-feed")

    async def _start_at_end(self, admin: AIOKafkaAdminClient) -> None:
        described = await admin.describe_topics([OFFSETS_TOPIC])
        if not described or described[0]["error_code"] or not described[0]["partitions"]:
            raise KafkaError(f"{OFFSETS_TOPIC} not described")  # absent, or this principal may not see it
        count = len(described[0]["partitions"])
        partitions = sorted({TopicPartition(OFFSETS_TOPIC, offsets_partition(g, count)) for g in self._groups})
        self._consumer.assign(partitions)
        await self._consumer.seek_to_end(*partitions)
        for partition in partitions:  # resolved now: a commit from here on wakes the watcher
            await self._consumer.position(partition)

    async def _follow(self) -> None:
        try:
            while True:
                if batches := await self._consumer.getmany(timeout_ms=1000):
                    self._note(record for records in batches.values() for record in records)
                    self.changed.set()
        except KafkaError:  # refused or gone: the watcher looks on its timer from now on
            self.changed.set()

    def _note(self, records: Iterable[ConsumerRecord[bytes, bytes]]) -> None:
        for record in records:
            if record.value is not None and committing_group(record.key) in self._groups:  # None: offsets expired
                self.last_commit = record.timestamp / 1000
                if self.first_commit is None:
                    self.first_commit = self.last_commit

    async def wait(self, timeout: float) -> None:
        """Until a commit is seen (or already was, since the last `changed.clear()`), at most `timeout` seconds."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.changed.wait(), timeout)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        await self._consumer.stop()
