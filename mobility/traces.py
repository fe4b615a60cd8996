"""Traces for operators: where the stack's spans go (its own Zipkin unless OTEL_* says otherwise), links to a
decision's trace, and `mobility trace TRACE_ID`, a trace's span tree read from Zipkin's API."""

import json
import os
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer
from opentelemetry import trace as otel
from opentelemetry.sdk.trace import TracerProvider
from rich.console import Console
from rich.markup import escape
from rich.tree import Tree

from services.common.telemetry import EVERY_HANDLING, NOTHING_EMITTED, OUTCOME, install_provider
from services.common.zipkin import ZipkinExporter, ZipkinSpanProcessor

DEFAULT_ZIPKIN = "http://127.0.0.1:9411"  # where `mobility up` runs its Zipkin, Zipkin's own default port
# Tags worth a line in the terminal, in this order; the rest stay in Zipkin's UI.
KEY_TAGS = (
    "cloudevents.event_type", "mobility.decision.outcome", "mobility.decision.failed_rules",
    "mobility.decision.alerts", "messaging.destination.name", "messaging.destination.partition.id",
    "messaging.kafka.offset", "error.type", "error",
)  # fmt: skip
QUIET_TAG = json.dumps(list(NOTHING_EMITTED))  # as Zipkin holds a quiet handling's outcome
ZipkinUrl = Annotated[
    str, typer.Option("--zipkin", envvar="ZIPKIN_URL", help="Zipkin's base URL (`mobility up` runs one here).")
]


def command_tracing() -> None:
    """The command's own spans (a producer span per event it publishes) go where OTEL_* says; with nothing set, to
    the Zipkin of `mobility up` (ZIPKIN_URL) when it answers. Once per process."""
    if isinstance(otel.get_tracer_provider(), TracerProvider):
        return
    provider = install_provider("mobility")
    zipkin = os.environ.get("ZIPKIN_URL", DEFAULT_ZIPKIN)
    if not exporting_configured() and zipkin_answers(zipkin):
        provider.add_span_processor(ZipkinSpanProcessor(ZipkinExporter(endpoint=spans_endpoint(zipkin))))


def exporting_configured() -> bool:
    """Whether OTEL_* variables already say where spans go (then the stack starts no Zipkin of its own)."""
    return any(name == "OTEL_TRACES_EXPORTER" or name.startswith("OTEL_EXPORTER_") for name in os.environ)


# The services post up to 2,048 spans at a time to the local Zipkin (OpenTelemetry's default 512; unless OTEL_BSP_*
# say otherwise), and still what waits every OTEL_BSP_SCHEDULE_DELAY (5 s): Zipkin alone, alternating posts of 512
# and 2,048 at the pipeline's rate, took a span in for 10-35 % less CPU in the larger posts (README, "Benchmarks",
# tracing).
LARGER_POSTS = {"OTEL_BSP_MAX_EXPORT_BATCH_SIZE": "2048", "OTEL_BSP_MAX_QUEUE_SIZE": "8192"}


def zipkin_variables(spans_endpoint: str) -> dict[str, str]:
    """The variables under which a process exports its spans to the Zipkin at `spans_endpoint`, in the stack's larger
    posts unless OTEL_BSP_* say otherwise."""
    variables = {name: os.environ.get(name) or value for name, value in LARGER_POSTS.items()}
    return variables | {"OTEL_TRACES_EXPORTER": "zipkin", "OTEL_EXPORTER_ZIPKIN_ENDPOINT": spans_endpoint}


@contextmanager
def exporting_to_zipkin(spans_endpoint: str) -> Iterator[None]:
    """Inside the block, processes started (they inherit the variables) and this command export spans to Zipkin;
    this command's spans are flushed when the block ends."""
    variables = zipkin_variables(spans_endpoint)
    command_tracing()  # before the variables change: the Zipkin exporter below is this command's only one for them
    saved = {name: os.environ.get(name) for name in variables}
    os.environ.update(variables)
    provider = otel.get_tracer_provider()
    processor = ZipkinSpanProcessor(ZipkinExporter(endpoint=spans_endpoint))
    if isinstance(provider, TracerProvider):
        provider.add_span_processor(processor)
    try:
        yield
    finally:
        processor.force_flush()
        processor.shutdown()  # a no-op processor from here on: the Zipkin it sends to is about to stop
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def flush_spans() -> None:
    """Export this command's finished spans now (a trace URL printed next must show them)."""
    provider = otel.get_tracer_provider()
    if isinstance(provider, TracerProvider):
        provider.force_flush()


