"""The Zipkin exporter: spans as Zipkin's proto3 model, read back here by the protobuf library from zipkin.proto3's
schema, posted on one kept-alive connection to a real HTTP server (Zipkin itself takes them in
tests/integration/test_traces.py); its span processor: encoded at the end, posted in batches by one thread."""

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor, SpanExportResult
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, Status, StatusCode, set_span_in_context

from local.kafka.local_broker import free_port
from services.common import zipkin
from services.common.zipkin import ZipkinExporter, ZipkinSpanProcessor, encode

Field = descriptor_pb2.FieldDescriptorProto


def list_of_spans_class() -> Any:
    """The message class of zipkin.proto3's ListOfSpans (the fields the exporter writes, with Zipkin's numbers and
    types, from zipkin-api's zipkin.proto), built at run time: no generated code to keep."""
    schema = descriptor_pb2.FileDescriptorProto(name="zipkin.proto", package="zipkin.proto3", syntax="proto3")
    kind = schema.enum_type.add(name="Kind")
    for number, name in enumerate(("SPAN_KIND_UNSPECIFIED", "CLIENT", "SERVER", "PRODUCER", "CONSUMER")):
        kind.value.add(name=name, number=number)
    endpoint = schema.message_type.add(name="Endpoint")
    endpoint.field.add(name="service_name", number=1, type=Field.TYPE_STRING)
    annotation = schema.message_type.add(name="Annotation")
    annotation.field.add(name="timestamp", number=1, type=Field.TYPE_FIXED64)
    annotation.field.add(name="value", number=2, type=Field.TYPE_STRING)
    span = schema.message_type.add(name="Span")
    tags_entry = span.nested_type.add(name="TagsEntry")
    tags_entry.options.map_entry = True
    tags_entry.field.add(name="key", number=1, type=Field.TYPE_STRING)
    tags_entry.field.add(name="value", number=2, type=Field.TYPE_STRING)
    for name, number, type_ in (
        ("trace_id", 1, Field.TYPE_BYTES), ("parent_id", 2, Field.TYPE_BYTES), ("id", 3, Field.TYPE_BYTES),
        ("name", 5, Field.TYPE_STRING), ("timestamp", 6, Field.TYPE_FIXED64), ("duration", 7, Field.TYPE_UINT64),
    ):  # fmt: skip
        span.field.add(name=name, number=number, type=type_)
    span.field.add(name="kind", number=4, type=Field.TYPE_ENUM, type_name=".zipkin.proto3.Kind")
    span.field.add(name="local_endpoint", number=8, type=Field.TYPE_MESSAGE, type_name=".zipkin.proto3.Endpoint")
    for name, number, type_name in (("annotations", 10, ".zipkin.proto3.Annotation"),
                                    ("tags", 11, ".zipkin.proto3.Span.TagsEntry")):  # fmt: skip
        span.field.add(name=name, number=number, type=Field.TYPE_MESSAGE, label=Field.LABEL_REPEATED,
                       type_name=type_name)  # fmt: skip
    listing = schema.message_type.add(name="ListOfSpans")
    listing.field.add(name="spans", number=1, type=Field.TYPE_MESSAGE, label=Field.LABEL_REPEATED,
                      type_name=".zipkin.proto3.Span")  # fmt: skip
    pool = descriptor_pool.DescriptorPool()
    pool.Add(schema)
    return message_factory.GetMessageClass(pool.FindMessageTypeByName("zipkin.proto3.ListOfSpans"))


ListOfSpans = list_of_spans_class()


def finished_spans() -> tuple[ReadableSpan, ReadableSpan]:
    """A consumer span with the kinds of attribute values the services set, and an error span below it."""
    provider = TracerProvider(resource=Resource.create({"service.name": "recognition"}))
    memory = InMemorySpanExporter()
    provider.add_span_processor(SimpleSpanProcessor(memory))
    tracer = provider.get_tracer("test")
    with tracer.start_as_current_span("recognition handle x", kind=SpanKind.CONSUMER) as parent:
        parent.set_attributes({"messaging.kafka.offset": 7, "mobility.decision.outcome": ["decided:recognised"],
                               "retried": False, "ratio": 0.5, "mobility.note": "é" * 100})  # fmt: skip
        child = tracer.start_span("dead-letter", context=set_span_in_context(parent))
        child.add_event("retry", {"attempt": 2})
        child.set_status(Status(StatusCode.ERROR, "not an envelope"))
        child.end()
    consumer, error = sorted(memory.get_finished_spans(), key=lambda span: span.name, reverse=True)
    return consumer, error


def test_spans_are_encoded_in_zipkin_s_proto3_model() -> None:
    consumer, error = finished_spans()

    handled, failed = ListOfSpans.FromString(encode([consumer, error])).spans

    context = consumer.get_span_context()
    assert context is not None
    assert handled.trace_id == context.trace_id.to_bytes(16, "big") and handled.id == context.span_id.to_bytes(8, "big")
    assert handled.name == "recognition handle x" and handled.local_endpoint.service_name == "recognition"
    assert handled.kind == 4  # CONSUMER
    assert handled.timestamp == ((consumer.start_time or 0) + 500) // 1000 and handled.duration >= 1  # µs, exact
    assert dict(handled.tags) == {"messaging.kafka.offset": "7", "mobility.decision.outcome": '["decided:recognised"]',
                                  "retried": "false", "ratio": "0.5", "mobility.note": "é" * 100}  # fmt: skip
    assert handled.parent_id == b"" and not handled.annotations
    assert failed.parent_id == handled.id and failed.trace_id == handled.trace_id and failed.kind == 0
    assert dict(failed.tags) == {"otel.status_code": "ERROR", "error": "not an envelope"}
    [annotation] = failed.annotations
    assert annotation.value == '{"retry":{"attempt":2}}'
    assert annotation.timestamp == ((error.events[0].timestamp) + 500) // 1000


