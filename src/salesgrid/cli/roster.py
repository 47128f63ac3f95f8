"""`salesgrid roster`: parse the options, open the source, pick formats, map errors. Running
the rows into writers is :mod:`salesgrid.batch.run`; the progress bar is drawn here."""

import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from salesgrid.cli.guard import EXIT_CODES, PROG, say
from salesgrid.cli.inputs import (
    chart_gap_warner,
    competencies_file,
    landing_rule,
    payroll_figures,
    setup,
)
from salesgrid.cli.options import (
    ActualCurrency,
    AddGrid,
    AsOf,
    Cohort,
    CompetenciesPath,
    CsvDialectName,
    CsvDialectOpt,
    Debug,
    Format,
    FrameworkId,
    GridPath,
    MonthOpt,
    PayrollPath,
    WorkAccidentRate,
    fail_usage,
    format_for,
    format_option,
    output_file_option,
    refuse,
    refuse_dialect,
)
from salesgrid.cli.output import dialect_named, draw_table, emit, end_on_closed_pipe, file_format
from salesgrid.cli.progress import roster_progress
from salesgrid.cli.root import app
from salesgrid.cli.rosterin import (
    DelimiterArg,
    EncodingArg,
    IgnoreUnknownArg,
    InputFormatArg,
    SheetArg,
    SourceArg,
    opened,
)
from salesgrid.cli.sources import refuse_overwriting
from salesgrid.errors import ExitCode, clip

ROSTER_FORMATS = (Format.table, Format.csv, Format.jsonl, Format.xlsx, Format.plain, Format.json)
ROSTER_FORMAT_NOTE = "Records: table, csv, jsonl or xlsx; plain and json only with --summary-only."


#: What the roster writes to a file: records, or with --summary-only the totals.
RECORD_FILE_FORMATS = (Format.csv, Format.jsonl, Format.xlsx)
SUMMARY_FILE_FORMATS = (Format.csv, Format.jsonl, Format.xlsx, Format.json, Format.plain)


