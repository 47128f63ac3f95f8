"""The published pay and progression criteria (``criteria``, EU Pay Transparency Directive
2023/970, Art. 6)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from salesgrid.api.arguments import (
    DayLike,
    PathLike,
    read_day,
    read_text,
)
from salesgrid.api.data import competencies_of, grid_of
from salesgrid.errors import UsageError

if TYPE_CHECKING:
    from salesgrid.core.competencies import CompetenciesFile
    from salesgrid.core.models import GridFile


def criteria(
    framework: str | None = None,
    *,
    as_of: DayLike | None = None,
    grid: PathLike | GridFile | None = None,
    add_grid: PathLike | Sequence[PathLike] = (),
    competencies: PathLike | CompetenciesFile | None = None,
    format: str | None = None,
    employer: str | None = None,
    made_on: DayLike | None = None,
) -> Any:
    """The published pay and progression criteria (``salesgrid criteria``, Directive 2023/970
    Art. 6): the grid version in force on ``as_of`` (None: today) for ``framework`` (None: the
    grid's default), the Step Up and Level Up rules with their thresholds, the time rules, the
    landing rule and the competency statements by level, from ``grid`` and ``competencies``
    (paths or loaded files; None: the packaged ones).

    With ``format`` None, the structure as a dict (the JSON of ``--format json``, amounts as
    Decimal); with ``"markdown"``, ``"html"`` or ``"json"``, the text the command writes.
    The ``provenance`` key traces it (``--employer``): ``employer``, the day, ``made_on``
    (default today) and the name and sha256 of the grid and competency files used.

    >>> found = criteria(as_of="2026-11-22")
    >>> found["grid"]["in_force_from"], found["grid"]["levels"][1]["steps"][2]["EUR"]
    ('2021-11-01', Decimal('2783.99'))
    >>> [rule["id"] for rule in found["rules"]][:3]
    ['chart', 'realm', 'opportunity_finding']
    >>> criteria(as_of="2026-11-22", format="markdown").splitlines()[0]
    '# Pay and progression criteria: Sales Management'
    """
    # the criteria and their renderers: on the first call, not on import
    from salesgrid.api.provenance import api_trace
    from salesgrid.core.criteria import criteria as build
    from salesgrid.output import criteriaout

    renderers = {
        "markdown": criteriaout.criteria_markdown,
        "html": criteriaout.criteria_html,
        "json": criteriaout.criteria_json,
    }
    if format is not None and format not in renderers:
        raise UsageError(f"format {format!r}: give markdown, html, json or None (a dict)")
    framework = read_text(framework, "framework")
    day = read_day(as_of)
    doc = build(grid_of(grid, add_grid), competencies_of(competencies), framework, day)
    doc["provenance"] = api_trace(employer, made_on, (day, day), grid, add_grid,
                                  {"competencies": competencies})  # fmt: skip
    return doc if format is None else renderers[format](doc)
