"""Where a command's values come from, and what it reads.

An option's value is typed or taken from its ``SALESGRID_*`` variable: a message about a bad
value names the one it came from (:func:`source_name`, :func:`named_as`, :func:`check_framework`).
:func:`refuse_overwriting` refuses an output that is a file the command reads: the roster and
the data files (:func:`data_files`), by :func:`salesgrid.output.targets.refuse_same_files`.
"""

import contextlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from typer._click.core import ParameterSource
from typer._click.globals import get_current_context

from salesgrid.errors import NotFoundError, UsageError

if TYPE_CHECKING:
    from salesgrid.core.models import GridFile


def source_name(param: str, flag: str) -> str:
    """How a message names an option's value: ``flag``, or the option's environment variable
    (``SALESGRID_AS_OF``) when the running command took the value from there."""
    ctx = get_current_context(silent=True)
    if ctx is None or ctx.get_parameter_source(param) is not ParameterSource.ENVIRONMENT:
        return flag
    for option in ctx.command.params:
        if option.name == param and isinstance(option.envvar, str):
            return option.envvar
    return flag  # pragma: no cover - every option with a variable names one


@contextlib.contextmanager
def named_as(param: str, flag: str) -> Iterator[None]:
    """An error about an option's value (a usage error, a value not in the data) names the
    environment variable it came from, if it did: ``SALESGRID_CURRENCY: unknown currency ...``."""
    named = source_name(param, flag)
    if named == flag:
        yield
        return
    try:
        yield
    except (UsageError, NotFoundError) as exc:
        raise type(exc)(f"{named}: {exc}") from None


def check_framework(*grids: "GridFile") -> None:
    """A framework from ``SALESGRID_FRAMEWORK`` that none of ``grids`` has is refused now,
    naming the variable (typed, ``--framework`` is checked where it is used)."""
    ctx = get_current_context(silent=True)
    if ctx is None or source_name("framework", "--framework") == "--framework":
        return
    wanted = str(ctx.params.get("framework") or "").strip()
    if not wanted or any(fw.id == wanted for grid in grids for fw in grid.frameworks):
        return
    # on run only: --help and completion stay light
    from salesgrid.core.pay import find_framework

    with named_as("framework", "--framework"):
        find_framework(grids[0], wanted)


def data_files(
    grid: Path | None, layers: Sequence[Path] | None, **others: Path | None
) -> list[tuple[str, Path]]:
    """The data files a command reads, as inputs for
    :func:`salesgrid.output.targets.refuse_same_files`: ``--grid`` (else the packaged grid),
    each ``--add-grid`` layer, and each of ``others`` by its flag's name (``competencies=``,
    ``payroll=``; None: the packaged file of that kind)."""
    # on run only: --help and completion stay light
    from salesgrid.files.loader import packaged_path

    found: list[tuple[str, Path]] = []
    for name, path in {"grid": grid, **others}.items():
        if path is None:
            found.append((f"the packaged {name} file", packaged_path(name)))  # type: ignore[arg-type]
        else:
            found.append((f"the --{name} file", path))
    found += [("the --add-grid layer", path) for path in layers or ()]
    return found


def refuse_overwriting(
    outputs: Sequence[tuple[str, Path | None]],
    roster: str | None,
    grid: Path | None,
    layers: Sequence[Path] | None,
    **others: Path | None,
) -> None:
    """A usage error, before anything is written, if an output (``(flag, path)``) is the
    roster the command reads, one of its data files (see :func:`data_files`) or another
    output."""
    # on run only: --help and completion stay light
    from salesgrid.output.targets import refuse_same_files

    inputs: list[tuple[str, Path | str | None]] = [] if roster is None else [("the roster", roster)]
    refuse_same_files(outputs, [*inputs, *data_files(grid, layers, **others)])
