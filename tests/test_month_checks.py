"""`month`'s checks and roundings: a full month at one pay is the cell exactly however rows and
grid versions split it, hours above full time refused, the grid checked on the months
computed, the --paid file's reading and messages, the --summary totals."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import salesgrid
from salesgrid.api.results import RowRejected
from salesgrid.core.calendar import working_days_between
from salesgrid.core.month import Held, Pricer, month_bounds, month_pay
from salesgrid.core.pay import version_in_force
from salesgrid.core.positions import Position
from salesgrid.errors import UsageError
from salesgrid.files.calendars import calendar_data
from salesgrid.files.loader import load_grid, load_payroll
from tests.conftest import run

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
CALENDAR = calendar_data(())
GRID = load_grid(None)
PRICER = Pricer(GRID, load_payroll(None))


def working(first: date, last: date) -> int:
    return working_days_between(CALENDAR, first, last)


def jsonl(*args: str, input: str | None = None, code: int = 0) -> list[dict[str, Any]]:
    result = run(["month", *args, "--format", "jsonl"], input=input)
    assert result.exit_code == code, result.stderr
    return [json.loads(line, parse_float=Decimal) for line in result.stdout.splitlines()]


# ------------------------------------------------------------- one pay, one rounding


def test_a_version_that_leaves_the_cell_alone_does_not_split_the_month(tmp_path: Path) -> None:
    """A raise of other cells on the 16th: 4.4 is 13583 BGN before and after, so its month is
    one segment, the cell exactly (two halves rounded apart made 8033.48)."""
    layer = tmp_path / "r916.yaml"
    text = (EXAMPLES / "raise-2026-07.yaml").read_text(encoding="utf-8")
    layer.write_text(text.replace("2026-07-01", "2026-09-16"), encoding="utf-8")
    history = "employee_id,position,from\nX,4.4,2026-01-01\n"
    (found,) = jsonl("-", "--month", "2026-09", "--add-grid", str(layer), input=history)
    (alone,) = jsonl("-", "--month", "2026-09", input=history)
    assert found["gross_due"] == alone["gross_due"] == Decimal("8033.47")
    assert found["net_due"] == alone["net_due"]
    assert [(s["from"], s["until"], s["days"]) for s in found["segments"]] == [
        ("2026-09-01", "2026-09-30", 20)
    ]
    csv = run(["month", "-", "--month", "2026-09", "--add-grid", str(layer)], input=history)
    assert csv.stdout.splitlines()[1].split(",")[6:8] == ["4.4:20", "8033.47"]


def test_back_to_back_rows_at_one_position_are_one_segment() -> None:
    history = "employee_id,position,from,until\nX,4.4,2026-01-01,2026-09-15\nX,4.4,2026-09-16,\n"
    (found,) = jsonl("-", "--month", "2026-09", input=history)
    assert (found["gross_due"], len(found["segments"])) == (Decimal("8033.47"), 1)
    # a row ending on a Friday and the next starting on Monday: no working day between
    weekend = "employee_id,position,from,until\nX,4.4,2026-01-01,2026-09-11\nX,4.4,2026-09-14,\n"
    (found,) = jsonl("-", "--month", "2026-09", input=weekend)
    assert (found["gross_due"], len(found["segments"])) == (Decimal("8033.47"), 1)


def test_rows_at_one_position_with_a_gap_stay_apart() -> None:
    history = "employee_id,position,from,until\nX,2.3,2026-09-01,2026-09-04\nX,2.3,2026-09-16,\n"
    (found,) = jsonl("-", "--month", "2026-09", input=history)
    # 3410.26 x 4/20 = 682.052 -> 682.05; x 10/20 = 1705.13
    assert [s["gross"] for s in found["segments"]] == [Decimal("682.05"), Decimal("1705.13")]


def _split(framework: Any, days: list[date]) -> Any:
    """The grid with a version of the same cells coming into force on each of ``days``."""
    versions = list(framework.versions)
    for day in days:
        same = version_in_force(framework, day)
        versions.append(same.model_copy(update={"in_force_from": day}))
    versions.sort(key=lambda v: v.in_force_from)
    return framework.model_copy(update={"versions": versions})


@settings(max_examples=60, deadline=None)
@given(
    st.integers(min_value=1, max_value=12),
    st.sampled_from([Position(1, 1), Position(2, 3), Position(3, 2), Position(4, 4)]),
    st.sets(st.integers(min_value=2, max_value=31), max_size=5),
    st.sets(st.integers(min_value=2, max_value=31), max_size=3),
)
def test_a_full_month_at_one_cell_is_the_cell_however_split(
    number: int, position: Position, row_days: set[int], version_days: set[int]
) -> None:
    """Every working day of a month at one position, full time: gross_due is the cell's
    gross_full and net_due its net, whatever rows and same-cell versions cut the month."""
    month = f"2026-{number:02d}"
    start, end = month_bounds(month)
    inside = sorted(start + timedelta(days=d - 1) for d in row_days if d <= end.day)
    cuts = sorted(start + timedelta(days=d - 1) for d in version_days if d <= end.day)
    framework = _split(GRID.frameworks[0], cuts)
    grid = GRID.model_copy(update={"frameworks": [framework, *GRID.frameworks[1:]]})
    pricer = Pricer(grid, PRICER.payroll)
    firsts = [date(2025, 6, 1), *inside]
    periods = [
        Held(i + 2, framework.id, position, first,
             None if i + 1 == len(firsts) else firsts[i + 1] - timedelta(days=1), Decimal(40))
        for i, first in enumerate(firsts)
    ]  # fmt: skip
    found = month_pay("E", periods, month, pricer, working)
    assert found is not None
    full = PRICER.gross_full(framework.id, version_in_force(framework, start), position, month)
    assert found.gross_due == full
    assert found.net_due == PRICER.figures(month, full).net
    assert found.days_worked == found.working_days
    assert len(found.segments) == 1


# ------------------------------------------------------------- rows refused or kept


def test_hours_above_full_time_are_refused_in_the_cli_and_the_api() -> None:
    history = "employee_id,position,from,hours_per_week\nA,2.3,2026-01-01,60\nB,2.3,2026-01-01,40\n"
    result = run(["month", "-", "--month", "2026-09"], input=history)
    assert result.exit_code == 4
    assert "row 2: hours_per_week 60 is above full time (--hours 40)" in result.stderr
    assert "overtime is paid apart" in result.stderr
    assert [line.split(",")[0] for line in result.stdout.splitlines()[1:]] == ["B"]
    # within a larger --hours, 60 is part of full time
    assert run(["month", "-", "--month", "2026-09", "--hours", "60"], input=history).exit_code == 0
    rows = [{"employee_id": "A", "position": "2.3", "from": "2026-01-01", "hours_per_week": "60"}]
    with pytest.raises(RowRejected, match="above full time"):
        salesgrid.month(rows, month="2026-09")


def test_api_hours_0_is_the_usage_error_of_the_cli() -> None:
    rows = [{"employee_id": "E", "position": "2.3", "from": "2026-01-01"}]
    with pytest.raises(UsageError, match="must be more than 0 and at most 168"):
        salesgrid.month(rows, month="2026-09", hours=0)
    result = run(["month", "-", "--month", "2026-09", "--hours", "0"], input="employee_id\n")
    assert result.exit_code == 2
    assert "must be more than 0 and at most 168" in result.stderr


def test_hours_not_a_number_shows_the_spellings() -> None:
    history = "employee_id,position,from,hours_per_week\nA,2.3,2026-01-01,abc\n"
    result = run(["month", "-", "--month", "2026-09"], input=history)
    assert "hours_per_week 'abc' is not a number: write it like 20, 20.5 or 20,5" in result.stderr


def test_a_history_older_than_the_grid_is_checked_on_the_months_computed() -> None:
    """Employed at 2.3 since 2019, before the first grid (2021-11-01): September 2026 is
    computed, so only its days are checked against the grid."""
    history = "employee_id,position,from\nOld,2.3,2019-05-01\n"
    (found,) = jsonl("-", "--month", "2026-09", input=history)
    assert (found["employee_id"], found["gross_due"]) == ("Old", Decimal("3410.26"))
    rows = [{"employee_id": "Old", "position": "2.3", "from": "2019-05-01"}]
    assert salesgrid.month(rows, month="2026-09")[0]["gross_due"] == Decimal("3410.26")
    # a period wholly outside the months computed is not priced, so not checked
    old = "employee_id,position,from,until\nGone,9.9,2019-05-01,2020-01-31\n"
    assert jsonl("-", "--month", "2026-09", input=old) == []
    # a position missing on a day computed is still refused
    bad = "employee_id,position,from\nNew,9.9,2019-05-01\n"
    assert run(["month", "-", "--month", "2026-09"], input=bad).exit_code == 4


# ------------------------------------------------------------- --paid and --summary

SUMMARY_HISTORY = (
    "employee_id,position,from,until\nA,1.1,2025-01-01,\nB,2.3,2025-01-01,2025-09-04\n"
    "C,3.2,2025-09-16,\nD,4.4,2025-01-01,\n"
)
SUMMARY_PAID = "employee_id,month,gross_paid\nA,2025-09,100\nB,2025-09,5000\nC,2025-09,0\n"


def _summary(tmp_path: Path) -> list[dict[str, str]]:
    paid = tmp_path / "paid.csv"
    paid.write_text(SUMMARY_PAID, encoding="utf-8")
    args = ["month", "-", "--month", "2025-09", "--summary", "--paid", str(paid)]
    result = run(args, input=SUMMARY_HISTORY)
    assert result.exit_code == 0, result.stderr
    header, *lines = result.stdout.splitlines()
    return [dict(zip(header.split(","), line.split(","), strict=True)) for line in lines]


def test_a_person_missing_from_the_paid_file_is_owed_their_gross_due(tmp_path: Path) -> None:
    """D is due 15661.33 BGN and not in the paid file: paid nothing, so owed all of it, in the
    record and in the totals (a total saying 'overpaid' while someone is unpaid misleads)."""
    paid = tmp_path / "paid.csv"
    paid.write_text(SUMMARY_PAID, encoding="utf-8")
    result = run(["month", "-", "--month", "2025-09", "--paid", str(paid), "--format", "jsonl"],
                 input=SUMMARY_HISTORY)  # fmt: skip
    found = {r["employee_id"]: r for r in map(json.loads, result.stdout.splitlines())}
    assert (found["D"]["gross_paid"], found["D"]["arrears"]) == (None, 15661.33)
    assert "arrears the whole gross_due): D 2025-09" in result.stderr
    rows = _summary(tmp_path)
    assert rows[3]["arrears"] == "15661.33"
    total = rows[-1]
    assert total["framework"] == "total"
    # 2235.10 - 3676.18 + 4636.22 + 15661.33: every record's arrears
    assert total["arrears"] == "18856.47"
    assert Decimal(total["arrears"]) == Decimal(total["gross_due"]) - Decimal(total["gross_paid"])


def test_summary_total_in_euro_is_the_sum_of_its_rows_and_amounts_have_cents(
    tmp_path: Path,
) -> None:
    rows = _summary(tmp_path)
    groups, total = rows[:-1], rows[-1]
    for name in ("gross_due_eur", "net_due_eur", "arrears_eur"):
        assert Decimal(total[name]) == sum(Decimal(row[name]) for row in groups), name
    # converted from the lev total it would be 12248.75: not the sum of the rows printed
    assert total["gross_due_eur"] == "12248.77"
    assert [row["gross_paid"] for row in rows] == ["100.00", "5000.00", "0.00", "0.00", "5100.00"]
    for row in rows:
        for name in ("gross_due", "net_due", "gross_paid", "arrears", "gross_due_eur"):
            assert len(row[name].rpartition(".")[2]) == 2, (name, row[name])


def test_a_person_paid_with_nothing_due_is_not_in_the_headcount(tmp_path: Path) -> None:
    """Z is in the paid file, not in the history: their arrears, -300.00, are summed (a row
    with no framework and level, and the total), but they are nobody's headcount."""
    paid = tmp_path / "paid.csv"
    paid.write_text(SUMMARY_PAID + "Z,2025-09,300\n", encoding="utf-8")
    result = run(["month", "-", "--month", "2025-09", "--summary", "--paid", str(paid),
                  "--format", "json"], input=SUMMARY_HISTORY)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    nobody = next(row for row in rows if row["framework"] == "")
    assert (nobody["level"], nobody["headcount"], nobody["arrears"]) == ("", 0, -300.0)
    total = rows[-1]
    assert total["framework"] == "total" and total["headcount"] == 4  # A, B, C and D
    assert total["arrears"] == 18556.47  # 18856.47 - 300


