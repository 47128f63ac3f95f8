"""The grid looked up: the pay at a position (``pay``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from salesgrid.api.arguments import (
    DayLike,
    PathLike,
    PositionLike,
    read_day,
    read_position,
    read_text,
)
from salesgrid.api.data import grid_of
from salesgrid.api.results import Pay, pay_result

if TYPE_CHECKING:
    from salesgrid.core.models import GridFile


def pay(
    position: PositionLike,
    *,
    framework: str | None = None,
    as_of: DayLike | None = None,
    grid: PathLike | GridFile | None = None,
    add_grid: PathLike | Sequence[PathLike] = (),
    currency: str | None = None,
) -> Pay:
    """The monthly net pay at ``position`` (``salesgrid pay``).

    ``position`` is ``"2.3"`` or ``(2, 3)``; ``framework`` an id (None: the grid's default);
    ``as_of`` the day whose grid applies (None: today); ``grid`` a path or
    :func:`~salesgrid.api.data.load_grid`'s result (None: the packaged grid), ``add_grid`` layer
    files on top (``--add-grid``); ``currency`` the currency of ``amount`` (None: the grid's
    own). Raises :class:`~salesgrid.errors.UsageError` for a malformed position, day or currency
    and :class:`~salesgrid.errors.NotFoundError` for a framework, position or day the data does
    not have.

    >>> cell = pay("2.3", as_of="2026-11-22", currency="EUR")
    >>> cell.amount, cell.currency, cell.in_force_from
    (Decimal('2783.99'), 'EUR', datetime.date(2021, 11, 1))
    >>> cell.to_dict()["in_force_from"]
    '2021-11-01'
    >>> pay("5.1", as_of="2026-11-22")
    Traceback (most recent call last):
    ...
    salesgrid.errors.NotFoundError: position 5.1 is not in Sales Management: it has levels 1-4
    """
    # the core and the record: on the first call, so import salesgrid.api stays cheap
    from salesgrid.core.conversion import check_currency
    from salesgrid.core.pay import pay as pay_at
    from salesgrid.output import render

    where = read_position(position)
    framework, currency = read_text(framework, "framework"), read_text(currency, "currency")
    day = read_day(as_of)
    data = grid_of(grid, add_grid)
    chosen = check_currency(data, currency)
    return pay_result(render.pay_record(pay_at(data, framework, where, day), chosen))
