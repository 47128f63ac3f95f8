"""The block fast path of a roster with an ``actual_pay`` column (and no assessment columns).

A block is split as the pay-only fast path splits it (:class:`~salesgrid.batch.fast.FastPay`:
the same checks, every row of the header's width, each position's output tail looked up once),
then each row's actual pay goes through the row loop's own reader
(:func:`salesgrid.batch.actualpay.actual_reader`): once per position, amount and currency, a
plain amount (``5445.50``) read as whole cents and its figures worked out on integers. Any row
the loop would reject (an amount that is not one, a currency the grid lacks, a repeated
employee id) hands the block back, before anything of it is counted; else every row's figures
are counted by the reader's tally, in the rows' order, and the block's output written in one
call: the same bytes as the row loop, in CSV and in JSONL.

A block holds no space, no comma (but as the delimiter) and only ASCII (:mod:`salesgrid.batch.
blocks`), so an amount written as people write it in Excel (``5 445,00 лв.``) never reaches
this path: its block is read by the row loop.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from itertools import compress, repeat
from operator import add, eq, floordiv, gt, itemgetter, le, lt, mul, neg, or_, sub, truediv
from typing import Any

from salesgrid.batch.actualcents import MAX_PLACES, Place
from salesgrid.batch.blocks import Block
from salesgrid.batch.columns import ACTUAL_COST_FIELDS, ACTUAL_FIELDS, JSON_KINDS
from salesgrid.batch.fast import FastPay
from salesgrid.core import money
from salesgrid.core.plausible import compa_shown
from salesgrid.errors import shown_id
from salesgrid.output.streams import json_string, jsonl_line

#: Where a JSONL record's actual-pay fields start, after the grid's.
_ACTUAL_KEY = ', "actual_pay": '


class FastActual(FastPay):
    """The fast path of a roster with actual pay, CSV or JSONL of every field; ``actual``:
    the run's :class:`salesgrid.batch.actualpay.Reader`."""

    def __init__(self, *args: Any, actual: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.hit, self.tally = actual.hit, actual.tally
        where = self.spec.where
        self.i_pay = where["actual_pay"]
        self.i_currency = where.get("actual_currency")
        fields = ACTUAL_FIELDS + (ACTUAL_COST_FIELDS if self.spec.payroll is not None else ())
        self.empty = ("",) * len(fields)
        # an accepted row's actual-pay values as the end of its JSONL record, or its CSV text
        self.values = _jsonl_end(fields) if self.jsonl else _csv_end
        self.path, self.totals = actual.cents, actual.totals
        self.place_of: dict[Any, Place | None] = {}

    def tail(self, key: Any) -> str | None:
        """What follows a row's employee id up to its actual-pay values (for JSONL, the
        record up to the actual-pay fields' comma)."""
        line = self.line
        if line is None:
            return super().tail(key)
        self.line = lambda values: line((*values, *self.empty))
        try:
            found = super().tail(key)
        finally:
            self.line = line
        if found is None:
            return None
        self.tails[key] = found = found[: found.rindex(_ACTUAL_KEY)]
        return found

    def take(self, block: Block) -> bool:
        split = self.split(block)
        if split is None:
            return False
        fields, ids, keys, tails, joined = split
        width, entries, hit = self.width, self.entries, self.hit
        pays = fields[self.i_pay :: width]
        currencies: Sequence[str] = (
            ("",) * len(pays) if self.i_currency is None else fields[self.i_currency :: width]
        )
        column = self.column(keys, pays, currencies)
        if column is not None:  # a whole column at once
            ends, count = column
            if not self.new_ids(ids, joined, block):
                return False
            count(joined.split(self.seen.prefix))
            self.write(_rows(ids, tails, *ends))
            if self.count:
                for key, number in Counter(keys).items():
                    entries[key][1] += number
            return True
        hits = []
        for key, pay, currency in zip(keys, pays, currencies, strict=True):
            found = hit(entries[key][0], pay, currency)
            if found.__class__ is str:
                return False  # the row loop rejects the row, with its reason
            hits.append(found)
        if not self.new_ids(ids, joined, block):
            return False
        tally, values = self.tally, self.values
        employees = joined.split(self.seen.prefix)  # the ids as the row loop's tally names them
        ends = [
            values(tally(found, employee)) for found, employee in zip(hits, employees, strict=True)
        ]
        self.write(_rows(ids, tails, ends))
        if self.count:
            for key, count in Counter(keys).items():
                entries[key][1] += count
        return True

    def column(self, keys: Any, pays: list[str], currencies: Sequence[str]) -> Any:
        """The block's actual-pay output columns (after each row's tail) and what counts them
        once the block is taken (``count(employee ids)``), worked out a column at once; None
        when a row is not in the plain spelling with two decimals, or its position and currency
        need the row-by-row path (no whole cents, one step only, two currencies in the block,
        --employer-cost)."""
        text = "\n".join(pays)
        if not money.CENTS_COLUMN.fullmatch(text):
            return None
        pairs = keys if self.i_currency is None else list(zip(keys, currencies, strict=True))
        place_of = self.place_of
        distinct = dict.fromkeys(pairs)
        if len(place_of) + len(distinct) > MAX_PLACES:
            return None  # row by row (each position and currency cell worked out again)
        for pair in distinct.keys() - place_of.keys():
            key, currency = (pair, "") if self.i_currency is None else pair
            place_of[pair] = self.path.column_place(self.entries[key][0], currency)
        chosen = {pair: place_of[pair] for pair in distinct}
        codes = {None if place is None else place.code for place in chosen.values()}
        if len(codes) != 1 or None in codes:
            return None
        code: str = codes.pop()  # type: ignore[assignment]
        places: list[Any] = list(map(place_of.__getitem__, pairs))
        cents = list(map(int, text.replace(".", "").split("\n")))
        cells = list(map(_CELL, places))
        steps_1 = list(map(_STEP_1, places))
        tops = list(map(_TOP, places))
        gaps = list(map(sub, cents, cells))
        compas = _ratios(cents, cells)
        spans = list(map(sub, tops, steps_1))
        positions = _ratios(list(map(sub, cents, steps_1)), spans)
        below_cell = list(map(lt, cents, cells))
        sides = zip(map(eq, cents, cells), map(lt, cents, steps_1), map(gt, cents, tops),
                    below_cell, strict=True)  # fmt: skip
        statuses = list(map(_STATUS.__getitem__, sides))
        compa_texts = _texts(compas, 10_000, _UNITS)
        n = len(cents)
        if self.jsonl:
            keys_of = [", " + json_string(name) + ": " for name in ACTUAL_FIELDS]
            said = {name: json_string(name) for name in set(statuses)}
            columns = [
                [keys_of[0]] * n, pays, [keys_of[1] + json_string(code) + keys_of[2]] * n,
                _texts(gaps, 100, _CENTS), [keys_of[3]] * n, compa_texts, [keys_of[4]] * n,
                _texts(positions, 10_000, _UNITS), [keys_of[5]] * n,
                list(map(said.__getitem__, statuses)), ["}"] * n,
            ]  # fmt: skip
        else:
            columns = [
                [","] * n, pays, ["," + code + ","] * n, _texts(gaps, 100, _CENTS), [","] * n,
                compa_texts, [","] * n, _texts(positions, 10_000, _UNITS), [","] * n, statuses,
            ]  # fmt: skip
        path, totals = self.path, self.totals

        def count(employees: list[str]) -> None:
            index = path.status_index
            for (pair, status), number in Counter(zip(pairs, statuses, strict=True)).items():
                chosen[pair].group[index[status]] += number  # type: ignore[union-attr]
            _bring_up(chosen, pairs, cents, gaps, below_cell, len(index))
            band = path.band
            if band is not None:
                low, high = band
                typo = list(map(or_, map(lt, compas, repeat(low)), map(gt, compas, repeat(high))))
                shown = path.band_model
                totals.typo.extend(sum(typo), (
                    f"{shown_id(employee, 40)} ({compa_shown(shown, Decimal(compa))})"
                    for employee, compa in compress(zip(employees, compa_texts, strict=True), typo)
                ))  # fmt: skip
            below = list(map(le, cents, map(_UNDER, places)))
            totals.below.extend(
                sum(below), (shown_id(employee, 40) for employee in compress(employees, below))
            )

        return columns, count


def _bring_up(chosen: dict[Any, Any], pairs: list[Any], cents: list[int], gaps: list[int],
              below_cell: list[bool], bring_up: int) -> None:  # fmt: skip
    """The people below their cell, and what bringing them up costs a month, counted into
    their level's totals (as the row loop's tally counts them, a row at a time)."""
    below = list(compress(pairs, below_cell))
    if not below:
        return
    for pair, number in Counter(below).items():
        chosen[pair].group[bring_up] += number
    amounts = list(compress(cents, below_cell))
    for offset, way in enumerate(next(iter(chosen.values())).short, start=bring_up + 1):
        if way is None:
            continue
        if way.__class__ is int:  # the actual's own currency: the cell less the pay
            short: Any = map(neg, compress(gaps, below_cell))
        else:  # the pay converted by the grid's rule, never above the cell
            others = [chosen[pair].short[offset - bring_up - 1][0] for pair in below]
            short = map(max, map(sub, others, way[1](amounts)), repeat(0))
        sums: dict[Any, int] = {}
        for pair, amount in zip(below, short, strict=True):
            sums[pair] = sums.get(pair, 0) + amount
        for pair, total in sums.items():
            chosen[pair].group[offset] += Decimal(total).scaleb(-2)


def _csv_end(values: tuple[str, ...]) -> str:
    return "," + ",".join(values)


def _jsonl_end(fields: tuple[str, ...]) -> Any:
    """A row's actual-pay values as the end of its JSONL record (from its comma), as the
    record's writer writes them."""
    line = jsonl_line(fields, JSON_KINDS)

    def end(values: tuple[str, ...]) -> str:
        return ", " + line(values)[1:-1]

    return end


def _rows(*columns: list[str]) -> str:
    """The block's output: the columns' texts row by row (each row's first text starts with
    the line end of the row before), in one join."""
    width = len(columns)
    parts: list[Any] = [None] * (width * len(columns[0]))
    for index, column in enumerate(columns):
        parts[index::width] = column
    parts[-1] += "\n"
    return "".join(parts)


#: A row's grid status from (on the cell, below step 1, above the top, below the cell), in the
#: order :func:`salesgrid.core.compensation.standing` decides it.
_STATUS = {
    (on, below_level, above_level, below_cell): (
        "on_grid" if on else "below_level" if below_level else "above_level" if above_level
        else "below_cell" if below_cell else "above_cell"
    )
    for on in (False, True) for below_level in (False, True) for above_level in (False, True)
    for below_cell in (False, True)
}  # fmt: skip
_CENTS, _UNITS = "{:.2f}".format, "{:.4f}".format
_CELL, _STEP_1, _TOP, _UNDER = (itemgetter(Place._fields.index(name))
                                for name in ("cell", "step_1", "top", "under"))  # fmt: skip


def _texts(numbers: Iterable[int], scale: int, write: Callable[[float], str]) -> list[str]:
    """Whole numbers of cents (``scale`` 100) or ratio units (10,000) as their decimals: a
    float holds each to far better than half its last place (they are below 2**53 / scale),
    so the correctly rounded text is the exact one."""
    return list(map(write, map(truediv, numbers, repeat(scale))))


def _ratios(numerators: list[int], denominators: list[int]) -> list[int]:
    """Each ``numerator / denominator`` in units of 0.0001, rounded half away from zero (as
    :func:`salesgrid.core.compensation.ratio_units`), a column at once; denominators > 0."""
    signs = list(map(sub, map(gt, numerators, repeat(0)), map(lt, numerators, repeat(0))))
    twice = list(map(mul, denominators, repeat(2)))
    magnitudes = map(floordiv, map(add, map(mul, map(abs, numerators), repeat(20_000)),
                                   denominators), twice)  # fmt: skip
    return list(map(mul, magnitudes, signs))
