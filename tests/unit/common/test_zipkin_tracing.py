"""Spans made for Zipkin alone (`ZipkinTracer`, what a service with OTEL_TRACES_EXPORTER=zipkin uses): Zipkin gets
what the SDK's spans gave it (read back from the proto3 bytes posted to a real HTTP server), the SDK's sampler
decides, and a service process's handling spans keep their parent links, which its relay sends on."""

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from opentelemetry import propagate, trace
from opentelemetry.sdk.trace.sampling import ALWAYS_OFF, ParentBased
from opentelemetry.trace import NonRecordingSpan, SpanKind, Status, StatusCode

from services.common.telemetry import EVERY_HANDLING
from services.common.zipkin import ZipkinExporter, ZipkinSpanProcessor, encode_entry
from services.common.zipkin_tracing import ZipkinTracerProvider
from tests.unit.common.test_telemetry import INCOMING, SERVICE_WITHOUT_EXPORTER
from tests.unit.common.test_zipkin_exporter import Collector, ListOfSpans, collector, finished_spans, posted_names

__all__ = ["collector"]  # the fixture


def provider_posting_to(collector: Collector, **settings: Any) -> ZipkinTracerProvider:
    exporter = ZipkinExporter(f"http://127.0.0.1:{collector.server_port}/api/v2/spans")
    return ZipkinTracerProvider("recognition", ZipkinSpanProcessor(exporter, schedule_delay_millis=60_000), **settings)


def posted(collector: Collector) -> list[Any]:
    return [span for _, _, body in collector.posts for span in ListOfSpans.FromString(body).spans]


def test_zipkin_gets_what_the_sdk_s_spans_gave_it(collector: Collector) -> None:
    provider = provider_posting_to(collector)
    tracer = provider.get_tracer("test")
    with tracer.start_as_current_span("recognition handle x", kind=SpanKind.CONSUMER) as parent:
        parent.set_attributes({"messaging.kafka.offset": 7, "mobility.decision.outcome": ["decided:recognised"],
                               "retried": False, "ratio": 0.5, "mobility.note": "é" * 100})  # fmt: skip
        child = tracer.start_span("dead-letter", context=trace.set_span_in_context(parent))
        child.add_event("retry", {"attempt": 2})
        child.set_status(Status(StatusCode.ERROR, "not an envelope"))
        child.end()
    provider.shutdown()

    failed, handled = posted(collector)
    sdk_handled, sdk_failed = (ListOfSpans.FromString(entry) for entry in map(encode_entry, finished_spans()))
    for light, sdk in ((handled, sdk_handled.spans[0]), (failed, sdk_failed.spans[0])):
        assert (light.name, light.kind, dict(light.tags)) == (sdk.name, sdk.kind, dict(sdk.tags))
        assert light.local_endpoint == sdk.local_endpoint and light.duration >= 1
        assert [a.value for a in light.annotations] == [a.value for a in sdk.annotations]
    context = parent.get_span_context()
    assert handled.trace_id == context.trace_id.to_bytes(16, "big") and handled.id == context.span_id.to_bytes(8, "big")
    assert failed.parent_id == handled.id and failed.trace_id == handled.trace_id and handled.parent_id == b""


def test_an_exception_makes_an_error_span_with_the_exception(collector: Collector) -> None:
    provider = provider_posting_to(collector)
    with pytest.raises(ValueError), provider.get_tracer("test").start_as_current_span("handle"):
        raise ValueError("bad")
    provider.shutdown()

    [span] = posted(collector)
    assert span.tags["otel.status_code"] == "ERROR" and span.tags["error"] == "ValueError: bad"
    [annotation] = span.annotations
    event = json.loads(annotation.value)["exception"]
    assert event["exception.type"] == "ValueError" and "raise ValueError" in event["exception.stacktrace"]


def test_the_sampler_decides_and_an_unsampled_span_passes_its_context_on(collector: Collector) -> None:
    provider = provider_posting_to(collector, sampler=ParentBased(ALWAYS_OFF))
    tracer = provider.get_tracer("test")
    incoming = {"traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"}

    root = tracer.start_span("root")  # no parent: ALWAYS_OFF
    below_sampled = tracer.start_span("child", context=propagate.extract(incoming))  # the parent's decision
    root.end()
    below_sampled.end()
    provider.shutdown()

    assert isinstance(root, NonRecordingSpan) and not root.get_span_context().trace_flags.sampled
    assert root.get_span_context().is_valid
    [span] = posted(collector)
    assert span.name == "child" and span.trace_id.hex() == "4bf92f3577b34da6a3ce929d0e0e4736"
    assert span.parent_id.hex() == "00f067aa0ba902b7"


