"""What a grid change costs: every position of two grids (two dated versions, two files, or
both) compared, and the monthly and annual cost of the change for a roster's headcount.

Pure: grids, days and counts in, cells and totals out. Amounts are exact; a percentage is
rounded half up to the cent of a percent (:data:`PERCENT_ROUNDING`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal, NamedTuple

from salesgrid.core.models import Framework, GridFile, GridVersion
from salesgrid.core.money import quantum
from salesgrid.core.pay import PayCell, find_framework, pay_cell, version_in_force
from salesgrid.core.positions import Position
from salesgrid.errors import NotFoundError

Status = Literal["changed", "unchanged", "added", "removed"]
Amounts = dict[str, Decimal]
#: delta_pct: (new - old) / old x 100 in the framework's own currency, half up to 0.01.
PERCENT_ROUNDING = ROUND_HALF_UP
MONTHS_A_YEAR = 12


class Side(NamedTuple):
    """One side of a comparison: a grid file (and the name it is shown by) on a day."""

    grid: GridFile
    day: date
    name: str


class DiffCell(NamedTuple):
    """One position present on either side, its pay on each (None where absent)."""

    framework: str
    currency: str  # the framework's own currency (of the side it is read from; old first)
    position: Position
    status: Status
    old: Amounts | None
    new: Amounts | None
    delta: Amounts | None  # new - old per currency both sides show; None if added or removed
    delta_pct: Decimal | None


class Absent(NamedTuple):
    """A framework with no grid in force on one side's day: its cells are added or removed."""

    framework: str
    side: Literal["from", "to"]
    day: date


class GridDiff(NamedTuple):
    old: Side
    new: Side
    cells: tuple[DiffCell, ...]
    absent: tuple[Absent, ...]


class LevelCost(NamedTuple):
    framework: str
    level: int
    headcount: int
    monthly: Amounts
    annual: Amounts


class RosterCost(NamedTuple):
    """The cost of the change for a roster. People at a removed position count in the
    headcount but not in the cost (``uncosted``: (framework, position) -> people)."""

    headcount: int
    monthly: Amounts
    annual: Amounts
    levels: tuple[LevelCost, ...]
    uncosted: dict[tuple[str, str], int]
    outside: int  # people in frameworks the diff does not compare (--framework)


def _version(framework: Framework | None, day: date) -> GridVersion | None:
    if framework is None:
        return None
    try:
        return version_in_force(framework, day)
    except NotFoundError:
        return None


def _frameworks(old: Side, new: Side, framework_id: str | None) -> list[str]:
    """The framework ids compared: the one asked for (known to either grid), else all."""
    if framework_id is not None and framework_id.strip():
        wanted = framework_id.strip()
        ids = {fw.id for fw in (*old.grid.frameworks, *new.grid.frameworks)}
        if wanted not in ids:
            find_framework(old.grid, wanted)  # raises with the did-you-mean and the known ids
            find_framework(new.grid, wanted)  # pragma: no cover - one of them raised
        return [wanted]
    seen: dict[str, None] = {}
    for fw in (*old.grid.frameworks, *new.grid.frameworks):
        seen.setdefault(fw.id)
    return list(seen)


def _by_id(grid: GridFile, framework_id: str) -> Framework | None:
    return next((fw for fw in grid.frameworks if fw.id == framework_id), None)


def _cells(
    grid: GridFile, fw: Framework | None, version: GridVersion | None
) -> dict[Position, PayCell]:
    if fw is None or version is None:
        return {}
    return {
        Position(level, step): pay_cell(grid, fw, version, Position(level, step))
        for level, steps in version.levels.items()
        for step in range(1, len(steps) + 1)
    }


def percent(old: Decimal, new: Decimal) -> Decimal:
    """``(new - old) / old x 100``, half up to 2 decimals; a cut that rounds to zero is 0.00,
    never -0.00."""
    found = ((new - old) * 100 / old).quantize(Decimal("0.01"), rounding=PERCENT_ROUNDING)
    return found if found else found.copy_abs()


def _compare(framework: str, position: Position, before: PayCell | None,
             after: PayCell | None) -> DiffCell:  # fmt: skip
    old = None if before is None else before.amounts
    new = None if after is None else after.amounts
    currency = (before or after).currency  # type: ignore[union-attr]
    if old is None or new is None:
        status: Status = "added" if old is None else "removed"
        return DiffCell(framework, currency, position, status, old, new, None, None)
    delta = {code: new[code] - old[code] for code in old if code in new}
    status = "unchanged" if old == new else "changed"
    pct = percent(old[currency], new[currency]) if currency in new else None
    return DiffCell(framework, currency, position, status, old, new, delta, pct)


