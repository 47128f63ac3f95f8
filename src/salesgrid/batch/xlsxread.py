"""An xlsx sheet read as a roster, row by row as its XML is parsed.

:func:`read_sheet` gives the header (the first row with a value) and the rows as CSV would
give them, numbered as in the sheet: a blank row (or one the sheet's XML leaves out between
two others) is an empty row, counted like an empty line of a CSV roster; a row the reader
cannot take (an error cell in a column the command reads, a value under no header, a position
that is a date or could be two positions) is an :class:`~salesgrid.batch.rows.Unreadable`
with its reason. Memory holds one
row at a time; the limits on what is read are :mod:`salesgrid.batch.xlsxparts`' and
:mod:`salesgrid.batch.xlsxsheet`'s.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import IO

from salesgrid.batch.header import column_name
from salesgrid.batch.readcolumns import ReadColumns
from salesgrid.batch.rows import Unreadable
from salesgrid.batch.xlsxcells import (
    DATE,
    ELAPSED,
    MAX_CELL_TEXT,
    MAX_COLUMNS,
    column_letters,
    date_position_reason,
    iso_text,
    number_text,
    position_text,
    serial_text,
    unescape,
)
from salesgrid.batch.xlsxparts import TOO_LONG, Workbook
from salesgrid.batch.xlsxsheet import UNSAVED, RawCell, sheet_rows
from salesgrid.errors import UsageError, clip

#: A row's framework and level -> how many steps that level has (None: no such level).
Steps = Callable[[str, int], "int | None"]


# ----------------------------------------------------------------------------- roster rows


class _Problem(str):
    """Why a cell cannot be read (told apart from a value by its class)."""


def read_sheet(
    source: bytes | IO[bytes],
    sheet: str | None = None,
    steps: Steps | None = None,
    careful: bool = False,
    read_columns: ReadColumns | None = None,
) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """The first sheet of cells (or the sheet named ``sheet``) of a workbook: its header and
    its rows, numbered as in the sheet. ``steps`` reads a position typed into a number cell
    (see :func:`salesgrid.batch.xlsxcells.position_text`); without it, such a position is
    read as the number shows. ``careful``: read the sheet with the careful XML reader only
    (see :mod:`salesgrid.batch.xlsxsheet`). ``read_columns``: which columns the command reads,
    once it knows (a cell it cannot read elsewhere rejects no row)."""
    book = Workbook(source)
    name, info = book.sheet(sheet)
    cells = _Cells(book.shared_strings(), book.date_styles(), book.date1904)
    rows = sheet_rows(book.parts, info, careful)
    for number, raw in rows:
        texts = [(cell[0], cells.value(cell, number)) for cell in raw]
        if any(text.strip() or text.__class__ is _Problem for _, text in texts):
            break
    else:
        raise UsageError(f"the sheet {clip(name)!r} is empty: it needs a header row")
    for (col, kind, _, _), (_, text) in zip(raw, texts, strict=True):
        if kind == "e":
            raise UsageError(
                f"the header row holds an Excel error value (cell {column_letters(col)}{number})"
            )
        if text.__class__ is _Problem:
            raise UsageError(f"the header row (row {number}): {text}")
    maker = _Rows(
        cells,
        [(col, text) for col, text in texts if text.strip()],
        steps,
        read_columns or ReadColumns(),
    )
    return maker.header, maker.numbered(number, rows)


class _Cells:
    """What each cell of one workbook means, as text (or a :class:`_Problem`)."""

    def __init__(self, shared: list[str], styles: list[int], date1904: bool) -> None:
        self.shared = shared
        self.dates = {str(index): kind for index, kind in enumerate(styles) if kind}
        self.date1904 = date1904
        #: number cells without a type read so far: (style, text) -> value
        self.plain: dict[tuple[str, str | None], str] = {}

    def value(self, cell: RawCell, row: int) -> str:
        col, kind, style, text = cell
        if text is None:
            return _Problem(
                f"cell {column_letters(col)}{row} holds more than {MAX_CELL_TEXT:,} characters, "
                "more than an Excel cell can"
            )
        if kind == "" or kind == "n":
            if not text:
                return ""
            if style in self.dates:
                shown = serial_text(text, self.date1904, self.dates[style])
                if shown is not None:
                    return shown
            shown = number_text(text)
            if shown is None:
                return _Problem(
                    f"cell {column_letters(col)}{row} holds {clip(text)!r} as a number, which is "
                    "no number Excel holds: type the value again"
                )
            return shown
        if kind == "s":
            if text.isdigit() and text.isascii() and int(text) < len(self.shared):
                found = self.shared[int(text)]
                if found is TOO_LONG:
                    return self.value((col, kind, style, None), row)
                return found
            return _Problem(
                f"cell {column_letters(col)}{row} refers to shared string {clip(text)!r}, which "
                "the workbook does not have: save it again from Excel"
            )
        if kind == "str" or kind == "inlineStr":
            return unescape(text)
        if kind == "b":
            flag = text.strip().lower()
            if flag in ("1", "true"):
                return "true"
            if flag in ("0", "false"):
                return "false"
            return _Problem(
                f"cell {column_letters(col)}{row} is a boolean cell holding {clip(text)!r}, "
                "neither TRUE nor FALSE: type the value again"
            )
        if kind == "e":
            return _Problem(
                f"cell {column_letters(col)}{row} holds an Excel error value "
                f"({clip(text.strip() or 'an error', 40)}): fix the formula or clear the cell"
            )
        if kind == UNSAVED:
            return _Problem(
                f"cell {column_letters(col)}{row} holds a formula with no saved result (the "
                "workbook was saved by a program that does not calculate): open it in Excel or "
                "LibreOffice and save it again, or type the value"
            )
        if kind == "d":
            if not text:
                return ""
            shown = iso_text(text)
            if shown is None:
                return _Problem(
                    f"cell {column_letters(col)}{row} is a date cell holding {clip(text)!r}, "
                    "no date Excel writes: type the date again"
                )
            return shown
        return _Problem(
            f"cell {column_letters(col)}{row} has the type {clip(kind)!r}, which Excel does not "
            "write: save the workbook again from Excel"
        )

    def is_date(self, cell: RawCell) -> bool:
        """A date or time cell: a ``t="d"`` one, or a number in a date or time format."""
        _, kind, style, _ = cell
        if kind == "d":
            return True
        return (kind == "" or kind == "n") and self.dates.get(style) in (DATE, ELAPSED)


class _Rows:
    """The header's columns, and each sheet row as a roster row."""

    def __init__(self, cells: _Cells, named: list[tuple[int, str]], steps: Steps | None,
                 read_columns: ReadColumns) -> None:  # fmt: skip
        self.cells = cells
        self.steps = steps
        self.read_columns = read_columns
        self.header = [text for _, text in named]
        self.width = len(self.header)
        # each of the sheet's columns -> its place in a row (-1: no header)
        self.slots = [-1] * MAX_COLUMNS
        for index, (col, _) in enumerate(named):
            self.slots[col] = index
        names = self.names = [column_name(text) for text in self.header]
        # the sheet's column of the positions (-1: none), and the framework's place in a row
        self.position = next(
            (col for (col, _), n in zip(named, names, strict=True) if n == "position"), -1
        )
        self.framework = next((i for i, n in enumerate(names) if n == "framework"), None)

    def numbered(
        self, header: int, rows: Iterator[tuple[int, list[RawCell]]]
    ) -> Iterator[tuple[int, list[str]]]:
        """Every row after the header; one the sheet leaves out (blank) is an empty row."""
        last = header
        for number, raw in rows:
            for blank in range(last + 1, number):
                yield blank, []
            last = number
            yield number, self.row(number, raw)

    def row(self, number: int, raw: list[RawCell]) -> list[str]:
        """A row of values, one per header column; empty if blank; else an Unreadable."""
        cells = self.cells
        shared = cells.shared
        count = len(shared)
        plain = cells.plain
        slots = self.slots
        at = self.position
        values = [""] * self.width
        problem: str | None = None
        extra = -1
        position: RawCell | None = None
        value: str | None
        for col, kind, style, text in raw:
            if kind == "s":
                index = int(text) if text is not None and text.isdigit() and text.isascii() else -1
                if 0 <= index < count:
                    value = shared[index]
                    if value is TOO_LONG:
                        value = cells.value((col, kind, style, None), number)
                else:
                    value = cells.value((col, kind, style, text), number)
            elif kind == "":
                value = plain.get((style, text))
                if value is None:
                    value = cells.value((col, kind, style, text), number)
                    if value.__class__ is not _Problem and len(plain) < 50_000:
                        plain[(style, text)] = value
            elif kind == "b" and (text == "1" or text == "0"):
                value = "true" if text == "1" else "false"
            else:
                value = cells.value((col, kind, style, text), number)
            slot = slots[col]
            if value.__class__ is _Problem:
                if problem is None and (slot < 0 or self.read_columns.reads(self.names[slot])):
                    problem = value  # else a column the command never reads: left empty
                continue
            if slot < 0:
                if extra < 0 and value.strip():  # spaces are nothing, as in a CSV roster
                    extra = col
                continue
            values[slot] = value
            if col == at and value and (kind == "" or kind == "n" or kind == "d"):
                position = (col, kind, style, text)  # a number or a date: looked at below
        if problem is None and position is not None:
            problem = self._position(number, position, values)
        if problem is None and extra >= 0:
            problem = (
                f"cell {column_letters(extra)}{number} has a value but its column has no header"
            )
        if problem is not None:
            return Unreadable(number, problem, dict(zip(self.header, values, strict=True)))
        for value in values:
            if value:
                return values
        return []  # a blank row

    def _position(self, number: int, cell: RawCell, values: list[str]) -> str | None:
        """Why the position cell rejects its row (a date; a number that could be two
        positions), or None, with a number cell's position read into ``values``."""
        col = cell[0]
        index = self.slots[col]
        shown = values[index]
        reference = f"{column_letters(col)}{number}"
        if self.cells.is_date(cell):
            return date_position_reason(reference, shown)
        framework = values[self.framework] if self.framework is not None else ""
        found = position_text(shown, framework, self.steps)
        if isinstance(found, str):
            values[index] = found
            return None
        level = found[0].partition(".")[0]
        return (
            f"cell {reference}: the position {shown} is a number cell, and level {level} has "
            f"steps {' and '.join(f.partition('.')[2] for f in found)} "
            f"({' or '.join(found)}: Excel drops a number's trailing zeros): format the position "
            "column as Text and type the positions again, or give level and step columns"
        )
