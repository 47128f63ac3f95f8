"""The grid looked up: the pay at a position (``pay``) and the position of an amount
(``locate``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from salesgrid.api.arguments import (
    AmountLike,
    DayLike,
    PathLike,
    PositionLike,
    read_amount,
    read_day,
    read_position,
    read_text,
    type_error,
)
from salesgrid.api.data import grid_of
from salesgrid.api.results import Location, Pay, location_result, pay_result

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
    from salesgrid.output import render

    value = read_amount(amount, "amount", example="5000.50")
    if value is None:
        raise type_error("amount", amount, "a Decimal, an int or text such as '5000.50'")
    framework, currency = read_text(framework, "framework"), read_text(currency, "currency")
    day = read_day(as_of)
    data = grid_of(grid, add_grid)
    found = locate_amount(data, framework, value, check_currency(data, currency), day)
    same = tuple(str(cell.position) for cell in found.same)
    return location_result(render.locate_record(found), same)
