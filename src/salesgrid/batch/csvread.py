"""CSV roster rows: :class:`CsvSource` hands on the C csv reader's rows in batches, each
rejected row (an unclosed quote, an over-long field, bytes not in the encoding) an
:class:`~salesgrid.batch.rows.Unreadable` with the line its row starts on; and the delimiter a
header line uses.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from itertools import chain, islice

from salesgrid.batch.rows import RowSource, Unreadable
from salesgrid.batch.textread import (
    MAX_FIELD,
    SURROGATE,
    UNDECODED,
    clean_values,
    encoding_reason,
)


def sniff_delimiter(line: str) -> str:
    """The delimiter a header line uses: the most frequent of ``,`` ``;`` and tab (``,`` if
    none: a one-column header)."""
    bare = re.sub(r'"[^"]*"', "", line)  # what quoted names hold does not count
    counts = [(bare.count(d), -index, d) for index, d in enumerate((",", ";", "\t"))]
    best = max(counts)
    return best[2] if best[0] else ","


def _span(row: list[str]) -> int:
    """How many lines a row takes: one, and one more per line end inside its quoted fields (a
    line ends at LF, CRLF or a bare CR, as the reader counts them)."""
    return 1 + sum(f.count("\n") + f.count("\r") - f.count("\r\n") for f in row)


class CsvSource(RowSource):
    """Rows from the C csv reader, handed on in batches so that the hot loop iterates plain
    lists (no Python code per row). A batch is looked inside only when the decoder met bytes it
    could not decode; the reader's errors (an unclosed quote, an over-long field, text after a
    closing quote) become rejected rows with the line their row starts on, worked out from the
    rows of the batch read before the error. Line numbers are worked out only when asked."""

    BATCH = 128  # rows read at a time: few enough to keep memory flat
    blank_rows = True  # a line of only delimiters is a blank row

    def __init__(
        self,
        stream: Iterable[str],
        delimiter: str,
        header: list[str],
        encoding: str,
        undecoded: int,
        offset: int = 1,
        limit: int | None = None,
    ) -> None:
        """``offset``: the lines before the first one ``stream`` gives (the header's, or
        those of the blocks read before); ``limit``: stop at the first row that ends on or
        after that many lines of ``stream`` (rows are whole, so a quoted field open at that
        line is read on to its end)."""
        csv.field_size_limit(MAX_FIELD)
        self.reader = csv.reader(stream, delimiter=delimiter, strict=True)
        self.header = header
        self.encoding = encoding
        self.offset = offset  # the lines read before the reader started
        self.limit = limit
        self.undecoded = undecoded  # the count of undecodable bytes before the file was read
        self.batch: list[list[str]] = []
        self.starts: list[int] | None = None  # each row's line, when worked out for the batch
        self.cursor = 0  # rows of the batch whose lines are counted ...
        self.counted = 0  # ... and the reader's line count at the end of them
        self.flat = False  # every row of the batch is one line (no line end in a field)

    def __iter__(self) -> Iterator[list[str]]:
        return chain.from_iterable(self._batches())

    def _batches(self) -> Iterator[list[list[str]]]:
        reader = self.reader
        undecoded = UNDECODED
        seen = self.undecoded
        size = self.BATCH
        while True:
            start = reader.line_num
            batch: list[list[str]] = []
            error = None
            try:  # extend keeps the rows read before an error
                batch.extend(islice(reader if self.limit is None else self._limited(), size))
            except csv.Error as exc:
                error = str(exc)
            if error is None and not batch:
                return
            before = start + sum(_span(row) for row in batch) if error is not None else 0
            self.starts = None
            if undecoded[0] != seen:
                seen = self._undecoded_rows(batch, start, seen)
            if error is not None:
                batch.append(
                    Unreadable(
                        before + 1 + self.offset,
                        self._reason(error, before + 1, reader.line_num),
                        {},
                    )
                )
            self.batch, self.cursor, self.counted = batch, 0, start
            self.flat = error is None and reader.line_num - start == len(batch)
            yield batch

    def _limited(self) -> Iterator[list[str]]:
        reader, limit = self.reader, self.limit
        if limit is None or reader.line_num >= limit:
            return
        for row in reader:
            yield row
            if reader.line_num >= limit:
                return

    def _undecoded_rows(self, batch: list[list[str]], start: int, seen: int) -> int:
        """Replace the rows holding undecodable bytes by rejected rows; the new count seen."""
        starts = []
        line = start
        for index, row in enumerate(batch):
            starts.append(self.offset + line + 1)
            line += _span(row)
            found = sum(len(SURROGATE.findall(field)) for field in row)
            if found:
                seen += found
                batch[index] = Unreadable(
                    starts[index],
                    encoding_reason(row, self.encoding),
                    clean_values(self.header, row),
                )
        self.starts = starts
        return seen

    def _reason(self, error: str, first: int, last: int) -> str:
        first, last = first + self.offset, last + self.offset
        lines = f"line {first}" if first == last else f"lines {first}-{last}"
        if error.startswith("unexpected end of data"):
            return (
                f"unclosed quote: a quote opened on line {first} never closes ({lines}, to the "
                "end of the file, were read as one row): close it"
            )
        if error.startswith("field larger than field limit"):
            return (
                f"a field longer than {MAX_FIELD:,} characters ({lines}): an unclosed quote, "
                "or a value too long for a roster"
            )
        if "expected after" in error:
            return (
                f"text after a closing quote on line {last}: quote the whole value and double "
                'the quotes inside it ("a ""b"" c")'
            )
        return f"unreadable CSV ({lines}): {error}"

    def line_of(self, row: list[str]) -> int:
        """The line ``row`` starts on. It is in the batch handed on last (rows are asked about
        in order, as they are read): count the lines of the rows before it from where the last
        question left off."""
        batch = self.batch
        index, line = self.cursor, self.counted
        if self.flat:  # a line a row: no field to look into (every accepted row is asked)
            while index < len(batch) and batch[index] is not row:
                index += 1
            line += index - self.cursor
        while index < len(batch) and batch[index] is not row:
            line += _span(batch[index])
            index += 1
        if index == len(batch):  # pragma: no cover - not a row of this batch
            raise ValueError("line_of: the row is not in the current batch")
        self.cursor, self.counted = index, line
        if self.starts is not None:
            return self.starts[index]
        return self.offset + line + 1
