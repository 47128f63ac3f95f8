"""Self-contained HTML pages: one stylesheet, escaping and tables shared by every page.

A page is a single file that works offline: inline CSS, inline SVG, no JavaScript, no external
URL (no fonts, no images from the network). Every piece of text goes through :func:`esc`, so a
name such as ``<script>`` stays text. Used by :mod:`salesgrid.output.htmlreport` (the pay-gap
report) and :mod:`salesgrid.output.criteriaout` (the published criteria).
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from decimal import Decimal
from importlib import metadata

from salesgrid.output.lang import ENGLISH, Lang

WOMEN_COLOUR = "#b03a6f"
MEN_COLOUR = "#2a6f97"
FLAG_COLOUR = "#b3261e"

CSS = f"""
:root {{ color-scheme: light; }}
* {{ box-sizing: border-box; }}
body {{ margin: 0; background: #f4f5f7; color: #1d2329;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
  sans-serif; }}
main {{ max-width: 1000px; margin: 0 auto; padding: 28px 32px 40px; background: #fff;
  min-height: 100vh; }}
header {{ border-bottom: 3px solid #1d2329; margin-bottom: 18px; padding-bottom: 8px; }}
h1 {{ font-size: 26px; margin: 0 0 4px; }}
h2 {{ font-size: 19px; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 1px solid #d5d9de; }}
h3 {{ font-size: 16px; margin: 18px 0 6px; }}
p {{ margin: 6px 0; }}
.sub {{ color: #56606b; margin: 0; }}
.note {{ color: #56606b; font-size: 13px; }}
table {{ border-collapse: collapse; width: 100%; margin: 8px 0 12px; font-size: 14px; }}
table.compact {{ width: auto; min-width: 460px; }}
caption {{ text-align: left; font-weight: 600; padding: 4px 0; color: #3a434d; }}
th, td {{ padding: 5px 10px; border-bottom: 1px solid #e3e6ea; text-align: left;
  vertical-align: top; }}
thead th {{ background: #eef1f4; border-bottom: 2px solid #c9ced4; font-weight: 600; }}
tbody th {{ font-weight: 500; }}
td.num, th.num {{ text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }}
thead th.num {{ white-space: normal; }}  /* a long heading wraps; its numbers never */
tr.flag td, tr.flag th {{ background: #fdecea; }}
.flagtext {{ color: {FLAG_COLOUR}; font-weight: 700; white-space: nowrap; }}
.cards {{ display: grid; grid-template-columns: repeat(3, 1fr); gap: 10px;
  margin: 10px 0 4px; }}
.card {{ border: 1px solid #d5d9de; border-radius: 6px; padding: 10px 12px; background: #fafbfc; }}
.card .label {{ font-size: 13px; color: #3a434d; font-weight: 600; }}
.card .value {{ font-size: 24px; font-weight: 700; font-variant-numeric: tabular-nums; }}
.card .art {{ font-size: 12px; color: #56606b; }}
.legend {{ display: inline-block; width: 12px; height: 12px; border-radius: 2px;
  vertical-align: -1px; margin: 0 4px 0 12px; }}
.women {{ background: {WOMEN_COLOUR}; }}
.men {{ background: {MEN_COLOUR}; }}
svg {{ display: block; max-width: 100%; height: auto; margin: 6px 0; }}
svg text {{ font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }}
ul, ol {{ margin: 4px 0 8px; padding-left: 22px; }}
li {{ margin: 2px 0; }}
code {{ background: #eef1f4; padding: 0 3px; border-radius: 3px; font-size: 13px; }}
footer {{ margin-top: 30px; padding-top: 8px; border-top: 1px solid #d5d9de; color: #56606b;
  font-size: 13px; }}
@media print {{ body {{ background: #fff; }} main {{ padding: 0; }} }}
"""


def esc(value: object) -> str:
    """``value`` as text safe in HTML content and in quoted attributes."""
    return html.escape(str(value), quote=True)


def version() -> str:
    """The installed salesgrid version, for a page's footer."""
    try:
        return metadata.version("salesgrid")
    except metadata.PackageNotFoundError:  # pragma: no cover - run from a source tree
        return "unknown"


def figure(
    value: Decimal | int | None, suffix: str = "", missing: str = "n/a", lang: Lang = ENGLISH
) -> str:
    """A reported number as shown: exact as given (already rounded by the core), or ``missing``;
    a percent (``suffix`` ``%``) as ``lang`` writes one."""
    if value is None:
        return missing
    if suffix == "%":
        return lang.pct(value)
    return f"{lang.number(str(value))}{suffix}"


def table(
    headers: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    ident: str = "",
    caption: str = "",
    numeric: Sequence[int] = (),
    row_classes: Sequence[str] | None = None,
    compact: bool = False,
) -> str:
    """A table of already-escaped cells; the first cell of a row is its header (``<th>``).

    ``numeric`` names the columns aligned right; ``row_classes`` gives each row a class;
    ``compact`` keeps a small table as narrow as its content.
    """
    kind = ' class="compact"' if compact else ""
    out = [f'<table id="{esc(ident)}"{kind}>' if ident else f"<table{kind}>"]
    if caption:
        out.append(f"<caption>{caption}</caption>")
    heads = "".join(f'<th scope="col"{_num(i, numeric)}>{h}</th>' for i, h in enumerate(headers))
    out.append(f"<thead><tr>{heads}</tr></thead><tbody>")
    for index, row in enumerate(rows):
        kind = row_classes[index] if row_classes else ""
        cells = [
            f'<th scope="row">{cell}</th>' if i == 0 else f"<td{_num(i, numeric)}>{cell}</td>"
            for i, cell in enumerate(row)
        ]
        attribute = f' class="{esc(kind)}"' if kind else ""
        out.append(f"<tr{attribute}>{''.join(cells)}</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _num(index: int, numeric: Sequence[int]) -> str:
    return ' class="num"' if index in numeric else ""


def generated_by(lang: Lang = ENGLISH) -> str:
    """The footer's first sentence, on a page and under a Markdown document."""
    return lang.t("Generated by salesgrid {version}.", version=version())


def page(title: str, heading: str, subtitle: str, body: str, lang: Lang = ENGLISH) -> str:
    """A whole page: ``title`` and ``heading``/``subtitle`` are plain text, ``body`` is HTML."""
    alone = lang.t("This page is self-contained: no scripts, no network.")
    footer = f"{generated_by(lang)} {alone}"
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{esc(lang.code)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="salesgrid {esc(version())}">\n'
        f"<title>{esc(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n"
        f'<header><h1>{esc(heading)}</h1><p class="sub">{esc(subtitle)}</p></header>\n'
        f"{body}\n"
        f"<footer>{esc(footer)}</footer>\n"
        "</main>\n</body>\n</html>\n"
    )
