"""Property test: malformed and hostile inputs to every service are dead-lettered with a reason, never applied."""

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session, select

from contracts import EVENT_TYPES
from mobility.journeys import JourneyPlan, sample_journey
from services.catalog import SPECS
from services.common.cases import CaseRow
from services.common.database import OutboxMessage, create_database
from services.common.incoming import Incoming
from services.common.processor import Outcome
from services.common.service import ServiceSpec

VALID = [e.model_dump(mode="json") for e in sample_journey(JourneyPlan("P-TN-0001"))]
HOSTILE_TEXT = st.sampled_from(
    [
        "'; DROP TABLE case_state; --",
        "<script>alert(1)</script>",
        "${jndi:ldap://x}",
        "\u202e\u0000\ud7ff",
        "A" * 100_000,
    ]
)
WRONG_VALUES = st.one_of(
    st.just(None),
    st.integers(),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    HOSTILE_TEXT,
    st.just("2026-02-30"),
    st.just({"amount": "-5.00", "currency": "EUR"}),
)
UNKNOWN_TYPES = ["mobility.participant.teleported.v1", "mobility.participant.registered.v9", ""]


def _required_paths(document: dict[str, Any]) -> list[tuple[str, ...]]:
    data = document["data"]
    return [("id",), ("type",), ("time",), ("subject",)] + [("data", key) for key in data if key == "participant_id"]


@st.composite
def broken_envelope(draw: st.DrawFn, valid: list[dict[str, Any]]) -> bytes:
    """A valid event with one thing made wrong: a field removed or replaced by a value of the wrong kind."""
    document = json.loads(json.dumps(draw(st.sampled_from(valid))))
    kind = draw(st.sampled_from(["remove", "replace", "type", "data"]))
    if kind == "type":
        document["type"] = draw(
            st.sampled_from(["mobility.participant.teleported.v1", "mobility.participant.registered.v9", ""])
        )
    elif kind == "data":
        document["data"] = draw(WRONG_VALUES.filter(lambda v: not isinstance(v, dict)))
    else:
        path = draw(st.sampled_from(_required_paths(document)))
        target = document if len(path) == 1 else document["data"]
        if kind == "remove":
            target.pop(path[-1])
        else:
            target[path[-1]] = draw(WRONG_VALUES.filter(lambda v, p=path: not (p[-1] == "subject" and v is None)))  # type: ignore[misc]
    return json.dumps(document).encode()


def hostile_bytes(spec: ServiceSpec) -> st.SearchStrategy[bytes]:
    handled = {cls.event_type for cls in spec.event_types}
    valid = [document for document in VALID if document["type"] in handled]
    return st.one_of(
        st.binary(max_size=300),
        st.text(max_size=300).map(str.encode),
        st.just(b"{" * 10_000),
        st.just(b"\xff\xfe\x00"),
        broken_envelope(valid),
    )


@pytest.mark.parametrize("spec", SPECS, ids=[s.name for s in SPECS])
@settings(
    max_examples=500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(data=st.data())
def test_hostile_input_is_dead_lettered_and_changes_no_state(spec: ServiceSpec, data: st.DataObject) -> None:
    value = data.draw(hostile_bytes(spec))
    # Publishers label records with a `type` header; a label, right or wrong, must not let bad bytes through.
    label = data.draw(st.sampled_from([None, *sorted(EVENT_TYPES)]))
    engine = create_database("sqlite://", spec.tables)
    processor = spec.processor(engine, max_event_bytes=64 * 1024)
    headers = {"type": label} if label else {}
    result = processor.process(Incoming(spec.input_topics[0], 0, 1, b"P-TN-0001", value, headers))
    assert result.outcome == Outcome.DEAD_LETTERED, result
    assert result.error
    with Session(engine) as session:
        assert session.exec(select(CaseRow)).all() == []
        [letter] = session.exec(select(OutboxMessage)).all()
    assert letter.topic == f"{spec.name}.dlq" and letter.value == value and letter.headers["dlq-error"]