def _roster_format(
    ctx: typer.Context,
    given: Format | None,
    summary_only: bool,
    employer_cost: bool,
    output_file: Path | None,
    rejects_file: Path | None,
) -> Format:
    """The roster's format: with --output, by :func:`file_format` (the file's extension, which
    --format must agree with, else --format, else CSV); off --output, as every command. Options
    the run would otherwise drop are usage errors."""
    if not employer_cost:
        refuse(ctx, ("month", "born_before_1960", "work_accident_rate"),
                "works out the employer cost: add --employer-cost")  # fmt: skip
    if summary_only:
        refuse(ctx, ("fields", "summary"), "does not apply to --summary-only, which writes "
                "only the totals: drop one or the other")  # fmt: skip
    if rejects_file is not None:
        file_format(ctx, "--rejects", rejects_file, RECORD_FILE_FORMATS, "rejected rows")
    fmt: Format
    if output_file is not None:
        if summary_only:
            fmt = file_format(ctx, "--output", output_file, SUMMARY_FILE_FORMATS, "the totals",
                              given)  # fmt: skip
        else:
            fmt = file_format(ctx, "--output", output_file, RECORD_FILE_FORMATS, "records",
                              given, " (json and plain only with --summary-only)")  # fmt: skip
    else:
        fmt = format_for(given, "records")
    if not summary_only and fmt in (Format.plain, Format.json):
        refuse(ctx, ("output",), f"{fmt.value}: a roster's records are written as table, csv, "
                "jsonl or xlsx; plain and json are for --summary-only")  # fmt: skip
        fmt = format_for(None, "records")
    rejects_csv = rejects_file is not None and rejects_file.suffix.lower() not in (
        ".jsonl", ".ndjson", ".xlsx",
    )  # fmt: skip
    refuse_dialect(ctx, fmt is Format.csv or rejects_csv)
    if fmt is Format.xlsx and output_file is None and sys.stdout.isatty():
        fail_usage("--format xlsx writes a workbook: give --output FILE.xlsx, or redirect "
                    "stdout to a file (> roster.xlsx)")  # fmt: skip
    return fmt


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
        "Write here instead of stdout, atomically (nothing is left behind on failure), in "
        "the format its extension names (.csv, .jsonl or .ndjson, .xlsx; --format, if "
        "given, must agree), else --format, else CSV."
    ),
]
RejectsFileArg = Annotated[
    Path | None,
    typer.Option(
        "--rejects",
        metavar="FILE",
        dir_okay=False,
        show_default=False,
        help="Rejected rows, with line and reason, in the format the extension names "
        "(.csv, .jsonl or .ndjson, .xlsx), else CSV.",
    ),
]
StrictArg = Annotated[
    bool, typer.Option("--strict", help="Stop at the first bad row (exit 4, no output file).")
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
OutputArg = Annotated[Format | None, format_option(ROSTER_FORMATS, ROSTER_FORMAT_NOTE)]


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
    csv_dialect: CsvDialectOpt = CsvDialectName.plain,
    debug: Debug = False,
) -> None:
    """Pay, next moves and eligibility for a whole roster, streamed; bad rows rejected (exit 4)."""
    # on run only: --help and completion stay light
    from salesgrid.batch.run import RosterRun
    from salesgrid.batch.spec import RosterSpec
    from salesgrid.batch.summary import Summary
    from salesgrid.core.pay import steps_at

    refuse_overwriting([("--output", output_file), ("--rejects", rejects_file)], source, grid,
                       add_grid, competencies=competencies, payroll=payroll)  # fmt: skip
    fmt = _roster_format(ctx, output, summary_only, employer_cost, output_file, rejects_file)
    data, day, _ = setup(grid, as_of, None, add_grid)
    comp, landing = _roster_rules(competencies)
    gap = chart_gap_warner(competencies)
    _check_fields(fields)
    with opened(source, input_format, encoding, delimiter, sheet, realms=list(data.realms),
                ignore_unknown=ignore_unknown, steps=steps_at(data, framework, day),
                blocks=True) as roster_in:  # fmt: skip
        header, rows, size, binary, read_in = roster_in
        figures = payroll_figures(employer_cost, payroll, month, born_before_1960,
                                   work_accident_rate)  # fmt: skip
        spec = RosterSpec(header, data, comp, day, framework, ignore_unknown, figures,
                          actual_currency, gap, landing,
                          _actual_checks(figures, payroll, day))  # fmt: skip
        _payroll_read(ctx, spec, employer_cost)
        chosen = _chosen_fields(spec, fields)
        if size and sys.stderr.isatty():
            rows = roster_progress(rows, binary, size)
        totals = Summary(positions=summary or summary_only)
        run = RosterRun(chosen, fmt.value, summary_only, output_file, rejects_file, strict, summary,
                        dialect=dialect_named(csv_dialect), input_dialect=read_in)  # fmt: skip
        ok = _run(spec, rows, run, totals)
    _totals(totals, spec.has_assessment, run, fmt, ok)
    if not ok or totals.rejected:
        raise typer.Exit(ExitCode.REJECTED_ROWS)


def _actual_checks(figures: Any, payroll: Path | None, day: date) -> Any:
    """What a roster's actual_pay is checked against (worked out if it has one): the minimum
    wage of the --employer-cost month, else of --as-of's, from --payroll's file."""
    # on run only: --help and completion stay light
    from functools import partial

    # on run only: --help and completion stay light
    from salesgrid.batch.actualpay import run_checks
    from salesgrid.files.loader import load_payroll

    return partial(run_checks, figures, partial(load_payroll, payroll), day)


