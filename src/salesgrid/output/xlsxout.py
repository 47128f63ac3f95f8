"""Records as an .xlsx workbook, streamed with XlsxWriter (imported only when one is written).

Rows go out one at a time in XlsxWriter's ``constant_memory`` mode, so memory stays flat
whatever the roster's size. Numbers are numeric cells shown with the decimals they are written
with in CSV (money with cents ``0.00``, a ratio such as ``compa_ratio`` ``0.0000``, whole
numbers as they are), booleans boolean cells, everything else text (never a formula). The
header row is bold and frozen; column widths are worked out from the values written.
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from typing import IO, Any

from salesgrid import signals
from salesgrid.errors import UsageError

#: Rows in one sheet, the header included (Excel's limit).
MAX_ROWS = 1_048_576
#: Characters in one cell (Excel's limit).
MAX_CELL = 32_767
#: Widest column, in characters: longer text is still all there, just not all shown.
MAX_WIDTH = 60


class Sheet:
    """One sheet of records: a bold, frozen header, then one row per :meth:`write`."""

    def __init__(self, book: Book, name: str, fields: Sequence[str], kinds: Mapping[str, str]):
        self._book = book
        self._sheet = book.workbook.add_worksheet(name)
        self._sheet.freeze_panes(1, 0)
        self._kinds = [kinds.get(field, "str") for field in fields]
        self._widths = [len(field) for field in fields]
        self._row = 0
        for column, field in enumerate(fields):
            self._sheet.write_string(0, column, field, book.bold)

    def write(self, values: Sequence[Any]) -> None:
        """One record: text values typed by the field's kind (``num``, ``bool``, text), or
        Decimals, ints and None as such."""
        self._row += 1
        row = self._row
        if row >= MAX_ROWS:
            raise UsageError(
                f"an .xlsx sheet holds at most {MAX_ROWS - 1:,} records; write this roster as "
                ".csv or .jsonl instead"
            )
        sheet = self._sheet
        widths = self._widths
        for column, (kind, value) in enumerate(zip(self._kinds, values, strict=True)):
            if value is None or value == "":
                continue
            if isinstance(value, bool):
                sheet.write_boolean(row, column, value)
                shown = 5
            elif isinstance(value, int | Decimal):
                shown = self._number(row, column, str(value))
            elif kind == "num":
                shown = self._number(row, column, value)
            elif kind == "bool":
                sheet.write_boolean(row, column, value == "true")
                shown = 5
            else:
                text = str(value)
                if len(text) > MAX_CELL:
                    raise UsageError(
                        f"row {row + 1} of the .xlsx output: a value of {len(text):,} characters "
                        f"does not fit in a cell (at most {MAX_CELL:,}); write .csv or .jsonl"
                    )
                sheet.write_string(row, column, text)
                shown = len(text)
            if shown > widths[column]:
                widths[column] = shown

    def _number(self, row: int, column: int, text: str) -> int:
        # A worksheet cell holds a binary double: exact for every amount salesgrid writes
        # (at most 15 significant digits), shown with the decimals written: 0.00, 0.0000.
        point = text.find(".")
        if point >= 0 and text[point + 1 :].isdigit():
            shown = self._book.decimals(len(text) - point - 1)
            self._sheet.write_number(row, column, float(text), shown)
        else:
            self._sheet.write_number(row, column, float(text))
        return len(text)

    def finish(self) -> None:
        for column, width in enumerate(self._widths):
            self._sheet.set_column(column, column, min(width, MAX_WIDTH) + 2)


class Book:
    """A workbook written to ``stream`` when :meth:`close` is called."""

    def __init__(self, stream: IO[bytes], tmpdir: str) -> None:
        import xlsxwriter  # type: ignore[import-untyped]  # XlsxWriter: only when a workbook is made

        self.workbook = xlsxwriter.Workbook(
            stream,
            {
                "constant_memory": True,
                "tmpdir": tmpdir,
                "strings_to_numbers": False,
                "strings_to_formulas": False,
                "strings_to_urls": False,
            },
        )
        self.bold = self.workbook.add_format({"bold": True})
        self._decimals: dict[int, Any] = {}
        self.cents = self.decimals(2)
        self._sheets: list[Sheet] = []

    def decimals(self, places: int) -> Any:
        """The cell format showing ``places`` decimals (``0.00``, ``0.0000``), made once."""
        found = self._decimals.get(places)
        if found is None:
            found = self.workbook.add_format({"num_format": "0." + "0" * places})
            self._decimals[places] = found
        return found

    def sheet(self, name: str, fields: Sequence[str], kinds: Mapping[str, str]) -> Sheet:
        made = Sheet(self, name, fields, kinds)
        self._sheets.append(made)
        return made

    def close(self) -> None:
        # XlsxWriter: only when a workbook is written out
        from xlsxwriter.exceptions import FileCreateError  # type: ignore[import-untyped]

        for sheet in self._sheets:
            sheet.finish()
        try:
            self.workbook.close()
        except FileCreateError as exc:
            # XlsxWriter wraps the stream's OSError (a closed pipe, a full disk): raise that,
            # so that it ends as any other output error (exit 141 or 74), not as a bug
            cause = exc.args[0] if exc.args else None
            if isinstance(cause, OSError):
                raise cause from None
            raise


@contextlib.contextmanager
def workbook(stream: IO[bytes]) -> Iterator[Book]:
    """A :class:`Book` on ``stream``, written out if the block ends normally; XlsxWriter's own
    temporary files live in a directory removed in every case."""
    with tempfile.TemporaryDirectory(prefix="salesgrid-xlsx-") as tmpdir:
        signals.TEMPORARY.add(tmpdir)
        try:
            book = Book(stream, tmpdir)
            yield book
            book.close()
        finally:
            signals.TEMPORARY.discard(tmpdir)
