"""The command line: parse arguments, call the core, pick a renderer, map errors to exit codes.

Nothing here computes pay. rich is imported (through :mod:`salesgrid.output.tables`) only when
a table or chart is drawn.

May import: every salesgrid package; nothing imports the cli but the console-script entry.
"""

import errno
import os
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, NoReturn

import typer
from typer import Abort
from typer._click.core import ParameterSource
from typer._click.exceptions import ClickException
from typer._click.exceptions import UsageError as ClickUsageError
from typer.core import TyperGroup

from salesgrid import __version__
from salesgrid.errors import (
    DataFileError,
    ExitCode,
    Problem,
    SalesgridError,
    UsageError,
    clip,
)

if TYPE_CHECKING:
    from salesgrid.core.competencies import CompetenciesFile
    from salesgrid.core.models import GridFile

PROG = "salesgrid"

EXIT_CODES = (
    "Exit codes: 0 success; 1 not eligible (promote --check); 2 usage error; "
    "3 position, framework or date not in the data; 4 rejected input rows; "
    "5 invalid data file; 70 internal error (a bug); 74 output could not be written; "
    "129 hangup; 130 interrupted; 141 output pipe closed; 143 terminated."
)


class Format(StrEnum):
    table = "table"
    plain = "plain"
    csv = "csv"
    json = "json"
    jsonl = "jsonl"
    xlsx = "xlsx"


EVERY_FORMAT = (Format.table, Format.plain, Format.csv, Format.json, Format.jsonl)


class SchemaKind(StrEnum):
    grid = "grid"
    competencies = "competencies"
    assessment = "assessment"
    payroll = "payroll"


class DataKind(StrEnum):
    grid = "grid"
    competencies = "competencies"
    payroll = "payroll"


class StatementKind(StrEnum):
    core = "core"
    durable = "durable"
    ai = "ai"


class _State:
    debug = False
    args: tuple[str, ...] = ()  # the command line, to name a negative number as typed


def _debug_enabled() -> bool:
    return _State.debug or os.environ.get("SALESGRID_DEBUG", "") not in ("", "0", "false", "no")


def _say(message: str) -> None:
    sys.stderr.write(message.rstrip("\n") + "\n")
    sys.stderr.flush()


