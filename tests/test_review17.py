"""Issue 17, second read: what the review of the merged change found, each with its test."""

from __future__ import annotations

from pathlib import Path

from .conftest import REPO, run


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


def test_every_minimum_wage_cites_the_act_that_sets_it() -> None:
    """Issue 17 A4 asks for the minimum wage "with its source": each period's source said the
    figure and its first day, not where it comes from (a Council of Ministers decree under
    Labour Code art. 244, not the budget acts the rest of the period cites)."""
    from salesgrid.files.loader import load_payroll

    for period in load_payroll(None).periods:
        wage = f"{period.minimum_wage:,}"
        assert (
            f"minimum wage {wage} {period.currency}" in period.source
            and "Council of Ministers decree" in period.source
            and "Labour Code art. 244" in period.source
        ), period.source
    sources = (REPO / "docs" / "sources.md").read_text(encoding="utf-8")
    assert "Labour Code art. 244" in sources
