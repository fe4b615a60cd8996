"""The agency's grants: WRITE the inbound topics, and DESCRIBE exactly what `mobility publish` watches to wait for the
services (the groups and input topics of mobility/watch.py), never READ anything."""

from contracts import topics
from deploy.acls import AGENCY, Operation, Resource, mobility_acls
from mobility.watch import service_inputs


def agency_grants(operation: Operation, resource: Resource) -> set[str]:
    return {
        a.name for a in mobility_acls() if a.principal == AGENCY and (a.operation, a.resource) == (operation, resource)
    }


def test_the_agency_may_describe_what_publish_watches() -> None:
    watched = service_inputs()
    assert agency_grants(Operation.DESCRIBE, Resource.GROUP) == set(watched)
    assert agency_grants(Operation.DESCRIBE, Resource.TOPIC) == {t for inputs in watched.values() for t in inputs}


def test_the_agency_writes_the_inbound_topics_and_reads_nothing() -> None:
    assert agency_grants(Operation.WRITE, Resource.TOPIC) == set(topics.INBOUND)
    assert not agency_grants(Operation.WRITE, Resource.GROUP)
    assert not agency_grants(Operation.READ, Resource.TOPIC) | agency_grants(Operation.READ, Resource.GROUP)
