"""SASL/SCRAM logins and ACLs on the real broker: every principal may do what it needs, and nothing more.

Always the project's own broker (LocalKafka with SCRAM and the StandardAuthorizer), whatever KAFKA_BOOTSTRAP_SERVERS
says: the test needs a broker whose users and super user it knows.
"""

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from uuid import uuid4

import pytest
from aiokafka import AIOKafkaProducer
from aiokafka.client import AIOKafkaClient
from aiokafka.errors import KafkaConnectionError, TopicAuthorizationFailedError

from contracts import topics
from contracts.topics import SERVICES, dead_letter_topic
from deploy.acls import AGENCY, OPERATOR, grant, mobility_acls
from local.kafka import LocalKafka, Scram
from mobility.bus import Publisher, TopicReader, publish, topic_partitions
from mobility.journeys import JourneyPlan, sample_journey
from mobility.processes import ServiceProcess, start_services
from mobility.reading import read_until_idle
from mobility.streams import write_stream
from mobility.watch import GroupWatch, settle
from services.common.kafka import ensure_topics
from services.common.settings import KafkaSecurity, kafka_client_options
from tests.integration.conftest import log_tails
from tests.integration.test_journey import OUTPUTS, of, step

pytestmark = pytest.mark.asyncio(loop_scope="session")

ADMIN = "admin"


@pytest.fixture(scope="module")
def secured_kafka(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalKafka]:
    """A broker that lets nobody in without a SCRAM login, and lets a login do only what its ACLs grant."""
    scram = Scram({user: f"{user}-{uuid4().hex}" for user in (ADMIN, AGENCY, OPERATOR, *SERVICES)})
    with LocalKafka(data_dir=tmp_path_factory.mktemp("secured") / "kafka", scram=scram) as kafka:
        yield kafka


@pytest.fixture(scope="module")
def scram(secured_kafka: LocalKafka) -> Scram:
    assert secured_kafka.scram is not None
    return secured_kafka.scram


@pytest.fixture(scope="module")
async def secured_bootstrap(secured_kafka: LocalKafka) -> str:
    """Every topic created and every ACL granted, both by the administrator; the bootstrap address."""
    bootstrap, admin = secured_kafka.bootstrap_servers, secured_kafka.admin_security
    await ensure_topics(bootstrap, topics.ALL, partitions=4, security=admin)
    await grant(bootstrap, admin, mobility_acls())
    return bootstrap


@pytest.fixture(scope="module")
def services_with_own_logins(
    secured_bootstrap: str, scram: Scram, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[list[ServiceProcess]]:
    """The four services as processes, each logged in as itself."""
    logins = {name: scram.login(name) for name in SERVICES}
    processes = start_services(secured_bootstrap, tmp_path_factory.mktemp("secured-services"), logins=logins)
    yield processes
    codes = {p.name: p.stop() for p in processes}
    crashed = {name: code for name, code in codes.items() if code not in (0, -15)}
    assert not crashed, f"services exited abnormally: {crashed}\n{log_tails(processes)}"


async def send_each(bootstrap: str, security: KafkaSecurity, *topic_names: str) -> None:
    """One record to each topic in turn, with an idempotent producer (acks=all) as the services and agencies use."""
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap, enable_idempotence=True, acks="all", **kafka_client_options(security)
    )
    await producer.start()
    try:
        for topic in topic_names:
            await producer.send_and_wait(topic, b"written by the security test", key=b"P-SECURITY")
    finally:
        await producer.stop()


@pytest.mark.parametrize(
    ("service", "forbidden"),
    [
        ("recognition", topics.RECRUITMENT),  # another service's output
        ("recruitment", topics.RECOGNITION),  # the output of the service it reads
        ("integration", dead_letter_topic("reintegration")),  # another service's dead letters
        ("reintegration", topics.PARTICIPANTS),  # an inbound topic: agencies only
        ("recognition", topics.CLOCK),  # an input it reads may not be written
    ],
)
async def test_a_service_may_write_only_its_own_topics(
    secured_bootstrap: str, scram: Scram, service: str, forbidden: str
) -> None:
    await send_each(secured_bootstrap, scram.login(service), dead_letter_topic(service))  # its own: allowed
    with pytest.raises(TopicAuthorizationFailedError, match=forbidden):
        await send_each(secured_bootstrap, scram.login(service), forbidden)


async def test_a_service_may_not_create_topics(secured_bootstrap: str, scram: Scram) -> None:
    with pytest.raises(RuntimeError, match=r"recognition\.extra does not exist and this principal may not create it"):
        await ensure_topics(secured_bootstrap, ["recognition.extra"], 1, security=scram.login("recognition"))


@pytest.mark.parametrize(
    "login",
    [
        pytest.param(lambda scram: None, id="no SASL at all"),
        pytest.param(lambda scram: scram.login(AGENCY, password="not-the-password"), id="wrong password"),
        pytest.param(
            lambda scram: KafkaSecurity(security_protocol="SASL_PLAINTEXT", sasl_username="mallory", sasl_password="x"),
            id="unknown user",
        ),
    ],
)
async def test_a_client_without_a_valid_login_is_refused(
    secured_bootstrap: str, scram: Scram, login: Callable[[Scram], KafkaSecurity | None]
) -> None:
    refused = AIOKafkaClient(bootstrap_servers=secured_bootstrap, **kafka_client_options(login(scram)))
    with pytest.raises(KafkaConnectionError, match="Unable to bootstrap"):
        await refused.bootstrap()
    await refused.close()
    admitted = AIOKafkaClient(bootstrap_servers=secured_bootstrap, **kafka_client_options(scram.login(AGENCY)))
    await admitted.bootstrap()  # the same broker, with a valid login
    await admitted.close()


