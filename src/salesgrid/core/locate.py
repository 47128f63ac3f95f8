"""Where an amount sits on a grid: the position paying exactly that amount, else the nearest
position paying less and the nearest paying more. A pure function over loaded data.

Positions are ordered by their pay in the currency asked for: in the grid's own currency its
amounts as the file has them, in another currency the amounts as the grid's conversion rule
gives them (Sales Management 1.1, 1812 BGN, is 926.47 EUR). Levels may overlap (Technical
Support Management 1.4 pays more than 2.1) and two positions may pay the same (Operations
Management (Logistics) 1.3 and 2.2 both pay 3300): among positions paying the same, the lower
position (lower level, then lower step) is the one named, and the others are listed as ``same``
when they pay exactly the amount.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import NamedTuple

from salesgrid.core import money
from salesgrid.core.models import Framework, GridFile, GridVersion
from salesgrid.core.pay import PayCell, grid_view


class Located(NamedTuple):
    """An amount on a framework's grid: ``exact`` if a position pays it, else ``below`` (the
    highest pay under it) and ``above`` (the lowest pay over it), either None past the grid."""

    framework: Framework
    version: GridVersion
    amount: Decimal
    currency: str
    exact: PayCell | None
    below: PayCell | None
    above: PayCell | None
    same: tuple[PayCell, ...]  # further positions paying exactly ``amount``, after ``exact``

    @property
    def outside(self) -> bool:
        """True when the amount is under the lowest pay or over the highest."""
        return self.exact is None and (self.below is None or self.above is None)

    def difference(self, cell: PayCell) -> Decimal:
        """The cell's pay minus the amount, in the amount's currency."""
        return cell.amount_in(self.currency) - self.amount


def locate_amount(
    grid: GridFile, framework_id: str | None, amount: Decimal, currency: str | None, as_of: date
) -> Located:
    """Where ``amount`` (in ``currency``, None: the framework's own) sits on the framework's
    grid in force on ``as_of``. ``currency`` must be one the grid file shows (checked by
    :func:`salesgrid.core.conversion.check_currency`); an amount of zero is refused."""
    money.require_pay(amount, "AMOUNT", "the monthly pay to locate", "5000")
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and exponent != 0:  # 5000.5 is 5000.50; 5E+3 is 5000
        amount = money.two_decimals(amount) if exponent < 0 else amount.quantize(Decimal(1))
    view = grid_view(grid, framework_id, as_of)
    chosen = currency or view.framework.currency
    cells = sorted(
        view.cells, key=lambda c: (c.amount_in(chosen), c.position.level, c.position.step)
    )
    paying = [cell for cell in cells if cell.amount_in(chosen) == amount]
    under = [cell for cell in cells if cell.amount_in(chosen) < amount]
    over = [cell for cell in cells if cell.amount_in(chosen) > amount]
    below = above = None
    if not paying:
        if under:
            top = under[-1].amount_in(chosen)
            below = next(cell for cell in under if cell.amount_in(chosen) == top)
        above = over[0] if over else None
    return Located(
        view.framework,
        view.version,
        amount,
        chosen,
        exact=paying[0] if paying else None,
        below=below,
        above=above,
        same=tuple(paying[1:]),
    )


def notes(found: Located) -> list[str]:
    """What a person should know beside the result: the amount is past the grid (the nearest
    position named), or more than one position pays it (the one named is the lower)."""
    cur = found.currency
    shown = f"{money.plain(found.amount)} {cur}"
    title = found.framework.title
    if found.exact is not None and found.same:
        others = ", ".join(str(cell.position) for cell in found.same)
        return [f"{others} also pay{'s' if len(found.same) == 1 else ''} {shown} in {title}: "
                f"the lower position, {found.exact.position}, is named"]  # fmt: skip
    if found.below is None and found.above is not None:
        where, cell = "below the lowest", found.above
    elif found.above is None and found.below is not None:
        where, cell = "above the highest", found.below
    else:
        return []
    return [f"{shown} is {where} pay in {title}: the nearest position is {cell.position}, "
            f"paying {money.plain(cell.amount_in(cur))} {cur}"]  # fmt: skip
