"""A row's eligibility verdicts: where each assessment value sits in a row (:class:`Columns`),
the row judged as `promote --assessment` judges it (:func:`judge`: clean values by a few
lookups, anything else carefully, with a reason), and the verdicts of two failed-rule masks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from salesgrid.batch.columns import ASSESSMENT_COLUMNS, BOOLEAN_WORDS, TRUE_WORDS, as_whole
from salesgrid.core.ratings import RANK
from salesgrid.errors import clip

if TYPE_CHECKING:
    from salesgrid.batch.spec import Resolved, RosterSpec


class Verdicts(NamedTuple):
    step_up: bool | None
    level_up: bool | None
    text: tuple[str, str, str]


NO_VERDICT = Verdicts(None, None, ("", "", ""))
#: The eligibility rules' compiled checks, imported by the first roster with assessment
#: columns (a pay-only roster never loads the competency models).
failing_mask: Callable[..., int]
FAILING_TEXT: tuple[str, ...]


def bind_eligibility() -> None:
    """Bind the eligibility rules' compiled checks (a roster with assessment columns)."""
    global failing_mask, FAILING_TEXT
    from salesgrid.core import eligibility  # never loaded by a pay-only roster

    failing_mask, FAILING_TEXT = eligibility.failing_mask, eligibility.FAILING_TEXT


class Columns(NamedTuple):
    """Where each assessment value sits in a row."""

    since: int
    review: int
    ratings: tuple[int, int, int, int]
    experience: int
    exposure: int
    opportunity: int
    external: int
    kpoc: int
    failed_kpocs: int
    cap: int
    realms: tuple[tuple[int, str, str], ...]  # (index, column, realm)
    required: tuple[int, ...]


def columns_of(spec: RosterSpec) -> Columns:
    w = spec.where
    return Columns(
        w["in_position_since"], w["review_date"],
        (w["rating_technical"], w["rating_business"], w["rating_people"], w["rating_adaptive"]),
        w["business_experience"], w["business_exposure"], w["opportunity_finding_proven"],
        w["external_factors_proven"], w["kpoc_completed"], w["failed_kpocs_in_a_row"],
        w["corrective_action_plan"],
        tuple((w[column], column, realm) for column, realm in spec.realm_columns.items()),
        tuple(w[c] for c in ASSESSMENT_COLUMNS),
    )  # fmt: skip


def judge(spec: RosterSpec, cols: Columns, resolved: Resolved, row: list[str]) -> Verdicts | str:
    """The eligibility of one row (the same verdicts as `promote --assessment`), or why not.

    Clean values take the fast path: a few dictionary lookups and two table lookups per move.
    Anything else (spaces, capitals, empty or wrong values) goes to :func:`_judge_carefully`.
    """
    rank = RANK.get
    word = TRUE_WORDS.get
    t, b, p, a = cols.ratings
    technical, business, people, adaptive = rank(row[t]), rank(row[b]), rank(row[p]), rank(row[a])
    experience, exposure = rank(row[cols.experience]), rank(row[cols.exposure])
    opportunity, external = word(row[cols.opportunity]), word(row[cols.external])
    kpoc, cap = word(row[cols.kpoc]), word(row[cols.cap])
    since = spec.dates["in_position_since"].get(row[cols.since])
    review = spec.dates["review_date"].get(row[cols.review])
    if (
        technical is None or business is None or people is None or adaptive is None
        or experience is None or exposure is None or opportunity is None or external is None
        or kpoc is None or cap is None or since is None or review is None
        or since.__class__ is str or review.__class__ is str
        or not row[cols.failed_kpocs].isdigit()
        or not row[cols.failed_kpocs].isascii()
    ):  # fmt: skip
        return _judge_carefully(spec, cols, resolved, row)
    if review < since:  # type: ignore[operator]
        return f"review_date {review} is before in_position_since {since}: check both"
    realms = realm_flags(cols.realms, [row[index] for index, _, _ in cols.realms])
    if realms is None:
        return _judge_carefully(spec, cols, resolved, row)
    return _verdicts(
        resolved,
        ((technical * 5 + business) * 5 + people) * 5 + adaptive,
        experience * 5 + exposure,
        opportunity, external, realms, kpoc,
    )  # fmt: skip


