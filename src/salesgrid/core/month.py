"""What a person is owed for a month, from the periods they held positions: pure maths.

A month is split into segments at every period boundary and wherever the grid version in force
changes (a version ``in_force_from`` mid-month); neighbouring segments at the same pay (the
same framework, position, hours and gross_full, no working day between them) are one segment
again (:func:`merged`), so the rounding is per distinct pay. Each segment is priced on its own:

- ``days``: the working days in the segment (the working-day calendar, a function handed in);
- ``gross_full``: the gross whose net, by the month's payroll rules, is the cell's net pay in
  the month's payroll currency (:func:`salesgrid.core.payroll.behind`, the ``payroll gross``
  gross-up);
- ``gross`` = gross_full x hours / full-time hours x days / the month's working days, rounded
  half up to the cent (:data:`PRORATION_ROUNDING`), computed whole before the one rounding.

``gross_due`` is the sum of the segments' ``gross``; ``net_due`` the month's payroll net of
``gross_due`` (the insurable cap applies to the month's total, not to each segment). A full
month at one position, full time, is the cell exactly: in Bulgaria a monthly salary is paid in
proportion to the working days worked. Nothing here reads files or prints.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import NamedTuple

from salesgrid.core import money
from salesgrid.core.models import Framework, GridFile, GridVersion
from salesgrid.core.pay import cell_amount, find_framework, pay_cell, version_in_force
from salesgrid.core.payroll import (
    Breakdown,
    Cohort,
    PayrollFile,
    behind,
    beyond_review,
    net_of,
    period_for,
)
from salesgrid.core.positions import Position
from salesgrid.errors import NotFoundError, UsageError

#: Full time, in hours a week, when ``--hours`` is not given (the Bulgarian Labour Code,
#: Art. 136: 40 hours a week).
FULL_TIME_HOURS = Decimal(40)
#: A segment's prorated gross: to the cent, half up (as every payroll figure of data/payroll.yaml).
PRORATION_DECIMALS = 2
PRORATION_ROUNDING = "half_up"
#: How many months ``--from``/``--to`` may span at most (ten years).
MOST_MONTHS = 120

#: Counts the working days from the first day to the last, both included.
WorkingDays = Callable[[date, date], int]


class Held(NamedTuple):
    """One period a person holds a position: from ``first`` to ``last`` (inclusive; None:
    open), ``hours`` a week, as read from the history's row on ``line``."""

    line: int
    framework: str  # the framework's id
    position: Position
    first: date
    last: date | None
    hours: Decimal


class Segment(NamedTuple):
    """Part of a month at one position and one grid version."""

    framework: str
    position: Position
    version: date  # the grid version's in_force_from
    first: date
    last: date
    hours: Decimal
    days: int
    gross_full: Decimal
    gross: Decimal


class MonthPay(NamedTuple):
    """One person's pay for one month."""

    employee_id: str
    month: str
    currency: str
    working_days: int
    days_worked: int
    segments: tuple[Segment, ...]
    gross_due: Decimal
    net_due: Decimal
    employer_cost: Decimal | None  # with --employer-cost


def month_bounds(month: str) -> tuple[date, date]:
    """The first and last day of ``month`` (YYYY-MM)."""
    year, number = int(month[:4]), int(month[5:])
    return date(year, number, 1), date(year, number, calendar.monthrange(year, number)[1])


def months_between(first: str, last: str) -> list[str]:
    """Every month from ``first`` to ``last`` (YYYY-MM, both included); a usage error when
    ``last`` is before ``first`` or the span is over :data:`MOST_MONTHS`."""
    if last < first:
        raise UsageError(f"--to {last} is before --from {first}: give --to {first} or later")
    year, number = int(first[:4]), int(first[5:])
    months = []
    while True:
        month = f"{year:04d}-{number:02d}"
        months.append(month)
        if month == last:
            return months
        if len(months) >= MOST_MONTHS:
            raise UsageError(
                f"--from {first} --to {last} spans more than {MOST_MONTHS} months: run it in parts"
            )
        year, number = (year + 1, 1) if number == 12 else (year, number + 1)


def review_warning(data: PayrollFile, months: Sequence[str]) -> str | None:
    """The one warning of a run whose months go past the payroll data's ``reviewed_until``
    (:func:`salesgrid.core.payroll.beyond_review`), naming the first and last such month and
    their count; None when every month was reviewed."""
    past = [month for month in months if month > data.reviewed_until]
    if not past:
        return None
    warning = beyond_review(data, past[-1])
    if warning is None or len(past) == 1:
        return warning
    return warning.replace(
        f": {past[-1]} is computed",
        f": {past[0]} to {past[-1]} ({len(past)} months of the run) are computed",
    )


