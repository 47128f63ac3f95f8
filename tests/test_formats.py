"""Formats and options are never silently ignored; tables never cut money.

The walk at the top checks every option of every command against every format the command
accepts: each either acts (the run differs from the one without it, or shows its effect) or is
a usage error (exit 2, one line naming the option). A new option or format fails it until the
table below decides what it does.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from decimal import Decimal
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer._click.core import Command
from typer.core import TyperGroup, TyperOption
from typer.main import get_command

from salesgrid import cli
from salesgrid.cli import app
from salesgrid.core import money

from .conftest import DATA, REPO, run

EXAMPLES = REPO / "examples"
MONTH = {"SALESGRID_MONTH": "2026-09"}  # pay --gross and payroll without --month
ALL = ("table", "plain", "csv", "json", "jsonl")

# --------------------------------------------------------------------------- files


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Data files that make an option's effect visible."""
    root = tmp_path_factory.mktemp("formats")
    grid = (DATA / "grid.yaml").read_text(encoding="utf-8")
    grid = grid.replace("1: [1812, 2112, 2912, 3812]", "1: [1813, 2112, 2912, 3812]", 1)
    grid = grid.replace("2: [4345, 4645, 5445, 6345]", "2: [4345, 4645, 5446, 6345]", 1)
    payroll = (DATA / "payroll.yaml").read_text(encoding="utf-8")
    # born before 1960 pays a different pension here, so the cohort shows in every amount
    payroll = payroll.replace('employee: {pension: "8.78"', 'employee: {pension: "9.78"')
    assert "1813" in grid and "5446" in grid and '"9.78"' in payroll  # the data files changed
    paths = {
        "grid": grid,
        "payroll": payroll,
        "bad.yaml": "this: [is not closed\n",
        "calendar.yaml": "schema_version: 1\ndays_off:\n  - {date: 2026-09-21, reason: Bridge}\n",
        # a layer (--add-grid): a later Sales Management grid, in force on the tests' day
        "layer.yaml": "schema_version: 1\nframeworks:\n  - id: sales-management\n"
        "    versions:\n      - in_force_from: 2026-01-01\n        date_source: a test\n"
        "        levels: {1: [1900, 2200, 3000, 3900], 2: [4450, 4750, 5600, 6500]}\n",
        "roster.csv": "employee_id,position,framework\nE-1,2.3,\nE-2,9.9,\n"
        "E-3,1.4,technical-support-management\n",
        "unknown.csv": "employee_id,position,shoe_size\nE-1,2.3,44\n",
        "roster.txt": '{"employee_id": "E-1", "position": "2.3"}\n',  # JSONL, read as CSV
        "actual.csv": "employee_id,position,actual_pay\nE-1,2.3,2783.99\n",  # on the grid in EUR
        # paygap: three women and four men (the default --min-group, 3, shows the headline),
        # in sales-management 1 two women (their mean shown from --min-group 2) and three men
        # (E-2's actual pay among them), E-1 at 1.1 (changed in {grid}, {layer.yaml})
        "paygap.csv": "employee_id,position,sex,hours_per_week,actual_pay,variable_pay\n"
        "E-1,1.1,F,,,\nE-2,1.2,M,,1500,1000\nE-3,2.3,F,20,,\nE-4,2.2,M,,,\n"
        "E-5,1.3,F,,,\nE-6,1.4,M,,,\nE-7,1.1,M,,,\n",
        # paygap's rosters for the input options: each with a sex column (paygap needs one)
        "paygap.txt": '{"employee_id": "E-1", "position": "2.3", "sex": "F"}\n',  # JSONL
        "paygap-unknown.csv": "employee_id,position,sex,shoe_size\nE-1,2.3,F,44\n",
        "paygap-tie.csv": "employee_id;position;sex;a,b,c,d\nE-1;2.3;F;w,x,y,z\n",
        # month: a history and a paid file (its --calendar takes {calendar.yaml}, a day off)
        "history.csv": (
            "employee_id,position,from,until,hours_per_week\nE-1,2.3,2026-01-01,,\n"
            "E-2,1.1,2026-09-16,,20\n"
        ),
        # a history with a bad row (no level 9), for --rejects
        "history-bad.csv": "employee_id,position,from\nE-1,2.3,2026-01-01\nE-2,9.9,2026-01-01\n",
        "history.txt": '{"employee_id": "E-1", "position": "2.3", "from": "2026-01-01"}\n',
        "history-unknown.csv": "employee_id,position,from,shoe_size\nE-1,2.3,2026-01-01,44\n",
        "history-tie.csv": "employee_id;position;from;a,b,c,d\nE-1;2.3;2026-01-01;w,x,y,z\n",
        "paid.csv": "employee_id,month,gross_paid\nE-1,2026-09,3400\n",
    }
    found = {}
    for name, text in paths.items():
        path = root / (name if "." in name else f"{name}.yaml")
        path.write_text(text, encoding="utf-8")
        found[name] = str(path)
    # a header where ',' and ';' tie (',' is guessed, and the header makes no sense with it)
    (root / "tie.csv").write_text("employee_id;position;a,b,c\nE-1;2.3;x,y,z\n", encoding="utf-8")
    (root / "cp1251.csv").write_bytes("employee_id,position\nИван,2.3\n".encode("cp1251"))
    (root / "history-cp1251.csv").write_bytes(
        "employee_id,position,from\nИван,2.3,2026-01-01\n".encode("cp1251")
    )
    (root / "paygap-cp1251.csv").write_bytes(
        "employee_id,position,sex\nИван,2.3,М\n".encode("cp1251")
    )
    import xlsxwriter

    for name, columns, values in (
        ("book.xlsx", [], []), ("paygap-book.xlsx", ["sex"], ["F"]),
        ("history-book.xlsx", ["from"], ["2026-01-01"]),
    ):  # fmt: skip
        with xlsxwriter.Workbook(str(root / name)) as book:
            for sheet, position in (("First", "2.3"), ("Second", "1.4")):
                cells = book.add_worksheet(sheet)
                cells.write_row(0, 0, ["employee_id", "position", *columns])
                cells.write_row(1, 0, ["E-1", position, *values])
    for name in ("tie.csv", "cp1251.csv", "book.xlsx", "paygap-cp1251.csv", "paygap-book.xlsx",
                 "history-cp1251.csv", "history-book.xlsx"):  # fmt: skip
        found[name] = str(root / name)
    found["out.csv"] = str(root / "out.csv")
    found["out"] = str(root / "out")  # no extension: in whatever --format says
    found["out.xlsx"] = str(root / "out.xlsx")
    found["rejects.csv"] = str(root / "rejects.csv")
    found["assessment"] = str(EXAMPLES / "assessment.yaml")
    return found


