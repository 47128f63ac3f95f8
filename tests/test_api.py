"""The public Python API: the same results as the CLI, typed, documented.

Every ``to_dict()`` is compared with the JSON the matching command prints, number by number
with its exact digits (``2173.00`` is not ``2173``), and every ``to_json()`` with its text.
"""

from __future__ import annotations

import csv
import doctest
import io
import json
import random
import re
import subprocess
import sys
import warnings
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

import salesgrid
from salesgrid.batch.mappings import value_text

from .conftest import AS_OF, HUNG, REPO, run

DAY = date.fromisoformat(AS_OF)
EXAMPLE_ASSESSMENT = REPO / "examples" / "assessment.yaml"
GRID = salesgrid.load_grid()
FRAMEWORKS = [fw.id for fw in GRID.frameworks]


def exact(value: Any) -> Any:
    """A JSON-ready value with every number as its exact text (kind and digits)."""
    if isinstance(value, dict):
        return {key: exact(item) for key, item in value.items()}
    if isinstance(value, list):
        return [exact(item) for item in value]
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int | Decimal):
        return ("number", str(value))
    raise AssertionError(f"not a JSON value: {value!r}")


def cli_json(args: list[str]) -> tuple[Any, str]:
    result = run(args)
    assert result.exit_code == 0, (args, result.stderr)
    return json.loads(result.stdout, parse_float=Decimal, parse_int=Decimal), result.stdout


def assert_same(result: Any, args: list[str]) -> None:
    """``result.to_dict()`` is what ``salesgrid ARGS --format json`` prints."""
    parsed, text = cli_json([*args, "--format", "json"])
    mine = result.to_dict()
    assert exact(mine) == exact(parsed)
    assert result.to_json() == text
    assert json.loads(json.dumps(mine, default=str))  # JSON-ready: no dates, no tuples


# --------------------------------------------------------------------------- pay


def positions(framework: str) -> list[str]:
    version = next(fw for fw in GRID.frameworks if fw.id == framework).versions[-1]
    return [f"{level}.{step}" for level, steps in version.levels.items()
            for step in range(1, len(steps) + 1)]  # fmt: skip


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_pay_equals_the_cli_json_on_every_cell(framework: str) -> None:
    for position in positions(framework):
        cell = salesgrid.pay(position, framework=framework, as_of=DAY, grid=GRID)
        assert_same(cell, ["pay", position, "--framework", framework])
        assert cell.amount == cell.amounts[cell.currency]
        assert (cell.framework, cell.position) == (framework, position)
        assert cell.in_force_from.isoformat() == cell.to_dict()["in_force_from"]


@pytest.mark.parametrize("currency", ["EUR", "bgn"])
def test_pay_in_another_currency(currency: str) -> None:
    cell = salesgrid.pay((2, 3), as_of=AS_OF, currency=currency)
    assert_same(cell, ["pay", "2.3", "--currency", currency])
    assert cell.currency == currency.upper()


def test_pay_defaults_and_spellings() -> None:
    assert salesgrid.pay("2.3").amount == Decimal("5445")  # packaged grid, default framework, today
    path = REPO / "data" / "grid.yaml"
    one = salesgrid.pay("1.4", framework="technical-support-management",
                        as_of=date(2025, 1, 1), grid=str(path))  # fmt: skip
    assert one == salesgrid.pay((1, 4), framework="technical-support-management",
                                as_of=datetime(2025, 1, 1, 12, 30), grid=path)  # fmt: skip
    assert one.amount == Decimal("4500")


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: salesgrid.pay("2 3"), salesgrid.UsageError, "'2 3' is not a position"),
        (lambda: salesgrid.pay("1.04"), salesgrid.UsageError, "leading zero"),
        (lambda: salesgrid.pay((0, 3)), salesgrid.UsageError, "level 0 is not a whole number"),
        (lambda: salesgrid.pay((2, True)), TypeError, "position step: expected an int"),
        (lambda: salesgrid.pay(2.3), TypeError, "position: expected 'L.S' text"),  # type: ignore[arg-type]
        (lambda: salesgrid.pay("5.1"), salesgrid.NotFoundError, "it has levels 1-4"),
        (
            lambda: salesgrid.pay("2.3", framework="sales-managment"),
            salesgrid.NotFoundError,
            "did you mean sales-management?",
        ),
        (
            lambda: salesgrid.pay("2.3", as_of="2026-02-30"),
            salesgrid.UsageError,
            "as_of '2026-02-30' is not a day",
        ),
        (
            lambda: salesgrid.pay("2.3", as_of="2020-01-01"),
            salesgrid.NotFoundError,
            "no grid in force",
        ),
        (lambda: salesgrid.pay("2.3", currency="USD"), salesgrid.UsageError, "unknown currency"),
        (
            lambda: salesgrid.pay("2.3", grid="missing.yaml"),
            salesgrid.DataFileError,
            "missing.yaml",
        ),
        (lambda: salesgrid.pay("2.3", grid=3), TypeError, "grid: expected a path"),  # type: ignore[arg-type]
    ],
)
def test_pay_refuses_with_the_cli_errors(call: Any, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=re.escape(message)):
        call()


