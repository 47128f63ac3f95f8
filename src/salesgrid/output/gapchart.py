"""The pay-gap report's category chart: each category's total mean gap as a bar from zero, laid
out so that no text overlaps another or leaves the picture.

The names have a column of their own, as wide as the longest (wrapped on two lines past
:data:`NAME_CHARS` characters, shortened with an ellipsis past two, the full name in a
``<title>``); the zero axis is at a fixed x after it; a value label sits outside its bar on
the side away from the names (a negative bar's label right of the axis), and the space for
the longest label is kept on the right. Widths are estimated at :data:`GLYPH_EM` of the font
size a character, Latin or Cyrillic alike, which is wider than the average glyph of the page's
sans-serif fonts.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

from salesgrid.output.htmlpage import FLAG_COLOUR, esc, figure
from salesgrid.output.lang import ENGLISH, Lang
from salesgrid.output.paygaplines import missing

#: A character's width in em, counted on the safe side (digits and most letters are 0.5-0.6em).
GLYPH_EM = 0.6
NAME_CHARS = 32  # a name line's characters before it wraps (two lines at most)
NAME_SIZE, VALUE_SIZE, TICK_SIZE = 12, 12, 11
PLOT, BAR, TOP_MARGIN = 470, 20, 10


def text_width(text: str, size: float) -> float:
    """The width ``text`` is given at font ``size``: :data:`GLYPH_EM` em a character."""
    return len(text) * size * GLYPH_EM


def name_lines(name: str) -> list[str]:
    """A category's name as shown: one or two lines, shortened with an ellipsis past two."""
    return textwrap.wrap(name, NAME_CHARS, max_lines=2, placeholder=" …") or [""]


def _value_text(item: Mapping[str, Any], lang: Lang) -> tuple[str, int]:
    value = item.get("total_mean_gap_pct")
    if value is None:
        why = (lang.t("withheld: too few to compare") if item.get("withheld")
               else lang.t("no gap to show"))  # fmt: skip
        return why, TICK_SIZE
    return f"{lang.pct(value)}{' ⚑' if item.get('flag') else ''}", VALUE_SIZE


def _scale_top(categories: Sequence[Mapping[str, Any]]) -> float:
    known = [abs(float(c["total_mean_gap_pct"])) for c in categories
             if c.get("total_mean_gap_pct") is not None]  # fmt: skip
    top = max([10.0, *known])
    return float(int(top / 5) * 5 + (5 if top % 5 else 0))


def category_svg(categories: Sequence[Mapping[str, Any]], lang: Lang = ENGLISH) -> str:
    """Each category's total mean gap (the flag's figure) as a bar from zero, with the
    &plusmn;5% lines."""
    top = _scale_top(categories)
    names = [name_lines(str(c.get("category", ""))) for c in categories]
    longest = max((text_width(line, NAME_SIZE) for lines in names for line in lines), default=0)
    label_width = max(80.0, longest + 16)
    zero, half = label_width + PLOT / 2, PLOT / 2
    scale = half / top
    pitch = 36 if any(len(lines) > 1 for lines in names) else 28
    bottom = TOP_MARGIN + len(categories) * pitch
    height = bottom + 20
    rows, right = [], zero + half + text_width(_tick(-top, lang), TICK_SIZE) / 2
    for index, (item, lines) in enumerate(zip(categories, names, strict=True)):
        y = TOP_MARGIN + index * pitch + (pitch - BAR) / 2
        row, label_end = _row(item, lines, y, label_width, zero, scale, lang)
        rows.append(row)
        right = max(right, label_end)
    full = round(right + 10)
    desc = "; ".join(
        f"{c.get('category')}: {figure(c.get('total_mean_gap_pct'), '%', missing(c, lang), lang)}"
        + (lang.t(" (flagged)") if c.get("flag") else "")
        for c in categories
    )
    title = lang.t("Mean gap on hourly pay (base + variable) by category")
    dashed = lang.t("The dashed lines mark {plus} and {minus}.", plus=_tick(5, lang),
                    minus=_tick(-5, lang))  # fmt: skip
    parts = [
        f'<svg id="category-chart" role="img" aria-labelledby="cc-title cc-desc" '
        f'viewBox="0 0 {full} {height:g}" width="{full}" height="{height:g}">',
        f'<title id="cc-title">{esc(title)}</title>',
        f'<desc id="cc-desc">{esc(desc)} {esc(dashed)}</desc>',
        f'<line x1="{zero:.1f}" y1="6" x2="{zero:.1f}" y2="{bottom}" stroke="#1d2329" />',
        *_ticks(top, zero, scale, bottom, lang),
        *rows,
        "</svg>",
    ]
    return "".join(parts)