# --------------------------------------------------------------------------- the table

ACTS, USAGE, REQUIRED, DEBUG = "acts", "usage", "required", "debug"


def pg(outcome: str, **others: str) -> dict[str, str]:
    """paygap's formats: table, plain, csv, json, markdown and html."""
    return {**dict.fromkeys((*ALL[:4], "markdown", "html"), outcome), **others}


def every(outcome: str) -> dict[str, str]:
    return dict.fromkeys(ALL, outcome)


def but(outcome: str, **others: str) -> dict[str, str]:
    return {**every(outcome), **others}


# command -> (arguments before the option, the arguments each format adds)
COMMANDS: dict[str, tuple[list[str], dict[str, list[str]]]] = {
    "pay": (["pay", "2", "3"], {f: ["--format", f] for f in ALL}),
    "locate": (["locate", "5000"], {f: ["--format", f] for f in ALL}),
    "grid": (["grid"], {f: ["--format", f] for f in ALL}),
    "frameworks": (["frameworks"], {f: ["--format", f] for f in ALL}),
    "promote": (["promote"], {f: ["--format", f] for f in ALL}),
    "competencies": (["competencies"], {f: ["--format", f] for f in ALL}),
    "roster": (
        ["roster", "{roster.csv}"],
        {
            "table": ["--format", "table"],
            "csv": ["--format", "csv"],
            "jsonl": ["--format", "jsonl"],
            "xlsx": ["--format", "xlsx", "--output", "{out.xlsx}"],
            "plain": ["--format", "plain", "--summary-only"],
            "json": ["--format", "json", "--summary-only"],
        },
    ),
    "validate": (["validate", str(DATA / "grid.yaml")], {f: ["--format", f] for f in ALL}),
    "schema": (["schema", "grid"], {"-": []}),
    "payroll net": (["payroll", "net", "3000"], {f: ["--format", f] for f in ALL}),
    "payroll gross": (["payroll", "gross", "2000"], {f: ["--format", f] for f in ALL}),
    "paygap": (
        ["paygap", "{paygap.csv}"],
        {
            "table": ["--format", "table"],
            "plain": ["--format", "plain", "--employee", "E-1"],
            "csv": ["--format", "csv"],
            "json": ["--format", "json"],
            "markdown": ["--format", "markdown"],
            "html": ["--format", "html"],
        },
    ),
    "month": (
        ["month", "{history.csv}"],
        {
            "table": ["--format", "table"],
            "csv": ["--format", "csv"],
            "jsonl": ["--format", "jsonl"],
            "json": ["--format", "json"],
            "xlsx": ["--format", "xlsx", "--output", "{out.xlsx}"],
        },
    ),
    "diff": (
        ["diff", "--to-date", "2027-01-01"],
        {f: ["--format", f] for f in ("table", "plain", "csv", "json")},
    ),
    "criteria": (["criteria"], {f: ["--format", f] for f in ("markdown", "html", "json")}),
    "calendar": (["calendar", "2026-09"], {f: ["--format", f] for f in ALL}),
}

