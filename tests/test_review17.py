"""Issue 17, second read: what the review of the merged change found, each with its test."""

from __future__ import annotations

from pathlib import Path

from .conftest import run


def warning_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines(keepends=True) if "warning:" in line]


def test_warnings_name_an_id_with_a_line_break_on_one_line(tmp_path: Path) -> None:
    """A quoted employee_id holding a line break is named as repr in the warning lines about
    implausible pay (roster and paygap), as the repeated-id reason names it: every message
    stays one line."""
    roster = tmp_path / "r.csv"
    roster.write_text(
        'employee_id,position,actual_pay,sex\n"E\n1",2.3,100,F\n"E\n2",2.3,100000,M\n',
        encoding="utf-8",
    )
    result = run(["roster", str(roster), "--ignore-unknown-columns"])
    assert result.exit_code == 0, result.stderr
    said = result.stderr.splitlines()
    assert said == [
        "salesgrid: warning: 1 row has an actual_pay whose gross is below the minimum wage "
        "(620.20 EUR in 2026-11): 'E\\n1'",
        "salesgrid: warning: 2 rows have a compa-ratio under 0.5 or over 2.0 (looks like a "
        "typo): 'E\\n1' (0.02), 'E\\n2' (18.37)",
    ]
    result = run(["paygap", str(roster), "--min-group", "1", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [
        "salesgrid: warning: 1 worker has an actual_pay whose gross is below the minimum wage "
        "(620.20 EUR in 2026): 'E\\n1'",
    ]
