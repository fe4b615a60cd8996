"""An emitted event's id is `uuid5` of its cause and parts in the contracts' namespace: the ids already on Kafka and
in every stored outbox row stay what they were, however `derive_id` computes them."""

from uuid import UUID, uuid4, uuid5

import pytest

from contracts.envelope import NAMESPACE, derive_id


@pytest.mark.parametrize(
    "parts",
    [(), ("",), ("integration", "integration.alert_raised.v1", "P-00001-001", "", "0"),
     ("recruitment", "recruitment.assessed.v1", "P-1", "offer/ü/😀", "12"), ("a/b", "c")],
)  # fmt: skip
def test_an_event_id_is_uuid5_of_its_cause_and_parts(parts: tuple[str, ...]) -> None:
    for cause in [UUID(int=0), UUID("5a1d8f0e-7c1b-4f5e-9a51-6d3f0c7b2e10"), *(uuid4() for _ in range(50))]:
        expected = uuid5(NAMESPACE, "/".join((str(cause), *parts)))
        derived = derive_id(cause, *parts)
        assert derived == expected and str(derived) == str(expected) and derived.version == 5
