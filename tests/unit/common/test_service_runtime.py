"""A service applies its batches on one thread of its own, whatever else its threads do meanwhile: batches taking
turns over asyncio's pool left a malloc arena in each thread, holding the high-water mark of its largest batch."""

import asyncio
import threading

from services.common.incoming import Incoming
from services.common.outbox import Pending
from services.common.processor import Result
from services.common.service import ServiceRuntime
from services.common.settings import ServiceSettings
from services.recognition.app import SPEC


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
            await asyncio.gather(runtime.apply([]), asyncio.to_thread(threading.get_ident))
    finally:
        runtime._batches.shutdown()
    assert len(seen.threads) == 1
    assert threading.get_ident() not in seen.threads  # not the event loop's thread either
