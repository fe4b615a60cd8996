"""The `mobility` command: run the local stack, publish and replay streams, follow participants."""

import asyncio
import contextlib
import logging
import signal
import sys
import tempfile
import time
from collections.abc import Awaitable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from aiokafka.errors import GroupAuthorizationFailedError, KafkaConnectionError, TopicAuthorizationFailedError
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress

from contracts import topics
from contracts.topics import READ_MODELS, SERVICES, dead_letter_topic
from mobility.bus import Received, TopicReader
from mobility.demo import DEMO_MIN_CELL, run_demo
from mobility.envelope_guide import envelope_attributes
from mobility.reading import read_until_idle, unique_events
from mobility.replay import replay as replay_stream
from mobility.report import report as report_command
from mobility.stack import INSIGHTS_PORT, broker, create_topics, follow_logs, insights, port_is_free, services, traces
from mobility.standing import STANDING_CHANGED, concerns, standing_json, standing_rows, standing_table
from mobility.streams import BadLine, read_stream, write_stream
from mobility.strict import suggestion
from mobility.traces import DEFAULT_ZIPKIN, ZipkinUrl, command_tracing, flush_spans, trace, trace_url, zipkin_answers
from mobility.views import dead_letter_table, journey_json, journey_table, tail_line, trace_of
from mobility.watch import insights_inputs, settle
from services.common.settings import KafkaSecurity

app = typer.Typer(help="Operate the Talent mobility services.", no_args_is_help=True, pretty_exceptions_enable=False)
console = Console()
T = TypeVar("T")
Bootstrap = Annotated[
    str, typer.Option("--bootstrap-servers", envvar="KAFKA_BOOTSTRAP_SERVERS", help="Kafka bootstrap servers.")
]
DEFAULT_BOOTSTRAP = "127.0.0.1:9092"
AllowUnknownFields = Annotated[
    bool,
    typer.Option(
        "--allow-unknown-fields",
        help="Accept fields the contracts do not define (by default each is an error naming the closest known field).",
    ),
]
NoTraces = Annotated[
    bool, typer.Option("--no-traces", help="Start no Zipkin; spans go where OTEL_* says, if anywhere.")
]


PUBLISH_HELP = f"""Publish a JSON-lines file of envelopes, validated first, strictly (a field the contracts do not
define is an error unless --allow-unknown-fields). Between clock ticks it sends each participant's events in rounds
and waits for the services after each round and each tick, so the decisions are those `mobility replay` gives
(waiting reads the offsets of the services' consumer groups: DESCRIBE on those groups and the topics they read, which
`python -m deploy.acls` grants `agency`). --as-fast-as-possible needs only WRITE on the inbound topics and keeps order
only within a partition: a clock tick can overtake earlier events.

Each line is one event; its envelope attributes must hold:

{envelope_attributes()}

A minimal valid event per inbound type: docs/envelope.md (docs/examples/inbound.jsonl, one per line)."""


def run(coroutine: Awaitable[T], bootstrap: str) -> T:
    """Run `coroutine`; an unreachable broker is a one-line error, not a traceback."""
    try:
        return asyncio.run(coroutine)  # type: ignore[arg-type]
    except KafkaConnectionError as exc:
        _problem(f"cannot use Kafka at {bootstrap}: no broker answers (is `mobility up` running?)")
        raise typer.Exit(2) from exc
    except LookupError as exc:
        _problem(f"cannot use Kafka at {bootstrap}: {exc}")
        raise typer.Exit(2) from exc
    except GroupAuthorizationFailedError as exc:
        _problem(
            f"Kafka at {bootstrap} refused this principal the services' consumer groups: {exc} (waiting for the "
            "services needs DESCRIBE on their groups and the topics they read, see `python -m deploy.acls`; "
            "--as-fast-as-possible needs only WRITE on the inbound topics)"
        )
        raise typer.Exit(2) from exc
    except TopicAuthorizationFailedError as exc:
        _problem(f"Kafka at {bootstrap} refused this principal: {exc} (KAFKA_SASL_USERNAME; ACLs)")
        raise typer.Exit(2) from exc


def _interrupt(*_: object) -> None:
    raise KeyboardInterrupt


def stop_on_signals() -> None:
    """Ctrl-C and SIGTERM both stop the stack cleanly, even where the shell started us with SIGINT ignored."""
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)


@app.callback()
def main() -> None:
    """Operate the Talent mobility services; every command honours KAFKA_BOOTSTRAP_SERVERS and the KAFKA_SASL_*
    login (KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD)."""
    # aiokafka logs every failed connection attempt; the command says in one line what went wrong (see `run`).
    logging.getLogger("aiokafka").setLevel(logging.CRITICAL)
    command_tracing()


