"""Days as users type them, read one way everywhere (options, roster cells, JSONL values, xlsx
text cells): ``YYYY-MM-DD`` (ISO 8601, no week dates, no times), or the Bulgarian form
``DD.MM.YYYY`` (``D.M.YYYY`` too), with or without the year mark after it (the Cyrillic letter
ghe, for "година", year, with or without its point, after spaces or none): ``15.03.2024``,
``5.3.2024``. That is how a Bulgarian Excel shows a date (the bg locale of the Unicode CLDR:
``d.MM.y`` and the year mark). A day with slashes
(``01/02/2026``) is refused: whether the day or the month comes first cannot be known. A day that
is not on the calendar (``31.02.2024``) is refused.
"""

from __future__ import annotations

import re
from datetime import date

from salesgrid.errors import UsageError, clip

_ISO = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
#: DD.MM.YYYY or D.M.YYYY, then optionally spaces (a no-break space too) and the year mark, its
#: point optional.
_BULGARIAN = re.compile(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})(?:\s*[гГ]\.?)?")
_SLASHES = re.compile(r"[0-9]{1,4}/[0-9]{1,2}/[0-9]{1,4}")
#: The spellings a message lists.
SPELLINGS = "YYYY-MM-DD or DD.MM.YYYY, e.g. 2026-11-01 or 01.11.2026"


def read_day(text: str) -> date | None:
    """The day ``text`` names in one of the accepted spellings, or None."""
    value = text.strip()
    iso = _ISO.fullmatch(value)
    if iso is not None:
        year, month, day = iso.groups()
    else:
        found = _BULGARIAN.fullmatch(value)
        if found is None:
            return None
        day, month, year = found.groups()
    try:
        return date(int(year), int(month), int(day))
    except ValueError:  # not on the calendar: 31.02.2024, month 13, year 0
        return None


def day_problem(text: str) -> str:
    """Why ``text`` is not a day, to follow ``'TEXT' is not a day``: how to write one."""
    if _SLASHES.fullmatch(text.strip()):
        return (
            ": with slashes, whether the day or the month comes first is not knowable; "
            f"write {SPELLINGS}"
        )
    if _ISO.fullmatch(text.strip()) or _BULGARIAN.fullmatch(text.strip()):
        return f": no such day on the calendar; write {SPELLINGS}"
    return f": write {SPELLINGS}"


def parse_day(text: str, what: str) -> date:
    """The day ``text`` names; ``what`` (``--as-of``, ``as_of``) names it in the message."""
    found = read_day(text)
    if found is None:
        raise UsageError(f"{what} {clip(text)!r} is not a day{day_problem(text)}")
    return found
