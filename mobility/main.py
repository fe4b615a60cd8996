"""The `mobility` command: run the local stack, publish and replay streams, follow participants."""

import asyncio
import contextlib
import signal
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
from contracts.topics import SERVICES, dead_letter_topic
from mobility.bus import TopicReader
from mobility.demo import run_demo
from mobility.reading import read_until_idle, unique_events
from mobility.replay import replay as replay_stream
from mobility.stack import broker, create_topics, follow_logs, services
from mobility.standing import STANDING_CHANGED, concerns, standing_json, standing_rows, standing_table
from mobility.streams import BadLine, read_stream, write_stream
from mobility.views import dead_letter_table, journey_json, journey_table, tail_line
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


def run(coroutine: Awaitable[T], bootstrap: str) -> T:
    """Run `coroutine`; an unreachable broker is a one-line error, not a traceback."""
    try:
        return asyncio.run(coroutine)  # type: ignore[arg-type]
    except (KafkaConnectionError, LookupError) as exc:
        console.print(f"[red]cannot use Kafka at {bootstrap}: {exc}[/red] (is `mobility up` running?)")
        raise typer.Exit(2) from exc
    except (TopicAuthorizationFailedError, GroupAuthorizationFailedError) as exc:
        console.print(f"[red]Kafka at {bootstrap} refused this principal: {exc}[/red] (KAFKA_SASL_USERNAME; ACLs)")
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


@app.command()
def up(
    data_dir: Annotated[Path, typer.Option(help="Broker data, databases and logs.")] = Path(".data"),
    port: Annotated[int, typer.Option(help="Port of the local broker.")] = 9092,
) -> None:
    """Run the broker (unless KAFKA_BOOTSTRAP_SERVERS is set), the topics and the four services until Ctrl-C."""
    stop_on_signals()
    with broker(data_dir, port) as bootstrap:
        asyncio.run(create_topics(bootstrap, security=KafkaSecurity()))
        with services(bootstrap, data_dir / "services") as processes:
            console.print(f"[green]up[/green]: Kafka at {bootstrap}, services {', '.join(SERVICES)}; Ctrl-C stops")
            try:
                follow_logs(processes, console.print)
            except KeyboardInterrupt:
                console.print("stopping: services finish the event in hand and flush their outbox")


@app.command()
def demo(keep: bool = typer.Option(False, help="Keep broker data and databases in .data/demo.")) -> None:
    """Start what is not running, replay the sample journeys, and show what each service decided."""
    data_dir = Path(".data/demo") if keep else Path(tempfile.mkdtemp(prefix="mobility-demo-"))
    with console.status("starting the broker and the four services"), broker(data_dir) as bootstrap:
        security = KafkaSecurity()
        asyncio.run(create_topics(bootstrap, security=security))
        with services(bootstrap, data_dir / "services"), Progress(console=console) as progress:
            task = progress.add_task("replaying the sample journeys", total=None)
            records = asyncio.run(run_demo(bootstrap, lambda n: progress.advance(task, n), security))
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


@app.command()
def publish(
    file: Path,
    bootstrap: Bootstrap = DEFAULT_BOOTSTRAP,
    skip_invalid: bool = typer.Option(False, "--skip-invalid"),
    allow_unknown_fields: AllowUnknownFields = False,
) -> None:
    """Publish a JSON-lines file of envelopes as fast as the broker takes them (validated first, strictly: a field
    the contracts do not define is an error unless --allow-unknown-fields)."""
    _replay(file, bootstrap, skip_invalid, speed=None, settled=False, allow_unknown_fields=allow_unknown_fields)


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
    always gives the same decisions."""
    _replay(file, bootstrap, skip_invalid, speed, not as_fast_as_possible, allow_unknown_fields)


def _replay(
    file: Path, bootstrap: str, skip_invalid: bool, speed: float | None, settled: bool, allow_unknown_fields: bool
) -> None:
    events = _load(file, skip_invalid, allow_unknown_fields)
    started = time.monotonic()
    with Progress(console=console, transient=False) as progress:
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


@app.command()
def record(
    out: Annotated[Path, typer.Option("--out", help="JSON-lines file to write.")],
    bootstrap: Bootstrap = DEFAULT_BOOTSTRAP,
    topic: Annotated[list[str] | None, typer.Option("--topics", help="Topics to capture (default: inbound).")] = None,
) -> None:
    """Capture topics, from their beginning until they go quiet, to a replayable file in event-time order."""
    records = run(read_until_idle(bootstrap, topic or topics.INBOUND, security=KafkaSecurity()), bootstrap)
    count = write_stream(out, [r.envelope for r in unique_events(records) if r.envelope])
    console.print(f"recorded {count} events to {out}")


@app.command()
def journey(
    participant_id: str, bootstrap: Bootstrap = DEFAULT_BOOTSTRAP, as_json: bool = typer.Option(False, "--json")
) -> None:
    """One participant's timeline across all topics: time, stage, event, the decision, trace id."""
    records = run(read_until_idle(bootstrap, topics.INBOUND + topics.OUTBOUND, security=KafkaSecurity()), bootstrap)
    mine = [r for r in unique_events(records) if r.envelope and concerns(r.envelope, participant_id)]
    if not mine:
        console.print(f"no events about {participant_id}")
        raise typer.Exit(1)
    if as_json:
        print(journey_json(mine))
    else:
        console.print(journey_table(participant_id, mine))


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
    if service not in SERVICES:
        console.print(f"[red]unknown service {service!r}[/red]; one of {', '.join(SERVICES)}")
        raise typer.Exit(2)
    dead_letters = read_until_idle(bootstrap, [dead_letter_topic(service)], idle_seconds=1.0, security=KafkaSecurity())
    records = run(dead_letters, bootstrap)
    console.print(dead_letter_table(service, records) if records else f"{service}.dlq is empty")


@app.command()
def asyncapi() -> None:
    """Write each service's AsyncAPI document to docs/asyncapi/."""
    from services.catalog import SPECS
    from services.common.asyncapi import write_documents

    for path in write_documents(list(SPECS)):
        console.print(f"wrote {path}")
