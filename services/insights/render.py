"""The report as an HTML page (tables and server-drawn charts, no script, nothing fetched) and as CSV."""

import csv
import io
from collections.abc import Iterable
from html import escape

from contracts.types import PartnerCountry, Sector
from services.common.reference import partnerships
from services.insights.charts import charts
from services.insights.indicators.figures import ALL, STAGES, UNKNOWN, Cell, Figure, Report, columns

SECTIONS = {
    "participants": "Participants",
    "recognition": "Recognition of qualifications",
    "recruitment": "Fair recruitment",
    "recruitment_cost": "Recruitment cost (SDG indicator 10.7.1)",
    "integration": "Integration: working and living conditions",
    "reintegration": "Reintegration after return",
    "standing": "Standing of employers and recruiters (programme level, at the end of the period)",
}
INDICATORS = {
    "registered": "registered",
    "placed": "placed (placement cleared)",
    "arrived": "arrived",
    "completed": "contract completed",
    "returned": "returned",
    "outcome_share": "share of decisions",
    "median_days_to_decision": "median days, qualification submitted to decision",
    "offers_fair_share": "share of offers found fair",
    "contracts_fair_share": "share of contracts found fair",
    "violations_per_100_assessed": "violations per 100 offers and contracts assessed",
    "placements_blocked": "placements blocked",
    "sdg_10_7_1_mean": "mean ratio, worker-paid costs / monthly earnings",
    "sdg_10_7_1_median": "median ratio",
    "share_paying_any_cost": "share of workers paying any cost",
    "alerts_per_100_worker_months": "alerts per 100 worker-months",
    "fl_multi_cases": "cases with several forced-labour indicators (FL_MULTI)",
    "grievances_filed": "grievances filed",
    "median_days_to_resolution": "median days to resolve a grievance",
    "completion_rate": "share of contracts completed",
    "plans_within_due": "share of returns planned within 30 days",
    "score_mean": "mean score",
    "score_median": "median score",
    "score_share_low": "share scoring low (below 1/3)",
    "score_share_medium": "share scoring medium",
    "score_share_high": "share scoring high (2/3 and above)",
    "eligible_share": "share eligible for another cycle",
    "employers": "employers",
    "recruiters": "recruiters",
}
STYLE = """
body{font-family:system-ui,sans-serif;margin:1.5rem;color:#222;max-width:1300px}
h1{margin-bottom:.2rem} h2{margin-top:2rem;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:.5rem 0;font-size:.9rem} th,td{padding:.2rem .6rem;border-bottom:1px solid #eee}
td.v{text-align:right;font-variant-numeric:tabular-nums} .s{color:#999} .note{color:#555;font-size:.9rem}
form{background:#f5f5f5;padding:.6rem;display:flex;gap:1rem;align-items:end;flex-wrap:wrap}
.charts{display:flex;flex-wrap:wrap;gap:1.5rem} figure{margin:0}
"""


def group_name(group: str) -> str:
    if group == ALL:
        return "All partnerships"
    known = partnerships()
    return f"{known[PartnerCountry(group)].name} ({group})" if group in known else group


def _value(figure: Figure | None, min_cell: int) -> str:
    if figure is None:
        return "<td class='v s'>-</td>"
    if figure.suppressed:
        return f"<td class='v s' title='fewer than {min_cell} participants'>&lt;{min_cell}</td>"
    if figure.value is None:
        return "<td class='v s'>-</td>"
    shown = f"{figure.value:.0%}" if figure.unit == "share" else f"{figure.value:g}"
    return f"<td class='v' title='n = {figure.n}'>{escape(shown)}</td>"


def _section(report: Report, section: str) -> str:
    rows: dict[tuple[str, str], dict[str, Figure]] = {}
    for f in report.figures:
        if f.section == section:
            rows.setdefault((f.indicator, f.key), {})[f.group] = f
    groups = columns(report.groups, (g for by_group in rows.values() for g in by_group))
    head = "".join(f"<th>{escape(group_name(g))}</th>" for g in groups)
    body = "".join(
        f"<tr><td>{escape(INDICATORS.get(indicator, indicator))}</td><td>{escape(key)}</td>"
        + "".join(_value(by_group.get(g), report.min_cell) for g in groups)
        + "</tr>"
        for (indicator, key), by_group in rows.items()
    )
    return f"<h2>{escape(SECTIONS[section])}</h2><table><tr><th>indicator</th><th></th>{head}</tr>{body}</table>"


