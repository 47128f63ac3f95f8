"""`paygap --history HISTORY`: the pay gap report from a position history, each worker's year
priced month by month as `month` prices it (hires, leavers, moves and part time exact)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from html import unescape
from pathlib import Path

import pytest
from typer.main import get_command

from salesgrid.cli.root import app

from .conftest import REPO, run

YEAR = ["--year", "2026"]

# Three women and two men in 2026, every one in sales-management level 2 (so one category):
#
# the gross of a full month (`salesgrid month`: the gross whose net is the cell, by the month's
# payroll rules; the net is the same all year, the gross-up changes in August 2026):
#   2.3: 3384.31 from January to July, 3410.26 from August;  2.2: 2929.83, then 2955.78.
# September 2026 has 20 working days (the 6th is a Sunday, so the 7th is off; the 22nd is off):
# 1-4 September 4 of them, 1-14 September 9, 15-30 September 11, 16-30 September 10.
#
# W1 (F) 2.3 all year, full time, variable pay 500:
#   base 7 x 3384.31 + 5 x 3410.26 = 23690.17 + 17051.30 = 40741.47; months_worked 12;
#   hours 40 x 52 = 2080; hourly (40741.47 + 500) / 2080 = 19.8276298...
# W2 (F) 2.3 all year, part time 20 hours: a month is half the full gross, half up to the cent:
#   3384.31 / 2 = 1692.155 -> 1692.16, 3410.26 / 2 = 1705.13;
#   base 7 x 1692.16 + 5 x 1705.13 = 11845.12 + 8525.65 = 20370.77;
#   months_worked 12 x 20 / 40 = 6: hours 40 x 52 x 6 / 12 = 1040; hourly 19.5872788...
# W3 (F) 2.3, a leaver on 4 September: January to August 23690.17 + 3410.26 = 27100.43, and
#   September 3410.26 x 4 / 20 = 682.052 -> 682.05: base 27782.48; months_worked 8 + 4/20 = 8.2;
#   hours 40 x 52 x 8.2 / 12 = 1421.33...; hourly 19.5467729...
# M1 (M) 2.2, a Step Up to 2.3 on 15 September, variable pay 1000 (given on both rows, agreeing;
#   the sex on the first only): January to August at 2.2 20508.81 + 2955.78 = 23464.59;
#   September 2955.78 x 9 / 20 = 1330.101 -> 1330.10 and 3410.26 x 11 / 20 = 1875.643 ->
#   1875.64; October to December 3 x 3410.26 = 10230.78: base 36901.11; months_worked 12;
#   hourly (36901.11 + 1000) / 2080 = 18.2216875
# M2 (M) 2.3, a hire on 16 September: 3410.26 x 10 / 20 = 1705.13, then 10230.78: base
#   11935.91; months_worked 3 + 10/20 = 3.5; hours 606.66...; hourly 19.6745769...
#
# (a) mean hourly: women (19.8276298 + 19.5872788 + 19.5467729) / 3 = 19.6538939, men
#     (18.2216875 + 19.6745769) / 2 = 18.9481322: gap (18.9481322 - 19.6538939) / 18.9481322
#     = -3.72%
# (c) median: women 19.5872788, men 18.9481322: -3.37%
# (b), (d): one receiver each, 500 and 1000: (1000 - 500) / 1000 = 50.00%
# (e) receiving variable pay: 1 of 3 women 33.33%, 1 of 2 men 50.00%
# (f) by hourly pay: M1, W3 | W2 | M2 | W1 (band floor(4 r / 5) + 1): 50/50, 100/0, 0/100, 100/0
# (g) base hourly (without variable pay): W1 40741.47 / 2080 = 19.5872452, W2 19.5872788,
#     W3 19.5467729, mean 19.5737657; M1 36901.11 / 2080 = 17.7409183, M2 19.6745769, mean
#     18.7077476: base mean gap -4.63%; medians 19.5872452 and 18.7077476: -4.70%
HISTORY = (
    "employee_id,position,from,until,hours_per_week,sex,variable_pay\n"
    "W1,2.3,2025-01-01,,,F,500\n"
    "W2,2.3,2025-01-01,,20,F,\n"
    "W3,2.3,2025-01-01,2026-09-04,,F,\n"
    "M1,2.2,2025-01-01,2026-09-14,,M,1000\n"
    "M1,2.3,2026-09-15,,,,1000\n"
    "M2,2.3,2026-09-16,,,M,\n"
)


@pytest.fixture
def history(tmp_path: Path) -> Path:
    path = tmp_path / "history.csv"
    path.write_text(HISTORY, encoding="utf-8")
    return path


def _report(*args: str) -> dict[str, object]:
    result = run(["paygap", *args, "--format", "json", "--min-group", "1"])
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    assert isinstance(record, dict)
    return record


def test_a_history_report_computed_by_hand(history: Path) -> None:
    record = _report("--history", str(history), *YEAR)
    assert record["workers"] == {"women": 3, "men": 2, "not_reported": 0}
    assert (record["mean_gap_pct"], record["median_gap_pct"]) == (-3.72, -3.37)
    assert (record["variable_mean_gap_pct"], record["variable_median_gap_pct"]) == (50.0, 50.0)
    assert record["receiving_variable_pct"] == {"women": 33.33, "men": 50.0}
    assert [(q["women_pct"], q["men_pct"]) for q in record["quartiles"]] == [  # type: ignore[attr-defined]
        (50.0, 50.0), (100.0, 0.0), (0.0, 100.0), (100.0, 0.0)
    ]  # fmt: skip
    (category,) = record["categories"]  # type: ignore[misc]
    assert category["category"] == "sales-management 2"
    assert (category["base_mean_gap_pct"], category["base_median_gap_pct"]) == (-4.63, -4.70)
    assert category["total_mean_gap_pct"] == -3.72
    method = str(record["method"])
    assert "months_worked: full-time-equivalent months" in method
    assert "last working day of 2026" in method


def test_a_workers_answer_from_a_history(history: Path) -> None:
    """--employee: W3's annual pay is her base, 27782.48 (she left on 4 September)."""
    result = run(["paygap", "--history", str(history), *YEAR, "--employee", "W3",
                  "--format", "json", "--min-group", "1"])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    answer = json.loads(result.stdout)
    assert (answer["annual"], answer["hourly"]) == (27782.48, 19.55)
    assert answer["category_workers"] == {"women": 3, "men": 2}
    digest = hashlib.sha256(history.read_bytes()).hexdigest()
    assert answer["provenance"]["input"] == {"name": str(history), "sha256": digest}