PAID_BG = "Служител,Месец,Изплатено бруто\nE-1,2026-09,100\n"


def _paid_run(paid: str, *args: str, input: str | None = None) -> Any:
    return run(["month", str(EXAMPLES / "history.csv"), "--month", "2026-09", "--paid", paid,
                *args], input=input)  # fmt: skip


def test_paid_file_errors_name_the_paid_file(tmp_path: Path) -> None:
    empty = tmp_path / "p.csv"
    empty.write_text("", encoding="utf-8")
    result = _paid_run(str(empty))
    assert result.exit_code == 2
    assert f"the --paid file {empty} is empty: it needs a header line" in result.stderr
    assert "roster" not in result.stderr
    missing = tmp_path / "nope.csv"
    result = _paid_run(str(missing))
    assert result.exit_code == 2
    assert f"cannot read the --paid file {missing}: " in result.stderr
    assert "roster" not in result.stderr


def test_history_and_paid_file_both_from_stdin_refused() -> None:
    result = run(["month", "-", "--month", "2026-09", "--paid", "-"], input="employee_id\n")
    assert result.exit_code == 2
    assert "HISTORY - and --paid - both read stdin" in result.stderr


def test_paid_file_in_cp1251_read_with_encoding_as_the_history(tmp_path: Path) -> None:
    history = tmp_path / "h.csv"
    history.write_bytes((EXAMPLES / "history.csv").read_text(encoding="utf-8").encode("cp1251"))
    paid = tmp_path / "p.csv"
    paid.write_bytes(PAID_BG.encode("cp1251"))
    # without --encoding: refused, naming the paid file and the fix
    result = _paid_run(str(paid))
    assert result.exit_code == 2
    assert f"--paid {paid}: the header line has bytes that are not UTF-8" in result.stderr
    assert "--encoding cp1251" in result.stderr
    args = ["month", str(history), "--month", "2026-09", "--paid", str(paid), "--encoding",
            "cp1251", "--format", "jsonl"]  # fmt: skip
    result = run(args)
    assert result.exit_code == 0, result.stderr
    first = json.loads(result.stdout.splitlines()[0])
    assert (first["employee_id"], first["gross_paid"]) == ("E-1", 100.0)
    # a UTF-8 paid file beside a cp1251 history: read as UTF-8
    paid.write_text(PAID_BG, encoding="utf-8")
    result = run(args)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[0])["gross_paid"] == 100.0


