"""Insights on the real broker: the recorded stream replayed through the four services and insights. Its figures
equal what this test counts itself from the records on the topics (plain dictionaries, none of the service's code),
with the disclosure threshold applied; a second replay of the same stream changes no figure; the report page renders
in headless chromium with the five partnerships and its charts, and its screenshot is the README's."""

import csv
import io
import json
import urllib.request
from collections import defaultdict
from collections.abc import AsyncIterator
from dataclasses import dataclass
from statistics import fmean, median
from typing import Any

import pytest

from contracts import topics
from local.kafka import LocalKafka
from local.postgres import LocalPostgres
from mobility.reading import read_until_idle
from mobility.replay import replay
from mobility.stack import create_topics, insights, services
from mobility.streams import read_stream
from mobility.watch import insights_inputs, settle
from services.common.database import create_database
from services.insights.app import SPEC
from services.insights.indicators.figures import Filters, report
from services.insights.indicators.policy import InsightsPolicy
from services.insights.pages import read_cases
from services.insights.standing import read_standings
from tests.browser import open_page, screenshot_path
from tests.streams.scenarios import STREAM
from tests.unit.insights.recorded import records

pytestmark = pytest.mark.asyncio(loop_scope="session")

MIN_CELL = 3  # the sample's partnerships have 3 or 4 participants: most of their figures show, small cells do not
PARTNERSHIPS = {"TN": "Tunisia", "MA": "Morocco", "EG": "Egypt", "PK": "Pakistan", "BD": "Bangladesh"}
SCREENSHOT = screenshot_path("report.png")


@dataclass
class Stack:
    bootstrap: str
    url: str
    events: list[Any]

    def get(self, path: str) -> bytes:
        with urllib.request.urlopen(f"{self.url}{path}", timeout=120) as response:
            return bytes(response.read())

    def figures(self) -> dict[tuple[str, str, str, str], dict[str, Any]]:
        document = json.loads(self.get("/report.json"))
        return {(f["section"], f["indicator"], f["key"], f["group"]): f for f in document["figures"]}

    async def replay(self) -> None:
        """The stream replayed settled, so the services decide what they always decide on it (in one burst a tick can
        overtake an arrival, and how many figures rest on enough participants would vary), then wait for insights."""
        await replay(self.bootstrap, self.events, progress=lambda _: None)
        await settle(self.bootstrap, insights_inputs())


@pytest.fixture(scope="module")
async def stack(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Stack]:
    events, bad = read_stream(STREAM)
    assert not bad, bad
    root = tmp_path_factory.mktemp("insights")
    with LocalKafka(data_dir=root / "kafka") as kafka:
        await create_topics(kafka.bootstrap_servers)
        with (
            services(kafka.bootstrap_servers, root / "services"),
            insights(kafka.bootstrap_servers, root / "services", port=None, min_cell=MIN_CELL) as process,
        ):
            running = Stack(kafka.bootstrap_servers, f"http://127.0.0.1:{process.http_port}", events)
            await running.replay()
            yield running


def _latest(events: list[dict[str, Any]], key: Any) -> dict[Any, dict[str, Any]]:
    latest: dict[Any, dict[str, Any]] = {}
    for event in events:
        latest[key(event)] = event
    return latest


def expected_standing(records: list[dict[str, Any]], last_month: str | None) -> dict[tuple[str, str, str, str], int]:
    """Employers and recruiters per standing other than good at the end of `last_month`: each party's latest
    `recruitment.standing_changed` by then (programme level: group "all" only)."""
    latest: dict[tuple[str, str], tuple[str, str]] = {}
    for record in records:
        data = record["data"]
        if record["type"] == "recruitment.standing_changed.v1" and (
            last_month is None or record["time"][:7] <= last_month
        ):
            party = (data["party"], data["party_id"])
            latest[party] = max(latest.get(party, ("", "")), (record["time"], data["standing"]))
    return {
        ("standing", f"{kind}s", level, "all"): sum(p[0] == kind and s == level for p, (_, s) in latest.items())
        for kind in ("employer", "recruiter")
        for level in ("watch", "suspension_recommended")
    }


