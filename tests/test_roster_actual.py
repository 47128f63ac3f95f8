"""Actual pay in rosters: actual_pay and actual_currency against the grid.

Every expected figure is worked out by hand from data/grid.yaml: Sales Management level 1 is
1812 .. 3812 BGN (926.47 .. 1949.05 EUR), level 2 is 4345, 4645, 5445, 6345 BGN (2221.57,
2374.96, 2783.99, 3244.15 EUR); BGN -> EUR divides by 1.95583 and rounds up to the cent,
EUR -> BGN multiplies and rounds half up.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import salesgrid
from salesgrid.core.compensation import ratio, shortfall, standing
from salesgrid.files.loader import load_grid

from .conftest import AS_OF, GRID_TEXT, REPO, run
from .test_roster import records, write

GRID = load_grid(None)

ACTUAL_FIELDS = ["actual_pay", "actual_currency", "gap", "compa_ratio", "range_position",
                 "grid_status"]  # fmt: skip
PAY_FIELDS = [
    "employee_id", "framework", "position", "pay_bgn", "pay_eur", "next_step",
    "next_step_delta_bgn", "next_level", "next_level_delta_bgn",
]  # fmt: skip


def actual_of(record: dict[str, str]) -> tuple[str, ...]:
    return tuple(record[name] for name in ACTUAL_FIELDS)


# (position, actual_pay, actual_currency) -> (actual_pay, currency, gap, compa, range, status)
BOUNDARIES = [
    # step 1 of level 2 (4345), from a cell above it: below_level | below_cell
    (("2.3", "4344.99", ""), ("4344.99", "BGN", "-1100.01", "0.7980", "0.0000", "below_level")),
    (("2.3", "4345", ""), ("4345.00", "BGN", "-1100.00", "0.7980", "0.0000", "below_cell")),
    (("2.3", "4345.01", ""), ("4345.01", "BGN", "-1099.99", "0.7980", "0.0000", "below_cell")),
    # the cell itself (2.3, 5445): below_cell | on_grid | above_cell
    (("2.3", "5444.99", ""), ("5444.99", "BGN", "-0.01", "1.0000", "0.5500", "below_cell")),
    (("2.3", "5445", ""), ("5445.00", "BGN", "0.00", "1.0000", "0.5500", "on_grid")),
    (("2.3", "5445.01", ""), ("5445.01", "BGN", "0.01", "1.0000", "0.5500", "above_cell")),
    # the top step (6345), from a cell below it: above_cell | above_level
    (("2.3", "6344.99", ""), ("6344.99", "BGN", "899.99", "1.1653", "1.0000", "above_cell")),
    (("2.3", "6345", ""), ("6345.00", "BGN", "900.00", "1.1653", "1.0000", "above_cell")),
    (("2.3", "6345.01", ""), ("6345.01", "BGN", "900.01", "1.1653", "1.0000", "above_level")),
    # on step 1: below_level | on_grid | above_cell
    (("2.1", "4344.99", ""), ("4344.99", "BGN", "-0.01", "1.0000", "0.0000", "below_level")),
    (("2.1", "4345", ""), ("4345.00", "BGN", "0.00", "1.0000", "0.0000", "on_grid")),
    (("2.1", "4345.01", ""), ("4345.01", "BGN", "0.01", "1.0000", "0.0000", "above_cell")),
    # on the top step: below_cell | on_grid | above_level
    (("2.4", "6344.99", ""), ("6344.99", "BGN", "-0.01", "1.0000", "1.0000", "below_cell")),
    (("2.4", "6345", ""), ("6345.00", "BGN", "0.00", "1.0000", "1.0000", "on_grid")),
    (("2.4", "6345.01", ""), ("6345.01", "BGN", "0.01", "1.0000", "1.0000", "above_level")),
    # in euro, against the grid converted by the pay rule (1812 BGN is 926.47 EUR)
    (("1.1", "926.46", "EUR"), ("926.46", "EUR", "-0.01", "1.0000", "0.0000", "below_level")),
    (("1.1", "926.47", "EUR"), ("926.47", "EUR", "0.00", "1.0000", "0.0000", "on_grid")),
    (("1.1", "926.48", "EUR"), ("926.48", "EUR", "0.01", "1.0000", "0.0000", "above_cell")),
    (("2.3", "2783.98", "eur"), ("2783.98", "EUR", "-0.01", "1.0000", "0.5500", "below_cell")),
    (("2.3", "2783.99", "EUR"), ("2783.99", "EUR", "0.00", "1.0000", "0.5500", "on_grid")),
    (("2.3", "2784", " EUR "), ("2784.00", "EUR", "0.01", "1.0000", "0.5500", "above_cell")),
    (("2.4", "3244.15", "EUR"), ("3244.15", "EUR", "0.00", "1.0000", "1.0000", "on_grid")),
    (("2.4", "3244.16", "EUR"), ("3244.16", "EUR", "0.01", "1.0000", "1.0000", "above_level")),
]
# Figures away from the boundaries, where compa_ratio and range_position tell more
FIGURES = [
    # 655.50 / 2000 = 0.32775 -> 0.3278; 5000.50 / 5445 = 0.91836... -> 0.9184
    (("2.3", "5000,50", ""), ("5000.50", "BGN", "-444.50", "0.9184", "0.3278", "below_cell")),
    # 655.30 / 2000 = 0.32765: half up is 0.3277 (half even would be 0.3276)
    (("2.3", "5000.3", ""), ("5000.30", "BGN", "-444.70", "0.9183", "0.3277", "below_cell")),
    # -0.10 / 2000 = -0.00005: half up (away from zero) is -0.0001
    (("2.3", "4344.90", ""), ("4344.90", "BGN", "-1100.10", "0.7980", "-0.0001", "below_level")),
    # -1345 / 2000 = -0.6725; 3000 / 5445 = 0.55096... -> 0.5510
    (("2.3", "3000", ""), ("3000.00", "BGN", "-2445.00", "0.5510", "-0.6725", "below_level")),
    # 3655 / 2000 = 1.8275; 8000 / 5445 = 1.46923... -> 1.4692
    (("2.3", "8000", ""), ("8000.00", "BGN", "2555.00", "1.4692", "1.8275", "above_level")),
    # EUR: (2000 - 2221.57) / (3244.15 - 2221.57) = -221.57 / 1022.58 = -0.21668 -> -0.2167
    (("2.3", "2000", "EUR"), ("2000.00", "EUR", "-783.99", "0.7184", "-0.2167", "below_level")),
]  # an actual_pay of 0 is no pay: a rejected row (tests/test_plausibility.py)


@pytest.mark.parametrize(("given", "expected"), BOUNDARIES + FIGURES)
def test_every_status_both_sides_of_each_boundary(
    tmp_path: Path, given: tuple[str, str, str], expected: tuple[str, ...]
) -> None:
    position, amount, currency = given
    path = write(tmp_path, f'employee_id,position,actual_pay,actual_currency\nE-1,{position},'
                 f'"{amount}",{currency}\n')  # fmt: skip
    result = run(["roster", str(path)])
    assert result.exit_code == 0, result.stderr
    (record,) = records(result.stdout)
    assert list(record) == PAY_FIELDS + ACTUAL_FIELDS
    assert actual_of(record) == expected


def test_926_47_eur_is_exactly_on_sales_management_1_1_never_a_cent_above() -> None:
    """The issue's own case, through the core and the API."""
    assert standing(Decimal("926.47"), Decimal("926.47"), Decimal("926.47"),
                    Decimal("1949.05")).grid_status == "on_grid"  # fmt: skip
    (record,) = salesgrid.roster(
        [{"employee_id": "E-1", "position": "1.1", "actual_pay": Decimal("926.47"),
          "actual_currency": "EUR"}], as_of=AS_OF,
    )  # fmt: skip
    assert (record["gap"], record["grid_status"]) == (Decimal("0.00"), "on_grid")


