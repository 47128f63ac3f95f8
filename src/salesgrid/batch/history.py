"""A position history read: one row per period a person holds a position, gathered per person.

A history is a roster file (CSV, ``;``-CSV, JSONL, xlsx, stdin) read by the roster readers and
their rules (the header, Bulgarian column names, blank rows, unreadable rows), with the columns
:data:`HISTORY_COLUMNS`: ``from`` (the first day) and ``until`` (the last day, inclusive;
empty: still held) read as every day is (:func:`salesgrid.core.days.read_day`: ISO or
``DD.MM.YYYY``, with or without the year mark). A history need not be sorted: each person's periods
are gathered as small tuples (never the rows' text), in the order of the person's first row.

A row is rejected, with its line and reason, when it cannot be read, when ``until`` is before
``from``, when its position is not in the grid on some day of the period (a grid version
without it), or when it shares a day with an earlier accepted period of the same person (the
later row is rejected, naming the earlier row's line): nobody is ever paid twice for a day.
Nothing here opens files, prints or exits.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from operator import itemgetter
from typing import NamedTuple

from salesgrid.batch.columns import (
    ASSESSMENT_COLUMNS,
    HISTORY_COLUMNS,
    HISTORY_PAYGAP_COLUMNS,
    as_whole,
    realm_column,
)
from salesgrid.batch.header import read_header
from salesgrid.batch.leftovers import is_blank, unnamed_value
from salesgrid.batch.readcolumns import ReadColumns
from salesgrid.batch.rows import Rejected, RowSource, Unreadable
from salesgrid.core import money
from salesgrid.core.days import SPELLINGS, day_problem, read_day
from salesgrid.core.models import GridFile
from salesgrid.core.month import Held, overlap, position_problem
from salesgrid.core.pay import find_framework
from salesgrid.core.positions import Position, parse_level_step, parse_whole
from salesgrid.errors import NotFoundError, UsageError, clip, counted, shown_id

#: Hours a week, at most (every hour of the week).
MOST_HOURS = Decimal(168)
#: The columns of a period, in the order :meth:`HistorySpec.period` takes them.
PERIOD_COLUMNS = (
    "employee_id", "framework", "position", "level", "step", "from", "until", "hours_per_week",
)  # fmt: skip


class History(NamedTuple):
    """What a history gave: each person's periods (in the order of their first row), the rows
    read, rejected and blank (skipped, not among those read)."""

    people: dict[str, list[Held]]
    read: int
    rejected: int
    blank: int


class HistorySpec:
    """A history's header compiled, with the grid its positions are checked against."""

    def __init__(
        self,
        header: list[str],
        grid: GridFile,
        default_framework: str | None,
        hours: Decimal,
        ignore_unknown: bool = False,
        person_columns: tuple[str, ...] = (),
        *,
        full_time: bool = False,
        window: tuple[date, date] | None = None,
    ) -> None:
        """``person_columns``: the columns of :data:`HISTORY_PAYGAP_COLUMNS` read (by
        ``paygap --history``); the others of them are skipped, whatever they hold.
        ``full_time``: ``hours`` is full time, and a row's hours above it are refused (a
        monthly salary prorated, never above the whole). ``window``: the first and last day
        computed; a period is checked against the grid on its days within it alone (none
        when it has none there), else on all its days."""
        self.grid, self.hours = grid, hours
        self.full_time, self.window = full_time, window
        self.default_framework = find_framework(grid, default_framework).id
        skipped = {*ASSESSMENT_COLUMNS, *(realm_column(r) for r in grid.realms),
                   *HISTORY_PAYGAP_COLUMNS}  # fmt: skip
        read = read_header(
            header, {*HISTORY_COLUMNS, *skipped}, ignore_unknown,
            f"{', '.join((*HISTORY_COLUMNS, *person_columns))}, and a roster's assessment and "
            "realm columns, skipped here",
        )  # fmt: skip
        self.header, self.unnamed, self.where = read
        if "from" not in self.where:
            raise UsageError(
                "a history needs a 'from' column: the first day of each period (YYYY-MM-DD or "
                "DD.MM.YYYY), with 'until' for the last day (empty: still held)"
            )
        # see salesgrid.batch.readcolumns
        self.read_columns = frozenset((*HISTORY_COLUMNS, *person_columns))
        self._positions: dict[tuple[str, str, str, str], tuple[str, Position] | str] = {}
        self._problems: dict[tuple[str, Position, date, date | None], str | None] = {}
        self._days: dict[tuple[str, str], date | str] = {}
        self._periods: dict[object, tuple[str, Position, date, date | None, Decimal] | str] = {}
        #: where each of PERIOD_COLUMNS is, -1 for one the history has not (an empty value)
        self._at = tuple(self.where.get(name, -1) for name in PERIOD_COLUMNS)
        #: what a row's period is cached by: its values (all but employee_id) of the columns
        #: the history has, in one call
        present = [index for index in self._at[1:] if index >= 0]
        self._key: Callable[[list[str]], object] = (
            itemgetter(*present) if present else lambda _row: ()
        )

    def value(self, row: list[str], name: str) -> str:
        index = self.where.get(name)
        return "" if index is None else row[index]

    def position(self, framework: str, position: str, level: str, step: str
                 ) -> tuple[str, Position] | str:  # fmt: skip
        """A row's framework id and position, or why it is refused (cached per spelling)."""
        key = (framework, position, level, step)
        found = self._positions.get(key)
        if found is None:
            found = self._read_position(*key)
            if len(self._positions) < 10_000:
                self._positions[key] = found
        return found

    def _read_position(self, framework: str, position: str, level: str, step: str
                       ) -> tuple[str, Position] | str:  # fmt: skip
        try:
            if position.strip():
                where = parse_level_step(position, None)
            elif level.strip() and step.strip():
                where = Position(parse_whole(as_whole(level), "level"),
                                 parse_whole(as_whole(step), "step"))  # fmt: skip
            else:
                return "no position: fill 'position' (L.S) or 'level' and 'step'"
            chosen = find_framework(self.grid, framework.strip() or self.default_framework).id
        except (UsageError, NotFoundError) as exc:
            return str(exc)
        return chosen, where

    def day(self, text: str, what: str) -> date | str:
        """A day read (or why not), cached per spelling: a history repeats its days."""
        key = (text, what)
        found = self._days.get(key)
        if found is None:
            found = _day(text, what)
            if len(self._days) < 10_000:
                self._days[key] = found
        return found

    def period(self, row: list[str], line: int) -> tuple[str, Held] | str:
        """One row as a person's period, or why it is rejected (the period's values read once
        per spelling: a history repeats its positions and days)."""
        at = self._at[0]  # employee_id's (-1: none, so empty)
        employee = row[at].strip() if at >= 0 else ""
        if not employee:
            return "employee_id is empty"
        key = self._key(row)
        found = self._periods.get(key)
        if found is None:
            padded = [*row, ""]  # index -1: a column the history has not
            found = self._period(*[padded[index] for index in self._at[1:]])  # PERIOD_COLUMNS'
            if len(self._periods) < 10_000:
                self._periods[key] = found
        if isinstance(found, str):
            return found
        return employee, Held(line, *found)

    def _period(self, framework_text: str, position_text: str, level: str, step: str,
                since: str, until_text: str, hours_text: str
                ) -> tuple[str, Position, date, date | None, Decimal] | str:  # fmt: skip
        found = self.position(framework_text, position_text, level, step)
        if isinstance(found, str):
            return found
        framework, position = found
        first = self.day(since, "from")
        if isinstance(first, str):
            return first
        last: date | None = None
        if until_text.strip():
            until = self.day(until_text, "until")
            if isinstance(until, str):
                return until
            last = until
            if last < first:
                return (f"until {last.isoformat()} is before from {first.isoformat()}: a period "
                        "ends on or after its first day (swap them, or correct one)")  # fmt: skip
        try:
            hours = _hours(hours_text, self.hours, self.full_time)
        except UsageError as exc:
            return str(exc)
        if self.full_time and hours > self.hours:
            return (f"hours_per_week {money.plain(hours)} is above full time (--hours "
                    f"{money.plain(self.hours)}): a monthly salary is prorated for fewer hours, "
                    "never paid above the whole (overtime is paid apart): write at most "
                    f"{money.plain(self.hours)}")  # fmt: skip
        problem = self.problem(framework, position, first, last)
        if problem is not None:
            return problem
        return framework, position, first, last, hours

    def problem(self, framework: str, position: Position, first: date,
                last: date | None) -> str | None:  # fmt: skip
        """Why the position is not in the grid on a day of the period checked (within the
        window, when there is one), or None (cached per framework, position and days)."""
        if self.window is not None:
            low, high = self.window
            first = max(first, low)
            last = high if last is None else min(last, high)
            if first > last:
                return None  # no day of the period is computed
        key = (framework, position, first, last)
        if key in self._problems:
            return self._problems[key]
        problem = position_problem(self.grid, framework, position, first, last)
        if len(self._problems) < 10_000:
            self._problems[key] = problem
        return problem


