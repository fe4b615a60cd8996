"""The recorded stream, replayed twice onto fresh brokers and databases, gives byte-identical outputs — and the
outputs the repository expects. `UPDATE_EXPECTED=1` rewrites the expected outputs after a deliberate change.
The scenario tests in test_scenarios.py read the same replay."""

import json
import os
from pathlib import Path

import pytest

from contracts import topics
from local.kafka import LocalKafka
from mobility.reading import read_until_idle
from mobility.replay import replay
from mobility.stack import create_topics, services
from mobility.streams import read_stream
from mobility.watch import settle
from tests.streams.scenarios import EXPECTED, STREAM

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def replay_on_a_fresh_stack(data_dir: Path) -> list[str]:
    """Every output record as one JSON line {topic, event}, per participant and topic in topic order."""
    events, bad = read_stream(STREAM)
    assert not bad, bad
    with LocalKafka(data_dir=data_dir / "kafka") as kafka:
        bootstrap = kafka.bootstrap_servers
        await create_topics(bootstrap)
        with services(bootstrap, data_dir / "services"):
            await replay(bootstrap, events, progress=lambda _: None)
            await settle(bootstrap)
            records = await read_until_idle(bootstrap, topics.OUTBOUND)
    ordered = sorted(records, key=lambda r: (r.envelope.subject if r.envelope else "", r.topic, r.partition, r.offset))
    return [json.dumps({"topic": r.topic, "event": json.loads(r.value)}, sort_keys=True) for r in ordered]


async def test_replaying_the_recorded_stream_twice_gives_the_expected_identical_outputs(
    replayed_outputs: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    second = await replay_on_a_fresh_stack(tmp_path / "second")
    first = replayed_outputs
    with capsys.disabled():  # the figures belong in CI's log
        print(f"\nreplay determinism: {len(read_stream(STREAM)[0])} events in, {len(first)} outputs, "
              f"identical: {first == second}")  # fmt: skip
    assert first and first == second
    if os.environ.get("UPDATE_EXPECTED"):
        EXPECTED.write_text("\n".join(first) + "\n")
    assert first == EXPECTED.read_text().splitlines(), f"outputs differ from {EXPECTED}"