# --------------------------------------------------------------------------- the example

EXAMPLE_OUT = """\
employee_id,position,actual_pay,actual_currency,gap,compa_ratio,range_position,grid_status
E-1,2.3,5000.50,BGN,-444.50,0.9184,0.3278,below_cell
E-2,1.1,926.47,EUR,0.00,1.0000,0.0000,on_grid
E-3,2.1,4200.00,BGN,-145.00,0.9666,-0.0725,below_level
E-4,3.4,10000.00,BGN,467.00,1.0490,1.2335,above_level
E-5,2.2,,,,,,
"""


def test_the_example_roster() -> None:
    fields = "employee_id,position," + ",".join(ACTUAL_FIELDS)
    result = run(["roster", str(REPO / "examples" / "roster-actual.csv"), "--fields", fields])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == EXAMPLE_OUT


# --------------------------------------------------------------------------- summary

SUMMARY_ROSTER = (
    "employee_id,position,actual_pay,actual_currency\n"
    "E-1,2.3,5000.50,\n"  # below_cell: 444.50 BGN; 2783.99 - 2556.72 (5000.50 / r up) EUR
    "E-2,2.1,4344.99,\n"  # below_level: 0.01 BGN; 2221.57 - 2221.56 EUR
    "E-3,2.3,5445,\n"  # on_grid
    "E-4,2.4,7000,\n"  # above_level
    "E-5,2.2,,\n"  # not reported
    "E-6,1.1,926.46,EUR\n"  # below_level: 1812 - 1812.00 (926.46 x r half up) BGN; 0.01 EUR
    "E-7,1.2,2200,\n"  # above_cell
    "E-8,1.2,abc,\n"  # rejected
)


