"""The shortcuts of the big-file paths give what the plain paths give: the gross-up per
payroll period (``gross_amounts``), the pay-gap rows read once per distinct pay texts, and the
commands' fewer garbage collections, which end with the command."""

from __future__ import annotations

import gc
import json
import random
from decimal import Decimal
from pathlib import Path

import pytest

from salesgrid.cli.collecting import YOUNG, few_collections
from salesgrid.core.payroll import gross_amount, gross_amounts
from salesgrid.errors import NotFoundError, UsageError
from salesgrid.files.loader import load_payroll

from .conftest import run

D = Decimal


def _answer(call: object, *args: object) -> str:
    try:
        return str(call(*args))  # type: ignore[operator]
    except (UsageError, NotFoundError) as exc:
        return f"{type(exc).__name__}: {exc}"


@pytest.mark.parametrize("month", ["2025-05", "2026-01", "2026-09"])
def test_gross_amounts_answers_and_refuses_as_gross_amount(month: str) -> None:
    data = load_payroll(None)
    amount = gross_amounts(data, month)
    rng = random.Random(month)
    nets = [D(rng.randint(1, 3_000_000)).scaleb(-2) for _ in range(300)]
    nets += [D("0"), D("0.01"), D("-1"), D("1234.567"), D("1234.565"), D("99999999999999.99"),
             D("1000000000000000"), D("3000"), D("1e3")]  # fmt: skip
    for net in nets:
        assert _answer(amount, net) == _answer(gross_amount, data, month, net), net


def _roster(tmp_path: Path, rows: list[str]) -> str:
    path = tmp_path / "r.csv"
    header = "employee_id,position,sex,hours_per_week,variable_pay,actual_pay,category"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return str(path)


def test_rows_alike_but_for_variable_pay_are_each_read_in_full(tmp_path: Path) -> None:
    """The first problem of a row is named whether its pay texts were seen before or not:
    hours before variable_pay, variable_pay before actual_pay."""
    path = _roster(tmp_path, [
        "E-1,2.3,F,,100,,", "E-2,2.3,M,,-5,,", "E-3,2.3,F,abc,-5,,", "E-4,2.3,M,abc,7,,",
        "E-5,2.3,F,,-5,0,", "E-6,2.3,M,,9,0,", "E-7,2.3,F,,,,Team", "E-8,2.3,M,,,,",
        "E-9,2.3,F,,,,", "E-10,2.3,M,,,,",
    ])  # fmt: skip
    result = run(["paygap", path, "--format", "json", "--min-group", "1"])
    assert result.exit_code == 4
    lines = result.stderr.splitlines()
    assert lines[0].startswith("row 3: variable_pay '-5'")
    assert lines[1].startswith("row 4: hours_per_week 'abc'")
    assert lines[2].startswith("row 5: hours_per_week 'abc'")
    assert lines[3].startswith("row 6: variable_pay '-5'")
    assert lines[4].startswith("row 7: actual_pay '0' is not a pay")
    categories = [c["category"] for c in json.loads(result.stdout)["categories"]]
    assert categories == ["Team", "sales-management 2"]


def test_the_commands_put_garbage_collection_back_as_it_was(tmp_path: Path) -> None:
    before = gc.get_threshold()
    path = _roster(tmp_path, ["E-1,2.3,F,,,,", "E-2,2.3,M,,,,"])
    assert run(["paygap", path, "--format", "json", "--min-group", "1"]).exit_code == 0
    history = tmp_path / "h.csv"
    history.write_text("employee_id,position,from\nE-1,2.3,2026-01-01\n", encoding="utf-8")
    assert run(["month", str(history), "--month", "2026-09", "--format", "csv"]).exit_code == 0
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


class Stop(Exception):
    """Raised inside :func:`few_collections` to see it end on an error."""


def test_few_collections_while_it_lasts_and_as_before_after_an_error() -> None:
    before = gc.get_threshold()
    seen: list[object] = []
    try:
        with few_collections():
            seen += [gc.get_threshold()[0], gc.get_freeze_count() > 0]
            raise Stop
    except Stop:
        seen.append("stopped")
    assert seen == [max(YOUNG, before[0]), True, "stopped"]
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0