class Collector(ThreadingHTTPServer):
    """An HTTP server that keeps what is posted to it and the connections it came on."""

    def __init__(self) -> None:
        self.posts: list[tuple[str, str, bytes]] = []
        self.connections: set[tuple[str, int]] = set()
        self.drop_connections = False  # close each connection after replying, without saying so
        self.posted = threading.Event()
        super().__init__(("127.0.0.1", free_port()), CollectorHandler)


class CollectorHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as Zipkin
    server: Collector

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.posts.append((self.path, self.headers["Content-Type"], body))
        self.server.connections.add(self.client_address)
        self.server.posted.set()
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


def test_batches_are_posted_as_protobuf_on_one_connection(collector: Collector) -> None:
    exporter = ZipkinExporter(f"http://127.0.0.1:{collector.server_port}/api/v2/spans")
    consumer, error = finished_spans()

    results = [exporter.export([consumer]), exporter.export([error, consumer])]
    exporter.shutdown()

    assert results == [SpanExportResult.SUCCESS, SpanExportResult.SUCCESS]
    assert [(path, kind) for path, kind, _ in collector.posts] == [("/api/v2/spans", "application/x-protobuf")] * 2
    assert [len(ListOfSpans.FromString(body).spans) for _, _, body in collector.posts] == [1, 2]
    assert len(collector.connections) == 1


def test_a_connection_the_server_dropped_is_opened_again(collector: Collector) -> None:
    exporter = ZipkinExporter(f"http://127.0.0.1:{collector.server_port}/api/v2/spans")
    consumer, _ = finished_spans()
    collector.drop_connections = True  # as a server does with an idle keep-alive connection

    results = [exporter.export([consumer]) for _ in range(3)]

    assert results == [SpanExportResult.SUCCESS] * 3
    assert len(collector.posts) == 3 and len(collector.connections) == 3


def test_a_zipkin_that_is_not_there_is_a_failed_export() -> None:
    exporter = ZipkinExporter(f"http://127.0.0.1:{free_port()}/api/v2/spans", timeout=2)

    assert exporter.export(finished_spans()) == SpanExportResult.FAILURE


def provider_with(processor: ZipkinSpanProcessor) -> TracerProvider:
    provider = TracerProvider(resource=Resource.create({"service.name": "recognition"}))
    provider.add_span_processor(processor)
    return provider


def posted_names(collector: Collector) -> list[list[str]]:
    return [[span.name for span in ListOfSpans.FromString(body).spans] for _, _, body in collector.posts]


def test_the_processor_posts_ended_spans_in_batches_of_at_most_the_batch_size(collector: Collector) -> None:
    exporter = ZipkinExporter(f"http://127.0.0.1:{collector.server_port}/api/v2/spans")
    processor = ZipkinSpanProcessor(exporter, schedule_delay_millis=60_000, max_export_batch_size=2)
    tracer = provider_with(processor).get_tracer("test")

    for n in range(5):
        tracer.start_span(f"span {n}").end()
    flushed = processor.force_flush()
    processor.shutdown()

    assert flushed
    batches = posted_names(collector)
    assert all(1 <= len(batch) <= 2 for batch in batches)
    assert [name for batch in batches for name in batch] == [f"span {n}" for n in range(5)]
    assert {kind for _, kind, _ in collector.posts} == {"application/x-protobuf"}


def test_the_processor_posts_on_its_own_after_the_schedule_delay(collector: Collector) -> None:
    exporter = ZipkinExporter(f"http://127.0.0.1:{collector.server_port}/api/v2/spans")
    processor = ZipkinSpanProcessor(exporter, schedule_delay_millis=50)
    tracer = provider_with(processor).get_tracer("test")

    tracer.start_span("alone").end()

    assert collector.posted.wait(timeout=30)  # no flush: the worker sent it
    processor.shutdown()
    assert posted_names(collector)[0] == ["alone"]


def test_beyond_the_queue_size_the_oldest_spans_are_dropped_and_after_shutdown_none_are_taken(
    collector: Collector,
) -> None:
    exporter = ZipkinExporter(f"http://127.0.0.1:{collector.server_port}/api/v2/spans")
    processor = ZipkinSpanProcessor(exporter, schedule_delay_millis=60_000, max_export_batch_size=100, max_queue_size=3)
    tracer = provider_with(processor).get_tracer("test")

    for n in range(5):
        tracer.start_span(f"span {n}").end()
    processor.shutdown()  # posts what waits
    tracer.start_span("late").end()
    processor.force_flush()

    assert posted_names(collector) == [["span 2", "span 3", "span 4"]]


def test_a_span_that_cannot_be_encoded_is_dropped_without_failing_its_caller(
    collector: Collector, monkeypatch: pytest.MonkeyPatch
) -> None:
    exporter = ZipkinExporter(f"http://127.0.0.1:{collector.server_port}/api/v2/spans")
    processor = ZipkinSpanProcessor(exporter, schedule_delay_millis=60_000)
    tracer = provider_with(processor).get_tracer("test")
    tracer.start_span("fine").end()
    monkeypatch.setattr(zipkin, "encode_span", lambda span, endpoint: 1 / 0)

    tracer.start_span("broken").end()
    processor.shutdown()

    assert posted_names(collector) == [["fine"]]