# (command, option) -> (context added to both runs, the option's arguments, outcome by format)
# fmt: off
SPECS: dict[tuple[str, str], tuple[list[str], list[str], dict[str, str]]] = {
    # pay
    ("pay", "--grid"): ([], ["--grid", "{grid}"], every(ACTS)),
    ("pay", "--add-grid"): ([], ["--add-grid", "{layer.yaml}"], every(ACTS)),
    ("pay", "--framework"): ([], ["--framework", "technical-support-management"], every(ACTS)),
    ("pay", "--as-of"): ([], ["--as-of", "2021-10-31"], every(ACTS)),
    ("pay", "--currency"): ([], ["--currency", "EUR"], but(ACTS, csv=USAGE)),
    ("pay", "--competencies"): ([], ["--competencies", "{bad.yaml}"], but(USAGE, table=ACTS)),
    ("pay", "--gross"): ([], ["--gross"], every(ACTS)),
    ("pay", "--breakdown"): (["--gross"], ["--breakdown"], but(ACTS, plain=USAGE)),
    ("pay", "--month"): (["--gross"], ["--month", "2025-09"], every(ACTS)),
    ("pay", "--born-before-1960"): (
        ["--gross", "--payroll", "{payroll}"], ["--born-before-1960"], every(ACTS)
    ),
    ("pay", "--work-accident-rate"): (
        ["--gross"], ["--work-accident-rate", "1.1"], but(ACTS, plain=USAGE)
    ),
    ("pay", "--payroll"): (["--gross"], ["--payroll", "{bad.yaml}"], every(ACTS)),
    # locate (5000 is between 2.2 and 2.3: exit 1)
    ("locate", "--grid"): ([], ["--grid", "{grid}"], every(ACTS)),
    ("locate", "--framework"): ([], ["--framework", "technical-support-management"], every(ACTS)),
    ("locate", "--as-of"): ([], ["--as-of", "2021-10-31"], every(ACTS)),
    ("locate", "--currency"): ([], ["--currency", "EUR"], every(ACTS)),
    ("locate", "--add-grid"): ([], ["--add-grid", "{layer.yaml}"], every(ACTS)),
    # grid
    ("grid", "--highlight"): ([], ["--highlight", "2.3"], but(USAGE, table=ACTS)),
    ("grid", "--chart"): ([], ["--chart"], but(USAGE, table=ACTS, plain=ACTS)),
    ("grid", "--grid"): ([], ["--grid", "{grid}"], every(ACTS)),
    ("grid", "--add-grid"): ([], ["--add-grid", "{layer.yaml}"], every(ACTS)),
    ("grid", "--framework"): ([], ["--framework", "technical-support-management"], every(ACTS)),
    ("grid", "--as-of"): ([], ["--as-of", "2021-10-31"], every(ACTS)),
    ("grid", "--currency"): ([], ["--currency", "EUR"], but(ACTS, csv=USAGE)),
    ("grid", "--competencies"): ([], ["--competencies", "{bad.yaml}"], but(USAGE, table=ACTS)),
    ("grid", "--employer-cost"): ([], ["--employer-cost"], every(ACTS)),
    ("grid", "--month"): (["--employer-cost"], ["--month", "2025-09"], every(ACTS)),
    ("grid", "--born-before-1960"): (
        ["--employer-cost", "--payroll", "{payroll}"], ["--born-before-1960"], every(ACTS)
    ),
    ("grid", "--work-accident-rate"): (
        ["--employer-cost"], ["--work-accident-rate", "1.1"], every(ACTS)
    ),
    ("grid", "--payroll"): (["--employer-cost"], ["--payroll", "{bad.yaml}"], every(ACTS)),
    ("grid", "--export"): ([], ["--export"], every(USAGE)),  # the YAML file: --format refused
    # frameworks
    ("frameworks", "--grid"): ([], ["--grid", "{grid}"], every(ACTS)),
    ("frameworks", "--add-grid"): ([], ["--add-grid", "{layer.yaml}"], every(ACTS)),
    ("frameworks", "--as-of"): ([], ["--as-of", "2022-01-01"], every(ACTS)),
    ("frameworks", "--currency"): (
        [], ["--currency", "EUR"], but(USAGE, table=ACTS, plain=ACTS)
    ),
    # promote (the base has no position: most options add --from 2.3 as context)
    ("promote", "--from"): ([], ["--from", "2.3"], every(ACTS)),
    ("promote", "--to"): (["--from", "2.3"], ["--to", "3.1"], every(ACTS)),
    ("promote", "--to-framework"): (
        ["--from", "2.3"], ["--to-framework", "technical-support-management"], every(ACTS)
    ),
    ("promote", "--assessment"): ([], ["--assessment", "{assessment}"], every(ACTS)),
    ("promote", "--check"): (
        ["--assessment", "{assessment}", "--to", "3.1"], ["--check"], every(ACTS)
    ),
    ("promote", "--explain"): (["--from", "2.3"], ["--explain"], but(ACTS, csv=USAGE)),
    ("promote", "--template"): ([], ["--template"], but(USAGE, plain=ACTS)),
    ("promote", "--grid"): (["--from", "2.3"], ["--grid", "{grid}"], every(ACTS)),
    ("promote", "--add-grid"): (["--from", "2.3"], ["--add-grid", "{layer.yaml}"], every(ACTS)),
    ("promote", "--framework"): (
        ["--from", "2.3"], ["--framework", "technical-support-management"], every(ACTS)
    ),
    ("promote", "--as-of"): (["--from", "2.3"], ["--as-of", "2021-10-31"], every(ACTS)),
    ("promote", "--currency"): (["--from", "2.3"], ["--currency", "EUR"], but(ACTS, csv=USAGE)),
    ("promote", "--competencies"): (
        ["--from", "2.3"], ["--competencies", "{bad.yaml}"], every(ACTS)
    ),
    # competencies
    ("competencies", "--level"): ([], ["--level", "2"], every(ACTS)),
    ("competencies", "--domain"): ([], ["--domain", "communication"], every(ACTS)),
    ("competencies", "--search"): ([], ["--search", "pipeline"], every(ACTS)),
    ("competencies", "--kind"): ([], ["--kind", "ai"], every(ACTS)),
    ("competencies", "--capability"): ([], ["--capability", "2,3"], every(ACTS)),
    ("competencies", "--competencies"): ([], ["--competencies", "{bad.yaml}"], every(ACTS)),
    # roster (plain and json are its --summary-only formats)
    ("roster", "--input-format"): (
        ["{roster.txt}"], ["--input-format", "jsonl"], but(ACTS, xlsx=ACTS)
    ),
    ("roster", "--delimiter"): (
        ["{tie.csv}", "--ignore-unknown-columns"], ["--delimiter", ";"], but(ACTS, xlsx=ACTS)
    ),
    ("roster", "--encoding"): (["{cp1251.csv}"], ["--encoding", "cp1251"], but(ACTS, xlsx=ACTS)),
    ("roster", "--sheet"): (["{book.xlsx}"], ["--sheet", "Second"], but(ACTS, xlsx=ACTS)),
    ("roster", "--fields"): (
        [], ["--fields", "employee_id,pay_bgn"], but(ACTS, plain=USAGE, json=USAGE, xlsx=ACTS)
    ),
    ("roster", "--output"): (
        [], ["--output", "{out}"],
        but(ACTS, table=USAGE, xlsx=REQUIRED),
    ),
    ("roster", "--rejects"): ([], ["--rejects", "{rejects.csv}"], but(ACTS, xlsx=ACTS)),
    ("roster", "--strict"): ([], ["--strict"], but(ACTS, xlsx=ACTS)),
    ("roster", "--ignore-unknown-columns"): (
        ["{unknown.csv}"], ["--ignore-unknown-columns"], but(ACTS, xlsx=ACTS)
    ),
    ("roster", "--summary"): ([], ["--summary"], but(ACTS, plain=USAGE, json=USAGE, xlsx=ACTS)),
    ("roster", "--summary-only"): (
        [], ["--summary-only"], but(ACTS, plain=REQUIRED, json=REQUIRED, xlsx=ACTS)
    ),
    ("roster", "--employer-cost"): ([], ["--employer-cost"], but(ACTS, xlsx=ACTS)),
    ("roster", "--month"): (["--employer-cost"], ["--month", "2025-09"], but(ACTS, xlsx=ACTS)),
    ("roster", "--born-before-1960"): (
        ["--employer-cost", "--payroll", "{payroll}"], ["--born-before-1960"], but(ACTS, xlsx=ACTS)
    ),
    ("roster", "--work-accident-rate"): (
        ["--employer-cost"], ["--work-accident-rate", "1.1"], but(ACTS, xlsx=ACTS)
    ),
    ("roster", "--payroll"): (["--employer-cost"], ["--payroll", "{bad.yaml}"], but(ACTS, xlsx=ACTS)),
    ("roster", "--grid"): ([], ["--grid", "{grid}"], but(ACTS, xlsx=ACTS)),
    ("roster", "--add-grid"): ([], ["--add-grid", "{layer.yaml}"], but(ACTS, xlsx=ACTS)),
    ("roster", "--framework"): (
        [], ["--framework", "technical-support-management"], but(ACTS, xlsx=ACTS)
    ),
    ("roster", "--as-of"): ([], ["--as-of", "2021-10-31"], but(ACTS, xlsx=ACTS)),
    ("roster", "--competencies"): ([], ["--competencies", "{bad.yaml}"], but(ACTS, xlsx=ACTS)),
    ("roster", "--actual-currency"): (
        ["{actual.csv}"], ["--actual-currency", "EUR"], but(ACTS, xlsx=ACTS)
    ),
    # calendar
    ("calendar", "--calendar"): ([], ["--calendar", "{calendar.yaml}"], every(ACTS)),
    # validate
    ("validate", "--kind"): ([], ["--kind", "competencies"], every(ACTS)),
    ("validate", "--grid"): (["{assessment}"], ["--grid", "{bad.yaml}"], every(ACTS)),
    ("validate", "--add-grid"): (["{assessment}"], ["--add-grid", "{bad.yaml}"], every(ACTS)),
    ("validate", "--competencies"): (["{assessment}"], ["--competencies", "{grid}"], every(ACTS)),
    ("validate", "--as-of"): (["{assessment}"], ["--as-of", "2021-10-31"], every(ACTS)),
    # payroll
    **{
        (command, option): spec
        for command in ("payroll net", "payroll gross")
        for option, spec in {
            "--month": ([], ["--month", "2025-09"], every(ACTS)),
            "--born-before-1960": (["--payroll", "{payroll}"], ["--born-before-1960"], every(ACTS)),
            "--work-accident-rate": ([], ["--work-accident-rate", "1.1"], but(ACTS, plain=USAGE)),
            "--payroll": ([], ["--payroll", "{bad.yaml}"], every(ACTS)),
        }.items()
    },
    # month (xlsx is written to a file; a month is required: --month, or --from and --to)
    **{
        ("month", option): (
            [*context, *(["--month", "2026-09"] if month else [])], args,
            {**dict.fromkeys(("table", "csv", "jsonl", "json", "xlsx"), ACTS), **others},
        )
        for option, month, context, args, others in (
            ("--month", False, [], ["--month", "2026-08"],
             dict.fromkeys(("table", "csv", "jsonl", "json", "xlsx"), REQUIRED)),
            ("--from", False, ["--to", "2026-10"], ["--from", "2026-09"], {}),
            ("--to", False, ["--from", "2026-09"], ["--to", "2026-10"], {}),
            ("--hours", True, [], ["--hours", "20"], {}),
            ("--paid", True, [], ["--paid", "{paid.csv}"], {}),
            ("--employer-cost", True, [], ["--employer-cost"], {}),
            ("--summary", True, [], ["--summary"], {}),
            ("--output", True, [], ["--output", "{out}"], {"table": USAGE, "xlsx": REQUIRED}),
            ("--input-format", True, ["{history.txt}"], ["--input-format", "jsonl"], {}),
            ("--delimiter", True, ["{history-tie.csv}", "--ignore-unknown-columns"],
             ["--delimiter", ";"], {}),
            ("--encoding", True, ["{history-cp1251.csv}"], ["--encoding", "cp1251"], {}),
            ("--sheet", True, ["{history-book.xlsx}"], ["--sheet", "Second"], {}),
            ("--ignore-unknown-columns", True, ["{history-unknown.csv}"],
             ["--ignore-unknown-columns"], {}),
            ("--payroll", True, [], ["--payroll", "{bad.yaml}"], {}),
            ("--born-before-1960", True, ["--payroll", "{payroll}"], ["--born-before-1960"], {}),
            ("--work-accident-rate", True, ["--employer-cost"], ["--work-accident-rate", "1.1"],
             {}),
            ("--grid", True, [], ["--grid", "{grid}"], {}),
            ("--add-grid", True, [], ["--add-grid", "{layer.yaml}"], {}),
            ("--framework", True, [], ["--framework", "technical-support-management"], {}),
            ("--calendar", True, [], ["--calendar", "{calendar.yaml}"], {}),
            ("--rejects", True, ["{history-bad.csv}"], ["--rejects", "{rejects.csv}"], {}),
            # --csv-dialect says how CSV is written: it acts on csv alone
            ("--csv-dialect", True, [], ["--csv-dialect", "bg-excel"],
             dict.fromkeys(("table", "jsonl", "json", "xlsx"), USAGE)),
        )
    },
    # diff (the base compares the packaged grid today and on 2027-01-01: nothing changes)
    **{
        ("diff", option): (context, args, dict.fromkeys(("table", "plain", "csv", "json"), ACTS))
        for option, context, args in (
            ("--from-date", [], ["--from-date", "2021-10-31"]),
            ("--to-date", [], ["--to-date", "2021-10-31"]),
            ("--from-grid", [], ["--from-grid", "{grid}"]),
            ("--to-grid", [], ["--to-grid", "{grid}"]),
            ("--grid", [], ["--grid", "{grid}"]),
            ("--add-grid", [], ["--add-grid", "{layer.yaml}"]),
            ("--framework", [], ["--framework", "technical-support-management"]),
            ("--as-of", [], ["--as-of", "2021-10-31"]),
            ("--roster", [], ["--roster", "{roster.csv}"]),
            ("--delimiter", ["--roster", "{tie.csv}", "--ignore-unknown-columns"],
             ["--delimiter", ";"]),
            ("--encoding", ["--roster", "{cp1251.csv}"], ["--encoding", "cp1251"]),
            ("--sheet", ["--roster", "{book.xlsx}"], ["--sheet", "Second"]),
            ("--ignore-unknown-columns", ["--roster", "{unknown.csv}"],
             ["--ignore-unknown-columns"]),
            ("--changed-only", ["--to-grid", "{grid}"], ["--changed-only"]),
        )
    },
    # criteria (markdown, html, json)
    **{
        ("criteria", option): (context, args, dict.fromkeys(("markdown", "html", "json"), ACTS))
        for option, context, args in (
            ("--framework", [], ["--framework", "technical-support-management"]),
            ("--grid", [], ["--grid", "{grid}"]),
            ("--add-grid", [], ["--add-grid", "{layer.yaml}"]),
            ("--competencies", [], ["--competencies", "{bad.yaml}"]),
            ("--as-of", [], ["--as-of", "2021-10-31"]),
            ("--output", [], ["--output", "{out}"]),
            ("--employer", [], ["--employer", "ACME"]),
        )
    },
    # not translated yet: the criteria's sentences come from the data files
    ("criteria", "--lang"): ([], ["--lang", "bg"], {"markdown": ACTS, "html": ACTS, "json": USAGE}),
    # paygap (plain is the answer to --employee; html is the report's page)
    ("paygap", "--year"): ([], ["--year", "2025"], pg(ACTS)),
    ("paygap", "--hours"): ([], ["--hours", "20"], pg(ACTS)),
    ("paygap", "--min-group"): ([], ["--min-group", "2"], pg(ACTS)),
    ("paygap", "--employee"): ([], ["--employee", "E-3"], pg(ACTS, csv=USAGE, html=USAGE)),
    ("paygap", "--input-format"): (["{paygap.txt}"], ["--input-format", "jsonl"], pg(ACTS)),
    ("paygap", "--delimiter"): (
        ["{paygap-tie.csv}", "--ignore-unknown-columns"], ["--delimiter", ";"], pg(ACTS)
    ),
    ("paygap", "--encoding"): (["{paygap-cp1251.csv}"], ["--encoding", "cp1251"], pg(ACTS)),
    ("paygap", "--sheet"): (["{paygap-book.xlsx}"], ["--sheet", "Second"], pg(ACTS)),
    ("paygap", "--ignore-unknown-columns"): (
        ["{paygap-unknown.csv}"], ["--ignore-unknown-columns"], pg(ACTS)
    ),
    ("paygap", "--output"): ([], ["--output", "{out}"], pg(ACTS, table=USAGE)),
    ("paygap", "--actual-currency"): ([], ["--actual-currency", "EUR"], pg(ACTS)),
    ("paygap", "--payroll"): ([], ["--payroll", "{bad.yaml}"], pg(ACTS)),
    ("paygap", "--grid"): ([], ["--grid", "{grid}"], pg(ACTS)),
    ("paygap", "--add-grid"): ([], ["--add-grid", "{layer.yaml}"], pg(ACTS)),
    ("paygap", "--framework"): (
        [], ["--framework", "technical-support-management"], pg(ACTS)
    ),
    ("paygap", "--as-of"): ([], ["--as-of", "2021-10-31"], pg(ACTS)),
    ("paygap", "--employer"): ([], ["--employer", "ACME"], pg(ACTS, csv=USAGE)),
    # a roster and a history are one or the other; the calendar counts a history's days
    ("paygap", "--history"): ([], ["--history", "{history.csv}"], pg(USAGE)),
    ("paygap", "--calendar"): ([], ["--calendar", "{calendar.yaml}"], pg(USAGE)),
    # --csv-dialect says how CSV is written: it acts on csv alone
    **{
        (command, "--csv-dialect"): (
            [], ["--csv-dialect", "bg-excel"], {f: ACTS if f == "csv" else USAGE for f in formats}
        )
        for command, (_, formats) in COMMANDS.items()
        if command in ("pay", "locate", "grid", "roster", "payroll net", "payroll gross",
                       "paygap", "diff")
    },
    # the documents' words: the formats people read; JSON and CSV are the same in every language
    ("paygap", "--lang"): ([], ["--lang", "bg"], pg(ACTS, csv=USAGE, json=USAGE)),
    # --debug everywhere: it shows the traceback of an error; checked by the flag it sets
    **{
        (command, "--debug"): ([], ["--debug"], dict.fromkeys(formats, DEBUG))
        for command, (_, formats) in COMMANDS.items()
    },
}
# fmt: on


