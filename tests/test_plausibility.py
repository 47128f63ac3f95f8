"""Pay that is no pay or looks wrong.

A3: an actual_pay of 0 is a rejected row, and a pay argument of 0 (``payroll net 0``,
``payroll gross 0``, ``locate 0`` and the API's) is a usage error. A4: the minimum wage and the
plausible compa-ratios are data in the payroll file; a roster warns (one line per kind, the
rows still written) about an actual pay whose gross is below the minimum wage or whose
compa-ratio looks like a typo, and ``payroll net|gross`` about a gross below the minimum wage.
A7: with ``--employer-cost``, the gross and employer cost behind the actual pay.

Figures: the minimum wage is 620.20 EUR from 2026-01 (1077 BGN in 2025); 481.26 EUR is the
highest net of a gross below it (620.19), 481.27 the net of 620.20; 2500 EUR net is 3094.72
gross and 3529.88 employer cost in 2026-09.
"""

from __future__ import annotations

import json
import re
import warnings
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import salesgrid
from salesgrid.batch import actualpay
from salesgrid.core import plausible
from salesgrid.core.payroll import COHORTS, gross_for, net_of
from salesgrid.errors import UsageError
from salesgrid.files.loader import load_payroll

from .conftest import AS_OF, DATA, run
from .test_roster import records, write

PAYROLL = load_payroll(None)
D = Decimal
HEADER = "employee_id,position,actual_pay,actual_currency\n"


def warning_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("salesgrid: warning:")]


# --------------------------------------------------------------------------- A3: zero