def _silence_stdout() -> None:
    """After a closed pipe, send what is left to /dev/null so Python does not complain."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # pragma: no cover - not a real file descriptor (CliRunner)
        pass


_WRITE_ERRNOS = frozenset(
    getattr(errno, name) for name in ("ENOSPC", "EDQUOT", "EFBIG", "EROFS") if hasattr(errno, name)
)


def _typed_values() -> list[str]:
    """Every value the user gave: command-line words (and the value part of ``--opt=value``
    and ``-fvalue``) and the ``SALESGRID_*`` environment variables."""
    found = list(_State.args)
    for arg in _State.args:
        if arg.startswith("--") and "=" in arg:
            found.append(arg.split("=", 1)[1])
        elif arg.startswith("-") and not arg.startswith("--"):
            found.append(arg[2:])
    found += [v for k, v in os.environ.items() if k.startswith("SALESGRID_")]
    return found


def _clip_echoes(message: str) -> str:
    """``message`` with every over-long value the user gave cut by :func:`clip`: Click's own
    messages (``No such command 'xxxx…'``, ``Invalid value for '--format'``) echo values
    whole, and no message may grow with the input."""
    long = {v for v in _typed_values() if len(v) > _CLIPPED}
    for value in sorted(long, key=len, reverse=True):
        for form in dict.fromkeys((value, value.strip(), _escaped(value))):
            cut = _cut(form)
            if cut != form:
                message = message.replace(repr(form), repr(cut)).replace(form, cut)
    return message


_CLIPPED = 60
_CLIPPED_PATH = 200


def _cut(value: str) -> str:
    """A value cut by :func:`clip`; a path (printable, with a ``/``) is kept whole up to 200
    characters, then its end is kept (the file name is what tells it apart)."""
    if "/" not in value or not value.isprintable():
        return clip(value, _CLIPPED)
    if len(value) <= _CLIPPED_PATH:
        return value
    return "…" + value[-(_CLIPPED_PATH - 1) :]


def _escaped(text: str) -> str:
    """``text`` as Click shows untrusted values: control characters as ``\\xNN``."""
    return re.sub(r"[\x00-\x1f\x7f-\x9f]", lambda m: f"\\x{ord(m[0]):02x}", text)


def _hint_source(exc: ClickUsageError) -> None:
    """Name an option's environment variable in Click's message only when the value came
    from it (``Invalid value for '--grid'``, not ``(env var: 'SALESGRID_GRID')``)."""
    param = getattr(exc, "param", None)
    if param is None or exc.ctx is None or getattr(exc, "param_hint", None) is not None:
        return
    if param.param_type_name != "option" or not param.name:
        return
    if exc.ctx.get_parameter_source(param.name) is not ParameterSource.ENVIRONMENT:
        exc.param_hint = " / ".join(f"'{opt}'" for opt in param.opts)  # type: ignore[attr-defined]


def _guard(run: Callable[[], Any]) -> int:
    """Run the CLI and turn every way it can end into an exit code and at most a few lines."""
    try:
        result = run()
        if result == ExitCode.INTERRUPTED:  # Typer turns Ctrl-C into a silent exit 130
            _say(f"{PROG}: interrupted")
        return result if isinstance(result, int) else ExitCode.OK
    except ClickUsageError as exc:
        command = exc.ctx.command_path if exc.ctx is not None else PROG
        _hint_source(exc)
        message = _clip_echoes(exc.format_message().replace("Value error, ", "").rstrip("."))
        name = getattr(exc, "option_name", None) or ""
        if type(exc).__name__ == "NoSuchOption" and re.fullmatch(r"-[0-9][0-9.,]*", name):
            # click reads -1500.50 as the short options -1, -5, ...: name the number as typed
            typed = [a for a in _State.args if a.startswith(name)
                     and re.fullmatch(r"-[0-9][0-9.,]*", a)]  # fmt: skip
            name = typed[0] if typed else name
            message = (
                f"{name}: amounts cannot be negative; write an amount of 0 or more"
                if "payroll" in command.split()
                else f"no such option {name}, and a negative number is not accepted here"
            )
        _say(f"{command}: error: {message}; see '{command} --help'")
        return ExitCode.USAGE
    except ClickException as exc:
        _say(f"{PROG}: error: {_clip_echoes(exc.format_message())}")
        return exc.exit_code
    except DataFileError as exc:
        if _debug_enabled():
            raise
        for problem in exc.problems:
            _say(str(problem))
        return exc.exit_code
    except SalesgridError as exc:
        if _debug_enabled():
            raise
        _say(f"{PROG}: error: {_clip_echoes(str(exc))}")
        return exc.exit_code
    except (KeyboardInterrupt, Abort):
        _say(f"{PROG}: interrupted")
        return ExitCode.INTERRUPTED
    except OSError as exc:
        if exc.errno == errno.EPIPE:
            _silence_stdout()
            return ExitCode.BROKEN_PIPE
        if _debug_enabled():
            raise
        if exc.filename is not None and exc.errno not in _WRITE_ERRNOS:
            _say(f"{PROG}: error: cannot read {exc.filename}: {exc.strerror or exc}")
            return ExitCode.USAGE
        # No file name: a stream (stdout) could not be written, e.g. `> /dev/full`. What is
        # still buffered goes to /dev/null, so that the flush at exit does not fail again.
        _silence_stdout()
        where = exc.filename or "stdout"
        _say(f"{PROG}: error: cannot write {where}: {exc.strerror or exc}")
        return ExitCode.OUTPUT_FAILED
    except Exception as exc:
        if _debug_enabled():
            raise
        _say(
            f"{PROG}: internal error: {type(exc).__name__}: {exc}; rerun with --debug "
            "(or SALESGRID_DEBUG=1) to see the traceback, and please report it"
        )
        return ExitCode.INTERNAL


#: Options whose value may be blank but not empty: a tab is a CSV delimiter.
_BLANK_OK = frozenset({"delimiter"})


def _refuse_empty_values(command: Any, name: str, parent: Any, args: Sequence[str]) -> None:
    """An empty (or blank) value typed for an option is refused, never read as the default.

    One check for every option of every command, on the command line as typed, before any
    value is converted (``--grid ''`` would otherwise be a directory). An empty environment
    variable is not seen here: it keeps meaning unset. Anything the parser itself refuses is
    left to the real parse, which says so.
    """
    from typer._click.core import Context

    scratch = Context(command, info_name=name, parent=parent)
    try:
        opts, _, _ = command.make_parser(scratch).parse_args(args=list(args))
    except ClickUsageError:
        return
    if opts.get("help"):
        return  # --help wins, as it does over every other mistake
    for param in command.params:
        if param.name not in opts or getattr(param, "is_flag", False):
            continue
        found = opts[param.name]
        for value in found if isinstance(found, (list, tuple)) else (found,):
            if not isinstance(value, str):
                continue
            if value == "" or (not value.strip() and param.name not in _BLANK_OK):
                _refuse_empty(param, value)


def _refuse_empty(param: Any, value: str) -> None:
    if param.param_type_name == "argument":
        if "FILE" not in (param.metavar or ""):
            return  # positions and amounts say "is empty" themselves, with their spellings
        raise UsageError(f"FILE {value!r} is empty: give a file path")
    kind = getattr(getattr(param, "type_descriptor", None), "annotation", None)
    choices: list[str] = []
    if isinstance(kind, type) and issubclass(kind, StrEnum):
        choices = [member.value for member in kind]
    form = param.metavar or "|".join(choices) or "a value"
    flag = param.opts[0]
    raise UsageError(f"{flag} {value!r} is empty: give {flag} {form}, or leave it out for the "
                     "default")  # fmt: skip


def _resolve(group: TyperGroup, ctx: Any, args: list[str]) -> Any:
    """A group's resolve_command, with every option value of the command checked as typed."""
    found = TyperGroup.resolve_command(group, ctx, args)
    name, command, rest = found
    if command is not None and not isinstance(command, TyperGroup) and not ctx.resilient_parsing:
        _refuse_empty_values(command, name or "", ctx, rest)
    return found


def _no_command(group: TyperGroup, ctx: Any, args: list[str]) -> list[str]:
    """A group called without a command is a usage error: its help goes to stderr (a script
    doing ``x=$(salesgrid payroll)`` must not take the help for data) with one line saying
    what is missing; ``--help`` alone still prints the help on stdout with exit 0."""
    if not args and group.no_args_is_help and not ctx.resilient_parsing:
        import contextlib

        with contextlib.redirect_stdout(sys.stderr):
            sys.stderr.write(ctx.get_help())  # rich draws on sys.stdout, here stderr
        commands = ", ".join(group.list_commands(ctx))
        ctx.fail(f"a command is missing: choose one of {commands}")
    return list(TyperGroup.parse_args(group, ctx, args))


class _SubGroup(TyperGroup):
    """A group under ``salesgrid`` (``payroll``): the same checks as the top level."""

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        return _resolve(self, ctx, args)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        return _no_command(self, ctx, args)


