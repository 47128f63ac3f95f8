"""`--add-grid FILE` layers grid files on top of the grid in use, and
`salesgrid frameworks` shows the file each framework came from."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

import salesgrid
from salesgrid.core.models import GridFile

from .conftest import REPO, run

WriteFile = Callable[..., Path]
PACKAGED = "(packaged) grid.yaml"
EXAMPLE = str(REPO / "examples" / "company-layer.yaml")

#: A later Sales Management version (2026-07-01) and a new framework, lines counted below.
LAYER = """\
schema_version: 1
frameworks:
  - id: sales-management
    versions:
      - in_force_from: 2026-07-01
        date_source: a test
        levels:
          1: [1900, 2200, 3000, 3900]
          2: [4450, 4750, 5600, 6500]
  - id: field-sales
    title: Field Sales
    path: individual_contributor
    realms: [business-development]
    currency: BGN
    basis: monthly_net
    source: https://intranet.example.com/field-sales
    versions:
      - in_force_from: 2026-01-01
        date_source: a test
        levels:
          1: [2400, 2600, 2900]
          2: [3200, 3500, 3900]
"""


def _framework(ident: str, title: str = "Field Sales", extra: str = "") -> str:
    return f"""\
  - id: {ident}
    title: {title}
    path: individual_contributor
    realms: [business-development]
    currency: BGN
    basis: monthly_net
    source: https://intranet.example.com/{ident}
{extra}    versions:
      - in_force_from: 2026-01-01
        date_source: a test
        levels:
          1: [2400, 2600, 2900]
"""


def _version(ident: str, day: str, cells: str = "[1900, 2200, 3000, 3900]") -> str:
    return f"""\
  - id: {ident}
    versions:
      - in_force_from: {day}
        date_source: a test
        levels:
          1: {cells}
