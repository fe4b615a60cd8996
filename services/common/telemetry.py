"""OpenTelemetry set-up from the standard OTEL_* variables. With no exporter, a service runs OpenTelemetry's API
without its SDK: no span is made, and the W3C trace context of each record handled goes on, unchanged, to what it
emits (docs/design.md, "Observability")."""

import asyncio
import os
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from contextvars import ContextVar
from types import TracebackType
from typing import TYPE_CHECKING, Any
from uuid import UUID

from opentelemetry import context, propagate, trace
from opentelemetry.context import Context
from opentelemetry.sdk import trace as sdk_trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import ReadableSpan, SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter
from opentelemetry.sdk.trace.id_generator import RandomIdGenerator
from opentelemetry.trace import (
    INVALID_SPAN,
    NonRecordingSpan,
    ProxyTracerProvider,
    Span,
    SpanContext,
    SpanKind,
    Status,
    StatusCode,
    TraceFlags,
)
from pydantic import TypeAdapter, ValidationError

from contracts.types import Finding

if TYPE_CHECKING:
    from contracts import Envelope
    from services.common.incoming import Incoming
    from services.common.zipkin_tracing import ZipkinSpan

_tracer = trace.get_tracer("mobility.services")  # a proxy until setup_tracing installs the provider
_ids = RandomIdGenerator()  # trace ids for records that bring none, when no SDK makes them
_SAMPLED = TraceFlags(TraceFlags.SAMPLED)
ENDPOINT_VARIABLES = ("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
EXPORTERS = ("otlp", "zipkin", "console", "none")
EVERY_HANDLING = "MOBILITY_TRACE_EVERY_HANDLING"  # true: also export the spans of handlings that emitted nothing
OUTCOME = "mobility.decision.outcome"
NOTHING_EMITTED = ("nothing emitted",)  # the outcome of a handling that emitted nothing (a quiet handling)
# The trace headers what a record's handling emits carries, set while it is handled without a tracer provider
# (`_passed_on`) or in a span made the short way (`_consumer_span`). None: ask OpenTelemetry's context.
_handled_trace: ContextVar[dict[str, str] | None] = ContextVar("handled_trace", default=None)
# The propagators OpenTelemetry installs when OTEL_PROPAGATORS names none (W3C trace context and baggage), and a
# traceparent they pass on exactly as it came (version 00, lowercase hex, no padding).
_DEFAULT_TEXTMAP = None if os.environ.get("OTEL_PROPAGATORS") else propagate.get_global_textmap()
_provider_installed = False  # once installed, a provider stays (OpenTelemetry sets it once): `_api_only`
# The installed tracer's way to a span that is the child of a record's sampled span without OpenTelemetry's context
# and sampler (`ZipkinTracer.remote_child`), if it has one: `_api_only`.
_remote_child: "Callable[[str, SpanKind, tuple[int, int] | None], ZipkinSpan | None] | None" = None
_PLAIN_TRACEPARENT = re.compile(r"00-(?!0{32})([0-9a-f]{32})-(?!0{16})([0-9a-f]{16})-([0-9a-f]{2})")


def _processor(choice: str) -> SpanProcessor | None:
    if choice == "console":
        return BatchSpanProcessor(ConsoleSpanExporter())
    if choice == "zipkin":
        # Deprecated by the OpenTelemetry specification; kept for the local stack's Zipkin, which has no OTLP input.
        from services.common.zipkin import ZipkinExporter, ZipkinSpanProcessor

        # OTEL_EXPORTER_ZIPKIN_ENDPOINT, OTEL_EXPORTER_ZIPKIN_TIMEOUT; OTEL_BSP_*
        return ZipkinSpanProcessor(ZipkinExporter())
    if choice == "otlp":
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        return BatchSpanProcessor(OTLPSpanExporter())  # OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT, _HEADERS, ...; OTEL_BSP_*
    return None


def exporter_names() -> list[str]:
    """The exporters OTEL_TRACES_EXPORTER names (comma-separated, as the specification allows); without it, OTLP
    when an OTLP endpoint is set and nothing otherwise."""
    value = os.environ.get("OTEL_TRACES_EXPORTER", "").strip().lower()
    if not value:
        return ["otlp"] if any(os.environ.get(name) for name in ENDPOINT_VARIABLES) else []
    names = [name.strip() for name in value.split(",") if name.strip()]
    unknown = [name for name in names if name not in EXPORTERS]
    if unknown:
        raise ValueError(f"OTEL_TRACES_EXPORTER={value!r}: unknown {unknown}; one or more of {', '.join(EXPORTERS)}")
    return [name for name in names if name != "none"]


def every_handling_traced() -> bool:
    """MOBILITY_TRACE_EVERY_HANDLING: whether the span of a handling that emitted nothing is exported too. By default
    it is not (docs/design.md, "Observability"): such a span is a leaf, nothing hangs from it, and it is most of the
    spans (a fine check-in, a clock tick that found nothing due, a decision another service only takes note of)."""
    value = os.environ.get(EVERY_HANDLING, "").strip()
    if not value:
        return False
    try:
        return TypeAdapter(bool).validate_python(value)
    except ValidationError:
        raise ValueError(f"{EVERY_HANDLING}={value!r}: true or false") from None


def quiet(attributes: Mapping[str, Any] | None) -> bool:
    """Whether a span is that of a handling that emitted nothing (and ended without error: an exception leaves the
    handling before its outcome is set)."""
    return attributes is not None and attributes.get(OUTCOME) == NOTHING_EMITTED


class _QuietHandlingsLeftOut(SpanProcessor):
    """`processor` for every span but those of quiet handlings (`quiet`)."""

    def __init__(self, processor: SpanProcessor) -> None:
        self.processor = processor

    def on_start(self, span: sdk_trace.Span, parent_context: Context | None = None) -> None:
        self.processor.on_start(span, parent_context)

    def on_end(self, span: ReadableSpan) -> None:
        if not quiet(span.attributes):
            self.processor.on_end(span)

    def shutdown(self) -> None:
        self.processor.shutdown()

    def force_flush(self, timeout_millis: int = 30_000) -> bool:
        return self.processor.force_flush(timeout_millis)


def setup_tracing(service_name: str) -> trace.TracerProvider | None:
    """A service's tracing: with Zipkin the only exporter, spans made for it alone (`install_zipkin_tracing`: they
    cost the services a fraction of the SDK's); with other exporters, the SDK's tracer provider
    (`install_provider`); with none, nothing: without the SDK, OpenTelemetry's API makes no span (one that goes
    nowhere is CPU spent on every event for nothing, `python -m benchmarks.tracing`) and passes the incoming trace
    context through (`_consumer_span` starts a trace for a record that brings none)."""
    names = exporter_names()
    if names == ["zipkin"]:
        from services.common.zipkin_tracing import install_zipkin_tracing

        return install_zipkin_tracing(service_name_of(service_name))
    return install_provider(service_name) if names else None


def service_name_of(service_name: str) -> str:
    """The service name spans carry, as the SDK's resource has it (OTEL_SERVICE_NAME overrides `service_name`)."""
    return str(_resource(service_name).attributes["service.name"])


def _resource(service_name: str) -> Resource:
    return Resource.create({"service.name": os.environ.get("OTEL_SERVICE_NAME") or service_name})


def install_provider(service_name: str) -> TracerProvider:
    """A tracer provider with the exporters configured (maybe none, for a caller that adds its own), also installed
    as the global one; OTEL_SERVICE_NAME overrides the name. The SDK itself reads the sampler (OTEL_TRACES_SAMPLER,
    OTEL_TRACES_SAMPLER_ARG; parent-based always-on unless set) and the batching (OTEL_BSP_*). Quiet handlings'
    spans go to those exporters only with MOBILITY_TRACE_EVERY_HANDLING (`every_handling_traced`)."""
    provider, every_handling = TracerProvider(resource=_resource(service_name)), every_handling_traced()
    for name in exporter_names():
        processor = _processor(name)
        if processor is not None:
            provider.add_span_processor(processor if every_handling else _QuietHandlingsLeftOut(processor))
    trace.set_tracer_provider(provider)
    return provider


def _record_attributes(record: "Incoming") -> dict[str, str | int]:
    return {
        "messaging.destination.name": record.topic,
        "messaging.destination.partition.id": str(record.partition),
        "messaging.kafka.offset": record.offset,
    }


def _api_only() -> bool:
    """Whether no tracer provider is installed: OpenTelemetry's API alone, which records nothing. Once one is, notes
    its tracer's short way to a record's span, if it has one (`_remote_child`)."""
    global _provider_installed, _remote_child
    if not _provider_installed:
        provider = trace.get_tracer_provider()
        _provider_installed = not isinstance(provider, ProxyTracerProvider)
        if _provider_installed:
            _remote_child = getattr(provider.get_tracer(__name__), "remote_child", None)
    return not _provider_installed


def _passed_on(headers: dict[str, str]) -> tuple[dict[str, str], str]:
    """Without a provider: the trace headers a record's handling passes on to what it emits, exactly those that
    OpenTelemetry's propagators inject with the record's span context current (its baggage stays behind, as with a
    span), and the trace id (hex); a record that brings no valid context starts a trace (`_consumer_span`). A plain
    `traceparent`, or none, with the default propagators takes the short way: no context object, one match."""
    if propagate.get_global_textmap() is _DEFAULT_TEXTMAP and "tracestate" not in headers:
        traceparent = headers.get("traceparent")
        if traceparent is None:
            trace_id = _ids.generate_trace_id()
            return {"traceparent": f"00-{trace_id:032x}-{_ids.generate_span_id():016x}-01"}, f"{trace_id:032x}"
        if plain := _PLAIN_TRACEPARENT.fullmatch(traceparent):
            return {"traceparent": traceparent}, plain[1]
    span = trace.get_current_span(propagate.extract(headers))
    if not span.get_span_context().is_valid:
        span = NonRecordingSpan(SpanContext(_ids.generate_trace_id(), _ids.generate_span_id(), False, _SAMPLED))
    carrier: dict[str, str] = {}
    propagate.inject(carrier, context=trace.set_span_in_context(span))
    return carrier, _trace_id(span)


@contextmanager
def _passing_on(record: "Incoming") -> Iterator[str]:
    """Without a provider, while a record is handled: what it emits carries the record's trace headers on
    (`with_trace_context`), with no span and no OpenTelemetry context made for it. Yields the trace id (hex)."""
    carrier, trace_id = _passed_on(record.headers)
    token = _handled_trace.set(carrier)
    try:
        yield trace_id
    finally:
        _handled_trace.reset(token)


def _quick_span(name: str, headers: dict[str, str]) -> tuple[Span, dict[str, str]] | None:
    """A record's consumer span made the tracer's short way (`_remote_child`), for a record with the plain
    `traceparent` of a sampled span or none, with the default propagators, and the `traceparent` that passes it on
    (what the propagators would write: it is sampled and has no trace state); None for anything else, which they
    read."""
    if _remote_child is None or propagate.get_global_textmap() is not _DEFAULT_TEXTMAP or "tracestate" in headers:
        return None
    traceparent = headers.get("traceparent")
    if traceparent is None:
        span = _remote_child(name, SpanKind.CONSUMER, None)
        trace_id = None if span is None else f"{span.trace_id:032x}"
    else:
        plain = _PLAIN_TRACEPARENT.fullmatch(traceparent)
        if plain is None or not int(plain[3], 16) & TraceFlags.SAMPLED:
            return None
        span, trace_id = _remote_child(name, SpanKind.CONSUMER, (int(plain[1], 16), int(plain[2], 16))), plain[1]
    if span is None:
        return None
    return span, {"traceparent": f"00-{trace_id}-{span.span_id:016x}-01"}


def _consumer_span(name: str, record: "Incoming", exception_is_error: bool = True) -> "_RecordSpan":
    """The span of a record's handling, child of the span that published it (its W3C headers), so each event's trace
    goes on through this service even when records are consumed in batches. For a record with none, a new trace's
    (sampled, so that a service further on that exports records its part). Where the tracer has a short way to the
    same span (`_remote_child`), it takes it, and what the handling emits carries the span's context as written here
    instead of by the propagators."""
    quick = _quick_span(name, record.headers)
    if quick is not None:
        return _RecordSpan(*quick, exception_is_error)
    span = _tracer.start_span(name, context=propagate.extract(record.headers), kind=SpanKind.CONSUMER)
    if not span.get_span_context().is_valid:
        span = NonRecordingSpan(SpanContext(_ids.generate_trace_id(), _ids.generate_span_id(), False, _SAMPLED))
    return _RecordSpan(span, None, exception_is_error)


class _RecordSpan:
    """While a record is handled (`with`, giving the trace id in hex): its span current, ended at the end; what the
    handling emits carries `carrier` (None: what the propagators write). An exception escaping is recorded on the
    span and makes it an error (as `trace.use_span` does) when `exception_is_error`. A class, not a
    generator and `use_span`: every record goes through it, and this costs a fraction of theirs."""

    __slots__ = ("_attached", "_carrier", "_exception_is_error", "_handled", "span")

    def __init__(self, span: Span, carrier: dict[str, str] | None, exception_is_error: bool) -> None:
        self.span, self._carrier, self._exception_is_error = span, carrier, exception_is_error

    def __enter__(self) -> str:
        self._handled = _handled_trace.set(self._carrier)
        self._attached = context.attach(trace.set_span_in_context(self.span))
        if self._carrier is not None:
            return self._carrier["traceparent"][3:35]
        return _trace_id(self.span)

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, _: TracebackType | None) -> None:
        context.detach(self._attached)
        if isinstance(error, Exception) and self._exception_is_error and self.span.is_recording():
            self.span.record_exception(error)
            self.span.set_status(Status(StatusCode.ERROR, f"{type(error).__name__}: {error}"))
        self.span.end()
        _handled_trace.reset(self._handled)


