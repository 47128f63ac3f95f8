"""An xlsx sheet's XML read row by row, as it is decompressed: the cells each row holds.

Two readers give the same rows. The careful one is expat with handlers for every element,
which reads any XML a sheet may be written in. The quick one reads the form Excel, LibreOffice
and XlsxWriter write (``<row r="2"><c r="A2" s="1" t="s"><v>0</v></c></row>``, formulas and
inline strings included) with one regular expression per row, while expat, without handlers
(at C speed), checks in step that the XML is well formed and declares no document type. At the
first row in any other form (a comment, a rich-text string, attributes in another order, a
namespace prefix...), the careful reader takes over at that row, told the namespaces in force,
and reads the rest: the rows read so far stand, as both readers read them alike.

Memory holds a row at a time (the quick reader: the rows of one chunk, at most
``MAX_BUFFER`` characters of XML); the limits on rows, columns and cells are checked by both.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Iterator
from itertools import chain

from salesgrid.batch.xlsxcells import (
    MAX_CELL_TEXT,
    MAX_COLUMNS,
    MAX_ROWS,
    column_index,
    column_letters,
)
from salesgrid.batch.xlsxparts import MAX_CELLS, MAX_SHEET_XML, Parts
from salesgrid.batch.xlsxxml import (
    CSV_HINT,
    NAMESPACES,
    QuickCheck,
    feed,
    new_parser,
    quick_root,
    refuse,
    xml_text,
)
from salesgrid.errors import UsageError, clip

#: One cell as the sheet holds it: its column (from 0), type (``t``) and style (``s``) (empty
#: when not given) and text (None when longer than a cell holds). A formula with no saved
#: result (no value, or an empty one, where a number is meant) has the type :data:`UNSAVED`.
RawCell = tuple[int, str, str, str | None]
#: The type of a formula cell whose result was never saved (a program that does not
#: calculate wrote the workbook): not one of the types a sheet's XML may give.
UNSAVED = "="
Row = tuple[int, list[RawCell]]

#: The XML the quick reader holds before it hands over (a row this long is read carefully).
MAX_BUFFER = 4 << 20


def sheet_rows(parts: Parts, info: zipfile.ZipInfo, careful: bool = False) -> Iterator[Row]:
    """The rows of a sheet as they are parsed: each row's number and the cells it holds, in
    order. ``careful``: read it all with the careful reader (the quick one's reference)."""
    chunks = parts.chunks(info, MAX_SHEET_XML, "sheet")
    try:
        if careful:
            yield from careful_rows(chunks)
        else:
            yield from _Quick(chunks).rows()
    finally:
        chunks.close()


# ----------------------------------------------------------------------------- checks


def _check_row(number: int, before: int) -> None:
    if number <= before:
        raise refuse(
            f"row {number} comes after row {before} in the sheet's XML: save it again from Excel"
        )
    if number > MAX_ROWS:
        raise UsageError(
            f"the sheet has a row {number:,}, beyond Excel's last row ({MAX_ROWS:,}): save the "
            "workbook again from Excel"
        )


def _column(letters: str, ref: str, row: int, before: int) -> int:
    found = column_index(letters)
    if found is None:
        if letters.isascii() and letters.isupper() and 3 <= len(letters) <= 8:
            raise _beyond_column(row)
        raise refuse(f"a cell of row {row} has the reference {clip(ref)!r}")
    if found <= before:
        raise refuse(
            f"cell {column_letters(found)}{row} comes after {column_letters(before)}{row} in the "
            "sheet's XML: save it again from Excel"
        )
    return found


def _beyond_column(row: int) -> UsageError:
    return UsageError(
        f"the sheet has cells beyond column {column_letters(MAX_COLUMNS - 1)} in row {row} "
        "(Excel's last column): save the workbook again from Excel"
    )


def _too_many_cells() -> UsageError:
    return UsageError(f"the sheet holds more than {MAX_CELLS:,} cells: {CSV_HINT}")


# ----------------------------------------------------------------------------- careful


def careful_rows(chunks: Iterable[bytes], row: int = 0, counted: int = 0) -> Iterator[Row]:
    """The rows, read by expat with a handler for every element. ``row`` and ``counted``:
    the last row and the cells read before (when taking over from the quick reader)."""
    codes = {
        f"{namespace} {name}": code
        for namespace in NAMESPACES
        for code, name in enumerate(("", "c", "v", "row", "t", "f", "rPh", "sheetData", "is"))
        if name
    }
    get = codes.get
    pending: list[Row] = []
    cells: list[RawCell] = []
    pieces: list[str] = []
    columns: dict[str, int] = {}
    # the parse state, as closure variables (the handlers run for every element)
    in_data = in_row = in_cell = collecting = done = formula = False
    phonetic = 0
    row_text = str(row)
    col = -1
    cell_type = style = ""
    size = 0
    rows_seen = others = 0

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal in_data, in_row, in_cell, collecting, phonetic, row, row_text, col
        nonlocal cell_type, style, size, counted, rows_seen, others, formula
        code = get(name, 0)
        if code == 1:  # c
            if not in_row:
                return
            in_cell = True
            counted += 1
            ref = attrs.get("r")
            if ref is None:
                if col + 1 >= MAX_COLUMNS:
                    raise _beyond_column(row)
                col += 1
            else:
                letters = ref.rstrip("0123456789")
                found = columns.get(letters)
                if found is None or found <= col:
                    found = _column(letters, ref, row, col)
                    if len(columns) < 20_000:
                        columns[letters] = found
                if len(ref) > len(letters) and ref[len(letters) :] != row_text:
                    raise refuse(
                        f"cell {clip(ref)} sits in row {row} of the sheet's XML: save it again "
                        "from Excel"
                    )
                col = found
            cell_type = attrs.get("t", "")
            style = attrs.get("s", "")
            pieces.clear()
            size = 0
            collecting = formula = False
        elif code == 2:  # v
            collecting = in_cell
        elif code == 3:  # row
            if not in_data:
                return
            rows_seen += 1
            given = attrs.get("r")
            if given is None:
                number = row + 1
            else:
                value = given.strip()
                if not (value.isdigit() and value.isascii() and len(value) <= 8):
                    raise refuse(f"a row of the sheet's XML is numbered {clip(given)!r}")
                number = int(value)
            _check_row(number, row)
            row = number
            row_text = str(number)
            in_row = True
            col = -1
            cells.clear()
        elif code == 4:  # t of an inline string
            collecting = in_cell and not phonetic
        elif code == 5:  # f: its formula is not the value
            collecting = False
            formula = in_cell
        elif code == 6:  # rPh: a phonetic reading, not the text
            phonetic += 1
            collecting = False
        elif code == 7:
            in_data = True
        else:
            others += 1

    def end(name: str) -> None:
        nonlocal in_row, in_cell, collecting, phonetic, done
        code = get(name, 0)
        if code == 2 or code == 4:
            collecting = False
        elif code == 1:
            if in_cell:
                in_cell = collecting = False
                text = (pieces[0] if len(pieces) == 1 else "".join(pieces)) if pieces else ""
                kind = UNSAVED if formula and not text and cell_type in ("", "n") else cell_type
                cells.append((col, kind, style, text if size <= MAX_CELL_TEXT else None))
        elif code == 3:
            if in_row:
                in_row = False
                pending.append((row, cells.copy()))
                if counted > MAX_CELLS:
                    raise _too_many_cells()
        elif code == 6:
            phonetic -= 1
        elif code == 7:
            done = True

    def chars(data: str) -> None:
        nonlocal size
        if collecting:
            size += len(data)
            if size <= MAX_CELL_TEXT:
                pieces.append(data)

    parser = new_parser("sheet")
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    steps = feed(parser, iter(chunks), "sheet", lambda: counted + rows_seen + others)
    try:
        for _ in steps:
            if pending:
                yield from pending
                pending.clear()
            if done:  # nothing after the sheet's cells is read
                return
    finally:
        steps.close()


# ----------------------------------------------------------------------------- quick

_ATTRIBUTES = r'(?:\s+[\w:.-]+="[^"<>]*")*'
#: A cell in the form Excel writes (1 2 its reference, 3 its style, 4 its type, 5 its formula,
#: 6 its value, 7 its inline string), a row's end (8), a row's start (9 its number, 10 its
#: other attributes, 11 "/" when it has no cell), or anything else: the rest of the text (12).
_TOKEN = re.compile(
    r'\s*(?:<c r="([A-Z]++)([0-9]++)"(?: s="([0-9]++)")?+(?: t="([a-zA-Z]++)")?+'
    r"(?:/>|>(<f>[^<]*+</f>|<f" + _ATTRIBUTES + r"\s*/>|<f" + _ATTRIBUTES + r"\s*>[^<]*</f>)?+"
    r'(?:<v>([^<]*+)</v>|<is><t(?: xml:space="preserve")?>([^<]*+)</t></is>)?+</c>)'
    r"|(</row>)"
    r'|<row(?: r="([0-9]{1,8})")?(' + _ATTRIBUTES + r")\s*(/?)>"
    r"|(\S[\s\S]*))"
)
_SHEET_DATA = re.compile(r"<sheetData(\s[^<>/]*)?(/?)>")


class _Handover(Exception):
    """The quick reader meets XML it does not read: the careful one reads on from here."""


class _Quick:
    """The quick reader, which hands over to the careful one (see the module's docstring)."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self.chunks = chunks
        self.part = QuickCheck(chunks, "sheet")
        self.namespaces = ""  # the root's namespace declarations
        self.row = 0
        self.counted = 0
        self.columns: dict[str, int] = {}

    def rows(self) -> Iterator[Row]:
        part = self.part
        if not self._start():  # not in the form the quick reader reads: all read carefully
            yield from careful_rows(chain(part.raw or (), self.chunks))
            return
        while True:
            end = part.text.find("</sheetData>")
            last = end if end >= 0 else part.text.rfind("</row>") + 6
            if end >= 0 or last > 5:  # whole rows to read
                try:
                    found = self._region(part.text[:last])
                except _Handover:
                    break
                yield from found
                if end >= 0:
                    return
                part.text = part.text[last:]
            if len(part.text) > MAX_BUFFER or not part.read():
                break
        yield from careful_rows(self._rest(), self.row, self.counted)

    def _start(self) -> bool:
        """Read up to the sheet's cells; False unless the quick reader can read them (a root
        element in SpreadsheetML's default namespace, UTF-8, no comment nor processing
        instruction nor namespace declaration before the cells)."""
        part = self.part
        while (found := _SHEET_DATA.search(part.text)) is None:
            if len(part.text) > MAX_BUFFER or not part.read():
                return False
            if part.raw and part.raw[0][:2] in (b"\xff\xfe", b"\xfe\xff"):
                return False  # UTF-16
        head = part.text[: found.start()]
        root = quick_root(head, "worksheet")
        if root is None or "xmlns" in head[root[0] :] or "xmlns" in (found.group(1) or ""):
            return False
        self.namespaces = root[1]
        part.raw = None
        part.text = "</sheetData>" if found.group(2) else part.text[found.end() :]
        return True

    def _rest(self) -> Iterator[bytes]:
        """What the careful reader reads on from: the XML not read yet, inside the elements
        it is in, then the rest of the part."""
        pending, _ = self.part.decoder.getstate()
        yield f"<worksheet{self.namespaces}><sheetData>".encode()
        yield self.part.text.encode("utf-8", "surrogatepass") + pending
        yield from self.chunks

    def _region(self, region: str) -> list[Row]:
        """The rows of ``region`` (whole rows); :class:`_Handover` when one is in another
        form, or breaks a rule (nothing of the region is taken then: the careful reader reads
        it again, and says what is wrong)."""
        rows: list[Row] = []
        columns = self.columns
        row, counted = self.row, self.counted
        row_text = ""
        cells: list[RawCell] | None = None
        col = -1
        for (
            letters, digits, style, cell_type, formula, value, inline, close, number, attributes,
            empty, other,
        ) in _TOKEN.findall(region):  # fmt: skip
            if letters:  # a cell
                if cells is None or digits != row_text:
                    raise _Handover
                found = columns.get(letters)
                if found is None:
                    found = column_index(letters)
                    if found is None:
                        raise _Handover  # the careful reader says what is wrong
                    if len(columns) < 20_000:
                        columns[letters] = found
                if found <= col:
                    raise _Handover
                col = found
                text = value or inline
                if "&" in text or "\r" in text:
                    text = xml_text(text)
                if formula and not text and (cell_type == "" or cell_type == "n"):
                    cell_type = UNSAVED  # a formula whose result was never saved
                counted += 1
                cells.append((col, cell_type, style, text if len(text) <= MAX_CELL_TEXT else None))
            elif close:
                if cells is None or counted > MAX_CELLS:
                    raise _Handover
                rows.append((row, cells))
                cells = None
            elif other or cells is not None or 'r="' in attributes:
                raise _Handover
            else:  # a row's start
                given = int(number) if number else row + 1
                if not row < given <= MAX_ROWS:
                    raise _Handover
                row, row_text, col = given, str(given), -1
                if empty:
                    rows.append((row, []))
                else:
                    cells = []
        if cells is not None:
            raise _Handover  # a row that does not end where the region does
        self.row, self.counted = row, counted
        return rows
