"""`mobility report`: the insights service's figures in the terminal (the same /report.json the page shows)."""

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from mobility.stack import INSIGHTS_PORT

console = Console()
DEFAULT_URL = f"http://127.0.0.1:{INSIGHTS_PORT}"


def fetch(url: str, partnership: str | None, sector: str | None, period_from: str | None,
          period_to: str | None) -> dict[str, Any]:  # fmt: skip
    """The report as JSON from the insights service at `url`, narrowed by the filters given."""
    filters = {"partnership": partnership, "sector": sector, "from": period_from, "to": period_to}
    query = urllib.parse.urlencode({k: v for k, v in filters.items() if v})
    with urllib.request.urlopen(f"{url.rstrip('/')}/report.json?{query}", timeout=60) as response:
        document: dict[str, Any] = json.load(response)
    return document


def _shown(figure: dict[str, Any], min_cell: int) -> str:
    if figure["suppressed"]:
        return f"<{min_cell}"
    value = figure["value"]
    if value is None:
        return "-"
    return f"{value:.0%}" if figure["unit"] == "share" else f"{value:g}"


def tables(document: dict[str, Any]) -> list[Table]:
    """One table per section: a row per indicator (and key), a column per partnership and for all of them (the
    standing of employers and recruiters: for all of them only)."""
    # Imported here: the insights service's modules (its database models among them) would slow every command.
    from services.insights.indicators.figures import columns

    min_cell = document["min_cell"]
    rows: dict[str, dict[tuple[str, str], dict[str, str]]] = {}
    for figure in document["figures"]:
        section = rows.setdefault(figure["section"], {})
        section.setdefault((figure["indicator"], figure["key"]), {})[figure["group"]] = _shown(figure, min_cell)
    made = []
    for name, by_indicator in rows.items():
        groups = columns(document["groups"], (g for values in by_indicator.values() for g in values))
        table = Table(title=name.replace("_", " "), title_justify="left")
        table.add_column("indicator")
        table.add_column("key")
        for group in groups:
            table.add_column(group, justify="right")
        for (indicator, key), values in by_indicator.items():
            table.add_row(indicator, key, *(values.get(group, "-") for group in groups))
        made.append(table)
    return made


def report(
    partnership: Annotated[str | None, typer.Option(help="A partner country: TN, MA, EG, PK or BD.")] = None,
    sector: Annotated[str | None, typer.Option(help="A sector of common interest, e.g. construction.")] = None,
    period_from: Annotated[str | None, typer.Option("--from", help="First month, YYYY-MM.")] = None,
    period_to: Annotated[str | None, typer.Option("--to", help="Last month, YYYY-MM.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report's JSON as the service serves it.")] = False,
    url: Annotated[str, typer.Option(envvar="MOBILITY_REPORT_URL", help="The insights service.")] = DEFAULT_URL,
) -> None:
    """The programme figures per partnership (docs/insights.md); cells under the disclosure threshold stay
    suppressed."""
    try:
        document = fetch(url, partnership, sector, period_from, period_to)
    except urllib.error.HTTPError as exc:
        console.print(f"[red]{url} refused the filters: {exc.read().decode(errors='replace').strip()}[/red]")
        raise typer.Exit(2) from exc
    except OSError as exc:
        console.print(f"[red]no insights service at {url}: {exc}[/red] (is `mobility up` running?)")
        raise typer.Exit(2) from exc
    if as_json:
        print(json.dumps(document, indent=1))
        return
    for table in tables(document):
        console.print(table)
    console.print(
        f"figures resting on fewer than {document['min_cell']} participants (employers, recruiters) are "
        "suppressed (<N); standing is programme level, not narrowed by partnership or sector"
    )