class _Group(TyperGroup):
    """Owns the whole exit path, so CliRunner and the console script behave the same."""

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        return _resolve(self, ctx, args)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        return _no_command(self, ctx, args)

    def main(  # type: ignore[override]
        self,
        args: list[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        _State.debug = False
        _State.args = tuple(sys.argv[1:] if args is None else args)
        code = _guard(
            lambda: super(_Group, self).main(
                args, prog_name or PROG, complete_var, standalone_mode=False, **extra
            )
        )
        if standalone_mode:
            sys.exit(code)
        return code


app = typer.Typer(
    cls=_Group,
    name=PROG,
    help="Pay and progression for LUNR's management frameworks: monthly net pay at any "
    "Level & Step, in BGN and EUR, for people at a terminal and for scripts.",
    epilog=EXIT_CODES,
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


# --------------------------------------------------------------------------- shared options


def _enable_debug(value: bool) -> None:
    if value:
        _State.debug = True


def _print_version(value: bool) -> None:
    if value:
        sys.stdout.write(f"{PROG} {__version__}\n")
        raise typer.Exit()


GridPath = Annotated[
    Path | None,
    typer.Option(
        "--grid",
        envvar="SALESGRID_GRID",
        metavar="PATH",
        help="Grid data file. Default: the packaged data/grid.yaml.",
        show_default=False,
        dir_okay=False,
    ),
]
CompetenciesPath = Annotated[
    Path | None,
    typer.Option(
        "--competencies",
        envvar="SALESGRID_COMPETENCIES",
        metavar="PATH",
        help="Competency data file (level names in tables). Default: the packaged one.",
        show_default=False,
        dir_okay=False,
    ),
]
FrameworkId = Annotated[
    str | None,
    typer.Option(
        "--framework",
        "-f",
        envvar="SALESGRID_FRAMEWORK",
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


def _format_option(accepted: tuple[Format, ...], note: str = "", default: str = "") -> Any:
    """``--format`` listing only the formats a command accepts.

    A format from ``SALESGRID_FORMAT`` that the command cannot write falls back to the command's
    default silently (the variable is shared by every command); the same format given as
    ``--format`` is a usage error naming the accepted ones.
    """

    def check(ctx: typer.Context, param: typer.CallbackParam, value: Format | str | None) -> Any:
        if value is None or value in accepted:
            return value
        names = ", ".join(f.value for f in accepted)
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
        show_default=False,
        help="Output format. "
        + (
            default
            or "Default: table at a terminal; otherwise plain for `pay` and `payroll`, "
            "csv for the record commands."
        )
        + (f" {note}" if note else ""),
    )


FormatOpt = Annotated[Format | None, _format_option(EVERY_FORMAT)]
CurrencyOpt = Annotated[
    str | None,
    typer.Option(
        "--currency",
        envvar="SALESGRID_CURRENCY",
        metavar="BGN|EUR",
        help="Currency of `amount` and plain output. Default: the grid's own (BGN). EUR is "
        "BGN / 1.95583 rounded up to the cent (the pay rule).",
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
    typer.Option("--payroll", envvar="SALESGRID_PAYROLL", metavar="PATH", dir_okay=False,
                 show_default=False, help="Payroll data file. Default: the packaged one."),
]  # fmt: skip
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


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Print the version and exit.", callback=_print_version, is_eager=True
        ),
    ] = False,
    debug: Debug = False,
) -> None:
    """Pay and progression for LUNR's management frameworks."""


# --------------------------------------------------------------------------- helpers


def _day(text: str | None) -> date:
    if text is None or not text.strip():
        return date.today()
    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text.strip()):
            raise ValueError("expected YYYY-MM-DD")
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(
            f"--as-of {clip(text)!r} is not a day: write YYYY-MM-DD, e.g. 2026-11-01"
        ) from None


def _format(given: Format | None, kind: Literal["scalar", "records"]) -> Format:
    if given is not None:
        return given
    if sys.stdout.isatty():
        return Format.table
    return Format.plain if kind == "scalar" else Format.csv


def _closed_pipe() -> NoReturn:
    """The reader went away (``| head``): stop quietly with 141, as a shell would."""
    _silence_stdout()
    raise typer.Exit(ExitCode.BROKEN_PIPE)


def _write(text: str) -> None:
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        _closed_pipe()


def _draw(renderable: Any) -> None:
    from salesgrid.output import tables

    try:
        tables.draw(tables.console(), renderable)
        sys.stdout.flush()
    except BrokenPipeError:
        _closed_pipe()


def _grid(path: Path | None) -> "GridFile":
    from salesgrid.files.loader import load_grid

    return load_grid(path)


def _level_names(path: Path | None, framework_path: str) -> Mapping[int, str]:
    if framework_path != "management":
        return {}
    from salesgrid.files.loader import load_competencies

    return {level.number: level.name for level in load_competencies(path).levels}


def _fail_usage(message: str) -> NoReturn:
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


def _refuse(ctx: typer.Context, names: tuple[str, ...], why: str) -> None:
    """A usage error if any of these options was given: ``why`` says what to do instead."""
    found = _given(ctx, *names)
    if found:
        _fail_usage(f"{found[0]} {why}")


def _setup(
    grid: Path | None, as_of: str | None, currency: str | None
) -> tuple["GridFile", date, str | None]:
    """The day asked about, the grid file, and the currency checked against it."""
    from salesgrid.core.conversion import check_currency

    day = _day(as_of)
    data = _grid(grid)
    return data, day, check_currency(data, currency)


def _emit(
    fmt: Format,
    *,
    records: Callable[[], list[dict[str, Any]]],
    csv: Callable[[], str],
    plain: Callable[[], str],
    table: Callable[[], Any],
    single: bool = False,
) -> None:
    """Write one command's output in the chosen format; each renderer runs only if chosen."""
    from salesgrid.output import render

    if fmt is Format.json:
        found = records()
        _write(render.json_one(found[0]) if single else render.json_list(found))
    elif fmt is Format.jsonl:
        _write(render.jsonl(records()))
    elif fmt is Format.csv:
        _write(csv())
    elif fmt is Format.plain:
        _write(plain())
    else:
        _draw(table())


# --------------------------------------------------------------------------- commands


@app.command(epilog=EXIT_CODES)
def pay(
    ctx: typer.Context,
    position: Annotated[
        str, typer.Argument(metavar="POSITION", help="LEVEL.STEP (2.3), or LEVEL then STEP (2 3).")
    ],
    step: Annotated[str | None, typer.Argument(metavar="[STEP]", show_default=False)] = None,
    grid: GridPath = None,
    framework: FrameworkId = None,
    as_of: AsOf = None,
    output: FormatOpt = None,
    currency: CurrencyOpt = None,
    competencies: CompetenciesPath = None,
    gross: Annotated[
        bool,
        typer.Option(
            "--gross",
            help="Add the gross pay, contributions, tax and employer "
            "cost behind the net pay (see --month).",
        ),
    ] = False,
    breakdown: Annotated[
        bool,
        typer.Option("--breakdown", help="With --gross: every fund (not in plain output)."),
    ] = False,
    month: MonthOpt = None,
    born_before_1960: Cohort = False,
    work_accident_rate: WorkAccidentRate = None,
    payroll: PayrollPath = None,
    debug: Debug = False,
) -> None:
    """Monthly net pay at one position: `salesgrid pay 2 3` or `salesgrid pay 2.3`."""
    from salesgrid.core.pay import pay as pay_at
    from salesgrid.core.positions import parse_level_step
    from salesgrid.output import render

    where = parse_level_step(position, step)
    fmt = _format(output, "scalar")
    _check_pay_options(ctx, fmt, gross, breakdown)
    data, day, chosen = _setup(grid, as_of, currency)
    cell = pay_at(data, framework, where, day)
    behind = None
    if gross:
        figures = _payroll_args(payroll, month, born_before_1960, work_accident_rate)
        from salesgrid.core.payroll import behind as payroll_behind

        behind = payroll_behind(cell, *figures)
        if fmt is Format.plain and chosen is not None and chosen != behind.currency:
            # refused from SALESGRID_CURRENCY too: a bare amount in another currency than asked
            _fail_usage(
                f"--currency {chosen} (or SALESGRID_CURRENCY): with --gross, plain output is the "
                f"gross pay in {behind.currency}, the currency of {behind.month}'s payroll: give "
                f"--currency {behind.currency}, or use --format json"
            )

    def record() -> list[dict[str, Any]]:
        found = render.pay_record(cell, chosen)
        return [found if behind is None else render.add_payroll(found, behind, breakdown)]

    def table() -> Any:
        from salesgrid.output import tables

        names = _level_names(competencies, cell.framework.path)
        shown = tables.pay_table(cell, chosen, names, day.isoformat())
        if behind is None:
            return shown
        from rich.console import Group

        title = f"Behind the net pay, {behind.month}"
        return Group(shown, tables.payroll_table(behind, title, funds=breakdown))

    def csv_text() -> str:
        text = render.cells_csv([cell])
        if behind is None:
            return text
        head, row = text.splitlines()
        extra = render.payroll_csv(behind, funds=breakdown).splitlines()
        return f"{head},{extra[0]}\n{row},{extra[1]}\n"

    def plain() -> str:
        if behind is None:
            return render.plain_pay(cell, chosen)
        from salesgrid.core import money

        return money.plain(behind.gross) + "\n"

    _emit(fmt, records=record, csv=csv_text, plain=plain, table=table, single=True)


def _check_pay_options(ctx: typer.Context, fmt: Format, gross: bool, breakdown: bool) -> None:
    """Options that `pay` would otherwise drop in this format are usage errors."""
    if not gross:
        _refuse(ctx, ("breakdown", "month", "born_before_1960", "work_accident_rate", "payroll"),
                "works out the payroll behind the net pay: add --gross")  # fmt: skip
    if fmt is not Format.table:
        _refuse(ctx, ("competencies",), f"names the levels in tables, not in {fmt.value} "
                "output: drop it, or use --format table")  # fmt: skip
    if fmt is Format.csv:
        _refuse(ctx, ("currency",), "does not apply to csv, which has a column per currency "
                "(BGN, EUR): drop it, or use --format plain or json")  # fmt: skip
    if fmt is Format.plain:
        _refuse(ctx, ("breakdown",), "lists every fund, which plain output (one amount) cannot "
                "show: use --format table, csv, json or jsonl")  # fmt: skip
        _refuse(ctx, ("work_accident_rate",), "changes the employer cost, not the gross pay "
                "that plain output prints: use --format table, csv, json or jsonl")  # fmt: skip


@app.command(name="grid", epilog=EXIT_CODES)
def grid_command(
    ctx: typer.Context,
    highlight: Annotated[
        str | None,
        typer.Option(
            "--highlight", metavar="L.S", help="Mark one position (e.g. 2.3).", show_default=False
        ),
    ] = None,
    chart: Annotated[
        bool,
        typer.Option("--chart", help="Draw the pay ladder: one bar per position, in order."),
    ] = False,
    grid: GridPath = None,
    framework: FrameworkId = None,
    as_of: AsOf = None,
    output: FormatOpt = None,
    currency: CurrencyOpt = None,
    competencies: CompetenciesPath = None,
    employer_cost: Annotated[
        bool,
        typer.Option(
            "--employer-cost",
            help="Add the gross pay and the employer's cost of every cell (see --month).",
        ),
    ] = False,
    month: MonthOpt = None,
    born_before_1960: Cohort = False,
    work_accident_rate: WorkAccidentRate = None,
    payroll: PayrollPath = None,
    debug: Debug = False,
) -> None:
    """The whole grid: levels as rows, steps as columns, with the increases between them."""
    from salesgrid.core.pay import cell_amount, grid_view
    from salesgrid.core.positions import parse_position
    from salesgrid.output import render

    fmt = _format(output, "records")
    if chart and fmt not in (Format.table, Format.plain):
        _refuse(ctx, ("output",), f"{fmt.value}: --chart draws for people: use --format table "
                "or plain, or drop --chart")  # fmt: skip
        fmt = Format.table if sys.stdout.isatty() else Format.plain  # a chart off a terminal
    if chart and employer_cost:
        _fail_usage("--chart draws net pay only: drop --employer-cost, or --chart")
    _check_grid_options(ctx, fmt, chart, employer_cost)
    marked = parse_position(highlight) if highlight is not None else None
    data, day, chosen = _setup(grid, as_of, currency)
    view = grid_view(data, framework, day)
    if marked is not None:
        cell_amount(view.framework, view.version, marked)  # a position not in the grid: exit 3
    if chart:
        if fmt is Format.table:
            from salesgrid.output import tables

            width = max(20, min(60, tables.console().width - 40))
            _draw(tables.chart_renderable(view, chosen, marked, width))
        elif fmt is Format.plain:
            from salesgrid.output.chart import chart_text

            ascii_only = (sys.stdout.encoding or "").lower().replace("-", "") != "utf8"
            _write(chart_text(view, chosen, marked, ascii_only=ascii_only))
        return
    cells = view.cells
    costs: list[Any] = []
    if employer_cost:
        figures = _payroll_args(payroll, month, born_before_1960, work_accident_rate)
        from salesgrid.core.payroll import behind

        costs = [behind(cell, *figures) for cell in cells]

    def table() -> Any:
        from salesgrid.output import tables

        names = _level_names(competencies, view.framework.path)
        shown = tables.grid_table(view, chosen, marked, names)
        if not costs:
            return shown
        from rich.console import Group

        return Group(shown, tables.cost_table(view, costs))

    def records() -> list[dict[str, Any]]:
        found = [render.pay_record(c, chosen) for c in cells]
        if not costs:
            return found
        return [render.add_payroll(r, b, False) for r, b in zip(found, costs, strict=True)]

    _emit(
        fmt,
        records=records,
        csv=lambda: render.cells_csv(cells, costs),
        plain=lambda: render.plain_cells(cells, chosen, costs),
        table=table,
    )


def _check_grid_options(ctx: typer.Context, fmt: Format, chart: bool, employer_cost: bool) -> None:
    """Options that `grid` would otherwise drop in this format are usage errors."""
    if not employer_cost:
        _refuse(ctx, ("month", "born_before_1960", "work_accident_rate", "payroll"),
                "works out the employer cost: add --employer-cost")  # fmt: skip
    if fmt is not Format.table or chart:
        shown = "a chart" if chart else f"{fmt.value} output"
        _refuse(ctx, ("competencies",), f"names the levels in the grid table, not in {shown}: "
                "drop it, or use --format table")  # fmt: skip
    if fmt not in (Format.table, Format.plain) or (fmt is Format.plain and not chart):
        _refuse(ctx, ("highlight",), f"marks a position in a table or chart, not in {fmt.value} "
                "output: use --format table, or --chart")  # fmt: skip
    if fmt is Format.csv:
        _refuse(ctx, ("currency",), "does not apply to csv, which has a column per currency "
                "(BGN, EUR): drop it, or use --format plain or json")  # fmt: skip


@app.command(epilog=EXIT_CODES)
def frameworks(
    ctx: typer.Context,
    grid: GridPath = None,
    as_of: AsOf = None,
    output: FormatOpt = None,
    currency: CurrencyOpt = None,
    debug: Debug = False,
) -> None:
    """Every framework: levels x steps, the realms it requires and its pay range."""
    from salesgrid.core.pay import summaries
    from salesgrid.output import render

    fmt = _format(output, "records")
    if fmt not in (Format.table, Format.plain):
        _refuse(ctx, ("currency",), f"does not apply to {fmt.value}, which gives the pay range "
                "in every currency: drop it, or use --format table or plain")  # fmt: skip
    data, day, chosen = _setup(grid, as_of, currency)
    found, missing = summaries(data, day)
    if missing:
        _say(
            f"{PROG}: note: no grid in force on {day.isoformat()} for "
            + ", ".join(fw.id for fw in missing)
        )

    def table() -> Any:
        from salesgrid.output import tables

        return tables.frameworks_table(found, chosen)

    _emit(
        fmt,
        records=lambda: [render.framework_record(s) for s in found],
        csv=lambda: render.frameworks_csv(found),
        plain=lambda: render.plain_frameworks(found, chosen),
        table=table,
    )


@app.command(epilog=EXIT_CODES)
def validate(
    ctx: typer.Context,
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="[FILE]...",
            help="Grid, competency, payroll or assessment files. Default: the packaged ones.",
            show_default=False,
            dir_okay=False,
        ),
    ] = None,
    kind: Annotated[
        SchemaKind | None,
        typer.Option(
            "--kind",
            help="Read every FILE as this kind instead of guessing it.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Format | None,
        _format_option(
            EVERY_FORMAT,
            default="Default: plain, one FILE:LINE: field: severity: message per line.",
        ),
    ] = None,
    grid: Annotated[
        Path | None,
        typer.Option(
            "--grid",
            envvar="SALESGRID_GRID",
            metavar="PATH",
            help="The grid an assessment is checked against. Default: the packaged one.",
            show_default=False,
            dir_okay=False,
        ),
    ] = None,
    competencies: Annotated[
        Path | None,
        typer.Option(
            "--competencies",
            envvar="SALESGRID_COMPETENCIES",
            metavar="PATH",
            help="The competency file an assessment is checked against. Default: the packaged one.",
            show_default=False,
            dir_okay=False,
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            envvar="SALESGRID_AS_OF",
            metavar="YYYY-MM-DD",
            help="The day an assessment's position is checked on (the grid in force). "
            "Default: today.",
            show_default=False,
        ),
    ] = None,
    debug: Debug = False,
) -> None:
    """Check data files: every problem with file and line, or a one-line ok. Exit 0 or 5."""
    from salesgrid.files.loader import packaged_name, validate_file
    from salesgrid.output import render

    if not files:
        _refuse(ctx, ("kind",), "says how to read the FILEs given: give them, or drop --kind")
    elif any(str(path) == "-" for path in files):
        _fail_usage("validate reads files, not stdin ('-'): save the data to a file and give "
                    "its path (a file named '-': give its full path)")  # fmt: skip
    may_be_assessment = bool(files) and kind in (None, SchemaKind.assessment)
    if not may_be_assessment:
        _refuse(ctx, ("grid", "competencies", "as_of"), "is what an assessment is checked "
                "against: give an assessment FILE, or drop it")  # fmt: skip
    day = _day(as_of) if may_be_assessment else None  # --as-of matters to assessments only
    targets: list[tuple[Path | None, Any, str]] = (
        [(path, kind.value if kind else None, str(path)) for path in files]
        if files
        else [
            (None, "grid", packaged_name("grid")),
            (None, "competencies", packaged_name("competencies")),
            (None, "payroll", packaged_name("payroll")),
        ]
    )
    problems = [
        p
        for path, k, _ in targets
        for p in validate_file(path, k, grid=grid, competencies=competencies, as_of=day)
    ]
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    names = ", ".join(name for _, _, name in targets)
    verdict = "ok" if not errors else "invalid"
    summary = f"{verdict}: {names}: {errors} error{'s' * (errors != 1)}, {warnings} " + (
        f"warning{'s' * (warnings != 1)}"
    )
    fmt = output or Format.plain
    if fmt is Format.plain:
        _write(render.plain_problems(problems) + summary + "\n")
    else:
        if fmt is Format.json:
            _write(render.json_list(render.problem_record(p) for p in problems))
        elif fmt is Format.jsonl:
            _write(render.jsonl(render.problem_record(p) for p in problems))
        elif fmt is Format.csv:
            _write(render.problems_csv(problems))
        else:
            from salesgrid.output import tables

            _draw(tables.problems_table(problems) if problems else tables.no_problems())
        _say(summary)
    if errors:
        raise typer.Exit(ExitCode.INVALID_DATA)