def test_errors_are_the_cli_exit_codes() -> None:
    assert issubclass(salesgrid.UsageError, salesgrid.SalesgridError)
    assert salesgrid.NotFoundError.exit_code == 3
    assert salesgrid.DataFileError.exit_code == 5
    assert issubclass(salesgrid.RowRejected, salesgrid.UsageError)
    assert salesgrid.RowRejected.exit_code == 4
    with pytest.raises(salesgrid.DataFileError) as caught:
        salesgrid.load_grid(REPO / "examples" / "assessment.yaml")
    assert isinstance(caught.value.problems[0], salesgrid.Problem)


# --------------------------------------------------------------------------- promote


PROMOTE_CASES = [
    *((position, framework, None, None) for framework in FRAMEWORKS
      for position in positions(framework)[::3]),
    ("1.1", None, "4.4", None), ("3.2", None, "1.3", None), ("2.4", None, "3.1", None),
    ("2.4", "operations-management-logistics", None, "sales-management"),
    ("1.4", "technical-support-management", "2.3", "sales-management"),
]  # fmt: skip


@pytest.mark.parametrize(("position", "framework", "to", "to_framework"), PROMOTE_CASES)
def test_promote_equals_the_cli_json(
    position: str, framework: str | None, to: str | None, to_framework: str | None
) -> None:
    args = ["promote", "--from", position]
    args += ["--framework", framework] if framework else []
    args += ["--to", to] if to else []
    args += ["--to-framework", to_framework] if to_framework else []
    found = salesgrid.promote(position, framework=framework, to=to, to_framework=to_framework,
                              as_of=DAY, grid=GRID)  # fmt: skip
    assert_same(found, args)
    assert_same(salesgrid.promote(position, framework=framework, to=to, to_framework=to_framework,
                                  as_of=DAY, explain=True), [*args, "--explain"])  # fmt: skip
    assert [m.kind for m in found.moves] == [m["kind"] for m in found.to_dict()["moves"]]
    assert found.eligible is None


@pytest.mark.parametrize("currency", [None, "EUR"])
def test_promote_with_the_example_assessment(currency: str | None) -> None:
    extra = ["--currency", currency] if currency else []
    args = ["promote", "--assessment", str(EXAMPLE_ASSESSMENT), *extra]
    from_file = salesgrid.promote(assessment=EXAMPLE_ASSESSMENT, as_of=DAY, currency=currency)
    assert_same(from_file, args)
    assert_same(salesgrid.promote(assessment=str(EXAMPLE_ASSESSMENT), as_of=DAY, explain=True,
                                  currency=currency), [*args, "--explain"])  # fmt: skip
    mapping = yaml.safe_load(EXAMPLE_ASSESSMENT.read_text(encoding="utf-8"))
    assert salesgrid.promote(assessment=mapping, as_of=DAY, currency=currency) == from_file
    assert (
        from_file.to_dict()
        == salesgrid.promote(assessment=mapping, as_of=DAY, currency=currency).to_dict()
    )
    assert from_file.employee == "E-1042" and from_file.eligible is True
    level_up = from_file.moves[1]
    assert level_up.eligible is False
    assert [r.id for r in level_up.rules if not r.passed] == ["external_factors"]
    assert level_up.landing is not None and level_up.landing.position == "3.1"
    target = salesgrid.promote(assessment=mapping, to="3.1", as_of=DAY)
    assert_same(target, ["promote", "--assessment", str(EXAMPLE_ASSESSMENT), "--to", "3.1"])
    assert target.eligible is False


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"ratings": {"technical": "great"}}, "(assessment): ratings.technical: error:"),
        ({"position": 2.2}, '(assessment): position: error: quote the position ("2.2")'),
        ({"review_date": "2025-01-01"}, "(assessment): review_date: error: the review"),
        ({"evidence": ["core.nothing.1"]}, "(assessment): evidence[0]: error: unknown statement"),
        ({"realms": {"sales": True}}, "(assessment): realms.sales: error: unknown realm"),
        ({"colour": "blue"}, "(assessment): colour: error: unknown field 'colour'"),
    ],
)
def test_an_assessment_mapping_is_checked_as_the_file_is(
    change: dict[str, Any], message: str
) -> None:
    mapping = yaml.safe_load(EXAMPLE_ASSESSMENT.read_text(encoding="utf-8"))
    for key, value in change.items():
        mapping[key] = mapping[key] | value if key == "ratings" else value
    with pytest.raises(salesgrid.DataFileError) as caught:
        salesgrid.promote(assessment=mapping, as_of=DAY)
    assert str(caught.value).startswith(message), str(caught.value)


