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
from salesgrid.output.htmlpage import (
    MEN_COLOUR,
    WOMEN_COLOUR,
    esc,
    figure,
    page,
    table,
)
from salesgrid.output.lang import ENGLISH, Lang
from salesgrid.output.paygaplines import (
    article,
    band_name,
    category_texts,
    flag_count,
    flag_word,
    headline_texts,
    headlines,
    input_texts,
    method_heading,
    method_items,
    missing,
    quartile_texts,
    report_titles,
    share_labels,
    summary_sentence,
    withheld_lines,
)
from salesgrid.output.paygaplines import mark as indicator_mark
from salesgrid.output.traceout import trace_html

THRESHOLD = Decimal(5)  # Art. 10: a gap of 5% or more, not justified, calls for an assessment


def paygap_html(
    record: Mapping[str, Any], rows: Mapping[str, int], lang: Lang = ENGLISH, history: bool = False
) -> str:
    """The page for ``record`` (the paygap JSON record) read from ``rows`` (row counts; of a
    position history with ``history``)."""
    year = record.get("year")
    workers = record.get("workers") or {}
    shown = missing(record, lang)
    body = [
        _summary(workers, lang),
        _withheld(record, lang, history),
        _headlines(record, shown, lang),
        _quartiles(record.get("quartiles") or [], shown, lang),
        _categories(record.get("categories") or [], lang),
        _method(record.get("method"), lang),
        _rows(rows, lang, history),
        trace_html(record.get("provenance"), lang),
    ]
    return page(*report_titles(year, lang), "\n".join(body), lang)


def _summary(workers: Mapping[str, Any], lang: Lang = ENGLISH) -> str:
    women, men = workers.get("women", 0), workers.get("men", 0)
    return summary_sentence(lang).format(
        women=f'<strong data-key="women">{esc(women)}</strong>',
        women_word=lang.n("woman", "women", women),
        men=f'<strong data-key="men">{esc(men)}</strong>',
        men_word=lang.n("man", "men", men),
        not_reported=f'<strong data-key="not_reported">{esc(workers.get("not_reported", 0))}'
        "</strong>",
    )


def _withheld(record: Mapping[str, Any], lang: Lang = ENGLISH, history: bool = False) -> str:
    """What is withheld and why, a paragraph (nothing when nothing is)."""
    if "withheld_categories" not in record:
        return ""
    lines = withheld_lines(record, lang, history)
    if not lines:
        return ""
    return '<p id="withheld" class="note">' + "<br>".join(esc(line) for line in lines) + "</p>"


def _headlines(record: Mapping[str, Any], missing: str, lang: Lang = ENGLISH) -> str:
    cards = []
    rows = []
    for key, letter, label, detail in headlines(lang):
        value = figure(record.get(key), "%", missing, lang)
        mark = indicator_mark(letter, lang)
        cards.append(_card(f"{mark} {label}", value, f"{detail}; {article(letter, lang)}"))
        rows.append(
            (esc(f"{mark} {label}, {detail}"), f'<span data-key="{key}">{esc(value)}</span>')
        )
    shares = record.get("receiving_variable_pct") or {}
    for sex in ("women", "men"):
        value = figure(shares.get(sex), "%", missing, lang)
        card, share = share_labels(sex, lang)
        cards.append(_card(card, value, article("e", lang)))
        rows.append(
            (esc(share), f'<span data-key="receiving_variable_pct.{sex}">{esc(value)}</span>')
        )
    shown = "".join(cards[i] for i in (0, 2, 4, 1, 3, 5))  # hourly, variable, share: by column
    heading, indicator, value_word = headline_texts(lang)
    return (
        '<section id="headline-section"><h2>'
        + esc(heading)
        + "</h2>"
        + f'<div class="cards" aria-hidden="true">{shown}</div>'
        + table((esc(indicator), esc(value_word)), rows, ident="headline", numeric=(1,))
        + "</section>"
    )


def _card(label: str, value: str, detail: str) -> str:
    return (
        f'<div class="card"><div class="label">{esc(label)}</div>'
        f'<div class="value">{esc(value)}</div><div class="art">{esc(detail)}</div></div>'
    )


def _quartiles(
    bands: Sequence[Mapping[str, Any]], missing: str = "n/a", lang: Lang = ENGLISH
) -> str:
    t = lang.t
    heading, note, headers = quartile_texts(lang)
    rows = [
        (
            esc(f"{band.get('band')}{band_name(band.get('band'), len(bands), lang)}"),
            esc(figure(band.get("women_pct"), "%", missing, lang)),
            esc(figure(band.get("men_pct"), "%", missing, lang)),
        )
        for band in bands
    ]
    return (
        '<section id="quartile-section"><h2>'
        + esc(heading)
        + '</h2><p class="note">'
        + esc(note)
        + '<span class="legend women"></span>' + esc(t("women"))
        + '<span class="legend men"></span>' + esc(t("men")) + "</p>"
        + quartile_svg(bands, withheld=missing == lang.t("withheld"), lang=lang)
        + table(tuple(esc(name) for name in headers), rows, ident="quartiles",
                numeric=(1, 2), compact=True)
        + "</section>"
    )  # fmt: skip


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
        label = t("Band {band}", band=band.get("band")) + band_name(
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
    heading, note, headers = category_texts(lang)
    rows = []
    classes = []
    for item in categories:
        flagged = bool(item.get("flag"))
        shown = missing(item, lang)
        classes.append("flag" if flagged else "")
        word = esc(flag_word(item, lang))
        rows.append(
            (
                esc(item.get("category", "")),
                esc(item.get("women", 0)),
                esc(item.get("men", 0)),
                esc(figure(item.get("total_mean_gap_pct"), "%", shown, lang)),
                esc(figure(item.get("base_mean_gap_pct"), "%", shown, lang)),
                esc(figure(item.get("base_median_gap_pct"), "%", shown, lang)),
                esc(figure(item.get("variable_mean_gap_pct"), "%", shown, lang)),
                f'<span class="flagtext">{word}</span>' if flagged else word,
            )
        )
    table_html = table(
        tuple(esc(head) for head in headers),
        rows,
        ident="categories",
        numeric=(1, 2, 3, 4, 5, 6),
        row_classes=classes,
    )  # fmt: skip
    count = sum(1 for c in classes if c)
    return (
        '<section id="category-section"><h2>' + esc(heading)
        + "</h2>"
        + note
        + '<p id="flag-count">'
        + flag_count(f"<strong>{count}</strong>", len(categories), lang)
        + "</p>"
        + t('<p class="note">The chart: each category\'s total mean gap; the dashed lines mark '
            "&minus;5% and 5%; &#9873; marks a flagged row.</p>")
        + category_svg(categories, lang)
        + table_html
        + "</section>"
    )  # fmt: skip


def _method(method: object, lang: Lang = ENGLISH) -> str:
    listed = "".join(f"<li>{esc(item)}</li>" for item in method_items(method))
    heading = esc(method_heading(lang))
    return f'<section id="method"><h2>{heading}</h2><ul>{listed}</ul></section>'


def _rows(rows: Mapping[str, int], lang: Lang = ENGLISH, history: bool = False) -> str:
    heading, what, count, names = input_texts(lang, history)
    cells = [(esc(names.get(name, name)), esc(number)) for name, number in rows.items()]
    return (
        '<section id="input-section"><h2>' + esc(heading) + "</h2>"
        + table((esc(what), esc(count)), cells, ident="rows", numeric=(1,), compact=True)
        + "</section>"
    )  # fmt: skip
