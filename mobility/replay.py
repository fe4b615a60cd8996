"""Replaying a stream: batches published in order, paced by event time if asked, settled in between."""

from collections.abc import Callable
from contextlib import AsyncExitStack
from datetime import datetime
from typing import Any

import anyio
from aiokafka.errors import GroupAuthorizationFailedError, KafkaError

from contracts import Envelope
from mobility.bus import Publisher
from mobility.streams import publish_rounds, replay_batches
from mobility.watch import GroupWatch
from services.common.settings import KafkaSecurity

Progress = Callable[[int], None]


def _batches(envelopes: list[Envelope[Any]], speed: float | None, settled: bool) -> list[list[Envelope[Any]]]:
    if settled:  # paced by event time, batches must keep the stream's time order; rounds need fewer waits
        return replay_batches(envelopes) if speed else publish_rounds(envelopes)
    return [[e] for e in envelopes] if speed else [envelopes]


async def _may_watch(settler: GroupWatch) -> None:
    """Fail before sending anything when this login may not describe the services' consumer groups (settling would
    wait in vain); any other error is a coordinator still loading, which settling waits out."""
    try:
        await settler.look()
    except GroupAuthorizationFailedError:
        raise
    except KafkaError:
        pass


async def replay(
    bootstrap: str,
    envelopes: list[Envelope[Any]],
    progress: Progress,
    speed: float | None = None,
    settled: bool = True,
    security: KafkaSecurity | None = None,
) -> int:
    """Publish `envelopes` in stream order. `settled` waits for the services after each round (between two clock
    ticks, round k holds every participant's k-th event there) and each tick, which makes the outputs identical on
    every replay; `speed` sends in time order instead, at most one event per participant between two waits, and
    sleeps event-time gaps divided by `speed`."""
    previous: datetime | None = None
    async with AsyncExitStack() as stack:
        publisher = await stack.enter_async_context(Publisher(bootstrap, security))
        # Only settling needs DESCRIBE on the services' consumer groups and on the topics they read.
        settler = await stack.enter_async_context(GroupWatch(bootstrap, security=security)) if settled else None
        if settler is not None:
            await _may_watch(settler)
        for batch in _batches(envelopes, speed, settled):
            if speed and previous is not None:
                await anyio.sleep(max((batch[0].time - previous).total_seconds(), 0) / speed)
            progress(await publisher.send(batch))
            previous = batch[-1].time
            if settler is not None:
                await settler.settle()
    return len(envelopes)
