"""A service's spans for Zipkin made without the OpenTelemetry SDK's span objects, when Zipkin is the only exporter
(the local stack). A span here is what Zipkin's model holds (ids, name, kind, times, attributes as given, error,
events) and becomes its proto3 bytes as it ends, for `ZipkinSpanProcessor` to post. The SDK's span does much more
per span that Zipkin never sees (attribute cleaning and limits, locks, a read-only copy at the end, the processor
chain): sampled with py-spy in the services on the broker, that span path and the encoding were a fifth of their CPU
with tracing on, and this one costs about half as much (README, "Benchmarks", tracing). What stays the SDK's: the
sampler (OTEL_TRACES_SAMPLER, _ARG) and the W3C context the spans pass on through OpenTelemetry's API, so the
services' code is the same either way."""

import atexit
import logging
import time
import traceback
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, NamedTuple

from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.sdk.trace.id_generator import RandomIdGenerator
from opentelemetry.sdk.trace.sampling import DEFAULT_ON, Decision, Sampler, _get_from_env_or_default
from opentelemetry.trace import (
    Link,
    NonRecordingSpan,
    SpanContext,
    SpanKind,
    Status,
    StatusCode,
    TraceFlags,
    TraceState,
)
from opentelemetry.util._decorator import _agnosticcontextmanager
from opentelemetry.util.types import Attributes, AttributeValue

from services.common.telemetry import every_handling_traced, quiet
from services.common.zipkin import ZipkinExporter, ZipkinSpanProcessor, encode_parts, entry, local_endpoint

_logger = logging.getLogger(__name__)
_SAMPLED, _NOT_SAMPLED = TraceFlags(TraceFlags.SAMPLED), TraceFlags(TraceFlags.DEFAULT)


class SpanEvent(NamedTuple):
    name: str
    attributes: Mapping[str, Any]
    timestamp: int


class ZipkinSpan(trace.Span):
    """A recording span until it ends; then its encoded bytes go to the processor."""

    def __init__(
        self,
        tracer: "ZipkinTracer",
        name: str,
        ids: tuple[int, int, int | None],
        kind: SpanKind,
        attributes: dict[str, Any],
        start_time: int,
        trace_state: TraceState | None = None,
    ) -> None:
        self._tracer, (self.trace_id, self.span_id, self._parent_id) = tracer, ids  # trace, span, parent (None: root)
        self.name, self.kind, self.attributes, self.start_time = name, kind, attributes, start_time
        self._trace_state = trace_state
        self._context: SpanContext | None = None  # made when asked for: a record's span often never is
        self.error: str | None = None  # the description of an error status
        self.events: list[SpanEvent] = []
        self._ended = False

    def end(self, end_time: int | None = None) -> None:
        if self._ended:
            return
        self._ended = True
        self._tracer.ended(self, end_time or time.time_ns())

    def get_span_context(self) -> SpanContext:
        if self._context is None:
            self._context = SpanContext(self.trace_id, self.span_id, False, _SAMPLED, self._trace_state)
        return self._context

    @property
    def parent_id(self) -> int | None:
        return self._parent_id

    def set_attributes(self, attributes: Mapping[str, AttributeValue]) -> None:
        if not self._ended:
            self.attributes.update(attributes)

    def set_attribute(self, key: str, value: AttributeValue) -> None:
        if not self._ended:
            self.attributes[key] = value

    def add_event(self, name: str, attributes: Attributes = None, timestamp: int | None = None) -> None:
        if not self._ended:
            self.events.append(SpanEvent(name, dict(attributes or {}), timestamp or time.time_ns()))

    def add_link(self, context: SpanContext, attributes: Attributes = None) -> None:
        pass  # Zipkin's model has no links

    def update_name(self, name: str) -> None:
        if not self._ended:
            self.name = name

    def is_recording(self) -> bool:
        return not self._ended

    def set_status(self, status: Status | StatusCode, description: str | None = None) -> None:
        if self._ended:
            return
        code, text = (status.status_code, status.description) if isinstance(status, Status) else (status, description)
        if code is StatusCode.ERROR:
            self.error = text or ""
        elif code is StatusCode.OK:
            self.error = None

    def record_exception(
        self,
        exception: BaseException,
        attributes: Attributes = None,
        timestamp: int | None = None,
        escaped: bool = False,
    ) -> None:
        stacktrace = "".join(traceback.format_exception(type(exception), exception, exception.__traceback__))
        self.add_event("exception", {"exception.type": type(exception).__qualname__,
                                     "exception.message": str(exception), "exception.stacktrace": stacktrace,
                                     "exception.escaped": str(escaped), **(attributes or {})}, timestamp)  # fmt: skip


