"""A CSV roster read in large blocks of whole lines, for the fast path of the roster loop.

:class:`BlockSource` reads the text 256 KiB at a time and cuts it after its last line end.
A block that passes cheap whole-block checks (no quote, only ASCII, no bare CR, no field that may
be longer than the reader's limit) is handed on as
a :class:`Block` for :mod:`salesgrid.batch.fast` to run without Python code per row; the fast
path hands back any block it cannot vouch for, and that block, like every block that fails the
checks here, is read by today's careful :class:`~salesgrid.batch.csvread.CsvSource`, with the
same rows, line numbers and rejects. A careful block that ends inside a quoted field reads on to
the end of that row, and the blocks go on from there.

Iterating a :class:`BlockSource` gives every row carefully, as a
:class:`~salesgrid.batch.csvread.CsvSource` over the whole text would.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from itertools import chain
from typing import IO, NamedTuple

from salesgrid.batch.codepage import refuse_late
from salesgrid.batch.csvread import CsvSource
from salesgrid.batch.rows import RowSource
from salesgrid.batch.textread import MAX_FIELD, SURROGATE


class Block(NamedTuple):
    """Whole lines that passed the reader's checks: ``text`` with CRLF read as LF, ``raw`` as
    read, and the line ``text`` starts on."""

    text: str
    raw: str
    line: int
    lines: int


def pieces(block: Block, count: int = 8) -> list[Block] | None:
    """A block cut at line ends into about ``count`` pieces (for the fast path to hand back
    only the piece holding the row it cannot take), or None if it is too small to be worth it.

    Every piece holds fewer lines than the block, so that cutting again always ends: when the
    block's last line holds most of its text (every cut by length would fall in it), the block
    is cut before that line."""
    if block.lines < 64:
        return None
    raw = block.raw
    ends: list[int] = []
    for part in range(1, count):
        end = raw.find("\n", len(raw) * part // count) + 1
        if 0 < end < len(raw) and (not ends or end > ends[-1]):
            ends.append(end)
    if not ends:  # the last line starts before the first cut: cut just before it
        ends.append(raw.rfind("\n", 0, len(raw) - 1) + 1)
    crlf = block.text is not raw
    found = []
    line, start = block.line, 0
    for end in [*ends, len(raw)]:
        piece = raw[start:end]
        text = piece.replace("\r\n", "\n") if crlf else piece
        lines = text.count("\n")
        found.append(Block(text, piece, line, lines))
        line, start = line + lines, end
    return found


def may_hold_long_field(text: str, delimiter: str, limit: int = MAX_FIELD) -> bool:
    """Whether ``text`` (no quotes) may hold a field longer than ``limit`` characters, looked
    at in C: such a field covers a whole stretch of ``limit // 2`` characters, counted from
    the start, with neither a delimiter nor a line end in it; a text that short has none. False
    means certainly none; True, one may be there (a field longer than half the limit)."""
    if len(text) <= limit:
        return False
    step = limit // 2
    find = text.find
    for start in range(0, len(text) - step + 1, step):
        end = start + step
        if find(delimiter, start, end) < 0 and find("\n", start, end) < 0:
            return True
    return False


def _line_ends(text: str) -> int:
    """Lines ending in ``text``, counted as the CSV reader counts them (LF, CRLF, bare CR)."""
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def _surrogates(text: str) -> int:
    return 0 if text.isascii() else len(SURROGATE.findall(text))


class BlockSource(RowSource):
    SIZE = 1 << 18  # characters read at a time
    blank_rows = True  # a line of only delimiters is a blank row

    def __init__(
        self,
        stream: IO[str],
        delimiter: str,
        header: list[str],
        encoding: str,
        undecoded: int,
        first: str = "",
    ) -> None:
        """``undecoded``: the count of undecodable bytes met before the roster's rows;
        ``first``: the header line as read."""
        self.stream = stream
        self.first = first
        self.before = undecoded  # ... and before the text after the blocks read so far
        self.delimiter = delimiter
        self.header = header
        self.encoding = encoding
        self.line = 2  # the line the text after the blocks read so far starts on
        self.carry = ""  # text read after the last whole line
        self.current: CsvSource | None = None  # the careful reader of the rows handed on last

    # ------------------------------------------------------------------------ segments

    def segments(self) -> Iterator[Block | CsvSource]:
        """The roster as blocks for the fast path and careful readers for the rest."""
        read = self.stream.read
        size = self.SIZE
        while True:
            text = self.carry + read(size)
            if not text:
                return
            cut = text.rfind("\n") + 1
            if cut == 0:  # no line end in a whole block: an odd file; read the rest carefully
                self.carry = ""
                # the line read in part ends first: the CSV reader ends a row at each piece
                text += self.stream.readline()
                rest = chain(io.StringIO(text, newline=""), iter(self.stream.readline, ""))
                yield self._reader(rest, self.line - 1)
                return
            raw, self.carry = text[:cut], text[cut:]
            if '"' in raw or not raw.isascii():
                yield self._careful(raw, None, follow=True)
                continue
            if may_hold_long_field(raw, self.delimiter):  # the reader rejects its row
                yield self._careful(raw, None, follow=False)
                continue
            clean = raw
            if "\r" in raw:
                if raw.count("\r") != raw.count("\r\n"):  # a bare CR ends a line too
                    yield self._careful(raw, None, follow=False)
                    continue
                clean = raw.replace("\r\n", "\n")
            lines = clean.count("\n")
            block = Block(clean, raw, self.line, lines)
            self.line += lines
            yield block

    def careful(self, block: Block) -> CsvSource:
        """The careful reader of a block the fast path handed back."""
        return self._careful(block.raw, block.line, follow=False)

    def _careful(self, raw: str, line: int | None, follow: bool) -> CsvSource:
        """A careful reader of ``raw`` (whole lines; with ``follow``, on into the text after
        it as long as its last row is not over). ``line``: where a block handed back starts."""
        lines = _line_ends(raw)
        start = self.line if line is None else line
        source: Iterator[str] = iter(io.StringIO(raw, newline=""))
        if follow:
            source = self._follow(source)
        # the undecodable bytes before the block: a row holding some is looked inside
        reader = self._reader(source, start - 1, lines if follow else None)
        if line is None:
            self.line += lines
            self.before += _surrogates(raw)
        return reader

    def _reader(self, lines: Iterator[str], offset: int, limit: int | None = None) -> CsvSource:
        """The careful reader of ``lines`` (the rows read so far: ``offset`` lines), handed
        on as the current one, with the undecodable bytes met before them."""
        self.current = CsvSource(
            lines, self.delimiter, self.header, self.encoding, self.before, offset, limit
        )
        return self.current

    def _follow(self, lines: Iterator[str]) -> Iterator[str]:
        """``lines``, then the lines after them (a quoted field open at their end), counted,
        with what is left of the text read put back for the next block."""
        yield from lines
        text = self.carry + self.stream.readline()
        self.carry = ""
        while text:
            rest = io.StringIO(text, newline="")
            for line in rest:
                self.line += 1
                self.before += _surrogates(line)
                taken = len(line)
                text = text[taken:]
                self.carry = text  # put back unless the reader asks for more
                yield line
                self.carry = ""
            text = self.stream.readline()

    # ------------------------------------------------------------------------ rows

    def __iter__(self) -> Iterator[list[str]]:
        """Every row, read carefully (from where the blocks read so far left off)."""
        head = self.carry + self.stream.readline() if self.carry else ""
        rest = chain(io.StringIO(head, newline=""), self.stream)
        self.carry = ""
        return iter(self._reader(rest, self.line - 1))

    def finish(self) -> None:
        """Once every row is read: refuse a stream whose late first non-ASCII text was UTF-8
        (see :func:`salesgrid.batch.codepage.refuse_late`)."""
        refuse_late(self.stream)

    def line_of(self, row: list[str]) -> int:
        if self.current is None:  # pragma: no cover - asked before any row
            raise ValueError("line_of: no row read yet")
        return self.current.line_of(row)
