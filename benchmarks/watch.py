"""Watching a run: consumer lag of the groups and growth of their output topics, until all is quiet."""

import asyncio
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import KafkaError
from aiokafka.protocol.admin import DescribeGroupsRequest_v0, DescribeGroupsRequest_v1, DescribeGroupsRequest_v2
from aiokafka.protocol.api import Request

from services.cli.bus import topic_partitions


class DescribeGroups(Request[DescribeGroupsRequest_v0 | DescribeGroupsRequest_v1 | DescribeGroupsRequest_v2]):  # type: ignore[misc]
    """DescribeGroups up to v2: aiokafka 0.14 pairs its v3 request with the v2 response and cannot decode it."""

    API_KEY = 15

    def __init__(self, groups: list[str]) -> None:
        self._groups = groups

    def build(self, request_struct_class: type[Any]) -> Any:
        return request_struct_class(self._groups)


@dataclass(frozen=True)
class Span:
    """When work was first seen, when the last change was seen, and how long the whole wait took."""

    first: float
    last: float
    waited: float

    @property
    def seconds(self) -> float:
        return max(self.last - self.first, 1e-3)


class Watcher:
    """Polls cheaply (one admin and one consumer); `first` is the first commit seen, `last` the last change."""

    def __init__(self, bootstrap: str, groups: Mapping[str, Sequence[str]], outputs: Sequence[str]) -> None:
        self._bootstrap = bootstrap
        self._groups = {group: set(inputs) for group, inputs in groups.items()}
        self._outputs = list(outputs)
        self._admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
        self._consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap)
        self._partitions: list[TopicPartition] = []

    async def __aenter__(self) -> "Watcher":
        names = {t for inputs in self._groups.values() for t in inputs} | set(self._outputs)
        self._partitions = await topic_partitions(self._bootstrap, sorted(names))
        await self._admin.start()
        await self._consumer.start()
        return self

    async def __aexit__(self, *_: object) -> None:
        await self._consumer.stop()
        await self._admin.close()

    async def look(self) -> tuple[int, int, int]:
        """(records not yet committed by some group, records committed, records on the output topics)."""
        ends = await self._consumer.end_offsets(self._partitions)
        lag = done = 0
        for group, inputs in self._groups.items():
            committed = {tp: meta.offset for tp, meta in (await self._admin.list_consumer_group_offsets(group)).items()}
            for tp, end in ends.items():
                if tp.topic in inputs:
                    lag += end - committed.get(tp, 0)
                    done += committed.get(tp, 0)
        return lag, done, sum(end for tp, end in ends.items() if tp.topic in self._outputs)

    async def until_stable(self, members: int, timeout: float = 60) -> None:
        """Wait until every group is Stable with `members` members: joining and rebalancing are over."""
        deadline = time.monotonic() + timeout
        while not all([await self._stable(group, members) for group in self._groups]):
            if time.monotonic() > deadline:
                raise TimeoutError(f"consumer groups {sorted(self._groups)} not stable after {timeout:.0f}s")
            await asyncio.sleep(0.2)

    async def _stable(self, group: str, members: int) -> bool:
        try:
            node = await self._admin.find_coordinator(group)
            response = await self._admin._send_request(DescribeGroups([group]), node)
        except KafkaError:
            return False
        error, _, state, _, _, described = response.groups[0]
        return bool(error == 0 and state == "Stable" and len(described) == members)

    async def until_quiet(
        self, baseline: tuple[int, int, int], check: Callable[[], None], timeout: float, quiet_seconds: float = 2.0
    ) -> Span:
        """Wait until every group has lag 0 and nothing changed for `quiet_seconds` since `baseline` (a look
        taken before the services started; the relay publishes after the commit and polls every 0.5 s when idle).
        `check` raises when a process died."""
        interval = 0.1
        started = time.monotonic()
        first: float | None = None
        previous, last_change = baseline, started
        while True:
            check()
            try:
                current = await self.look()
            except KafkaError:  # a group coordinator still loading
                current = previous
            now = time.monotonic()
            if first is None and current[1:] != baseline[1:]:
                first = now - interval / 2
            if current != previous:
                previous, last_change = current, now
            if current[0] == 0 and first is not None and now - last_change >= quiet_seconds:
                return Span(first, last_change, now - started)
            if now - started > timeout:
                raise TimeoutError(f"still {current[0]} records behind after {timeout:.0f}s")
            await asyncio.sleep(interval)
