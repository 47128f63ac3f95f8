"""Xlsx ratios shown with four decimals, a bad SALESGRID_*
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
         "salesgrid: error: SALESGRID_AS_OF '2026-13-01' is not a day: no such day on the calendar; write YYYY-MM-DD"),
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


def documented_signatures() -> list[tuple[str, str, str]]:
    """Every ``salesgrid.NAME(PARAMETERS) -> RETURN`` of docs/python-api.md's python blocks."""
    text = (REPO / "docs" / "python-api.md").read_text(encoding="utf-8")
    found = []
    for block in re.finditer(r"^```python\n(.*?)^```$", text, re.S | re.M):
        if not block.group(1).startswith("salesgrid."):
            continue  # a script (with pandas), not signatures
        for statement in re.split(r"\n(?=salesgrid\.)", block.group(1).strip()):
            flat = " ".join(statement.split())
            shown = re.fullmatch(r"salesgrid\.(\w+)\((.*)\) -> (.+)", flat)
            assert shown is not None, statement
            found.append((shown[1], shown[2], shown[3]))
    return found


def test_every_signature_in_python_api_md_is_the_functions_own() -> None:
    """docs/python-api.md showed `diff` without `add_grid` (and pay, locate, promote, roster and
    export_grid too): each signature shown is the function's, parameter by parameter, with
    its kind (positional or keyword-only) and default, and its return type."""
    import ast
    import inspect

    import salesgrid

    shown = documented_signatures()
    assert len(shown) >= 15
    for name, parameters, returns in shown:
        real = inspect.signature(getattr(salesgrid, name))
        tree = ast.parse(f"def f({parameters}): pass").body[0]
        assert isinstance(tree, ast.FunctionDef)
        args = tree.args
        defaults = [None] * (len(args.args) - len(args.defaults)) + list(args.defaults)
        documented = [
            (a.arg, inspect.Parameter.POSITIONAL_OR_KEYWORD, d)
            for a, d in zip(args.args, defaults, strict=True)
        ] + [
            (a.arg, inspect.Parameter.KEYWORD_ONLY, d)
            for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True)
        ]
        actual = list(real.parameters.values())
        assert [d[0] for d in documented] == [p.name for p in actual], name
        for (arg, kind, default), parameter in zip(documented, actual, strict=True):
            assert kind == parameter.kind, (name, arg)
            if default is None:
                assert parameter.default is inspect.Parameter.empty, (name, arg)
            else:
                assert ast.literal_eval(default) == parameter.default, (name, arg)
        annotation = str(real.return_annotation)
        if annotation != "Any":  # the page may say what an Any holds (criteria: dict | str)
            assert returns.removeprefix("salesgrid.") == annotation, name
