"""Bulgarian payroll behind the net grid: worked examples, round trips, caps, dated parameters.

Reference figures: the team's euro and payroll notes, section 3 (2026, born 1960 or later,
per-fund cent rounding, half up) and section 2 (rates, caps, minimum wages).
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salesgrid.core.payroll import COHORTS, PayrollFile, gross_for, net_of
from salesgrid.files.loader import load_payroll, packaged_path

from .conftest import DATA, run

D = Decimal


@pytest.fixture(scope="module")
def data() -> PayrollFile:
    return load_payroll(DATA / "payroll.yaml")


# (month, gross, employee funds, taxable, tax, net, employer total, cost) from the reference
WORKED = [
    ("2026-03", "620.20", ["40.81", "13.64", "8.68", "2.48", "19.85"], "534.74", "53.47", "481.27",
     "117.34", "737.54"),
    ("2026-05", "1500", ["98.70", "33.00", "21.00", "6.00", "48.00"], "1293.30", "129.33", "1163.97",
     "283.80", "1783.80"),
    ("2026-09", "3000", ["151.34", "50.60", "32.20", "9.20", "73.60"], "2683.06", "268.31", "2414.75",
     "435.16", "3435.16"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("month", "gross", "funds", "taxable", "tax", "net", "employer", "cost"), WORKED
)
def test_worked_examples_gross_to_net(
    data: PayrollFile, month: str, gross: str, funds: list[str], taxable: str, tax: str,
    net: str, employer: str, cost: str,
) -> None:  # fmt: skip
    b = net_of(data, month, D(gross))
    assert list(b.employee.values()) == [D(f) for f in funds]
    assert (b.taxable, b.income_tax, b.net) == (D(taxable), D(tax), D(net))
    assert (b.employer_total, b.employer_cost) == (D(employer), D(cost))
    assert b.currency == "EUR"


@pytest.mark.parametrize(("month", "gross", "net"), [(w[0], w[1], w[5]) for w in WORKED])
def test_worked_examples_net_to_gross(data: PayrollFile, month: str, gross: str, net: str) -> None:
    assert gross_for(data, month, D(net)).gross == D(gross)


def test_net_1500_any_month_of_2026(data: PayrollFile) -> None:
    for month in ("2026-01", "2026-07", "2026-08", "2026-12"):
        b = gross_for(data, month, D("1500"))
        assert b.gross == D("1933.04")  # below either cap
        assert (b.employee_total, b.taxable, b.income_tax) == (
            D("266.37"),
            D("1666.67"),
            D("166.67"),
        )


def test_2025_stays_in_lev(data: PayrollFile) -> None:
    b = net_of(data, "2025-06", D("1077"))
    assert (b.currency, b.employee_total, b.taxable, b.income_tax, b.net) == (
        "BGN", D("148.41"), D("928.59"), D("92.86"), D("835.73"),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("month", "cap", "net_at_cap", "analytic"),
    [("2026-07", "2111.64", "1638.58", "1638.59"), ("2026-08", "2300", "1784.75", "1784.75")],
)
def test_the_cap_boundary(
    data: PayrollFile, month: str, cap: str, net_at_cap: str, analytic: str
) -> None:
    """At 2,111.64 the funds round to 138.95 + 46.46 + 29.56 + 8.45 + 67.57 = 290.99, the tax
    to 182.07 (half up from 182.065): net 1,638.58. The reference's 1,638.59 is its unrounded
    formula, CAP x 0.77598; this tool fixes the per-fund payslip convention, a cent apart."""
    at = net_of(data, month, D(cap))
    assert at.net == D(net_at_cap)
    assert abs(at.net - D(analytic)) <= D("0.01")
    above = net_of(data, month, D(cap) + D("100"))
    assert above.insurable == D(cap) and above.employee_total == at.employee_total
    assert above.net - at.net == D("90.00")  # above the cap only the tax takes its 10%


def test_the_august_2026_switch(data: PayrollFile) -> None:
    """The same net above the net at the cap needs a different gross before and after."""
    july, august = gross_for(data, "2026-07", D("2000")), gross_for(data, "2026-08", D("2000"))
    assert july.gross != august.gross
    assert july.net == august.net == D("2000")
    below_july, below_august = (
        gross_for(data, "2026-07", D("1000")),
        gross_for(data, "2026-08", D("1000")),
    )
    assert below_july.gross == below_august.gross  # below both caps nothing changes


@pytest.mark.parametrize("gross", ["620.20", "1500", "3000", "10000"])
def test_both_cohorts_give_the_same_net(data: PayrollFile, gross: str) -> None:
    young, old = (net_of(data, "2026-09", D(gross), cohort) for cohort in COHORTS)
    assert young.net == old.net
    assert young.employee_total == old.employee_total
    assert "second_pillar" in young.employee and "second_pillar" not in old.employee


@settings(max_examples=300, deadline=None)
@given(cents=st.integers(min_value=62_020, max_value=1_000_000))
def test_cohorts_never_differ_by_more_than_a_cent(cents: int) -> None:
    """Both cohorts pay 13.78%, but split into different funds, each rounded to the cent: the
    nets agree to within one cent (at 2,111.64, for one, they differ by exactly one)."""
    data = load_payroll(DATA / "payroll.yaml")
    young, old = (net_of(data, "2026-09", D(cents) / 100, cohort) for cohort in COHORTS)
    assert abs(young.net - old.net) <= D("0.01")


@settings(max_examples=400, deadline=None)
@given(
    cents=st.integers(min_value=62_020, max_value=1_000_000),
    month=st.sampled_from(["2025-02", "2025-06", "2026-03", "2026-10"]),
    cohort=st.sampled_from(COHORTS),
)
def test_net_of_gross_for_is_the_net(cents: int, month: str, cohort: str) -> None:
    """For every cent from the minimum wage to well above the cap: net(gross(n)) == n, and the
    gross is the smallest that gives it."""
    data = load_payroll(DATA / "payroll.yaml")
    net = D(cents) / 100
    b = gross_for(data, month, net, cohort)  # type: ignore[arg-type]
    assert net_of(data, month, b.gross, cohort).net == net  # type: ignore[arg-type]
    assert net_of(data, month, b.gross - D("0.01"), cohort).net < net  # type: ignore[arg-type]


def test_work_accident_rate(data: PayrollFile) -> None:
    b = net_of(data, "2026-09", D("1500"), work_accident_percent=D("1.1"))
    assert b.employer["work_accident"] == D("16.50")
    result = run(["payroll", "net", "1500", "--month", "2026-09", "--work-accident-rate", "2",
                  "--format", "json"])  # fmt: skip
    assert result.exit_code == 2
    assert "0.4% to 1.1%" in result.stderr


def test_every_shipped_parameter(data: PayrollFile) -> None:
    periods = [(p.from_month, p.to_month, p.currency, p.cap, p.minimum_wage) for p in data.periods]
    assert periods == [
        ("2025-01", "2025-03", "BGN", D("3750"), D("1077")),
        ("2025-04", "2025-12", "BGN", D("4130"), D("1077")),
        ("2026-01", "2026-07", "EUR", D("2111.64"), D("620.20")),
        ("2026-08", None, "EUR", D("2300"), D("620.20")),
    ]
    assert data.income_tax_percent == D("10")
    for period in data.periods:
        young = period.cohorts["born_1960_or_later"]
        old = period.cohorts["born_before_1960"]
        assert young.employee.rates() == {"pension": D("6.58"), "second_pillar": D("2.2"),
            "illness_maternity": D("1.4"), "unemployment": D("0.4"), "health": D("3.2")}  # fmt: skip
        assert young.employer.rates() == {"pension": D("8.22"), "second_pillar": D("2.8"),
            "illness_maternity": D("2.1"), "unemployment": D("0.6"), "health": D("4.8")}  # fmt: skip
        assert (
            sum(old.employee.rates().values()) == D("13.78") == sum(young.employee.rates().values())
        )
        assert (
            sum(old.employer.rates().values()) == D("18.52") == sum(young.employer.rates().values())
        )
    wa = data.work_accident
    assert (wa.default_percent, wa.min_percent, wa.max_percent) == (D("0.4"), D("0.4"), D("1.1"))
    assert packaged_path("payroll").read_bytes() == (DATA / "payroll.yaml").read_bytes()


# --------------------------------------------------------------------------- CLI


def test_payroll_cli_plain_and_json() -> None:
    assert run(["payroll", "net", "3000", "--month", "2026-09"]).stdout == "2414.75\n"
    assert run(["payroll", "gross", "1500", "--month", "2026-03"]).stdout == "1933.04\n"
    record = json.loads(
        run(["payroll", "net", "3000", "--month", "2026-09", "--format", "json"]).stdout
    )
    assert record["employer_cost"] == 3435.16
    assert record["payroll_period"] == {"from": "2026-08", "to": None, "currency": "EUR",
                                        "cap": 2300, "minimum_wage": 620.20}  # fmt: skip
    assert record["employer_funds"]["work_accident"] == 9.20


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["payroll", "net", "3000", "--month", "2024-12"], 3,
         "no payroll parameters for 2024-12: the payroll data covers 2025-01 onwards"),
        (["payroll", "net", "3000", "--month", "2026-13"], 2, "is not a month"),
        (["payroll", "net", "30.001", "--month", "2026-09"], 2, "more than 2 decimals"),
        (["payroll", "gross", "-5", "--month", "2026-09"], 2, "-5: amounts cannot be negative"),
        (["pay", "2.3", "--gross", "--month", "2024-12"], 3, "covers 2025-01 onwards"),
    ],
)  # fmt: skip
def test_payroll_errors(args: list[str], code: int, message: str) -> None:
    result = run(args)
    assert result.exit_code == code
    assert message in result.stderr


def test_pay_gross_converts_then_grosses_up_in_euro() -> None:
    record = json.loads(
        run(["pay", "2", "3", "--gross", "--month", "2026-09", "--format", "json"]).stdout
    )
    assert record["amounts"]["EUR"] == 2783.99
    assert record["payroll_period"]["currency"] == "EUR"
    b = net_of(load_payroll(DATA / "payroll.yaml"), "2026-09", D(str(record["gross"])))
    assert b.net == D("2783.99")
    assert record["employer_cost"] == float(b.employer_cost)
    lev = json.loads(
        run(["pay", "2", "3", "--gross", "--month", "2025-06", "--format", "json"]).stdout
    )
    assert lev["payroll_period"]["currency"] == "BGN"
    assert net_of(load_payroll(DATA / "payroll.yaml"), "2025-06", D(str(lev["gross"]))).net == D(
        "5445"
    )
    detailed = json.loads(run(["pay", "2.3", "--gross", "--breakdown", "--month", "2026-09",
                               "--format", "json"]).stdout)  # fmt: skip
    assert set(detailed["employee_funds"]) == {"pension", "second_pillar", "illness_maternity",
                                               "unemployment", "health"}  # fmt: skip


def test_pay_gross_table_names_the_parameters() -> None:
    out = run(["pay", "2.3", "--gross", "--month", "2026-09", "--format", "table"]).stdout
    assert "Behind the net pay, 2026-09" in out
    assert "Parameters for 2026-08 onwards" in out and "rounded half up to the cent" in out


def test_bad_payroll_file(tmp_path: Path) -> None:
    text = (DATA / "payroll.yaml").read_text()
    path = tmp_path / "payroll.yaml"
    path.write_text(text.replace('from: "2026-08"', 'from: "2026-09"'))
    result = run(["validate", str(path)])
    assert result.exit_code == 5
    assert "must start 2026-08 (no gap, no overlap), not 2026-09" in result.stdout
    path.write_text(text.replace('cap: "2300"', "cap: 2300.5"))
    assert "2300.5 is a YAML float" in run(["validate", str(path)]).stdout


def test_grid_employer_cost_of_every_cell(data: PayrollFile) -> None:
    import csv
    import io

    from salesgrid.core.pay import grid_view
    from salesgrid.core.payroll import behind
    from salesgrid.files.loader import load_grid

    rows = list(csv.DictReader(io.StringIO(
        run(["grid", "--employer-cost", "--month", "2026-09"]).stdout)))  # fmt: skip
    assert len(rows) == 16
    view = grid_view(load_grid(DATA / "grid.yaml"), None, __import__("datetime").date(2026, 11, 22))
    for row, cell in zip(rows, view.cells, strict=True):
        b = behind(cell, data, "2026-09")
        assert (row["payroll_currency"], D(row["gross"]), D(row["employer_cost"])) == (
            "EUR", b.gross, b.employer_cost,
        )  # fmt: skip
        assert net_of(data, "2026-09", b.gross).net == D(row["EUR"])
    records = json.loads(
        run(["grid", "--employer-cost", "--month", "2025-06", "--format", "json"]).stdout
    )
    assert records[0]["payroll_period"]["currency"] == "BGN"
    table = run(["grid", "--employer-cost", "--month", "2026-09", "--format", "table"]).stdout
    assert "employer cost per month in EUR, 2026-09" in " ".join(table.split())  # title may wrap
    assert "3,845.42" in table
    assert run(["grid", "--employer-cost", "--chart"]).exit_code == 2


def test_roster_employer_cost_columns_and_totals(tmp_path: Path, data: PayrollFile) -> None:
    roster = tmp_path / "r.csv"
    roster.write_text("employee_id,position\nE1,2.3\nE2,2.3\nE3,4.4\n")
    out = run(["roster", str(roster), "--employer-cost", "--month", "2026-09"]).stdout
    lines = out.splitlines()
    assert lines[0].endswith(",payroll_currency,gross,employer_cost")
    assert lines[1].endswith(",EUR,3410.26,3845.42")
    summary = json.loads(run(["roster", str(roster), "--employer-cost", "--month", "2026-09",
                              "--summary-only", "--format", "json"]).stdout)  # fmt: skip
    cost_23 = net_of(data, "2026-09", D("3410.26")).employer_cost
    cost_44 = gross_for(data, "2026-09", D("6944.88")).employer_cost
    assert summary["employer_cost"]["currency"] == "EUR"
    assert D(str(summary["employer_cost"]["monthly"])) == 2 * cost_23 + cost_44
    cost_24 = gross_for(data, "2026-09", D("3244.15")).employer_cost
    assert D(str(summary["step_up_employer_cost"]["monthly"])) == 2 * (cost_24 - cost_23)
    assert D(str(summary["step_up_employer_cost"]["annual"])) == 24 * (cost_24 - cost_23)
