"""`salesgrid month`: what each person is owed for a month (or each month of --from/--to), from
a position history, prorated by working days; with --paid, the arrears."""

import contextlib
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from salesgrid.cli.collecting import few_collections
from salesgrid.cli.guard import EXIT_CODES, PROG, say
from salesgrid.cli.inputs import load_calendar_data, money_arg, payroll_args, setup
from salesgrid.cli.monthin import history_named, read_paid_file
from salesgrid.cli.options import (
    AddGrid,
    Cohort,
    CsvDialectName,
    CsvDialectOpt,
    Debug,
    Format,
    FrameworkId,
    GridPath,
    PayrollPath,
    WorkAccidentRate,
    calendar_option,
    fail_usage,
    format_option,
    output_file_option,
    refuse,
    refuse_dialect,
)
from salesgrid.cli.output import dialect_named, draw_table, file_format
from salesgrid.cli.root import app
from salesgrid.cli.rosterin import (
    DelimiterArg,
    IgnoreUnknownArg,
    InputFormatArg,
    SheetArg,
    opened,
)
from salesgrid.cli.sources import refuse_overwriting
from salesgrid.errors import ExitCode, clip, counted

MONTH_FORMATS = (Format.table, Format.csv, Format.jsonl, Format.json, Format.xlsx)
FILE_FORMATS = (Format.csv, Format.jsonl, Format.json, Format.xlsx)

HistoryArg = Annotated[
    str,
    typer.Argument(metavar="HISTORY", show_default=False,
                   help="Position history: a row per period a person holds a position "
                   "(employee_id, position or level and step, from, until; CSV, JSONL or xlsx; "
                   "- for stdin)."),
]  # fmt: skip
MonthArg = Annotated[
    str | None,
    typer.Option("--month", metavar="YYYY-MM", show_default=False,
                 help="The month the pay is for (or --from and --to)."),
]  # fmt: skip
FromArg = Annotated[
    str | None,
    typer.Option("--from", metavar="YYYY-MM", show_default=False,
                 help="The first month of a run of months: one record per person and month."),
]  # fmt: skip
ToArg = Annotated[
    str | None,
    typer.Option("--to", metavar="YYYY-MM", show_default=False,
                 help="The last month of a run of months (with --from)."),
]  # fmt: skip
HoursArg = Annotated[
    str | None,
    typer.Option("--hours", metavar="HOURS", show_default=False,
                 help="Full-time hours a week, and the hours of a row whose hours_per_week is "
                 "empty (default 40)."),
]  # fmt: skip
PaidArg = Annotated[
    str | None,
    typer.Option("--paid", metavar="FILE", show_default=False,
                 help="What was paid (employee_id, month, gross_paid; CSV, JSONL or xlsx): "
                 "adds gross_paid and arrears = gross_due - gross_paid."),
]  # fmt: skip
EmployerCostArg = Annotated[
    bool, typer.Option("--employer-cost", help="Add the employer's cost of gross_due.")
]
SummaryArg = Annotated[
    bool, typer.Option("--summary", help="The totals per framework and level, and in total, "
                       "instead of the records (amounts in lev also in euro).")
]  # fmt: skip
OutputFileArg = Annotated[
    Path | None,
    output_file_option("Write here instead of stdout, atomically, in the format its extension "
                       "names (.csv, .jsonl, .json, .xlsx; --format, if given, must agree)."),
]  # fmt: skip
FormatArg = Annotated[
    Format | None,
    format_option(MONTH_FORMATS, default="Default: table at a terminal, otherwise csv."),
]
EncodingArg = Annotated[
    str | None,
    typer.Option("--encoding", metavar="NAME", show_default=False,
                 help="Text encoding of a CSV or JSONL history and --paid file, e.g. cp1251 "
                 "(a --paid file in UTF-8 is read as UTF-8). Default: UTF-8 (with or without "
                 "a BOM)."),
]  # fmt: skip
#: What the rejected rows are written as (--rejects), as `roster` writes them.
REJECTS_FORMATS = (Format.csv, Format.jsonl, Format.xlsx)
RejectsFileArg = Annotated[
    Path | None,
    typer.Option("--rejects", metavar="FILE", dir_okay=False, show_default=False,
                 help="Rejected rows, with line and reason, in the format the extension names "
                 "(.csv, .jsonl or .ndjson, .xlsx), else CSV (a CSV history's own dialect)."),
]  # fmt: skip