def expected_figures(records: list[dict[str, Any]]) -> dict[tuple[str, str, str, str], tuple[float | None, int]]:
    """(value, participants it rests on) per figure, counted from the topics' records as plain dictionaries."""
    by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
    seen = set()
    for record in records:
        if record["id"] not in seen:
            seen.add(record["id"])
            by_type[record["type"].rsplit(".", 1)[0]].append(record)
    country = {e["subject"]: e["data"]["partner_country"] for e in by_type["mobility.participant.registered"]}
    groups = {code: {p for p, c in country.items() if c == code} for code in PARTNERSHIPS} | {"all": set(country)}

    def mine(kind: str, members: set[str]) -> list[dict[str, Any]]:
        return [e for e in by_type[kind] if e["subject"] in members]

    out: dict[tuple[str, str, str, str], tuple[float | None, int]] = {}
    for group, members in groups.items():
        summaries = _latest(mine("integration.summarised", members),
                            lambda e: (e["subject"], e["data"]["arrived_on"], e["data"]["contract_id"]))  # fmt: skip
        stages = {
            "registered": {e["subject"] for e in mine("mobility.participant.registered", members)},
            "placed": {e["subject"] for e in mine("recruitment.placement_cleared", members)},
            "arrived": {e["subject"] for e in mine("mobility.participant.arrived", members)},
            "completed": {s["subject"] for s in summaries.values() if s["data"]["contract_completed"]},
            "returned": {e["subject"] for e in mine("mobility.participant.returned", members)},
        }
        for stage, who in stages.items():
            out[("participants", stage, "", group)] = (len(who), len(who))

        decisions = sorted(mine("recognition.decided", members), key=lambda e: e["data"]["decided_on"])
        outcome = {p: e["data"]["outcome"] for p, e in _latest(decisions, lambda e: e["subject"]).items()}
        for kind in ("not_required", "recognised_full", "refer_to_competent_authority", "rejected"):
            share = sum(o == kind for o in outcome.values()) / len(outcome) if outcome else None
            out[("recognition", "outcome_share", kind, group)] = (share, len(outcome))

        offers = _latest([e for e in mine("recruitment.assessed", members) if e["data"]["stage"] == "offer"],
                         lambda e: (e["subject"], e["data"]["offer_id"]))  # fmt: skip
        fair = sum(not e["data"]["blocking"] for e in offers.values())
        out[("recruitment", "offers_fair_share", "", group)] = (
            fair / len(offers) if offers else None,
            len({p for p, _ in offers}),
        )

        ratios = []
        for contract in _latest(mine("mobility.contract.signed", members), lambda e: e["subject"]).values():
            terms = contract["data"]
            paid = sum(float(c["amount"]["amount"]) for c in terms["costs"] if c["paid_by_worker"])
            paid += float((terms.get("wage_deductions_for_recruitment") or {"amount": 0})["amount"])
            ratios.append(paid / (float(terms["monthly_gross_wage"]["amount"]) * terms["payments_per_year"] / 12))
        n = len(ratios)
        out[("recruitment_cost", "sdg_10_7_1_mean", "", group)] = (fmean(ratios) if ratios else None, n)
        out[("recruitment_cost", "sdg_10_7_1_median", "", group)] = (median(ratios) if ratios else None, n)
        out[("recruitment_cost", "share_paying_any_cost", "", group)] = (
            sum(r > 0 for r in ratios) / n if n else None,
            n,
        )

        months = sum(float(s["data"]["months_worked"]) for s in summaries.values())
        raised = sum(a["count"] for s in summaries.values() for a in s["data"]["alerts"])
        stayed = len({p for p, _, _ in summaries})
        out[("integration", "alerts_per_100_worker_months", "all", group)] = (
            100 * raised / months if months else None,
            stayed,
        )
        completed = sum(s["data"]["contract_completed"] for s in summaries.values())
        out[("integration", "completion_rate", "", group)] = (completed / len(summaries) if summaries else None, stayed)
        fl_multi = {e["subject"] for e in mine("integration.alert_raised", members) if e["data"]["alert"] == "FL_MULTI"}
        out[("integration", "fl_multi_cases", "", group)] = (len(fl_multi), len(fl_multi))

        first_plans: dict[tuple[str, str], str] = {}
        for plan in mine("reintegration.planned", members):
            first_plans.setdefault((plan["subject"], plan["data"]["due_on"]), plan["data"]["planned_on"])
        on_time = sum(planned <= due for (_, due), planned in first_plans.items())
        out[("reintegration", "plans_within_due", "", group)] = (
            on_time / len(first_plans) if first_plans else None,
            len({p for p, _ in first_plans}),
        )
        eligible = _latest(mine("reintegration.circular_eligibility", members), lambda e: e["subject"])
        out[("reintegration", "eligible_share", "", group)] = (
            sum(e["data"]["eligible"] for e in eligible.values()) / len(eligible) if eligible else None,
            len(eligible),
        )
        scores = sorted(mine("reintegration.assessed", members), key=lambda e: e["data"]["month"])
        composite = [float(e["data"]["composite"]) for e in _latest(scores, lambda e: e["subject"]).values()]
        out[("reintegration", "score_mean", "composite", group)] = (
            fmean(composite) if composite else None,
            len(composite),
        )
    out.update({key: (count, count) for key, count in expected_standing(records, None).items()})
    return out


