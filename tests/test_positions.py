"""The L.S notation: one parser for every command."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesgrid.core.positions import Position, parse_level_step, parse_position
from salesgrid.errors import ExitCode, UsageError


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.4", Position(1, 4)),
        ("2.3", Position(2, 3)),
        ("1.10", Position(1, 10)),  # step 10, never the decimal 1.1
        ("12.1", Position(12, 1)),
        (" 3.2 ", Position(3, 2)),
    ],
)
def test_parses(text: str, expected: Position) -> None:
    assert parse_position(text) == expected
    assert str(expected) == text.strip()


def test_one_point_ten_is_not_one_point_one() -> None:
    assert parse_position("1.10") != parse_position("1.1")


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("1.04", "write 1.4"),
        ("01.4", "write 1.4"),
        ("0.1", "whole numbers from 1"),
        ("1.0", "whole numbers from 1"),
        ("1", "LEVEL.STEP"),
        ("1.", "LEVEL.STEP"),
        (".1", "LEVEL.STEP"),
        ("1.2.3", "LEVEL.STEP"),
        ("1,4", "LEVEL.STEP"),
        ("-1.4", "LEVEL.STEP"),
        ("a.b", "LEVEL.STEP"),
        ("", "LEVEL.STEP"),
        ("１.４", "LEVEL.STEP"),  # full-width digits are not ASCII digits
    ],
)
def test_refuses_with_a_fix(text: str, hint: str) -> None:
    with pytest.raises(UsageError, match=hint) as caught:
        parse_position(text)
    assert caught.value.exit_code == ExitCode.USAGE


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [("2", "3", Position(2, 3)), ("2.3", None, Position(2, 3)), ("1", "10", Position(1, 10))],
)
def test_level_step_spellings(first: str, second: str | None, expected: Position) -> None:
    assert parse_level_step(first, second) == expected


@pytest.mark.parametrize(
    ("first", "second", "hint"),
    [
        ("2", None, "a step is missing"),
        ("2.3", "4", "not both"),
        ("2", "x", "step 'x'"),
        ("y", "3", "level 'y'"),
        ("2", "03", "step '03'"),
    ],
)
def test_level_step_refusals(first: str, second: str | None, hint: str) -> None:
    with pytest.raises(UsageError, match=hint):
        parse_level_step(first, second)


@given(st.text(max_size=20))
def test_parser_never_crashes(text: str) -> None:
    """Any text either parses to a valid position or is a usage error; nothing else."""
    try:
        position = parse_position(text)
    except UsageError:
        return
    assert position.level >= 1 and position.step >= 1
    assert parse_position(str(position)) == position


@given(st.integers(min_value=1, max_value=999_999), st.integers(min_value=1, max_value=999_999))
def test_round_trip(level: int, step: int) -> None:
    assert parse_position(f"{level}.{step}") == Position(level, step)
    assert parse_level_step(str(level), str(step)) == Position(level, step)


@given(st.text(max_size=8), st.one_of(st.none(), st.text(max_size=8)))
def test_level_step_never_crashes(first: str, second: str | None) -> None:
    try:
        position = parse_level_step(first, second)
    except UsageError:
        return
    assert position.level >= 1 and position.step >= 1
