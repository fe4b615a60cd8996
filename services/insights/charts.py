"""Charts of the report, drawn on the server as inline SVG (Vega-Altair specifications, rendered by vl-convert):
the page loads nothing from anywhere. Suppressed figures are left out of every chart."""

from typing import Any

import altair as alt
import vl_convert

from services.insights.indicators.figures import ALL, Figure, Report

Row = dict[str, Any]


def _figures(report: Report, section: str, indicator: str, *, everyone: bool = False) -> list[Figure]:
    """The figures shown (not suppressed, not empty): per partnership, or for all of them."""
    return [
        f
        for f in report.figures
        if f.section == section and f.indicator == indicator and f.value is not None and (f.group == ALL) == everyone
    ]


def _bars(rows: list[Row], category: str, value: str, series: str | None, title: str, axis: str) -> str:
    """Bars per `category` (grouped by `series`, if any), as an SVG document."""
    encoding: dict[str, Any] = {
        "x": alt.X(f"{category}:N", title=None, sort=None, axis=alt.Axis(labelAngle=0)),
        "y": alt.Y(f"{value}:Q", title=axis),
        "tooltip": [f"{category}:N", f"{value}:Q"],
    }
    if series:
        encoding["color"] = alt.Color(f"{series}:N", title=None, sort=None)
        encoding["xOffset"] = alt.XOffset(f"{series}:N", sort=None)
    data = alt.Data(values=rows)  # type: ignore[no-untyped-call]
    chart = alt.Chart(data, title=title, width=420, height=220).mark_bar().encode(**encoding)
    return str(vl_convert.vegalite_to_svg(chart.to_json()))


def charts(report: Report) -> list[tuple[str, str | None]]:
    """(title, SVG, or None when every figure the chart would show is suppressed or missing)."""
    per_partnership: list[tuple[str, str, list[Row], str | None, str]] = [
        ("Participants by stage", "participants", [
            {"partnership": f.group, "stage": f.indicator, "participants": f.value}
            for stage in ("registered", "placed", "arrived", "completed", "returned")
            for f in _figures(report, "participants", stage)
        ], "stage", "participants"),
        ("Recognition outcomes (share of decisions)", "share", [
            {"partnership": f.group, "outcome": f.key, "share": f.value}
            for f in _figures(report, "recognition", "outcome_share") if f.value
        ], "outcome", "share of decisions"),
        ("SDG 10.7.1: worker-paid recruitment cost / monthly earnings", "mean", [
            {"partnership": f.group, "mean": f.value} for f in _figures(report, "recruitment_cost", "sdg_10_7_1_mean")
        ], None, "months of earnings (mean)"),
        ("Reintegration scores (mean, latest follow-up)", "mean", [
            {"partnership": f.group, "dimension": f.key, "mean": f.value}
            for f in _figures(report, "reintegration", "score_mean")
        ], "dimension", "score 0..1"),
    ]  # fmt: skip
    drawn = [
        (title, _bars(rows, "partnership", value, series, title, axis) if rows else None)
        for title, value, rows, series, axis in per_partnership
    ]
    alerts = [
        {"alert": f.key, "rate": f.value}
        for f in _figures(report, "integration", "alerts_per_100_worker_months", everyone=True)
        if f.key != ALL
    ]
    title = "Alerts per 100 worker-months, by kind (all partnerships)"
    drawn.insert(3, (title, _alert_bars(alerts, title) if alerts else None))
    return drawn


def _alert_bars(rows: list[Row], title: str) -> str:
    data = alt.Data(values=rows)  # type: ignore[no-untyped-call]
    chart = (
        alt.Chart(data, title=title, width=420, height=220)
        .mark_bar()
        .encode(y=alt.Y("alert:N", title=None, sort=None), x=alt.X("rate:Q", title="per 100 worker-months"))
    )
    return str(vl_convert.vegalite_to_svg(chart.to_json()))