def test_promote_refuses_what_the_cli_refuses() -> None:
    with pytest.raises(salesgrid.UsageError, match="give a position"):
        salesgrid.promote()
    with pytest.raises(salesgrid.UsageError, match="disagrees with the assessment's position"):
        salesgrid.promote("1.1", assessment=EXAMPLE_ASSESSMENT, as_of=DAY)
    with pytest.raises(salesgrid.UsageError, match="disagrees with the assessment's framework"):
        salesgrid.promote(assessment=EXAMPLE_ASSESSMENT, framework="hr", as_of=DAY)
    with pytest.raises(TypeError, match="assessment: expected a path"):
        salesgrid.promote(assessment=42, as_of=DAY)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- payroll


PAYROLL_CASES = [
    ("3000", "2026-09", []), ("1500.50", "2026-09", []), ("1500,50", "2026-01", []),
    ("2500", "2025-06", []), ("4130", "2025-12", ["--born-before-1960"]),
    ("620.20", "2026-09", []), ("9999.99", "2026-08", ["--work-accident-rate", "1.1"]),
    ("800", "2025-02", ["--born-before-1960", "--work-accident-rate", "0.5"]),
]  # fmt: skip


def _options(extra: list[str]) -> dict[str, Any]:
    options: dict[str, Any] = {"born_before_1960": "--born-before-1960" in extra}
    if "--work-accident-rate" in extra:
        options["work_accident_rate"] = extra[extra.index("--work-accident-rate") + 1]
    return options


@pytest.mark.parametrize(("amount", "month", "extra"), PAYROLL_CASES)
def test_payroll_equals_the_cli_json(amount: str, month: str, extra: list[str]) -> None:
    options = _options(extra)
    low = amount == "800"  # under 2025's minimum wage, 1077 BGN: each call warns
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        b = salesgrid.payroll_net(amount, month, **options)
        assert_same(b, ["payroll", "net", amount, "--month", month, *extra])
        assert salesgrid.net(amount, month, **options) == b.net
        back = salesgrid.payroll_gross(b.net, date.fromisoformat(month + "-01"), **options)
        assert_same(back, ["payroll", "gross", str(b.net), "--month", month, *extra])
        assert salesgrid.gross(b.net, month, **options) == back.gross <= b.gross
    below = [w for w in said if issubclass(w.category, salesgrid.DataWarning)
             and "below the minimum wage" in str(w.message)]  # fmt: skip
    assert len(below) == (4 if low else 0), [str(w.message) for w in said]


def test_net_and_gross_as_in_the_issue() -> None:
    assert salesgrid.net(Decimal("3000"), "2026-09") == Decimal("2414.75")
    assert salesgrid.gross(Decimal("2500"), "2026-09") == Decimal("3094.72")
    assert salesgrid.net(3000, "2026-09") == Decimal("2414.75")


