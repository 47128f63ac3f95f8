"""The pay gap report's sentences: what it withholds and why, a worker's answer, a percent.

Below every form of the report: the table (:mod:`~salesgrid.output.paygaptables`), the page
(:mod:`~salesgrid.output.htmlreport`), the plain answer and the notes a CSV report says on
stderr (:mod:`~salesgrid.output.paygapout`). Each in the language handed in (English unless
told).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from salesgrid.core import money
from salesgrid.output.lang import ENGLISH, Lang


def fewer_than(min_group: int, lang: Lang = ENGLISH) -> str:
    """``fewer than 3 women or 3 men``."""
    return lang.t("fewer than {women} or {men}",
                  women=lang.n("{count} woman", "{count} women", min_group),
                  men=lang.n("{count} man", "{count} men", min_group))  # fmt: skip


def withheld_lines(
    record: Mapping[str, Any], lang: Lang = ENGLISH, history: bool = False
) -> list[str]:
    """What the report withholds and why, a line each (none when nothing is withheld): the
    table and the page show them, and a CSV report says them on stderr. ``history``: the
    workers are a position history's (``paygap --history``), not a roster's."""
    withheld = record["withheld_categories"]
    categories = record["categories"]
    few = fewer_than(withheld["min_group"], lang)
    lines = []
    if record.get("withheld"):
        lines.append(
            lang.t("(a)-(f) withheld: the history's workers are {few}", few=few)
            if history
            else lang.t("(a)-(f) withheld: the roster has {few}", few=few)
        )
    elif record.get("variable_withheld"):
        lines.append(lang.t("(b) and (d) withheld: {few} receive variable pay", few=few))
    total = lang.n("{count} category", "{count} categories", len(categories))
    if withheld["count"]:
        lines.append(lang.t("{count} of {total} withheld, counts only: {few} in each",
                            count=withheld["count"], total=total, few=few))  # fmt: skip
    variable = sum(1 for entry in categories if entry.get("variable_withheld"))
    if variable:
        line = lang.t("the variable mean gap of {count} of {total} withheld: {few} receive "
                      "variable pay there", count=variable, total=total, few=few)  # fmt: skip
        lines.append(line)
    if lines:
        lines.append(lang.t("Why (--min-group {min_group}): {why}", min_group=withheld["min_group"],
                            why=lang.t("figures over so few people can show a co-worker's pay "
                                       "(Art. 12(3)); --min-group 1 shows them all")))  # fmt: skip
    return lines


def pct(value: Decimal | None, lang: Lang = ENGLISH) -> str:
    return "-" if value is None else lang.t("{number}%", number=lang.number(money.plain(value)))


def answer_texts(lang: Lang = ENGLISH) -> tuple[str, str]:
    """A worker's answer: its title and the name of its column of values."""
    return lang.t("Pay level (Art. 7)"), lang.t("value")


def employee_lines(answer: Mapping[str, Any], currency: str, lang: Lang = ENGLISH) -> list[str]:
    """A worker's answer (Art. 7) as lines: their pay, then their category's means (its
    trace is :func:`~salesgrid.output.traceout.trace_lines`, shown apart)."""
    means, counts = answer["category_mean_hourly"], answer["category_workers"]

    def shown(value: Decimal | None) -> str:
        return "-" if value is None else f"{lang.amount(value)} {currency}"

    def mean(sex: str) -> str:
        count = counts[sex]
        people = (lang.n("{count} woman", "{count} women", count) if sex == "women"
                  else lang.n("{count} man", "{count} men", count))  # fmt: skip
        value = lang.t("withheld") if means[sex] is None and count else shown(means[sex])
        label = (lang.t("category mean hourly, women") if sex == "women"
                 else lang.t("category mean hourly, men"))  # fmt: skip
        return f"{label}: {value} ({people})"

    reason = answer.get("withheld_reason")
    t = lang.t  # a key as shown: the JSON's own key in English
    return [
        ": ".join((t("employee_id"), str(answer["employee_id"]))),
        ": ".join((t("category"), str(answer["category"]))),
        ": ".join((t("hourly"), shown(answer["hourly"]))),
        ": ".join((t("annual"), shown(answer["annual"]))),
        mean("women"),
        mean("men"),
        *([": ".join((t("withheld"), str(reason)))] if reason else []),
    ]


# ------------------------------------------------- the report's words, the page's and Markdown's
# The headings, labels and sentences of the report as a document: the HTML page
# (:mod:`~salesgrid.output.htmlreport`) and the Markdown (:mod:`~salesgrid.output.paygapmd`)
# show the same words. A sentence with markup is the page's; Markdown reads it through
# :func:`salesgrid.output.markdown.from_html`.


def report_titles(year: object, lang: Lang = ENGLISH) -> tuple[str, str, str]:
    """The report's title (the page's ``<title>``), its heading and the line under it."""
    return (
        lang.t("Gender pay gap report {year}", year=year),
        lang.t("Gender pay gap report, {year}", year=year),
        lang.t("EU Pay Transparency Directive 2023/970, Article 9 indicators, computed by "
               "salesgrid"),
    )  # fmt: skip


