"""xlsx rosters read as Excel means them, in bounded memory.

Through the CLI (roster, diff --roster, paygap), the reader itself (batch.xlsxread), and the
pure functions of batch.xlsxcells and core: numbers at Excel's 15 significant digits, empty
header cells, blank rows, positions in number and date cells, every limit and damaged part,
and the quick sheet reader against the careful one.
"""

from __future__ import annotations

import datetime
import io
import json
import re
import tempfile
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st

from salesgrid.batch import xlsxcells, xlsxparts, xlsxread, xlsxsheet
from salesgrid.batch.rows import Unreadable
from salesgrid.core.pay import steps_at
from salesgrid.core.positions import steps_of_number
from salesgrid.errors import UsageError
from salesgrid.files.loader import load_grid

from . import xlsxkit
from .conftest import run
from .xlsxkit import Number, cells, parts, sheet_xml, workbook

HEADER = cells(["employee_id", "position"])
PAY_2_3 = "sales-management,2.3,5445,2783.99"
SUMMARY = re.compile(r"rows: (\d+) read, (\d+) written, (\d+) rejected")


def rows_of(data: bytes, **options: Any) -> tuple[list[str], list[tuple[int, Any]]]:
    """The header and every row the reader gives: a list of values, [] for a blank row, or
    ("rejected", reason)."""
    header, numbered = xlsxread.read_sheet(data, **options)
    return header, [
        (n, ("rejected", row.reason) if isinstance(row, Unreadable) else row) for n, row in numbered
    ]


def roster(tmp_path: Path, data: bytes, *args: str) -> Any:
    path = tmp_path / "staff.xlsx"
    path.write_bytes(data)
    return run(["roster", str(path), *args])


def raw_row(number: int, *cells_xml: str) -> str:
    return f'<row r="{number}">{"".join(cells_xml)}</row>'


def text_cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


# --------------------------------------------------------------------------- 15 digits


@given(
    st.decimals(allow_nan=False, allow_infinity=False, places=None).filter(
        lambda d: d.is_finite() and d != 0 and len(d.normalize().as_tuple().digits) <= 15
        and -300 < d.adjusted() < 300
    )
)  # fmt: skip
def test_a_15_digit_decimal_stored_as_its_double_reads_back_as_itself(value: Decimal) -> None:
    stored = repr(float(value))  # what Excel's XML holds for it
    assert Decimal(xlsxcells.number_text(stored) or "nan") == value


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("1902.6000000000001", "1902.6"), ("2.0", "2"), ("0.30000000000000004", "0.3"),
        ("2.2999999999999998", "2.3"), ("1E+20", "100000000000000000000"), ("1E-05", "0.00001"),
        ("-0", "0"), ("007", "7"), ("123456789012345678", "123456789012346000"),
        ("0.1234567890123455", "0.123456789012346"),  # half up at the 15th digit
        (" 5 ", "5"), ("abc", None), ("1_000", None), ("NaN", None), ("1e400", None), ("", None),
    ],
)  # fmt: skip
def test_number_text_is_excels_15_digits_written_shortest(stored: str, shown: str | None) -> None:
    assert xlsxcells.number_text(stored) == shown


