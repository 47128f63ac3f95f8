"""``salesgrid diff`` as a JSON record, CSV and plain text (the table is in
:mod:`~salesgrid.output.difftables`).

The JSON keys and the CSV header are a documented contract (docs/formats.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from salesgrid.core import money
from salesgrid.core.diff import DiffCell, GridDiff, RosterCost, Side
from salesgrid.output.csvdialect import CsvDialect
from salesgrid.output.render import rows_csv

Record = dict[str, Any]
#: The currencies of the CSV columns, always both (empty where a grid does not show one).
CSV_CURRENCIES = ("BGN", "EUR")
CSV_HEADER = (
    "framework", "position", "status", "old_bgn", "old_eur", "new_bgn", "new_eur",
    "delta_bgn", "delta_eur", "delta_pct",
)  # fmt: skip
CSV_ROSTER_HEADER = ("headcount", "monthly_bgn", "monthly_eur")


def side_record(side: Side) -> Record:
    return {"grid": side.name, "date": side.day}


def cell_record(cell: DiffCell) -> Record:
    return {
        "framework": cell.framework,
        "position": str(cell.position),
        "old": cell.old,
        "new": cell.new,
        "delta": cell.delta,
        "delta_pct": cell.delta_pct,
        "status": cell.status,
    }


def roster_record(cost: RosterCost) -> Record:
    return {
        "headcount": cost.headcount,
        "monthly": cost.monthly,
        "annual": cost.annual,
        "levels": [
            {
                "framework": row.framework,
                "level": row.level,
                "headcount": row.headcount,
                "monthly": row.monthly,
                "annual": row.annual,
            }
            for row in cost.levels
        ],
    }


def diff_record(found: GridDiff, cells: Sequence[DiffCell], cost: RosterCost | None) -> Record:
    """``{"from", "to", "cells", "roster"}``: the contract of ``diff --format json``."""
    return {
        "from": side_record(found.old),
        "to": side_record(found.new),
        "cells": [cell_record(cell) for cell in cells],
        "roster": None if cost is None else roster_record(cost),
    }


def headcount_of(cell: DiffCell, headcount: dict[tuple[str, str], int]) -> int:
    return headcount.get((cell.framework, str(cell.position)), 0)


def cell_cost(cell: DiffCell, people: int) -> dict[str, Decimal] | None:
    """The monthly cost of one position's change for its people (None: not computable)."""
    if cell.delta is None:
        return None
    return {code: amount * people for code, amount in cell.delta.items()}


def diff_csv(
    cells: Sequence[DiffCell],
    headcount: dict[tuple[str, str], int] | None,
    dialect: CsvDialect | None = None,
) -> str:
    """One row per position; with a roster also ``headcount,monthly_bgn,monthly_eur``."""
    header = [*CSV_HEADER, *(CSV_ROSTER_HEADER if headcount is not None else ())]
    rows = []
    for cell in cells:

        def pick(amounts: dict[str, Decimal] | None) -> list[Decimal | None]:
            return [None if amounts is None else amounts.get(c) for c in CSV_CURRENCIES]

        row: list[Any] = [cell.framework, str(cell.position), cell.status]
        row += [*pick(cell.old), *pick(cell.new), *pick(cell.delta), cell.delta_pct]
        if headcount is not None:
            people = headcount_of(cell, headcount)
            row += [people, *pick(cell_cost(cell, people))]
        rows.append(row)
    return rows_csv(header, rows, dialect)


def _own(amounts: dict[str, Decimal] | None, currency: str) -> str:
    if amounts is None or currency not in amounts:
        return "-"
    return money.plain(amounts[currency])


def _pct(value: Decimal | None) -> str:
    return "-" if value is None else money.plain(value)


def _both(amounts: dict[str, Decimal]) -> str:
    return "\t".join(f"{money.plain(v)} {code}" for code, v in amounts.items())


def diff_plain(
    cells: Sequence[DiffCell], headcount: dict[tuple[str, str], int] | None,
    cost: RosterCost | None,
) -> str:  # fmt: skip
    """``FRAMEWORK POSITION STATUS OLD NEW DELTA DELTA_PCT CURRENCY`` (tab-separated, in the
    framework's own currency, ``-`` where absent; with a roster also ``HEADCOUNT``), then the
    roster totals: ``headcount``, ``monthly``, ``annual`` and one ``level`` line each."""
    lines = []
    for cell in cells:
        c = cell.currency
        amounts = [_own(cell.old, c), _own(cell.new, c), _own(cell.delta, c)]
        fields = [cell.framework, str(cell.position), cell.status, *amounts]
        fields += [_pct(cell.delta_pct), c]
        if headcount is not None:
            fields.append(str(headcount_of(cell, headcount)))
        lines.append("\t".join(fields))
    if cost is not None:
        lines += [
            f"headcount\t{cost.headcount}",
            f"monthly\t{_both(cost.monthly)}",
            f"annual\t{_both(cost.annual)}",
        ]
        lines += [
            f"level\t{row.framework}\t{row.level}\t{row.headcount}\t{_both(row.monthly)}\t"
            f"{_both(row.annual)}"
            for row in cost.levels
        ]
    return "".join(line + "\n" for line in lines)
