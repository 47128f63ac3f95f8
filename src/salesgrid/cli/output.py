"""The one output dispatcher: a command names its renderers per format, :func:`emit` runs
the chosen one and writes it; a closed pipe ends the run quietly with 141. And the one rule of
an output file's format, :func:`file_format`: what its extension says, never contradicted."""

import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import typer
from typer._click.core import ParameterSource

from salesgrid.cli.guard import silence_stdout
from salesgrid.cli.options import CsvDialectName, Format
from salesgrid.errors import ExitCode, UsageError

if TYPE_CHECKING:
    from salesgrid.output.csvdialect import CsvDialect


def end_on_closed_pipe() -> NoReturn:
    """The reader went away (``| head``): stop quietly with 141, as a shell would."""
    silence_stdout()
    raise typer.Exit(ExitCode.BROKEN_PIPE)


def write_text(text: str) -> None:
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        end_on_closed_pipe()


def draw_table(renderable: Any) -> None:
    # rich: only when a table is drawn
    from salesgrid.output import screen

    try:
        screen.draw(screen.console(), renderable)
        sys.stdout.flush()
    except BrokenPipeError:
        end_on_closed_pipe()


Renderer = Callable[[], Any]


def dialect_named(name: CsvDialectName) -> "CsvDialect":
    """The dialect ``--csv-dialect`` (or ``SALESGRID_CSV_DIALECT``) names."""
    # on run only: --help and completion stay light
    from salesgrid.output.csvdialect import DIALECTS

    return DIALECTS[name.value]


def emit(
    fmt: Format,
    *,
    records: Callable[[], list[dict[str, Any]]] | None = None,
    single: bool = False,
    csv: Renderer | None = None,
    plain: Renderer | None = None,
    table: Renderer | None = None,
    after: Mapping[Format, Callable[[], None]] | None = None,
) -> None:
    """Write one command's output in the chosen format; each renderer runs only if chosen.

    ``records`` serves json (a list, or its one object if ``single``) and jsonl; ``csv`` and
    ``plain`` return text; ``table`` returns a rich renderable, drawn. ``after`` names what a
    format adds once the output is written (notes on stderr). A command's ``--format`` lists
    only the formats it names here.
    """
    # on run only: --help and completion stay light
    from salesgrid.output import render

    if fmt in (Format.json, Format.jsonl):
        if records is None:
            raise AssertionError(f"{fmt.value}: no renderer")  # pragma: no cover - a bug
        found = records()
        if fmt is Format.jsonl:
            write_text(render.jsonl(found))
        else:
            write_text(render.json_one(found[0]) if single else render.json_list(found))
    else:
        chosen = {Format.csv: csv, Format.plain: plain, Format.table: table}.get(fmt)
        if chosen is None:
            raise AssertionError(f"{fmt.value}: no renderer")  # pragma: no cover - a bug
        if fmt is Format.table:
            draw_table(chosen())
        else:
            write_text(chosen())
    then = (after or {}).get(fmt)
    if then is not None:
        then()


def _listed(formats: Sequence[Format]) -> str:
    """``csv (.csv), jsonl (.jsonl, .ndjson) or xlsx (.xlsx)``."""
    # on run only: --help and completion stay light
    from salesgrid.output.targets import extensions_of

    names = []
    for fmt in formats:
        suffixes = extensions_of(fmt.value)
        names.append(f"{fmt.value} ({', '.join(suffixes)})" if suffixes else fmt.value)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def file_format(
    ctx: typer.Context,
    flag: str,
    path: Path,
    accepted: Sequence[Format],
    what: str,
    given: Format | None = None,
    note: str = "",
) -> Format:
    """The format of the file ``flag`` writes (``--output``, ``--rejects``): the one rule of
    every command that writes files.

    A known extension (:data:`salesgrid.output.targets.EXTENSIONS`) names the format, and one
    that names a format ``accepted`` lacks (``paygap --output r.xlsx``) is a usage error listing
    the ones it has. ``--format`` typed must agree with a known extension (``--format csv
    --output r.xlsx`` is refused: a file named .xlsx holding CSV is the bug); a
    ``SALESGRID_FORMAT`` default yields to it. With no known extension: ``--format``, else the
    first of ``accepted``, the default. ``what`` names what is written (``the report``);
    ``note`` adds to the list of formats (``; json and plain only with --summary-only``).
    ``--rejects -`` is refused: rejected rows go to a file, stdout carrying the records.
    """
    # on run only: --help and completion stay light
    from salesgrid.output.targets import extension_format, extensions_of

    if flag == "--rejects" and str(path) == "-":
        raise UsageError("--rejects -: rejected rows are written to a file, as stdout carries "
                         "the records: give a file name (--rejects rejects.csv), or leave "
                         "--rejects out to have each rejected row said on stderr")  # fmt: skip
    command = ctx.command_path
    typed = given is not None and ctx.get_parameter_source("output") is ParameterSource.COMMANDLINE
    listed = _listed(accepted) + note
    if typed and given is Format.table:
        raise UsageError(f"--format table is drawn on a terminal, not written to a file ({flag} "
                         f"{path}): choose {listed}")  # fmt: skip
    found = extension_format(path)
    if found is not None:
        suffix, named = found
        fmt = None if named is None else Format(named)
        if fmt is None or fmt not in accepted:
            label = suffix if fmt is None else f"{fmt.value} ({suffix})"
            raise UsageError(f"{flag} {path}: {command} cannot write {what} as {label}; it "
                             f"writes {listed}: give another file name")  # fmt: skip
        if typed and given is not None and given is not fmt:
            other = extensions_of(given.value)
            rename = f"name the file {other[0]}" if other else "give it another name (.txt)"
            raise UsageError(f"--format {given.value} contradicts {flag} {path}, whose extension "
                             f"says {fmt.value}: drop --format, or {rename}")  # fmt: skip
        return fmt
    if given is None or (not typed and given not in accepted):
        return accepted[0]
    if given not in accepted:
        raise UsageError(f"--format {given.value}: {command} cannot write {what} to a file as "
                         f"{given.value}; it writes {listed}")  # fmt: skip
    return given
