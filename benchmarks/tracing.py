"""`python -m benchmarks.tracing [--participants N] [--rounds R] [--stack] [--base DIR]`: what exporting every span to
Zipkin costs the four-service pipeline, tracing off (spans made, none exported) against on (every span sent to a
local Zipkin), in alternating runs so that load from elsewhere on the machine falls on both alike; with `--base`, also
on with another checkout's code (`git archive COMMIT | tar -x -C DIR`), to price a change to the exporter.

In process (always): the four services' handler paths and their relays' spans without Kafka, each run a fresh
process; CPU per event of the process (all its threads, the exporter's included) and of Zipkin, which shares the cores.
This is the cost on the CPU, steady on a shared machine, and an upper bound of the share of a service's CPU (the Kafka
client's work, untraced, comes on top of both). `--stack`: also the pipeline's throughput, services as processes on
one broker, with the services' and Zipkin's CPU per event (noisy when other work shares the machine).
"""

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from opentelemetry.sdk.trace import ReadableSpan, SpanProcessor

from benchmarks.inprocess import incoming_records
from benchmarks.stack import Run, Stack, cpu_seconds, preloaded_run, rss_mib
from benchmarks.workload import inputs_of, journey_records, record_from_kafka, spec_of
from contracts import topics
from contracts.topics import SERVICES
from local.kafka import LocalKafka
from local.zipkin import VERSION, LocalZipkin
from mobility.traces import exporting_to_zipkin
from services.common.database import create_database
from services.common.kafka import ensure_topics
from services.common.outbox import pending
from services.common.telemetry import publishing_span, setup_tracing
from services.common.zipkin import ZipkinExporter, ZipkinSpanProcessor

Figures = dict[str, list[float]]


def _note(figures: Figures, mode: str, run: Run, zipkin_cpu: float = 0.0) -> str:
    figures.setdefault(mode, []).append(run.rate)
    figures.setdefault(f"{mode}_cpu_ms", []).append(1000 * run.cpu_seconds / run.published)
    figures.setdefault(f"{mode}_zipkin_cpu_ms", []).append(1000 * zipkin_cpu / run.published)
    return (f"tracing {mode} {run.rate:,.0f} events/s, services' CPU {figures[f'{mode}_cpu_ms'][-1]:.2f} ms/event, "
            f"Zipkin's {figures[f'{mode}_zipkin_cpu_ms'][-1]:.2f} ms/event")  # fmt: skip


@contextmanager
def _tracing(mode: str, spans_endpoint: str, base: Path | None) -> Iterator[None]:
    """Services started inside export to Zipkin unless `mode` is off; for base_on they run `base`'s code."""
    if mode == "off":
        yield
        return
    saved = os.environ.get("PYTHONPATH")
    if mode == "base_on":
        os.environ["PYTHONPATH"] = str(base)  # ahead of this checkout's editable install
    try:
        with exporting_to_zipkin(spans_endpoint):
            yield
    finally:
        if mode == "base_on":
            os.environ.pop("PYTHONPATH") if saved is None else os.environ.update(PYTHONPATH=saved)


