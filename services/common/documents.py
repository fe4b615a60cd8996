"""A model's JSON, byte for byte what pydantic writes (`model_dump_json()`), written by orjson.

pydantic writes long strings slowly: a recruitment verdict (seventeen findings, each with its source and
explanation) took about five times as long as orjson takes for the same values, once for the outbox row of each
event and once for the case document. Here each model class gets a plan once, from its fields' annotations: which
fields are written and how to turn each value into what orjson writes as pydantic would (a model into a dict of its
fields, in order). What a plan cannot promise the same bytes for is written by pydantic: a class with its own
serializers, computed fields, aliases or extra fields, a type not planned here, a subclass where the annotation
names its parent (pydantic writes the parent's fields), a value orjson does not take (an int beyond 64 bits)."""

import types
import weakref
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from functools import partial
from typing import Annotated, Any, Literal, Union, get_args, get_origin
from uuid import UUID

import orjson
from pydantic import AwareDatetime, BaseModel, FutureDate, FutureDatetime, NaiveDatetime, PastDate, PastDatetime

Convert = Callable[[Any], Any]  # a value into what orjson writes as pydantic would


class _Unplanned(Exception):
    """A value or type this module cannot promise pydantic's bytes for."""


# Written by orjson as pydantic writes them: datetimes in UTC end in "Z" as in pydantic (OPT_UTC_Z), and a
# Decimal is its text (`_decimal`).
_SAME = (str, int, bool, float, date, datetime, UUID, Enum, type(None))
_OPTIONS = orjson.OPT_UTC_Z
_DATETIMES = (AwareDatetime, NaiveDatetime, PastDate, FutureDate, PastDatetime, FutureDatetime)  # plain dates inside


def dump_json(model: BaseModel, exclude: frozenset[str] = frozenset()) -> bytes:
    """`model.model_dump_json(exclude=exclude).encode()`, faster for the models a plan covers."""
    try:
        plan = _model_of(type(model))
        if exclude:
            fields = _FIELDS[type(model)](model)  # the model's own fields, kept or not (KeyError: refused)
            tree = {name: value for name, value in fields.items() if name not in exclude}
        else:
            tree = plan(model)
        return orjson.dumps(tree, default=_decimal, option=_OPTIONS)
    except (_Unplanned, TypeError, KeyError):  # orjson raises TypeError for what it does not take
        return model.model_dump_json(exclude=set(exclude) or None).encode()


def _decimal(value: Any) -> str:
    if type(value) is Decimal:
        return str(value)
    raise TypeError


_PLANS: dict[type[BaseModel], Convert] = {}
_FIELDS: dict[type[BaseModel], Convert] = {}  # a planned class's conversion into the dict of its fields
_KEPT: set[type[BaseModel]] = set()
# The bytes of each living instance of a kept class, by its id: dropped when the instance goes (so an id is never
# taken for another's), and never stale, since only immutable models are kept.
_BYTES: dict[int, tuple[weakref.ref[BaseModel], orjson.Fragment]] = {}


def keep(*classes: type[BaseModel]) -> None:
    """Keep the JSON of instances of these (frozen) classes while they live: one object that many documents hold
    (a finding several events and a case carry) is written once."""
    for cls in classes:
        if not cls.model_config.get("frozen"):
            raise ValueError(f"{cls.__name__} is not frozen: its JSON could change after it is kept")
    _KEPT.update(classes)
    _PLANS.clear()
    _FIELDS.clear()


def _model_of(cls: type[BaseModel]) -> Convert:
    """The conversion of an instance of exactly `cls` (planned once per class)."""
    plan = _PLANS.get(cls)
    if plan is None:
        plan = _PLANS[cls] = _plan(cls)
    return plan


