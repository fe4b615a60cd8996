"""Reading whole topics until they go quiet, for record, journey and dlq; and putting what was read in causal order."""

import heapq
from collections.abc import Iterable
from typing import Any
from uuid import UUID

from mobility.bus import Received, TopicReader
from services.common.settings import KafkaSecurity


async def read_until_idle(
    bootstrap: str, topics: Iterable[str], idle_seconds: float = 1.5, security: KafkaSecurity | None = None
) -> list[Received]:
    """Every record of the topics from the beginning, stopping once no new record came for `idle_seconds`."""
    async with TopicReader(bootstrap, topics, security) as reader:
        quiet = 0.0
        while quiet < idle_seconds:
            quiet = 0.0 if await reader.poll(500) else quiet + 0.5
        return reader.records


def _depths(events: dict[UUID, Received]) -> dict[UUID, int]:
    """How many causes stand between each event and the agency event that started it (0 for agency events)."""
    depths: dict[UUID, int] = {}
    for start in events:
        chain: list[UUID] = []
        current: UUID | None = start
        while current is not None and current not in depths and current in events and current not in chain:
            chain.append(current)
            current = events[current].envelope.causationid  # type: ignore[union-attr]
        depth = depths.get(current, -1) if current is not None else -1
        for event_id in reversed(chain):
            depth += 1
            depths[event_id] = depth
    return depths


def unique_events(records: Iterable[Received]) -> list[Received]:
    """Valid events once each (a redelivered event is the same event, kept where it was first published), in causal
    order: by event time, but never before its cause nor before what was published ahead of it on its partition.

    Emitted events carry their cause's time, so a decision made late (a clearance once the recognition came) can
    bear an earlier time than one it replaced (the block); keeping each partition's publication order makes the
    last line about a participant their current state. Ties on time go to the shorter causation chain (an agency
    event before the decisions it led to), then to topic, partition and offset, so the order is reproducible."""
    first: dict[UUID, Received] = {}
    for r in sorted(records, key=lambda r: (r.topic, r.partition, r.offset)):
        if r.envelope is not None and r.envelope.id not in first:
            first[r.envelope.id] = r
    depths = _depths(first)
    queues: dict[tuple[str, int], list[Received]] = {}
    for r in first.values():
        queues.setdefault((r.topic, r.partition), []).append(r)
    waiting_on_cause: dict[UUID, list[Received]] = {}
    heads = {key: 0 for key in queues}

    def key(r: Received) -> tuple[Any, ...]:
        assert r.envelope is not None
        return (r.envelope.time, depths[r.envelope.id], r.topic, r.partition, r.offset)

    ready: list[tuple[tuple[Any, ...], int, Received]] = []
    counter = 0

    def offer(r: Received) -> None:
        """Make `r` ready once its cause (if it was read) has been placed."""
        nonlocal counter
        cause = r.envelope.causationid if r.envelope else None
        if cause is not None and cause in first and cause not in placed:
            waiting_on_cause.setdefault(cause, []).append(r)
            return
        counter += 1
        heapq.heappush(ready, (key(r), counter, r))

    placed: set[UUID] = set()
    for queue in queues.values():
        offer(queue[0])
    ordered: list[Received] = []
    while ready:
        _, _, r = heapq.heappop(ready)
        assert r.envelope is not None
        ordered.append(r)
        placed.add(r.envelope.id)
        partition = (r.topic, r.partition)
        heads[partition] += 1
        if heads[partition] < len(queues[partition]):
            offer(queues[partition][heads[partition]])
        for effect in waiting_on_cause.pop(r.envelope.id, []):
            offer(effect)
    stranded = [r for r in first.values() if r.envelope is not None and r.envelope.id not in placed]
    return ordered + sorted(stranded, key=key)  # only a causation cycle, which Kafka's order rules out, strands any
