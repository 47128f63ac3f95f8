"""`salesgrid month`: pay due for a month from a position history, computed by hand.

Every case writes its arithmetic: the month's working days (the working-day calendar), the
segment's working days, gross_full (what `salesgrid payroll gross NET --month M` gives for the
cell's net in the month's payroll currency), gross = gross_full x hours/40 x days/working days
rounded half up to the cent, and net_due from gross_due.
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import salesgrid
from salesgrid.core.calendar import CalendarData, NamedDay, working_days_between
from salesgrid.core.month import (
    Held,
    Pricer,
    month_pay,
    months_between,
    prorated,
    versions_within,
)
from salesgrid.core.positions import Position
from salesgrid.errors import UsageError
from salesgrid.files.loader import load_grid, load_payroll
from tests.conftest import run

HEADER = "employee_id,position,from,until,hours_per_week\n"
# 2.3 is 5445 BGN net, 2783.99 EUR by the grid's rule; 2.2 is 4645 BGN, 2374.96 EUR.
# `salesgrid payroll gross 2783.99 --month 2026-09` = 3410.26 (and 2026-08, -12);
# `... --month 2026-04` (and -01, -07) = 3384.31; 2374.96 in 2026-09 = 2955.78;
# `salesgrid payroll gross 5445 --month 2025-09` = 6619.11 (lev: 2025 is paid in BGN).
LAYER = """schema_version: 1
frameworks:
  - id: sales-management
    versions:
      - in_force_from: {day}
        date_source: a test layer
        levels:
          1: [1812, 2112, 2912, 3812]
          2: [4345, 4645, 5545, 6345]
          3: [7533, 7833, 8633, 9533]
          4: [11583, 11883, 12683, 13583]