def _commands(command: Command, path: str = "") -> Iterator[tuple[str, Command]]:
    if isinstance(command, TyperGroup):
        for name, sub in command.commands.items():
            yield from _commands(sub, f"{path} {name}".strip())
    else:
        yield path, command


def _formats_in_help(command: Command) -> set[str] | None:
    for param in command.params:
        if isinstance(param, TyperOption) and "--format" in param.opts:
            return set(str(param.metavar).split("|"))
    return None


def _xlsx_written() -> bool:
    """Whether this build writes workbooks."""
    result = run(["roster", str(EXAMPLES / "roster.csv"), "--format", "xlsx"])
    return "not built in" not in result.stderr


def _check_the_table_decides(name: str) -> None:
    """A new command, option or format fails here until the table above decides for it."""
    found = dict(_commands(get_command(app)))
    assert set(found) == set(COMMANDS)
    command = found[name]
    options = {
        param.opts[0]
        for param in command.params
        if isinstance(param, TyperOption) and param.opts[0] not in ("--format", "--help")
    }
    decided = {option for command_name, option in SPECS if command_name == name}
    assert options == decided, name
    formats = set(COMMANDS[name][1])
    assert (_formats_in_help(command) or {"-"}) == formats, name
    for option in options:
        assert set(SPECS[name, option][2]) == formats, (name, option)


