"""The competency file format (``data/competencies.yaml``) and queries over it: which statements
a level expects, by domain or text, and the capability proxy table.

These models are built on first use only: the pay path never reads a competency file.
"""

from __future__ import annotations

from typing import Annotated, Literal, NamedTuple

from pydantic import Field, StrictInt, StringConstraints

from salesgrid.core.landing import LandingRule, RuleText
from salesgrid.core.models import (
    MAX_LEVEL,
    Deferred,
    LevelKey,
    LevelNumber,
    Months,
    NumberKeys,
    Slug,
    Text,
    Url,
)
from salesgrid.core.ratings import CRITERIA as CRITERIA
from salesgrid.core.ratings import RATINGS as RATINGS
from salesgrid.core.ratings import CriterionId as CriterionId
from salesgrid.core.ratings import Rating as Rating
from salesgrid.errors import NotFoundError, clip

StepNumber = Annotated[StrictInt, Field(ge=1, le=MAX_LEVEL)]
StatementId = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z-]*\.[a-z]+\.[1-9][0-9]{0,5}$", max_length=120),
]
#: LEVEL.STEP, each a whole number from 1 to 999999, the notation ``parse_position`` reads.
POSITION_PATTERN = r"^[1-9][0-9]{0,5}\.[1-9][0-9]{0,5}$"
#: A count in a rule or an assessment (failed K-POCs in a row).
Count = Annotated[StrictInt, Field(ge=0, le=999)]


class NsxSource(Deferred):
    title: Text
    soc: Text
    job_zone: Annotated[StrictInt, Field(ge=1, le=5)]
    job_zone_name: Text
    version: Text
    context: Text


class MasteryLevel(Deferred):
    id: Slug
    number: LevelNumber
    name: Text
    role: Text


class DurableTier(Deferred):
    id: Slug
    name: Text
    level: LevelNumber


class Domain(Deferred):
    id: Slug
    name: Text


class LevelInfo(Deferred):
    """One level of the Management Path."""

    number: LevelNumber
    name: Text
    core_duties: Text
    differentiator: Literal["technical", "business", "people", "adaptive", "all"]
    mastery: Slug | None = Field(default=None, description="The matching NSX mastery level id.")
    source: Url


class Statement(Deferred):
    """One NSX statement: a core task, a durable skill or an AI-usage statement."""

    id: StatementId
    kind: Literal["core", "durable", "ai"]
    domain: Slug | None = None
    tier: Slug
    subject: Text
    text: Text
    evidence: list[Text] = Field(default_factory=list)


class Criterion(Deferred):
    id: CriterionId
    name: Text
    completeness: Text
    achievement: Text
    source: Text


class RatingWord(Deferred):
    id: Rating
    meaning: Text


class CapabilityFactor(Deferred):
    id: Slug
    name: Text
    covers: Text


class CapabilityScore(Deferred):
    score: Annotated[StrictInt, Field(ge=1, le=4)]
    name: Text


class CapabilityProxy(Deferred):
    label: Text
    source: Url
    pairs: dict[Rating, list[tuple[StrictInt, StrictInt]]]


class Capability(Deferred):
    source: Text
    factors: list[CapabilityFactor]
    scale: list[CapabilityScore]
    proxy: CapabilityProxy


class RealmFunction(Deferred):
    name: Text
    description: Text


class RealmDescription(Deferred):
    realm: Slug
    label: Text
    sources: list[Text]
    functions: list[RealmFunction]
    key_areas: list[Text]
    sales_stages: list[Text]
    buyer_funnel: list[Text]
    kpis: list[Text]


class ChartRule(RuleText):
    minimums: Annotated[
        dict[LevelKey, Annotated[dict[LevelKey, dict[CriterionId, Rating]], NumberKeys()]],
        NumberKeys(),
    ]


class AbovePositionRule(RuleText):
    above: Annotated[str, StringConstraints(pattern=POSITION_PATTERN)]


class FromLevelRule(RuleText):
    from_level: LevelNumber


