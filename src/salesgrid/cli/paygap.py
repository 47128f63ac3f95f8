"""`salesgrid paygap`: the EU Pay Transparency Directive's gender pay gap indicators from a
roster or a position history (Art. 9), or one worker's answer (Art. 7) with --employee."""

import sys
from importlib.util import find_spec
from pathlib import Path
from typing import Annotated, Any

import typer

from salesgrid.cli.collecting import few_collections
from salesgrid.cli.guard import EXIT_CODES, PROG, say
from salesgrid.cli.inputs import money_arg, setup
from salesgrid.cli.options import (
    ActualCurrency,
    AddGrid,
    CsvDialectName,
    CsvDialectOpt,
    Debug,
    Employer,
    Format,
    FrameworkId,
    GridPath,
    LangOption,
    Language,
    PayrollPath,
    calendar_option,
    fail_usage,
    format_option,
    output_file_option,
    refuse,
    refuse_dialect,
)
from salesgrid.cli.output import dialect_named, emit, file_format, write_text
from salesgrid.cli.paygapformats import (
    FORMAT_NOTE,
    PAYGAP_FORMATS,
    WRITES,
    accepted,
    either,
    human,
    without,
)
from salesgrid.cli.paygapin import from_history, from_roster
from salesgrid.cli.root import app
from salesgrid.cli.rosterin import (
    DelimiterArg,
    EncodingArg,
    IgnoreUnknownArg,
    InputFormatArg,
    SheetArg,
)
from salesgrid.cli.sources import refuse_overwriting
from salesgrid.errors import ExitCode, UsageError, clip, counted

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
                 "(default 40); with --history, full time too."),
]  # fmt: skip
MinGroupOpt = Annotated[
    str | None,
    typer.Option("--min-group", metavar="N", show_default=False,
                 help="Withhold every figure over fewer than N women or N men: such a category "
                 "shows its counts only, and --employee no mean of so few (default 3; 1 shows "
                 "everything, for the labour inspectorate)."),
]  # fmt: skip
EmployeeOpt = Annotated[
    str | None,
    typer.Option("--employee", metavar="ID", show_default=False,
                 help="Answer one worker's request (Art. 7): their hourly and annual pay and "
                 "the mean hourly pay of the women and men in their category."),
]  # fmt: skip
OutputFileOpt = Annotated[
    Path | None,
    output_file_option("Write here instead of stdout, atomically, in the format its "
                       "extension names (.csv, .json, .md, .html; --format, if given, must "
                       "agree), else --format."),
]  # fmt: skip
FormatArg = Annotated[
    Format | None, format_option(PAYGAP_FORMATS, default=FORMAT_NOTE, writes=WRITES)
]
RosterArg = Annotated[
    str | None,
    typer.Argument(metavar="[FILE]", show_default=False,
                   help="Roster: CSV with a header, JSONL or xlsx; - for stdin. Or --history."),
]  # fmt: skip
AsOfOpt = Annotated[
    str | None,
    typer.Option("--as-of", envvar="SALESGRID_AS_OF", metavar="YYYY-MM-DD",
                 show_default=False,
                 help="Use the grid version in force on this day for a roster's positions. "
                 "Default: 31 December of --year."),
]  # fmt: skip
HistoryOpt = Annotated[
    str | None,
    typer.Option("--history", metavar="HISTORY", show_default=False,
                 help="Instead of a roster: a position history (a row per period a person "
                 "holds a position, as `month` reads it, with sex and variable_pay), each "
                 "worker's year priced month by month (hires, leavers and moves exact)."),
]  # fmt: skip


