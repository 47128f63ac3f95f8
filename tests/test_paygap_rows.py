"""paygap's rows: every input read as meant or refused with a message.

C4 (a roster without a sex column; sex values not recognised), A3 (zero is not a pay), A2 (a
repeated employee_id), A4 (a full-timer paid below the minimum wage), A9 (1 woman, 1 row).
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from salesgrid.core.payroll import gross_for
from salesgrid.files.loader import load_payroll

from .conftest import run

D = Decimal
ERROR = "salesgrid: error: "


def _write(tmp_path: Path, text: str, name: str = "r.csv") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


# --------------------------------------------------------------------------- C4


def test_no_sex_column_is_a_usage_error(tmp_path: Path) -> None:
    path = _write(tmp_path, "employee_id,position,gross_annual\nE-1,1.1,41600\nE-2,1.1,52000\n")
    for extra in ([], ["--employee", "E-1"], ["--format", "json"]):
        result = run(["paygap", path, *extra])
        assert result.exit_code == 2 and result.stdout == ""
        assert result.stderr == (
            f"{ERROR}paygap needs a sex column: add a 'sex' column with F or M for each worker "
            "(empty where not reported)\n"
        )


def test_a_jsonl_or_xlsx_roster_without_sex_is_a_usage_error(tmp_path: Path) -> None:
    path = _write(tmp_path, '{"employee_id": "E-1", "position": "1.1"}\n', "r.jsonl")
    result = run(["paygap", path])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == (
        f"{ERROR}paygap needs a sex column: no accepted row gives a sex; fill the 'sex' column "
        "(a 'sex' key in JSONL) with F or M for each worker\n"
    )
    import xlsxwriter

    book = tmp_path / "r.xlsx"
    with xlsxwriter.Workbook(str(book)) as workbook:
        sheet = workbook.add_worksheet()
        sheet.write_row(0, 0, ["employee_id", "position"])
        sheet.write_row(1, 0, ["E-1", "1.1"])
    result = run(["paygap", str(book)])
    assert result.exit_code == 2 and "paygap needs a sex column" in result.stderr


def test_an_empty_sex_column_is_a_usage_error_too(tmp_path: Path) -> None:
    """A sex column with nothing in it would be the same all-dash report."""
    path = _write(tmp_path, "employee_id,position,sex\nE-1,1.1,\nE-2,1.1, \n")
    result = run(["paygap", path])
    assert result.exit_code == 2 and "no accepted row gives a sex" in result.stderr


def test_the_api_refuses_rows_without_sex() -> None:
    import salesgrid

    with pytest.raises(salesgrid.UsageError, match="paygap needs a sex column"):
        salesgrid.paygap([{"employee_id": "E-1", "position": "1.1"}])
    # no rows at all: an empty report, as from a CSV roster of a header alone
    assert salesgrid.paygap([])["workers"] == {"women": 0, "men": 0, "not_reported": 0}


def test_sex_values_not_recognised_are_listed_with_their_counts(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "employee_id,position,sex\nE-1,1.1,F\nE-2,1.1,Femal\nE-3,1.1,x\nE-4,1.1,\nE-5,1.1,x\n"
        "E-6,9.9,zzz\nE-7,1.1, x \nE-8,1.1,M\n",
    )
    result = run(["paygap", path, "--format", "json"])
    assert result.exit_code == 4
    # E-6's row is rejected (9.9), so its 'zzz' is not counted; the empty E-4 is no value
    assert result.stderr.splitlines()[1:] == [
        "salesgrid: warning: sex values not recognised (counted as not reported): 'Femal' (1), "
        "'x' (3)",
        "salesgrid: 1 of 8 rows rejected (see above): the figures leave them out",
    ]
    assert json.loads(result.stdout)["workers"] == {"women": 1, "men": 1, "not_reported": 5}


def test_many_values_not_recognised_stay_one_short_line(tmp_path: Path) -> None:
    rows = "".join(f"E-{i},1.1,v{i}\n" for i in range(1, 13))
    result = run(["paygap", _write(tmp_path, "employee_id,position,sex\nE-0,1.1,F\n" + rows)])
    assert result.exit_code == 0
    listed = ", ".join(f"'v{i}' (1)" for i in range(1, 11))
    assert result.stderr == (
        "salesgrid: warning: sex values not recognised (counted as not reported): "
        f"{listed}, and other values in 2 more rows\n"
    )


def test_the_api_warns_of_sex_values_not_recognised() -> None:
    import salesgrid

    rows = [{"employee_id": "E-1", "position": "1.1", "sex": "Femal"},
            {"employee_id": "E-2", "position": "1.1", "sex": "M"}]  # fmt: skip
    with pytest.warns(salesgrid.DataWarning, match=r"'Femal' \(1\)"):
        salesgrid.paygap(rows)


# --------------------------------------------------------------------------- A3


@pytest.mark.parametrize("column", ["gross_annual", "actual_pay"])
def test_zero_or_less_is_not_a_pay(tmp_path: Path, column: str) -> None:
    otherwise = {"gross_annual": "to use actual_pay or the grid pay",
                 "actual_pay": "for the grid pay of the position"}[column]  # fmt: skip
    low, high = (41600, 52000) if column == "gross_annual" else (2000, 2500)
    path = _write(
        tmp_path,
        f"employee_id,position,sex,{column},variable_pay\n"
        f"F1,1.1,F,{low},0\nF2,1.1,F,{low},\nF3,1.1,F,{low},\n"  # variable_pay 0 is valid
        f"M1,1.1,M,{high},\nM2,1.1,M,{high},\nM3,1.1,M,{high},\n"
        'Z1,1.1,M,0,\nZ2,1.1,M,"0,00",\nZ3,1.1,F,-5,\nZ4,1.1,F,-0,\n',
    )
    result = run(["paygap", path, "--format", "json"])
    assert result.exit_code == 4
    assert result.stderr.splitlines() == [
        f"row {line}: {column} {text!r} is not a pay: it must be more than 0 (leave it empty "
        f"{otherwise})"
        for line, text in ((8, "0"), (9, "0,00"), (10, "-5"), (11, "-0"))
    ] + ["salesgrid: 4 of 10 rows rejected (see above): the figures leave them out"]
    # the figures are those of the six good rows alone
    good = "".join(Path(path).read_text(encoding="utf-8").splitlines(keepends=True)[:7])
    alone = run(["paygap", _write(tmp_path, good, "good.csv"), "--format", "json"])
    figures, alone_figures = json.loads(result.stdout), json.loads(alone.stdout)
    figures.pop("provenance"), alone_figures.pop("provenance")
    assert alone.exit_code == 0 and alone_figures == figures


def test_the_api_rejects_a_zero_pay() -> None:
    import salesgrid

    rows = [{"employee_id": "E-1", "position": "1.1", "sex": "F", "gross_annual": 0}]
    with pytest.raises(salesgrid.RowRejected, match=r"row 1: gross_annual '0' is not a pay"):
        salesgrid.paygap(rows)


# --------------------------------------------------------------------------- A2


def test_a_repeated_employee_id_names_the_first_line(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "employee_id,position,sex\nE-1,1.1,F\nE-1,1.2,M\nE-2,9.9,M\nE-2,1.1,M\nE-2,1.3,M\n",
    )
    result = run(["paygap", path, "--format", "json"])
    assert result.exit_code == 4
    lines = result.stderr.splitlines()
    assert (
        lines[0]
        == "row 3: E-1 also on line 2: each employee_id once (remove the repeated row, or correct its id)"
    )
    assert lines[1].startswith("row 4: position 9.9")
    # E-2's first row was rejected: its second is the one kept, its third the repeat
    assert (
        lines[2]
        == "row 6: E-2 also on line 5: each employee_id once (remove the repeated row, or correct its id)"
    )
    assert json.loads(result.stdout)["workers"] == {"women": 1, "men": 1, "not_reported": 0}


# --------------------------------------------------------------------------- A4


def test_full_timers_below_the_minimum_wage_are_warned_about(tmp_path: Path) -> None:
    """2026's minimum wage is 620.20 EUR. A net of 480 EUR grosses up to 618.56 (below), 482
    to 621.16 (not); 700 BGN is 357.91 EUR net (below). A part-timer on 400 is not full time;
    the rows are counted all the same."""
    payroll = load_payroll(None)
    assert gross_for(payroll, "2026-09", D(480)).gross == D("618.56")
    assert gross_for(payroll, "2026-09", D(482)).gross == D("621.16")
    path = _write(
        tmp_path,
        "employee_id,position,sex,hours_per_week,actual_pay,actual_currency\n"
        "E-7,1.1,F,,480,EUR\nE-8,1.1,F,20,400,EUR\nE-9,1.1,M,40,700,BGN\nE-10,1.1,M,,482,EUR\n",
    )
    result = run(["paygap", path, "--format", "json"])
    assert result.exit_code == 0
    assert result.stderr == (
        "salesgrid: warning: 2 workers have an actual_pay whose gross is below the minimum "
        "wage (620.20 EUR in 2026): E-7, E-9\n"
    )
    assert json.loads(result.stdout)["workers"] == {"women": 2, "men": 2, "not_reported": 0}
    # one worker, in 2025 (1077 BGN a month): 800 BGN net grosses up to 1030.95
    one = _write(tmp_path, "employee_id,position,sex,actual_pay\nE-1,1.1,F,800\n", "one.csv")
    result = run(["paygap", one, "--year", "2025", "--employee", "E-1"])
    assert result.stderr == (
        "salesgrid: warning: 1 worker has an actual_pay whose gross is below the minimum wage "
        "(1077.00 BGN in 2025): E-1\n"
    )


def test_many_below_the_minimum_wage_name_the_first_five(tmp_path: Path) -> None:
    rows = "".join(f"E-{i},1.1,F,400\n" for i in range(1, 9))
    result = run(["paygap", _write(tmp_path, "employee_id,position,sex,actual_pay\n" + rows)])
    assert result.stderr == (
        "salesgrid: warning: 8 workers have an actual_pay whose gross is below the minimum "
        "wage (620.20 EUR in 2026): E-1, E-2, E-3, E-4, E-5 and 3 more\n"
    )


def test_a_gross_annual_below_the_minimum_wage_for_the_months_worked(tmp_path: Path) -> None:
    """A monthly gross typed into gross_annual: 12 x 620.20 = 7442.40 a full year, 3721.20 for
    six months; a part-timer is not full time."""
    path = _write(
        tmp_path,
        "employee_id,position,sex,hours_per_week,months_worked,gross_annual\n"
        "G-1,1.1,F,,,1800\nG-2,1.1,F,,6,3800\nG-3,1.1,M,20,,3000\nG-4,1.1,M,,,7442.40\n"
        "G-5,1.1,M,,6,3721.19\n",
    )
    result = run(["paygap", path, "--format", "json"])
    assert result.exit_code == 0
    assert result.stderr == (
        "salesgrid: warning: 2 workers have a gross_annual below the minimum wage for the "
        "months worked (620.20 EUR a month in 2026): G-1, G-5\n"
    )


def test_the_api_warns_of_pay_below_the_minimum_wage() -> None:
    import salesgrid

    rows = [{"employee_id": "E-1", "position": "1.1", "sex": "F", "actual_pay": "400",
             "actual_currency": "EUR"}]  # fmt: skip
    with pytest.warns(salesgrid.DataWarning, match=r"1 worker has an actual_pay .*: E-1$"):
        salesgrid.paygap(rows)


# --------------------------------------------------------------------------- A9


def test_one_is_singular(tmp_path: Path) -> None:
    path = _write(tmp_path, "employee_id,position,sex\nE-1,1.1,F\nE-2,9.9,M\n")
    result = run(["paygap", path, "--employee", "E-1", "--format", "plain", "--min-group", "1"])
    assert result.exit_code == 4
    assert "category mean hourly, women: " in result.stdout and "(1 woman)\n" in result.stdout
    assert "(0 men)\n" in result.stdout
    assert result.stderr.splitlines()[-1] == (
        "salesgrid: 1 of 2 rows rejected (see above): the figures leave them out"
    )
    alone = _write(tmp_path, "employee_id,position,sex\nE-2,9.9,M\n", "alone.csv")
    assert run(["paygap", alone]).stderr.splitlines()[-1] == (
        "salesgrid: 1 of 1 row rejected (see above): the figures leave them out"
    )
