"""`salesgrid roster`: parse the options, open the source, pick formats, map errors.

Running the rows into writers is :mod:`salesgrid.batch.run`; the progress bar (a terminal
thing) is drawn here."""

import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
from typer._click.core import ParameterSource

from salesgrid.cli.app import app
from salesgrid.cli.guard import _WRITE_ERRNOS, EXIT_CODES, PROG, _say
from salesgrid.cli.options import (
    AsOf,
    Cohort,
    CompetenciesPath,
    Debug,
    Format,
    FrameworkId,
    GridPath,
    MonthOpt,
    PayrollPath,
    WorkAccidentRate,
    _competencies,
    _fail_usage,
    _format,
    _format_option,
    _payroll_args,
    _refuse,
    _setup,
)
from salesgrid.cli.output import _closed_pipe, _draw, _emit
from salesgrid.errors import ExitCode, clip

ROSTER_FORMATS = (Format.table, Format.csv, Format.jsonl, Format.xlsx, Format.plain, Format.json)
ROSTER_FORMAT_NOTE = "Records: table, csv, jsonl or xlsx; plain and json only with --summary-only."


def _roster_format(
    ctx: typer.Context,
    given: Format | None,
    summary_only: bool,
    employer_cost: bool,
    output_file: Path | None,
) -> Format:
    """The roster's format: --format; with --output, else the file's extension (a
    SALESGRID_FORMAT default yields to it), else CSV; off --output, as every command.
    Options the run would otherwise drop are usage errors."""
    if not employer_cost:
        _refuse(ctx, ("month", "born_before_1960", "work_accident_rate", "payroll"),
                "works out the employer cost: add --employer-cost")  # fmt: skip
    if summary_only:
        _refuse(ctx, ("fields", "summary"), "does not apply to --summary-only, which writes "
                "only the totals: drop one or the other")  # fmt: skip
    from_env = ctx.get_parameter_source("output") is not ParameterSource.COMMANDLINE
    fmt: Format
    if output_file is not None:
        by_suffix = _OUTPUT_SUFFIXES.get(output_file.suffix.lower())
        if given is None or (from_env and (by_suffix is not None or given is Format.table)):
            given = by_suffix or Format.csv
        if given is Format.table:
            _fail_usage(f"--format table is drawn on a terminal, not written to a file "
                        f"(--output {output_file}): choose csv, jsonl or xlsx")  # fmt: skip
        fmt = given
    else:
        fmt = _format(given, "records")
    if not summary_only and fmt in (Format.plain, Format.json):
        _refuse(ctx, ("output",), f"{fmt.value}: a roster's records are written as table, csv, "
                "jsonl or xlsx; plain and json are for --summary-only")  # fmt: skip
        fmt = Format.csv if output_file is not None else _format(None, "records")
    if fmt is Format.xlsx and output_file is None and sys.stdout.isatty():
        _fail_usage("--format xlsx writes a workbook: give --output FILE.xlsx, or redirect "
                    "stdout to a file (> roster.xlsx)")  # fmt: skip
    return fmt


