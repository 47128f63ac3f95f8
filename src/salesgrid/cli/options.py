"""Shared options (Annotated aliases), the ``--format`` option and the checks every command
uses (``refuse`` an option given where it has no use, ``fail_usage``); what the options name is
loaded by :mod:`salesgrid.cli.inputs`."""

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal, NoReturn

import typer
from typer._click.core import ParameterSource

from salesgrid.cli.complete import (
    complete_currency,
    complete_formats,
    complete_framework,
)
from salesgrid.cli.guard import State
from salesgrid.errors import UsageError, clip


class Format(StrEnum):
    table = "table"
    plain = "plain"
    csv = "csv"
    json = "json"
    jsonl = "jsonl"
    xlsx = "xlsx"
    html = "html"
    markdown = "markdown"


EVERY_FORMAT = (Format.table, Format.plain, Format.csv, Format.json, Format.jsonl)


class CsvDialectName(StrEnum):
    """The CSV dialects (:mod:`salesgrid.output.csvdialect`)."""

    plain = "plain"
    bg_excel = "bg-excel"


class SchemaKind(StrEnum):
    grid = "grid"
    competencies = "competencies"
    assessment = "assessment"
    payroll = "payroll"
    calendar = "calendar"


class DataKind(StrEnum):
    grid = "grid"
    competencies = "competencies"
    payroll = "payroll"


class StatementKind(StrEnum):
    core = "core"
    durable = "durable"
    ai = "ai"


def _enable_debug(value: bool) -> None:
    if value:
        State.debug = True


def data_file_option(flag: str, envvar: str, help: str) -> Any:
    """``--grid PATH`` and its kin: a data file, its variable, never a directory."""
    return typer.Option(
        flag, envvar=envvar, metavar="PATH", help=help, show_default=False, dir_okay=False
    )


def output_file_option(help: str) -> Any:
    """``--output FILE``: a file written atomically, never a directory."""
    return typer.Option("--output", metavar="FILE", dir_okay=False, show_default=False, help=help)


GridPath = Annotated[
    Path | None,
    data_file_option(
        "--grid", "SALESGRID_GRID", "Grid data file. Default: the packaged data/grid.yaml."
    ),
]


def _repeated_paths(
    ctx: typer.Context, param: typer.CallbackParam, value: Any, option: str, variable: str
) -> list[Path]:
    """A repeatable file option in command-line order; from its variable, the paths between the
    OS path separators, an empty one (``a.yaml::b.yaml``, a trailing ``:``) skipped."""
    from_env = ctx.get_parameter_source(param.name or "") is ParameterSource.ENVIRONMENT
    if from_env:
        text = os.environ.get(variable, "")
        value = [Path(part) for part in text.split(os.pathsep) if part.strip()]
    paths = list(value or ())
    for path in paths:
        if path.is_dir():
            where = f" (from {variable})" if from_env else ""
            raise UsageError(f"{option} {clip(str(path))!r}{where} is a directory: give the "
                             "path of a layer file")  # fmt: skip
    return paths


def _layer_paths(ctx: typer.Context, param: typer.CallbackParam, value: Any) -> list[Path]:
    """``--add-grid`` in command-line order, or ``SALESGRID_ADD_GRID``'s paths."""
    return _repeated_paths(ctx, param, value, "--add-grid", "SALESGRID_ADD_GRID")


def _calendar_paths(ctx: typer.Context, param: typer.CallbackParam, value: Any) -> list[Path]:
    """``--calendar`` in command-line order, or ``SALESGRID_CALENDAR``'s paths."""
    return _repeated_paths(ctx, param, value, "--calendar", "SALESGRID_CALENDAR")


