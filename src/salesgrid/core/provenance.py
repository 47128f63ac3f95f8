"""Where a document's figures come from: who it is for, the period, the day it was made, and
the name and sha256 of every file it was computed from, so that a figure can be traced to the
exact inputs later (the ``provenance`` key of the pay-gap report, a worker's answer and the
published criteria).

Pure: the hashes are computed by the reader of the files (:mod:`salesgrid.files.provenance`,
the roster's reader in the CLI) and handed in.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any

from salesgrid.errors import UsageError, clip

#: The longest employer name: a name, not a paragraph.
EMPLOYER_CHARS = 200


@dataclass(frozen=True)
class Source:
    """A file read: its name as given (``-`` for stdin, ``(packaged) grid.yaml`` for a file
    shipped with salesgrid) and the sha256 of its bytes (None for data given as a loaded
    object, which has no bytes)."""

    name: str | None
    sha256: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "sha256": self.sha256}


@dataclass(frozen=True)
class Provenance:
    """A document's trace; ``to_dict()`` is its JSON (keys stable: only ever added to)."""

    employer: str | None
    period_from: date
    period_to: date
    made_on: date
    version: str
    input: Source | None = None  # the roster (none for the criteria)
    grid: tuple[Source, ...] = ()  # the grid file, then each --add-grid layer in order
    payroll: Source | None = None
    competencies: Source | None = None

    def to_dict(self) -> dict[str, Any]:
        def one(source: Source | None) -> dict[str, Any] | None:
            return None if source is None else source.to_dict()

        return {
            "employer": self.employer,
            "period": {"from": self.period_from.isoformat(), "to": self.period_to.isoformat()},
            "made_on": self.made_on.isoformat(),
            "input": one(self.input),
            "grid": [source.to_dict() for source in self.grid],
            "payroll": one(self.payroll),
            "competencies": one(self.competencies),
            "salesgrid_version": self.version,
        }


def check_employer(text: str | None, what: str = "--employer") -> str | None:
    """The employer's name as shown: surrounding spaces dropped; empty is no name. A control
    character (a line break...) or more than :data:`EMPLOYER_CHARS` characters is refused."""
    if text is None or not text.strip():
        return None
    name = text.strip()
    if any(unicodedata.category(c).startswith("C") for c in name):
        raise UsageError(f"{what} {clip(name)!r} has a control character (a line break, a "
                         "tab...): give the name on one line")  # fmt: skip
    if len(name) > EMPLOYER_CHARS:
        raise UsageError(f"{what} {clip(name)!r} is {len(name)} characters long: give at most "
                         f"{EMPLOYER_CHARS}")  # fmt: skip
    return name


def year_period(year: int) -> tuple[date, date]:
    """A calendar year reported, as its first and last day."""
    return date(year, 1, 1), date(year, 12, 31)
