"""Levels above 4 and grids of other sizes are ordinary.

A company grid with a 6-level x 3-step management framework (levels 5 and 6 named by the grid
file's `level_names`) and a 2-level x 5-step one goes through pay, grid, frameworks, promote
and roster in every format: nothing crashes, level names come from the grid file or are left
out, and eligibility for a position the competency file has no chart minimums for fails the
`chart` rule with the key to add, and says so once as a warning.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

import salesgrid

from .conftest import COMPETENCIES_TEXT, REPO, run

EXAMPLE = (REPO / "examples" / "assessment.yaml").read_text(encoding="utf-8")

BIG = """\
schema_version: 1
default_framework: regional-sales
conversions:
  - {from: BGN, to: EUR, operation: divide, rate: "1.95583", rounding: up, decimals: 2,
     rule: the pay rule, source: the Euro Act}
realms:
  business-development: Business Development
frameworks:
  - id: regional-sales
    title: Regional Sales
    path: management
    realms: [business-development]
    currency: BGN
    basis: monthly_net
    source: https://intranet.example.com/regional
    level_names:
      5: Regional Director
      6: Vice President
    versions:
      - in_force_from: 2025-01-01
        date_source: board decision
        levels:
          1: [2000, 2200, 2400]
          2: [2600, 2800, 3000]
          3: [3200, 3400, 3600]
          4: [3800, 4000, 4200]
          5: [4400, 4600, 4800]
          6: [5000, 5200, "5400.50"]
  - id: wide-steps
    title: Wide Steps
    path: individual_contributor
    realms: []
    currency: BGN
    basis: monthly_net
    source: https://intranet.example.com/wide
    versions:
      - in_force_from: 2025-01-01
        date_source: board decision
        levels:
          1: [1000, 1100, 1200, 1300, 1400]
          2: [1500, 1600, 1700, 1800, 1900]
