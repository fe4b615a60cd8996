"""A span exporter to Zipkin's v2 API (`POST /api/v2/spans`) in its proto3 model (`application/x-protobuf`, the
format `opentelemetry-exporter-zipkin-proto-http` sends), written field by field and posted on one kept-alive
connection. Measured with `python -m benchmarks.tracing`: Zipkin takes a proto3 span in for about a quarter less CPU
than the same span in JSON v2, the span is a quarter smaller, and writing it here costs no more than orjson's JSON
did. Tags are the span's own attributes; the resource's go once per span as the local endpoint's service name."""

import http.client
import logging
import os
import struct
import threading
from collections import deque
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from typing import Any, Protocol
from urllib.parse import urlsplit

import orjson
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import ReadableSpan, SpanProcessor
from opentelemetry.sdk.trace.export import SpanExporter, SpanExportResult
from opentelemetry.trace import INVALID_SPAN_CONTEXT, SpanKind, StatusCode

DEFAULT_ENDPOINT = "http://localhost:9411/api/v2/spans"  # the OpenTelemetry specification's default
CONTENT_TYPE = "application/x-protobuf"
_logger = logging.getLogger(__name__)
# Field keys of zipkin.proto3 (field number << 3 | wire type), with the length of the ids that follow them.
SPAN = b"\x0a"  # ListOfSpans.spans
TRACE_ID, PARENT_ID, ID = b"\x0a\x10", b"\x12\x08", b"\x1a\x08"  # 16 and 8 bytes, big-endian
NAME, TIMESTAMP, DURATION, LOCAL_ENDPOINT, ANNOTATION, TAG = b"\x2a", b"\x31", b"\x38", b"\x42", b"\x52", b"\x5a"
KINDS = {SpanKind.CLIENT: b"\x20\x01", SpanKind.SERVER: b"\x20\x02", SpanKind.PRODUCER: b"\x20\x03",
         SpanKind.CONSUMER: b"\x20\x04", SpanKind.INTERNAL: b""}  # fmt: skip  # INTERNAL has no Zipkin kind
_BYTE = [bytes((n,)) for n in range(128)]  # a varint below 128 is that one byte
_fixed64 = struct.Struct("<Q").pack
_ROOT_IDS = struct.Struct(">2sQQ2sQ").pack  # trace id (high and low 64 bits) and span id, with their field keys
_CHILD_IDS = struct.Struct(">2sQQ2sQ2sQ").pack  # the same with the parent's id between
_TIMES = struct.Struct("<sQs").pack  # the timestamp (fixed64) and the duration's key, its varint to follow
_LOW_64 = (1 << 64) - 1