@pytest.mark.parametrize("fmt", ["csv", "html", "table"])
def test_every_format_from_a_history(history: Path, fmt: str) -> None:
    result = run(["paygap", "--history", str(history), *YEAR, "--format", fmt,
                  "--min-group", "1"])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "-3.72" in result.stdout or "−3.72" in result.stdout


def test_bulgarian_method_from_a_history(history: Path) -> None:
    result = run(["paygap", "--history", str(history), *YEAR, "--format", "html",
                  "--lang", "bg", "--min-group", "1"])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "приравнени към пълно работно време" in result.stdout


def test_one_position_all_year_is_the_rosters_report(tmp_path: Path) -> None:
    """Everyone at one position all year, full time: the report of the same people in a roster
    (months_worked 12), figure for figure; only the method's lines on base pay differ."""
    people = [("E-1", "1.1", "F", "300"), ("E-2", "1.3", "M", ""), ("E-3", "2.3", "F", ""),
              ("E-4", "2.2", "M", "1200"), ("E-5", "3.1", "F", "50"), ("E-6", "1.2", "M", "")]  # fmt: skip
    roster = tmp_path / "roster.csv"
    roster.write_text("employee_id,position,sex,months_worked,variable_pay\n" + "".join(
        f"{e},{p},{s},12,{v}\n" for e, p, s, v in people), encoding="utf-8")  # fmt: skip
    history = tmp_path / "history.csv"
    history.write_text("employee_id,position,from,sex,variable_pay\n" + "".join(
        f"{e},{p},2024-03-01,{s},{v}\n" for e, p, s, v in people), encoding="utf-8")  # fmt: skip
    from_roster = _report(str(roster), *YEAR)
    from_history = _report("--history", str(history), *YEAR)
    for record in (from_roster, from_history):
        record.pop("method"), record.pop("provenance")
    assert from_history == from_roster
    assert from_roster["mean_gap_pct"] is not None


