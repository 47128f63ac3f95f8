"""Pay lookups: one cell, a whole grid, every framework. Pure functions over loaded data."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from salesgrid.core.conversion import Converted, conversions_from, convert
from salesgrid.core.models import Framework, GridFile, GridVersion
from salesgrid.core.positions import Position
from salesgrid.errors import NotFoundError, clip


class PayCell(NamedTuple):
    """The pay at one position: in the grid's own currency and converted to the others."""

    framework: Framework
    version: GridVersion
    position: Position
    amount: Decimal
    conversions: tuple[Converted, ...]

    @property
    def currency(self) -> str:
        return self.framework.currency

    @property
    def amounts(self) -> dict[str, Decimal]:
        """Grid currency first, then every converted currency."""
        out = {self.framework.currency: self.amount}
        for converted in self.conversions:
            out[converted.conversion.to_currency] = converted.amount
        return out

    def amount_in(self, currency: str | None) -> Decimal:
        return self.amounts[currency or self.currency]


class LevelRow(NamedTuple):
    """One level of a grid: its cells, the increase at each step, and the jump into it."""

    level: int
    cells: tuple[PayCell, ...]
    step_increases: tuple[Decimal | None, ...]  # None for step 1
    jump_from_previous: Decimal | None  # first step minus the previous level's top step


class GridView(NamedTuple):
    framework: Framework
    version: GridVersion
    rows: tuple[LevelRow, ...]

    @property
    def cells(self) -> list[PayCell]:
        return [cell for row in self.rows for cell in row.cells]


class FrameworkSummary(NamedTuple):
    framework: Framework
    version: GridVersion
    levels: int
    steps: int
    lowest: PayCell
    highest: PayCell


def _spelling(text: str) -> str:
    """An id or title with case, '_', '-' and spaces ignored (for a did-you-mean only)."""
    return "-".join(text.lower().replace("_", " ").replace("-", " ").split())


def find_framework(grid: GridFile, framework_id: str | None) -> Framework:
    wanted = (framework_id or "").strip() or grid.default_framework
    for fw in grid.frameworks:
        if fw.id == wanted:
            return fw

    ids = [fw.id for fw in grid.frameworks]
    # Never accepted, but named: an id or title that differs only by case, '_' or spaces.
    key = _spelling(wanted)
    same = [fw.id for fw in grid.frameworks if key in (_spelling(fw.id), _spelling(fw.title))]
    close = same or difflib.get_close_matches(wanted.lower(), ids, n=1, cutoff=0.5)
    hint = f"did you mean {close[0]}? " if close else ""
    raise NotFoundError(
        f"unknown framework {clip(wanted)!r}: {hint}known frameworks: {', '.join(ids)} "
        "(`salesgrid frameworks` lists them)"
    )


def version_in_force(framework: Framework, as_of: date) -> GridVersion:
    """The latest version in force on ``as_of``."""
    current = None
    for version in framework.versions:
        if version.in_force_from <= as_of:
            current = version
    if current is None:
        first = framework.versions[0].in_force_from
        raise NotFoundError(
            f"{framework.title} has no grid in force on {as_of.isoformat()}: its first grid is "
            f"in force from {first.isoformat()}; give --as-of {first.isoformat()} or later"
        )
    return current


def level_range(version: GridVersion) -> str:
    return f"1-{len(version.levels)}"


def cell_amount(framework: Framework, version: GridVersion, position: Position) -> Decimal:
    levels = version.levels
    if position.level not in levels:
        raise NotFoundError(
            f"position {position} is not in {framework.title}: it has levels {level_range(version)}"
        )
    steps = levels[position.level]
    if not 1 <= position.step <= len(steps):
        raise NotFoundError(
            f"position {position} is not in {framework.title}: level {position.level} has "
            f"steps 1-{len(steps)}"
        )
    return steps[position.step - 1]


def pay_cell(
    grid: GridFile, framework: Framework, version: GridVersion, position: Position
) -> PayCell:
    amount = cell_amount(framework, version, position)
    converted = tuple(
        convert(amount, conversion)
        for conversion in conversions_from(grid, framework.currency).values()
    )
    return PayCell(framework, version, position, amount, converted)


def pay(grid: GridFile, framework_id: str | None, position: Position, as_of: date) -> PayCell:
    """The pay at ``position`` of a framework's grid in force on ``as_of``."""
    framework = find_framework(grid, framework_id)
    version = version_in_force(framework, as_of)
    return pay_cell(grid, framework, version, position)


def steps_at(
    grid: GridFile, default_framework: str | None, as_of: date
) -> Callable[[str, int], int | None]:
    """How many steps a level has in the grid in force on ``as_of``: called with a roster
    row's framework (as written in its ``framework`` column; empty for ``default_framework``,
    else the grid's default) and a level; None when there is no such framework, grid or level.
    A roster reader asks it to read a position typed into a number cell."""
    found: dict[tuple[str, int], int | None] = {}

    def steps(framework: str, level: int) -> int | None:
        key = (framework, level)
        if key in found:
            return found[key]
        try:
            wanted = framework.strip() or find_framework(grid, default_framework).id
            version = version_in_force(find_framework(grid, wanted), as_of)
        except NotFoundError:
            count = None
        else:
            count = len(version.levels[level]) if level in version.levels else None
        if len(found) < 10_000:
            found[key] = count
        return count

    return steps


def grid_view(grid: GridFile, framework_id: str | None, as_of: date) -> GridView:
    """Every cell of a framework's grid in force on ``as_of``, with the increases between them."""
    framework = find_framework(grid, framework_id)
    version = version_in_force(framework, as_of)
    rows = []
    previous_top: Decimal | None = None
    for level in sorted(version.levels):
        steps = version.levels[level]
        cells = tuple(
            pay_cell(grid, framework, version, Position(level, step))
            for step in range(1, len(steps) + 1)
        )
        increases = (None, *(steps[i] - steps[i - 1] for i in range(1, len(steps))))
        jump = None if previous_top is None else steps[0] - previous_top
        rows.append(LevelRow(level, cells, increases, jump))
        previous_top = steps[-1]
    return GridView(framework, version, tuple(rows))


def summaries(grid: GridFile, as_of: date) -> tuple[list[FrameworkSummary], list[Framework]]:
    """Every framework with a grid in force on ``as_of``, and those without one."""
    found, missing = [], []
    for framework in grid.frameworks:
        try:
            view = grid_view(grid, framework.id, as_of)
        except NotFoundError:
            missing.append(framework)
            continue
        cells = view.cells
        found.append(
            FrameworkSummary(
                framework,
                view.version,
                levels=len(view.rows),
                steps=len(view.rows[0].cells),
                lowest=min(cells, key=lambda c: c.amount),
                highest=max(cells, key=lambda c: c.amount),
            )
        )
    if not found:
        raise NotFoundError(
            f"no framework has a grid in force on {as_of.isoformat()}: the earliest grid is in "
            f"force from {min(fw.versions[0].in_force_from for fw in grid.frameworks)}"
        )
    return found, missing


def describe_position(cell: PayCell) -> str:
    return f"Level {cell.position.level} Step {cell.position.step} ({cell.position})"