def test_summary_counts_every_status_and_the_cost_of_bringing_people_up(tmp_path: Path) -> None:
    path = write(tmp_path, SUMMARY_ROSTER)
    result = run(["roster", str(path), "--summary-only", "--format", "json"])
    assert result.exit_code == 4
    record = json.loads(result.stdout, parse_float=Decimal)
    assert record["rows"] == {"read": 8, "written": 7, "rejected": 1, "blank": 0}

    def statuses(on: int, below: int, above: int, under: int, over: int, none: int) -> Any:
        return {"on_grid": on, "below_cell": below, "above_cell": above, "below_level": under,
                "above_level": over, "not_reported": none}  # fmt: skip

    def bring_up(count: int, bgn: str, eur: str) -> Any:
        return {"count": count, "monthly": {"BGN": Decimal(bgn), "EUR": Decimal(eur)},
                "annual": {"BGN": Decimal(bgn) * 12, "EUR": Decimal(eur) * 12}}  # fmt: skip

    assert record["actual_pay"] == {
        "levels": [
            {"framework": "sales-management", "level": 1,
             "grid_status": statuses(0, 0, 1, 1, 0, 0), "bring_up": bring_up(1, "0.00", "0.01")},
            {"framework": "sales-management", "level": 2,
             "grid_status": statuses(1, 1, 0, 1, 1, 1),
             "bring_up": bring_up(2, "444.51", "227.28")},
        ],
        "total": {"grid_status": statuses(1, 1, 1, 2, 1, 1),
                  "bring_up": bring_up(3, "444.51", "227.29")},
    }  # fmt: skip
    assert "row 9: actual_pay 'abc' is not a number" in result.stderr


def test_summary_csv_and_plain(tmp_path: Path) -> None:
    path = write(tmp_path, SUMMARY_ROSTER)
    result = run(["roster", str(path), "--summary-only", "--format", "csv"])
    tail = result.stdout.split("level_up,possible,")[1].split("\n", 1)[1]
    assert tail == (
        "grid_status,sales-management 1 above_cell,1,,,,\n"
        "grid_status,sales-management 1 below_level,1,,,,\n"
        "bring_up,sales-management 1,1,0.00,0.01,0.00,0.12\n"
        "grid_status,sales-management 2 on_grid,1,,,,\n"
        "grid_status,sales-management 2 below_cell,1,,,,\n"
        "grid_status,sales-management 2 below_level,1,,,,\n"
        "grid_status,sales-management 2 above_level,1,,,,\n"
        "grid_status,sales-management 2 not_reported,1,,,,\n"
        "bring_up,sales-management 2,2,444.51,227.28,5334.12,2727.36\n"
        "grid_status,total on_grid,1,,,,\n"
        "grid_status,total below_cell,1,,,,\n"
        "grid_status,total above_cell,1,,,,\n"
        "grid_status,total below_level,2,,,,\n"
        "grid_status,total above_level,1,,,,\n"
        "grid_status,total not_reported,1,,,,\n"
        "bring_up,total,3,444.51,227.29,5334.12,2727.48\n"
    )
    plain = run(["roster", str(path), "--summary"]).stderr.splitlines()
    assert plain[-1] == (
        "salesgrid: actual pay: total: 1 on_grid, 1 below_cell, 1 above_cell, 2 below_level, "
        "1 above_level, 1 not_reported; bring up 3: monthly 444.51 BGN / 227.29 EUR; annual "
        "5,334.12 BGN / 2,727.48 EUR"
    )
    assert plain[-2] == (
        "salesgrid: actual pay: sales-management level 2: 1 on_grid, 1 below_cell, "
        "1 below_level, 1 above_level, 1 not_reported; bring up 2: monthly 444.51 BGN / "
        "227.28 EUR; annual 5,334.12 BGN / 2,727.36 EUR"
    )


