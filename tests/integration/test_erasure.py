"""An erasure request makes every service delete what it holds about the participant, and confirm it; the relay
deletes published outbox rows beyond the window kept, and never one still owed."""

import asyncio
from collections import Counter
from uuid import UUID, uuid5

import pytest
from sqlalchemy import Connection, create_engine, text

from contracts import new_envelope, topics
from contracts.envelope import NAMESPACE
from contracts.erasure import ErasureRequested
from mobility.bus import Received, TopicReader, publish
from mobility.journeys import JourneyPlan, sample_journey
from mobility.processes import ServiceProcess
from mobility.reading import read_until_idle
from mobility.replay import replay
from tests.integration.conftest import OUTBOX_KEEP_PUBLISHED

pytestmark = pytest.mark.asyncio(loop_scope="session")


def confirms(record: Received, participant: str) -> bool:
    e = record.envelope
    return e is not None and e.subject == participant and e.type.endswith("erasure_confirmed.v1")


def rows_about(process: ServiceProcess, participant: str) -> int:
    """Case rows and messages about the participant, other than the erasure confirmation itself."""
    engine = create_engine(process.database_url)
    try:
        with engine.connect() as db:
            cases = db.execute(text("select count(*) from case_state where participant_id = :p"), {"p": participant})
            messages = db.execute(text("select value from outbox_message where key = :k"), {"k": participant.encode()})
            decisions = [m for (m,) in messages if b"erasure_confirmed" not in m]
            return int(cases.scalar_one()) + len(decisions) + ledgers_naming(db, process, f'"{participant}"')
    finally:
        engine.dispose()


def ledgers_naming(db: Connection, process: ServiceProcess, text_in_state: str) -> int:
    """Recruitment's employer and recruiter ledgers whose state holds the text."""
    if process.name != "recruitment":
        return 0
    query = text("select count(*) from standing_ledger where cast(state as text) like :t")
    return int(db.execute(query, {"t": f"%{text_in_state}%"}).scalar_one())


def ledger_rows(process: ServiceProcess, text_in_state: str) -> int:
    engine = create_engine(process.database_url)
    try:
        with engine.connect() as db:
            return ledgers_naming(db, process, text_in_state)
    finally:
        engine.dispose()


async def test_erasure_leaves_no_trace_in_any_service_and_the_rest_still_flows(
    running_services: list[ServiceProcess], mobility_topics: str, database: str
) -> None:
    erased, other = f"P-TN-ERASED-{database}", f"P-MA-KEPT-{database}"
    journey = sample_journey(JourneyPlan(erased, documents_retained=True))  # alerts for the employer's ledger
    await replay(mobility_topics, journey, progress=lambda _: None)
    assert all(rows_about(p, erased) for p in running_services), "every service held something before"
    [recruitment] = [p for p in running_services if p.name == "recruitment"]
    assert ledger_rows(recruitment, f'"{erased}"') == 2, "the employer's and the recruiter's ledgers named the worker"
    request = new_envelope(
        ErasureRequested(participant_id=erased, requested_by="participant"),
        id=uuid5(NAMESPACE, f"erase/{erased}"), source="agency/TN-ANETI", subject=erased, time=journey[-1].time,
    )  # fmt: skip
    async with TopicReader(mobility_topics, topics.OUTBOUND) as reader:
        await publish(mobility_topics, [request])
        confirmations = await reader.wait_for(lambda r: confirms(r, erased), count=4)
        assert {c.envelope.data.service for c in confirmations if c.envelope} == {p.name for p in running_services}
        assert {p.name: rows_about(p, erased) for p in running_services} == {p.name: 0 for p in running_services}
        assert ledger_rows(recruitment, '"erased-') >= 2  # the employer's and the recruiter's counts stay

        kept = [e for e in sample_journey(JourneyPlan(other)) if e.type.endswith(("registered.v1", "submitted.v1"))]
        await publish(mobility_topics, kept)
        await reader.wait_for(lambda r: r.envelope is not None and r.envelope.subject == other)


def outbox_rows(process: ServiceProcess) -> tuple[list[str], int]:
    """The ids of the published rows the service's outbox holds, and how many rows wait to be published."""
    engine = create_engine(process.database_url)
    try:
        with engine.connect() as db:
            published = db.execute(text("select message_id from outbox_message where published_at is not null"))
            ids = [str(UUID(str(message_id))) for (message_id,) in published]  # SQLite: 32 hex digits
            owed = db.execute(text("select count(*) from outbox_message where published_at is null")).scalar_one()
            return ids, int(owed)
    finally:
        engine.dispose()


async def test_published_rows_beyond_the_window_are_deleted_and_every_decision_is_on_kafka_once(
    running_services: list[ServiceProcess], mobility_topics: str, database: str
) -> None:
    # No clock ticks, which would move the other tests' participants on: integration alone emits 56 events.
    plans = [JourneyPlan(f"P-TN-PRUNED-{database}-{n}") for n in range(4)]
    journeys = sorted((e for plan in plans for e in sample_journey(plan)), key=lambda e: (e.time, e.subject))
    await replay(mobility_topics, journeys, progress=lambda _: None)
    kept: dict[str, tuple[list[str], int]] = {}
    async with asyncio.timeout(120):  # the relay prunes within a poll interval of its last round
        while len(kept) < len(running_services):
            await asyncio.sleep(0.2)
            kept = {p.name: outbox_rows(p) for p in running_services}
            kept = {name: (ids, owed) for name, (ids, owed) in kept.items() if len(ids) <= OUTBOX_KEEP_PUBLISHED}
    assert {name: owed for name, (_, owed) in kept.items()} == dict.fromkeys(kept, 0)
    outputs = [r for r in await read_until_idle(mobility_topics, topics.OUTBOUND) if r.envelope is not None]
    copies = Counter(str(r.envelope.id) for r in outputs if r.envelope is not None)
    assert [i for ids, _ in kept.values() for i in ids if i not in copies] == []  # the rows kept went out too
    ours = [r for r in outputs if r.envelope is not None and r.envelope.subject.startswith(f"P-TN-PRUNED-{database}-")]
    integration = [r for r in ours if r.topic == topics.INTEGRATION]
    assert len(integration) > OUTBOX_KEEP_PUBLISHED, "decisions whose rows were deleted went out first"
    assert [copies[str(r.envelope.id)] for r in ours if r.envelope is not None] == [1] * len(ours)
