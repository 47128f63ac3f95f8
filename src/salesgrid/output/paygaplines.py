"""The pay gap report's sentences: what it withholds and why, a worker's answer, a percent.

Below every form of the report: the table (:mod:`~salesgrid.output.paygaptables`), the page
(:mod:`~salesgrid.output.htmlreport`), the plain answer and the notes a CSV report says on
stderr (:mod:`~salesgrid.output.paygapout`).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from salesgrid.core import money
from salesgrid.core.paygap import PRIVACY, fewer_than
from salesgrid.errors import counted
from salesgrid.output.traceout import trace_lines


def withheld_lines(record: Mapping[str, Any]) -> list[str]:
    """What the report withholds and why, a line each (none when nothing is withheld): the
    table and the page show them, and a CSV report says them on stderr."""
    withheld = record["withheld_categories"]
    categories = record["categories"]
    few = fewer_than(withheld["min_group"])
    lines = []
    if record.get("withheld"):
        lines.append(f"(a)-(f) withheld: the roster has {few}")
    elif record.get("variable_withheld"):
        lines.append(f"(b) and (d) withheld: {few} receive variable pay")
    if withheld["count"]:
        total = counted(len(categories), "category", "categories")
        lines.append(f"{withheld['count']} of {total} withheld, counts only: {few} in each")
    variable = sum(1 for entry in categories if entry.get("variable_withheld"))
    if variable:
        total = counted(len(categories), "category", "categories")
        lines.append(f"the variable mean gap of {variable} of {total} withheld: {few} receive "
                     "variable pay there")  # fmt: skip
    if lines:
        lines.append(f"Why (--min-group {withheld['min_group']}): {PRIVACY}")
    return lines


def pct(value: Decimal | None) -> str:
    return "-" if value is None else f"{money.plain(value)}%"


def employee_lines(answer: Mapping[str, Any], currency: str) -> list[str]:
    """A worker's answer (Art. 7) as lines: their pay, then their category's means."""
    means, counts = answer["category_mean_hourly"], answer["category_workers"]

    def shown(value: Decimal | None) -> str:
        return "-" if value is None else f"{money.human(value)} {currency}"

    def mean(sex: str, one: str) -> str:
        value = "withheld" if means[sex] is None and counts[sex] else shown(means[sex])
        return f"category mean hourly, {sex}: {value} ({counted(counts[sex], one, sex)})"

    reason = answer.get("withheld_reason")
    return [
        f"employee_id: {answer['employee_id']}",
        f"category: {answer['category']}",
        f"hourly: {shown(answer['hourly'])}",
        f"annual: {shown(answer['annual'])}",
        mean("women", "woman"),
        mean("men", "man"),
        *([f"withheld: {reason}"] if reason else []),
        *trace_lines(answer.get("provenance")),
    ]
