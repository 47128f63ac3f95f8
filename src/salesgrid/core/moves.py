"""Moves between positions: Step Up, Level Up, skips, moves down and into other frameworks.

Pure functions over the loaded grid and the landing rule from the competency file.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import NamedTuple

from salesgrid.core import money
from salesgrid.core.landing import LandingRule
from salesgrid.core.models import Framework, GridFile, GridVersion
from salesgrid.core.pay import PayCell, find_framework, pay, version_in_force
from salesgrid.core.positions import Position
from salesgrid.errors import NotFoundError, UsageError, counted

MONTHS_PER_YEAR = 12


class Landing(NamedTuple):
    """Which step a Level Up (or a move into another framework) lands on, and why."""

    position: Position
    rule: str
    reason: str


class Move(NamedTuple):
    kind: str  # step_up | level_up | skip | lateral | down
    start: PayCell
    target: PayCell
    landing: Landing | None
    warnings: tuple[str, ...]

    @property
    def delta(self) -> dict[str, Decimal]:
        """After minus before, in every currency (each side converted on its own)."""
        return {c: self.target.amounts[c] - self.start.amounts[c] for c in self.start.amounts}

    @property
    def delta_pct(self) -> Decimal:
        """The change in percent of the pay before, in the grid's currency, half up to 0.01."""
        before = self.start.amount
        change = self.target.amount_in(self.start.currency) - before
        return money.round_to(change * 100 / before, 2, "half_up")

    @property
    def annual_delta(self) -> dict[str, Decimal]:
        return {c: d * MONTHS_PER_YEAR for c, d in self.delta.items()}


class Moves(NamedTuple):
    start: PayCell
    moves: tuple[Move, ...]
    notes: tuple[str, ...]


def land(
    framework: Framework, version: GridVersion, level: int, current: Decimal, rule: LandingRule
) -> Landing:
    """The step of ``level`` that a move from pay ``current`` lands on, by the landing rule."""
    steps = version.levels[level]
    if rule.rule == "first_step":
        return Landing(Position(level, 1), rule.rule, f"{rule.rule}: always step 1")
    for index, amount in enumerate(steps, start=1):
        if amount >= current:
            return Landing(
                Position(level, index),
                rule.rule,
                f"{rule.rule}: {level}.{index} is the lowest step of level {level} paying at least "
                f"{money.human(current)} ({money.human(amount)})",
            )
    top = Position(level, len(steps))
    return Landing(
        top,
        rule.rule,
        f"{rule.rule}: no step of level {level} in {framework.title} pays {money.human(current)} "
        f"or more, so the top step {top}",
    )


def _pay_change_warnings(start: PayCell, target: PayCell, kind: str) -> list[str]:
    if start.currency not in target.amounts:
        return []  # no common currency: no comparison to state
    change = target.amounts[start.currency] - start.amount  # across frameworks in any currency
    if change < 0:
        return [
            f"this {kind.replace('_', ' ')} lowers pay by {money.human(-change)} {start.currency}"
        ]
    if change == 0:
        return ["pay does not change"]
    return []


def _top_note(framework: Framework, version: GridVersion) -> str:
    return (
        f"{framework.title} ends at level {len(version.levels)}: the way on is another framework "
        "(--to-framework ID)"
    )


def step_up(grid: GridFile, start: PayCell, as_of: date) -> Move | None:
    steps = start.version.levels[start.position.level]
    if start.position.step >= len(steps):
        return None
    target = pay(
        grid, start.framework.id, Position(start.position.level, start.position.step + 1), as_of
    )
    return Move(
        "step_up", start, target, None, tuple(_pay_change_warnings(start, target, "step_up"))
    )


