"""Counting what a long run lost or doubled, and how memory and latency moved over it (pure functions)."""

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

HANDLED = ("applied", "duplicate", "ignored", "dead_lettered")  # a service's outcomes for a record it read


def doubled(event_ids: Iterable[str]) -> int:
    """Records beyond the first of each event id: output ids are derived from their cause, so an id seen twice is
    one decision published twice."""
    return sum(n - 1 for n in Counter(event_ids).values())


@dataclass(frozen=True)
class Loss:
    """Records a service's group committed that its service did not count as handled, records it dead-lettered,
    outbox rows it never published, and records left uncommitted at the end: each one is a record lost."""

    unhandled: int
    dead_lettered: int
    unpublished: int
    uncommitted: int

    @property
    def total(self) -> int:
        return self.unhandled + self.dead_lettered + self.unpublished + self.uncommitted


def loss(committed: Mapping[str, int], handled: Mapping[str, Mapping[str, float]], uncommitted: int) -> Loss | None:
    """`committed`: records each service's group committed during the run; `handled`: each service's records by
    outcome during the run, with its outbox backlog at the end ("outbox_backlog"). None when a service reported
    nothing (its metrics unreadable): the loss is then unknown, not zero."""
    if any(not handled.get(service) for service in committed):
        return None
    unhandled = sum(max(count - sum(handled[s].get(o, 0.0) for o in HANDLED), 0) for s, count in committed.items())
    return Loss(
        unhandled=round(unhandled),
        dead_lettered=round(sum(h.get("dead_lettered", 0.0) for h in handled.values())),
        unpublished=round(sum(h.get("outbox_backlog", 0.0) for h in handled.values())),
        uncommitted=uncommitted,
    )


def difference(
    after: Mapping[str, Mapping[str, float]], before: Mapping[str, Mapping[str, float]]
) -> dict[str, dict[str, float]]:
    """Counters of `after` less those of `before`, per service; gauges (the outbox backlog) as they are after."""
    return {
        service: {name: value - (0.0 if name == "outbox_backlog" else before.get(service, {}).get(name, 0.0))
                  for name, value in counts.items()}
        for service, counts in after.items()
    }  # fmt: skip


@dataclass(frozen=True)
class Growth:
    start: float  # MiB once started, before any load
    warm: float  # MiB at the first sample under load
    end: float  # MiB once everything was processed
    peak: float
    middle: float = 0.0  # MiB at the sample halfway through the load
    loaded: float = 0.0  # MiB at the last sample under load

    @property
    def under_load(self) -> float:
        """Growth from the first sample under load to the end, as a fraction of the former."""
        return (self.end - self.warm) / self.warm if self.warm else 0.0

    @property
    def second_half(self) -> float:
        """Growth over the second half of the load, as a fraction of the middle sample: the first includes filling
        what is bounded (page caches, fetch buffers, the largest batch yet), a leak goes on growing in the second."""
        return (self.loaded - self.middle) / self.middle if self.middle else 0.0


FLAT = 0.10  # at most this growth under load counts as flat memory


def growth(samples: Sequence[Mapping[str, float]]) -> dict[str, Growth]:
    """Each instance's resident memory over `samples` (the first before load, the last after it, one or more under
    load in between)."""
    names = [name for name in samples[0] if all(name in s for s in samples)] if samples else []
    loaded = samples[1:-1] or samples
    return {
        name: Growth(samples[0][name], samples[min(1, len(samples) - 1)][name], samples[-1][name],
                     max(s[name] for s in samples), loaded[(len(loaded) - 1) // 2][name], loaded[-1][name])
        for name in names
    }  # fmt: skip


def windows(pairs: Sequence[tuple[int, float]], count: int) -> list[list[float]]:
    """(time, value) pairs cut into `count` equal spans of time, in order: the values of each span."""
    if not pairs:
        return []
    first, last = min(t for t, _ in pairs), max(t for t, _ in pairs)
    width = max(last - first, 1) / count
    cut: list[list[float]] = [[] for _ in range(count)]
    for t, value in pairs:
        cut[min(int((t - first) / width), count - 1)].append(value)
    return cut
