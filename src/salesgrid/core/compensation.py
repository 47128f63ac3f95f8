"""Actual pay against the grid: the gap, compa-ratio, range position and grid status of one
person's pay, and the shortfall that would bring it up to the cell. Pure functions.

Every figure is worked out in the actual pay's currency, against the grid's amounts converted
to it by the grid file's conversion rule (never recomputed): 926.47 EUR against Sales
Management 1.1 (1812 BGN, 926.47 EUR by the pay rule) is exactly on the grid.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from salesgrid.core import money

#: Every grid status, in the order the summary lists them: green-circled pay is below the
#: level's range, red-circled pay above it.
STATUSES = ("on_grid", "below_cell", "above_cell", "below_level", "above_level")
#: Rows of a roster with an ``actual_pay`` column whose cell is empty.
NOT_REPORTED = "not_reported"
#: compa_ratio and range_position: 4 decimals, rounded half up.
RATIO = Decimal("0.0001")
ZERO = Decimal("0.00")


class Standing(NamedTuple):
    """Where an actual pay stands against its cell and its level, in the actual's currency."""

    gap: Decimal  # actual minus the cell's pay: negative is underpaid
    compa_ratio: Decimal | None  # actual / cell (None for a cell paying 0)
    range_position: Decimal | None  # 0 at step 1, 1 at the top step (None: one step only)
    grid_status: str  # one of STATUSES


def ratio(numerator: Decimal, denominator: Decimal) -> Decimal:
    """``numerator / denominator`` to 4 decimals, rounded half up (exact before rounding); a
    result that rounds to zero is 0.0000, never -0.0000."""
    found = money.exact_quotient(numerator, denominator).quantize(RATIO, rounding=ROUND_HALF_UP)
    return found if found else found.copy_abs()


def grid_status(actual: Decimal | int, cell: Decimal | int, step_1: Decimal | int,
                top: Decimal | int) -> str:  # fmt: skip
    """``on_grid`` when actual equals the cell's pay, else ``below_level`` under step 1 and
    ``above_level`` over the top step, else ``below_cell`` or ``above_cell`` (amounts or whole
    cents, all in one currency)."""
    if actual == cell:
        return "on_grid"
    if actual < step_1:
        return "below_level"
    if actual > top:
        return "above_level"
    return "below_cell" if actual < cell else "above_cell"


def standing(actual: Decimal, cell: Decimal, step_1: Decimal, top: Decimal) -> Standing:
    """``actual`` against the ``cell``'s pay and the level's range (``step_1`` to ``top``),
    all in one currency.

    The status: ``on_grid`` when actual equals the cell's pay, else ``below_level`` under step 1
    and ``above_level`` over the top step, else ``below_cell`` or ``above_cell``.
    """
    status = grid_status(actual, cell, step_1, top)
    return Standing(
        actual - cell,
        ratio(actual, cell) if cell else None,
        ratio(actual - step_1, top - step_1) if top != step_1 else None,
        status,
    )


def shortfall(
    actual: Decimal,
    cells: dict[str, Decimal],
    currency: str,
    converters: dict[str, Callable[[Decimal], Decimal]],
    wanted: tuple[str, ...],
) -> tuple[Decimal | None, ...]:
    """What bringing ``actual`` (in ``currency``) up to the cell costs a month, in each
    ``wanted`` currency: the cell's amount in that currency (``cells``, converted by the grid's
    rule) minus the actual converted to it by the grid's rule out of ``currency``
    (``converters``, see :func:`salesgrid.core.conversion.converter`), never below 0 (0.00); in
    the actual's own currency that is exact. None where the grid cannot convert.
    """
    found: list[Decimal | None] = []
    for code in wanted:
        cell = cells.get(code)
        if code == currency:
            mine: Decimal | None = actual
        elif code in converters:
            mine = converters[code](actual)
        else:
            mine = None
        if cell is None or mine is None:
            found.append(None)
        else:
            found.append(cell - mine if cell > mine else ZERO)
    return tuple(found)


# --------------------------------------------------------------------------- in whole cents

#: ``ratio_text`` works in units of RATIO: 10,000 to the whole.
_RATIO_UNITS = 10_000


def cents_of(amount: Decimal) -> int | None:
    """``amount`` as a whole number of cents, or None when it has a fraction of a cent."""
    cents = amount * 100
    return int(cents) if cents == cents.to_integral_value() else None


def cents_text(cents: int) -> str:
    """Whole cents written as ``f"{amount:.2f}"`` writes the amount: ``-1205`` -> ``-12.05``."""
    sign, whole = ("-", -cents) if cents < 0 else ("", cents)
    return f"{sign}{whole // 100}.{whole % 100:02d}"


def ratio_units(numerator: int, denominator: int) -> int:
    """``numerator / denominator`` in units of :data:`RATIO`, rounded half up (half away from
    zero, as ROUND_HALF_UP): what :func:`ratio` gives, times 10,000; ``denominator`` > 0."""
    twice = 2 * denominator
    if numerator >= 0:
        return (numerator * 2 * _RATIO_UNITS + denominator) // twice
    return -((-numerator * 2 * _RATIO_UNITS + denominator) // twice)


def units_text(units: int) -> str:
    """A ratio in units of :data:`RATIO` written with 4 decimals (0 as ``0.0000``, never
    ``-0.0000``), as ``f"{ratio(...):.4f}"`` writes it."""
    sign, whole = ("-", -units) if units < 0 else ("", units)
    return f"{sign}{whole // _RATIO_UNITS}.{whole % _RATIO_UNITS:04d}"


def standing_cents(actual: int, cell: int, step_1: int, top: int) -> tuple[str, ...]:
    """:func:`standing` on whole cents (``actual`` > 0), as the roster writes it: the gap,
    the compa-ratio and the range position as text (empty when :func:`standing` gives None)
    and the grid status. Exact: the same figures and the same half-up rounding."""
    status = grid_status(actual, cell, step_1, top)
    return (
        cents_text(actual - cell),
        units_text(ratio_units(actual, cell)) if cell else "",
        units_text(ratio_units(actual - step_1, top - step_1)) if top != step_1 else "",
        status,
    )
