"""Kafka wiring: the broker every service uses, raw records out of it, and topic creation."""

import asyncio
import dataclasses
import logging
from collections.abc import Awaitable, Callable, Iterable
from itertools import chain

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import (
    CommitFailedError,
    IllegalStateError,
    KafkaError,
    TopicAlreadyExistsError,
    TopicAuthorizationFailedError,
)
from faststream.kafka import KafkaBroker
from faststream.kafka.message import KafkaMessage
from faststream.kafka.subscriber.usecase import BatchSubscriber

from contracts import topics
from services.common.incoming import Incoming
from services.common.outbox import Pending
from services.common.settings import KafkaSecurity, ServiceSettings, kafka_client_options

NO_ERROR = 0
COMMIT_RETRY_SECONDS = 0.5
log = logging.getLogger(__name__)


def create_broker(settings: ServiceSettings, client_id: str) -> KafkaBroker:
    """The subscriber's broker (the outbox relay publishes through `relay_producer`; the broker's own producer, kept
    idempotent with acks=all, sends nothing); per-message INFO logs off (they cost more than the handler). No
    telemetry middleware: the processor makes a span per event handled, and the relay sends each event with the
    trace context stored with it (a batch span and per-message links on top of those would only cost)."""
    return KafkaBroker(
        settings.kafka_bootstrap_servers,
        client_id=client_id,
        security=settings.kafka_security.broker_security(),
        enable_idempotence=True,
        acks="all",
        linger_ms=settings.producer_linger_ms,
        allow_auto_create_topics=False,
        log_level=logging.DEBUG,
        logger=logging.getLogger("services.broker"),
    )


class LongPollBatchSubscriber(BatchSubscriber):
    """FastStream's batch subscriber, but a poll that finds nothing is not followed by a sleep. FastStream 0.7.8
    polls for `batch_timeout_ms` and then, when nothing came, sleeps as long again (BatchSubscriber.get_msg in
    faststream/kafka/subscriber/usecase.py): a record that arrives during the sleep waits for its end, and an idle
    consumer wakes twice per `batch_timeout_ms`. Here the poll is the wait: aiokafka's getmany returns as soon as
    a fetch brings records, so the poll can be long (an idle service wakes twice a second) and adds no latency.
    Nothing else changes: the same loop, acknowledgements and stop (which cancels a poll in progress)."""

    __slots__ = ()

    async def get_msg(self, consumer: AIOKafkaConsumer) -> tuple[ConsumerRecord, ...]:
        batch = await consumer.getmany(timeout_ms=self.batch_timeout_ms, max_records=self.max_records)
        return tuple(chain.from_iterable(batch.values()))


def poll_without_pause(subscriber: BatchSubscriber) -> None:
    """Make `subscriber` a `LongPollBatchSubscriber` (FastStream's `broker.subscriber` picks the class itself)."""
    subscriber.__class__ = LongPollBatchSubscriber


class CommitsBehind:
    """Commits a batch's offsets while the next batch is polled and applied, instead of before its poll.

    FastStream acknowledges a batch once the handler returned (the batch's transaction committed, its outbox rows on
    Kafka) by awaiting the consumer's commit: a round trip to the group coordinator on every batch's path. Here the
    acknowledgement hands the batch's offsets to one task that commits them in order, the newest replacing any still
    waiting (aiokafka's `commit` docs suggest a task for a commit one does not wait for). Offsets still follow the
    transaction and the publish; a crash or rebalance before the commit lands re-reads the batch, which the
    processed-events table turns into duplicates (docs/design.md, "Guarantees"). Once `stop` is called, commits are
    awaited again, so a stopping service leaves with its offsets committed."""

    def __init__(self) -> None:
        self._waiting: dict[TopicPartition, int] = {}
        self._committing: asyncio.Task[None] | None = None
        self._stopping = False

    def of(self, message: KafkaMessage) -> None:
        """Have FastStream's acknowledgement of `message` (one consumed batch) commit behind the next batch."""
        message.consumer = _BehindCommit(self, message.consumer, offsets_after(message))

    async def commit(self, consumer: AIOKafkaConsumer, offsets: dict[TopicPartition, int]) -> None:
        self._waiting.update(offsets)
        if self._committing is None or self._committing.done():
            self._committing = asyncio.create_task(self._commit_waiting(consumer), name="offset-commit")
        if self._stopping:
            await self.committed()

    async def _commit_waiting(self, consumer: AIOKafkaConsumer) -> None:
        while self._waiting:
            offsets, self._waiting = self._waiting, {}
            try:
                await consumer.commit(offsets)
            except (CommitFailedError, IllegalStateError) as exc:
                # The partitions went to another member: it re-reads from the last commit, and dedup drops what was
                # applied already.
                log.warning("offsets not committed, the group rebalanced: %r", exc)
            except KafkaError as exc:
                # aiokafka retried what it counts as retriable; try again after a pause rather than with the next
                # batch, which an idle service may never get (`mobility replay` waits for these offsets).
                log.warning("offsets not committed, retrying in %.1f s: %r", COMMIT_RETRY_SECONDS, exc)
                self._waiting = offsets | self._waiting
                await asyncio.sleep(COMMIT_RETRY_SECONDS)

    async def committed(self) -> None:
        """Return once the offsets handed over so far are committed (or their commit failed)."""
        while self._committing is not None and not self._committing.done():
            await self._committing

    async def stop(self) -> None:
        """From now on, await each commit; returns once the commit in flight has ended."""
        self._stopping = True
        await self.committed()


