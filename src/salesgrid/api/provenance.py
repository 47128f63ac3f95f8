"""A document's ``provenance`` record for the Python API, as the command builds it: the
employer, the period, the day made (``made_on``, default today) and the name and sha256 of
every file read (a grid or competency file given as a loaded object has none)."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from salesgrid import __version__
from salesgrid.api.arguments import DayLike, PathLike, read_day, read_layers, read_path
from salesgrid.core.provenance import Provenance, Source, check_employer
from salesgrid.files.loader import Kind
from salesgrid.files.provenance import grid_sources, loaded_source, sha256_file


def api_trace(
    employer: str | None,
    made_on: DayLike | None,
    period: tuple[date, date],
    grid: Any,
    add_grid: PathLike | Sequence[PathLike],
    data: Mapping[Kind, Any],
    source: PathLike | None = None,
) -> dict[str, Any]:
    """The record: ``grid`` and the values of ``data`` (``payroll``, ``competencies``) as the
    function was given them (a path, None for the packaged file, or a loaded object);
    ``source`` the roster file the rows came from (None: no input named)."""
    if employer is not None and not isinstance(employer, str):
        raise TypeError(f"employer must be a str or None, not {type(employer).__name__}")
    if grid is None or isinstance(grid, str | os.PathLike):
        path = None if grid is None else read_path(grid, "grid")
        grids = grid_sources(path, read_layers(add_grid))
    else:
        grids = (Source(None, None),)

    def used(kind: Kind) -> Source | None:
        return loaded_source(data[kind], kind) if kind in data else None

    roster = None if source is None else read_path(source, "source")
    return Provenance(
        employer=check_employer(employer, "employer"),
        period_from=period[0],
        period_to=period[1],
        made_on=date.today() if made_on is None else read_day(made_on, "made_on"),
        version=__version__,
        input=None if roster is None else Source(str(roster), sha256_file(roster)),
        grid=grids,
        payroll=used("payroll"),
        competencies=used("competencies"),
    ).to_dict()