@app.command(epilog=EXIT_CODES)
def schema(
    kind: Annotated[SchemaKind, typer.Argument(help="Which file format.", case_sensitive=False)],
    debug: Debug = False,
) -> None:
    """Print the JSON Schema of a data file format (for editors and CI)."""
    import json

    from salesgrid.files.schemas import json_schema

    _write(json.dumps(json_schema(kind.value), indent=2, ensure_ascii=False) + "\n")


def _competencies(path: Path | None) -> "CompetenciesFile":
    from salesgrid.files.loader import load_competencies

    return load_competencies(path)


@app.command(epilog=EXIT_CODES)
def promote(
    ctx: typer.Context,
    from_: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="L.S",
            help="The position now. Default: the assessment's.",
            show_default=False,
        ),
    ] = None,
    to: Annotated[
        str | None,
        typer.Option(
            "--to",
            metavar="L.S",
            help="Ask about this target (a skip is flagged).",
            show_default=False,
        ),
    ] = None,
    to_framework: Annotated[
        str | None,
        typer.Option(
            "--to-framework",
            metavar="ID",
            help="Ask about a move into this framework.",
            show_default=False,
        ),
    ] = None,
    assessment_file: Annotated[
        Path | None,
        typer.Option(
            "--assessment",
            metavar="FILE",
            dir_okay=False,
            show_default=False,
            help="A Level & Step Review (YAML or JSON): check eligibility, rule by rule.",
        ),
    ] = None,
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Exit 0 if the move asked for (--to, else the Step Up, else "
            "the Level Up) is allowed, 1 if not. Needs --assessment.",
        ),
    ] = False,
    explain: Annotated[
        bool, typer.Option("--explain", help="Every number and verdict with its rule and data key.")
    ] = False,
    template: Annotated[
        bool, typer.Option("--template", help="Print a filled-in assessment file to start from.")
    ] = False,
    grid: GridPath = None,
    framework: FrameworkId = None,
    as_of: AsOf = None,
    output: FormatOpt = None,
    currency: CurrencyOpt = None,
    competencies: CompetenciesPath = None,
    debug: Debug = False,
) -> None:
    """What a Step Up or Level Up means in pay, and whether one person is eligible."""
    from salesgrid.core.pay import find_framework, pay
    from salesgrid.core.positions import parse_position
    from salesgrid.output import render

    if template:
        _refuse(ctx, ("from_", "to", "to_framework", "assessment_file", "check", "explain",
                      "currency", "competencies"),
                "does not apply to --template, which prints an assessment file to fill in: "
                "drop one or the other")  # fmt: skip
        if output not in (None, Format.plain):
            _refuse(ctx, ("output",), f"{output.value}: --template prints a YAML file: drop "
                    "--format, or use --format plain")  # fmt: skip
    fmt = _format(output, "scalar" if check else "records")
    if fmt is Format.csv:
        _refuse(ctx, ("explain",), "adds lines for people and JSON, not csv: use --format "
                "table, plain or json")  # fmt: skip
        _refuse(ctx, ("currency",), "does not apply to csv, which has a column per currency "
                "(BGN, EUR): drop it, or use --format plain or json")  # fmt: skip
    if fmt is Format.plain and check:
        _refuse(ctx, ("explain",), "adds lines that --check (one line: eligible or not) does "
                "not print: drop one, or use --format table or json")  # fmt: skip
    data, day, chosen = _setup(grid, as_of, currency)
    if template:
        from salesgrid.core.assessment import template as assessment_template

        _write(assessment_template(find_framework(data, framework), day))
        return
    start_at = parse_position(from_) if from_ is not None else None
    target_at = parse_position(to) if to is not None else None
    if check and assessment_file is None:
        _fail_usage("--check needs --assessment FILE: eligibility is judged from a review")
    comp = _competencies(competencies)
    if comp.rules is None:
        raise DataFileError(
            [Problem(str(competencies or "data/competencies.yaml"), None, "rules",
                     "the competency file has no rules section")]
        )  # fmt: skip
    review = None
    if assessment_file is not None:
        from salesgrid.files.loader import load_assessment

        review = load_assessment(assessment_file, data, comp, day)
        own = parse_position(review.position)
        if start_at is not None and start_at != own:
            _fail_usage(
                f"--from {start_at} disagrees with the assessment's position {own}: "
                "drop --from or correct the file"
            )
        start_at = own
        if review.framework is not None and framework != review.framework:
            from typer._click.core import ParameterSource

            if ctx.get_parameter_source("framework") is ParameterSource.COMMANDLINE:
                _fail_usage(
                    f"--framework {framework} disagrees with the assessment's framework "
                    f"{review.framework}: drop --framework or correct the file"
                )
            framework = review.framework  # the file wins over SALESGRID_FRAMEWORK
    if start_at is None:
        _fail_usage("give --from L.S (the position now) or --assessment FILE")
    from salesgrid.core.moves import move_to, natural_moves

    start = pay(data, framework, start_at, day)
    if target_at is not None or to_framework is not None:
        result = move_to(data, start, day, comp.rules.landing, target_at, to_framework)
    else:
        result = natural_moves(data, start, day, comp.rules.landing)
    verdicts = {}
    if review is not None:
        from salesgrid.core.eligibility import evaluate

        verdicts = {
            index: evaluate(comp, review, start.position, move.target, day)
            for index, move in enumerate(result.moves)
        }
    employee = review.employee if review is not None else None
    if fmt is Format.json:
        _write(render.json_one(render.promote_record(result, chosen, verdicts, explain, employee)))
    elif fmt is Format.jsonl:
        _write(render.jsonl([render.promote_record(result, chosen, verdicts, explain, employee)]))
    elif fmt is Format.csv:
        _write(render.promote_csv(result, verdicts))
        for note in result.notes:
            _say(f"{PROG}: note: {note}")
    elif fmt is Format.plain:
        if check:
            if result.moves:
                _write(render.check_line(verdicts[0]) + "\n")
        else:
            _write(render.plain_promote(result, chosen, verdicts))
            if explain:
                for index, move in enumerate(result.moves):
                    _write("".join(f"  {line}\n" for line in render.explain_lines(
                        move, verdicts.get(index))))  # fmt: skip
        for note in result.notes:
            _say(f"{PROG}: note: {note}")
    else:
        from salesgrid.output import tables

        names = _level_names(competencies, start.framework.path)
        _draw(tables.promote_table(result, chosen, verdicts, explain, names))
    if check:
        if not result.moves:
            _say(f"{PROG}: no move to check: " + "; ".join(result.notes))
            raise typer.Exit(ExitCode.NOT_ELIGIBLE)
        if not verdicts[0].eligible:
            raise typer.Exit(ExitCode.NOT_ELIGIBLE)


