"""`salesgrid paygap`: the EU Pay Transparency Directive's gender pay gap indicators from a
roster (Art. 9), or one worker's answer (Art. 7) with --employee."""

import sys
from importlib.util import find_spec
from pathlib import Path
from typing import Annotated, Any

import typer

from salesgrid.cli.guard import EXIT_CODES, PROG, _say
from salesgrid.cli.options import (
    ActualCurrency,
    AddGrid,
    AsOf,
    Debug,
    Format,
    FrameworkId,
    GridPath,
    PayrollPath,
    _fail_usage,
    _format_option,
    _money_arg,
    _refuse,
    _setup,
    output_file_option,
)
from salesgrid.cli.output import _emit, _write
from salesgrid.cli.root import app
from salesgrid.cli.roster import (
    DelimiterArg,
    EncodingArg,
    IgnoreUnknownArg,
    InputFormatArg,
    SheetArg,
    SourceArg,
    _open_source,
    _read_failure,
)
from salesgrid.errors import ExitCode, UsageError, clip

PAYGAP_FORMATS = (Format.table, Format.plain, Format.csv, Format.json, Format.html)
REPORT_FORMATS = (Format.table, Format.csv, Format.json, Format.html)
EMPLOYEE_FORMATS = (Format.table, Format.plain, Format.json)
FORMAT_NOTE = (
    "Default: table at a terminal; otherwise csv (plain with --employee), or by --output's "
    "extension (.csv, .json, .html). The report: table, csv, json or html; --employee: table, "
    "plain or json."
)
_SUFFIXES = {".csv": Format.csv, ".json": Format.json, ".html": Format.html, ".htm": Format.html}

YearOpt = Annotated[
    str | None,
    typer.Option("--year", metavar="YYYY", show_default=False,
                 help="The calendar year reported: net pay is grossed up with its payroll "
                 "parameters. Default: the last full year of the payroll data."),
]  # fmt: skip
HoursOpt = Annotated[
    str | None,
    typer.Option("--hours", metavar="HOURS", show_default=False,
                 help="Hours per week where the roster's hours_per_week is empty or absent "
                 "(default 40)."),
]  # fmt: skip
MinGroupOpt = Annotated[
    str | None,
    typer.Option("--min-group", metavar="N", show_default=False,
                 help="Categories with fewer than N women or N men show counts and no gaps "
                 "(default 1)."),
]  # fmt: skip
EmployeeOpt = Annotated[
    str | None,
    typer.Option("--employee", metavar="ID", show_default=False,
                 help="Answer one worker's request (Art. 7): their hourly and annual pay and "
                 "the mean hourly pay of the women and men in their category."),
]  # fmt: skip
OutputFileOpt = Annotated[
    Path | None,
    output_file_option("Write here instead of stdout, atomically, as --format, else by "
                       "extension (.csv, .json, .html)."),
]  # fmt: skip
FormatArg = Annotated[Format | None, _format_option(PAYGAP_FORMATS, default=FORMAT_NOTE)]


@app.command(epilog=EXIT_CODES)
def paygap(
    ctx: typer.Context,
    source: SourceArg,
    year: YearOpt = None,
    hours: HoursOpt = None,
    min_group: MinGroupOpt = None,
    employee: EmployeeOpt = None,
    input_format: InputFormatArg = None,
    delimiter: DelimiterArg = None,
    encoding: EncodingArg = None,
    sheet: SheetArg = None,
    ignore_unknown: IgnoreUnknownArg = False,
    output_file: OutputFileOpt = None,
    actual_currency: ActualCurrency = None,
    payroll: PayrollPath = None,
    grid: GridPath = None,
    add_grid: AddGrid = None,
    framework: FrameworkId = None,
    as_of: AsOf = None,
    output: FormatArg = None,
    debug: Debug = False,
) -> None:
    """Gender pay gap report (EU Directive 2023/970, Art. 9) from a roster; bad rows rejected
    (exit 4). With --employee, one worker's answer (Art. 7)."""
    from salesgrid.batch import rosterread
    from salesgrid.batch.paygap import PaygapSpec, read_workers
    from salesgrid.core import paygap as core
    from salesgrid.core.pay import steps_at
    from salesgrid.files.loader import load_payroll

    fmt = _paygap_format(output, employee, output_file)
    hours_value, groups = _numbers(ctx, employee, hours, min_group)
    data_payroll = load_payroll(payroll)
    first, reviewed = data_payroll.periods[0].from_month, data_payroll.reviewed_until
    chosen = core.check_year(None if year is None else core.parse_year(year), first, reviewed)
    data, day, _ = _setup(grid, as_of or f"{chosen}-12-31", None, add_grid)
    kind = rosterread.input_kind(source, input_format, encoding, delimiter, sheet)
    codec = rosterread.codec_name(encoding)
    separator = rosterread.delimiter_char(delimiter)
    binary, _ = _open_source(source)
    try:
        header, rows = _rows(kind, binary, codec, separator, sheet, ignore_unknown,
                             steps_at(data, framework, day))  # fmt: skip
        spec = PaygapSpec(header, data, data_payroll, chosen, day, framework, hours_value,
                          actual_currency, ignore_unknown)  # fmt: skip
        got = read_workers(spec, rows, lambda item: _say(f"row {item.line}: {item.reason}"))
    except (OSError, UnicodeError) as exc:
        _read_failure(source, codec, exc)
    finally:
        if binary is not sys.stdin.buffer:
            binary.close()
    if employee is not None:
        _employee_output(core.employee_answer(got.workers, employee), fmt, got.currency,
                         output_file)  # fmt: skip
    else:
        method = core.method_text(chosen, got.currency, groups, spec.method_basis())
        record = core.report(got.workers, chosen, method, groups)
        rows_read = {"read": got.read, "accepted": got.read - got.rejected,
                     "rejected": got.rejected}  # fmt: skip
        _report_output(record, rows_read, fmt, got.currency, output_file)
    if got.rejected:
        _say(f"{PROG}: {got.rejected} of {got.read} rows rejected (see above): the figures "
             "leave them out")  # fmt: skip
        raise typer.Exit(ExitCode.REJECTED_ROWS)


