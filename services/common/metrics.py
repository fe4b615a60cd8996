"""Prometheus metrics of a service: events by type and outcome, handler latency, outbox backlog, consumer lag."""

import collections
from collections.abc import Callable, Sequence

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

from services.common.allocator import memory
from services.common.processor import Result


class ServiceMetrics:
    """One registry per process, so a scrape shows this service only."""

    def __init__(self, service: str, backlog: Callable[[], int]) -> None:
        self.registry = CollectorRegistry()
        self._service = service
        self.events = Counter(
            "mobility_events_total", "Records handled, by event type and outcome (applied, duplicate, ignored, "
            "dead_lettered).", ["service", "event_type", "outcome"], registry=self.registry,
        )  # fmt: skip
        self.latency = Histogram(
            "mobility_handler_seconds",
            "Time to handle one record: its batch's time, transaction included, per record.",
            ["service"],
            buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5), registry=self.registry,
        )  # fmt: skip
        self.batch_records = Histogram(
            "mobility_batch_records", "Records per consumed batch (one transaction, one offset commit).", ["service"],
            buckets=(1, 2, 5, 10, 25, 50, 100, 250, 500), registry=self.registry,
        )  # fmt: skip
        self.batch_phases = Histogram(
            "mobility_batch_phase_seconds", "Wall time of a consumed batch's phases: marks (the relay marking rows it "
            "sent before), apply (the transaction), publish (its outbox rows out and acknowledged).",
            ["service", "phase"], buckets=(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5), registry=self.registry,
        )  # fmt: skip
        self.lag = Gauge(
            "mobility_consumer_lag", "Records in the input topics not yet processed by this service.", ["service"],
            registry=self.registry,
        )  # fmt: skip
        backlog_gauge = Gauge(
            "mobility_outbox_backlog", "Outbox rows not yet published.", ["service"], registry=self.registry
        )
        backlog_gauge.labels(service).set_function(backlog)
        self.memory = Gauge(
            "mobility_memory", "This process's memory: resident, malloc's in use and freed but held (bytes), Python's "
            "blocks in use (a count); in use against held tells a leak from an allocator keeping what was freed.",
            ["service", "kind"], registry=self.registry,
        )  # fmt: skip
        self._latency = self.latency.labels(service)
        self._batch_records = self.batch_records.labels(service)
        self._phases = {phase: self.batch_phases.labels(service, phase) for phase in ("marks", "apply", "publish")}
        self._counted: dict[tuple[str, str], Counter] = {}  # the counter of each event type and outcome seen

    def _events(self, event_type: str, outcome: str) -> Counter:
        # `labels` takes a lock and checks its arguments on every call: each pair's counter is looked up once.
        counter = self._counted.get((event_type, outcome))
        if counter is None:
            counter = self._counted[event_type, outcome] = self.events.labels(self._service, event_type, outcome)
        return counter

    def observe(self, results: Sequence[Result], seconds: float) -> None:
        """A batch handled in `seconds`: each record is counted, and its share of the batch's time observed."""
        counts = collections.Counter((r.envelope.type if r.envelope else "unreadable", r.outcome) for r in results)
        for (event_type, outcome), count in counts.items():
            self._events(event_type, outcome.value).inc(count)
        latency, share = self._latency, seconds / len(results)
        for _ in results:
            latency.observe(share)

    def observe_batch(self, records: int, marks: float, apply: float, publish: float) -> None:
        """A consumed batch of `records`, with the seconds of its phases."""
        self._batch_records.observe(records)
        for phase, seconds in (("marks", marks), ("apply", apply), ("publish", publish)):
            self._phases[phase].observe(seconds)

    def exposition(self) -> bytes:
        for kind, value in memory()._asdict().items():
            self.memory.labels(self._service, kind).set(value)
        return generate_latest(self.registry)