def _day(text: str, what: str) -> date | str:
    if not text.strip():
        return f"{what} is empty: write the day as {SPELLINGS}"
    found = read_day(text)
    if found is None:
        return f"{what} {clip(text.strip())!r} is not a day{day_problem(text)}"
    return found


def _hours(text: str, default: Decimal, full_time: bool = False) -> Decimal:
    """A row's hours a week (``default`` where empty); ``full_time``: ``default`` is full
    time, the most a row may say (checked by the caller), and the message names it."""
    if not text.strip():
        return default
    read = money.parse_amount(text, "hours_per_week", maximum=MOST_HOURS, example="20.5").value
    if read <= 0:
        most = f"--hours {money.plain(default)}, full time" if full_time else "168"
        raise UsageError(f"hours_per_week {clip(text)!r} must be more than 0 (at most {most})")
    return read


def overlap_reason(employee_id: str, held: Held, earlier: Held) -> str:
    """The reason a period sharing a day with an earlier one is rejected."""

    def span(period: Held) -> str:
        until = "open" if period.last is None else period.last.isoformat()
        return f"{period.first.isoformat()} to {until}"

    return (
        f"{shown_id(employee_id)}: {span(held)} overlaps the period on line {earlier.line} "
        f"({span(earlier)}): each day at one position (end the earlier period the day before "
        "this one starts, or correct the dates)"
    )


