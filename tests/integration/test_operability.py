"""Each service answers liveness, readiness and Prometheus metrics beside its consumer."""

import urllib.request

import pytest

from contracts import topics
from mobility.bus import TopicReader, publish
from mobility.journeys import JourneyPlan, sample_journey
from mobility.processes import ServiceProcess

QUALIFICATION = "mobility.qualification.submitted.v1"


def get(port: int, path: str) -> tuple[int, str]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
        return response.status, response.read().decode()


@pytest.mark.parametrize("path", ["/health/live", "/health/ready"])
def test_every_service_is_live_and_ready(running_services: list[ServiceProcess], path: str) -> None:
    for process in running_services:
        status, _ = get(process.http_port, path)
        assert status == 200, f"{process.name} {path}"


@pytest.mark.asyncio(loop_scope="session")
async def test_metrics_count_handled_events_and_show_backlog_and_lag(
    running_services: list[ServiceProcess], mobility_topics: str, database: str
) -> None:
    participant = f"P-BD-METRICS-{database}"
    [submitted] = [e for e in sample_journey(JourneyPlan(participant)) if e.type == QUALIFICATION]
    async with TopicReader(mobility_topics, [topics.RECOGNITION]) as reader:
        await publish(mobility_topics, [submitted])
        await reader.wait_for(lambda r: r.envelope is not None and r.envelope.subject == participant)
    for process in running_services:
        _, body = get(process.http_port, "/metrics")
        assert f'mobility_outbox_backlog{{service="{process.name}"}}' in body
        assert f'mobility_consumer_lag{{service="{process.name}"}}' in body
    _, recognition = get(running_services[0].http_port, "/metrics")
    assert f'event_type="{QUALIFICATION}",outcome="applied"' in recognition
    assert 'mobility_handler_seconds_bucket{le="0.1",service="recognition"}' in recognition