@app.command(epilog=EXIT_CODES)
def paygap(
    ctx: typer.Context,
    source: RosterArg = None,
    history: HistoryOpt = None,
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
    as_of: AsOfOpt = None,
    output: FormatArg = None,
    employer: Employer = None,
    csv_dialect: CsvDialectOpt = CsvDialectName.plain,
    lang: LangOption = None,
    calendar: calendar_option = None,
    debug: Debug = False,
) -> None:
    """Gender pay gap report (EU Directive 2023/970, Art. 9); --employee: a worker's answer.

    From a roster or a --history; bad rows rejected (exit 4). --employee: Art. 7's answer."""
    # on run only: --help and completion stay light
    from salesgrid.batch.paygap import warning_lines
    from salesgrid.cli.provenance import new_digest, roster_source, trace
    from salesgrid.core.provenance import check_employer, year_period
    from salesgrid.files.loader import load_payroll

    read_from = _one_input(ctx, source, history)
    calendars = {f"calendar {i + 1}": path for i, path in enumerate(calendar or ())}
    refuse_overwriting([("--output", output_file)], read_from, grid, add_grid, payroll=payroll,
                       **calendars)  # fmt: skip
    fmt, words = _paygap_format(ctx, output, employee, output_file, lang)
    employer, digest = check_employer(employer), new_digest()
    refuse_dialect(ctx, fmt is Format.csv)
    hours_value, groups = _numbers(hours, min_group)
    data_payroll = load_payroll(payroll)
    chosen = _year(year, data_payroll)
    data, day, _ = setup(grid, as_of or f"{chosen}-12-31", None, add_grid)
    how = (input_format, encoding, delimiter, sheet)
    with few_collections():  # a big roster: its workers are no cycles
        got, spec = (
            from_history(history, how, ignore_unknown, data, data_payroll, chosen, framework,
                         hours_value, calendar, digest) if history is not None
            else from_roster(read_from, how, ignore_unknown, data, data_payroll, chosen, day,
                             framework, hours_value, actual_currency, digest)
        )  # fmt: skip
        for line in warning_lines(got):
            say(f"{PROG}: warning: {line}")
        provenance = trace(employer, year_period(chosen), grid, add_grid, {"payroll": payroll},
                           roster_source(read_from, digest))  # fmt: skip
        _outputs(got, spec, chosen, groups, employee, provenance,
                 (fmt, output_file, csv_dialect, words), history is not None)  # fmt: skip
    _end(got)


def _end(got: Any) -> None:
    """Exit 4, said on stderr, when rows were rejected: the figures leave them out."""
    if got.rejected:
        say(f"{PROG}: {got.rejected} of {counted(got.read, 'row')} rejected (see above): "
             "the figures leave them out")  # fmt: skip
        raise typer.Exit(ExitCode.REJECTED_ROWS)


def _year(year: str | None, data_payroll: Any) -> int:
    """The year reported (--year, else the one the payroll data covers)."""
    # on run only: --help and completion stay light
    from salesgrid.core import paygap as core

    first, reviewed = data_payroll.periods[0].from_month, data_payroll.reviewed_until
    return core.check_year(None if year is None else core.parse_year(year), first, reviewed)


def _one_input(ctx: typer.Context, source: str | None, history: str | None) -> str:
    """The file read: the roster, or --history's (never both); the options of the other
    refused."""
    if source is not None and history is not None:
        fail_usage(
            f"give a roster FILE or --history HISTORY, not both: the report is made from one "
            f"of them (drop {clip(source)!r} to report from the history)"
        )
    if source is None and history is None:
        fail_usage("give the roster FILE (or - for stdin), or --history HISTORY")
    if history is not None:
        refuse(ctx, ("actual_currency",), "is the currency of a roster's actual_pay, and a "
               "history is paid by the grid: drop it, or give a roster")  # fmt: skip
        refuse(ctx, ("as_of",), "picks the grid of a roster's positions, and a history is "
               "priced by the grid in force on each day: drop it")  # fmt: skip
        return history
    refuse(ctx, ("calendar",), "counts the working days of a history: add --history "
           "HISTORY, or drop it")  # fmt: skip
    return str(source)


def _outputs(
    got: Any,
    spec: Any,
    year: int,
    groups: int,
    employee: str | None,
    provenance: Any,
    how: tuple[Format, Path | None, CsvDialectName, Any],
    history: bool = False,
) -> None:
    """The answer to --employee, or the report with the rows read, each with its trace, in
    the words of the language chosen; ``history``: made from a position history's workers."""
    # on run only: --help and completion stay light
    from salesgrid.core import paygap as core

    fmt, output_file, csv_dialect, words = how
    if employee is not None:
        answer = core.employee_answer(got.workers, employee, groups, words, history)
        _employee_output(answer | {"provenance": provenance}, fmt, got.currency, output_file, words)
        return
    method = core.method_text(year, got.currency, groups, spec.method_basis(words), words,
                              history)  # fmt: skip
    record = {**core.report(got.workers, year, method, groups), "provenance": provenance}
    _report_output(record, got, fmt, output_file, words, csv_dialect, history)


