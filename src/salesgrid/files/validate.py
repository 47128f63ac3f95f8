"""``salesgrid validate``: every problem of one data file, whatever its kind.

Above :mod:`~salesgrid.files.loader` and :mod:`~salesgrid.files.layers`: a layer file is
checked on top of the grid in use, an assessment against the grid and competency file in use,
any other file loaded as its kind.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from salesgrid.errors import DataFileError, Problem
from salesgrid.files import layers
from salesgrid.files.loader import FileKind, detect_kind, load, load_assessment, load_competencies
from salesgrid.files.yamlsource import read_yaml


def validate_file(
    path: Path | None,
    kind: FileKind | None = None,
    *,
    grid: Path | None = None,
    competencies: Path | None = None,
    as_of: date | None = None,
    add_grid: Sequence[Path] = (),
) -> list[Problem]:
    """Every problem in one file (``None``: the packaged one of ``kind``), errors and warnings;
    an empty list means all is well.

    An assessment is checked as ``promote --assessment`` checks it: against the grid in use
    (``grid`` and its ``add_grid`` layers; default: the packaged one) and the competency file
    given on ``as_of`` (default: today). A layer file (a grid file without
    ``default_framework``) is checked on top of the grid in use, as ``--add-grid`` reads it;
    a whole grid file with ``add_grid`` layers on top of it.
    """
    try:
        if path is not None and kind in (None, "grid"):
            data = read_yaml(path)[0]
            if layers.is_layer(data):
                return layers.layer_problems(path, grid, add_grid)
            kind = kind or detect_kind(data, str(path))
            if kind == "grid" and add_grid:  # a whole grid, with the layers on top of it
                return layers.grid_set_problems(path, add_grid)
        if kind == "assessment":
            if path is None:  # pragma: no cover - there is no packaged assessment
                raise ValueError("an assessment file is needed")
            in_use = layers.load_grid_set(grid, add_grid).grid
            load_assessment(path, in_use, load_competencies(competencies), as_of or date.today())
            return []
        return list(load(path, kind).warnings)
    except DataFileError as exc:
        return exc.problems
