"""Eligibility: every rule of a Level & Step Review checked against one assessment.

Each rule reports its id, whether it passed, the reason in plain words, and the data key it
came from. Warnings never block a move. Pure functions; nothing here reads files.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date
from itertools import product
from typing import NamedTuple

from salesgrid.core.assessment import Assessment
from salesgrid.core.competencies import CRITERIA, RATINGS, CompetenciesFile, Rules
from salesgrid.core.pay import PayCell
from salesgrid.core.positions import Position, parse_position
from salesgrid.core.ratings import RANK as RANK

COMPETENCIES = "competencies.yaml"


class RuleResult(NamedTuple):
    id: str
    passed: bool
    reason: str
    source: str  # the data key behind the verdict


class Warning(NamedTuple):
    id: str
    message: str
    source: str


class Verdict(NamedTuple):
    eligible: bool
    rules: tuple[RuleResult, ...]
    warnings: tuple[Warning, ...]

    @property
    def failing(self) -> list[str]:
        return [rule.id for rule in self.rules if not rule.passed]


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, clamped to the month's end (Feb 29 + 12 months = Feb 28)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _rank(rating: str) -> int:
    return RATINGS.index(rating)


def chart_gap(rules: Rules, target: Position) -> str | None:
    """The competency-file key to add when ``target`` has no chart minimums, else None:
    ``rules.chart.minimums.5`` for a level with none (a grid with more levels than the
    Management Path's four), ``rules.chart.minimums.1.5`` for a step the level lacks."""
    steps = rules.chart.minimums.get(target.level)
    if steps is None:
        return f"rules.chart.minimums.{target.level}"
    if target.step not in steps:
        return f"rules.chart.minimums.{target.level}.{target.step}"
    return None


def chart_gaps(rules: Rules, targets: Iterable[Position]) -> list[str]:
    """The keys :func:`chart_gap` finds for these targets, each once, in order."""
    found = (chart_gap(rules, target) for target in targets)
    return list(dict.fromkeys(key for key in found if key is not None))


def chart_gap_warning(key: str, file: str) -> str:
    """The warning for a missing chart minimum, naming the file and the key to add to it."""
    parts = key.removeprefix("rules.chart.minimums.").split(".")
    what = f"level {parts[0]}" if len(parts) == 1 else ".".join(parts)
    return (
        f"no chart minimums for {what} in {file}: add {key} to it (the chart rule fails "
        "without them)"
    )


def _chart(rules: Rules, assessment: Assessment, target: Position) -> RuleResult:
    key = f"{COMPETENCIES}: rules.chart.minimums.{target.level}.{target.step}"
    minimums = rules.chart.minimums.get(target.level, {}).get(target.step)
    if minimums is None:
        return RuleResult(
            "chart",
            False,
            f"no chart minimums for {target} in the competency file: add "
            f"{chart_gap(rules, target)} to it",
            key,
        )
    short = []
    for criterion in CRITERIA:
        need = minimums.get(criterion)
        if need is None:
            continue
        have = getattr(assessment.ratings, criterion)
        if _rank(have) < _rank(need):
            short.append(f"{criterion} is {have}, {target} needs {need}")
    if short:
        return RuleResult("chart", False, "; ".join(short), key)
    met = ", ".join(
        f"{c} {getattr(assessment.ratings, c)} >= {minimums[c]}" for c in CRITERIA if c in minimums
    )
    return RuleResult("chart", True, f"every criterion meets {target}'s minimum ({met})", key)


def _realm(assessment: Assessment, target: PayCell) -> RuleResult:
    key = f"grid.yaml: frameworks[{target.framework.id}].realms; {COMPETENCIES}: rules.realm"
    required = list(target.framework.realms)
    if not required:
        return RuleResult("realm", True, f"{target.framework.title} requires no realm", key)
    missing = [r for r in required if r not in assessment.realms]
    lacking = [r for r in required if assessment.realms.get(r) is False]
    if missing or lacking:
        parts = []
        if lacking:
            parts.append("not proficient in " + ", ".join(lacking))
        if missing:
            parts.append("no proficiency recorded for " + ", ".join(missing))
        return RuleResult(
            "realm",
            False,
            f"{target.framework.title} requires {', '.join(required)}: " + "; ".join(parts),
            key,
        )
    return RuleResult("realm", True, f"proficient in {', '.join(required)}", key)


def _opportunity_finding(rules: Rules, assessment: Assessment, target: Position) -> RuleResult:
    key = f"{COMPETENCIES}: rules.opportunity_finding.above"
    cap = parse_position(rules.opportunity_finding.above)
    if (target.level, target.step) <= (cap.level, cap.step):
        return RuleResult(
            "opportunity_finding", True, f"not needed: {target} is not above {cap}", key
        )
    if assessment.opportunity_finding_proven:
        return RuleResult(
            "opportunity_finding",
            True,
            f"{target} is above {cap}; opportunity finding is proven",
            key,
        )
    return RuleResult(
        "opportunity_finding",
        False,
        f"{target} is above {cap}, which needs proven opportunity-finding experience "
        "(opportunity_finding_proven is false)",
        key,
    )


def _external_factors(rules: Rules, assessment: Assessment, target: Position) -> RuleResult:
    key = f"{COMPETENCIES}: rules.external_factors.from_level"
    start = rules.external_factors.from_level
    if target.level < start:
        return RuleResult(
            "external_factors",
            True,
            f"not needed below level {start} (target level {target.level})",
            key,
        )
    if assessment.external_factors_proven:
        return RuleResult(
            "external_factors", True, f"level {target.level} needs it; external factors proven", key
        )
    return RuleResult(
        "external_factors",
        False,
        f"level {target.level} needs proven experience in external factors "
        "(external_factors_proven is false)",
        key,
    )


def _experience_exposure(rules: Rules, assessment: Assessment) -> RuleResult:
    key = f"{COMPETENCIES}: rules.experience_exposure"
    rule = rules.experience_exposure
    experience, exposure = assessment.business_experience, assessment.business_exposure
    if _rank(experience) > _rank(rule.experience_at_most):
        return RuleResult(
            "experience_exposure",
            True,
            f"experience is {experience}, above {rule.experience_at_most}: no exposure minimum",
            key,
        )
    if _rank(exposure) >= _rank(rule.exposure_at_least):
        return RuleResult(
            "experience_exposure",
            True,
            f"experience is {experience}, so exposure must be {rule.exposure_at_least} or higher: "
            f"it is {exposure}",
            key,
        )
    return RuleResult(
        "experience_exposure",
        False,
        f"experience is {experience}, so exposure must be {rule.exposure_at_least} or higher: "
        f"it is {exposure}",
        key,
    )


def _kpoc(assessment: Assessment) -> RuleResult:
    key = f"{COMPETENCIES}: rules.kpoc"
    if assessment.kpoc_completed:
        return RuleResult("kpoc", True, "the K-POC from the last review is completed", key)
    return RuleResult("kpoc", False, "the K-POC from the last review is not completed", key)


def review_warnings(
    rules: Rules, assessment: Assessment, start: Position, as_of: date
) -> list[Warning]:
    """Warnings about the person, the same for every move."""
    found = []
    w = rules.warnings
    if start.step in w.time_in_step.steps:
        due = add_months(assessment.in_position_since, w.time_in_step.months)
        if as_of > due:
            found.append(
                Warning(
                    "time_in_step",
                    f"more than {w.time_in_step.months} months in {start}, a step "
                    f"{start.step} position (since {assessment.in_position_since.isoformat()}): "
                    f"{w.time_in_step.description}",
                    f"{COMPETENCIES}: rules.warnings.time_in_step",
                )
            )
    due = add_months(assessment.review_date, w.review_interval.months)
    if as_of > due:
        found.append(
            Warning(
                "review_interval",
                f"no review in the last {w.review_interval.months} months (last: "
                f"{assessment.review_date.isoformat()}): {w.review_interval.description}",
                f"{COMPETENCIES}: rules.warnings.review_interval",
            )
        )
    if assessment.failed_kpocs_in_a_row >= w.failed_kpocs.at_least:
        found.append(
            Warning(
                "failed_kpocs",
                f"{assessment.failed_kpocs_in_a_row} failed K-POCs in a row: "
                f"{w.failed_kpocs.description}",
                f"{COMPETENCIES}: rules.warnings.failed_kpocs",
            )
        )
    if assessment.corrective_action_plan:
        found.append(
            Warning(
                "corrective_action_plan",
                w.corrective_action_plan.description,
                f"{COMPETENCIES}: rules.warnings.corrective_action_plan",
            )
        )
    return found


def evidence_share(
    competencies: CompetenciesFile, assessment: Assessment, level: int
) -> Warning | None:
    """How many of the target level's core statements the assessment cites."""
    if not assessment.evidence:
        return None
    info = next((lv for lv in competencies.levels if lv.number == level), None)
    if info is None or info.mastery is None:
        return None
    core = [s.id for s in competencies.statements if s.kind == "core" and s.tier == info.mastery]
    if not core:
        return None
    cited = sorted(set(assessment.evidence) & set(core))
    share = round(100 * len(cited) / len(core))
    return Warning(
        "evidence_share",
        f"the evidence cites {len(cited)} of the {len(core)} core statements of level {level} "
        f"({info.mastery}): {share}%",
        f"{COMPETENCIES}: statements (kind core, tier {info.mastery})",
    )


def evaluate(
    competencies: CompetenciesFile,
    assessment: Assessment,
    start: Position,
    target: PayCell,
    as_of: date,
) -> Verdict:
    """Every rule for moving to ``target``, and every warning."""
    rules = competencies.rules
    results = (
        _chart(rules, assessment, target.position),
        _realm(assessment, target),
        _opportunity_finding(rules, assessment, target.position),
        _external_factors(rules, assessment, target.position),
        _experience_exposure(rules, assessment),
        _kpoc(assessment),
    )
    warnings = review_warnings(rules, assessment, start, as_of)
    share = evidence_share(competencies, assessment, target.position.level)
    if share is not None:
        warnings.append(share)
    return Verdict(all(r.passed for r in results), results, tuple(warnings))


# --------------------------------------------------------------------------- compiled, for rosters


RULE_ORDER = ("chart", "realm", "opportunity_finding", "external_factors",
              "experience_exposure", "kpoc")  # fmt: skip
#: The failing rule ids for each bit mask of failed rules, ready to write: "chart;kpoc".
FAILING_TEXT = tuple(
    ";".join(rule for bit, rule in enumerate(RULE_ORDER) if mask >> bit & 1) for mask in range(64)
)


class Target(NamedTuple):
    """One move's rules compiled to lookup tables: what a roster row is checked against.

    ``chart_ok`` is indexed by the four criterion ratings as a base-5 number (technical first),
    ``experience_ok`` by experience * 5 + exposure (ranks on the rating scale).
    """

    chart_ok: tuple[bool, ...]
    experience_ok: tuple[bool, ...]
    realms: tuple[str, ...]
    needs_opportunity: bool
    needs_external: bool


def compile_target(rules: Rules, target: PayCell) -> Target:
    minimums = rules.chart.minimums.get(target.position.level, {}).get(target.position.step)
    chart_ok: tuple[bool, ...]
    if minimums is None:
        chart_ok = tuple(False for _ in range(625))
    else:
        need = [RANK[minimums[c]] if c in minimums else 0 for c in CRITERIA]
        chart_ok = tuple(
            all(have >= low for have, low in zip(ranks, need, strict=True))
            for ranks in product(range(5), repeat=4)
        )
    at_most = RANK[rules.experience_exposure.experience_at_most]
    at_least = RANK[rules.experience_exposure.exposure_at_least]
    experience_ok = tuple(
        experience > at_most or exposure >= at_least
        for experience in range(5)
        for exposure in range(5)
    )
    cap = parse_position(rules.opportunity_finding.above)
    pos = target.position
    return Target(
        chart_ok,
        experience_ok,
        tuple(target.framework.realms),
        (pos.level, pos.step) > (cap.level, cap.step),
        pos.level >= rules.external_factors.from_level,
    )


def failing_mask(
    target: Target,
    chart_index: int,
    experience_index: int,
    opportunity_proven: bool,
    external_proven: bool,
    realms: dict[str, bool],
    kpoc_completed: bool,
) -> int:
    """A bit per failed rule, in RULE_ORDER; the same verdicts as :func:`evaluate`."""
    return (
        chart_mask(target, chart_index)
        | experience_mask(target, experience_index)
        | flags_mask(target, opportunity_proven, external_proven, realms, kpoc_completed)
    )


def chart_mask(target: Target, chart_index: int) -> int:
    """The chart rule's bit of :func:`failing_mask`."""
    return 0 if target.chart_ok[chart_index] else 1


def experience_mask(target: Target, experience_index: int) -> int:
    """The experience and exposure rule's bit of :func:`failing_mask`."""
    return 0 if target.experience_ok[experience_index] else 16


def flags_mask(
    target: Target,
    opportunity_proven: bool,
    external_proven: bool,
    realms: dict[str, bool],
    kpoc_completed: bool,
) -> int:
    """The bits of :func:`failing_mask` that yes-or-no values decide: realm, opportunity
    finding, external factors, KPOC."""
    mask = 0
    for realm in target.realms:
        if realms.get(realm) is not True:
            mask |= 2
            break
    if target.needs_opportunity and not opportunity_proven:
        mask |= 4
    if target.needs_external and not external_proven:
        mask |= 8
    if not kpoc_completed:
        mask |= 32
    return mask
