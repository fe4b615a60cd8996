"""`mobility publish` gives the decisions `mobility replay` gives: a small stream with check-in timers and a
placement that needs recognition's decision from another topic, published onto one fresh stack and replayed onto
another, leaves the same outputs (compared by content: ids are derived from causes, so the same decisions are the
same events). Publishing it all at once, as `publish` used to, lets the clock overtake the check-ins."""

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from contracts import topics
from local.kafka import LocalKafka
from mobility.journeys import JourneyPlan, sample_stream
from mobility.reading import read_until_idle
from mobility.stack import create_topics, services
from mobility.streams import write_stream
from mobility.watch import settle

pytestmark = pytest.mark.asyncio(loop_scope="session")

PLANS = [
    JourneyPlan("P-PUB-0001", months=2, followup_months=()),  # cleared, works, goes home
    JourneyPlan("P-PUB-0002", months=2, followup_months=(), missed_checkins=frozenset({1}), start=date(2026, 1, 12)),
]
MOBILITY = Path(sys.executable).parent / "mobility"


async def outputs(data_dir: Path, *command: str) -> list[str]:
    """Every output event of the stream sent by `mobility <command> FILE` onto a fresh broker and fresh databases,
    as sorted JSON lines."""
    stream = data_dir / "stream.jsonl"
    data_dir.mkdir()
    write_stream(stream, sample_stream(PLANS, tick_every_days=14))
    with LocalKafka(data_dir=data_dir / "kafka") as kafka:
        bootstrap = kafka.bootstrap_servers
        await create_topics(bootstrap)
        with services(bootstrap, data_dir / "services"):
            sent = subprocess.run([MOBILITY, *command, stream, "--bootstrap-servers", bootstrap], capture_output=True)
            assert sent.returncode == 0, sent.stdout.decode() + sent.stderr.decode()
            await settle(bootstrap)
            records = await read_until_idle(bootstrap, topics.OUTBOUND)
    return sorted(json.dumps(json.loads(r.value), sort_keys=True) for r in records)


def _types(lines: list[str]) -> list[str]:
    return [f"{e['type']} {e['data'].get('alert', '')}".strip() for e in map(json.loads, lines)]


async def test_publishing_gives_the_decisions_a_replay_gives(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    replayed = await outputs(tmp_path / "replay", "replay")
    published = await outputs(tmp_path / "publish", "publish")

    with capsys.disabled():
        print(f"\npublish vs replay: {len(replayed)} outputs, identical: {published == replayed}")
    kinds = _types(replayed)
    assert "integration.alert_raised.v1 CHECKIN_MISSED" in kinds  # the stream exercises the check-in timer
    assert kinds.count("recruitment.placement_cleared.v1") == 2  # and placements that need recognition first
    assert published == replayed