async def test_figures_are_what_the_stream_gives_with_small_cells_suppressed(stack: Stack) -> None:
    records = await read_until_idle(stack.bootstrap, topics.INBOUND + topics.OUTBOUND)
    expected = expected_figures([json.loads(r.value) for r in records])
    served = stack.figures()
    shown = suppressed = 0
    for key, (value, n) in expected.items():
        figure = served[key]
        if 0 < n < MIN_CELL:
            assert figure["suppressed"] and figure["value"] is None and figure["n"] is None, (key, figure)
            suppressed += 1
        else:
            assert not figure["suppressed"] and figure["n"] == n, (key, figure, n)
            assert figure["value"] == (None if value is None else pytest.approx(value, abs=1e-4)), (key, figure)
            shown += 1
    assert shown > 100 and suppressed > 0, (shown, suppressed)
    rows = list(csv.DictReader(io.StringIO(stack.get("/report.csv").decode())))
    hidden = {(r["section"], r["indicator"], r["key"], r["group"]) for r in rows if r["suppressed"] == "true"}
    assert {key for key, (_, n) in expected.items() if 0 < n < MIN_CELL} <= hidden
    assert all(r["value"] == "" and r["n"] == "" for r in rows if r["suppressed"] == "true")
    some_held = json.loads(stack.get("/report.json?partnership=TN&to=2026-06"))["figures"]
    held = {(f["section"], f["indicator"], f["key"], f["group"]): f for f in some_held if f["section"] == "standing"}
    counted = expected_standing([json.loads(r.value) for r in records], "2026-06")
    assert any(counted.values()) and held.keys() == counted.keys()
    for key, count in counted.items():
        assert held[key]["value"] == (None if 0 < count < MIN_CELL else count), (key, held[key])


async def test_replaying_the_stream_again_changes_no_figure(stack: Stack) -> None:
    before, before_csv = stack.figures(), stack.get("/report.csv")
    await stack.replay()  # the same events, same ids: every service and insights skip them
    assert stack.figures() == before
    assert stack.get("/report.csv") == before_csv


async def test_report_page_shows_the_five_partnerships_and_charts(stack: Stack) -> None:
    dom = open_page(f"{stack.url}/report", SCREENSHOT)
    for name in PARTNERSHIPS.values():
        assert name in dom, name
    assert dom.count("<svg") >= 1
    assert SCREENSHOT.stat().st_size > 10_000
    narrowed = stack.get("/report?partnership=TN&from=2026-01&to=2026-12").decode()
    assert "Tunisia (TN)" in narrowed and "Morocco (MA)" not in narrowed.split("<h2>", 1)[1]


async def test_postgresql_keeps_the_same_cases_and_figures_as_sqlite(postgres: LocalPostgres) -> None:
    """The service runs on either database: the same records give the same cases, standings and report."""
    built = []
    for url in ("sqlite://", postgres.database_url("insights")):
        engine = create_database(url, SPEC.tables)
        SPEC.processor(engine).process_batch(records())
        cases, parties = read_cases(engine), read_standings(engine)
        built.append((cases, parties, report(cases, parties, Filters(), InsightsPolicy(min_cell=1)).model_dump_json()))
        engine.dispose()
    assert built[0] == built[1]
