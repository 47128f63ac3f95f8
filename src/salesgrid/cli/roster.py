"""`salesgrid roster`: parse the options, open the source, pick formats, map errors. Running
the rows into writers is :mod:`salesgrid.batch.run`; the progress bar is drawn here."""

import os
import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from typer._click.core import ParameterSource

from salesgrid.cli.guard import _WRITE_ERRNOS, EXIT_CODES, PROG, _say
from salesgrid.cli.options import (
    ActualCurrency,
    AddGrid,
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
    _actual_checks,
    _chart_gap_warner,
    _competencies,
    _fail_usage,
    _format,
    _format_option,
    _landing,
    _payroll_figures,
    _refuse,
    _setup,
    output_file_option,
)
from salesgrid.cli.output import _closed_pipe, _draw, _emit
from salesgrid.cli.progress import roster_progress
from salesgrid.cli.root import app
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
        _refuse(ctx, ("month", "born_before_1960", "work_accident_rate"),
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


SourceArg = Annotated[
    str,
    typer.Argument(metavar="FILE", help="Roster: CSV with a header, JSONL or xlsx; - for stdin."),
]
InputFormatArg = Annotated[
    str | None,
    typer.Option(
        "--input-format",
        metavar="csv|jsonl|xlsx",
        show_default=False,
        help="Default: by the file's extension (.csv, .jsonl, .xlsx); CSV for stdin.",
    ),
]
DelimiterArg = Annotated[
    str | None,
    typer.Option(
        "--delimiter",
        metavar="CHAR",
        show_default=False,
        help="CSV delimiter: ',', ';' or tab. Default: guessed from the header line.",
    ),
]
EncodingArg = Annotated[
    str | None,
    typer.Option(
        "--encoding",
        metavar="NAME",
        show_default=False,
        help="Text encoding of a CSV or JSONL roster, e.g. cp1251. Default: UTF-8 "
        "(with or without a BOM).",
    ),
]
SheetArg = Annotated[
    str | None,
    typer.Option(
        "--sheet",
        metavar="NAME",
        show_default=False,
        help="The xlsx sheet to read. Default: the first.",
    ),
]
FieldsArg = Annotated[
    str | None,
    typer.Option(
        "--fields",
        metavar="A,B,C",
        show_default=False,
        help="Output columns to keep, in this order (at least one).",
    ),
]
OutputFileArg = Annotated[
    Path | None,
    output_file_option(
        "Write here instead of stdout, atomically (nothing is left behind on failure), as "
        "--format, else by extension (.csv, .jsonl, .xlsx), else CSV."
    ),
]
RejectsFileArg = Annotated[
    Path | None,
    typer.Option(
        "--rejects",
        metavar="FILE",
        dir_okay=False,
        show_default=False,
        help="Rejected rows, with line and reason, as CSV, JSONL or XLSX (by extension).",
    ),
]
StrictArg = Annotated[
    bool, typer.Option("--strict", help="Stop at the first bad row (exit 4, no output file).")
]
IgnoreUnknownArg = Annotated[
    bool, typer.Option("--ignore-unknown-columns", help="Skip columns salesgrid does not know.")
]
SummaryArg = Annotated[
    bool, typer.Option("--summary", help="Totals on stderr: rows, headcount, payroll, moves.")
]
SummaryOnlyArg = Annotated[
    bool, typer.Option("--summary-only", help="Only the totals, on stdout, in --format.")
]
EmployerCostArg = Annotated[
    bool,
    typer.Option(
        "--employer-cost",
        help="Add gross pay and employer cost columns (behind the grid's pay, and behind "
        "actual_pay when the roster has it) and budget totals in employer cost (see --month).",
    ),
]
OutputArg = Annotated[Format | None, _format_option(ROSTER_FORMATS, ROSTER_FORMAT_NOTE)]


@app.command(epilog=EXIT_CODES)
def roster(
    ctx: typer.Context,
    source: SourceArg,
    input_format: InputFormatArg = None,
    delimiter: DelimiterArg = None,
    encoding: EncodingArg = None,
    sheet: SheetArg = None,
    fields: FieldsArg = None,
    output_file: OutputFileArg = None,
    rejects_file: RejectsFileArg = None,
    strict: StrictArg = False,
    ignore_unknown: IgnoreUnknownArg = False,
    summary: SummaryArg = False,
    summary_only: SummaryOnlyArg = False,
    employer_cost: EmployerCostArg = False,
    month: MonthOpt = None,
    born_before_1960: Cohort = False,
    work_accident_rate: WorkAccidentRate = None,
    payroll: PayrollPath = None,
    actual_currency: ActualCurrency = None,
    grid: GridPath = None,
    add_grid: AddGrid = None,
    framework: FrameworkId = None,
    as_of: AsOf = None,
    output: OutputArg = None,
    competencies: CompetenciesPath = None,
    debug: Debug = False,
) -> None:
    """Pay, next moves and eligibility for a whole roster, streamed; bad rows rejected (exit 4)."""
    from salesgrid.batch import roster as batch
    from salesgrid.batch import rosterread
    from salesgrid.batch.run import RosterRun

    fmt = _roster_format(ctx, output, summary_only, employer_cost, output_file)
    data, day, _ = _setup(grid, as_of, None, add_grid)
    comp, landing = _roster_rules(competencies)
    gap = _chart_gap_warner(competencies)
    kind = rosterread.input_kind(source, input_format, encoding, delimiter, sheet)
    codec = rosterread.codec_name(encoding)
    separator = rosterread.delimiter_char(delimiter)
    _check_names(output_file, rejects_file, fields)
    binary, size = _open_source(source)
    try:
        header, rows, size = _read_rows(kind, binary, size, codec, separator, sheet,
                                        list(data.realms), ignore_unknown)  # fmt: skip
        figures = _payroll_figures(employer_cost, payroll, month, born_before_1960,
                                   work_accident_rate)  # fmt: skip
        spec = batch.RosterSpec(header, data, comp, day, framework, ignore_unknown, figures,
                                actual_currency, gap, landing,
                                _actual_checks(figures, payroll, day))  # fmt: skip
        _payroll_read(ctx, spec, employer_cost)
        chosen = _chosen_fields(spec, fields)
        if size and sys.stderr.isatty():
            rows = roster_progress(rows, binary, size)
        totals = batch.Summary(positions=summary or summary_only)
        run = RosterRun(chosen, fmt.value, summary_only, output_file, rejects_file, strict, summary)
        ok = _run(spec, rows, run, totals)
    except (OSError, UnicodeError) as exc:
        _read_failure(source, codec, exc)
    finally:
        if binary is not sys.stdin.buffer:
            binary.close()
    _totals(totals, spec.has_assessment, run, fmt, ok)
    if not ok or totals.rejected:
        raise typer.Exit(ExitCode.REJECTED_ROWS)


def _payroll_read(ctx: typer.Context, spec: Any, employer_cost: bool) -> None:
    """--payroll is read for the employer cost and an actual_pay column's minimum wage."""
    if not employer_cost and not spec.has_actual:
        _refuse(ctx, ("payroll",), "is read for --employer-cost and for the minimum wage of an "
                "actual_pay column: add --employer-cost, or drop --payroll")  # fmt: skip


def _roster_rules(path: Path | None) -> tuple[Any, Any]:
    """The competency file and its landing rule: a --competencies file read and checked in
    full now; the packaged one's landing rule alone, the rest read if the roster has
    assessment columns."""
    if path is not None:
        return _competencies(path), None
    return (lambda: _competencies(None)), _landing(None)


def _read_failure(source: str, codec: str, exc: OSError | UnicodeError) -> NoReturn:
    if isinstance(exc, UnicodeError) and not isinstance(exc, UnicodeEncodeError):
        # A codec that refuses the bytes as a whole (utf-16 without a BOM, idna...)
        _fail_usage(f"cannot read the roster {source} as {codec}: {clip(str(exc))}; give "
                    "another --encoding (utf-16-le or -be for UTF-16 without a BOM)")  # fmt: skip
    # Output files raise OutputError: an OSError is the roster unreadable (EIO...), unless
    # stdout refused the data (full disk, closed pipe; an encoding error is stdout's too).
    if not isinstance(exc, OSError) or isinstance(exc, BrokenPipeError):
        raise exc
    if exc.errno in _WRITE_ERRNOS:
        raise exc
    _fail_usage(f"cannot read the roster {source}: {exc.strerror or exc}")


def _check_names(output_file: Path | None, rejects_file: Path | None, fields: str | None) -> None:
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


def _open_source(source: str) -> tuple[Any, int | None]:
    """The roster as a binary stream, and its size when it is a file (for the progress bar)."""
    if source == "-":
        if sys.stdin.isatty():
            _fail_usage("roster - reads the roster from stdin, but stdin is a terminal: pipe a "
                        "file in (salesgrid roster - < roster.csv) or give its path")  # fmt: skip
        return sys.stdin.buffer, None
    try:
        binary = open(source, "rb")  # noqa: SIM115 - closed by the command
    except OSError as exc:
        _fail_usage(f"cannot read the roster {source}: {exc.strerror or exc}")
    return binary, os.fstat(binary.fileno()).st_size


def _read_rows(
    kind: str,
    binary: Any,
    size: int | None,
    codec: Any,
    separator: Any,
    sheet: str | None,
    realms: list[str],
    ignore_unknown: bool,
) -> tuple[list[str], Any, int | None]:
    """The header and the rows of the roster, by its kind; an xlsx is read whole (no size)."""
    from salesgrid.batch import rosterread

    if kind == "xlsx":
        header, rows = rosterread.xlsx_rows(binary.read(), sheet)
        return header, rows, None  # read whole: no progress to show
    text = rosterread.text_stream(binary, codec)
    if kind == "jsonl":
        header, rows = rosterread.jsonl_rows(text, realms, ignore_unknown, text.encoding)
    else:
        header, rows = rosterread.csv_rows(text, separator, text.encoding, blocks=True)
    return header, rows, size


def _chosen_fields(spec: Any, fields: str | None) -> list[str]:
    """The output columns: --fields, checked against the roster's, else all of them."""
    if fields is None:
        return list(spec.fields)
    chosen = [name.strip() for name in fields.split(",") if name.strip()]
    unknown = [name for name in chosen if name not in spec.fields]
    if unknown:
        _fail_usage(
            f"--fields: unknown {'field' if len(unknown) == 1 else 'fields'} "
            f"{clip(', '.join(unknown))}; this roster has " + ", ".join(spec.fields)
        )
    return chosen


def _run(spec: Any, rows: Any, run: Any, totals: Any) -> bool:
    """Run the rows into their writers; a table is drawn once every row is in."""
    from salesgrid.batch.run import run_roster

    try:
        ok = run_roster(spec, rows, run, totals, _say)
    except BrokenPipeError:
        _closed_pipe()
    if ok and run.fmt == Format.table and not run.summary_only:
        from salesgrid.output import tables

        _draw(tables.roster_table(run.fields, run.table_rows))
    return ok


def _totals(totals: Any, assessed: bool, run: Any, fmt: Format, ok: bool) -> None:
    """What an actual pay looks like (warnings on stderr), then the totals: the output itself
    with --summary-only, else lines on stderr with --summary."""
    from salesgrid.batch import roster as batch

    if totals.actual is not None:
        from salesgrid.batch.actualpay import warnings

        for label, text in warnings(totals.actual):
            _say(f"{PROG}: {label}: {text}")
    record = batch.summary_record(totals, assessed)
    if run.summary_only and run.output_file is not None and not ok:
        pass  # --strict stopped the run: no output file, as without --summary-only
    elif run.summary_only and (run.output_file is not None or fmt is Format.xlsx):
        from salesgrid.batch.run import summary_to_file

        summary_to_file(record, fmt.value, run.output_file)
    elif run.summary_only:
        _emit_summary(record, fmt)
    elif run.summary:
        for line in batch.summary_lines(record):
            _say(f"{PROG}: {line}")


_OUTPUT_SUFFIXES = {
    ".csv": Format.csv, ".jsonl": Format.jsonl, ".ndjson": Format.jsonl, ".xlsx": Format.xlsx,
}  # fmt: skip


def _emit_summary(record: dict[str, Any], fmt: Format) -> None:
    from salesgrid.batch import roster as batch
    from salesgrid.batch.run import SUMMARY_COLUMNS
    from salesgrid.output import render

    def table() -> Any:
        from salesgrid.output import tables

        return tables.summary_table(batch.summary_lines(record))

    _emit(
        fmt,
        records=lambda: [record],
        csv=lambda: render.rows_csv(SUMMARY_COLUMNS, batch.summary_csv_rows(record)),
        plain=lambda: "".join(line + "\n" for line in batch.summary_lines(record)),
        table=table,
        single=True,
    )