def _fill(args: list[str], files: dict[str, str]) -> list[str]:
    return [files[a[1:-1]] if a.startswith("{") and a.endswith("}") else a for a in args]


OUTPUTS = ("out.csv", "out", "out.xlsx", "rejects.csv")


def _observe(args: list[str], files: dict[str, str]) -> tuple[Any, ...]:
    """Run, and take what the run wrote: exit code, stdout, stderr and the output files (a
    workbook by its cells, which do not change from run to run as its bytes do)."""
    result = run(args, env=MONTH)
    written: list[Any] = []
    for name in OUTPUTS:
        path = Path(files[name])
        if not path.exists():
            written.append(None)
        elif name.endswith(".xlsx"):
            from .xlsxkit import read_book

            written.append(list(read_book(path).values()))
        else:
            written.append(path.read_bytes())
        path.unlink(missing_ok=True)
    return result.exit_code, result.stdout, result.stderr, *written


@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_option_acts_or_is_a_usage_error(command: str, files: dict[str, str]) -> None:
    """Defect 5: every option of every command, in every format it accepts."""
    _check_the_table_decides(command)
    prefix, formats = COMMANDS[command]
    xlsx = _xlsx_written()
    html = find_spec("salesgrid.output.htmlreport") is not None  # the page's renderer
    baselines: dict[tuple[str, ...], tuple[Any, ...]] = {}  # a run without the option, once
    for (name, _), (context, args, expected) in SPECS.items():
        if name != command:
            continue
        for fmt, extra in formats.items():
            outcome = expected[fmt]
            if fmt == "xlsx" and not xlsx and outcome != DEBUG:
                outcome = USAGE  # not built in: refused, never a silent csv
            if fmt == "html" and not html and outcome != DEBUG:
                outcome = USAGE  # no page renderer in this build: refused
            head, added = _fill(prefix, files), context
            if added and added[0] in (
                "{unknown.csv}",
                "{roster.txt}",
                "{assessment}",
                "{tie.csv}",
                "{cp1251.csv}",
                "{book.xlsx}",
                "{actual.csv}",
                "{paygap.txt}",
                "{paygap-tie.csv}",
                "{paygap-cp1251.csv}",
                "{paygap-book.xlsx}",
                "{paygap-unknown.csv}",
                "{history.txt}",
                "{history-bad.csv}",
                "{history-tie.csv}",
                "{history-cp1251.csv}",
                "{history-book.xlsx}",
                "{history-unknown.csv}",
            ):
                head, added = [head[0], files[added[0][1:-1]]], added[1:]  # another roster
            before = [*head, *_fill(added, files), *_fill(extra, files)]
            after = [*before, *_fill(args, files)]
            where = f"{' '.join(after)} ({outcome})"
            if outcome == REQUIRED:  # the format needs the option: without it, a usage error
                without = [a for a in before if a not in _fill(args, files)]
                result = run(without, env=MONTH)
                assert result.exit_code == 2, where
                continue
            result = run(after, env=MONTH)
            assert result.exit_code != 70, (where, result.stderr)
            if outcome == USAGE:
                assert result.exit_code == 2, (where, result.stdout, result.stderr)
                assert result.stdout == "", where
                assert result.stderr.count("\n") == 1, (where, result.stderr)
                if (fmt != "xlsx" or xlsx) and (fmt != "html" or html):
                    assert args[0] in result.stderr, (where, result.stderr)
            elif outcome == DEBUG:
                assert cli.State.debug, where
                run(before, env=MONTH)
                assert not cli.State.debug, where
            else:
                assert result.exit_code != 2, (where, result.stderr)
                if tuple(before) not in baselines:  # the same for every option it is tried with
                    baselines[tuple(before)] = _observe(before, files)
                assert _observe(after, files) != baselines[tuple(before)], where