@app.command(name="competencies", epilog=EXIT_CODES)
def competencies_command(
    ctx: typer.Context,
    level: Annotated[
        int | None,
        typer.Option("--level", metavar="N", help="Only this level (1-4).", show_default=False),
    ] = None,
    domain: Annotated[
        str | None,
        typer.Option(
            "--domain",
            metavar="NAME",
            help="Only this durable-skill domain (e.g. communication, 'critical thinking').",
            show_default=False,
        ),
    ] = None,
    search: Annotated[
        str | None,
        typer.Option(
            "--search", metavar="TEXT", help="Only statements with TEXT.", show_default=False
        ),
    ] = None,
    kind: Annotated[
        StatementKind | None,
        typer.Option("--kind", help="Only core, durable or ai statements.", show_default=False),
    ] = None,
    capability: Annotated[
        str | None,
        typer.Option(
            "--capability",
            metavar="G,I",
            show_default=False,
            help="Rate a General,Internal capability factor pair (1-4 each) by the "
            "historical proxy table instead of listing statements.",
        ),
    ] = None,
    output: FormatOpt = None,
    competencies: CompetenciesPath = None,
    debug: Debug = False,
) -> None:
    """What each level expects: the NSX statements, by level, domain or text."""
    from salesgrid.core.competencies import capability_rating, select
    from salesgrid.output import render

    comp = _competencies(competencies)
    if capability is not None:
        _refuse(ctx, ("level", "domain", "search", "kind"), "selects statements, but "
                "--capability rates a factor pair instead: drop one or the other")  # fmt: skip
        parts = capability.replace(" ", "").split(",")
        if len(parts) != 2 or not all(p in ("1", "2", "3", "4") for p in parts):
            _fail_usage(f"--capability {clip(capability)!r}: give GENERAL,INTERNAL scores 1-4, "
                        "e.g. 2,3")  # fmt: skip
        general, internal = int(parts[0]), int(parts[1])
        rating = capability_rating(comp, general, internal)
        label = comp.capability.proxy.label if comp.capability else "no proxy table"
        found = render.capability_record(general, internal, rating, label)

        def rating_table() -> Any:
            from salesgrid.output import tables

            return tables.capability_table(found)

        fmt = _format(output, "scalar")
        _emit(fmt, records=lambda: [found], csv=lambda: render.rows_csv(list(found),
              [list(found.values())]), plain=lambda: f"{rating}\n", table=rating_table,
              single=True)  # fmt: skip
        if fmt is Format.plain:
            _say(f"{PROG}: note: ({general}, {internal}) rated by the {label} table")
        return
    entries = select(comp, level, domain, search, kind.value if kind else None)

    def table() -> Any:
        from salesgrid.output import tables

        return tables.competencies_view(comp, entries, level)

    _emit(
        _format(output, "records"),
        records=lambda: [render.statement_record(e) for e in entries],
        csv=lambda: render.statements_csv(entries),
        plain=lambda: render.plain_statements(entries),
        table=table,
    )
    if not entries:
        _say(f"{PROG}: note: no statement matches")


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