@pytest.mark.parametrize("forbidden", [*topics.OUTBOUND, dead_letter_topic("recognition")])
async def test_an_agency_may_write_inbound_topics_but_no_service_topic(
    secured_bootstrap: str, scram: Scram, forbidden: str
) -> None:
    [registered] = step(sample_journey(JourneyPlan(f"P-TN-AGENCY-{uuid4().hex[:6]}")), "participant.registered")
    async with Publisher(secured_bootstrap, scram.login(AGENCY)) as agency:
        assert await agency.send([registered]) == 1  # to mobility.participants
        with pytest.raises(TopicAuthorizationFailedError, match=forbidden):
            await agency.send_raw(forbidden, b"P-SECURITY", b"an agency posing as a service")


async def test_the_operator_reads_every_topic_and_the_agency_none(secured_bootstrap: str, scram: Scram) -> None:
    operator, agency = scram.login(OPERATOR), scram.login(AGENCY)
    assert {p.topic for p in await topic_partitions(secured_bootstrap, topics.ALL, operator)} == set(topics.ALL)
    assert await read_until_idle(secured_bootstrap, topics.ALL, idle_seconds=0.5, security=operator) is not None

    # The agency sees the inbound topics (writing implies describing) and the deciding services' other inputs (it may
    # describe them, to wait for the services), but not the last output nor any dead letters; it reads no record.
    described = set(topics.INBOUND) | {topics.RECOGNITION, topics.RECRUITMENT, topics.INTEGRATION}
    assert {p.topic for p in await topic_partitions(secured_bootstrap, topics.ALL, agency)} == described
    for forbidden in (topics.INBOUND, topics.OUTBOUND):
        with pytest.raises(TopicAuthorizationFailedError):
            await read_until_idle(secured_bootstrap, forbidden, idle_seconds=0.5, security=agency)


async def test_an_agency_publishes_waiting_for_the_services_or_at_once(
    services_with_own_logins: list[ServiceProcess], secured_bootstrap: str, scram: Scram, tmp_path: Path
) -> None:
    login, operator = scram.login(AGENCY), scram.login(OPERATOR)
    env = {**os.environ, "KAFKA_SECURITY_PROTOCOL": login.security_protocol, "KAFKA_SASL_MECHANISM": scram.mechanism,
           "KAFKA_SASL_USERNAME": AGENCY, "KAFKA_SASL_PASSWORD": scram.passwords[AGENCY]}  # fmt: skip

    def publish_as_agency(participant: str, *options: str) -> subprocess.CompletedProcess[str]:
        stream = tmp_path / f"{participant}.jsonl"
        events = sample_journey(JourneyPlan(participant))
        # a placement that needs recognition's decision, which comes from another topic
        write_stream(
            stream, step(events, "participant.registered", "qualification.submitted", "job.offered", "contract.signed")
        )
        command = [Path(sys.executable).parent / "mobility", "publish", *options, stream]
        return subprocess.run(
            [*command, "--bootstrap-servers", secured_bootstrap], env=env, capture_output=True, text=True
        )

    at_once = publish_as_agency(f"P-TN-FAST-{uuid4().hex[:6]}", "--as-fast-as-possible")
    assert at_once.returncode == 0, at_once.stdout + at_once.stderr
    assert "published 4 events" in at_once.stdout

    participant = f"P-TN-WAIT-{uuid4().hex[:6]}"
    waiting = publish_as_agency(participant)  # settles by describing the services' groups and their input topics
    assert waiting.returncode == 0, waiting.stdout + waiting.stderr + log_tails(services_with_own_logins)
    assert "published 4 events" in waiting.stdout

    # Returned only once the services were done: nothing left to read, every decision already out, and in order
    # (recognition decided before the contract arrived, so the placement was never blocked on it).
    async with GroupWatch(secured_bootstrap, security=operator) as watch:
        assert (await watch.look()).lag == 0
    outputs = await read_until_idle(secured_bootstrap, OUTPUTS, idle_seconds=0.5, security=operator)
    decided = {r.envelope.type for r in outputs if r.envelope is not None and r.envelope.subject == participant}
    assert {"recognition.decided.v1", "recruitment.assessed.v1", "recruitment.placement_cleared.v1"} <= decided
    assert "recruitment.placement_blocked.v1" not in decided, decided


async def test_whole_journey_flows_with_every_principal_held_to_its_acls(
    services_with_own_logins: list[ServiceProcess], secured_bootstrap: str, scram: Scram
) -> None:
    participant = "P-TN-SECURED"
    events = sample_journey(JourneyPlan(participant))
    agency, operator = scram.login(AGENCY), scram.login(OPERATOR)
    decisions = (
        (("participant.registered", "job.offered", "contract.signed"), "recruitment.assessed.v1"),
        (("qualification.submitted",), "recruitment.placement_cleared.v1"),
        (("participant.arrived", "checkin.reported", "contract.ended"), "integration.summarised.v1"),
        (("participant.returned",), "reintegration.planned.v1"),
    )
    async with TopicReader(secured_bootstrap, OUTPUTS, operator) as reader:
        try:
            for agency_events, decision in decisions:
                await publish(secured_bootstrap, step(events, *agency_events), agency)
                await reader.wait_for(of(participant, decision))
            [decided] = await reader.wait_for(of(participant, "recognition.decided.v1"))
            assert decided.envelope and decided.envelope.data.allows_occupation
            await settle(secured_bootstrap, timeout=60, security=operator)  # the operator sees the groups' offsets
        except TimeoutError as exc:
            raise AssertionError(f"{exc}\n{log_tails(services_with_own_logins)}") from exc
    assert all(p.running for p in services_with_own_logins), log_tails(services_with_own_logins)
