"""A model's JSON written by orjson (services/common/documents.py) is the bytes pydantic writes: for every event and
case the services write on generated journeys, for the values whose text could differ, and for what it leaves to
pydantic."""

import gc
import sqlite3
import tempfile
from contextlib import closing
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import orjson
import pytest
from pydantic import BaseModel, ConfigDict, Field, computed_field, field_serializer

from benchmarks.inprocess import batched, incoming_records
from benchmarks.workload import inputs_of, journey_records, record_from_kafka, spec_of
from contracts.registry import parse_envelope
from contracts.topics import SERVICES
from contracts.types import Finding, Severity
from services.common import documents
from services.common.database import create_database
from services.common.documents import dump_json


def _written(participants: int) -> list[tuple[str, str, bytes]]:
    """Every service in turn on generated journeys and what the services before it emitted: each outbox row and
    case it wrote, as (service, "event" or "case", bytes)."""
    workload, written = journey_records(participants), []
    for service in SERVICES:
        with tempfile.TemporaryDirectory() as tmp:
            engine = create_database(f"sqlite:///{Path(tmp) / 'db'}", spec_of(service).tables)
            batched(spec_of(service).processor(engine), incoming_records(inputs_of(service, workload)), 50)
            engine.dispose()
            with closing(sqlite3.connect(Path(tmp) / "db")) as db:
                rows = db.execute("SELECT topic, key, value, headers FROM outbox_message ORDER BY seq").fetchall()
                cases = [state.encode() for (state,) in db.execute("SELECT state FROM case_state")]
        workload += [record_from_kafka(topic, key, value, [(k, v.encode()) for k, v in orjson.loads(headers).items()])
                     for topic, key, value, headers in rows]  # fmt: skip
        written += [(service, "event", row[2]) for row in rows] + [(service, "case", doc) for doc in cases]
    return written


def test_every_event_and_case_the_services_write_is_the_bytes_pydantic_writes() -> None:
    written = _written(20)
    kinds = {(service, kind) for service, kind, _ in written}
    assert {(service, "event") for service in SERVICES} <= kinds and ("recruitment", "case") in kinds
    for service, kind, value in written:
        model = parse_envelope(value) if kind == "event" else spec_of(service).flow.case.model_validate_json(value)
        assert dump_json(model) == model.model_dump_json().encode(), (service, kind)
        if kind == "event":
            assert dump_json(model) == value


class Values(BaseModel):
    model_config = ConfigDict(frozen=True)

    when: datetime
    day: date
    amount: Decimal
    text: str
    number: int | float
    severity: Severity
    evidence: dict[str, str | int | bool | None] = {}
    hidden: str = Field(default="", exclude=True)
    nested: list[Finding] = []
    maybe: Finding | None = None


@pytest.mark.parametrize(
    "when",
    [datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC), datetime(2026, 1, 2, 3, 4, 5, 120_000, tzinfo=UTC),
     datetime(2026, 1, 2, 3, 4, 5, 1, tzinfo=timezone(timedelta(hours=-3, minutes=-30))),
     datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(0))), datetime(2026, 1, 2, 3, 4, 5)],
)  # fmt: skip
@pytest.mark.parametrize("amount", ["2600.00", "1E+3", "0.000001", "1e-7", "-0", "40"])
def test_values_whose_text_could_differ_are_written_as_pydantic_writes_them(when: datetime, amount: str) -> None:
    finding = Finding(rule_id="R-1", passed=False, severity=Severity.PENDING, evidence={"a": 1, "b": None},
                      source="ILO", explanation='quote " backslash \\ line \n nul \x00 \x1f é 😀 \u2028')  # fmt: skip
    values = Values(when=when, day=date(2026, 2, 28), amount=Decimal(amount), text="tab\t/slash", number=0.1,
                    severity=Severity.BLOCK, evidence={"x": True, "y": "z", "n": 7}, hidden="left out",
                    nested=[finding, finding], maybe=finding)  # fmt: skip
    assert dump_json(values) == values.model_dump_json().encode()


def test_fields_left_out_are_left_out_as_pydantic_leaves_them() -> None:
    finding = Finding(rule_id="R-1", passed=True, severity=Severity.INFO, source="s", explanation="e")
    for left_out in ({"rule_id"}, {"evidence", "explanation"}, {"absent"}):
        assert dump_json(finding, frozenset(left_out)) == finding.model_dump_json(exclude=left_out).encode()


class Serialized(BaseModel):
    value: int

    @field_serializer("value")
    def _twice(self, value: int) -> int:
        return 2 * value


class Computed(BaseModel):
    value: int

    @computed_field  # type: ignore[prop-decorator]
    @property
    def double(self) -> int:
        return 2 * self.value


class Aliased(BaseModel):
    model_config = ConfigDict(serialize_by_alias=True)

    value: int = Field(serialization_alias="Value")


class Parent(BaseModel):
    value: int


class Child(Parent):
    extra: str


class Holder(BaseModel):
    parent: Parent
    items: set[int] = set()


@pytest.mark.parametrize(
    "model",
    [Serialized(value=1), Computed(value=1), Aliased(value=1), Holder(parent=Child(value=1, extra="left out")),
     Holder(parent=Parent(value=2**70)), Holder(parent=Parent(value=1), items={3, 1, 2})],
    ids=["field serializer", "computed field", "alias", "subclass", "int beyond 64 bits", "set"],
)  # fmt: skip
def test_what_orjson_cannot_promise_the_same_bytes_for_is_written_by_pydantic(model: BaseModel) -> None:
    assert dump_json(model) == model.model_dump_json().encode()


def test_a_kept_object_is_written_once_and_its_bytes_go_with_it() -> None:
    documents.keep(Finding)
    first = Finding(rule_id="R-1", passed=True, severity=Severity.INFO, source="s", explanation="one")
    holder = Values(when=datetime(2026, 1, 1, tzinfo=UTC), day=date(2026, 1, 1), amount=Decimal(1), text="",
                    number=1, severity=Severity.INFO, nested=[first])  # fmt: skip
    assert dump_json(holder) == holder.model_dump_json().encode()
    assert id(first) in documents._BYTES
    kept = len(documents._BYTES)
    del holder, first
    gc.collect()
    assert len(documents._BYTES) == kept - 1
    for n in range(200):  # ids of findings gone are taken by new ones: each is written as it is
        finding = Finding(rule_id="R-1", passed=True, severity=Severity.INFO, source="s", explanation=str(n))
        assert dump_json(finding) == finding.model_dump_json().encode()


def test_only_immutable_models_are_kept() -> None:
    with pytest.raises(ValueError, match="not frozen"):
        documents.keep(Parent)
