"""The published criteria (:func:`salesgrid.core.criteria.criteria`) as Markdown and as HTML.

Both pages say the same things in the same order, from the same sentences (:func:`threshold_text`,
:func:`grid_rows`); the HTML page is self-contained like the pay-gap report
(:mod:`salesgrid.output.htmlpage`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from salesgrid.output import jsonout
from salesgrid.output.htmlpage import esc, page, table
from salesgrid.output.lang import ENGLISH, Lang
from salesgrid.output.markdown import md, md_table
from salesgrid.output.traceout import trace_html, trace_markdown


def rule_name(ident: str, lang: Lang = ENGLISH) -> str:
    """A rule's name as a heading shows it (its id when salesgrid has no name for it)."""
    t = lang.t
    names = {
        "chart": t("Chart minimums"), "realm": t("Realm"),
        "opportunity_finding": t("Opportunity finding"), "external_factors": t("External factors"),
        "experience_exposure": t("Experience and exposure"), "kpoc": t("K-POC"),
        "time_in_step": t("Time in step"), "review_interval": t("Review interval"),
        "failed_kpocs": t("Failed K-POCs"), "corrective_action_plan": t("Corrective Action Plan"),
    }  # fmt: skip
    return names.get(ident, ident)


def extras(lang: Lang = ENGLISH) -> tuple[tuple[str, str], ...]:
    """The grid file's words about a framework, when it has them: (key, label)."""
    return (("bonus", lang.t("Variable pay")), ("note", lang.t("Note")))


def intro(lang: Lang = ENGLISH) -> str:
    return lang.t(
        "These are the criteria used to set pay and to decide progression (EU Directive "
        "2023/970, Art. 6). Pay is set by the grid: one amount for each level and step. A move "
        "needs every rule below to hold for the position moved to."
    )


def title(doc: Mapping[str, Any], lang: Lang = ENGLISH) -> str:
    return lang.t("Pay and progression criteria: {title}", title=doc["framework"]["title"])


def subtitle(doc: Mapping[str, Any], lang: Lang = ENGLISH) -> str:
    grid = doc["grid"]
    return lang.t(
        "Framework {id}; grid in force from {day} (as of {as_of})",
        id=doc["framework"]["id"],
        day=lang.day(grid["in_force_from"]),
        as_of=lang.day(grid["as_of"]),
    )


def threshold_text(rule: Mapping[str, Any], lang: Lang = ENGLISH) -> str:
    """A rule's thresholds in words (the chart's table is drawn apart)."""
    th, ident, t = rule["thresholds"], rule["id"], lang.t
    if ident == "chart":
        return t("minimum rating on each criterion, by target position: see the table")
    if ident == "realm":
        names = ", ".join(r["name"] for r in th["realms"]) or t("none")
        return t("realms this framework requires: {names}", names=names)
    if ident == "opportunity_finding":
        return t("applies to a target above position {above} (level.step)", above=th["above"])
    if ident == "external_factors":
        return t("applies to a target at level {level} or higher", level=th["from_level"])
    if ident == "experience_exposure":
        return t(
            "when Experience is rated {at_most} or lower, Exposure must be {at_least} or higher",
            at_most=th["experience_at_most"],
            at_least=th["exposure_at_least"],
        )
    if ident == "time_in_step":
        steps = ", ".join(str(s) for s in th["steps"])
        return t("{months} months in step {steps}", months=th["months"], steps=steps)
    if ident == "review_interval":
        return t("at least one review every {months} months", months=th["months"])
    if ident == "failed_kpocs":
        return t("{count} failed K-POCs in a row", count=th["at_least"])
    return "; ".join(f"{k}: {v}" for k, v in th.items()) or t("no threshold")


def grid_rows(doc: Mapping[str, Any], lang: Lang = ENGLISH) -> tuple[list[str], list[list[str]]]:
    """The grid's header and rows: a cell is ``1812 BGN`` and its conversions."""
    grid = doc["grid"]
    currencies = grid["currencies"]
    width = max((len(level["steps"]) for level in grid["levels"]), default=0)
    header = [lang.t("Level"), *(lang.t("Step {number}", number=n) for n in range(1, width + 1))]
    rows = []
    for level in grid["levels"]:
        name = f"{level['level']}" + (f" {level['name']}" if level["name"] else "")
        cells = [
            " / ".join(f"{lang.amount(step[c])} {c}" for c in currencies if c in step)
            for step in level["steps"]
        ]
        rows.append([name, *cells, *([""] * (width - len(cells)))])
    return header, rows


def chart_rows(rule: Mapping[str, Any], lang: Lang = ENGLISH) -> tuple[list[str], list[list[str]]]:
    criteria = rule["thresholds"]["criteria"]
    header = [lang.t("Position"), *(c["name"] for c in criteria)]
    rows = [
        [f"{m['level']}.{m['step']}", *(str(m.get(c["id"], "")) for c in criteria)]
        for m in rule["thresholds"]["minimums"]
    ]
    return header, rows


