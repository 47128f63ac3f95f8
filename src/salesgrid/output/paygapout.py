"""The pay gap report and a worker's answer as text: CSV rows, JSON, the HTML page, plain lines
(the sentences come from :mod:`~salesgrid.output.paygaplines`).

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
from typing import Any

from salesgrid.output import render
from salesgrid.output.csvdialect import CsvDialect
from salesgrid.output.lang import ENGLISH, Lang
from salesgrid.output.paygaplines import employee_lines
from salesgrid.output.paygapmd import employee_markdown, paygap_markdown
from salesgrid.output.traceout import trace_lines

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


def report_text(
    fmt: str,
    record: Mapping[str, Any],
    rows: Mapping[str, int],
    dialect: CsvDialect | None = None,
    lang: Lang = ENGLISH,
    history: bool = False,
) -> str:
    """The report as ``json``, ``csv`` (in ``dialect``, plain unless given), ``html`` (the
    page of :mod:`~salesgrid.output.htmlreport`, in ``lang``) or ``markdown`` (the page's
    content, :mod:`~salesgrid.output.paygapmd`, in ``lang``); ``history``: made from a position
    history's workers, so the pages say so."""
    if fmt == "markdown":
        return paygap_markdown(record, rows, lang, history)
    if fmt == "html":
        # the page: only for html, and find_spec tells the CLI when an install leaves it out
        from salesgrid.output.htmlreport import (  # type: ignore[import-untyped,import-not-found,unused-ignore]
            paygap_html,
        )

        return str(paygap_html(record, rows, lang, history))
    if fmt == "json":
        return render.json_one(dict(record))
    return render.rows_csv(CSV_COLUMNS, csv_rows(record), dialect)


def employee_text(fmt: str, answer: Mapping[str, Any], currency: str, lang: Lang = ENGLISH) -> str:
    """A worker's answer as ``json``, ``markdown`` or ``plain`` lines (in ``lang``)."""
    if fmt == "json":
        return render.json_one(dict(answer))
    if fmt == "markdown":
        return employee_markdown(answer, currency, lang)
    lines = [*employee_lines(answer, currency, lang), *trace_lines(answer.get("provenance"), lang)]
    return "".join(line + "\n" for line in lines)