class _BehindCommit:
    """The consumer as FastStream's acknowledgement of one batch sees it (ConsumerProtocol: commit and seek)."""

    def __init__(self, commits: CommitsBehind, consumer: AIOKafkaConsumer, offsets: dict[TopicPartition, int]) -> None:
        self._commits, self._consumer, self._offsets = commits, consumer, offsets

    async def commit(self) -> None:
        await self._commits.commit(self._consumer, self._offsets)

    def seek(self, partition: TopicPartition, offset: int) -> None:  # a nack re-reads the batch
        self._consumer.seek(partition, offset)


def offsets_after(message: KafkaMessage) -> dict[TopicPartition, int]:
    """The offsets to commit once `message` is applied: each partition's next record after the batch's last one."""
    raw = message.raw_message
    records = raw if isinstance(raw, tuple) else (raw,)
    offsets: dict[TopicPartition, int] = {}
    for record in records:  # per partition in offset order
        offsets[TopicPartition(record.topic, record.partition)] = record.offset + 1
    return offsets


async def keep_bytes(message: KafkaMessage) -> bytes:
    """Decoder that leaves the body alone: the services validate envelopes themselves."""
    return message.body


async def lenient_headers(
    records: tuple[ConsumerRecord, ...], original: Callable[[tuple[ConsumerRecord, ...]], Awaitable[KafkaMessage]]
) -> KafkaMessage:
    """FastStream's batch parser, and again with replacement characters when a header value is not UTF-8 (header
    values are bytes to Kafka). Left to the parser, such a header would fail the batch on every redelivery and stop
    the partition for good; the event it came with is the agency's, and decided like any other."""
    try:
        return await original(records)
    except UnicodeDecodeError:
        return await original(tuple(_with_utf8_headers(record) for record in records))


def _with_utf8_headers(record: ConsumerRecord) -> ConsumerRecord:
    headers = [(name, value.decode(errors="replace").encode()) for name, value in record.headers]
    return dataclasses.replace(record, headers=headers)


def incoming(message: KafkaMessage) -> list[Incoming]:
    """The records of a consumed batch, in the order the consumer returned them (per partition, by offset)."""
    raw = message.raw_message
    records = raw if isinstance(raw, tuple) else (raw,)
    headers = message.batch_headers  # FastStream's parser has decoded each record's headers already
    if len(headers) != len(records):
        headers = [{name: value.decode(errors="replace") for name, value in r.headers} for r in records]
    return [
        Incoming(r.topic, r.partition, r.offset, r.key, r.value or b"", record_headers)
        for r, record_headers in zip(records, headers, strict=True)
    ]


def relay_producer(settings: ServiceSettings, client_id: str) -> AIOKafkaProducer:
    """The outbox relay's own producer, idempotent with acks=all. The relay hands it rows straight away: FastStream's
    publish path (command, middlewares, codec) costs more per row than the send itself and adds nothing here."""
    return AIOKafkaProducer(
        bootstrap_servers=settings.kafka_bootstrap_servers,
        client_id=f"{client_id}-relay",
        enable_idempotence=True,
        acks="all",
        linger_ms=settings.producer_linger_ms,
        max_batch_size=settings.producer_batch_bytes,
        **kafka_client_options(settings.kafka_security),
    )


def publisher(producer: AIOKafkaProducer):  # type: ignore[no-untyped-def]
    """The outbox relay's way to hand a row to the producer."""

    async def enqueue(row: Pending) -> "asyncio.Future[object]":
        headers = [(name, value.encode()) for name, value in row.headers.items()]
        future: asyncio.Future[object] = await producer.send(row.topic, row.value, key=row.key, headers=headers)
        return future

    return enqueue


def partitions_of(topic: str, default: int) -> int:
    """Clock ticks must stay in one order for everyone: one partition. Participant topics scale by key."""
    return 1 if topic == topics.CLOCK else default


async def ensure_topics(
    bootstrap_servers: str,
    names: Iterable[str],
    partitions: int,
    replication_factor: int = 1,
    security: KafkaSecurity | None = None,
) -> None:
    """Create the topics that do not exist yet; existing ones are left as they are."""
    admin = AIOKafkaAdminClient(
        bootstrap_servers=bootstrap_servers, client_id="mobility-admin", **kafka_client_options(security)
    )
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        wanted = [
            NewTopic(name, partitions_of(name, partitions), replication_factor)
            for name in sorted(set(names) - existing)
        ]
        if wanted:
            response = await admin.create_topics(wanted)
            for name, code, *message in response.topic_errors:
                if code == TopicAuthorizationFailedError.errno:
                    raise RuntimeError(f"topic {name} does not exist and this principal may not create it: create "
                                       "every topic first as an administrator (python -m deploy.topics)")  # fmt: skip
                # another service may have created it between list and create
                if code not in (NO_ERROR, TopicAlreadyExistsError.errno):
                    raise RuntimeError(f"cannot create topic {name}: Kafka error {code} {message}")
    finally:
        await admin.close()


async def consumer_lag(consumer: AIOKafkaConsumer | None) -> int:
    """Records between this consumer's position and the end of its assigned partitions (as of its last fetch)."""
    if consumer is None:
        return 0
    lag = 0
    for partition in consumer.assignment():
        highwater = consumer.highwater(partition)
        if highwater is not None:
            lag += max(highwater - await consumer.position(partition), 0)
    return lag