def statement_text(statement: Mapping[str, Any], lang: Lang = ENGLISH) -> str:
    where = word(statement["kind"], lang) + (
        f", {statement['domain']}" if statement["domain"] else ""
    )
    return f"{statement['subject']} ({where}): {statement['text']}"


def word(value: str, lang: Lang = ENGLISH) -> str:
    """A word of the data files' fixed vocabulary (a statement's kind, a level's differentiator,
    a framework's path and pay basis) as the page shows it: the word itself in English."""
    p = lang.p
    words = {
        "core": p("statement kind", "core"), "durable": p("statement kind", "durable"),
        "ai": p("statement kind", "ai"),
        "technical": p("differentiator", "technical"), "business": p("differentiator", "business"),
        "people": p("differentiator", "people"), "adaptive": p("differentiator", "adaptive"),
        "all": p("differentiator", "all"),
        "management": p("framework path", "management"),
        "individual_contributor": p("framework path", "individual_contributor"),
        "monthly_net": p("pay basis", "monthly_net"),
    }  # fmt: skip
    return words.get(value, value)


def framework_line(
    doc: Mapping[str, Any], lang: Lang, escape: Callable[[object], str], code: str, day: str
) -> tuple[str, str]:
    """The framework's sentence and the grid version's, their values through ``escape`` (``code``,
    ``day``: the id and the effective day as the page marks them up)."""
    framework, grid = doc["framework"], doc["grid"]
    first = escape(
        lang.t("Framework {id} ({path} path), pay per month ({basis}) in {currency}.")
    ).format(
        id=code,
        path=escape(word(framework["path"], lang)),
        basis=escape(word(framework["basis"], lang)),
        currency=escape(framework["currency"]),
    )
    second = escape(lang.t("Grid in force from {day} (the version in force on {as_of})")).format(
        day=day, as_of=escape(lang.day(grid["as_of"]))
    )
    return first, second


def criteria_json(doc: Mapping[str, Any]) -> str:
    """The structure as JSON, amounts as exact numbers."""
    return jsonout.dumps(doc) + "\n"


# --------------------------------------------------------------------------- markdown


def criteria_markdown(doc: Mapping[str, Any], lang: Lang = ENGLISH) -> str:
    framework, grid, t = doc["framework"], doc["grid"], lang.t
    first, second = framework_line(
        doc, lang, md, f"`{framework['id']}`", f"**{lang.day(grid['in_force_from'])}**"
    )
    source = md(t("date source: {source}")).format(source=md(grid["date_source"]))
    out = [f"# {md(title(doc, lang))}", "", md(intro(lang)), ""]
    out += [
        f"## {t('Pay grid')}",
        "",
        f"{first} {second}; {source}.",
        "",
        *md_table(*grid_rows(doc, lang)),
        *(f"{label}: {md(framework[key])}\n" for key, label in extras(lang) if framework.get(key)),
        f"## {t('Moves')}",
        "",
        f"- **{t('Step Up')}**: {md(doc['moves']['step_up'])}.",
        f"- **{t('Level Up')}**: {md(doc['moves']['level_up'])}.",
        "",
        f"## {t('Rules for a Step Up or a Level Up')}",
        "",
    ]
    for number, rule in enumerate(doc["rules"], start=1):
        out += [
            f"### {number}. {rule_name(rule['id'], lang)}",
            "",
            f"{md(rule['description'][:1].upper() + rule['description'][1:])}.",
            "",
            f"- {t('Threshold')}: {md(threshold_text(rule, lang))}",
            f"- {t('Source')}: {md(rule['source'])}",
            "",
        ]
        if rule["id"] == "chart":
            out += md_table(*chart_rows(rule, lang))
            scale = rule["thresholds"]["scale"]
            out += [f"- `{s['rating']}`: {md(s['meaning'])}" for s in scale] + [""]
    out += [f"## {t('Time rules (warnings: they never block a move)')}", ""]
    for rule in doc["time_rules"]:
        out.append(
            f"- **{rule_name(rule['id'], lang)}**: {md(rule['description'])} "
            f"({md(threshold_text(rule, lang))}). {t('Source')}: {md(rule['source'])}"
        )
    landing = doc["landing"]
    out += [
        "",
        f"## {t('Landing rule')}",
        "",
        f"`{landing['rule']}`: {md(landing['description'])}. "
        f"{t('Source')}: {md(landing['source'])}",
        "",
        f"## {t('Competency statements by level')}",
        "",
    ]
    for level in doc["competencies"]:
        heading = md(t("Level {level}: {name}")).format(
            level=level["level"], name=md(level["name"])
        )
        differs = md(t("Differentiator: {differentiator}.")).format(
            differentiator=md(word(level["differentiator"], lang))
        )
        out += [
            f"### {heading}",
            "",
            f"{md(level['core_duties'])} {differs}",
            "",
            *(f"- {md(statement_text(s, lang))}" for s in level["statements"]),
            "",
        ]
    out += trace_markdown(doc.get("provenance"), md, lang)
    return "\n".join(out).rstrip("\n") + "\n"


