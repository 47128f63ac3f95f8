"""Progression: what a Step Up, a Level Up or an asked-for move means (``promote``), and with
an assessment (a file or a mapping) whether the person is eligible."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from salesgrid.api.arguments import (
    DayLike,
    PathLike,
    PositionLike,
    read_day,
    read_path,
    read_position,
    read_text,
)
from salesgrid.api.data import chart_gap_warner, competencies_of, grid_of
from salesgrid.api.results import Promotion, promotion_result
from salesgrid.errors import UsageError

if TYPE_CHECKING:
    from salesgrid.core.competencies import CompetenciesFile
    from salesgrid.core.models import GridFile


def _assessment(
    value: PathLike | Mapping[str, Any], grid: GridFile, comp: CompetenciesFile, day: date
) -> Any:
    from salesgrid.files import loader  # the assessment format: only with an assessment

    if isinstance(value, Mapping):
        from salesgrid.files.linemap import LineMap  # only for an assessment as a mapping

        return loader.check_assessment(dict(value), "(assessment)", LineMap(), grid, comp, day)
    return loader.load_assessment(read_path(value, "assessment"), grid, comp, day)


def promote(
    position: PositionLike | None = None,
    *,
    to: PositionLike | None = None,
    to_framework: str | None = None,
    framework: str | None = None,
    assessment: PathLike | Mapping[str, Any] | None = None,
    as_of: DayLike | None = None,
    grid: PathLike | GridFile | None = None,
    add_grid: PathLike | Sequence[PathLike] = (),
    competencies: PathLike | CompetenciesFile | None = None,
    currency: str | None = None,
    explain: bool = False,
) -> Promotion:
    """What a Step Up or Level Up from ``position`` means, and with an ``assessment``
    whether the person is eligible (``salesgrid promote``).

    ``to`` asks about any target (a skip is flagged, a lower position is ``down``);
    ``to_framework`` about a move into another framework. ``assessment`` is a file (YAML or
    JSON) or a mapping with the same fields (``examples/assessment.yaml``), checked as the
    file would be (problems raise :class:`~salesgrid.errors.DataFileError`); ``position`` then
    defaults to its position and ``framework`` to its framework. ``explain`` adds every
    number's rule and data key to each move.

    >>> moves = promote("1.4", as_of="2026-11-22")
    >>> [(m.kind, m.to.position, m.delta["BGN"]) for m in moves.moves]
    [('level_up', '2.1', Decimal('533'))]
    >>> moves.notes[0]
    '1.4 is the top step of level 1: no Step Up; the way on is a Level Up'
    >>> review = promote(assessment="examples/assessment.yaml", as_of="2026-11-22")
    >>> [(m.kind, m.eligible) for m in review.moves], review.eligible
    ([('step_up', True), ('level_up', False)], True)
    """
    # the core and the record: on the first call, so import salesgrid.api stays cheap
    from salesgrid.core.conversion import check_currency
    from salesgrid.core.positions import parse_position
    from salesgrid.core.promotion import consider
    from salesgrid.output import render

    start_at = None if position is None else read_position(position)
    target_at = None if to is None else read_position(to, "to")
    framework, currency = read_text(framework, "framework"), read_text(currency, "currency")
    to_framework = read_text(to_framework, "to_framework")
    day = read_day(as_of)
    data = grid_of(grid, add_grid)
    chosen = check_currency(data, currency)
    comp = competencies_of(competencies)
    review = None
    if assessment is not None:
        review = _assessment(assessment, data, comp, day)
        own = parse_position(review.position)
        if start_at is not None and start_at != own:
            raise UsageError(
                f"position {start_at} disagrees with the assessment's position {own}: "
                "leave out position or correct the assessment"
            )
        start_at = own
        if review.framework is not None:
            if framework is not None and framework != review.framework:
                raise UsageError(
                    f"framework {framework} disagrees with the assessment's framework "
                    f"{review.framework}: leave out framework or correct the assessment"
                )
            framework = review.framework
    if start_at is None:
        raise UsageError("give a position (the position now) or an assessment")
    result, verdicts = consider(
        data, comp, framework, start_at, day, target_at, to_framework, review
    )
    if verdicts:
        from salesgrid.core.eligibility import chart_gaps  # only when moves were checked

        warn = chart_gap_warner(competencies, stacklevel=3)
        for key in chart_gaps(comp.rules, [move.target.position for move in result.moves]):
            warn(key)
    employee = review.employee if review is not None else None
    return promotion_result(render.promote_record(result, chosen, verdicts, explain, employee))
