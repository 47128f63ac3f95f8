"""The calendar file format (``data/calendar.yaml`` and every ``--calendar`` file) as frozen
models, its checks across fields, and a file made the :class:`CalendarData` of one layer.

A calendar file lists days the public holiday calendar does not know: days off decreed by the
Council of Ministers (or given by a company) and Saturdays or Sundays worked in their place.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from salesgrid.core.calendar import WEEKDAY_NAMES, CalendarData, NamedDay
from salesgrid.core.models import Day, Deferred, Text

#: Where in the file (the keys down to a value), what is wrong, and how bad: a loader finding.
Finding = tuple[tuple[str | int, ...], str, Literal["error", "warning"]]
#: ``date.weekday()`` of Saturday; Sunday is 6.
WEEKEND = 5


class CalendarDay(Deferred):
    """One day of a calendar file: its date, why, and where that is decided."""

    date: Day
    reason: Text = Field(description="Why the day is off or worked, as a person reads it.")
    source: Text | None = Field(
        default=None,
        description="The decree, decision or policy that says so. Default: the file's name.",
    )


class CalendarFile(Deferred):
    """``data/calendar.yaml`` or a ``--calendar`` file: decreed days off and worked days."""

    schema_version: Literal[1]
    days_off: list[CalendarDay] = Field(
        default_factory=list,
        description="Days not worked that the public holidays do not list (a weekday).",
    )
    working_days: list[CalendarDay] = Field(
        default_factory=list,
        description="Days worked that would not be (a Saturday or Sunday worked in place of "
        "a day off).",
    )


def check_calendar(data: CalendarFile) -> list[Finding]:
    """A day listed twice, in one list or in both, is an error: which one holds is not
    knowable. A day off on a Saturday or Sunday is a warning: it changes nothing, but for
    undoing a worked day of an earlier file."""
    problems: list[Finding] = []
    seen: dict[object, str] = {}
    for key in ("days_off", "working_days"):
        days: list[CalendarDay] = getattr(data, key)
        for index, day in enumerate(days):
            where = f"{key}[{index}]"
            if day.date in seen:
                message = (
                    f"{day.date.isoformat()} is listed twice ({seen[day.date]} and {where}): "
                    "keep one entry (a later --calendar file may override it)"
                )
                problems.append(((key, index, "date"), message, "error"))
            else:
                seen[day.date] = where
            if key == "days_off" and day.date.weekday() >= WEEKEND:
                message = (
                    f"{day.date.isoformat()} is a {WEEKDAY_NAMES[day.date.weekday()]}, not worked "
                    "anyway: "
                    "this changes nothing but for undoing a worked day of an earlier file; "
                    "check the date"
                )
                problems.append(((key, index, "date"), message, "warning"))
    return problems


def layer_of(data: CalendarFile, file: str) -> CalendarData:
    """One layer's days, each with its source: ``FILE: SOURCE``, or ``FILE`` when the entry
    gives none."""

    def named(day: CalendarDay) -> NamedDay:
        source = file if day.source is None else f"{file}: {day.source}"
        return NamedDay(date=day.date, name=day.reason, source=source)

    return CalendarData(
        days_off=tuple(sorted((named(day) for day in data.days_off), key=lambda d: d.date)),
        working_days=tuple(sorted((named(day) for day in data.working_days), key=lambda d: d.date)),
    )
