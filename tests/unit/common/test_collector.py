"""A service settles the garbage collector once started, as the in-process benchmarks that price it do."""

import asyncio
import gc

from services.common.collector import YOUNG_THRESHOLD
from services.common.service import ServiceRuntime
from services.common.settings import ServiceSettings
from services.recognition.app import SPEC


class IdleRelay:
    """Stands in for the outbox relay, which would poll the database."""

    async def run(self) -> None:
        await asyncio.Event().wait()


async def test_a_started_service_collects_its_young_objects_less_often_and_never_sweeps_start_up_again() -> None:
    runtime = ServiceRuntime(SPEC, ServiceSettings(), SPEC.policy())
    runtime.relay = IdleRelay()  # type: ignore[assignment]
    thresholds = gc.get_threshold()
    try:
        await runtime.start_background()
        assert gc.get_threshold()[0] == YOUNG_THRESHOLD > thresholds[0]
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)
        if runtime._relay_task is not None:
            runtime._relay_task.cancel()
        runtime._batches.shutdown()
