"""Strict reading for what an agency sends: every field of an event must be one the contracts know.

The services are tolerant readers (their models ignore unknown fields, so a newer producer does not break them),
but a misspelt field would then be dropped without a word: `"has_own_document": false` reads as the default.
The command line therefore walks each event's JSON against the pydantic model of its type, following nested
models, lists, dicts and optionals, and names every field the contract does not have and the closest one it does.
"""

import difflib
import types
from collections.abc import Mapping, Sequence
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel

from contracts import EVENT_TYPES, Envelope

_SEQUENCES = (list, tuple, set, frozenset, Sequence)


def _unwrap(annotation: Any) -> Any:
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    return annotation


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _fits(annotation: Any, value: Any) -> bool:
    """Whether `value` has the shape `annotation` describes, enough to choose the arm of a union to follow."""
    annotation = _unwrap(annotation)
    origin = get_origin(annotation) or annotation
    if _is_model(annotation) or origin in (dict, Mapping):
        return isinstance(value, dict)
    if origin in _SEQUENCES:
        return isinstance(value, list)
    return not isinstance(value, dict | list)


def suggestion(name: str, known: Sequence[str], what: str = "fields") -> str:
    """`did you mean X?` with the closest known name, or the known names when none is close."""
    close = difflib.get_close_matches(name, known, n=1)
    return f"did you mean {close[0]}?" if close else f"known {what}: {', '.join(known)}"


def _walk(value: Any, annotation: Any, path: str, event_type: str) -> list[str]:
    annotation = _unwrap(annotation)
    origin = get_origin(annotation)
    if _is_model(annotation):
        if not isinstance(value, dict):
            return []
        fields = annotation.model_fields
        owner = event_type if path == "data" else f"{annotation.__name__} in {event_type}"
        problems = []
        for name, item in value.items():
            if name in fields:
                problems += _walk(item, fields[name].annotation, f"{path}.{name}", event_type)
            else:
                problems.append(f"{path}.{name} is not a field of {owner}; {suggestion(name, list(fields))}")
        return problems
    if origin in (Union, types.UnionType):
        arms = [arm for arm in get_args(annotation) if _fits(arm, value)]
        found = [_walk(value, arm, path, event_type) for arm in arms]
        return min(found, key=len) if found else []
    if origin in (dict, Mapping) and isinstance(value, dict):
        values = get_args(annotation)[1] if get_args(annotation) else Any
        return [p for key, item in value.items() for p in _walk(item, values, f"{path}.{key}", event_type)]
    if origin in _SEQUENCES and isinstance(value, list):
        args = [a for a in get_args(annotation) if a is not Ellipsis]
        if origin is tuple and len(args) > 1:
            pairs = list(zip(value, args, strict=False))
        else:
            pairs = [(item, args[0] if args else Any) for item in value]
        return [p for i, (item, arm) in enumerate(pairs) for p in _walk(item, arm, f"{path}[{i}]", event_type)]
    return []


def unknown_fields(raw: Any) -> list[str]:
    """Every field of a decoded envelope (and of its `data`, at any depth) that the contracts do not define.

    An envelope that is not an object or names an unknown type is left to validation, which reports it."""
    if not isinstance(raw, dict):
        return []
    attributes = list(Envelope.model_fields)
    problems = [
        f"{name} is not an envelope attribute; {suggestion(name, attributes, 'attributes')}"
        for name in raw
        if name not in attributes
    ]
    event_type = raw.get("type")
    model = EVENT_TYPES.get(event_type) if isinstance(event_type, str) else None
    if model is not None:
        problems += _walk(raw.get("data"), model, "data", model.event_type)
    return problems
