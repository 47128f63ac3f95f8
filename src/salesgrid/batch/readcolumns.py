"""Which columns of a roster the command reading it reads: the readers' side of the rule,
"columns a command does not use never reject a row".

A CSV roster's text is looked at only where a command reads it; an xlsx cell, a JSONL value
or a Python value is turned into text by its reader, which may refuse it (an Excel error
cell, a JSON list). Such a reader is given a :class:`ReadColumns` when it is made, and the
command tells it which columns it reads once the header is compiled, before any row is read:
a value refused in a column the command never reads is left empty, and rejects no row.
"""

from __future__ import annotations


class ReadColumns:
    """The columns of a roster's header that the command reading it reads, by name (None:
    every one), told to the readers once the header is compiled, before any row is read. A
    value a reader cannot take (an Excel error cell, a JSON list...) in a column the command
    never reads (paygap's in a roster, an unknown one with --ignore-unknown-columns, all but
    the ids and positions in ``diff --roster``) rejects no row: it is left empty, as a CSV
    roster's text there is never looked at."""

    __slots__ = ("read",)

    def __init__(self) -> None:
        self.read: frozenset[str] | None = None

    @staticmethod
    def tell(source: object, columns: frozenset[str]) -> None:
        """Tell ``source``'s reader, if it takes a :class:`ReadColumns` (xlsx, JSONL, Python
        values: readers that may refuse a value cell by cell), which ``columns`` are read."""
        told = getattr(source, "read_columns", None)
        if told is not None:
            told.read = columns

    def reads(self, name: str) -> bool:
        """Whether the column ``name`` is read (``name`` as
        :func:`salesgrid.batch.header.column_name` gives it)."""
        return self.read is None or name in self.read