def test_a_roster_without_actual_pay_has_no_actual_summary_nor_columns(tmp_path: Path) -> None:
    path = write(tmp_path, "employee_id,position\nE-1,2.3\n")
    result = run(["roster", str(path), "--summary-only", "--format", "json"])
    assert "actual_pay" not in json.loads(result.stdout)
    assert list(records(run(["roster", str(path)]).stdout)[0]) == PAY_FIELDS


def test_the_summary_of_an_empty_actual_run_is_zero(tmp_path: Path) -> None:
    path = write(tmp_path, "employee_id,position,actual_pay\nE-1,9.9,100\n")
    record = json.loads(run(["roster", str(path), "--summary-only", "--format", "json"]).stdout)
    assert record["actual_pay"]["levels"] == []
    assert record["actual_pay"]["total"]["bring_up"]["count"] == 0
    assert set(record["actual_pay"]["total"]["grid_status"].values()) == {0}


# --------------------------------------------------------------------------- rows refused


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("abc", "actual_pay 'abc' is not a number"),
        ('"1,500"', "actual_pay '1,500' is ambiguous: one comma before three digits"),
        ("-100", "actual_pay '-100': amounts cannot be negative"),
        ("100.505", "actual_pay '100.505' is ambiguous"),
        ("1000.505", "actual_pay '1000.505' has more than 2 decimals"),
        ("1e3", "actual_pay '1e3' has an exponent"),
        ("2000000000", "actual_pay '2000000000' is more than 1,000,000,000"),
    ],
)
def test_an_actual_pay_that_is_not_an_amount_is_a_rejected_row(
    tmp_path: Path, cell: str, reason: str
) -> None:
    path = write(tmp_path, f"employee_id,position,actual_pay\nE-1,2.3,{cell}\nE-2,2.3,5445\n")
    rejects = tmp_path / "rejects.csv"
    result = run(["roster", str(path), "--rejects", str(rejects)])
    assert result.exit_code == 4
    assert [r["employee_id"] for r in records(result.stdout)] == ["E-2"]
    (rejected,) = records(rejects.read_text(encoding="utf-8"))
    assert rejected["line"] == "2"
    assert rejected["reason"].startswith(reason), rejected["reason"]


def test_an_unknown_actual_currency_is_a_rejected_row(tmp_path: Path) -> None:
    path = write(tmp_path, "employee_id,position,actual_pay,actual_currency\nE-1,2.3,5445,USD\n")
    result = run(["roster", str(path)])
    assert result.exit_code == 4
    assert result.stderr == (
        "row 2: actual_currency: 'USD' is not a currency of this grid: BGN or EUR\n"
    )


def test_an_empty_actual_pay_is_written_with_empty_actual_columns(tmp_path: Path) -> None:
    path = write(tmp_path, "employee_id,position,actual_pay,actual_currency\nE-1,2.3, ,EUR\n")
    result = run(["roster", str(path), "--format", "jsonl"])
    assert result.exit_code == 0
    record = json.loads(result.stdout)
    assert [record[name] for name in ACTUAL_FIELDS] == [None] * 6


