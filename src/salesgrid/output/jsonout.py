"""JSON text with exact numbers.

``Decimal`` amounts are written as JSON numbers with exactly their digits and decimals
(``2783.99``, ``2173.00``, ``5445``; :mod:`salesgrid.core.money` decides), never through a binary
float. Dates are ISO strings.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

from salesgrid.core.money import plain

_string = json.encoder.encode_basestring  # escapes like json.dumps(ensure_ascii=False)


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"{value} cannot be written as JSON")
        return plain(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, date):
        return _string(value.isoformat())
    raise TypeError(f"{type(value).__name__} is not JSON data")


def dumps(value: Any, indent: int | None = 2) -> str:
    """Serialise dicts, lists, tuples, str, int, bool, None, Decimal and date."""
    return "".join(_write(value, indent, 0))


def _write(value: Any, indent: int | None, depth: int) -> list[str]:
    if isinstance(value, dict):
        if not value:
            return ["{}"]
        items = [
            _string(str(k)) + ": " + "".join(_write(v, indent, depth + 1)) for k, v in value.items()
        ]
        return _join("{", items, "}", indent, depth)
    if isinstance(value, list | tuple):
        if not value:
            return ["[]"]
        items = ["".join(_write(v, indent, depth + 1)) for v in value]
        return _join("[", items, "]", indent, depth)
    return [_scalar(value)]


def _join(open_: str, items: list[str], close: str, indent: int | None, depth: int) -> list[str]:
    if indent is None:
        return [open_, ", ".join(items), close]
    inner = "\n" + " " * (indent * (depth + 1))
    outer = "\n" + " " * (indent * depth)
    return [open_, inner, ("," + inner).join(items), outer, close]