@app.command(epilog=EXIT_CODES)
def roster(
    ctx: typer.Context,
    source: Annotated[
        str,
        typer.Argument(
            metavar="FILE", help="Roster: CSV with a header, JSONL or xlsx; - for stdin."
        ),
    ],
    input_format: Annotated[
        str | None,
        typer.Option(
            "--input-format",
            metavar="csv|jsonl|xlsx",
            show_default=False,
            help="Default: by the file's extension (.csv, .jsonl, .xlsx); CSV for stdin.",
        ),
    ] = None,
    delimiter: Annotated[
        str | None,
        typer.Option(
            "--delimiter",
            metavar="CHAR",
            show_default=False,
            help="CSV delimiter: ',', ';' or tab. Default: guessed from the header line.",
        ),
    ] = None,
    encoding: Annotated[
        str | None,
        typer.Option(
            "--encoding",
            metavar="NAME",
            show_default=False,
            help="Text encoding of a CSV or JSONL roster, e.g. cp1251. Default: UTF-8 "
            "(with or without a BOM).",
        ),
    ] = None,
    sheet: Annotated[
        str | None,
        typer.Option(
            "--sheet",
            metavar="NAME",
            show_default=False,
            help="The xlsx sheet to read. Default: the first.",
        ),
    ] = None,
    fields: Annotated[
        str | None,
        typer.Option(
            "--fields",
            metavar="A,B,C",
            show_default=False,
            help="Output columns to keep, in this order (at least one).",
        ),
    ] = None,
    output_file: Annotated[
        Path | None,
        typer.Option(
            "--output",
            metavar="FILE",
            dir_okay=False,
            show_default=False,
            help="Write here instead of stdout, atomically (nothing is left behind on "
            "failure), as --format, else by extension (.csv, .jsonl, .xlsx), else CSV.",
        ),
    ] = None,
    rejects_file: Annotated[
        Path | None,
        typer.Option(
            "--rejects",
            metavar="FILE",
            dir_okay=False,
            show_default=False,
            help="Rejected rows, with line and reason, as CSV, JSONL or XLSX (by extension).",
        ),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Stop at the first bad row (exit 4, no output file).")
    ] = False,
    ignore_unknown: Annotated[
        bool, typer.Option("--ignore-unknown-columns", help="Skip columns salesgrid does not know.")
    ] = False,
    summary: Annotated[
        bool, typer.Option("--summary", help="Totals on stderr: rows, headcount, payroll, moves.")
    ] = False,
    summary_only: Annotated[
        bool, typer.Option("--summary-only", help="Only the totals, on stdout, in --format.")
    ] = False,
    employer_cost: Annotated[
        bool,
        typer.Option(
            "--employer-cost",
            help="Add gross pay and employer cost columns and "
            "budget totals in employer cost (see --month).",
        ),
    ] = False,
    month: MonthOpt = None,
    born_before_1960: Cohort = False,
    work_accident_rate: WorkAccidentRate = None,
    payroll: PayrollPath = None,
    grid: GridPath = None,
    framework: FrameworkId = None,
    as_of: AsOf = None,
    output: Annotated[Format | None, _format_option(ROSTER_FORMATS, ROSTER_FORMAT_NOTE)] = None,
    competencies: CompetenciesPath = None,
    debug: Debug = False,
) -> None:
    """Pay, next moves and eligibility for a whole roster, streamed; bad rows rejected (exit 4)."""
    from salesgrid.batch import roster as batch
    from salesgrid.batch import rosterread

    fmt = _roster_format(ctx, output, summary_only, employer_cost, output_file)
    data, day, _ = _setup(grid, as_of, None)
    comp = _competencies(competencies)
    kind = rosterread.input_kind(source, input_format, encoding, delimiter, sheet)
    codec = rosterread.codec_name(encoding)
    separator = rosterread.delimiter_char(delimiter)
    if (
        output_file is not None
        and rejects_file is not None
        and os.path.realpath(output_file) == os.path.realpath(rejects_file)
        and (not output_file.exists() or output_file.is_file())  # /dev/null twice is fine
    ):
        _fail_usage(f"--output and --rejects are the same file ({output_file}): one would "
                    "replace the other; give two names")  # fmt: skip
    if fields is not None and not [name for name in fields.split(",") if name.strip()]:
        _fail_usage(f"--fields {clip(fields)!r} names no field: give output columns separated by "
                    "commas, e.g. --fields employee_id,pay_eur")  # fmt: skip
    binary: Any
    if source == "-":
        if sys.stdin.isatty():
            _fail_usage("roster - reads the roster from stdin, but stdin is a terminal: pipe a "
                        "file in (salesgrid roster - < roster.csv) or give its path")  # fmt: skip
        binary = sys.stdin.buffer
        size = None
    else:
        try:
            binary = open(source, "rb")  # noqa: SIM115 - closed below
        except OSError as exc:
            _fail_usage(f"cannot read the roster {source}: {exc.strerror or exc}")
        size = os.fstat(binary.fileno()).st_size
    try:
        if kind == "xlsx":
            header, rows = rosterread.xlsx_rows(binary.read(), sheet)
            size = None  # read whole: no progress to show
        elif kind == "jsonl":
            text = rosterread.text_stream(binary, codec)
            header, rows = rosterread.jsonl_rows(
                text, list(data.realms), ignore_unknown, text.encoding
            )
        else:
            text = rosterread.text_stream(binary, codec)
            header, rows = rosterread.csv_rows(text, separator, text.encoding)
        figures = (
            _payroll_args(payroll, month, born_before_1960, work_accident_rate)
            if employer_cost
            else None
        )
        spec = batch.RosterSpec(header, data, comp, day, framework, ignore_unknown, figures)
        chosen = list(spec.fields)
        if fields is not None:
            chosen = [name.strip() for name in fields.split(",") if name.strip()]
            unknown = [name for name in chosen if name not in spec.fields]
            if unknown:
                _fail_usage(
                    f"--fields: unknown field(s) {clip(', '.join(unknown))}; this roster has "
                    + ", ".join(spec.fields)
                )
        if size and sys.stderr.isatty():
            rows = _progress(rows, binary, size)
        totals = batch.Summary()
        ok = _run_roster(spec, rows, chosen, fmt, summary_only, output_file, rejects_file,
                         strict, totals, summary)  # fmt: skip
    except OSError as exc:
        # Output files raise OutputError, so an OSError here is the roster that cannot be
        # read (EIO...), unless stdout itself refused the data (full disk, closed pipe).
        if isinstance(exc, BrokenPipeError) or exc.errno in _WRITE_ERRNOS:
            raise
        _fail_usage(f"cannot read the roster {source}: {exc.strerror or exc}")
    finally:
        if binary is not sys.stdin.buffer:
            binary.close()
    record = batch.summary_record(totals, spec.has_assessment)
    if summary_only and output_file is not None and not ok:
        pass  # --strict stopped the run: no output file, as without --summary-only
    elif summary_only and (output_file is not None or fmt is Format.xlsx):
        _summary_to_file(record, fmt, output_file)
    elif summary_only:
        _emit_summary(record, fmt)
    elif summary:
        for line in batch.summary_lines(record):
            _say(f"{PROG}: {line}")
    if not ok or totals.rejected:
        raise typer.Exit(ExitCode.REJECTED_ROWS)


