"""`python -m deploy.acls`: grant every principal what it needs and nothing more (run as a super user).

Principals are SASL user names: each service under its own name, `agency` for the upstream agencies, `operator` for
people and tools that watch the flow. The grants derive from the services' own specifications, so a service that
gains an input topic is granted it too. Topics are created beforehand by an administrator (`python -m deploy.topics`);
no principal here may create one. On Kafka 3.0 and later WRITE on a topic also allows the idempotent producer, and
READ or WRITE implies DESCRIBE. DESCRIBE alone shows a topic's partitions and offsets, or a group's committed offsets
and members, but never a record.
"""

import asyncio
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import IntEnum

from aiokafka.client import AIOKafkaClient
from aiokafka.protocol.admin import CreateAclsRequest, DescribeAclsRequest

from contracts import topics
from contracts.topics import dead_letter_topic
from services.common.settings import KafkaSecurity, ServiceSettings, kafka_client_options

AGENCY = "agency"
OPERATOR = "operator"
EVERY = "*"  # Kafka's wildcard resource name


class Resource(IntEnum):
    """Kafka's ResourceType codes."""

    ANY = 1
    TOPIC = 2
    GROUP = 3


class Operation(IntEnum):
    """Kafka's AclOperation codes."""

    ANY = 1
    READ = 3
    WRITE = 4
    DESCRIBE = 8


LITERAL, ANY_PATTERN = 3, 1  # PatternType
ALLOW, ANY_PERMISSION = 3, 1  # AclPermissionType


@dataclass(frozen=True, order=True)
class Acl:
    """`principal` may do `operation` on the topic or consumer group `name` (from any host)."""

    principal: str
    operation: Operation
    resource: Resource
    name: str

    def __str__(self) -> str:
        return f"User:{self.principal} {self.operation.name} {self.resource.name.lower()} {self.name}"


def service_acls(name: str, input_topics: Iterable[str], output_topic: str | None) -> list[Acl]:
    """Read its inputs in its own consumer group; write its output (if it has one) and its dead letters."""
    reads = [Acl(name, Operation.READ, Resource.TOPIC, topic) for topic in input_topics]
    outputs = (output_topic, dead_letter_topic(name)) if output_topic else (dead_letter_topic(name),)
    writes = [Acl(name, Operation.WRITE, Resource.TOPIC, topic) for topic in outputs]
    return [*reads, Acl(name, Operation.READ, Resource.GROUP, name), *writes]


def settling_acls(principal: str, groups: Mapping[str, Iterable[str]]) -> list[Acl]:
    """What waiting for the services takes (mobility/watch.py): DESCRIBE each group (FindCoordinator, OffsetFetch) and
    each topic the groups read (Metadata, ListOffsets; OffsetFetch leaves out the topics a principal may not
    describe). Offsets only: no record of those topics, nor a seat in those groups."""
    watched = {topic for inputs in groups.values() for topic in inputs}
    return [
        *(Acl(principal, Operation.DESCRIBE, Resource.GROUP, group) for group in groups),
        *(Acl(principal, Operation.DESCRIBE, Resource.TOPIC, topic) for topic in watched),
    ]


def mobility_acls() -> list[Acl]:
    """The whole ACL set: the services, the agencies (write the inbound topics, wait for the deciding services) and
    the operator (read all)."""
    from services.catalog import DECIDING, SPECS

    services = [acl for spec in SPECS for acl in service_acls(spec.name, spec.input_topics, spec.output_topic)]
    deciding = {spec.name: spec.input_topics for spec in DECIDING}  # the groups `mobility publish` waits for
    writes = [Acl(AGENCY, Operation.WRITE, Resource.TOPIC, topic) for topic in topics.INBOUND]
    agency = [*writes, *settling_acls(AGENCY, deciding)]
    operator = [Acl(OPERATOR, Operation.READ, resource, EVERY) for resource in (Resource.TOPIC, Resource.GROUP)]
    return sorted([*services, *agency, *operator])


async def grant(
    bootstrap_servers: str, security: KafkaSecurity | None, acls: Iterable[Acl], timeout: float = 30
) -> None:
    """Create the ACLs (existing ones stay as they are), then wait until the broker enforces all of them."""
    wanted = set(acls)
    client = AIOKafkaClient(
        bootstrap_servers=bootstrap_servers, client_id="mobility-acls", **kafka_client_options(security)
    )
    await client.bootstrap()
    try:
        node = client.get_random_node()
        for acl in sorted(wanted):
            request = CreateAclsRequest(
                acl.resource, acl.name, LITERAL, f"User:{acl.principal}", "*", acl.operation, ALLOW
            )
            [(code, message)] = (await client.send(node, request)).creation_responses
            if code:
                raise RuntimeError(f"cannot grant {acl}: Kafka error {code} {message}")
        async with asyncio.timeout(timeout):
            while not wanted <= await _enforced(client, node):
                await asyncio.sleep(0.1)
    finally:
        await client.close()


async def _enforced(client: AIOKafkaClient, node: int) -> set[Acl]:
    # DescribeAcls answers from the broker's own authorizer, so what it lists is what the broker enforces.
    every = DescribeAclsRequest(Resource.ANY, None, ANY_PATTERN, None, None, Operation.ANY, ANY_PERMISSION)
    response = await client.send(node, every)
    if response.error_code:
        raise RuntimeError(f"cannot list ACLs: Kafka error {response.error_code} {response.error_message}")
    return {
        Acl(principal.removeprefix("User:"), Operation(operation), Resource(resource), name)
        for resource, name, _pattern, entries in response.resources
        for principal, _host, operation, _permission in entries
        if resource in (Resource.TOPIC, Resource.GROUP)
        and operation in (Operation.READ, Operation.WRITE, Operation.DESCRIBE)
    }


def main() -> None:
    settings = ServiceSettings()
    acls = mobility_acls()
    asyncio.run(grant(settings.kafka_bootstrap_servers, settings.kafka_security, acls))
    for acl in acls:
        print(acl, flush=True)


if __name__ == "__main__":
    main()