def _paygap_format(given: Format | None, employee: str | None, output_file: Path | None) -> Format:
    """The format: --format, else --output's extension, else table at a terminal, else csv
    (plain for --employee); each output takes only its own formats."""
    accepted = EMPLOYEE_FORMATS if employee is not None else REPORT_FORMATS
    if given is None and output_file is not None:
        given = _SUFFIXES.get(output_file.suffix.lower())
        if given not in accepted:
            given = Format.plain if employee is not None else Format.csv
    if given is None:
        given = Format.table if sys.stdout.isatty() else accepted[1]
    if given not in accepted:
        what = "the answer to --employee" if employee is not None else "the report"
        names = ", ".join(f.value for f in accepted)
        _fail_usage(f"--format {given.value}: {what} is written as {names}")
    if given is Format.html and find_spec("salesgrid.output.htmlreport") is None:
        _fail_usage("--format html: this salesgrid has no HTML report renderer "
                    "(salesgrid.output.htmlreport): choose table, csv or json")  # fmt: skip
    if given is Format.table and output_file is not None:
        _fail_usage(f"--format table is drawn on a terminal, not written to a file (--output "
                    f"{output_file}): choose another format")  # fmt: skip
    return given


def _rows(
    kind: str, binary: Any, codec: str, separator: str | None, sheet: str | None, ignore: bool,
    steps: Any,
) -> tuple[list[str], Any]:  # fmt: skip
    """The header and rows of the roster, by its kind (a JSONL roster has paygap's columns;
    ``steps`` reads a position typed into an xlsx number cell)."""
    from salesgrid.batch import paygap, rosterread

    if kind == "xlsx":
        return rosterread.xlsx_rows(binary, sheet, steps)
    text = rosterread.text_stream(binary, codec)
    if kind == "jsonl":
        return rosterread.jsonl_rows(text, (), ignore, text.encoding, paygap.COLUMNS)
    return rosterread.csv_rows(text, separator, text.encoding)


def _numbers(
    ctx: typer.Context, employee: str | None, hours: str | None, min_group: str | None
) -> tuple[Any, int]:
    """--hours (full time, the default hours a week) and --min-group, checked."""
    from salesgrid.core.paygap import DEFAULT_HOURS

    if employee is not None:
        _refuse(ctx, ("min_group",), "applies to the report's categories, not to the answer "
                "to --employee: drop one or the other")  # fmt: skip
    chosen = DEFAULT_HOURS if hours is None else _money_arg(hours, "--hours", "37.5")
    if not 0 < chosen <= 168:
        _fail_usage(f"--hours {clip(str(hours))!r} must be more than 0 and at most 168")
    if min_group is None:
        return chosen, 1
    value = min_group.strip()
    if not (value.isdigit() and value.isascii() and 1 <= int(value) <= 1_000_000):
        raise UsageError(f"--min-group {clip(min_group)!r} is not a whole number from 1 (e.g. 5)")
    return chosen, int(value)


def _to_file(text: str, output_file: Path) -> None:
    from salesgrid.output.streams import atomic_output

    with atomic_output(output_file) as out:
        out.write(text)


def _report_output(
    record: dict[str, Any], rows: dict[str, int], fmt: Format, currency: str, path: Path | None
) -> None:
    from salesgrid.output import paygapout

    def text() -> str:
        return paygapout.report_text(fmt.value, record, rows)

    def table() -> Any:
        from salesgrid.output import tables

        return tables.paygap_table(record, currency)

    if path is not None:
        _to_file(text(), path)
    elif fmt is Format.html:
        _write(text())  # one page: the dispatcher's formats are the other commands'
    else:
        _emit(fmt, records=lambda: [record], single=True, csv=text, table=table)


def _employee_output(answer: dict[str, Any], fmt: Format, currency: str, path: Path | None) -> None:
    from salesgrid.output import paygapout

    if path is not None:
        _to_file(paygapout.employee_text(fmt.value, answer, currency), path)
        return

    def table() -> Any:
        from salesgrid.output import tables

        return tables.paygap_employee_table(answer, currency)

    _emit(fmt, records=lambda: [answer], single=True, table=table,
          plain=lambda: paygapout.employee_text("plain", answer, currency))  # fmt: skip
