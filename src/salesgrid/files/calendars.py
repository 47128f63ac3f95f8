"""The working-day calendar's data: the packaged ``data/calendar.yaml`` and every ``--calendar``
file on top of it, each validated by :func:`salesgrid.files.loader.load_calendar`, made one
:class:`~salesgrid.core.calendar.CalendarData` (a later file's word on a day wins)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from salesgrid.core.calendar import CalendarData, layered
from salesgrid.core.calendarfile import layer_of
from salesgrid.files.loader import load_calendar

#: How a source of the packaged calendar file is named: ``data/calendar.yaml: SOURCE``.
PACKAGED_CALENDAR = "data/calendar.yaml"


def calendar_data(paths: Sequence[Path] = ()) -> CalendarData:
    """The packaged calendar file, then every file of ``paths`` in order. A source a file
    gives is named ``FILE: SOURCE``; an entry without one is named by the file."""
    found = [layer_of(load_calendar(None), PACKAGED_CALENDAR)]
    found += [layer_of(load_calendar(path), str(path)) for path in paths]
    return layered(found)