"""


def records(history: Path | str, *args: str, input: str | None = None) -> list[dict[str, Any]]:
    result = run(["month", str(history), "--format", "jsonl", *args], input=input)
    assert result.exit_code == 0, result.stderr
    return [json.loads(line, parse_float=Decimal) for line in result.stdout.splitlines()]


def one(tmp_path: Path, rows: str, month: str, *args: str) -> dict[str, Any]:
    path = tmp_path / "history.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    (found,) = records(path, "--month", month, *args)
    return found


def test_a_full_month_at_one_position_full_time_is_the_cell(tmp_path: Path) -> None:
    found = one(tmp_path, "E1,2.3,2026-01-01,,\n", "2026-09")
    # September 2026: 22 weekdays, less Mon 7 (6 Sep, Unification Day, is a Sunday) and Tue 22
    # (Independence Day) = 20 working days, all worked: 3410.26 x 20/20 = 3410.26 exactly.
    assert (found["working_days"], found["days_worked"]) == (20, 20)
    assert found["gross_due"] == Decimal("3410.26")
    assert found["net_due"] == Decimal("2783.99")  # the cell, in EUR
    assert found["currency"] == "EUR"


def test_a_hire_on_the_16th(tmp_path: Path) -> None:
    found = one(tmp_path, "E2,2.2,2026-09-16,,\n", "2026-09")
    # 16-30 Sep: 16 17 18, 21, 23 24 25, 28 29 30 (22nd off) = 10 of 20;
    # 2955.78 x 10/20 = 1477.89 exactly; its net 1146.82
    assert found["segments"] == [
        {"framework": "sales-management", "position": "2.2", "from": "2026-09-16",
         "until": "2026-09-30", "days": 10, "hours_per_week": 40,
         "gross_full": Decimal("2955.78"), "gross": Decimal("1477.89")}
    ]  # fmt: skip
    assert (found["gross_due"], found["net_due"]) == (Decimal("1477.89"), Decimal("1146.82"))


def test_a_leaver_on_the_4th(tmp_path: Path) -> None:
    found = one(tmp_path, "E3,2.3,2025-01-01,2026-09-04,\n", "2026-09")
    # 1-4 Sep 2026 (Tue-Fri) = 4 of 20; 3410.26 x 4/20 = 682.052 -> 682.05 (half up)
    assert found["days_worked"] == 4
    assert found["gross_due"] == Decimal("682.05")


def test_a_step_up_on_the_15th_flattened_in_csv(tmp_path: Path) -> None:
    path = tmp_path / "history.csv"
    path.write_text(HEADER + "E4,2.2,2026-01-01,2026-09-14,\nE4,2.3,2026-09-15,,\n")
    result = run(["month", str(path), "--month", "2026-09"])
    # 1-14 Sep: 1 2 3 4, 8 9 10 11, 14 (7th off) = 9 at 2.2; 15-30 Sep = 11 at 2.3;
    # 2955.78 x 9/20 = 1330.101 -> 1330.10; 3410.26 x 11/20 = 1875.643 -> 1875.64;
    # gross_due 3205.74, its net 2599.92
    assert result.stdout.splitlines() == [
        "employee_id,month,currency,framework,working_days,days_worked,segments,gross_due,net_due",
        "E4,2026-09,EUR,sales-management,20,20,2.2:9+2.3:11,3205.74,2599.92",
    ]


def test_part_time(tmp_path: Path) -> None:
    found = one(tmp_path, "E5,2.3,2026-01-01,,20\n", "2026-09")
    # 3410.26 x 20/40 x 20/20 = 1705.13
    assert found["gross_due"] == Decimal("1705.13")
    # --hours 37.5 is full time: 20 hours are 3410.26 x 20/37.5 = 1818.805333 -> 1818.81
    found = one(tmp_path, "E5,2.3,2026-01-01,,20\n", "2026-09", "--hours", "37.5")
    assert found["gross_due"] == Decimal("1818.81")


def test_a_decreed_day_off(tmp_path: Path) -> None:
    # January 2026: 22 weekdays less 1 Jan (New Year) and 2 Jan (declared off by the Council of
    # Ministers for the euro changeover) = 20. A hire on the 2nd works all 20: the full cell.
    found = one(tmp_path, "E6,2.3,2026-01-02,,\n", "2026-01")
    assert (found["working_days"], found["days_worked"]) == (20, 20)
    assert found["gross_due"] == Decimal("3384.31")  # gross_full in 2026-01
    # a hire on the 5th misses nothing more than the 1st and 2nd: still 20
    assert one(tmp_path, "E6,2.3,2026-01-05,,\n", "2026-01")["days_worked"] == 20


def test_a_month_with_easter(tmp_path: Path) -> None:
    found = one(tmp_path, "E7,2.3,2026-04-13,,\n", "2026-04")
    # April 2026: 22 weekdays less Good Friday (10th) and Easter Monday (13th) = 20;
    # a hire on Easter Monday works 14-17, 20-24, 27-30 = 13; 3384.31 x 13/20 = 2199.8015 -> 2199.80
    assert (found["working_days"], found["days_worked"]) == (20, 13)
    assert found["gross_due"] == Decimal("2199.80")


def test_december_holidays(tmp_path: Path) -> None:
    found = one(tmp_path, "E8,2.3,2026-01-01,2026-12-24,\n", "2026-12")
    # December 2026: 23 weekdays less 24 and 25 (Thu, Fri) and Mon 28 (26th, a Saturday) = 20;
    # a leaver on the 24th (a day off) works 1-4, 7-11, 14-18, 21-23 = 17;
    # 3410.26 x 17/20 = 2898.721 -> 2898.72
    assert (found["working_days"], found["days_worked"]) == (20, 17)
    assert found["gross_due"] == Decimal("2898.72")


def test_a_2025_month_is_in_lev(tmp_path: Path) -> None:
    found = one(tmp_path, "E9,2.3,2025-01-01,2025-09-04,\n", "2025-09")
    # September 2025: 22 weekdays less Mon 8 (6th a Saturday) and Mon 22 = 20; 1-4 Sep = 4;
    # 6619.11 BGN x 4/20 = 1323.822 -> 1323.82 BGN; its net 1027.26 BGN
    assert found["currency"] == "BGN"
    assert (found["gross_due"], found["net_due"]) == (Decimal("1323.82"), Decimal("1027.26"))


def test_a_version_change_mid_month(tmp_path: Path) -> None:
    layer = tmp_path / "layer.yaml"
    layer.write_text(LAYER.format(day="2026-09-15"), encoding="utf-8")
    found = one(tmp_path, "E1,2.3,2026-01-01,,\n", "2026-09", "--add-grid", str(layer))
    # to 14 Sep: 5445 BGN (2783.99 EUR, gross 3410.26), 9 days: 1534.617 -> 1534.62
    # from 15 Sep: 5545 BGN (2835.12 EUR, gross 3467.07), 11 days: 1906.8885 -> 1906.89
    assert [(s["from"], s["days"], s["gross_full"], s["gross"]) for s in found["segments"]] == [
        ("2026-09-01", 9, Decimal("3410.26"), Decimal("1534.62")),
        ("2026-09-15", 11, Decimal("3467.07"), Decimal("1906.89")),
    ]
    assert found["gross_due"] == Decimal("3441.51")


def test_arrears_against_a_paid_file(tmp_path: Path) -> None:
    """A grid version published late (in force from 2026-07-01): what was paid on the old grid
    against what is due on the new one, per person and month."""
    layer = tmp_path / "layer.yaml"
    layer.write_text(LAYER.format(day="2026-07-01"), encoding="utf-8")
    history = tmp_path / "history.csv"
    history.write_text(HEADER + "E1,2.3,2026-01-01,,\nE2,2.2,2026-09-16,,\n", encoding="utf-8")
    paid = tmp_path / "paid.csv"
    paid.write_text("employee_id,month,gross_paid\nE1,2026-07,3384.31\nE1,2026-08,3410.26\n"
                    "E1,2026-09,3410.26\nE9,2026-09,100\n", encoding="utf-8")  # fmt: skip
    result = run(["month", str(history), "--from", "2026-07", "--to", "2026-09", "--add-grid",
                  str(layer), "--paid", str(paid), "--format", "jsonl"])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    found = [json.loads(line, parse_float=Decimal) for line in result.stdout.splitlines()]
    # 2.3 at 5545 BGN = 2835.12 EUR: gross 3441.12 in July (the July payroll), 3467.07 after;
    # arrears = due - paid: 3441.12 - 3384.31 = 56.81; 3467.07 - 3410.26 = 56.81 (twice)
    assert [(r["employee_id"], r["month"], r["gross_paid"], r["arrears"]) for r in found] == [
        ("E1", "2026-07", Decimal("3384.31"), Decimal("56.81")),
        ("E1", "2026-08", Decimal("3410.26"), Decimal("56.81")),
        ("E1", "2026-09", Decimal("3410.26"), Decimal("56.81")),
        ("E2", "2026-09", None, Decimal("1477.89")),  # not in the paid file: owed all
        ("E9", "2026-09", Decimal("100"), Decimal("-100.00")),  # paid, nothing due
    ]
    assert "1 record due pay but not in the paid file" in result.stderr
    assert "E2 2026-09" in result.stderr
    assert "1 record in the paid file with nothing due" in result.stderr


def test_from_to_gives_one_record_per_person_and_month(tmp_path: Path) -> None:
    history = tmp_path / "h.csv"
    history.write_text(HEADER + "E1,2.3,2026-08-17,2026-10-02,\n", encoding="utf-8")
    found = records(history, "--from", "2026-07", "--to", "2026-11")
    # no working day in July or November: no record for them
    assert [(r["month"], r["days_worked"]) for r in found] == [
        ("2026-08", 11), ("2026-09", 20), ("2026-10", 2),
    ]  # fmt: skip


def test_summary_per_framework_and_level_and_in_total(tmp_path: Path) -> None:
    history = tmp_path / "h.csv"
    history.write_text(HEADER + "E1,2.3,2025-01-01,,\nE2,1.1,2025-09-16,,\n", encoding="utf-8")
    result = run(["month", str(history), "--month", "2025-09", "--summary", "--format", "json",
                  "--employer-cost"])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout, parse_float=Decimal)
    assert [(r["framework"], r["level"], r["currency"], r["headcount"]) for r in rows] == [
        ("sales-management", "1", "BGN", 1), ("sales-management", "2", "BGN", 1),
        ("total", "", "BGN", 2),
    ]  # fmt: skip
    total = rows[-1]
    assert total["gross_due"] == rows[0]["gross_due"] + rows[1]["gross_due"]
    # a month in lev: the totals in euro too, by the grid's rule (1.95583 BGN a euro)
    assert total["gross_due_eur"] == pytest.approx(total["gross_due"] / Decimal("1.95583"),
                                                   abs=Decimal("0.01"))  # fmt: skip
    assert total["arrears"] is None  # no --paid


def test_rejects_overlap_until_before_from_missing_position_and_bad_dates(
    tmp_path: Path,
) -> None:
    layer = tmp_path / "layer.yaml"  # from 2026-10-01 a grid of three levels of three steps
    layer.write_text(LAYER.format(day="2026-10-01").replace(", 6345]", "]").replace(
        ", 3812]", "]").replace(", 9533]", "]").replace("          4: [11583, 11883, 12683, 13583]\n",
                                                      ""), encoding="utf-8")  # fmt: skip
    history = tmp_path / "h.csv"
    history.write_text(HEADER + (
        "E1,2.3,2026-09-10,,\n"
        "E1,2.2,2026-09-01,2026-09-11,\n"  # overlaps line 2: the later row is rejected
        "E2,2.3,2026-09-10,2026-09-01,\n"
        "E3,2.4,2026-09-01,,\n"  # 2.4 is gone from 2026-10-01: fine in September alone
        "E4,2.4,2026-09-01,2026-09-30,\n"  # ends before: fine
        "E5,2.3,,,\n"
        "E6,2.3,31.02.2026,,\n"
        "E7,2.3,01/09/2026,,\n"
    ), encoding="utf-8")  # fmt: skip
    result = run(["month", str(history), "--month", "2026-09", "--add-grid", str(layer)])
    assert result.exit_code == 4
    lines = result.stderr.splitlines()
    assert lines[0].startswith("row 3: E1: 2026-09-01 to 2026-09-11 overlaps the period on "
                               "line 2 (2026-09-10 to open)")  # fmt: skip
    assert lines[1].startswith("row 4: until 2026-09-01 is before from 2026-09-10")
    assert lines[2].startswith("row 7: from is empty")
    assert lines[3].startswith("row 8: from '31.02.2026' is not a day: no such day")
    assert lines[4].startswith("row 9: from '01/09/2026' is not a day: with slashes")
    assert lines[-1] == "salesgrid: 5 of 8 rows rejected (see above): their periods are left out"
    assert [line.split(",")[0] for line in result.stdout.splitlines()[1:]] == ["E1", "E3", "E4"]
    # October computed too: the grid has no 2.4 on its days
    result = run(["month", str(history), "--from", "2026-09", "--to", "2026-10",
                  "--add-grid", str(layer)])  # fmt: skip
    assert result.exit_code == 4
    assert result.stderr.splitlines()[2].startswith(
        "row 5: position 2.4 is not in Sales Management: level 2 has steps 1-3 (the grid in "
        "force from 2026-10-01"
    )


def test_bulgarian_headers_days_and_semicolons_in_cp1251(tmp_path: Path) -> None:
    history = tmp_path / "h.csv"
    history.write_bytes(
        "Служител;Позиция;От дата;До дата\nE2;2.2;16.09.2026 г.;\n".encode("cp1251")
    )
    found = records(history, "--month", "2026-09", "--encoding", "cp1251")
    assert found[0]["gross_due"] == Decimal("1477.89")  # the hire on the 16th


def test_jsonl_history_from_stdin() -> None:
    text = '{"employee_id": "E1", "level": 2, "step": 3, "from": "2026-01-01", "until": null}\n'
    found = records("-", "--month", "2026-09", "--input-format", "jsonl", input=text)
    assert found[0]["net_due"] == Decimal("2783.99")


def test_xlsx_output_file_and_json(tmp_path: Path) -> None:
    history = tmp_path / "h.csv"
    history.write_text(HEADER + "E1,2.3,2026-01-01,,\n", encoding="utf-8")
    target = tmp_path / "out.xlsx"
    result = run(["month", str(history), "--month", "2026-09", "--output", str(target)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert "xl/worksheets/sheet1.xml" in zipfile.ZipFile(io.BytesIO(target.read_bytes())).namelist()
    refused = run(["month", str(history), "--month", "2026-09", "--output", str(history)])
    assert refused.exit_code == 2  # never the history itself


def test_usage_errors(tmp_path: Path) -> None:
    history = tmp_path / "h.csv"
    history.write_text(HEADER + "E1,2.3,2026-01-01,,\n", encoding="utf-8")
    for args in (
        ["--month", "2026-9"], [], ["--month", "2026-09", "--from", "2026-01", "--to", "2026-02"],
        ["--from", "2026-05", "--to", "2026-01"], ["--month", "2026-09", "--hours", "0"],
    ):  # fmt: skip
        result = run(["month", str(history), *args])
        assert result.exit_code == 2, (args, result.stderr)
        assert len(result.stderr.splitlines()) == 1
    nofrom = tmp_path / "nofrom.csv"
    nofrom.write_text("employee_id,position\nE1,2.3\n", encoding="utf-8")
    assert "needs a 'from' column" in run(["month", str(nofrom), "--month", "2026-09"]).stderr


def test_the_api_equals_the_cli_json(tmp_path: Path) -> None:
    rows = [
        {"employee_id": "E4", "position": "2.2", "from": "2026-01-01", "until": "2026-09-14",
         "hours_per_week": ""},
        {"employee_id": "E4", "position": "2.3", "from": "2026-09-15", "until": "",
         "hours_per_week": ""},
        {"employee_id": "E5", "position": "2.3", "from": "2026-01-01", "until": "",
         "hours_per_week": "20"},
    ]  # fmt: skip
    history = tmp_path / "h.jsonl"
    history.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    result = run(["month", str(history), "--from", "2026-08", "--to", "2026-09", "--format",
                  "json", "--employer-cost"])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    cli = json.loads(result.stdout, parse_float=Decimal)
    api = salesgrid.month(rows, from_month="2026-08", to_month="2026-09", employer_cost=True)
    assert api == cli
    with pytest.raises(UsageError):
        salesgrid.month(rows, month="2026-09", from_month="2026-08")


# ----------------------------------------------------------------------------- the core


def test_proration_rounds_once_half_up() -> None:
    # 3410.26 x 11/20 = 1875.643 -> 1875.64; 0.005 exactly goes up
    assert prorated(Decimal("3410.26"), Decimal(40), Decimal(40), 11, 20) == Decimal("1875.64")
    assert prorated(Decimal("0.01"), Decimal(40), Decimal(40), 1, 2) == Decimal("0.01")


def test_versions_within_cut_at_a_version_in_force_mid_period() -> None:
    grid = load_grid(None)
    framework = grid.frameworks[0]
    assert versions_within(framework, date(2026, 9, 1), date(2026, 9, 30)) == [
        (date(2026, 9, 1), date(2026, 9, 30))
    ]
    assert months_between("2025-11", "2026-02") == ["2025-11", "2025-12", "2026-01", "2026-02"]


def test_a_decreed_day_in_calendar_data_is_not_worked() -> None:
    """A day off of the calendar data (a --calendar layer) counts neither in the month nor in
    the period: 21 Sep 2026 off leaves 19 working days, all worked: the full cell still."""
    data = CalendarData(days_off=(NamedDay(date(2026, 9, 21), "company day", "test"),))
    pricer = Pricer(load_grid(None), load_payroll(None))
    held = Held(2, "sales-management", Position(2, 3), date(2026, 9, 16), None, Decimal(40))
    found = month_pay("E1", [held], "2026-09", pricer,
                      lambda a, b: working_days_between(data, a, b))  # fmt: skip
    assert found is not None
    # 16-30 Sep less the 21st and 22nd = 9 of 19: 3410.26 x 9/19 = 1615.386 -> 1615.39
    assert (found.working_days, found.days_worked, found.gross_due) == (19, 9, Decimal("1615.39"))


# ----------------------------------------------------------------------------- fuzzing

_DAYS = st.dates(min_value=date(2026, 7, 20), max_value=date(2026, 10, 10))
_CELL = st.one_of(
    _DAYS.map(date.isoformat), _DAYS.map(lambda d: d.strftime("%d.%m.%Y")),
    st.sampled_from(["", "2026-02-30", "x", "01/09/2026", "2026-09-01T00:00"]),
)  # fmt: skip
_ROW = st.tuples(
    st.sampled_from(["E1", "E2", "E3", "", "E 4"]),
    st.sampled_from(["2.3", "1.1", "4.4", "9.9", "", "2,3"]),
    _CELL, st.one_of(st.just(""), _CELL),
    st.sampled_from(["", "40", "20", "0", "-1", "abc", "200"]),
)  # fmt: skip


@settings(max_examples=40)
@given(st.lists(_ROW, max_size=12))
def test_fuzz_history_never_exit_70_never_a_day_paid_twice(
    rows: list[tuple[str, ...]],
) -> None:
    text = HEADER + "".join(",".join(row) + "\n" for row in rows)
    result = run(["month", "-", "--month", "2026-09", "--format", "jsonl"], input=text)
    assert result.exit_code in (0, 4), result.stderr
    assert "Traceback" not in result.stderr
    seen: set[tuple[str, date]] = set()
    for line in result.stdout.splitlines():
        record = json.loads(line, parse_float=Decimal)
        assert record["days_worked"] <= record["working_days"]
        assert record["days_worked"] == sum(s["days"] for s in record["segments"])
        for segment in record["segments"]:
            day = date.fromisoformat(segment["from"])
            while day <= date.fromisoformat(segment["until"]):
                key = (record["employee_id"], day)
                assert key not in seen, key  # a person-day in two segments
                seen.add(key)
                day += timedelta(days=1)


def test_a_company_day_off_from_a_calendar_file(tmp_path: Path) -> None:
    calendar = tmp_path / "company.yaml"
    calendar.write_text("schema_version: 1\ndays_off:\n  - date: 2026-09-21\n"
                        "    reason: company day\nworking_days: []\n", encoding="utf-8")  # fmt: skip
    found = one(tmp_path, "E2,2.3,2026-09-16,,\n", "2026-09", "--calendar", str(calendar))
    # 20 less the 21st = 19; 16-30 less the 21st and 22nd = 9; 3410.26 x 9/19 = 1615.386 -> 1615.39
    assert (found["working_days"], found["days_worked"]) == (19, 9)
    assert found["gross_due"] == Decimal("1615.39")
    rows = [{"employee_id": "E2", "position": "2.3", "from": "2026-09-16"}]
    (api,) = salesgrid.month(rows, month="2026-09", calendar=calendar)
    assert api["gross_due"] == Decimal("1615.39")
