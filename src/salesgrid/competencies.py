"""Queries over the competency data: which statements a level expects, by domain or text."""

from __future__ import annotations

from typing import NamedTuple

from salesgrid.errors import NotFoundError
from salesgrid.models import CompetenciesFile, Domain, LevelInfo, Statement


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
    raise NotFoundError(f"unknown domain {name!r}: the domains are {known}")


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
