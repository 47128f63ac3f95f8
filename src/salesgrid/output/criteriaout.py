"""The published criteria (:func:`salesgrid.core.criteria.criteria`) as Markdown and as HTML.

Both pages say the same things in the same order, from the same sentences (:func:`threshold_text`,
:func:`grid_rows`); the HTML page is self-contained like the pay-gap report
(:mod:`salesgrid.output.htmlpage`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from salesgrid.core import money
from salesgrid.output import jsonout
from salesgrid.output.htmlpage import esc, page, table
from salesgrid.output.traceout import trace_html, trace_markdown

RULE_NAMES = {
    "chart": "Chart minimums",
    "realm": "Realm",
    "opportunity_finding": "Opportunity finding",
    "external_factors": "External factors",
    "experience_exposure": "Experience and exposure",
    "kpoc": "K-POC",
    "time_in_step": "Time in step",
    "review_interval": "Review interval",
    "failed_kpocs": "Failed K-POCs",
    "corrective_action_plan": "Corrective Action Plan",
}
EXTRAS = (("bonus", "Variable pay"), ("note", "Note"))  # the grid file's words, when it has them
INTRO = (
    "These are the criteria used to set pay and to decide progression (EU Directive 2023/970, "
    "Art. 6). Pay is set by the grid: one amount for each level and step. A move needs every "
    "rule below to hold for the position moved to."
)


def title(doc: Mapping[str, Any]) -> str:
    return f"Pay and progression criteria: {doc['framework']['title']}"


def subtitle(doc: Mapping[str, Any]) -> str:
    grid = doc["grid"]
    return (
        f"Framework {doc['framework']['id']}; grid in force from {grid['in_force_from']} "
        f"(as of {grid['as_of']})"
    )


def threshold_text(rule: Mapping[str, Any]) -> str:
    """A rule's thresholds in words (the chart's table is drawn apart)."""
    t = rule["thresholds"]
    ident = rule["id"]
    if ident == "chart":
        return "minimum rating on each criterion, by target position: see the table"
    if ident == "realm":
        names = ", ".join(r["name"] for r in t["realms"]) or "none"
        return f"realms this framework requires: {names}"
    if ident == "opportunity_finding":
        return f"applies to a target above position {t['above']} (level.step)"
    if ident == "external_factors":
        return f"applies to a target at level {t['from_level']} or higher"
    if ident == "experience_exposure":
        return (
            f"when Experience is rated {t['experience_at_most']} or lower, Exposure must be "
            f"{t['exposure_at_least']} or higher"
        )
    if ident == "time_in_step":
        steps = ", ".join(str(s) for s in t["steps"])
        return f"{t['months']} months in step {steps}"
    if ident == "review_interval":
        return f"at least one review every {t['months']} months"
    if ident == "failed_kpocs":
        return f"{t['at_least']} failed K-POCs in a row"
    return "; ".join(f"{k}: {v}" for k, v in t.items()) or "no threshold"


def grid_rows(doc: Mapping[str, Any]) -> tuple[list[str], list[list[str]]]:
    """The grid's header and rows: a cell is ``1812 BGN`` and its conversions."""
    grid = doc["grid"]
    currencies = grid["currencies"]
    width = max((len(level["steps"]) for level in grid["levels"]), default=0)
    header = ["Level", *(f"Step {n}" for n in range(1, width + 1))]
    rows = []
    for level in grid["levels"]:
        name = f"{level['level']}" + (f" {level['name']}" if level["name"] else "")
        cells = [
            " / ".join(f"{money.human(step[c])} {c}" for c in currencies if c in step)
            for step in level["steps"]
        ]
        rows.append([name, *cells, *([""] * (width - len(cells)))])
    return header, rows