@pytest.mark.parametrize("amount", ["0", "0,00", "0.00", "0.0", " 0 "])
def test_an_actual_pay_of_zero_is_a_rejected_row(tmp_path: Path, amount: str) -> None:
    path = write(tmp_path, f'{HEADER}E-1,2.3,"{amount}",\nE-2,2.3,,\nE-3,2.3,5445,\n')
    result = run(["roster", str(path), "--summary"])
    assert result.exit_code == 4
    assert (
        f"row 2: actual_pay {amount.strip()!r} is not a pay: give the monthly net pay, more "
        "than 0 (leave it empty when it is not known)" in result.stderr
    )
    assert [r["employee_id"] for r in records(result.stdout)] == ["E-2", "E-3"]
    assert "actual pay: total: 1 on_grid, 0 below_cell" in result.stderr
    rows = [{"employee_id": "E-1", "position": "2.3", "actual_pay": amount}]
    with pytest.raises(salesgrid.RowRejected, match="is not a pay"):
        list(salesgrid.roster(rows, as_of=AS_OF))
    rows[0]["actual_pay"] = 0  # type: ignore[assignment]
    with pytest.raises(salesgrid.RowRejected, match="actual_pay '0' is not a pay"):
        list(salesgrid.roster(rows, as_of=AS_OF))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["payroll", "net", "0"], "GROSS 0 is not a pay: give the monthly gross pay, more than "
         "0 (e.g. 3000)"),
        (["payroll", "net", "0,00"], "GROSS 0.00 is not a pay"),
        (["payroll", "gross", "0.00"], "NET 0.00 is not a pay: give the monthly net pay, more "
         "than 0 (e.g. 1500)"),
        (["locate", "0"], "AMOUNT 0 is not a pay: give the monthly pay to locate, more than 0"),
        (["locate", "0.00", "--currency", "EUR"], "AMOUNT 0.00 is not a pay"),
    ],
)  # fmt: skip
def test_a_pay_argument_of_zero_is_a_usage_error(args: list[str], message: str) -> None:
    result = run([*args, "--month", "2026-09"] if args[0] == "payroll" else args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"salesgrid: error: {message}" in result.stderr


def test_the_api_refuses_a_pay_of_zero() -> None:
    for call in (
        lambda: salesgrid.payroll_net(0, "2026-09"),
        lambda: salesgrid.payroll_gross("0,00", "2026-09"),
        lambda: salesgrid.net(D("0"), "2026-09"),
        lambda: salesgrid.gross(0, "2026-09"),
        lambda: salesgrid.locate(0, as_of=AS_OF),
    ):
        with pytest.raises(UsageError, match="is not a pay"):
            call()


def test_a_rate_is_no_pay() -> None:
    """--work-accident-rate is a rate: it is refused by its own range, not as 'no pay'."""
    result = run(["payroll", "net", "3000", "--month", "2026-09", "--work-accident-rate", "0",
                  "--format", "json"])  # fmt: skip
    assert result.exit_code == 2 and "is not a pay" not in result.stderr


# --------------------------------------------------------------------------- A4: data


def test_every_period_says_its_minimum_wage_in_its_source() -> None:
    for period in PAYROLL.periods:
        wage = f"{period.minimum_wage:,}"  # 1,077 BGN, 620.20 EUR
        assert f"minimum wage {wage} {period.currency}" in period.source, period.from_month
    assert [str(p.minimum_wage) for p in PAYROLL.periods] == ["1077", "1077", "620.20", "620.20"]


def test_the_plausible_compa_ratios_are_data() -> None:
    band = PAYROLL.plausible_compa_ratio
    assert band is not None and (band.low, band.high) == (D("0.5"), D("2.0"))
    schema = json.loads(run(["schema", "payroll"]).stdout)
    text = json.dumps(schema)
    assert "plausible_compa_ratio" in schema["properties"]
    assert '"low"' in text and '"high"' in text


def test_validate_refuses_a_band_that_is_no_band(tmp_path: Path) -> None:
    text = (DATA / "payroll.yaml").read_text(encoding="utf-8")
    for low, high, ok in (("2.0", "0.5", False), ("1", "1", False), ("0", "2", False),
                          ("0.8", "1.25", True)):  # fmt: skip
        changed = text.replace('low: "0.5"', f'low: "{low}"').replace(
            'high: "2.0"', f'high: "{high}"'
        )
        path = write(tmp_path, changed, "payroll.yaml")
        result = run(["validate", str(path)])
        assert (result.exit_code == 0) is ok, result.stdout + result.stderr
        if not ok:
            assert "plausible_compa_ratio" in result.stdout + result.stderr


def test_a_payroll_file_without_the_band_checks_no_compa_ratio(tmp_path: Path) -> None:
    text = (DATA / "payroll.yaml").read_text(encoding="utf-8")
    without = "".join(line for line in text.splitlines(keepends=True)
                      if not line.startswith("plausible_compa_ratio:"))  # fmt: skip
    payroll = write(tmp_path, without, "payroll.yaml")
    assert run(["validate", str(payroll)]).exit_code == 0
    path = write(tmp_path, f"{HEADER}E-1,2.3,54450,\n")
    plain = run(["roster", str(path)])
    assert "compa-ratio" in plain.stderr
    result = run(["roster", str(path), "--payroll", str(payroll)])
    assert result.exit_code == 0 and result.stderr == ""


# --------------------------------------------------------------------------- A4: the rule


@pytest.mark.parametrize("month", ["2025-06", "2026-03", "2026-09"])
@pytest.mark.parametrize("cohort", COHORTS)
def test_one_comparison_of_nets_is_the_gross_against_the_minimum_wage(
    month: str, cohort: str
) -> None:
    """gross_for(net) < minimum wage  <=>  net <= minimum_wage().net_limit, for every net
    around the limit; and the limit is the highest net of any gross below the wage."""
    found = plausible.minimum_wage(PAYROLL, month, cohort)  # type: ignore[arg-type]
    wage = found.wage
    for cents in range(-300, 301):
        net = found.net_limit + D(cents) / 100
        gross = gross_for(PAYROLL, month, net, cohort).gross  # type: ignore[arg-type]
        assert (gross < wage) is found.below(net), (net, gross)
    below = [net_of(PAYROLL, month, wage - D(c) / 100, cohort).net  # type: ignore[arg-type]
             for c in range(1, 2000)]  # fmt: skip
    assert max(below) == found.net_limit


@settings(max_examples=300, deadline=None)
@given(
    cents=st.integers(min_value=0, max_value=2_000_000),
    month=st.sampled_from(["2025-02", "2025-06", "2026-03", "2026-10"]),
    cohort=st.sampled_from(COHORTS),
)
def test_the_net_rises_over_the_window_and_by_a_cent_at_most(
    cents: int, month: str, cohort: str
) -> None:
    """What the equivalence rests on: a cent more gross is at most a cent more net (so every
    net from 0 up is reached), and over the window the net always rises (so no gross further
    below the minimum wage nets more)."""
    gross = D(cents) / 100
    period = next(p for p in PAYROLL.periods if p.from_month <= month)
    window = plausible.cohort_window(PAYROLL, period, cohort)  # type: ignore[arg-type]
    assert window == (8 if cohort == "born_1960_or_later" else 6)  # five funds, or four
    net = net_of(PAYROLL, month, gross, cohort).net  # type: ignore[arg-type]
    step = net_of(PAYROLL, month, gross + D("0.01"), cohort).net  # type: ignore[arg-type]
    assert step - net <= D("0.01")
    later = net_of(PAYROLL, month, gross + D(window) / 100, cohort).net  # type: ignore[arg-type]
    assert later > net


# --------------------------------------------------------------------------- A4: roster


def test_the_roster_warns_about_pay_under_the_minimum_wage_and_typos(tmp_path: Path) -> None:
    """481.26 EUR nets from a gross under 620.20, 481.27 from 620.20; a BGN pay is converted
    by the pay rule first (941.26 BGN is 481.26 EUR, 941.27 is 481.27). 2722 against 5445 is
    0.4999: shown with 4 decimals where 2 would say 0.50 (and 10890.30 is 2.0001; 10890.01 is
    2.0000, as written, not over 2.0)."""
    path = write(
        tmp_path,
        HEADER + "E-1,2.3,\"544,5\",\nE-2,2.3,54450,\nE-3,1.1,481.26,EUR\nE-4,1.1,481.27,EUR\n"
        "E-5,1.1,941.26,\nE-6,1.1,941.27,\nE-7,2.3,2722,\nE-8,2.3,2723,\nE-9,2.3,,\n"
        "E-10,2.3,10890.30,\nE-11,2.3,10890.01,\n",
    )  # fmt: skip
    result = run(["roster", str(path)])
    assert result.exit_code == 0  # warnings: every row written
    assert len(records(result.stdout)) == 11
    assert warning_lines(result.stderr) == [
        "salesgrid: warning: 3 rows have an actual_pay whose gross is below the minimum wage "
        "(620.20 EUR in 2026-11): E-1, E-3, E-5",
        "salesgrid: warning: 4 rows have a compa-ratio under 0.5 or over 2.0 (looks like a "
        "typo): E-1 (0.10), E-2 (10.00), E-7 (0.4999), E-10 (2.0001)",
    ]


def test_the_warning_names_five_ids_then_the_count_and_one_row_in_the_singular(
    tmp_path: Path,
) -> None:
    rows = "".join(f"E-{n},2.3,100,\n" for n in range(8))
    result = run(["roster", str(write(tmp_path, HEADER + rows))])
    assert warning_lines(result.stderr)[0].endswith(": E-0, E-1, E-2, E-3, E-4 and 3 more")
    one = run(["roster", str(write(tmp_path, HEADER + "E-1,2.3,20000,\n", "one.csv"))])
    assert warning_lines(one.stderr) == [
        "salesgrid: warning: 1 row has a compa-ratio under 0.5 or over 2.0 (looks like a "
        "typo): E-1 (3.67)"
    ]


def test_the_month_is_employer_costs_else_as_ofs(tmp_path: Path) -> None:
    """835.72 BGN is the highest net of a gross under 1077 BGN in 2025: E-1 is under the
    minimum wage in 2025, E-2 not. In 2026 the payroll is in euro: 941.26 BGN is 481.26 EUR,
    under; 941.27 BGN is 481.27 EUR, not."""
    path = write(tmp_path, HEADER + "E-1,1.1,835.72,\nE-2,1.1,835.73,\nE-3,1.1,941.26,\n"
                 "E-4,1.1,941.27,\n")  # fmt: skip
    in_2025 = run(["roster", str(path), "--as-of", "2025-06-10"])
    assert warning_lines(in_2025.stderr)[0] == (
        "salesgrid: warning: 1 row has an actual_pay whose gross is below the minimum wage "
        "(1077.00 BGN in 2025-06): E-1"
    )
    cost = run(["roster", str(path), "--employer-cost", "--month", "2025-03"])
    assert "(1077.00 BGN in 2025-03): E-1\n" in cost.stderr
    cost = run(["roster", str(path), "--employer-cost", "--month", "2026-09"])
    assert "(620.20 EUR in 2026-09): E-1, E-2, E-3\n" in cost.stderr
    assert "(620.20 EUR in 2026-11): E-1, E-2, E-3\n" in run(["roster", str(path)]).stderr
    later = run(["roster", str(path), "--as-of", "2027-03-01"])
    assert "(620.20 EUR in 2027-03, from the payroll data's last period): E-1" in later.stderr


def test_no_payroll_parameters_for_the_month_is_a_note(tmp_path: Path) -> None:
    grid = tmp_path / "grid.yaml"
    text = (DATA / "grid.yaml").read_text(encoding="utf-8")
    grid.write_text(text, encoding="utf-8")
    path = write(tmp_path, HEADER + "E-1,1.1,400,\n")
    result = run(["roster", str(path), "--as-of", "2024-12-31"])
    assert result.exit_code == 0
    assert (
        "salesgrid: note: the actual pay is not checked against the minimum wage: no payroll "
        "parameters for 2024-12" in result.stderr
    )
    empty = run(["roster", str(write(tmp_path, HEADER + "E-1,1.1,,\n", "e.csv")),
                 "--as-of", "2024-12-31"])  # fmt: skip
    assert empty.stderr == ""  # no actual pay, nothing to check


def test_payroll_is_read_for_an_actual_pay_column_only(tmp_path: Path) -> None:
    payroll = write(tmp_path, (DATA / "payroll.yaml").read_text(encoding="utf-8").replace(
        'minimum_wage: "620.20"', 'minimum_wage: "4000"'), "payroll.yaml")  # fmt: skip
    path = write(tmp_path, HEADER + "E-1,2.3,5445,\n")
    result = run(["roster", str(path), "--payroll", str(payroll)])
    assert "below the minimum wage (4000.00 EUR in 2026-11): E-1" in result.stderr
    refused = run(["roster", "examples/roster.csv", "--payroll", str(payroll)])
    assert refused.exit_code == 2
    assert "--payroll is read for --employer-cost and for the minimum wage of an actual_pay " in (
        refused.stderr
    )


def test_the_minimum_wage_is_worked_out_once_a_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    real = plausible.minimum_wage

    def counted(*args: object) -> object:
        calls.append("x")
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(plausible, "minimum_wage", counted)
    rows = "".join(f"E-{n},2.{n % 4 + 1},{4000 + n},\n" for n in range(3000))
    assert run(["roster", str(write(tmp_path, HEADER + rows))]).exit_code == 0
    assert len(calls) == 1
    api_rows = [{"employee_id": f"E{n}", "position": "2.3", "actual_pay": 100} for n in range(2500)]
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        list(salesgrid.roster(api_rows, as_of=AS_OF))
    assert len(calls) == 2


def test_strict_and_the_warnings_of_rows_not_written(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "E-1,2.3,100,\nE-2,9.9,5000,\n")
    result = run(["roster", str(path), "--strict", "--output", str(tmp_path / "o.csv")])
    assert result.exit_code == 4 and warning_lines(result.stderr) == []


def test_the_api_says_the_warnings_as_data_warnings() -> None:
    rows = [{"employee_id": "E-1", "position": "2.3", "actual_pay": "544,5"},
            {"employee_id": "E-2", "position": "2.3", "actual_pay": "5445"}]  # fmt: skip
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        found = list(salesgrid.roster(rows, as_of=AS_OF))
    assert len(found) == 2
    texts = [str(w.message) for w in said if issubclass(w.category, salesgrid.DataWarning)]
    assert texts == [
        "1 row has an actual_pay whose gross is below the minimum wage (620.20 EUR in "
        "2026-11): E-1",
        "1 row has a compa-ratio under 0.5 or over 2.0 (looks like a typo): E-1 (0.10)",
    ]
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        salesgrid.payroll_net("620.19", "2026-09")
        salesgrid.payroll_net("620.20", "2026-09")
        salesgrid.gross("481.26", "2026-09")
    assert [str(w.message).split(" is below")[0] for w in said] == [
        "gross 620.19", "the gross 620.19 of net 481.26",
    ]  # fmt: skip


# --------------------------------------------------------------------------- A4: payroll


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["net", "620.19"], "GROSS 620.19 is below the minimum wage (620.20 EUR in 2026-09)"),
        (["net", "620.20"], None),
        (["gross", "481.26"], "the gross 620.19 of NET 481.26 is below the minimum wage"),
        (["gross", "481.27"], None),
        (["net", "1076.99", "--month", "2025-06"], "(1077.00 BGN in 2025-06)"),
    ],
)
def test_payroll_warns_about_a_gross_below_the_minimum_wage(args: list[str], said: str) -> None:
    month = [] if "--month" in args else ["--month", "2026-09"]
    result = run(["payroll", *args, *month])
    assert result.exit_code == 0
    assert result.stdout.strip()
    if said is None:
        assert result.stderr == ""
    else:
        (line,) = result.stderr.splitlines()
        assert line.startswith("salesgrid: warning: ") and said in line
        assert line.endswith("a full-time month pays at least that gross; check the amount "
                             "(part-time pay may be less)")  # fmt: skip


