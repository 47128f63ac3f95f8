"""The pay gap report's sentences: what it withholds and why, a worker's answer, a percent.

Below every form of the report: the table (:mod:`~salesgrid.output.paygaptables`), the page
(:mod:`~salesgrid.output.htmlreport`), the plain answer and the notes a CSV report says on
stderr (:mod:`~salesgrid.output.paygapout`). Each in the language handed in (English unless
told).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from salesgrid.core import money
from salesgrid.output.lang import ENGLISH, Lang


def fewer_than(min_group: int, lang: Lang = ENGLISH) -> str:
    """``fewer than 3 women or 3 men``."""
    return lang.t("fewer than {women} or {men}",
                  women=lang.n("{count} woman", "{count} women", min_group),
                  men=lang.n("{count} man", "{count} men", min_group))  # fmt: skip


def withheld_lines(record: Mapping[str, Any], lang: Lang = ENGLISH) -> list[str]:
    """What the report withholds and why, a line each (none when nothing is withheld): the
    table and the page show them, and a CSV report says them on stderr."""
    withheld = record["withheld_categories"]
    categories = record["categories"]
    few = fewer_than(withheld["min_group"], lang)
    lines = []
    if record.get("withheld"):
        lines.append(lang.t("(a)-(f) withheld: the roster has {few}", few=few))
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