@app.command()
def up(
    data_dir: Annotated[Path, typer.Option(help="Broker data, databases and logs.")] = Path(".data"),
    port: Annotated[int, typer.Option(help="Port of the local broker.")] = 9092,
    report_port: Annotated[int, typer.Option(help="Port of the insights report and its health.")] = INSIGHTS_PORT,
    zipkin_port: Annotated[int, typer.Option(help="Port of the local Zipkin.")] = 9411,
    no_traces: NoTraces = False,
) -> None:
    """Run the broker (unless KAFKA_BOOTSTRAP_SERVERS is set), the topics, the four services, insights and Zipkin for
    their traces (unless --no-traces or OTEL_* variables) until Ctrl-C."""
    stop_on_signals()
    with traces(data_dir, not no_traces, zipkin_port) as zipkin, broker(data_dir, port) as bootstrap:
        asyncio.run(create_topics(bootstrap, security=KafkaSecurity()))
        with (
            services(bootstrap, data_dir / "services") as processes,
            insights(bootstrap, data_dir / "services", report_port) as report,
        ):
            console.print(f"[green]up[/green]: Kafka at {bootstrap}, services {', '.join(SERVICES)}, insights; "
                          f"report at http://127.0.0.1:{report.http_port}/report; Ctrl-C stops")  # fmt: skip
            if zipkin is not None:
                console.print(f"traces: {zipkin.ui_url} (`mobility trace TRACE_ID` in the terminal)")
            try:
                follow_logs([*processes, report], console.print)
            except KeyboardInterrupt:
                console.print("stopping: services finish the event in hand and flush their outbox")


@app.command()
def demo(
    keep: bool = typer.Option(False, help="Keep broker data and databases in .data/demo."),
    serve: bool | None = typer.Option(
        None,
        "--serve/--no-serve",
        help="Keep the stack, report and Zipkin up until Ctrl-C (default: in a terminal).",
    ),
    no_traces: NoTraces = False,
) -> None:
    """Start what is not running, replay the sample journeys, show what each service decided, the report's URL and
    one journey's trace in Zipkin."""
    data_dir = Path(".data/demo") if keep else Path(tempfile.mkdtemp(prefix="mobility-demo-"))
    serve = sys.stdin.isatty() if serve is None else serve
    port = INSIGHTS_PORT if port_is_free(INSIGHTS_PORT) else None
    with contextlib.ExitStack() as stack:
        with console.status("starting Zipkin, the broker, the four services and insights"):
            zipkin = stack.enter_context(traces(data_dir, not no_traces))
            bootstrap = stack.enter_context(broker(data_dir))
            security = KafkaSecurity()
            asyncio.run(create_topics(bootstrap, security=security))
            stack.enter_context(services(bootstrap, data_dir / "services"))
            report = stack.enter_context(insights(bootstrap, data_dir / "services", port, DEMO_MIN_CELL))
        with Progress(console=console) as progress:
            task = progress.add_task("replaying the sample journeys", total=None)
            records = asyncio.run(run_demo(bootstrap, lambda n: progress.advance(task, n), security))
        asyncio.run(settle(bootstrap, insights_inputs(), security=security))
        _show_decisions(records, data_dir)
        url = f"http://127.0.0.1:{report.http_port}"
        console.print(f"Report: [bold]{url}/report[/bold] ({url}/report.json, {url}/report.csv; `mobility report "
                      f"--url {url}`), figures under {DEMO_MIN_CELL} participants suppressed (demo setting).",
                      soft_wrap=True)  # fmt: skip
        if zipkin is not None:
            _show_trace(zipkin.url, [r for r in records if r.envelope and r.envelope.subject == DEMO_TRACE])
        if serve:
            stop_on_signals()
            console.print("The stack stays up for the report and the traces; Ctrl-C stops it.")
            with contextlib.suppress(KeyboardInterrupt):
                while report.running:
                    time.sleep(1)


DEMO_TRACE = "P-TN-0001"  # the clean journey: every service decides on it


def _show_trace(zipkin: str, records: list[Received]) -> None:
    trace_id = next((t for t in map(trace_of, records) if t != "-"), None)
    if trace_id is None:
        return
    flush_spans()
    console.print(f"The journey of {DEMO_TRACE} as one trace across the four services (`mobility trace {trace_id}`):")
    console.print(trace_url(zipkin, trace_id), soft_wrap=True, highlight=False)


