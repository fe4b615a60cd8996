"""Replaying a stream: batches published in order, paced by event time if asked, settled in between."""

from collections.abc import Callable
from datetime import datetime
from typing import Any

import anyio

from contracts import Envelope
from mobility.bus import Publisher
from mobility.streams import publish_rounds, replay_batches
from mobility.watch import GroupWatch
from services.common.settings import KafkaSecurity

Progress = Callable[[int], None]


def _batches(
    envelopes: list[Envelope[Any]], speed: float | None, settled: bool, by_day: bool
) -> list[list[Envelope[Any]]]:
    if settled:
        return publish_rounds(envelopes) if by_day else replay_batches(envelopes)
    return [[e] for e in envelopes] if speed else [envelopes]


async def replay(
    bootstrap: str,
    envelopes: list[Envelope[Any]],
    progress: Progress,
    speed: float | None = None,
    settled: bool = True,
    security: KafkaSecurity | None = None,
    by_day: bool = False,
) -> int:
    """Publish `envelopes` in stream order. `settled` waits for the services between batches, which makes the
    outputs identical on every replay; `by_day` settles only around clock ticks and between each participant's
    events of a day (what `mobility publish` does: the same decisions, fewer waits); `speed` also sleeps
    event-time gaps divided by `speed`."""
    previous: datetime | None = None
    async with Publisher(bootstrap, security) as publisher, GroupWatch(bootstrap, security=security) as settler:
        for batch in _batches(envelopes, speed, settled, by_day):
            if speed and previous is not None:
                await anyio.sleep(max((batch[0].time - previous).total_seconds(), 0) / speed)
            progress(await publisher.send(batch))
            previous = batch[-1].time
            if settled:
                await settler.settle()
    return len(envelopes)
