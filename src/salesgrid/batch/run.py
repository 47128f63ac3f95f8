"""Run a roster into writers: records to the output (stdout or a file, written atomically),
rejected rows to the rejects file or a line each, and the totals as a file.

Formats are named by their ``--format`` value (``csv``, ``jsonl``, ``xlsx``, ``json``,
``plain``; ``table`` collects the rows for the caller to draw). Nothing here draws or exits:
lines for people go through the ``say`` callable, and a closed output pipe raises
:class:`BrokenPipeError` for the caller to end the run.

May import: :mod:`salesgrid.core`, :mod:`salesgrid.output`, :mod:`salesgrid.batch`. Never cli.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple

from salesgrid.batch.columns import JSON_KINDS
from salesgrid.batch.rejectsfile import rejects_writer
from salesgrid.batch.roster import Fast, process
from salesgrid.batch.rows import Rejected
from salesgrid.batch.spec import RosterSpec
from salesgrid.batch.summary import Summary, summary_csv_rows, summary_lines, summary_record
from salesgrid.output import render
from salesgrid.output.csvdialect import PLAIN, CsvDialect
from salesgrid.output.streams import (
    Discard,
    atomic_output,
    buffered_stdout,
    csv_writer,
    jsonl_line,
)

SUMMARY_COLUMNS = (
    "section", "key", "count", "monthly_BGN", "monthly_EUR", "annual_BGN", "annual_EUR",
)  # fmt: skip


@dataclass(frozen=True)
class RosterRun:
    """Where and how one roster run writes."""

    fields: list[str]  # the output columns, in order
    fmt: str  # csv, jsonl, xlsx, table (rows collected), or any with summary_only
    summary_only: bool
    output_file: Path | None
    rejects_file: Path | None
    strict: bool
    summary: bool = False  # with xlsx: add a summary sheet
    table_rows: list[Any] = field(default_factory=list)  # filled when fmt is table
    dialect: CsvDialect = PLAIN  # of CSV records and totals (--csv-dialect)
    #: The dialect the CSV roster was read in, which a CSV rejects file mirrors (None for a
    #: JSONL or xlsx roster: its CSV rejects take ``dialect``).
    input_dialect: CsvDialect | None = None


def _projection(spec: RosterSpec, chosen: list[str]) -> Callable[[tuple[str, ...]], Any]:
    positions = [spec.fields.index(name) for name in chosen]
    if positions == list(range(len(spec.fields))):
        return lambda values: values
    if len(positions) == 1:
        single = positions[0]
        return lambda values: (values[single],)
    return itemgetter(*positions)


def _rejects(
    kept: contextlib.ExitStack, spec: RosterSpec, run: RosterRun, say: Callable[[str], None]
) -> Callable[[Rejected], None]:
    """What to do with a rejected row: a line in the rejects file, else a line on stderr."""
    if run.rejects_file is None:
        return lambda item: say(f"row {item.line}: {item.reason}")
    rejects_file = run.rejects_file
    write = rejects_writer(kept, spec.header, rejects_file, run.dialect, run.input_dialect)

    def reject(item: Rejected) -> None:
        write(item)
        if run.strict:
            say(f"row {item.line}: {item.reason} (--strict: stopped here; the row "
                f"is in {rejects_file})")  # fmt: skip

    return reject


class _Records(NamedTuple):
    emit: Callable[[tuple[str, ...]], None] | None  # each record's values
    write_csv: Callable[[str], Any] | None = None  # or each record as a ready CSV line
    fast: Fast | None = None  # and whole blocks of records, where the rows allow
    book: Any = None  # the xlsx workbook


def _records(stack: contextlib.ExitStack, spec: RosterSpec, run: RosterRun) -> _Records:
    """Where the records go: writers onto the output stream (a file, written atomically, or
    stdout through a buffer of its own), the table's rows, or nowhere (--summary-only)."""
    project = _projection(spec, run.fields)
    out: Any = None
    dialect = run.dialect if run.fmt == "csv" else PLAIN
    if not run.summary_only and run.fmt != "table":
        if run.output_file is not None:
            out = stack.enter_context(atomic_output(run.output_file, binary=run.fmt == "xlsx"))
        elif run.fmt == "xlsx":
            out = sys.stdout.buffer  # a workbook is written whole at its end, in large pieces
        else:
            encoding = None if dialect.writes_plain else dialect.encoding
            out = stack.enter_context(buffered_stdout(encoding))
    if out is None and run.summary_only:
        return _Records(lambda _: None)
    if out is None:
        return _Records(lambda values: run.table_rows.append(project(values)))
    if run.fmt == "xlsx":
        # the xlsx writer: only for xlsx output
        from salesgrid.output import xlsxout

        book = stack.enter_context(xlsxout.workbook(out))
        sheet_write = book.sheet("roster", run.fields, JSON_KINDS).write
        return _Records(lambda values: sheet_write(project(values)), book=book)
    if not dialect.writes_plain:  # the careful loop: each number with its decimal mark
        numeric = [JSON_KINDS.get(name) == "num" for name in run.fields]
        write_in = csv_writer(out, run.fields, dialect=dialect, numeric=numeric)
        return _Records(lambda values: write_in(project(values)))
    every = run.fields == list(spec.fields)
    if run.fmt == "jsonl":
        line = jsonl_line(run.fields, JSON_KINDS)
        write = out.write
        fast = Fast("jsonl", out, line) if every else None
        return _Records(lambda values: write(line(project(values))), fast=fast)
    if every:
        csv_writer(out, run.fields)  # the header; rows go out as ready CSV text
        return _Records(None, out.write, Fast("csv", out))
    write_row = csv_writer(out, run.fields)
    return _Records(lambda values: write_row(project(values)))