def _show_decisions(records: list[Received], data_dir: Path) -> None:
    events = [r for r in unique_events(records) if not r.envelope or not r.envelope.type.startswith("mobility.")]
    participants = {r.envelope.subject for r in events if r.envelope and r.envelope.type != STANDING_CHANGED}
    for participant in sorted(participants):
        console.print(
            journey_table(participant, [r for r in events if r.envelope and concerns(r.envelope, participant)])
        )
    console.print(standing_table(standing_rows(events, every_change=True), "Standing changes"))
    console.print(
        f"Decisions only; `mobility journey ID` against a running stack shows agency events too. Data: {data_dir}"
    )


def _problem(text: str) -> None:
    """One problem, its text intact: no markup read from it (`^[a-z]{2}$` stays), no wrapping inside it."""
    console.print(f"[red]{escape(text)}[/red]", soft_wrap=True, highlight=False)


def _read(file: Path, allow_unknown_fields: bool) -> tuple[list[Any], list[BadLine]]:
    if not file.exists():
        console.print(f"[red]{escape(str(file))}: no such file[/red]")
        raise typer.Exit(2)
    return read_stream(file, strict=not allow_unknown_fields)


def _load(file: Path, skip_invalid: bool, allow_unknown_fields: bool = False) -> list[Any]:
    events, bad = _read(file, allow_unknown_fields)
    for line in bad[:20]:
        for problem in line.problems:
            _problem(problem)
    if bad and not skip_invalid:
        console.print(
            f"{escape(str(file))}: {len(bad)} invalid line(s); nothing published (--skip-invalid publishes the rest)",
            soft_wrap=True,
        )
        raise typer.Exit(1)
    return events


@app.command(help=PUBLISH_HELP)
def publish(
    file: Path,
    bootstrap: Bootstrap = DEFAULT_BOOTSTRAP,
    as_fast_as_possible: bool = typer.Option(
        False,
        "--as-fast-as-possible",
        help="Send everything at once and wait for nothing (order kept only within a partition).",
    ),
    skip_invalid: bool = typer.Option(False, "--skip-invalid"),
    allow_unknown_fields: AllowUnknownFields = False,
) -> None:
    _replay(file, bootstrap, skip_invalid, None, not as_fast_as_possible, allow_unknown_fields)


@app.command()
def replay(
    file: Path,
    bootstrap: Bootstrap = DEFAULT_BOOTSTRAP,
    speed: Annotated[float | None, typer.Option(help="Replay N times faster than event time.")] = None,
    as_fast_as_possible: bool = typer.Option(False, "--as-fast-as-possible", help="No pacing and no settling."),
    skip_invalid: bool = typer.Option(False, "--skip-invalid"),
    allow_unknown_fields: AllowUnknownFields = False,
) -> None:
    """Replay a recorded stream in order; by default the services settle between batches, so the same stream
    always gives the same decisions, byte for byte."""
    _replay(file, bootstrap, skip_invalid, speed, not as_fast_as_possible, allow_unknown_fields)


def _replay(
    file: Path,
    bootstrap: str,
    skip_invalid: bool,
    speed: float | None,
    settled: bool,
    allow_unknown_fields: bool,
) -> None:
    events = _load(file, skip_invalid, allow_unknown_fields)
    started = time.monotonic()
    with Progress(console=console, transient=True, disable=not console.is_terminal) as progress:
        task = progress.add_task(f"publishing {file.name}", total=len(events))
        replaying = replay_stream(
            bootstrap, events, lambda n: progress.advance(task, n), speed, settled, KafkaSecurity()
        )
        count = run(replaying, bootstrap)
    console.print(f"published {count} events in {time.monotonic() - started:.1f}s")


@app.command()
def validate(file: Path, allow_unknown_fields: AllowUnknownFields = False) -> None:
    """Check every line of a JSON-lines file as `publish` would, publishing nothing: each problem with its line
    number, then a summary; exit 1 when any line is bad."""
    events, bad = _read(file, allow_unknown_fields)
    for line in bad:
        for problem in line.problems:
            _problem(problem)
    total = len(events) + len(bad)
    if bad:
        problems = sum(len(line.problems) for line in bad)
        console.print(
            f"{escape(str(file))}: {len(bad)} of {total} line(s) invalid, {problems} problem(s)", soft_wrap=True
        )
        raise typer.Exit(1)
    console.print(f"{escape(str(file))}: all {total} line(s) valid", soft_wrap=True)


def topic_names(values: list[str], known: list[str]) -> list[str]:
    """Topics named as `--topics A B`, `--topics A --topics B` or `--topics A,B`; an unknown name is an error
    naming the closest known topic."""
    names = [name for value in values for name in value.split(",") if name]
    for name in names:
        if name not in known:
            raise typer.BadParameter(
                f"{name} is not a topic; {suggestion(name, known, 'topics')}", param_hint="--topics"
            )
    return names


