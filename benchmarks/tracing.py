"""`python -m benchmarks.tracing [--participants N] [--rounds R] [--stack] [--bursts B] [--base DIR]`: what tracing
costs the four-service pipeline. Four ways to run a service: tracing off (no exporter: since spans are no longer made
when nothing exports them, the services run OpenTelemetry's API without its SDK and pass the trace context on),
unexported (the SDK's spans made and dropped: what "off" meant before), on (spans sent to a local Zipkin, as the
services do by default: those of handlings that emitted nothing left out) and every (on, with every handling's span,
MOBILITY_TRACE_EVERY_HANDLING=true).

In process (always): the four services' handler paths without Kafka, each run a fresh process, the modes
alternating; CPU per event of the process (all its threads, the exporter's included) and of Zipkin, which shares the
cores. `--base DIR` (another checkout, `git archive COMMIT | tar -x -C DIR`): also off and on with that code in the
same rounds (and its Zipkin with that code's JVM options), to price a change. `--stack`: also the pipeline on the
broker, off, on and every (and off and on with `--base`'s code), each a stack of services started once on a broker
(and Zipkin) of its own; then `--bursts` short bursts of `--participants` journeys go to each stack in turn (the order
alternating), so load from elsewhere on the machine falls on all alike: throughput per burst, and CPU per event of the
services, their broker and Zipkin, with medians and spread. `--span-path`: instead, only what passing the trace
context on costs per record, alone, with tracing off and on (`passing_context_on`: the span path's own cost, steadier
under load). `--post-sizes 512,2048`: instead, Zipkin alone taking spans in posts of each size, its CPU per span.
`--span-shapes`: instead, Zipkin alone taking spans of each of `SPAN_SHAPES` (tags left out, search off), its CPU per
span. `--zipkin-settings`: instead, Zipkin alone under each of `ZIPKIN_SETTINGS` (JVM options), taking spans shaped
like the services' at the pipeline's rate: its CPU per span, start time, RSS.
"""

import argparse
import asyncio
import json
import os
import runpy
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Mapping
from contextlib import AsyncExitStack, ExitStack
from pathlib import Path

from opentelemetry import trace
from opentelemetry.sdk.trace import ReadableSpan, SpanProcessor

from benchmarks.inprocess import incoming_records
from benchmarks.kafka_io import preload
from benchmarks.report import spread
from benchmarks.stack import Stack, cpu_seconds, rss_mib, until_stable
from benchmarks.workload import Record, inputs_of, journey_records, record_from_kafka, spec_of
from contracts import topics
from contracts.topics import SERVICES
from local.kafka import LocalKafka
from local.zipkin import VERSION, LocalZipkin
from local.zipkin.local_zipkin import JVM_OPTIONS
from mobility.traces import zipkin_variables
from mobility.watch import GroupWatch
from services.common.database import create_database
from services.common.kafka import ensure_topics
from services.common.outbox import pending
from services.common.telemetry import EVERY_HANDLING, install_provider, setup_tracing
from services.common.zipkin import ZipkinExporter, ZipkinSpanProcessor, encode_parts, entry, local_endpoint
from services.common.zipkin_tracing import ZipkinTracerProvider

Figures = dict[str, list[float]]
MODES = ("off", "unexported", "on", "every")
TRACED = ("on", "every", "base_on")  # the modes whose spans go to a Zipkin


