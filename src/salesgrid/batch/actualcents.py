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
from typing import Any, NamedTuple

from salesgrid.core import money
from salesgrid.core.compensation import ZERO, cents_of, cents_text, standing_cents
from salesgrid.core.conversion import cents_converter

#: Positions and currency cells remembered at most (a roster of made-up currency cells would
#: otherwise grow them without end; past it, each is worked out again).
MAX_PLACES = 10_000
#: A row's hit: (values, level totals, status index, shortfall, cost, flags, compa-ratio).
Hit = tuple[Any, ...]


class Place(NamedTuple):
    """What a position and ``actual_currency`` cell give a column of amounts: the currency,
    the cell, step 1 and the top step in cents (step 1 below the top), the level's totals,
    the highest pay under the minimum wage in cents (-1: not checked), and per shortfall
    currency: None, the cell in cents (the actual's own currency), or the cell there in cents
    and the converter of a list of cents (:func:`salesgrid.core.conversion.cents_converter`)."""

    code: str
    cell: int
    step_1: int
    top: int
    group: list[Any]
    under: int
    short: tuple[Any, ...]


class CentsPath:
    """``path(resolved, actual_pay text, actual_currency text)``: the row's hit, as the
    reader's full path gives it, or None."""

    def __init__(self, default: str | None, group: Callable[[Any], list[Any]],
                 status_index: dict[str, int], limits: dict[str, Decimal], band: Any,
                 rules: dict[str, dict[str, Callable[[Decimal], Decimal]]],
                 wanted: tuple[str, ...], flags: tuple[int, int],
                 cost: Callable[[Decimal, str], Any] | None,
                 conversions: dict[str, dict[str, Any]]) -> None:  # fmt: skip
        """``group(resolved)``: its level's totals; ``limits``: per currency, a pay at most
        this is under the minimum wage; ``band``: the plausible compa-ratios (or None);
        ``rules``: the grid's converters per currency; ``wanted``: the currencies of the
        shortfall; ``flags``: the below-minimum and typo flags; ``cost(actual, code)``: with
        --employer-cost, the gross and cost behind an actual pay (or why not, as text);
        ``conversions``: the grid's conversions per currency (what ``rules`` are made of)."""
        self.default, self.group, self.status_index = default, group, status_index
        self.limits, self.rules, self.wanted, self.cost = limits, rules, wanted, cost
        self.conversions = conversions  # the grid's Conversion per currency and target
        self.below_flag, self.typo_flag = flags
        self.band = (
            None if band is None
            else (math.ceil(band.low * 10_000), math.floor(band.high * 10_000))
        )  # fmt: skip
        self.band_model = band
        self.places: dict[tuple[Any, str], tuple[Any, ...] | None] = {}
        self.columns: dict[tuple[Any, str], Place | None] = {}

    def column_place(self, found: Any, currency_text: str) -> Place | None:
        """What a position and currency cell give a whole column of amounts at once
        (:class:`Place`), or None (row by row then)."""
        key = (found.key, currency_text)
        if key in self.columns:
            return self.columns[key]
        place = self._column_place(found, currency_text)
        if len(self.columns) < MAX_PLACES:
            self.columns[key] = place
        return place

    def _column_place(self, found: Any, currency_text: str) -> Place | None:
        place = self.place(found, currency_text)
        if place is None or self.cost is not None:
            return None
        code, cell, step_1, top, group, under, short = place
        if step_1 == top:
            return None
        ranges = found.grid_range[1]
        ways: list[Any] = []
        for wanted, way in zip(self.wanted, short, strict=True):
            if way is None or way.__class__ is int:
                ways.append(way)
                continue
            other = cents_of(ranges[wanted][0])
            whole = cents_converter(self.conversions[code][wanted])
            if other is None or whole is None:
                return None
            ways.append((other, whole))
        return Place(code, cell, step_1, top, group, -1 if under is None else under, tuple(ways))

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
            place = self.place(found, currency_text)
            if len(self.places) < MAX_PLACES:
                self.places[key] = place
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