@app.command()
def record(
    out: Annotated[Path, typer.Option("--out", help="JSON-lines file to write.")],
    bootstrap: Bootstrap = DEFAULT_BOOTSTRAP,
    topic: Annotated[
        list[str] | None, typer.Option("--topics", help="Topics to capture: --topics A B (default: inbound).")
    ] = None,
    more_topics: Annotated[list[str] | None, typer.Argument(hidden=True, metavar="TOPICS")] = None,
) -> None:
    """Capture topics, from their beginning until they go quiet, to a replayable file in causal order (event time,
    never before a cause or an earlier record of the same partition)."""
    names = topic_names([*(topic or []), *(more_topics or [])], list(topics.ALL)) or topics.INBOUND
    records = run(read_until_idle(bootstrap, names, security=KafkaSecurity()), bootstrap)
    count = write_stream(out, [r.envelope for r in unique_events(records) if r.envelope])
    console.print(f"recorded {count} events to {out}")


@app.command()
def journey(
    participant_id: str,
    bootstrap: Bootstrap = DEFAULT_BOOTSTRAP,
    as_json: bool = typer.Option(False, "--json"),
    zipkin: ZipkinUrl = DEFAULT_ZIPKIN,
) -> None:
    """One participant's timeline across all topics: time, stage, event, the decision, its trace (a Zipkin link
    when Zipkin answers)."""
    records = run(read_until_idle(bootstrap, topics.INBOUND + topics.OUTBOUND, security=KafkaSecurity()), bootstrap)
    mine = [r for r in unique_events(records) if r.envelope and concerns(r.envelope, participant_id)]
    if not mine:
        console.print(f"no events about {participant_id}")
        raise typer.Exit(1)
    link = (lambda trace_id: trace_url(zipkin, trace_id)) if zipkin_answers(zipkin) else None
    if as_json:
        print(journey_json(mine, link))
    else:
        console.print(journey_table(participant_id, mine, link))


@app.command()
def standing(
    party_id: Annotated[str | None, typer.Argument(help="An employer or recruiter id (default: all).")] = None,
    bootstrap: Bootstrap = DEFAULT_BOOTSTRAP,
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Employers and recruiters with their latest standing and the findings behind it; with an id, every change."""
    records = run(read_until_idle(bootstrap, [topics.RECRUITMENT], security=KafkaSecurity()), bootstrap)
    rows = standing_rows(unique_events(records), party_id)
    if as_json:
        print(standing_json(rows))
    elif not rows:
        console.print(f"no standing recorded{f' for {party_id}' if party_id else ''}: every party is in good standing")
    else:
        console.print(standing_table(rows, f"Standing of {party_id}" if party_id else "Standing of employers and "
                                     "recruiters"))  # fmt: skip


@app.command()
def tail(
    topic: str,
    bootstrap: Bootstrap = DEFAULT_BOOTSTRAP,
    limit: Annotated[int | None, typer.Option(help="Stop after N records.")] = None,
) -> None:
    """Print a topic's events as they arrive (from its beginning), one line each, until Ctrl-C."""

    async def follow() -> None:
        seen = 0
        async with TopicReader(bootstrap, [topic], KafkaSecurity()) as reader:
            while limit is None or seen < limit:
                for record in await reader.poll(1000):
                    console.print(tail_line(record), highlight=False)
                    seen += 1

    with contextlib.suppress(KeyboardInterrupt):
        run(follow(), bootstrap)


@app.command()
def dlq(service: str, bootstrap: Bootstrap = DEFAULT_BOOTSTRAP) -> None:
    """A service's dead letters with the error that put each there."""
    if service not in (*SERVICES, *READ_MODELS):
        console.print(f"[red]unknown service {service!r}[/red]; one of {', '.join((*SERVICES, *READ_MODELS))}")
        raise typer.Exit(2)
    dead_letters = read_until_idle(bootstrap, [dead_letter_topic(service)], idle_seconds=1.0, security=KafkaSecurity())
    records = run(dead_letters, bootstrap)
    console.print(dead_letter_table(service, records) if records else f"{service}.dlq is empty")


app.command(name="report")(report_command)
app.command()(trace)


@app.command()
def asyncapi() -> None:
    """Write each service's AsyncAPI document to docs/asyncapi/."""
    from services.catalog import SPECS
    from services.common.asyncapi import write_documents

    for path in write_documents(list(SPECS)):
        console.print(f"wrote {path}")


@app.command()
def envelope() -> None:
    """Write docs/envelope.md and docs/examples/inbound.jsonl: the envelope explained, with a minimal valid event
    per inbound type, from the contracts (a contract test fails when they are stale)."""
    from mobility.envelope_guide import write_guide

    for path in write_guide():
        console.print(f"wrote {path}")
