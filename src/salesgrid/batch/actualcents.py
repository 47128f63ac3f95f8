"""A row's actual pay in the plain spelling, worked out on whole cents: the quick path of
:func:`salesgrid.batch.actualpay.actual_reader`.

What depends on the position and the ``actual_currency`` cell alone (the currency, the cell,
step 1 and the top step in cents, the minimum-wage limit, the plausible compa-ratios in units of
0.0001, what the shortfall is converted with) is worked out once per position and currency
cell; each amount then costs a few integer operations (:func:`salesgrid.core.compensation.
standing_cents`: the same figures and half-up rounding as the Decimal ones). Anything else (an
amount in another spelling, zero, a currency the grid lacks, a cell with a fraction of a cent)
gives None, for the reader's full path to read, refuse or work out with Decimals.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from salesgrid.core import money
from salesgrid.core.compensation import ZERO, cents_of, cents_text, standing_cents

#: A row's hit: (values, level totals, status index, shortfall, cost, flags, compa-ratio).
Hit = tuple[Any, ...]


class CentsPath:
    """``path(resolved, actual_pay text, actual_currency text)``: the row's hit, as the
    reader's full path gives it, or None."""

    def __init__(self, default: str | None, group: Callable[[Any], list[Any]],
                 status_index: dict[str, int], limits: dict[str, Decimal], band: Any,
                 rules: dict[str, dict[str, Callable[[Decimal], Decimal]]],
                 wanted: tuple[str, ...], flags: tuple[int, int],
                 cost: Callable[[Decimal, str], Any] | None) -> None:  # fmt: skip
        """``group(resolved)``: its level's totals; ``limits``: per currency, a pay at most
        this is under the minimum wage; ``band``: the plausible compa-ratios (or None);
        ``rules``: the grid's converters per currency; ``wanted``: the currencies of the
        shortfall; ``flags``: the below-minimum and typo flags; ``cost(actual, code)``: with
        --employer-cost, the gross and cost behind an actual pay (or why not, as text)."""
        self.default, self.group, self.status_index = default, group, status_index
        self.limits, self.rules, self.wanted, self.cost = limits, rules, wanted, cost
        self.below_flag, self.typo_flag = flags
        self.band = (
            None if band is None
            else (math.ceil(band.low * 10_000), math.floor(band.high * 10_000))
        )  # fmt: skip
        self.places: dict[tuple[Any, str], tuple[Any, ...] | None] = {}

    def place(self, found: Any, currency_text: str) -> tuple[Any, ...] | None:
        """What a position and currency cell give every amount, or None (the full path)."""
        own, ranges = found.grid_range
        named = money.currency_text(currency_text)
        code = named or self.default or own
        if (named and named not in ranges) or code not in ranges:
            return None
        cents = [cents_of(amount) for amount in ranges[code]]
        cell, step_1, top = cents
        if cell is None or step_1 is None or top is None or cell <= 0 or step_1 > top:
            return None
        limit = self.limits.get(code)
        under = None if limit is None else math.floor(limit * 100)
        converters = self.rules.get(code, {})
        short: list[
            Any
        ] = []  # per wanted currency: None, its cell in cents (own), or (cell, converter)
        for wanted in self.wanted:
            other = ranges.get(wanted)
            if wanted == code:
                short.append(cell)
            elif other is not None and wanted in converters:
                short.append((other[0], converters[wanted]))
            else:
                short.append(None)
        return code, cell, step_1, top, self.group(found), under, tuple(short)

    def __call__(self, found: Any, text: str, currency_text: str) -> Hit | None:
        cents = money.plain_cents(text)
        if not cents:
            return None
        key = (found.key, currency_text)
        try:
            place = self.places[key]
        except KeyError:
            place = self.places[key] = self.place(found, currency_text)
        if place is None:
            return None
        code, cell, step_1, top, group, under, short = place
        gap, compa, position, status = standing_cents(cents, cell, step_1, top)
        values: tuple[str, ...] = (cents_text(cents), code, gap, compa, position, status)
        shortfall = None
        if cents < cell:
            actual = Decimal(text.replace(",", "."))  # as parse_amount reads it
            found_short: list[Decimal | None] = []
            for way in short:
                if way is None:
                    found_short.append(None)
                elif way.__class__ is int:
                    found_short.append(Decimal(way - cents).scaleb(-2))
                else:
                    other, convert = way
                    mine = convert(actual)
                    found_short.append(other - mine if other > mine else ZERO)
            shortfall = tuple(found_short)
        flags = 0
        band = self.band
        if band is not None and compa:
            units = int(compa.replace(".", ""))
            if units < band[0] or units > band[1]:
                flags = self.typo_flag
        if under is not None and cents <= under:
            flags |= self.below_flag
        cost = None
        if self.cost is not None:
            behind = self.cost(Decimal(text.replace(",", ".")), code)
            if behind.__class__ is str:
                return None  # the full path says why
            values, cost = (*values, *behind[0]), behind[1]
        return values, group, self.status_index[status], shortfall, cost, flags, compa or None
