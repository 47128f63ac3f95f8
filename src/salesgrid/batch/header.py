"""A roster's header line read the one way every command reads it (`roster`, `diff --roster`,
`paygap`): names as salesgrid spells them, header cells left empty (Excel's trailing ``;;;``)
naming no column, a column named twice or not known refused with a did-you-mean, and the
employee id and a position (``position``, or ``level`` and ``step``) required.

May import: :mod:`salesgrid.errors`. Nothing else of salesgrid.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from difflib import get_close_matches
from typing import NamedTuple

from salesgrid.errors import UsageError, clip

#: The columns a rejects file adds after the roster's (``--rejects``): a rejects file fixed and
#: fed back as it is ends with them, and they are skipped, not refused as unknown.
REJECTS_TAIL = ("line", "reason")


def column_name(text: str) -> str:
    """A header name as salesgrid spells it: case ignored, spaces and hyphens read as
    underscores, surrounding spaces dropped (``Employee ID`` is ``employee_id``)."""
    return "_".join(text.replace("-", " ").replace("_", " ").lower().split())


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
            close = get_close_matches(column_name(given), sorted(known), n=1)
            hints.append(
                repr(clip(given.strip())) + (f" (did you mean {close[0]!r}?)" if close else "")
            )
        raise UsageError(
            f"unknown {'column' if len(hints) == 1 else 'columns'} {', '.join(hints)} in the "
            f"header: the columns are {columns_are} (case, spaces and hyphens do not matter); "
            "or pass --ignore-unknown-columns"
        )
    where = {name: index for index, name in enumerate(names) if index not in unnamed}
    if "employee_id" not in where:
        raise UsageError("the required column 'employee_id' is missing from the header")
    if "position" not in where and not ("level" in where and "step" in where):
        raise UsageError("the header needs a 'position' column (L.S) or both 'level' and 'step'")
    return Header(names, unnamed, where)
