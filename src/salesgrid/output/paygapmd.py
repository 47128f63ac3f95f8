"""The pay gap report (Art. 9) and a worker's answer (Art. 7) in Markdown: the page's content
(:mod:`~salesgrid.output.htmlreport`) in the same words (:mod:`~salesgrid.output.paygaplines`),
every value escaped (:mod:`~salesgrid.output.markdown`), each figure as the JSON record has it.

The report: its heading and the line under it, who is compared, what is withheld and why, the
headline indicators (a)-(e), the quartile bands (f), the categories (g) with their flags, the
method, the rows read and the trace (:func:`~salesgrid.output.traceout.trace_markdown`). The
answer: its table and its trace.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from salesgrid.output.htmlpage import figure
from salesgrid.output.lang import ENGLISH, Lang
from salesgrid.output.markdown import from_html, md, md_table
from salesgrid.output.paygaplines import (
    answer_texts,
    band_name,
    category_texts,
    employee_lines,
    flag_count,
    flag_word,
    headline_texts,
    headlines,
    input_texts,
    mark,
    method_heading,
    method_items,
    missing,
    quartile_texts,
    report_titles,
    share_labels,
    summary_sentence,
    withheld_lines,
)
from salesgrid.output.traceout import trace_markdown


def paygap_markdown(
    record: Mapping[str, Any], rows: Mapping[str, int], lang: Lang = ENGLISH
) -> str:
    """The report for ``record`` (the paygap JSON record) read from ``rows`` (row counts)."""
    _, heading, subtitle = report_titles(record.get("year"), lang)
    out = [f"# {md(heading)}", "", md(subtitle), "", _summary(record.get("workers") or {}, lang)]
    withheld = withheld_lines(record, lang) if "withheld_categories" in record else []
    out += ["", *(f"- {md(line)}" for line in withheld), *([""] if withheld else [])]
    shown = missing(record, lang)
    out += _headlines(record, shown, lang)
    out += _quartiles(record.get("quartiles") or [], shown, lang)
    out += _categories(record.get("categories") or [], lang)
    out += [f"## {md(method_heading(lang))}", ""]
    out += [*(f"- {md(item)}" for item in method_items(record.get("method"))), ""]
    section, what, count, names = input_texts(lang)
    out += [f"## {md(section)}", ""]
    out += md_table((what, count), [(names.get(k, k), str(n)) for k, n in rows.items()])
    out += trace_markdown(record.get("provenance"), md, lang)
    return "\n".join(out).rstrip("\n") + "\n"


def employee_markdown(answer: Mapping[str, Any], currency: str, lang: Lang = ENGLISH) -> str:
    """A worker's answer: a table of their pay and their category's means, then its trace."""
    cells = [line.partition(": ")[::2] for line in employee_lines(answer, currency, lang)]
    title, value = answer_texts(lang)
    out = [f"# {md(title)}", "", *md_table(("", value), cells)]
    out += trace_markdown(answer.get("provenance"), md, lang)
    return "\n".join(out).rstrip("\n") + "\n"


def _summary(workers: Mapping[str, Any], lang: Lang) -> str:
    women, men = workers.get("women", 0), workers.get("men", 0)
    return md(from_html(summary_sentence(lang))).format(
        women=f"**{md(women)}**",
        women_word=md(lang.n("woman", "women", women)),
        men=f"**{md(men)}**",
        men_word=md(lang.n("man", "men", men)),
        not_reported=f"**{md(workers.get('not_reported', 0))}**",
    )


def _headlines(record: Mapping[str, Any], shown: str, lang: Lang) -> list[str]:
    heading, indicator, value = headline_texts(lang)
    rows = [
        (f"{mark(letter, lang)} {label}, {detail}", figure(record.get(key), "%", shown, lang))
        for key, letter, label, detail in headlines(lang)
    ]
    shares = record.get("receiving_variable_pct") or {}
    rows += [(share_labels(sex, lang)[1], figure(shares.get(sex), "%", shown, lang))
             for sex in ("women", "men")]  # fmt: skip
    return [f"## {md(heading)}", "", *md_table((indicator, value), rows)]


def _quartiles(bands: list[Mapping[str, Any]], shown: str, lang: Lang) -> list[str]:
    heading, note, headers = quartile_texts(lang)
    rows = [
        (
            f"{band.get('band')}{band_name(band.get('band'), len(bands), lang)}",
            figure(band.get("women_pct"), "%", shown, lang),
            figure(band.get("men_pct"), "%", shown, lang),
        )
        for band in bands
    ]
    return [f"## {md(heading)}", "", md(note), "", *md_table(headers, rows)]


def _categories(categories: list[Mapping[str, Any]], lang: Lang) -> list[str]:
    heading, note, headers = category_texts(lang)
    rows = []
    for item in categories:
        shown = missing(item, lang)
        word = flag_word(item, lang)
        rows.append((
            str(item.get("category", "")), str(item.get("women", 0)), str(item.get("men", 0)),
            figure(item.get("total_mean_gap_pct"), "%", shown, lang),
            figure(item.get("base_mean_gap_pct"), "%", shown, lang),
            figure(item.get("base_median_gap_pct"), "%", shown, lang),
            figure(item.get("variable_mean_gap_pct"), "%", shown, lang),
            f"**{md(word)}**" if item.get("flag") else md(word),
        ))  # fmt: skip
    flagged = sum(1 for item in categories if item.get("flag"))
    return [
        f"## {md(heading)}", "", md(from_html(note)), "",
        md(flag_count(str(flagged), len(categories), lang)), "",
        *md_table(headers, rows, marked=(7,)),
    ]  # fmt: skip
