"""Tables for people, checked as text. A date is never cut or wrapped (as amounts
are never cut: `frameworks` cut "In force" to one character at 80 and 100 columns), and a table
written to a file or a pipe carries no trailing spaces, splits no word and breaks no URL, at
any width."""

from __future__ import annotations

import re

import pytest

from .conftest import REPO, run

EXAMPLES = REPO / "examples"
MONTH = ["--month", "2026-09"]

#: Every command that draws a table or a chart (the command line and the exit it ends with).
TABLES: dict[str, tuple[list[str], int]] = {
    "pay": (["pay", "2", "3"], 0),
    "pay --gross": (["pay", "2", "3", "--gross", *MONTH, "--breakdown"], 0),
    "locate": (["locate", "5000"], 1),
    "grid": (["grid"], 0),
    "grid --chart": (["grid", "--chart", "--highlight", "2.3"], 0),
    "grid --employer-cost": (["grid", "--employer-cost", *MONTH], 0),
    "frameworks": (["frameworks"], 0),
    "frameworks --add-grid": (["frameworks", "--add-grid", str(EXAMPLES / "company-layer.yaml")], 0),
    "promote": (["promote", "--from", "2.2"], 0),
    "promote --assessment": (
        ["promote", "--assessment", str(EXAMPLES / "assessment.yaml"), "--explain"], 0,
    ),
    "competencies": (["competencies", "--level", "2"], 0),
    "competencies --capability": (["competencies", "--capability", "2,3"], 0),
    "roster": (["roster", str(EXAMPLES / "roster.csv")], 4),
    "roster actual pay": (["roster", str(EXAMPLES / "roster-actual.csv")], 0),
    "roster --summary-only": (["roster", str(EXAMPLES / "roster.csv"), "--summary-only"], 4),
    "payroll net": (["payroll", "net", "3000", *MONTH], 0),
    "payroll gross": (["payroll", "gross", "1500", *MONTH], 0),
    "validate": (["validate", str(EXAMPLES / "company-grid.yaml")], 0),
    "diff": (
        ["diff", "--add-grid", str(EXAMPLES / "grid-2027.yaml"), "--from-date", "2026-12-31",
         "--to-date", "2027-01-01", "--roster", str(EXAMPLES / "sales-team.csv")], 0,
    ),
    "paygap": (["paygap", str(EXAMPLES / "paygap-roster.csv")], 0),
    "paygap --employee": (["paygap", str(EXAMPLES / "paygap-roster.csv"), "--employee", "E-101"], 0),
}  # fmt: skip

WIDTHS = (40, 60, 80, 100, 120, 200)
DATE = re.compile(r"\b[0-9]{4}-[0-9]{2}-[0-9]{2}\b")
URL = re.compile(r"https?://\S+")
#: Drawn to the width: rules under a header, a chart's bars.
FILLERS = re.compile(r"[─━═│┃█▏▎▍▌▋▊▉░▒▓■·-]+")


def table(args: list[str], columns: int, code: int) -> str:
    result = run([*args, "--format", "table"], env={"COLUMNS": str(columns)})
    assert result.exit_code == code, (args, columns, result.stderr)
    return result.stdout


def words(text: str) -> set[str]:
    return {word for word in text.split() if not FILLERS.fullmatch(word)}


@pytest.mark.parametrize("name", list(TABLES))
def test_a_table_to_a_pipe_keeps_every_word_date_and_url_whole(name: str) -> None:
    args, code = TABLES[name]
    wide = table(args, 10_000, code)  # nothing needs to wrap
    assert wide.strip()
    for columns in WIDTHS:
        text = table(args, columns, code)
        where = (name, columns)
        trailing = [line for line in text.splitlines() if line.endswith((" ", "\t"))]
        assert not trailing, (where, trailing[:3])
        split = words(text) - words(wide)  # a word cut in two is two words the wide one lacks
        assert not split, (where, sorted(split)[:10])
        assert sorted(DATE.findall(text)) == sorted(DATE.findall(wide)), where
        assert sorted(URL.findall(text)) == sorted(URL.findall(wide)), where


@pytest.mark.parametrize("columns", [20, 40, 60, 79, 80, 81, 99, 100, 101, 120, 200])
def test_frameworks_never_cuts_the_in_force_date(columns: int) -> None:
    """The date each framework's grid is in force from, whole on its framework's line."""
    days = run(["frameworks", "--format", "csv"]).stdout.splitlines()[1:]
    text = table(["frameworks"], columns, 0)
    lines = text.splitlines()
    assert any(line.rstrip().endswith("In force") for line in lines), text
    for row in days:
        framework, day = row.split(",")[0], row.split(",")[-3]
        found = [line for line in lines if line.split()[:1] == [framework]]
        assert len(found) == 1, (framework, text)
        assert found[0].rstrip().endswith(day), (columns, found[0])
    width = max(len(line) for line in lines)
    assert all(len(line) <= width for line in lines)


def test_a_table_fits_the_columns_when_it_can() -> None:
    """Narrowed to the console, no wider: the widest line is the console's width or less."""
    for columns in (100, 120):
        text = table(["competencies", "--level", "2"], columns, 0)
        assert max(len(line) for line in text.splitlines()) <= columns, columns
