"""The Typer app and its groups: the empty-value check, help on stderr when a command is
missing, ``--version``, and :func:`main`, the console script's entry."""

import contextlib
import importlib
import os
import sys
from collections.abc import Sequence
from enum import StrEnum
from typing import Annotated, Any

import typer
from typer._click.core import Context
from typer._click.exceptions import UsageError as ClickUsageError
from typer.core import TyperGroup

from salesgrid import __version__
from salesgrid.cli.guard import EXIT_CODES, PROG, State, run_guarded
from salesgrid.cli.options import Debug
from salesgrid.errors import UsageError

#: Options whose value may be blank but not empty: a tab is a CSV delimiter.
_BLANK_OK = frozenset({"delimiter"})


def _refuse_empty_values(command: Any, name: str, parent: Any, args: Sequence[str]) -> None:
    """An empty (or blank) value typed for an option is refused, never read as the default.

    One check for every option of every command, on the command line as typed, before any
    value is converted (``--grid ''`` would otherwise be a directory). An empty environment
    variable is not seen here: it keeps meaning unset. Anything the parser itself refuses is
    left to the real parse, which says so.
    """
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
        with contextlib.redirect_stdout(sys.stderr):
            sys.stderr.write(ctx.get_help())  # rich draws on sys.stdout, here stderr
        commands = ", ".join(group.list_commands(ctx))
        ctx.fail(f"a command is missing: choose one of {commands}")
    return list(TyperGroup.parse_args(group, ctx, args))


class SubGroup(TyperGroup):
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
        State.debug = False
        State.args = tuple(sys.argv[1:] if args is None else args)
        code = run_guarded(
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


def _print_version(value: bool) -> None:
    if value:
        sys.stdout.write(f"{PROG} {__version__}\n")
        raise typer.Exit()


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


def main() -> None:
    """Console-script entry point."""
    # salesgrid uses no pydantic plugins. Without this, building the data models makes pydantic
    # scan every installed package's entry points for plugins: 5-20 ms of every start-up.
    # Typer does the same for its own parameter adapters. An explicit setting is kept.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    _utf8_stdout()
    load_commands(sys.argv[1:])
    app()


#: The command modules, in the order `salesgrid --help` lists them.
COMMANDS = ("pay", "locate", "grid", "frameworks", "validate", "schema", "promote",
            "competencies", "roster", "payroll", "month", "diff", "paygap", "criteria",
            "calendar")  # fmt: skip


def load_commands(args: Sequence[str] | None = None) -> None:
    """Register the commands: only the one named first on the command line (``salesgrid pay
    2 3`` imports no other command module), else every one, in order."""
    first = args[0] if args else None
    completing = any(name.endswith("_COMPLETE") for name in os.environ)
    names = (first,) if first in COMMANDS and not completing else COMMANDS
    for name in names:
        importlib.import_module(f"salesgrid.cli.{name}")


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