@app.command(epilog=EXIT_CODES)
def month(
    ctx: typer.Context,
    source: HistoryArg,
    month: MonthArg = None,
    from_month: FromArg = None,
    to_month: ToArg = None,
    hours: HoursArg = None,
    paid: PaidArg = None,
    employer_cost: EmployerCostArg = False,
    summary: SummaryArg = False,
    output_file: OutputFileArg = None,
    rejects_file: RejectsFileArg = None,
    output: FormatArg = None,
    csv_dialect: CsvDialectOpt = CsvDialectName.plain,
    input_format: InputFormatArg = None,
    delimiter: DelimiterArg = None,
    encoding: EncodingArg = None,
    sheet: SheetArg = None,
    ignore_unknown: IgnoreUnknownArg = False,
    payroll: PayrollPath = None,
    born_before_1960: Cohort = False,
    work_accident_rate: WorkAccidentRate = None,
    grid: GridPath = None,
    add_grid: AddGrid = None,
    framework: FrameworkId = None,
    calendar: calendar_option = None,
    debug: Debug = False,
) -> None:
    """What each person is owed for a month, from a position history; --paid: the arrears.

    Working days at each position, prorated gross, net. Bad rows rejected (exit 4)."""
    # on run only: --help and completion stay light
    from salesgrid.batch.month import MonthRun
    from salesgrid.core.month import Pricer

    _refuse_overwriting(output_file, rejects_file, source, grid, add_grid, payroll, paid,
                        calendar)  # fmt: skip
    fmt = _format(ctx, output, output_file, rejects_file)
    if not employer_cost:
        refuse(ctx, ("work_accident_rate",), "changes the employer's cost alone: add "
               "--employer-cost, or drop it")  # fmt: skip
    first, last = _months(month, from_month, to_month)
    data_payroll, _, cohort, percent = payroll_args(payroll, first, born_before_1960,
                                                     work_accident_rate, warn=False)  # fmt: skip
    full, months = _hours(hours), _reviewed(data_payroll, first, last)
    data, _, _ = setup(grid, f"{last}-01", None, add_grid)
    pricer = Pricer(data, data_payroll, cohort, percent, full)
    dialect = dialect_named(csv_dialect)
    with few_collections():  # a big history: its people and records are no cycles
        with history_named(source, paid is not None):
            how = (input_format, encoding, delimiter, sheet)
            history = _history(source, how, ignore_unknown, data, framework, (full, months),
                               (rejects_file, dialect))  # fmt: skip
        working = _working_days(load_calendar_data(calendar))
        paid_amounts = None if paid is None else read_paid_file(paid, months, pricer, encoding)
        run = MonthRun(data, pricer, working, months, employer_cost, paid_amounts)
        _write(run, history, fmt, output_file, summary, dialect)
    for line in run.warning_lines():
        say(f"{PROG}: warning: {line}")
    if history.rejected:
        where = "see above" if rejects_file is None else f"in {rejects_file}"
        say(f"{PROG}: {history.rejected} of {counted(history.read, 'row')} rejected ({where}): "
            "their periods are left out")  # fmt: skip
        raise typer.Exit(ExitCode.REJECTED_ROWS)