def test_a_roster_and_a_history_are_one_or_the_other(history: Path) -> None:
    roster = str(REPO / "examples" / "paygap-roster.csv")
    both = run(["paygap", roster, "--history", str(history), *YEAR])
    assert both.exit_code == 2
    assert "give a roster FILE or --history HISTORY, not both" in both.stderr
    neither = run(["paygap", *YEAR])
    assert neither.exit_code == 2 and "--history HISTORY" in neither.stderr
    calendar = run(["paygap", roster, *YEAR, "--calendar", str(history)])
    assert calendar.exit_code == 2 and "--calendar counts the working days" in calendar.stderr
    for option in (["--actual-currency", "EUR"], ["--as-of", "2026-06-30"]):
        refused = run(["paygap", "--history", str(history), *YEAR, *option])
        assert refused.exit_code == 2 and option[0] in refused.stderr, refused.stderr


def test_a_persons_sex_and_variable_pay_agree_across_rows(tmp_path: Path) -> None:
    history = tmp_path / "history.csv"
    history.write_text(
        "employee_id,position,from,until,sex,variable_pay\n"
        "A,2.3,2026-01-01,2026-06-30,F,100\n"
        "A,2.4,2026-07-01,,M,\n"  # rejected: A is F on line 2
        "B,2.3,2026-01-01,2026-06-30,Ж,\n"
        "B,2.4,2026-07-01,,f,200\n"  # accepted: Ж and f are both F
        "C,2.3,2026-01-01,2026-06-30,M,100\n"
        "C,2.4,2026-07-01,,M,150\n",  # rejected: 150 is not C's 100 on line 6
        encoding="utf-8",
    )
    result = run(["paygap", "--history", str(history), *YEAR, "--format", "json",
                  "--min-group", "1"])  # fmt: skip
    assert result.exit_code == 4
    assert "row 3: A: sex 'M' disagrees with 'F' on line 2" in result.stderr
    assert "row 7: C: variable_pay '150' disagrees with 100 on line 6" in result.stderr
    assert "2 of 6 rows rejected" in result.stderr
    assert json.loads(result.stdout)["workers"] == {"women": 2, "men": 1, "not_reported": 0}


def test_a_history_needs_a_sex_column(tmp_path: Path) -> None:
    history = tmp_path / "history.csv"
    history.write_text("employee_id,position,from\nA,2.3,2026-01-01\n", encoding="utf-8")
    result = run(["paygap", "--history", str(history), *YEAR])
    assert result.exit_code == 2
    assert "paygap --history needs a sex column" in result.stderr


def test_month_skips_the_paygap_columns_of_a_history(history: Path) -> None:
    """One history serves `month` and `paygap --history`: month skips sex and variable_pay."""
    result = run(["month", str(history), "--month", "2026-09", "--format", "csv"])
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["employee_id"], r["gross_due"]) for r in rows][-2:] == [
        ("M1", "3205.74"), ("M2", "1705.13")
    ]  # fmt: skip