def chart_rows(rule: Mapping[str, Any]) -> tuple[list[str], list[list[str]]]:
    criteria = rule["thresholds"]["criteria"]
    header = ["Position", *(c["name"] for c in criteria)]
    rows = [
        [f"{m['level']}.{m['step']}", *(str(m.get(c["id"], "")) for c in criteria)]
        for m in rule["thresholds"]["minimums"]
    ]
    return header, rows


def statement_text(statement: Mapping[str, Any]) -> str:
    where = statement["kind"] + (f", {statement['domain']}" if statement["domain"] else "")
    return f"{statement['subject']} ({where}): {statement['text']}"


def criteria_json(doc: Mapping[str, Any]) -> str:
    """The structure as JSON, amounts as exact numbers."""
    return jsonout.dumps(doc) + "\n"


# --------------------------------------------------------------------------- markdown


def _md(text: object) -> str:
    """Text safe in a Markdown table cell or line: pipes and markup characters escaped."""
    out = str(text).replace("\\", "\\\\")
    for char in "|*`<>[]":
        out = out.replace(char, "\\" + char)
    return " ".join(out.split())


def _md_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(_md(h) for h in header) + " |"]
    lines.append("|" + "|".join("---" for _ in header) + "|")
    lines += ["| " + " | ".join(_md(c) for c in row) + " |" for row in rows]
    return [*lines, ""]


def criteria_markdown(doc: Mapping[str, Any]) -> str:
    framework, grid = doc["framework"], doc["grid"]
    out = [f"# {_md(title(doc))}", "", _md(INTRO), ""]
    out += [
        "## Pay grid",
        "",
        f"Framework `{framework['id']}` ({_md(framework['path'])} path), pay per month "
        f"({_md(framework['basis'])}) in {_md(framework['currency'])}. Grid in force from "
        f"**{grid['in_force_from']}** (the version in force on {grid['as_of']}); "
        f"date source: {_md(grid['date_source'])}.",
        "",
        *_md_table(*grid_rows(doc)),
        *(f"{label}: {_md(framework[key])}\n" for key, label in EXTRAS if framework.get(key)),
        "## Moves",
        "",
        f"- **Step Up**: {_md(doc['moves']['step_up'])}.",
        f"- **Level Up**: {_md(doc['moves']['level_up'])}.",
        "",
        "## Rules for a Step Up or a Level Up",
        "",
    ]
    for number, rule in enumerate(doc["rules"], start=1):
        out += [
            f"### {number}. {RULE_NAMES.get(rule['id'], rule['id'])}",
            "",
            f"{_md(rule['description'][:1].upper() + rule['description'][1:])}.",
            "",
            f"- Threshold: {_md(threshold_text(rule))}",
            f"- Source: {_md(rule['source'])}",
            "",
        ]
        if rule["id"] == "chart":
            out += _md_table(*chart_rows(rule))
            scale = rule["thresholds"]["scale"]
            out += [f"- `{s['rating']}`: {_md(s['meaning'])}" for s in scale] + [""]
    out += ["## Time rules (warnings: they never block a move)", ""]
    for rule in doc["time_rules"]:
        out.append(
            f"- **{RULE_NAMES.get(rule['id'], rule['id'])}**: {_md(rule['description'])} "
            f"({_md(threshold_text(rule))}). Source: {_md(rule['source'])}"
        )
    landing = doc["landing"]
    out += [
        "",
        "## Landing rule",
        "",
        f"`{landing['rule']}`: {_md(landing['description'])}. Source: {_md(landing['source'])}",
        "",
        "## Competency statements by level",
        "",
    ]
    for level in doc["competencies"]:
        out += [
            f"### Level {level['level']}: {_md(level['name'])}",
            "",
            f"{_md(level['core_duties'])} Differentiator: {_md(level['differentiator'])}.",
            "",
            *(f"- {_md(statement_text(s))}" for s in level["statements"]),
            "",
        ]
    out += trace_markdown(doc.get("provenance"), _md)
    return "\n".join(out).rstrip("\n") + "\n"


# --------------------------------------------------------------------------- html


