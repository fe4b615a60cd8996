"""Builds a service process: broker, database, subscriber, outbox relay and their life cycle."""

import asyncio
import contextvars
import functools
import logging
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from faststream import AckPolicy, FastStream
from faststream.kafka.annotations import KafkaMessage
from faststream.specification import AsyncAPI
from sqlalchemy import Engine

from contracts import EventData, topics
from contracts.erasure import ErasureRequested
from contracts.topics import dead_letter_topic
from services.common.cases import CASE_TABLES
from services.common.collector import settle_after_startup
from services.common.context import Handler
from services.common.database import create_database, database_answers
from services.common.erasure import erase_participant
from services.common.flow import CaseFlow, PolicyT
from services.common.health import HealthServer, Page
from services.common.incoming import Incoming
from services.common.kafka import (
    CommitsBehind,
    consumer_lag,
    create_broker,
    ensure_topics,
    incoming,
    keep_bytes,
    lenient_headers,
    poll_without_pause,
    publisher,
    relay_producer,
)
from services.common.logs import configure_logging, log_results
from services.common.metrics import ServiceMetrics
from services.common.outbox import OutboxRelay, Pending, backlog
from services.common.processor import EventProcessor, Outcome, Result, is_transient
from services.common.settings import ServiceSettings
from services.common.telemetry import setup_tracing

log = logging.getLogger("services")
_MAY_LEAVE_ROWS = frozenset({Outcome.DEAD_LETTERED, Outcome.DUPLICATE})
T = TypeVar("T")


@dataclass(frozen=True)
class ServiceSpec(Generic[PolicyT]):
    """What makes one service different from another. Every service also reads `mobility.participants` and honours
    erasure requests on it."""

    name: str
    description: str
    reads: tuple[str, ...]  # the topics it reads besides mobility.participants
    output_topic: str | None  # None: a read model, which publishes nothing (only dead letters)
    flow: CaseFlow[Any, PolicyT]
    policy: Callable[[], PolicyT]  # the default policy, for tools that look at a service without settings
    tables: tuple[Any, ...] = CASE_TABLES
    pages: Callable[[Engine, Any], Mapping[str, Page]] | None = None  # its own HTTP pages, from database and settings
    erasure: Handler = erase_participant  # a service that keeps more about a participant erases that too

    @property
    def input_topics(self) -> tuple[str, ...]:
        return topics.with_participants(self.reads)

    @property
    def event_types(self) -> tuple[type[EventData], ...]:
        """The events it handles."""
        return (*self.flow.event_types, ErasureRequested)

    def handlers(self, policy: PolicyT | None = None) -> Mapping[type[EventData], Handler]:
        policy = self.policy() if policy is None else policy
        return {**self.flow.handlers(policy), ErasureRequested: self.erasure}

    def processor(
        self, engine: Engine, policy: PolicyT | None = None, max_event_bytes: int = 256 * 1024
    ) -> EventProcessor:
        return EventProcessor(self.name, engine, self.handlers(policy), self.output_topic, max_event_bytes)


async def retry_transient(call: Callable[[], Awaitable[T]], max_backoff: float) -> T:
    """Retry database outages and lock timeouts with backoff, forever: they are never the event's fault."""
    delay = 0.05
    while True:
        try:
            return await call()
        except Exception as exc:
            if not is_transient(exc):
                raise
            log.warning("transient failure, retrying in %.2fs: %r", delay, exc)
            await asyncio.sleep(delay)
            delay = min(delay * 2, max_backoff)