AddGrid = Annotated[
    list[Path] | None,
    typer.Option(
        "--add-grid",
        envvar="SALESGRID_ADD_GRID",
        metavar="PATH",
        show_default=False,
        callback=_layer_paths,
        help="A layer file added on top of the grid (repeatable, applied in order): new "
        "frameworks, later versions of known ones. SALESGRID_ADD_GRID: paths separated by ':' "
        "(';' on Windows), used when no --add-grid is given.",
    ),
]
#: ``--calendar FILE`` (repeatable; ``SALESGRID_CALENDAR``): days off and worked days on top of
#: the packaged calendar, loaded by :func:`salesgrid.cli.inputs.load_calendar_data`.
calendar_option = Annotated[
    list[Path] | None,
    typer.Option(
        "--calendar",
        envvar="SALESGRID_CALENDAR",
        metavar="PATH",
        show_default=False,
        callback=_calendar_paths,
        help="A calendar file of days off and worked days added on top of the packaged "
        "data/calendar.yaml (repeatable, applied in order; a later file's word on a day wins). "
        "SALESGRID_CALENDAR: paths separated by ':' (';' on Windows), used when no --calendar "
        "is given.",
    ),
]
CompetenciesPath = Annotated[
    Path | None,
    data_file_option(
        "--competencies",
        "SALESGRID_COMPETENCIES",
        "Competency data file (level names in tables). Default: the packaged one.",
    ),
]
FrameworkId = Annotated[
    str | None,
    typer.Option(
        "--framework",
        "-f",
        envvar="SALESGRID_FRAMEWORK",
        autocompletion=complete_framework,
        metavar="ID",
        help="Framework id (see `salesgrid frameworks`). Default: the grid's default, "
        "sales-management.",
        show_default=False,
    ),
]
AsOf = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        envvar="SALESGRID_AS_OF",
        metavar="YYYY-MM-DD",
        help="Use the grid version in force on this day. Default: today.",
        show_default=False,
    ),
]


def _parse_format(value: str | Format) -> Format | str:
    """A known format name (any case), else the text as given for the command to refuse."""
    text = str(value).strip().lower()
    return Format(text) if text in Format.__members__ else str(value)


def format_option(
    accepted: tuple[Format, ...], note: str = "", default: str = "", writes: str = ""
) -> Any:
    """``--format`` listing only the formats a command accepts.

    A format from ``SALESGRID_FORMAT`` that the command cannot write falls back to the command's
    default silently (the variable is shared by every command); the same format given as
    ``--format`` is a usage error naming the accepted ones (or saying ``writes``, where what a
    command writes differs by what it is asked: ``the report as ...; the answer as ...``).
    """

    def check(ctx: typer.Context, param: typer.CallbackParam, value: Format | str | None) -> Any:
        if value is None or value in accepted:
            return value
        names = writes or ", ".join(f.value for f in accepted)
        from_env = ctx.get_parameter_source(param.name or "") is ParameterSource.ENVIRONMENT
        if not isinstance(value, Format):
            given = f"SALESGRID_FORMAT={clip(value)!r}" if from_env else f"--format {clip(value)!r}"
            raise UsageError(f"{given} is not a format: {ctx.command_path} writes {names}")
        if from_env:
            return None
        raise UsageError(f"--format {value.value}: {ctx.command_path} writes {names}")

    return typer.Option(
        "--format",
        envvar="SALESGRID_FORMAT",
        metavar="|".join(f.value for f in accepted),
        parser=_parse_format,
        callback=check,
        autocompletion=complete_formats(f.value for f in accepted),
        show_default=False,
        help="Output format. "
        + (
            default
            or "Default: table at a terminal; otherwise plain for `pay` and `payroll`, "
            "csv for the record commands."
        )
        + (f" {note}" if note else ""),
    )