def _cell(text: str) -> str:
    """A grid cell with each currency on its own line."""
    return "<br>".join(esc(part) for part in text.split(" / "))


def criteria_html(doc: Mapping[str, Any]) -> str:
    framework, grid = doc["framework"], doc["grid"]
    header, rows = grid_rows(doc)
    body = [
        f"<p>{esc(INTRO)}</p>",
        '<section id="grid"><h2>Pay grid</h2>',
        f"<p>Framework <code>{esc(framework['id'])}</code> ({esc(framework['path'])} path), "
        f"pay per month ({esc(framework['basis'])}) in {esc(framework['currency'])}. "
        f"Grid in force from <strong>{esc(grid['in_force_from'])}</strong> (the version in "
        f'force on {esc(grid["as_of"])}).</p><p class="note">Date source: '
        f"{esc(grid['date_source'])}</p>",
        table(
            header,
            [[_cell(c) for c in row] for row in rows],
            ident="grid-table",
            numeric=range(1, len(header)),
        ),
        *(
            f"<p>{esc(label)}: {esc(framework[key])}</p>"
            for key, label in EXTRAS
            if framework.get(key)
        ),
        "</section>",
        '<section id="moves"><h2>Moves</h2><ul>',
        f"<li><strong>Step Up</strong>: {esc(doc['moves']['step_up'])}.</li>",
        f"<li><strong>Level Up</strong>: {esc(doc['moves']['level_up'])}.</li></ul></section>",
        '<section id="rules"><h2>Rules for a Step Up or a Level Up</h2>',
    ]
    for number, rule in enumerate(doc["rules"], start=1):
        description = rule["description"][:1].upper() + rule["description"][1:]
        body.append(
            f'<h3 id="rule-{esc(rule["id"])}">{number}. '
            f"{esc(RULE_NAMES.get(rule['id'], rule['id']))}</h3>"
            f"<p>{esc(description)}.</p><ul><li>Threshold: {esc(threshold_text(rule))}</li>"
            f'<li class="note">Source: {esc(rule["source"])}</li></ul>'
        )
        if rule["id"] == "chart":
            head, cells = chart_rows(rule)
            body.append(table(head, [[esc(c) for c in row] for row in cells], ident="chart"))
            scale = "".join(
                f"<li><code>{esc(s['rating'])}</code>: {esc(s['meaning'])}</li>"
                for s in rule["thresholds"]["scale"]
            )
            body.append(f'<p class="note">The rating scale, lowest first:</p><ul>{scale}</ul>')
    body.append("</section>")
    items = "".join(
        f"<li><strong>{esc(RULE_NAMES.get(r['id'], r['id']))}</strong>: "
        f"{esc(r['description'])} ({esc(threshold_text(r))}). "
        f'<span class="note">Source: {esc(r["source"])}</span></li>'
        for r in doc["time_rules"]
    )
    landing = doc["landing"]
    body += [
        '<section id="time-rules"><h2>Time rules (warnings: they never block a move)</h2>'
        f"<ul>{items}</ul></section>",
        '<section id="landing"><h2>Landing rule</h2>'
        f"<p><code>{esc(landing['rule'])}</code>: {esc(landing['description'])}.</p>"
        f'<p class="note">Source: {esc(landing["source"])}</p></section>',
        '<section id="competencies"><h2>Competency statements by level</h2>',
    ]
    for level in doc["competencies"]:
        statements = "".join(f"<li>{esc(statement_text(s))}</li>" for s in level["statements"])
        body.append(
            f"<h3>Level {esc(level['level'])}: {esc(level['name'])}</h3>"
            f"<p>{esc(level['core_duties'])} Differentiator: "
            f"<strong>{esc(level['differentiator'])}</strong>.</p><ul>{statements}</ul>"
        )
    body.append("</section>")
    body.append(trace_html(doc.get("provenance")))
    return page(title(doc), title(doc), subtitle(doc), "\n".join(body))
