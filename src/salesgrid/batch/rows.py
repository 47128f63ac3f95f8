"""Rows as readers hand them on and the row loop takes them: a :class:`RowSource` (rows and the
line each starts on), :class:`NumberedSource` (rows that come with their line), an
:class:`Unreadable` row (one its reader could not read), and a :class:`Rejected` row with its
reason (what the rejects file is written from).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from salesgrid.batch.readcolumns import ReadColumns
    from salesgrid.output.csvdialect import CsvDialect


class Rejected(NamedTuple):
    line: int
    reason: str
    row: dict[str, str]


class RowSource:
    """Rows of a roster, and the line a row starts on (worked out only for rejected rows).

    ``blank_rows``: a row whose values are all empty or spaces is a blank row (a CSV line of
    only delimiters), skipped and counted as an empty line is; a source whose rows are records
    (a JSONL object, a mapping) leaves it False: such a row is rejected. A source with a
    ``finish()`` has it called once every row is read (:func:`salesgrid.batch.roster.process`):
    it may refuse what it read (:func:`salesgrid.batch.codepage.refuse_late`). ``written``: the
    dialect a CSV roster was written in (its rejects file mirrors it), None for the others."""

    blank_rows = False
    written: CsvDialect | None = None

    def __iter__(self) -> Iterator[list[str]]:  # pragma: no cover - subclasses
        raise NotImplementedError

    def line_of(self, row: list[str]) -> int:  # pragma: no cover - subclasses
        raise NotImplementedError


class Unreadable(list[str]):
    """A row its reader could not read (bytes not in the encoding, an unclosed quote, a JSONL
    line that is no object...): no values to judge, but its line, the reason and whatever
    values could be read, for the rejects file. The readers make them
    (:mod:`~salesgrid.batch.csvread`, :mod:`~salesgrid.batch.jsonlread`,
    :mod:`~salesgrid.batch.xlsxread`, :mod:`~salesgrid.batch.mappings`), and
    :mod:`~salesgrid.batch.leftovers` for a row with a value under an empty header cell."""

    __slots__ = ("line", "reason", "values")

    def __init__(self, line: int, reason: str, values: dict[str, str]) -> None:
        super().__init__()
        self.line = line
        self.reason = reason
        self.values = values


class NumberedSource(RowSource):
    """Rows that come with their line (a JSONL line, a sheet's row number); ``blank_rows``: a
    row of only empty (or white space) values is a blank row (see RowSource), as a sheet's
    row may be; not a JSONL object's. ``finish``: called once every row is read."""

    def __init__(
        self,
        numbered: Iterator[tuple[int, list[str]]],
        blank_rows: bool = False,
        finish: Callable[[], None] | None = None,
        read_columns: ReadColumns | None = None,
    ) -> None:
        """``read_columns``: the reader's, told which columns the command reads (see
        :class:`~salesgrid.batch.readcolumns.ReadColumns`)."""
        self.numbered = numbered
        self.line = 0
        self.blank_rows = blank_rows
        self.read_columns = read_columns
        if finish is not None:
            self.finish = finish

    def __iter__(self) -> Iterator[list[str]]:
        for line, row in self.numbered:
            self.line = line
            yield row

    def line_of(self, row: list[str]) -> int:  # noqa: ARG002 - the row just yielded
        return self.line