def test_periods_are_checked_on_their_days_in_the_year(tmp_path: Path) -> None:
    """A period begun before the grid's first version (2021-11-01) is priced on its days in
    the year; a row wholly outside the year is not checked against the grid at all."""
    history = tmp_path / "history.csv"
    history.write_text(
        "employee_id,position,from,until,sex\n"
        "OLD,2.3,2019-05-01,,F\n"
        "W,2.3,2025-01-01,,F\n"
        "M,2.3,2025-01-01,,M\n"
        "GONE,2.3,2018-01-01,2018-12-31,M\n",
        encoding="utf-8",
    )
    result = run(["paygap", "--history", str(history), *YEAR, "--format", "json",
                  "--min-group", "1"])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["workers"] == {"women": 2, "men": 1, "not_reported": 0}


def test_hours_above_full_time_are_rejected(tmp_path: Path) -> None:
    history = tmp_path / "history.csv"
    history.write_text("employee_id,position,from,hours_per_week,sex\n"
                       "A,2.3,2026-01-01,60,F\nB,2.3,2026-01-01,,M\n", encoding="utf-8")  # fmt: skip
    result = run(["paygap", "--history", str(history), *YEAR, "--employee", "B",
                  "--format", "json", "--min-group", "1"])  # fmt: skip
    assert result.exit_code == 4
    assert "row 2: hours_per_week 60 is above full time (--hours 40)" in result.stderr
    assert json.loads(result.stdout)["category_workers"] == {"women": 0, "men": 1}


def test_variable_pay_is_the_years_alone(tmp_path: Path) -> None:
    """A row wholly outside the year carries no variable pay of the year: its value is
    ignored, not even checked for its currency (lev in 2025, the 2026 report in euro)."""
    history = tmp_path / "history.csv"
    history.write_text(
        "employee_id,position,from,until,sex,variable_pay\n"
        "A,2.3,2024-01-01,2025-12-31,F,5000 лв.\n"
        "A,2.4,2026-01-01,,F,100\n"
        "B,2.3,2024-01-01,2025-12-31,F,700\n"
        "B,2.3,2026-01-01,,F,\n"
        "M,2.3,2025-01-01,,M,200\n",
        encoding="utf-8",
    )
    result = run(["paygap", "--history", str(history), *YEAR, "--format", "json",
                  "--min-group", "1"])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["receiving_variable_pct"] == {"women": 50.0, "men": 100.0}
    assert record["variable_mean_gap_pct"] == 50.0  # A's 100 against M's 200; B's 700 was 2025's


def test_as_of_says_its_default_is_the_end_of_the_year() -> None:
    command = get_command(app).commands["paygap"]  # type: ignore[attr-defined]
    (as_of,) = [p for p in command.params if p.name == "as_of"]
    assert "Default: 31 December of --year." in as_of.help and "today" not in as_of.help


def test_the_messages_speak_of_the_history(history: Path) -> None:
    """With --history, the rows, the withheld note and --employee's refusal name the history
    (or its workers), not a roster, in English and in Bulgarian."""
    missing = run(["paygap", "--history", str(history), *YEAR, "--employee", "ZZ"])
    assert missing.exit_code == 3
    assert "--employee 'ZZ' is not a worker of the history" in missing.stderr
    assert "roster" not in missing.stderr
    few = "the history's workers are fewer than 3 women or 3 men"  # 3 women, 2 men
    csv_report = run(["paygap", "--history", str(history), *YEAR, "--format", "csv"])
    assert f"note: (a)-(f) withheld: {few}" in csv_report.stderr
    for fmt in ("markdown", "html", "table"):
        shown = unescape(run(["paygap", "--history", str(history), *YEAR, "--format", fmt]).stdout)
        assert few in shown and "roster has" not in shown, fmt
        if fmt != "table":
            assert "History rows" in shown and "Roster rows" not in shown, fmt
    bulgarian = run(["paygap", "--history", str(history), *YEAR, "--format", "markdown",
                     "--lang", "bg"]).stdout  # fmt: skip
    assert "Редове на историята" in bulgarian and "работниците от историята са" in bulgarian
    roster = run(["paygap", str(REPO / "examples" / "paygap-roster.csv"), "--format", "markdown",
                  "--employee", "ZZ"])  # fmt: skip
    assert "is not in the roster" in roster.stderr
