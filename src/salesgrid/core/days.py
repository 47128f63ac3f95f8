"""Days as users type them: strictly ``YYYY-MM-DD`` (no week dates, no times), or refused."""

from __future__ import annotations

import re
from datetime import date

from salesgrid.errors import UsageError, clip

_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_day(text: str, what: str) -> date:
    """The day ``text`` names; ``what`` (``--as-of``, ``as_of``) names it in the message."""
    value = text.strip()
    try:
        if not _DAY.fullmatch(value):
            raise ValueError("expected YYYY-MM-DD")
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(
            f"{what} {clip(text)!r} is not a day: write YYYY-MM-DD, e.g. 2026-11-01"
        ) from None
