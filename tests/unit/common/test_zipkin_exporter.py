"""The Zipkin exporter: spans as Zipkin's JSON v2 model, posted on one kept-alive connection to a real HTTP server
(Zipkin itself takes them in tests/integration/test_traces.py)."""

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import orjson
import pytest
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor, SpanExportResult
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, Status, StatusCode, set_span_in_context

from local.kafka.local_broker import free_port
from services.common.zipkin import ZipkinJsonExporter, encode


def finished_spans() -> tuple[ReadableSpan, ReadableSpan]:
    """A consumer span with the kinds of attribute values the services set, and an error span below it."""
    provider = TracerProvider(resource=Resource.create({"service.name": "recognition"}))
    memory = InMemorySpanExporter()
    provider.add_span_processor(SimpleSpanProcessor(memory))
    tracer = provider.get_tracer("test")
    with tracer.start_as_current_span("recognition handle x", kind=SpanKind.CONSUMER) as parent:
        parent.set_attributes({"messaging.kafka.offset": 7, "mobility.decision.outcome": ["decided:recognised"],
                               "retried": False, "ratio": 0.5})  # fmt: skip
        child = tracer.start_span("dead-letter", context=set_span_in_context(parent))
        child.set_status(Status(StatusCode.ERROR, "not an envelope"))
        child.end()
    consumer, error = sorted(memory.get_finished_spans(), key=lambda span: span.name, reverse=True)
    return consumer, error


def test_spans_are_encoded_in_zipkin_s_v2_model() -> None:
    consumer, error = finished_spans()

    [handled, failed] = orjson.loads(encode([consumer, error]))

    context = consumer.get_span_context()
    assert handled["traceId"] == format(context.trace_id, "032x") and len(handled["id"]) == 16
    assert handled["localEndpoint"] == {"serviceName": "recognition"} and handled["kind"] == "CONSUMER"
    assert handled["timestamp"] == ((consumer.start_time or 0) + 500) // 1000 and handled["duration"] >= 1  # µs, exact
    assert handled["tags"] == {"messaging.kafka.offset": "7", "mobility.decision.outcome": '["decided:recognised"]',
                               "retried": "false", "ratio": "0.5"}  # fmt: skip
    assert "parentId" not in handled
    assert failed["parentId"] == handled["id"] and failed["traceId"] == handled["traceId"] and "kind" not in failed
    assert failed["tags"] == {"otel.status_code": "ERROR", "error": "not an envelope"}


class Collector(ThreadingHTTPServer):
    """An HTTP server that keeps what is posted to it and the connections it came on."""

    def __init__(self) -> None:
        self.posts: list[tuple[str, str, bytes]] = []
        self.connections: set[tuple[str, int]] = set()
        self.drop_connections = False  # close each connection after replying, without saying so
        super().__init__(("127.0.0.1", free_port()), CollectorHandler)


class CollectorHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as Zipkin
    server: Collector

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.posts.append((self.path, self.headers["Content-Type"], body))
        self.server.connections.add(self.client_address)
        self.send_response(202)
        self.send_header("Content-Length", "0")
        self.end_headers()
        self.close_connection = self.server.drop_connections

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def collector() -> Iterator[Collector]:
    server = Collector()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_batches_are_posted_as_json_on_one_connection(collector: Collector) -> None:
    exporter = ZipkinJsonExporter(f"http://127.0.0.1:{collector.server_port}/api/v2/spans")
    consumer, error = finished_spans()

    results = [exporter.export([consumer]), exporter.export([error, consumer])]
    exporter.shutdown()

    assert results == [SpanExportResult.SUCCESS, SpanExportResult.SUCCESS]
    assert [(path, kind) for path, kind, _ in collector.posts] == [("/api/v2/spans", "application/json")] * 2
    assert [len(orjson.loads(body)) for _, _, body in collector.posts] == [1, 2]
    assert len(collector.connections) == 1


def test_a_connection_the_server_dropped_is_opened_again(collector: Collector) -> None:
    exporter = ZipkinJsonExporter(f"http://127.0.0.1:{collector.server_port}/api/v2/spans")
    consumer, _ = finished_spans()
    collector.drop_connections = True  # as a server does with an idle keep-alive connection

    results = [exporter.export([consumer]) for _ in range(3)]

    assert results == [SpanExportResult.SUCCESS] * 3
    assert len(collector.posts) == 3 and len(collector.connections) == 3


def test_a_zipkin_that_is_not_there_is_a_failed_export() -> None:
    exporter = ZipkinJsonExporter(f"http://127.0.0.1:{free_port()}/api/v2/spans", timeout=2)

    assert exporter.export(finished_spans()) == SpanExportResult.FAILURE
