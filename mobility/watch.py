"""Watching the services' consumer groups: how far behind they are and whether their output still grows.

One watcher serves the replay (settle between batches), the tests (wait until the services are done) and the
benchmarks (time a run from its first commit to its last change)."""

import asyncio
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import KafkaError
from aiokafka.protocol.admin import DescribeGroupsRequest_v0, DescribeGroupsRequest_v1, DescribeGroupsRequest_v2
from aiokafka.protocol.api import Request
from aiokafka.structs import OffsetAndMetadata

from contracts import topics
from mobility.bus import described_partitions
from mobility.commits import CommitFeed
from services.common.settings import KafkaSecurity, kafka_client_options


def service_inputs() -> dict[str, tuple[str, ...]]:
    """Each deciding service's consumer group and the topics it reads (insights, which decides nothing, is waited
    for by name where its figures are read: `insights_inputs`)."""
    return {service: topics.INPUTS[service] for service in topics.SERVICES}


def insights_inputs() -> dict[str, tuple[str, ...]]:
    return {service: topics.INPUTS[service] for service in topics.READ_MODELS}


class Look(NamedTuple):
    """One look at the groups: records not yet committed by some group, records committed, records on the outputs."""

    lag: int
    committed: int
    output: int


UNKNOWN = Look(-1, -1, -1)  # no answer yet (a group coordinator still loading)
FEED_BACKSTOP = 0.05  # seconds a settle waits for a commit it has not seen before it looks anyway


@dataclass(frozen=True)
class Span:
    """When work was first seen, when the last change was seen, and how long the whole wait took."""

    first: float
    last: float
    waited: float

    @property
    def seconds(self) -> float:
        return max(self.last - self.first, 1e-3)


class DescribeGroups(Request[DescribeGroupsRequest_v0 | DescribeGroupsRequest_v1 | DescribeGroupsRequest_v2]):  # type: ignore[misc]
    """DescribeGroups up to v2: aiokafka 0.14 pairs its v3 request with the v2 response and cannot decode it."""

    API_KEY = 15

    def __init__(self, groups: list[str]) -> None:
        self._groups = groups

    def build(self, request_struct_class: type[Any]) -> Any:
        return request_struct_class(self._groups)