def _cells(title: str, cells: list[Cell], min_cell: int) -> str:
    if not cells:
        return f"<h2>{escape(title)}</h2><p class='note'>No participant in this selection.</p>"
    names = list(cells[0].dimensions)
    head = "".join(f"<th>{escape(n)}</th>" for n in [*names, "month", *STAGES])
    body = "".join(
        "<tr>"
        + "".join(f"<td>{escape(c.dimensions[n])}</td>" for n in names)
        + f"<td>{c.month}</td>"
        + "".join(
            f"<td class='v s'>&lt;{min_cell}</td>" if c.counts[s] is None else f"<td class='v'>{c.counts[s]}</td>"
            for s in STAGES
        )
        + "</tr>"
        for c in cells
    )
    return f"<h2>{escape(title)}</h2><table><tr>{head}</tr>{body}</table>"


def _options(name: str, choices: Iterable[tuple[str, str]], chosen: str | None) -> str:
    items = "".join(
        f"<option value='{escape(value)}'{' selected' if value == chosen else ''}>{escape(text)}</option>"
        for value, text in [("", "all"), *choices]
    )
    return f"<label>{name}<br><select name='{name}'>{items}</select></label>"


def _form(report: Report) -> str:
    f = report.filters
    months = "".join(
        f"<label>{name}<br><input name='{name}' placeholder='YYYY-MM' size='8' value='{escape(value or '')}'></label>"
        for name, value in (("from", f.period_from), ("to", f.period_to))
    )
    return (
        "<form method='get' action='/report'>"
        + _options("partnership", ((c, group_name(c)) for c in partnerships()), f.partnership)
        + _options("sector", ((str(s), str(s)) for s in [*Sector, UNKNOWN]), f.sector)
        + months
        + "<button>show</button> <a href='/report.json'>JSON</a> <a href='/report.csv'>CSV</a></form>"
    )


def html_page(report: Report) -> str:
    drawn = "".join(
        f"<figure>{svg}</figure>" if svg else f"<figure><p class='note'>{escape(title)}: no figure to show</p></figure>"
        for title, svg in charts(report)
    )
    sections = "".join(_section(report, s) for s in SECTIONS)
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Talent Partnerships: programme report"
        f"</title><style>{STYLE}</style></head><body><h1>Talent Partnerships: programme report</h1>"
        f"<p class='note'>Aggregates only. A figure resting on fewer than {report.min_cell} participants is "
        f"suppressed (shown as &lt;{report.min_cell}), and so is a count of fewer employers or recruiters. Their "
        "standing is programme level: partnership and sector do not narrow it. Definitions, formulas and sources: "
        "docs/insights.md.</p>"
        f"{_form(report)}<div class='charts'>{drawn}</div>{sections}"
        f"{_cells('Per partnership, destination, sector and month', report.cells, report.min_cell)}"
        f"{_cells('Per programme and funding', report.programmes, report.min_cell)}</body></html>"
    )


def csv_text(report: Report) -> str:
    """One row per figure, then one per stage count of each cell; a suppressed value is empty with suppressed=true."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["section", "indicator", "key", "group", "value", "n", "suppressed", "unit"])
    for f in report.figures:
        shown = "" if f.value is None else f.value
        writer.writerow([f.section, f.indicator, f.key, f.group, shown, "" if f.n is None else f.n,
                         str(f.suppressed).lower(), f.unit])  # fmt: skip
    for section, cells in (("cells", report.cells), ("programmes", report.programmes)):
        for cell in cells:
            key = ";".join([*(f"{k}={v}" for k, v in cell.dimensions.items()), f"month={cell.month}"])
            group = cell.dimensions.get("partnership", ALL)
            for stage, count in cell.counts.items():
                hidden = count is None
                writer.writerow([section, stage, key, group, "" if hidden else count, "" if hidden else count,
                                 str(hidden).lower(), "participants"])  # fmt: skip
    return out.getvalue()