payroll_app = typer.Typer(
    cls=_SubGroup,
    help="Bulgarian payroll: gross to net and net to gross, with employer cost.",
    no_args_is_help=True,
)
app.add_typer(payroll_app, name="payroll", epilog=EXIT_CODES)


def _money_arg(text: str, what: str, example: str = "1500.50") -> Any:
    """An amount argument, read by the one amount rule; a decimal comma is said at a terminal."""
    from salesgrid.core.money import parse_amount

    read = parse_amount(text, what, example=example)
    if read.comma and sys.stdout.isatty():
        _say(f"{PROG}: note: {what} {text.strip()!r} read as {read.value} (decimal comma)")
    return read.value


def _payroll_args(
    payroll: Path | None, month: str | None, before_1960: bool, rate: str | None
) -> tuple[Any, str, Any, Any]:
    from salesgrid.core.payroll import beyond_review, parse_month, period_for
    from salesgrid.files.loader import load_payroll

    chosen = parse_month(month) if month is not None else date.today().strftime("%Y-%m")
    percent = None if rate is None else _money_arg(rate, "--work-accident-rate", "0.5")
    data = load_payroll(payroll)
    cohort = "born_before_1960" if before_1960 else "born_1960_or_later"
    period_for(data, chosen)  # a month before the first period: exit 3 before any warning
    warning = beyond_review(data, chosen)
    if warning is not None:
        _say(f"{PROG}: warning: {warning}")
    return data, chosen, cohort, percent