class GroupWatch:
    """Keeps one admin client and one consumer open, to ask cheaply and often how far behind the groups are.
    `outputs` are the topics whose growth counts as work still going on (default: every topic the groups read)."""

    def __init__(
        self,
        bootstrap: str,
        groups: Mapping[str, Sequence[str]] | None = None,
        outputs: Sequence[str] = (),
        security: KafkaSecurity | None = None,
    ) -> None:
        self._bootstrap, self._security = bootstrap, security
        self._groups = {group: set(inputs) for group, inputs in (groups or service_inputs()).items()}
        self._outputs = set(outputs) or {topic for inputs in self._groups.values() for topic in inputs}
        self._admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, **kafka_client_options(security))
        self._consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, **kafka_client_options(security))
        self._commits = CommitFeed(AIOKafkaConsumer(bootstrap_servers=bootstrap, **kafka_client_options(security)),
                                   self._groups)  # fmt: skip
        self._partitions: list[TopicPartition] = []
        self._coordinators: dict[str, int] = {}

    async def __aenter__(self) -> "GroupWatch":
        names = sorted({t for inputs in self._groups.values() for t in inputs} | self._outputs)
        await asyncio.gather(self._admin.start(), self._consumer.start(), self._commits.start_consumer())
        # Strict: a topic left out would be a group's input never waited for, so settling would end too early.
        self._partitions = await described_partitions(self._admin, names, strict=True)
        # The consumer learns every topic in one metadata request: asked for the end offsets of topics it does not
        # know, it learns them one per request with a 100 ms back-off each (a second of start-up for ten topics).
        await self._consumer._client.set_topics(names)
        await self._commits.follow(self._admin)
        return self

    async def __aexit__(self, *_: object) -> None:
        await self._commits.stop()
        await self._consumer.stop()
        await self._admin.close()

    async def look(self) -> Look:
        """A look; the commit feed times the groups' commits from now on (`until_quiet`)."""
        self._commits.mark()
        return await self._look()

    async def _look(self) -> Look:
        # Committed offsets first, end offsets after: `settle` relies on that order.
        offsets = await asyncio.gather(*(self._committed(group) for group in self._groups))
        ends = await self._consumer.end_offsets(self._partitions)
        lag = done = 0
        for inputs, group_offsets in zip(self._groups.values(), offsets, strict=True):
            committed = {tp: meta.offset for tp, meta in group_offsets.items()}
            for tp, end in ends.items():
                if tp.topic in inputs:
                    lag += end - committed.get(tp, 0)
                    done += committed.get(tp, 0)
        return Look(lag, done, sum(end for tp, end in ends.items() if tp.topic in self._outputs))

    async def _committed(self, group: str) -> dict[TopicPartition, OffsetAndMetadata]:
        """The group's committed offsets, asking its coordinator found once (not once per look: a round trip); a
        coordinator that moved answers with an error, and the next look finds the new one."""
        if group not in self._coordinators:
            self._coordinators[group] = await self._admin.find_coordinator(group)
        try:
            offsets: dict[TopicPartition, OffsetAndMetadata]
            offsets = await self._admin.list_consumer_group_offsets(group, self._coordinators[group])
        except KafkaError:
            del self._coordinators[group]
            raise
        return offsets

    async def settle(self, timeout: float = 120, interval: float = 0.002, max_delay: float = 0.02) -> None:
        """Return once a look finds every group committed up to the end of its inputs.

        Exact, not a guess from quiet: a service publishes what a batch emitted before it commits the batch's
        offsets (services/common/service.py), and a look reads the committed offsets before the end offsets. So when
        every input is committed up to the ends read after, everything those inputs led to was published before the
        ends were read, hence is within them, hence committed too: nothing is left in flight.

        Only a commit brings the lag closer to 0, so the next look waits for one: seen on `__consumer_offsets`
        (`CommitFeed`) the moment it is written. The timer stays, for a principal that may not read that topic (soon
        after progress, less often while the services work) and, with the feed, as a backstop."""
        deadline = time.monotonic() + timeout
        previous, delay = UNKNOWN, interval
        while True:
            self._commits.changed.clear()  # before the look: a commit during it ends the next wait at once
            current = await self._look_or_unknown()
            if current.lag == 0 and current != UNKNOWN:
                return
            if time.monotonic() > deadline:
                raise TimeoutError(f"services still {current.lag} records behind after {timeout}s")
            # Progress: look again soon. No progress: services busy (a hop takes milliseconds) or slow to start.
            delay = interval if current != previous else min(max(delay, interval) * 2, max_delay)
            previous = current
            if self._commits.following and current != UNKNOWN:
                await self._commits.wait(FEED_BACKSTOP)
            else:
                await asyncio.sleep(delay)

    async def until_stable(self, members: int, timeout: float = 60) -> None:
        """Wait until every group is Stable with `members` members: joining and rebalancing are over."""
        deadline = time.monotonic() + timeout
        while not all([await self._stable(group, members) for group in self._groups]):
            if time.monotonic() > deadline:
                raise TimeoutError(f"consumer groups {sorted(self._groups)} not stable after {timeout:.0f}s")
            await asyncio.sleep(0.2)

    async def until_quiet(
        self, baseline: Look, check: Callable[[], None], timeout: float, quiet_seconds: float = 2.0
    ) -> Span:
        """Wait until every group has lag 0 and nothing changed for `quiet_seconds` since `baseline` (a look taken
        before the work started: `look`); the span runs from the groups' first commit after it to their last. `check`
        raises when a process died.

        The commit feed times the work, and the watcher asks the broker only once the groups stopped committing: a
        service publishes a batch's outputs before it commits the batch's offsets, so its last commit ends its work.
        (A look every 100 ms, four offset fetches and a list-offsets, made the broker work more per event than the
        services' own requests.) Without the feed, it looks every 100 ms."""
        if not self._commits.following:
            return await self._until_quiet_looking(baseline, check, timeout, quiet_seconds)
        feed, started = self._commits, time.monotonic()
        looked_after: float | None = None  # the last commit when the watcher last looked
        while True:
            check()
            last = feed.last_commit
            if last is not None and time.time() - last >= quiet_seconds and last != looked_after:
                looked_after = last
                if (await self._look_or_unknown()).lag == 0 and feed.last_commit == last and feed.first_commit:
                    to_monotonic = time.monotonic() - time.time()
                    return Span(feed.first_commit + to_monotonic, last + to_monotonic, time.monotonic() - started)
            if time.monotonic() - started > timeout:
                raise TimeoutError(f"still {(await self._look_or_unknown()).lag} records behind after {timeout:.0f}s")
            await asyncio.sleep(0.1)

    async def _until_quiet_looking(
        self, baseline: Look, check: Callable[[], None], timeout: float, quiet_seconds: float
    ) -> Span:
        interval = 0.1
        started = time.monotonic()
        first: float | None = None
        previous, last_change = baseline, started
        while True:
            check()
            current = await self._look_or_unknown(previous)
            now = time.monotonic()
            if first is None and current[1:] != baseline[1:]:
                first = now - interval / 2
            if current != previous:
                previous, last_change = current, now
            if current.lag == 0 and first is not None and now - last_change >= quiet_seconds:
                return Span(first, last_change, now - started)
            if now - started > timeout:
                raise TimeoutError(f"still {current.lag} records behind after {timeout:.0f}s")
            await asyncio.sleep(interval)

    async def _look_or_unknown(self, unknown: Look = UNKNOWN) -> Look:
        try:
            return await self._look()
        except KafkaError:  # a group coordinator is still loading: nothing to conclude yet
            return unknown

    async def _stable(self, group: str, members: int) -> bool:
        try:
            node = await self._admin.find_coordinator(group)
            response = await self._admin._send_request(DescribeGroups([group]), node)
        except KafkaError:
            return False
        error, _, state, _, _, described = response.groups[0]
        return bool(error == 0 and state == "Stable" and len(described) == members)


async def settle(
    bootstrap: str,
    groups: Mapping[str, Sequence[str]] | None = None,
    timeout: float = 120,
    security: KafkaSecurity | None = None,
) -> None:
    """Wait until the services have processed everything published so far."""
    async with GroupWatch(bootstrap, groups, security=security) as watch:
        await watch.settle(timeout)
