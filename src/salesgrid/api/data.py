"""The data files: the grid and the competency file loaded as ``--grid``, ``--add-grid`` and
``--competencies`` load them, the grid exported, and a ``grid=`` or ``competencies=`` argument
(a path, a loaded file or None) made the file every function computes with."""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from salesgrid import __version__
from salesgrid.api.arguments import PathLike, read_layers, read_path, type_error
from salesgrid.api.results import DataWarning
from salesgrid.errors import UsageError

if TYPE_CHECKING:
    from salesgrid.core.competencies import CompetenciesFile
    from salesgrid.core.models import GridFile


def load_grid(
    path: PathLike | None = None, *, add_grid: PathLike | Sequence[PathLike] = ()
) -> GridFile:
    """Load and check a grid file (None: the packaged one), as ``--grid`` does, with the
    layer files of ``add_grid`` merged on top in order, as ``--add-grid`` does.

    The result can be passed as ``grid=`` to every function, so a script that calls the API
    many times reads the file once (files are also cached by path, size and time).

    >>> grid = load_grid()
    >>> grid.default_framework
    'sales-management'
    >>> [fw.id for fw in grid.frameworks][:2]
    ['sales-management', 'strategic-human-resources-management']

    Raises :class:`~salesgrid.errors.DataFileError` (every problem, with file and line) for a
    file that cannot be used.
    """
    from salesgrid.files.layers import load_grid_set  # files: on first use, not on import

    base = None if path is None else read_path(path, "path")
    return load_grid_set(base, read_layers(add_grid)).grid


def framework_files(
    path: PathLike | None = None, *, add_grid: PathLike | Sequence[PathLike] = ()
) -> dict[str, str]:
    """The file each framework of the grid in use came from, as ``salesgrid frameworks``
    shows it (``"(packaged) grid.yaml"`` for the packaged grid).

    >>> framework_files(add_grid="examples/company-layer.yaml")["partner-sales-management"]
    'examples/company-layer.yaml'
    """
    from salesgrid.files.layers import load_grid_set  # files: on first use, not on import

    base = None if path is None else read_path(path, "path")
    return dict(load_grid_set(base, read_layers(add_grid)).framework_files)


def load_competencies(path: PathLike | None = None) -> CompetenciesFile:
    """Load and check a competency file (None: the packaged one), as ``--competencies`` does.

    >>> len(load_competencies().statements)
    159
    """
    from salesgrid.files import loader  # files: on first use, not on import

    return loader.load_competencies(None if path is None else read_path(path, "path"))


def export_grid(
    grid: PathLike | GridFile | None = None, add_grid: PathLike | Sequence[PathLike] = ()
) -> str:
    """The grid as the text of a commented grid file to edit (``salesgrid grid --export``):
    every framework and version, written so that it loads back as an equal grid.

    ``grid`` is a path or :func:`load_grid`'s result (None: the packaged grid), ``add_grid``
    layer files on top of it, as for :func:`load_grid`; the header and a comment above each
    framework (and above a version a layer appended) name the file it came from.

    >>> text = export_grid("examples/company-grid.yaml")
    >>> text.splitlines()[-1]
    '          3: [4300, 4700, "5150.50"]'
    """
    # the exporter and the layers: only when a grid is exported
    from salesgrid.core.models import GridFile
    from salesgrid.files.export import export_grid as export
    from salesgrid.files.layers import load_grid_set

    if isinstance(grid, GridFile):
        return export(grid_of(grid, add_grid), None, __version__)
    base = None if grid is None else read_path(grid, "grid")
    found = load_grid_set(base, read_layers(add_grid))
    return export(found.grid, found.framework_files, __version__, found.version_files)


def grid_of(
    grid: PathLike | GridFile | None, add_grid: PathLike | Sequence[PathLike] = ()
) -> GridFile:
    """The grid a ``grid=`` argument names, with its ``add_grid`` layers (None: the packaged
    grid); a loaded grid as it is, which takes no layers."""
    from salesgrid.core.models import GridFile  # pydantic's models: on first use

    if isinstance(grid, GridFile):
        if read_layers(add_grid):
            raise UsageError("add_grid layers a grid file: give grid as a path (or None), or "
                             "pass load_grid(path, add_grid=...) as grid")  # fmt: skip
        return grid
    if grid is not None and not isinstance(grid, str | os.PathLike):
        raise type_error("grid", grid, "a path or a grid from load_grid()")
    return load_grid(grid, add_grid=add_grid)


def chart_gap_warner(
    competencies: PathLike | CompetenciesFile | None, stacklevel: int
) -> Callable[[str], None]:
    """A :class:`DataWarning` per missing chart minimum, as the CLI's ``warning:`` line."""
    # the loader: not for `import salesgrid.api` alone
    from salesgrid.files.loader import packaged_name

    if competencies is None:
        name = packaged_name("competencies")
    elif isinstance(competencies, str | os.PathLike):
        name = str(competencies)
    else:
        name = "the competency file"

    def warn(key: str) -> None:
        # the eligibility rules' wording: only when a chart minimum is missing
        from salesgrid.core.eligibility import chart_gap_warning

        warnings.warn(chart_gap_warning(key, name), DataWarning, stacklevel=stacklevel)

    return warn


def competencies_of(competencies: PathLike | CompetenciesFile | None) -> CompetenciesFile:
    """The competency file a ``competencies=`` argument names (None: the packaged one)."""
    from salesgrid.core.competencies import CompetenciesFile  # the competency model: when used

    if isinstance(competencies, CompetenciesFile):
        return competencies
    if competencies is not None and not isinstance(competencies, str | os.PathLike):
        raise type_error("competencies", competencies, "a path or load_competencies()'s result")
    return load_competencies(competencies)
