"""An agency without Python publishes with Debian's kcat; the services accept and decide its event."""

import subprocess

import pytest

from contracts import topics
from contracts.types import PartnerCountry
from mobility.bus import TopicReader
from mobility.journeys import JourneyPlan, sample_journey
from mobility.processes import ServiceProcess

pytestmark = pytest.mark.asyncio(loop_scope="session")


def kcat_publish(bootstrap: str, topic: str, key: str, line: str) -> None:
    command = ["kcat", "-P", "-b", bootstrap, "-t", topic, "-k", key, "-H", "content-type=application/json"]
    subprocess.run(command, input=line.encode(), check=True, timeout=30)


async def test_a_qualification_published_by_kcat_is_decided_by_recognition(
    running_services: list[ServiceProcess], mobility_topics: str, database: str
) -> None:
    participant = f"P-MA-KCAT-{database}"
    [submitted] = [
        e for e in sample_journey(JourneyPlan(participant, country=PartnerCountry.MA))
        if e.type == "mobility.qualification.submitted.v1"
    ]  # fmt: skip
    async with TopicReader(mobility_topics, [topics.RECOGNITION]) as reader:
        kcat_publish(mobility_topics, topics.QUALIFICATIONS, participant, submitted.model_dump_json())
        [decided] = await reader.wait_for(
            lambda r: r.envelope is not None and r.envelope.subject == participant, timeout=60
        )
    assert decided.envelope is not None
    assert decided.envelope.type == "recognition.decided.v1"
    assert decided.envelope.causationid == submitted.id
