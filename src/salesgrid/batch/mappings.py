"""Roster rows given as Python mappings (the Python API's ``roster``): values as CSV text.

The header is the keys of the first mapping (a DataFrame's columns, a ``csv.DictReader``'s
field names), read by :class:`~salesgrid.batch.spec.RosterSpec` as a CSV header is. Every
value becomes the text a CSV cell would hold, by the rules of a JSONL roster: ``None`` (and a
pandas NaN or NaT) is empty, ``True``/``False`` are ``true``/``false``, a whole number
(``2``, ``2.0``, ``Decimal("2")``) is its digits, a day is ``YYYY-MM-DD``, an ``actual_pay``
amount is read as written (``926.47``). A number with a fraction anywhere else (``2.3`` as a
float: ``1.10`` would read as ``1.1``), a time of day, a key that the first mapping does not
have or any other kind of value rejects its row with the reason.
Rows are numbered from 1 (the first mapping).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime
from decimal import Decimal
from numbers import Integral
from typing import Any

from salesgrid.batch.columns import AMOUNT_COLUMNS
from salesgrid.batch.header import column_name
from salesgrid.batch.readcolumns import ReadColumns
from salesgrid.batch.rows import Unreadable
from salesgrid.core import money

#: Numbered rows: (row number, values as text, or an Unreadable with its reason).
Numbered = Iterator[tuple[int, list[str]]]


class _Problem(str):
    """Why a value cannot be a roster value (told apart from a value by its class)."""


def _missing(value: Any) -> bool:
    """None, a float NaN, or pandas' NaT and NA."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    return type(value).__name__ in ("NaTType", "NAType")


def _number_text(name: str, value: float | Decimal) -> str:
    finite = value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)
    if not finite:
        return _Problem(f"{name}: {value} is not a number a roster can hold")
    if value == int(value):
        return str(int(value))
    return _Problem(
        f"{name}: the number {value} has a fraction: give it as text (a position is '2.3'; "
        "as a number, 1.10 would read as 1.1)"
    )


def value_text(name: str, value: Any) -> str:
    """A Python value as the text of a CSV cell, or a :class:`_Problem` saying why not."""
    if _missing(value):
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return "true" if value else "false"
    if isinstance(value, Integral):
        return str(int(value))
    if isinstance(value, float | Decimal):
        if column_name(name) in AMOUNT_COLUMNS and not _missing(value):
            # an amount: a float as its shortest spelling (926.47), read or refused as one
            text = repr(value) if isinstance(value, float) else str(value)
            places = money.too_many_places(text, name)  # 5.445 is a number, never grouped
            return text if places is None else _Problem(places)
        return _number_text(name, value)
    if isinstance(value, datetime):
        if value.time() == datetime.min.time() and value.tzinfo is None:
            return value.date().isoformat()
        return _Problem(f"{name}: {value} has a time of day: give the day (YYYY-MM-DD)")
    if isinstance(value, date):
        return value.isoformat()
    return _Problem(
        f"{name}: a {type(value).__name__} is not a roster value: give text, a number, a "
        "boolean or a date"
    )


def mapping_rows(
    rows: Iterable[Mapping[Any, Any]], read_columns: ReadColumns | None = None
) -> tuple[list[str], Numbered] | None:
    """The header (the first mapping's keys) and the numbered rows; None for no rows.
    ``read_columns``: which columns the caller reads, once it knows (a value it could not
    take elsewhere rejects no row: it is left empty)."""
    told = read_columns or ReadColumns()
    source = iter(rows)
    first = next(source, None)
    if first is None:
        return None
    if not isinstance(first, Mapping):
        raise TypeError(f"roster rows are mappings (dicts), not {type(first).__name__}")
    header = [str(key) for key in first]
    names = [column_name(name) for name in header]
    where = {name: index for index, name in enumerate(names)}
    width = len(header)

    def row_of(number: int, row: Mapping[Any, Any]) -> list[str]:
        values = [""] * width
        problems: list[str] = []
        seen: set[int] = set()
        for key, value in row.items():
            index = where.get(column_name(str(key)))
            if index is None:
                problems.append(
                    f"the key {str(key)!r} is not a column of the first row "
                    f"({', '.join(header)}): give every row the same keys"
                )
                continue
            if index in seen:
                problems.append(f"the column {header[index]!r} is given twice")
                continue
            seen.add(index)
            text = value_text(header[index], value)
            if text.__class__ is _Problem:
                if told.reads(names[index]):
                    problems.append(text)
            else:
                values[index] = text
        if problems:
            shown = {name: value for name, value in zip(header, values, strict=True) if value}
            return Unreadable(number, "; ".join(problems), shown)
        return values

    def numbered() -> Numbered:
        yield 1, row_of(1, first)
        for number, row in enumerate(source, start=2):
            if not isinstance(row, Mapping):
                yield (
                    number,
                    Unreadable(
                        number, f"a {type(row).__name__} is not a row: give a mapping (dict)", {}
                    ),
                )
            else:
                yield number, row_of(number, row)

    return header, numbered()
