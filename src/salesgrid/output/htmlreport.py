"""The pay-gap report (EU Directive 2023/970, Art. 9) as one self-contained HTML page.

:func:`paygap_html` takes the record ``salesgrid paygap --format json`` prints (before
serialisation: Decimal, None, int, str, lists and dicts) and the input's row counts, and returns
the page: the headline gaps (a)-(e), the quartile bands (f) as an SVG chart and a table, the
categories (g) with flagged rows highlighted and marked in words, what is withheld and why (too
few women or men), the method and the row counts.
Every figure is shown exactly as the record has it (the core rounded it), so a parser finds the
JSON's numbers on the page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from salesgrid.output.gapchart import category_svg
from salesgrid.output.gapchart import missing as missing_word
from salesgrid.output.htmlpage import (
    MEN_COLOUR,
    WOMEN_COLOUR,
    esc,
    figure,
    page,
    table,
)
from salesgrid.output.lang import ENGLISH, Lang
from salesgrid.output.paygaplines import withheld_lines
from salesgrid.output.traceout import trace_html

THRESHOLD = Decimal(5)  # Art. 10: a gap of 5% or more, not justified, calls for an assessment


def headlines(lang: Lang = ENGLISH) -> tuple[tuple[str, str, str, str], ...]:
    """``(key, letter, label, what the card says)`` of the gaps (a)-(d)."""
    t = lang.t
    return (
        ("mean_gap_pct", "a", t("Mean gender pay gap"), t("hourly pay")),
        ("variable_mean_gap_pct", "b", t("Mean gap in variable pay"),
         t("among those receiving any")),
        ("median_gap_pct", "c", t("Median gender pay gap"), t("hourly pay")),
        ("variable_median_gap_pct", "d", t("Median gap in variable pay"),
         t("among those receiving any")),
    )  # fmt: skip


def paygap_html(record: Mapping[str, Any], rows: Mapping[str, int], lang: Lang = ENGLISH) -> str:
    """The page for ``record`` (the paygap JSON record) read from ``rows`` (row counts)."""
    year = record.get("year")
    workers = record.get("workers") or {}
    missing = lang.t("withheld") if record.get("withheld") else lang.t("n/a")
    body = [
        _summary(workers, lang),
        _withheld(record, lang),
        _headlines(record, missing, lang),
        _quartiles(record.get("quartiles") or [], missing, lang),
        _categories(record.get("categories") or [], lang),
        _method(record.get("method"), lang),
        _rows(rows, lang),
        trace_html(record.get("provenance"), lang),
    ]
    return page(
        lang.t("Gender pay gap report {year}", year=year),
        lang.t("Gender pay gap report, {year}", year=year),
        lang.t("EU Pay Transparency Directive 2023/970, Article 9 indicators, computed by "
               "salesgrid"),
        "\n".join(body),
        lang,
    )  # fmt: skip


def _summary(workers: Mapping[str, Any], lang: Lang = ENGLISH) -> str:
    women, men = workers.get("women", 0), workers.get("men", 0)
    return lang.t(
        '<p id="workers">Workers compared: {women} {women_word}, {men} {men_word}; '
        "{not_reported} with sex not reported (counted, left out of the gaps). Gaps are "
        "(men &minus; women) / men &times; 100: a positive gap means women are paid less.</p>",
        women=f'<strong data-key="women">{esc(women)}</strong>',
        women_word=lang.n("woman", "women", women),
        men=f'<strong data-key="men">{esc(men)}</strong>',
        men_word=lang.n("man", "men", men),
        not_reported=f'<strong data-key="not_reported">{esc(workers.get("not_reported", 0))}'
        "</strong>",
    )


def _withheld(record: Mapping[str, Any], lang: Lang = ENGLISH) -> str:
    """What is withheld and why, a paragraph (nothing when nothing is)."""
    if "withheld_categories" not in record:
        return ""
    lines = withheld_lines(record, lang)
    if not lines:
        return ""
    return '<p id="withheld" class="note">' + "<br>".join(esc(line) for line in lines) + "</p>"


def _headlines(record: Mapping[str, Any], missing: str, lang: Lang = ENGLISH) -> str:
    t = lang.t
    cards = []
    rows = []
    for key, letter, label, detail in headlines(lang):
        value = figure(record.get(key), "%", missing, lang)
        mark = t("({letter})", letter=_letter(letter, lang))
        cards.append(_card(f"{mark} {label}", value, f"{detail}; {article(letter, lang)}"))
        rows.append(
            (esc(f"{mark} {label}, {detail}"), f'<span data-key="{key}">{esc(value)}</span>')
        )
    shares = record.get("receiving_variable_pct") or {}
    for sex in ("women", "men"):
        value = figure(shares.get(sex), "%", missing, lang)
        card = (t("(e) Women receiving variable pay") if sex == "women"
                else t("(e) Men receiving variable pay"))  # fmt: skip
        share = (t("(e) Share of women receiving variable pay") if sex == "women"
                 else t("(e) Share of men receiving variable pay"))  # fmt: skip
        cards.append(_card(card, value, article("e", lang)))
        rows.append(
            (esc(share), f'<span data-key="receiving_variable_pct.{sex}">{esc(value)}</span>')
        )
    shown = "".join(cards[i] for i in (0, 2, 4, 1, 3, 5))  # hourly, variable, share: by column
    return (
        '<section id="headline-section"><h2>'
        + esc(t("Headline indicators"))
        + "</h2>"
        + f'<div class="cards" aria-hidden="true">{shown}</div>'
        + table((esc(t("Indicator")), esc(t("Value"))), rows, ident="headline", numeric=(1,))
        + "</section>"
    )


def article(letter: str, lang: Lang = ENGLISH) -> str:
    """``Art. 9(1)(a)``: where the Directive defines indicator ``letter``."""
    return lang.t("Art. 9(1)({letter})", letter=_letter(letter, lang))


def _letter(letter: str, lang: Lang) -> str:
    """An indicator's letter as the Directive's text in ``lang`` writes it."""
    p = lang.p
    letters = (p("indicator", "a"), p("indicator", "b"), p("indicator", "c"),
               p("indicator", "d"), p("indicator", "e"))  # fmt: skip
    return dict(zip("abcde", letters, strict=True))[letter]


def _card(label: str, value: str, detail: str) -> str:
    return (
        f'<div class="card"><div class="label">{esc(label)}</div>'
        f'<div class="value">{esc(value)}</div><div class="art">{esc(detail)}</div></div>'
    )


def _quartiles(
    bands: Sequence[Mapping[str, Any]], missing: str = "n/a", lang: Lang = ENGLISH
) -> str:
    t = lang.t
    rows = [
        (
            esc(f"{band.get('band')}{_band_name(band.get('band'), len(bands), lang)}"),
            esc(figure(band.get("women_pct"), "%", missing, lang)),
            esc(figure(band.get("men_pct"), "%", missing, lang)),
        )
        for band in bands
    ]
    return (
        '<section id="quartile-section"><h2>'
        + esc(t("(f) Women and men in each quartile band"))
        + '</h2><p class="note">'
        + esc(t("Everyone compared, sorted by hourly pay (then employee id), cut into four "
                "bands; band 1 is the lowest paid. Art. 9(1)(f)."))
        + '<span class="legend women"></span>' + esc(t("women"))
        + '<span class="legend men"></span>' + esc(t("men")) + "</p>"
        + quartile_svg(bands, withheld=missing == lang.t("withheld"), lang=lang)
        + table((esc(t("Band")), esc(t("Women")), esc(t("Men"))), rows, ident="quartiles",
                numeric=(1, 2), compact=True)
        + "</section>"
    )  # fmt: skip


def _band_name(band: object, count: int, lang: Lang = ENGLISH) -> str:
    if band == 1:
        return lang.t(" (lowest)")
    if band == count and count > 1:
        return lang.t(" (highest)")
    return ""


def quartile_svg(
    bands: Sequence[Mapping[str, Any]], withheld: bool = False, lang: Lang = ENGLISH
) -> str:
    """Four stacked bars: the women's and the men's share of each band, lowest band first (none
    when the shares are ``withheld``)."""
    t = lang.t
    left, width, bar, gap = 130, 560, 34, 12
    height = 30 + len(bands) * (bar + gap)
    parts = [
        f'<svg id="quartile-chart" role="img" aria-labelledby="qc-title qc-desc" '
        f'viewBox="0 0 {left + width + 20} {height}" width="{left + width + 20}" '
        f'height="{height}">',
        '<title id="qc-title">'
        + esc(t("Share of women and men in each quartile band"))
        + "</title>",
        '<desc id="qc-desc">'
        + esc(
            "; ".join(
                t(
                    "band {band}: women {women}, men {men}",
                    band=b.get("band"),
                    women=figure(b.get("women_pct"), "%", lang=lang),
                    men=figure(b.get("men_pct"), "%", lang=lang),
                )
                for b in bands
            )
        )
        + "</desc>",
    ]
    for tick in (0, 25, 50, 75, 100):
        x = left + width * tick / 100
        parts.append(
            f'<line x1="{x:.1f}" y1="8" x2="{x:.1f}" y2="{height - 14}" stroke="#d5d9de" />'
            f'<text x="{x:.1f}" y="{height - 2}" font-size="11" fill="#56606b" '
            f'text-anchor="middle">{esc(lang.pct(tick))}</text>'
        )
    for index, band in enumerate(bands):
        y = 10 + index * (bar + gap)
        label = t("Band {band}", band=band.get("band")) + _band_name(
            band.get("band"), len(bands), lang)  # fmt: skip
        parts.append(
            f'<text x="{left - 10}" y="{y + bar / 2 + 5:.1f}" font-size="13" '
            f'text-anchor="end" fill="#1d2329">{esc(label)}</text>'
        )
        women, men = band.get("women_pct"), band.get("men_pct")
        if women is None or men is None:
            empty = t("withheld") if withheld else t("nobody in this band")
            parts.append(
                f'<text x="{left + 6}" y="{y + bar / 2 + 5:.1f}" font-size="12" '
                f'fill="#56606b">{esc(empty)}</text>'
            )
            continue
        share = width * float(women) / 100
        for x, w, colour, text in (
            (left, share, WOMEN_COLOUR, lang.pct(women)),
            (left + share, width - share, MEN_COLOUR, lang.pct(men)),
        ):
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar}" fill="{colour}" />'
            )
            if w >= 56:
                parts.append(
                    f'<text x="{x + w / 2:.1f}" y="{y + bar / 2 + 5:.1f}" font-size="13" '
                    f'font-weight="600" fill="#fff" text-anchor="middle">{esc(text)}</text>'
                )
    parts.append("</svg>")
    return "".join(parts)


def _categories(categories: Sequence[Mapping[str, Any]], lang: Lang = ENGLISH) -> str:
    t = lang.t
    rows = []
    classes = []
    for item in categories:
        flagged = bool(item.get("flag"))
        missing = missing_word(item, lang)
        classes.append("flag" if flagged else "")
        rows.append(
            (
                esc(item.get("category", "")),
                esc(item.get("women", 0)),
                esc(item.get("men", 0)),
                esc(figure(item.get("total_mean_gap_pct"), "%", missing, lang)),
                esc(figure(item.get("base_mean_gap_pct"), "%", missing, lang)),
                esc(figure(item.get("base_median_gap_pct"), "%", missing, lang)),
                esc(figure(item.get("variable_mean_gap_pct"), "%", missing, lang)),
                '<span class="flagtext">' + esc(t("FLAG: 5% or more")) + "</span>"
                if flagged
                else esc(t("withheld"))
                if item.get("withheld")
                else esc(t("no")),
            )
        )
    table_html = table(
        tuple(esc(head) for head in (
            t("Category"), t("Women"), t("Men"), t("Total mean gap"), t("Base mean gap"),
            t("Base median gap"), t("Variable mean gap"), t("Flag"),
        )),
        rows,
        ident="categories",
        numeric=(1, 2, 3, 4, 5, 6),
        row_classes=classes,
    )  # fmt: skip
    count = sum(1 for c in classes if c)
    return (
        '<section id="category-section"><h2>' + esc(t("(g) Gaps by category of workers"))
        + "</h2>"
        + t('<p class="note">The total mean gap is on hourly pay, base and variable, over '
            "everyone in the category: the average pay level of Art. 10(1)(a). A row is flagged "
            "when it is 5% or more either way: unless justified, that calls for a joint pay "
            "assessment (Art. 10). The base gaps (without variable pay) and the variable gap "
            "(among receivers) say where a gap comes from. &ldquo;withheld&rdquo;: too few "
            "women or men to show a gap without showing a co-worker's pay.</p>")
        + '<p id="flag-count">'
        + lang.n("{flagged} of {count} category flagged.", "{flagged} of {count} categories "
                 "flagged.", len(categories), flagged=f"<strong>{count}</strong>")
        + "</p>"
        + t('<p class="note">The chart: each category\'s total mean gap; the dashed lines mark '
            "&minus;5% and 5%; &#9873; marks a flagged row.</p>")
        + category_svg(categories, lang)
        + table_html
        + "</section>"
    )  # fmt: skip


def _method(method: object, lang: Lang = ENGLISH) -> str:
    if method is None:
        items: list[str] = []
    elif isinstance(method, str):
        items = [line.strip() for line in method.splitlines() if line.strip()]
    elif isinstance(method, Mapping):
        items = [f"{key}: {value}" for key, value in method.items()]
    elif isinstance(method, Sequence):
        items = [str(line) for line in method]
    else:
        items = [str(method)]
    listed = "".join(f"<li>{esc(item)}</li>" for item in items)
    heading = esc(lang.t("Method"))
    return f'<section id="method"><h2>{heading}</h2><ul>{listed}</ul></section>'


def _rows(rows: Mapping[str, int], lang: Lang = ENGLISH) -> str:
    t = lang.t
    names = {"read": t("read"), "accepted": t("accepted"), "rejected": t("rejected"),
             "blank": t("blank")}  # fmt: skip
    cells = [(esc(names.get(name, name)), esc(count)) for name, count in rows.items()]
    return (
        '<section id="input-section"><h2>' + esc(t("Input")) + "</h2>"
        + table((esc(t("Roster rows")), esc(t("Count"))), cells, ident="rows", numeric=(1,),
                compact=True)
        + "</section>"
    )  # fmt: skip
