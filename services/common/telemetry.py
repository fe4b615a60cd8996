"""OpenTelemetry set-up from the standard OTEL_* variables; with none set, spans are made but not exported."""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any
from uuid import UUID

from opentelemetry import propagate, trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter, SpanExporter
from opentelemetry.trace import Span, SpanKind

if TYPE_CHECKING:
    from contracts import Envelope
    from services.common.incoming import Incoming

_tracer = trace.get_tracer("mobility.services")  # a proxy until setup_tracing installs the provider
ENDPOINT_VARIABLES = ("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")


def _exporter() -> SpanExporter | None:
    choice = os.environ.get("OTEL_TRACES_EXPORTER", "").strip().lower()
    if choice == "none":
        return None
    if choice == "console":
        return ConsoleSpanExporter()
    if choice == "otlp" or any(os.environ.get(name) for name in ENDPOINT_VARIABLES):
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        return OTLPSpanExporter()
    return None


def setup_tracing(service_name: str) -> TracerProvider:
    """A tracer provider for this process, also installed as the global one; OTEL_SERVICE_NAME overrides the name."""
    resource = Resource.create({"service.name": os.environ.get("OTEL_SERVICE_NAME") or service_name})
    provider = TracerProvider(resource=resource)
    exporter = _exporter()
    if exporter is not None:
        provider.add_span_processor(BatchSpanProcessor(exporter))
    trace.set_tracer_provider(provider)
    return provider


@contextmanager
def handling_span(service: str, record: "Incoming", envelope: "Envelope[Any]") -> Iterator[str]:
    """A span for handling one event, child of the span that published it (its W3C headers), so each event's trace
    goes on through this service even when records are consumed in batches. Yields the trace id (hex)."""
    parent = propagate.extract(record.headers)
    with _tracer.start_as_current_span(
        f"{service} handle {envelope.type}", context=parent, kind=SpanKind.CONSUMER
    ) as span:
        # Attributes every consume span carries (docs/design.md, "Observability").
        span.set_attributes(
            {
                "mobility.participant_id": envelope.subject,
                "cloudevents.event_type": envelope.type,
                "cloudevents.event_id": str(envelope.id),
                "messaging.kafka.offset": record.offset,
                "messaging.destination.partition.id": str(record.partition),
                "messaging.destination.name": record.topic,
            }
        )
        yield format(span.get_span_context().trace_id, "032x")


def with_trace_context(headers: dict[str, str]) -> dict[str, str]:
    """`headers` plus the current span's W3C trace context, to store or send with a message."""
    headers = dict(headers)
    propagate.inject(headers)
    return headers


def publishing_span(
    topic: str, message_id: UUID, key: bytes | None, stored: dict[str, str]
) -> tuple[Span, dict[str, str]]:
    """A started span for publishing one outbox row, child of the span that handled its cause (the row's `stored`
    W3C headers), and the headers to send, which carry this span's context on to the consumers. The caller ends it."""
    headers = dict(stored)
    span = _tracer.start_span(
        f"{topic} publish",
        context=propagate.extract(headers),
        kind=SpanKind.PRODUCER,
        attributes={
            "messaging.destination.name": topic,
            "mobility.participant_id": (key or b"").decode(errors="replace"),
            "cloudevents.event_type": headers.get("type", ""),
            "cloudevents.event_id": str(message_id),
        },
    )
    propagate.inject(headers, context=trace.set_span_in_context(span))
    return span, headers