# --------------------------------------------------------------------------- A7


def test_actual_pay_behind_employer_cost(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "E-1,2.3,2500,EUR\nE-2,2.3,4889.57,BGN\nE-3,2.3,,\n")
    result = run(["roster", str(path), "--employer-cost", "--month", "2026-09",
                  "--format", "jsonl"])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    found = [json.loads(line, parse_float=D) for line in result.stdout.splitlines()]
    assert list(found[0])[-2:] == ["actual_gross", "actual_employer_cost"]
    assert (found[0]["gross"], found[0]["employer_cost"]) == (D("3410.26"), D("3845.42"))
    assert (found[0]["actual_gross"], found[0]["actual_employer_cost"]) == (
        D("3094.72"), D("3529.88"),
    )  # fmt: skip
    # 4889.57 BGN is 2500.00 EUR by the pay rule (rounded up): the same gross in euro
    assert found[1]["actual_gross"] == D("3094.72")
    assert found[2]["actual_gross"] is None and found[2]["actual_employer_cost"] is None
    b = gross_for(PAYROLL, "2026-09", D("2500"))
    assert (b.gross, b.employer_cost) == (D("3094.72"), D("3529.88"))
    summary = run(["roster", str(path), "--employer-cost", "--month", "2026-09",
                   "--summary-only", "--format", "json"])  # fmt: skip
    record = json.loads(summary.stdout, parse_float=D)
    assert record["actual_employer_cost"] == {
        "currency": "EUR", "count": 2, "monthly": D("7059.76"), "annual": D("84717.12"),
    }  # fmt: skip
    plain = run(["roster", str(path), "--employer-cost", "--month", "2026-09",
                 "--summary-only", "--format", "plain"])  # fmt: skip
    assert (
        "actual employer cost (2 people with an actual pay): monthly 7,059.76 EUR; annual "
        "84,717.12 EUR" in plain.stdout
    )
    table = run(["roster", str(path), "--employer-cost", "--month", "2026-09",
                 "--summary-only", "--format", "csv"])  # fmt: skip
    assert "actual_employer_cost,EUR,2,,7059.76,,84717.12" in table.stdout
    without = run(["roster", str(path), "--summary-only", "--format", "json"])
    assert "actual_employer_cost" not in json.loads(without.stdout)


