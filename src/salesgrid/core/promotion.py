"""One person's next moves: what each means in pay and, with a review, whether it is allowed.

The one computation behind ``salesgrid promote`` and :func:`salesgrid.promote`: the move asked
about (a target position or framework) or the natural ones (Step Up, Level Up by the landing
rule), and for each, with an assessment, the verdict of every eligibility rule.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from salesgrid.core.landing import LandingRule
from salesgrid.core.moves import Moves, move_to, natural_moves
from salesgrid.core.pay import pay

if TYPE_CHECKING:
    from salesgrid.core.assessment import Assessment
    from salesgrid.core.competencies import CompetenciesFile
    from salesgrid.core.eligibility import Verdict
    from salesgrid.core.models import GridFile
    from salesgrid.core.positions import Position


class Considered(NamedTuple):
    """The moves from a position, and each move's verdict (by its index) when judged."""

    moves: Moves
    verdicts: dict[int, Verdict]


def consider(
    grid: GridFile,
    competencies: CompetenciesFile | LandingRule,
    framework: str | None,
    start: Position,
    as_of: date,
    target: Position | None = None,
    to_framework: str | None = None,
    review: Assessment | None = None,
) -> Considered:
    """The moves from ``start`` (to ``target`` or ``to_framework`` if given, else the Step Up
    and the Level Up), judged against ``review`` when there is one. Without a review the
    landing rule alone will do for ``competencies`` (:func:`~salesgrid.files.loader.load_landing`):
    a move preview never builds the competency models."""
    cell = pay(grid, framework, start, as_of)
    landing = competencies if isinstance(competencies, LandingRule) else competencies.rules.landing
    if target is not None or to_framework is not None:
        result = move_to(grid, cell, as_of, landing, target, to_framework)
    else:
        result = natural_moves(grid, cell, as_of, landing)
    if review is None:
        return Considered(result, {})
    if isinstance(competencies, LandingRule):  # pragma: no cover - callers pass the whole file
        raise ValueError("a review is judged against the whole competency file, not one rule")
    from salesgrid.core.eligibility import evaluate  # only when a review is judged

    return Considered(
        result,
        {
            index: evaluate(competencies, review, cell.position, move.target, as_of)
            for index, move in enumerate(result.moves)
        },
    )
