"""The money rules the docs now say: roster totals are sums of each person's
rounded amount; born before 1960 rounds per fund; where a Level Up lands when no step pays at
least the current pay. The docs' console examples of these run in tests/test_readme.py."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from salesgrid.core.conversion import conversions_from, convert
from salesgrid.core.payroll import net_of
from salesgrid.files.loader import load_grid, load_payroll

from .conftest import run
from .test_roster import records, write

D = Decimal


def test_roster_eur_totals_are_sums_of_each_persons_rounded_amount(tmp_path: Path) -> None:
    """Three people at 2.3: 3 x 2783.99 = 8351.97 EUR, not 16335 BGN converted (8351.96)."""
    path = write(tmp_path, "employee_id,position\nE-1,2.3\nE-2,2.3\nE-3,2.3\n")
    summary = json.loads(run(["roster", str(path), "--summary-only", "--format", "json"]).stdout)
    assert summary["payroll"]["monthly"] == {"BGN": 16335, "EUR": 8351.97}
    written = records(run(["roster", str(path)]).stdout)
    assert sum(D(r["pay_eur"]) for r in written) == D("8351.97")
    rule = conversions_from(load_grid(None), "BGN")["EUR"]
    assert convert(D(16335), rule).amount == D("8351.96")


def test_employer_cost_totals_are_sums_of_each_persons_rounded_cost(tmp_path: Path) -> None:
    path = write(tmp_path, "employee_id,position\nE-1,2.3\nE-2,2.3\nE-3,1.1\n")
    args = ["--employer-cost", "--month", "2026-09"]
    written = records(run(["roster", str(path), *args]).stdout)
    summary = json.loads(run(["roster", str(path), *args, "--summary-only", "--format",
                              "json"]).stdout, parse_float=D)  # fmt: skip
    assert summary["employer_cost"]["monthly"] == sum(D(r["employer_cost"]) for r in written)


def test_born_before_1960_rounds_per_fund() -> None:
    """docs/payroll.md's example: at 1000.06 EUR in 2026-09 the pension is 65.80 + 22.00 in
    two funds, 87.81 in one; the nets are 776.03 and 776.02."""
    data = load_payroll(None)
    young = net_of(data, "2026-09", D("1000.06"), "born_1960_or_later")
    old = net_of(data, "2026-09", D("1000.06"), "born_before_1960")
    assert (young.employee["pension"], young.employee["second_pillar"]) == (D("65.80"), D("22.00"))
    assert old.employee["pension"] == D("87.81")
    assert (young.net, old.net) == (D("776.03"), D("776.02"))
    assert young.employee_total + D("0.01") == old.employee_total


def test_a_level_up_lands_on_the_top_step_when_none_pays_as_much() -> None:
    result = run(["promote", "--from", "1.3", "--framework", "field-support", "--add-grid",
                  "examples/landing-layer.yaml", "--format", "json"])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    (move,) = json.loads(result.stdout)["moves"]
    assert (move["kind"], move["to"]["position"], move["delta"]["BGN"]) == ("level_up", "2.3", -200)
    assert move["landing"]["reason"].endswith("pays 3,400 or more, so the top step 2.3")
    assert "this level up lowers pay by 200 BGN" in move["warnings"]


def test_a_skip_is_judged_as_any_move_to_its_target() -> None:
    """--to 2.2 from 1.4 is a skip (the Level Up lands on 2.1), judged against 2.2's rules."""
    skip = run(["promote", "--from", "1.4", "--to", "2.2", "--format", "json"])
    (move,) = json.loads(skip.stdout)["moves"]
    assert move["kind"] == "skip" and move["warnings"][0].startswith("a skip: ")
    natural = run(["promote", "--from", "1.4", "--to", "2.1", "--format", "json"])
    assert json.loads(natural.stdout)["moves"][0]["kind"] == "level_up"
    judged = run(["promote", "--assessment", "examples/assessment.yaml", "--to", "2.4",
                  "--format", "json"])  # fmt: skip
    (move,) = json.loads(judged.stdout)["moves"]
    assert move["kind"] == "skip" and move["eligible"] is False
    assert move["rules"][0]["reason"].startswith("technical is managed, 2.4 needs defined")


def test_the_landing_example_layer_validates_with_its_warning() -> None:
    result = run(["validate", "examples/landing-layer.yaml"])
    assert result.exit_code == 0
    assert "a Level Up onto step 1 lowers pay" in result.stdout
    assert "ok: examples/landing-layer.yaml: 0 errors, 1 warning" in result.stdout + result.stderr
