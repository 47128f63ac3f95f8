"""Amounts set against the grid: two grids compared (``diff``: two dated versions of one grid,
two files or both, every position's pay before and after, and with a roster what the change
costs), and where an amount sits in one (``locate``: the position paying it, or the nearest
below and above)."""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from salesgrid.api.arguments import (
    AmountLike,
    DayLike,
    PathLike,
    read_day,
    read_layers,
    read_path,
    read_priced,
    read_text,
)
from salesgrid.api.data import competencies_of, grid_of
from salesgrid.api.results import DataWarning, GridDiff, Location, grid_diff_result, location_result
from salesgrid.api.rosters import OnReject, roster_records
from salesgrid.errors import UsageError, counted

if TYPE_CHECKING:
    from salesgrid.core.models import GridFile


def _side(
    grid: PathLike | GridFile | None,
    day: DayLike | None,
    what: str,
    add_grid: PathLike | Sequence[PathLike] = (),
) -> Any:
    # the core and the loader: on the first call, not on import
    from salesgrid.core.diff import Side
    from salesgrid.core.models import GridFile
    from salesgrid.files.loader import packaged_name

    if grid is None:
        name = packaged_name("grid")
    elif isinstance(grid, GridFile):
        name = "(in memory)"
    else:
        name = str(read_path(grid, what.replace("date", "grid")))
    layers = read_layers(add_grid)
    name = " + ".join([name, *map(str, layers)])
    return Side(grid_of(grid, layers), read_day(day, what), name)


def diff(
    *,
    from_date: DayLike | None = None,
    to_date: DayLike | None = None,
    from_grid: PathLike | GridFile | None = None,
    to_grid: PathLike | GridFile | None = None,
    grid: PathLike | GridFile | None = None,
    add_grid: PathLike | Sequence[PathLike] = (),
    framework: str | None = None,
    as_of: DayLike | None = None,
    roster: Iterable[Mapping[str, Any]] | None = None,
    on_reject: OnReject = "raise",
    changed_only: bool = False,
) -> GridDiff:
    """Every position of two grids compared (``salesgrid diff``): two dated versions of one
    grid (``from_date``, ``to_date``), two files (``from_grid``, ``to_grid``) or both.

    A side's grid is its own, else ``grid`` (with the ``add_grid`` layers, which apply to a
    side without a grid of its own), else the packaged one; its day its own, else
    ``as_of``, else today. At least one of the four ``from_``/``to_`` arguments is needed
    (:class:`UsageError`). ``framework`` compares one framework (None: every framework in
    either grid). ``roster`` rows (as for :func:`~salesgrid.api.rosters.roster`, read against
    the old side) add the headcount and the cost; a rejected row is handled by ``on_reject`` as
    there.
    ``to_dict()`` is ``diff --format json``. A framework with no grid in force on a side's
    day, and people at a removed position, are said with a :class:`DataWarning`.

    >>> change = diff(add_grid="examples/grid-2027.yaml", from_date="2026-12-31",
    ...               to_date="2027-01-01", framework="sales-management",
    ...               roster=[{"employee_id": "E-1", "position": "2.3"}])
    >>> [(c.position, c.delta["BGN"], c.delta_pct) for c in change.cells][4:6]
    [('2.1', Decimal('55'), Decimal('1.27')), ('2.2', Decimal('55'), Decimal('1.18'))]
    >>> change.roster.monthly["EUR"], change.roster.annual["BGN"]
    (Decimal('28.12'), Decimal('660'))
    """
    # the core and the record: on the first call, not on import
    from salesgrid.core import diff as core
    from salesgrid.output import diffout

    if all(value is None for value in (from_date, to_date, from_grid, to_grid)):
        raise UsageError(
            "say what to compare: give from_date and/or to_date (two versions of one grid), "
            "from_grid and/or to_grid (two files), or both"
        )
    framework = read_text(framework, "framework")
    old = (
        _side(from_grid, from_date if from_date is not None else as_of, "from_date")
        if (from_grid is not None)
        else _side(grid, from_date if from_date is not None else as_of, "from_date", add_grid)
    )
    new = (
        _side(to_grid, to_date if to_date is not None else as_of, "to_date")
        if (to_grid is not None)
        else _side(grid, to_date if to_date is not None else as_of, "to_date", add_grid)
    )
    found = core.diff(old, new, framework)
    for absent in found.absent:
        warnings.warn(
            f"{absent.framework} has no grid in force on {absent.day.isoformat()} "
            f"({absent.side}): its positions count as "
            f"{'added' if absent.side == 'from' else 'removed'}",
            DataWarning,
            stacklevel=2,
        )
    cost = None
    if roster is not None:
        counts = _headcount(roster, old, framework, on_reject)
        cost = core.roster_cost(found, counts)
        for (fw, position), people in cost.uncosted.items():
            warnings.warn(
                f"{counted(people, 'person', 'people')} at {fw} {position}, a position the new "
                "grid does not have: counted in the headcount, left out of the cost",
                DataWarning,
                stacklevel=2,
            )
    cells = [c for c in found.cells if not changed_only or c.status != "unchanged"]
    return grid_diff_result(diffout.diff_record(found, cells, cost))


