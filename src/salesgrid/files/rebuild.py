"""Frozen models as plain JSON data and back, for the packaged data's snapshot.

:func:`plain` writes a model as JSON-able data: each model an object of the fields it was given,
by field name; amounts, rates and percentages as their decimal text (``"1812.50"``, every digit
kept); days as ``YYYY-MM-DD``; number keys as text. :func:`build` reads such data back into the
same frozen models without pydantic building its validators, which costs more than the rest of
``salesgrid pay``, yet lets through nothing the models' own validation would refuse.

It follows each field's annotation and checks every value: its JSON type exactly (text for a
``str``, a whole number for an ``int``, never ``true`` for either), a ``Literal`` among its
values, an optional field's ``null``, every required field present and no other, the lengths,
bounds and patterns the annotations set, and it runs the validator functions they name (an
``Amount``'s, a ``Text``'s): the same functions a data file's values go through. Anything it does
not know how to check (a union of two types, a model with validators of its own, an annotation
it has not met) is refused whatever the data, never let through. A refusal is a
:class:`Refused`; the snapshot that caused it is passed over and the data file loaded the normal
way. Nothing here runs code named by the data: JSON has no way to name any.
"""

from __future__ import annotations

import operator
import re
import types
import typing
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar

import annotated_types
from pydantic import AfterValidator, BaseModel, BeforeValidator, Strict, StringConstraints
from pydantic.fields import FieldInfo

from salesgrid.files.linemap import LineMap

M = TypeVar("M", bound=BaseModel)
Convert = Callable[[Any], Any]

#: A decimal as the snapshot writes it, when no validator of the field reads the text itself
#: (compiled on first use: the packaged files' amounts all have validators of their own).
_DECIMAL = r"-?[0-9]{1,60}(\.[0-9]{1,60})?"
#: The longest path in a line map, and the largest line number.
_MAX_PATH = 64
_MAX_NUMBER = 10**9


class Refused(ValueError):
    """Data that is not what :func:`plain` writes for the model, or a model it cannot check."""


# --------------------------------------------------------------------------- writing


def plain(value: Any) -> Any:
    """``value`` (a model, or what a model holds) as JSON-able data that :func:`build` reads."""
    if isinstance(value, BaseModel):
        given = value.model_fields_set
        return {name: plain(getattr(value, name)) for name in type(value).model_fields
                if name in given}  # fmt: skip
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {_key(key): plain(item) for key, item in value.items()}
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date) and not isinstance(value, datetime):
        return value.isoformat()
    if value is None or type(value) in (str, int, bool):
        return value
    raise TypeError(f"{type(value).__name__} has no place in a snapshot")


def _key(key: Any) -> str:
    if type(key) is int:
        return str(key)
    if type(key) is str:
        return key
    raise TypeError(f"a {type(key).__name__} key has no place in a snapshot")


def plain_lines(lines: LineMap) -> dict[str, Any]:
    """A line map as JSON-able data (:func:`build_lines` reads it)."""
    return {
        "lines": [[list(path), line] for path, line in lines.lines.items()],
        "items": [list(path) for path in lines.sequence_items],
    }


def file_data(model: BaseModel, lines: LineMap) -> dict[str, Any]:
    """What the snapshot of a data file holds: its model and its line map (:func:`file_from`)."""
    return {"model": plain(model), "lines": plain_lines(lines)}


# --------------------------------------------------------------------------- reading


def file_from(data: Any, cls: type[M]) -> tuple[M, LineMap]:
    """The model and line map of :func:`file_data`; :class:`Refused` for anything else."""
    if type(data) is not dict or data.keys() != {"model", "lines"}:
        raise Refused("not the snapshot of a data file")
    return build(cls, data["model"]), build_lines(data["lines"])


def build(cls: type[M], data: Any) -> M:
    """The model ``cls`` from what :func:`plain` wrote; :class:`Refused` for anything else."""
    found = _model(cls)(data)
    assert isinstance(found, cls)
    return found


def build_lines(data: Any) -> LineMap:
    """A line map from :func:`plain_lines` data; :class:`Refused` for anything else. (Its keys
    are only ever compared with the paths of a model's fields, never shown: each is checked to
    be a path of text and indexes, each line a line number.)"""
    if type(data) is not dict or data.keys() != {"lines", "items"}:
        raise Refused("not a line map")
    entries, items = data["lines"], data["items"]
    if type(entries) is not list or type(items) is not list:
        raise Refused("not a line map")
    try:
        found = {tuple(path): line for path, line in entries if type(path) is list}
        sequence_items = {tuple(path) for path in items if type(path) is list}
    except (TypeError, ValueError):  # not pairs, or a path holding a list or an object
        raise Refused("not a line map") from None
    if len(found) != len(entries) or len(sequence_items) != len(items):
        raise Refused("not a line map")
    for line in found.values():
        if type(line) is not int or not 1 <= line <= _MAX_NUMBER:
            raise Refused("not a line number")
    paths = (*found, *sequence_items)
    if max(map(len, paths), default=0) > _MAX_PATH or not {
        type(part) for path in paths for part in path
    } <= {str, int}:
        raise Refused("not a path of keys and indexes")
    lines = LineMap()
    lines.lines, lines.sequence_items = found, sequence_items
    return lines


