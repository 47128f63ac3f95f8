"""Shell completion of option values: framework ids, currencies and positions of the grid in
use, and the formats a command writes.

The grid in use is ``--grid`` if given earlier on the line, else ``SALESGRID_GRID``, else the
packaged one, with the layers of ``--add-grid`` (else ``SALESGRID_ADD_GRID``) on top; the
framework likewise (``--framework``, ``SALESGRID_FRAMEWORK``, the grid's default). A completion
never raises: a grid that cannot be read gives no completions. Nothing
is loaded until the shell asks, so start-up does not pay for it.
"""

import os
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from salesgrid.core.models import GridFile

Completer = Callable[[Any, str], list[str]]  # (ctx, incomplete): what Typer calls


def _given(ctx: Any, name: str, envvar: str) -> Any:
    """An option's value from the line so far (this command or the ones above), else its
    environment variable, else None."""
    while ctx is not None:
        value = (getattr(ctx, "params", None) or {}).get(name)
        if value not in (None, ""):
            return value
        ctx = getattr(ctx, "parent", None)
    return os.environ.get(envvar) or None


def _grid(ctx: Any) -> "GridFile | None":
    # on run only: --help and completion stay light
    from salesgrid.files.layers import load_grid_set

    path = _given(ctx, "grid", "SALESGRID_GRID")
    layers = _given(ctx, "add_grid", "SALESGRID_ADD_GRID") or []
    if isinstance(layers, str):
        layers = [part for part in layers.split(os.pathsep) if part.strip()]
    base = Path(path) if path is not None else None
    return load_grid_set(base, tuple(Path(p) for p in layers)).grid


def _day(ctx: Any) -> date:
    text = _given(ctx, "as_of", "SALESGRID_AS_OF")
    try:
        return date.fromisoformat(str(text).strip()) if text is not None else date.today()
    except ValueError:
        return date.today()


def _starting(values: Iterable[str], incomplete: str) -> list[str]:
    return [value for value in values if value.lower().startswith(incomplete.lower())]


def _safe(find: Callable[[Any], Iterable[str]]) -> Completer:
    """A completer over ``find(ctx)``: the values starting with what is typed; none on error."""

    def complete(ctx: Any, incomplete: str) -> list[str]:
        try:
            return _starting(find(ctx), incomplete)
        except Exception:
            return []

    return complete


def _framework_ids(ctx: Any) -> list[str]:
    grid = _grid(ctx)
    return [fw.id for fw in grid.frameworks] if grid is not None else []


def _currencies(ctx: Any) -> list[str]:
    # on run only: --help and completion stay light
    from salesgrid.core.conversion import currencies

    grid = _grid(ctx)
    return currencies(grid) if grid is not None else []


def _positions(ctx: Any) -> list[str]:
    # on run only: --help and completion stay light
    from salesgrid.core.pay import find_framework, version_in_force

    grid = _grid(ctx)
    if grid is None:
        return []
    framework = find_framework(grid, _given(ctx, "framework", "SALESGRID_FRAMEWORK"))
    version = version_in_force(framework, _day(ctx))
    return [
        f"{level}.{step}"
        for level in sorted(version.levels)
        for step in range(1, len(version.levels[level]) + 1)
    ]


complete_framework = _safe(_framework_ids)
complete_currency = _safe(_currencies)
complete_position = _safe(_positions)


def complete_formats(names: Iterable[str]) -> Completer:
    """A completer for ``--format``: the formats the command writes."""
    accepted = list(names)
    return _safe(lambda _ctx: accepted)