def _paygap_format(
    ctx: typer.Context,
    given: Format | None,
    employee: str | None,
    output_file: Path | None,
    lang: Language | None,
) -> tuple[Format, Any]:
    """The format: with --output, by :func:`file_format` (the extension, which --format must
    agree with, else --format, else csv or, for --employee, plain); else --format, else table
    at a terminal, else csv (plain for --employee); each output takes only its own formats.
    And the language of its words: --lang for the formats people read, else English."""
    # on run only: --help and completion stay light
    from salesgrid.output.lang import language

    formats = accepted(employee is not None)
    what = "the answer to --employee" if employee is not None else "the report"
    if employee is not None:
        refuse(ctx, ("csv_dialect",), "says how CSV is written, and the answer to --employee "
               "is never CSV: drop it")  # fmt: skip
    if output_file is not None:
        given = file_format(ctx, "--output", output_file, formats[1:], what, given)
    if given is None:
        given = Format.table if sys.stdout.isatty() else formats[1]
    if given not in formats:
        fail_usage(f"--format {given.value}: {what} is written as {either(formats)}")
    if given is Format.csv:  # the one format with no place for the trace (--format json has)
        others = either(without(formats, Format.csv))
        refuse(ctx, ("employer",), "names the employer on the report, and the CSV report has "
               f"no place for it: give --format {others}")  # fmt: skip
    if given not in human(formats):  # JSON and CSV are the same in every language
        refuse(ctx, ("lang",), f"changes the words people read, and --format {given.value} "
               "is for programs, the same in every language: give --format "
               f"{either(human(formats))}")  # fmt: skip
    if given is Format.html and find_spec("salesgrid.output.htmlreport") is None:
        fail_usage("--format html: this salesgrid has no HTML report renderer "
                   "(salesgrid.output.htmlreport): choose "
                   f"{either(without(formats, Format.html))}")  # fmt: skip
    return given, language(lang.value if lang is not None and given in human(formats) else "en")


def _numbers(hours: str | None, min_group: str | None) -> tuple[Any, int]:
    """--hours (full time, the default hours a week) and --min-group, checked."""
    # on run only: --help and completion stay light
    from salesgrid.core.paygap import DEFAULT_HOURS, DEFAULT_MIN_GROUP

    chosen = DEFAULT_HOURS if hours is None else money_arg(hours, "--hours", "37.5")
    if not 0 < chosen <= 168:
        fail_usage(f"--hours {clip(str(hours))!r} must be more than 0 and at most 168")
    if min_group is None:
        return chosen, DEFAULT_MIN_GROUP
    value = min_group.strip()
    if not (value.isdigit() and value.isascii() and 1 <= int(value) <= 1_000_000):
        raise UsageError(f"--min-group {clip(min_group)!r} is not a whole number from 1 (e.g. 5)")
    return chosen, int(value)


def _to_file(text: str, output_file: Path) -> None:
    # on run only: --help and completion stay light
    from salesgrid.output.streams import atomic_output

    with atomic_output(output_file) as out:
        out.write(text)


def _report_output(
    record: dict[str, Any],
    got: Any,
    fmt: Format,
    path: Path | None,
    lang: Any,
    dialect: CsvDialectName = CsvDialectName.plain,
    history: bool = False,
) -> None:
    """The report of ``got`` (what :func:`read_workers` read: its row counts, its currency;
    a position history's with ``history``)."""
    # on run only: --help and completion stay light
    from salesgrid.output import paygaplines, paygapout

    currency = got.currency
    rows = {"read": got.read, "accepted": got.read - got.rejected,
            "rejected": got.rejected, "blank": got.blank}  # fmt: skip

    def text() -> str:
        return paygapout.report_text(fmt.value, record, rows, dialect_named(dialect), lang,
                                     history)  # fmt: skip

    def table() -> Any:
        # on run only: --help and completion stay light
        from salesgrid.output import paygaptables

        return paygaptables.paygap_table(record, currency, lang, history)

    if path is not None:
        _to_file(text(), path)
    elif fmt in (Format.html, Format.markdown):
        write_text(text())  # one document: the dispatcher's formats are the other commands'
    else:
        emit(fmt, records=lambda: [record], single=True, csv=text, table=table)
    if fmt is Format.csv:  # the one format with no place for a sentence: said on stderr
        for line in paygaplines.withheld_lines(record, history=history):
            say(f"{PROG}: note: {line}")


def _employee_output(
    answer: dict[str, Any], fmt: Format, currency: str, path: Path | None, lang: Any
) -> None:
    # on run only: --help and completion stay light
    from salesgrid.output import paygapout

    if path is not None or fmt is Format.markdown:
        text = paygapout.employee_text(fmt.value, answer, currency, lang)
        if path is None:
            write_text(text)  # one document: the dispatcher's formats are the other commands'
        else:
            _to_file(text, path)
        return

    def table() -> Any:
        # on run only: --help and completion stay light
        from salesgrid.output import paygaptables

        return paygaptables.paygap_employee_table(answer, currency, lang)

    emit(fmt, records=lambda: [answer], single=True, table=table,
          plain=lambda: paygapout.employee_text("plain", answer, currency, lang))  # fmt: skip