def _pipeline_in_process(participants: int, mode: str, endpoint: str | None) -> tuple[int, int, float, float]:
    """The four services' handler paths, one service after the other without Kafka (each reads what the one before
    wrote to its outbox), tracing as `mode` says (on and every: what a service with the Zipkin exporter does, its
    spans to Zipkin at `endpoint`, all posted at the end). Returns events handled, spans
    recorded, this process's CPU seconds (all its threads) and the CPU seconds posting took on the exporter's thread."""
    counter, posting = _SpanCounter(), None
    if mode == "unexported":  # the SDK's spans, made and dropped
        install_provider("benchmark").add_span_processor(counter)
    elif mode in TRACED:
        posting = _TimedProcessor(ZipkinExporter(endpoint))
        provider = ZipkinTracerProvider("benchmark", posting, every_handling=mode == "every")
        trace.set_tracer_provider(provider)  # as setup_tracing with Zipkin alone
    else:
        setup_tracing("benchmark")
    workload, handled = journey_records(participants), 0
    started = time.process_time()
    with tempfile.TemporaryDirectory(prefix="mobility-bench-tracing-") as tmp:
        for name in SERVICES:
            spec = spec_of(name)
            engine = create_database(f"sqlite:///{Path(tmp) / f'{name}.db'}", spec.tables)
            processor, records = spec.processor(engine), incoming_records(inputs_of(name, workload))
            for first in range(0, len(records), 100):
                processor.process_batch(records[first : first + 100])
            handled += len(records)
            for row in pending(engine, 1_000_000):  # what the relay publishes, with the headers stored
                workload.append(record_from_kafka(row.topic, row.key, row.value, _wire(row.headers)))
        if posting is not None:
            posting.force_flush()
    spans = posting.spans if posting is not None else counter.spans
    return handled, spans, time.process_time() - started, posting.seconds if posting is not None else 0.0


class _SpanCounter(SpanProcessor):
    def __init__(self) -> None:
        self.spans = 0

    def on_end(self, span: ReadableSpan) -> None:
        self.spans += 1


class _TimedProcessor(ZipkinSpanProcessor):
    """The services' Zipkin span processor, counting the spans it takes, and the CPU time its posting took on the
    threads that did it (spans are encoded as they end, on the threads that end them)."""

    def __init__(self, exporter: ZipkinExporter) -> None:
        self.seconds, self.spans = 0.0, 0
        super().__init__(exporter)

    def add(self, encoded: bytes) -> None:
        self.spans += 1
        super().add(encoded)

    def post_waiting(self, whole_batches: bool = False) -> bool:
        started = time.thread_time()
        try:
            return super().post_waiting(whole_batches)
        finally:
            self.seconds += time.thread_time() - started


def _wire(headers: dict[str, str]) -> tuple[tuple[str, bytes], ...]:
    return tuple((name, value.encode()) for name, value in headers.items())


