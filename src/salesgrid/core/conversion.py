"""Currency conversion as the grid file defines it (rate, direction and rounding are data)."""

from __future__ import annotations

import decimal
from collections.abc import Callable
from decimal import Decimal
from itertools import repeat
from operator import add, floordiv, mul, neg
from typing import NamedTuple

from salesgrid.core import money
from salesgrid.core.models import Conversion, GridFile
from salesgrid.errors import UsageError, clip


class Converted(NamedTuple):
    """One converted amount, with what it took to get there."""

    amount: Decimal
    exact: Decimal
    conversion: Conversion


def convert(amount: Decimal, conversion: Conversion) -> Converted:
    """Convert with the conversion's operation, then round as it names."""
    if conversion.operation == "divide":
        exact = money.exact_quotient(amount, conversion.rate)
    else:
        exact = money.exact_product(amount, conversion.rate)
    rounded = money.round_to(exact, conversion.decimals, conversion.rounding)
    return Converted(rounded, exact, conversion)


def converter(conversion: Conversion) -> Callable[[Decimal], Decimal]:
    """``convert(amount, conversion).amount`` with the rate, rounding and cent worked out once:
    for loops that convert many amounts (a roster's actual pay)."""
    mode, _ = money.ROUNDING_MODES[conversion.rounding]
    step = money.quantum(conversion.decimals)
    rate = conversion.rate
    exact = money.exact_quotient if conversion.operation == "divide" else money.exact_product
    context = decimal.Context(prec=34)  # as money.round_to's: never the caller's context

    def amount(value: Decimal) -> Decimal:
        return exact(value, rate).quantize(step, rounding=mode, context=context)

    return amount


def conversions_from(grid: GridFile, currency: str) -> dict[str, Conversion]:
    """Every conversion out of ``currency``, by target currency."""
    return {c.to_currency: c for c in grid.conversions if c.from_currency == currency}


def currencies(grid: GridFile) -> list[str]:
    """Every currency the grid file can show, in the order first mentioned."""
    seen: dict[str, None] = {}
    for fw in grid.frameworks:
        seen.setdefault(fw.currency)
    for c in grid.conversions:
        seen.setdefault(c.from_currency)
        seen.setdefault(c.to_currency)
    return list(seen)


def check_currency(grid: GridFile, currency: str | None) -> str | None:
    """Normalise ``--currency`` (a code in any case, or a spelling of
    :data:`salesgrid.core.money.CURRENCY_WORDS`: ``лв`` is BGN); refuse one the grid file cannot
    show."""
    if currency is None or not currency.strip():
        return None
    wanted = money.currency_text(currency)
    known = currencies(grid)
    if wanted not in known:
        raise UsageError(f"unknown currency {clip(currency)!r}: choose one of {', '.join(known)}")
    return wanted


def describe(conversion: Conversion) -> str:
    """How a converted figure was made, in words, e.g. for a table footnote."""
    sign = "/" if conversion.operation == "divide" else "x"
    _, rounding = money.ROUNDING_MODES[conversion.rounding]
    unit = "the cent" if conversion.decimals == 2 else f"{conversion.decimals} decimals"
    return (
        f"{conversion.to_currency} = {conversion.from_currency} {sign} {conversion.rate}, "
        f"{rounding} to {unit} ({conversion.rule})."
    )


def cents_converter(conversion: Conversion) -> Callable[[list[int]], list[int]] | None:
    """:func:`converter` for whole cents: amounts of more than 0 cents in, their conversions in
    cents out, a whole list at once (the same rate, rounding and cent); None for a conversion
    that does not round to the cent or rounds half to even (:func:`converter` then)."""
    if conversion.decimals != 2 or conversion.rounding == "half_even":
        return None
    num, den = conversion.rate.as_integer_ratio()
    if conversion.operation == "divide":
        num, den = den, num  # cents x num / den, exactly
    rounding = conversion.rounding

    def amounts(cents: list[int]) -> list[int]:
        scaled = map(mul, cents, repeat(num))
        if rounding == "down":
            return list(map(floordiv, scaled, repeat(den)))
        if rounding == "up":  # away from zero: up for amounts over 0
            return list(map(neg, map(floordiv, map(neg, scaled), repeat(den))))
        # half up: half away from zero, up for amounts over 0
        return list(map(floordiv, map(add, map(mul, scaled, repeat(2)), repeat(den)),
                        repeat(2 * den)))  # fmt: skip

    return amounts
