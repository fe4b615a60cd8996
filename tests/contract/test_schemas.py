"""The checked-in JSON Schemas match the models, and the compatibility check catches breaking edits."""

import copy
import json

import pytest

from contracts.schema import SCHEMA_DIR, breaking_changes, export_schemas, render


def test_checked_in_schemas_match_the_models() -> None:
    stale = [
        name
        for name, schema in export_schemas().items()
        if not (SCHEMA_DIR / name).exists() or (SCHEMA_DIR / name).read_text() != render(schema)
    ]
    assert not stale, f"schemas out of date: {stale}; run `python -m contracts` and commit contracts/schemas/"


def test_no_schema_file_without_an_event_type() -> None:
    orphans = {p.name for p in SCHEMA_DIR.glob("*.json")} - set(export_schemas())
    assert not orphans, f"schema files for types that no longer exist: {orphans}"


@pytest.fixture
def registered() -> dict[str, object]:
    return json.loads((SCHEMA_DIR / "mobility.participant.registered.v1.json").read_text())


def _data(schema: dict) -> dict:  # type: ignore[type-arg]
    return schema["$defs"]["ParticipantRegistered"]


def test_adding_an_optional_field_is_compatible(registered: dict) -> None:  # type: ignore[type-arg]
    new = copy.deepcopy(registered)
    _data(new)["properties"]["nickname"] = {"type": "string"}
    assert breaking_changes(registered, new) == []


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda d: d["properties"].pop("birth_date"), "birth_date: field removed"),
        (lambda d: d["properties"].__setitem__("birth_date", {"type": "integer"}), "birth_date: type changed"),
        (lambda d: d["required"].append("programme"), "programme: new required field"),
    ],
    ids=["removed", "retyped", "newly-required"],
)
def test_breaking_edits_are_reported(registered: dict, edit, expected: str) -> None:  # type: ignore[no-untyped-def,type-arg]
    new = copy.deepcopy(registered)
    edit(_data(new))
    assert any(expected in problem for problem in breaking_changes(registered, new))


def test_narrowing_an_enum_is_reported(registered: dict) -> None:  # type: ignore[type-arg]
    new = copy.deepcopy(registered)
    new["$defs"]["PartnerCountry"]["enum"].remove("BD")
    assert any("enum narrowed" in p for p in breaking_changes(registered, new))
