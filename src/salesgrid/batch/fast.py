"""The fast path of a roster without actual pay: a whole block of rows, no Python code per row.

A :class:`~salesgrid.batch.blocks.Block` of ``employee_id,position`` lines (any columns, the
employee id first) is split at once, its columns taken by slicing, each row's output tail
looked up per distinct position, and the output joined in one call: the same text, byte for
byte, as the careful row loop (:mod:`salesgrid.batch.loop`) writes (:class:`FastPay`; with
the assessment columns, :class:`FastAssessed`). A block that
fails any check (a value that needs stripping, quoting or escaping, an empty employee id, a
row of the wrong width, a position that is refused, an employee id seen before or twice in the
block) is handed back, to be read row by row.

How the width is checked without looking at each line: every line end becomes a delimiter
followed by the line end, so after one split each line's first field starts with the line end
and no other field holds one. The employee ids are the fields at multiples of the width; if
they hold exactly one line end each (but the first), every line has exactly the header's width.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from itertools import repeat
from operator import eq, or_
from typing import TYPE_CHECKING, Any

from salesgrid.batch.blocks import Block
from salesgrid.batch.columns import TRUE_WORDS
from salesgrid.batch.people import SeenIds
from salesgrid.batch.verdicts import NO_VERDICT, realm_flags, verdicts_of
from salesgrid.core.ratings import RANK

if TYPE_CHECKING:
    from salesgrid.batch.spec import RosterSpec

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
        seen: SeenIds | None = None,
    ) -> None:
        """``fmt``: csv or jsonl (``line`` renders a whole JSONL record from its values);
        ``entries`` and ``lookup``: the row loop's cache of positions, shared; ``count``:
        count the rows per position (for the totals); ``seen``: the run's employee ids."""
        self.count = count
        self.seen = SeenIds() if seen is None else seen
        self.width = width = len(spec.header)
        self.delimiter = delimiter
        self.usable = ENABLED and spec.where["employee_id"] == 0 and width > 1
        self.write = write
        self.entries = entries
        self.lookup = lookup
        self.spec = spec
        self.new: list[Any] = []  # keys this block resolved first (forgotten if handed back)
        self.held: list[str] = []  # the chart warnings they gave, said if the block is taken
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
        wanted = "\n" + self.head  # the ids' keys as the blocks hold them (SeenIds.key)
        if self.seen.prefix != wanted:
            if len(self.seen):
                self.usable = False  # ids taken with another prefix: one row at a time
            else:
                self.seen.prefix = wanted
        self.key_columns = key_columns
        self.tails: dict[Any, str] = {}

    def tail(self, key: Any) -> str | None:
        """What follows a row's employee id in the output (without the line end), or None
        when the position is refused (the careful loop rejects the row with its reason)."""
        entry = self.entries.get(key)
        if entry is None:
            self.new.append(key)
            spec, said = self.spec, self.spec.chart_gap
            if said is not None:  # what resolving says waits for the block's fate
                spec.chart_gap = self.held.append
            try:
                entry = self.lookup(key)
            finally:
                spec.chart_gap = said
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

    def split(self, block: Block) -> tuple[list[str], list[str], Any, list[str], str] | None:
        """The block's fields, employee ids (each but the first after its line end), position
        keys, output tails and the ids joined as :class:`SeenIds` keeps them; None to hand the
        block back."""
        text = block.text
        for char in self.forbidden:
            if char in text:
                return None
        delimiter = self.delimiter
        if text.startswith(delimiter) or ("\n" + delimiter) in text:
            return None  # an empty employee id
        width, lines = self.width, block.lines
        fields = text[:-1].replace("\n", self.marker).split(delimiter)
        if len(fields) != width * lines:
            return None
        ids = fields[0::width]
        joined = "".join(ids)  # "E-1\nE-2": joined by SeenIds.prefix, as it keeps them
        if joined.count("\n") != lines - 1:
            return None  # a line of another width
        for column in self.spec.unnamed:
            if any(fields[column::width]):
                return None  # a value under a header cell left empty
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
            for key in dict.fromkeys(keys):  # in the order the rows give them
                if key not in self.tails and self.tail(key) is None:
                    return None
            tails = list(map(get, keys))
        ids[0] = self.head + ids[0]
        return fields, ids, keys, tails, joined

    def run(self, block: Block) -> bool:
        """Write the block's records and count them; False (nothing written) to hand it back.

        A handed-back block leaves no trace: the positions it resolved first are forgotten, so
        that the row loop resolves them again and says their chart warnings where one row at a
        time says them (before a later row's rejection, or not at all after --strict stops)."""
        taken = self.take(block)
        spec = self.spec
        if taken:
            for key in self.held:
                spec.chart_gap(key)  # type: ignore[misc]
        else:
            for key in self.new:
                self.entries.pop(key, None)
                self.tails.pop(key, None)
            spec.gaps_said.difference_update(self.held)
        self.new.clear()
        self.held.clear()
        return taken

    def new_ids(self, ids: list[str], joined: str, block: Block) -> bool:
        """Take the block's employee ids if none was seen before nor is there twice: the last
        check before a block is written (else it is handed back, and the careful loop rejects
        the repeated rows). Each id but the first starts with its key's prefix (the line end,
        and the JSONL head), so the ids are hashed as they are; ``joined`` is them joined, the
        first without its head."""
        first = ids[0]
        ids[0] = "\n" + first  # the first id lacks its line end (it has its head)
        try:
            return self.seen.take_prefixed(ids, joined, block.line)
        finally:
            ids[0] = first

    def take(self, block: Block) -> bool:
        found = self.split(block)
        if found is None:
            return False
        _, ids, keys, tails, joined = found
        if not self.new_ids(ids, joined, block):
            return False
        tails[-1] += "\n"
        self.write(_rows(ids, tails))
        if self.count:
            entries = self.entries
            for key, count in Counter(keys).items():
                entries[key][1] += count
        return True


