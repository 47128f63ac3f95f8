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
from collections.abc import Sequence
from typing import Any

from salesgrid.batch.blocks import Block
from salesgrid.batch.columns import ACTUAL_COST_FIELDS, ACTUAL_FIELDS, JSON_KINDS
from salesgrid.batch.fast import FastPay
from salesgrid.output.streams import jsonl_line

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


def _csv_end(values: tuple[str, ...]) -> str:
    return "," + ",".join(values)


def _jsonl_end(fields: tuple[str, ...]) -> Any:
    """A row's actual-pay values as the end of its JSONL record (from its comma), as the
    record's writer writes them."""
    line = jsonl_line(fields, JSON_KINDS)

    def end(values: tuple[str, ...]) -> str:
        return ", " + line(values)[1:-1]

    return end


def _rows(ids: list[str], tails: list[str], ends: list[str]) -> str:
    """The block's output, row by row (each id but the first starts with the line end of the
    row before), in one join."""
    parts: list[Any] = [None] * (3 * len(ids))
    parts[0::3], parts[1::3], parts[2::3] = ids, tails, ends
    parts[-1] += "\n"
    return "".join(parts)
