"""Exact money: Decimal amounts, named rounding modes, currency conversion, formatting.

No float ever holds money here. Rounding is always explicit and named by the data file.
"""

from __future__ import annotations

import decimal
from decimal import Decimal
from typing import Literal

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


def normalize(amount: Decimal) -> Decimal:
    """Drop a fractional part of zeros: ``5445.00`` -> ``5445``; ``926.50`` stays."""
    if amount == amount.to_integral_value():
        return amount.quantize(Decimal(1))
    return amount


def plain(amount: Decimal) -> str:
    """The bare number for scripts: ``5445``, ``2783.99``, ``-300``."""
    return str(normalize(amount))


def human(amount: Decimal) -> str:
    """Thousands separated for people: ``5,445``, ``2,783.99``."""
    value = normalize(amount)
    if value == value.to_integral_value():
        return f"{value:,.0f}"
    exponent = value.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return f"{value:,.{places}f}"


def signed(amount: Decimal) -> str:
    """``+300``, ``-100``, ``±0`` for increases between cells."""
    if amount > 0:
        return "+" + human(amount)
    if amount < 0:
        return "-" + human(-amount)
    return "±0"
