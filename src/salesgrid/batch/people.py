"""One person, one row: the employee ids a run has accepted, and the line each was first on.

Every command that reads people (``roster``, ``diff --roster``, the Python API) rejects a row
whose ``employee_id`` an earlier accepted row already has, with :func:`repeat_reason`
(``E-1 also on line 2``): counted or priced twice, a person would double a total. The rules:

- the id compared is the ``employee_id`` as the output writes it: stripped of surrounding
  white space, otherwise exact (``E-1`` and ``e-1`` are two ids, as they are two records);
- only accepted rows count: a row is checked for its own faults first (a bad position, a bad
  value), and a row rejected for them never makes a later row a repeat, so the first good row
  of an id is the one written;
- the first accepted row of an id is kept, every later one is rejected, naming that first line.

Memory grows with the distinct ids, compactly. The ids themselves are kept as text in one
string per chunk of rows, with their lines: while they come in order, joined by
:attr:`SeenIds.prefix` (a line end, and for JSONL the record's start: the fast path's ids come
joined so), from the first id out of order by line ends alone (the longer text is kept only
while no set of keys is). While every id is greater (as
text) than the one before, as in a roster sorted by employee id, each is new and that is all
there is to check: a whole block of the fast path in one comparison of neighbours at C speed.
From the first id that is not, a set of each id's key (the ``hash()`` of the id after
:attr:`SeenIds.prefix`, an int) answers "seen?", a whole block at once. A hit is verified
against the text (two different ids may share a key: neither is ever rejected for it) and gives
the first line. The strings are searched at C speed; should hits be many (a roster
concatenated twice), the chunks are indexed by key, so that each hit stays cheap.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterator, Sequence
from itertools import islice
from operator import lt
from typing import Any

from salesgrid.errors import shown_id

#: Ids accepted one by one are joined into a chunk this many at a time.
_CHUNK = 4096
#: A block's keys are checked and added this many at a time (see take_prefixed).
_PART = 2048
#: The key index: this many buckets (a bucket's keys are searched at C speed).
_BUCKETS = 1 << 14
#: Index the chunks once the searches since the last indexing have read this many times
#: their text (indexing costs about as much as this many searches).
_SEARCHES_PER_INDEX = 16


#: Ids a warning line names, at most (then "and N more").
SHOWN_IDS = 5


class Flagged:
    """The rows a warning is about (pay below the minimum wage, a compa-ratio like a typo):
    how many, and the first :data:`SHOWN_IDS` as the warning names them."""

    __slots__ = ("count", "first")

    def __init__(self) -> None:
        self.count = 0
        self.first: list[str] = []

    def add(self, shown: Callable[[], str]) -> None:
        """Count a row; ``shown()`` (how the warning names it) is called for the first few."""
        self.count += 1
        if len(self.first) < SHOWN_IDS:
            self.first.append(shown())

    def extend(self, count: int, shown: Iterator[str]) -> None:
        """Count ``count`` rows at once; ``shown`` names them in order (only the first few
        are asked)."""
        self.count += count
        self.first.extend(islice(shown, max(0, min(count, SHOWN_IDS - len(self.first)))))

    def names(self) -> str:
        more = self.count - len(self.first)
        return ", ".join(self.first) + (f" and {more:,} more" if more > 0 else "")


def repeat_reason(employee_id: str, first: int) -> str:
    """The reason a repeated row is rejected: ``E-1 also on line 2: ...``."""
    return (
        f"{shown_id(employee_id)} also on line {first}: each employee_id once (remove the "
        "repeated row, or correct its id)"
    )


class SeenIds:
    """The ids of the rows accepted so far, each with the line it was accepted on.

    Ids are compared, and keyed, with a prefix: ``prefix + id`` (:meth:`key` hashes it). The
    prefix is the text before each id in the fast path's output (a line end, and for JSONL the
    record's start), so that the fast path compares and hashes the ids as it holds them,
    without cutting them out (:meth:`take_prefixed`). It is set before the first id is taken."""

    def __init__(self, prefix: str = "\n") -> None:
        self.prefix = prefix
        self.ordered = True  # every id so far greater than the one before: no keys needed
        self._last = ""  # the last id taken, with the prefix
        self.keys: set[int] = set()  # once not ordered: every id's key
        # chunks: the ids joined by line ends ("E-1\nE-2"), and their lines: consecutive from
        # an int (a block of the fast path), or one each
        self._chunks: list[tuple[str, int | array[int]]] = []
        self._names: list[str] = []  # ids taken one by one, not yet in a chunk ...
        self._lines: array[int] = array("I")  # ... and their lines
        self._odd: dict[str, int] = {}  # ids holding a line end (quoted in CSV): rare
        self._indexed = 0  # chunks in the index
        self._unindexed = 0  # characters of the chunks after them
        self._searched = 0  # characters searched since the index was last brought up to date
        self._index: list[tuple[array[int], array[int], array[int]]] | None = None

    def __len__(self) -> int:
        """The ids taken."""
        chunks = sum(text.count("\n") + 1 for text, _ in self._chunks)
        return chunks + len(self._names) + len(self._odd)

    def key(self, employee_id: str) -> int:
        return hash(self.prefix + employee_id)

    # ------------------------------------------------------------------------- taking ids

    def first_line(self, employee_id: str, line: int) -> int | None:
        """The line ``employee_id`` was first accepted on; None if it is new, and then it is
        taken, on ``line``."""
        if self.ordered:  # the row loop's hot path: inline
            prefixed = self.prefix + employee_id
            if prefixed > self._last and "\n" not in employee_id:
                self._last = prefixed
                names = self._names
                names.append(employee_id)
                self._lines.append(line)
                if len(names) >= _CHUNK:
                    self._flush()
                return None
            self._unorder()
        key = hash(self.prefix + employee_id)
        if key in self.keys:
            found = self._find(employee_id)
            if found is not None:
                return found
        else:
            self.keys.add(key)
        self._log(employee_id, line)
        return None

    def _log(self, employee_id: str, line: int) -> None:
        if "\n" in employee_id:
            self._odd[employee_id] = line
            return
        self._names.append(employee_id)
        self._lines.append(line)
        if len(self._names) >= _CHUNK:
            self._flush()

    def take_block(self, employee_ids: Sequence[str], line: int) -> bool:
        """Take the ids of consecutive lines from ``line`` if every one is new and none is
        there twice (True); else take none of them (False: check them one by one with
        :meth:`first_line`, which tells the first line of a repeat)."""
        if not employee_ids:
            return True
        if any("\n" in name for name in employee_ids):
            return False
        prefix = self.prefix
        prefixed = [prefix + name for name in employee_ids]
        return self.take_prefixed(prefixed, self._joiner().join(employee_ids), line)

    def take_prefixed(self, prefixed: list[str], text: str, line: int) -> bool:
        """:meth:`take_block` for ids given as ``prefix + id`` (``prefixed``) and joined by
        the prefix or by line ends (``text``: ``id1 + prefix + id2 ...``; none holds a line
        end)."""
        if self.ordered:
            if prefixed[0] > self._last and all(map(lt, prefixed, islice(prefixed, 1, None))):
                self._last = prefixed[-1]
                self._chunks.append((text, line))
                self._unindexed += len(text)
                return True
            self._unorder()
        text = self._plain(text)
        # a part at a time: each part's keys are looked up, then added, while their places in
        # the set are still in the cache; a part with a key seen before takes the block back
        known, count = self.keys, len(prefixed)
        for start in range(0, count, _PART):
            keys = set(map(hash, islice(prefixed, start, start + _PART)))
            if len(keys) != min(_PART, count - start) or not known.isdisjoint(keys):
                known.difference_update(map(hash, islice(prefixed, start)))
                return False
            known |= keys
        self._chunks.append((text, line))
        self._unindexed += len(text)
        return True

    def _unorder(self) -> None:
        """From now on, the ids' keys: those of every id taken so far, once (and the chunks'
        ids joined by line ends alone)."""
        self._flush()
        self.ordered = False
        self._chunks = [(self._plain(text), lines) for text, lines in self._chunks]
        self._unindexed = sum(len(text) for text, _ in self._chunks[self._indexed :])
        for text, _ in self._chunks:
            self.keys.update(map(hash, _prefixed(text, self.prefix)))
        self.keys.update(hash(self.prefix + name) for name in self._odd)

    def _joiner(self) -> str:
        """What a chunk's ids are joined by: the prefix while they come in order (as the fast
        path holds them), then line ends alone."""
        return self.prefix if self.ordered else "\n"

    def _plain(self, text: str) -> str:
        """A chunk's text with its ids joined by line ends alone (no id holds one)."""
        return text if self.prefix == "\n" else text.replace(self.prefix, "\n")

    # ------------------------------------------------------------------------- two processes

    def export(self) -> tuple[Any, ...]:
        """What :meth:`overlaps` of another run needs to tell whether it shares an id with
        this one (a fork's, sent back: the same prefix, the same hash)."""
        if self.ordered:  # no id holds a line end (the first that does ends the order)
            self._flush()
            texts = [text for text, _ in self._chunks]
            first = self.prefix + texts[0].split("\n", 1)[0] if texts else ""
            return ("ordered", first, texts)
        return ("keys", array("q", self.keys).tobytes())

    def overlaps(self, other: tuple[Any, ...]) -> bool:
        """Whether the run :meth:`export` describes may share an id with this one (a key in
        common: the caller reads those rows again itself)."""
        if other[0] == "ordered":
            _, first, texts = other
            if not first or (self.ordered and self._last < first):
                return False  # no id, or every one after ours
            keys: Any = set()
            for text in texts:  # joined by the prefix: they came in order
                keys.update(map(hash, _prefixed(self._plain(text), self.prefix)))
        else:
            keys = array("q")
            keys.frombytes(other[1])
        if self.ordered:
            self._unorder()
        return not self.keys.isdisjoint(keys)

    def _flush(self) -> None:
        if self._names:
            text = self._joiner().join(self._names)
            self._chunks.append((text, self._lines))
            self._unindexed += len(text)
            self._names, self._lines = [], array("I")

    # ------------------------------------------------------------------------- finding ids

    def _find(self, name: str) -> int | None:
        """The line ``name`` was taken on, or None (a key shared by another id)."""
        if "\n" in name:
            return self._odd.get(name)
        if name in self._names:
            return self._lines[self._names.index(name)]
        if self._index is not None:
            found = self._look_up(name)
            if found is not None:
                return found
        if self._searched >= _SEARCHES_PER_INDEX * self._unindexed:
            self._bring_index_up_to_date()
            return self._look_up(name)
        self._searched += self._unindexed
        for number in range(self._indexed, len(self._chunks)):
            at = _place(self._chunks[number][0], name)
            if at is not None:
                return self._line(number, at)
        return None

    def _line(self, number: int, at: int) -> int:
        """The line of the id at offset ``at`` of chunk ``number``."""
        text, lines = self._chunks[number]
        index = text.count("\n", 0, at)
        return lines + index if isinstance(lines, int) else lines[index]

    def _bring_index_up_to_date(self) -> None:
        if self._index is None:
            self._index = [(array("q"), array("I"), array("I")) for _ in range(_BUCKETS)]
        index, mask, prefix = self._index, _BUCKETS - 1, self.prefix
        for number in range(self._indexed, len(self._chunks)):
            at = 0
            for name in self._chunks[number][0].split("\n"):
                key = hash(prefix + name)
                keys, chunks, places = index[key & mask]
                keys.append(key)
                chunks.append(number)
                places.append(at)
                at += len(name) + 1
        self._indexed = len(self._chunks)
        self._unindexed = self._searched = 0

    def _look_up(self, name: str) -> int | None:
        assert self._index is not None
        key = hash(self.prefix + name)
        keys, chunks, places = self._index[key & (_BUCKETS - 1)]
        start = 0
        while True:
            try:
                slot = keys.index(key, start)
            except ValueError:
                return None
            number, at = chunks[slot], places[slot]
            text, end = self._chunks[number][0], at + len(name)
            if text.startswith(name, at) and (end == len(text) or text[end] == "\n"):
                return self._line(number, at)
            start = slot + 1


def _prefixed(text: str, prefix: str) -> list[str]:
    """The ids of a chunk's text (joined by line ends), each after ``prefix`` (which starts
    with a line end)."""
    if "\x00" in text:
        return [prefix + name for name in text.split("\n")]
    return ("\n" + text).replace("\n", "\x00" + prefix).split("\x00")[1:]


def _place(text: str, name: str) -> int | None:
    """Where ``name`` is a whole line of ``text`` (lines joined by line ends), or None."""
    size = len(name)
    if text.startswith(name) and (len(text) == size or text[size] == "\n"):
        return 0
    at = text.find("\n" + name + "\n")
    if at >= 0:
        return at + 1
    if text.endswith("\n" + name):
        return len(text) - size
    return None
