"""A roster run's totals: rows read, written, rejected and blank, and the headcount, payroll
and cost of moves of everyone written (:class:`Summary`), as one record, as lines of text and as
CSV rows.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from salesgrid.batch import actualpay
from salesgrid.batch.people import SeenIds
from salesgrid.core import money

if TYPE_CHECKING:
    from salesgrid.batch.spec import Resolved


class Summary:
    """Rows read, written and rejected (blank rows apart), and the budget of everyone
    written."""

    def __init__(self, positions: bool = True) -> None:
        """``positions``: count the rows per position (headcount, payroll and moves); a run
        whose totals are never shown may skip it on its fast path."""
        self.per_position = positions
        self.read = 0  # blank rows are not read rows
        self.rejected = 0
        self.blank = 0  # empty lines and rows of only delimiters (and spaces), skipped
        self.not_written = 0  # accepted, but dropped when --strict stopped the run
        self.counts: Counter[tuple[tuple[str, str], bool | None, bool | None]] = Counter()
        self.positions: dict[tuple[str, str], Resolved] = {}
        # with an actual_pay column: its totals and the implausible pay (batch.actualpay)
        self.actual: actualpay.Totals | None = None
        self.seen = SeenIds()  # the employee ids accepted, each on its first line

    @property
    def written(self) -> int:
        return self.read - self.rejected - self.not_written

    def discard(self) -> None:
        """The records accepted so far were not written after all (``--strict`` stopped a run
        whose output is a file, a table or only the summary): count them as not written, and
        leave them out of the totals, which are those of the records written."""
        self.not_written += self.written
        self.counts.clear()
        self.positions.clear()
        if self.actual is not None:
            self.actual = actualpay.Totals()


def summary_record(summary: Summary, assessed: bool) -> dict[str, Any]:
    """Rows, headcount, payroll and the cost of moves, as one record (all sums exact)."""
    headcount: Counter[tuple[str, int]] = Counter()
    cents = Decimal("0.00")  # euro and payroll totals are written with cents, even when empty
    monthly = {"BGN": Decimal(0), "EUR": cents}
    moves: dict[str, dict[str, Any]] = {
        kind: {"count": 0, "BGN": Decimal(0), "EUR": cents, "cost": cents}
        for kind in ("step_up", "level_up")
    }
    cost_total = cents
    cost_currency = None
    for (key, step_ok, level_ok), count in summary.counts.items():
        resolved = summary.positions[key]
        headcount[(resolved.framework, resolved.level)] += count
        monthly["BGN"] += resolved.pay_bgn * count
        monthly["EUR"] += resolved.pay_eur * count
        if resolved.cost is not None:
            cost_currency = resolved.cost[0]
            cost_total += resolved.cost[1] * count
        for kind, move, ok in (
            ("step_up", resolved.step_up, step_ok), ("level_up", resolved.level_up, level_ok),
        ):  # fmt: skip
            if move is None or (assessed and ok is not True):
                continue
            moves[kind]["count"] += count
            for code in ("BGN", "EUR"):
                moves[kind][code] += move.delta.get(code, Decimal(0)) * count
            if resolved.cost is not None:
                moves[kind]["cost"] += resolved.cost[2 if kind == "step_up" else 3] * count
    basis = "eligible" if assessed else "possible"
    costs: dict[str, Any] = {}
    if cost_currency is not None:
        costs["employer_cost"] = {
            "currency": cost_currency, "monthly": cost_total, "annual": cost_total * 12,
        }  # fmt: skip
        for kind in ("step_up", "level_up"):
            costs[f"{kind}_employer_cost"] = {
                "currency": cost_currency,
                "monthly": moves[kind]["cost"],
                "annual": moves[kind]["cost"] * 12,
            }
    record = {
        "rows": {
            "read": summary.read,
            "written": summary.written,
            "rejected": summary.rejected,
            "blank": summary.blank,
            **({"not_written": summary.not_written} if summary.not_written else {}),
        },
        "headcount": [
            {"framework": fw, "level": level, "count": n}
            for (fw, level), n in sorted(headcount.items())
        ],
        "payroll": {
            "monthly": dict(monthly),
            "annual": {code: amount * 12 for code, amount in monthly.items()},
        },
        **{
            kind: {
                "basis": basis,
                "count": data["count"],
                "monthly": {"BGN": data["BGN"], "EUR": data["EUR"]},
                "annual": {"BGN": data["BGN"] * 12, "EUR": data["EUR"] * 12},
            }
            for kind, data in moves.items()
        },
        **costs,
    }
    if summary.actual is not None:
        record["actual_pay"] = actualpay.record(summary.actual)
        cost = actualpay.cost_record(summary.actual)
        if cost is not None:
            record["actual_employer_cost"] = cost
    return record


def summary_lines(record: dict[str, Any]) -> list[str]:
    rows = record["rows"]
    lines = [
        f"rows: {rows['read']} read, {rows['written']} written, {rows['rejected']} rejected, "
        f"{rows['blank']} blank"
    ]
    if rows.get("not_written"):
        lines[0] += f", {rows['not_written']} not written (--strict stopped the run)"
    for entry in record["headcount"]:
        lines.append(f"headcount: {entry['framework']} level {entry['level']}: {entry['count']}")
    pay = record["payroll"]
    lines.append(
        f"net payroll: monthly {money.human(pay['monthly']['BGN'])} BGN / "
        f"{money.human(pay['monthly']['EUR'])} EUR; annual {money.human(pay['annual']['BGN'])} "
        f"BGN / {money.human(pay['annual']['EUR'])} EUR"
    )
    for kind in ("step_up", "level_up"):
        m = record[kind]
        lines.append(
            f"{kind.replace('_', ' ')} ({m['basis']}, {m['count']}): monthly "
            f"{money.human(m['monthly']['BGN'])} BGN / {money.human(m['monthly']['EUR'])} EUR; "
            f"annual {money.human(m['annual']['BGN'])} BGN / {money.human(m['annual']['EUR'])} EUR"
        )
    for key, label in (("employer_cost", "employer cost"),
                       ("step_up_employer_cost", "step up employer cost"),
                       ("level_up_employer_cost", "level up employer cost")):  # fmt: skip
        if key in record:
            c = record[key]
            lines.append(
                f"{label}: monthly {money.human(c['monthly'])} {c['currency']}; annual "
                f"{money.human(c['annual'])} {c['currency']}"
            )
    if "actual_employer_cost" in record:
        lines.append(actualpay.cost_line(record["actual_employer_cost"]))
    if "actual_pay" in record:
        lines += actualpay.lines(record["actual_pay"])
    return lines


def summary_csv_rows(record: dict[str, Any]) -> list[list[Any]]:
    """``section,key,count,monthly_BGN,monthly_EUR,annual_BGN,annual_EUR`` rows."""
    rows: list[list[Any]] = [
        ["rows", name, count, "", "", "", ""] for name, count in record["rows"].items()
    ]
    for entry in record["headcount"]:
        rows.append(
            ["headcount", f"{entry['framework']} {entry['level']}", entry["count"], "", "", "", ""]
        )
    pay = record["payroll"]
    rows.append(
        ["payroll", "net", record["rows"]["written"], pay["monthly"]["BGN"],
         pay["monthly"]["EUR"], pay["annual"]["BGN"], pay["annual"]["EUR"]]
    )  # fmt: skip
    for kind in ("step_up", "level_up"):
        m = record[kind]
        rows.append(
            [kind, m["basis"], m["count"], m["monthly"]["BGN"], m["monthly"]["EUR"],
             m["annual"]["BGN"], m["annual"]["EUR"]]
        )  # fmt: skip
    for key in ("employer_cost", "step_up_employer_cost", "level_up_employer_cost"):
        if key in record:
            c = record[key]
            monthly_bgn, monthly_eur = (
                (c["monthly"], "") if c["currency"] == "BGN" else ("", c["monthly"])
            )
            annual_bgn, annual_eur = (
                (c["annual"], "") if c["currency"] == "BGN" else ("", c["annual"])
            )
            rows.append([key, c["currency"], "", monthly_bgn, monthly_eur, annual_bgn, annual_eur])
    if "actual_employer_cost" in record:
        rows.append(actualpay.cost_csv_row(record["actual_employer_cost"]))
    if "actual_pay" in record:
        rows += actualpay.csv_rows(record["actual_pay"])
    return rows
