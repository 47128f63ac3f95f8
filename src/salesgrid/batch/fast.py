"""The fast path of a pay-only roster: a whole block of rows with no Python code per row.

A :class:`~salesgrid.batch.blocks.Block` of ``employee_id,position`` lines (any columns, the
employee id first) is split at once, its columns taken by slicing, each row's output tail
looked up per distinct position, and the output joined in one call: the same text, byte for
byte, as the careful row loop of :func:`salesgrid.batch.roster.process` writes. A block that
fails any check (a value that needs stripping, quoting or escaping, an empty employee id, a
row of the wrong width, a position that is refused) is handed back, to be read row by row.

How the width is checked without looking at each line: every line end becomes a delimiter
followed by the line end, so after one split each line's first field starts with the line end
and no other field holds one. The employee ids are the fields at multiples of the width; if
they hold exactly one line end each (but the first), every line has exactly the header's width.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from salesgrid.batch.blocks import Block
from salesgrid.batch.roster import RosterSpec

#: What str.strip() takes off an ASCII value (the careful loop strips the employee id), and the
#: NUL the fast path leaves to the CSV reader.
_STRIPPED = (" ", "\t", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1f", "\x00")
#: What a JSON string escapes (the quote is never in a block).
_JSON_ESCAPED = ("\\", *(chr(code) for code in range(32) if code != 10))
#: Off, every row goes through the careful loop (the tests compare both paths).
ENABLED = True
#: How a JSONL record starts, up to the employee id's text.
JSONL_HEAD = '{"employee_id": "'


class FastPay:
    """The pay-only fast path of one roster run, or ``usable`` False when the roster's shape or
    the output does not allow it (the employee id not first, a projection of the fields)."""

    def __init__(
        self,
        spec: RosterSpec,
        delimiter: str,
        fmt: str,
        write: Callable[[str], Any],
        entries: dict[Any, list[Any]],
        lookup: Callable[[Any], list[Any]],
        key_columns: list[int],
        line: Callable[[tuple[str, ...]], str] | None = None,
        count: bool = True,
    ) -> None:
        """``fmt``: csv or jsonl (``line`` renders a whole JSONL record from its values);
        ``entries`` and ``lookup``: the row loop's cache of positions, shared; ``count``:
        count the rows per position (for the totals)."""
        self.count = count
        self.width = width = len(spec.header)
        self.delimiter = delimiter
        self.usable = ENABLED and spec.where["employee_id"] == 0 and width > 1
        self.write = write
        self.entries = entries
        self.lookup = lookup
        self.line = line
        self.jsonl = fmt == "jsonl"
        forbidden = [c for c in _STRIPPED if c != delimiter]
        if delimiter != ",":
            forbidden.append(",")  # a comma in a value would need quoting in the output
        if self.jsonl:
            forbidden += [c for c in _JSON_ESCAPED if c != delimiter and c not in forbidden]
        self.forbidden = tuple(forbidden)
        self.marker = delimiter + "\n" + (JSONL_HEAD if self.jsonl else "")
        self.head = JSONL_HEAD if self.jsonl else ""
        self.key_columns = key_columns
        self.tails: dict[Any, str] = {}

    def tail(self, key: Any) -> str | None:
        """What follows a row's employee id in the output (without the line end), or None
        when the position is refused (the careful loop rejects the row with its reason)."""
        entry = self.entries.get(key)
        if entry is None:
            entry = self.lookup(key)
        found = entry[0]
        if found.__class__ is str:
            return None
        if self.line is None:
            tail = str(found.csv_tail)
        else:  # the record of an employee 'x', less '{"employee_id": "x' and the line end
            whole = self.line(("x", *found.text))
            tail = whole[len(JSONL_HEAD) + 1 : -1]
        self.tails[key] = tail
        return tail

    def run(self, block: Block) -> bool:
        """Write the block's records and count them; False (nothing written) to hand it back."""
        text = block.text
        for char in self.forbidden:
            if char in text:
                return False
        delimiter = self.delimiter
        if text.startswith(delimiter) or ("\n" + delimiter) in text:
            return False  # an empty employee id
        width, lines = self.width, block.lines
        fields = text[:-1].replace("\n", self.marker).split(delimiter)
        if len(fields) != width * lines:
            return False
        ids = fields[0::width]
        if "".join(ids).count("\n") != lines - 1:
            return False  # a line of another width
        columns = self.key_columns
        keys: Any = (
            fields[columns[0] :: width]
            if len(columns) == 1
            else list(zip(*(fields[c::width] for c in columns), strict=True))
        )
        get = self.tails.__getitem__
        try:
            tails = list(map(get, keys))
        except KeyError:
            for key in set(keys):
                if key not in self.tails and self.tail(key) is None:
                    return False
            tails = list(map(get, keys))
        ids[0] = self.head + ids[0]
        tails[-1] += "\n"
        parts: list[Any] = [None] * (2 * lines)
        parts[0::2] = ids
        parts[1::2] = tails
        self.write("".join(parts))
        if self.count:
            entries = self.entries
            for key, count in Counter(keys).items():
                entries[key][1] += count
        return True
