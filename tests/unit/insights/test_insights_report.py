"""Insights on the recorded stream and its expected outputs, applied in event-time order to an in-memory database:
disclosure control in JSON, CSV and page; filters; redelivery and erasure; employers' and recruiters' standing
counted from the stream's own standing events. The other figures are checked against the stream on the real broker
(tests/integration/test_insights.py)."""

import json
from collections import Counter
from typing import Any
from uuid import uuid4

import pytest
from sqlalchemy import Engine

from services.common.database import create_database
from services.common.incoming import Incoming
from services.common.processor import Outcome
from services.insights.app import SPEC
from services.insights.indicators.figures import Filters, report
from services.insights.indicators.policy import InsightsPolicy
from services.insights.pages import BadFilter, filters_of, read_cases
from services.insights.render import csv_text, html_page
from services.insights.standing import read_standings
from tests.streams.scenarios import EXPECTED, STREAM
from tests.unit.insights.recorded import records


def registered_in_stream() -> Counter[str]:
    """Participants registered per partnership, counted from the stream itself."""
    events = [json.loads(line) for line in STREAM.read_text().splitlines() if "participant.registered" in line]
    return Counter(e["data"]["partner_country"] for e in events)


def standing_changes() -> list[dict[str, Any]]:
    """The standing events among the stream's expected outputs."""
    outputs = [json.loads(line)["event"] for line in EXPECTED.read_text().splitlines()]
    return [e for e in outputs if e["type"] == "recruitment.standing_changed.v1"]


def standing_in_stream(last_month: str | None) -> dict[tuple[str, str], int]:
    """Employers and recruiters on watch and with suspension recommended at the end of a month, from the stream's
    own standing events: each party's latest change by then."""
    latest: dict[tuple[str, str], tuple[str, str]] = {}
    for event in standing_changes():
        party = (event["data"]["party"], event["data"]["party_id"])
        if (last_month is None or event["time"][:7] <= last_month) and event["time"] >= latest.get(party, ("", ""))[0]:
            latest[party] = (event["time"], event["data"]["standing"])
    held = Counter((kind, standing) for (kind, _), (_, standing) in latest.items())
    return {(f"{kind}s", level): held[(kind, level)]
            for kind in ("employer", "recruiter") for level in ("watch", "suspension_recommended")}  # fmt: skip


@pytest.fixture(scope="module")
def engine() -> Engine:
    engine = create_database("sqlite://", SPEC.tables)
    results = SPEC.processor(engine).process_batch(records())
    assert {r.outcome for r in results} <= {Outcome.APPLIED, Outcome.IGNORED}
    return engine


def test_a_figure_on_fewer_than_five_participants_is_suppressed_in_json_csv_and_page(engine: Engine) -> None:
    built = report(read_cases(engine), read_standings(engine), Filters(), InsightsPolicy())
    counts = registered_in_stream()
    few = min(counts, key=lambda country: counts[country])
    assert counts[few] < 5
    small = [f for f in built.figures if f.group == few and f.indicator == "registered"]
    assert small and all(f.suppressed and f.value is None and f.n is None for f in small)
    everyone = [f for f in built.figures if f.group == "all" and f.indicator == "registered"]
    assert [f.value for f in everyone] == [sum(counts.values())]
    document = json.loads(built.model_dump_json())
    assert all(f["value"] is None and f["n"] is None for f in document["figures"] if f["suppressed"])
    assert all(v is None or v == 0 or v >= 5 for c in document["cells"] for v in c["counts"].values())
    lines = [line.split(",") for line in csv_text(built).splitlines()[1:]]
    assert all(line[4] == "" and line[5] == "" for line in lines if line[6] == "true")
    assert any(line[6] == "true" for line in lines)
    page = html_page(built)
    assert "&lt;5" in page and "Tunisia (TN)" in page


def test_the_threshold_is_a_setting(engine: Engine) -> None:
    built = report(read_cases(engine), read_standings(engine), Filters(), InsightsPolicy(min_cell=1))
    assert not any(f.suppressed for f in built.figures)
    tunisia = {f.indicator: f.value for f in built.figures if f.group == "TN" and f.section == "participants"}
    assert tunisia["registered"] == registered_in_stream()["TN"]


