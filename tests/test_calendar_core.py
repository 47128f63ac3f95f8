"""The working-day calendar, checked by hand against the Labour Code.

Art. 154 (1) lists the public holidays: 1 January, 3 March, Good Friday, Holy Saturday, Easter
Sunday and Monday (Orthodox), 1 May, 6 May, 24 May, 6 September, 22 September, 24, 25 and
26 December. Art. 154 (2): when one of them but Easter falls on a Saturday or a Sunday, the
first working day after it is a day off (the first two, when two of them do). The Council of
Ministers declared 31 December 2025 and 2 January 2026 days off (the euro changeover).

The counts below are worked out by hand from the weekdays of each month (a month of 28 days has
20; each day past the 28th adds one when it is a Monday to Friday) minus its weekday holidays, not
copied from the code.
"""

from __future__ import annotations

from datetime import date

import pytest

from salesgrid.core.calendar import (
    CalendarData,
    NamedDay,
    WorkedHoliday,
    is_working_day,
    layered,
    month_calendar,
    working_days_between,
)

NONE = CalendarData()

# (year, month): weekdays, weekday holidays (days of the month) -> working days
BY_HAND: dict[tuple[int, int], tuple[int, tuple[int, ...]]] = {
    # 2025 starts on a Wednesday.
    (2025, 1): (23, (1,)),  # Wed 1 New Year
    (2025, 2): (20, ()),
    (2025, 3): (21, (3,)),  # Mon 3 March
    (2025, 4): (22, (18, 21)),  # Good Friday 18, Easter Monday 21
    (2025, 5): (22, (1, 6, 26)),  # Thu 1, Tue 6, 24 is a Saturday -> Mon 26
    (2025, 6): (21, ()),
    (2025, 7): (23, ()),
    (2025, 8): (21, ()),
    (2025, 9): (22, (8, 22)),  # 6 is a Saturday -> Mon 8; Mon 22
    (2025, 10): (23, ()),
    (2025, 11): (20, ()),
    (2025, 12): (23, (24, 25, 26, 31)),  # Wed 24, Thu 25, Fri 26, Wed 31 decreed
    # 2026 starts on a Thursday.
    (2026, 1): (22, (1, 2)),  # Thu 1, Fri 2 decreed
    (2026, 2): (20, ()),
    (2026, 3): (22, (3,)),  # Tue 3
    (2026, 4): (22, (10, 13)),  # Good Friday 10, Easter Monday 13
    (2026, 5): (21, (1, 6, 25)),  # Fri 1, Wed 6, 24 is a Sunday -> Mon 25
    (2026, 6): (22, ()),
    (2026, 7): (23, ()),
    (2026, 8): (21, ()),
    (2026, 9): (22, (7, 22)),  # 6 is a Sunday -> Mon 7; Tue 22
    (2026, 10): (22, ()),
    (2026, 11): (21, ()),
    (2026, 12): (23, (24, 25, 28)),  # Thu 24, Fri 25, 26 is a Saturday -> Mon 28
    # 2027 starts on a Friday.
    (2027, 1): (21, (1,)),  # Fri 1
    (2027, 2): (20, ()),
    (2027, 3): (23, (3,)),  # Wed 3
    (2027, 4): (22, (30,)),  # Good Friday 30
    # Holy Saturday 1 May is also Labour Day; Easter Monday 3; so 1 May's day off is Tue 4;
    # Thu 6; Mon 24
    (2027, 5): (21, (3, 4, 6, 24)),
    (2027, 6): (22, ()),
    (2027, 7): (22, ()),
    (2027, 8): (22, ()),
    (2027, 9): (22, (6, 22)),  # Mon 6, Wed 22
    (2027, 10): (21, ()),
    (2027, 11): (22, ()),
    (2027, 12): (23, (24, 27, 28)),  # Fri 24, 25 Sat and 26 Sun -> Mon 27 and Tue 28
}

WORKING_DAYS = {
    (2025, 1): 22, (2025, 2): 20, (2025, 3): 20, (2025, 4): 20, (2025, 5): 19, (2025, 6): 21,
    (2025, 7): 23, (2025, 8): 21, (2025, 9): 20, (2025, 10): 23, (2025, 11): 20, (2025, 12): 19,
    (2026, 1): 20, (2026, 2): 20, (2026, 3): 21, (2026, 4): 20, (2026, 5): 18, (2026, 6): 22,
    (2026, 7): 23, (2026, 8): 21, (2026, 9): 20, (2026, 10): 22, (2026, 11): 21, (2026, 12): 20,
    (2027, 1): 20, (2027, 2): 20, (2027, 3): 22, (2027, 4): 21, (2027, 5): 17, (2027, 6): 22,
    (2027, 7): 22, (2027, 8): 22, (2027, 9): 20, (2027, 10): 21, (2027, 11): 22, (2027, 12): 20,
}  # fmt: skip