def summary_sentence(lang: Lang = ENGLISH) -> str:
    """Who is compared, with ``{women}``, ``{women_word}``, ``{men}``, ``{men_word}`` and
    ``{not_reported}`` to fill in (markup: the page's)."""
    return lang.t(
        '<p id="workers">Workers compared: {women} {women_word}, {men} {men_word}; '
        "{not_reported} with sex not reported (counted, left out of the gaps). Gaps are "
        "(men &minus; women) / men &times; 100: a positive gap means women are paid less.</p>"
    )


def missing(item: Mapping[str, Any], lang: Lang = ENGLISH) -> str:
    """What a null figure shows: withheld (too few), or n/a (nobody to compare)."""
    return lang.t("withheld") if item.get("withheld") else lang.t("n/a")


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


def headline_texts(lang: Lang = ENGLISH) -> tuple[str, str, str]:
    """The headline section's heading and its table's two column names."""
    return lang.t("Headline indicators"), lang.t("Indicator"), lang.t("Value")


def mark(letter: str, lang: Lang = ENGLISH) -> str:
    """``(a)``: an indicator's mark."""
    return lang.t("({letter})", letter=indicator_letter(letter, lang))


def share_labels(sex: str, lang: Lang = ENGLISH) -> tuple[str, str]:
    """Indicator (e) for ``sex`` (``women``, ``men``): the card's label and the table's."""
    t = lang.t
    if sex == "women":
        return t("(e) Women receiving variable pay"), t("(e) Share of women receiving variable pay")
    return t("(e) Men receiving variable pay"), t("(e) Share of men receiving variable pay")


def article(letter: str, lang: Lang = ENGLISH) -> str:
    """``Art. 9(1)(a)``: where the Directive defines indicator ``letter``."""
    return lang.t("Art. 9(1)({letter})", letter=indicator_letter(letter, lang))


def indicator_letter(letter: str, lang: Lang = ENGLISH) -> str:
    """An indicator's letter as the Directive's text in ``lang`` writes it."""
    p = lang.p
    letters = (p("indicator", "a"), p("indicator", "b"), p("indicator", "c"),
               p("indicator", "d"), p("indicator", "e"))  # fmt: skip
    return dict(zip("abcde", letters, strict=True))[letter]


def quartile_texts(lang: Lang = ENGLISH) -> tuple[str, str, tuple[str, str, str]]:
    """The quartile section's heading, its note and its table's column names."""
    t = lang.t
    return (
        t("(f) Women and men in each quartile band"),
        t("Everyone compared, sorted by hourly pay (then employee id), cut into four "
          "bands; band 1 is the lowest paid. Art. 9(1)(f)."),
        (t("Band"), t("Women"), t("Men")),
    )  # fmt: skip


def band_name(band: object, count: int, lang: Lang = ENGLISH) -> str:
    """`` (lowest)``, `` (highest)`` or nothing, said after a band's number."""
    if band == 1:
        return lang.t(" (lowest)")
    if band == count and count > 1:
        return lang.t(" (highest)")
    return ""


def category_texts(lang: Lang = ENGLISH) -> tuple[str, str, tuple[str, ...]]:
    """The categories' heading, the note under it (markup: the page's) and the table's column
    names."""
    t = lang.t
    return (
        t("(g) Gaps by category of workers"),
        t('<p class="note">The total mean gap is on hourly pay, base and variable, over '
          "everyone in the category: the average pay level of Art. 10(1)(a). A row is flagged "
          "when it is 5% or more either way: unless justified, that calls for a joint pay "
          "assessment (Art. 10). The base gaps (without variable pay) and the variable gap "
          "(among receivers) say where a gap comes from. &ldquo;withheld&rdquo;: too few "
          "women or men to show a gap without showing a co-worker's pay.</p>"),
        (t("Category"), t("Women"), t("Men"), t("Total mean gap"), t("Base mean gap"),
         t("Base median gap"), t("Variable mean gap"), t("Flag")),
    )  # fmt: skip


def flag_count(flagged: str, count: int, lang: Lang = ENGLISH) -> str:
    """``2 of 5 categories flagged.``, ``flagged`` as shown (the page's in bold)."""
    return lang.n("{flagged} of {count} category flagged.", "{flagged} of {count} categories "
                  "flagged.", count, flagged=flagged)  # fmt: skip


def flag_word(item: Mapping[str, Any], lang: Lang = ENGLISH) -> str:
    """A category's flag column: flagged, withheld or no."""
    if item.get("flag"):
        return lang.t("FLAG: 5% or more")
    return lang.t("withheld") if item.get("withheld") else lang.t("no")


def method_items(method: object) -> list[str]:
    """The method (the JSON's text, lines or mapping) as items, a line each."""
    if method is None:
        return []
    if isinstance(method, str):
        return [line.strip() for line in method.splitlines() if line.strip()]
    if isinstance(method, Mapping):
        return [f"{key}: {value}" for key, value in method.items()]
    if isinstance(method, Sequence):
        return [str(line) for line in method]
    return [str(method)]


def input_texts(
    lang: Lang = ENGLISH, history: bool = False
) -> tuple[str, str, str, dict[str, str]]:
    """The input section's heading, its table's column names and the row counts' names (of a
    position history's rows with ``history``, else a roster's)."""
    t = lang.t
    names = {"read": t("read"), "accepted": t("accepted"), "rejected": t("rejected"),
             "blank": t("blank")}  # fmt: skip
    rows = t("History rows") if history else t("Roster rows")
    return t("Input"), rows, t("Count"), names


def method_heading(lang: Lang = ENGLISH) -> str:
    return lang.t("Method")
