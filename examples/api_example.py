"""salesgrid's Python API in a script: a grid cell, a promotion, payroll and a roster.

Run it from anywhere with salesgrid installed: ``python examples/api_example.py``. CI checks
it with ``mypy --strict`` and a test runs it and compares its output.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import salesgrid

DAY = date(2026, 11, 22)  # pinned, so the output does not depend on today
ASSESSMENT = Path(__file__).with_name("assessment.yaml")
ROSTER = """\
employee_id,position,framework
E-1,2.3,
E-2,1.4,technical-support-management
E-3,9.9,
"""


def main() -> None:
    grid = salesgrid.load_grid()  # read once, passed to every call below
    cell: salesgrid.Pay = salesgrid.pay("2.3", as_of=DAY, grid=grid)
    print(f"pay {cell.position}: {cell.amount} {cell.currency} ({cell.amounts['EUR']} EUR)")

    moves = salesgrid.promote(assessment=ASSESSMENT, as_of=DAY, grid=grid)
    for move in moves.moves:
        failing = [rule.id for rule in move.rules if not rule.passed]
        print(f"{move.kind} to {move.to.position}: +{move.delta['BGN']} BGN, "
              f"eligible {move.eligible} {failing}")  # fmt: skip

    net: Decimal = salesgrid.net(Decimal("3000"), "2026-09")
    print(f"net of 3000.00 EUR gross in 2026-09: {net}")
    print(f"gross for 2500.00 EUR net: {salesgrid.gross(Decimal('2500'), '2026-09')}")

    rejected: list[salesgrid.RowRejected] = []
    rows = csv.DictReader(io.StringIO(ROSTER))
    total = Decimal(0)
    for record in salesgrid.roster(rows, as_of=DAY, grid=grid, on_reject=rejected.append):
        total += record["pay_bgn"]
        name, amount, up = record["employee_id"], record["pay_bgn"], record["next_level"]
        print(f"{name}: {amount} BGN, next level {up}")
    for problem in rejected:
        print(f"rejected row {problem.line}: {problem.reason}")
    print(f"monthly total: {total} BGN")

    try:
        salesgrid.pay("5.1", as_of=DAY, grid=grid)
    except salesgrid.NotFoundError as exc:
        print(f"NotFoundError: {exc}")


if __name__ == "__main__":
    main()
