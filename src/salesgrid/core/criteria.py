"""The published pay and progression criteria (EU Directive 2023/970, Art. 6), from the data.

:func:`criteria` gathers, for one framework on one day, everything a worker may read about how
pay is set and how people progress: the grid version in force (its effective date and every
cell), the rules of a Step Up and a Level Up with their thresholds, the time rules, the landing
rule and the competency statements by level. Every number comes from the grid and competency
files, so an edited file shows in the criteria. Pure: the result is a JSON-ready dict.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from salesgrid.core.competencies import CompetenciesFile, select
from salesgrid.core.conversion import conversions_from, convert
from salesgrid.core.models import GridFile
from salesgrid.core.pay import find_framework, version_in_force
from salesgrid.core.words import ENGLISH, Words


def moves(words: Words = ENGLISH) -> dict[str, str]:
    """What each move is (the rules say when it is allowed), in the language of ``words``."""
    return {
        "step_up": words.t(
            "the next step of the same level, when every rule holds for that position"
        ),
        "level_up": words.t(
            "step 1 of the next level, or the step the landing rule chooses, when every "
            "rule holds for that position"
        ),
    }


#: What each move is, in English (the JSON's words).
MOVES = moves()


def criteria(
    grid: GridFile,
    competencies: CompetenciesFile,
    framework_id: str | None,
    as_of: date,
) -> dict[str, Any]:
    """The criteria of ``framework_id`` (the grid's default if None) on ``as_of``."""
    framework = find_framework(grid, framework_id)
    version = version_in_force(framework, as_of)
    names: dict[int, str] = {}
    if framework.path == "management":  # the competency file's levels are the Management Path's
        names = {level.number: level.name for level in competencies.levels}
    names.update(framework.level_names or {})  # the grid file's names win, as in tables
    conversions = list(conversions_from(grid, framework.currency).values())
    levels = []
    for level, amounts in sorted(version.levels.items()):
        steps = []
        for step, amount in enumerate(amounts, start=1):
            cell: dict[str, Any] = {"step": step, framework.currency: amount}
            for conversion in conversions:
                cell[conversion.to_currency] = convert(amount, conversion).amount
            steps.append(cell)
        levels.append({"level": level, "name": names.get(level), "steps": steps})
    rules = competencies.rules
    return {
        "framework": {
            "id": framework.id,
            "title": framework.title,
            "path": framework.path,
            "currency": framework.currency,
            "basis": framework.basis,
            "source": framework.source,
            "bonus": framework.bonus,
            "note": framework.note,
        },
        "grid": {
            "as_of": as_of.isoformat(),
            "in_force_from": version.in_force_from.isoformat(),
            "date_source": version.date_source,
            "currencies": [framework.currency, *(c.to_currency for c in conversions)],
            "levels": levels,
        },
        "moves": dict(MOVES),
        "rules": _rules(grid, competencies, framework.realms, sorted(version.levels)),
        "time_rules": _time_rules(competencies),
        "landing": {
            "rule": rules.landing.rule,
            "description": rules.landing.description,
            "source": rules.landing.source,
        },
        "competencies": _statements(competencies, names),
    }


def _rules(
    grid: GridFile, competencies: CompetenciesFile, realms: list[str], levels: list[int]
) -> list[dict[str, Any]]:
    """Every rule of a Step Up and a Level Up, checked against the target position."""
    rules = competencies.rules
    minimums = [
        {"level": level, "step": step, **found}
        for level in levels
        for step, found in sorted(rules.chart.minimums.get(level, {}).items())
    ]
    named = [{"id": c.id, "name": c.name} for c in competencies.criteria]
    chart = {"criteria": named, "minimums": minimums, "scale": _scale(competencies)}
    return [
        _rule("chart", rules.chart, chart),
        _rule(
            "realm",
            rules.realm,
            {"realms": [{"id": r, "name": grid.realms.get(r, r)} for r in realms]},
        ),
        _rule(
            "opportunity_finding",
            rules.opportunity_finding,
            {"above": rules.opportunity_finding.above},
        ),
        _rule(
            "external_factors",
            rules.external_factors,
            {"from_level": rules.external_factors.from_level},
        ),
        _rule(
            "experience_exposure",
            rules.experience_exposure,
            {
                "experience_at_most": rules.experience_exposure.experience_at_most,
                "exposure_at_least": rules.experience_exposure.exposure_at_least,
            },
        ),
        _rule("kpoc", rules.kpoc, {}),
    ]


def _rule(ident: str, rule: Any, thresholds: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": ident,
        "applies_to": ["step_up", "level_up"],
        "description": rule.description,
        "thresholds": thresholds,
        "source": rule.source,
    }


def _scale(competencies: CompetenciesFile) -> list[dict[str, str]]:
    return [{"rating": r.id, "meaning": r.meaning} for r in competencies.rating_scale]


def _time_rules(competencies: CompetenciesFile) -> list[dict[str, Any]]:
    """The warnings a review gives: time limits and what never blocks a move."""
    w = competencies.rules.warnings
    found: list[tuple[str, Any, dict[str, Any]]] = [
        (
            "time_in_step",
            w.time_in_step,
            {"steps": w.time_in_step.steps, "months": w.time_in_step.months},
        ),
        ("review_interval", w.review_interval, {"months": w.review_interval.months}),
        ("failed_kpocs", w.failed_kpocs, {"at_least": w.failed_kpocs.at_least}),
        ("corrective_action_plan", w.corrective_action_plan, {}),
    ]
    return [
        {
            "id": ident,
            "description": rule.description,
            "thresholds": values,
            "source": rule.source,
            "blocks_a_move": False,
        }
        for ident, rule, values in found
    ]


def _statements(competencies: CompetenciesFile, names: Mapping[int, str]) -> list[dict[str, Any]]:
    """Each level of the competency file with what it expects, statements in file order."""
    domains = {d.id: d.name for d in competencies.domains}
    out = []
    for level in competencies.levels:
        entries = select(competencies, level.number)
        out.append(
            {
                "level": level.number,
                "name": names.get(level.number, level.name),
                "core_duties": level.core_duties,
                "differentiator": level.differentiator,
                "statements": [
                    {
                        "id": e.statement.id,
                        "kind": e.statement.kind,
                        "domain": domains.get(e.statement.domain or "", e.statement.domain),
                        "subject": e.statement.subject,
                        "text": e.statement.text,
                    }
                    for e in entries
                ],
            }
        )
    return out
