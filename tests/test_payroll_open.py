"""The last period stays in force, ``reviewed_until``
says how far it was checked, and a later month is computed with a warning."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import DATA, REPO, run

PAYROLL_TEXT = (DATA / "payroll.yaml").read_text(encoding="utf-8")
LAST = "  - from: \"2026-08\"     # the last period: no 'to', it stays in force until a later one starts\n"


def payroll_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "payroll.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_month_past_the_review_is_computed_with_a_warning() -> None:
    """`payroll net 3000` stopped working on 2027-01-01 (exit 3)."""
    result = run(["payroll", "net", "3000", "--month", "2027-03"])
    assert result.exit_code == 0
    assert result.stdout == run(["payroll", "net", "3000", "--month", "2026-09"]).stdout
    assert result.stdout == "2414.75\n"
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("salesgrid: warning: the payroll data is reviewed until 2026-12: "
                               "2027-03 is computed with the parameters from 2026-08")  # fmt: skip
    assert "add a period from 2027-01" in lines[0] and "reviewed_until" in lines[0]
    assert "salesgrid validate" in lines[0]


def test_json_names_the_period_used() -> None:
    result = run(["payroll", "gross", "1500", "--month", "2031-01", "--format", "json"])
    assert result.exit_code == 0
    record = json.loads(result.stdout)
    assert record["month"] == "2031-01"
    assert record["payroll_period"]["from"] == "2026-08" and record["payroll_period"]["to"] is None


def test_a_reviewed_month_has_no_warning() -> None:
    for month in ("2025-01", "2026-08", "2026-12"):
        result = run(["payroll", "net", "3000", "--month", month])
        assert result.exit_code == 0 and result.stderr == ""


def test_the_current_month_always_works() -> None:
    result = run(["payroll", "net", "3000"])
    assert result.exit_code == 0, result.stderr


def test_a_month_before_the_first_period_is_still_exit_3() -> None:
    result = run(["payroll", "net", "3000", "--month", "2024-12"])
    assert result.exit_code == 3
    assert "no payroll parameters for 2024-12: the payroll data covers 2025-01 onwards" in (
        result.stderr
    )
    assert "warning" not in result.stderr


@pytest.mark.parametrize(
    "args",
    [["pay", "2.3", "--gross", "--format", "csv"], ["grid", "--employer-cost"],
     ["roster", str(REPO / "examples" / "roster.csv"), "--employer-cost"]],
)  # fmt: skip
def test_every_command_warns_once(args: list[str]) -> None:
    result = run([*args, "--month", "2027-03"])
    assert result.exit_code in (0, 4), result.stderr
    assert result.stderr.count("warning: the payroll data is reviewed until 2026-12") == 1
    reviewed = run([*args, "--month", "2026-12"])
    assert result.stdout.replace("2027-03", "2026-12") == reviewed.stdout


def test_adding_a_year(tmp_path: Path) -> None:
    """docs/data-files.md's walkthrough: add a period, move reviewed_until, run validate."""
    text = PAYROLL_TEXT.replace(LAST, '  - from: "2026-08"\n    to: "2026-12"\n')
    start = text.index('  - from: "2026-08"')
    period = text[start:].replace('  - from: "2026-08"\n    to: "2026-12"\n',
                                  '  - from: "2027-01"\n').replace('cap: "2300"', 'cap: "2400"')  # fmt: skip
    text = text + period
    text = text.replace('reviewed_until: "2026-12"', 'reviewed_until: "2027-12"')
    path = payroll_file(tmp_path, text)
    checked = run(["validate", str(path)])
    assert checked.exit_code == 0, checked.stdout
    result = run(["payroll", "net", "3000", "--month", "2027-03", "--payroll", str(path),
                  "--format", "json"])  # fmt: skip
    assert result.exit_code == 0 and result.stderr == ""
    assert json.loads(result.stdout)["payroll_period"]["cap"] == 2400


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [('reviewed_until: "2026-12"', 'reviewed_until: "2026-13"', "reviewed_until: error:"),
     ('reviewed_until: "2026-12"', 'reviewed_until: ""', "reviewed_until: error:"),
     ('reviewed_until: "2026-12"\n', "", "reviewed_until"),
     ('reviewed_until: "2026-12"', 'reviewed_until: "2026-05"',
      "reviewed_until: error: 2026-05 is before the last period starts (2026-08)"),
     (LAST, '  - from: "2026-08"\n    to: "2026-10"\n',
      "reviewed_until: error: 2026-12 is after the last period ends (2026-10)"),
     ('    to: "2026-07"\n', "", "periods[2].from: error: the period from 2026-01 needs 'to'")],
)  # fmt: skip
def test_reviewed_until_and_open_periods_are_validated(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    assert old in PAYROLL_TEXT
    path = payroll_file(tmp_path, PAYROLL_TEXT.replace(old, new, 1))
    checked = run(["validate", str(path)])
    assert checked.exit_code == 5
    assert message in checked.stdout, checked.stdout
    assert (
        run(["payroll", "net", "3000", "--month", "2026-09", "--payroll", str(path)]).exit_code == 5
    )


def test_a_last_period_with_an_end_still_ends(tmp_path: Path) -> None:
    """A last period given a 'to' (a law that lapses) covers nothing after it."""
    path = payroll_file(
        tmp_path, PAYROLL_TEXT.replace(LAST, '  - from: "2026-08"\n    to: "2026-12"\n')
    )
    assert run(["validate", str(path)]).exit_code == 0
    result = run(["payroll", "net", "3000", "--month", "2027-01", "--payroll", str(path)])
    assert result.exit_code == 3
    assert "the payroll data covers 2025-01 to 2026-12" in result.stderr