def run_roster(
    spec: RosterSpec,
    rows: Any,
    run: RosterRun,
    totals: Summary,
    say: Callable[[str], None],
) -> bool:
    """Stream rows to the output and rejects; return False if --strict stopped the run.

    With --strict, the row that stopped the run is still written to the rejects file (and
    said on stderr); only the output is dropped.
    """
    ok = True
    with contextlib.ExitStack() as kept:  # the rejects: written whatever happens to output
        reject = _rejects(kept, spec, run, say)
        try:
            with contextlib.ExitStack() as stack:
                to = _records(stack, spec, run)
                ok = process(spec, rows, to.emit, reject, totals, run.strict, to.write_csv,
                                   to.fast)  # fmt: skip
                if not ok:
                    raise Discard
                if to.book is not None and run.summary:
                    summary_sheet(to.book, summary_record(totals, spec.has_assessment))
        except Discard:
            ok = False
            if run.summary_only or run.output_file is not None or run.fmt in ("table", "xlsx"):
                totals.discard()  # no record reached stdout: none was written
    return ok


def summary_sheet(book: Any, record: dict[str, Any]) -> None:
    sheet = book.sheet("summary", SUMMARY_COLUMNS, {})
    for row in summary_csv_rows(record):
        sheet.write(row)


def summary_to_file(
    record: dict[str, Any], fmt: str, path: Path | None, dialect: CsvDialect = PLAIN
) -> None:
    """--summary-only --output FILE: the totals, in the chosen format (CSV in ``dialect``),
    written atomically (without --output, an xlsx workbook to stdout)."""
    target: Any = (
        atomic_output(path, binary=fmt == "xlsx")
        if path is not None
        else contextlib.nullcontext(sys.stdout.buffer)
    )
    with target as out:
        if fmt == "xlsx":
            # the xlsx writer: only for xlsx output
            from salesgrid.output import xlsxout

            with xlsxout.workbook(out) as book:
                summary_sheet(book, record)
        elif fmt == "json":
            out.write(render.json_one(record))
        elif fmt == "jsonl":
            out.write(render.jsonl([record]))
        elif fmt == "plain":
            out.write("".join(line + "\n" for line in summary_lines(record)))
        else:
            out.write(render.rows_csv(SUMMARY_COLUMNS, summary_csv_rows(record), dialect))