def _trace_id(span: Span) -> str:
    return format(span.get_span_context().trace_id, "032x")


def handling_span(service: str, record: "Incoming", envelope: "Envelope[Any]") -> AbstractContextManager[str]:
    """The current span while one event is handled (`_consumer_span`); without a provider, the record's trace
    context passed on (`_passing_on`). Gives the trace id (hex)."""
    if _api_only():
        return _passing_on(record)
    handling = _consumer_span(f"{service} handle {envelope.type}", record)
    if handling.span.is_recording():
        # What every consume span carries (docs/design.md, "Observability"); the event's type is in the span's name.
        handling.span.set_attributes({"mobility.participant_id": envelope.subject, **_record_attributes(record)})
    return handling


class Decisions:
    """What the handling of an event decided, gathered from its emitted events as they come (`add`, in parts when a
    clock tick writes them out a chunk at a time) and put on the current span at the end (`record`): each emitted
    event's outcome, the rule ids that failed, the alerts raised; an operator reads the decision in the trace
    without opening the events. Made in the handling span."""

    def __init__(self) -> None:
        self.outcomes: list[str] = []
        self.failed: set[str] = set()
        self.alerts: list[str] = []
        self._span = INVALID_SPAN if _api_only() else trace.get_current_span()
        self._recording = self._span.is_recording()

    def add(self, emitted: Sequence["Envelope[Any]"]) -> None:
        if not self._recording:
            return
        for envelope in emitted:
            # The event's fields by name: a model's getattr of a field it lacks raises, at a cost on every event.
            fields, name = vars(envelope.data), envelope.type.split(".")[1]
            outcome = fields.get("outcome")
            self.outcomes.append(f"{name}:{outcome.value}" if outcome is not None else name)
            self.failed |= {finding.rule_id for value in fields.values() if isinstance(value, list)
                            for finding in value if isinstance(finding, Finding) and not finding.passed}  # fmt: skip
            if alert := fields.get("alert"):
                self.alerts.append(str(alert))

    def record(self) -> None:
        if not self._recording:
            return
        self._span.set_attribute(OUTCOME, self.outcomes or NOTHING_EMITTED)
        if self.failed:
            self._span.set_attribute("mobility.decision.failed_rules", sorted(self.failed))
        if self.alerts:
            self._span.set_attribute("mobility.decision.alerts", self.alerts)


