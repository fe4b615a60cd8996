"""Waiting until the services have processed everything published so far (consumer lag zero, no new output)."""

import asyncio
from collections.abc import Mapping

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import KafkaError

from services.cli.bus import topic_partitions
from services.common.settings import KafkaSecurity, kafka_client_options


def service_inputs() -> dict[str, tuple[str, ...]]:
    """Each service's consumer group and the topics it reads."""
    from services.catalog import SPECS

    return {spec.name: spec.input_topics for spec in SPECS}


class Settler:
    """Keeps one admin client and one consumer open, to ask cheaply and often how far behind the groups are."""

    def __init__(
        self, bootstrap: str, groups: Mapping[str, tuple[str, ...]] | None = None, security: KafkaSecurity | None = None
    ) -> None:
        self._bootstrap, self._security = bootstrap, security
        self._groups = dict(groups or service_inputs())
        self._admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, **kafka_client_options(security))
        self._consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, **kafka_client_options(security))
        self._partitions: list[TopicPartition] = []

    async def __aenter__(self) -> "Settler":
        topics = sorted({t for inputs in self._groups.values() for t in inputs})
        self._partitions = await topic_partitions(self._bootstrap, topics, self._security)
        await self._admin.start()
        await self._consumer.start()
        return self

    async def __aexit__(self, *_: object) -> None:
        await self._consumer.stop()
        await self._admin.close()

    async def lag(self) -> tuple[int, int]:
        """(records some group has not processed yet, sum of end offsets: it tells whether output still grows)."""
        ends = await self._consumer.end_offsets(self._partitions)
        lag = 0
        for group, inputs in self._groups.items():
            committed = await self._admin.list_consumer_group_offsets(group)
            done = {tp: meta.offset for tp, meta in committed.items()}
            lag += sum(end - done.get(tp, 0) for tp, end in ends.items() if tp.topic in inputs)
        return lag, sum(ends.values())

    async def settle(self, timeout: float = 120, interval: float = 0.1, quiet_looks: int = 3) -> None:
        """Return once every group has caught up and nothing new appeared for `quiet_looks` looks in a row
        (an outbox relay publishes a moment after its consumer commits)."""
        deadline = asyncio.get_running_loop().time() + timeout
        previous, quiet = (-1, -1), 0
        while True:
            try:
                current = await self.lag()
            except KafkaError:  # the group coordinator is still starting: not settled yet
                current = (-1, -1)
            quiet = quiet + 1 if current[0] == 0 and current == previous else 0
            if quiet >= quiet_looks - 1:
                return
            if asyncio.get_running_loop().time() > deadline:
                raise TimeoutError(f"services still {current[0]} records behind after {timeout}s")
            previous = current
            await asyncio.sleep(interval)


async def settle(
    bootstrap: str,
    groups: Mapping[str, tuple[str, ...]] | None = None,
    timeout: float = 120,
    security: KafkaSecurity | None = None,
) -> None:
    async with Settler(bootstrap, groups, security) as settler:
        await settler.settle(timeout)
