"""The working-day calendar of Bulgaria: which days of a month are worked.

A day is worked when it is a Monday to Friday that is not a public holiday, or when a data layer
says so. Public holidays, with the Labour Code's rule that a holiday (but Easter) falling on a
Saturday or Sunday makes the next working day a day off (Art. 154 (2)), come from the
``holidays`` package. Days the Council of Ministers declares off or worked come from data: the
packaged ``data/calendar.yaml`` and every ``--calendar`` file after it, as :class:`CalendarData`.
A day named by a later layer replaces what an earlier layer said of it (off or worked), and what
a data layer says of a day replaces the public holiday calendar.

Pure: no file is read here (``salesgrid/files/loader.py`` reads the data into
:class:`CalendarData`). A month is computed once per calendar data and cached, so a history of
many people asks for it cheaply.
"""

from __future__ import annotations

import bisect
import calendar as weekdays
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from salesgrid.errors import NotFoundError, UsageError, clip

#: Where the public holidays come from, after the package's name and version.
HOLIDAYS_SOURCE = "BG, Labour Code Art. 154"
#: The holiday calendar asked of the ``holidays`` package: Bulgaria, names in English.
COUNTRY = "BG"
LANGUAGE = "en_US"
#: The years whose public holidays are known: from the Labour Code's list of 1991 (State Gazette
#: 30, 1990) to the ``holidays`` package's last year of Bulgaria (2100).
FIRST_YEAR = 1991
LAST_YEAR = 2100
#: The days of the week as output writes them, Monday first (``date.weekday()``): English,
#: whatever the locale.
WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
#: Months computed and kept, per calendar data (a history over years asks for a few hundred).
MONTHS_KEPT = 4096


@dataclass(frozen=True)
class NamedDay:
    """A day off on a weekday, or a worked Saturday or Sunday, with its name and source."""

    date: date
    name: str
    source: str


@dataclass(frozen=True)
class CalendarData:
    """Decreed days off and worked days: the packaged data file and every ``--calendar`` layer.

    After :func:`layered` a day is in one of the two lists at most.
    """

    days_off: tuple[NamedDay, ...] = ()
    working_days: tuple[NamedDay, ...] = ()


@dataclass(frozen=True)
class WorkedHoliday:
    """A public holiday on a weekday that a calendar layer makes a working day: the holiday's
    name, and the layer's reason and source."""

    date: date
    name: str
    reason: str
    source: str


@dataclass(frozen=True)
class MonthCalendar:
    """One month: its working days, its weekdays off, its worked weekend days and its weekday
    holidays worked by a calendar layer's word."""

    month: str
    working_days: tuple[date, ...]
    days_off: tuple[NamedDay, ...]
    working_saturdays: tuple[NamedDay, ...]
    worked_holidays: tuple[WorkedHoliday, ...] = ()


def layered(layers: Iterable[CalendarData]) -> CalendarData:
    """The layers in order, a later layer's word on a day replacing an earlier one's."""
    said: dict[date, tuple[bool, NamedDay]] = {}
    for layer in layers:
        for day in layer.days_off:
            said[day.date] = (False, day)
        for day in layer.working_days:
            said[day.date] = (True, day)
    ordered = sorted(said.values(), key=lambda entry: entry[1].date)
    return CalendarData(
        days_off=tuple(day for worked, day in ordered if not worked),
        working_days=tuple(day for worked, day in ordered if worked),
    )


def check_year(year: int) -> None:
    """A year whose public holidays are known, else NotFoundError."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise NotFoundError(
            f"no working-day calendar for {year}: Bulgaria's public holidays are known from "
            f"{FIRST_YEAR} to {LAST_YEAR}"
        )


def parse_months(text: str, what: str = "MONTH") -> tuple[tuple[int, int], ...]:
    """``2026-09`` (that month) or ``2026`` (its twelve months), as (year, month) pairs."""
    value = text.strip()
    found = re.fullmatch(r"([0-9]{4})(?:-(0[1-9]|1[0-2]))?", value)
    if found is None:
        raise UsageError(
            f"{what} {clip(text)!r} is not a month: write YYYY-MM for a month (2026-09) or YYYY "
            "for a whole year (2026)"
        )
    year = int(found.group(1))
    check_year(year)
    if found.group(2) is None:
        return tuple((year, month) for month in range(1, 13))
    return ((year, int(found.group(2))),)


def month_name(year: int, month: int) -> str:
    """``2026-09``."""
    return f"{year:04d}-{month:02d}"


@lru_cache(maxsize=64)
def public_holidays(year: int) -> dict[date, NamedDay]:
    """The public holidays of ``year`` (observed days among them), by day."""
    # why: the holidays package takes ~50 ms to import; only a command that counts days needs it
    import holidays.version

    source = f"holidays {holidays.version.__version__} ({HOLIDAYS_SOURCE})"
    found = holidays.country_holidays(COUNTRY, years=year, language=LANGUAGE)
    return {
        day: NamedDay(date=day, name=str(name), source=source)
        for day, name in sorted(found.items())
    }


@lru_cache(maxsize=MONTHS_KEPT)
def month_calendar(data: CalendarData, year: int, month: int) -> MonthCalendar:
    """The working days of ``year``-``month`` by the public holidays and ``data``.

    Raises NotFoundError for a year outside FIRST_YEAR..LAST_YEAR (ValueError for a month
    not 1-12: the caller reads months first).
    """
    check_year(year)
    length = weekdays.monthrange(year, month)[1]
    first = date(year, month, 1)
    last = date(year, month, length)
    said: dict[date, tuple[bool, NamedDay]] = {}
    for decreed in data.days_off:
        if first <= decreed.date <= last:
            said[decreed.date] = (False, decreed)
    for decreed in data.working_days:
        if first <= decreed.date <= last:
            said[decreed.date] = (True, decreed)
    holidays_of_year = public_holidays(year)
    working: list[date] = []
    off: list[NamedDay] = []
    weekend_worked: list[NamedDay] = []
    holidays_worked: list[WorkedHoliday] = []
    for offset in range(length):
        day = first + timedelta(days=offset)
        weekend = day.weekday() >= 5
        named: NamedDay | None
        if day in said:
            worked, named = said[day]
        elif day in holidays_of_year:
            worked, named = False, holidays_of_year[day]
        else:
            worked, named = not weekend, None
        if worked:
            working.append(day)
            if weekend and named is not None:
                weekend_worked.append(named)
            elif named is not None and day in holidays_of_year:  # a layer's word on a holiday
                holiday = holidays_of_year[day].name
                holidays_worked.append(WorkedHoliday(day, holiday, named.name, named.source))
        elif not weekend and named is not None:
            off.append(named)
    return MonthCalendar(
        month=month_name(year, month),
        working_days=tuple(working),
        days_off=tuple(off),
        working_saturdays=tuple(weekend_worked),
        worked_holidays=tuple(holidays_worked),
    )


@lru_cache(maxsize=MONTHS_KEPT)
def _worked_set(data: CalendarData, year: int, month: int) -> frozenset[date]:
    return frozenset(month_calendar(data, year, month).working_days)


def is_working_day(data: CalendarData, day: date) -> bool:
    """Whether ``day`` is worked."""
    return day in _worked_set(data, day.year, day.month)


def working_days_between(data: CalendarData, first: date, last: date) -> int:
    """The working days from ``first`` to ``last``, both included (0 when last is before first)."""
    count = 0
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        days = month_calendar(data, year, month).working_days
        low = bisect.bisect_left(days, first)
        high = bisect.bisect_right(days, last)
        count += max(0, high - low)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return count
