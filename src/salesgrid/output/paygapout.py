"""The pay gap report and a worker's answer as text: CSV rows and plain lines.

CSV layout (stable; one row per figure): ``indicator,scope,women,men,value``. ``workers``
(scope ``all``) has the counts and, in ``value``, the not reported; the four headline gaps have
their percent in ``value``; ``receiving_variable_pct`` and ``quartile_pct`` (scope ``band N``)
have the women's and men's shares; each category has six rows, ``base_mean_gap_pct``,
``base_median_gap_pct``, ``variable_mean_gap_pct``, ``total_mean_gap_pct``, ``flag`` and
``withheld``, its headcounts in women and men; then ``withheld`` (scope ``all``: (a)-(f)),
``withheld_categories`` (their count) and ``min_group``; a last row ``year``. An empty cell is
a null.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from salesgrid.core import money
from salesgrid.core.paygap import PRIVACY, fewer_than
from salesgrid.errors import counted

CSV_COLUMNS = ("indicator", "scope", "women", "men", "value")
HEADLINES = ("mean_gap_pct", "median_gap_pct", "variable_mean_gap_pct", "variable_median_gap_pct")
CATEGORY_FIGURES = (
    "base_mean_gap_pct", "base_median_gap_pct", "variable_mean_gap_pct", "total_mean_gap_pct",
    "flag", "withheld", "variable_withheld",
)  # fmt: skip


def _cell(value: Any) -> Any:
    """A CSV cell: booleans as ``true``/``false``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def csv_rows(record: Mapping[str, Any]) -> list[list[Any]]:
    workers = record["workers"]
    rows: list[list[Any]] = [
        ["workers", "all", workers["women"], workers["men"], workers["not_reported"]]
    ]
    rows += [[key, "all", "", "", record[key]] for key in HEADLINES]
    shares = record["receiving_variable_pct"]
    rows.append(["receiving_variable_pct", "all", shares["women"], shares["men"], ""])
    for band in record["quartiles"]:
        shown = f"band {band['band']}"
        rows.append(["quartile_pct", shown, band["women_pct"], band["men_pct"], ""])
    for entry in record["categories"]:
        for key in CATEGORY_FIGURES:
            rows.append([key, entry["category"], entry["women"], entry["men"], _cell(entry[key])])
    withheld = record["withheld_categories"]
    rows.append(["withheld", "all", "", "", _cell(record["withheld"])])
    rows.append(["variable_withheld", "all", "", "", _cell(record["variable_withheld"])])
    rows.append(["withheld_categories", "all", "", "", withheld["count"]])
    rows.append(["min_group", "all", "", "", withheld["min_group"]])
    rows.append(["year", "all", "", "", record["year"]])
    return rows


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
    ]


def report_text(fmt: str, record: Mapping[str, Any], rows: Mapping[str, int]) -> str:
    """The report as ``json``, ``csv`` or ``html`` (the page of :mod:`htmlreport`)."""
    from salesgrid.output import render

    if fmt == "html":
        from salesgrid.output.htmlreport import (  # type: ignore[import-untyped,import-not-found,unused-ignore]
            paygap_html,
        )

        return str(paygap_html(record, rows))
    if fmt == "json":
        return render.json_one(dict(record))
    return render.rows_csv(CSV_COLUMNS, csv_rows(record))


def employee_text(fmt: str, answer: Mapping[str, Any], currency: str) -> str:
    """A worker's answer as ``json`` or ``plain`` lines."""
    from salesgrid.output import render

    if fmt == "json":
        return render.json_one(dict(answer))
    return "".join(line + "\n" for line in employee_lines(answer, currency))