def _payroll_read(ctx: typer.Context, spec: Any, employer_cost: bool) -> None:
    """--payroll is read for the employer cost and an actual_pay column's minimum wage."""
    if not employer_cost and not spec.has_actual:
        refuse(ctx, ("payroll",), "is read for --employer-cost and for the minimum wage of an "
                "actual_pay column: add --employer-cost, or drop --payroll")  # fmt: skip


def _roster_rules(path: Path | None) -> tuple[Any, Any]:
    """The competency file and its landing rule: a --competencies file read and checked in
    full now; the packaged one's landing rule alone, the rest read if the roster has
    assessment columns."""
    if path is not None:
        return competencies_file(path), None
    return (lambda: competencies_file(None)), landing_rule(None)


def _check_fields(fields: str | None) -> None:
    if fields is not None and not [name for name in fields.split(",") if name.strip()]:
        fail_usage(f"--fields {clip(fields)!r} names no field: give output columns separated by "
                    "commas, e.g. --fields employee_id,pay_eur")  # fmt: skip


def _chosen_fields(spec: Any, fields: str | None) -> list[str]:
    """The output columns: --fields, checked against the roster's, else all of them."""
    if fields is None:
        return list(spec.fields)
    chosen = [name.strip() for name in fields.split(",") if name.strip()]
    unknown = [name for name in chosen if name not in spec.fields]
    if unknown:
        fail_usage(
            f"--fields: unknown {'field' if len(unknown) == 1 else 'fields'} "
            f"{clip(', '.join(unknown))}; this roster has " + ", ".join(spec.fields)
        )
    return chosen


def _run(spec: Any, rows: Any, run: Any, totals: Any) -> bool:
    """Run the rows into their writers; a table is drawn once every row is in."""
    # on run only: --help and completion stay light
    from salesgrid.batch.run import run_roster

    try:
        ok = run_roster(spec, rows, run, totals, say)
    except BrokenPipeError:
        end_on_closed_pipe()
    if ok and run.fmt == Format.table and not run.summary_only:
        # rich: only when a table is drawn
        from salesgrid.output import tables

        draw_table(tables.roster_table(run.fields, run.table_rows))
    return ok


def _totals(totals: Any, assessed: bool, run: Any, fmt: Format, ok: bool) -> None:
    """What an actual pay looks like (warnings on stderr), then the totals: the output itself
    with --summary-only, else lines on stderr with --summary."""
    # on run only: --help and completion stay light
    from salesgrid.batch.summary import summary_lines, summary_record

    if totals.actual is not None:
        # on run only: --help and completion stay light
        from salesgrid.batch.actualpay import warnings

        for label, text in warnings(totals.actual):
            say(f"{PROG}: {label}: {text}")
    record = summary_record(totals, assessed)
    if run.summary_only and run.output_file is not None and not ok:
        pass  # --strict stopped the run: no output file, as without --summary-only
    elif run.summary_only and (run.output_file is not None or fmt is Format.xlsx):
        # on run only: --help and completion stay light
        from salesgrid.batch.run import summary_to_file

        summary_to_file(record, fmt.value, run.output_file, run.dialect)
    elif run.summary_only:
        _emit_summary(record, fmt, run.dialect)
    elif run.summary:
        for line in summary_lines(record):
            say(f"{PROG}: {line}")


def _emit_summary(record: dict[str, Any], fmt: Format, dialect: Any = None) -> None:
    # on run only: --help and completion stay light
    from salesgrid.batch.run import SUMMARY_COLUMNS
    from salesgrid.batch.summary import summary_csv_rows, summary_lines
    from salesgrid.output import render

    def table() -> Any:
        # rich: only when a table is drawn
        from salesgrid.output import tables

        return tables.summary_table(summary_lines(record))

    emit(
        fmt,
        records=lambda: [record],
        csv=lambda: render.rows_csv(SUMMARY_COLUMNS, summary_csv_rows(record), dialect),
        plain=lambda: "".join(line + "\n" for line in summary_lines(record)),
        table=table,
        single=True,
    )