def test_a_history_not_in_utf8_is_named_beside_a_paid_file(tmp_path: Path) -> None:
    """Two files are read: the message about the history's bytes names the history."""
    history = tmp_path / "h.csv"
    history.write_bytes("Служител,Позиция,От дата\nE-1,2.2,16.09.2026\n".encode("cp1251"))
    paid = tmp_path / "p.csv"
    paid.write_text(PAID_BG, encoding="utf-8")
    result = run(["month", str(history), "--month", "2026-09", "--paid", str(paid)])
    assert result.exit_code == 2
    assert f"error: history {history}: the header line has bytes that are not UTF-8" in (
        result.stderr
    )


def test_a_binary_history_is_refused_as_roster_refuses_it(tmp_path: Path) -> None:
    binary = tmp_path / "b.csv"
    binary.write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 2)
    month = run(["month", str(binary), "--month", "2026-09"])
    roster = run(["roster", str(binary)])
    assert month.exit_code == roster.exit_code == 2
    assert month.stderr == roster.stderr
    assert "is not text: its first line has NUL bytes (a binary file, not CSV?)" in month.stderr


def test_from_to_warns_once_naming_every_month_past_the_payroll_review() -> None:
    """The payroll data is reviewed until 2026-12: a run from 2026-12 to 2027-02 warns once,
    for 2027-01 to 2027-02 (the first month, reviewed, used to hide them)."""
    history = str(EXAMPLES / "history.csv")
    result = run(["month", history, "--from", "2026-12", "--to", "2027-02"])
    assert result.exit_code == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "reviewed until" in line]
    assert warnings == [
        "salesgrid: warning: the payroll data is reviewed until 2026-12: 2027-01 to 2027-02 "
        "(2 months of the run) are computed with the parameters from 2026-08 (the last "
        "period), which may have changed; to add the next year, add a period from 2027-01 to "
        "the payroll file, move reviewed_until, and run salesgrid validate"
    ]
    one = run(["month", history, "--from", "2027-01", "--to", "2027-01"])
    assert one.stderr.count("reviewed until") == 1
    assert ": 2027-01 is computed" in one.stderr
    assert "reviewed until" not in run(["month", history, "--month", "2026-12"]).stderr
    rows = [{"employee_id": "E", "position": "2.3", "from": "2026-01-01"}]
    with pytest.warns(salesgrid.DataWarning, match="2027-01 to 2027-02"):
        salesgrid.month(rows, from_month="2026-12", to_month="2027-02")