def test_a_service_exporting_to_zipkin_alone_makes_its_spans_without_the_sdk(
    collector: Collector, tmp_path: Path
) -> None:
    variables = _exporting_to(collector)
    records = json.dumps([{"traceparent": INCOMING}, {}, {"traceparent": INCOMING}])  # the last one a dead letter
    script = SERVICE_WITHOUT_EXPORTER + "\nprint(type(provider).__name__)"
    done = subprocess.run([sys.executable, "-c", script, records], env=variables, cwd=tmp_path, capture_output=True,
                          text=True, check=True)  # fmt: skip
    *_, seen, provider = done.stdout.splitlines()
    outcome = json.loads(seen)

    assert provider == "ZipkinTracerProvider" and outcome["recording"] == [True, True]
    spans = posted(collector)  # the process posts what waits as it exits
    handle, dead_letter = "recognition handle mobility.participant.registered.v1", "recognition dead-letter"
    names = sorted(name for batch in posted_names(collector) for name in batch)
    assert names == sorted([handle] * 2 + [f"{dead_letter} mobility.participants"]), "no span of the relay's own"
    assert {span.local_endpoint.service_name for span in spans} == {"recognition"}
    assert [span.trace_id.hex() for span in spans] == outcome["trace_ids"]
    first, second, letter = spans
    assert first.parent_id.hex() == letter.parent_id.hex() == "00f067aa0ba902b7", "the publisher's span is the parent"
    assert second.parent_id == b"" and second.trace_id.hex() != INCOMING.split("-")[1], "a trace starts here"
    where = {"messaging.destination.name", "messaging.destination.partition.id", "messaging.kafka.offset"}
    assert [set(span.tags) for span in spans] == [
        where | {"mobility.participant_id", "mobility.decision.outcome"}
    ] * 2 + [where | {"error.type", "mobility.dead_letter.reason", "otel.status_code", "error"}], (
        "what a record's span says, no more (its event type is in its name)"
    )
    assert [span.tags["mobility.decision.outcome"] for span in (first, second)] == ['["day"]'] * 2  # what each emitted
    for sent, cause in zip(outcome["sent"], spans, strict=True):  # each sent with its cause's span as parent
        _, trace_id, span_id, _ = sent["traceparent"].split("-")
        assert (trace_id, span_id) == (cause.trace_id.hex(), cause.id.hex())


@pytest.mark.parametrize("every_handling", [False, True])
def test_a_handling_that_emitted_nothing_is_posted_only_when_every_handling_is_traced(
    collector: Collector, tmp_path: Path, every_handling: bool
) -> None:
    variables = _exporting_to(collector) | ({EVERY_HANDLING: "true"} if every_handling else {})
    records = json.dumps([{"traceparent": INCOMING}, {"traceparent": INCOMING}, {"traceparent": INCOMING}])
    subprocess.run([sys.executable, "-c", SERVICE_WITHOUT_EXPORTER, records, "[0]"], env=variables, cwd=tmp_path,
                   capture_output=True, text=True, check=True)  # fmt: skip

    spans = {span.tags.get("mobility.participant_id", "dead letter"): span for span in posted(collector)}
    assert sorted(spans) == (["P-1", "P-QUIET", "dead letter"] if every_handling else ["P-1", "dead letter"])
    assert spans["P-1"].tags["mobility.decision.outcome"] == '["day"]'
    if every_handling:
        assert spans["P-QUIET"].tags["mobility.decision.outcome"] == '["nothing emitted"]'


def test_records_the_short_way_does_not_read_get_the_spans_and_headers_opentelemetry_s_propagators_give(
    collector: Collector, tmp_path: Path
) -> None:
    variables = _exporting_to(collector)
    unsampled = {"traceparent": INCOMING.replace("-01", "-00"), "tracestate": "vendor=a"}
    brought = [unsampled, {"traceparent": INCOMING, "tracestate": "vendor=b"}, {"traceparent": f" {INCOMING}\t"},
               {"traceparent": INCOMING.upper()}, {"baggage": "tenant=TN"}]  # fmt: skip
    done = subprocess.run([sys.executable, "-c", SERVICE_WITHOUT_EXPORTER, json.dumps([*brought, {}])], env=variables,
                          cwd=tmp_path, capture_output=True, text=True, check=True)  # fmt: skip
    outcome = json.loads(done.stdout.splitlines()[-1])

    assert outcome["recording"] == [False, True, True, True, True], "the parent's sampling decision holds"
    below_state, below_padded, new_trace, below_baggage, _ = posted(collector)  # the dead letter's last
    parent = INCOMING.split("-")[2]
    assert below_state.parent_id.hex() == below_padded.parent_id.hex() == parent
    assert new_trace.parent_id == below_baggage.parent_id == b"", "what OpenTelemetry does not read starts a trace"
    sent = outcome["sent"][:5]
    assert sent[0]["traceparent"].startswith(INCOMING[:36]) and sent[0]["traceparent"].endswith("-00")
    assert [headers.get("tracestate") for headers in sent] == ["vendor=a", "vendor=b", None, None, None]
    assert all("baggage" not in headers for headers in sent), "a span's context goes on, without the baggage"
    for headers, span in zip(sent[1:], posted(collector), strict=False):
        assert headers["traceparent"] == f"00-{span.trace_id.hex()}-{span.id.hex()}-01"


def _exporting_to(collector: Collector) -> dict[str, str]:
    """This process's environment without its tracing settings, exporting to `collector` in Zipkin's format."""
    variables = {name: value for name, value in os.environ.items() if not name.startswith(("OTEL_", EVERY_HANDLING))}
    endpoint = f"http://127.0.0.1:{collector.server_port}/api/v2/spans"
    return variables | {"OTEL_TRACES_EXPORTER": "zipkin", "OTEL_EXPORTER_ZIPKIN_ENDPOINT": endpoint}
