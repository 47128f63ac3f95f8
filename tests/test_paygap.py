"""`salesgrid paygap ROSTER` (Directive 2023/970 Art. 9) and
`--employee ID` (Art. 7). Every expected figure is worked out by hand in the comments."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest

from salesgrid.core import paygap as core
from salesgrid.core.payroll import gross_for
from salesgrid.files.loader import load_payroll

from .conftest import REPO, run

D = Decimal

# 14 workers over 3 categories; gross_annual given, so the figures do not depend on payroll.
# Hours a year = hours_per_week x 52 x months_worked / 12: 40 h x 12 months = 2080 h.
#   id  category            sex  h/wk mo  base   variable  hourly (total)      hourly base
#   A1  sales-management 1  F    40   12  41600  0         41600/2080 = 20     20
#   A2  sales-management 1  F    20   12  20800  2080      22880/1040 = 22     20
#   A3  sales-management 1  M    40   12  45760  4160      49920/2080 = 24     22
#   A4  sales-management 1  M    40    6  22880  0         22880/1040 = 22     22
#   B1  sales-management 2  F    40*  12* 62400  6240      68640/2080 = 33     30
#   B2  sales-management 2  F    40   12  66560  2080      68640/2080 = 33     32
#   B3  sales-management 2  M    40   12  62400  8320      70720/2080 = 34     30
#   B4  sales-management 2  M    40   12  72800  4160      76960/2080 = 37     35
#   B5  sales-management 2  x (not reported)     83200
#   B6  sales-management 2  (empty: not reported) 41600
#   C1  Field sales         F    40   12  52000  2080      54080/2080 = 26     25
#   C2  Field sales         M    30   12  39000  0         39000/1560 = 25     25
#   C3  Field sales         M    40   12  54080  0         54080/2080 = 26     26
#   C4  Field sales         F    40   12  56160  0         56160/2080 = 27     27
# (* empty: the defaults, 40 hours and 12 months)
HAND = """\
employee_id,position,category,sex,hours_per_week,months_worked,gross_annual,variable_pay
A1,1.1,,F,40,12,41600,
A2,1.1,,f,20,12,20800,2080
A3,1.2,,M,40,12,45760,4160
A4,1.3,,male,40,6,22880,0
B1,2.1,,woman,,,62400,6240
B2,2.2,,F,40,12,66560,2080
B3,2.1,,m,40,12,62400,8320
B4,2.3,,Man,40,12,72800,4160
B5,2.4,,x,40,12,83200,
B6,2.1,,,40,12,41600,
C1,1.2,Field sales,F,40,12,52000,2080
C2,1.1,Field sales,M,30,12,39000,
C3,1.4,Field sales,M,40,12,54080,0
C4,1.2,Field sales,female,40,12,56160,
"""

# (a) women 20+22+33+33+26+27 = 161 / 6 = 26.8333..; men 24+22+34+37+25+26 = 168 / 6 = 28:
#     (28 - 26.8333..) / 28 = 4.1666..% -> 4.17
# (c) women 20 22 26 27 33 33 -> (26+27)/2 = 26.5; men 22 24 25 26 34 37 -> 25.5:
#     (25.5 - 26.5) / 25.5 = -3.9215..% -> -3.92
# (b) receivers: women 2080 6240 2080 2080 -> 3120; men 4160 8320 4160 -> 5546.666..:
#     (5546.67 - 3120) / 5546.67 = 1 - 9360/16640 = 0.4375 -> 43.75
# (d) women median 2080, men 4160 -> 50.00
# (e) women 4 of 6 = 66.67, men 3 of 6 = 50.00
# (f) by hourly, then id: A1 F 20, A2 F 22, A4 M 22, A3 M 24, C2 M 25, C1 F 26, C3 M 26,
#     C4 F 27, B1 F 33, B2 F 33, B3 M 34, B4 M 37; band floor(4 r / 12) + 1 = r // 3 + 1:
#     1: F F M, 2: M M F (C1 before C3 by id: the tie decides), 3: M F F, 4: F M M
# (g) with --min-group 1 (every category has 2 women and 2 men: the default, 3, withholds them)
#     Field sales: base women 25, 27 -> 26, men 25, 26 -> 25.5: -0.5/25.5 = -1.96 (median
#     the same); no man receives variable pay -> null; total (hourly) women 26, 27 -> 26.5,
#     men 25, 26 -> 25.5: -1/25.5 = -3.92; not flagged
#     sales-management 1: base women 20, 20; men 22, 22: 2/22 = 9.09 (mean and median);
#     variable women 2080, men 4160: 50.00; total women 20, 22 -> 21, men 24, 22 -> 23:
#     2/23 = 8.6956.. -> 8.70; flagged
#     sales-management 2: base women 30, 32 -> 31, men 30, 35 -> 32.5: 1.5/32.5 = 4.62;
#     variable women 6240, 2080 -> 4160, men 8320, 4160 -> 6240: 2080/6240 = 33.33; total
#     women 33, 33 -> 33, men 34, 37 -> 35.5: 2.5/35.5 = 7.0422.. -> 7.04; flagged
EXPECTED = {
    "year": 2026,
    "workers": {"women": 6, "men": 6, "not_reported": 2},
    "withheld": False,
    "variable_withheld": False,
    "mean_gap_pct": 4.17,
    "median_gap_pct": -3.92,
    "variable_mean_gap_pct": 43.75,
    "variable_median_gap_pct": 50.00,
    "receiving_variable_pct": {"women": 66.67, "men": 50.00},
    "quartiles": [
        {"band": 1, "women_pct": 66.67, "men_pct": 33.33},
        {"band": 2, "women_pct": 33.33, "men_pct": 66.67},
        {"band": 3, "women_pct": 66.67, "men_pct": 33.33},
        {"band": 4, "women_pct": 33.33, "men_pct": 66.67},
    ],
    "categories": [
        {"category": "Field sales", "women": 2, "men": 2, "base_mean_gap_pct": -1.96,
         "base_median_gap_pct": -1.96, "variable_mean_gap_pct": None,
         "total_mean_gap_pct": -3.92, "flag": False, "withheld": False,
         "variable_withheld": False},
        {"category": "sales-management 1", "women": 2, "men": 2, "base_mean_gap_pct": 9.09,
         "base_median_gap_pct": 9.09, "variable_mean_gap_pct": 50.00,
         "total_mean_gap_pct": 8.70, "flag": True, "withheld": False,
         "variable_withheld": False},
        {"category": "sales-management 2", "women": 2, "men": 2, "base_mean_gap_pct": 4.62,
         "base_median_gap_pct": 4.62, "variable_mean_gap_pct": 33.33,
         "total_mean_gap_pct": 7.04, "flag": True, "withheld": False,
         "variable_withheld": False},
    ],
    "withheld_categories": {"count": 0, "min_group": 1, "reason": core.withheld_reason(1)},
}  # fmt: skip


@pytest.fixture
def hand(tmp_path: Path) -> str:
    path = tmp_path / "hand.csv"
    path.write_text(HAND, encoding="utf-8")
    return str(path)


def _json(args: list[str], code: int = 0) -> dict:  # type: ignore[type-arg]
    result = run(["paygap", *args, "--format", "json"])
    assert result.exit_code == code, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_the_figures_equal_the_hand_computed_example(hand: str) -> None:
    record = _json([hand, "--year", "2026", "--min-group", "1"])
    method = record.pop("method")
    assert record.pop("provenance")["input"]["name"] == hand
    assert record == EXPECTED
    assert "mean of the two middle values" in method
    assert "floor(4 r / n) + 1" in method and "EUR" in method


def test_by_default_the_categories_of_two_women_and_two_men_are_withheld(hand: str) -> None:
    """The default --min-group 3: the headline (6 women, 6 men; 4 and 3 receive variable pay)
    as by hand, every category (2 and 2) its counts only."""
    record = _json([hand, "--year", "2026"])
    record.pop("method")
    record.pop("provenance")
    withheld = [
        dict(entry, **dict.fromkeys(("base_mean_gap_pct", "base_median_gap_pct",
                                     "variable_mean_gap_pct", "total_mean_gap_pct")),
             flag=False, withheld=True)
        for entry in EXPECTED["categories"]
    ]  # fmt: skip
    assert record == dict(EXPECTED, categories=withheld, withheld_categories={
        "count": 3, "min_group": 3, "reason": core.withheld_reason(3)})  # fmt: skip


def test_the_json_numbers_keep_two_decimals(hand: str) -> None:
    result = run(["paygap", hand, "--format", "json"])
    assert '"variable_median_gap_pct": 50.00,' in result.stdout
    assert '"median_gap_pct": -3.92,' in result.stdout


def test_csv_layout(hand: str) -> None:
    result = run(["paygap", hand, "--format", "csv", "--min-group", "1"])
    assert result.exit_code == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["indicator", "scope", "women", "men", "value"]
    assert rows[1] == ["workers", "all", "6", "6", "2"]
    assert rows[2] == ["mean_gap_pct", "all", "", "", "4.17"]
    assert ["receiving_variable_pct", "all", "66.67", "50.00", ""] in rows
    assert ["quartile_pct", "band 2", "33.33", "66.67", ""] in rows
    assert ["variable_mean_gap_pct", "Field sales", "2", "2", ""] in rows
    assert ["flag", "sales-management 1", "2", "2", "true"] in rows
    assert ["total_mean_gap_pct", "sales-management 1", "2", "2", "8.70"] in rows
    assert ["withheld", "sales-management 1", "2", "2", "false"] in rows
    assert rows[-5:] == [
        ["withheld", "all", "", "", "false"],
        ["variable_withheld", "all", "", "", "false"],
        ["withheld_categories", "all", "", "", "0"],
        ["min_group", "all", "", "", "1"],
        ["year", "all", "", "", "2026"],
    ]
    assert len(rows) == 1 + 1 + 4 + 1 + 4 + 3 * 7 + 5
    assert "note:" not in result.stderr  # nothing withheld: no note


def test_table_shows_the_figures_and_flags(hand: str) -> None:
    result = run(["paygap", hand, "--format", "table", "--min-group", "1"])
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    for text in ("4.17%", "-3.92%", "43.75%", "66.67% / 50.00%", "sales-management 1", "yes"):
        assert text in out
    line = next(line for line in out.splitlines() if "Field sales" in line)
    assert "yes" not in line and "-1.96%" in line and "-3.92%" in line
    line = next(line for line in out.splitlines() if "sales-management 2" in line)
    assert "yes" in line and "7.04%" in line
    assert "withheld" not in out


def test_min_group_hides_the_gaps_of_small_categories(hand: str) -> None:
    record = _json([hand, "--min-group", "3"])
    for entry in record["categories"]:
        assert entry["women"] == 2 and entry["men"] == 2
        assert entry["base_mean_gap_pct"] is None
        assert entry["base_median_gap_pct"] is None
        assert entry["variable_mean_gap_pct"] is None
        assert entry["flag"] is False
        assert entry["total_mean_gap_pct"] is None and entry["withheld"] is True
    assert record["mean_gap_pct"] == 4.17  # the headline is not a category
    assert "Small groups (--min-group 3)" in record["method"]
    assert "fewer than 3 women or 3 men" in record["method"]


@pytest.mark.parametrize("value", ["0", "-1", "two", "1.5"])
def test_min_group_refuses_what_is_not_a_count(hand: str, value: str) -> None:
    result = run(["paygap", hand, "--min-group", value])
    assert result.exit_code == 2
    assert "--min-group" in result.stderr


def test_null_gaps_without_women_or_men(tmp_path: Path) -> None:
    path = tmp_path / "men.csv"
    path.write_text(
        "employee_id,position,sex,gross_annual,variable_pay\n"
        "M1,1.1,M,41600,100\nM2,1.2,M,52000,\nX1,1.1,,41600,\n",
        encoding="utf-8",
    )
    record = _json([str(path)])
    assert record["workers"] == {"women": 0, "men": 2, "not_reported": 1}
    for key in ("mean_gap_pct", "median_gap_pct", "variable_mean_gap_pct",
                "variable_median_gap_pct"):  # fmt: skip
        assert record[key] is None, key
    assert record["receiving_variable_pct"] == {"women": None, "men": 50.00}
    assert record["quartiles"][0] == {"band": 1, "women_pct": 0.00, "men_pct": 100.00}
    assert record["categories"] == [
        {"category": "sales-management 1", "women": 0, "men": 2, "base_mean_gap_pct": None,
         "base_median_gap_pct": None, "variable_mean_gap_pct": None,
         "total_mean_gap_pct": None, "flag": False, "withheld": False,
         "variable_withheld": False},
    ]  # fmt: skip
    assert record["withheld"] is False  # nobody to compare: nothing withheld


# --------------------------------------------------------------------------- quartile bands


@pytest.mark.parametrize(
    ("count", "bands"),
    [
        (1, [1]),
        (2, [1, 3]),
        (3, [1, 2, 3]),
        (4, [1, 2, 3, 4]),
        (5, [1, 1, 2, 3, 4]),
        (6, [1, 1, 2, 3, 3, 4]),
        (7, [1, 1, 2, 2, 3, 3, 4]),
        (8, [1, 1, 2, 2, 3, 3, 4, 4]),
        (9, [1, 1, 1, 2, 2, 3, 3, 4, 4]),
    ],
)
def test_band_boundaries(count: int, bands: list[int]) -> None:
    # floor(4 r / n) + 1 by hand: n = 5 -> r 0..4: 0, 0.8, 1.6, 2.4, 3.2
    assert [core.band(rank, count) for rank in range(count)] == bands


@pytest.mark.parametrize("count", range(1, 10))
def test_band_shares_through_the_report(count: int) -> None:
    """Women at the even ranks, men at the odd ones (hourly 10, 11, ...): each band's shares
    are its women and men over its headcount, an empty band null."""
    workers = [
        core.Worker(f"E{rank}", "c", "F" if rank % 2 == 0 else "M", D(40), D(12),
                    D(2080) * (10 + rank), D(0))
        for rank in range(count)
    ]  # fmt: skip
    record = core.report(workers, 2026, "m", min_group=1)
    for entry in record["quartiles"]:
        members = [r for r in range(count) if core.band(r, count) == entry["band"]]
        women = sum(1 for r in members if r % 2 == 0)
        if not members:
            assert entry["women_pct"] is None and entry["men_pct"] is None
        else:
            assert entry["women_pct"] == core.round2(D(women * 100) / len(members))
            assert entry["men_pct"] == core.round2(D((len(members) - women) * 100) / len(members))


def test_ties_are_broken_by_employee_id() -> None:
    # four people on the same hourly pay: bands by id, whatever the input order
    workers = [
        core.Worker(eid, "c", sex, D(40), D(12), D(41600), D(0))
        for eid, sex in (("D", "M"), ("B", "F"), ("A", "F"), ("C", "M"))
    ]
    bands = core.report(workers, 2026, "m", min_group=1)["quartiles"]
    assert [(b["women_pct"], b["men_pct"]) for b in bands] == [
        (D(100), D(0)), (D(100), D(0)), (D(0), D(100)), (D(0), D(100)),
    ]  # fmt: skip


def test_median_and_gap_rounding() -> None:
    assert core.median([D(3), D(1), D(2)]) == D(2)
    assert core.median([D(4), D(1), D(2), D(3)]) == D("2.5")
    assert core.gap(D(3), D(2)) == D("33.33")  # 33.333.. half up
    assert core.gap(D(8), D("7.9996")) == D("0.01")  # 0.005 -> 0.01 (half up)
    assert core.gap(D(0), D(1)) is None and core.gap(D(1), None) is None
    assert core.share(2, 3) == D("66.67")


@pytest.mark.parametrize(
    ("text", "sex"),
    [("F", "F"), ("female", "F"), (" Woman ", "F"), ("w", "F"), ("M", "M"), ("MALE", "M"),
     ("man", "M"), ("m", "M"), ("", None), ("x", None), ("diverse", None), ("fm", None),
     ("Ж", "F"), ("жена", "F"), ("\u041c", "M"), ("м", "M"), ("Мъж", "M"), ("мъже", None)],
)  # fmt: skip
def test_sex_spellings(text: str, sex: str | None) -> None:
    assert core.sex_of(text) == sex


# --------------------------------------------------------------------------- net pay


def test_net_pay_is_grossed_up_with_the_payroll_module(tmp_path: Path) -> None:
    """actual_pay (monthly net) and the grid pay, grossed up month by month for 2026 (EUR)."""
    path = tmp_path / "net.csv"
    path.write_text(
        "employee_id,position,sex,actual_pay,actual_currency,months_worked\n"
        "N1,1.1,F,1500,EUR,\n"  # 1500 EUR net, 12 months
        "N2,2.3,M,,,\n"  # the grid pay of 2.3: 5445 BGN = 2783.99 EUR net
        "N3,1.2,F,3000,BGN,6\n"  # 3000 BGN = 1533.88 EUR (divided, rounded up), 6 months
        "N4,1.2,M,3000,,\n",  # actual_currency empty: the framework's own, BGN
        encoding="utf-8",
    )
    payroll = load_payroll(None)
    months = [f"2026-{m:02d}" for m in range(1, 13)]

    def year(net: str) -> Decimal:
        return sum((gross_for(payroll, month, D(net)).gross for month in months), D(0))

    # the payroll command agrees on the month's gross of 1500 EUR net, in both 2026 periods
    for month in ("2026-03", "2026-09"):
        result = run(["payroll", "gross", "1500", "--month", month, "--format", "plain"])
        assert D(result.stdout) == gross_for(payroll, month, D(1500)).gross == D("1933.04")
    expected = {
        "N1": year("1500"),
        "N2": year("2783.99"),
        "N3": year("1533.88") * 6 / 12,
        "N4": year("1533.88"),
    }
    assert expected["N1"] == D("23196.48")  # 12 x 1933.04
    for employee, base in expected.items():
        answer = _json([str(path), "--year", "2026", "--employee", employee])
        assert answer["annual"] == float(core.round2(base)), employee
    # hourly for N3: base / (40 x 52 x 6 / 12 = 1040 hours)
    answer = _json([str(path), "--employee", "N3"])
    assert D(str(answer["hourly"])) == core.round2(expected["N3"] / 1040)


def test_year_2025_is_grossed_up_in_lev(tmp_path: Path) -> None:
    path = tmp_path / "net.csv"
    path.write_text("employee_id,position,sex\nN2,2.3,M\n", encoding="utf-8")
    payroll = load_payroll(None)
    base = sum((gross_for(payroll, f"2025-{m:02d}", D(5445)).gross for m in range(1, 13)), D(0))
    answer = _json([str(path), "--year", "2025", "--employee", "N2"])
    assert D(str(answer["annual"])) == core.round2(base)
    assert "amounts in BGN" in _json([str(path), "--year", "2025"])["method"]


@pytest.mark.parametrize("year", ["2024", "2027", "1999"])
def test_a_year_outside_the_payroll_data_is_not_found(hand: str, year: str) -> None:
    result = run(["paygap", hand, "--year", year])
    assert result.exit_code == 3
    assert f"--year {year} is outside the payroll data" in result.stderr
    assert "from 2025 to 2026" in result.stderr


@pytest.mark.parametrize("year", ["26", "twenty", "2026.0"])
def test_a_year_must_be_four_digits(hand: str, year: str) -> None:
    result = run(["paygap", hand, "--year", year])
    assert result.exit_code == 2 and "is not a year" in result.stderr


def test_default_year_is_the_last_full_reviewed_year(hand: str) -> None:
    assert core.check_year(None, "2025-01", "2026-12") == 2026
    assert core.check_year(None, "2025-01", "2026-11") == 2025
    assert core.check_year(None, "2025-02", "2026-12") == 2026
    assert _json([hand])["year"] == 2026


def test_hours_sets_the_default_hours(tmp_path: Path) -> None:
    path = tmp_path / "hours.csv"
    path.write_text(
        "employee_id,position,sex,hours_per_week,gross_annual\nF1,1.1,F,,41600\n"
        "M1,1.1,M,40,41600\n",
        encoding="utf-8",
    )
    assert _json([str(path), "--min-group", "1"])["mean_gap_pct"] == 0.00
    # F1 works 20 hours: 41600 / 1040 = 40 an hour against 20: (20 - 40) / 20 = -100%
    assert _json([str(path), "--hours", "20", "--min-group", "1"])["mean_gap_pct"] == -100.00
    for bad in ("0", "169", "abc"):
        result = run(["paygap", str(path), "--hours", bad])
        assert result.exit_code == 2, bad


# --------------------------------------------------------------------------- bad rows


def test_bad_rows_are_rejected_with_line_and_reason(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "employee_id,position,sex,hours_per_week,months_worked,gross_annual,actual_pay,"
        "variable_pay\n"
        "G1,1.1,F,40,12,41600,,\n"  # line 2: good
        "G2,1.1,M,40,12,41600,,\n"  # line 3: good
        ",1.1,F,40,12,41600,,\n"  # line 4: no id
        "G3,9.9,F,40,12,41600,,\n"  # line 5: no such position
        "G4,1.1,F,0,12,41600,,\n"  # line 6: zero hours
        "G5,1.1,F,40,13,41600,,\n"  # line 7: 13 months
        "G6,1.1,F,40,12,1,500.00,,\n"  # line 8: a comma too many
        "G7,1.1,F,40,12,41600,1500,\n"  # line 9: both gross and net
        "G8,1.1,F,40,12,41600,,-5\n"  # line 10: negative variable pay
        "G1,1.1,F,40,12,41600,,\n",  # line 11: G1 again
        encoding="utf-8",
    )
    result = run(["paygap", str(path), "--format", "json"])
    assert result.exit_code == 4
    assert json.loads(result.stdout)["workers"] == {"women": 1, "men": 1, "not_reported": 0}
    lines = result.stderr.splitlines()
    assert lines[0] == "row 4: employee_id is empty"
    assert lines[1].startswith("row 5: ") and "9" in lines[1]
    assert lines[2].startswith("row 6: hours_per_week '0' must be more than 0")
    assert lines[3].startswith("row 7: months_worked '13' is more than 12")
    assert lines[4] == "row 8: 9 fields, the header has 8"
    assert lines[5] == "row 9: both gross_annual and actual_pay are filled: give one of them"
    assert lines[6].startswith("row 10: variable_pay '-5': amounts cannot be negative")
    assert (
        lines[7]
        == "row 11: G1 also on line 2: each employee_id once (remove the repeated row, or correct its id)"
    )
    assert lines[8] == "salesgrid: 8 of 10 rows rejected (see above): the figures leave them out"
    assert len(lines) == 9


def test_unknown_columns_are_refused_unless_ignored(tmp_path: Path) -> None:
    path = tmp_path / "unknown.csv"
    path.write_text("employee_id,position,sex,shoe_size\nE1,1.1,F,38\n", encoding="utf-8")
    result = run(["paygap", str(path)])
    assert result.exit_code == 2 and "'shoe_size'" in result.stderr
    assert run(["paygap", str(path), "--ignore-unknown-columns"]).exit_code == 0


def test_semicolon_cp1251_roster(tmp_path: Path) -> None:
    path = tmp_path / "bg.csv"
    path.write_bytes(
        "employee_id;position;sex;gross_annual\nИван;1.1;M;41600\nМария;1.1;F;41600,50\n".encode(
            "cp1251"
        )
    )
    answer = _json([str(path), "--encoding", "cp1251", "--employee", "Мария"])
    assert answer["annual"] == 41600.50  # the decimal comma read as meant


def test_jsonl_roster(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text(
        '{"employee_id": "J1", "position": "1.1", "sex": "F", "gross_annual": 41600}\n'
        '{"employee_id": "J2", "position": "1.1", "sex": "M", "gross_annual": 52000}\n',
        encoding="utf-8",
    )
    # 41600 against 52000 an hour's pay: (25 - 20) / 25 = 20%
    assert _json([str(path), "--min-group", "1"])["mean_gap_pct"] == 20.00


# --------------------------------------------------------------------------- Art. 7


def test_employee_answer_json(hand: str) -> None:
    # A2: 22880 a year over 1040 hours = 22.00; sales-management 1 women A1 20, A2 22 -> 21,
    # men A3 24, A4 22 -> 23
    answer = _json([hand, "--employee", "A2", "--min-group", "1"])
    assert answer.pop("provenance")["period"] == {"from": "2026-01-01", "to": "2026-12-31"}
    assert answer == {
        "employee_id": "A2",
        "category": "sales-management 1",
        "hourly": 22.00,
        "annual": 22880.00,
        "category_mean_hourly": {"women": 21.00, "men": 23.00},
        "category_workers": {"women": 2, "men": 2},
        "withheld": False,
        "withheld_reason": None,
    }


def test_employee_answer_plain_and_table(hand: str) -> None:
    result = run(["paygap", hand, "--employee", "C2", "--format", "plain", "--min-group", "1"])
    assert result.exit_code == 0, result.stderr
    # C2: 39000 / 1560 = 25; Field sales women 26, 27 -> 26.50; men 25, 26 -> 25.50
    assert result.stdout.startswith(
        "employee_id: C2\ncategory: Field sales\nhourly: 25.00 EUR\nannual: 39,000.00 EUR\n"
        "category mean hourly, women: 26.50 EUR (2 women)\n"
        "category mean hourly, men: 25.50 EUR (2 men)\nperiod: 2026-01-01 to 2026-12-31\n"
    )
    table = run(["paygap", hand, "--employee", "C2", "--format", "table", "--min-group", "2"])
    assert table.exit_code == 0 and "26.50 EUR (2 women)" in table.stdout


def test_employee_unknown_is_not_found(hand: str) -> None:
    result = run(["paygap", hand, "--employee", "Z9"])
    assert result.exit_code == 3
    assert "--employee 'Z9' is not in the roster" in result.stderr


@pytest.mark.parametrize(("employee", "fmt"), [("A2", "csv"), ("A2", "html"), (None, "plain")])
def test_each_output_takes_its_own_formats(hand: str, employee: str | None, fmt: str) -> None:
    args = ["paygap", hand, "--format", fmt] + (["--employee", employee] if employee else [])
    result = run(args)
    assert result.exit_code == 2 and result.stdout == ""
    assert f"--format {fmt}:" in result.stderr


# --------------------------------------------------------------------------- files


def test_output_file_by_extension(hand: str, tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    result = run(["paygap", hand, "--output", str(target)])
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads(target.read_text(encoding="utf-8"))["mean_gap_pct"] == 4.17
    target = tmp_path / "report.csv"
    assert run(["paygap", hand, "--output", str(target)]).exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("indicator,scope,women,men,value\n")
    result = run(["paygap", hand, "--format", "table", "--output", str(target)])
    assert result.exit_code == 2


def test_html_report_matches_the_json(hand: str, tmp_path: Path) -> None:
    pytest.importorskip("salesgrid.output.htmlreport")
    from html.parser import HTMLParser

    target = tmp_path / "report.html"
    result = run(["paygap", hand, "--format", "html", "--output", str(target)])
    assert result.exit_code == 0, result.stderr
    found: dict[str, str] = {}

    class Keys(HTMLParser):
        key: str | None = None

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:  # noqa: ARG002
            self.key = dict(attrs).get("data-key")

        def handle_data(self, data: str) -> None:
            if self.key and self.key not in found:
                found[self.key] = data.strip()
            self.key = None

    page = target.read_text(encoding="utf-8")
    Keys().feed(page)
    assert found["mean_gap_pct"] == "4.17%" and found["median_gap_pct"] == "-3.92%"
    assert found["women"] == "6" and found["not_reported"] == "2"
    assert "<script" not in page and "http://" not in page.replace("http://www.w3.org", "")


def test_example_roster_runs() -> None:
    record = _json([str(REPO / "examples" / "paygap-roster.csv")])
    assert record["workers"]["not_reported"] >= 1
    assert len(record["categories"]) >= 3


def test_part_time_grid_pay_is_pro_rata(tmp_path: Path) -> None:
    """Without actual_pay a part-timer's net is the full-time grid pay times their hours over
    full time (--hours): 2.3 is 2783.99 EUR net, at 20 of 40 hours 1391.995 -> 1392.00."""
    path = tmp_path / "part.csv"
    path.write_text("employee_id,position,sex,hours_per_week\nP1,2.3,F,20\n", encoding="utf-8")
    payroll = load_payroll(None)
    base = sum((gross_for(payroll, f"2026-{m:02d}", D("1392.00")).gross for m in range(1, 13)),
               D(0))  # fmt: skip
    answer = _json([str(path), "--employee", "P1"])
    assert D(str(answer["annual"])) == core.round2(base)
    # at --hours 20, 20 hours a week is full time: the whole grid pay
    full = sum((gross_for(payroll, f"2026-{m:02d}", D("2783.99")).gross for m in range(1, 13)),
               D(0))  # fmt: skip
    answer = _json([str(path), "--employee", "P1", "--hours", "20"])
    assert D(str(answer["annual"])) == core.round2(full)


# --------------------------------------------------------------------------- Python API


@pytest.mark.filterwarnings("ignore:sex values not recognised")
def test_the_api_gives_the_cli_figures(hand: str) -> None:
    import salesgrid

    rows = list(csv.DictReader(io.StringIO(HAND)))
    for groups in (1, 3):
        record = salesgrid.paygap(rows, year=2026, as_of="2026-11-22", min_group=groups,
                                  made_on="2026-11-22", source=hand)  # fmt: skip
        cli = json.loads(run(["paygap", hand, "--format", "json", "--min-group", str(groups)])
                         .stdout, parse_float=Decimal)  # fmt: skip
        assert record == cli
    assert salesgrid.paygap(rows, as_of="2026-11-22", made_on="2026-11-22",
                            source=hand) == cli  # the default is 3, as the CLI's  # fmt: skip
    assert salesgrid.paygap(rows, employee="A2")["annual"] == Decimal("22880.00")
    assert salesgrid.paygap(rows, min_group=3)["categories"][0]["flag"] is False


def test_the_api_rejects_rows_as_asked() -> None:
    import salesgrid

    rows = [
        {"employee_id": "F1", "position": "1.1", "sex": "F", "gross_annual": "41600"},
        {"employee_id": "F2", "position": "9.9", "sex": "F", "gross_annual": "41600"},
        {"employee_id": "M1", "position": "1.1", "sex": "M", "gross_annual": 52000.5},
    ]
    with pytest.raises(salesgrid.RowRejected, match=r"row 2: position 9\.9"):
        salesgrid.paygap(rows)
    seen: list[salesgrid.RowRejected] = []
    record = salesgrid.paygap(rows, on_reject=seen.append, min_group=1)
    assert [r.line for r in seen] == [2]
    assert record["workers"] == {"women": 1, "men": 1, "not_reported": 0}
    # 52000.5 / 2080 = 25.00024..; (25.00024 - 20) / 25.00024 = 20.0004% -> 20.00
    assert record["mean_gap_pct"] == Decimal("20.00")
    with pytest.raises(salesgrid.NotFoundError, match=r"--year 2030"):
        salesgrid.paygap(rows, year=2030, on_reject="skip")
