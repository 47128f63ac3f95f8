"""Machine and plain renderers: records for JSON, CSV text, bare values for scripts.

Every function here returns text; none prints. Keys and columns are a documented contract
(README, "Output formats").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from salesgrid import money
from salesgrid.errors import Problem
from salesgrid.pay import FrameworkSummary, PayCell

Record = dict[str, Any]


def amounts_record(amounts: dict[str, Decimal]) -> dict[str, Decimal]:
    return dict(amounts)


def pay_record(cell: PayCell, currency: str | None) -> Record:
    """The pay object: ``framework, position, level, step, basis, currency, amount, amounts``."""
    chosen = currency or cell.currency
    return {
        "framework": cell.framework.id,
        "position": str(cell.position),
        "level": cell.position.level,
        "step": cell.position.step,
        "basis": cell.framework.basis,
        "currency": chosen,
        "amount": cell.amount_in(chosen),
        "amounts": amounts_record(cell.amounts),
        "in_force_from": cell.version.in_force_from,
    }


def framework_record(summary: FrameworkSummary) -> Record:
    fw = summary.framework
    return {
        "id": fw.id,
        "title": fw.title,
        "path": fw.path,
        "levels": summary.levels,
        "steps": summary.steps,
        "realms": list(fw.realms),
        "currency": fw.currency,
        "basis": fw.basis,
        "pay_range": {
            "min": {"position": str(summary.lowest.position), "amounts": summary.lowest.amounts},
            "max": {"position": str(summary.highest.position), "amounts": summary.highest.amounts},
        },
        "in_force_from": summary.version.in_force_from,
        "bonus": fw.bonus,
        "source": fw.source,
    }


def problem_record(problem: Problem) -> Record:
    return {
        "file": problem.file,
        "line": problem.line,
        "path": problem.path,
        "severity": problem.severity,
        "message": problem.message,
    }


# --------------------------------------------------------------------------- JSON


def json_one(record: Record) -> str:
    from salesgrid import jsonout

    return jsonout.dumps(record) + "\n"


def json_list(records: Iterable[Record]) -> str:
    from salesgrid import jsonout

    return jsonout.dumps(list(records)) + "\n"


def jsonl(records: Iterable[Record]) -> str:
    from salesgrid import jsonout

    return "".join(jsonout.dumps(r, indent=None) + "\n" for r in records)


# --------------------------------------------------------------------------- CSV


def _csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_csv_value(v) for v in row])
    return buffer.getvalue()


def _csv_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return money.plain(value)
    if value is None:
        return ""
    return value


def cells_csv(cells: Sequence[PayCell]) -> str:
    """``framework,position,level,step,BGN,EUR``: one row per cell."""
    currencies = list(cells[0].amounts) if cells else []
    header = ["framework", "position", "level", "step", *currencies]
    rows = (
        [
            c.framework.id,
            str(c.position),
            c.position.level,
            c.position.step,
            *(c.amounts[k] for k in currencies),
        ]
        for c in cells
    )
    return _csv(header, rows)


def frameworks_csv(found: Sequence[FrameworkSummary]) -> str:
    currencies = list(found[0].lowest.amounts) if found else []
    header = [
        "id",
        "title",
        "path",
        "levels",
        "steps",
        "realms",
        "currency",
        *(f"min_{c}" for c in currencies),
        *(f"max_{c}" for c in currencies),
        "in_force_from",
    ]
    rows = (
        [
            s.framework.id,
            s.framework.title,
            s.framework.path,
            s.levels,
            s.steps,
            ";".join(s.framework.realms),
            s.framework.currency,
            *(s.lowest.amounts[c] for c in currencies),
            *(s.highest.amounts[c] for c in currencies),
            s.version.in_force_from.isoformat(),
        ]
        for s in found
    )
    return _csv(header, rows)


def problems_csv(problems: Sequence[Problem]) -> str:
    return _csv(
        ["file", "line", "path", "severity", "message"],
        ([p.file, p.line, p.path, p.severity, p.message] for p in problems),
    )


# --------------------------------------------------------------------------- plain


def plain_pay(cell: PayCell, currency: str | None) -> str:
    """The bare amount: ``5445`` or ``2783.99``."""
    return money.plain(cell.amount_in(currency)) + "\n"


def plain_cells(cells: Sequence[PayCell], currency: str | None) -> str:
    """``POSITION<TAB>AMOUNT`` per line."""
    return "".join(f"{c.position}\t{money.plain(c.amount_in(currency))}\n" for c in cells)


def plain_frameworks(found: Sequence[FrameworkSummary], currency: str | None) -> str:
    """``ID<TAB>LEVELS<TAB>STEPS<TAB>MIN<TAB>MAX`` per line."""
    return "".join(
        f"{s.framework.id}\t{s.levels}\t{s.steps}\t"
        f"{money.plain(s.lowest.amount_in(currency))}\t{money.plain(s.highest.amount_in(currency))}\n"
        for s in found
    )


def plain_problems(problems: Sequence[Problem]) -> str:
    return "".join(f"{p}\n" for p in problems)