def in_process(participants: int, rounds: int, base: Path | None = None) -> Figures:
    """Per round, each mode in a fresh process (with `base`, also off and on with that checkout's code): CPU
    milliseconds per event of that process, and for `on` of its exporter's posting and of Zipkin."""
    figures: Figures = {}
    modes: list[tuple[str, str, Path | None]] = [(mode, mode, None) for mode in MODES]
    modes += [("base_off", "off", base), ("base_on", "on", base)] if base else []
    with tempfile.TemporaryDirectory(prefix="mobility-bench-tracing-") as tmp, ExitStack() as running:
        zipkins = {code: running.enter_context(_zipkin_of(code, Path(tmp) / str(n)))
                   for n, code in enumerate([None] + ([base] if base else []))}  # fmt: skip
        for code, zipkin in zipkins.items():  # Zipkin's JIT warms up on spans of its own
            _child(max(participants // 4, 10), "on", zipkin.spans_endpoint, code)
        for n in range(rounds):
            for label, mode, code in modes if n % 2 == 0 else modes[::-1]:
                zipkin = zipkins[code]
                endpoint = zipkin.spans_endpoint if mode in TRACED else None
                cpu = cpu_seconds(zipkin.pid)
                handled, spans, seconds, exporting = _child(participants, mode, endpoint, code)
                line = f"round {n + 1}, in process: {label} {_add(figures, f'{label}_cpu_ms', seconds, handled)}"
                if endpoint:
                    time.sleep(1)  # Zipkin takes the last batch in
                    zipkin_seconds = cpu_seconds(zipkin.pid) - cpu
                    line += (f", of which posting {_add(figures, f'{label}_exporter_cpu_ms', exporting, handled)}, "
                             f"Zipkin {_add(figures, f'{label}_zipkin_cpu_ms', zipkin_seconds, handled)}")  # fmt: skip
                line += f" ({spans / handled:.2f} spans recorded per event)"
                print(line, flush=True)
    return figures


def passing_context_on(records: int, rounds: int, base: Path | None) -> Figures:
    """Per round, in a fresh process each (with `base`, also that checkout's, alternating): what a service does per
    record to pass its trace context on, alone (`benchmarks/context_passing.py`, run by path so that it runs the
    checkout's services), with tracing off and on (its handling spans to a Zipkin): CPU microseconds per record. The
    span path's own cost, steadier under load than a pipeline's."""
    figures: Figures = {}
    codes: list[tuple[str, Path | None]] = [("", None)] + ([("base_", base)] if base else [])
    variables = {name: value for name, value in os.environ.items() if not name.startswith("OTEL_")}
    script = [sys.executable, str(Path(__file__).with_name("context_passing.py")), str(records)]
    # Zipkin keeps few spans: 20,000 per run, and beyond a few hundred thousand its heap fills and it stalls.
    with (
        tempfile.TemporaryDirectory(prefix="mobility-bench-tracing-") as tmp,
        LocalZipkin(log_dir=Path(tmp), max_spans=20_000) as zipkin,
    ):
        tracing = {
            "off": {},
            "on": {"OTEL_TRACES_EXPORTER": "zipkin", "OTEL_EXPORTER_ZIPKIN_ENDPOINT": zipkin.spans_endpoint},
        }
        runs = [(prefix + mode, code, exporter) for prefix, code in codes for mode, exporter in tracing.items()]
        for n in range(rounds):
            for label, code, exporter in runs if n % 2 == 0 else runs[::-1]:
                checkout = _code_of(code) if code else {"PYTHONSAFEPATH": "1"}
                done = subprocess.run(script, env=variables | checkout | exporter, capture_output=True, text=True,
                                      check=True)  # fmt: skip
                figures.setdefault(label, []).append(float(done.stdout.splitlines()[-1]))
                print(f"round {n + 1}, passing the context on: {label} {figures[label][-1]:.1f} µs/record", flush=True)
    return figures


def _print_passing(rounds: int, base: Path | None) -> None:
    passing = passing_context_on(20_000, rounds, base)
    print(f"passing the trace context on alone (tracing off; on: a span each), CPU per record, median (lowest-highest) "
          f"of {rounds}: " + "; ".join(f"{label} {spread(values, 1)} µs" for label, values in passing.items()),
          flush=True)  # fmt: skip


def _zipkin_of(code: Path | None, log_dir: Path) -> LocalZipkin:
    """A Zipkin as the local stack of `code` (a checkout; None: this one) runs it: with its JVM options, and this
    checkout's heap and cap on spans kept."""
    options = JVM_OPTIONS if code is None else runpy.run_path(str(code / "local/zipkin/local_zipkin.py"))["JVM_OPTIONS"]
    return LocalZipkin(log_dir=log_dir, jvm_options=options)


def _add(figures: Figures, name: str, seconds: float, events: int) -> str:
    figures.setdefault(name, []).append(1000 * seconds / events)
    return f"{figures[name][-1]:.3f} ms/event"


def _child(
    participants: int, mode: str, endpoint: str | None, code: Path | None = None
) -> tuple[int, int, float, float]:
    command = [sys.executable, "-m", "benchmarks.tracing", "--participants", str(participants), "--child", mode]
    command += ["--endpoint", endpoint] if endpoint else []
    variables = {name: value for name, value in os.environ.items() if not name.startswith("OTEL_")}
    if code is not None:
        variables.update(_code_of(code))
    done = subprocess.run(command, env=variables, capture_output=True, text=True, check=True)
    handled, spans, seconds, exporting = json.loads(done.stdout.splitlines()[-1])
    return int(handled), int(spans), float(seconds), float(exporting)


def paired_change(figures: Figures, mode: str) -> float:
    """The median over bursts of each burst's change from off to `mode`: runs next to each other share the load."""
    return statistics.median(on / off - 1 for off, on in zip(figures["off"], figures[mode], strict=True))


def _code_of(checkout: Path) -> dict[str, str]:
    """The variables under which `python -m ...` runs `checkout`'s code: ahead of this checkout's editable install,
    and without the working directory first on the path (`-m` puts it there, and it is this checkout)."""
    return {"PYTHONPATH": str(checkout), "PYTHONSAFEPATH": "1"}


def _mode_variables(mode: str, zipkin: LocalZipkin, base: Path | None) -> dict[str, str]:
    """What the services run with in `mode`: tracing off, or spans to `zipkin` as the stack sends them (every
    handling's with `every`); `base`'s code for the base modes."""
    variables = {"OTEL_TRACES_EXPORTER": "none", EVERY_HANDLING: str(mode == "every").lower()}
    if mode in TRACED:
        variables |= zipkin_variables(zipkin.spans_endpoint)
    return variables | (_code_of(base) if mode.startswith("base") and base is not None else {})


async def bursts(participants: int, count: int, base: Path | None = None, timeout: float = 300) -> Figures:
    """One broker, one Zipkin and one set of service databases for every mode (off, on, every; base_off and base_on
    with `base`'s code): `count` rounds in which each mode in turn (the order reversed every other round) restarts
    the services in its mode, warms them on a few journeys, then takes a burst of `participants` journeys (new
    participants each time), after a burst unmeasured (the first burst on a fresh broker is the slowest). No mode
    keeps a broker, a JIT or a partition assignment of its own: with a stack per mode, two stacks of the same code
    differed by 11 % over 6 bursts. Per burst: events per second from the first commit to the last change; CPU
    milliseconds per event of the services and the broker during the burst, and of Zipkin from the burst's start
    until the services have stopped and it took their last spans in."""
    modes = ["off", "on", "every"] + (["base_off", "base_on"] if base else [])
    figures: Figures = {"zipkin_rss_mib": []}
    async with AsyncExitStack() as running:
        root = Path(running.enter_context(tempfile.TemporaryDirectory(prefix="mobility-bench-tracing-")))
        broker = running.enter_context(LocalKafka(data_dir=root / "kafka"))
        zipkin = running.enter_context(_zipkin_of(None, root / "zipkin"))
        await ensure_topics(broker.bootstrap_servers, topics.ALL, 4)
        stack = Stack(broker.bootstrap_servers, root / "stack", SERVICES)
        await stack.forward_groups()
        running.push_async_callback(stack.stop)
        await asyncio.to_thread(stack.start, True, _mode_variables("off", zipkin, None))
        await until_stable(stack)
        await _burst(stack, journey_records(participants, prefix="warm-up"), timeout)  # the broker's JIT, not a mode's
        for n in range(count):
            for mode in modes if n % 2 == 0 else modes[::-1]:
                await stack.stop()
                await asyncio.to_thread(stack.start, True, _mode_variables(mode, zipkin, base))
                await until_stable(stack)
                await _burst(stack, journey_records(max(participants // 4, 10), prefix=f"warm-{n}-{mode}"), timeout)
                records = journey_records(participants, prefix=f"burst-{n}-{mode}")
                before = stack.cpu_seconds(), cpu_seconds(broker.pid), cpu_seconds(zipkin.pid)
                figures.setdefault(mode, []).append(await _burst(stack, records, timeout))
                services, kafka = stack.cpu_seconds() - before[0], cpu_seconds(broker.pid) - before[1]
                await stack.stop()  # the exporters post what waits as they exit
                await asyncio.sleep(2 if mode in TRACED else 0)  # Zipkin takes the last post in
                traces = cpu_seconds(zipkin.pid) - before[2] if mode in TRACED else 0.0
                for part, seconds in (("services", services), ("broker", kafka), ("zipkin", traces)):
                    figures.setdefault(f"{mode}_{part}_cpu_ms", []).append(1000 * seconds / len(records))
                figures.setdefault(f"{mode}_cpu_ms", []).append(1000 * (services + kafka + traces) / len(records))
                print(f"burst {n + 1}: {mode} {figures[mode][-1]:,.0f} events/s; CPU per event: services "
                      f"{1000 * services / len(records):.3f} ms, broker {1000 * kafka / len(records):.3f}, Zipkin "
                      f"{1000 * traces / len(records):.3f}", flush=True)  # fmt: skip
        figures["zipkin_rss_mib"].append(rss_mib(zipkin.pid))
    return figures


# JVM options for Zipkin to compare (`--zipkin-settings`); the first is what the local stack runs.
ZIPKIN_SETTINGS = {
    "stack's": JVM_OPTIONS,
    "C1, G1 GC": ["-XX:TieredStopAtLevel=1", "-XX:+UseG1GC"],  # until round 25
    "C1+C2, G1 GC": ["-XX:+UseG1GC"],
    "C1+C2, Serial GC": ["-XX:+UseSerialGC"],
}


def _spans_like_the_services(count: int, leaving_out: frozenset[str] = frozenset(), per_trace: int = 1) -> bytes:
    """A post of `count` spans shaped like the pipeline's, as ListOfSpans: consumer spans with the decision, and a
    producer span in three (the publishing command's; until round 25 also the relays'); without the tags named in
    `leaving_out`; `per_trace` spans in each trace (a journey's about 20)."""
    out = []
    for n in range(count):
        service = SERVICES[n % len(SERVICES)]
        if n % per_trace == 0:
            participant, trace_id = f"P-TN-{uuid.uuid4().hex[:8]}", uuid.uuid4().int
        span_id = uuid.uuid4().int >> 64
        consumer = n % 3 != 2
        attributes: dict[str, object] = {
            "mobility.participant_id": participant, "cloudevents.event_type": f"mobility.{service}.decided",
            "cloudevents.event_id": str(uuid.uuid4()),
        }  # fmt: skip
        if consumer:
            attributes |= {"messaging.destination.name": "mobility.participants",
                           "messaging.destination.partition.id": "2", "messaging.kafka.offset": 10_000 + n,
                           "mobility.decision.outcome": ["decided:eligible"]}  # fmt: skip
        name = f"{service} handle mobility.participant.registered" if consumer else f"{service}.events publish"
        kind = trace.SpanKind.CONSUMER if consumer else trace.SpanKind.PRODUCER
        now = time.time_ns()
        tags = [(key, value) for key, value in attributes.items() if key not in leaving_out]
        out.append(entry(encode_parts(trace_id, span_id, span_id ^ 1, kind, name, now - 400_000, now,
                                      local_endpoint(service), tags, None, ())))  # fmt: skip
    return b"".join(out)


def _paced_intake(
    zipkins: Mapping[str, LocalZipkin],
    post: Callable[[str], bytes],
    size: Callable[[str], int],
    rounds: int,
    rate: float,
    seconds: float,
    *,
    warm_up: int = 40,
    after: float = 1.0,
) -> Figures:
    """Per round, each Zipkin in turn (the order alternating) takes `rate` spans a second in posts (`post(label)`, of
    `size(label)` spans) for `seconds`: its CPU microseconds per span, the `after` seconds that follow included."""
    figures: Figures = {}
    exporters = {label: ZipkinExporter(zipkin.spans_endpoint) for label, zipkin in zipkins.items()}
    for label, exporter in exporters.items():  # warm the JIT up
        for _ in range(warm_up):
            exporter.post(post(label))
    labels = list(zipkins)
    for n in range(rounds):
        for label in labels if n % 2 == 0 else labels[::-1]:
            spans = size(label)
            posts = [post(label) for _ in range(max(1, int(seconds * rate / spans)))]
            pid = zipkins[label].pid
            cpu, start = cpu_seconds(pid), time.monotonic()
            for k, body in enumerate(posts):
                time.sleep(max(0.0, start + k * spans / rate - time.monotonic()))
                exporters[label].post(body)
            time.sleep(max(0.0, start + seconds - time.monotonic()) + after)
            used = 1e6 * (cpu_seconds(pid) - cpu) / (len(posts) * spans)
            figures.setdefault(label, []).append(used)
            print(f"round {n + 1}: Zipkin, {label} ({len(posts[0]) / spans:.0f} bytes a span): {used:.1f} µs CPU "
                  f"per span", flush=True)  # fmt: skip
    return figures


def zipkin_settings(rounds: int, seconds: float = 8, rate: float = 1500, batch: int = 512) -> Figures:
    """A Zipkin per `ZIPKIN_SETTINGS` entry, all started first (start time and RSS noted); then per round, each in
    turn (the order alternating) takes `rate` spans a second in posts of `batch` for `seconds`: Zipkin's CPU
    microseconds per span, idle work in between included."""
    figures: Figures = {}
    with tempfile.TemporaryDirectory(prefix="mobility-bench-zipkin-") as tmp, ExitStack() as running:
        zipkins: dict[str, LocalZipkin] = {}
        for label, options in ZIPKIN_SETTINGS.items():
            started = time.monotonic()
            zipkin = LocalZipkin(log_dir=Path(tmp) / str(len(zipkins)), jvm_options=options)
            zipkins[label] = running.enter_context(zipkin)
            figures[f"{label}_start_s"] = [time.monotonic() - started]
        figures |= _paced_intake(zipkins, lambda _: _spans_like_the_services(batch), lambda _: batch, rounds, rate,
                                 seconds, warm_up=100, after=0.0)  # fmt: skip
        for label, zipkin in zipkins.items():
            figures[f"{label}_rss_mib"] = [rss_mib(zipkin.pid)]
    return figures


def post_sizes(sizes: list[int], rounds: int, rate: float = 600, seconds: float = 8) -> Figures:
    """A Zipkin (the stack's JVM options) per post size, all started first; then per round, each in turn (the order
    alternating) takes `rate` spans a second like the services' (the pipeline's rate on a quiet machine) in posts of
    its size for `seconds`: Zipkin's CPU microseconds per span, the second after included."""
    with tempfile.TemporaryDirectory(prefix="mobility-bench-zipkin-") as tmp, ExitStack() as running:
        zipkins = {str(size): running.enter_context(LocalZipkin(log_dir=Path(tmp) / str(size))) for size in sizes}
        return _paced_intake(zipkins, lambda label: _spans_like_the_services(int(label)), int, rounds, rate, seconds)


def _old_generation(pid: int | None) -> str:
    """How full a JVM's old generation is and its full collections so far, from `jstat -gcutil` (S0 S1 E O M CCS YGC
    YGCT FGC ...)."""
    done = subprocess.run(["jstat", "-gcutil", str(pid)], capture_output=True, text=True)
    values = done.stdout.splitlines()[-1].split() if done.returncode == 0 and done.stdout else []
    return f"old generation {values[3]} % full, {values[8]} full collections" if len(values) > 8 else "no jstat"


def zipkin_fill(caps: list[int], spans: int, rate: float = 3000, every: int = 20_000) -> Figures:
    """Per cap on spans kept, a Zipkin as the stack runs it with that cap takes `spans` spans of journeys (20 to a
    trace) at `rate` a second in posts of 2,048, far past the cap: after each `every` spans, its CPU microseconds per
    span over them, its RSS, how full its old generation is and its full collections so far (`jstat`)."""
    figures: Figures = {}
    for cap in caps:
        with (
            tempfile.TemporaryDirectory(prefix="mobility-bench-zipkin-") as tmp,
            LocalZipkin(log_dir=Path(tmp), max_spans=cap) as zipkin,
        ):
            exporter, sent, started = ZipkinExporter(zipkin.spans_endpoint), 0, time.monotonic()
            cpu, counted = cpu_seconds(zipkin.pid), 0
            while sent < spans:
                body = _spans_like_the_services(2048, per_trace=20)
                time.sleep(max(0.0, started + sent / rate - time.monotonic()))
                exporter.post(body)
                sent += 2048
                if sent - counted >= every:
                    time.sleep(0.5)  # the last post taken in
                    used = 1e6 * (cpu_seconds(zipkin.pid) - cpu) / (sent - counted)
                    figures.setdefault(str(cap), []).append(used)
                    print(f"cap {cap:,}: {sent:,} spans in: {used:.1f} µs CPU per span, RSS {rss_mib(zipkin.pid):.0f} "
                          f"MiB, {_old_generation(zipkin.pid)}", flush=True)  # fmt: skip
                    cpu, counted = cpu_seconds(zipkin.pid), sent
    return figures


# Spans and Zipkin settings to compare (`--span-shapes`): tags left out, and Zipkin's JVM options beyond the stack's.
_IDENTIFYING = frozenset({"cloudevents.event_type", "cloudevents.event_id"})
SPAN_SHAPES: dict[str, tuple[frozenset[str], list[str]]] = {
    "round 26's tags": (frozenset(), []),
    "round 27's tags": (_IDENTIFYING, []),
    "no tags": (frozenset({"*"}), []),
    "round 26's tags, search off": (frozenset(), ["-Dzipkin.storage.search-enabled=false"]),
}


def span_shapes(rounds: int, rate: float = 1000, size: int = 800, seconds: float = 8) -> Figures:
    """A Zipkin per `SPAN_SHAPES` entry, all started first; then per round, each in turn (the order alternating)
    takes `rate` spans a second of its shape in posts of `size` (what the services post on the broker) for
    `seconds`: Zipkin's CPU microseconds per span, the second after included."""

    def post(label: str) -> bytes:
        leaving_out = SPAN_SHAPES[label][0]
        return _spans_like_the_services(size, _ALL_TAGS if "*" in leaving_out else leaving_out)

    with tempfile.TemporaryDirectory(prefix="mobility-bench-zipkin-") as tmp, ExitStack() as running:
        zipkins = {
            label: running.enter_context(LocalZipkin(log_dir=Path(tmp) / str(n), jvm_options=JVM_OPTIONS + options))
            for n, (label, (_, options)) in enumerate(SPAN_SHAPES.items())
        }
        return _paced_intake(zipkins, post, lambda _: size, rounds, rate, seconds)


_ALL_TAGS = frozenset({"mobility.participant_id", "cloudevents.event_type", "cloudevents.event_id",
                       "messaging.destination.name", "messaging.destination.partition.id", "messaging.kafka.offset",
                       "mobility.decision.outcome"})  # fmt: skip


def _print_zipkin_settings(figures: Figures, rounds: int) -> None:
    print(f"Zipkin {VERSION} alone, spans like the services' at 1,500/s in posts of 512, median (lowest-highest) of "
          f"{rounds}:", flush=True)  # fmt: skip
    for label, options in ZIPKIN_SETTINGS.items():
        print(f"  {label:<17} {spread(figures[label], 1)} µs CPU per span; started in "
              f"{figures[f'{label}_start_s'][0]:.1f} s, RSS {figures[f'{label}_rss_mib'][0]:.0f} MiB at the end "
              f"({' '.join(options)})", flush=True)  # fmt: skip


async def _burst(stack: Stack, records: list[Record], timeout: float) -> float:
    """Pre-load `records` and wait until the stack has handled them: events per second from the first commit seen
    to the last change."""
    async with GroupWatch(stack.bootstrap, stack.groups, stack.outputs) as watcher:
        baseline = await watcher.look()
        await preload(stack.bootstrap, records)
        span = await watcher.until_quiet(baseline, stack.check, timeout)
        return len(records) / span.seconds


def _print_alone(heading: str, figures: Figures, name: str, separator: str = "; ") -> None:
    """Zipkin alone's CPU per span for each entry of `figures`, after `heading` (`name` formats each label)."""
    per_entry = separator.join(f"{name.format(label)}: {spread(values, 1)} µs CPU per span"
                               for label, values in figures.items())  # fmt: skip
    print(f"Zipkin {VERSION} alone, {heading}{per_entry}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.tracing", description=__doc__)
    parser.add_argument("--participants", type=int, default=200, help="journeys of the workload (of each burst)")
    parser.add_argument("--rounds", type=int, default=2, help="in process: runs of each mode, alternating")
    parser.add_argument("--stack", action="store_true", help="also the pipeline's throughput on local brokers")
    parser.add_argument("--bursts", type=int, default=8, help="with --stack: bursts to each stack, alternating")
    parser.add_argument("--base", type=Path, help="also with the code of this checkout, same rounds")
    parser.add_argument("--zipkin-settings", action="store_true", help="instead: Zipkin alone, per JVM setting")
    parser.add_argument("--span-path", action="store_true", help="instead: passing the context on alone, off and on")
    parser.add_argument("--post-sizes", help="instead: Zipkin alone, spans posted this many at a time (512,2048)")
    parser.add_argument("--span-shapes", action="store_true", help="instead: Zipkin alone, per span shape")
    parser.add_argument("--zipkin-fill", help="instead: Zipkin alone filled far past each cap on spans (25000,100000)")
    parser.add_argument("--spans", type=int, default=250_000, help="with --zipkin-fill: spans sent to each")
    parser.add_argument("--child", choices=MODES, help=argparse.SUPPRESS)
    parser.add_argument("--endpoint", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_pipeline_in_process(args.participants, args.child, args.endpoint)))
        return
    if args.span_path:
        _print_passing(max(args.rounds, 5), args.base)
        return
    if args.post_sizes:
        sizes = post_sizes([int(size) for size in args.post_sizes.split(",")], args.rounds)
        _print_alone(f"median (lowest-highest) of {args.rounds}: ", sizes, "posts of {}")
        return
    if args.span_shapes:
        shapes = span_shapes(args.rounds)
        heading = f"1,000 spans a second in posts of 800, median (lowest-highest) of {args.rounds}:\n  "
        _print_alone(heading, shapes, "{}", separator="\n  ")
        return
    if args.zipkin_fill:
        filled = zipkin_fill([int(cap) for cap in args.zipkin_fill.split(",")], args.spans)
        last = {f"{int(cap):,}": values[-5:] for cap, values in filled.items()}
        _print_alone("once past the cap, median (lowest-highest) of the last five: ", last, "cap {}")
        return
    if args.zipkin_settings:
        _print_zipkin_settings(zipkin_settings(args.rounds), args.rounds)
        return
    if args.rounds:
        load = os.getloadavg()[0]
        figures = in_process(args.participants, args.rounds, args.base)
        off = statistics.median(figures["off_cpu_ms"])
        print(
            f"in process, {args.participants} journeys, median (lowest-highest) of {args.rounds}, CPU per event:",
            flush=True,
        )
        for label in [*MODES] + (["base_off", "base_on"] if args.base else []):
            middle = statistics.median(figures[f"{label}_cpu_ms"])
            line = f"  {label:<10} {spread(figures[f'{label}_cpu_ms'], 3)} ms ({middle / off - 1:+.1%} against off)"
            if f"{label}_zipkin_cpu_ms" in figures:
                exporting, zipkin = (
                    statistics.median(figures[f"{label}_{part}_cpu_ms"]) for part in ("exporter", "zipkin")
                )
                line += (f"; of which posting {exporting:.3f} ms; Zipkin {zipkin:.3f} ms more: with it "
                         f"{(middle + zipkin) / off - 1:+.1%}")  # fmt: skip
            print(line, flush=True)
        print(f"  load {load:.1f} before, {os.getloadavg()[0]:.1f} after", flush=True)
        _print_passing(max(args.rounds, 5), args.base)
    if not args.stack:
        return
    load = os.getloadavg()[0]
    figures = asyncio.run(bursts(args.participants, args.bursts, args.base))
    print(f"pipeline on the broker, {args.participants} journeys per burst, median (lowest-highest) of {args.bursts} "
          f"bursts; Zipkin {VERSION}, RSS {figures['zipkin_rss_mib'][-1]:.0f} MiB at the end:", flush=True)  # fmt: skip
    off, off_cpu = statistics.median(figures["off"]), statistics.median(figures["off_cpu_ms"])
    for mode in ["off", "on", "every"] + (["base_off", "base_on"] if args.base else []):
        paired = paired_change(figures, mode)
        cpu = statistics.median(figures[f"{mode}_cpu_ms"])
        print(f"  {mode:<9} {spread(figures[mode], 0)} events/s ({statistics.median(figures[mode]) / off - 1:+.1%}; "
              f"burst by burst {paired:+.1%}); CPU per event {spread(figures[f'{mode}_cpu_ms'], 3)} ms "
              f"({cpu / off_cpu - 1:+.1%}): services {spread(figures[f'{mode}_services_cpu_ms'], 3)}, broker "
              f"{spread(figures[f'{mode}_broker_cpu_ms'], 3)}, Zipkin {spread(figures[f'{mode}_zipkin_cpu_ms'], 3)}",
              flush=True)  # fmt: skip
    print(f"  load {load:.1f} before, {os.getloadavg()[0]:.1f} after", flush=True)


if __name__ == "__main__":
    main()
