"""The pay gap report (Art. 9) and a worker's answer (Art. 7) as tables, drawn with rich, in
the language handed in (English unless told)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text

from salesgrid.output.lang import ENGLISH, Lang
from salesgrid.output.paygaplines import answer_texts, employee_lines, pct, withheld_lines
from salesgrid.output.screen import keep_whole
from salesgrid.output.traceout import trace_lines


def paygap_table(
    record: Mapping[str, Any], currency: str, lang: Lang = ENGLISH, history: bool = False
) -> Group:
    """The pay gap report (Art. 9): headline gaps, quartile bands, categories with flags, and
    what is withheld (of a position history's workers with ``history``)."""
    t = lang.t
    workers = record["workers"]
    head = Table(box=box.SIMPLE_HEAD, show_edge=False,
                 title=t("Gender pay gap, {year}", year=record["year"]))  # fmt: skip
    head.add_column(t("indicator"))
    head.add_column(t("value"), justify="right")
    shares = record["receiving_variable_pct"]
    for label, value in (
        (t("workers: women / men / not reported"),
         f"{workers['women']} / {workers['men']} / {workers['not_reported']}"),
        (t("(a) mean gap, hourly pay"), pct(record["mean_gap_pct"], lang)),
        (t("(b) mean gap, variable pay"), pct(record["variable_mean_gap_pct"], lang)),
        (t("(c) median gap, hourly pay"), pct(record["median_gap_pct"], lang)),
        (t("(d) median gap, variable pay"), pct(record["variable_median_gap_pct"], lang)),
        (t("(e) receiving variable pay: women / men"),
         f"{pct(shares['women'], lang)} / {pct(shares['men'], lang)}"),
    ):  # fmt: skip
        head.add_row(label, value)
    bands = Table(box=box.SIMPLE_HEAD, show_edge=False, title=t("(f) quartile bands"))
    for name in (t("band"), t("women"), t("men")):
        bands.add_column(name, justify="right")
    for band in record["quartiles"]:
        bands.add_row(str(band["band"]), pct(band["women_pct"], lang), pct(band["men_pct"], lang))
    groups = Table(box=box.SIMPLE_HEAD, show_edge=False, title=t("(g) categories of workers"))
    for index, name in enumerate((t("category"), t("women"), t("men"), t("total mean"),
                                  t("base mean"), t("base median"), t("variable mean"),
                                  t("flag"))):  # fmt: skip
        groups.add_column(name, justify="left" if index == 0 else "right")
    for entry in record["categories"]:
        groups.add_row(
            entry["category"], str(entry["women"]), str(entry["men"]),
            pct(entry["total_mean_gap_pct"], lang), pct(entry["base_mean_gap_pct"], lang),
            pct(entry["base_median_gap_pct"], lang), pct(entry["variable_mean_gap_pct"], lang),
            t("yes") if entry["flag"] else t("withheld") if entry["withheld"] else "",
            style="bold red" if entry["flag"] else None,
        )  # fmt: skip
    notes = [*withheld_lines(record, lang, history),
             t("Amounts in {currency}; gaps (men - women) / men x 100; flag: total mean gap 5% "
               "or more. See --format json for the method.", currency=currency),
             *trace_lines(record.get("provenance"), lang)]  # fmt: skip
    return Group(keep_whole(head, 1), keep_whole(bands, 0, 1, 2),
                 keep_whole(groups, 1, 2, 3, 4, 5, 6, 7), *(Text(n) for n in notes))  # fmt: skip


def paygap_employee_table(answer: Mapping[str, Any], currency: str, lang: Lang = ENGLISH) -> Group:
    """A worker's answer (Art. 7), its trace under the table as lines (a sha256 in a cell
    would squeeze the labels)."""
    title, value = answer_texts(lang)
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, title=title)
    table.add_column("")
    table.add_column(value, justify="right")
    for line in employee_lines(answer, currency, lang):
        label, _, value = line.partition(": ")
        table.add_row(label, value)
    trace = trace_lines(answer.get("provenance"), lang)
    return Group(keep_whole(table, 1), *(Text(line) for line in trace))
