"""`salesgrid diff`, what a grid change costs.

A small grid with two dated versions: alpha changes some cells, keeps one, drops step 3 (cells
removed) and adds level 3 (cells added); beta changes one cell; gamma has no grid before 2027
(its cells are added). A roster of 12 people on the old grid gives the cost. Every expected
figure below is worked out by hand (euro: lev / 1.95583 rounded up to the cent, per cell):

    alpha 1.1 1000 -> 1000 (511.30 -> 511.30 EUR)  unchanged      2 people
    alpha 1.2 1100 -> 1150 (562.43 -> 587.99)      +50 +25.56     3 people: +150 +76.68
    alpha 1.3 1200 (613.56) -> removed                            1 person: not costed
    alpha 2.1 2000 -> 2100 (1022.59 -> 1073.72)    +100 +51.13    2 people: +200 +102.26
    alpha 2.2 2100 -> 2300 (1073.72 -> 1175.98)    +200 +102.26   1 person: +200 +102.26
    alpha 2.3 2200 (1124.85) -> removed
    alpha 3.1, 3.2 added (3000 1533.88, 3300 1687.27)
    beta  1.1 500 -> 550 (255.65 -> 281.22)        +50 +25.57     2 people: +100 +51.14
    beta  1.2 600 -> 600 (306.78)                  unchanged      1 person
    gamma 1.1 added (700, 357.91)

    monthly: 150 + 200 + 200 + 100 = 650 BGN; 76.68 + 102.26 + 102.26 + 51.14 = 332.34 EUR
    annual: 650 x 12 = 7800 BGN; 332.34 x 12 = 3988.08 EUR
    alpha level 1: 6 people, 150 BGN 76.68 EUR (annual 1800, 920.16)
    alpha level 2: 3 people, 200 + 200 = 400 BGN, 204.52 EUR (annual 4800, 2454.24)
    beta level 1: 3 people, 100 BGN 51.14 EUR (annual 1200, 613.68)
"""

from __future__ import annotations

import json
import warnings
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from salesgrid import api
from salesgrid.core.diff import percent
from salesgrid.errors import UsageError

from .conftest import DATA, REPO, run

HEAD = """schema_version: 1
default_framework: alpha
conversions:
  - {from: BGN, to: EUR, operation: divide, rate: "1.95583", rounding: up, decimals: 2,
     rule: the pay rule, source: test}
realms:
  business-development: Business Development
frameworks:
"""


def framework(fid: str, versions: str) -> str:
    return f"""  - id: {fid}
    title: {fid.title()}
    path: management
    realms: [business-development]
    currency: BGN
    basis: monthly_net
    source: https://example.com/{fid}
    versions:
{versions}"""


def version(day: str, levels: str) -> str:
    lines = "".join(f"          {line}\n" for line in levels.strip().splitlines())
    return f"      - in_force_from: {day}\n        date_source: test\n        levels:\n{lines}"


ALPHA_OLD = version("2026-01-01", "1: [1000, 1100, 1200]\n2: [2000, 2100, 2200]")
ALPHA_NEW = version("2027-01-01", "1: [1000, 1150]\n2: [2100, 2300]\n3: [3000, 3300]")
BETA_OLD = version("2026-01-01", "1: [500, 600]")
BETA_NEW = version("2027-01-01", "1: [550, 600]")
GAMMA_NEW = version("2027-01-01", "1: [700]")

BOTH = HEAD + framework("alpha", ALPHA_OLD + ALPHA_NEW) + framework(
    "beta", BETA_OLD + BETA_NEW
) + framework("gamma", GAMMA_NEW)  # fmt: skip
OLD_ONLY = HEAD + framework("alpha", ALPHA_OLD) + framework("beta", BETA_OLD)
NEW_ONLY = (
    HEAD
    + framework("alpha", version("2026-01-01", "1: [1000, 1150]\n2: [2100, 2300]\n3: [3000, 3300]"))
    + framework("beta", version("2026-01-01", "1: [550, 600]"))
    + framework("gamma", version("2026-01-01", "1: [700]"))
)

ROSTER = """employee_id,framework,position
A-1,alpha,1.1
A-2,alpha,1.1
A-3,alpha,1.2
A-4,alpha,1.2
A-5,alpha,1.2
A-6,alpha,1.3
A-7,alpha,2.1
A-8,,2.1
A-9,alpha,2.2
B-1,beta,1.1
B-2,beta,1.1
B-3,beta,1.2
"""