#: A last check of an accepted period's row, given the employee id, the row and its period
#: (``paygap --history``: the person's sex and variable pay agree with their earlier rows):
#: the reason to reject it, or None.
PersonCheck = Callable[[str, list[str], Held], "str | None"]


def read_history(
    spec: HistorySpec,
    source: RowSource,
    reject: Callable[[Rejected], None],
    person: PersonCheck | None = None,
) -> History:
    """Every row of ``source`` as a period of its person; each bad row goes to ``reject``.
    Empty lines and rows of only delimiters are blank rows, counted apart. ``person`` checks
    last, with the employee id, the row and its period, a row otherwise accepted."""
    width = len(spec.header)
    people: dict[str, list[Held]] = {}
    read = rejected = blank = 0
    blank_rows = source.blank_rows
    unnamed = spec.unnamed
    ReadColumns.tell(source, spec.read_columns)
    for row in source:
        if row.__class__ is Unreadable:
            read += 1
            rejected += 1
            reject(Rejected(row.line, row.reason, row.values))
            continue
        if not row or (blank_rows and not row[0].strip() and is_blank(row)):
            blank += 1
            continue
        read += 1
        line = source.line_of(row)
        found: tuple[str, Held] | str
        if len(row) != width:
            found = f"{counted(len(row), 'field')}, the header has {width}"
        else:
            found = (unnamed and unnamed_value(unnamed, row)) or spec.period(row, line)
        if not isinstance(found, str):
            employee, held = found
            periods = people.get(employee)
            earlier = overlap(periods, held) if periods else None
            if earlier is not None:
                found = overlap_reason(employee, held, earlier)
            elif person is not None:
                found = person(employee, row, held) or found
        if isinstance(found, str):
            rejected += 1
            reject(Rejected(line, found, dict(zip(spec.header, row, strict=False))))
            continue
        people.setdefault(employee, []).append(held)
    finish = getattr(source, "finish", None)
    if finish is not None:
        finish()  # a stream whose late non-ASCII text was UTF-8 is refused here
    return History(people, read, rejected, blank)