def _progress(rows: Any, binary: Any, size: int) -> Any:
    """Wrap a row source so that a rich progress bar is drawn on stderr while it is read."""
    from salesgrid.batch.roster import RowSource

    class Progressing(RowSource):
        def __iter__(self) -> Any:
            from rich.progress import BarColumn, Progress, TaskProgressColumn, TimeRemainingColumn

            from salesgrid.output.tables import stderr_console

            with Progress(
                "[progress.description]{task.description}", BarColumn(), TaskProgressColumn(),
                TimeRemainingColumn(), console=stderr_console(), transient=True,
            ) as progress:  # fmt: skip
                task = progress.add_task("roster", total=size)
                for index, row in enumerate(rows):
                    if index % 16384 == 0:
                        progress.update(task, completed=binary.tell())
                    yield row

        def line_of(self, row: list[str]) -> int:
            return int(rows.line_of(row))

    return Progressing()


_OUTPUT_SUFFIXES = {
    ".csv": Format.csv, ".jsonl": Format.jsonl, ".ndjson": Format.jsonl, ".xlsx": Format.xlsx,
}  # fmt: skip


def _emit_summary(record: dict[str, Any], fmt: Format) -> None:
    from salesgrid.batch import roster as batch
    from salesgrid.output import render

    def table() -> Any:
        from salesgrid.output import tables

        return tables.summary_table(batch.summary_lines(record))

    _emit(
        fmt,
        records=lambda: [record],
        csv=lambda: render.rows_csv(_SUMMARY_COLUMNS, batch.summary_csv_rows(record)),
        plain=lambda: "".join(line + "\n" for line in batch.summary_lines(record)),
        table=table,
        single=True,
    )


_SUMMARY_COLUMNS = (
    "section", "key", "count", "monthly_BGN", "monthly_EUR", "annual_BGN", "annual_EUR",
)  # fmt: skip


def _reject_columns(header: list[str]) -> tuple[str, str]:
    """The names of the added rejects columns: ``line`` and ``reason``, with a ``_`` in front
    for as long as the roster itself has a column of that name."""
    names = []
    for name in ("line", "reason"):
        while name in header:
            name = "_" + name
        names.append(name)
    return names[0], names[1]


