"""Builds a service process: broker, database, subscriber, outbox relay and their life cycle."""

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from faststream import AckPolicy, FastStream
from faststream.kafka.annotations import KafkaMessage
from faststream.specification import AsyncAPI

from contracts import EventData
from contracts.topics import dead_letter_topic
from services.common.database import create_database
from services.common.handling import EventProcessor, Handler, is_transient
from services.common.kafka import create_broker, ensure_topics, incoming, keep_bytes, publisher
from services.common.logs import configure_logging, log_result
from services.common.outbox import OutboxRelay
from services.common.settings import ServiceSettings
from services.common.telemetry import setup_tracing

log = logging.getLogger("services")
T = TypeVar("T")


@dataclass(frozen=True)
class ServiceSpec:
    """What makes one service different from another."""

    name: str
    description: str
    input_topics: tuple[str, ...]
    output_topic: str
    handlers: Mapping[type[EventData], Handler]
    tables: tuple[Any, ...] = ()


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


def create_service_app(spec: ServiceSpec, settings: ServiceSettings) -> FastStream:
    """The FastStream application of one service, ready for `await app.run()`."""
    configure_logging()
    broker = create_broker(settings.kafka_bootstrap_servers, spec.name, setup_tracing(spec.name))
    engine = create_database(settings.resolved_database_url(), spec.tables)
    processor = EventProcessor(spec.name, engine, spec.handlers, spec.output_topic, settings.max_event_bytes)
    relay = OutboxRelay(
        engine,
        publisher(broker),
        batch_size=settings.relay_batch_size,
        poll_seconds=settings.relay_poll_seconds,
        crash_after=settings.fault_crash_after_publish,
    )
    subscriber = broker.subscriber(
        *spec.input_topics,
        group_id=spec.name,
        auto_offset_reset="earliest",
        ack_policy=AckPolicy.NACK_ON_ERROR,  # commit only after the transaction; an escaped error re-reads, not drops
        decoder=keep_bytes,
        title=f"{spec.name}-input",
        description=spec.description,
    )

    @subscriber
    async def handle(message: KafkaMessage) -> None:
        record = incoming(message)
        result = await retry_transient(
            lambda: asyncio.to_thread(processor.process, record), settings.retry_max_backoff_seconds
        )
        log_result(log, spec.name, result)
        if result.emitted or result.error:
            relay.wake()

    relay_task: list[asyncio.Task[None]] = []

    async def create_topics() -> None:
        names = (*spec.input_topics, spec.output_topic, dead_letter_topic(spec.name))
        await ensure_topics(settings.kafka_bootstrap_servers, names, settings.topic_partitions)

    async def start_relay() -> None:
        relay_task.append(asyncio.create_task(relay.run(), name=f"{spec.name}-outbox-relay"))

    async def stop_cleanly() -> None:
        await subscriber.stop()  # finish the event in hand, commit its offset
        await relay.drain()  # publish what it emitted while the producer is still open
        for task in relay_task:
            task.cancel()

    return FastStream(
        broker,
        logger=log,
        on_startup=[create_topics],
        after_startup=[start_relay],
        on_shutdown=[stop_cleanly],
        after_shutdown=[engine.dispose],
        specification=AsyncAPI(title=f"{spec.name} service", version="1.0.0", description=spec.description),
    )