# --------------------------------------------------------------------------- defect 5


def test_pay_gross_in_plain_output_is_the_gross() -> None:
    """Defect 5: `x=$(salesgrid pay 2 3 --gross --month 2026-09)` gave the net, 5445."""
    result = run(["pay", "2", "3", "--gross", "--month", "2026-09"])
    assert (result.exit_code, result.stdout) == (0, "3410.26\n")
    as_json = json.loads(run(["pay", "2", "3", "--gross", "--month", "2026-09", "--format",
                              "json"]).stdout, parse_float=Decimal)  # fmt: skip
    assert Decimal(result.stdout) == as_json["gross"]


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["pay", "2", "3", "--breakdown"], "--breakdown"),
        (["pay", "2", "3", "--month", "2026-09"], "--month"),
        (["pay", "2", "3", "--payroll", "data/payroll.yaml"], "--payroll"),
        (["pay", "2", "3", "--gross", "--breakdown", "--month", "2026-09"], "--breakdown"),
        (["grid", "--month", "2026-09"], "--month"),
        (["grid", "--chart", "--format", "table", "--competencies", "x.yaml"], "--competencies"),
        (["roster", "examples/roster.csv", "--work-accident-rate", "1"], "--work-accident-rate"),
        (["roster", "examples/roster.csv", "--summary-only", "--fields", "pay_bgn"], "--fields"),
        (["promote", "--template", "--from", "2.3"], "--from"),
        (["promote", "--template", "--explain"], "--explain"),
        (["promote", "--template", "--format", "json"], "--format"),
        (["promote", "--assessment", "examples/assessment.yaml", "--check", "--explain"],
         "--explain"),
        (["competencies", "--capability", "2,3", "--level", "2"], "--level"),
        (["validate", "--kind", "grid"], "--kind"),
        (["validate", "--kind", "grid", "data/grid.yaml", "--as-of", "2026-01-01"], "--as-of"),
    ],
)  # fmt: skip
def test_options_a_run_would_drop_are_usage_errors(args: list[str], named: str) -> None:
    result = run(args)
    assert result.exit_code == 2, result.stderr
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and named in result.stderr, result.stderr