def _run_roster(
    spec: Any,
    rows: Any,
    chosen: list[str],
    fmt: Format,
    summary_only: bool,
    output_file: Path | None,
    rejects_file: Path | None,
    strict: bool,
    totals: Any,
    summary: bool = False,
) -> bool:
    """Stream rows to the output and rejects; return False if --strict stopped the run.

    With --strict, the row that stopped the run is still written to the rejects file (and
    said on stderr); only the output is dropped.
    """
    import contextlib
    from operator import itemgetter

    from salesgrid.batch import roster as batch
    from salesgrid.output.streams import Discard, atomic_output, csv_writer, jsonl_writer

    positions = [spec.fields.index(name) for name in chosen]
    project: Callable[[tuple[str, ...]], Any]
    if positions == list(range(len(spec.fields))):
        project = lambda values: values  # noqa: E731
    elif len(positions) == 1:
        single = positions[0]
        project = lambda values: (values[single],)  # noqa: E731
    else:
        project = itemgetter(*positions)
    table_rows: list[Any] = []
    ok = True
    try:
        with contextlib.ExitStack() as kept:  # the rejects: written whatever happens to output
            line_column, reason_column = _reject_columns(spec.header)
            reject_columns = [*spec.header, line_column, reason_column]
            write_reject: Callable[[Sequence[Any]], None]
            if rejects_file is not None:
                suffix = rejects_file.suffix.lower()
                rejects_out = kept.enter_context(
                    atomic_output(rejects_file, binary=suffix == ".xlsx")
                )
                if suffix == ".xlsx":
                    from salesgrid.output import xlsxout

                    book = kept.enter_context(xlsxout.workbook(rejects_out))
                    write_reject = book.sheet("rejects", reject_columns, {line_column: "num"}).write
                elif suffix in (".jsonl", ".ndjson"):
                    write_reject = jsonl_writer(rejects_out, reject_columns,
                                                {line_column: "num"})  # fmt: skip
                else:
                    write_reject = csv_writer(rejects_out, reject_columns)

                def reject(item: batch.Rejected) -> None:
                    write_reject([*(item.row.get(c, "") for c in spec.header),
                                  str(item.line), item.reason])  # fmt: skip
                    if strict:
                        _say(f"row {item.line}: {item.reason} (--strict: stopped here; the row "
                             f"is in {rejects_file})")  # fmt: skip
            else:

                def reject(item: batch.Rejected) -> None:
                    _say(f"row {item.line}: {item.reason}")

            try:
                with contextlib.ExitStack() as stack:
                    out: Any = None
                    if not summary_only and fmt is not Format.table:
                        if output_file is not None:
                            out = stack.enter_context(
                                atomic_output(output_file, binary=fmt is Format.xlsx)
                            )
                        else:
                            out = sys.stdout.buffer if fmt is Format.xlsx else sys.stdout
                    emit: Callable[[tuple[str, ...]], None] | None = None
                    write_csv = None
                    book_out = None
                    if out is None and summary_only:
                        emit = lambda _: None  # noqa: E731
                    elif out is None:
                        emit = lambda values: table_rows.append(project(values))  # noqa: E731
                    elif fmt is Format.xlsx:
                        from salesgrid.output import xlsxout

                        book_out = stack.enter_context(xlsxout.workbook(out))
                        sheet_write = book_out.sheet("roster", chosen, batch.JSON_KINDS).write
                        emit = lambda values: sheet_write(project(values))  # noqa: E731
                    elif fmt is Format.jsonl:
                        write = jsonl_writer(out, chosen, batch.JSON_KINDS)
                        emit = lambda values: write(project(values))  # noqa: E731
                    elif chosen == list(spec.fields):
                        csv_writer(out, chosen)  # the header; rows go out as ready CSV text
                        write_csv = out.write
                    else:
                        write = csv_writer(out, chosen)
                        emit = lambda values: write(project(values))  # noqa: E731
                    ok = batch.process(spec, rows, emit, reject, totals, strict, write_csv)
                    if not ok:
                        raise Discard
                    if book_out is not None and summary:
                        _summary_sheet(book_out, batch.summary_record(totals, spec.has_assessment))
            except Discard:
                ok = False
                if summary_only or output_file is not None or fmt in (Format.table, Format.xlsx):
                    totals.discard()  # no record reached stdout: none was written
            if out is not None and output_file is None:
                out.flush()
    except BrokenPipeError:
        _closed_pipe()
    if not ok:
        return False
    if fmt is Format.table and not summary_only:
        from salesgrid.output import tables

        _draw(tables.roster_table(chosen, table_rows))
    return ok


def _summary_sheet(book: Any, record: dict[str, Any]) -> None:
    from salesgrid.batch import roster as batch

    sheet = book.sheet("summary", _SUMMARY_COLUMNS, {})
    for row in batch.summary_csv_rows(record):
        sheet.write(row)


def _summary_to_file(record: dict[str, Any], fmt: Format, path: Path | None) -> None:
    """--summary-only --output FILE: the totals, in the chosen format, written atomically
    (without --output, an xlsx workbook to stdout)."""
    import contextlib

    from salesgrid.batch import roster as batch
    from salesgrid.output import render
    from salesgrid.output.streams import atomic_output

    target: Any = (
        atomic_output(path, binary=fmt is Format.xlsx)
        if path is not None
        else contextlib.nullcontext(sys.stdout.buffer)
    )
    with target as out:
        if fmt is Format.xlsx:
            from salesgrid.output import xlsxout

            with xlsxout.workbook(out) as book:
                _summary_sheet(book, record)
        elif fmt is Format.json:
            out.write(render.json_one(record))
        elif fmt is Format.jsonl:
            out.write(render.jsonl([record]))
        elif fmt is Format.plain:
            out.write("".join(line + "\n" for line in batch.summary_lines(record)))
        else:
            out.write(render.rows_csv(_SUMMARY_COLUMNS, batch.summary_csv_rows(record)))