def _varint(n: int) -> bytes:
    if n < 128:
        return _BYTE[n]
    out = bytearray()
    while n >= 128:
        out.append(n & 0x7F | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def _field(key: bytes, data: bytes) -> bytes:
    return key + _varint(len(data)) + data


def _tag(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return orjson.dumps(list(value)).decode()  # a sequence attribute, as a JSON array (what the library sends)


@cache
def _tag_key(key: str) -> tuple[bytes, int]:
    """A tag entry's key field and the value field's key, the part of an entry that repeats across spans, and the
    entry's size without its value when the value's length takes one byte."""
    head = _field(b"\x0a", key.encode()) + b"\x12"
    return head, len(head) + 1


@cache
def local_endpoint(service_name: str) -> bytes:
    """The local endpoint field of a span of `service_name`."""
    return _field(LOCAL_ENDPOINT, _field(b"\x0a", service_name.encode()))


@lru_cache(maxsize=256)  # names repeat, but a journey's span is named after its participant
def _described(kind: SpanKind, name: str, local_endpoint: bytes) -> bytes:
    """The kind, name and local endpoint fields of a span, the same for every span of one kind of handling."""
    return KINDS[kind] + _field(NAME, name.encode()) + local_endpoint


def _tags(tags: Iterable[tuple[str, Any]], out: list[bytes]) -> None:
    for key, value in tags:
        entry_key, rest = _tag_key(key)
        encoded = (value if type(value) is str else _tag(value)).encode()
        size = len(encoded)
        if rest + size < 128:  # the usual case, inline: a span has many tags
            out += (TAG, _BYTE[rest + size], entry_key, _BYTE[size], encoded)
        else:
            length = _varint(size)
            out += (TAG, _varint(len(entry_key) + len(length) + size), entry_key, length, encoded)


def _micros(nanos: int) -> int:
    return (nanos + 500) // 1000


def encode_span(span: ReadableSpan, local_endpoint: bytes) -> bytes:
    """One SDK span as a zipkin.proto3 Span (`encode_parts`)."""
    context = span.context or INVALID_SPAN_CONTEXT  # a finished span always has one
    error = (span.status.description or "") if span.status.status_code is StatusCode.ERROR else None
    parent = span.parent.span_id if span.parent is not None else None
    times = span.start_time or 0, span.end_time or 0
    attributes = (span.attributes or {}).items()
    return encode_parts(context.trace_id, context.span_id, parent, span.kind, span.name, *times, local_endpoint,
                        attributes, error, span.events)  # fmt: skip


class Event(Protocol):
    """What an annotation is made of (the SDK's span events have it)."""

    @property
    def name(self) -> str: ...
    @property
    def attributes(self) -> Any: ...
    @property
    def timestamp(self) -> int: ...


def encode_parts(
    trace_id: int,
    span_id: int,
    parent_id: int | None,
    kind: SpanKind,
    name: str,
    start: int,
    end: int,
    local_endpoint: bytes,
    attributes: Iterable[tuple[str, Any]],
    error: str | None,
    events: Iterable[Event],
) -> bytes:
    """A span as a zipkin.proto3 Span: ids as big-endian bytes, times (nanoseconds here) in microseconds, attributes
    as string tags, an error (its description) as the `error` tag, events as annotations."""
    if parent_id is None:
        ids = _ROOT_IDS(TRACE_ID, trace_id >> 64, trace_id & _LOW_64, ID, span_id)
    else:
        ids = _CHILD_IDS(TRACE_ID, trace_id >> 64, trace_id & _LOW_64, PARENT_ID, parent_id, ID, span_id)
    times = _TIMES(TIMESTAMP, _micros(start), DURATION) + _varint(max(_micros(end - start), 1))  # Zipkin drops 0
    out = [ids, times, _described(kind, name, local_endpoint)]  # fields in any order (proto3), as Zipkin reads them
    _tags(attributes, out)
    if error is not None:
        _tags((("otel.status_code", "ERROR"), ("error", error)), out)
    for event in events:
        value = orjson.dumps({event.name: dict(event.attributes or {})})
        out.append(_field(ANNOTATION, b"\x09" + _fixed64(_micros(event.timestamp)) + _field(b"\x12", value)))
    return b"".join(out)


def entry(encoded: bytes) -> bytes:
    """An encoded span as an entry of ListOfSpans: a batch is its entries one after the other."""
    return SPAN + _varint(len(encoded)) + encoded


def encode_entry(span: ReadableSpan) -> bytes:
    """One SDK span as an entry of ListOfSpans."""
    return entry(encode_span(span, local_endpoint(_service_name(span.resource))))


def encode(spans: Sequence[ReadableSpan]) -> bytes:
    """A batch of spans as the zipkin.proto3 ListOfSpans that Zipkin's `POST /api/v2/spans` takes."""
    return b"".join(encode_entry(span) for span in spans)


def _service_name(resource: Resource) -> str:
    return str(resource.attributes.get("service.name", "unknown_service"))


class ZipkinExporter(SpanExporter):
    """Spans to `endpoint` (default OTEL_EXPORTER_ZIPKIN_ENDPOINT), within OTEL_EXPORTER_ZIPKIN_TIMEOUT seconds."""

    def __init__(self, endpoint: str | None = None, timeout: float | None = None) -> None:
        self.endpoint = endpoint or os.environ.get("OTEL_EXPORTER_ZIPKIN_ENDPOINT") or DEFAULT_ENDPOINT
        self.timeout = timeout or float(os.environ.get("OTEL_EXPORTER_ZIPKIN_TIMEOUT") or 10)
        self._url = urlsplit(self.endpoint)
        self._connection: http.client.HTTPConnection | None = None

    def export(self, spans: Sequence[ReadableSpan]) -> SpanExportResult:
        return self.post(encode(spans)) if spans else SpanExportResult.SUCCESS

    def post(self, body: bytes) -> SpanExportResult:
        """Post an encoded ListOfSpans."""
        for _ in range(2):  # a kept-alive connection the server closed meanwhile fails once, then reconnects
            try:
                return self._post(body)
            except (OSError, http.client.HTTPException):
                self._close()
        return SpanExportResult.FAILURE

    def _post(self, body: bytes) -> SpanExportResult:
        if self._connection is None:
            kind = http.client.HTTPSConnection if self._url.scheme == "https" else http.client.HTTPConnection
            self._connection = kind(self._url.netloc, timeout=self.timeout)
        path = self._url.path or "/"
        self._connection.request("POST", path, body, {"Content-Type": CONTENT_TYPE})
        response = self._connection.getresponse()
        response.read()
        return SpanExportResult.SUCCESS if response.status < 300 else SpanExportResult.FAILURE

    def _close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def shutdown(self) -> None:
        self._close()

    def force_flush(self, timeout_millis: int = 30_000) -> bool:
        return True


class ZipkinSpanProcessor(SpanProcessor):
    """Each ended span is encoded at once, on the thread that ended it, and waits as bytes; one thread posts what
    waits through `exporter` every OTEL_BSP_SCHEDULE_DELAY ms (5000), or as soon as OTEL_BSP_MAX_EXPORT_BATCH_SIZE
    spans (512) wait, at most that many per post; beyond OTEL_BSP_MAX_QUEUE_SIZE (2048) the oldest are dropped.
    The SDK's batch span processor keeps every ended span object alive until its worker exports it: measured in a
    busy service (`python -m benchmarks.tracing`), the garbage collector then spent more CPU on those spans than
    encoding and posting them took; bytes are not tracked by the collector, and the span objects go at once."""

    def __init__(
        self,
        exporter: ZipkinExporter,
        schedule_delay_millis: float | None = None,
        max_export_batch_size: int | None = None,
        max_queue_size: int | None = None,
    ) -> None:
        self.exporter = exporter
        self._delay = (schedule_delay_millis or _setting("OTEL_BSP_SCHEDULE_DELAY", 5000)) / 1000
        self._batch = max_export_batch_size or _setting("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", 512)
        self._waiting: deque[bytes] = deque(maxlen=max_queue_size or _setting("OTEL_BSP_MAX_QUEUE_SIZE", 2048))
        self._wake = threading.Event()
        self._posting = threading.Lock()
        self._stopped = False
        self._worker = threading.Thread(target=self._work, name="ZipkinSpanProcessor", daemon=True)
        self._worker.start()

    def on_end(self, span: ReadableSpan) -> None:
        if self._stopped or not (span.context and span.context.trace_flags.sampled):
            return
        try:
            encoded = encode_entry(span)
        except Exception:  # a span that cannot be encoded is lost, never the work that ended it
            _logger.exception("span %r not encoded for Zipkin", span.name)
            return
        self.add(encoded)

    def add(self, encoded: bytes) -> None:
        """Keep an encoded span (`entry`) until it is posted."""
        if self._stopped:
            return
        self._waiting.append(encoded)
        if len(self._waiting) >= self._batch and not self._wake.is_set():
            self._wake.set()

    def _work(self) -> None:
        while not self._stopped:
            full = self._wake.wait(self._delay)
            self._wake.clear()
            self.post_waiting(whole_batches=full)

    def post_waiting(self, whole_batches: bool = False) -> bool:
        """Post the spans waiting, `max_export_batch_size` per post (`whole_batches`: only full posts; what keeps
        coming while they go waits for the next), and whether Zipkin took them all. Zipkin's CPU per span grows
        fast as posts get small (measured: twice as much per span in posts of 64 as of 512)."""
        taken, least = True, self._batch if whole_batches else 1
        with self._posting:  # the worker and force_flush; only the holder takes from the left
            while len(self._waiting) >= least:
                batch = [self._waiting.popleft() for _ in range(min(self._batch, len(self._waiting)))]
                taken = self.exporter.post(b"".join(batch)) is SpanExportResult.SUCCESS and taken
        return taken

    def force_flush(self, timeout_millis: int = 30_000) -> bool:
        return self.post_waiting()

    def shutdown(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        self._wake.set()
        self._worker.join()
        self.post_waiting()
        self.exporter.shutdown()


def _setting(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    try:
        return int(value) if value else default
    except ValueError:
        _logger.warning("%s=%r is not a number; %d", name, value, default)
        return default