def test_pay_gross_in_plain_output_is_never_in_another_currency_than_asked() -> None:
    """The gross of a 2026 month is in EUR: a bare amount asked for in BGN is refused."""
    for env in ({}, {"SALESGRID_CURRENCY": "BGN"}):
        args = ["pay", "2", "3", "--gross", "--month", "2026-09"]
        result = run([*args, "--currency", "BGN"] if not env else args, env=env)
        assert result.exit_code == 2 and result.stdout == ""
        assert "gross pay in EUR" in result.stderr
    result = run(["pay", "2", "3", "--gross", "--month", "2025-09", "--currency", "BGN"])
    assert result.exit_code == 0 and Decimal(result.stdout) > 5445


def test_environment_defaults_a_run_cannot_use_are_left_alone() -> None:
    """Variables are shared by every command: one a command cannot use is not an error."""
    env = {"SALESGRID_MONTH": "2026-09", "SALESGRID_PAYROLL": str(DATA / "payroll.yaml"),
           "SALESGRID_COMPETENCIES": str(DATA / "competencies.yaml"), "SALESGRID_CURRENCY": "BGN",
           "SALESGRID_FORMAT": "csv"}  # fmt: skip
    result = run(["pay", "2", "3"], env=env)
    assert result.exit_code == 0 and result.stdout.startswith("framework,position"), result.stderr
    result = run(["promote", "--template"], env={"SALESGRID_FORMAT": "json"})
    assert result.exit_code == 0 and result.stdout.startswith("#"), result.stderr


def test_validate_table_without_problems_says_so() -> None:
    result = run(["validate", str(DATA / "competencies.yaml"), "--format", "table"])
    assert result.exit_code == 0
    assert "No problems found." in result.stdout
    assert "ok:" in result.stderr


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl", "table", "plain"])
def test_capability_in_every_format(fmt: str) -> None:
    result = run(["competencies", "--capability", "2,3", "--format", fmt])
    assert result.exit_code == 0
    listing = run(["competencies", "--format", fmt]).stdout
    assert result.stdout != listing
    rating = run(["competencies", "--capability", "2,3", "--format", "plain"]).stdout.strip()
    assert rating in result.stdout


# --------------------------------------------------------------------------- defect 10

FORMATS_OF = {
    "pay": set(ALL),
    "grid": set(ALL),
    "frameworks": set(ALL),
    "promote": set(ALL),
    "competencies": set(ALL),
    "roster": {"table", "csv", "jsonl", "xlsx", "plain", "json"},
    "validate": set(ALL),
    "payroll net": set(ALL),
    "payroll gross": set(ALL),
}


@pytest.mark.parametrize("command", list(FORMATS_OF))
def test_help_lists_only_the_formats_a_command_accepts(command: str) -> None:
    result = run([*command.split(), "--help"], env={"COLUMNS": "300"})
    shown = re.search(r"--format\s+<?([a-z|]+)>?", result.stdout)
    assert shown is not None, result.stdout
    assert set(shown.group(1).split("|")) == FORMATS_OF[command]


def test_roster_with_an_environment_format_it_cannot_write_uses_its_default() -> None:
    """Defect 10: `SALESGRID_FORMAT=plain salesgrid roster` exited 2."""
    roster = str(EXAMPLES / "roster.csv")
    result = run(["roster", roster], env={"SALESGRID_FORMAT": "plain"})
    assert result.exit_code == 4  # the example's rejected row
    assert result.stdout == run(["roster", roster]).stdout
    assert result.stdout.startswith("employee_id,framework,position")
    # with --summary-only, plain is one of its formats
    summary = run(["roster", roster, "--summary-only"], env={"SALESGRID_FORMAT": "plain"})
    assert summary.stdout.startswith("rows: 4 read")


def test_an_explicit_format_a_command_cannot_write_names_the_accepted_ones() -> None:
    result = run(["roster", str(EXAMPLES / "roster.csv"), "--format", "plain"])
    assert result.exit_code == 2 and result.stdout == ""
    assert "table, csv, jsonl or xlsx" in result.stderr and "--summary-only" in result.stderr


def test_an_unknown_environment_format_is_still_refused() -> None:
    result = run(["pay", "2", "3"], env={"SALESGRID_FORMAT": "xml"})
    assert result.exit_code == 2
    assert "SALESGRID_FORMAT='xml' is not a format: salesgrid pay writes table" in result.stderr


@given(st.sampled_from(["TABLE", "Json", " csv ", "jsonL", "PLAIN"]))
@settings(max_examples=10, deadline=None)
def test_format_names_are_read_in_any_case(name: str) -> None:
    assert run(["pay", "2", "3", "--format", name]).exit_code == 0


# --------------------------------------------------------------------------- defect 12


