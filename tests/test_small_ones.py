"""Issue 17 A9, the smaller ones: xlsx ratios shown with four decimals, a bad SALESGRID_*
value named as its variable, and the docs that drifted from the tool (python-api.md's
signatures)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from .conftest import REPO, run

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def cell_formats(book: Path, sheet: int = 1) -> dict[str, dict[str, str]]:
    """Each column's header -> {cell reference: its number format}, from the workbook's XML."""
    with zipfile.ZipFile(book) as archive:
        styles = ElementTree.fromstring(archive.read("xl/styles.xml"))
        cells = ElementTree.fromstring(archive.read(f"xl/worksheets/sheet{sheet}.xml"))
        shared = (
            archive.read("xl/sharedStrings.xml")
            if "xl/sharedStrings.xml" in archive.namelist()
            else b""
        )
    assert not shared  # salesgrid writes text inline
    codes = {n.get("numFmtId"): n.get("formatCode") for n in styles.iter(f"{MAIN}numFmt")}
    codes["0"] = "General"
    xfs = [xf.get("numFmtId") for xf in styles.find(f"{MAIN}cellXfs") or ()]
    headers: dict[str, str] = {}
    found: dict[str, dict[str, str]] = {}
    for cell in cells.iter(f"{MAIN}c"):
        ref = cell.get("r") or ""
        column = re.sub(r"[0-9]", "", ref)
        if ref == f"{column}1":
            headers[column] = "".join(cell.itertext())
            continue
        style = xfs[int(cell.get("s") or 0)]
        found.setdefault(headers[column], {})[ref] = codes.get(style or "0", style or "")
    return found


def test_xlsx_ratios_are_shown_with_four_decimals(tmp_path: Path) -> None:
    """compa_ratio 0.9184 showed as 0.92 (the money format, 0.00): a ratio shows the four
    decimals CSV has; money keeps 0.00 and whole amounts no format."""
    book = tmp_path / "r.xlsx"
    result = run(["roster", str(REPO / "examples" / "roster-actual.csv"), "--output", str(book),
                  "--summary"])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    formats = cell_formats(book)
    for column in ("compa_ratio", "range_position"):
        assert set(formats[column].values()) == {"0.0000"}, formats[column]
    for column in ("pay_eur", "gap", "actual_pay"):
        assert set(formats[column].values()) == {"0.00"}, (column, formats[column])
    assert set(formats["pay_bgn"].values()) == {"General"}
    summary = cell_formats(book, 2)
    assert set(summary["monthly_EUR"].values()) == {"0.00"}


SCRIPT = Path(sys.executable).parent / "salesgrid"


@pytest.mark.parametrize(
    "args",
    [["--help"], ["-h"], ["roster", "--help"], ["payroll", "net", "--help"], ["--version"],
     ["pay", "2", "3"]],
)  # fmt: skip
def test_help_into_a_closed_pipe_is_141_and_quiet(args: list[str]) -> None:
    """`salesgrid --help | head -1` exited 1 (rich and Click end a closed pipe so). The reader
    is gone before the process starts (its end of the pipe closed first), so that every write
    fails: no timing involved."""
    reader, writer = os.pipe()
    os.close(reader)
    try:
        done = subprocess.run([str(SCRIPT), *args], stdout=writer, stderr=subprocess.PIPE,
                              check=False)  # fmt: skip
    finally:
        os.close(writer)
    assert (done.returncode, done.stderr) == (141, b"")


@pytest.mark.parametrize(
    ("args", "env", "said"),
    [
        (["pay", "2", "3"], {"SALESGRID_AS_OF": "2026-13-01"},
         "salesgrid: error: SALESGRID_AS_OF '2026-13-01' is not a day: write YYYY-MM-DD"),
        (["criteria"], {"SALESGRID_AS_OF": "yesterday"}, "SALESGRID_AS_OF 'yesterday' is not a day"),
        (["diff", "--to-date", "2027-01-01"], {"SALESGRID_AS_OF": "x"},
         "SALESGRID_AS_OF 'x' is not a day"),
        (["pay", "2", "3", "--gross"], {"SALESGRID_MONTH": "2026-13"},
         "salesgrid: error: SALESGRID_MONTH '2026-13' is not a month: write YYYY-MM"),
        (["payroll", "net", "3000"], {"SALESGRID_MONTH": "09/2026"}, "SALESGRID_MONTH '09/2026'"),
        (["pay", "2", "3"], {"SALESGRID_CURRENCY": "USD"},
         "salesgrid: error: SALESGRID_CURRENCY: unknown currency 'USD': choose one of BGN, EUR"),
        (["locate", "5000"], {"SALESGRID_CURRENCY": "lev"}, "SALESGRID_CURRENCY: unknown currency"),
        (["pay", "2", "3"], {"SALESGRID_FRAMEWORK": "sales-managment"},
         "salesgrid: error: SALESGRID_FRAMEWORK: unknown framework 'sales-managment': did you "
         "mean sales-management?"),
        (["roster", str(REPO / "examples" / "roster.csv")], {"SALESGRID_FRAMEWORK": "nope"},
         "SALESGRID_FRAMEWORK: unknown framework 'nope'"),
        (["criteria"], {"SALESGRID_FRAMEWORK": "nope"}, "SALESGRID_FRAMEWORK: unknown framework"),
        (["diff", "--to-date", "2027-01-01"], {"SALESGRID_FRAMEWORK": "nope"},
         "SALESGRID_FRAMEWORK: unknown framework 'nope'"),
    ],
)  # fmt: skip
def test_a_bad_variable_is_named_as_the_variable(
    args: list[str], env: dict[str, str], said: str
) -> None:
    """`SALESGRID_AS_OF=2026-13-01 salesgrid pay 2 3` said "--as-of '2026-13-01'", an option
    nobody typed."""
    result = run(args, env=env)
    assert result.exit_code in (2, 3), result.stderr
    assert said in result.stderr
    assert result.stderr.count("\n") == 1
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["pay", "2", "3", "--as-of", "2026-13-01"], "error: --as-of '2026-13-01' is not a day"),
        (["pay", "2", "3", "--gross", "--month", "2026-13"], "error: --month '2026-13' is not a"),
        (["pay", "2", "3", "--currency", "USD"], "error: unknown currency 'USD'"),
        (["pay", "2", "3", "--framework", "nope"], "error: unknown framework 'nope'"),
    ],
)  # fmt: skip
def test_a_typed_value_is_named_as_typed_even_with_the_variable_set(
    args: list[str], said: str
) -> None:
    env = {"SALESGRID_AS_OF": "2026-11-22", "SALESGRID_MONTH": "2026-09",
           "SALESGRID_CURRENCY": "EUR", "SALESGRID_FRAMEWORK": "sales-management"}  # fmt: skip
    result = run(args, env=env)
    assert result.exit_code in (2, 3)
    assert said in result.stderr
    assert "SALESGRID_" not in result.stderr


def test_a_good_framework_variable_is_used_where_a_layer_adds_it() -> None:
    """SALESGRID_FRAMEWORK naming a framework an --add-grid layer adds is not refused by the
    early check."""
    layer = REPO / "examples" / "company-layer.yaml"
    ids = run(["frameworks", "--format", "plain", "--add-grid", str(layer)]).stdout.split("\n")
    base = run(["frameworks", "--format", "plain"]).stdout.split("\n")
    added = sorted({line.split("\t")[0] for line in ids} - {line.split("\t")[0] for line in base})
    assert added
    result = run(["grid", "--add-grid", str(layer), "--format", "csv"],
                 env={"SALESGRID_FRAMEWORK": added[0]})  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[1].startswith(added[0] + ",")