def dead_letter_span(service: str, record: "Incoming", error: str, error_type: str) -> AbstractContextManager[str]:
    """An error span for a record that goes to the dead-letter topic, with the reason, in the trace of whatever
    published it; the dead letter's own headers then carry this span on. Gives the trace id (hex)."""
    if _api_only():
        return _passing_on(record)
    letter = _consumer_span(f"{service} dead-letter {record.topic}", record, exception_is_error=False)
    if letter.span.is_recording():
        letter.span.set_attributes(
            {**_record_attributes(record), "error.type": error_type, "mobility.dead_letter.reason": error}
        )
        letter.span.set_status(Status(StatusCode.ERROR, error))
    return letter


def with_trace_context(headers: dict[str, str]) -> dict[str, str]:
    """`headers` plus the current span's W3C trace context (without a provider, the handled record's), to store or
    send with a message."""
    if (handled := _handled_trace.get()) is not None:
        return {**headers, **handled}
    headers = dict(headers)
    propagate.inject(headers)
    return headers


def journey_span(participant_id: str) -> Span:
    """A started span under which a publishing command sends one participant's events, so their journey is one
    trace: each agency event a producer span in it, each decision that follows below that. The caller ends it."""
    return _tracer.start_span(
        f"publish journey {participant_id}", kind=SpanKind.INTERNAL,
        attributes={"mobility.participant_id": participant_id},
    )  # fmt: skip


def producer_span(topic: str, message_id: UUID, key: bytes | None, event_type: str, parent: Context | None) -> Span:
    """A started producer span for sending one event, child of `parent` (None: a new trace). The caller ends it,
    with `end_on_acknowledgement`."""
    return _tracer.start_span(
        f"{topic} publish",
        context=parent,
        kind=SpanKind.PRODUCER,
        attributes={
            "messaging.destination.name": topic,
            "mobility.participant_id": (key or b"").decode(errors="replace"),
            "cloudevents.event_type": event_type,
            "cloudevents.event_id": str(message_id),
        },
    )


def end_on_acknowledgement(span: Span, acknowledgement: "asyncio.Future[Any]") -> None:
    """End `span` when the broker acknowledges the send; an error span if the send failed."""
    if not span.is_recording():
        return

    def end(done: "asyncio.Future[Any]") -> None:
        error = None if done.cancelled() else done.exception()
        if error is not None:
            span.set_status(Status(StatusCode.ERROR, repr(error)))
        span.end()

    acknowledgement.add_done_callback(end)
