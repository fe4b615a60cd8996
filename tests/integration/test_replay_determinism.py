"""Replaying one recorded stream twice, onto fresh topics and fresh databases, gives identical outputs."""

from collections import defaultdict
from pathlib import Path

import pytest

from contracts import topics
from deploy.kafka import LocalKafka
from services.cli.demo import demo_plans
from services.cli.journeys import sample_stream
from services.cli.reading import read_until_idle
from services.cli.replay import replay
from services.cli.settle import settle
from services.cli.stack import create_topics, services
from services.cli.streams import read_stream, write_stream

pytestmark = pytest.mark.asyncio(loop_scope="session")

Outputs = dict[tuple[str, str], list[bytes]]


async def replay_on_a_fresh_stack(stream: Path, data_dir: Path) -> Outputs:
    """Every output record, grouped by (topic, participant) in the order the topic holds them."""
    events, bad = read_stream(stream)
    assert not bad
    with LocalKafka(data_dir=data_dir / "kafka") as kafka:
        bootstrap = kafka.bootstrap_servers
        await create_topics(bootstrap)
        with services(bootstrap, data_dir / "services"):
            await replay(bootstrap, events, progress=lambda _: None)
            await settle(bootstrap)
            records = await read_until_idle(bootstrap, topics.OUTBOUND)
    outputs: Outputs = defaultdict(list)
    for r in sorted(records, key=lambda r: (r.topic, r.partition, r.offset)):
        assert r.envelope is not None
        outputs[(r.topic, r.envelope.subject)].append(r.value)
    return dict(outputs)


async def test_replaying_the_same_stream_twice_gives_byte_identical_outputs(tmp_path: Path) -> None:
    stream = tmp_path / "stream.jsonl"
    count = write_stream(stream, sample_stream(demo_plans(), tick_every_days=14))
    first = await replay_on_a_fresh_stack(stream, tmp_path / "first")
    second = await replay_on_a_fresh_stack(stream, tmp_path / "second")
    produced = sum(len(values) for values in first.values())
    print(f"\nreplay determinism: {count} events in, {produced} outputs, identical: {first == second}")
    assert produced > 0
    assert first == second