def _payroll_output(b: Any, fmt: Format, value: Any, title: str) -> None:
    from salesgrid.core import money
    from salesgrid.output import render

    def table() -> Any:
        from salesgrid.output import tables

        return tables.payroll_table(b, title)

    _emit(
        fmt,
        records=lambda: [render.payroll_record(b)],
        csv=lambda: render.payroll_csv(b),
        plain=lambda: money.plain(value) + "\n",
        table=table,
        single=True,
    )


def _check_payroll_options(ctx: typer.Context, fmt: Format, shown: str) -> None:
    if fmt is Format.plain:
        _refuse(ctx, ("work_accident_rate",), f"changes the employer cost, not the {shown} pay "
                "that plain output prints: use --format table, csv, json or jsonl")  # fmt: skip


@payroll_app.command("net", epilog=EXIT_CODES)
def payroll_net(
    ctx: typer.Context,
    gross: Annotated[
        str,
        typer.Argument(metavar="GROSS", help="Monthly gross pay: 3000, 3000.50 or 3000,50."),
    ],
    month: MonthOpt = None,
    born_before_1960: Cohort = False,
    work_accident_rate: WorkAccidentRate = None,
    payroll: PayrollPath = None,
    output: FormatOpt = None,
    debug: Debug = False,
) -> None:
    """The net pay for a gross amount: `salesgrid payroll net 3000 --month 2026-09`."""
    from salesgrid.core.payroll import net_of

    amount = _money_arg(gross, "GROSS")
    data, chosen, cohort, rate = _payroll_args(payroll, month, born_before_1960,
                                               work_accident_rate)  # fmt: skip
    _check_payroll_options(ctx, _format(output, "scalar"), "net")
    b = net_of(data, chosen, amount, cohort, rate)
    _payroll_output(b, _format(output, "scalar"), b.net, f"Gross to net, {chosen}")