def spans_endpoint(zipkin: str) -> str:
    return f"{zipkin.rstrip('/')}/api/v2/spans"


def trace_url(zipkin: str, trace_id: str) -> str:
    return f"{zipkin.rstrip('/')}/zipkin/traces/{trace_id}"


def zipkin_answers(zipkin: str) -> bool:
    try:
        with urllib.request.urlopen(f"{zipkin.rstrip('/')}/health", timeout=1) as response:
            return bool(response.status == 200)
    except (OSError, ValueError):
        return False


def fetch_trace(zipkin: str, trace_id: str) -> list[dict[str, Any]]:
    """The spans of one trace from Zipkin's API (JSON v2); LookupError when Zipkin does not know it."""
    try:
        with urllib.request.urlopen(f"{zipkin.rstrip('/')}/api/v2/trace/{trace_id}", timeout=10) as response:
            spans: list[dict[str, Any]] = json.load(response)
            return spans
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            raise LookupError(f"Zipkin at {zipkin} has no trace {trace_id}") from exc
        raise


def _label(span: dict[str, Any]) -> str:
    service = span.get("localEndpoint", {}).get("serviceName", "?")
    tags = span.get("tags", {})
    duration = f"{span.get('duration', 0) / 1000:.1f} ms"
    key = "  ".join(f"{name}={tags[name]}" for name in KEY_TAGS if name in tags)
    colour = "red" if "error" in tags else "bold"
    return f"[{colour}]{escape(service)}[/{colour}] {escape(span.get('name', '?'))} ({duration})  [dim]{escape(key)}"


def span_tree(trace_id: str, spans: list[dict[str, Any]]) -> Tree:
    """The spans as a tree by their parent links, children in start order; a span whose parent is missing is a root."""
    ids = {span["id"] for span in spans}
    children: dict[str | None, list[dict[str, Any]]] = {}
    for span in sorted(spans, key=lambda s: s.get("timestamp", 0)):
        parent = span.get("parentId")
        children.setdefault(parent if parent in ids else None, []).append(span)
    services = sorted({s.get("localEndpoint", {}).get("serviceName", "?") for s in spans})
    tree = Tree(f"trace {trace_id}: {len(spans)} spans, services {', '.join(services)}")

    def grow(node: Tree, parent: str | None) -> None:
        for span in children.get(parent, []):
            grow(node.add(_label(span)), span["id"])

    grow(tree, None)
    return tree


def quiet_handlings_note(spans: list[dict[str, Any]]) -> str | None:
    """What the tree leaves out unless the services traced every handling (a quiet handling's span among `spans`)."""
    if any(span.get("tags", {}).get(OUTCOME) == QUIET_TAG for span in spans):
        return None
    return f"handlings that emitted nothing have no span (the services export them with {EVERY_HANDLING}=true)"


def trace(trace_id: str, zipkin: ZipkinUrl = DEFAULT_ZIPKIN) -> None:
    """A trace's span tree: service, span, duration and the decision's key attributes, read from Zipkin."""
    console = Console()
    try:
        spans = fetch_trace(zipkin, trace_id)
    except LookupError as exc:
        console.print(f"[red]{escape(str(exc))}[/red]")
        raise typer.Exit(1) from exc
    except OSError as exc:
        console.print(f"[red]cannot reach Zipkin at {escape(zipkin)}: {exc}[/red] (is `mobility up` running?)")
        raise typer.Exit(2) from exc
    console.print(span_tree(trace_id, spans))
    if note := quiet_handlings_note(spans):
        console.print(f"[dim]{escape(note)}[/dim]")
    console.print(f"in Zipkin: {trace_url(zipkin, trace_id)}", soft_wrap=True)
