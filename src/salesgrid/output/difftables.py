"""The table of ``salesgrid diff``, drawn with rich: every position compared, and with a roster
the people and monthly cost per position, then the cost of the change by framework and level.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text

from salesgrid.core import money
from salesgrid.output.screen import keep_whole

if TYPE_CHECKING:
    from salesgrid.core.diff import DiffCell, GridDiff, RosterCost


def _amount(amounts: Mapping[str, Any] | None, code: str, sign: bool = False) -> str:
    if amounts is None or code not in amounts:
        return "-"
    return money.signed(amounts[code]) if sign else money.human(amounts[code])


_STATUS_STYLES = {"changed": "yellow", "unchanged": "dim", "added": "green", "removed": "red"}


def diff_table(
    found: GridDiff,
    cells: Sequence[DiffCell],
    headcount: Mapping[tuple[str, str], int] | None,
    cost: RosterCost | None,
) -> Group:
    """Every position compared: old, new and the change in the grid's currency, the change in
    the others; with a roster the people and monthly cost per position, then the cost by
    framework and level. The framework is a column only when more than one is compared."""
    codes: dict[str, None] = {}
    for cell in cells:
        for amounts in (cell.old, cell.new):
            codes.update(dict.fromkeys(amounts or {}))
    own, others = (list(codes)[:1], list(codes)[1:])
    ids = list(dict.fromkeys(cell.framework for cell in cells))
    old, new = found.old, found.new
    what = f"{ids[0]}: " if len(ids) == 1 else ""
    if old.name == new.name:  # two days of one grid
        title = f"{what}pay on {old.day.isoformat()} and {new.day.isoformat()} in {old.name}"
    else:
        title = (f"{what}pay from {old.name} on {old.day.isoformat()} to {new.name} on "
                 f"{new.day.isoformat()}")  # fmt: skip
    if not cells:
        return Group(Text(f"No position differs: {title}."))
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, show_edge=False)
    for name in ("Framework", "Position", "Status")[1 if len(ids) == 1 else 0 :]:
        table.add_column(name)
    for code in own:
        for name in ("Old", "New", "Change"):
            table.add_column(f"{name} {code}", justify="right")
    for code in others:
        table.add_column(f"Change {code}", justify="right")
    table.add_column("Change %", justify="right")
    if headcount is not None:
        table.add_column("People", justify="right")
        for code in codes:
            table.add_column(f"Monthly {code}", justify="right")
    for cell in cells:
        row: list[Any] = [cell.framework] if len(ids) > 1 else []
        row += [str(cell.position), Text(cell.status, style=_STATUS_STYLES[cell.status])]
        for code in own:
            row += [_amount(cell.old, code), _amount(cell.new, code),
                    _amount(cell.delta, code, True)]  # fmt: skip
        row += [_amount(cell.delta, code, True) for code in others]
        pct = cell.delta_pct
        row.append("-" if pct is None else ("+" if pct > 0 else "") + f"{pct}%")
        if headcount is not None:
            people = headcount.get((cell.framework, str(cell.position)), 0)
            row.append(str(people))
            monthly = None
            if cell.delta is not None:
                monthly = {c: v * people for c, v in cell.delta.items()}
            row += [_amount(monthly, code, True) for code in codes]
        table.add_row(*row)
    keep_whole(table, *range(len(table.columns)))
    if cost is None:
        return Group(table)
    return Group(table, _cost_table(cost, list(codes)))


def _cost_table(cost: RosterCost, codes: list[str]) -> Table:
    table = Table(title="Cost of the change for the roster", title_justify="left",
                  box=box.SIMPLE_HEAD, show_edge=False, show_footer=True)  # fmt: skip
    table.add_column("Framework", footer="Total")
    table.add_column("Level", justify="right")
    table.add_column("People", justify="right", footer=str(cost.headcount))
    for kind, amounts in (("Monthly", cost.monthly), ("Annual", cost.annual)):
        for code in codes:
            table.add_column(f"{kind} {code}", justify="right",
                             footer=_amount(amounts, code, True))  # fmt: skip
    for row in cost.levels:
        table.add_row(
            row.framework, str(row.level), str(row.headcount),
            *(_amount(row.monthly, code, True) for code in codes),
            *(_amount(row.annual, code, True) for code in codes),
        )  # fmt: skip
    return keep_whole(table, *range(len(table.columns)))
