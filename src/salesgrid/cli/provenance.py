"""A document's trace (:mod:`salesgrid.core.provenance`) as the CLI builds it: the employer
(``--employer``), the day made (today, or ``SALESGRID_MADE_ON``), and the sha256 of every file
read, the roster's from the bytes read when it comes from stdin."""

from __future__ import annotations

import hashlib
import io
import os
import re
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from salesgrid import __version__
from salesgrid.core.provenance import Provenance, Source
from salesgrid.errors import UsageError, clip

if TYPE_CHECKING:
    from salesgrid.files.loader import Kind

#: The environment variable that fixes the day a document says it was made (examples, tests).
MADE_ON = "SALESGRID_MADE_ON"
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def made_on() -> date:
    """Today, or the day ``SALESGRID_MADE_ON`` gives (``YYYY-MM-DD``); ``--as-of`` never
    changes it."""
    text = os.environ.get(MADE_ON, "").strip()
    if not text:
        return date.today()
    try:
        if _ISO_DAY.fullmatch(text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise UsageError(f"{MADE_ON}={clip(text)!r} is not a day written YYYY-MM-DD (2026-11-22)")


class Hashing(io.RawIOBase):
    """The bytes of ``binary`` as they are, each added to ``digest`` as it is read."""

    def __init__(self, binary: Any, digest: Any) -> None:
        super().__init__()
        self.binary = binary
        self.digest = digest
        self.read_more = getattr(binary, "read1", None) or binary.read

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.read_more(len(buffer))
        self.digest.update(data)
        buffer[: len(data)] = data
        return len(data)


def hashed_stdin(binary: Any, digest: Any) -> io.BufferedReader:
    """``binary`` (stdin) read through :class:`Hashing`, buffered as stdin is."""
    return io.BufferedReader(Hashing(binary, digest))


def roster_source(source: str, digest: Any) -> Source:
    """The roster read: ``-`` with the sha256 of the bytes read from stdin, else the file's."""
    # the files layer: on run only, --help and completion stay light
    from salesgrid.files.provenance import sha256_file

    if source == "-":
        return Source("-", digest.hexdigest())
    return Source(source, sha256_file(source))


def new_digest() -> Any:
    return hashlib.sha256()


def trace(
    employer: str | None,
    period: tuple[date, date],
    grid: Path | None,
    add_grid: Sequence[Path] | None,
    data: Mapping[Kind, Path | None],
    roster: Source | None = None,
) -> dict[str, Any]:
    """The ``provenance`` record of a document: ``employer`` checked by
    :func:`~salesgrid.core.provenance.check_employer`; ``data`` the other data files it uses
    (``payroll``, ``competencies``: the path given, None for the packaged file)."""
    # the files layer: on run only, --help and completion stay light
    from salesgrid.files.provenance import data_source, grid_sources

    def used(kind: Kind) -> Source | None:
        return data_source(data[kind], kind) if kind in data else None

    return Provenance(
        employer=employer,
        period_from=period[0],
        period_to=period[1],
        made_on=made_on(),
        version=__version__,
        input=roster,
        grid=grid_sources(grid, tuple(add_grid or ())),
        payroll=used("payroll"),
        competencies=used("competencies"),
    ).to_dict()
