"""`mobility publish` gives the decisions `mobility replay` gives: a small stream with check-in timers and a
placement that needs recognition's decision from another topic, published onto one fresh stack and replayed onto
another, leaves the same outputs (compared by content: ids are derived from causes, so the same decisions are the
same events). Then `mobility journey` ends on the current state and `mobility record --topics A B` takes both."""

import json
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from contracts import Envelope, topics
from local.kafka import LocalKafka
from mobility.journeys import JourneyPlan, sample_stream
from mobility.reading import read_until_idle
from mobility.stack import create_topics, services
from mobility.streams import read_stream, write_stream
from mobility.watch import settle

pytestmark = pytest.mark.asyncio(loop_scope="session")

PLANS = [
    JourneyPlan("P-PUB-0001", months=2, followup_months=()),  # cleared, works, goes home
    JourneyPlan("P-PUB-0002", months=2, followup_months=(), missed_checkins=frozenset({1}), start=date(2026, 1, 12)),
]
MOBILITY = Path(sys.executable).parent / "mobility"


@dataclass
class Run:
    """What a fresh stack holds after `mobility <command> FILE`: every output event as a sorted JSON line, and
    what `mobility journey` and `mobility record` then print and write."""

    outputs: list[str]
    journey: list[dict[str, str]]
    recorded: list[Envelope[Any]]


def _mobility(*arguments: str | Path) -> str:
    ran = subprocess.run([MOBILITY, *arguments], capture_output=True, text=True)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    return ran.stdout


async def send(data_dir: Path, *command: str) -> Run:
    stream, recorded = data_dir / "stream.jsonl", data_dir / "recorded.jsonl"
    write_stream(stream, sample_stream(PLANS, tick_every_days=14))
    with LocalKafka(data_dir=data_dir / "kafka") as kafka:
        bootstrap = kafka.bootstrap_servers
        await create_topics(bootstrap)
        with services(bootstrap, data_dir / "services"):
            _mobility(*command, stream, "--bootstrap-servers", bootstrap)
            await settle(bootstrap)
            records = await read_until_idle(bootstrap, topics.OUTBOUND)
            journey = _mobility("journey", PLANS[0].participant_id, "--json", "--bootstrap-servers", bootstrap)
            _mobility(
                "record", "--out", recorded, "--topics", topics.CLOCK, topics.OFFERS, "--bootstrap-servers", bootstrap
            )
    outputs = sorted(json.dumps(json.loads(r.value), sort_keys=True) for r in records)
    return Run(outputs, json.loads(journey), read_stream(recorded)[0])


@pytest.fixture(scope="module")
async def replayed(tmp_path_factory: pytest.TempPathFactory) -> Run:
    return await send(tmp_path_factory.mktemp("replay"), "replay")


@pytest.fixture(scope="module")
async def published(tmp_path_factory: pytest.TempPathFactory) -> Run:
    return await send(tmp_path_factory.mktemp("publish"), "publish")


def _types(lines: list[str]) -> list[str]:
    return [f"{e['type']} {e['data'].get('alert', '')}".strip() for e in map(json.loads, lines)]


async def test_publishing_gives_the_decisions_a_replay_gives(
    replayed: Run, published: Run, capsys: pytest.CaptureFixture[str]
) -> None:
    with capsys.disabled():
        print(
            f"\npublish vs replay: {len(replayed.outputs)} outputs, identical: {published.outputs == replayed.outputs}"
        )
    kinds = _types(replayed.outputs)
    assert "integration.alert_raised.v1 CHECKIN_MISSED" in kinds  # the stream exercises the check-in timer
    assert kinds.count("recruitment.placement_cleared.v1") == 2  # and placements that need recognition first
    assert published.outputs == replayed.outputs


async def test_journey_ends_on_the_current_state_and_record_takes_several_topics(published: Run) -> None:
    placements = [row for row in published.journey if row["type"].startswith("recruitment.placement")]
    assert placements[-1]["decision"].startswith("placement CLEARED")
    offers = [row["decision"] for row in published.journey if row["type"] == "recruitment.assessed.v1"]
    assert offers and not any("violated: FR-CON" in decision for decision in offers)

    stream = sample_stream(PLANS, tick_every_days=14)
    wanted = [e for e in stream if e.data.topic in (topics.CLOCK, topics.OFFERS)]
    assert sorted(e.id for e in published.recorded) == sorted(e.id for e in wanted)
