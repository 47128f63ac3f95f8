"""``salesgrid calendar``: a month's working days as records (JSON), CSV and plain text.

A month's record: ``month``, ``working_days`` (the count), ``days_off`` and
``working_saturdays`` (each day as ``{date, name, source}``), ``worked_holidays`` (each weekday
holiday a calendar layer makes worked, ``{date, name, reason, source}``: the holiday's name, the
layer's reason and source). The CSV has a row per named day (``kind`` ``day_off``,
``working_day`` or ``worked_holiday``, whose name is ``HOLIDAY (REASON)``) with the month's
count on each, and one row with the count alone for a month without one. The table is
:func:`salesgrid.output.tables.calendar_table`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from salesgrid.core.calendar import WEEKDAY_NAMES, MonthCalendar, NamedDay, WorkedHoliday
from salesgrid.output.render import rows_csv

#: The CSV columns, in order.
CSV_HEADER = ("month", "working_days", "date", "weekday", "kind", "name", "source")
#: The ``kind`` of a CSV row and the word a table or plain line shows.
KINDS = {"day_off": "day off", "working_day": "worked", "worked_holiday": "worked holiday"}


def day_record(day: NamedDay) -> dict[str, Any]:
    return {"date": day.date.isoformat(), "name": day.name, "source": day.source}


def month_record(found: MonthCalendar) -> dict[str, Any]:
    return {
        "month": found.month,
        "working_days": len(found.working_days),
        "days_off": [day_record(day) for day in found.days_off],
        "working_saturdays": [day_record(day) for day in found.working_saturdays],
        "worked_holidays": [worked_record(day) for day in found.worked_holidays],
    }


def worked_record(day: WorkedHoliday) -> dict[str, Any]:
    return {"date": day.date.isoformat(), "name": day.name, "reason": day.reason,
            "source": day.source}  # fmt: skip


def worked_as_named(day: WorkedHoliday) -> NamedDay:
    """A worked holiday as a row shows it: ``Independence Day (worked holiday)``, the layer's
    source."""
    return NamedDay(date=day.date, name=f"{day.name} ({day.reason})", source=day.source)


def named_days(found: MonthCalendar) -> list[tuple[str, NamedDay]]:
    """The month's named days in date order, each with its kind (``day_off``, ``working_day``,
    ``worked_holiday``)."""
    days = [("day_off", day) for day in found.days_off]
    days += [("working_day", day) for day in found.working_saturdays]
    days += [("worked_holiday", worked_as_named(day)) for day in found.worked_holidays]
    return sorted(days, key=lambda entry: entry[1].date)


def _rows(months: Sequence[MonthCalendar]) -> Iterator[list[Any]]:
    for found in months:
        count = len(found.working_days)
        days = named_days(found)
        if not days:
            yield [found.month, count, None, None, None, None, None]
        for kind, day in days:
            weekday = WEEKDAY_NAMES[day.date.weekday()]
            yield [found.month, count, day.date.isoformat(), weekday, kind, day.name, day.source]


def calendar_csv(months: Sequence[MonthCalendar]) -> str:
    return rows_csv(CSV_HEADER, _rows(months))


def plain_calendar(months: Sequence[MonthCalendar]) -> str:
    """``MONTH<TAB>COUNT`` per month, then a line per named day:
    ``<TAB>DATE<TAB>WEEKDAY<TAB>KIND<TAB>NAME<TAB>SOURCE``."""
    lines: list[str] = []
    for found in months:
        lines.append(f"{found.month}\t{len(found.working_days)}\n")
        for kind, day in named_days(found):
            lines.append(
                f"\t{day.date.isoformat()}\t{WEEKDAY_NAMES[day.date.weekday()]}\t{KINDS[kind]}\t"
                f"{day.name}\t{day.source}\n"
            )
    return "".join(lines)