def test_actual_cost_columns_in_csv_xlsx_and_fields(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "E-1,2.3,2500,EUR\n")
    result = run(["roster", str(path), "--employer-cost", "--month", "2026-09", "--fields",
                  "employee_id,actual_gross,actual_employer_cost"])  # fmt: skip
    assert result.stdout == "employee_id,actual_gross,actual_employer_cost\nE-1,3094.72,3529.88\n"
    book = tmp_path / "out.xlsx"
    assert run(["roster", str(path), "--employer-cost", "--month", "2026-09", "--output",
                str(book)]).exit_code == 0  # fmt: skip
    import zipfile

    with zipfile.ZipFile(book) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert re.search(r"<v>3094\.72</v>", sheet) and re.search(r"<v>3529\.88</v>", sheet)
    pay_only = run(["roster", "examples/roster.csv", "--employer-cost", "--month", "2026-09"])
    assert "actual_gross" not in pay_only.stdout.splitlines()[0]


def test_totals_and_warnings_of_the_actual_pay_module() -> None:
    totals = actualpay.Totals()
    assert actualpay.warnings(totals) == [] and actualpay.cost_record(totals) is None


@settings(max_examples=200, deadline=None)
@given(cents=st.integers(min_value=0, max_value=500_000))
def test_a_pay_in_lev_is_compared_as_its_euro_would_be(cents: int) -> None:
    """A roster compares a BGN pay with a BGN limit worked out once: the same answer as
    converting the pay to euro by the pay rule and comparing with the euro limit."""
    from salesgrid.core.conversion import conversions_from, converter
    from salesgrid.files.loader import load_grid

    grid = load_grid(None)
    found = plausible.minimum_wage(PAYROLL, "2026-09")
    to_eur = converter(conversions_from(grid, "BGN")["EUR"])
    limit = plausible.limit_in(found.net_limit, to_eur)
    assert limit == D("941.26")
    amount = D(cents) / 100
    assert (amount <= limit) is found.below(to_eur(amount))
    to_bgn = converter(conversions_from(grid, "EUR")["BGN"])
    back = plausible.limit_in(D("835.72"), to_bgn)
    assert (amount <= back) is (to_bgn(amount) <= D("835.72"))
