"""Insights on the recorded stream and its expected outputs, applied in event-time order to an in-memory database:
disclosure control in JSON, CSV and page; filters; redelivery and erasure. The figures themselves are checked against
the stream on the real broker (tests/integration/test_insights.py)."""

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
from tests.streams.scenarios import STREAM
from tests.unit.insights.recorded import records


def registered_in_stream() -> Counter[str]:
    """Participants registered per partnership, counted from the stream itself."""
    events = [json.loads(line) for line in STREAM.read_text().splitlines() if "participant.registered" in line]
    return Counter(e["data"]["partner_country"] for e in events)


@pytest.fixture(scope="module")
def engine() -> Engine:
    engine = create_database("sqlite://", SPEC.tables)
    results = SPEC.processor(engine).process_batch(records())
    assert {r.outcome for r in results} <= {Outcome.APPLIED, Outcome.IGNORED}
    return engine


def test_a_figure_on_fewer_than_five_participants_is_suppressed_in_json_csv_and_page(engine: Engine) -> None:
    built = report(read_cases(engine), Filters(), InsightsPolicy())
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
    built = report(read_cases(engine), Filters(), InsightsPolicy(min_cell=1))
    assert not any(f.suppressed for f in built.figures)
    tunisia = {f.indicator: f.value for f in built.figures if f.group == "TN" and f.section == "participants"}
    assert tunisia["registered"] == registered_in_stream()["TN"]


def test_filters_narrow_by_partnership_sector_and_period(engine: Engine) -> None:
    cases, policy = read_cases(engine), InsightsPolicy(min_cell=1)

    def registered(filters: Filters) -> Any:
        built = report(cases, filters, policy)
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
    built = report(read_cases(engine), Filters(partnership="TN"), InsightsPolicy(min_cell=1))
    figures = {f.indicator: f.value for f in built.figures if f.section == "participants"}
    assert figures["registered"] == registered_in_stream()["TN"] - 1