def diff(old: Side, new: Side, framework_id: str | None = None) -> GridDiff:
    """Every position of the compared frameworks present on either side, in order: the
    frameworks as the grids list them (the old grid's first), positions by level and step.

    A framework with no version in force on a side's day is absent there (listed in
    ``absent``). Raises :class:`NotFoundError` for an unknown framework, and when no
    compared framework has a grid in force on either day.
    """
    cells: list[DiffCell] = []
    absent: list[Absent] = []
    for framework in _frameworks(old, new, framework_id):
        found = []
        for side, label in ((old, "from"), (new, "to")):
            fw = _by_id(side.grid, framework)
            version = _version(fw, side.day)
            if fw is not None and version is None:
                absent.append(Absent(framework, label, side.day))  # type: ignore[arg-type]
            found.append(_cells(side.grid, fw, version))
        before, after = found
        for position in sorted(set(before) | set(after)):
            cells.append(_compare(framework, position, before.get(position), after.get(position)))
    if not cells:
        days = f"{old.day.isoformat()} (from) or {new.day.isoformat()} (to)"
        firsts = [
            fw.versions[0].in_force_from
            for side in (old, new)
            for fw in side.grid.frameworks
            if not framework_id or fw.id == framework_id.strip()
        ]
        which = (
            f"framework {framework_id.strip()} has no grid"
            if framework_id
            else "no framework has a grid"
        )
        raise NotFoundError(
            f"{which} in force on {days}: the earliest grid is in force from "
            f"{min(firsts).isoformat()}; give --from-date or --to-date on or after it"
        )
    return GridDiff(old, new, tuple(cells), tuple(absent))


def _places(amount: Decimal) -> int:
    exponent = amount.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _add(total: Amounts, amounts: Mapping[str, Decimal], times: int = 1) -> None:
    for code, amount in amounts.items():
        total[code] = total.get(code, Decimal(0)) + amount * times


def _yearly(monthly: Amounts) -> Amounts:
    return {code: amount * MONTHS_A_YEAR for code, amount in monthly.items()}


def roster_cost(found: GridDiff, headcount: Mapping[tuple[str, str], int]) -> RosterCost:
    """The cost of the change for ``headcount`` ((framework id, "L.S") -> people, positions of
    the old side): monthly = sum of people x delta per currency, annual = monthly x 12, in
    total and per framework and level (in the diff's order). People in frameworks the diff
    does not compare are left out (``outside``)."""
    zero: Amounts = {}  # per currency: 0, or 0.00 for a currency shown with cents
    for cell in found.cells:
        for amounts in (cell.old, cell.new):
            for code, amount in (amounts or {}).items():
                places = max(_places(amount), _places(zero.get(code, Decimal(0))))
                zero[code] = Decimal(0).quantize(quantum(places))
    total = dict(zero)
    people: dict[tuple[str, int], int] = {}
    monthly: dict[tuple[str, int], Amounts] = {}
    uncosted: dict[tuple[str, str], int] = {}
    for cell in found.cells:
        key = (cell.framework, str(cell.position))
        count = headcount.get(key, 0)
        if not count:
            continue
        level = (cell.framework, cell.position.level)
        people[level] = people.get(level, 0) + count
        cost = monthly.setdefault(level, dict(zero))
        if cell.delta is None:
            uncosted[key] = count
            continue
        _add(cost, cell.delta, count)
        _add(total, cell.delta, count)
    rows = tuple(
        LevelCost(fw, level, people[fw, level], monthly[fw, level], _yearly(monthly[fw, level]))
        for fw, level in people
    )
    counted = sum(people.values())
    outside = sum(headcount.values()) - counted
    return RosterCost(counted, total, _yearly(total), rows, uncosted, outside)


def check_roster_framework(
    old: Side, framework: str | None, roster: str = "--roster", option: str = "--framework"
) -> None:
    """A roster is read against the old side: a framework only the new side has is refused
    (:class:`NotFoundError`), as no one can be on it yet. ``roster`` and ``option`` are how the
    caller spells the roster and the framework (``--roster``, or ``roster`` in the API)."""
    wanted = (framework or "").strip()
    if wanted and all(fw.id != wanted for fw in old.grid.frameworks):
        raise NotFoundError(
            f"framework {wanted} is not in the old (from) side's grid, {old.name}, which "
            f"{roster} is read against: no one is on it yet (its positions are all added); "
            f"drop {roster}, or give a {option} of the old grid"
        )
