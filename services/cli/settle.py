"""Waiting until the services have processed everything published so far (consumer lag zero, no new output)."""

import asyncio
from collections.abc import Mapping

from aiokafka import AIOKafkaConsumer
from aiokafka.admin import AIOKafkaAdminClient

from services.cli.bus import topic_partitions


def service_inputs() -> dict[str, tuple[str, ...]]:
    """Each service's consumer group and the topics it reads."""
    from services.integration.app import SPEC as INTEGRATION
    from services.recognition.app import SPEC as RECOGNITION
    from services.recruitment.app import SPEC as RECRUITMENT
    from services.reintegration.app import SPEC as REINTEGRATION

    return {spec.name: spec.input_topics for spec in (RECOGNITION, RECRUITMENT, INTEGRATION, REINTEGRATION)}


async def total_lag(bootstrap: str, groups: Mapping[str, tuple[str, ...]]) -> tuple[int, int]:
    """(records not yet processed by some group, sum of end offsets); the second tells whether output still grows."""
    topics = sorted({t for inputs in groups.values() for t in inputs})
    partitions = await topic_partitions(bootstrap, topics)
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap)
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await consumer.start()
    await admin.start()
    try:
        ends = await consumer.end_offsets(partitions)
        lag = 0
        for group, inputs in groups.items():
            committed = await admin.list_consumer_group_offsets(group)
            lag += sum(
                end - (committed[tp].offset if tp in committed else 0) for tp, end in ends.items() if tp.topic in inputs
            )
        return lag, sum(ends.values())
    finally:
        await consumer.stop()
        await admin.close()


async def settle(bootstrap: str, groups: Mapping[str, tuple[str, ...]] | None = None, timeout: float = 120) -> None:
    """Return once every group has caught up and nothing new appeared for two consecutive looks."""
    groups = groups or service_inputs()
    deadline = asyncio.get_running_loop().time() + timeout
    previous, quiet = -1, 0
    while quiet < 2:
        lag, ends = await total_lag(bootstrap, groups)
        quiet = quiet + 1 if lag == 0 and ends == previous else 0
        previous = ends
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError(f"services still {lag} records behind after {timeout}s")
        await asyncio.sleep(0.25)