def _amounts(value: Any) -> Iterator[Decimal]:
    """Every money amount in a JSON document (numbers that are not counts or levels)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key not in ("level", "step", "levels", "steps", "schema_version", "count",
                           "general", "internal", "line", "read", "written", "rejected",
                           "delta_pct", "work_accident_percent"):  # fmt: skip
                yield from _amounts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _amounts(item)
    elif isinstance(value, Decimal | int) and not isinstance(value, bool):
        yield Decimal(value)


def _shown(amount: Decimal) -> str:
    return money.human(abs(amount))


# the employer-cost table shows, per cell, the gross and the employer's cost (the rest of each
# cell's payroll is `pay L.S --gross --format table`)
ONLY = {"grid --employer-cost": ("amounts", "gross", "employer_cost", "BGN", "EUR")}

TABLES = {
    "pay": ["pay", "2", "3"],
    "pay --gross": ["pay", "2", "3", "--gross", "--breakdown", "--month", "2026-09"],
    "grid": ["grid"],
    "grid --employer-cost": ["grid", "--employer-cost", "--month", "2026-09"],
    "frameworks": ["frameworks"],
    "promote": ["promote", "--from", "2.4"],
    "promote --explain": ["promote", "--from", "1.4", "--explain"],
    "promote --assessment": ["promote", "--assessment", str(EXAMPLES / "assessment.yaml")],
    "payroll": ["payroll", "net", "3000", "--month", "2026-09"],
}


@pytest.mark.parametrize("columns", ["20", "40", "60", "80"])
@pytest.mark.parametrize("name", list(TABLES))
def test_tables_never_cut_an_amount(name: str, columns: str) -> None:
    """Defect 12: the promote table at 60 columns showed `3,244…`."""
    args = TABLES[name]
    as_json = json.loads(run([*args, "--format", "json"]).stdout, parse_float=Decimal)
    table = run([*args, "--format", "table"], env={"COLUMNS": columns})
    assert table.exit_code == 0, table.stderr
    assert "…" not in table.stdout
    words = set(re.findall(r"[0-9][0-9,.]*[0-9]|[0-9]", table.stdout))
    if name in ONLY:
        as_json = [{k: v for k, v in r.items() if k in ONLY[name]} for r in as_json]
    missing = {_shown(a) for a in _amounts(as_json)} - words
    assert not missing, (missing, table.stdout)


@pytest.mark.parametrize("columns", ["40", "60", "80"])
def test_roster_and_summary_tables_never_cut_an_amount(columns: str) -> None:
    """Defect 12: a roster table at 80 columns split `2783.99`."""
    roster = str(EXAMPLES / "roster.csv")
    records = [json.loads(line) for line in run(["roster", roster, "--format", "jsonl"]).stdout
               .splitlines()]  # fmt: skip
    table = run(["roster", roster, "--format", "table"], env={"COLUMNS": columns})
    for record in records:
        line = next(x for x in table.stdout.splitlines() if f" {record['employee_id']} " in x)
        for key in ("pay_bgn", "pay_eur", "next_step_delta_bgn", "next_level_delta_bgn"):
            if record[key] is not None:
                assert f" {record[key]} " in f"{line} ", (key, line)
    summary = json.loads(run(["roster", roster, "--summary-only", "--format", "json"]).stdout,
                         parse_float=Decimal)  # fmt: skip
    drawn = run(["roster", roster, "--summary-only", "--format", "table"],
                env={"COLUMNS": columns}).stdout  # fmt: skip
    words = set(re.findall(r"[0-9][0-9,.]*[0-9]|[0-9]", drawn))
    assert not {_shown(a) for a in _amounts(summary)} - words


@pytest.mark.parametrize("columns", ["40", "60", "80"])
def test_framework_ids_are_never_cut(columns: str) -> None:
    listing = json.loads(run(["frameworks", "--format", "json"]).stdout)
    drawn = run(["frameworks", "--format", "table"], env={"COLUMNS": columns}).stdout
    for framework in listing:
        assert f" {framework['id']} " in drawn


@pytest.mark.parametrize("columns", ["40", "60", "80"])
def test_competency_and_problem_tables_keep_ids_and_numbers_whole(columns: str) -> None:
    listing = json.loads(run(["competencies", "--level", "2", "--format", "json"]).stdout)
    drawn = run(["competencies", "--level", "2", "--format", "table"], env={"COLUMNS": columns})
    for statement in listing:
        assert statement["id"] in drawn.stdout
    problems = json.loads(run(["validate", str(DATA / "grid.yaml"), "--format", "json"]).stdout)
    shown = run(["validate", str(DATA / "grid.yaml"), "--format", "table"],
                env={"COLUMNS": columns}).stdout  # fmt: skip
    words = set(re.findall(r"[0-9][0-9,.]*[0-9]", shown))
    for problem in problems:
        assert set(re.findall(r"[0-9][0-9,.]*[0-9]", problem["message"])) <= words


@pytest.mark.parametrize("columns", ["0", "-5", "abc", "", " ", "99999999999"])
def test_columns_that_are_not_a_width_count_as_unset(columns: str) -> None:
    """From defect 18: `COLUMNS=0` printed nothing with exit 0."""
    unset = run(["pay", "2", "3", "--format", "table"], env={"COLUMNS": "200"})
    result = run(["pay", "2", "3", "--format", "table"], env={"COLUMNS": columns})
    assert result.exit_code == 0
    assert result.stdout == unset.stdout
    assert "5,445" in result.stdout


@given(st.text(max_size=6))
@settings(max_examples=15, deadline=None)
def test_any_columns_value_draws_a_whole_table(columns: str) -> None:
    if "\x00" in columns:
        return
    result = run(["grid", "--format", "table"], env={"COLUMNS": columns})
    assert result.exit_code == 0
    assert "13,583" in result.stdout and "6,944.88" in result.stdout


# --------------------------------------------------------------------------- defect 19


def test_the_top_of_a_framework_says_only_that_it_ends() -> None:
    """At 4.4 promote noted "no Step Up; the way on is a Level Up", then that the framework ends."""
    result = run(["promote", "--from", "4.4", "--format", "json"])
    assert json.loads(result.stdout)["notes"] == [
        "Sales Management ends at level 4: the way on is another framework (--to-framework ID)"
    ]
    plain = run(["promote", "--from", "4.4", "--format", "plain"])
    assert "Level Up" not in plain.stderr and "ends at level 4" in plain.stderr
    # a top step below the top level still points to the Level Up
    assert "no Step Up" in run(["promote", "--from", "2.4", "--format", "plain"]).stderr


def test_the_progress_bar_reads_columns_as_tables_do(monkeypatch: pytest.MonkeyPatch) -> None:
    """A progress bar (stderr at a terminal) with `COLUMNS=0` would be drawn zero wide."""
    from salesgrid.output.screen import stderr_console

    monkeypatch.setenv("COLUMNS", "0")
    assert stderr_console().width > 0
    monkeypatch.setenv("COLUMNS", "77")
    assert stderr_console().width == 77


@given(st.text(max_size=8).filter(lambda t: "\x00" not in t and not t.startswith("-")))
@settings(max_examples=60, deadline=None)
def test_any_format_text_is_read_or_refused(text: str) -> None:
    result = run(["frameworks", "--format", text])
    known = text.strip().lower() in ALL
    assert result.exit_code == (0 if known else 2), result.stderr
    if not text.strip():  # a blank value is refused as empty
        assert "is empty: give --format table|plain|csv|json|jsonl" in result.stderr
    elif not known:
        assert "salesgrid frameworks writes table, plain, csv, json, jsonl" in result.stderr
    env_result = run(["frameworks"], env={"SALESGRID_FORMAT": text})
    assert env_result.exit_code in (0, 2)