OLD_DAY, NEW_DAY = "2026-06-01", "2027-06-01"


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    found = {}
    for name, text in {
        "both.yaml": BOTH,
        "old.yaml": OLD_ONLY,
        "new.yaml": NEW_ONLY,
        "roster.csv": ROSTER,
        "bad-roster.csv": ROSTER + "X-1,alpha,9.9\n",
    }.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        found[name] = str(tmp_path / name)
    return found


def dated(files: dict[str, str], *more: str) -> list[str]:
    return ["diff", "--grid", files["both.yaml"], "--from-date", OLD_DAY, "--to-date", NEW_DAY,
            *more]  # fmt: skip


def D(text: str) -> Decimal:
    return Decimal(text)


def money(bgn: str, eur: str) -> dict[str, Decimal]:
    return {"BGN": D(bgn), "EUR": D(eur)}


EXPECTED_CELLS = [
    ("alpha", "1.1", "unchanged", money("1000", "511.30"), money("1000", "511.30"),
     money("0", "0.00"), D("0.00")),
    ("alpha", "1.2", "changed", money("1100", "562.43"), money("1150", "587.99"),
     money("50", "25.56"), D("4.55")),
    ("alpha", "1.3", "removed", money("1200", "613.56"), None, None, None),
    ("alpha", "2.1", "changed", money("2000", "1022.59"), money("2100", "1073.72"),
     money("100", "51.13"), D("5.00")),
    ("alpha", "2.2", "changed", money("2100", "1073.72"), money("2300", "1175.98"),
     money("200", "102.26"), D("9.52")),
    ("alpha", "2.3", "removed", money("2200", "1124.85"), None, None, None),
    ("alpha", "3.1", "added", None, money("3000", "1533.88"), None, None),
    ("alpha", "3.2", "added", None, money("3300", "1687.27"), None, None),
    ("beta", "1.1", "changed", money("500", "255.65"), money("550", "281.22"),
     money("50", "25.57"), D("10.00")),
    ("beta", "1.2", "unchanged", money("600", "306.78"), money("600", "306.78"),
     money("0", "0.00"), D("0.00")),
    ("gamma", "1.1", "added", None, money("700", "357.91"), None, None),
]  # fmt: skip

EXPECTED_ROSTER = {
    "headcount": 12,
    "monthly": money("650", "332.34"),
    "annual": money("7800", "3988.08"),
    "levels": [
        {"framework": "alpha", "level": 1, "headcount": 6, "monthly": money("150", "76.68"),
         "annual": money("1800", "920.16")},
        {"framework": "alpha", "level": 2, "headcount": 3, "monthly": money("400", "204.52"),
         "annual": money("4800", "2454.24")},
        {"framework": "beta", "level": 1, "headcount": 3, "monthly": money("100", "51.14"),
         "annual": money("1200", "613.68")},
    ],
}  # fmt: skip


def as_json(text: str) -> dict:  # type: ignore[type-arg]
    found: dict = json.loads(text, parse_float=Decimal)  # type: ignore[type-arg]
    return found


def cells_of(record: dict) -> list[tuple]:  # type: ignore[type-arg]
    def amounts(value: dict | None) -> dict | None:  # type: ignore[type-arg]
        return None if value is None else {k: Decimal(v) for k, v in value.items()}

    return [
        (c["framework"], c["position"], c["status"], amounts(c["old"]), amounts(c["new"]),
         amounts(c["delta"]), c["delta_pct"])
        for c in record["cells"]
    ]  # fmt: skip


def roster_of(record: dict) -> dict:  # type: ignore[type-arg]
    found = json.loads(json.dumps(record["roster"], default=str), parse_float=Decimal)

    def fix(value: object) -> object:
        if isinstance(value, dict):
            return {k: fix(v) if k not in ("BGN", "EUR") else Decimal(str(v)) for k, v in
                    value.items()}  # fmt: skip
        if isinstance(value, list):
            return [fix(v) for v in value]
        return value

    return fix(found)  # type: ignore[return-value]


# --------------------------------------------------------------------------- two dated versions


def test_two_dated_versions_with_a_roster_hand_computed(files: dict[str, str]) -> None:
    result = run(dated(files, "--roster", files["roster.csv"], "--format", "json"))
    assert result.exit_code == 0, result.stderr
    record = as_json(result.stdout)
    assert list(record) == ["from", "to", "cells", "roster"]
    assert record["from"] == {"grid": files["both.yaml"], "date": OLD_DAY}
    assert record["to"] == {"grid": files["both.yaml"], "date": NEW_DAY}
    assert cells_of(record) == EXPECTED_CELLS
    assert list(record["cells"][0]) == [
        "framework", "position", "old", "new", "delta", "delta_pct", "status",
    ]  # fmt: skip
    assert roster_of(record) == EXPECTED_ROSTER
    # gamma has no grid on the old day; one person sits at a position the new grid drops
    assert "note: gamma has no grid in force on the old (from) side's day 2026-06-01" in (
        result.stderr
    )
    assert (
        "warning: 1 person at alpha 1.3, a position the new grid does not have: counted "
        "in the headcount, left out of the cost" in result.stderr
    )


