"""What Excel leaves in a CSV roster: rows of only delimiters and header cells left empty.

A row of only delimiters (``;;;;``, with at most spaces between them) is a blank row: skipped
and counted as an empty line is (the summary's ``blank``). A header cell left empty names no
column (:attr:`salesgrid.batch.spec.RosterSpec.unnamed`); a value under one rejects its row,
naming the column. The careful loop uses these; the block fast path hands back a block with
either, in C (:mod:`salesgrid.batch.fast`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from salesgrid.batch.rows import RowSource, Unreadable
from salesgrid.errors import clip

if TYPE_CHECKING:
    from salesgrid.batch.spec import RosterSpec


def is_blank(row: list[str]) -> bool:
    """A row of only delimiters, with at most spaces (or other white space) between them: a
    blank row, skipped and counted as an empty line is."""
    return not "".join(row).strip()


def unnamed_value(unnamed: Sequence[int], row: list[str]) -> str | None:
    """Why a row of the header's width is refused for a value under a header cell left empty,
    or None when those cells are empty (or spaces) in it."""
    for index in unnamed:
        value = row[index]
        if value.strip():
            return (
                f"column {index + 1} has a value ({clip(value)!r}) but no header: name the "
                "column or clear it"
            )
    return None


def named_only(spec: RosterSpec, source: Any, lines: RowSource) -> Iterator[list[str]]:
    """The rows of ``source``, a row with a value under an empty header cell replaced by a
    rejected row (a blank row stays one: nothing in it is a value)."""
    width = len(spec.header)
    for row in source:
        if len(row) == width and row.__class__ is not Unreadable:
            reason = unnamed_value(spec.unnamed, row)
            if reason is not None:
                values = dict(zip(spec.header, row, strict=True))
                row = Unreadable(lines.line_of(row), reason, values)
        yield row
