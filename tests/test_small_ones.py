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