def test_without_a_roster_the_roster_is_null(files: dict[str, str]) -> None:
    result = run(dated(files, "--format", "json"))
    assert result.exit_code == 0
    record = as_json(result.stdout)
    assert record["roster"] is None
    assert cells_of(record) == EXPECTED_CELLS


def test_two_files_on_one_day_give_the_same_cells(files: dict[str, str]) -> None:
    result = run(["diff", "--from-grid", files["old.yaml"], "--to-grid", files["new.yaml"],
                  "--as-of", OLD_DAY, "--roster", files["roster.csv"], "--format", "json"])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    record = as_json(result.stdout)
    assert record["from"] == {"grid": files["old.yaml"], "date": OLD_DAY}
    assert record["to"] == {"grid": files["new.yaml"], "date": OLD_DAY}
    assert cells_of(record) == EXPECTED_CELLS  # gamma: not in the old file, so added
    assert roster_of(record) == EXPECTED_ROSTER
    assert "gamma" not in result.stderr  # absent from a file is not "no grid in force"


def test_both_files_and_dates(files: dict[str, str]) -> None:
    """The old file on its day against the dated grid on the new day."""
    result = run(["diff", "--from-grid", files["old.yaml"], "--from-date", OLD_DAY,
                  "--to-grid", files["both.yaml"], "--to-date", NEW_DAY, "--format", "json"])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    record = as_json(result.stdout)
    assert record["from"] == {"grid": files["old.yaml"], "date": OLD_DAY}
    assert record["to"] == {"grid": files["both.yaml"], "date": NEW_DAY}
    assert cells_of(record) == EXPECTED_CELLS


def test_a_side_without_a_date_uses_as_of(files: dict[str, str]) -> None:
    """--to-date alone: the old side is --as-of (the tests' SALESGRID_AS_OF otherwise)."""
    result = run(["diff", "--grid", files["both.yaml"], "--to-date", NEW_DAY, "--as-of",
                  OLD_DAY, "--format", "json"])  # fmt: skip
    assert as_json(result.stdout)["from"]["date"] == OLD_DAY
    result = run(["diff", "--grid", files["both.yaml"], "--to-date", NEW_DAY, "--format", "json"])
    assert as_json(result.stdout)["from"]["date"] == "2026-11-22"


def test_the_packaged_grid_against_itself_is_unchanged() -> None:
    result = run(["diff", "--from-date", "2026-11-22", "--framework", "sales-management",
                  "--format", "json"])  # fmt: skip
    record = as_json(result.stdout)
    assert record["from"] == {"grid": "(packaged) grid.yaml", "date": "2026-11-22"}
    assert len(record["cells"]) == 16
    assert {c["status"] for c in record["cells"]} == {"unchanged"}
    assert record["cells"][6]["old"] == {"BGN": 5445, "EUR": Decimal("2783.99")}


# --------------------------------------------------------------------------- formats


def test_csv(files: dict[str, str]) -> None:
    result = run(dated(files, "--roster", files["roster.csv"], "--format", "csv"))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "framework,position,status,old_bgn,old_eur,new_bgn,new_eur,delta_bgn,delta_eur,"
        "delta_pct,headcount,monthly_bgn,monthly_eur"
    )
    assert lines[1] == "alpha,1.1,unchanged,1000,511.30,1000,511.30,0,0.00,0.00,2,0,0.00"
    assert lines[2] == "alpha,1.2,changed,1100,562.43,1150,587.99,50,25.56,4.55,3,150,76.68"
    assert lines[3] == "alpha,1.3,removed,1200,613.56,,,,,,1,,"
    assert lines[7] == "alpha,3.1,added,,,3000,1533.88,,,,0,,"
    assert len(lines) == 12
    without = run(dated(files, "--format", "csv")).stdout.splitlines()
    assert without[0].endswith(",delta_pct") and without[2].endswith(",25.56,4.55")


