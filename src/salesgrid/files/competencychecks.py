"""The checks across the fields of a competency file: levels numbered in order, known mastery
levels, domains and tiers, statement ids as counted, proxy pairs placed once.

Imported by :mod:`~salesgrid.files.loader` only when a competency file is checked, with the
competency models; a grid or payroll file never needs them.
"""

from __future__ import annotations

from salesgrid.core.competencies import CompetenciesFile
from salesgrid.files.linemap import Finding, PathKey


def check_competencies(data: CompetenciesFile) -> list[Finding]:
    findings: list[Finding] = []
    numbers = [level.number for level in data.levels]
    if numbers != list(range(1, len(numbers) + 1)):
        findings.append(
            (("levels",), f"levels must be numbered 1, 2, 3... in order (got {numbers})", "error")
        )
    mastery = {m.id for m in data.mastery_levels}
    for index, level in enumerate(data.levels):
        if level.mastery is not None and level.mastery not in mastery:
            findings.append(
                (("levels", index, "mastery"), f"unknown mastery level {level.mastery!r}", "error")
            )
    findings.extend(_check_statements(data, mastery))
    if data.capability is not None:
        placed: dict[tuple[int, int], str] = {}
        for rating, pairs in data.capability.proxy.pairs.items():
            for p_index, pair in enumerate(pairs):
                where: PathKey = ("capability", "proxy", "pairs", rating, p_index)
                if not all(1 <= score <= 4 for score in pair):
                    findings.append((where, f"scores run from 1 to 4 (got {list(pair)})", "error"))
                if pair in placed:
                    findings.append(
                        (where, f"{list(pair)} is already listed under {placed[pair]}", "error")
                    )
                placed.setdefault(pair, rating)
    return findings


def _check_statements(data: CompetenciesFile, mastery: set[str]) -> list[Finding]:
    findings: list[Finding] = []
    tiers = {t.id for t in data.durable_tiers}
    domains = {d.id for d in data.domains}
    seen: dict[str, int] = {}
    counters: dict[tuple[str, str], int] = {}
    for index, st in enumerate(data.statements):
        at: PathKey = ("statements", index)
        if st.id in seen:
            message = f"statement id {st.id!r} is used twice (first: statements[{seen[st.id]}])"
            findings.append(((*at, "id"), message, "error"))
        seen.setdefault(st.id, index)
        if st.kind == "durable":
            if st.domain not in domains:
                message = f"unknown domain {st.domain!r}: list it under 'domains'"
                findings.append(((*at, "domain"), message, "error"))
            if st.tier not in tiers:
                findings.append(((*at, "tier"), f"unknown durable tier {st.tier!r}", "error"))
            prefix = st.domain or ""
        else:
            if st.domain is not None:
                findings.append(((*at, "domain"), f"a {st.kind} statement has no domain", "error"))
            if st.tier not in mastery:
                findings.append(((*at, "tier"), f"unknown mastery level {st.tier!r}", "error"))
            prefix = st.kind
        number = counters.get((prefix, st.tier), 0) + 1
        counters[(prefix, st.tier)] = number
        expected = f"{prefix}.{st.tier}.{number}"
        if st.id != expected:
            message = (
                f"id {st.id!r} should be {expected!r}: kind or domain, tier, and its number "
                "within the tier, counted in file order"
            )
            findings.append(((*at, "id"), message, "error"))
    return findings
