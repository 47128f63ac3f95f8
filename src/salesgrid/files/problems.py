"""A pydantic validation error as ``FILE:LINE`` problems: the path of each field, the line it
is on, and a hint for a misspelt key (the allowed keys, the closest one).

Used by :mod:`~salesgrid.files.loader` (a data file or an assessment that fails validation) and
:mod:`~salesgrid.files.layers` (a layer file, a framework entry of one).
"""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from salesgrid.errors import Problem, clip
from salesgrid.files.linemap import LineMap, PathKey


def _unwrap(annotation: Any) -> list[Any]:
    """The model classes or containers an annotation can hold, Optional and Annotated removed."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [t for arg in typing.get_args(annotation) for t in _unwrap(arg)]
    return [annotation]


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """Follow ``loc`` through the model's fields to the model that holds its last element."""
    current: Any = model
    for part in loc:
        candidates = _unwrap(current)
        next_annotation: Any = None
        for candidate in candidates:
            origin = typing.get_origin(candidate)
            if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                for name, info in candidate.model_fields.items():
                    if part in (name, info.alias):
                        next_annotation = info.annotation
            elif origin in (list, tuple) and isinstance(part, int):
                next_annotation = typing.get_args(candidate)[0]
            elif origin is dict:
                next_annotation = typing.get_args(candidate)[1]
        if next_annotation is None:
            return None
        current = next_annotation
    for candidate in _unwrap(current):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


def _field_names(model: type[BaseModel]) -> list[str]:
    return [info.alias or name for name, info in model.model_fields.items()]


def _message(model: type[BaseModel], error: Any) -> str:
    kind = error["type"]
    loc = tuple(error["loc"])
    if kind == "extra_forbidden" and loc:
        owner = _model_at(model, loc[:-1])
        allowed = _field_names(owner) if owner else []
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        listed = f" (allowed here: {', '.join(allowed)})" if allowed else ""
        return f"unknown field {clip(str(loc[-1]))!r}: {hint}remove or rename it{listed}"
    if kind == "missing" and loc:
        return f"the required field {loc[-1]!r} is missing: add it"
    message = str(error["msg"])
    if message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    if kind not in ("value_error", "assertion_error") and "input" in error:
        given = error["input"]
        if not isinstance(given, dict | list):
            message += f" (got {clip(repr(given))})"
    return message


def problems_from_validation(
    model: type[BaseModel], exc: ValidationError, file: str, lines: LineMap
) -> list[Problem]:
    """Every error of ``exc`` as a problem at the line of its field in ``file``."""
    problems = []
    for error in exc.errors(include_url=False):
        # Dict-key errors arrive as (..., key, "[key]"): point at the key itself.
        loc: PathKey = tuple(part for part in error["loc"] if part != "[key]")
        problems.append(Problem(file, lines.line(loc), lines.display(loc), _message(model, error)))
    return problems