def _reviewed(data: Any, first: str, last: str) -> list[str]:
    """The months of the run; one warning naming those past the payroll data's review."""
    # on run only: --help and completion stay light
    from salesgrid.core.month import months_between, review_warning

    months = months_between(first, last)
    warning = review_warning(data, months)
    if warning is not None:
        say(f"{PROG}: warning: {warning}")
    return months


def _refuse_overwriting(output_file: Path | None, rejects_file: Path | None, source: str,
                        grid: Path | None, add_grid: Any, payroll: Path | None, paid: str | None,
                        calendar: Any) -> None:  # fmt: skip
    """--output and --rejects are none of the files read (the history, the data files, the
    paid file), nor one another; stdin is read once (the history or the paid file)."""
    if source == "-" and paid == "-":
        fail_usage("HISTORY - and --paid - both read stdin, which can be read once: give one "
                   "of them as a file")  # fmt: skip
    others = {f"calendar {i + 1}": path for i, path in enumerate(calendar or ())}
    if paid is not None:
        others["paid"] = Path(paid)
    refuse_overwriting([("--output", output_file), ("--rejects", rejects_file)], source, grid,
                       add_grid, payroll=payroll, **others)  # fmt: skip


def _history(source: str, how: tuple[Any, Any, Any, Any], ignore_unknown: bool, data: Any,
             framework: str | None, hours: tuple[Any, list[str]],
             rejects: tuple[Path | None, Any]) -> Any:  # fmt: skip
    """The history read, each bad row to --rejects (in ``rejects``, with --csv-dialect's
    dialect) or stderr; ``hours`` is full time and the months computed."""
    # on run only: --help and completion stay light
    from salesgrid.batch.history import HistorySpec, read_history
    from salesgrid.core.month import month_bounds

    input_format, encoding, delimiter, sheet = how
    with (
        opened(source, input_format, encoding, delimiter, sheet, realms=list(data.realms),
               ignore_unknown=ignore_unknown, columns=_columns()) as history_in,
        contextlib.ExitStack() as kept,
    ):  # fmt: skip
        full, months = hours
        window = (month_bounds(months[0])[0], month_bounds(months[-1])[1])
        spec = HistorySpec(history_in.header, data, framework, full, ignore_unknown,
                           full_time=True, window=window)  # fmt: skip
        reject = _rejects(kept, spec.header, *rejects, history_in.dialect)
        return read_history(spec, history_in.rows, reject)


def _rejects(kept: contextlib.ExitStack, header: list[str], rejects_file: Path | None,
             dialect: Any, input_dialect: Any) -> Any:  # fmt: skip
    """Where a rejected row goes: the --rejects file, else a line on stderr."""
    if rejects_file is None:
        return lambda item: say(f"row {item.line}: {item.reason}")
    # on run only: --help and completion stay light
    from salesgrid.batch.rejectsfile import rejects_writer

    return rejects_writer(kept, header, rejects_file, dialect, input_dialect)


def _hours(hours: str | None) -> Any:
    """--hours: full time, more than 0 and at most 168 (default 40)."""
    # on run only: --help and completion stay light
    from salesgrid.core.month import FULL_TIME_HOURS

    full = FULL_TIME_HOURS if hours is None else money_arg(hours, "--hours", "37.5")
    if not 0 < full <= 168:
        fail_usage(f"--hours {clip(str(hours))!r} must be more than 0 and at most 168")
    return full


def _columns() -> tuple[str, ...]:
    # on run only: --help and completion stay light
    from salesgrid.batch.columns import HISTORY_COLUMNS

    return HISTORY_COLUMNS


def _months(month: str | None, first: str | None, last: str | None) -> tuple[str, str]:
    """--month, or --from and --to: the first and last month of the run."""
    # on run only: --help and completion stay light
    from salesgrid.core.payroll import parse_month

    if month is not None:
        if first is not None or last is not None:
            fail_usage("give --month, or --from and --to, not both")
        chosen = parse_month(month)
        return chosen, chosen
    if first is None or last is None:
        fail_usage("give the month: --month YYYY-MM, or --from YYYY-MM --to YYYY-MM")
    return parse_month(first, "--from"), parse_month(last, "--to")