def test_a_semicolon_csv_keeps_its_decimal_comma(tmp_path: Path) -> None:
    path = write(tmp_path, "Employee ID;Position;Actual Pay\nE-1;2.3;5000,50\n")
    result = run(["roster", str(path), "--fields", "employee_id,actual_pay,gap"])
    assert result.stdout == "employee_id,actual_pay,gap\nE-1,5000.50,-444.50\n"


def test_a_row_rejected_by_its_assessment_is_not_counted(tmp_path: Path) -> None:
    header = ("employee_id,position,actual_pay,in_position_since,review_date,rating_technical,"
              "rating_business,rating_people,rating_adaptive,business_experience,"
              "business_exposure,opportunity_finding_proven,external_factors_proven,"
              "kpoc_completed,failed_kpocs_in_a_row,corrective_action_plan")  # fmt: skip
    good = "2024-01-01,2026-06-01,defined,defined,defined,defined,defined,defined,yes,yes,yes,0,no"
    path = write(
        tmp_path, f"{header}\nE-1,2.3,5000,{good}\nE-2,2.3,5000,{good.replace('yes', 'x')}\n"
    )
    result = run(["roster", str(path), "--summary-only", "--format", "json"])
    record = json.loads(result.stdout)
    assert record["actual_pay"]["total"]["grid_status"]["below_cell"] == 1
    (written,) = records(run(["roster", str(path)]).stdout)
    # 655 / 2000 = 0.3275; 5000 / 5445 = 0.91827... -> 0.9183
    assert actual_of(written) == ("5000.00", "BGN", "-445.00", "0.9183", "0.3275", "below_cell")


# --------------------------------------------------------------------------- options and header


def test_actual_currency_option_is_the_default_for_rows_without_one(tmp_path: Path) -> None:
    path = write(tmp_path, "employee_id,position,actual_pay,actual_currency\n"
                 "E-1,1.1,926.47,\nE-2,1.1,1812,BGN\n")  # fmt: skip
    result = run(["roster", str(path), "--actual-currency", "eur"])
    assert [actual_of(r) for r in records(result.stdout)] == [
        ("926.47", "EUR", "0.00", "1.0000", "0.0000", "on_grid"),
        ("1812.00", "BGN", "0.00", "1.0000", "0.0000", "on_grid"),
    ]
    without = run(["roster", str(path)])
    # 926.47 / 1812 = 0.51130 -> 0.5113; -885.53 / 2000 = -0.442765 -> -0.4428
    assert actual_of(records(without.stdout)[0]) == (
        "926.47", "BGN", "-885.53", "0.5113", "-0.4428", "below_level",
    )  # fmt: skip


def test_actual_currency_option_without_the_column(tmp_path: Path) -> None:
    path = write(tmp_path, "employee_id,position\nE-1,2.3\n")
    result = run(["roster", str(path), "--actual-currency", "EUR"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "salesgrid: error: --actual-currency is the currency of the 'actual_pay' column, which "
        "this roster does not have: add the column or drop --actual-currency\n"
    )


def test_an_unknown_actual_currency_option(tmp_path: Path) -> None:
    path = write(tmp_path, "employee_id,position,actual_pay\nE-1,2.3,1\n")
    result = run(["roster", str(path), "--actual-currency", "USD"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "salesgrid: error: --actual-currency 'USD' is not a currency of the grid: choose BGN or "
        "EUR\n"
    )


def test_actual_currency_column_needs_actual_pay(tmp_path: Path) -> None:
    path = write(tmp_path, "employee_id,position,actual_currency\nE-1,2.3,EUR\n")
    result = run(["roster", str(path)])
    assert result.exit_code == 2
    assert "the column 'actual_currency' needs an 'actual_pay' column" in result.stderr


# --------------------------------------------------------------------------- other inputs


def test_jsonl_numbers_and_strings(tmp_path: Path) -> None:
    lines = [
        {"employee_id": "E-1", "position": "1.1", "actual_pay": 926.47, "actual_currency": "EUR"},
        {"employee_id": "E-2", "position": "2.3", "actual_pay": "5000,50"},
        {"employee_id": "E-3", "position": "2.3", "actual_pay": None},
        {"employee_id": "E-4", "position": "2.3", "actual_pay": True},
    ]
    path = write(tmp_path, "".join(json.dumps(line) + "\n" for line in lines), "roster.jsonl")
    result = run(["roster", str(path), "--format", "jsonl"])
    assert result.exit_code == 4
    found = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["actual_pay"], r["gap"], r["grid_status"]) for r in found] == [
        (926.47, 0.0, "on_grid"), (5000.5, -444.5, "below_cell"), (None, None, None),
    ]  # fmt: skip
    assert '"gap": -444.50' in result.stdout.splitlines()[1]
    assert "row 4: actual_pay: the JSON boolean true is not text" in result.stderr