def test_a_formula_showing_1902_60_is_read_as_1902_60(tmp_path: Path) -> None:
    # The formula's cached value is the double nearest 1902.60, whose XML text
    # has 17 digits; it was rejected for "more than 2 decimals".
    sheet = sheet_xml(
        cells(["employee_id", "position", "actual_pay"])
        + raw_row(2, text_cell("A2", "E1"), text_cell("B2", "2.3"),
                  '<c r="C2"><f>A9*2</f><v>1902.6000000000001</v></c>')
    )  # fmt: skip
    result = roster(tmp_path, parts(sheet), "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["actual_pay"] == 1902.6


def test_whole_numbers_in_level_step_and_ids_at_15_digits(tmp_path: Path) -> None:
    sheet = sheet_xml(
        cells(["employee_id", "level", "step"])
        + raw_row(2, '<c r="A2"><v>1001</v></c>', '<c r="B2"><v>2.0000000000000004</v></c>',
                  '<c r="C2"><v>3</v></c>')
        + raw_row(3, '<c r="A3"><v>1234567890123456789</v></c>', '<c r="B3"><v>2.5</v></c>',
                  '<c r="C3"><v>1</v></c>')
    )  # fmt: skip
    result = roster(tmp_path, parts(sheet))
    assert result.exit_code == 4
    assert result.stdout.splitlines()[1] == f"1001,{PAY_2_3},2.4,900,3.1,2088"
    assert result.stderr == "row 3: level '2.5' is not a whole number from 1 to 999999 (e.g. 2)\n"


# --------------------------------------------------------------------------- header and blank rows


def test_empty_header_cells_over_empty_columns_are_ignored_anywhere(tmp_path: Path) -> None:
    data = workbook(None, {"S": [
        ["employee_id", None, "position", "", None],
        ["E1", None, "2.3"],
        ["E2", "note", "2.3"],
        ["E3", None, "2.3", None, "far"],
    ]})  # fmt: skip
    header, rows = rows_of(data)
    assert header == ["employee_id", "position"]
    assert rows == [
        (2, ["E1", "2.3"]),
        (3, ("rejected", "cell B3 has a value but its column has no header")),
        (4, ("rejected", "cell E4 has a value but its column has no header")),
    ]
    result = roster(tmp_path, data)
    assert result.exit_code == 4 and result.stdout.count("\n") == 2
    assert "row 3: cell B3 has a value but its column has no header" in result.stderr


def test_blank_rows_are_empty_rows_numbered_as_in_the_sheet(tmp_path: Path) -> None:
    # A blank row inside the data (Excel leaves it out of the XML, or writes it empty) is an
    # empty row, counted like an empty CSV line; rows before the header are not rows.
    sheet = sheet_xml(
        raw_row(2, text_cell("A2", "employee_id"), text_cell("B2", "position"))
        + raw_row(3, text_cell("A3", "E1"), text_cell("B3", "2.3"))
        + '<row r="5" spans="1:2"><c r="A5" s="0"/><c r="B5" t="inlineStr"><is><t></t></is></c></row>'
        + raw_row(7, text_cell("A7", "E2"), text_cell("B7", "9.9"))
    )  # fmt: skip
    data = parts(sheet)
    header, rows = rows_of(data)
    assert header == ["employee_id", "position"]
    assert rows == [(3, ["E1", "2.3"]), (4, []), (5, []), (6, []), (7, ["E2", "9.9"])]
    result = roster(tmp_path, data, "--summary")
    assert result.stderr.startswith("row 7: position 9.9 is not in Sales Management")
    read, written, rejected = (int(n) for n in SUMMARY.search(result.stderr).groups())  # type: ignore[union-attr]
    assert (read, written, rejected) == (2, 1, 1)  # blank rows are no rows read


def test_an_error_cell_names_the_error() -> None:
    sheet = sheet_xml(HEADER + raw_row(2, '<c r="A2" t="e"><v>#DIV/0!</v></c>'))
    assert rows_of(parts(sheet))[1] == [
        (2, ("rejected", "cell A2 holds an Excel error value (#DIV/0!): fix the formula or "
                         "clear the cell")),
    ]  # fmt: skip


# --------------------------------------------------------------------------- positions


@pytest.mark.parametrize(
    ("digits", "steps", "found"),
    [("1", 4, [1]), ("1", 12, [1, 10]), ("1", 100, [1, 10, 100]), ("11", 12, [11]),
     ("3", 2, []), ("05", 12, []), ("10", 12, []), ("", 4, []), ("١", 4, [])],
)  # fmt: skip
def test_steps_of_number(digits: str, steps: int, found: list[int]) -> None:
    assert steps_of_number(digits, steps) == found


def test_steps_at_reads_the_rows_framework_in_the_grid_in_force(tmp_path: Path) -> None:
    grid = load_grid(xlsxkit.grid(tmp_path))
    steps = steps_at(grid, None, datetime.date(2026, 1, 1))
    assert steps("", 1) == 4 and steps("long", 2) == 12 and steps(" long ", 2) == 12
    assert steps("long", 3) is None and steps("nope", 1) is None
    assert steps_at(grid, "long", datetime.date(2026, 1, 1))("", 1) == 12
    assert steps_at(grid, "nope", datetime.date(2026, 1, 1))("", 1) is None  # never raises
    assert steps_at(grid, None, datetime.date(2024, 1, 1))("", 1) is None  # no grid in force


def test_a_position_in_a_number_cell_is_read_when_the_grid_leaves_one_reading(
    tmp_path: Path,
) -> None:
    grid = xlsxkit.grid(tmp_path)
    data = workbook(None, {"S": [
        ["employee_id", "position", "framework"],
        ["E1", 2.1, "short"],  # short: level 2 has 4 steps, so 2.1 (never 2.10)
        ["E2", 2.1, "long"],  # long: 12 steps, 2.1 or 2.10
        ["E3", 2.11, "long"],  # 2.11 (2.110 is no step)
        ["E4", 1.1, None],  # the default framework, short
        ["E5", 2.7, "short"],  # no such step either way: the grid says so
        ["E6", 2.1, "nope"],  # no such framework: the grid says so
    ]})  # fmt: skip
    result = roster(tmp_path, data, "--grid", str(grid), "--format", "jsonl")
    assert result.exit_code == 4
    read = [(r["employee_id"], r["framework"], r["position"], r["pay_bgn"])
            for r in map(json.loads, result.stdout.splitlines())]  # fmt: skip
    assert read == [
        ("E1", "short", "2.1", 2000), ("E3", "long", "2.11", 2100), ("E4", "short", "1.1", 1000),
    ]  # fmt: skip
    lines = result.stderr.splitlines()
    assert lines[0] == (
        "row 3: cell B3: the position 2.1 is a number cell, and level 2 has steps 1 and 10 "
        "(2.1 or 2.10: Excel drops a number's trailing zeros): format the position column as "
        "Text and type the positions again, or give level and step columns"
    )
    assert lines[1] == "row 6: position 2.7 is not in Short Steps: level 2 has steps 1-4"
    assert lines[2].startswith("row 7: unknown framework 'nope'")
    # --framework decides for rows without one
    long = roster(tmp_path, data, "--grid", str(grid), "--framework", "long")
    assert "row 5: cell B5: the position 1.1 is a number cell" in long.stderr


def test_positions_in_number_cells_in_diff_and_paygap(tmp_path: Path) -> None:
    grid = xlsxkit.grid(tmp_path)
    rows = [["employee_id", "position", "framework", "sex", "gross_annual"],
            ["F1", 2.1, "short", "F", 24000], ["M1", 2.1, "long", "M", 30000]]  # fmt: skip
    path = tmp_path / "staff.xlsx"
    workbook(path, {"S": rows})
    gap = run(["paygap", str(path), "--grid", str(grid), "--year", "2026", "--format", "json"])
    assert gap.exit_code == 4, gap.stderr
    assert "row 3: cell B3: the position 2.1 is a number cell" in gap.stderr
    assert json.loads(gap.stdout)["workers"] == {"women": 1, "men": 0, "not_reported": 0}
    assert "1 of 2 rows rejected" in gap.stderr
    diff = run(["diff", "--from-grid", str(grid), "--to-grid", str(grid), "--roster", str(path),
                "--ignore-unknown-columns"])  # fmt: skip
    assert "row 3: cell B3: the position 2.1 is a number cell" in diff.stderr
    assert "1 roster row rejected" in diff.stderr


@pytest.mark.parametrize(
    "cell",
    [
        '<c r="B2" s="1"><v>46083</v></c>',  # 2.3 typed in a Bulgarian Excel: 2 March 2026
        '<c r="B2" t="d"><v>2026-03-02T00:00:00</v></c>',  # a date cell (strict OOXML)
    ],
)
def test_a_date_in_the_position_column_is_rejected_with_how_to_fix(
    cell: str, tmp_path: Path
) -> None:
    sheet = sheet_xml(HEADER + raw_row(2, text_cell("A2", "E1"), cell))
    data = parts(sheet, styles=xlsxkit.date_styles("d.m.yyyy"))
    result = roster(tmp_path, data)
    assert result.exit_code == 4 and result.stdout.count("\n") == 1
    assert result.stderr == (
        "row 2: cell B2: the position is a date (2 March 2026): Excel turned a position typed as "
        "2.3 (day.month, as in a Bulgarian locale) into a date; format the position column as "
        "Text and type the position again\n"
    )


def test_a_date_with_a_time_in_the_position_column_suggests_nothing() -> None:
    reason = xlsxcells.date_position_reason("B2", "2026-03-02 10:30:00")
    assert "(2 March 2026, 10:30:00)" in reason and "typed as" not in reason
    assert "typed as" not in xlsxcells.date_position_reason("B2", "10:30:00")


# --------------------------------------------------------------------------- cells


@pytest.mark.parametrize(
    ("serial", "date1904", "kind", "shown"),
    [
        ("45658", False, xlsxcells.DATE, "2025-01-01"),
        ("45658.5", False, xlsxcells.DATE, "2025-01-01 12:00:00"),
        ("0.75", False, xlsxcells.DATE, "18:00:00"),
        ("59", False, xlsxcells.DATE, "1900-02-28"),
        ("60", False, xlsxcells.DATE, "1900-02-29"),  # Excel's day that never was
        ("61", False, xlsxcells.DATE, "1900-03-01"),
        ("44196", True, xlsxcells.DATE, "2025-01-01"),
        ("1.5", False, xlsxcells.ELAPSED, "36:00:00"),
        ("-1", False, xlsxcells.DATE, None), ("2958466", False, xlsxcells.DATE, None),
        ("2958465", True, xlsxcells.DATE, None),
    ],
)  # fmt: skip
def test_serial_text(serial: str, date1904: bool, kind: int, shown: str | None) -> None:
    assert xlsxcells.serial_text(serial, date1904, kind) == shown


@pytest.mark.parametrize(
    ("code", "kind"),
    [("yyyy-mm-dd", 1), ("[$-402]d.m.yyyy", 1), ("mm:ss", 1), ("[h]:mm", 2), ("General", 0),
     ("0.00", 0), ("#,##0 \"лв.\"", 0), ("[Red]0.00", 0), ('"d"0', 0), ("0\\h", 0), ("@", 0)],
)  # fmt: skip
def test_format_kind(code: str, kind: int) -> None:
    assert xlsxcells.format_kind(code) == kind


def test_dates_booleans_strings_and_1904_as_they_mean() -> None:
    rows = [
        ["id", "day", "flag", "text", "hours"],
        ["E1", datetime.date(2025, 6, 1), True, "a\x01b_x0041_", Number(1.5, "[h]:mm")],
        ["E2", Number(45658, "d.m.yyyy"), False, ('="x"&"y"', "xy"), Number(37.5, "0.0")],
    ]
    for date1904 in (False, True):
        header, read = rows_of(workbook(None, {"S": rows}, date1904=date1904))
        assert header == ["id", "day", "flag", "text", "hours"]
        day = "2025-01-01" if not date1904 else "2029-01-02"
        assert read == [
            (2, ["E1", "2025-06-01", "true", "a\x01b_x0041_", "36:00:00"]),
            (3, ["E2", day, "false", "xy", "37.5"]),
        ]


def test_every_cell_type_and_damage_reads_or_rejects_its_row() -> None:
    sheet = sheet_xml(
        cells(["a", "b"])
        + raw_row(2, '<c r="A2" t="s"><v>0</v></c>', '<c r="B2" t="str"><f>1</f><v>x&amp;y</v></c>')
        + raw_row(3, '<c r="A3" t="s"><v>9</v></c>')
        + raw_row(4, '<c r="A4" t="s"><v>-1</v></c>')
        + raw_row(5, '<c r="A5"><v>abc</v></c>')
        + raw_row(6, '<c r="A6" t="b"><v>2</v></c>')
        + raw_row(7, '<c r="A7" t="zz"><v>1</v></c>')
        + raw_row(8, '<c r="A8" t="d"><v>not a day</v></c>')
        + raw_row(9, text_cell("A9", "x" * 32_768))
        + raw_row(10, '<c r="A10" t="s"><v>1</v></c>')
    )  # fmt: skip
    _, read = rows_of(parts(sheet, shared=["shared", "y" * 32_768]))
    reasons = {n: row[1] for n, row in read if isinstance(row, tuple)}
    assert read[0] == (2, ["shared", "x&y"])
    assert (
        reasons[3]
        == reasons[4].replace("A4 refers to shared string '-1'", "A3 refers to shared string '9'")
        == (
            "cell A3 refers to shared string '9', which the workbook does not have: save it again "
            "from Excel"
        )
    )
    assert reasons[5].startswith("cell A5 holds 'abc' as a number, which is no number")
    assert reasons[6].startswith("cell A6 is a boolean cell holding '2'")
    assert reasons[7].startswith("cell A7 has the type 'zz'")
    assert reasons[8].startswith("cell A8 is a date cell holding 'not a day'")
    assert (
        reasons[9]
        == reasons[10].replace("A10", "A9")
        == ("cell A9 holds more than 32,767 characters, more than an Excel cell can")
    )


# --------------------------------------------------------------------------- limits (B6)


def far_cell(path: Path) -> Path:
    """A 5 KB workbook with a roster and one stray value at XFD1048576."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("S")
    sheet.write_row(0, 0, ["employee_id", "position"])
    sheet.write_row(1, 0, ["E1", "2.3"])
    sheet.write(1_048_575, 16_383, "stray")
    book.close()
    return path


def test_a_far_stray_cell_costs_one_cell_and_rejects_its_row(tmp_path: Path) -> None:
    path = far_cell(tmp_path / "far.xlsx")
    assert path.stat().st_size < 10_000
    result = run(["roster", str(path), "--summary"])
    assert result.exit_code == 4
    assert result.stdout.splitlines()[1].startswith(f"E1,{PAY_2_3}")
    assert "row 1048576: cell XFD1048576 has a value but its column has no header" in result.stderr
    assert "rows: 2 read, 1 written, 1 rejected" in result.stderr


def test_a_sheet_larger_than_the_limit_is_refused_before_a_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(xlsxsheet, "MAX_SHEET_XML", 1 << 20)
    result = roster(tmp_path, xlsxkit.repeated_sheet(2 << 20))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "salesgrid: error: the xlsx workbook's sheet is 3 MiB uncompressed, more than 1 MiB: save the "
        "sheet as CSV (File > Save As > CSV UTF-8) and read that\n"
    )


def test_bytes_are_counted_as_read_whatever_the_directory_says() -> None:
    class Archive:  # a zip reader that would give more than the directory says
        def infolist(self) -> list[Any]:
            return []

        def open(self, _: Any) -> io.BytesIO:
            return io.BytesIO(b"x" * 300_000)

    info = zipfile.ZipInfo("xl/worksheets/sheet1.xml")
    info.file_size = 10
    chunks = xlsxparts.Parts(Archive()).chunks(info, 100_000, "sheet")  # type: ignore[arg-type]
    with pytest.raises(UsageError, match="sheet is over 1"):
        list(chunks)


def _inline_strings(rows: int) -> bytes:
    """A sheet of long inline strings with their cell references (the quick reader's form),
    as XlsxWriter writes in constant memory."""
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "inline.xlsx"
        book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
        sheet = book.add_worksheet("S")
        sheet.write_row(0, 0, ["employee_id", "position"])
        for row in range(1, rows + 1):
            sheet.write_string(row, 0, "x" * 32_000)
        book.close()
        return path.read_bytes()


@pytest.mark.parametrize("form", ["careful", "quick"])
def test_a_long_sheet_is_read_in_little_memory(form: str) -> None:
    import tracemalloc

    # 20 MiB of XML: no cell references (the careful reader), or XlsxWriter's (the quick one)
    data = xlsxkit.repeated_sheet(20 << 20) if form == "careful" else _inline_strings(650)
    tracemalloc.start()
    try:
        _, numbered = xlsxread.read_sheet(data)
        count = sum(1 for _ in numbered)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == (32 * 21 if form == "careful" else 650)
    assert peak < 3_000_000, peak  # a few rows and chunks, never the sheet


@pytest.mark.parametrize(
    ("sheet", "message"),
    [
        (HEADER + raw_row(5, text_cell("A5", "x")) + raw_row(3, text_cell("A3", "y")),
         "row 3 comes after row 5 in the sheet's XML"),
        (HEADER + raw_row(1_048_577, text_cell("A1048577", "x")),
         "the sheet has a row 1,048,577, beyond Excel's last row (1,048,576)"),
        (HEADER + raw_row(2, text_cell("XFE2", "x")), "the sheet has cells beyond column XFD in row 2"),
        (HEADER + raw_row(2, text_cell("B2", "x"), text_cell("A2", "y")), "cell A2 comes after B2"),
        (HEADER + raw_row(2, text_cell("A3", "x")), "cell A3 sits in row 2"),
        (HEADER + "<row>" + "<c/>" * 16_385 + "</row>", "beyond column XFD in row 2"),
        (HEADER[:-10], "the XML of its sheet: mismatched tag"),
    ],
)  # fmt: skip
def test_a_damaged_sheet_is_refused_saying_where(sheet: str, message: str) -> None:
    with pytest.raises(UsageError, match=re.escape(message)):
        rows_of(parts(sheet_xml(sheet)))


def test_document_types_are_refused_in_every_part() -> None:
    bomb = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>'
    sheet = sheet_xml(HEADER).replace(
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>', bomb
    )
    with pytest.raises(UsageError, match="its sheet declares a document type"):
        rows_of(parts(sheet))
    shared = bomb + f'<sst xmlns="{xlsxkit.MAIN}"><si><t>&b;</t></si></sst>'
    with pytest.raises(UsageError, match="its shared strings declares a document type"):
        rows_of(parts(sheet_xml(HEADER), shared=shared))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "not an xlsx workbook"),
        (b"\xd0\xcf\x11\xe0" + b"\0" * 600, "encrypted (password-protected) workbook or an old .xls"),
        (parts(sheet_xml(HEADER))[:-30], "its zip archive has no directory"),
        (parts(sheet_xml(HEADER), leave_out=["xl/workbook.xml"]), "it has no workbook part"),
        (parts(sheet_xml(HEADER), leave_out=["xl/worksheets/sheet1.xml"]), "(xl/worksheets/sheet1.xml) is missing"),
        (parts(sheet_xml(HEADER), leave_out=["xl/_rels/workbook.xml.rels"]), "has no part in the workbook's relationships"),
        (parts(sheet_xml("")), "the sheet 'Staff' is empty: it needs a header row"),
        (parts(sheet_xml(HEADER).replace("UTF-8", "TTF-8")), "the XML of its sheet: unknown encoding: TTF-8"),
        (parts(sheet_xml(HEADER).replace("UTF-8", "Shift_JIS")), "multi-byte encodings are not supported"),
        (parts(sheet_xml(raw_row(1, '<c r="A1" t="e"><v>#REF!</v></c>'))), "the header row holds an Excel error value (cell A1)"),
        (parts(sheet_xml(HEADER), workbook_xml=f'<workbook xmlns="{xlsxkit.MAIN}"><sheets/></workbook>'), "the xlsx workbook has no sheet"),
    ],
)  # fmt: skip
def test_missing_and_damaged_parts_are_usage_errors(
    data: bytes, message: str, tmp_path: Path
) -> None:
    result = roster(tmp_path, data)
    assert result.exit_code == 2 and result.stdout == ""
    assert message in result.stderr and len(result.stderr.splitlines()) == 1, result.stderr


def test_a_crc_error_is_a_usage_error(tmp_path: Path) -> None:
    data = bytearray(
        parts(sheet_xml(HEADER + cells(["E1", "2.3"], start=2)), compression=zipfile.ZIP_STORED)
    )
    at = data.find(b"E1</t>")
    data[at] = ord("F")
    result = roster(tmp_path, bytes(data))
    assert result.exit_code == 2 and "Bad CRC-32" in result.stderr


def test_chart_sheets_are_passed_over_and_named_when_asked_for() -> None:
    rels = xlsxkit.RELS
    book = (
        f'<workbook xmlns="{xlsxkit.MAIN}" xmlns:r="{rels}"><sheets>'
        '<sheet name="Chart" sheetId="2" r:id="rId9"/><sheet name="Staff" sheetId="1" r:id="rId1"/>'
        "</sheets></workbook>"
    )
    chart_rels = (
        f'<Relationships xmlns="{xlsxkit.PACKAGE}">'
        f'<Relationship Id="rId1" Type="{rels}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId9" Type="{rels}/chartsheet" Target="chartsheets/c.xml"/>'
        "</Relationships>"
    )
    data = parts(sheet_xml(HEADER + cells(["E1", "2.3"], start=2)), workbook_xml=book,
                 extra={"xl/_rels/workbook.xml.rels": chart_rels})  # fmt: skip
    assert rows_of(data) == (["employee_id", "position"], [(2, ["E1", "2.3"])])
    with pytest.raises(UsageError, match="the sheet 'Chart' is a chartsheet, not a sheet of cells"):
        rows_of(data, sheet="Chart")


def test_a_stop_part_way_closes_the_sheet(tmp_path: Path) -> None:
    data = workbook(None, {"S": [["employee_id", "position"], ["E1", "9.9"], *[["E", "2.3"]] * 50]})
    result = roster(tmp_path, data, "--strict")
    assert result.exit_code == 4 and "row 2: position 9.9" in result.stderr


def test_a_sheet_refused_part_way_leaves_no_output_file(tmp_path: Path) -> None:
    sheet = sheet_xml(HEADER + cells(["E1", "2.3"], start=2) + raw_row(2, text_cell("A2", "x")))
    out = tmp_path / "out.csv"
    result = roster(tmp_path, parts(sheet), "--output", str(out))
    assert result.exit_code == 2 and "row 2 comes after row 2" in result.stderr
    assert not out.exists()


# --------------------------------------------------------------------------- quick and careful


def _both(data: bytes) -> tuple[Any, Any]:
    found = []
    for careful in (False, True):
        try:
            found.append(rows_of(data, careful=careful))
        except UsageError as exc:
            found.append(str(exc))
    return found[0], found[1]


def test_the_quick_reader_hands_over_at_a_row_it_does_not_read() -> None:
    body = [cells(["E1", "2.3"], start=2), "<!-- a comment -->", cells(["E2", "1.1"], start=3),
            raw_row(4, '<c r="A4" t="inlineStr"><is><r><t>E</t></r><r><rPr><b/></rPr><t>4</t>'
                       "</r><rPh><t>ee</t></rPh></is></c>", text_cell("B4", "4.4")),
            cells(["E5", "2.2"], start=5)]  # fmt: skip
    quick, careful = _both(parts(sheet_xml(HEADER + "".join(body))))
    assert quick == careful
    assert quick[1] == [
        (2, ["E1", "2.3"]),
        (3, ["E2", "1.1"]),
        (4, ["E4", "4.4"]),
        (5, ["E5", "2.2"]),
    ]


_FORMS = {
    "plain": lambda x: x,
    "pretty": lambda x: x.replace("<row", "\n  <row").replace("<c ", "\n    <c "),
    "crlf": lambda x: x.replace("<row", "\r\n<row").replace("<t>", "<t>\r\n"),
    "comment": lambda x: x.replace("</row>", "</row><!-- x -->", 1),
    "prefixed": lambda x: re.sub(r"<(/?)(row|c|is|t|v|f)\b", r"<\1x:\2", x),
    "reordered": lambda x: re.sub(
        r'<c r="([A-Z]+[0-9]+)" t="inlineStr">', r'<c t="inlineStr" r="\1">', x
    ),
    "no refs": lambda x: re.sub(r' r="[A-Z]*[0-9]+"', "", x),
}


@settings(max_examples=40, deadline=None)
@given(
    table=st.lists(
        st.lists(st.text(alphabet="ab1.&<\"' \tЖ", max_size=5), min_size=1, max_size=4),
        min_size=1, max_size=6,
    ),
    gaps=st.lists(st.integers(1, 3), min_size=7, max_size=7),
    form=st.sampled_from(sorted(_FORMS)),
)  # fmt: skip
def test_the_quick_reader_reads_as_the_careful_one(
    table: list[list[str]], gaps: list[int], form: str
) -> None:
    from xml.sax.saxutils import escape

    body, number = "", 0
    for values, gap in zip([["employee_id", "position"], *table], gaps, strict=False):
        number += gap
        body += raw_row(number, *(
            text_cell(f"{chr(65 + c)}{number}", escape(v)) for c, v in enumerate(values) if v
        ))  # fmt: skip
    xml = sheet_xml(body)
    if form == "prefixed":
        xml = xml.replace(
            f'xmlns="{xlsxkit.MAIN}"', f'xmlns="{xlsxkit.MAIN}" xmlns:x="{xlsxkit.MAIN}"'
        )
    quick, careful = _both(parts(_FORMS[form](xml)))
    assert quick == careful


def test_reading_the_packaged_example_both_ways() -> None:
    data = (Path(__file__).resolve().parent.parent / "examples" / "roster.xlsx").read_bytes()
    quick, careful = _both(data)
    assert quick == careful and isinstance(quick, tuple) and len(quick[1]) == 4


EXCEL_ROOT = (
    f'xmlns="{xlsxkit.MAIN}" xmlns:r="{xlsxkit.RELS}" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x14ac" '
    'xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac"'
)


@pytest.mark.parametrize(
    "rows",
    [
        '<row r="1" spans="1:3" x14ac:dyDescent="0.25"><c r="A1" t="s"><v>0</v></c>'
        '<c r="B1" t="s"><v>1</v></c></row><row r="2" spans="1:3" x14ac:dyDescent="0.25">'
        '<c r="A2" s="1" t="s"><v>2</v></c><c r="B2"><v>2.2999999999999998</v></c>'
        '<c r="C2" s="2" t="b"><f>TRUE()</f><v>1</v></c></row>'
        '<row r="4" spans="1:3" ht="15" customHeight="1"><c r="A4" t="str">'
        '<f t="shared" ref="A4:A9" si="0">"E"&amp;B4</f><v>E4</v></c><c r="B4" s="3"/></row>',
        "",
    ],
    ids=["rows", "no rows"],
)
def test_the_form_excel_writes_is_read_by_the_quick_reader(
    rows: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Excel's own XML (a CRLF after the declaration, markup-compatibility attributes, shared
    formulas, <sheetData/> for no cell) never needs the careful reader: it is the quick one's
    reason to be."""
    monkeypatch.setattr(xlsxsheet, "careful_rows", None)  # any hand-over fails
    head = (
        '<sheetPr codeName="Лист1"/><dimension ref="A1:C4"/><sheetFormatPr x14ac:dyDescent="0.25"/>'
    )
    xml = sheet_xml(rows, head=head, root=EXCEL_ROOT).replace("\n", "\r\n", 1)
    if not rows:
        xml = xml.replace("<sheetData></sheetData>", "<sheetData/>")
    data = parts(xml, shared=["employee_id", "position", "x"])
    if not rows:
        with pytest.raises(UsageError, match="the sheet 'Staff' is empty"):
            rows_of(data)
        return
    header, read = rows_of(data)
    assert header == ["employee_id", "position"]
    assert read == [
        (2, ("rejected", "cell C2 has a value but its column has no header")),
        (3, []),
        (4, ["E4", ""]),
    ]


def test_counts_of_sheets_relationships_and_formats_are_bounded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = workbook(None, {"A": [["employee_id"]], "B": [["employee_id"]]})
    monkeypatch.setattr(xlsxparts, "MAX_SHEETS", 1)
    with pytest.raises(UsageError, match="more than 1 sheets"):
        rows_of(data)
    monkeypatch.undo()
    monkeypatch.setattr(xlsxparts, "MAX_NAMED", 2)
    with pytest.raises(UsageError, match="more than 2 relationships in _rels/"):
        rows_of(data)
    styles = xlsxkit.date_styles("0.0", "0.00", "0.000")
    with pytest.raises(UsageError, match="more than 2 number formats"):
        rows_of(parts(sheet_xml(HEADER), styles=styles, extra={"xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{xlsxkit.PACKAGE}"><Relationship Id="rId1" '
            f'Type="{xlsxkit.RELS}/worksheet" Target="worksheets/sheet1.xml"/><Relationship '
            f'Id="rId3" Type="{xlsxkit.RELS}/styles" Target="styles.xml"/></Relationships>'
        )}))  # fmt: skip