@payroll_app.command("gross", epilog=EXIT_CODES)
def payroll_gross(
    ctx: typer.Context,
    net: Annotated[
        str,
        typer.Argument(metavar="NET", help="Monthly net pay: 1500, 1500.50 or 1500,50."),
    ],
    month: MonthOpt = None,
    born_before_1960: Cohort = False,
    work_accident_rate: WorkAccidentRate = None,
    payroll: PayrollPath = None,
    output: FormatOpt = None,
    debug: Debug = False,
) -> None:
    """The gross pay that yields a net amount: `salesgrid payroll gross 1500 --month 2026-03`.

    The smallest gross in cent steps whose net is exactly NET; when no such gross exists (a
    net between two cent steps of gross), exit 3 and say so.
    """
    from salesgrid.core.payroll import gross_for

    amount = _money_arg(net, "NET")
    data, chosen, cohort, rate = _payroll_args(payroll, month, born_before_1960,
                                               work_accident_rate)  # fmt: skip
    _check_payroll_options(ctx, _format(output, "scalar"), "gross")
    b = gross_for(data, chosen, amount, cohort, rate)
    _payroll_output(b, _format(output, "scalar"), b.gross, f"Net to gross, {chosen}")


def main() -> None:
    """Console-script entry point."""
    # salesgrid uses no pydantic plugins. Without this, building the data models makes pydantic
    # scan every installed package's entry points for plugins: 5-20 ms of every start-up.
    # Typer does the same for its own parameter adapters. An explicit setting is kept.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    _utf8_stdout()
    app()


def _utf8_stdout() -> None:
    """Off a terminal, stdout is always UTF-8, whatever the locale or ``PYTHONIOENCODING``
    says: an employee id in Cyrillic must reach the next program, not crash the run. At a
    terminal the terminal's encoding is kept (tables replace what it cannot show) and machine
    formats show what it cannot encode as ``\\u`` escapes."""
    stream = sys.stdout
    encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("-", "")
    if encoding == "utf8" or not hasattr(stream, "reconfigure"):
        return
    try:
        if stream.isatty():
            stream.reconfigure(errors="backslashreplace")
        else:
            stream.reconfigure(encoding="utf-8", errors="strict")
    except (OSError, ValueError):  # pragma: no cover - a closed or detached stdout
        pass