@pytest.mark.parametrize(
    ("amount", "error", "message"),
    [
        (3000.0, TypeError, "a float cannot hold every cent exactly: pass Decimal('3000.0')"),
        (Decimal("3000.005"), salesgrid.UsageError, "more than 2 decimals"),
        (Decimal("-1"), salesgrid.UsageError, "cannot be negative"),
        (Decimal("NaN"), salesgrid.UsageError, "not an amount"),
        (10**10, salesgrid.UsageError, "is more than 1,000,000,000"),
        ("1,500", salesgrid.UsageError, "is ambiguous"),
        (True, TypeError, "expected a Decimal"),
    ],
)
def test_amounts_are_read_by_the_one_rule(
    amount: Any, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=re.escape(message)):
        salesgrid.net(amount, "2026-09")


def test_payroll_months_and_warnings() -> None:
    with pytest.raises(salesgrid.UsageError, match="month '2026-13' is not a month"):
        salesgrid.net("3000", "2026-13")
    with pytest.raises(salesgrid.NotFoundError, match="no payroll parameters for 2024-12"):
        salesgrid.net("3000", "2024-12")
    with pytest.warns(salesgrid.DataWarning, match="reviewed until 2026-12"):
        assert salesgrid.net("3000", "2027-03") == Decimal("2414.75")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        salesgrid.net("3000", "2026-12")


# --------------------------------------------------------------------------- roster

RATINGS = ["incomplete", "initial", "managed", "defined", "optimal"]


def generated_roster(seed: int, assessed: bool) -> str:
    """A roster with good and bad rows of every kind the CSV reader passes on."""
    rng = random.Random(seed)
    header = ["employee_id", "framework", "position"]
    if assessed:
        header += ["in_position_since", "review_date", "rating_technical", "rating_business",
                   "rating_people", "rating_adaptive", "business_experience",
                   "business_exposure", "opportunity_finding_proven", "external_factors_proven",
                   "realm_business_development", "realm_technical_support", "kpoc_completed",
                   "failed_kpocs_in_a_row", "corrective_action_plan"]  # fmt: skip
    buffer = io.StringIO()
    out = csv.writer(buffer, lineterminator="\n")
    out.writerow(header)
    for index in range(rng.randint(20, 60)):
        framework = rng.choice([*FRAMEWORKS, "", "", "sales-managment"])
        position = rng.choice(["1.1", "2.3", "1.4", "2.4", "3.1", "4.4", "1.2", "2.2", "3.3",
                               "9.9", "0.1", "x", "2 .3", ""])  # fmt: skip
        row = [rng.choice([f"E-{index}", f"E,{index}", ""]) if index % 7 == 0 else f"E-{index}",
               framework, position]  # fmt: skip
        if assessed:
            if rng.random() < 0.1:
                row += [""] * (len(header) - 3)
            else:

                def pick(good: list[str], bad: list[str]) -> str:
                    return rng.choice(bad if rng.random() < 0.04 else good)

                row += [
                    pick(["2025-01-01", "2026-06-30"], ["2026-02-30"]),
                    pick(["2026-10-15"], ["2024-01-01"]),
                    *(pick([*RATINGS, " Managed"], ["great", ""]) for _ in range(6)),
                    *(pick(["true", "false", "yes", "0"], ["maybe"]) for _ in range(2)),
                    rng.choice(["true", "false", ""]), rng.choice(["true", ""]),
                    pick(["true", "false"], ["2"]), pick(["0", "2"], ["x"]),
                    pick(["false", "no", "true"], [""]),
                ]  # fmt: skip
        out.writerow(row)
    return buffer.getvalue()