def test_jsonl_actual_pay_after_a_first_object_without_it(tmp_path: Path) -> None:
    text = ('{"employee_id": "E-1", "position": "2.3"}\n'
            '{"employee_id": "E-2", "position": "2.3", "actual_pay": 5000}\n')  # fmt: skip
    result = run(["roster", str(write(tmp_path, text, "r.jsonl"))])
    assert result.exit_code == 4
    assert "row 2: actual pay (actual_pay), but the first object (line 1) has no" in result.stderr


def test_xlsx_number_cells(tmp_path: Path) -> None:
    import xlsxwriter

    path = tmp_path / "roster.xlsx"
    with xlsxwriter.Workbook(str(path)) as book:
        sheet = book.add_worksheet()
        sheet.write_row(0, 0, ["employee_id", "position", "actual_pay", "actual_currency"])
        sheet.write_row(1, 0, ["E-1", "1.1", 926.46, "EUR"])
        sheet.write_row(2, 0, ["E-2", "2.3", 5445])
    result = run(["roster", str(path)])
    assert [actual_of(r) for r in records(result.stdout)] == [
        ("926.46", "EUR", "-0.01", "1.0000", "0.0000", "below_level"),
        ("5445.00", "BGN", "0.00", "1.0000", "0.5500", "on_grid"),
    ]


def test_xlsx_output_writes_numbers(tmp_path: Path) -> None:
    from .xlsxkit import read_book

    path = write(tmp_path, "employee_id,position,actual_pay\nE-1,2.3,5000.50\nE-2,2.3,\n")
    out = tmp_path / "out.xlsx"
    assert run(["roster", str(path), "--output", str(out)]).exit_code == 0
    rows = read_book(out)["roster"]
    assert rows[0][-6:] == ACTUAL_FIELDS
    assert rows[1][-6:] == [5000.5, "BGN", -444.5, 0.9184, 0.3278, "below_cell"]
    assert rows[2][-6:] == ["", "", "", "", "", ""]


def test_a_level_with_one_step_has_no_range_position(tmp_path: Path) -> None:
    text = GRID_TEXT
    for level in ("1: [1812, 2112, 2912, 3812]", "2: [4345, 4645, 5445, 6345]",
                  "3: [7533, 7833, 8633, 9533]", "4: [11583, 11883, 12683, 13583]"):  # fmt: skip
        text = text.replace(level, level.split(",")[0] + "]", 1)
    grid = write(tmp_path, text, "grid.yaml")
    path = write(tmp_path, "employee_id,position,actual_pay\nE-1,2.1,4344.99\nE-2,2.1,4345\n"
                 "E-3,2.1,4345.01\n")  # fmt: skip
    result = run(["roster", str(path), "--grid", str(grid)])
    assert result.exit_code == 0, result.stderr
    assert [actual_of(r) for r in records(result.stdout)] == [
        ("4344.99", "BGN", "-0.01", "1.0000", "", "below_level"),
        ("4345.00", "BGN", "0.00", "1.0000", "", "on_grid"),
        ("4345.01", "BGN", "0.01", "1.0000", "", "above_level"),
    ]


# --------------------------------------------------------------------------- API