class ExperienceExposureRule(RuleText):
    experience_at_most: Rating
    exposure_at_least: Rating


class TimeInStepWarning(RuleText):
    steps: list[StepNumber]
    months: Months


class IntervalWarning(RuleText):
    months: Months


class CountWarning(RuleText):
    at_least: Annotated[Count, Field(ge=1)]


class Warnings(Deferred):
    time_in_step: TimeInStepWarning
    review_interval: IntervalWarning
    failed_kpocs: CountWarning
    corrective_action_plan: RuleText
    evidence_share: RuleText


class Rules(Deferred):
    landing: LandingRule
    chart: ChartRule
    realm: RuleText
    opportunity_finding: AbovePositionRule
    external_factors: FromLevelRule
    experience_exposure: ExperienceExposureRule
    kpoc: RuleText
    warnings: Warnings


class CompetenciesFile(Deferred):
    """``data/competencies.yaml``: what each level of the Management Path expects, and the rules."""

    schema_version: Literal[1]
    nsx: NsxSource | None = None
    mastery_levels: list[MasteryLevel] = Field(default_factory=list)
    durable_tiers: list[DurableTier] = Field(default_factory=list)
    domains: list[Domain] = Field(default_factory=list)
    levels: list[LevelInfo] = Field(min_length=1)
    criteria: list[Criterion] = Field(default_factory=list)
    rating_scale: list[RatingWord] = Field(default_factory=list)
    capability: Capability | None = None
    realm_descriptions: list[RealmDescription] = Field(default_factory=list)
    rules: Rules = Field(description="Every command that moves people needs them.")
    statements: list[Statement] = Field(default_factory=list)


class Entry(NamedTuple):
    statement: Statement
    level: int


def statement_level(data: CompetenciesFile, statement: Statement) -> int:
    """Level i holds mastery level i (core, ai) and durable tier i."""
    if statement.kind == "durable":
        tiers = {t.id: t.level for t in data.durable_tiers}
    else:
        tiers = {m.id: m.number for m in data.mastery_levels}
    return tiers[statement.tier]


def find_level(data: CompetenciesFile, number: int) -> LevelInfo:
    for level in data.levels:
        if level.number == number:
            return level
    raise NotFoundError(f"there is no level {number}: the levels are 1-{len(data.levels)}")


def find_domain(data: CompetenciesFile, name: str) -> Domain:
    """A domain by id or name, any case, spaces or hyphens: 'critical thinking'."""
    wanted = name.strip().lower().replace(" ", "-").replace("_", "-")
    for domain in data.domains:
        if wanted in (domain.id, domain.name.lower().replace(" ", "-")):
            return domain
    known = ", ".join(d.id for d in data.domains)
    raise NotFoundError(f"unknown domain {clip(name)!r}: the domains are {known}")


def select(
    data: CompetenciesFile,
    level: int | None = None,
    domain: str | None = None,
    search: str | None = None,
    kind: str | None = None,
) -> list[Entry]:
    """Statements in file order, narrowed by level, domain, kind and text (all optional)."""
    if level is not None:
        find_level(data, level)
    domain_id = find_domain(data, domain).id if domain is not None else None
    needle = search.casefold() if search else None
    found = []
    for statement in data.statements:
        number = statement_level(data, statement)
        if level is not None and number != level:
            continue
        if domain_id is not None and statement.domain != domain_id:
            continue
        if kind is not None and statement.kind != kind:
            continue
        if needle and needle not in f"{statement.subject} {statement.text}".casefold():
            continue
        found.append(Entry(statement, number))
    return found


UNCLASSIFIED = "unclassified"


def capability_rating(data: CompetenciesFile, general: int, internal: int) -> str:
    """The rating a (General, Internal) factor-score pair maps to in the historical proxy table,
    or ``unclassified`` for a pair the table does not cover, e.g. (1, 3)."""
    if data.capability is None:
        return UNCLASSIFIED
    for rating, pairs in data.capability.proxy.pairs.items():
        if (general, internal) in pairs:
            return rating
    return UNCLASSIFIED