"""
ASSESSMENT_COLUMNS = (
    "in_position_since,review_date,rating_technical,rating_business,rating_people,"
    "rating_adaptive,business_experience,business_exposure,opportunity_finding_proven,"
    "external_factors_proven,kpoc_completed,failed_kpocs_in_a_row,corrective_action_plan,"
    "realm_business_development"
)
STRONG = "2025-01-01,2026-10-01,optimal,optimal,optimal,optimal,defined,defined,true,true,true,0,false,true"
PACKAGED = "(packaged) competencies.yaml"


def gap(what: str, key: str, file: str = PACKAGED) -> str:
    return (
        f"salesgrid: warning: no chart minimums for {what} in {file}: add {key} to it (the chart "
        "rule fails without them)\n"
    )


@pytest.fixture
def big(tmp_path: Path) -> dict[str, str]:
    files = {
        "grid": BIG,
        "a52": EXAMPLE.replace("framework: sales-management", "framework: regional-sales")
        .replace('position: "2.2"', 'position: "5.2"'),
        "w14": EXAMPLE.replace("framework: sales-management", "framework: wide-steps")
        .replace('position: "2.2"', 'position: "1.4"'),
        "roster": f"employee_id,position,framework,{ASSESSMENT_COLUMNS}\n"
        + "".join(f"E-{i},{pos},{fw},{STRONG}\n" for i, (pos, fw) in enumerate(
            [("5.2", ""), ("5.3", ""), ("6.2", ""), ("5.1", ""), ("1.2", "wide-steps"),
             ("4.3", ""), ("1.4", "wide-steps"), ("1.3", "wide-steps")], 1))
        + "E-9,2.5,wide-steps" + "," * ASSESSMENT_COLUMNS.count(",") + ",\n",
        "plain": "employee_id,position,framework\nE-1,5.2,\nE-2,6.3,\nE-3,2.5,wide-steps\n",
        # the packaged rules, plus chart minimums for level 5 (every step)
        "competencies": COMPETENCIES_TEXT.replace(
            "        4: {technical: optimal, business: optimal, people: optimal, adaptive: optimal}\n",
            "        4: {technical: optimal, business: optimal, people: optimal, adaptive: optimal}\n"
            "      5:\n" + "".join(f"        {s}: {{technical: initial}}\n" for s in (1, 2, 3)),
            1,
        ),
    }  # fmt: skip
    found = {}
    for name, text in files.items():
        path = tmp_path / (f"{name}.csv" if name in ("roster", "plain") else f"{name}.yaml")
        path.write_text(text, encoding="utf-8")
        found[name] = str(path)
    assert "      5:\n        1: {technical: initial}" in files["competencies"]
    return found


def sg(big: dict[str, str], *args: str) -> tuple[int, str, str]:
    result = run([*args], env={"SALESGRID_GRID": big["grid"], "COLUMNS": "160"})
    return result.exit_code, result.stdout, result.stderr


# --------------------------------------------------------------------------- nothing breaks

FORMATS = ("table", "plain", "csv", "json", "jsonl")
COMMANDS = [
    ["pay", "6", "3"], ["pay", "5.2"], ["pay", "2.5", "-f", "wide-steps"],
    ["grid"], ["grid", "-f", "wide-steps"], ["frameworks"],
    ["promote", "--from", "5.3"], ["promote", "--from", "5.3", "--to", "6.1"],
    ["promote", "--from", "6.3"], ["promote", "--from", "1.5", "-f", "wide-steps"],
    ["promote", "--from", "2.2", "--to", "1.5", "-f", "wide-steps"],
    ["promote", "--from", "4.3", "--to", "6.3"],
    ["promote", "--assessment", "{a52}"], ["promote", "--assessment", "{a52}", "--to", "6.2"],
    ["promote", "--assessment", "{w14}", "--explain"],
]  # fmt: skip


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_every_command_and_format_works_on_big_and_wide_grids(
    args: list[str], big: dict[str, str]
) -> None:
    filled = [big[a[1:-1]] if a.startswith("{") else a for a in args]
    for fmt in FORMATS:
        if "--explain" in filled and fmt == "csv":
            continue  # --explain is refused for csv, as for any grid
        code, out, err = sg(big, *filled, "--format", fmt)
        assert code == 0, (filled, fmt, err)
        assert out or (fmt == "plain" and "6.3" in filled), (filled, fmt)  # no move: no line
        assert "Traceback" not in err


def test_roster_in_every_format(big: dict[str, str]) -> None:
    for source in (big["roster"], big["plain"]):
        for fmt in ("table", "csv", "jsonl"):
            code, out, err = sg(big, "roster", source, "--format", fmt)
            assert code == 0, err
            assert out
        code, out, _ = sg(big, "roster", source, "--summary-only", "--format", "json")
        assert code == 0 and out.startswith("{")


# --------------------------------------------------------------------------- exact values


def test_pay_above_level_4(big: dict[str, str]) -> None:
    assert sg(big, "pay", "6", "3") == (0, "5400.50\n", "")
    assert sg(big, "pay", "5.2", "--currency", "EUR") == (0, "2351.95\n", "")  # 4600 / 1.95583 up
    assert sg(big, "pay", "7.1")[0] == 3
    _, out, _ = sg(big, "pay", "5.2", "--format", "table")
    assert "Level 5 · Regional Director" in out


def test_grid_tables_name_levels_from_the_grid_file_or_not_at_all(big: dict[str, str]) -> None:
    _, out, _ = sg(big, "grid", "--format", "table")
    for label in ("Level 1 · Pace setters", "Level 4 · Transformational leaders",
                  "Level 5 · Regional Director", "Level 6 · Vice President"):  # fmt: skip
        assert label in out
    assert "5,400.50" in out and "from 5.3" in out
    _, out, _ = sg(big, "grid", "-f", "wide-steps", "--format", "table")
    assert "Step 5" in out and "Level 1 ·" not in out  # no names: not on the Management Path
    rows = [line.split()[:3] for line in out.splitlines() if line.startswith(" Level ")]
    assert rows == [["Level", "Step", "1"], ["Level", "1", "1,000"], ["Level", "2", "1,500"]]


def test_grid_csv_of_a_wide_grid(big: dict[str, str]) -> None:
    _, out, _ = sg(big, "grid", "-f", "wide-steps", "--format", "csv")
    lines = out.splitlines()
    assert lines[0] == "framework,position,level,step,BGN,EUR"
    assert lines[1] == "wide-steps,1.1,1,1,1000,511.30"  # 1000 / 1.95583 = 511.2918.. up
    assert lines[5] == "wide-steps,1.5,1,5,1400,715.81"
    assert lines[10] == "wide-steps,2.5,2,5,1900,971.46"
    assert len(lines) == 11


def test_frameworks_lists_their_sizes(big: dict[str, str]) -> None:
    _, out, _ = sg(big, "frameworks", "--format", "csv")
    # the last two columns, file and version_file, name the grid file each came from
    files = [line.rsplit(",", 2)[1:] for line in out.splitlines()[1:]]
    assert files == [[big["grid"], big["grid"]]] * 2
    assert [line.rsplit(",", 2)[0] for line in out.splitlines()[1:]] == [
        "regional-sales,Regional Sales,management,6,3,business-development,BGN,2000,1022.59,"
        "5400.50,2761.24,2025-01-01",
        "wide-steps,Wide Steps,individual_contributor,2,5,,BGN,1000,511.30,1900,971.46,2025-01-01",
    ]


def test_promote_from_level_5(big: dict[str, str]) -> None:
    assert sg(big, "promote", "--from", "5.3", "--format", "plain") == (
        0, "level_up\t6.1\t5000\t200\n",
        "salesgrid: note: 5.3 is the top step of level 5: no Step Up; the way on is a Level Up\n",
    )  # fmt: skip
    code, out, err = sg(big, "promote", "--from", "6.3", "--format", "plain")
    assert (code, out) == (0, "")
    assert "Regional Sales ends at level 6" in err
    _, out, _ = sg(big, "promote", "--from", "5.3", "--format", "table")
    assert "from Level 5 · Regional Director Step 3 (5.3)" in out


# --------------------------------------------------------------------------- no chart minimums


def test_promote_warns_once_per_level_without_chart_minimums(big: dict[str, str]) -> None:
    code, out, err = sg(big, "promote", "--assessment", big["a52"], "--format", "plain")
    assert code == 0
    assert out == (
        "step_up\t5.3\t4800\t200\tnot eligible: chart, external_factors\n"
        "level_up\t6.1\t5000\t400\tnot eligible: chart, external_factors\n"
    )
    assert err == gap("level 5", "rules.chart.minimums.5") + gap(
        "level 6", "rules.chart.minimums.6"
    )


def test_the_failing_chart_rule_names_the_key_to_add(big: dict[str, str]) -> None:
    import json

    _, out, _ = sg(big, "promote", "--assessment", big["a52"], "--to", "6.2", "--format", "json")
    chart = json.loads(out)["moves"][0]["rules"][0]
    assert chart == {
        "id": "chart",
        "passed": False,
        "reason": "no chart minimums for 6.2 in the competency file: add rules.chart.minimums.6 "
        "to it",
        "source": "competencies.yaml: rules.chart.minimums.6.2",
    }
    code, _, err = sg(big, "promote", "--assessment", big["a52"], "--to", "6.2", "--check")
    assert code == 1
    assert err == gap("level 6", "rules.chart.minimums.6")


def test_a_step_the_chart_lacks_is_named_by_position(big: dict[str, str]) -> None:
    """Wide Steps' step 5: level 1 has chart minimums for steps 1-4 only."""
    code, out, err = sg(big, "promote", "--assessment", big["w14"], "--format", "json")
    assert code == 0
    import json

    rules = json.loads(out)["moves"][0]["rules"]
    assert rules[0]["reason"] == (
        "no chart minimums for 1.5 in the competency file: add rules.chart.minimums.1.5 to it"
    )
    assert err == gap("1.5", "rules.chart.minimums.1.5")


