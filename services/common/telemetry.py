"""OpenTelemetry set-up from the standard OTEL_* variables; with none set, spans are made but not exported."""

import os

from opentelemetry import trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter, SpanExporter

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


def annotate_current_span(participant_id: str, event_type: str, event_id: str) -> None:
    """Attributes DESIGN §6 asks of every consume span."""
    trace.get_current_span().set_attributes(
        {
            "mobility.participant_id": participant_id,
            "cloudevents.event_type": event_type,
            "cloudevents.event_id": event_id,
        }
    )
