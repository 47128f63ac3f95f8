"""The pay ladder: one bar per position in order, so level jumps and step increments show.

Pure text layout; :mod:`salesgrid.output.tables` adds colour at a terminal.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from salesgrid.core import money
from salesgrid.core.conversion import describe
from salesgrid.core.pay import GridView, PayCell
from salesgrid.core.positions import Position

_EIGHTHS = " ▏▎▍▌▋▊▉█"


class Bar(NamedTuple):
    cell: PayCell
    amount: Decimal
    change: Decimal | None  # against the position before it in the ladder
    level_start: bool
    highlighted: bool


def ladder(view: GridView, currency: str | None, highlight: Position | None = None) -> list[Bar]:
    bars: list[Bar] = []
    previous: Decimal | None = None
    for row in view.rows:
        for index, cell in enumerate(row.cells):
            amount = cell.amount_in(currency)
            change = None if previous is None else amount - previous
            bars.append(Bar(cell, amount, change, index == 0, cell.position == highlight))
            previous = amount
    return bars


def bar_glyphs(amount: Decimal, top: Decimal, width: int, ascii_only: bool = False) -> str:
    """A bar ``width`` characters long at ``top``, in eighths of a character."""
    if top <= 0:
        return ""
    eighths = int((amount * width * 8 / top).to_integral_value())
    if ascii_only:
        return "#" * (eighths // 8)
    full, rest = divmod(eighths, 8)
    return "█" * full + (_EIGHTHS[rest] if rest else "")


def change_label(bar: Bar) -> str:
    if bar.change is None:
        return ""
    label = money.signed(bar.change)
    if bar.level_start:
        label += " level up"
        if bar.change < 0:
            label += " (pay drops)"
    return label


def chart_text(
    view: GridView,
    currency: str | None,
    highlight: Position | None = None,
    width: int = 40,
    ascii_only: bool = False,
) -> str:
    """The ladder as plain text lines: position, amount, bar, change from the position before."""
    bars = ladder(view, currency, highlight)
    top = max(bar.amount for bar in bars)
    amount_width = max(len(money.human(bar.amount)) for bar in bars)
    position_width = max(len(str(bar.cell.position)) for bar in bars)
    chosen = currency or view.framework.currency
    lines = [
        f"{view.framework.title}: monthly net pay in {chosen}, grid in force from "
        f"{view.version.in_force_from.isoformat()}"
    ]
    for bar in bars:
        if bar.level_start and bar.change is not None:
            lines.append("")
        glyphs = bar_glyphs(bar.amount, top, width, ascii_only).ljust(width)
        marker = (" <" if ascii_only else " ◀") if bar.highlighted else ""
        lines.append(
            f"{str(bar.cell.position).ljust(position_width)}  "
            f"{money.human(bar.amount).rjust(amount_width)}  {glyphs}  {change_label(bar)}".rstrip()
            + marker
        )
    for converted in bars[0].cell.conversions:
        if converted.conversion.to_currency == chosen:
            lines.append(describe(converted.conversion))
    return "\n".join(lines) + "\n"
