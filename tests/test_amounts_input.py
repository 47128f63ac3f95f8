"""One amount rule (defect 1), bounds (15), money written with its cents (6), and the
smaller ones of defect 19 (--month '', a negative amount without --, payroll gross exit 3)."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from salesgrid.core import money
from salesgrid.errors import UsageError

from .amountspell import meant
from .conftest import DATA, GRID_TEXT, run

D = Decimal
PAYROLL_TEXT = (DATA / "payroll.yaml").read_text(encoding="utf-8")

# --------------------------------------------------------------------------- defect 1: parser


@pytest.mark.parametrize(
    ("text", "value", "comma"),
    [("1500", "1500", False), ("1500.50", "1500.50", False), ("1500,50", "1500.50", True),
     ("1,5", "1.5", True), ("0,5", "0.5", True), (" 3000 ", "3000", False), ("0", "0", False),
     ("1000000000", "1000000000", False)],
)  # fmt: skip
def test_accepted_spellings(text: str, value: str, comma: bool) -> None:
    read = money.parse_amount(text, "GROSS")
    assert (read.value, read.comma, read.currency, read.grouped) == (D(value), comma, None, False)
    assert str(read.value) == value  # the digits as typed, decimals kept


@pytest.mark.parametrize(
    "text",
    ["1,500", "1,5,0", "1.500.50", "1 50", "1\u00a05000", "1e3", "1E3", "1_000",
     "\u0661\u0665\u0660\u0660", "\uff11\uff15\uff10\uff10", "inf", "Infinity", "nan", "NaN",
     "-1", "+1", "-0", "1500.555", "1500,555", "", "  ", ".5", "1500.", "0x10", "1/2", "€1500",
     "1500 EUR", "1000000000.01", "1" * 500],
)  # fmt: skip
def test_refused_spellings(text: str) -> None:
    with pytest.raises(UsageError) as caught:
        money.parse_amount(text, "NET")
    message = str(caught.value)
    assert message.startswith("NET ")
    assert "\n" not in message and len(message) < 260
    if text.strip():
        assert repr(text.strip(" \t")[:40])[:-1] in message or repr(text[:40])[:-1] in message


@given(cents=st.integers(min_value=0, max_value=100_000_000_000), places=st.sampled_from([0, 1, 2]),
       mark=st.sampled_from([".", ","]))  # fmt: skip
def test_every_amount_round_trips(cents: int, places: int, mark: str) -> None:
    """Any amount up to the bound with at most 2 decimals, written with a point or a comma."""
    value = D(cents).scaleb(-2)
    if places < 2 and value != value.quantize(money.quantum(places)):
        value = value.quantize(money.quantum(places), rounding="ROUND_DOWN")
    text = f"{value:.{places}f}".replace(".", mark)
    read = money.parse_amount(text, "GROSS")
    assert read.value == value
    assert read.comma == ("," in text)


@given(st.text(max_size=30))
@example("1,50")
@example("１５００")
@example("1e27")
@example("٣")
def test_any_text_is_read_as_meant_or_refused(text: str) -> None:
    """Random text never raises anything but UsageError, and never reads another number."""
    try:
        read = money.parse_amount(text, "GROSS")
    except UsageError:
        return
    assert (read.value, None) == meant(text)
    assert 0 <= read.value <= money.MAX_AMOUNT


def test_decimal_comma_through_the_cli() -> None:
    """Defect 1: `1500,50` was read as 150050 (134759.75, exit 0); `1,5` as 15."""
    point = run(["payroll", "net", "1500.50", "--month", "2026-09"])
    comma = run(["payroll", "net", "1500,50", "--month", "2026-09"])
    assert (comma.exit_code, comma.stdout) == (0, point.stdout) == (0, "1164.36\n")
    assert comma.stderr == ""  # the note is for a terminal only
    assert run(["payroll", "net", "1,5", "--month", "2026-09"]).stdout == (
        run(["payroll", "net", "1.5", "--month", "2026-09"]).stdout
    )
    gross = run(["payroll", "gross", "1163,97", "--month", "2026-05"])
    assert (gross.exit_code, gross.stdout) == (0, "1500.00\n")


def test_work_accident_rate_with_a_decimal_comma() -> None:
    """Defect 1: `--work-accident-rate 0,5` complained about a 5 the user never typed."""
    result = run(["payroll", "net", "1500", "--month", "2026-09", "--work-accident-rate", "0,5",
                  "--format", "json"])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout, parse_float=D)
    assert record["work_accident_percent"] == D("0.50")
    assert record["employer_funds"]["work_accident"] == D("7.50")
    refused = run(["payroll", "net", "1500", "--month", "2026-09", "--work-accident-rate", "0,05",
                   "--format", "json"])  # fmt: skip
    assert refused.exit_code == 2 and "0.4% to 1.1%" in refused.stderr


@pytest.mark.parametrize(
    ("args", "shown"),
    [(["payroll", "net", "1,500"], "'1,500'"), (["payroll", "net", "1 50"], "'1 50'"),
     (["payroll", "gross", "1e3"], "'1e3'"), (["payroll", "gross", "1_000"], "'1_000'"),
     (["payroll", "net", "\u0661\u0665\u0660\u0660"], "'\u0661\u0665\u0660\u0660'"),
     (["payroll", "net", "nan"], "'nan'"), (["payroll", "net", "3000.505"], "'3000.505'"),
     (["payroll", "net", "3000", "--work-accident-rate", "0.5.0"], "'0.5.0'")],
)  # fmt: skip
def test_refused_amounts_through_the_cli(args: list[str], shown: str) -> None:
    result = run([*args, "--month", "2026-09"])
    assert result.exit_code == 2
    assert result.stdout == ""
    spellings = "0.5 or 0,5" if "--work-accident-rate" in args else "1500, 1500.50 or 1500,50"
    assert shown in result.stderr and f"write it like {spellings}" in result.stderr
    assert len(result.stderr.splitlines()) == 1


# --------------------------------------------------------------------------- defect 15: bounds


@pytest.mark.parametrize(
    "args",
    [["payroll", "net", "1e30"], ["payroll", "net", "1e27"], ["payroll", "gross", "1e26"],
     ["payroll", "net", "1000000000.01"], ["payroll", "gross", "99999999999"],
     ["pay", "2.3", "--gross", "--work-accident-rate", "1" * 40]],
)  # fmt: skip
def test_huge_amounts_are_refused_quickly(args: list[str]) -> None:
    import time

    start = time.perf_counter()
    result = run([*args, "--month", "2026-09"])
    assert result.exit_code == 2, result.stderr
    assert time.perf_counter() - start < 1.5
    assert result.stderr.startswith("salesgrid: error: ")


def test_the_bound_itself_is_accepted() -> None:
    result = run(["payroll", "net", "1000000000", "--month", "2026-09"])
    assert result.exit_code == 0 and result.stdout == "899999714.75\n"
    back = run(["payroll", "gross", "899999714.75", "--month", "2026-09"])
    assert (back.exit_code, back.stdout) == (0, "1000000000.00\n")


def test_a_33_digit_grid_cell_is_refused_with_its_line(tmp_path: Path) -> None:
    """Defect 15: it passed validate, then `pay` exited 70 (InvalidOperation)."""
    huge = "1" * 33
    path = tmp_path / "grid.yaml"
    path.write_text(GRID_TEXT.replace("[1812, 2112, 2912, 3812]", f"[1812, 2112, 2912, {huge}]",
                                      1), encoding="utf-8")  # fmt: skip
    checked = run(["validate", str(path)])
    assert checked.exit_code == 5
    assert f"{path}:76: frameworks[0].versions[0].levels.1[3]: error: {huge} is more than" in (
        checked.stdout
    )
    for args in (["pay", "2", "3"], ["grid"], ["frameworks"], ["promote", "--from", "1.3"]):
        result = run([*args, "--grid", str(path)])
        assert result.exit_code == 5, (args, result.stderr)
        assert f"{path}:76:" in result.stderr


def test_payroll_rates_summing_to_100_percent_are_refused(tmp_path: Path) -> None:
    """Defect 15: a payroll file whose employee rates sum to 100% passed validate, then
    `payroll gross` divided by zero."""
    path = tmp_path / "payroll.yaml"
    path.write_text(PAYROLL_TEXT.replace('pension: "6.58", second_pillar', 'pension: "92.8", '
                                         "second_pillar"), encoding="utf-8")  # fmt: skip
    checked = run(["validate", str(path)])
    assert checked.exit_code == 5
    assert (
        f"{path}:53: periods[0].cohorts.born_1960_or_later.employee: error: the employee rates "
        "of born_1960_or_later sum to 100.0%: they must sum to less than 100%"
    ) in checked.stdout
    for args in (["payroll", "gross", "100"], ["payroll", "net", "100"], ["pay", "2.3", "--gross"]):
        result = run([*args, "--month", "2026-09", "--payroll", str(path)])
        assert result.exit_code == 5, result.stderr
        assert f"{path}:53:" in result.stderr


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [('default_percent: "0.4"', 'default_percent: "2"', "work_accident.default_percent: error: "
      "2 is outside min_percent..max_percent"),
     ('min_percent: "0.4"', 'min_percent: "1.5"', "work_accident.min_percent: error: 1.5 is more"),
     ('cap: "2300"', 'cap: "99999999999"', "periods[3].cap: error: 99999999999 is more than"),
     ('income_tax_percent: "10"', 'income_tax_percent: "10.123456"', "income_tax_percent: error: "
      "10.123456: a percentage has at most 4 decimals")],
)  # fmt: skip
def test_other_payroll_values_that_broke_later(
    tmp_path: Path, old: str, new: str, where: str
) -> None:
    """A default work-accident rate outside its range made every command exit 2; a huge cap or
    a many-digit rate went past the exact arithmetic. validate now refuses them."""
    path = tmp_path / "payroll.yaml"
    assert old in PAYROLL_TEXT
    path.write_text(PAYROLL_TEXT.replace(old, new, 1), encoding="utf-8")
    checked = run(["validate", str(path)])
    assert checked.exit_code == 5 and where in checked.stdout, checked.stdout
    assert (
        run(["payroll", "net", "3000", "--month", "2026-09", "--payroll", str(path)]).exit_code == 5
    )


# --------------------------------------------------------------------------- defect 6: cents


@pytest.fixture
def custom_grid(tmp_path: Path) -> Path:
    """Sales Management with 2.1 at 4,250 BGN: exactly 2,173.00 EUR after rounding up."""
    path = tmp_path / "grid.yaml"
    path.write_text(GRID_TEXT.replace("[4345, 4645, 5445, 6345]", "[4250, 4645, 5445, 6345]", 1),
                    encoding="utf-8")  # fmt: skip
    return path


def test_whole_euros_keep_their_cents_in_pay(custom_grid: Path) -> None:
    """Defect 6: a 4,250 BGN cell printed 2173 in EUR (CSV 2173, JSON 2173, table 2,173 EUR)."""
    grid = ["--grid", str(custom_grid)]
    assert run(["pay", "2.1", "--currency", "EUR", *grid]).stdout == "2173.00\n"
    assert run(["pay", "2.1", *grid]).stdout == "4250\n"  # the grid's own amount, as printed
    assert run(["pay", "2.1", "--format", "csv", *grid]).stdout.splitlines()[1] == (
        "sales-management,2.1,2,1,4250,2173.00"
    )
    text = run(["pay", "2.1", "--format", "json", "--currency", "EUR", *grid]).stdout
    assert '"amount": 2173.00' in text and '"BGN": 4250,' in text and '"EUR": 2173.00' in text
    assert json.loads(text, parse_float=D)["amount"] == D("2173.00")
    table = run(["pay", "2.1", "--format", "table", *grid]).stdout
    assert "2,173.00 EUR" in table and "4,250 BGN" in table


def test_whole_euros_keep_their_cents_in_grid_and_promote(custom_grid: Path) -> None:
    grid = ["--grid", str(custom_grid)]
    rows = list(csv.DictReader(io.StringIO(run(["grid", "--format", "csv", *grid]).stdout)))
    assert {r["position"]: (r["BGN"], r["EUR"]) for r in rows}["2.1"] == ("4250", "2173.00")
    assert all(len(r["EUR"].split(".")[1]) == 2 for r in rows)
    assert "2.1\t2173.00\n" in run(["grid", "--format", "plain", "--currency", "EUR", *grid]).stdout
    assert '"EUR": 2173.00' in run(["grid", "--format", "json", *grid]).stdout
    assert "2,173.00" in run(["grid", "--format", "table", *grid]).stdout
    assert "2,173.00" in run(["grid", "--chart", "--format", "plain", "--currency", "EUR",
                              *grid]).stdout  # fmt: skip
    moved = run(["promote", "--from", "1.4", "--format", "table", *grid]).stdout
    assert "2,173.00" in moved and "+11.49%" in moved
    record = json.loads(run(["promote", "--from", "1.4", "--format", "json", *grid]).stdout,
                        parse_float=D)  # fmt: skip
    assert record["moves"][0]["delta"] == {"BGN": 438, "EUR": D("223.95")}


def test_whole_euros_keep_their_cents_in_a_roster(custom_grid: Path, tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("employee_id,position\nE1,2.1\n", encoding="utf-8")
    grid = ["--grid", str(custom_grid)]
    assert (
        run(["roster", str(roster), *grid])
        .stdout.splitlines()[1]
        .startswith("E1,sales-management,2.1,4250,2173.00,")
    )
    line = run(["roster", str(roster), "--format", "jsonl", *grid]).stdout
    assert '"pay_bgn": 4250, "pay_eur": 2173.00' in line
    assert "2173.00" in run(["roster", str(roster), "--format", "table", *grid]).stdout
    summary = run(["roster", str(roster), "--summary-only", "--format", "csv", *grid]).stdout
    assert "payroll,net,1,4250,2173.00,51000,26076.00" in summary
    text = run(["roster", str(roster), "--summary-only", "--format", "json", *grid]).stdout
    assert '"EUR": 2173.00' in text and '"EUR": 26076.00' in text
    plain = run(["roster", str(roster), "--summary-only", "--format", "plain", *grid]).stdout
    assert "monthly 4,250 BGN / 2,173.00 EUR; annual 51,000 BGN / 26,076.00 EUR" in plain


def test_an_empty_roster_totals_euros_with_cents(tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("employee_id,position\n", encoding="utf-8")
    summary = run(["roster", str(roster), "--summary-only", "--format", "csv"]).stdout
    assert "payroll,net,0,0,0.00,0,0.00" in summary


def test_payroll_figures_always_have_two_decimals() -> None:
    """Payroll figures, parameters and percentages: 3000.00, 2300.00 and 0.40, not 3000, 2300
    and 0.4."""
    record = run(["payroll", "net", "3000", "--month", "2026-09", "--format", "json"]).stdout
    assert '"gross": 3000.00' in record and '"insurable_income": 2300.00' in record
    assert '"cap": 2300.00' in record and '"work_accident_percent": 0.40' in record
    line = run(["payroll", "net", "3000", "--month", "2026-09", "--format", "csv"]).stdout
    assert line.splitlines()[1] == "2026-09,EUR,3000.00,316.94,268.31,2414.75,435.16,3435.16"
    table = run(["payroll", "net", "3000", "--month", "2026-09", "--format", "table"]).stdout
    assert (
        "3,000.00 EUR" in table and "cap 2,300.00 EUR" in table and "work accident 0.40%" in table
    )
    assert run(["payroll", "gross", "2414.75", "--month", "2026-09"]).stdout == "3000.00\n"


# --------------------------------------------------------------------------- defect 19


def test_an_empty_month_is_refused() -> None:
    """Defect 19: `--month ''` was quietly the current month."""
    for args in (["payroll", "net", "3000"], ["pay", "2.3", "--gross"],
                 ["grid", "--employer-cost"]):  # fmt: skip
        result = run([*args, "--month", ""])
        assert result.exit_code == 2, args
        assert "--month '' is empty: give --month YYYY-MM" in result.stderr  # one check, N1


@pytest.mark.parametrize("command", ["net", "gross"])
@pytest.mark.parametrize("amount", ["-1", "-1500.50", "-1,5"])
def test_a_negative_amount_without_double_dash(command: str, amount: str) -> None:
    """Defect 19: `payroll net -1` said "No such option: -1"."""
    result = run(["payroll", command, amount, "--month", "2026-09"])
    assert result.exit_code == 2
    assert f"{amount}: amounts cannot be negative" in result.stderr
    assert "No such option" not in result.stderr
    after = run(["payroll", command, "--month", "2026-09", "--", amount])
    assert after.exit_code == 2 and "amounts cannot be negative" in after.stderr


def test_payroll_gross_documents_exit_3() -> None:
    """Defect 19: a net no cent step of gross reaches exits 3; the help now says so."""
    help_text = run(["payroll", "gross", "--help"]).stdout
    assert "exit 3" in " ".join(help_text.split())


def test_a_decimal_comma_is_noted_only_at_a_terminal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """At a terminal the reading of `1500,50` is said on stderr; in a script it is not."""
    import sys

    from salesgrid import cli

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert cli.money_arg("1500,50", "GROSS") == D("1500.50")
    assert capsys.readouterr().err == ""
    monkeypatch.setattr(sys, "stdout", Terminal())
    assert cli.money_arg("1500,50", "GROSS") == D("1500.50")
    assert cli.money_arg("1500.50", "GROSS") == D("1500.50")
    assert capsys.readouterr().err == (
        "salesgrid: note: GROSS '1500,50' read as 1500.50 (decimal comma)\n"
    )


def test_the_payroll_table_names_the_files_income_tax(tmp_path: Path) -> None:
    """The table's footnote said "income tax 10%" whatever the payroll file said."""
    path = tmp_path / "payroll.yaml"
    path.write_text(PAYROLL_TEXT.replace('income_tax_percent: "10"', 'income_tax_percent: "12"'),
                    encoding="utf-8")  # fmt: skip
    table = run(["payroll", "net", "3000", "--month", "2026-09", "--payroll", str(path),
                 "--format", "table"]).stdout  # fmt: skip
    assert "income tax 12.00%" in " ".join(table.split())


def test_a_conversion_rate_outside_any_currency_rate_is_refused(tmp_path: Path) -> None:
    """A rate of 1e-30 passed validate, then `pay` exited 70 (InvalidOperation)."""
    path = tmp_path / "grid.yaml"
    tiny = "0." + "0" * 29 + "1"
    path.write_text(GRID_TEXT.replace('rate: "1.95583"', f'rate: "{tiny}"', 1), encoding="utf-8")
    path.with_name("small.yaml").write_text(
        GRID_TEXT.replace('rate: "1.95583"', 'rate: "0.000000001"', 1), encoding="utf-8"
    )
    checked = run(["validate", str(path)])
    assert checked.exit_code == 5
    assert "conversions[0].rate: error:" in checked.stdout  # too many decimals for a rate
    small = run(["validate", str(path.with_name("small.yaml"))])
    assert small.exit_code == 5
    assert "conversions[0].rate: error: 0.000000001 is not a currency rate" in small.stdout
    result = run(["pay", "2", "3", "--grid", str(path)])
    assert result.exit_code == 5 and "conversions[0].rate" in result.stderr