def _working_days(data: Any) -> Any:
    """The working days between two days, both included, by the working-day calendar."""
    # on run only: --help and completion stay light
    from salesgrid.core.calendar import working_days_between

    return lambda first, last: working_days_between(data, first, last)


def _format(ctx: typer.Context, given: Format | None, output_file: Path | None,
            rejects_file: Path | None) -> Format:  # fmt: skip
    """The records' format (by --output's extension, else --format, else table at a terminal
    and csv otherwise); --csv-dialect only where CSV is written (records or rejects)."""
    if rejects_file is not None:
        file_format(ctx, "--rejects", rejects_file, REJECTS_FORMATS, "rejected rows")
    if output_file is not None:
        fmt = file_format(ctx, "--output", output_file, FILE_FORMATS, "the records", given)
    elif given is None:
        fmt = Format.table if sys.stdout.isatty() else Format.csv
    else:
        fmt = given
    if fmt is Format.xlsx and output_file is None and sys.stdout.isatty():
        fail_usage("--format xlsx writes a workbook: give --output FILE.xlsx, or redirect stdout")
    rejects_csv = rejects_file is not None and rejects_file.suffix.lower() not in (
        ".jsonl", ".ndjson", ".xlsx",
    )  # fmt: skip
    refuse_dialect(ctx, fmt is Format.csv or rejects_csv)
    return fmt


def _write(run: Any, history: Any, fmt: Format, output_file: Path | None, summary: bool,
           dialect: Any) -> None:  # fmt: skip
    """The records (or with --summary the totals) in ``fmt``, to the file or stdout; CSV in
    ``dialect``."""
    # on run only: --help and completion stay light
    from salesgrid.output import monthout
    from salesgrid.output.monthwrite import write_rows
    from salesgrid.output.streams import atomic_output, buffered_stdout

    columns = monthout.fields(run.employer_cost, run.paid is not None)
    records: Any = (monthout.month_record(due, run.employer_cost, run.paid is not None)
                    for due in run.records_of(history))  # fmt: skip
    values: Any = monthout.csv_values
    extra: dict[str, Any] = {}
    if fmt in (Format.csv, Format.xlsx, Format.table) and not summary:
        # rows made straight from each record's pay: the same text, each distinct pay once
        maker = monthout.RowMaker(columns, run.employer_cost, run.paid is not None)
        records = run.records_of(history)
        values = lambda due, _columns: maker.values(due)  # noqa: E731
        extra["lines"] = maker.line
    if summary:
        for _ in records:
            pass  # the totals are counted as the records go by
        records, columns = run.summary(), monthout.SUMMARY_FIELDS
        values = lambda row, _columns: monthout.summary_values(row)  # noqa: E731
    if fmt is Format.table:
        # on run only: --help and completion stay light
        from salesgrid.output.tables import roster_table

        draw_table(roster_table(columns, [values(r, columns) for r in records]))
        return
    binary = fmt is Format.xlsx
    if fmt is not Format.csv:
        dialect = None
    if output_file is not None:
        encoding = "utf-8" if dialect is None else dialect.encoding
        with atomic_output(output_file, binary=binary, encoding=encoding) as out:
            write_rows(records, fmt.value, out, columns, values, **_dialect(dialect), **extra)
        return
    if binary:
        write_rows(records, fmt.value, sys.stdout.buffer, columns, values)
        return
    plain = dialect is None or dialect.writes_plain
    with buffered_stdout(None if plain else dialect.encoding) as out:
        write_rows(records, fmt.value, out, columns, values, **_dialect(dialect), **extra)


def _dialect(dialect: Any) -> dict[str, Any]:
    """write_rows' CSV dialect, where one is chosen."""
    return {} if dialect is None else {"dialect": dialect}