class ZipkinTracer(trace.Tracer):
    """Starts `ZipkinSpan`s (sampled ones; the others pass the context on without recording) of one service; quiet
    handlings' spans (`quiet`) are left out as they end unless `every_handling`."""

    def __init__(
        self, service_name: str, processor: ZipkinSpanProcessor, sampler: Sampler, every_handling: bool = False
    ) -> None:
        self.processor, self.sampler, self.every_handling = processor, sampler, every_handling
        self._endpoint = local_endpoint(service_name)
        self._ids = RandomIdGenerator()

    def start_span(
        self,
        name: str,
        context: Context | None = None,
        kind: SpanKind = SpanKind.INTERNAL,
        attributes: Attributes = None,
        links: Sequence[Link] | None = None,
        start_time: int | None = None,
        record_exception: bool = True,
        set_status_on_exception: bool = True,
    ) -> trace.Span:
        parent = trace.get_current_span(context).get_span_context()
        trace_id = parent.trace_id if parent.is_valid else self._ids.generate_trace_id()
        sampling = self.sampler.should_sample(context, trace_id, name, kind, attributes, links)
        span_id = self._ids.generate_span_id()
        if sampling.decision is not Decision.RECORD_AND_SAMPLE:  # Zipkin takes sampled spans only, and nothing
            # else would read this one
            return NonRecordingSpan(SpanContext(trace_id, span_id, False, _NOT_SAMPLED, sampling.trace_state))
        values = {**(attributes or {}), **(sampling.attributes or {})}
        ids = trace_id, span_id, parent.span_id if parent.is_valid else None
        return ZipkinSpan(self, name, ids, kind, values, start_time or time.time_ns(), sampling.trace_state)

    def remote_child(self, name: str, kind: SpanKind, parent: tuple[int, int] | None) -> ZipkinSpan | None:
        """A started span, child of a remote parent that is sampled (`parent`: its trace id and span id; None: a new
        trace's root) and has no trace state, where `start_span` would take the long way to the same span: the
        sampler is the default one (parent-based, always on), which samples such a span and adds nothing to it.
        None with another sampler (`start_span` asks it)."""
        if self.sampler is not DEFAULT_ON:
            return None
        trace_id, parent_id = parent or (self._ids.generate_trace_id(), None)
        return ZipkinSpan(self, name, (trace_id, self._ids.generate_span_id(), parent_id), kind, {}, time.time_ns())

    @_agnosticcontextmanager
    def start_as_current_span(
        self,
        name: str,
        context: Context | None = None,
        kind: SpanKind = SpanKind.INTERNAL,
        attributes: Attributes = None,
        links: Sequence[Link] | None = None,
        start_time: int | None = None,
        record_exception: bool = True,
        set_status_on_exception: bool = True,
        end_on_exit: bool = True,
    ) -> Iterator[trace.Span]:
        span = self.start_span(name, context, kind, attributes, links, start_time)
        with trace.use_span(span, end_on_exit, record_exception, set_status_on_exception) as current:
            yield current

    def ended(self, span: ZipkinSpan, end_time: int) -> None:
        if not self.every_handling and quiet(span.attributes):
            return
        try:
            encoded = encode_parts(span.trace_id, span.span_id, span.parent_id, span.kind, span.name,
                                   span.start_time, end_time, self._endpoint, span.attributes.items(), span.error,
                                   span.events)  # fmt: skip
        except Exception:  # a span that cannot be encoded is lost, never the work that ended it
            _logger.exception("span %r not encoded for Zipkin", span.name)
            return
        self.processor.add(entry(encoded))


class ZipkinTracerProvider(trace.TracerProvider):
    """One `ZipkinTracer` for every caller; the spans waiting are posted when the process exits."""

    def __init__(
        self,
        service_name: str,
        processor: ZipkinSpanProcessor,
        sampler: Sampler | None = None,
        every_handling: bool = False,
    ) -> None:
        self.processor = processor
        sampler = sampler or _get_from_env_or_default()
        self._tracer = ZipkinTracer(service_name, processor, sampler, every_handling)
        atexit.register(self.shutdown)

    def get_tracer(self, *args: Any, **kwargs: Any) -> trace.Tracer:
        return self._tracer

    def force_flush(self, timeout_millis: int = 30_000) -> bool:
        return self.processor.force_flush(timeout_millis)

    def shutdown(self) -> None:
        self.processor.shutdown()


def install_zipkin_tracing(service_name: str) -> ZipkinTracerProvider:
    """A `ZipkinTracerProvider` exporting through a `ZipkinExporter` (OTEL_EXPORTER_ZIPKIN_*, OTEL_BSP_*), quiet
    handlings' spans too with MOBILITY_TRACE_EVERY_HANDLING, also installed as the global one."""
    processor = ZipkinSpanProcessor(ZipkinExporter())
    provider = ZipkinTracerProvider(service_name, processor, every_handling=every_handling_traced())
    trace.set_tracer_provider(provider)
    return provider