def cli_roster(path: Path) -> tuple[list[Any], list[tuple[int, str]]]:
    result = run(["roster", str(path), "--format", "jsonl"])
    assert result.exit_code in (0, 4), result.stderr
    records = [json.loads(line, parse_float=Decimal, parse_int=Decimal)
               for line in result.stdout.splitlines()]  # fmt: skip
    rejects = []
    for line in result.stderr.splitlines():
        found = re.fullmatch(r"row (\d+): (.*)", line)
        assert found is not None, line
        rejects.append((int(found.group(1)), found.group(2)))
    return records, rejects


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("assessed", [False, True])
def test_roster_records_equal_the_cli_jsonl(tmp_path: Path, seed: int, assessed: bool) -> None:
    text = generated_roster(seed, assessed)
    path = tmp_path / "roster.csv"
    path.write_text(text, encoding="utf-8")
    expected, expected_rejects = cli_roster(path)
    rejected: list[salesgrid.RowRejected] = []
    rows = csv.DictReader(io.StringIO(text))
    found = list(salesgrid.roster(rows, as_of=DAY, on_reject=rejected.append))
    assert [exact(r) for r in found] == [exact(r) for r in expected]
    # the CSV's line is the row's number plus the header line
    assert [(r.line + 1, r.reason) for r in rejected] == expected_rejects
    assert len(found) + len(rejected) == text.count("\n") - 1
    skipped = list(salesgrid.roster(csv.DictReader(io.StringIO(text)), as_of=DAY, on_reject="skip"))
    assert skipped == found
    if expected_rejects:
        seen: list[dict[str, Any]] = []
        records = salesgrid.roster(csv.DictReader(io.StringIO(text)), as_of=DAY)
        with pytest.raises(salesgrid.RowRejected) as caught:
            seen.extend(records)
        first = rejected[0]
        assert (caught.value.line, caught.value.reason) == (first.line, first.reason)
        assert caught.value.row == first.row
        assert str(caught.value) == f"row {first.line}: {first.reason}"
        assert seen == found[: first.line - 1]  # every row before the first bad one


def test_roster_reads_python_values_as_meant() -> None:
    rows = [
        {"employee_id": 1042, "level": 2, "step": 3.0, "framework": None},
        {"employee_id": "E-2", "level": Decimal("1"), "step": 4, "framework": float("nan")},
        {"employee_id": "E-3", "level": 2, "step": 2.5, "framework": None},
        {"employee_id": "E-4", "level": 2, "step": 1, "framework": None, "team": "north"},
        {"employee_id": "E-5", "level": 2, "framework": "technical-support-management"},
        {"employee_id": "E-6", "level": [2], "step": 1, "framework": None},
        ("E-7", "2.3"),
    ]
    rejected: list[salesgrid.RowRejected] = []
    found = list(salesgrid.roster(rows, as_of=DAY, on_reject=rejected.append))  # type: ignore[arg-type]
    assert [(r["employee_id"], r["position"], r["pay_bgn"]) for r in found] == [
        ("1042", "2.3", Decimal("5445")), ("E-2", "1.4", Decimal("3812")),
    ]  # fmt: skip
    assert found[0]["next_step"] == "2.4" and found[0]["next_step_delta_bgn"] == Decimal("900")
    assert [(r.line, r.reason) for r in rejected] == [
        (3, "step: the number 2.5 has a fraction: give it as text (a position is '2.3'; as a "
            "number, 1.10 would read as 1.1)"),
        (4, "the key 'team' is not a column of the first row (employee_id, level, step, "
            "framework): give every row the same keys"),
        (5, "step is empty: fill both 'level' and 'step' (or 'position', L.S)"),
        (6, "level: a list is not a roster value: give text, a number, a boolean or a date"),
        (7, "a tuple is not a row: give a mapping (dict)"),
    ]  # fmt: skip
    assert rejected[0].row == {"employee_id": "E-3", "level": "2"}


def test_roster_assessment_values_as_python_types() -> None:
    review = yaml.safe_load(EXAMPLE_ASSESSMENT.read_text(encoding="utf-8"))
    row = {
        "employee_id": "E-1042", "position": "2.2",
        "in_position_since": date(2025, 6, 1), "review_date": datetime(2026, 10, 15),
        **{f"rating_{k}": v for k, v in review["ratings"].items()},
        "business_experience": "initial", "business_exposure": "managed",
        "opportunity_finding_proven": True, "external_factors_proven": False,
        "realm_business_development": True, "kpoc_completed": True,
        "failed_kpocs_in_a_row": 0, "corrective_action_plan": False,
    }  # fmt: skip
    (record,) = salesgrid.roster([row], as_of=DAY)
    assert (record["eligible_step_up"], record["eligible_level_up"]) == (True, False)
    assert record["failing_rules"] == ""
    promotion = salesgrid.promote(assessment=EXAMPLE_ASSESSMENT, as_of=DAY)
    assert [m.eligible for m in promotion.moves] == [True, False]
    late = row | {"review_date": datetime(2026, 10, 15, 9, 30)}
    with pytest.raises(salesgrid.RowRejected, match="has a time of day"):
        list(salesgrid.roster([late], as_of=DAY))