#: Each model's fields, compiled once: name -> (convert, what makes its default; None: required).
_FIELDS: dict[type[BaseModel], dict[str, tuple[Convert, Callable[[], Any] | None]]] = {}
#: The defaults a field may have: values that cannot change, and empty containers.
_DEFAULT_VALUES = (type(None), bool, int, str)
_DEFAULT_FACTORIES = (list, dict)


def _model(cls: type[BaseModel]) -> Convert:
    def convert(value: Any) -> Any:
        if type(value) is not dict:
            raise Refused(f"{cls.__name__}: not an object")
        fields = _FIELDS.get(cls) or _fields(cls)
        if not value.keys() <= fields.keys():
            raise Refused(f"{cls.__name__}: a field it does not have")
        found = {}
        for name, (check, default) in fields.items():
            if name in value:
                found[name] = check(value[name])
            elif default is None:
                raise Refused(f"{cls.__name__}: {name} is missing")
            else:
                found[name] = default()
        return cls.model_construct(set(value), **found)  # every field given: no default looked up

    return convert


def _fields(cls: type[BaseModel]) -> dict[str, tuple[Convert, Callable[[], Any] | None]]:
    """The fields of ``cls``, how each is checked and what its default is; :class:`Refused`
    for a model whose validation is not all in its annotations (validators of its own, aliases
    that are other fields' names) or with a default that could be shared or computed."""
    decorators = cls.__pydantic_decorators__
    if (decorators.validators or decorators.field_validators or decorators.root_validators
            or decorators.model_validators):  # fmt: skip
        raise Refused(f"{cls.__name__} has validators of its own")
    names = set(cls.model_fields)
    fields = {}
    for name, info in cls.model_fields.items():
        if info.alias in names - {name} or info.annotation is None:
            raise Refused(f"{cls.__name__}.{name}: cannot be checked")
        fields[name] = (_convert(info.annotation, tuple(info.metadata)), _default(info))
    _FIELDS[cls] = fields
    return fields


def _default(info: FieldInfo) -> Callable[[], Any] | None:
    if info.is_required():
        return None
    if info.default_factory in _DEFAULT_FACTORIES:
        return info.default_factory
    if info.default_factory is None and type(info.default) in _DEFAULT_VALUES:
        value = info.default
        return lambda: value
    raise Refused("cannot make this default")