def test_filters_narrow_by_partnership_sector_and_period(engine: Engine) -> None:
    cases, parties, policy = read_cases(engine), read_standings(engine), InsightsPolicy(min_cell=1)

    def registered(filters: Filters) -> Any:
        built = report(cases, parties, filters, policy)
        return {f.group: f.value for f in built.figures if f.indicator == "registered"}

    assert registered(Filters(partnership="MA")) == {"MA": registered_in_stream()["MA"]}
    signed = [json.loads(line) for line in STREAM.read_text().splitlines() if "contract.signed" in line]
    farm_workers = {e["subject"] for e in signed if e["data"]["sector"] == "agriculture"}
    assert registered(Filters(sector="agriculture"))["all"] == len(farm_workers) > 0
    assert registered(Filters(period_from="2027-01"))["all"] == 0
    with pytest.raises(BadFilter):
        filters_of({"partnership": ["FR"]})
    with pytest.raises(BadFilter):
        filters_of({"from": ["2026-13"]})


def test_a_redelivered_batch_changes_no_case() -> None:
    engine = create_database("sqlite://", SPEC.tables)
    processor = SPEC.processor(engine)
    processor.process_batch(records())
    before = read_cases(engine)
    again = processor.process_batch(records())
    assert {r.outcome for r in again} <= {Outcome.DUPLICATE, Outcome.IGNORED}
    assert read_cases(engine) == before


def test_an_erased_participant_leaves_every_figure() -> None:
    engine = create_database("sqlite://", SPEC.tables)
    SPEC.processor(engine).process_batch(records())
    erasure = {
        "specversion": "1.0", "id": str(uuid4()), "type": "mobility.participant.erasure_requested.v1",
        "source": "agency/TN-ANETI", "subject": "P-TN-0001", "time": "2027-06-01T00:00:00Z",
        "datacontenttype": "application/json", "correlationid": str(uuid4()),
        "data": {"participant_id": "P-TN-0001", "requested_by": "participant"},
    }  # fmt: skip
    [result] = SPEC.processor(engine).process_batch([Incoming("mobility.participants", 0, 1, b"P-TN-0001",
                                                              json.dumps(erasure).encode())])  # fmt: skip
    assert result.outcome == Outcome.APPLIED and not result.emitted
    built = report(read_cases(engine), read_standings(engine), Filters(partnership="TN"), InsightsPolicy(min_cell=1))
    figures = {f.indicator: f.value for f in built.figures if f.section == "participants"}
    assert figures["registered"] == registered_in_stream()["TN"] - 1


def test_employers_and_recruiters_are_counted_by_their_standing_at_the_end_of_the_period(engine: Engine) -> None:
    cases, parties = read_cases(engine), read_standings(engine)
    months = sorted({e["time"][:7] for e in standing_changes()})
    assert months and any(any(standing_in_stream(month).values()) for month in months)
    for month in [None, *months]:
        built = report(cases, parties, Filters(period_to=month), InsightsPolicy(min_cell=1))
        counted = {(f.indicator, f.key): f.value for f in built.figures if f.section == "standing"}
        assert counted == standing_in_stream(month), month
        assert {f.group for f in built.figures if f.section == "standing"} == {"all"}
    narrowed = report(cases, parties, Filters(partnership="TN", sector="agriculture", period_to=months[0]),
                      InsightsPolicy(min_cell=1))  # fmt: skip
    assert {(f.indicator, f.key): f.value for f in narrowed.figures if f.section == "standing"} == standing_in_stream(
        months[0]
    )


def test_a_standing_count_under_the_threshold_is_suppressed_like_any_figure(engine: Engine) -> None:
    month = next(m for m in sorted({e["time"][:7] for e in standing_changes()})
                 if any(0 < n < 5 for n in standing_in_stream(m).values()))  # fmt: skip
    expected = standing_in_stream(month)
    built = report(read_cases(engine), read_standings(engine), Filters(partnership="TN", period_to=month),
                   InsightsPolicy())  # fmt: skip
    figures = {(f.indicator, f.key): f for f in built.figures if f.section == "standing"}
    assert figures.keys() == expected.keys()
    for key, count in expected.items():
        hidden = 0 < count < 5
        assert figures[key].suppressed == hidden and figures[key].value == (None if hidden else count), key
    rows = [line.split(",") for line in csv_text(built).splitlines() if line.startswith("standing,")]
    assert len(rows) == len(expected) and all(r[4] == "" for r in rows if r[6] == "true")
    page = html_page(built)
    standing = page.split("Standing of employers and recruiters", 1)[1].split("</table>", 1)[0]
    assert "All partnerships" in standing and "&lt;5" in standing
