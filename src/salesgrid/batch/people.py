"""One person, one row: the employee ids a run has accepted, and the line each was first on.

Every command that reads people (``roster``, ``diff --roster``, the Python API) rejects a row
whose ``employee_id`` an earlier accepted row already has, with :func:`repeat_reason`
(``E-1 also on line 2``): counted or priced twice, a person would double a total. The rules:

- the id compared is the ``employee_id`` as the output writes it: stripped of surrounding
  white space, otherwise exact (``E-1`` and ``e-1`` are two ids, as they are two records);
- only accepted rows count: a row rejected for its own fault (a bad position, a bad value) is
  checked for those first and never makes a later row a repeat, so the first good row of an id
  is the one written;
- the first accepted row of an id is kept, every later one is rejected, naming that first line.

Memory grows with the distinct ids, compactly: a set of each id's ``hash()`` answers "seen?" at
C speed (a whole block of the fast path at once), and the ids themselves are kept as text,
joined by line ends in one string per chunk of rows, with their lines. A hit is verified
against that text (two different ids may share a hash: neither is ever rejected for it) and
gives the first line. The strings are searched at C speed; should hits be many (a roster
concatenated twice), the chunks are indexed by hash, so that each hit stays cheap.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence

from salesgrid.errors import clip

#: Ids accepted one by one are joined into a chunk this many at a time.
_CHUNK = 4096
#: The hash index: this many buckets (a bucket's hashes are searched at C speed).
_BUCKETS = 1 << 14
#: Index the chunks once the searches since the last indexing have read this many times
#: their text (indexing costs about as much as this many searches).
_SEARCHES_PER_INDEX = 16


def repeat_reason(employee_id: str, first: int) -> str:
    """The reason a repeated row is rejected: ``E-1 also on line 2: ...``."""
    shown = clip(employee_id) if employee_id.isprintable() else repr(clip(employee_id))
    return (
        f"{shown} also on line {first}: each employee_id once (remove the repeated row, or "
        "correct its id)"
    )


class SeenIds:
    """The ids of the rows accepted so far, each with the line it is on."""

    def __init__(self) -> None:
        self.hashes: set[int] = set()
        # chunks: the ids joined by line ends, with a line end before and after ("\nE-1\nE-2\n"),
        # and their lines: consecutive from an int (a block of the fast path), or one each
        self._chunks: list[tuple[str, int | array[int]]] = []
        self._names: list[str] = []  # ids taken one by one, not yet in a chunk ...
        self._lines: array[int] = array("I")  # ... and their lines
        self._odd: dict[str, int] = {}  # ids holding a line end (quoted in CSV): rare
        self._indexed = 0  # chunks in the index
        self._unindexed = 0  # characters of the chunks after them
        self._searched = 0  # characters searched since the index was last brought up to date
        self._index: list[tuple[array[int], array[int], array[int]]] | None = None

    def __len__(self) -> int:
        return len(self.hashes)

    # ------------------------------------------------------------------------- taking ids

    def first_line(self, employee_id: str, line: int) -> int | None:
        """The line ``employee_id`` was first accepted on; None if it is new, and then it is
        taken, on ``line``."""
        key = hash(employee_id)
        if key in self.hashes:
            found = self._find(employee_id)
            if found is not None:
                return found
        else:
            self.hashes.add(key)
        if "\n" in employee_id:
            self._odd[employee_id] = line
            return None
        self._names.append(employee_id)
        self._lines.append(line)
        if len(self._names) >= _CHUNK:
            self._flush()
        return None

    def take_block(self, employee_ids: Sequence[str], line: int) -> bool:
        """Take the ids of consecutive lines from ``line`` if every one is new and none is
        there twice (True); else take none of them (False: check them one by one)."""
        if any("\n" in name for name in employee_ids):
            return False
        return self.take_joined("\n".join(employee_ids), line)

    def take_joined(self, text: str, line: int) -> bool:
        """:meth:`take_block` for ids already joined by line ends (none holds one)."""
        names = text.split("\n")
        keys = set(map(hash, names))
        if len(keys) != len(names) or not self.hashes.isdisjoint(keys):
            return False
        self.hashes |= keys
        self._add("\n" + text + "\n", line)
        return True

    def overlaps(self, hashes: bytes) -> bool:
        """Whether any of these hashes (:meth:`hash_bytes` of another run of the same process
        or a fork of it) is one of ours: the two may share an id."""
        other: array[int] = array("q")
        other.frombytes(hashes)
        return not self.hashes.isdisjoint(other)

    def hash_bytes(self) -> bytes:
        """Every id's hash, compactly, for :meth:`overlaps`."""
        return array("q", self.hashes).tobytes()

    def _flush(self) -> None:
        if self._names:
            self._add("\n" + "\n".join(self._names) + "\n", self._lines)
            self._names, self._lines = [], array("I")

    def _add(self, text: str, lines: int | array[int]) -> None:
        self._chunks.append((text, lines))
        self._unindexed += len(text)

    # ------------------------------------------------------------------------- finding ids

    def _find(self, name: str) -> int | None:
        """The line ``name`` was taken on, or None (a hash shared by another id)."""
        if "\n" in name:
            return self._odd.get(name)
        if name in self._names:
            return self._lines[self._names.index(name)]
        needle = "\n" + name + "\n"
        if self._index is not None:
            found = self._look_up(name, needle)
            if found is not None:
                return found
        if self._searched >= _SEARCHES_PER_INDEX * self._unindexed:
            self._bring_index_up_to_date()
            return self._look_up(name, needle)
        self._searched += self._unindexed
        for number in range(self._indexed, len(self._chunks)):
            at = self._chunks[number][0].find(needle)
            if at >= 0:
                return self._line(number, at)
        return None

    def _line(self, number: int, at: int) -> int:
        """The line of the id at ``at`` (its line end before it) in chunk ``number``."""
        text, lines = self._chunks[number]
        index = text.count("\n", 0, at)
        return lines + index if isinstance(lines, int) else lines[index]

    def _bring_index_up_to_date(self) -> None:
        if self._index is None:
            self._index = [(array("q"), array("I"), array("I")) for _ in range(_BUCKETS)]
        index, mask = self._index, _BUCKETS - 1
        for number in range(self._indexed, len(self._chunks)):
            text = self._chunks[number][0]
            at = 0
            for name in text[1:-1].split("\n"):
                key = hash(name)
                keys, chunks, places = index[key & mask]
                keys.append(key)
                chunks.append(number)
                places.append(at)
                at += len(name) + 1
        self._indexed = len(self._chunks)
        self._unindexed = self._searched = 0

    def _look_up(self, name: str, needle: str) -> int | None:
        assert self._index is not None
        key = hash(name)
        keys, chunks, places = self._index[key & (_BUCKETS - 1)]
        start = 0
        while True:
            try:
                slot = keys.index(key, start)
            except ValueError:
                return None
            number, at = chunks[slot], places[slot]
            if self._chunks[number][0].startswith(needle, at):
                return self._line(number, at)
            start = slot + 1
