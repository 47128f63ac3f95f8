"""Fuzzing xlsx rosters: shapes a workbook can take that XlsxWriter never writes.

Far cells, damaged and missing parts, cells of every type holding anything, dates and numbers
in the position column, formula floats, shared-strings bombs (against small limits), XML in
other forms and bytes flipped inside the XML; and, in a subprocess under a 1 GiB address
space, a stray cell at XFD1048576 and 1 GiB of sheet XML in a zip of about 1 MB. The contract of tests/test_fuzz.py holds for every case: no exit 70, no traceback, a
documented exit code, a reason on stderr, and read = written + rejected, checked against the
output and the rejects file; the budget scales with the hypothesis profile as there.
"""

from __future__ import annotations

import io
import os
import random
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesgrid.batch import xlsxparts, xlsxsheet, xlsxxml

from . import xlsxkit
from .conftest import AS_OF, HUNG
from .test_fuzz import DOCUMENTED_EXITS, budget, check_roster, invoke
from .test_xlsx_read import far_cell, raw_row, text_cell

Roster = tuple[bytes, int | None, bool, frozenset[int]]

# A cell of any type holding anything: (type attribute, style, value XML)
_TYPES = st.sampled_from(["", "n", "s", "str", "inlineStr", "b", "e", "d", "x", "S"])
_VALUES = st.sampled_from(
    ["0", "1", "2", "-1", "2.3", "2.2999999999999998", "1902.6000000000001", "1E+308", "1e999",
     "NaN", "abc", "", " 7 ", "٣", "²", "#N/A", "2026-03-02", "2026-03-02T10:30:00Z", "TRUE",
     "99999999999999999999", "1.5E-7", "&amp;", "x" * 40_000, "_xD800_", "_x0000_"]
)  # fmt: skip
_STYLES = st.sampled_from(["", "0", "1", "2", "3", "99", "-1", "a"])


def _cell(ref: str, kind: str, style: str, value: str) -> str:
    attributes = (
        f' r="{ref}"' + (f' s="{style}"' if style else "") + (f' t="{kind}"' if kind else "")
    )
    if kind == "inlineStr":
        return f"<c{attributes}><is><t>{value}</t></is></c>"
    return f"<c{attributes}><v>{value}</v></c>"


_HEADERS = st.sampled_from(
    [["employee_id", "position"], ["employee_id", "level", "step"],
     ["employee_id", "position", "framework"], ["employee_id", "", "position"],
     ["employee_id", "position", "actual_pay"]]
)  # fmt: skip


@st.composite
def typed_sheets(draw: st.DrawFn) -> Roster:
    """Rows of cells of every type (some in the position column), blank rows, far cells."""
    header = draw(_HEADERS)
    body = raw_row(1, *(text_cell(f"{chr(65 + c)}1", h) for c, h in enumerate(header) if h))
    number = 1
    must_reject = set()
    rows = 0
    for _ in range(draw(st.integers(0, 6))):
        number += draw(st.sampled_from([1, 1, 1, 2, 5]))
        cells = []
        for col in range(len(header)):
            if draw(st.integers(0, 3)) == 0:
                continue
            ref = f"{chr(65 + col)}{number}"
            if draw(st.booleans()):
                cells.append(text_cell(ref, draw(st.sampled_from(["E1", "2.3", "1.1", "9.9", ""]))))
            else:
                kind, style, value = draw(_TYPES), draw(_STYLES), draw(_VALUES)
                cells.append(_cell(ref, kind, style, value))
                if kind == "e":
                    must_reject.add(number)
        if draw(st.integers(0, 5)) == 0:
            far = draw(st.sampled_from(["XFD", "Z", "AA"]))
            cells.append(text_cell(f"{far}{number}", "stray"))
            must_reject.add(number)
        rows += 1
        body += raw_row(number, *cells)
    if draw(st.integers(0, 6)) == 0:
        body += raw_row(1_048_576, text_cell("XFD1048576", "stray"))
        must_reject.add(1_048_576)
    styles = xlsxkit.date_styles("yyyy-mm-dd", "[h]:mm", "0.00")
    data = xlsxkit.parts(
        xlsxkit.sheet_xml(body), shared=["E-s", "2.3", "x" * 33_000], styles=styles
    )
    return data, None, False, frozenset(must_reject)


