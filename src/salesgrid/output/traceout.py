"""A document's trace (the ``provenance`` record of :mod:`salesgrid.core.provenance`) as shown
on it: who it is for, the period, the day it was made and every file read with its sha256, as
lines (plain text, the table's notes), a Markdown list and an HTML section."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from salesgrid.core.models import PACKAGED
from salesgrid.output.htmlpage import esc, table
from salesgrid.output.lang import ENGLISH, Lang


def _source(source: Mapping[str, Any], lang: Lang) -> str:
    name = source.get("name") or lang.t("(given as loaded data)")
    if name.startswith(PACKAGED + " "):  # "(packaged) grid.yaml": the label in the language
        name = lang.t("(packaged)") + name[len(PACKAGED) :]
    sha = source.get("sha256")
    return f"{name}, sha256 {sha}" if sha else name


def trace_items(trace: Mapping[str, Any], lang: Lang = ENGLISH) -> list[tuple[str, str, str]]:
    """``(key, label, value)`` for each line: the employer (when named), the period, the day
    made, the input, each grid file, the payroll and competency files used, the version."""
    period = trace["period"]
    start, end = lang.day(str(period["from"])), lang.day(str(period["to"]))
    shown = start if period["from"] == period["to"] else lang.t(
        "{start} to {end}", start=start, end=end)  # fmt: skip
    items = []
    if trace.get("employer"):
        items.append(("employer", lang.t("Employer"), str(trace["employer"])))
    items.append(("period", lang.t("Period"), shown))
    items.append(("made_on", lang.t("Made on"), lang.day(str(trace["made_on"]))))
    if trace.get("input"):
        items.append(("input", lang.t("Input"), _source(trace["input"], lang)))
    items += [("grid", lang.t("Grid data"), _source(source, lang))
              for source in trace.get("grid") or ()]  # fmt: skip
    for key, label in (("payroll", lang.t("Payroll data")),
                       ("competencies", lang.t("Competency data"))):  # fmt: skip
        if trace.get(key):
            items.append((key, label, _source(trace[key], lang)))
    items.append(("salesgrid_version", lang.t("salesgrid version"),
                  str(trace["salesgrid_version"])))  # fmt: skip
    return items


def trace_lines(trace: Mapping[str, Any] | None, lang: Lang = ENGLISH) -> list[str]:
    """The trace as ``key: value`` lines (a worker's plain answer, the table's notes); in
    another language than English the key is its translation."""
    if not trace:
        return []
    t = lang.t  # a key as shown: the key itself in English
    names = {
        "employer": t("employer"), "period": t("period"), "made_on": t("made_on"),
        "input": t("input"), "grid": t("grid"), "payroll": t("payroll"),
        "competencies": t("competencies"), "salesgrid_version": t("salesgrid_version"),
    }  # fmt: skip
    return [f"{names[key]}: {value}" for key, _, value in trace_items(trace, lang)]


def files_note(lang: Lang = ENGLISH) -> str:
    """The sentence under the trace's heading, on the page and in Markdown."""
    return lang.t(
        "The files these figures were computed from: a file with the same sha256 has the "
        "same bytes."
    )


def trace_markdown(
    trace: Mapping[str, Any] | None,
    escape: Callable[[object], str] = str,
    lang: Lang = ENGLISH,
) -> list[str]:
    """The trace as a Markdown section (lines), each value through ``escape``."""
    if not trace:
        return []
    lines = ["## " + lang.t("Prepared for and source"), "", escape(files_note(lang)), ""]
    lines += [f"- {label}: {escape(value)}" for _, label, value in trace_items(trace, lang)]
    return [*lines, ""]


def trace_html(trace: Mapping[str, Any] | None, lang: Lang = ENGLISH) -> str:
    """The trace as an HTML section (nothing without one)."""
    if not trace:
        return ""
    rows = [(esc(label), f'<span data-key="provenance.{key}">{esc(value)}</span>')
            for key, label, value in trace_items(trace, lang)]  # fmt: skip
    return (
        '<section id="provenance"><h2>' + esc(lang.t("Prepared for and source")) + "</h2>"
        '<p class="note">'
        + esc(files_note(lang))
        + "</p>"
        + table((esc(lang.t("Item")), esc(lang.t("Value"))), rows, ident="provenance-table")
        + "</section>"
    )
