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


async def test_a_header_that_is_not_utf8_does_not_stop_the_event_nor_the_partition(
    running_services: list[ServiceProcess], mobility_topics: str, database: str
) -> None:
    """Header values are bytes to Kafka; one that is not UTF-8 is read with replacement characters, and the event
    it came with is decided like any other (before, decoding it failed the batch again and again)."""
    participant = f"P-TN-HDR-{database}"
    [submitted] = [
        e for e in sample_journey(JourneyPlan(participant, country=PartnerCountry.TN))
        if e.type == "mobility.qualification.submitted.v1"
    ]  # fmt: skip
    command = ["kcat", "-P", "-b", mobility_topics, "-t", topics.QUALIFICATIONS, "-k", participant,
               "-H", "content-type=application/json", "-H", b"x-agency-note=\xff\xfe caf\xe9"]  # fmt: skip
    async with TopicReader(mobility_topics, [topics.RECOGNITION]) as reader:
        subprocess.run(command, input=submitted.model_dump_json().encode(), check=True, timeout=30)
        [decided] = await reader.wait_for(
            lambda r: r.envelope is not None and r.envelope.subject == participant, timeout=60
        )
    assert decided.envelope is not None and decided.envelope.causationid == submitted.id