def test_plain(files: dict[str, str]) -> None:
    result = run(dated(files, "--roster", files["roster.csv"], "--format", "plain"))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[1] == "alpha\t1.2\tchanged\t1100\t1150\t50\t4.55\tBGN\t3"
    assert lines[2] == "alpha\t1.3\tremoved\t1200\t-\t-\t-\tBGN\t1"
    assert lines[6] == "alpha\t3.1\tadded\t-\t3000\t-\t-\tBGN\t0"
    assert lines[11:] == [
        "headcount\t12",
        "monthly\t650 BGN\t332.34 EUR",
        "annual\t7800 BGN\t3988.08 EUR",
        "level\talpha\t1\t6\t150 BGN\t76.68 EUR\t1800 BGN\t920.16 EUR",
        "level\talpha\t2\t3\t400 BGN\t204.52 EUR\t4800 BGN\t2454.24 EUR",
        "level\tbeta\t1\t3\t100 BGN\t51.14 EUR\t1200 BGN\t613.68 EUR",
    ]


def test_table(files: dict[str, str]) -> None:
    result = run(dated(files, "--roster", files["roster.csv"], "--format", "table"))
    assert result.exit_code == 0
    out = result.stdout
    assert "Framework" in out and "Change %" in out and "Monthly EUR" in out
    row = next(line for line in out.splitlines() if " 2.2 " in line and "alpha" in line)
    assert row.split() == ["alpha", "2.2", "changed", "2,100", "2,300", "+200", "+102.26",
                           "+9.52%", "1", "+200", "+102.26"]  # fmt: skip
    total = next(line for line in out.splitlines() if line.strip().startswith("Total"))
    assert total.split() == ["Total", "12", "+650", "+332.34", "+7,800", "+3,988.08"]
    level = next(line for line in out.splitlines() if line.split()[:2] == ["alpha", "2"])
    assert level.split() == ["alpha", "2", "3", "+400", "+204.52", "+4,800", "+2,454.24"]


def test_changed_only_keeps_the_totals(files: dict[str, str]) -> None:
    result = run(dated(files, "--roster", files["roster.csv"], "--changed-only", "--format",
                       "json"))  # fmt: skip
    record = as_json(result.stdout)
    assert [c["position"] for c in record["cells"] if c["framework"] == "alpha"] == [
        "1.2", "1.3", "2.1", "2.2", "2.3", "3.1", "3.2",
    ]  # fmt: skip
    assert roster_of(record) == EXPECTED_ROSTER


def test_nothing_differs() -> None:
    result = run(["diff", "--to-date", "2027-01-01", "--changed-only", "--format", "table"])
    assert result.exit_code == 0
    assert result.stdout.startswith("No position differs: pay on ")
    assert " and 2027-01-01 in (packaged) grid.yaml." in result.stdout
    assert (
        run(["diff", "--to-date", "2027-01-01", "--changed-only", "--format", "plain"]).stdout == ""
    )
    csv = run(["diff", "--to-date", "2027-01-01", "--changed-only", "--format", "csv"]).stdout
    assert csv.count("\n") == 1


def test_one_framework(files: dict[str, str]) -> None:
    result = run(dated(files, "--framework", "beta", "--roster", files["roster.csv"],
                       "--format", "json"))  # fmt: skip
    assert result.exit_code == 4  # A-8 rejected
    record = as_json(result.stdout)
    assert [c["position"] for c in record["cells"]] == ["1.1", "1.2"]
    assert record["roster"]["headcount"] == 3
    assert record["roster"]["monthly"] == {"BGN": 100, "EUR": Decimal("51.14")}
    # rows without a framework are read in --framework (A-8 at beta 2.1: rejected)
    assert "row 9: position 2.1 is not in Beta" in result.stderr
    assert "note: 8 people in frameworks other than beta: left out" in result.stderr


def test_a_framework_new_on_the_new_day(files: dict[str, str]) -> None:
    result = run(dated(files, "--framework", "gamma", "--format", "json"))
    assert result.exit_code == 0
    assert cells_of(as_json(result.stdout)) == EXPECTED_CELLS[-1:]


# --------------------------------------------------------------------------- refused


