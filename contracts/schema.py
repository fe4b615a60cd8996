"""JSON Schemas of contracts v1, and the check that a schema change does not break existing consumers."""

import json
from pathlib import Path
from typing import Any

from contracts.envelope import Envelope
from contracts.registry import EVENT_CLASSES

SCHEMA_DIR = Path(__file__).parent / "schemas"
Schema = dict[str, Any]


def export_schemas() -> dict[str, Schema]:
    """One schema per event type (its envelope with typed data), keyed by file name."""
    schemas = {"envelope.json": Envelope[dict[str, Any]].model_json_schema()}
    for cls in EVENT_CLASSES:
        schema = Envelope[cls].model_json_schema()  # type: ignore[valid-type]
        schema["title"] = cls.event_type
        schema["x-topic"] = cls.topic
        schemas[f"{cls.event_type}.json"] = schema
    return schemas


def render(schema: Schema) -> str:
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def breaking_changes(old: Schema, new: Schema, path: str = "") -> list[str]:
    """What in `new` would break a consumer written against `old`: removed or retyped fields, new required
    fields, narrowed enums. Adding optional fields or enum members is fine."""
    problems: list[str] = []
    old_defs, new_defs = old.get("$defs", {}), new.get("$defs", {})
    problems += _compare(old, new, old_defs, new_defs, path or old.get("title", ""))
    return problems


def _resolve(node: Schema, defs: dict[str, Schema]) -> Schema:
    ref = node.get("$ref")
    return defs.get(ref.rsplit("/", 1)[-1], {}) if ref else node


def _compare(old: Schema, new: Schema, old_defs: dict[str, Schema], new_defs: dict[str, Schema], at: str) -> list[str]:
    old, new = _resolve(old, old_defs), _resolve(new, new_defs)
    problems: list[str] = []
    if old.get("type") != new.get("type"):
        problems.append(f"{at}: type changed from {old.get('type')} to {new.get('type')}")
    old_enum: list[Any] = old.get("enum") or []
    new_enum: list[Any] = new.get("enum") or old_enum
    lost = set(old_enum) - set(new_enum)
    if lost:
        problems.append(f"{at}: enum narrowed, lost {sorted(lost)}")
    added_required = set(new.get("required", [])) - set(old.get("required", []))
    problems += [f"{at}.{name}: new required field" for name in sorted(added_required)]
    for name, old_prop in old.get("properties", {}).items():
        new_prop = new.get("properties", {}).get(name)
        if new_prop is None:
            problems.append(f"{at}.{name}: field removed")
        else:
            problems += _compare(old_prop, new_prop, old_defs, new_defs, f"{at}.{name}")
    return problems
