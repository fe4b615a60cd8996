"""A service applies its batches on one thread of its own, whatever else its threads do meanwhile: batches taking
turns over asyncio's pool left a malloc arena in each thread, holding the high-water mark of its largest batch. A
batch of a few participant events is applied on the event loop instead: handing it to a thread and back costs more
than applying it."""

import asyncio
import threading

from contracts import topics
from services.common.incoming import Incoming
from services.common.outbox import Pending
from services.common.processor import Result
from services.common.service import LOOP_BATCH_RECORDS, ServiceRuntime
from services.common.settings import ServiceSettings
from services.recognition.app import SPEC


def batch(size: int, topic: str = topics.QUALIFICATIONS) -> list[Incoming]:
    return [Incoming(topic, 0, offset, b"p", b"{}") for offset in range(size)]


class ThreadsSeen:
    """Stands in for the processor: notes the thread that applies each batch."""

    def __init__(self) -> None:
        self.threads: set[int] = set()

    def process_batch(self, records: list[Incoming], marks: object = ()) -> list[Result]:
        self.threads.add(threading.get_ident())
        return []

    def take_committed_rows(self) -> list[Pending]:
        self.threads.add(threading.get_ident())
        return []


async def test_every_batch_is_applied_on_the_same_thread_while_the_pool_is_busy() -> None:
    runtime = ServiceRuntime(SPEC, ServiceSettings(), SPEC.policy())
    seen = ThreadsSeen()
    runtime.processor = seen  # type: ignore[assignment]
    started = threading.Barrier(4)  # four threads of asyncio's pool exist and take turns with the batches
    try:
        await asyncio.gather(*(asyncio.to_thread(started.wait) for _ in range(4)))
        for _ in range(40):
            await asyncio.gather(runtime.apply(batch(LOOP_BATCH_RECORDS + 1)), asyncio.to_thread(threading.get_ident))
    finally:
        runtime._batches.shutdown()
    assert len(seen.threads) == 1
    assert threading.get_ident() not in seen.threads  # not the event loop's thread either


async def test_a_few_participant_events_are_applied_on_the_event_loop_and_a_clock_tick_on_the_batch_thread() -> None:
    runtime = ServiceRuntime(SPEC, ServiceSettings(), SPEC.policy())
    on_the_loop, on_the_batch_thread = ThreadsSeen(), ThreadsSeen()
    try:
        runtime.processor = on_the_loop  # type: ignore[assignment]
        await runtime.apply(batch(1))
        await runtime.apply(batch(LOOP_BATCH_RECORDS))
        runtime.processor = on_the_batch_thread  # type: ignore[assignment]
        await runtime.apply(batch(1, topics.CLOCK))
        await runtime.apply([*batch(1), *batch(1, topics.CLOCK)])
    finally:
        runtime._batches.shutdown()
    assert on_the_loop.threads == {threading.get_ident()}
    assert len(on_the_batch_thread.threads) == 1 and threading.get_ident() not in on_the_batch_thread.threads
