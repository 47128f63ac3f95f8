"""Exact money: Decimal amounts, named rounding modes, reading amounts, formatting.

No float ever holds money here. Rounding is always explicit and named by the data file.

**How an amount is written** (plain, CSV, JSON and tables alike) is decided here, once: an
amount is written with exactly the decimals it carries, never normalised. The core gives every
amount its scale where the amount is made: a grid amount in the grid's own currency keeps the
form it has in the file (``5445``, ``"1812.50"``); a converted amount, a payroll figure and a
percentage are rounded to the cent (``2173.00``, ``17.22``), and sums, differences and multiples
keep that scale. :func:`two_decimals` gives a figure that is not rounded where it is made (a
payroll parameter, an empty total) its two decimals without ever changing its value.
"""

from __future__ import annotations

import decimal
import re
from decimal import Decimal
from typing import Literal, NamedTuple

from salesgrid.errors import UsageError

RoundingName = Literal["up", "down", "half_up", "half_even"]

#: The rounding modes a data file may name, and what each means.
ROUNDING_MODES: dict[str, tuple[str, str]] = {
    "up": (decimal.ROUND_UP, "rounded up (away from zero)"),
    "down": (decimal.ROUND_DOWN, "rounded down (towards zero)"),
    "half_up": (decimal.ROUND_HALF_UP, "rounded half up (half away from zero)"),
    "half_even": (decimal.ROUND_HALF_EVEN, "rounded half to even"),
}

# Enough digits for any salary divided by a six-digit rate, with room to spare.
_CONTEXT = decimal.Context(prec=34)


def quantum(decimals: int) -> Decimal:
    """``Decimal('0.01')`` for 2 decimals, ``Decimal('1')`` for 0."""
    return Decimal(1).scaleb(-decimals)


def round_to(amount: Decimal, decimals: int, rounding: str) -> Decimal:
    """Round ``amount`` to ``decimals`` places with a named rounding mode."""
    mode, _ = ROUNDING_MODES[rounding]
    return amount.quantize(quantum(decimals), rounding=mode, context=_CONTEXT)


def exact_quotient(amount: Decimal, rate: Decimal) -> Decimal:
    """``amount / rate`` to 34 significant digits (what rounding then acts on)."""
    return _CONTEXT.divide(amount, rate)


def exact_product(amount: Decimal, rate: Decimal) -> Decimal:
    return _CONTEXT.multiply(amount, rate)


CENT = Decimal("0.01")


def _places(amount: Decimal) -> int:
    exponent = amount.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def two_decimals(amount: Decimal) -> Decimal:
    """``amount`` with two decimals, its value unchanged: ``2173`` -> ``2173.00``, ``0.4`` ->
    ``0.40``; an amount with more decimals keeps them (nothing is ever rounded away here)."""
    if _places(amount) > 2:
        return amount
    return amount.quantize(CENT)


def plain(amount: Decimal) -> str:
    """The bare number for scripts, with the decimals it carries: ``5445``, ``2173.00``, ``-300``
    (never an exponent)."""
    return f"{amount:.{_places(amount)}f}"


def human(amount: Decimal) -> str:
    """Thousands separated for people, with the decimals it carries: ``5,445``, ``2,173.00``."""
    return f"{amount:,.{_places(amount)}f}"


def signed(amount: Decimal) -> str:
    """``+300``, ``-100``, ``±0`` (``±0.00`` in cents) for increases between cells."""
    if amount > 0:
        return "+" + human(amount)
    if amount < 0:
        return "-" + human(-amount)
    return "±" + human(abs(amount))


# --------------------------------------------------------------------------- reading amounts

#: The largest amount salesgrid reads or loads: a monthly pay of one billion currency units.
#: Larger figures are typing mistakes, and would exceed the exact arithmetic's digits.
MAX_AMOUNT = Decimal(1_000_000_000)

#: The range of a conversion rate: any amount up to MAX_AMOUNT, converted, stays well within
#: the exact arithmetic's 34 digits.
RATE_MIN = Decimal("0.000001")
RATE_MAX = Decimal(1_000_000)

_POINT = re.compile(r"[0-9]+(\.[0-9]{1,2})?")
_COMMA = re.compile(r"[0-9]+,[0-9]{1,2}")
_SHOWN = 40  # characters of a refused text echoed back in a message


class ReadAmount(NamedTuple):
    """An amount as read, and whether it was written with a decimal comma (``1500,50``)."""

    value: Decimal
    comma: bool


def shown(text: str) -> str:
    """A refused text as typed, quoted, cut to a sane length."""
    if len(text) > _SHOWN:
        return repr(text[:_SHOWN]) + f"... ({len(text)} characters)"
    return repr(text)


def parse_amount(
    text: str, what: str, maximum: Decimal = MAX_AMOUNT, example: str = "1500.50"
) -> ReadAmount:
    """Read an amount typed by a person: the one rule for every money input.

    A point is the decimal mark (``1500``, ``1500.50``); digits, one comma and one or two digits
    (``1500,50``) are read as a decimal comma, and the result says so. Anything else is refused
    with :class:`UsageError`: a comma that may group thousands (``1,500``), spaces, signs,
    exponents, underscores, non-ASCII digits, ``inf``/``nan``, more than two decimals, or more
    than ``maximum``. ``what`` names the thing read (``GROSS``, ``row 4: actual_pay``);
    ``example``, written with a point, shows the accepted spellings in messages.
    """
    value = text.strip(" \t")
    comma = bool(_COMMA.fullmatch(value))
    if not comma and not _POINT.fullmatch(value):
        whole = example.split(".")[0]
        shapes = ([] if whole == "0" else [whole]) + [example, example.replace(".", ",")]
        spellings = "write it like " + ", ".join(shapes[:-1]) + " or " + shapes[-1]
        if not value:
            raise UsageError(f"{what} is empty: {spellings}")
        if value.startswith("-") and _POINT.fullmatch(value[1:].replace(",", ".", 1)):
            raise UsageError(f"{what} {shown(text)}: amounts cannot be negative; {spellings}")
        if "," in value:
            reason = "has a comma that is not a decimal comma (one comma, then 1 or 2 digits)"
        elif re.fullmatch(r"[0-9]+\.[0-9]{3,}", value):
            reason = "has more than 2 decimals"
        else:
            reason = "is not a number"
        raise UsageError(
            f"{what} {shown(text)} {reason}: {spellings} (digits only: no thousands separators, "
            "spaces, signs or exponents)"
        )
    amount = Decimal(value.replace(",", ".")) if comma else Decimal(value)
    if amount > maximum:
        raise UsageError(
            f"{what} {shown(text)} is more than {maximum:,}: it is at most {maximum} "
            "(a longer number is a typing mistake)"
        )
    return ReadAmount(amount, comma)


def require_pay(amount: Decimal, what: str, doing: str, example: str) -> Decimal:
    """``amount`` if it is a pay, more than 0; 0 is refused (:class:`UsageError`) as no pay at
    all. ``what`` names it (``GROSS``), ``doing`` says what to give (``the monthly gross pay``)."""
    if amount <= 0:
        shown = plain(amount if amount < 0 else amount.copy_abs())  # -0 is 0
        raise UsageError(f"{what} {shown} is not a pay: give {doing}, more than 0 (e.g. {example})")
    return amount