def prorated(gross_full: Decimal, hours: Decimal, full_hours: Decimal, days: int,
             working_days: int) -> Decimal:  # fmt: skip
    """gross_full x hours / full_hours x days / working_days, computed exactly (one division of
    two exact products) and rounded half up to the cent once."""
    top = money.exact_product(money.exact_product(gross_full, hours), Decimal(days))
    bottom = money.exact_product(full_hours, Decimal(working_days))
    return money.round_to(money.exact_quotient(top, bottom), PRORATION_DECIMALS, PRORATION_ROUNDING)


def versions_within(framework: Framework, first: date, last: date) -> list[tuple[date, date]]:
    """``first`` to ``last`` cut where a grid version comes into force: the parts, each
    under one version (the first part's version is the one in force on ``first``)."""
    parts, start = [], first
    for version in framework.versions:
        if first < version.in_force_from <= last:
            parts.append((start, version.in_force_from - timedelta(days=1)))
            start = version.in_force_from
    parts.append((start, last))
    return parts


def position_problem(
    grid: GridFile, framework_id: str, position: Position, first: date, last: date | None
) -> str | None:
    """Why ``position`` is not in the framework's grid on some day from ``first`` to ``last``
    (None: open, every later version counts), or None when every version in force then has it."""
    try:
        framework = find_framework(grid, framework_id)
        version_in_force(framework, first)
    except NotFoundError as exc:
        return str(exc)
    for version in framework.versions:
        later = next((v.in_force_from for v in framework.versions
                      if v.in_force_from > version.in_force_from), None)  # fmt: skip
        if later is not None and later <= first:
            continue  # over before the period starts
        if last is not None and version.in_force_from > last:
            continue  # in force after the period ends
        try:
            cell_amount(framework, version, position)
        except NotFoundError as exc:
            since = version.in_force_from.isoformat()
            return f"{exc} (the grid in force from {since}, within the period)"
    return None


class Pricer:
    """The month's figures, each worked out once: the gross-up of a cell's net (per framework,
    grid version, position, month), the payroll net of a gross (per gross and month)."""

    def __init__(self, grid: GridFile, payroll: PayrollFile, cohort: Cohort = "born_1960_or_later",
                 work_accident_percent: Decimal | None = None,
                 full_hours: Decimal = FULL_TIME_HOURS) -> None:  # fmt: skip
        self.grid, self.payroll, self.cohort = grid, payroll, cohort
        self.work_accident_percent, self.full_hours = work_accident_percent, full_hours
        self._full: dict[tuple[str, date, Position, str], Decimal] = {}
        self._frameworks: dict[str, Framework] = {}
        self._figures: dict[tuple[str, Decimal], Breakdown] = {}

    def framework(self, framework_id: str) -> Framework:
        found = self._frameworks.get(framework_id)
        if found is None:
            found = self._frameworks[framework_id] = find_framework(self.grid, framework_id)
        return found

    def gross_full(self, framework_id: str, version: GridVersion, position: Position,
                   month: str) -> Decimal:  # fmt: skip
        key = (framework_id, version.in_force_from, position, month)
        found = self._full.get(key)
        if found is None:
            cell = pay_cell(self.grid, self.framework(framework_id), version, position)
            found = behind(cell, self.payroll, month, self.cohort, self.work_accident_percent).gross
            if len(self._full) < 100_000:
                self._full[key] = found
        return found

    def figures(self, month: str, gross: Decimal) -> Breakdown:
        """The month's payroll of ``gross`` (most people's gross is a whole cell's: cached)."""
        key = (month, gross)
        found = self._figures.get(key)
        if found is None:
            found = net_of(self.payroll, month, gross, self.cohort, self.work_accident_percent)
            if len(self._figures) < 100_000:
                self._figures[key] = found
        return found

    def currency(self, month: str) -> str:
        return period_for(self.payroll, month).currency


#: The most months of people :func:`month_pay` remembers (each distinct set of periods within a
#: month once: most people of a month share a handful).
MOST_REMEMBERED = 100_000

#: The periods of a month as :func:`month_pay` remembers them: each period's framework,
#: position, first and last day within the month, and hours.
Clipped = tuple[tuple[str, Position, date, date, Decimal], ...]