"""


def _layer(body: str, head: str = "") -> str:
    return f"schema_version: 1\n{head}frameworks:\n{body}"


# --------------------------------------------------------------------------- merging


def test_a_new_framework_is_added(write_file: WriteFile) -> None:
    layer = write_file(LAYER, "layer.yaml")
    result = run(["pay", "2", "3", "-f", "field-sales", "--add-grid", str(layer)])
    assert (result.exit_code, result.stdout, result.stderr) == (0, "3900\n", "")


def test_an_appended_version_applies_from_its_day_and_the_old_one_before(
    write_file: WriteFile,
) -> None:
    layer = str(write_file(LAYER, "layer.yaml"))
    assert run(["pay", "2", "3", "--add-grid", layer]).stdout == "5600\n"  # 2026-11-22
    assert run(["pay", "2", "3", "--add-grid", layer, "--as-of", "2026-07-01"]).stdout == "5600\n"
    assert run(["pay", "2", "3", "--add-grid", layer, "--as-of", "2026-06-30"]).stdout == "5445\n"
    assert run(["pay", "2", "3"]).stdout == "5445\n"  # no layer: the packaged grid alone


def test_a_version_not_later_is_exit_5_naming_both_files_and_lines(write_file: WriteFile) -> None:
    layer = write_file(_layer(_version("sales-management", "2021-11-01")), "company.yaml")
    result = run(["pay", "2", "3", "--add-grid", str(layer)])
    assert result.exit_code == 5
    assert result.stdout == ""
    assert result.stderr == (
        f"{layer}:5: frameworks[0].versions[0].in_force_from: error: sales-management version "
        "in force from 2021-11-01 is not later than the last known version (2021-11-01, "
        f"{PACKAGED}:70): give a later day, or change the grid file itself\n"
    )


def test_versions_of_one_layer_must_rise_too(write_file: WriteFile) -> None:
    body = _version("sales-management", "2026-07-01") + (
        "      - in_force_from: 2026-03-01\n        date_source: a test\n"
        "        levels:\n          1: [1900, 2200, 3000, 3900]\n"
    )
    layer = write_file(_layer(body), "company.yaml")
    result = run(["pay", "1", "1", "--add-grid", str(layer)])
    assert result.exit_code == 5
    assert f"{layer}:9: frameworks[0].versions[1].in_force_from: error:" in result.stderr
    assert f"(2026-07-01, {layer}:5)" in result.stderr


def test_a_conflicting_field_of_a_known_framework_names_both_files(write_file: WriteFile) -> None:
    body = _version("sales-management", "2026-07-01").replace(
        "    versions:", "    title: Sales Mgmt\n    versions:"
    )
    layer = write_file(_layer(body), "company.yaml")
    result = run(["pay", "2", "3", "--add-grid", str(layer)])
    assert result.exit_code == 5
    assert result.stderr == (
        f"{layer}:4: frameworks[0].title: error: title differs from sales-management's in "
        f"{PACKAGED}:60: a layer adds versions to a known framework and cannot change its "
        "title; remove the field, or give the same value\n"
    )


def test_an_equal_field_of_a_known_framework_is_accepted(write_file: WriteFile) -> None:
    body = _version("sales-management", "2026-07-01").replace(
        "    versions:", "    title: Sales Management\n    currency: BGN\n    versions:"
    )
    layer = write_file(_layer(body), "company.yaml")
    result = run(["pay", "1", "1", "--add-grid", str(layer)])
    assert (result.exit_code, result.stdout) == (0, "1900\n"), result.stderr


def test_a_known_framework_needs_versions(write_file: WriteFile) -> None:
    layer = write_file(_layer("  - id: sales-management\n    title: Sales Management\n"), "l.yaml")
    result = run(["pay", "1", "1", "--add-grid", str(layer)])
    assert result.exit_code == 5
    assert f"{layer}:3: frameworks[0]: error: sales-management is already a framework " in (
        result.stderr
    )
    assert f"(in {PACKAGED}:59)" in result.stderr


def test_a_new_framework_must_be_complete(write_file: WriteFile) -> None:
    layer = write_file(_layer(_version("feild-sales", "2026-01-01")), "company.yaml")
    result = run(["pay", "1", "1", "--add-grid", str(layer)])
    assert result.exit_code == 5
    assert result.stderr == (
        f"{layer}:3: frameworks[0]: error: 'feild-sales' is not a framework of the grid in use, "
        "so this entry adds it and needs every field of a framework: add title, path, realms, "
        "currency, basis, source (or fix the id if it meant a known one)\n"
    )


def test_a_layer_needs_schema_version_and_frameworks(write_file: WriteFile) -> None:
    layer = write_file("realms:\n  partnerships: Partnerships\n", "company.yaml")
    result = run(["pay", "1", "1", "--add-grid", str(layer)])
    assert result.exit_code == 5
    assert "the required field 'schema_version' is missing" in result.stderr
    assert "the required field 'frameworks' is missing" in result.stderr


def test_realms_merge_and_a_different_title_names_both(write_file: WriteFile) -> None:
    new = _layer(
        _framework("partner-sales").replace("[business-development]", "[partnerships]"),
        "realms:\n  partnerships: Partnerships\n",
    )
    result = run(["pay", "1", "1", "-f", "partner-sales", "--add-grid", str(write_file(new))])
    assert (result.exit_code, result.stdout) == (0, "2400\n"), result.stderr
    clash = write_file(_layer(_framework("x-sales"), "realms:\n  hr: Human Resources\n"), "c.yaml")
    result = run(["pay", "1", "1", "--add-grid", str(clash)])
    assert result.exit_code == 5
    assert result.stderr == (
        f"{clash}:3: realms.hr: error: realm 'hr' is titled 'Human Resources' here but 'HR' in "
        f"{PACKAGED}:47: give the same title, or remove it from this file\n"
    )


def test_an_unknown_realm_in_a_layer_points_at_the_layer(write_file: WriteFile) -> None:
    body = _framework("partner-sales").replace("[business-development]", "[partnerships]")
    layer = write_file(_layer(body), "company.yaml")
    result = run(["pay", "1", "1", "--add-grid", str(layer)])
    assert result.exit_code == 5
    assert f"{layer}:6: frameworks[0].realms[0]: error: unknown realm 'partnerships'" in (
        result.stderr
    )


CONVERSION = """\
conversions:
  - from: BGN
    to: EUR
    operation: divide
    rate: "{rate}"
    rounding: up
    decimals: 2
    rule: the pay rule
    source: a test