@pytest.mark.parametrize(("year", "month"), sorted(BY_HAND))
def test_every_month_2025_2027_by_hand(year: int, month: int) -> None:
    weekdays, off = BY_HAND[(year, month)]
    assert weekdays - len(off) == WORKING_DAYS[(year, month)]
    found = month_calendar(NONE, year, month)
    assert len(found.working_days) == WORKING_DAYS[(year, month)]
    assert tuple(day.date.day for day in found.days_off) == off
    assert found.working_saturdays == ()
    assert found.month == f"{year}-{month:02d}"


def test_the_year_totals() -> None:
    # 2026 has 248 working days (the Bulgarian press's count of the year, trud.bg 2025-12-26).
    assert sum(WORKING_DAYS[(2026, month)] for month in range(1, 13)) == 248


def test_september_2026() -> None:
    found = month_calendar(NONE, 2026, 9)
    assert len(found.working_days) == 20
    assert [(day.date, day.name) for day in found.days_off] == [
        (date(2026, 9, 7), "Unification Day (observed)"),
        (date(2026, 9, 22), "Independence Day"),
    ]
    assert found.days_off[0].source.startswith("holidays ")
    assert found.days_off[0].source.endswith(" (BG, Labour Code Art. 154)")
    assert date(2026, 9, 6) not in found.working_days
    assert found.working_days == tuple(sorted(found.working_days))


def test_easter_2027_and_labour_day_on_holy_saturday() -> None:
    april = month_calendar(NONE, 2027, 4)
    assert [day.name for day in april.days_off] == ["Good Friday"]
    may = month_calendar(NONE, 2027, 5)
    assert [day.date.day for day in may.days_off] == [3, 4, 6, 24]
    assert may.days_off[1].name.endswith("(observed)")


def test_a_decree_layer_adds_a_day_off_and_a_worked_saturday() -> None:
    decree = CalendarData(
        days_off=(NamedDay(date(2026, 9, 21), "Bridge day", "decree 1"),),
        working_days=(NamedDay(date(2026, 9, 26), "Worked for 21 September", "decree 1"),),
    )
    found = month_calendar(decree, 2026, 9)
    assert len(found.working_days) == 20  # one weekday off, one Saturday worked
    assert [day.date.day for day in found.days_off] == [7, 21, 22]
    assert found.days_off[1].source == "decree 1"
    assert found.working_saturdays == decree.working_days
    assert date(2026, 9, 26) in found.working_days
    assert not is_working_day(decree, date(2026, 9, 21))
    assert is_working_day(decree, date(2026, 9, 26))
    assert not is_working_day(NONE, date(2026, 9, 26))


def test_a_data_layer_can_make_a_holiday_worked() -> None:
    worked = CalendarData(working_days=(NamedDay(date(2026, 9, 22), "Company rota", "rota.yaml"),))
    found = month_calendar(worked, 2026, 9)
    assert len(found.working_days) == 21
    assert [day.date.day for day in found.days_off] == [7]
    assert found.working_saturdays == ()  # a weekday: worked, not a worked weekend day
    assert found.worked_holidays == (
        WorkedHoliday(date(2026, 9, 22), "Independence Day", "Company rota", "rota.yaml"),
    )  # listed with the holiday's name and the layer's word, not dropped from view
    assert month_calendar(NONE, 2026, 9).worked_holidays == ()


def test_the_later_layer_wins() -> None:
    day = date(2026, 9, 26)
    first = CalendarData(working_days=(NamedDay(day, "Worked", "a"),))
    second = CalendarData(days_off=(NamedDay(day, "Not worked after all", "b"),))
    assert layered([first, second]) == CalendarData(days_off=second.days_off)
    assert layered([second, first]) == CalendarData(working_days=first.working_days)
    assert not is_working_day(layered([first, second]), day)
    assert is_working_day(layered([second, first]), day)


def test_working_days_between() -> None:
    assert working_days_between(NONE, date(2026, 9, 1), date(2026, 9, 30)) == 20
    assert working_days_between(NONE, date(2026, 9, 16), date(2026, 9, 30)) == 10
    assert working_days_between(NONE, date(2026, 9, 1), date(2026, 9, 4)) == 4
    assert working_days_between(NONE, date(2026, 9, 7), date(2026, 9, 7)) == 0
    assert working_days_between(NONE, date(2026, 9, 30), date(2026, 9, 1)) == 0
    # across a year's end: December 2026 from the 28th (off) and January 2027
    assert working_days_between(NONE, date(2026, 12, 28), date(2027, 1, 31)) == 3 + 20
    assert working_days_between(NONE, date(2025, 1, 1), date(2027, 12, 31)) == sum(
        WORKING_DAYS.values()
    )


def test_a_month_is_computed_once() -> None:
    month_calendar.cache_clear()
    first = month_calendar(NONE, 2026, 9)
    assert month_calendar(NONE, 2026, 9) is first
    assert month_calendar.cache_info().hits == 1