class MonthCache:
    """What :func:`month_pay` worked out, per month and distinct periods within it, for one
    pricer and one working-day calendar (so everyone at 2.3 all month is priced once)."""

    __slots__ = ("bounds", "found")

    def __init__(self) -> None:
        self.bounds: dict[str, tuple[date, date]] = {}
        self.found: dict[tuple[str, bool, Clipped], MonthPay | None] = {}


def month_pay(
    employee_id: str,
    periods: Iterable[Held],
    month: str,
    pricer: Pricer,
    working_days: WorkingDays,
    employer_cost: bool = False,
    cache: MonthCache | None = None,
) -> MonthPay | None:
    """``employee_id``'s pay for ``month`` from the periods they held (which never overlap),
    or None when they worked no working day of it. With ``cache`` (always used with the same
    ``pricer`` and ``working_days``), the same periods within the month are priced once."""
    if cache is None:
        return _priced(employee_id, periods, month, pricer, working_days, employer_cost)
    bounds = cache.bounds.get(month)
    if bounds is None:
        bounds = cache.bounds[month] = month_bounds(month)
    start, end = bounds
    clipped = []
    for held in periods:
        first = held.first if held.first > start else start
        last = end if held.last is None or held.last > end else held.last
        if first <= last:
            clipped.append((held.framework, held.position, first, last, held.hours))
    if len(clipped) > 1:
        clipped.sort(key=lambda c: c[2])
    key = (month, employer_cost, tuple(clipped))
    if key in cache.found:
        found = cache.found[key]
    else:
        found = _priced("", periods, month, pricer, working_days, employer_cost)
        if len(cache.found) < MOST_REMEMBERED:
            cache.found[key] = found
    return None if found is None else MonthPay(employee_id, *found[1:])


def _priced(
    employee_id: str,
    periods: Iterable[Held],
    month: str,
    pricer: Pricer,
    working_days: WorkingDays,
    employer_cost: bool,
) -> MonthPay | None:
    start, end = month_bounds(month)
    in_month = working_days(start, end)
    segments: list[Segment] = []
    for held in sorted(periods, key=lambda held: held.first):
        first = max(held.first, start)
        last = end if held.last is None else min(held.last, end)
        if first > last:
            continue
        framework = pricer.framework(held.framework)
        for part_first, part_last in versions_within(framework, first, last):
            days = working_days(part_first, part_last)
            if days == 0:
                continue
            version = version_in_force(framework, part_first)
            full = pricer.gross_full(held.framework, version, held.position, month)
            gross = prorated(full, held.hours, pricer.full_hours, days, in_month)
            segments.append(
                Segment(held.framework, held.position, version.in_force_from, part_first,
                        part_last, held.hours, days, full, gross)
            )  # fmt: skip
    if not segments:
        return None
    segments = merged(segments, pricer.full_hours, in_month, working_days)
    gross_due = sum((segment.gross for segment in segments), Decimal(0))
    figures = pricer.figures(month, gross_due)
    return MonthPay(
        employee_id, month, figures.currency, in_month,
        sum(segment.days for segment in segments), tuple(segments), gross_due, figures.net,
        figures.employer_cost if employer_cost else None,
    )  # fmt: skip


def merged(segments: list[Segment], full_hours: Decimal, in_month: int,
           working_days: WorkingDays) -> list[Segment]:  # fmt: skip
    """``segments`` (in order) with each run of neighbours at the same pay (framework,
    position, hours and gross_full, no working day between them) made one, its gross
    prorated once: the rounding is per distinct pay, never per row or grid version, so a full
    month at one cell is the cell exactly however its rows or versions split it."""
    out = [segments[0]]
    for segment in segments[1:]:
        before = out[-1]
        if (
            segment[:2] == before[:2]
            and segment.hours == before.hours
            and segment.gross_full == before.gross_full
            and working_days(before.last + timedelta(days=1), segment.first - timedelta(days=1))
            == 0
        ):
            days = before.days + segment.days
            gross = prorated(before.gross_full, before.hours, full_hours, days, in_month)
            out[-1] = before._replace(last=segment.last, days=days, gross=gross)
        else:
            out.append(segment)
    return out


def overlap(earlier: Sequence[Held], held: Held) -> Held | None:
    """The first of ``earlier`` periods that shares a day with ``held``, or None."""
    for other in earlier:
        other_ends = other.last or date.max
        held_ends = held.last or date.max
        if other.first <= held_ends and held.first <= other_ends:
            return other
    return None