"""


def test_conversions_merge_and_a_different_one_names_both(write_file: WriteFile) -> None:
    # an equal pair is accepted only if every field is equal: the rule text differs here
    layer = write_file(_layer(_framework("x-sales"), CONVERSION.format(rate="1.9")), "c.yaml")
    result = run(["pay", "1", "1", "--add-grid", str(layer)])
    assert result.exit_code == 5
    assert result.stderr.startswith(
        f"{layer}:6: conversions[0].rate: error: the BGN -> EUR conversion differs from the one "
        f"in {PACKAGED}:24 (rate, rule, source): give it equal, or remove it from this file"
    )
    usd = CONVERSION.format(rate="1.7").replace("to: EUR", "to: USD")
    usd += (
        usd.replace("conversions:\n", "")
        .replace("from: BGN", "from: X")
        .replace("to: USD", "to: BGN")
        .replace("from: X", "from: USD")
        .replace("divide", "multiply")
    )
    usd += (
        CONVERSION.format(rate="1.1")
        .replace("conversions:\n", "")
        .replace("from: BGN", "from: EUR")
        .replace("to: EUR", "to: USD")
    )
    usd += (
        CONVERSION.format(rate="1.1")
        .replace("conversions:\n", "")
        .replace("from: BGN", "from: USD")
        .replace("divide", "multiply")
    )
    layer = write_file(_layer(_framework("x-sales"), usd), "usd.yaml")
    result = run(["frameworks", "--format", "csv", "--add-grid", str(layer)])
    assert result.exit_code == 0, result.stderr
    assert "min_BGN,min_EUR,min_USD" in result.stdout.splitlines()[0]


def test_the_default_framework_may_be_given_equal_but_not_changed(write_file: WriteFile) -> None:
    same = write_file(_layer(_framework("x-sales"), "default_framework: sales-management\n"))
    assert run(["pay", "1", "1", "--add-grid", str(same)]).stdout == "1812\n"
    other = write_file(_layer(_framework("x-sales"), "default_framework: x-sales\n"), "o.yaml")
    result = run(["pay", "1", "1", "--add-grid", str(other)])
    assert result.exit_code == 5
    assert f"{other}:2: default_framework: error: 'x-sales' differs from the default " in (
        result.stderr
    )
    assert f"('sales-management', {PACKAGED}:16)" in result.stderr


def test_a_framework_twice_in_one_layer_is_refused(write_file: WriteFile) -> None:
    layer = write_file(_layer(_framework("x-sales") + _framework("x-sales")), "l.yaml")
    result = run(["pay", "1", "1", "--add-grid", str(layer)])
    assert result.exit_code == 5
    assert "framework id 'x-sales' is used twice in this file (first as frameworks[0])" in (
        result.stderr
    )


def test_a_layer_that_breaks_rising_pay_reports_the_layers_line(write_file: WriteFile) -> None:
    layer = write_file(
        _layer(_version("sales-management", "2026-07-01", "[1900, 1800, 3000, 3900]")), "l.yaml"
    )
    result = run(["pay", "1", "1", "--add-grid", str(layer)])
    assert result.exit_code == 5
    assert result.stderr.startswith(
        f"{layer}:8: frameworks[0].versions[0].levels.1[1]: error: 1.2 pays 1,800, not more than "
        "1.1 (1,900)"
    )
    assert result.stderr.count("\n") == 1


def test_two_layers_apply_in_order(write_file: WriteFile) -> None:
    first = write_file(_layer(_version("sales-management", "2026-03-01")), "first.yaml")
    second = write_file(
        _layer(_version("sales-management", "2026-06-01", "[2000, 2300, 3100, 4000]")), "2.yaml"
    )
    args = ["pay", "1", "1", "--add-grid", str(first), "--add-grid", str(second)]
    assert run(args).stdout == "2000\n"
    assert run([*args, "--as-of", "2026-05-31"]).stdout == "1900\n"
    wrong_order = ["pay", "1", "1", "--add-grid", str(second), "--add-grid", str(first)]
    result = run(wrong_order)
    assert result.exit_code == 5
    assert f"(2026-06-01, {second}:5)" in result.stderr


def test_the_environment_variable_holds_paths_separated_by_the_os_separator(
    write_file: WriteFile,
) -> None:
    first = write_file(_layer(_version("sales-management", "2026-03-01")), "first.yaml")
    second = write_file(
        _layer(_version("sales-management", "2026-06-01", "[2000, 2300, 3100, 4000]")), "2.yaml"
    )
    both = f"{first}{os.pathsep}{second}{os.pathsep}"  # a trailing separator is skipped
    result = run(["pay", "1", "1"], env={"SALESGRID_ADD_GRID": both})
    assert (result.exit_code, result.stdout) == (0, "2000\n"), result.stderr
    # the option given on the command line replaces the variable, as every variable does
    result = run(["pay", "1", "1", "--add-grid", str(first)], env={"SALESGRID_ADD_GRID": both})
    assert result.stdout == "1900\n"
    assert run(["pay", "1", "1"], env={"SALESGRID_ADD_GRID": ""}).stdout == "1812\n"


def test_layers_go_on_top_of_grid(write_file: WriteFile) -> None:
    base = str(REPO / "examples" / "company-grid.yaml")
    layer = write_file(_layer(_version("field-sales", "2026-06-01", "[2500, 2700, 3000]")))
    result = run(["pay", "1", "1", "--grid", base, "--add-grid", str(layer)])
    assert (result.exit_code, result.stdout) == (0, "2500\n"), result.stderr
    # the packaged sales-management is not in that grid: the entry would add it, incomplete
    result = run(["pay", "1", "1", "--grid", base, "--add-grid", EXAMPLE])
    assert result.exit_code == 5
    assert "'sales-management' is not a framework of the grid in use" in result.stderr


@pytest.mark.parametrize(
    ("make", "fragment", "code"),
    [
        (lambda d: d / "missing.yaml", "cannot read the file", 5),
        (lambda d: d, "is a directory: give the path of a layer file", 2),
        (lambda d: d / "empty.yaml", "the file is empty", 5),
        (lambda d: d / "binary.yaml", "NUL bytes", 5),
        (lambda d: d / "list.yaml", "a layer file is a mapping", 5),
    ],
)
def test_a_layer_that_cannot_be_read_is_a_clean_error(
    tmp_path: Path, make: Callable[[Path], Path], fragment: str, code: int
) -> None:
    (tmp_path / "empty.yaml").write_text("", encoding="utf-8")
    (tmp_path / "binary.yaml").write_bytes(b"\x00\x01\x02")
    (tmp_path / "list.yaml").write_text("- 1\n", encoding="utf-8")
    result = run(["pay", "2", "3", "--add-grid", str(make(tmp_path))])
    assert result.exit_code == code, result.stderr
    assert fragment in result.stderr
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


# --------------------------------------------------------------------------- commands


def test_frameworks_shows_the_file_of_each_framework(write_file: WriteFile) -> None:
    layer = write_file(LAYER, "layer.yaml")
    result = run(["frameworks", "--format", "plain", "--add-grid", str(layer)])
    lines = result.stdout.splitlines()  # plain keeps its five columns
    assert lines[0] == "sales-management\t2\t4\t1900\t6500"
    assert lines[-1] == "field-sales\t2\t3\t2400\t3900"
    assert len(lines) == 12
    records = json.loads(run(["frameworks", "--format", "json", "--add-grid", str(layer)]).stdout)
    assert (records[0]["file"], records[0]["version_file"]) == (PACKAGED, str(layer))
    assert (records[-1]["file"], records[-1]["version_file"]) == (str(layer), str(layer))
    assert (records[1]["file"], records[1]["version_file"]) == (PACKAGED, PACKAGED)
    csv = run(["frameworks", "--format", "csv", "--add-grid", str(layer)]).stdout.splitlines()
    assert csv[0].endswith(",in_force_from,file,version_file")
    assert csv[1].endswith(f",2026-07-01,{PACKAGED},{layer}")
    table = run(["frameworks", "--format", "table", "--add-grid", str(layer)]).stdout
    rows = [line.strip() for line in table.splitlines()]
    titles = [i for i, row in enumerate(rows) if row.startswith(("Sales Management ", "Field"))]
    assert len(titles) == 2
    # the layer's path under the title (folded to the column's width)
    assert rows[titles[0] + 1].startswith("version from /")
    assert rows[titles[1] + 1].startswith("from /")
    assert sum(row.startswith(("from /", "version from")) for row in rows) == 2
    assert table.rstrip().endswith(f"From {PACKAGED} unless marked.")
    alone = run(["frameworks", "--format", "table"]).stdout
    assert alone.rstrip().endswith(f"From {PACKAGED}.")
    assert "version from" not in alone


def test_grid_promote_and_roster_use_the_layers(write_file: WriteFile, tmp_path: Path) -> None:
    layer = str(write_file(LAYER, "layer.yaml"))
    grid = run(["grid", "-f", "field-sales", "--format", "plain", "--add-grid", layer])
    assert grid.stdout.splitlines() == [
        "1.1\t2400", "1.2\t2600", "1.3\t2900", "2.1\t3200", "2.2\t3500", "2.3\t3900"
    ]  # fmt: skip
    promote = run(["promote", "--from", "1.3", "-f", "field-sales", "--format", "json",
                   "--add-grid", layer])  # fmt: skip
    moves = json.loads(promote.stdout)["moves"]
    assert [(m["to"]["position"], m["delta"]["BGN"]) for m in moves] == [("2.1", 300)]
    roster = tmp_path / "roster.csv"
    roster.write_text("employee_id,position,framework\nE-1,2.2,field-sales\nE-2,2.3,\n")
    result = run(["roster", str(roster), "--fields", "employee_id,pay_bgn", "--add-grid", layer])
    assert (result.exit_code, result.stdout.splitlines()) == (
        0,
        ["employee_id,pay_bgn", "E-1,3500", "E-2,5600"],
    ), result.stderr


def test_framework_completion_sees_layered_frameworks(write_file: WriteFile) -> None:
    from types import SimpleNamespace

    from salesgrid.cli.complete import complete_framework

    layers = [write_file(LAYER, "layer.yaml")]
    ctx = SimpleNamespace(params={"grid": None, "add_grid": layers}, parent=None)
    assert complete_framework(ctx, "field") == ["field-sales"]


# --------------------------------------------------------------------------- validate


def test_validate_recognises_a_layer_file() -> None:
    result = run(["validate", EXAMPLE])
    assert (result.exit_code, result.stdout) == (0, f"ok: {EXAMPLE}: 0 errors, 0 warnings\n")


def test_validate_reports_a_layers_problems(write_file: WriteFile) -> None:
    layer = write_file(_layer(_version("sales-management", "2020-01-01")), "company.yaml")
    result = run(["validate", str(layer)])
    assert result.exit_code == 5
    assert result.stdout.splitlines()[0].startswith(
        f"{layer}:5: frameworks[0].versions[0].in_force_from: error: sales-management version "
    )
    assert result.stdout.splitlines()[-1] == f"invalid: {layer}: 1 error, 0 warnings"


def test_validate_add_grid_checks_the_grid_in_use(write_file: WriteFile) -> None:
    layer = str(write_file(LAYER, "layer.yaml"))
    result = run(["validate", "--add-grid", layer])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == f"ok: {PACKAGED} + {layer}: 0 errors, 2 warnings"
    refused = run(["validate", "--kind", "payroll", str(REPO / "data" / "payroll.yaml"),
                   "--add-grid", layer])  # fmt: skip
    assert refused.exit_code == 2
    assert "--add-grid is the grid an assessment or a layer is checked against" in refused.stderr


# --------------------------------------------------------------------------- API


def test_the_api_takes_layers(write_file: WriteFile) -> None:
    layer = write_file(LAYER, "layer.yaml")
    assert salesgrid.pay("2.3", as_of="2026-11-22", add_grid=[layer]).amount == 5600
    assert salesgrid.pay("2.3", as_of="2026-11-22", add_grid=str(layer)).amount == 5600
    grid = salesgrid.load_grid(add_grid=[layer])
    assert isinstance(grid, GridFile)  # an ordinary grid: the exporter can write it
    assert [fw.id for fw in grid.frameworks][-1] == "field-sales"
    assert salesgrid.pay("1.1", framework="field-sales", as_of="2026-11-22", grid=grid).amount == (
        2400
    )
    assert salesgrid.framework_files(add_grid=[layer])["field-sales"] == str(layer)
    rows = [{"employee_id": "E-1", "position": "2.1", "framework": "field-sales"}]
    found = list(salesgrid.roster(rows, as_of="2026-11-22", add_grid=[layer]))
    assert found[0]["pay_bgn"] == 3200
    with pytest.raises(salesgrid.UsageError, match="add_grid layers a grid file"):
        salesgrid.pay("2.3", grid=grid, add_grid=[layer])
    with pytest.raises(salesgrid.DataFileError) as caught:
        salesgrid.load_grid(
            add_grid=[write_file(_layer(_version("sales-management", "2020-01-01")), "b.yaml")]
        )
    assert caught.value.problems[0].line == 5


def test_validate_a_grid_file_with_layers_checks_them_on_top_of_it(write_file: WriteFile) -> None:
    base = str(REPO / "examples" / "company-grid.yaml")
    layer = write_file(_layer(_version("field-sales", "2025-01-01", "[2500, 2700, 3000]")))
    result = run(["validate", base, "--add-grid", str(layer)])
    assert result.exit_code == 5
    assert f"(2026-01-01, {base}:28)" in result.stdout
