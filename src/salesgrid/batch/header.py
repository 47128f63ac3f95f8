"""A roster's header line read the one way every command reads it (`roster`, `diff --roster`,
`paygap`): names as salesgrid spells them (the Bulgarian names of
:data:`salesgrid.batch.columns.COLUMN_ALIASES` read as the columns they name), header cells left
empty (Excel's trailing ``;;;``) naming no column, a column named twice or not known refused with
a did-you-mean, and the employee id and a position (``position``, or ``level`` and ``step``)
required.

May import: :mod:`salesgrid.errors`, :mod:`salesgrid.batch.columns`. Nothing else of salesgrid.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Sequence
from difflib import get_close_matches
from typing import NamedTuple

from salesgrid.batch.columns import COLUMN_ALIASES
from salesgrid.errors import UsageError, clip

#: The columns a rejects file adds after the roster's (``--rejects``): a rejects file fixed and
#: fed back as it is ends with them, and they are skipped, not refused as unknown.
REJECTS_TAIL = ("line", "reason")


def spelled(text: str) -> str:
    """A name with case, surrounding spaces, spaces, hyphens and underscores made alike
    (``Employee ID`` is ``employee_id``, ``Служебен номер`` is ``служебен_номер``); a name
    that is not ASCII is also put in Unicode's composed form (``й`` typed as ``и`` and a
    combining breve is ``й``), and a BOM or zero-width space in it is nothing."""
    if not text.isascii():
        text = unicodedata.normalize("NFC", text.translate(_INVISIBLE))
    return "_".join(text.replace("-", " ").replace("_", " ").lower().split())


_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060"))
#: Each Bulgarian name as spelled -> the column it names.
ALIASES = {spelled(alias): column for column, names in COLUMN_ALIASES.items() for alias in names}
#: Each Bulgarian name as spelled -> as the table writes it (for a did-you-mean).
_WRITTEN = {spelled(alias): alias for names in COLUMN_ALIASES.values() for alias in names}


def column_name(text: str) -> str:
    """A header name as salesgrid spells it: case ignored, spaces and hyphens read as
    underscores, surrounding spaces dropped (``Employee ID`` is ``employee_id``), and a
    Bulgarian name read as its column (``Служебен номер`` is ``employee_id``)."""
    name = spelled(text)
    if name.isascii():
        return name
    return ALIASES.get(name, name)


def did_you_mean(given: str, known: Collection[str]) -> str:
    """`` (did you mean 'NAME'?)`` for the ``known`` column or Bulgarian name (of a known
    column) closest to ``given``, or nothing when none is close."""
    spelling = spelled(given)
    choices = sorted(known) + sorted(a for a, column in ALIASES.items() if column in known)
    close = get_close_matches(spelling, choices, n=1)
    if not close:
        return ""
    found = close[0]
    if found in _WRITTEN:
        return f" (did you mean {_WRITTEN[found]!r} for {ALIASES[found]}?)"
    return f" (did you mean {found!r}?)"


class Header(NamedTuple):
    """A header read: each cell's name, the cells left empty, and where each named column is."""

    names: list[str]
    unnamed: tuple[int, ...]  # their values must be empty too (batch.leftovers.unnamed_value)
    where: dict[str, int]


def read_header(
    header: Sequence[str], known: Collection[str], ignore_unknown: bool, columns_are: str
) -> Header:
    """``header`` checked against the ``known`` column names (an unknown one is a usage error
    unless ``ignore_unknown``; ``columns_are`` lists them for the message)."""
    names = [column_name(name) for name in header]
    unnamed = tuple(i for i, given in enumerate(header) if not given.strip())
    seen: dict[str, str] = {}
    for index, (given, name) in enumerate(zip(header, names, strict=True)):
        if index in unnamed:
            continue
        if name in seen:
            both = "" if seen[name] == given else f" ({clip(seen[name])!r} and {clip(given)!r})"
            raise UsageError(f"the header names column {clip(name)!r} twice{both}")
        seen[name] = given
    fed_back = len(names) > 2 and tuple(names[-2:]) == REJECTS_TAIL
    unknown = [given for given, name in zip(header, names, strict=True)
               if name not in known and given.strip()]  # fmt: skip
    if fed_back and not set(REJECTS_TAIL) & set(known):
        unknown = unknown[: len(unknown) - 2]  # the last two are the rejects file's own
    if unknown and not ignore_unknown:
        hints = []
        for given in unknown:
            hints.append(repr(clip(given.strip())) + did_you_mean(given, known))
        raise UsageError(
            f"unknown {'column' if len(hints) == 1 else 'columns'} {', '.join(hints)} in the "
            f"header: the columns are {columns_are} (case, spaces and hyphens do not matter), or "
            "their Bulgarian names (docs/roster.md); "
            "or pass --ignore-unknown-columns"
        )
    where = {name: index for index, name in enumerate(names) if index not in unnamed}
    if "employee_id" not in where:
        raise UsageError("the required column 'employee_id' is missing from the header")
    if "position" not in where and not ("level" in where and "step" in where):
        raise UsageError("the header needs a 'position' column (L.S) or both 'level' and 'step'")
    return Header(names, unnamed, where)