def _headcount(
    rows: Iterable[Mapping[str, Any]], old: Any, framework: str | None, on_reject: OnReject
) -> dict[tuple[str, str], int]:
    from salesgrid.core.diff import check_roster_framework  # core: on the first call

    check_roster_framework(old, framework, "the roster", "framework")
    counts: Counter[tuple[str, str]] = Counter()
    # only the positions are read: a column diff does not use never rejects a row
    records = roster_records(rows, on_reject, old.grid, competencies_of(None), old.day,
                             framework, False, positions_only=True)  # fmt: skip
    for record in records:
        counts[(record["framework"], record["position"])] += 1
    return dict(counts)


def locate(
    amount: AmountLike,
    *,
    framework: str | None = None,
    as_of: DayLike | None = None,
    grid: PathLike | GridFile | None = None,
    add_grid: PathLike | Sequence[PathLike] = (),
    currency: str | None = None,
) -> Location:
    """The position paying exactly ``amount``, else the nearest below and above (``salesgrid
    locate AMOUNT``).

    ``amount`` is money in (text by the command line's rule, a Decimal or an int), more than 0,
    in ``currency`` (None: the framework's own; ``"EUR"`` compares with the grid's euro amounts
    as the conversion rule gives them). Raises :class:`~salesgrid.errors.UsageError` for a
    malformed or zero amount, day or currency and :class:`~salesgrid.errors.NotFoundError` for a
    framework or day the data does not have; an amount past the grid is not an error: ``below``
    or ``above`` is None.

    >>> locate("5445", as_of="2026-11-22").exact
    '2.3'
    >>> found = locate(5000, as_of="2026-11-22")
    >>> found.exact, found.below.position, found.difference(found.below), found.above.position
    (None, '2.2', Decimal('-355'), '2.3')
    >>> locate("926.47", currency="EUR", as_of="2026-11-22").exact
    '1.1'
    """
    # the core and the record: on the first call, so import salesgrid.api stays cheap
    from salesgrid.core.conversion import check_currency
    from salesgrid.core.locate import locate_amount
    from salesgrid.core.money import agree, currency_text
    from salesgrid.output import render

    value, read = read_priced(amount, "amount", example="5000.50")
    framework, currency = read_text(framework, "framework"), read_text(currency, "currency")
    if read is not None:
        given = None if currency is None else currency_text(currency)
        currency = agree(read, str(amount), "amount", given, "currency=")
    day = read_day(as_of)
    data = grid_of(grid, add_grid)
    found = locate_amount(data, framework, value, check_currency(data, currency), day)
    same = tuple(str(cell.position) for cell in found.same)
    return location_result(render.locate_record(found), same)