# --------------------------------------------------------------------------- html


def _cell(text: str) -> str:
    """A grid cell with each currency on its own line."""
    return "<br>".join(esc(part) for part in text.split(" / "))


def criteria_html(doc: Mapping[str, Any], lang: Lang = ENGLISH) -> str:
    framework, grid, t = doc["framework"], doc["grid"], lang.t
    header, rows = grid_rows(doc, lang)
    first, second = framework_line(
        doc,
        lang,
        esc,
        f"<code>{esc(framework['id'])}</code>",
        f"<strong>{esc(lang.day(grid['in_force_from']))}</strong>",
    )
    source = esc(t("Date source: {source}")).format(source=esc(grid["date_source"]))
    body = [
        f"<p>{esc(intro(lang))}</p>",
        f'<section id="grid"><h2>{esc(t("Pay grid"))}</h2>',
        f'<p>{first} {second}.</p><p class="note">{source}</p>',
        table(
            header,
            [[_cell(c) for c in row] for row in rows],
            ident="grid-table",
            numeric=range(1, len(header)),
        ),
        *(
            f"<p>{esc(label)}: {esc(framework[key])}</p>"
            for key, label in extras(lang)
            if framework.get(key)
        ),
        "</section>",
        f'<section id="moves"><h2>{esc(t("Moves"))}</h2><ul>',
        f"<li><strong>{esc(t('Step Up'))}</strong>: {esc(doc['moves']['step_up'])}.</li>",
        f"<li><strong>{esc(t('Level Up'))}</strong>: {esc(doc['moves']['level_up'])}.</li>"
        "</ul></section>",
        f'<section id="rules"><h2>{esc(t("Rules for a Step Up or a Level Up"))}</h2>',
    ]
    for number, rule in enumerate(doc["rules"], start=1):
        description = rule["description"][:1].upper() + rule["description"][1:]
        body.append(
            f'<h3 id="rule-{esc(rule["id"])}">{number}. '
            f"{esc(rule_name(rule['id'], lang))}</h3>"
            f"<p>{esc(description)}.</p><ul><li>{esc(t('Threshold'))}: "
            f"{esc(threshold_text(rule, lang))}</li>"
            f'<li class="note">{esc(t("Source"))}: {esc(rule["source"])}</li></ul>'
        )
        if rule["id"] == "chart":
            head, cells = chart_rows(rule, lang)
            body.append(table(head, [[esc(c) for c in row] for row in cells], ident="chart"))
            scale = "".join(
                f"<li><code>{esc(s['rating'])}</code>: {esc(s['meaning'])}</li>"
                for s in rule["thresholds"]["scale"]
            )
            lowest = esc(t("The rating scale, lowest first:"))
            body.append(f'<p class="note">{lowest}</p><ul>{scale}</ul>')
    body.append("</section>")
    items = "".join(
        f"<li><strong>{esc(rule_name(r['id'], lang))}</strong>: "
        f"{esc(r['description'])} ({esc(threshold_text(r, lang))}). "
        f'<span class="note">{esc(t("Source"))}: {esc(r["source"])}</span></li>'
        for r in doc["time_rules"]
    )
    landing = doc["landing"]
    body += [
        '<section id="time-rules"><h2>'
        f"{esc(t('Time rules (warnings: they never block a move)'))}</h2>"
        f"<ul>{items}</ul></section>",
        f'<section id="landing"><h2>{esc(t("Landing rule"))}</h2>'
        f"<p><code>{esc(landing['rule'])}</code>: {esc(landing['description'])}.</p>"
        f'<p class="note">{esc(t("Source"))}: {esc(landing["source"])}</p></section>',
        f'<section id="competencies"><h2>{esc(t("Competency statements by level"))}</h2>',
    ]
    for level in doc["competencies"]:
        statements = "".join(
            f"<li>{esc(statement_text(s, lang))}</li>" for s in level["statements"]
        )
        heading = esc(t("Level {level}: {name}")).format(
            level=esc(level["level"]), name=esc(level["name"])
        )
        differs = esc(t("Differentiator: {differentiator}.")).format(
            differentiator=f"<strong>{esc(word(level['differentiator'], lang))}</strong>"
        )
        body.append(
            f"<h3>{heading}</h3><p>{esc(level['core_duties'])} {differs}</p><ul>{statements}</ul>"
        )
    body.append("</section>")
    body.append(trace_html(doc.get("provenance"), lang))
    return page(title(doc, lang), title(doc, lang), subtitle(doc, lang), "\n".join(body), lang)
