"""Watching traces on the real stack: a journey published by `mobility replay` is one trace in Zipkin across the
command and the four services, a dead letter's trace shows the error, and Zipkin's page shows the trace."""

import asyncio
import os
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from contracts import topics
from contracts.topics import SERVICES, dead_letter_topic
from local.kafka import LocalKafka
from local.zipkin import LocalZipkin
from mobility.bus import Publisher, TopicReader
from mobility.journeys import JourneyPlan, sample_journey
from mobility.stack import services
from mobility.streams import write_stream
from mobility.traces import exporting_to_zipkin, fetch_trace
from tests.browser import open_page, screenshot_path

pytestmark = pytest.mark.asyncio(loop_scope="session")

PARTICIPANT = "P-TN-TRACED"
SCREENSHOT = screenshot_path("zipkin-trace.png")
Spans = list[dict[str, Any]]


@dataclass(frozen=True)
class TracedStack:
    zipkin: LocalZipkin
    bootstrap: str


@pytest.fixture(scope="module")
async def traced_stack(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[TracedStack]:
    """A broker of its own (the services' consumer groups must not share work with other tests' services), Zipkin,
    and the four services exporting to it; the sample journey of PARTICIPANT replayed by `mobility replay`."""
    data_dir = tmp_path_factory.mktemp("traces")
    stream = data_dir / "journey.jsonl"
    write_stream(stream, sample_journey(JourneyPlan(PARTICIPANT)))
    with LocalZipkin(log_dir=data_dir) as zipkin, exporting_to_zipkin(zipkin.spans_endpoint):
        os.environ["OTEL_BSP_SCHEDULE_DELAY"] = "200"  # spans reach Zipkin within a moment, not five seconds
        try:
            with LocalKafka(data_dir=data_dir / "kafka") as kafka, services(kafka.bootstrap_servers, data_dir):
                command = [str(Path(sys.executable).parent / "mobility"), "replay", str(stream),
                           "--bootstrap-servers", kafka.bootstrap_servers]  # fmt: skip
                replayed = await asyncio.to_thread(subprocess.run, command, capture_output=True, text=True)
                assert replayed.returncode == 0, replayed.stdout + replayed.stderr
                yield TracedStack(zipkin, kafka.bootstrap_servers)
        finally:
            os.environ.pop("OTEL_BSP_SCHEDULE_DELAY", None)


def service_of(span: dict[str, Any]) -> str:
    return str(span.get("localEndpoint", {}).get("serviceName", "?"))


def dangling(spans: Spans) -> list[str]:
    """Spans whose parent is not in the trace (a broken link), by name."""
    ids = {s["id"] for s in spans}
    return [s["name"] for s in spans if s.get("parentId") and s["parentId"] not in ids]


async def trace_until(zipkin: LocalZipkin, trace_id: str, complete: Callable[[Spans], bool]) -> Spans:
    """Zipkin's spans of `trace_id` once `complete` holds (exporters batch, so spans arrive over a moment)."""
    deadline, spans = time.monotonic() + 90, []
    while time.monotonic() < deadline:
        try:
            spans = await asyncio.to_thread(fetch_trace, zipkin.url, trace_id)
        except LookupError:
            spans = []
        if spans and complete(spans):
            return spans
        await asyncio.sleep(0.5)
    summary = sorted({f"{service_of(s)}: {s['name']}" for s in spans})
    raise AssertionError(f"trace {trace_id} incomplete after 90 s; spans: {summary}; dangling: {dangling(spans)}")


async def journey_trace_id(bootstrap: str) -> str:
    """The trace id the replayed journey's decisions carry in their `traceparent` headers (one for all)."""
    async with TopicReader(bootstrap, [topics.REINTEGRATION]) as reader:
        [plan, *_] = await reader.wait_for(lambda r: r.envelope is not None and r.envelope.subject == PARTICIPANT)
    return plan.headers["traceparent"].split("-")[1]


async def test_a_journey_is_one_trace_from_the_publishing_command_through_all_four_services(
    traced_stack: TracedStack,
) -> None:
    trace_id = await journey_trace_id(traced_stack.bootstrap)

    def complete(spans: Spans) -> bool:
        return (
            {"mobility", *SERVICES} <= {service_of(s) for s in spans}
            and not dangling(spans)
            and any(s["name"].startswith("publish journey") for s in spans)
        )

    spans = await trace_until(traced_stack.zipkin, trace_id, complete)
    [root] = [s for s in spans if not s.get("parentId")]
    # Zipkin stores span names in lower case.
    assert service_of(root) == "mobility" and root["name"] == f"publish journey {PARTICIPANT}".lower()
    published = [s for s in spans if service_of(s) == "mobility" and s.get("kind") == "PRODUCER"]
    assert len(published) == len(sample_journey(JourneyPlan(PARTICIPANT))), "a producer span per event published"
    handled = [s for s in spans if s.get("kind") == "CONSUMER"]
    assert all({"messaging.destination.name", "messaging.kafka.offset"} <= s["tags"].keys() for s in handled)
    outcomes = " ".join(s["tags"].get("mobility.decision.outcome", "") for s in handled)
    assert "placement_cleared" in outcomes and "planned" in outcomes, outcomes


async def test_a_dead_letter_s_trace_shows_the_error_and_its_reason(traced_stack: TracedStack) -> None:
    async with Publisher(traced_stack.bootstrap) as agency:  # no trace context: the trace starts at the consumer
        await agency.send_raw(topics.QUALIFICATIONS, b"P-TN-POISON", b'{"not": "an envelope"')
    async with TopicReader(traced_stack.bootstrap, [dead_letter_topic("recognition")]) as reader:
        [letter] = await reader.wait_for(lambda r: r.headers.get("dlq-source-topic") == topics.QUALIFICATIONS)
    trace_id = letter.headers["traceparent"].split("-")[1]

    spans = await trace_until(
        traced_stack.zipkin, trace_id, lambda spans: any("dead-letter" in s["name"] for s in spans)
    )
    [failed] = [s for s in spans if "error" in s.get("tags", {})]
    assert service_of(failed) == "recognition" and "dead-letter" in failed["name"]
    assert failed["tags"]["mobility.dead_letter.reason"] == letter.headers["dlq-error"]
    assert not dangling(spans)


async def test_zipkin_s_page_of_the_journey_trace_names_the_four_services(traced_stack: TracedStack) -> None:
    trace_id = await journey_trace_id(traced_stack.bootstrap)
    # Zipkin renders only the rows in view: a window tall enough for the whole journey (about 30 spans).
    page = await asyncio.to_thread(open_page, traced_stack.zipkin.trace_url(trace_id), SCREENSHOT, height=1400)
    missing = [name for name in SERVICES if name not in page]
    assert not missing, f"Zipkin's trace page lacks {missing}"
    assert SCREENSHOT.stat().st_size > 10_000
