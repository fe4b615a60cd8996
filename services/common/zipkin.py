"""A span exporter to Zipkin's JSON v2 API (`POST /api/v2/spans`): what opentelemetry-exporter-zipkin-json sends,
encoded with orjson and posted on one kept-alive connection, because in a busy service the library's per-span
encoding cost as much CPU as making the span (`python -m benchmarks.tracing`). Tags are the span's own attributes;
the resource's go once per span as `localEndpoint.serviceName` only."""

import http.client
import os
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

import orjson
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export import SpanExporter, SpanExportResult
from opentelemetry.trace import INVALID_SPAN_CONTEXT, SpanKind, StatusCode

DEFAULT_ENDPOINT = "http://localhost:9411/api/v2/spans"  # the OpenTelemetry specification's default
KINDS = {SpanKind.SERVER: "SERVER", SpanKind.CLIENT: "CLIENT", SpanKind.PRODUCER: "PRODUCER",
         SpanKind.CONSUMER: "CONSUMER"}  # fmt: skip  # INTERNAL has no Zipkin kind


def _tag(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return orjson.dumps(list(value)).decode()  # a sequence attribute, as a JSON array (what the library sends)


def zipkin_span(span: ReadableSpan, service_name: str) -> dict[str, Any]:
    """One span in Zipkin's JSON v2 model: ids in hex, times in microseconds, attributes as string tags."""
    context = span.context or INVALID_SPAN_CONTEXT  # a finished span always has one
    start, end = span.start_time or 0, span.end_time or 0
    encoded: dict[str, Any] = {
        "traceId": format(context.trace_id, "032x"),
        "id": format(context.span_id, "016x"),
        "name": span.name,
        "timestamp": (start + 500) // 1000,
        "duration": max((end - start + 500) // 1000, 1),  # Zipkin drops a zero duration
        "localEndpoint": {"serviceName": service_name},
    }
    if span.parent is not None:
        encoded["parentId"] = format(span.parent.span_id, "016x")
    if kind := KINDS.get(span.kind):
        encoded["kind"] = kind
    tags = {key: _tag(value) for key, value in (span.attributes or {}).items()}
    if span.status.status_code is StatusCode.ERROR:
        tags["otel.status_code"] = "ERROR"
        tags["error"] = span.status.description or ""
    if tags:
        encoded["tags"] = tags
    if span.events:
        encoded["annotations"] = [
            {"timestamp": (event.timestamp + 500) // 1000,
             "value": orjson.dumps({event.name: dict(event.attributes or {})}).decode()}
            for event in span.events
        ]  # fmt: skip
    return encoded


def encode(spans: Sequence[ReadableSpan]) -> bytes:
    """A batch of spans as the JSON array Zipkin's `POST /api/v2/spans` takes."""
    return orjson.dumps([zipkin_span(span, _service_name(span)) for span in spans])


def _service_name(span: ReadableSpan) -> str:
    return str(span.resource.attributes.get("service.name", "unknown_service"))


class ZipkinJsonExporter(SpanExporter):
    """Spans to `endpoint` (default OTEL_EXPORTER_ZIPKIN_ENDPOINT), within OTEL_EXPORTER_ZIPKIN_TIMEOUT seconds."""

    def __init__(self, endpoint: str | None = None, timeout: float | None = None) -> None:
        self.endpoint = endpoint or os.environ.get("OTEL_EXPORTER_ZIPKIN_ENDPOINT") or DEFAULT_ENDPOINT
        self.timeout = timeout or float(os.environ.get("OTEL_EXPORTER_ZIPKIN_TIMEOUT") or 10)
        self._url = urlsplit(self.endpoint)
        self._connection: http.client.HTTPConnection | None = None

    def export(self, spans: Sequence[ReadableSpan]) -> SpanExportResult:
        if not spans:
            return SpanExportResult.SUCCESS
        body = encode(spans)
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
        self._connection.request("POST", path, body, {"Content-Type": "application/json"})
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
