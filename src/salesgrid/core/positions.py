"""Positions on a grid and the one notation for them: ``L.S`` (level.step).

``1.4`` is Level 1 Step 4 and ``1.10`` is Level 1 Step 10: the dot separates two whole
numbers, it is never a decimal point. Leading zeros are refused (``1.04`` would read as a
decimal number to a person, so it is ambiguous).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from salesgrid.errors import UsageError, clip

_NUMBER = r"[1-9][0-9]{0,5}"
_POSITION = re.compile(rf"({_NUMBER})\.({_NUMBER})")
_WHOLE = re.compile(_NUMBER)


class Position(NamedTuple):
    """A level and a step, both counted from 1."""

    level: int
    step: int

    def __str__(self) -> str:
        return f"{self.level}.{self.step}"


def _hint(text: str) -> str:
    return (
        f"{clip(text)!r} is not a position: write LEVEL.STEP with whole numbers from 1 to 999999, "
        "e.g. 2.3 for Level 2 Step 3 (1.10 is step 10)"
    )


def parse_position(text: str) -> Position:
    """Parse ``L.S``; raise :class:`UsageError` with a fix for anything else."""
    candidate = text.strip()
    match = _POSITION.fullmatch(candidate)
    if match is None:
        zeros = re.fullmatch(r"0*([0-9]{1,6})\.0*([0-9]{1,6})", candidate)
        leading = re.search(r"(^|\.)0[0-9]", candidate)
        if zeros and leading and zeros.group(1) != "0" and zeros.group(2) != "0":
            fixed = f"{int(zeros.group(1))}.{int(zeros.group(2))}"
            raise UsageError(
                f"{clip(text)!r} has a leading zero and reads like a decimal number: "
                f"write {fixed} (LEVEL.STEP, 1.10 is step 10)"
            )
        raise UsageError(_hint(text))
    return Position(int(match.group(1)), int(match.group(2)))


def parse_whole(text: str, what: str) -> int:
    """Parse a level or step number given on its own (``pay 2 3``)."""
    candidate = text.strip()
    if _WHOLE.fullmatch(candidate) is None:
        raise UsageError(f"{what} {clip(text)!r} is not a whole number from 1 to 999999 (e.g. 2)")
    return int(candidate)


def parse_level_step(first: str, second: str | None) -> Position:
    """Read ``L.S`` or ``LEVEL STEP``, the two spellings ``pay`` accepts."""
    if second is None:
        if "." not in first and _WHOLE.fullmatch(first.strip()):
            raise UsageError(
                f"a step is missing: give LEVEL STEP ({first.strip()} 1) "
                f"or LEVEL.STEP ({first.strip()}.1)"
            )
        return parse_position(first)
    if "." in first:
        raise UsageError(
            f"give either LEVEL.STEP ({clip(first)}) or LEVEL STEP (2 3), not both "
            f"({clip(first)} {clip(second)})"
        )
    return Position(parse_whole(first, "level"), parse_whole(second, "step"))


def steps_of_number(digits: str, steps: int) -> list[int]:
    """The steps of a level with ``steps`` steps that a number's fraction digits can stand for.

    A spreadsheet keeps ``2.10`` typed into a number cell as the number 2.1: the step typed was
    1, 10, 100... (the digits, then any count of zeros). ``digits`` is the fraction as stored,
    without trailing zeros; the answer is every such step from 1 to ``steps``, smallest first
    (none for digits that no step is written as: a leading zero, a trailing zero, no digit).
    """
    if not (digits.isdigit() and digits.isascii()) or digits[0] == "0" or digits[-1] == "0":
        return []
    found = []
    step = int(digits)
    while step <= steps:
        found.append(step)
        step *= 10
    return found