FormatOpt = Annotated[Format | None, format_option(EVERY_FORMAT)]
CurrencyOpt = Annotated[
    str | None,
    typer.Option(
        "--currency",
        envvar="SALESGRID_CURRENCY",
        autocompletion=complete_currency,
        metavar="BGN|EUR",
        help="Currency of `amount` and plain output. Default: the grid's own (BGN). EUR is "
        "BGN / 1.95583 rounded up to the cent (the pay rule).",
        show_default=False,
    ),
]
CsvDialectOpt = Annotated[
    CsvDialectName,
    typer.Option(
        "--csv-dialect",
        envvar="SALESGRID_CSV_DIALECT",
        metavar="plain|bg-excel",
        case_sensitive=False,
        show_default=False,
        help="How CSV is written: plain (',', decimal points, UTF-8, LF line ends: for scripts) "
        "or bg-excel (';', decimal commas, UTF-8 with a BOM, CRLF: opens right in an Excel set "
        "to Bulgarian). Default: plain.",
    ),
]
ActualCurrency = Annotated[
    str | None,
    typer.Option(
        "--actual-currency",
        autocompletion=complete_currency,
        metavar="BGN|EUR",
        help="Currency of the roster's actual_pay where its actual_currency is empty or "
        "absent. Default: the framework's own (BGN).",
        show_default=False,
    ),
]
Debug = Annotated[
    bool,
    typer.Option(
        "--debug",
        help="Show the traceback of any error (or set SALESGRID_DEBUG=1).",
        callback=_enable_debug,
        is_eager=True,
        expose_value=False,
        show_default=False,
    ),
]


PayrollPath = Annotated[
    Path | None,
    data_file_option(
        "--payroll", "SALESGRID_PAYROLL", "Payroll data file. Default: the packaged one."
    ),
]
MonthOpt = Annotated[
    str | None,
    typer.Option("--month", envvar="SALESGRID_MONTH", metavar="YYYY-MM", show_default=False,
                 help="The month the pay is for. Default: the current month."),
]  # fmt: skip
Cohort = Annotated[
    bool, typer.Option("--born-before-1960", help="Use the rates for people born before 1960.")
]
WorkAccidentRate = Annotated[
    str | None,
    typer.Option("--work-accident-rate", metavar="PERCENT", show_default=False,
                 help="The work-accident fund rate in percent, 0.4 to 1.1 (default 0.4; "
                 "0,5 is read as 0.5)."),
]  # fmt: skip


def format_for(given: Format | None, kind: Literal["scalar", "records"]) -> Format:
    if given is not None:
        return given
    if sys.stdout.isatty():
        return Format.table
    return Format.plain if kind == "scalar" else Format.csv


def fail_usage(message: str) -> NoReturn:
    raise UsageError(message)


def _given(ctx: typer.Context, *names: str) -> list[str]:
    """The options among ``names`` (parameter names) given on the command line, as flags.

    A default from an environment variable is never "given": variables are shared by every
    command, so one a command cannot use is left alone rather than refused.
    """
    flags = []
    for param in ctx.command.params:
        if param.name in names and ctx.get_parameter_source(param.name) is (
            ParameterSource.COMMANDLINE
        ):
            flags.append(param.opts[0])
    return flags


def refuse_dialect(ctx: typer.Context, writes_csv: bool) -> None:
    """``--csv-dialect`` typed where the command writes no CSV is a usage error (from
    ``SALESGRID_CSV_DIALECT`` it is left alone, as every variable is)."""
    if not writes_csv:
        refuse(ctx, ("csv_dialect",), "says how CSV is written, and this writes none: add "
               "--format csv, or drop it")  # fmt: skip


def refuse(ctx: typer.Context, names: tuple[str, ...], why: str) -> None:
    """A usage error if any of these options was given: ``why`` says what to do instead."""
    found = _given(ctx, *names)
    if found:
        fail_usage(f"{found[0]} {why}")


Employer = Annotated[
    str | None,
    typer.Option(
        "--employer",
        envvar="SALESGRID_EMPLOYER",
        metavar="NAME",
        help="The employer named on the document and in its JSON provenance.",
        show_default=False,
    ),
]


class Language(StrEnum):
    en = "en"
    bg = "bg"


LangOption = Annotated[
    Language | None,
    typer.Option(
        "--lang",
        envvar="SALESGRID_LANG",
        help="The language of the document people read: en (default) or bg (Bulgarian, in the "
        "terms of the Directive's Bulgarian text). JSON and CSV stay English.",
        show_default=False,
        case_sensitive=False,
    ),
]
