"""Telemetry set-up and the spans an operator reads: exporters by OTEL_TRACES_EXPORTER, decision attributes,
dead-letter error spans; with no exporter, no span recorded and the trace context passed on."""

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from opentelemetry import propagate, trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import StatusCode

from contracts.types import Finding, Severity
from services.common.incoming import Incoming
from services.common.telemetry import (
    EVERY_HANDLING,
    Decisions,
    dead_letter_span,
    every_handling_traced,
    exporter_names,
    handling_span,
)


@pytest.fixture
def exported() -> Iterator[InMemorySpanExporter]:
    """Spans ended during the test, from the process's SDK provider (installed here if none is yet)."""
    if not isinstance(trace.get_tracer_provider(), TracerProvider):
        trace.set_tracer_provider(TracerProvider())
    provider = trace.get_tracer_provider()
    assert isinstance(provider, TracerProvider)
    exporter = InMemorySpanExporter()
    processor = SimpleSpanProcessor(exporter)
    provider.add_span_processor(processor)
    yield exporter
    processor.shutdown()


@pytest.mark.parametrize(
    ("variables", "names"),
    [
        ({}, []),
        ({"OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318"}, ["otlp"]),
        ({"OTEL_TRACES_EXPORTER": "zipkin"}, ["zipkin"]),
        ({"OTEL_TRACES_EXPORTER": "Zipkin, console"}, ["zipkin", "console"]),
        ({"OTEL_TRACES_EXPORTER": "none", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318"}, []),
    ],
)
def test_exporters_follow_the_standard_variables(
    monkeypatch: pytest.MonkeyPatch, variables: dict[str, str], names: list[str]
) -> None:
    for name in ("OTEL_TRACES_EXPORTER", "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    assert exporter_names() == names


def test_an_unknown_exporter_is_refused_by_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OTEL_TRACES_EXPORTER", "jaeger")
    with pytest.raises(ValueError, match="jaeger"):
        exporter_names()


@pytest.mark.parametrize(("value", "every"), [(None, False), ("", False), ("true", True), ("1", True), ("no", False)])
def test_every_handling_is_traced_only_when_asked(
    monkeypatch: pytest.MonkeyPatch, value: str | None, every: bool
) -> None:
    if value is None:
        monkeypatch.delenv(EVERY_HANDLING, raising=False)
    else:
        monkeypatch.setenv(EVERY_HANDLING, value)
    assert every_handling_traced() is every


def test_a_value_that_is_not_true_or_false_is_refused_by_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(EVERY_HANDLING, "sometimes")
    with pytest.raises(ValueError, match=f"{EVERY_HANDLING}='sometimes': true or false"):
        every_handling_traced()


def finding(rule_id: str, passed: bool) -> Finding:
    return Finding(rule_id=rule_id, passed=passed, severity=Severity.BLOCK, source="test", explanation="test")


def test_the_handling_span_carries_the_decision(exported: InMemorySpanExporter) -> None:
    blocked = SimpleNamespace(
        type="recruitment.placement_blocked.v1",
        data=SimpleNamespace(reasons=[finding("FR-FEE-1", False), finding("FR-DOC-1", True)]),
    )
    decided = SimpleNamespace(type="recognition.decided.v1", data=SimpleNamespace(outcome=Severity.WARN))
    alert = SimpleNamespace(type="integration.alert_raised.v1", data=SimpleNamespace(alert="WAGE_BELOW_MIN"))
    with trace.get_tracer("test").start_as_current_span("handle"):
        decisions = Decisions()
        decisions.add([blocked, decided, alert])  # type: ignore[list-item]
        decisions.record()
    [span] = exported.get_finished_spans()
    assert span.attributes is not None
    assert span.attributes["mobility.decision.outcome"] == ("placement_blocked", "decided:warn", "alert_raised")
    assert span.attributes["mobility.decision.failed_rules"] == ("FR-FEE-1",)
    assert span.attributes["mobility.decision.alerts"] == ("WAGE_BELOW_MIN",)


def test_a_dead_lettered_record_s_span_is_an_error_with_the_reason(exported: InMemorySpanExporter) -> None:
    parent = trace.get_tracer("test").start_span("agency publish")
    headers: dict[str, str] = {}
    propagate.inject(headers, context=trace.set_span_in_context(parent))
    record = Incoming(topic="mobility.offers", partition=2, offset=41, key=b"P-1", value=b"{", headers=headers)
    with dead_letter_span("recruitment", record, "not JSON: line 1", "InvalidEvent") as trace_id:
        pass
    [span] = exported.get_finished_spans()
    assert span.status.status_code is StatusCode.ERROR and span.status.description == "not JSON: line 1"
    assert span.attributes is not None and span.attributes["mobility.dead_letter.reason"] == "not JSON: line 1"
    assert span.attributes["messaging.kafka.offset"] == 41
    assert span.parent is not None and span.parent.span_id == parent.get_span_context().span_id
    assert trace_id == format(parent.get_span_context().trace_id, "032x")


def test_a_handling_span_says_where_the_record_was_and_an_exception_makes_it_an_error(
    exported: InMemorySpanExporter,
) -> None:
    record = Incoming(topic="mobility.offers", partition=2, offset=41, key=b"P-1", value=b"{}", headers={})
    envelope = SimpleNamespace(type="mobility.job_offered.v1", subject="P-1")
    with pytest.raises(ValueError), handling_span("recruitment", record, envelope) as trace_id:  # type: ignore[arg-type]
        raise ValueError("no such offer")
    [span] = exported.get_finished_spans()
    assert span.name == "recruitment handle mobility.job_offered.v1" and span.parent is None
    assert dict(span.attributes or {}) == {"mobility.participant_id": "P-1", "messaging.destination.name":
                                           "mobility.offers", "messaging.destination.partition.id": "2",
                                           "messaging.kafka.offset": 41}  # fmt: skip
    assert span.status.status_code is StatusCode.ERROR and span.status.description == "ValueError: no such offer"
    assert [event.name for event in span.events] == ["exception"]
    assert trace_id == format(span.context.trace_id, "032x")


# A service process with no OTEL_* variable: it handles records whose headers are given as JSON (argv[1]), the last
# one not JSON (a dead letter), and its relay publishes what they emitted; the handlings of the offsets in argv[2]
# (JSON, optional) emit nothing. Run in a process of its own: a test process
# keeps the first tracer provider any test installs.
SERVICE_WITHOUT_EXPORTER = """
import asyncio, json, sys, uuid
from datetime import UTC, date, datetime
from opentelemetry import trace
from contracts import new_envelope
from contracts.clock import DayStarted
from contracts.participants import ParticipantRegistered
from services.common.cases import CASE_TABLES
from services.common.database import create_database
from services.common.incoming import Incoming
from services.common.outbox import OutboxRelay
from services.common.processor import EventProcessor
from services.common.telemetry import setup_tracing

recording = []

quiet = set(json.loads(sys.argv[2])) if len(sys.argv) > 2 else set()  # offsets whose handling emits nothing

def echo(ctx, event):
    recording.append(trace.get_current_span().is_recording())
    if event.participant_id != "P-QUIET":
        ctx.emit(DayStarted(day=date(2026, 1, 5)), subject=event.participant_id)

def record(offset, headers, value=None):
    participant = "P-QUIET" if offset in quiet else "P-1"
    data = ParticipantRegistered(participant_id=participant, partner_country="TN", destination="DE",
                                 target_occupation="7411", birth_date=date(1990, 1, 1), languages=["ar"])
    envelope = new_envelope(data, id=uuid.uuid4(), source="agency/TN", subject=participant,
                            time=datetime(2026, 1, 5, tzinfo=UTC))
    return Incoming("mobility.participants", 0, offset, b"P-1", value or envelope.model_dump_json().encode(), headers)

sent = []

async def publish(row):
    sent.append(row.headers)
    acknowledged = asyncio.get_running_loop().create_future()
    acknowledged.set_result(None)
    return acknowledged

provider = setup_tracing("recognition")
engine = create_database("sqlite://", CASE_TABLES)
processor = EventProcessor("recognition", engine, {ParticipantRegistered: echo}, "recognition.events", 4096)
*handled, letter = json.loads(sys.argv[1])
records = [record(offset, headers) for offset, headers in enumerate(handled)]
results = processor.process_batch([*records, record(len(records), letter, b"not JSON")])
asyncio.run(OutboxRelay(engine, publish, batch_size=100, poll_seconds=0.01).drain())
print(json.dumps({"provider": provider is not None, "recording": recording, "sent": sent,
                  "trace_ids": [result.trace_id for result in results]}))
"""
INCOMING = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"


def _passed_on_by_opentelemetry(headers: dict[str, str]) -> dict[str, str]:
    """The trace headers OpenTelemetry's propagators inject with the span context of `headers` current (a span's
    context: the baggage they bring stays behind)."""
    carrier: dict[str, str] = {}
    propagate.inject(carrier, context=trace.set_span_in_context(trace.get_current_span(propagate.extract(headers))))
    return carrier


def test_with_no_exporter_no_span_is_recorded_and_the_trace_context_goes_on(tmp_path: Path) -> None:
    brought = [
        {"traceparent": INCOMING},
        {"traceparent": INCOMING.replace("-01", "-00"), "tracestate": "vendor=a, other=b", "baggage": "tenant=TN"},
        {"traceparent": f" {INCOMING}\t", "baggage": "tenant=TN"},  # padded: OpenTelemetry strips it
        {"traceparent": "01-" + INCOMING[3:] + "-future"},  # a later version, read as version 00
        {"traceparent": INCOMING, "tracestate": "not a list entry"},
    ]
    none = [{}, {"traceparent": INCOMING.upper()}, {"traceparent": "ff-" + INCOMING[3:]}, {"baggage": "tenant=TN"}]
    letter = {"traceparent": INCOMING, "tracestate": "vendor=a", "x-agency": "TN"}
    variables = {name: value for name, value in os.environ.items() if not name.startswith("OTEL_")}
    argument = json.dumps([*brought, *none, letter])
    done = subprocess.run([sys.executable, "-c", SERVICE_WITHOUT_EXPORTER, argument], env=variables, cwd=tmp_path,
                          capture_output=True, text=True, check=True)  # fmt: skip
    seen = json.loads(done.stdout.splitlines()[-1])
    assert seen["provider"] is False and seen["recording"] == [False] * (len(brought) + len(none))
    sent = [{name: value for name, value in headers.items() if name not in ("content-type", "type")}
            for headers in seen["sent"]]  # fmt: skip
    for headers, passed_on, trace_id in zip(brought, sent, seen["trace_ids"], strict=False):
        assert passed_on == _passed_on_by_opentelemetry(headers), "what the handling emitted continues its span"
        assert trace_id == "4bf92f3577b34da6a3ce929d0e0e4736"
    for headers, passed_on, trace_id in zip(none, sent[len(brought) :], seen["trace_ids"][len(brought) :],
                                            strict=False):  # fmt: skip
        version, started, span_id, flags = passed_on.pop("traceparent").split("-")
        assert started == trace_id and int(started, 16) and int(span_id, 16), "a trace starts here"
        assert (version, flags) == ("00", "01")
        assert passed_on == {name: value for name, value in _passed_on_by_opentelemetry(headers).items()
                             if name != "traceparent"}  # fmt: skip
    *_, dead_letter = seen["sent"]
    assert {name: dead_letter[name] for name in letter} == {**letter, **_passed_on_by_opentelemetry(letter)}
    assert seen["trace_ids"][-1] == "4bf92f3577b34da6a3ce929d0e0e4736"


@pytest.mark.parametrize("every_handling", [False, True])
def test_through_the_sdk_a_handling_that_emitted_nothing_is_exported_only_when_every_handling_is_traced(
    tmp_path: Path, every_handling: bool
) -> None:
    variables = {name: value for name, value in os.environ.items() if not name.startswith(("OTEL_", EVERY_HANDLING))}
    variables |= {"OTEL_TRACES_EXPORTER": "console"} | ({EVERY_HANDLING: "true"} if every_handling else {})
    records = json.dumps([{"traceparent": INCOMING}, {"traceparent": INCOMING}, {"traceparent": INCOMING}])
    done = subprocess.run([sys.executable, "-c", SERVICE_WITHOUT_EXPORTER, records, "[1]"], env=variables,
                          cwd=tmp_path, capture_output=True, text=True, check=True)  # fmt: skip
    names = re.findall(r'"name": "(recognition [^"]+)"', done.stdout)  # the console exporter's JSON, at exit
    handled = ["recognition handle mobility.participant.registered.v1"]
    quiet = handled if every_handling else []
    assert sorted(names) == sorted(handled + quiet + ["recognition dead-letter mobility.participants"])
    assert ('"nothing emitted"' in done.stdout) is every_handling, "a quiet handling's outcome"