def test_chart_minimums_added_for_level_5_end_its_warning(big: dict[str, str]) -> None:
    args = ("promote", "--assessment", big["a52"], "--format", "plain")
    code, out, err = sg(big, *args, "--competencies", big["competencies"])
    assert code == 0
    assert out.splitlines()[0] == "step_up\t5.3\t4800\t200\tnot eligible: external_factors"
    assert err == gap("level 6", "rules.chart.minimums.6", big["competencies"])


def test_no_warning_without_an_assessment(big: dict[str, str]) -> None:
    assert sg(big, "promote", "--from", "5.2", "--format", "plain")[2] == ""
    code, _, err = sg(big, "roster", big["plain"])
    assert (code, err) == (0, "")


def test_roster_warns_once_per_missing_level_not_per_row(big: dict[str, str]) -> None:
    code, out, err = sg(big, "roster", big["roster"], "--format", "csv")
    assert code == 0
    assert sorted(err.splitlines(keepends=True)) == sorted([
        gap("level 5", "rules.chart.minimums.5"), gap("level 6", "rules.chart.minimums.6"),
        gap("1.5", "rules.chart.minimums.1.5"),
    ])  # fmt: skip
    rows = {line.split(",")[0]: line.split(",")[-3:] for line in out.splitlines()[1:]}
    assert rows["E-1"] == ["false", "false", "chart"]  # 5.2: 5.3 and 6.1 lack minimums
    assert rows["E-5"] == ["true", "true", ""]  # 1.2: 1.3 and 2.1 have them
    assert rows["E-6"] == ["", "false", "chart"]  # 4.3: Level Up to 5.1
    assert rows["E-7"] == ["false", "true", "chart"]  # 1.4: Step Up to 1.5
    assert rows["E-9"] == ["", "", ""]  # no assessment for this person


def test_the_api_warns_as_the_cli_does(big: dict[str, str]) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        found = salesgrid.promote(assessment=big["a52"], grid=big["grid"])
    assert [m.eligible for m in found.moves] == [False, False]
    assert [(w.category, str(w.message)) for w in caught] == [
        (salesgrid.DataWarning, gap("level 5", "rules.chart.minimums.5")[20:-1]),
        (salesgrid.DataWarning, gap("level 6", "rules.chart.minimums.6")[20:-1]),
    ]
    header, *lines = Path(big["roster"]).read_text(encoding="utf-8").splitlines()
    rows = [dict(zip(header.split(","), line.split(","), strict=True)) for line in lines]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        thrice = [{**row, "employee_id": f"{row['employee_id']}-{n}"}  # each person once
                  for n in range(3) for row in rows]  # fmt: skip
        records = list(salesgrid.roster(thrice, grid=big["grid"]))
    assert len(records) == 27
    assert sorted(str(w.message) for w in caught) == sorted([
        gap("level 5", "rules.chart.minimums.5")[20:-1],
        gap("level 6", "rules.chart.minimums.6")[20:-1],
        gap("1.5", "rules.chart.minimums.1.5")[20:-1],
    ])  # fmt: skip
    assert all(w.category is salesgrid.DataWarning for w in caught)