@st.composite
def position_sheets(draw: st.DrawFn) -> Roster:
    """Positions typed into number cells, turned into dates, or as formula floats."""
    rows: list[list[Any]] = [["employee_id", "position", "framework"]]
    must_reject = set()
    for line in range(2, 2 + draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["number", "date", "text", "formula", "time"]))
        level, step = draw(st.integers(1, 5)), draw(st.integers(1, 13))
        framework = draw(st.sampled_from([None, "short", "long", "nope"]))
        if kind == "number":
            value: Any = float(f"{level}.{step}")
        elif kind == "date":
            value = xlsxkit.Number(45000 + step, "d.m.yyyy")
            must_reject.add(line)
        elif kind == "time":
            value = xlsxkit.Number(step / 24, "hh:mm")
            must_reject.add(line)
        elif kind == "formula":
            value = (f"={level}+0.{step}", float(f"{level}.{step}") + 1e-15)
        else:
            value = f"{level}.{step}"
        rows.append([f"E{line}", value, framework])
    return xlsxkit.workbook(None, {"S": rows}), len(rows) - 1, True, frozenset(must_reject)


@st.composite
def damaged_books(draw: st.DrawFn) -> Roster:
    """A good workbook with a part left out, its XML cut or flipped, or in another form."""
    raw = xlsxkit.workbook(None, {"S": [["employee_id", "position"], ["E1", "2.3"], ["E2", 2.3],
                                        ["E3", "9.9"]]})  # fmt: skip
    with zipfile.ZipFile(io.BytesIO(raw)) as source:
        files = {info.filename: source.read(info) for info in source.infolist()}
    name = draw(st.sampled_from(sorted(files)))
    damage = draw(st.sampled_from(["leave out", "cut", "flip", "doctype", "prefix", "comment"]))
    content = files[name]
    if damage == "leave out":
        del files[name]
    elif damage == "cut":
        files[name] = content[: draw(st.integers(0, len(content)))]
    elif damage == "flip":
        at = draw(st.integers(0, max(0, len(content) - 1)))
        files[name] = (
            content[:at] + bytes([content[at] ^ draw(st.integers(1, 255))]) + content[at + 1 :]
        )
    elif damage == "doctype":
        files[name] = re.sub(
            rb"^(<\?xml[^>]*\?>)?", rb'\1<!DOCTYPE x [<!ENTITY e "e">]>', content, count=1
        )
    elif damage == "prefix":
        files[name] = content.replace(b'xmlns="', b'xmlns:x="', 1)
    else:
        files[name] = content.replace(b"><", b"><!-- c --><", draw(st.integers(1, 5)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, data in files.items():
            archive.writestr(part, data)
    return buffer.getvalue(), None, False, frozenset()


_LIMITS = st.sampled_from(
    [(xlsxparts, "MAX_SHARED", 2), (xlsxparts, "MAX_SHARED_CHARS", 10), (xlsxsheet, "MAX_CELLS", 5),
     (xlsxparts, "MAX_PART", 300), (xlsxsheet, "MAX_SHEET_XML", 900), (xlsxxml, "MAX_QUIET", 100),
     (xlsxsheet, "MAX_BUFFER", 50), (xlsxparts, "MAX_ENTRIES", 4), (xlsxparts, "MAX_SHARED_XML", 200),
     (xlsxparts, "MAX_NAMED", 2), (xlsxparts, "MAX_SHEETS", 0)]
)  # fmt: skip


@given(roster=typed_sheets())
@budget(25)
def test_cells_of_every_type(roster: Roster) -> None:
    with tempfile.TemporaryDirectory() as directory:
        check_roster("xlsx: typed cells", *roster, ".xlsx", [], Path(directory))


@given(roster=position_sheets(), strict=st.booleans())
@budget(15)
def test_positions_in_number_date_and_formula_cells(roster: Roster, strict: bool) -> None:
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        options = ["--grid", str(xlsxkit.grid(root)), *(["--strict"] if strict else [])]
        check_roster("xlsx: positions", *roster, ".xlsx", options, root)


@given(roster=damaged_books())
@budget(25)
def test_damaged_and_missing_parts(roster: Roster) -> None:
    with tempfile.TemporaryDirectory() as directory:
        check_roster("xlsx: damaged", *roster, ".xlsx", [], Path(directory))


@given(roster=typed_sheets(), limit=_LIMITS)
@budget(15)
def test_every_limit_refuses_with_exit_2(roster: Roster, limit: tuple[Any, str, int]) -> None:
    """Shared-strings bombs, too many cells, parts too large: against small limits."""
    module, name, value = limit
    with tempfile.TemporaryDirectory() as directory, mock.patch.object(module, name, value):
        check_roster("xlsx: limits", *roster[:2], False, frozenset(), ".xlsx", [], Path(directory))


@given(
    data=st.binary(max_size=300), prefix=st.sampled_from([b"", b"PK\x03\x04", b"\xd0\xcf\x11\xe0"])
)
@budget(10)
def test_any_bytes_named_xlsx(data: bytes, prefix: bytes) -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "staff.xlsx"
        path.write_bytes(prefix + data)
        result = invoke("xlsx: bytes", ["roster", str(path)])
        assert result.exit_code == 2, result.stderr


# --------------------------------------------------------------------------- processes (B6)

GIB = 1 << 30


def _limited(args: list[str]) -> subprocess.CompletedProcess[bytes]:
    """The console script under a 1 GiB address space (the issue's bound)."""
    script = Path(sys.executable).with_name("salesgrid")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "salesgrid"]

    def limit() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (GIB, GIB))

    env = {**os.environ, "SALESGRID_AS_OF": AS_OF, "NO_COLOR": "1"}
    return subprocess.run(command + args, capture_output=True, env=env, timeout=HUNG,
                          preexec_fn=limit, check=False)  # fmt: skip


