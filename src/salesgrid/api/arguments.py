"""Reading arguments: a day, a month, a position, an amount, an id, a path or the layers of a
grid, as every API function takes them (``TypeError`` for a wrong type, the command line's
:class:`~salesgrid.errors.UsageError` for a wrong value)."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from salesgrid.errors import UsageError

if TYPE_CHECKING:
    from salesgrid.core.positions import Position

#: A position: ``"2.3"`` (LEVEL.STEP, as on the command line) or ``(2, 3)``.
PositionLike = str | tuple[int, int]
#: A day: a :class:`datetime.date` or ``"YYYY-MM-DD"``.
DayLike = date | str
#: A file: a path as text or a :class:`os.PathLike`.
PathLike = str | os.PathLike[str]
#: An amount of money: a :class:`~decimal.Decimal`, an ``int`` or text (``"1500.50"``).
AmountLike = Decimal | int | str
_MONTH = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")


def type_error(what: str, value: Any, expected: str) -> TypeError:
    """The TypeError for an argument of the wrong type, naming what was given."""
    return TypeError(f"{what}: expected {expected}, got {type(value).__name__} ({value!r:.60})")


def read_day(value: DayLike | None, what: str = "as_of") -> date:
    """A day (None: today); a datetime counts as its day."""
    if value is None:
        return date.today()
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        from salesgrid.core.days import parse_day  # core: on first use, not on import

        return parse_day(value, what)
    raise type_error(what, value, "a date or 'YYYY-MM-DD'")


def read_month(value: str | date | None) -> str:
    """A month as ``YYYY-MM`` text (None: this month; a date: its month)."""
    if value is None:
        return date.today().strftime("%Y-%m")
    if isinstance(value, date):
        return f"{value.year:04d}-{value.month:02d}"
    if isinstance(value, str):
        if not _MONTH.fullmatch(value.strip()):
            raise UsageError(f"month {value!r} is not a month: write YYYY-MM, e.g. 2026-09")
        return value.strip()
    raise type_error("month", value, "'YYYY-MM' or a date")


def read_position(value: PositionLike, what: str = "position") -> Position:
    """A position from ``"L.S"`` text or a ``(level, step)`` tuple of ints."""
    from salesgrid.core.positions import Position, parse_position  # core: on first use

    if isinstance(value, str):
        return parse_position(value)
    if isinstance(value, tuple | list) and len(value) == 2:
        numbers = []
        for name, number in zip(("level", "step"), value, strict=True):
            if isinstance(number, bool) or not isinstance(number, int):
                raise type_error(f"{what} {name}", number, "an int")
            if not 1 <= number <= 999_999:
                raise UsageError(
                    f"{what} {name} {number} is not a whole number from 1 to 999999 (e.g. 2)"
                )
            numbers.append(number)
        return Position(numbers[0], numbers[1])
    raise type_error(what, value, "'L.S' text such as '2.3', or a (level, step) tuple")


def read_priced(value: AmountLike, what: str, example: str = "1500.50") -> tuple[Decimal, Any]:
    """Money in that may be written with its currency (``"5 445,00 лв."``): the amount, and
    the :class:`~salesgrid.core.money.ReadAmount` of a text (None for a Decimal or an int) for
    the caller to check its currency (:func:`salesgrid.core.money.agree`)."""
    from salesgrid.core import money  # core: on first use, not on import

    if isinstance(value, str):
        read = money.parse_amount(value, what, example=example, with_currency=True)
        return read.value, read
    amount = read_amount(value, what, example)
    if amount is None:
        raise type_error(what, value, f"a Decimal, an int or text such as {example!r}")
    return amount, None


def read_amount(value: AmountLike | None, what: str, example: str = "1500.50") -> Decimal | None:
    """Money in: the CLI's one amount rule for text; a Decimal or int by the same limits
    (not negative, at most two decimals, at most 1,000,000,000). A float is refused."""
    from salesgrid.core import money  # core: on first use, not on import

    if value is None:
        return None
    if isinstance(value, str):
        return money.parse_amount(value, what, example=example).value
    if isinstance(value, float):
        raise TypeError(
            f"{what}: a float cannot hold every cent exactly: pass Decimal({str(value)!r}) "
            f"or the text {str(value)!r}"
        )
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise type_error(what, value, "a Decimal, an int or text such as '1500.50'")
    amount = Decimal(value)
    if not amount.is_finite():
        raise UsageError(f"{what} {amount} is not an amount: give a finite number")
    if amount < 0:
        raise UsageError(f"{what} {amount}: amounts cannot be negative")
    amount = amount.copy_abs()  # Decimal("-0") is zero, not "-0.00" in every figure
    if amount > money.MAX_AMOUNT:
        raise UsageError(
            f"{what} {amount} is more than {money.MAX_AMOUNT:,}: it is at most "
            f"{money.MAX_AMOUNT} (a longer number is a typing mistake)"
        )
    if amount != amount.quantize(money.CENT):
        raise UsageError(f"{what} {amount} has more than 2 decimals: give whole cents")
    return amount


def read_text(value: str | None, what: str) -> str | None:
    """An id or a currency: text or None (another type is a TypeError, not an AttributeError).
    Empty text is refused, as on the command line: None, not "", asks for the default."""
    if value is None:
        return value
    if not isinstance(value, str):
        raise type_error(what, value, "text or None")
    if not value.strip():
        raise UsageError(f"{what} {value!r} is empty: give one, or None for the default")
    return value


def read_path(value: PathLike, what: str) -> Path:
    """A path from text or an :class:`os.PathLike`."""
    if isinstance(value, str | os.PathLike):
        return Path(value)
    raise type_error(what, value, "a path")


def read_layers(add_grid: PathLike | Sequence[PathLike]) -> tuple[Path, ...]:
    """``add_grid``: one path or a sequence of them (``--add-grid``, in order)."""
    if isinstance(add_grid, str | os.PathLike):
        return (read_path(add_grid, "add_grid"),)
    if not isinstance(add_grid, Sequence):
        raise type_error("add_grid", add_grid, "a path or a list of paths")
    return tuple(read_path(p, "add_grid") for p in add_grid)