def _rows(*columns: list[str]) -> str:
    """The block's output: the columns' texts row by row (each row's first text starts with
    the line end of the row before), in one join."""
    parts: list[Any] = [None] * (len(columns) * len(columns[0]))
    for index, column in enumerate(columns):
        parts[index :: len(columns)] = column
    return "".join(parts)


#: Where the step up's and the level up's failed-rule masks sit in a row's verdict code, and
#: the bits that say a move does not exist (the top of a level, the top of the grid).
_LEVEL_SHIFT = 6
_NO_STEP, _NO_LEVEL = 1 << 12, 1 << 13
#: The code of a row whose chart ratings are all empty, and of one whose other assessment
#: values are: both together are a row with no assessment (its eligibility stays empty); one
#: without the other is a row the careful loop rejects.
_EMPTY_CHART, _EMPTY_OTHERS = 1 << 14, 1 << 15
_UNASSESSED = _EMPTY_CHART | _EMPTY_OTHERS


class FastAssessed(FastPay):
    """The fast path of a roster with the assessment columns (CSV of every field).

    A row's verdicts are the failed-rule masks of its two moves, each the OR of two parts:
    the chart rule (four ratings, 625 values) and the others (the experience and exposure rule
    and the rules yes-or-no values decide: few values between them). Each part is looked up per
    distinct position and values, for a whole column at once; the two columns are OR-ed, and
    the verdicts written from a table of the few distinct masks. Days and the values no rule
    reads are checked per distinct value. Any value the careful loop would strip, lower-case,
    refuse or read as missing hands the block back.
    """

    def __init__(self, *args: Any, summary: Any, columns: Any, day: Callable[..., Any],
                 **kwargs: Any) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        self.usable = self.usable and not self.jsonl
        self.summary = summary
        self.cols = columns
        self.day = day
        # (position key, values...) -> both moves' masks for one rule
        self.by_chart: dict[tuple[Any, ...], int] = {}
        self.by_others: dict[tuple[Any, ...], int] = {}
        self.days_ok: set[str] = set()  # the texts read as days
        self.caps = frozenset(("", *TRUE_WORDS))  # corrective_action_plan, read or empty
        self.verdicts: dict[int, Any] = {}  # code -> Verdicts
        self.texts: dict[int, str] = {}  # code -> the verdicts as CSV text

    def _masks(self, key: Any, rule: Callable[[Any], int]) -> int:
        """A position's two masks for one rule, with the bits of the moves it lacks."""
        found = self.entries[key][0]
        step, level = found.step_target, found.level_target
        code = _NO_STEP if step is None else rule(step)
        return code | (_NO_LEVEL if level is None else rule(level) << _LEVEL_SHIFT)

    def _chart(self, key: Any, *words: str) -> int | None:
        from salesgrid.core.eligibility import chart_mask  # loaded by an assessed roster alone

        ranks = [RANK.get(word) for word in words]
        if None in ranks:
            return _EMPTY_CHART if not any(words) else None
        t, b, p, a = ranks
        index = ((t * 5 + b) * 5 + p) * 5 + a  # type: ignore[operator]
        return self._masks(key, lambda target: chart_mask(target, index))

    def _others(self, key: Any, *words: str) -> int | None:
        """The experience and exposure rule (two ratings) and the yes-or-no rules together:
        few distinct values between them."""
        from salesgrid.core.eligibility import experience_mask, flags_mask  # as chart_mask

        if not any(words[:5]):  # realms are not read when no other value is given
            return _EMPTY_OTHERS
        experience, exposure = RANK.get(words[0]), RANK.get(words[1])
        opportunity, external, kpoc = (TRUE_WORDS.get(word) for word in words[2:5])
        if (
            experience is None or exposure is None
            or opportunity is None or external is None or kpoc is None
        ):  # fmt: skip
            return None
        realms = realm_flags(self.cols.realms, words[5:])
        if realms is None:
            return None
        index = experience * 5 + exposure
        return self._masks(
            key,
            lambda target: (
                experience_mask(target, index)
                | flags_mask(target, opportunity, external, realms, kpoc)
            ),
        )

    def _per_position(self, table: dict[tuple[Any, ...], int], rows: Callable[[], Any],
                      rule: Callable[..., int | None]) -> list[int] | None:  # fmt: skip
        """One rule's masks for every row (its position key and values), or None."""
        try:
            return list(map(table.__getitem__, rows()))
        except KeyError:
            for values in set(rows()) - table.keys():
                found = rule(*values)
                if found is None:
                    return None
                table[values] = found
            return list(map(table.__getitem__, rows()))

    def _checked(self, fields: list[str], codes: list[int]) -> bool:
        """The days and the values no rule reads are as the careful loop reads them, and
        empty exactly in the rows with no assessment. Days are checked per distinct text;
        days written YYYY-MM-DD compare as their text does, so the latest in_position_since
        before the earliest review_date means no review is before its row's date (else the
        careful loop finds the row)."""
        width, c = self.width, self.cols
        since, review = fields[c.since :: width], fields[c.review :: width]
        failed, cap = fields[c.failed_kpocs :: width], fields[c.cap :: width]
        if "" in since or "" in review or "" in failed or "" in cap or _UNASSESSED in codes:
            unassessed = list(map(eq, codes, repeat(_UNASSESSED)))
            for column in (since, review, failed, cap):
                if list(map(eq, column, repeat(""))) != unassessed:
                    return False
        for column, name in ((since, "in_position_since"), (review, "review_date")):
            days = set(column)
            days.discard("")
            if not days <= self.days_ok:
                for text in days - self.days_ok:
                    day = self.day(name, text)
                    if day.__class__ is str or day.isoformat() != text:
                        return False  # not a day, or one whose text does not sort as it
                    self.days_ok.add(text)
        if max(since) > min(filter(None, review), default="9"):
            return False
        counts = "".join(failed)
        if counts and not counts.isdigit():
            return False
        return set(cap) <= self.caps

    def _verdict(self, code: int) -> None:
        if code == _UNASSESSED:
            self.verdicts[code] = NO_VERDICT
            self.texts[code] = "," + ",".join(NO_VERDICT.text)
            return
        step = -1 if code & _NO_STEP else code & 63
        level = -1 if code & _NO_LEVEL else code >> _LEVEL_SHIFT & 63
        self.verdicts[code] = verdicts = verdicts_of(step, level)
        self.texts[code] = "," + ",".join(verdicts.text)

    def _codes(self, fields: list[str], keys: list[Any]) -> list[int] | None:
        width, c = self.width, self.cols

        def rows(*indexes: int) -> Callable[[], Any]:
            return lambda: zip(keys, *(fields[i::width] for i in indexes), strict=True)

        chart = self._per_position(self.by_chart, rows(*c.ratings), self._chart)
        if chart is None:
            return None
        others = self._per_position(
            self.by_others,
            rows(c.experience, c.exposure, c.opportunity, c.external, c.kpoc,
                 *(i for i, _, _ in c.realms)),
            self._others,
        )  # fmt: skip
        if others is None:
            return None
        codes = list(map(or_, chart, others))
        return codes if self._checked(fields, codes) else None

    def take(self, block: Block) -> bool:
        found = self.split(block)
        if found is None:
            return False
        fields, ids, keys, tails, joined = found
        codes = self._codes(fields, keys)
        if codes is None:
            return False
        texts = self.texts
        try:
            verdicts = list(map(texts.__getitem__, codes))
        except KeyError:
            for code in set(codes) - texts.keys():
                if code & _UNASSESSED not in (0, _UNASSESSED):
                    return False  # some assessment values empty, others not
                self._verdict(code)
            verdicts = list(map(texts.__getitem__, codes))
        if not self.new_ids(ids, joined, block):
            return False
        verdicts[-1] += "\n"
        self.write(_rows(ids, tails, verdicts))
        if self.count:
            counts, positions = self.summary.counts, self.summary.positions
            for (key, code), count in Counter(zip(keys, codes, strict=True)).items():
                resolved = self.entries[key][0]
                verdict = self.verdicts[code]
                count_key = (resolved.key, verdict.step_up, verdict.level_up)
                counts[count_key] = counts.get(count_key, 0) + count
                positions[resolved.key] = resolved
        return True
