"""What an xlsx cell means, as the text a CSV cell would hold.

Excel keeps a number as the nearest double and shows it at 15 significant digits: the XML of a
formula showing 1902.60 may hold ``1902.6000000000001``. :func:`number_text` reads the stored
text as Excel shows it (rounded half up to 15 significant digits, exactly, in Decimal) and
writes it the shortest way (``2.0`` is ``2``, ``1902.60`` is ``1902.6``). A number in a cell
whose number format is a date or a time is a day (``YYYY-MM-DD``), a day and a time, or a
time (:func:`serial_text`). A position typed into a number cell has lost its trailing zeros
(2.10 is kept as 2.1): :func:`position_text` reads it when the grid leaves one way to read it.

Pure functions over text: nothing here opens, prints or exits.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation

from salesgrid.core.positions import steps_of_number

#: Excel's own limits: the last column (XFD) and row, and the characters a cell holds.
MAX_COLUMNS = 16_384
MAX_ROWS = 1_048_576
MAX_CELL_TEXT = 32_767

_EXCEL = Context(prec=15, rounding=ROUND_HALF_UP)
#: A number as the XML schema writes a double (no NaN nor INF: Excel has none).
_DOUBLE = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_LETTERS = re.compile(r"[A-Z]{1,3}")

# Number formats: plain, a day or a time of day (any of d m y h s outside quotes and
# brackets), or elapsed time ([h]:mm).
PLAIN, DATE, ELAPSED = 0, 1, 2
#: The built-in formats that are days or times (ECMA-376 18.8.30; 27-36 and 50-58 are the
#: East Asian date formats); 46 is [h]:mm:ss.
BUILTIN_FORMATS = {
    **dict.fromkeys((*range(14, 23), 45, 47, *range(27, 37), *range(50, 59)), DATE),
    46: ELAPSED,
}
_QUOTED = re.compile(r'"[^"]*"|\\.|[_*].')
_BRACKETS = re.compile(r"\[([^\]]*)\]")


def format_kind(code: str) -> int:
    """PLAIN, DATE or ELAPSED for a custom number format code (``yyyy-mm-dd``, ``[h]:mm``,
    ``#,##0.00 "лв."``): a day or time when d, m, y, h or s is a code of it, not text in
    quotes, an escaped character or a colour or locale in brackets."""
    bare = _QUOTED.sub("", code)
    elapsed = any(inner.lower().strip("hms") == "" and inner for inner in _BRACKETS.findall(bare))
    bare = _BRACKETS.sub("", bare)
    if elapsed:
        return ELAPSED
    if any(letter in "dmyhs" for letter in bare.lower()):
        return DATE
    return PLAIN


def column_letters(index: int) -> str:
    """The letters of a column counted from 0 (0 is A, 16383 is XFD)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_index(letters: str) -> int | None:
    """The column (from 0) of letters A to XFD, or None for anything else."""
    if _LETTERS.fullmatch(letters) is None:
        return None
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1 if index <= MAX_COLUMNS else None


def unescape(text: str) -> str:
    """Text as typed: Excel writes control characters as ``_xHHHH_`` (and a ``_x`` typed as
    such as ``_x005F_x``). A surrogate's escape stays as written (no lone surrogate)."""
    if "_x" not in text:
        return text

    def one(match: re.Match[str]) -> str:
        code = int(match.group(1), 16)
        return match.group(0) if 0xD800 <= code <= 0xDFFF else chr(code)

    return _ESCAPE.sub(one, text)


def decimal_of(text: str) -> Decimal | None:
    """A number cell's stored text as the exact number Excel shows: rounded half up to 15
    significant digits; None if it is no number a double can hold."""
    if _DOUBLE.fullmatch(text) is None:
        return None
    try:
        exact = Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern lets no other text through
        return None
    if not exact:
        return Decimal(0)
    if not -324 <= exact.adjusted() <= 308:
        return None
    return _EXCEL.plus(exact)


def number_text(text: str) -> str | None:
    """A number cell's stored text as Excel shows it, written the shortest way: ``2.0`` is
    2, ``1902.6000000000001`` is 1902.6, ``1E+20`` is 100000000000000000000; None if it is no
    number."""
    if text.isdigit() and len(text) <= 15 and text.isascii() and (text[0] != "0" or text == "0"):
        return text  # a whole number as Excel writes it: nothing to round
    value = decimal_of(text.strip())
    if value is None:
        return None
    if not value:
        return "0"
    return format(value.normalize(_EXCEL), "f")


_EPOCH_1900 = date(1899, 12, 30)  # serial 61 onwards: Excel counts 1900-02-29, a day that never was
_EPOCH_1904 = date(1904, 1, 1)
_LAST_SERIAL = 2_958_465  # 9999-12-31


def serial_text(text: str, date1904: bool, kind: int) -> str | None:
    """A number in a date or time format as Excel shows it: ``YYYY-MM-DD`` for a whole day,
    ``YYYY-MM-DD HH:MM:SS`` for a day and a time, ``HH:MM:SS`` for a time of day (a serial
    under 1), ``H:MM:SS`` counted in hours for elapsed time (``[h]:mm``); to the second, half
    up. None when Excel shows no day for it (below 0 or after 9999-12-31): read as a number."""
    value = decimal_of(text.strip())
    if value is None or value < 0 or value >= _LAST_SERIAL + 1:
        return None
    seconds = int((value * 86_400).to_integral_value(ROUND_HALF_UP))
    if kind == ELAPSED:
        minutes, second = divmod(seconds, 60)
        hours, minute = divmod(minutes, 60)
        return f"{hours}:{minute:02d}:{second:02d}"
    days, second = divmod(seconds, 86_400)
    clock = f"{second // 3600:02d}:{second // 60 % 60:02d}:{second % 60:02d}"
    if days == 0:
        return clock  # a time of day (Excel's day 0 is "1900-01-00")
    if days == 60 and not date1904:
        shown = "1900-02-29"  # Excel's day 60, which the calendar does not have
    else:
        epoch = _EPOCH_1904 if date1904 else _EPOCH_1900
        try:
            day = epoch + timedelta(days=days + (1 if days < 60 and not date1904 else 0))
        except OverflowError:  # after 9999-12-31 (a 1904 workbook's last days)
            return None
        shown = day.isoformat()
    return shown if second == 0 else f"{shown} {clock}"


def iso_text(text: str) -> str | None:
    """A ``t="d"`` cell (an ISO 8601 date, time or both) as the other date cells are written;
    None when it is no such thing."""
    value = text.strip()
    try:
        if "T" in value or " " in value or len(value) == 10:
            stamp = datetime.fromisoformat(value)
            if stamp.tzinfo is not None:
                return None
            if stamp.time() == time():
                return stamp.date().isoformat()
            return stamp.replace(microsecond=0).isoformat(sep=" ")
        return time.fromisoformat(value).replace(microsecond=0).isoformat()
    except ValueError:
        return None


# ----------------------------------------------------------------------------- positions

_NUMBER_POSITION = re.compile(r"([1-9][0-9]{0,5})\.([0-9]+)")


def position_text(
    shown: str, framework: str, steps: Callable[[str, int], int | None] | None
) -> str | tuple[str, ...]:
    """A position typed into a number cell, which shows ``shown`` (``2.1``: typed 2.1, 2.10
    or 2.100...): the one of those that is a step of that level of the row's framework
    (``steps``: the grid's answer, see :func:`salesgrid.core.pay.steps_at`), or every one that
    is when there are several. When none is (no such framework, level or step), or without
    ``steps``, the number as shown, which the grid then refuses with its reason."""
    match = _NUMBER_POSITION.fullmatch(shown)
    if match is None or steps is None:
        return shown
    level = int(match.group(1))
    count = steps(framework, level)
    if count is None:
        return shown
    found = steps_of_number(match.group(2), count)
    if not found:
        return shown
    if len(found) == 1:
        return f"{level}.{found[0]}"
    return tuple(f"{level}.{step}" for step in found)


_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip


def date_position_reason(reference: str, shown: str) -> str:
    """Why a date in the position column rejects its row: Excel turned what was typed (2.3
    with a day.month locale such as Bulgarian: 2 March) into a date. The position is
    suggested only when the date is a whole day, read day.month."""
    day_part, _, clock = shown.partition(" ")
    try:
        day = date.fromisoformat(day_part)
    except ValueError:
        return (
            f"cell {reference}: the position is a date or time ({shown}), not LEVEL.STEP: "
            "format the position column as Text and type the position again"
        )
    said = f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
    if clock:
        return (
            f"cell {reference}: the position is a date ({said}, {clock}), not LEVEL.STEP: "
            "format the position column as Text and type the position again"
        )
    return (
        f"cell {reference}: the position is a date ({said}): Excel turned a position typed as "
        f"{day.day}.{day.month} (day.month, as in a Bulgarian locale) into a date; format the "
        f"position column as Text and type the position again"
    )
