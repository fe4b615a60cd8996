"""Publishing envelopes to, and reading them from, the Kafka topics of contracts v1."""

import asyncio
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import TopicAuthorizationFailedError
from opentelemetry import propagate, trace
from opentelemetry.context import Context
from opentelemetry.trace import Span

from contracts import EVENT_TYPES, Envelope, parse_envelope
from services.common.settings import KafkaSecurity, kafka_client_options
from services.common.telemetry import end_on_acknowledgement, journey_span, producer_span


def topic_of(envelope: Envelope[Any]) -> str:
    return EVENT_TYPES[envelope.type].topic


def headers_of(envelope: Envelope[Any], context: Context | None = None) -> list[tuple[str, bytes]]:
    """Content type, event type and the W3C trace context (of `context`, else the current span's, if any)."""
    headers = {"content-type": "application/json", "type": envelope.type}
    propagate.inject(headers, context=context)
    return [(name, value.encode()) for name, value in headers.items()]


# Largest batch of records per partition in one produce request. aiokafka's 16 KiB fills with about 15 events, and
# with idempotence one request per partition is in flight: a replay's bulk then goes out in many small requests, and
# the broker's CPU per record is about twice that of 512 KiB batches (as the outbox relay's producer sends them). The
# batch still leaves as soon as the one before is acknowledged (no linger): a single event waits for nothing.
PUBLISH_BATCH_BYTES = 512 * 1024


class Publisher:
    """An idempotent producer (acks=all) that sends envelopes to their type's topic, keyed by subject. Each event
    gets a producer span whose context travels in its `traceparent` header; a participant's events all go under
    one span, so with tracing set up (`setup_tracing`) their journey is one trace."""

    def __init__(
        self, bootstrap: str, security: KafkaSecurity | None = None, batch_bytes: int = PUBLISH_BATCH_BYTES
    ) -> None:
        self._producer = AIOKafkaProducer(
            bootstrap_servers=bootstrap,
            enable_idempotence=True,
            acks="all",
            max_batch_size=batch_bytes,
            **kafka_client_options(security),
        )
        self._journeys: dict[str, Span] = {}

    async def __aenter__(self) -> "Publisher":
        try:
            await self._producer.start()
        except BaseException:
            await self._producer.stop()  # a producer that never started still holds a client to close
            raise
        return self

    async def __aexit__(self, *_: object) -> None:
        await self._producer.stop()
        for span in self._journeys.values():
            span.end()

    async def send(self, envelopes: Iterable[Envelope[Any]]) -> int:
        """Send in order; returns once every one is acknowledged."""
        acknowledgements = [await self._enqueue(e) for e in envelopes]
        await asyncio.gather(*acknowledgements)
        return len(acknowledgements)

    async def send_raw(self, topic: str, key: bytes, value: bytes) -> None:
        """Send bytes that need not be an event at all (tests use it for poison messages)."""
        await self._producer.send_and_wait(topic, value, key=key)

    async def _enqueue(self, e: Envelope[Any]) -> "asyncio.Future[object]":
        topic, value, key = topic_of(e), e.model_dump_json().encode(), e.subject.encode()
        if e.subject not in self._journeys:
            self._journeys[e.subject] = journey_span(e.subject)
        span = producer_span(topic, e.id, key, e.type, trace.set_span_in_context(self._journeys[e.subject]))
        try:
            headers = headers_of(e, trace.set_span_in_context(span))
            future: asyncio.Future[object] = await self._producer.send(topic, value, key=key, headers=headers)
        except BaseException:
            span.end()
            raise
        end_on_acknowledgement(span, future)
        return future


async def publish(bootstrap: str, envelopes: Iterable[Envelope[Any]], security: KafkaSecurity | None = None) -> int:
    """Publish each envelope to its type's topic, keyed by subject; returns once all are acknowledged."""
    async with Publisher(bootstrap, security) as publisher:
        return await publisher.send(envelopes)


@dataclass(frozen=True)
class Received:
    """One record read back: where it was, its headers, and its envelope (None when it does not parse)."""

    topic: str
    partition: int
    offset: int
    headers: dict[str, str]
    value: bytes
    envelope: Envelope[Any] | None


async def topic_partitions(
    bootstrap: str, names: Iterable[str], security: KafkaSecurity | None = None, strict: bool = False
) -> list[TopicPartition]:
    """Every partition of the named topics that exist and that this principal may see; `strict` makes a topic it may
    not see an error (TopicAuthorizationFailedError naming them) rather than left out."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, **kafka_client_options(security))
    await admin.start()
    try:
        return await described_partitions(admin, names, strict)
    finally:
        await admin.close()


async def described_partitions(
    admin: AIOKafkaAdminClient, names: Iterable[str], strict: bool = False
) -> list[TopicPartition]:
    """`topic_partitions` through an admin client already started."""
    described = await admin.describe_topics(list(names))
    refused = sorted(t["topic"] for t in described if t["error_code"] == TopicAuthorizationFailedError.errno)
    if strict and refused:
        raise TopicAuthorizationFailedError(f"may not describe {', '.join(refused)}")
    return [TopicPartition(t["topic"], p["partition"]) for t in described for p in t["partitions"]]


def _received(record: Any) -> Received:
    try:
        envelope: Envelope[Any] | None = parse_envelope(record.value)
    except ValueError:
        envelope = None
    headers = {name: value.decode(errors="replace") for name, value in record.headers}
    return Received(record.topic, record.partition, record.offset, headers, record.value, envelope)


class TopicReader:
    """Reads topics from the beginning, without a consumer group, and keeps every record seen."""

    def __init__(self, bootstrap: str, topics: Iterable[str], security: KafkaSecurity | None = None) -> None:
        self._bootstrap = bootstrap
        self._topics = list(topics)
        self._security = security
        self.records: list[Received] = []
        self._consumer: AIOKafkaConsumer | None = None

    async def __aenter__(self) -> "TopicReader":
        partitions = await topic_partitions(self._bootstrap, self._topics, self._security)
        if not partitions:
            raise LookupError(f"none of the topics {self._topics} exists on {self._bootstrap}")
        self._consumer = AIOKafkaConsumer(
            bootstrap_servers=self._bootstrap, enable_auto_commit=False, **kafka_client_options(self._security)
        )
        try:
            await self._consumer.start()
        except BaseException:
            await self._consumer.stop()
            raise
        self._consumer.assign(partitions)
        await self._consumer.seek_to_beginning(*partitions)
        return self

    async def __aexit__(self, *_: object) -> None:
        if self._consumer is not None:
            await self._consumer.stop()

    async def poll(self, timeout_ms: int = 200) -> list[Received]:
        assert self._consumer is not None
        batches = await self._consumer.getmany(timeout_ms=timeout_ms)
        new = [_received(r) for records in batches.values() for r in records]
        self.records.extend(new)
        return new

    async def wait_for(self, match: Callable[[Received], bool], count: int = 1, timeout: float = 60) -> list[Received]:
        """Poll until `count` records match; TimeoutError naming what was seen otherwise."""
        deadline = asyncio.get_running_loop().time() + timeout
        while len(found := [r for r in self.records if match(r)]) < count:
            if asyncio.get_running_loop().time() > deadline:
                seen = [r.envelope.type if r.envelope else r.topic for r in self.records[-20:]]
                raise TimeoutError(f"{len(found)}/{count} matching records after {timeout}s; last seen: {seen}")
            await self.poll()
        return found