def level_up(grid: GridFile, start: PayCell, as_of: date, rule: LandingRule) -> Move | None:
    next_level = start.position.level + 1
    if next_level not in start.version.levels:
        return None
    landing = land(start.framework, start.version, next_level, start.amount, rule)
    target = pay(grid, start.framework.id, landing.position, as_of)
    warnings = _pay_change_warnings(start, target, "level_up")
    first = start.version.levels[next_level][0]
    if landing.position.step != 1 and first < start.amount:
        warnings.append(
            f"step 1 of level {next_level} pays {money.human(first)}, less than now: the landing "
            f"rule chose {landing.position}"
        )
    if next_level == len(start.version.levels):
        warnings.append(_top_note(start.framework, start.version))
    return Move("level_up", start, target, landing, tuple(warnings))


def natural_moves(grid: GridFile, start: PayCell, as_of: date, rule: LandingRule) -> Moves:
    """The Step Up and the Level Up from ``start``, with notes where one does not exist."""
    found: list[Move] = []
    notes: list[str] = []
    up = step_up(grid, start, as_of)
    level = level_up(grid, start, as_of, rule)
    if up is not None:
        found.append(up)
    elif level is not None:  # at the top of the framework, its end is the only note
        notes.append(
            f"{start.position} is the top step of level {start.position.level}: no Step Up; "
            "the way on is a Level Up"
        )
    if level is None:
        notes.append(_top_note(start.framework, start.version))
    else:
        found.append(level)
    return Moves(start, tuple(found), tuple(notes))


def move_to(
    grid: GridFile,
    start: PayCell,
    as_of: date,
    rule: LandingRule,
    target_position: Position | None,
    target_framework: str | None,
) -> Moves:
    """One asked-for move: ``--to`` and/or ``--to-framework``."""
    other = find_framework(grid, target_framework) if target_framework else start.framework
    if other.id != start.framework.id:
        version = version_in_force(other, as_of)
        if target_position is None:
            level = start.position.level
            if level not in version.levels:
                raise NotFoundError(
                    f"{other.title} has levels 1-{len(version.levels)}, no level {level}: give "
                    "the target position with --to L.S"
                )
            landing: Landing | None = land(other, version, level, start.amount, rule)
            assert landing is not None
            target_position = landing.position
        else:
            landing = None
        target = pay(grid, other.id, target_position, as_of)
        warnings = _pay_change_warnings(start, target, "move")
        if target.position.level != start.position.level:
            warnings.append(
                f"the level changes too: {start.position.level} to {target.position.level}"
            )
        return Moves(start, (Move("lateral", start, target, landing, tuple(warnings)),), ())
    if target_position is None:  # pragma: no cover - the CLI asks for one of the two
        raise UsageError("give --to L.S or --to-framework ID")
    if target_position == start.position:
        raise UsageError(f"--to {target_position} is the position moved from: give another one")
    target = pay(grid, start.framework.id, target_position, as_of)
    natural = natural_moves(grid, start, as_of, rule)
    for move in natural.moves:
        if move.target.position == target_position:
            return Moves(start, (move,), ())
    s, t = start.position, target_position
    if (t.level, t.step) < (s.level, s.step):
        warnings = ["a move down: the handbook defines no demotion process"]
        warnings += _pay_change_warnings(start, target, "move")
        return Moves(start, (Move("down", start, target, None, tuple(warnings)),), ())
    skipped = _describe_skip(start, target)
    warnings = [
        f"a skip: {skipped}; allowed, but the handbook describes one Step Up or Level Up at a time"
    ]
    warnings += _pay_change_warnings(start, target, "skip")
    if t.level == len(start.version.levels) and t.level > s.level:
        warnings.append(_top_note(start.framework, start.version))
    return Moves(start, (Move("skip", start, target, None, tuple(warnings)),), ())


def _describe_skip(start: PayCell, target: PayCell) -> str:
    s, t = start.position, target.position
    if t.level == s.level:
        return f"{counted(t.step - s.step - 1, 'step')} passed over within level {s.level}"
    levels = t.level - s.level
    return f"{counted(levels, 'level')} up at once, landing on step {t.step}"