def test_api_roster_gives_the_actual_fields_typed() -> None:
    rows = [{"employee_id": "E-1", "position": "2.3", "actual_pay": 5000.5},
            {"employee_id": "E-2", "position": "2.3", "actual_pay": "x"}]  # fmt: skip
    rejected: list[Any] = []
    (record,) = salesgrid.roster(rows, as_of=AS_OF, on_reject=rejected.append)
    assert {name: record[name] for name in ACTUAL_FIELDS} == {
        "actual_pay": Decimal("5000.50"), "actual_currency": "BGN", "gap": Decimal("-444.50"),
        "compa_ratio": Decimal("0.9184"), "range_position": Decimal("0.3278"),
        "grid_status": "below_cell",
    }  # fmt: skip
    assert rejected[0].line == 2
    (euro,) = salesgrid.roster(rows[:1], as_of=AS_OF, actual_currency="EUR")
    assert (euro["actual_currency"], euro["grid_status"]) == ("EUR", "above_level")


def test_api_refuses_an_empty_or_unknown_actual_currency() -> None:
    rows = [{"employee_id": "E-1", "position": "2.3", "actual_pay": "1"}]
    with pytest.raises(salesgrid.UsageError, match="actual_currency '' is empty"):
        list(salesgrid.roster(rows, actual_currency=""))
    with pytest.raises(salesgrid.UsageError, match="not a currency of the grid"):
        list(salesgrid.roster(rows, actual_currency="USD"))


# --------------------------------------------------------------------------- the core

AMOUNTS = st.decimals(min_value=0, max_value=100_000, places=2)


@given(actual=AMOUNTS, step_1=AMOUNTS, rise=st.lists(AMOUNTS.filter(bool), min_size=1,
       max_size=4), pick=st.integers(0, 4))  # fmt: skip
def test_standing_agrees_with_plain_comparisons(
    actual: Decimal, step_1: Decimal, rise: list[Decimal], pick: int
) -> None:
    steps = [step_1]
    for more in rise:
        steps.append(steps[-1] + more)
    cell, top = steps[min(pick, len(steps) - 1)], steps[-1]
    found = standing(actual, cell, step_1, top)
    assert found.gap == actual - cell
    expected = (
        "on_grid" if actual == cell else "below_level" if actual < step_1
        else "above_level" if actual > top else "below_cell" if actual < cell else "above_cell"
    )  # fmt: skip
    assert found.grid_status == expected
    if cell:
        assert abs(found.compa_ratio * cell - actual) <= cell * Decimal("0.00005")  # type: ignore[operator]
    assert (found.range_position is None) == (top == step_1)


def test_ratio_rounds_half_up_and_never_writes_minus_zero() -> None:
    assert ratio(Decimal("0.32765"), Decimal(1)) == Decimal("0.3277")
    assert ratio(Decimal("-0.00005"), Decimal(1)) == Decimal("-0.0001")
    assert str(ratio(Decimal("-0.00004"), Decimal(1))) == "0.0000"


def test_shortfall_in_both_currencies() -> None:
    from salesgrid.core.conversion import conversions_from, converter

    grid = GRID
    cells = {"BGN": Decimal(5445), "EUR": Decimal("2783.99")}
    to_eur = {"EUR": converter(conversions_from(grid, "BGN")["EUR"])}
    to_bgn = {"BGN": converter(conversions_from(grid, "EUR")["BGN"])}
    both = ("BGN", "EUR")
    assert shortfall(Decimal("5000.50"), cells, "BGN", to_eur, both) == (
        Decimal("444.50"), Decimal("227.27"),
    )  # fmt: skip
    # 2783.98 EUR is 5444.99 BGN (x 1.95583, half up): 0.01 short in each
    assert shortfall(Decimal("2783.98"), cells, "EUR", to_bgn, both) == (
        Decimal("0.01"), Decimal("0.01"),
    )  # fmt: skip
    assert shortfall(Decimal(1), cells, "BGN", {}, both) == (Decimal("5444.00"), None)
    assert shortfall(Decimal(6000), cells, "BGN", to_eur, both) == (
        Decimal("0.00"),
        Decimal("0.00"),
    )  # fmt: skip  never below 0


@given(amount=st.decimals(min_value=0, max_value=1_000_000_000, places=2))
def test_the_prepared_converter_is_convert(amount: Decimal) -> None:
    from salesgrid.core.conversion import conversions_from, convert, converter

    for code in ("BGN", "EUR"):
        for rule in conversions_from(GRID, code).values():
            assert converter(rule)(amount) == convert(amount, rule).amount
