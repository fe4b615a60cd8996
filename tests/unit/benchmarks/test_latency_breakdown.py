"""The latency benchmark's breakdown: where a decision's time went (from Kafka timestamps and the deciding service's
processed_at), each service's inputs per second, and the batch counters it reads from a service's /metrics."""

import uuid
from datetime import UTC, datetime
from pathlib import Path

import orjson
import pytest
from sqlalchemy import insert

from benchmarks.kafka_io import Consumed
from benchmarks.latency import handled_at, hops_of, offered_inputs
from benchmarks.stack import counters_of
from benchmarks.workload import Record
from contracts import topics
from services.common.database import PROCESSED_TABLE, create_database
from services.common.metrics import ServiceMetrics


def consumed(topic: str, stamp_ms: int, event_id: uuid.UUID, cause: uuid.UUID | None = None) -> Consumed:
    document = {"id": str(event_id), "causationid": str(cause or event_id)}
    return Consumed(topic, b"p", orjson.dumps(document), (), stamp_ms)


def test_a_decisions_time_splits_at_the_moment_its_service_handled_the_cause() -> None:
    offer, check_in, tick, upstream = uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    inbound = [consumed(topics.OFFERS, 1_000, offer), consumed(topics.MONITORING, 2_000, check_in)]
    outbound = [
        consumed(topics.RECRUITMENT, 1_900, uuid.uuid4(), offer),
        consumed(topics.INTEGRATION, 2_050, uuid.uuid4(), check_in),
        consumed(topics.INTEGRATION, 2_500, uuid.uuid4(), upstream),  # its cause is no ingress record: left out
        consumed(topics.INTEGRATION, 2_600, uuid.uuid4(), tick),  # its cause was not handled as far as we know
    ]
    handled = {topics.RECRUITMENT: {offer.hex: 1_600.0}, topics.INTEGRATION: {check_in.hex: 2_010.0}}
    hops = hops_of(inbound, outbound, handled)
    assert {topic: set(causes) for topic, causes in hops.items()} == {
        topics.RECRUITMENT: {topics.OFFERS},
        topics.INTEGRATION: {topics.MONITORING},
    }
    recruitment = hops[topics.RECRUITMENT][topics.OFFERS]
    assert (recruitment.to_handled.p99, recruitment.to_published.p99) == (600.0, 300.0)
    assert hops[topics.INTEGRATION][topics.MONITORING].slowest == (10.0, 40.0)


def test_handled_times_are_read_from_the_services_processed_events(tmp_path: Path) -> None:
    engine = create_database(f"sqlite:///{tmp_path / 'recognition.db'}", ())
    event_id, at = uuid.uuid4(), datetime(2026, 11, 30, 2, 0, 0, 250_000, tzinfo=UTC)
    with engine.begin() as connection:
        connection.execute(insert(PROCESSED_TABLE), [{"event_id": event_id, "event_type": "x", "processed_at": at}])
    engine.dispose()
    assert handled_at(tmp_path / "recognition.db") == {event_id.hex: pytest.approx(at.timestamp() * 1000)}


def test_a_services_inputs_per_second_on_average_and_in_its_busiest_second() -> None:
    def record(topic: str) -> Record:
        return Record(topic, b"p", b"{}", (), "id", datetime(2026, 1, 1, tzinfo=UTC))

    # At 4 records/s: second 0 holds three offers and a check-in, second 1 four check-ins.
    records = [record(topics.OFFERS)] * 3 + [record(topics.MONITORING)] * 5
    assert offered_inputs(records, 4, "recruitment") == (1.5, 3.0)
    assert offered_inputs(records, 4, "integration") == (2.5, 4.0)


def test_the_batches_a_service_reports_are_what_the_benchmark_reads() -> None:
    metrics = ServiceMetrics("recognition", backlog=lambda: 3)
    metrics.observe_batch(4, marks=0.001, apply=0.020, publish=0.005)
    metrics.observe_batch(2, marks=0.0, apply=0.010, publish=0.001)
    counters = counters_of(metrics.exposition().decode())
    assert counters["batches"] == 2 and counters["batch_records"] == 6 and counters["outbox_backlog"] == 3
    assert counters["apply_seconds"] == pytest.approx(0.030)
    assert counters["marks_seconds"] == pytest.approx(0.001)
    assert counters["publish_seconds"] == pytest.approx(0.006)