def realm_flags(realms: tuple[tuple[int, str, str], ...], words: Any) -> dict[str, bool] | None:
    """The realm columns' yes-or-no words as written (an empty one: not given), or None if
    one is no such word as written (the careful check reads spaces and capitals)."""
    flags: dict[str, bool] = {}
    for (_, _, realm), word in zip(realms, words, strict=True):
        flag = TRUE_WORDS.get(word)
        if flag is None:
            if word:
                return None
            continue
        flags[realm] = flag
    return flags


def _verdicts(
    resolved: Resolved,
    chart_index: int,
    experience_index: int,
    opportunity: bool,
    external: bool,
    realms: dict[str, bool],
    kpoc: bool,
) -> Verdicts:
    step = level = -1  # -1: no such move
    if resolved.step_target is not None:
        step = failing_mask(resolved.step_target, chart_index, experience_index,
                            opportunity, external, realms, kpoc)  # fmt: skip
    if resolved.level_target is not None:
        level = failing_mask(resolved.level_target, chart_index, experience_index,
                             opportunity, external, realms, kpoc)  # fmt: skip
    found = _VERDICTS.get((step, level))
    if found is None:
        found = _VERDICTS[(step, level)] = verdicts_of(step, level)
    return found


def verdicts_of(step: int, level: int) -> Verdicts:
    """The verdicts for two failed-rule masks (-1: no such move)."""
    step_up = None if step < 0 else step == 0
    level_up = None if level < 0 else level == 0
    checked = step if step >= 0 else level  # what `promote --check` checks
    return Verdicts(
        step_up,
        level_up,
        ("" if step_up is None else ("true" if step_up else "false"),
         "" if level_up is None else ("true" if level_up else "false"),
         FAILING_TEXT[checked] if checked > 0 else ""),
    )  # fmt: skip


_VERDICTS: dict[tuple[int, int], Verdicts] = {}
#: The columns of a roster without an assessment but with an actual pay (never read).
NO_COLUMNS = Columns(0, 0, (0, 0, 0, 0), 0, 0, 0, 0, 0, 0, 0, (), ())


def _judge_carefully(
    spec: RosterSpec, cols: Columns, resolved: Resolved, row: list[str]
) -> Verdicts | str:
    """Every check with a reason: empty values, spaces, capitals, wrong words, bad dates."""
    empty = [i for i in cols.required if not row[i].strip()]
    if len(empty) == len(cols.required):
        return NO_VERDICT  # no assessment for this person: eligibility stays empty
    if empty:
        names = [spec.header[i] for i in empty]
        return (
            f"missing assessment values: {', '.join(names)} (fill them, or leave every "
            "assessment column empty)"
        )
    since = spec.day("in_position_since", row[cols.since])
    if isinstance(since, str):
        return since
    review = spec.day("review_date", row[cols.review])
    if isinstance(review, str):
        return review
    if review < since:
        return f"review_date {review} is before in_position_since {since}: check both"
    ranks = []
    for index in (*cols.ratings, cols.experience, cols.exposure):
        rank = RANK.get(row[index].strip().lower())
        if rank is None:
            return (
                f"{spec.header[index]}: {clip(row[index])!r} is not a rating (incomplete, initial, "
                "managed, defined, optimal)"
            )
        ranks.append(rank)
    flags = []
    for index in (cols.opportunity, cols.external, cols.kpoc, cols.cap):
        flag = TRUE_WORDS.get(row[index].strip().lower())
        if flag is None:
            return f"{spec.header[index]}: {clip(row[index])!r} is not a boolean ({BOOLEAN_WORDS})"
        flags.append(flag)
    count = as_whole(row[cols.failed_kpocs])
    if not (count.isdigit() and count.isascii()):  # not '²' nor another script's digits
        shown = clip(row[cols.failed_kpocs])
        return f"failed_kpocs_in_a_row: {shown!r} is not a whole number from 0"
    realms: dict[str, bool] = {}
    for index, column, realm in cols.realms:
        text = row[index].strip()
        if text:
            flag = TRUE_WORDS.get(text.lower())
            if flag is None:
                return f"{column}: {clip(row[index])!r} is not a boolean ({BOOLEAN_WORDS})"
            realms[realm] = flag
    return _verdicts(
        resolved,
        ((ranks[0] * 5 + ranks[1]) * 5 + ranks[2]) * 5 + ranks[3],
        ranks[4] * 5 + ranks[5],
        flags[0], flags[1], realms, flags[2],
    )  # fmt: skip
