"""/report, /report.json and /report.csv, served beside the health endpoints (services/common/health.py)."""

import asyncio
import re
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, select

from contracts.types import PartnerCountry, Sector
from services.common.cases import CaseRow
from services.common.health import Page, Query, Response
from services.insights.case import InsightsCase
from services.insights.indicators.figures import UNKNOWN, Filters, Report, report
from services.insights.indicators.policy import InsightsPolicy
from services.insights.render import csv_text, html_page
from services.insights.standing import read_standings

MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


class BadFilter(ValueError):
    pass


def read_cases(engine: Engine) -> list[InsightsCase]:
    with Session(engine) as session:
        rows = session.exec(select(CaseRow).order_by(CaseRow.participant_id))
        return [InsightsCase.model_validate_json(row.state) for row in rows]


def filters_of(query: Query) -> Filters:
    """The filters of a query string; an unknown partnership or sector, or a month not YYYY-MM, is refused."""
    values = {name: (query.get(name) or [""])[0].strip() or None for name in ("partnership", "sector", "from", "to")}
    if values["partnership"] and values["partnership"] not in PartnerCountry.__members__:
        raise BadFilter(f"partnership must be one of {', '.join(PartnerCountry)}")
    if values["sector"] and values["sector"] not in {*Sector, UNKNOWN}:
        raise BadFilter(f"unknown sector {values['sector']!r}")
    for name in ("from", "to"):
        if values[name] and not MONTH.match(values[name] or ""):
            raise BadFilter(f"{name} must be a month, YYYY-MM")
    return Filters(partnership=values["partnership"], sector=values["sector"], period_from=values["from"],
                   period_to=values["to"])  # fmt: skip


def report_pages(engine: Engine, settings: Any) -> Mapping[str, Page]:
    """The report in three forms, read from the database on each request (the same figures in each)."""
    policy: InsightsPolicy = settings.policy

    async def build(query: Query) -> Report:
        filters = filters_of(query)
        cases = await asyncio.to_thread(read_cases, engine)
        parties = await asyncio.to_thread(read_standings, engine)
        return report(cases, parties, filters, policy)

    def guarded(render: Any) -> Page:
        async def page(query: Query) -> Response:
            try:
                built = await build(query)
            except BadFilter as exc:
                return "400 Bad Request", "text/plain; charset=utf-8", f"{exc}\n".encode()
            return await asyncio.to_thread(render, built)

        return page

    def as_html(built: Report) -> Response:
        return "200 OK", "text/html; charset=utf-8", html_page(built).encode()

    def as_json(built: Report) -> Response:
        return "200 OK", "application/json", built.model_dump_json(indent=1).encode()

    def as_csv(built: Report) -> Response:
        return "200 OK", "text/csv; charset=utf-8", csv_text(built).encode()

    return {"/report": guarded(as_html), "/report.json": guarded(as_json), "/report.csv": guarded(as_csv)}
