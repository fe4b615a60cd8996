"""Hundreds of journeys through the four services while the broker restarts, services are SIGKILLed, events are
redelivered, poison is interleaved and a relay dies between publish and mark: nothing lost, nothing doubled."""

import asyncio
import random
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from contracts import Envelope, topics
from contracts.topics import SERVICES
from mobility.bus import Publisher
from mobility.streams import replay_batches
from mobility.watch import GroupWatch
from tests.faults.harness import POISON, FaultStack, Outputs, readers_of, stream_of

pytestmark = pytest.mark.asyncio(loop_scope="session")

PARTICIPANTS, SEED = 150, 20261123
POISONED_TOPICS = (topics.PARTICIPANTS, topics.OFFERS, topics.MONITORING, topics.CLOCK)


async def settle(stack: FaultStack, settler: GroupWatch, faults: Counter[str], timeout: float = 180) -> None:
    """Wait for the services, restarting any that an injected crash took down."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        faults["service restarted after outbox crash"] += len(stack.revive())
        try:
            await settler.settle(timeout=15)
            revived = stack.revive()
            faults["service restarted after outbox crash"] += len(revived)
            if not revived:
                return
        except TimeoutError:
            if asyncio.get_running_loop().time() > deadline:
                raise


Poisoned = list[tuple[str, bytes]]


async def run(stack: FaultStack, stream: list[Envelope[Any]], inject: bool) -> tuple[Outputs, Counter[str], Poisoned]:
    faults: Counter[str] = Counter()
    poisoned: Poisoned = []
    rng = random.Random(SEED)
    batches = replay_batches(stream)
    bootstrap = await stack.start()
    if inject:
        stack.kill_service("recruitment", crash_after_publish=1)
        faults["relay crash between publish and mark armed"] += 1
    async with Publisher(bootstrap) as publisher, GroupWatch(bootstrap) as settler:
        for number, batch in enumerate(batches):
            if not inject:
                await publisher.send(batch)
                await settle(stack, settler, faults)
                continue
            half = len(batch) // 2
            await publisher.send(batch[:half])
            if number % 9 == 4:
                stack.kill_service(SERVICES_TO_KILL[number % len(SERVICES_TO_KILL)])
                faults["service SIGKILLed mid-batch"] += 1
            if number in (len(batches) // 3, 2 * len(batches) // 3):
                stack.restart_broker()
                faults["broker stopped and restarted"] += 1
            await publisher.send(batch[half:])
            if number % 7 == 3:
                await publisher.send(batches[rng.randrange(number + 1)])
                faults["batch redelivered"] += 1
            if number % 5 == 0:
                poisoned.append((rng.choice(POISONED_TOPICS), POISON[rng.randrange(len(POISON))]))
                await publisher.send_raw(*poisoned[-1][:1], b"P-POISON", poisoned[-1][1])
                faults["poison message"] += 1
            await settle(stack, settler, faults)
    return await stack.outputs(), faults, poisoned


SERVICES_TO_KILL = ("recognition", "recruitment", "integration", "reintegration")


def expected_dead_letters(poisoned: list[tuple[str, bytes]]) -> Counter[tuple[str, bytes]]:
    return Counter({(f"{reader}.dlq", value): 1 for topic, value in poisoned for reader in readers_of(topic)})


@pytest.mark.timeout(1800)
async def test_nothing_is_lost_or_doubled_under_faults(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stream = stream_of(PARTICIPANTS, SEED)
    # The faulty stack's relays also delete every published row but the newest while services are killed and a
    # relay dies between publish and mark: what they delete was published, what they keep still goes out.
    pruning = {f"{name.upper()}_OUTBOX_KEEP_PUBLISHED": "1" for name in SERVICES}
    clean, faulty = FaultStack(tmp_path / "clean"), FaultStack(tmp_path / "faulty", pruning)
    try:
        expected, _, _ = await run(clean, stream, inject=False)
        clean_state = clean.state()
    finally:
        clean.stop()
    try:
        found, faults, poisoned = await run(faulty, stream, inject=True)
        faulty_state = faulty.state()
    finally:
        faulty.stop()

    missing = set(expected.decisions) - set(found.decisions)
    extra = set(found.decisions) - set(expected.decisions)
    changed = {i for i in set(expected.decisions) & set(found.decisions) if expected.decisions[i] != found.decisions[i]}
    redelivered = sum(n - 1 for n in found.copies.values())
    with capsys.disabled():  # the figures belong in CI's log
        print(f"\nfault injection: {len(stream)} events sent for {PARTICIPANTS} participants")
        for kind, count in sorted(faults.items()):
            print(f"  fault: {kind}: {count}")
        print(
            f"  decisions expected {len(expected.decisions)}, found {len(found.decisions)}, lost {len(missing)}, "
            f"unexpected {len(extra)}, differing {len(changed)}, duplicate copies on the topics {redelivered}"
        )
        wanted_letters = expected_dead_letters(poisoned)
        print(f"  dead letters expected {len(wanted_letters)}, found {sum(found.dead_letters.values())}")

    assert expected.decisions and not missing and not extra and not changed
    assert found.dead_letters == wanted_letters, "every bad input is in its readers' DLQ exactly once"
    assert faulty_state == clean_state, "the final state differs from the fault-free run"
    assert expected.dead_letters == Counter()
