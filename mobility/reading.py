"""Reading whole topics until they go quiet, for record, journey and dlq."""

from collections.abc import Iterable

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


def unique_events(records: Iterable[Received]) -> list[Received]:
    """Valid events once each (a redelivered event is the same event), in event-time order."""
    by_id = {r.envelope.id: r for r in records if r.envelope is not None}
    return sorted(by_id.values(), key=lambda r: (r.envelope.time, r.topic, r.partition, r.offset))  # type: ignore[union-attr]