async def measure(participants: int, rounds: int, base: Path | None = None, timeout: float = 900) -> Figures:
    """Per round, tracing off and on (and on with `base`'s code): events per second, the services' and Zipkin's CPU
    milliseconds per event; Zipkin's resident memory (MiB) after each round."""
    figures: Figures = {"zipkin_rss_mib": []}
    modes = ["off", "on"] + (["base_on"] if base else [])
    workload = journey_records(participants)
    with (
        tempfile.TemporaryDirectory(prefix="mobility-bench-tracing-") as tmp,
        LocalKafka(data_dir=Path(tmp) / "kafka") as k,
    ):
        root = Path(tmp)
        await ensure_topics(k.bootstrap_servers, topics.ALL, 4)
        with LocalZipkin(log_dir=root, max_spans=1_000_000, heap="256m") as zipkin:
            for code in [None] + ([base] if base else []):  # warm, as a Zipkin that has run a while (in process)
                _child(max(participants // 4, 10), zipkin.spans_endpoint, code)
            for n in range(rounds):
                for mode in modes:
                    cpu = cpu_seconds(zipkin.pid)
                    with _tracing(mode, zipkin.spans_endpoint, base):
                        stack = Stack(k.bootstrap_servers, root / f"{mode}-{n}", SERVICES)
                        run = await preloaded_run(stack, workload, timeout)
                    line = _note(figures, mode, run, cpu_seconds(zipkin.pid) - cpu)
                    if mode != "off":
                        figures["zipkin_rss_mib"].append(rss_mib(zipkin.pid))
                        line += f" (Zipkin {VERSION}, RSS {figures['zipkin_rss_mib'][-1]:.0f} MiB)"
                    print(f"round {n + 1}: {line}", flush=True)
    return figures


def paired_change(figures: Figures, mode: str) -> float:
    """The median over rounds of each round's change from off to `mode`: runs next to each other share the load."""
    return statistics.median(on / off - 1 for off, on in zip(figures["off"], figures[mode], strict=True))


def _pipeline_in_process(participants: int, endpoint: str | None) -> tuple[int, int, float, float]:
    """The four services' handler paths and their relays' spans, one service after the other without Kafka (each
    reads what the one before wrote to its outbox), every span exported to Zipkin at `endpoint` (None: none); all
    flushed at the end. Returns events handled, spans made, this process's CPU seconds (all its threads) and the
    exporter's CPU seconds (encoding as spans end, posting on its thread)."""
    provider = setup_tracing("benchmark")
    counter = _SpanCounter()
    provider.add_span_processor(counter)
    exporter = _TimedProcessor(ZipkinExporter(endpoint)) if endpoint else None
    if exporter is not None:
        provider.add_span_processor(exporter)
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
            for row in pending(engine, 1_000_000):  # what the relay does around each publish, but the publish
                span, headers = publishing_span(row.topic, row.message_id, row.key, row.headers)
                span.end()
                workload.append(record_from_kafka(row.topic, row.key, row.value, _wire(headers)))
        provider.force_flush()
    exporting = exporter.seconds + exporter.posting if exporter else 0.0
    return handled, counter.spans, time.process_time() - started, exporting


class _SpanCounter(SpanProcessor):
    def __init__(self) -> None:
        self.spans = 0

    def on_end(self, span: ReadableSpan) -> None:
        self.spans += 1


class _TimedProcessor(ZipkinSpanProcessor):
    """The services' Zipkin span processor, and the CPU time its encoding (as spans end) and posting took on the
    threads that did them."""

    def __init__(self, exporter: ZipkinExporter) -> None:
        self.seconds = self.posting = 0.0
        super().__init__(exporter)

    def on_end(self, span: ReadableSpan) -> None:
        started = time.thread_time()
        super().on_end(span)
        self.seconds += time.thread_time() - started

    def post_waiting(self, whole_batches: bool = False) -> bool:
        started = time.thread_time()
        try:
            return super().post_waiting(whole_batches)
        finally:
            self.posting += time.thread_time() - started


def _wire(headers: dict[str, str]) -> tuple[tuple[str, bytes], ...]:
    return tuple((name, value.encode()) for name, value in headers.items())


def in_process(participants: int, rounds: int, base: Path | None = None) -> Figures:
    """Per round, tracing off and on, each in a fresh process: CPU milliseconds per event of that process, of its
    exporter and of Zipkin. With `base` (another checkout's top directory), also on with that checkout's code, in
    the same rounds: a change's before and after under the same load."""
    figures: Figures = {}
    modes: list[tuple[str, Path | None]] = [("off", None), ("on", None)] + ([("base_on", base)] if base else [])
    with (
        tempfile.TemporaryDirectory(prefix="mobility-bench-tracing-") as tmp,
        LocalZipkin(log_dir=Path(tmp), max_spans=1_000_000, heap="256m") as zipkin,
    ):
        for _, code in modes[1:]:  # Zipkin's JIT warms up on spans of its own, in every format it will take
            _child(max(participants // 4, 10), zipkin.spans_endpoint, code)
        for n in range(rounds):
            for mode, code in modes:
                endpoint = None if mode == "off" else zipkin.spans_endpoint
                cpu = cpu_seconds(zipkin.pid)
                handled, spans, seconds, exporting = _child(participants, endpoint, code)
                line = f"round {n + 1}, in process: tracing {mode} {_add(figures, f'{mode}_cpu_ms', seconds, handled)}"
                if endpoint:
                    time.sleep(1)  # Zipkin takes the last batch in
                    line += (f", of which exporting {_add(figures, f'{mode}_exporter_cpu_ms', exporting, handled)}, "
                             f"Zipkin {_add(figures, f'{mode}_zipkin_cpu_ms', cpu_seconds(zipkin.pid) - cpu, handled)} "
                             f"({spans / handled:.2f} spans per event)")  # fmt: skip
                print(line, flush=True)
    return figures


def _add(figures: Figures, name: str, seconds: float, events: int) -> str:
    figures.setdefault(name, []).append(1000 * seconds / events)
    return f"{figures[name][-1]:.3f} ms/event"


def _child(participants: int, endpoint: str | None, code: Path | None = None) -> tuple[int, int, float, float]:
    command = [sys.executable, "-m", "benchmarks.tracing", "--participants", str(participants), "--child"]
    command += ["--endpoint", endpoint] if endpoint else []
    variables = {**os.environ, "OTEL_TRACES_EXPORTER": "none"}  # the child adds its own exporter
    if code is not None:
        variables["PYTHONPATH"] = str(code)  # ahead of this checkout's editable install
    done = subprocess.run(command, env=variables, capture_output=True, text=True, check=True)
    handled, spans, seconds, exporting = json.loads(done.stdout.splitlines()[-1])
    return int(handled), int(spans), float(seconds), float(exporting)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.tracing", description=__doc__)
    parser.add_argument("--participants", type=int, default=200, help="journeys of the workload")
    parser.add_argument("--rounds", type=int, default=2, help="runs with tracing off and on, alternating")
    parser.add_argument("--stack", action="store_true", help="also the pipeline's throughput on a local broker")
    parser.add_argument("--base", type=Path, help="also tracing on with the code of this checkout, same rounds")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--endpoint", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_pipeline_in_process(args.participants, args.endpoint)))
        return
    load = os.getloadavg()[0]
    figures = in_process(args.participants, args.rounds, args.base)
    off, on, exporting, zipkin = (statistics.median(figures[name]) for name in
                                  ("off_cpu_ms", "on_cpu_ms", "on_exporter_cpu_ms", "on_zipkin_cpu_ms"))  # fmt: skip
    print(f"in process, {args.participants} journeys, median of {args.rounds}: CPU per event {off:.3f} ms tracing "
          f"off, {on:.3f} ms on; exporting {exporting:.3f} ms ({exporting / off:.1%} of off), Zipkin {zipkin:.3f} ms "
          f"({zipkin / off:.1%}), both {(exporting + zipkin) / off:.1%}; load {load:.1f} before, "
          f"{os.getloadavg()[0]:.1f} after", flush=True)  # fmt: skip
    if args.base:
        base_on, base_exporting, base_zipkin = (statistics.median(figures[f"base_on_{name}"]) for name in
                                                ("cpu_ms", "exporter_cpu_ms", "zipkin_cpu_ms"))  # fmt: skip
        print(f"the same rounds with {args.base}'s code: on {base_on:.3f} ms; exporting {base_exporting:.3f} ms "
              f"({base_exporting / off:.1%} of off), Zipkin {base_zipkin:.3f} ms ({base_zipkin / off:.1%}), both "
              f"{(base_exporting + base_zipkin) / off:.1%}", flush=True)  # fmt: skip
    if not args.stack:
        return
    load = os.getloadavg()[0]
    figures = asyncio.run(measure(args.participants, args.rounds, args.base))
    off, on = (statistics.median(figures[mode]) for mode in ("off", "on"))
    cpu_off = statistics.median(figures["off_cpu_ms"])
    cpu_on = statistics.median(figures["on_cpu_ms"])
    zipkin = statistics.median(figures["on_zipkin_cpu_ms"]) - statistics.median(figures["off_zipkin_cpu_ms"])
    print(f"pipeline, {args.participants} journeys, median of {args.rounds}: tracing off {off:,.0f} events/s, "
          f"on {on:,.0f} events/s ({(on - off) / off:+.1%}; round by round {paired_change(figures, 'on'):+.1%}); "
          f"CPU per event: services {cpu_off:.2f} ms off, {cpu_on:.2f} ms on ({(cpu_on - cpu_off) / cpu_off:+.1%}), "
          f"Zipkin {zipkin:.2f} ms more ({(cpu_on + zipkin - cpu_off) / cpu_off:+.1%} with it); load {load:.1f} "
          f"before, {os.getloadavg()[0]:.1f} after")  # fmt: skip
    if args.base:
        base_on = statistics.median(figures["base_on"])
        print(f"the same rounds with {args.base}'s code: on {base_on:,.0f} events/s ({(base_on - off) / off:+.1%}; "
              f"round by round {paired_change(figures, 'base_on'):+.1%}), services' CPU "
              f"{statistics.median(figures['base_on_cpu_ms']):.2f} ms/event, Zipkin's "
              f"{statistics.median(figures['base_on_zipkin_cpu_ms']):.2f} ms/event")  # fmt: skip


if __name__ == "__main__":
    main()