def _tick(mark: float, lang: Lang) -> str:
    """A scale mark's label: ``-5%`` (``-5 %`` in Bulgarian)."""
    return lang.t("{number}%", number=lang.number(f"{mark:g}"))


def _ticks(top: float, zero: float, scale: float, bottom: float, lang: Lang) -> list[str]:
    """The scale's lines at &plusmn;top and the dashed &plusmn;5% lines; a line's label is left
    out where it would touch one already placed (the &plusmn;5% ones on a wide scale)."""
    parts: list[str] = []
    taken: list[tuple[float, float]] = []  # the x spans of the labels placed
    for mark in (-top, top, -5.0, 5.0):
        x = zero + mark * scale
        dashed = abs(mark) == 5.0
        stroke = f'stroke="{FLAG_COLOUR}" stroke-dasharray="5 4"' if dashed else 'stroke="#d5d9de"'
        parts.append(f'<line x1="{x:.1f}" y1="6" x2="{x:.1f}" y2="{bottom}" {stroke} />')
        label = _tick(mark, lang)
        span = (x - text_width(label, TICK_SIZE) / 2 - 2, x + text_width(label, TICK_SIZE) / 2 + 2)
        if any(span[0] < end and start < span[1] for start, end in taken):
            continue
        taken.append(span)
        parts.append(
            f'<text x="{x:.1f}" y="{bottom + 14}" font-size="{TICK_SIZE}" text-anchor="middle" '
            f'fill="{FLAG_COLOUR if dashed else "#56606b"}">{label}</text>'
        )
    return parts


def _row(
    item: Mapping[str, Any],
    lines: list[str],
    y: float,
    label_width: float,
    zero: float,
    scale: float,
    lang: Lang,
) -> tuple[str, float]:
    """One category: its name (a ``<title>`` holds it whole), its bar and its value label; and
    where the label ends on the right."""
    middle = y + BAR / 2
    baselines = [middle + 4] if len(lines) == 1 else [middle - 4, middle + 12]
    name = "".join(
        f'<text x="{label_width - 10:.1f}" y="{base:.1f}" font-size="{NAME_SIZE}" '
        f'text-anchor="end" fill="#1d2329">{esc(line)}</text>'
        for line, base in zip(lines, baselines, strict=True)
    )
    parts = [f"<g><title>{esc(item.get('category', ''))}</title>{name}</g>"]
    text, size = _value_text(item, lang)
    value = item.get("total_mean_gap_pct")
    length = 0.0 if value is None else float(value) * scale
    colour = FLAG_COLOUR if item.get("flag") else "#7d8893" if value is not None else "#56606b"
    if value is not None:
        x = zero if length >= 0 else zero + length
        parts.append(f'<rect x="{x:.1f}" y="{y:g}" width="{abs(length):.1f}" height="{BAR}" '
                     f'fill="{colour}" />')  # fmt: skip
    start = zero + max(length, 0.0) + 6  # outside the bar, away from the names
    parts.append(
        f'<text x="{start:.1f}" y="{middle + 4:.1f}" font-size="{size}" text-anchor="start" '
        f'fill="{colour}">{esc(text)}</text>'
    )
    return "".join(parts), start + text_width(text, size)
