"""The consoles tables are drawn on, and :func:`draw`, the one way a table reaches a person.

With the renderers (:mod:`~salesgrid.output.tables`, :mod:`~salesgrid.output.difftables`,
:mod:`~salesgrid.output.paygaptables`), the only modules that import rich. A console fits the
terminal or ``COLUMNS``; :func:`draw` never cuts an amount, a date or a word (the renderers
mark such columns with :func:`keep_whole`), and off a terminal leaves no line ending in a space.
"""

from __future__ import annotations

import io
import os
import re
import sys
from typing import Any, TextIO

from rich.console import Console, Group
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

_WRAPPERS: list[TextIO] = []


class _Console(Console):
    def on_broken_pipe(self) -> None:
        """Leave a closed pipe to the CLI, which exits 141 (rich alone would exit 1)."""
        raise BrokenPipeError


def console(file: TextIO | None = None) -> Console:
    """A console on stdout.

    Off a terminal it never wraps or cuts a table (width 200 unless ``COLUMNS`` says
    otherwise). ``NO_COLOR`` (any value) or ``TERM=dumb`` removes every escape code, bold
    included; rich on its own would keep bold.
    """
    stream = file or sys.stdout
    encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("-", "")
    if encoding != "utf8" and hasattr(stream, "buffer"):
        # Box lines and ◀ cannot be written in, say, ASCII: replace them rather than crash.
        stream.flush()
        stream = io.TextIOWrapper(stream.buffer, encoding=stream.encoding, errors="replace",
                                  write_through=True)  # fmt: skip
        _WRAPPERS.append(stream)  # collected, a wrapper would close stdout under everyone
    is_tty = stream.isatty()
    columns = columns_from_env()
    environ = {key: value for key, value in os.environ.items() if key != "COLUMNS"}
    width = columns if columns is not None else None if is_tty else 200
    plain = bool(os.environ.get("NO_COLOR")) or os.environ.get("TERM") == "dumb"
    return _Console(
        file=stream,
        width=width,
        _environ=environ,
        highlight=False,
        soft_wrap=False,
        color_system=None if plain else "auto",
    )


def stderr_console() -> Console:
    """A console on stderr (progress bars), with ``COLUMNS`` read as :func:`console` reads it."""
    environ = {key: value for key, value in os.environ.items() if key != "COLUMNS"}
    return Console(stderr=True, width=columns_from_env(), _environ=environ)


def columns_from_env() -> int | None:
    """``COLUMNS`` as a width, or None when unset: 0, negative or not a number count as unset."""
    text = os.environ.get("COLUMNS", "").strip()
    if text.isascii() and text.isdigit() and 0 < int(text) <= 10_000:
        return int(text)
    return None


_WIDEST = 1_000_000  # the width things are measured at: as wide as they would be drawn


def draw(target: Console, renderable: Any) -> None:
    """Print, wider than the console where a part cannot fit: no amount, date or word is cut.

    Amount and date columns do not wrap and are as wide as their widest line
    (:func:`keep_whole`); text columns wrap at word boundaries, never narrower than their
    longest word (a URL, a path). Each part (a table, a note) is drawn at the console's width,
    or, when it needs more even so, at the width it needs: its lines are longer (a terminal
    wraps them whole) rather than cut or split inside a word. Off a terminal (a file, a pipe)
    no line ends in a space.
    """
    try:
        at_terminal = target.file.isatty()
    except (AttributeError, OSError, ValueError):
        at_terminal = False
    base = target.width
    parts = _parts(renderable)
    try:
        if at_terminal:
            _print_parts(target, parts, base)
            return
        with target.capture() as captured:
            _print_parts(target, parts, base)
    finally:
        target.width = base
    target.file.write(_TRAILING.sub("", captured.get()))
    target.file.flush()


#: Spaces at the end of a line (before any escape codes that close it).
_TRAILING = re.compile(r" +(?=(?:\x1b\[[0-9;]*m)*$)", re.MULTILINE)


def _print_parts(target: Console, parts: list[Any], base: int) -> None:
    for part in parts:
        needed = Measurement.get(target, target.options.update_width(_WIDEST), part).minimum
        target.width = max(base, needed)
        if isinstance(part, Table):
            _fit(target, part)
        target.print(part)


def _parts(renderable: Any) -> list[Any]:
    """A group's parts, nested groups flattened: each is drawn at the width it needs."""
    if isinstance(renderable, Group):
        return [found for part in renderable.renderables for found in _parts(part)]
    return [renderable]


def _fit(target: Console, table: Table) -> None:
    """Column widths for ``table`` at the console's width, fixed on its columns.

    rich narrows the widest wrapping columns first, below the width they need (a column's
    ``min_width``, its longest word), then widens them back when it measures again: the table
    ends wider than the console and its last columns are cut. Here a wrapping column is
    narrowed only down to what it needs, the widest first; columns that do not wrap keep their
    width. The console is at least as wide as the table needs (:func:`draw`).
    """
    for column in table.columns:
        if column.overflow == "ellipsis":  # rich's default: never cut a cell with "…"
            column.overflow = "fold"
    options = target.options
    ranges = [table._measure_column(target, options, column) for column in table.columns]
    widths = [found.maximum for found in ranges]
    excess = sum(widths) + table._extra_width - target.width
    if excess <= 0:
        return
    least = [found.minimum for found in ranges]
    wrapping = [i for i, column in enumerate(table.columns) if not column.no_wrap]
    while excess > 0:
        narrower = [i for i in wrapping if widths[i] > least[i]]
        if not narrower:
            break  # pragma: no cover - the console is as wide as the table needs
        widest = max(narrower, key=lambda i: widths[i])
        widths[widest] -= 1
        excess -= 1
    for index, column in enumerate(table.columns):
        column.width = widths[index] - table._get_padding_width(index)


def keep_whole(table: Table, *indexes: int) -> Table:
    """Amounts and ids (columns by index): never wrapped or cut, as wide as their widest line."""
    for index in indexes:
        column = table.columns[index]
        column.no_wrap = True
        column.overflow = "fold"  # never reached at min_width; "ignore" would drop justify
        widths = [len(line) for line in str(column.header).splitlines()]
        for cell in column.cells:
            text = cell.plain if isinstance(cell, Text) else str(cell)
            widths.extend(len(line) for line in text.splitlines())
        column.min_width = max(widths)
    return table
