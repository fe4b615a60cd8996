"""The `mobility` command: run the local stack, publish and replay streams, follow participants."""

import asyncio
import tempfile
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from services.cli.bus import Received
from services.cli.demo import demo_plans, run_demo
from services.cli.stack import broker, create_topics, services
from services.cli.timeline import describe, stage_of

app = typer.Typer(help="Operate the Talent mobility services.", no_args_is_help=True)
console = Console()


@app.callback()
def main() -> None:
    """Operate the Talent mobility services; every command honours KAFKA_BOOTSTRAP_SERVERS."""


def journey_table(participant: str, records: list[Received]) -> Table:
    table = Table(title=f"Journey of {participant}", title_justify="left")
    for column in ("event time", "stage", "event", "decision", "trace"):
        table.add_column(column)
    unique = {r.envelope.id: r for r in records if r.envelope}  # a redelivered event is the same event
    for r in sorted(unique.values(), key=lambda r: (r.envelope.time, r.topic, r.offset)):  # type: ignore[union-attr]
        e = r.envelope
        assert e is not None
        trace = r.headers.get("traceparent", "-").split("-")[1][:8] if "traceparent" in r.headers else "-"
        table.add_row(e.time.date().isoformat(), stage_of(e), e.type, describe(e), trace)
    return table


@app.command()
def demo(keep: bool = typer.Option(False, help="Keep the data directory instead of a temporary one.")) -> None:
    """Start the broker and the four services, replay sample journeys, and show what each service decided."""
    data_dir = Path(".data/demo") if keep else Path(tempfile.mkdtemp(prefix="mobility-demo-"))
    with console.status("starting the broker") as status, broker(data_dir) as bootstrap:
        status.update(f"creating topics on {bootstrap}")
        asyncio.run(create_topics(bootstrap))
        status.update("starting recognition, recruitment, integration, reintegration")
        with services(bootstrap, data_dir):
            records = asyncio.run(run_demo(bootstrap, demo_plans(), lambda line: status.update(line)))
    for participant in sorted({r.envelope.subject for r in records if r.envelope}):
        console.print(
            journey_table(participant, [r for r in records if r.envelope and r.envelope.subject == participant])
        )
    console.print(f"Service logs and databases: {data_dir}")