def _convert(annotation: Any, metadata: tuple[Any, ...] = ()) -> Convert:
    """How a value of ``annotation`` (with its ``Annotated`` metadata) is read and checked."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        base, *more = typing.get_args(annotation)
        return _convert(base, (*more, *metadata))
    base = _base(annotation, origin)
    if not metadata:
        return base
    before: list[Convert] = []
    checks: list[Convert] = []
    after: list[Convert] = []
    for item in metadata:
        _sort(item, before, checks, after)
    before.reverse()  # pydantic runs the last before-validator first
    return _chain(*before, base, *checks, *after)


def _chain(*steps: Convert) -> Convert:
    """The steps one after the other (the usual two or three without a loop: a snapshot has
    thousands of values)."""
    if len(steps) == 1:
        return steps[0]
    if len(steps) == 2:
        first, second = steps
        return lambda value: second(first(value))
    if len(steps) == 3:
        first, second, third = steps
        return lambda value: third(second(first(value)))
    head, rest = steps[0], _chain(*steps[1:])
    return lambda value: rest(head(value))


def _sort(item: Any, before: list[Convert], checks: list[Convert], after: list[Convert]) -> None:
    """File one piece of ``Annotated`` metadata as a step; :class:`Refused` for an unknown one."""
    if isinstance(item, BeforeValidator):
        before.append(item.func)  # type: ignore[arg-type]
    elif isinstance(item, AfterValidator):
        after.append(item.func)  # type: ignore[arg-type]
    elif isinstance(item, FieldInfo):
        for inner in item.metadata:
            _sort(inner, before, checks, after)
    elif isinstance(item, StringConstraints):
        checks.append(_string_constraints(item))
    elif isinstance(item, Strict):
        pass  # every check here is strict
    elif isinstance(item, annotated_types.BaseMetadata):
        checks.append(_bound(item))
    elif hasattr(item, "__get_pydantic_json_schema__") and not hasattr(
        item, "__get_pydantic_core_schema__"
    ):
        pass  # it describes the JSON Schema only (WithJsonSchema, NumberKeys)
    else:
        raise Refused(f"cannot check {type(item).__name__}")


#: The bounds pydantic reads from ``annotated_types``: the attribute, the test, on the length?
_BOUNDS: tuple[tuple[type, str, Callable[[Any, Any], bool], bool], ...] = (
    (annotated_types.Ge, "ge", operator.ge, False),
    (annotated_types.Gt, "gt", operator.gt, False),
    (annotated_types.Le, "le", operator.le, False),
    (annotated_types.Lt, "lt", operator.lt, False),
    (annotated_types.MinLen, "min_length", operator.ge, True),
    (annotated_types.MaxLen, "max_length", operator.le, True),
)


def _bound(item: Any) -> Convert:
    for kind, name, passes, of_length in _BOUNDS:
        if type(item) is kind:
            return _within(passes, getattr(item, name), of_length)
    raise Refused(f"cannot check {type(item).__name__}")


def _within(passes: Callable[[Any, Any], bool], limit: Any, of_length: bool) -> Convert:
    def check(value: Any) -> Any:
        if not passes(len(value) if of_length else value, limit):
            raise Refused("out of bounds")
        return value

    return check


def _string_constraints(item: StringConstraints) -> Convert:
    if item.pattern is not None and not isinstance(item.pattern, str):
        raise Refused("cannot check a compiled pattern")
    pattern = re.compile(item.pattern) if item.pattern is not None else None
    strip, upper, lower, ascii_only = (
        item.strip_whitespace, item.to_upper, item.to_lower, item.ascii_only
    )  # fmt: skip
    least, most = item.min_length or 0, item.max_length

    def check(value: Any) -> Any:
        if type(value) is not str:
            raise Refused("not text")
        if strip:
            value = value.strip()
        if upper:
            value = value.upper()
        if lower:
            value = value.lower()
        if ascii_only and not value.isascii():
            raise Refused("not ASCII")
        if len(value) < least or (most is not None and len(value) > most):
            raise Refused("too short or too long")
        if pattern is not None and not pattern.fullmatch(value):  # anchored: as strict or more
            raise Refused("does not match its pattern")
        return value

    return check


def _base(annotation: Any, origin: Any) -> Convert:
    """The check of a type without its metadata."""
    if origin is typing.Literal:
        return _literal(typing.get_args(annotation))
    if origin in (typing.Union, types.UnionType):
        return _optional(typing.get_args(annotation))
    if origin is list:
        (item,) = typing.get_args(annotation)
        each = _convert(item)
        return lambda value: [each(x) for x in _is(value, list)]
    if origin is tuple:
        return _tuple(typing.get_args(annotation))
    if origin is dict:
        key_type, value_type = typing.get_args(annotation)
        return _dict(_convert(key_type), _convert(value_type))
    if origin is not None:
        raise Refused(f"cannot check {annotation!r}")
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _model(annotation)
    simple = _SIMPLE.get(annotation)
    if simple is None:
        raise Refused(f"cannot check {annotation!r}")
    return simple


def _is(value: Any, kind: type) -> Any:
    if type(value) is not kind:
        raise Refused(f"not a {kind.__name__}")
    return value


def _decimal(value: Any) -> Decimal:
    if type(value) is str and re.fullmatch(_DECIMAL, value):
        value = Decimal(value)
    if type(value) is not Decimal or not value.is_finite():
        raise Refused("not a decimal")
    return value


def _day(value: Any) -> date:
    """A day: read by a before-validator of the field (``Day``'s), else from ``YYYY-MM-DD``."""
    if type(value) is str and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            raise Refused("not a calendar day") from None
    if type(value) is not date:
        raise Refused("not a day")
    return value


def _none(value: Any) -> None:
    if value is not None:
        raise Refused("not null")


_SIMPLE: dict[Any, Convert] = {
    str: lambda value: _is(value, str),
    int: lambda value: _is(value, int),
    bool: lambda value: _is(value, bool),
    Decimal: _decimal,
    date: _day,
    type(None): _none,
}


def _literal(allowed: tuple[Any, ...]) -> Convert:
    def check(value: Any) -> Any:
        for choice in allowed:
            if type(value) is type(choice) and value == choice:
                return choice
        raise Refused("not one of the values allowed")

    return check


def _optional(members: tuple[Any, ...]) -> Convert:
    others = [m for m in members if m is not type(None)]
    if len(others) != 1 or len(members) != 2:
        raise Refused("cannot check a union but X | None")
    check = _convert(others[0])
    return lambda value: None if value is None else check(value)


def _tuple(members: tuple[Any, ...]) -> Convert:
    if not members or members[-1] is Ellipsis:
        raise Refused("cannot check a tuple of any length")
    checks = [_convert(member) for member in members]

    def convert(value: Any) -> Any:
        if type(value) is not list or len(value) != len(checks):
            raise Refused("not a tuple of its length")
        return tuple(check(item) for check, item in zip(checks, value, strict=True))

    return convert


def _dict(key: Convert, item: Convert) -> Convert:
    def convert(value: Any) -> Any:
        if type(value) is not dict:
            raise Refused("not an object")
        found = {key(k): item(v) for k, v in value.items()}
        if len(found) != len(value):
            raise Refused("two keys that are one")
        return found

    return convert
