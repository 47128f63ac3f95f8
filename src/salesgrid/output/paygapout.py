"""The pay gap report and a worker's answer as text: CSV rows and plain lines.

CSV layout (stable; one row per figure): ``indicator,scope,women,men,value``. ``workers``
(scope ``all``) has the counts and, in ``value``, the not reported; the four headline gaps have
their percent in ``value``; ``receiving_variable_pct`` and ``quartile_pct`` (scope ``band N``)
have the women's and men's shares; each category has four rows, ``base_mean_gap_pct``,
``base_median_gap_pct``, ``variable_mean_gap_pct`` and ``flag``, its headcounts in women and
men; a last row ``year``. An empty cell is a null.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from salesgrid.core import money

CSV_COLUMNS = ("indicator", "scope", "women", "men", "value")
HEADLINES = ("mean_gap_pct", "median_gap_pct", "variable_mean_gap_pct", "variable_median_gap_pct")
CATEGORY_FIGURES = ("base_mean_gap_pct", "base_median_gap_pct", "variable_mean_gap_pct", "flag")


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
            value = entry[key]
            if isinstance(value, bool):
                value = "true" if value else "false"
            rows.append([key, entry["category"], entry["women"], entry["men"], value])
    rows.append(["year", "all", "", "", record["year"]])
    return rows


def pct(value: Decimal | None) -> str:
    return "-" if value is None else f"{money.plain(value)}%"


def employee_lines(answer: Mapping[str, Any], currency: str) -> list[str]:
    """A worker's answer (Art. 7) as lines: their pay, then their category's means."""
    means, counts = answer["category_mean_hourly"], answer["category_workers"]

    def shown(value: Decimal | None) -> str:
        return "-" if value is None else f"{money.human(value)} {currency}"

    return [
        f"employee_id: {answer['employee_id']}",
        f"category: {answer['category']}",
        f"hourly: {shown(answer['hourly'])}",
        f"annual: {shown(answer['annual'])}",
        f"category mean hourly, women: {shown(means['women'])} ({counts['women']} women)",
        f"category mean hourly, men: {shown(means['men'])} ({counts['men']} men)",
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