@pytest.fixture(scope="module")
def gigabyte_sheet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("big") / "big.xlsx"
    path.write_bytes(xlsxkit.repeated_sheet(1 << 30))  # 1 GiB of sheet XML
    return path


def test_a_stray_cell_at_xfd1048576_in_1_gib_of_address_space(tmp_path: Path) -> None:
    done = _limited(["roster", str(far_cell(tmp_path / "far.xlsx")), "--summary"])
    why = f"\nexit={done.returncode}\nstderr={done.stderr[-800:]!r}"
    assert done.returncode == 4, why
    assert b"row 1048576: cell XFD1048576 has a value but its column has no header" in done.stderr
    assert b"Traceback" not in done.stderr and b"panicked" not in done.stderr, why


def test_1_gib_of_sheet_xml_in_a_1_mb_zip_in_1_gib_of_address_space(gigabyte_sheet: Path) -> None:
    assert gigabyte_sheet.stat().st_size < 2_000_000
    for args in (["roster", str(gigabyte_sheet)], ["roster", "-", "--input-format", "xlsx"]):
        if args[1] == "-":
            with gigabyte_sheet.open("rb") as stdin:
                script = Path(sys.executable).with_name("salesgrid")
                done = subprocess.run(
                    ["bash", "-c", f"ulimit -v {GIB >> 10}; cat | {script} " + " ".join(args)],
                    stdin=stdin, capture_output=True, timeout=HUNG, check=False,
                    env={**os.environ, "SALESGRID_AS_OF": AS_OF},
                )  # fmt: skip
        else:
            done = _limited(args)
        why = f"\nexit={done.returncode}\nstderr={done.stderr[-800:]!r}"
        assert done.returncode == 2, why
        assert done.stderr.endswith(
            b"the xlsx workbook's sheet is 1,025 MiB uncompressed, more than 512 MiB: save the "
            b"sheet as CSV (File > Save As > CSV UTF-8) and read that\n"
        ), why


def test_the_subprocess_contract_holds_for_random_damage(tmp_path: Path) -> None:
    """A few damaged workbooks through the console script itself: exit codes as in-process."""
    rng = random.Random(17)
    raw = xlsxkit.workbook(None, {"S": [["employee_id", "position"], ["E1", "2.3"]]})
    for _ in range(3):
        at = rng.randrange(len(raw))
        path = tmp_path / "d.xlsx"
        path.write_bytes(raw[:at] + bytes([raw[at] ^ 0x55]) + raw[at + 1 :])
        done = _limited(["roster", str(path)])
        assert done.returncode in DOCUMENTED_EXITS and b"Traceback" not in done.stderr