def test_roster_header_errors_and_arguments() -> None:
    with pytest.raises(
        salesgrid.UsageError, match=re.escape("or pass ignore_unknown_columns=True")
    ):
        salesgrid.roster([{"employee_id": "E", "position": "2.3", "tema": "x"}])
    kept = salesgrid.roster([{"employee_id": "E", "position": "2.3", "tema": "x"}], as_of=DAY,
                            ignore_unknown_columns=True)  # fmt: skip
    assert [r["pay_bgn"] for r in kept] == [Decimal("5445")]
    with pytest.raises(salesgrid.UsageError, match="'employee_id' is missing"):
        salesgrid.roster([{"position": "2.3"}])
    with pytest.raises(TypeError, match="on_reject: expected 'raise', 'skip' or a callable"):
        salesgrid.roster([], on_reject="ignore")  # type: ignore[arg-type]
    assert list(salesgrid.roster([])) == []


def test_roster_streams() -> None:
    """Records come out while rows are still being read: a million-row source is not
    read whole before the first record."""
    taken = [0]

    def endless() -> Any:
        while True:
            taken[0] += 1
            yield {"employee_id": f"E-{taken[0]}", "position": "2.3"}

    first = next(salesgrid.roster(endless(), as_of=DAY))
    assert first["employee_id"] == "E-1" and taken[0] <= 1001


@given(st.integers(min_value=-(10**30), max_value=10**30))
def test_value_text_whole_numbers(number: int) -> None:
    assert value_text("level", number) == str(number)
    assert value_text("level", Decimal(number)) == str(number)
    assert value_text("level", Decimal(f"{number}.00")) == str(number)


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_value_text_floats_are_whole_or_refused(number: float) -> None:
    text = value_text("step", number)
    if number != number:
        assert text == ""
    elif number in (float("inf"), float("-inf")):
        assert "is not a number a roster can hold" in text
    elif number == int(number):
        assert text == str(int(number))
    else:
        assert text.startswith("step: the number ") and "has a fraction" in text


@given(st.dates(), st.text(max_size=20), st.booleans())
def test_value_text_dates_text_and_booleans(day: date, text: str, flag: bool) -> None:
    assert value_text("review_date", day) == day.isoformat()
    assert value_text("review_date", datetime.combine(day, datetime.min.time())) == day.isoformat()
    assert value_text("employee_id", text) == text
    assert value_text("kpoc_completed", flag) == str(flag).lower()


@pytest.mark.filterwarnings("ignore::salesgrid.DataWarning")  # a gross under the minimum wage
@given(st.decimals(min_value=Decimal("0.01"), max_value=10**9, places=2, allow_nan=False))
def test_an_amount_as_decimal_text_or_int_is_the_same(amount: Decimal) -> None:
    """A Decimal, its text (with a point or a decimal comma) and a whole int are one amount
    (0 is no pay: tests/test_plausibility.py)."""
    spellings: list[Any] = [amount, str(amount), str(amount).replace(".", ",")]
    if amount == int(amount):
        spellings.append(int(amount))
    found = {salesgrid.payroll_net(value, "2026-09").to_json() for value in spellings}
    assert len(found) == 1
    assert salesgrid.net(amount, "2026-09") == salesgrid.payroll_net(amount, "2026-09").net


@given(st.integers(0, 1_000_000), st.integers(0, 1_000_000))
def test_positions_as_tuples_read_as_text_does(level: int, step: int) -> None:
    try:
        by_tuple: Any = salesgrid.pay((level, step), as_of=DAY, grid=GRID)
    except salesgrid.SalesgridError as exc:
        by_tuple = type(exc)
    try:
        by_text: Any = salesgrid.pay(f"{level}.{step}", as_of=DAY, grid=GRID)
    except salesgrid.SalesgridError as exc:
        by_text = type(exc)
    assert by_tuple == by_text


# --------------------------------------------------------------------------- the package