def test_rejected_roster_rows_are_said_and_exit_4(files: dict[str, str]) -> None:
    result = run(dated(files, "--roster", files["bad-roster.csv"], "--format", "json"))
    assert result.exit_code == 4
    assert roster_of(as_json(result.stdout)) == EXPECTED_ROSTER  # the output is still written
    assert "row 14: position 9.9 is not in Alpha: it has levels 1-2" in result.stderr
    assert "warning: 1 roster row rejected and left out of the headcount and cost" in (
        result.stderr
    )


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        ([], 2, "say what to compare: give --from-date and/or --to-date"),
        (["--from-date", "2026-13-01"], 2, "--from-date '2026-13-01' is not a day"),
        (["--to-date", "01/01/2027"], 2, "--to-date '01/01/2027' is not a day: with slashes"),
        (["--from-date", "2020-01-01", "--to-date", "2020-06-01"], 3,
         "no framework has a grid in force on 2020-01-01 (from) or 2020-06-01 (to)"),
        (["--to-date", "2027-01-01", "--framework", "sales-managment"], 3,
         "unknown framework 'sales-managment': did you mean sales-management?"),
        (["--to-date", "2027-01-01", "--encoding", "cp1251"], 2,
         "--encoding reads the roster: add --roster FILE"),
        (["--to-date", "2027-01-01", "--roster", "/nonexistent/roster.csv"], 2,
         "cannot read the roster /nonexistent/roster.csv"),
        (["--to-grid", "/nonexistent/grid.yaml"], 5, "/nonexistent/grid.yaml"),
        (["--to-date", "2027-01-01", "--format", "jsonl"], 2, "--format jsonl"),
    ],
)  # fmt: skip
def test_refused(args: list[str], code: int, message: str) -> None:
    result = run(["diff", *args])
    assert result.exit_code == code, result.stderr
    assert message in result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr


def test_a_framework_without_a_grid_on_either_day(files: dict[str, str]) -> None:
    result = run(["diff", "--grid", files["both.yaml"], "--framework", "gamma", "--from-date",
                  "2026-01-01", "--to-date", "2026-06-01"])  # fmt: skip
    assert result.exit_code == 3
    assert result.stderr.startswith(
        "salesgrid: error: framework gamma has no grid in force on 2026-01-01 (from) or 2026-06-01 "
        "(to): the earliest grid is in force from 2027-01-01"
    )


# --------------------------------------------------------------------------- core and API


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [("1100", "1150", "4.55"), ("2100", "2300", "9.52"), ("3", "3.01", "0.33"),
     ("200", "199.99", "-0.01"), ("8", "8.0004", "0.01"), ("8", "7.9996", "-0.01"),
     ("1000", "1000", "0.00")],
)  # fmt: skip
def test_percent_is_half_up(old: str, new: str, expected: str) -> None:
    # 0.04/8 x 100 = 0.005 exactly: half up away from zero
    assert percent(Decimal(old), Decimal(new)) == Decimal(expected)
    assert str(percent(Decimal(old), Decimal(new))) == expected


def test_the_api_gives_the_json_object(files: dict[str, str]) -> None:
    rows = [dict(zip(["employee_id", "framework", "position"], line.split(","), strict=True))
            for line in ROSTER.splitlines()[1:]]  # fmt: skip
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        change = api.diff(grid=files["both.yaml"], from_date=OLD_DAY, to_date=NEW_DAY,
                          roster=rows)  # fmt: skip
    said = [str(w.message) for w in caught]
    assert any("gamma has no grid in force on 2026-06-01" in text for text in said)
    assert any("1 person at alpha 1.3" in text for text in said)
    assert change.from_grid == files["both.yaml"] and change.to_date == date(2027, 6, 1)
    assert change.roster is not None
    assert change.roster.monthly == {"BGN": 650, "EUR": Decimal("332.34")}
    assert change.roster.levels[1].annual == {"BGN": 4800, "EUR": Decimal("2454.24")}
    assert change.cells[1].delta_pct == Decimal("4.55")
    cli = as_json(run(dated(files, "--roster", files["roster.csv"], "--format", "json")).stdout)
    assert as_json(change.to_json()) == cli
    with pytest.raises(UsageError, match="say what to compare"):
        api.diff(grid=files["both.yaml"])


def test_the_readme_example_files() -> None:
    """examples/grid-2027.yaml raises Level 2 by 55 from 2027-01-01; examples/sales-team.csv
    has 4 people on Level 2: 4 x 55 = 220 BGN and 4 x 28.12 = 112.48 EUR a month."""
    result = run(["diff", "--add-grid", str(REPO / "examples" / "grid-2027.yaml"), "--from-date",
                  "2026-12-31", "--to-date", "2027-01-01", "--roster",
                  str(REPO / "examples" / "sales-team.csv"), "--format", "json"])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    record = as_json(result.stdout)
    assert record["roster"]["monthly"] == {"BGN": 220, "EUR": Decimal("112.48")}
    assert record["roster"]["annual"] == {"BGN": 2640, "EUR": Decimal("1349.76")}
    assert (DATA / "grid.yaml").is_file()