def _plan(cls: type[BaseModel]) -> Convert:
    _PLANS[cls] = _refused  # a model that holds itself is planned once; until then it is refused
    decorators = cls.__pydantic_decorators__
    if (decorators.field_serializers or decorators.model_serializers or decorators.computed_fields
            or cls.model_config.get("extra") == "allow" or cls.model_config.get("serialize_by_alias")
            or cls.__pydantic_root_model__ or cls.model_config.get("ser_json_inf_nan", "null") != "null"):  # fmt: skip
        return _refused
    fields: list[tuple[str, Convert | None]] = []
    for name, info in cls.model_fields.items():
        if info.exclude is True:
            continue
        if getattr(info, "exclude_if", None) is not None or any(_serializes(m) for m in info.metadata):
            return _refused
        try:
            fields.append((name, _converter(info.annotation)))
        except _Unplanned:
            return _refused

    def convert(value: Any) -> dict[str, Any]:
        if type(value) is not cls:  # a subclass: pydantic writes the fields the annotation names
            raise _Unplanned
        values = value.__dict__
        return {name: values[name] if to is None else to(values[name]) for name, to in fields}

    _FIELDS[cls] = convert
    if cls not in _KEPT:
        return convert

    def kept(value: Any) -> orjson.Fragment:
        key = id(value)
        held = _BYTES.get(key)
        if held is not None and held[0]() is value:
            return held[1]
        fragment = orjson.Fragment(orjson.dumps(convert(value), default=_decimal, option=_OPTIONS))
        _BYTES[key] = (weakref.ref(value, partial(_forget, key)), fragment)
        return fragment

    return kept


def _forget(key: int, gone: "weakref.ref[BaseModel]") -> None:
    held = _BYTES.get(key)
    if held is not None and held[0] is gone:
        del _BYTES[key]


def _refused(_value: Any) -> Any:
    raise _Unplanned


def _serializes(metadata: Any) -> bool:
    """Annotated metadata that changes how a value is written (PlainSerializer, WrapSerializer and the like)."""
    return hasattr(metadata, "return_type") or hasattr(metadata, "when_used")


def _converter(annotation: Any) -> Convert | None:
    """How a value of `annotation` becomes what orjson writes as pydantic would; None: as it is."""
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Annotated:
        if any(_serializes(m) for m in annotation.__metadata__):
            raise _Unplanned
        return _converter(args[0])
    if origin is Literal:
        if all(isinstance(arg, _SAME) for arg in args):
            return None
        raise _Unplanned
    if annotation is Any:
        return _any
    if annotation is Decimal:
        return None  # `_decimal` writes it
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _model_of(annotation)
    if isinstance(annotation, type) and (issubclass(annotation, _SAME) or annotation in _DATETIMES):
        return None
    if origin in (Union, types.UnionType):
        converters = [_converter(arg) for arg in args]
        if all(convert is None for convert in converters):
            return None
        models = tuple(arg for arg in args if isinstance(arg, type) and issubclass(arg, BaseModel))
        if len(models) != len([c for c in converters if c is not None]):
            raise _Unplanned  # a union of containers of models: pydantic's choice is not planned here
        if len(args) == 2 and type(None) in args:  # an optional model
            model = _model_of(models[0])
            return lambda value: None if value is None else model(value)
        return lambda value: _model_of(type(value))(value) if type(value) in models else _primitive(value)
    if origin in (list, tuple, Sequence):
        if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
            raise _Unplanned  # a fixed-length tuple
        item = _converter(args[0]) if args else _any
        return None if item is None else partial(_items, item)
    if origin in (dict, Mapping):
        if args and _converter(args[0]) is not None:
            raise _Unplanned
        value_item = _converter(args[1]) if args else _any
        return None if value_item is None else partial(_values, value_item)
    raise _Unplanned


def _items(item: Convert, value: Any) -> list[Any]:
    return [item(v) for v in value]


def _values(item: Convert, value: Any) -> dict[str, Any]:
    return {k: item(v) for k, v in value.items()}


def _primitive(value: Any) -> Any:
    """A value the union's model members do not take: written as it is, if it is a plain value."""
    if isinstance(value, BaseModel):
        raise _Unplanned  # a model not named by the union
    return value


def _any(value: Any) -> Any:
    """A value annotated `Any`: pydantic writes it by what it is (an envelope's data)."""
    if isinstance(value, BaseModel):
        return _model_of(type(value))(value)
    if isinstance(value, _SAME) or type(value) is Decimal:
        return value
    raise _Unplanned