def test_import_salesgrid_loads_nothing_else(tmp_path: Path) -> None:
    code = (
        "import sys, salesgrid; "
        "print(sorted(m for m in sys.modules if m.startswith(('salesgrid', 'pydantic', "
        "'yaml', 'rich', 'typer', 'typing'))))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                            text=True, check=True)  # fmt: skip
    assert result.stdout.strip() == "['salesgrid']"


def test_the_public_names() -> None:
    for name in salesgrid.__all__:
        assert getattr(salesgrid, name) is not None
        assert name in dir(salesgrid)
    with pytest.raises(AttributeError, match="no attribute 'payy'"):
        salesgrid.payy  # type: ignore[attr-defined]  # noqa: B018
    assert salesgrid.UsageError is __import__("salesgrid.errors").errors.UsageError
    assert (Path(salesgrid.__file__).parent / "py.typed").is_file()


def test_the_module_doctests(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib
    import pkgutil

    import salesgrid.api

    monkeypatch.chdir(REPO)
    modules = [salesgrid.api] + [
        importlib.import_module(f"salesgrid.api.{found.name}")
        for found in pkgutil.iter_modules(salesgrid.api.__path__)
    ]
    outcomes = [doctest.testmod(module, optionflags=doctest.ELLIPSIS) for module in modules]
    assert sum(outcome.attempted for outcome in outcomes) >= 15
    assert sum(outcome.failed for outcome in outcomes) == 0


def test_the_reference_doc_examples(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every ``pycon`` block of docs/python-api.md runs, in order, in one namespace."""
    text = (REPO / "docs" / "python-api.md").read_text(encoding="utf-8")
    blocks = list(re.finditer(r"```pycon\n(.*?)```", text, re.S))
    assert len(blocks) >= 6
    monkeypatch.chdir(REPO)
    parser, runner = doctest.DocTestParser(), doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    namespace: dict[str, Any] = {}
    for block in blocks:
        line = text.count("\n", 0, block.start(1))  # reports give the file's own lines
        test = parser.get_doctest(block.group(1), namespace, f"python-api.md line {line + 1}",
                                  "docs/python-api.md", line)  # fmt: skip
        runner.run(test, clear_globs=False)
        namespace = test.globs  # the next block goes on from here (a DocTest copies its globs)
    assert runner.failures == 0, "see the doctest report above"


def test_the_example_script(tmp_path: Path) -> None:
    """examples/api_example.py (checked by mypy --strict in CI) runs with the installed
    package, from any directory."""
    script = REPO / "examples" / "api_example.py"
    result = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True,
                            text=True, check=False, timeout=HUNG)  # fmt: skip
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        "pay 2.3: 5445 BGN (2783.99 EUR)",
        "step_up to 2.3: +800 BGN, eligible True []",
        "level_up to 3.1: +2888 BGN, eligible False ['external_factors']",
        "net of 3000.00 EUR gross in 2026-09: 2414.75",
        "gross for 2500.00 EUR net: 3094.72",
        "E-1: 5445 BGN, next level 3.1",
        "E-2: 4500 BGN, next level 2.2",
        "rejected row 3: position 9.9 is not in Sales Management: it has levels 1-4",
        "monthly total: 9945 BGN",
        "NotFoundError: position 5.1 is not in Sales Management: it has levels 1-4",
    ]


def test_ci_checks_the_example_with_mypy() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "mypy --strict src/ examples/api_example.py\n" in ci


# --------------------------------------------------------------------------- found on the way


@pytest.mark.parametrize(
    "args",
    [["pay", "x" * 5000], ["pay", "2", "9" * 5000], ["pay", "2." + "x" * 5000, "3"]],
    ids=["position", "step", "both spellings"],
)
def test_a_long_position_is_echoed_cut(args: list[str]) -> None:
    """A 5,000-character position was echoed whole: one 5,139-character stderr line
    (found by tests/test_fuzz.py). Echoed values are cut to 60 characters."""
    result = run(args)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and len(result.stderr) < 400, result.stderr
    assert "…" in result.stderr
    with pytest.raises(salesgrid.UsageError) as caught:
        salesgrid.pay(args[1])
    assert len(str(caught.value)) < 300


def test_no_api_module_hides_a_public_name_of_the_package() -> None:
    """A module of salesgrid.api named as a function it holds would replace the function on
    the package once imported (``salesgrid.api.paygap`` the module, not the function)."""
    import importlib
    import pkgutil
    import types

    import salesgrid.api

    modules = [info.name for info in pkgutil.iter_modules(salesgrid.api.__path__)]
    for name in modules:
        importlib.import_module(f"salesgrid.api.{name}")
    assert not set(modules) & set(salesgrid.api.__all__)
    for name in salesgrid.api.__all__:
        assert not isinstance(getattr(salesgrid.api, name), types.ModuleType), name
