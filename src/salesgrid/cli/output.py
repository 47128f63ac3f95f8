"""The one output dispatcher: a command names its renderers per format, :func:`_emit` runs
the chosen one and writes it; a closed pipe ends the run quietly with 141."""

import sys
from collections.abc import Callable, Mapping
from typing import Any, NoReturn

import typer

from salesgrid.cli.guard import _silence_stdout
from salesgrid.cli.options import Format
from salesgrid.errors import ExitCode


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


Renderer = Callable[[], Any]


def _emit(
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
    from salesgrid.output import render

    if fmt in (Format.json, Format.jsonl):
        if records is None:
            raise AssertionError(f"{fmt.value}: no renderer")  # pragma: no cover - a bug
        found = records()
        if fmt is Format.jsonl:
            _write(render.jsonl(found))
        else:
            _write(render.json_one(found[0]) if single else render.json_list(found))
    else:
        chosen = {Format.csv: csv, Format.plain: plain, Format.table: table}.get(fmt)
        if chosen is None:
            raise AssertionError(f"{fmt.value}: no renderer")  # pragma: no cover - a bug
        if fmt is Format.table:
            _draw(chosen())
        else:
            _write(chosen())
    then = (after or {}).get(fmt)
    if then is not None:
        then()
