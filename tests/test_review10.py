"""Regression tests for defects found in the adversarial read of the grid commands as merged: each
failed before its fix."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from salesgrid import api
from salesgrid.core.diff import percent
from salesgrid.errors import NotFoundError

from .conftest import REPO, run

LAYER = REPO / "examples" / "grid-2027.yaml"

GRID = """schema_version: 1
default_framework: alpha
conversions:
  - {from: BGN, to: EUR, operation: divide, rate: "1.95583", rounding: up, decimals: 2,
     rule: the pay rule, source: test}
realms:
  business-development: Business Development
frameworks:
  - id: alpha
    title: Alpha
    path: management
    realms: [business-development]
    currency: BGN
    basis: monthly_net
    source: https://example.com/alpha
    versions:
      - in_force_from: 2026-01-01
        date_source: test
        levels:
          1: [LEVEL_1]
"""

NEW_FRAMEWORK_LAYER = """schema_version: 1
frameworks:
  - id: newcomer
    title: Newcomer
    path: management
    realms: [business-development]
    currency: BGN
    basis: monthly_net
    source: https://example.com/newcomer
    versions:
      - in_force_from: 2026-01-01
        date_source: test
        levels:
          1: [1000, 1100]
"""


# ------------------------------------------------ diff: a cut that rounds to 0% is 0.00, not -0.00


def test_percent_of_a_small_cut_is_zero_not_negative_zero() -> None:
    # 29999 - 30000 = -1; -1 / 30000 x 100 = -0.00333...: half up to the cent of a percent, 0.00
    found = percent(Decimal(30000), Decimal(29999))
    assert str(found) == "0.00"
    assert str(percent(Decimal(30000), Decimal(29998))) == "-0.01"  # -0.00666... -> -0.01


def test_diff_plain_csv_and_json_never_print_negative_zero_percent(tmp_path: Path) -> None:
    old = tmp_path / "old.yaml"
    new = tmp_path / "new.yaml"
    old.write_text(GRID.replace("LEVEL_1", "30000, 40000"), encoding="utf-8")
    new.write_text(GRID.replace("LEVEL_1", "29999, 40000"), encoding="utf-8")
    sides = ["diff", "--from-grid", str(old), "--to-grid", str(new)]
    plain = run([*sides, "--format", "plain"])
    assert plain.exit_code == 0, plain.output
    # 30000 BGN = 15338.76 EUR (30000 / 1.95583 = 15338.7584..., up); 29999 = 15338.25
    assert plain.stdout.splitlines()[0] == "alpha\t1.1\tchanged\t30000\t29999\t-1\t0.00\tBGN"
    csv = run([*sides, "--format", "csv"])
    assert csv.stdout.splitlines()[1] == (
        "alpha,1.1,changed,30000,15338.76,29999,15338.25,-1,-0.51,0.00"
    )
    record = run([*sides, "--format", "json"])
    assert '"delta_pct": 0.00,' in record.stdout
    assert "-0.00" not in record.stdout


# ------------------------------------------- a layer file given as a whole grid says so, once


def test_a_layer_given_as_grid_says_it_is_a_layer_in_one_line() -> None:
    result = run(["pay", "2", "3", "--grid", str(LAYER)])
    assert result.exit_code == 5
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{LAYER}:1: error: this is a layer file (no default_framework): give it with "
        "--add-grid FILE, on top of the packaged grid or --grid; a whole grid file also needs "
        "default_framework, realms and every field of each framework"
    ]


def test_a_layer_given_as_a_diff_side_says_it_is_a_layer() -> None:
    result = run(["diff", "--to-grid", str(LAYER), "--format", "json"])
    assert result.exit_code == 5
    assert len(result.stderr.splitlines()) == 1
    said = "this is a layer file (no default_framework): give it with --add-grid"
    assert said in result.stderr
    # as the message says, the layer on top of the packaged grid works: 2.3 is 5445 -> 5500
    ok = run(["diff", "--add-grid", str(LAYER), "--from-date", "2026-12-31", "--to-date",
              "2027-01-01", "--framework", "sales-management", "--format", "plain"])  # fmt: skip
    assert ok.exit_code == 0, ok.output
    assert "sales-management\t2.3\tchanged\t5445\t5500\t55\t1.01\tBGN" in ok.stdout


def test_a_whole_grid_keeps_its_own_messages(tmp_path: Path) -> None:
    # a grid file with default_framework but a broken framework is not called a layer
    path = tmp_path / "grid.yaml"
    path.write_text(GRID.replace("LEVEL_1", "30000, 40000").replace("    basis: monthly_net\n",
                                                                     ""), encoding="utf-8")  # fmt: skip
    result = run(["pay", "1", "1", "--grid", str(path)])
    assert result.exit_code == 5
    assert "layer" not in result.stderr
    assert "basis: error: the required field 'basis' is missing" in result.stderr


# ---------------------------------- diff --roster with a framework only the new side has


def test_diff_roster_with_a_framework_only_on_the_new_side_says_why(tmp_path: Path) -> None:
    layer = tmp_path / "newcomer.yaml"
    layer.write_text(NEW_FRAMEWORK_LAYER, encoding="utf-8")
    old = tmp_path / "old.yaml"
    old.write_text(GRID.replace("LEVEL_1", "30000, 40000"), encoding="utf-8")
    roster = tmp_path / "staff.csv"
    roster.write_text("employee_id,position\nE1,1.1\n", encoding="utf-8")
    sides = ["diff", "--from-grid", str(old), "--add-grid", str(layer), "--framework",
             "newcomer"]  # fmt: skip
    without = run([*sides, "--format", "json"])
    assert without.exit_code == 0, without.output
    cells = json.loads(without.stdout)["cells"]
    assert [(c["position"], c["status"]) for c in cells] == [("1.1", "added"), ("1.2", "added")]
    result = run([*sides, "--roster", str(roster), "--format", "json"])
    assert result.exit_code == 3
    assert result.stdout == ""
    # before: "unknown framework 'newcomer': known frameworks: alpha", for a framework the diff
    # itself compares
    assert result.stderr.splitlines() == [
        f"salesgrid: error: framework newcomer is not in the old (from) side's grid, {old}, "
        "which --roster is read against: no one is on it yet (its positions are all added); "
        "drop --roster, or give a --framework of the old grid"
    ]


def test_api_diff_roster_with_a_framework_only_on_the_new_side_says_why(tmp_path: Path) -> None:
    layer = tmp_path / "newcomer.yaml"
    layer.write_text(NEW_FRAMEWORK_LAYER, encoding="utf-8")
    old = tmp_path / "old.yaml"
    old.write_text(GRID.replace("LEVEL_1", "30000, 40000"), encoding="utf-8")
    args = {"from_grid": old, "add_grid": layer, "framework": "newcomer", "as_of": "2026-11-22"}
    assert [c.status for c in api.diff(**args).cells] == ["added", "added"]  # type: ignore[arg-type]
    with pytest.raises(NotFoundError, match=r"^framework newcomer is not in the old \(from\) "):
        api.diff(**args, roster=[{"employee_id": "E1", "position": "1.1"}])  # type: ignore[arg-type]


# --------------------------------------- one layer file twice: said once, and validate in place


def test_validate_a_layer_that_salesgrid_add_grid_already_holds(tmp_path: Path) -> None:
    # before: the layer was merged twice, "version in force from 2027-01-01 is not later than
    # the last known version (2027-01-01, ...grid-2027.yaml:13)", exit 5 for a valid file
    env = {"SALESGRID_ADD_GRID": str(LAYER)}
    result = run(["validate", str(LAYER)], env=env)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"ok: {LAYER}: 0 errors, 0 warnings\n"
    # a layer after it in the variable is still checked on top of it, in order
    second = tmp_path / "2028.yaml"
    second.write_text(LAYER.read_text(encoding="utf-8").replace("2027-01-01", "2028-01-01"),
                      encoding="utf-8")  # fmt: skip
    env = {"SALESGRID_ADD_GRID": f"{LAYER}:{second}"}
    assert run(["validate", str(second)], env=env).exit_code == 0
    assert run(["validate", str(LAYER)], env=env).exit_code == 0


def test_the_same_layer_given_twice_is_said_once() -> None:
    result = run(["locate", "4400", "--add-grid", str(LAYER), "--add-grid", str(LAYER)])
    assert result.exit_code == 5
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{LAYER}:1: error: this file is already in the grid in use (as {LAYER}): give each "
        "layer once (--add-grid, SALESGRID_ADD_GRID), and not the --grid file as a layer"
    ]
    once = run(["locate", "4400", "--add-grid", str(LAYER), "--as-of", "2027-01-01"])
    assert (once.exit_code, once.stdout) == (0, "2.1\n")
