"""A document's trace (the ``provenance`` record of :mod:`salesgrid.core.provenance`) as shown
on it: who it is for, the period, the day it was made and every file read with its sha256, as
lines (plain text, the table's notes), a Markdown list and an HTML section."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from salesgrid.output.htmlpage import esc, table


def _source(source: Mapping[str, Any]) -> str:
    name = source.get("name") or "(given as loaded data)"
    sha = source.get("sha256")
    return f"{name}, sha256 {sha}" if sha else name


def trace_items(trace: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    """``(key, label, value)`` for each line: the employer (when named), the period, the day
    made, the input, each grid file, the payroll and competency files used, the version."""
    period = trace["period"]
    shown = period["from"] if period["from"] == period["to"] else (
        f"{period['from']} to {period['to']}")  # fmt: skip
    items = []
    if trace.get("employer"):
        items.append(("employer", "Employer", str(trace["employer"])))
    items.append(("period", "Period", shown))
    items.append(("made_on", "Made on", str(trace["made_on"])))
    if trace.get("input"):
        items.append(("input", "Input", _source(trace["input"])))
    items += [("grid", "Grid data", _source(source)) for source in trace.get("grid") or ()]
    for key, label in (("payroll", "Payroll data"), ("competencies", "Competency data")):
        if trace.get(key):
            items.append((key, label, _source(trace[key])))
    items.append(("salesgrid_version", "salesgrid version", str(trace["salesgrid_version"])))
    return items


def trace_lines(trace: Mapping[str, Any] | None) -> list[str]:
    """The trace as ``key: value`` lines (a worker's plain answer, the table's notes)."""
    if not trace:
        return []
    return [f"{key}: {value}" for key, _, value in trace_items(trace)]


def trace_markdown(
    trace: Mapping[str, Any] | None, escape: Callable[[object], str] = str
) -> list[str]:
    """The trace as a Markdown section (lines), each value through ``escape``."""
    if not trace:
        return []
    lines = ["## Prepared for and source", ""]
    lines += [f"- {label}: {escape(value)}" for _, label, value in trace_items(trace)]
    return [*lines, ""]


def trace_html(trace: Mapping[str, Any] | None) -> str:
    """The trace as an HTML section (nothing without one)."""
    if not trace:
        return ""
    rows = [(esc(label), f'<span data-key="provenance.{key}">{esc(value)}</span>')
            for key, label, value in trace_items(trace)]  # fmt: skip
    return (
        '<section id="provenance"><h2>Prepared for and source</h2>'
        '<p class="note">The files these figures were computed from: a file with the same '
        "sha256 has the same bytes.</p>"
        + table(("Item", "Value"), rows, ident="provenance-table")
        + "</section>"
    )
