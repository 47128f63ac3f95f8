"""`salesgrid locate AMOUNT`: the position paying an amount, else the
nearest below and above with the differences; exit 0 exact, 1 between, 3 past the grid.

Expected values come from the grid file read here with plain YAML and the euro rule written
out by hand (BGN / 1.95583, rounded up to the cent), never from salesgrid's own lookup; a few
literal values are checked by hand as well.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
from datetime import date
from decimal import ROUND_UP, Decimal
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

import salesgrid
from salesgrid.core.locate import locate_amount
from salesgrid.errors import NotFoundError, UsageError
from salesgrid.files.loader import load_grid

from .conftest import AS_OF, DATA, GRID_TEXT, run

RATE = Decimal("1.95583")


def _eur(bgn: Decimal) -> Decimal:
    return (bgn / RATE).quantize(Decimal("0.01"), rounding=ROUND_UP)


def _cells() -> dict[str, list[tuple[str, Decimal, Decimal]]]:
    """framework id -> (position, BGN, EUR) for every cell of its latest grid, from the YAML."""
    found = {}
    for fw in yaml.safe_load(GRID_TEXT)["frameworks"]:
        levels = fw["versions"][-1]["levels"]
        found[fw["id"]] = [
            (f"{level}.{step}", Decimal(str(amount)), _eur(Decimal(str(amount))))
            for level, steps in sorted(levels.items())
            for step, amount in enumerate(steps, start=1)
        ]
    return found


CELLS = _cells()
EVERY_CELL = [
    (fw, position, bgn, eur) for fw, cells in CELLS.items() for position, bgn, eur in cells
]
COLUMNS = {"BGN": 1, "EUR": 2}


def _key(position: str) -> tuple[int, int]:
    level, step = position.split(".")
    return int(level), int(step)


def _expected(fw: str, amount: Decimal, currency: str) -> tuple[Any, Any, Any]:
    """(exact, below, above) positions, by the documented rule: among equal pay the lower
    position (lower level, then step)."""
    column = COLUMNS[currency]
    cells = sorted(CELLS[fw], key=lambda c: (c[column], _key(c[0])))
    exact = [c[0] for c in cells if c[column] == amount]
    if exact:
        return exact[0], None, None
    under = [c for c in cells if c[column] < amount]
    below = None
    if under:
        below = next(c for c in under if c[column] == under[-1][column])
    above = next((c for c in cells if c[column] > amount), None)
    return None, below, above


@pytest.fixture(scope="module")
def grid() -> Any:
    return load_grid(DATA / "grid.yaml")


DAY = date.fromisoformat(AS_OF)


# --------------------------------------------------------------------------- by hand


@pytest.mark.parametrize(
    ("args", "stdout"),
    [
        (["5445"], "2.3\n"),
        (["5445.00"], "2.3\n"),
        (["5445,00"], "2.3\n"),
        (["2783.99", "--currency", "EUR"], "2.3\n"),
        (["2783,99", "--currency", "eur"], "2.3\n"),
        (["926.47", "--currency", "EUR"], "1.1\n"),
        (["1812"], "1.1\n"),
        (["13583"], "4.4\n"),
        (["4500", "--framework", "technical-support-management"], "1.4\n"),
        (["4400", "-f", "technical-support-management"], "2.1\n"),
    ],
)
def test_an_exact_amount_prints_the_position_alone(args: list[str], stdout: str) -> None:
    result = run(["locate", *args])
    assert (result.exit_code, result.stdout, result.stderr) == (0, stdout, "")


def test_between_two_positions_by_hand() -> None:
    """5000 BGN: 2.2 pays 4645 (355 less), 2.3 pays 5445 (445 more)."""
    result = run(["locate", "5000"])
    assert result.exit_code == 1
    assert result.stdout == "below\t2.2\t4645\t-355\nabove\t2.3\t5445\t445\n"
    assert result.stderr == ""


def test_between_two_positions_in_euro_by_hand() -> None:
    """2500 EUR: 2.2 is 4645 / 1.95583 = 2374.955... -> 2374.96; 2.3 is 2783.99."""
    result = run(["locate", "2500", "--currency", "EUR"])
    assert result.exit_code == 1
    assert result.stdout == "below\t2.2\t2374.96\t-125.04\nabove\t2.3\t2783.99\t283.99\n"


def test_a_cent_off_a_euro_amount() -> None:
    result = run(["locate", "926.46", "--currency", "EUR"])
    assert (result.exit_code, result.stdout) == (3, "above\t1.1\t926.47\t0.01\n")
    result = run(["locate", "926.48", "--currency", "EUR"])
    assert (result.exit_code, result.stdout) == (1, "below\t1.1\t926.47\t-0.01\n"
                                                 "above\t1.2\t1079.85\t153.37\n")  # fmt: skip


def test_a_decimal_comma_and_cents() -> None:
    result = run(["locate", "5000,5"])
    assert result.stdout == "below\t2.2\t4645\t-355.50\nabove\t2.3\t5445\t444.50\n"
    assert run(["locate", "5000.50"]).stdout == result.stdout


def test_below_the_lowest_names_the_nearest() -> None:
    result = run(["locate", "1811"])
    assert result.exit_code == 3
    assert result.stdout == "above\t1.1\t1812\t1\n"
    assert result.stderr == (
        "salesgrid: note: 1811 BGN is below the lowest pay in Sales Management: the nearest "
        "position is 1.1, paying 1812 BGN\n"
    )


def test_above_the_highest_names_the_nearest() -> None:
    result = run(["locate", "13584"])
    assert result.exit_code == 3
    assert result.stdout == "below\t4.4\t13583\t-1\n"
    assert result.stderr == (
        "salesgrid: note: 13584 BGN is above the highest pay in Sales Management: the nearest "
        "position is 4.4, paying 13583 BGN\n"
    )
    result = run(["locate", "7000", "--currency", "EUR"])  # 13583 / 1.95583 = 6944.876...
    assert (result.exit_code, result.stdout) == (3, "below\t4.4\t6944.88\t-55.12\n")
    assert "7000 EUR is above the highest pay" in result.stderr


# --------------------------------------------------------------------------- equal pay


def test_two_positions_paying_the_same_name_the_lower() -> None:
    """Operations Management (Logistics): 1.3 and 2.2 both pay 3300."""
    fw = ["--framework", "operations-management-logistics"]
    result = run(["locate", "3300", *fw])
    assert (result.exit_code, result.stdout) == (0, "1.3\n")
    assert result.stderr == (
        "salesgrid: note: 2.2 also pays 3300 BGN in Operations Management (Logistics): the "
        "lower position, 1.3, is named\n"
    )
    record = json.loads(run(["locate", "3300", *fw, "--format", "json"]).stdout)
    assert record["exact"] == "1.3"
    # nearest below and above: the lower of the two as well
    assert run(["locate", "3350", *fw]).stdout == "below\t1.3\t3300\t-50\nabove\t2.3\t4100\t750\n"
    assert run(["locate", "3250", *fw]).stdout == "below\t2.1\t3000\t-250\nabove\t1.3\t3300\t50\n"


def test_overlapping_levels_are_ordered_by_pay() -> None:
    """Technical Support Management: 1.4 (4500) pays more than 2.1 (4400)."""
    fw = ["-f", "technical-support-management"]
    assert run(["locate", "4450", *fw]).stdout == "below\t2.1\t4400\t-50\nabove\t1.4\t4500\t50\n"
    assert run(["locate", "4600", *fw]).stdout == "below\t1.4\t4500\t-100\nabove\t2.2\t4700\t100\n"


def test_the_same_pay_in_the_api() -> None:
    found = salesgrid.locate(3300, framework="operations-management-logistics", as_of=AS_OF)
    assert (found.exact, found.same, found.below, found.above) == ("1.3", ("2.2",), None, None)


# --------------------------------------------------------------------------- every cell


@pytest.mark.parametrize("fw", list(CELLS))
@pytest.mark.parametrize("currency", ["BGN", "EUR"])
def test_every_cell_is_found_exactly(fw: str, currency: str) -> None:
    """Every cell of every framework, in BGN and in EUR, through the command line."""
    column = COLUMNS[currency]
    for cell in CELLS[fw]:
        amount = cell[column]
        result = run(["locate", str(amount), "-f", fw, "--currency", currency])
        exact, _, _ = _expected(fw, amount, currency)
        assert (result.exit_code, result.stdout) == (0, f"{exact}\n"), (fw, cell)


@pytest.mark.parametrize(("fw", "position", "bgn", "eur"), EVERY_CELL)
def test_every_cell_in_the_core(
    grid: Any, fw: str, position: str, bgn: Decimal, eur: Decimal
) -> None:
    for amount, currency in ((bgn, "BGN"), (eur, "EUR")):
        found = locate_amount(grid, fw, amount, currency, DAY)
        assert found.exact is not None
        assert str(found.exact.position) == _expected(fw, amount, currency)[0]
        assert found.exact.amount_in(currency) == amount
        assert position in [str(found.exact.position), *(str(c.position) for c in found.same)]
        assert (found.below, found.above) == (None, None)


@pytest.mark.parametrize("fw", list(CELLS))
@pytest.mark.parametrize("currency", ["BGN", "EUR"])
def test_between_every_two_neighbours(grid: Any, fw: str, currency: str) -> None:
    """A cent over each pay and a cent under the next: between the two, differences exact."""
    column = COLUMNS[currency]
    amounts = sorted({cell[column] for cell in CELLS[fw]})
    for low, high in itertools.pairwise(amounts):
        for amount in (low + Decimal("0.01"), high - Decimal("0.01")):
            found = locate_amount(grid, fw, amount, currency, DAY)
            _, below, above = _expected(fw, amount, currency)
            assert found.exact is None and not found.outside
            assert found.below is not None and found.above is not None
            assert (str(found.below.position), str(found.above.position)) == (below[0], above[0])
            assert found.difference(found.below) == low - amount
            assert found.difference(found.above) == high - amount
    low, high = amounts[0], amounts[1]
    amount = ((low + high) / 2).quantize(Decimal("0.01"))
    result = run(["locate", str(amount), "-f", fw, "--currency", currency])
    _, below, above = _expected(fw, amount, currency)
    assert result.exit_code == 1
    assert result.stdout == (
        f"below\t{below[0]}\t{low}\t{low - amount}\nabove\t{above[0]}\t{high}\t{high - amount}\n"
    )


@pytest.mark.parametrize("fw", list(CELLS))
@pytest.mark.parametrize("currency", ["BGN", "EUR"])
def test_past_both_ends_of_every_grid(fw: str, currency: str) -> None:
    column = COLUMNS[currency]
    cells = sorted(CELLS[fw], key=lambda c: (c[column], _key(c[0])))
    lowest, highest = cells[0], max(cells, key=lambda c: c[column])
    amount = lowest[column] - 1
    result = run(["locate", str(amount), "-f", fw, "--currency", currency])
    one = "1" if currency == "BGN" else "1.00"  # a euro amount has cents, and so has the difference
    assert (result.exit_code, result.stdout) == (
        3,
        f"above\t{lowest[0]}\t{lowest[column]}\t{one}\n",
    )
    assert f"the nearest position is {lowest[0]}" in result.stderr
    amount = highest[column] + 1
    result = run(["locate", str(amount), "-f", fw, "--currency", currency, "--format", "json"])
    record = json.loads(result.stdout, parse_float=Decimal)
    assert result.exit_code == 3
    assert (record["exact"], record["above"], record["below"]["position"]) == (None, None,
                                                                               highest[0])  # fmt: skip
    assert f"the nearest position is {highest[0]}" in result.stderr


@given(st.decimals(min_value=Decimal("0.01"), max_value=Decimal(20000), places=2))
def test_the_nearest_positions_leave_no_pay_between(amount: Decimal) -> None:
    grid = load_grid(DATA / "grid.yaml")
    for currency in ("BGN", "EUR"):
        found = locate_amount(grid, "technical-support-management", amount, currency, DAY)
        pays = [bgn if currency == "BGN" else eur for _, bgn, eur in
                CELLS["technical-support-management"]]  # fmt: skip
        assert (found.exact is not None) == (amount in pays)
        if found.exact is not None:
            continue
        low = found.below.amount_in(currency) if found.below else Decimal(0)
        high = found.above.amount_in(currency) if found.above else Decimal(10**9)
        assert low < amount < high
        assert not [pay for pay in pays if low < pay < high]
        assert found.outside == (found.below is None or found.above is None)


# --------------------------------------------------------------------------- formats


LOCATE_5000 = {
    "framework": "sales-management",
    "amount": 5000,
    "currency": "BGN",
    "exact": None,
    "below": {
        "framework": "sales-management", "position": "2.2", "level": 2, "step": 2,
        "basis": "monthly_net", "currency": "BGN", "amount": 4645,
        "amounts": {"BGN": 4645, "EUR": 2374.96}, "in_force_from": "2021-11-01",
    },
    "above": {
        "framework": "sales-management", "position": "2.3", "level": 2, "step": 3,
        "basis": "monthly_net", "currency": "BGN", "amount": 5445,
        "amounts": {"BGN": 5445, "EUR": 2783.99}, "in_force_from": "2021-11-01",
    },
}  # fmt: skip


def test_json_between() -> None:
    result = run(["locate", "5000", "--format", "json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout) == LOCATE_5000
    assert result.stdout.startswith('{\n  "framework": "sales-management",\n  "amount": 5000,\n')


def test_json_pay_objects_are_the_pay_commands() -> None:
    located = json.loads(run(["locate", "2500", "--currency", "EUR", "--format", "json"]).stdout)
    for side, position in (("below", "2.2"), ("above", "2.3")):
        pay = run(["pay", position, "--currency", "EUR", "--format", "json"]).stdout
        assert located[side] == json.loads(pay)
    assert (located["amount"], located["currency"]) == (2500, "EUR")


def test_json_exact() -> None:
    result = run(["locate", "5445", "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "framework": "sales-management", "amount": 5445, "currency": "BGN", "exact": "2.3",
        "below": None, "above": None,
    }  # fmt: skip
    record = json.loads(run(["locate", "2783.99", "--currency", "EUR", "--format", "json"]).stdout,
                        parse_float=Decimal)  # fmt: skip
    assert (record["amount"], record["currency"], record["exact"]) == (
        Decimal("2783.99"), "EUR", "2.3")  # fmt: skip


def test_jsonl_is_the_same_object_on_one_line() -> None:
    result = run(["locate", "5000", "--format", "jsonl"])
    assert result.exit_code == 1
    assert result.stdout.count("\n") == 1
    assert json.loads(result.stdout) == LOCATE_5000


def test_csv() -> None:
    result = run(["locate", "5000", "--format", "csv"])
    assert result.exit_code == 1
    assert result.stdout == (
        "match,framework,position,level,step,BGN,EUR,currency,amount,difference\n"
        "below,sales-management,2.2,2,2,4645,2374.96,BGN,5000,-355\n"
        "above,sales-management,2.3,2,3,5445,2783.99,BGN,5000,445\n"
    )
    exact = run(["locate", "926.47", "--currency", "EUR", "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(exact.stdout)))
    assert exact.exit_code == 0
    assert rows == [{"match": "exact", "framework": "sales-management", "position": "1.1",
                     "level": "1", "step": "1", "BGN": "1812", "EUR": "926.47",
                     "currency": "EUR", "amount": "926.47", "difference": "0.00"}]  # fmt: skip


def test_table() -> None:
    result = run(["locate", "5000", "--format", "table"])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].strip() == "Sales Management · 5,000 BGN"
    assert lines[1].split() == ["Position", "Pay", "BGN", "Pay", "EUR", "Difference", "BGN"]
    assert lines[3].split() == ["Below", "Level", "2", "Step", "2", "(2.2)", "4,645", "2,374.96",
                                "-355"]  # fmt: skip
    assert lines[4].split() == ["Above", "Level", "2", "Step", "3", "(2.3)", "5,445", "2,783.99",
                                "+445"]  # fmt: skip
    assert "the position's pay minus 5,000 BGN. Grid in force from 2021-11-01." in result.stdout
    exact = run(["locate", "2783.99", "--currency", "EUR", "--format", "table"])
    assert exact.exit_code == 0
    row = next(line for line in exact.stdout.splitlines() if "Exact" in line)
    assert row.split() == ["Exact", "Level", "2", "Step", "3", "(2.3)", "2,783.99", "5,445",
                           "±0.00"]  # fmt: skip


def test_table_names_equal_pay() -> None:
    result = run(["locate", "3300", "-f", "operations-management-logistics", "--format", "table"])
    rows = [line.split() for line in result.stdout.splitlines() if "Step" in line]
    assert rows == [
        ["Exact", "Level", "1", "Step", "3", "(1.3)", "3,300", "1,687.27", "±0"],
        ["Same", "pay", "Level", "2", "Step", "2", "(2.2)", "3,300", "1,687.27", "±0"],
    ]


@pytest.mark.parametrize("fmt", ["table", "plain", "csv", "json", "jsonl"])
@pytest.mark.parametrize(("amount", "code"), [("5445", 0), ("5000", 1), ("1811", 3), ("99999", 3)])
def test_the_exit_code_is_the_same_in_every_format(fmt: str, amount: str, code: int) -> None:
    result = run(["locate", amount, "--format", fmt])
    assert result.exit_code == code, result.stderr
    assert result.stdout
    assert result.stderr.count("note:") == (1 if code == 3 else 0)


def test_the_help_says_what_the_exit_codes_mean() -> None:
    text = " ".join(run(["locate", "--help"]).stdout.split())
    assert "0 a position pays exactly AMOUNT; 1 AMOUNT is between two positions;" in text
    assert "3 AMOUNT is below the lowest or above the highest pay" in text
    assert "not eligible" not in text


# --------------------------------------------------------------------------- other options


def test_framework_and_as_of() -> None:
    result = run(["locate", "6000", "-f", "software-engineering-management"])
    assert result.stdout == "below\t1.2\t5730\t-270\nabove\t1.3\t6530\t530\n"
    result = run(["locate", "5000", "--as-of", "2021-10-31"])
    assert result.exit_code == 3 and result.stdout == ""
    assert "Sales Management has no grid in force on 2021-10-31" in result.stderr
    result = run(["locate", "5000"], env={"SALESGRID_FRAMEWORK": "technical-support-management"})
    assert result.stdout == "below\t2.2\t4700\t-300\nabove\t2.3\t5500\t500\n"


def test_an_unknown_framework_exits_3() -> None:
    result = run(["locate", "5000", "-f", "sales"])
    assert result.exit_code == 3 and result.stdout == ""
    assert "unknown framework 'sales'" in result.stderr


def test_a_grid_of_its_own(write_file: Any) -> None:
    path = write_file(
        GRID_TEXT.replace("2: [4345, 4645, 5445, 6345]", "2: [4345, 5000, 5445, 6345]", 1)
    )
    result = run(["locate", "5000", "--grid", str(path)])
    assert (result.exit_code, result.stdout) == (0, "2.2\n")


# --------------------------------------------------------------------------- refused


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("0", "AMOUNT 0 is not a pay: give the monthly pay to locate, more than 0 (e.g. 5000)"),
        ("0.00", "AMOUNT 0.00 is not a pay"),
        ("-5000", "AMOUNT '-5000': amounts cannot be negative"),
        ("abc", "AMOUNT 'abc' is not a number: write it like 5000, 5000.50 or 5000,50"),
        ("1,500", "AMOUNT '1,500' is ambiguous: one comma before three digits"),
        ("5000.123", "AMOUNT '5000.123' has more than 2 decimals"),
        ("1e3", "AMOUNT '1e3' has an exponent"),
        ("", "AMOUNT is empty: write it like 5000, 5000.50 or 5000,50"),
        (" ", "AMOUNT is empty"),
        ("nan", "is not a number"),
        ("2000000000", "is more than 1,000,000,000"),
    ],
)
def test_bad_amounts_are_usage_errors(amount: str, message: str) -> None:
    result = run(["locate", "--", amount] if amount.startswith("-") else ["locate", amount])
    assert result.exit_code == 2, result.stderr
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and message in result.stderr, result.stderr


def test_a_missing_amount_and_a_bad_currency() -> None:
    result = run(["locate"])
    assert result.exit_code == 2 and result.stdout == ""
    assert "AMOUNT" in result.stderr
    result = run(["locate", "5000", "--currency", "USD"])
    assert result.exit_code == 2 and result.stdout == ""
    assert "unknown currency 'USD': choose one of BGN, EUR" in result.stderr


# --------------------------------------------------------------------------- the API


def test_the_api_gives_the_commands_json() -> None:
    found = salesgrid.locate("5000", as_of=AS_OF)
    cli = json.loads(run(["locate", "5000", "--format", "json"]).stdout, parse_float=Decimal)
    assert found.to_dict() == cli
    assert found.to_json() == run(["locate", "5000", "--format", "json"]).stdout
    assert (found.exact, found.amount, found.currency, found.outside) == (
        None, Decimal(5000), "BGN", False)  # fmt: skip
    assert found.below is not None and found.above is not None
    assert (found.below.position, found.above.position) == ("2.2", "2.3")
    assert (found.difference(found.below), found.difference(found.above)) == (
        Decimal(-355), Decimal(445))  # fmt: skip


def test_the_api_in_euro_and_past_the_grid() -> None:
    assert salesgrid.locate(Decimal("926.47"), currency="EUR", as_of=AS_OF).exact == "1.1"
    assert salesgrid.locate("2783,99", currency="EUR", as_of=AS_OF).exact == "2.3"
    low = salesgrid.locate(1811, as_of=AS_OF)
    assert low.outside and low.below is None and low.above is not None
    assert low.above.position == "1.1" and low.difference(low.above) == 1


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"amount": 0}, UsageError),
        ({"amount": "-1"}, UsageError),
        ({"amount": "5000", "currency": "USD"}, UsageError),
        ({"amount": "5000", "framework": "nope"}, NotFoundError),
        ({"amount": "5000", "as_of": "2021-10-31"}, NotFoundError),
        ({"amount": 5000.0}, TypeError),
        ({"amount": None}, TypeError),
    ],
)
def test_the_api_refuses(kwargs: dict[str, Any], error: type[Exception]) -> None:
    kwargs.setdefault("as_of", AS_OF)
    amount = kwargs.pop("amount")
    with pytest.raises(error):
        salesgrid.locate(amount, **kwargs)


# --------------------------------------------------------------------------- shell completion


def test_shell_completion() -> None:
    from .test_cli_package import EVERY, FRAMEWORKS, complete

    assert complete("salesgrid lo") == ["locate"]
    assert complete("salesgrid locate 5000 --framework ") == FRAMEWORKS
    assert complete("salesgrid locate 5000 --currency ") == ["BGN", "EUR"]
    assert complete("salesgrid locate 5000 --format ") == EVERY
