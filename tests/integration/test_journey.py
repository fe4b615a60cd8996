"""One participant's whole journey through the four services, on the real broker."""

from typing import Any

import pytest

from contracts import Envelope, topics
from mobility.bus import Received, TopicReader, publish
from mobility.journeys import JourneyPlan, sample_journey
from mobility.processes import ServiceProcess
from tests.integration.conftest import log_tails

pytestmark = pytest.mark.asyncio(loop_scope="session")

OUTPUTS = (topics.RECOGNITION, topics.RECRUITMENT, topics.INTEGRATION, topics.REINTEGRATION)


def of(participant: str, event_type: str) -> Any:
    return lambda r: r.envelope is not None and r.envelope.subject == participant and r.envelope.type == event_type


def trace_id(record: Received) -> str:
    return record.headers["traceparent"].split("-")[1]


def waits_for(record: Received) -> set[str]:
    assert record.envelope is not None
    return {reason.rule_id for reason in record.envelope.data.reasons if not reason.passed}


def step(events: list[Envelope[Any]], *names: str) -> list[Envelope[Any]]:
    wanted = {f"mobility.{n}.v1" for n in names}
    return [e for e in events if e.type in wanted]


async def test_whole_journey_flows_through_all_four_services(
    running_services: list[ServiceProcess], mobility_topics: str, database: str
) -> None:
    participant = f"P-TN-JOURNEY-{database}"
    events = sample_journey(JourneyPlan(participant))
    async with TopicReader(mobility_topics, OUTPUTS) as reader:
        try:
            await publish(mobility_topics, step(events, "participant.registered", "job.offered", "contract.signed"))
            assessed = await reader.wait_for(of(participant, "recruitment.assessed.v1"), count=2)
            assert all(a.envelope and a.envelope.data.blocking is False for a in assessed)
            # The offer's placement waits for a contract too, but the registration (another topic) may come after
            # both, so only the last pending decision is certain: the contract's, waiting for recognition alone.
            await reader.wait_for(
                lambda r: of(participant, "recruitment.placement_pending.v1")(r) and waits_for(r) == {"PL-REC-1"}
            )

            await publish(mobility_topics, step(events, "qualification.submitted"))
            [decided] = await reader.wait_for(of(participant, "recognition.decided.v1"))
            [cleared] = await reader.wait_for(of(participant, "recruitment.placement_cleared.v1"))
            assert decided.envelope and decided.envelope.data.allows_occupation
            assert cleared.envelope and cleared.envelope.causationid == decided.envelope.id
            assert trace_id(cleared) == trace_id(decided), "recognition and recruitment events share one trace"

            await publish(mobility_topics, step(events, "participant.arrived", "checkin.reported", "contract.ended"))
            [summary] = await reader.wait_for(of(participant, "integration.summarised.v1"))
            assert summary.envelope and summary.envelope.data.contract_completed

            await publish(mobility_topics, step(events, "participant.returned"))
            [plan] = await reader.wait_for(of(participant, "reintegration.planned.v1"))
            assert plan.envelope and plan.envelope.data.pathways
        except TimeoutError as exc:
            raise AssertionError(f"{exc}\n{log_tails(running_services)}") from exc