class ServiceRuntime(Generic[PolicyT]):
    """Everything one service process holds: broker, database, processor, outbox relay, health and metrics. The
    subscriber is declared when the app is built; the database, tracer and relay open at start-up."""

    def __init__(self, spec: ServiceSpec[PolicyT], settings: ServiceSettings, policy: PolicyT) -> None:
        self.spec, self.settings, self.policy = spec, settings, policy
        self.broker = create_broker(settings, spec.name)
        self.subscriber = self.broker.subscriber(
            *spec.input_topics,
            group_id=spec.name,
            auto_offset_reset="earliest",
            ack_policy=AckPolicy.NACK_ON_ERROR,  # commit after the transaction; an escaped error re-reads, not drops
            batch=True,  # one transaction and one offset commit per batch, not per record
            max_records=settings.consume_batch_size,
            batch_timeout_ms=settings.consume_wait_ms,  # the longest poll: records end it at once
            parser=lenient_headers,
            decoder=keep_bytes,
            title=f"{spec.name}-input",
            description=spec.description,
        )
        poll_without_pause(self.subscriber)
        self.subscriber(self.handle)
        self.commits = CommitsBehind()
        self._relay_task: asyncio.Task[None] | None = None
        # Batches are applied on one thread of their own, not on whichever thread of asyncio's pool is free: each
        # thread that allocates gets its own malloc arena, which keeps the high-water mark of the largest batch it
        # ever applied, so batches taking turns over the pool's threads multiplied the resident memory.
        self._batches = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"{spec.name}-batches")

    async def open(self) -> None:
        """Tracer, database, processor, relay, metrics and health server; then the topics the service needs."""
        spec, settings = self.spec, self.settings
        setup_tracing(spec.name)
        self.engine = await asyncio.to_thread(create_database, settings.database_url_of(spec.name), spec.tables)
        self.processor = spec.processor(self.engine, self.policy, settings.max_event_bytes)
        self.producer = relay_producer(settings, spec.name)
        await self.producer.start()
        self.relay = OutboxRelay(
            self.engine,
            publisher(self.producer),
            batch_size=settings.relay_batch_size,
            poll_seconds=settings.relay_poll_seconds,
            crash_after=settings.fault_crash_after_publish,
            keep_published=settings.outbox_keep_published,
        )
        self.metrics = ServiceMetrics(spec.name, backlog=lambda: backlog(self.engine))
        pages = spec.pages(self.engine, settings) if spec.pages else None
        self.health = HealthServer(settings.http_port, self.ready, self.exposition, pages)
        await self.create_topics()

    async def handle(self, message: KafkaMessage) -> None:
        records, started = incoming(message), time.perf_counter()
        self.commits.of(message)  # its offsets are committed on return, while the next batch is polled and applied
        # The rows the relay sent are marked published before the batch is applied (in the background as they go out;
        # what a marking in flight left, in the batch's transaction): an erasure deletes the rows about the
        # participant already published and keeps those still owed, so it must not take one for the other.
        marks = await self.relay.take_marks()
        marked = time.perf_counter()
        try:
            results, rows = await retry_transient(
                lambda: self.apply(records, marks), self.settings.retry_max_backoff_seconds
            )
        except BaseException:
            self.relay.marks_not_committed(marks)
            raise
        self.relay.marks_committed(marks)
        applied = time.perf_counter()
        self.metrics.observe(results, applied - started)
        log_results(log, self.spec.name, results)
        # A redelivered duplicate may be the batch of an instance that died before publishing what it wrote: then
        # the relay reads the table, where those rows wait, rather than sending only this batch's rows from memory;
        # so it does for a batch that wrote more rows than it held (rows None).
        read_table = rows is None or any(result.outcome in _MAY_LEAVE_ROWS for result in results)
        if rows or read_table:
            self.relay.written()
        # What the batch emitted goes out before its offsets are committed (on return): offsets at the end of the
        # inputs then mean that the outputs are on Kafka too, which is how `mobility replay` knows it may go on.
        await self.relay.flush(() if read_table or rows is None else rows)
        self.metrics.observe_batch(len(records), marked - started, applied - marked, time.perf_counter() - applied)

    def apply(
        self, records: list[Incoming], marks: Sequence[int] = ()
    ) -> "asyncio.Future[tuple[list[Result], list[Pending] | None]]":
        """Apply a batch as `asyncio.to_thread` would (in a copy of the caller's context), but on the batch thread;
        with the results, the outbox rows it committed. `marks`: published outbox rows to mark in its transaction."""
        apply = functools.partial(contextvars.copy_context().run, self._apply, records, marks)
        return asyncio.get_running_loop().run_in_executor(self._batches, apply)

    def _apply(self, records: list[Incoming], marks: Sequence[int]) -> tuple[list[Result], list[Pending] | None]:
        results = self.processor.process_batch(records, marks)
        return results, self.processor.take_committed_rows()

    async def create_topics(self) -> None:
        output = (self.spec.output_topic,) if self.spec.output_topic else ()
        names = (*self.spec.input_topics, *output, dead_letter_topic(self.spec.name))
        settings = self.settings
        await ensure_topics(
            settings.kafka_bootstrap_servers,
            names,
            settings.topic_partitions,
            settings.topic_replication_factor,
            settings.kafka_security,
        )

    async def start_background(self) -> None:
        settle_after_startup()
        self._relay_task = asyncio.create_task(self.relay.run(), name=f"{self.spec.name}-outbox-relay")
        if self.settings.http_port:
            await self.health.start()

    async def stop_cleanly(self) -> None:
        await self.commits.stop()
        await self.subscriber.stop()  # finish the batch in hand, commit its offsets
        await self.relay.drain()  # publish what it emitted while the producer is still open
        if self._relay_task is not None:
            self._relay_task.cancel()
        await self.health.stop()

    async def close(self) -> None:
        await self.producer.stop()
        self._batches.shutdown()
        self.engine.dispose()

    async def ready(self) -> bool:
        """Ready when the broker answers a metadata request and the database a query."""
        database = await asyncio.to_thread(database_answers, self.engine)
        return database and await self.broker.ping(timeout=2)

    async def exposition(self) -> bytes:
        self.metrics.lag.labels(self.spec.name).set(await consumer_lag(self.subscriber.consumer))
        return self.metrics.exposition()


def create_service_app(spec: ServiceSpec[PolicyT], settings: ServiceSettings, policy: PolicyT) -> FastStream:
    """The FastStream application of one service, ready for `await app.run()`."""
    configure_logging()
    runtime = ServiceRuntime(spec, settings, policy)
    return FastStream(
        runtime.broker,
        logger=log,
        on_startup=[runtime.open],
        after_startup=[runtime.start_background],
        on_shutdown=[runtime.stop_cleanly],
        after_shutdown=[runtime.close],
        specification=AsyncAPI(title=f"{spec.name} service", version="1.0.0", description=spec.description),
    )
