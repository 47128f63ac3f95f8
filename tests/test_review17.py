"""What the review of the merged change found, each with its test."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .conftest import REPO, run


def warning_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines(keepends=True) if "warning:" in line]


def test_warnings_name_an_id_with_a_line_break_on_one_line(tmp_path: Path) -> None:
    """A quoted employee_id holding a line break is named as repr in the warning lines about
    implausible pay (roster and paygap), as the repeated-id reason names it: every message
    stays one line."""
    roster = tmp_path / "r.csv"
    roster.write_text(
        'employee_id,position,actual_pay,sex\n"E\n1",2.3,100,F\n"E\n2",2.3,100000,M\n',
        encoding="utf-8",
    )
    result = run(["roster", str(roster), "--ignore-unknown-columns"])
    assert result.exit_code == 0, result.stderr
    said = result.stderr.splitlines()
    assert said == [
        "salesgrid: warning: 1 row has an actual_pay whose gross is below the minimum wage "
        "(620.20 EUR in 2026-11): 'E\\n1'",
        "salesgrid: warning: 2 rows have a compa-ratio under 0.5 or over 2.0 (looks like a "
        "typo): 'E\\n1' (0.02), 'E\\n2' (18.37)",
    ]
    result = run(["paygap", str(roster), "--min-group", "1", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [
        "salesgrid: warning: 1 worker has an actual_pay whose gross is below the minimum wage "
        "(620.20 EUR in 2026): 'E\\n1'",
    ]


def test_every_minimum_wage_cites_the_act_that_sets_it() -> None:
    """Each period's source said the
    figure and its first day, not where it comes from (a Council of Ministers decree under
    Labour Code art. 244, not the budget acts the rest of the period cites)."""
    from salesgrid.files.loader import load_payroll

    for period in load_payroll(None).periods:
        wage = f"{period.minimum_wage:,}"
        assert (
            f"minimum wage {wage} {period.currency}" in period.source
            and "Council of Ministers decree" in period.source
            and "Labour Code art. 244" in period.source
        ), period.source
    sources = (REPO / "docs" / "sources.md").read_text(encoding="utf-8")
    assert "Labour Code art. 244" in sources


# --------------------------------------------------------------------------- A6, every reader

LAYER = str(REPO / "examples" / "grid-2027.yaml")
DIFF = ["--add-grid", LAYER, "--from-date", "2026-12-31", "--to-date", "2027-01-01"]


def _error_cell(ref: str, error: str = "#DIV/0!") -> str:
    return f'<c r="{ref}" t="e"><f>1/0</f><v>{error}</v></c>'


def _text_cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _workbook(tmp_path: Path, header: list[str], rows: list[list[str | None]]) -> Path:
    """A sheet of inline strings; a cell given as None is an Excel error value (#DIV/0!)."""
    from .xlsxkit import parts, sheet_xml

    def row(number: int, values: list[str | None]) -> str:
        inner = ""
        for col, value in enumerate(values):
            ref = f"{chr(65 + col)}{number}"
            if value is None:
                inner += _error_cell(ref)
            elif value:
                inner += _text_cell(ref, value)
        return f'<row r="{number}">{inner}</row>'

    xml = row(1, list(header)) + "".join(row(n, r) for n, r in enumerate(rows, start=2))
    path = tmp_path / "staff.xlsx"
    path.write_bytes(parts(sheet_xml(xml)))
    return path


def test_an_error_cell_in_a_column_a_command_does_not_read_rejects_no_row(
    tmp_path: Path,
) -> None:
    """diff --roster counted one person of three in an xlsx roster whose actual_pay and note
    cells held #DIV/0!, where the same roster as CSV counts all three (a column a command does
    not read never rejects a row); roster and paygap likewise for the columns they skip."""
    book = _workbook(
        tmp_path,
        ["employee_id", "position", "actual_pay", "note", "sex", "rating_people"],
        [["E-1", "2.3", None, "", "F", ""], ["E-2", "2.3", "", None, "M", None],
         ["E-3", "2.3", "", "", None, ""]],
    )  # fmt: skip
    result = run(["diff", "--roster", str(book), "--ignore-unknown-columns", *DIFF,
                  "--format", "plain"])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "headcount\t3\n" in result.stdout and result.stderr == ""
    # paygap reads actual_pay and sex, not note nor rating_people
    result = run(["paygap", str(book), "--ignore-unknown-columns", "--min-group", "1",
                  "--format", "json"])  # fmt: skip
    assert result.exit_code == 4
    assert result.stderr.splitlines()[:2] == [
        "row 2: cell C2 holds an Excel error value (#DIV/0!): fix the formula or clear the cell",
        "row 4: cell E4 holds an Excel error value (#DIV/0!): fix the formula or clear the cell",
    ]


def test_roster_skips_an_error_cell_in_paygaps_columns_and_an_ignored_one(
    tmp_path: Path,
) -> None:
    book = _workbook(
        tmp_path,
        ["employee_id", "position", "actual_pay", "note", "sex"],
        [["E-1", "2.3", "", None, None], ["E-2", "2.3", None, "", ""]],
    )
    result = run(["roster", str(book), "--ignore-unknown-columns",
                  "--fields", "employee_id,pay_bgn"])  # fmt: skip
    assert result.exit_code == 4
    assert result.stdout == "employee_id,pay_bgn\nE-1,5445\n"
    assert result.stderr == (
        "row 3: cell C3 holds an Excel error value (#DIV/0!): fix the formula or clear the cell\n"
    )


def test_a_jsonl_value_in_a_column_diff_does_not_read_rejects_no_row(tmp_path: Path) -> None:
    roster = tmp_path / "staff.jsonl"
    roster.write_text(
        '{"employee_id": "E-1", "position": "2.3", "actual_pay": true}\n'
        '{"employee_id": "E-2", "position": "2.3", "actual_pay": [1]}\n'
        '{"employee_id": "E-3", "position": "2.3", "rating_people": "managed"}\n',
        encoding="utf-8",
    )
    result = run(["diff", "--roster", str(roster), *DIFF, "--format", "plain"])
    assert result.exit_code == 0, result.stderr
    assert "headcount\t3\n" in result.stdout and result.stderr == ""
    result = run(["roster", str(roster)])  # roster reads them: still rejected
    assert result.exit_code == 4 and "row 1: actual_pay:" in result.stderr


def test_the_api_reads_only_the_columns_a_function_uses() -> None:
    import warnings

    import salesgrid

    rows = [
        {"employee_id": "E-1", "position": "2.3", "actual_pay": [1], "sex": "F"},
        {"employee_id": "E-2", "position": "2.3", "actual_pay": None, "sex": {"x": 1}},
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        change = salesgrid.diff(add_grid=LAYER, from_date="2026-12-31", to_date="2027-01-01",
                                roster=rows)  # fmt: skip
    assert change.roster is not None and change.roster.headcount == 2
    rejected: list[Any] = []
    records = list(salesgrid.roster(rows, as_of="2026-11-22", on_reject=rejected.append))
    assert [r["employee_id"] for r in records] == ["E-2"]  # sex is paygap's: skipped
    assert [r.line for r in rejected] == [1]


# --------------------------------------------------------------------------- formulas unsaved


def test_a_formula_with_no_saved_result_is_refused_not_read_as_empty(tmp_path: Path) -> None:
    """A workbook written by a program that does not calculate (openpyxl, a report generator)
    holds a formula with no result: it was read as an empty cell, so an actual_pay of
    =2500*2 was "not reported" (paygap took the grid pay instead) and a position formula read
    as "no position". It rejects its row, saying so, with either XML reader; a formula whose
    result is the empty text (t="str", <v></v>: =IF(...,"",...)) stays an empty value."""
    from salesgrid.batch import xlsxread
    from salesgrid.batch.rows import Unreadable

    from .xlsxkit import parts, sheet_xml

    def t(ref: str, text: str) -> str:
        return _text_cell(ref, text)

    head = f'<row r="1">{t("A1", "employee_id")}{t("B1", "position")}{t("C1", "actual_pay")}</row>'
    body = (
        f'<row r="2">{t("A2", "E-1")}{t("B2", "2.3")}<c r="C2"><f>2500*2</f></c></row>'
        f'<row r="3">{t("A3", "E-2")}{t("B3", "2.3")}<c r="C3"><f>2500*2</f><v></v></c></row>'
        f'<row r="4">{t("A4", "E-3")}<c r="B4"><f>"2."&amp;"3"</f></c></row>'
        f'<row r="5">{t("A5", "E-4")}{t("B5", "2.3")}<c r="C5" t="str"><f>""</f><v></v></c></row>'
        f'<row r="6">{t("A6", "E-5")}{t("B6", "2.3")}<c r="C6"><f>2500*2</f><v>5000</v></c></row>'
    )
    data = parts(sheet_xml(head + body))
    said = "holds a formula with no saved result"
    for careful in (False, True):
        _, numbered = xlsxread.read_sheet(data, careful=careful)
        rows = [(n, r.reason if isinstance(r, Unreadable) else r) for n, r in numbered]
        assert [n for n, r in rows if isinstance(r, str)] == [2, 3, 4], (careful, rows)
        assert all(said in r for _, r in rows if isinstance(r, str)), rows
        assert rows[3:] == [(5, ["E-4", "2.3", ""]), (6, ["E-5", "2.3", "5000"])]
    book = tmp_path / "staff.xlsx"
    book.write_bytes(data)
    result = run(["roster", str(book), "--fields", "employee_id,actual_pay"])
    assert result.exit_code == 4
    assert result.stderr.splitlines()[0] == (
        "row 2: cell C2 holds a formula with no saved result (the workbook was saved by a "
        "program that does not calculate): open it in Excel or LibreOffice and save it again, "
        "or type the value"
    )
    # a column the command does not read: no one is rejected for it
    result = run(["diff", "--roster", str(book), *DIFF, "--format", "plain"])
    assert (
        result.stderr == "salesgrid: row 4: cell B4 holds a formula with no saved result "
        "(the workbook was saved by a program that does not calculate): open it in Excel or "
        "LibreOffice and save it again, or type the value\nsalesgrid: warning: 1 roster row "
        "rejected and left out of the headcount and cost\n"
    )


def test_the_progress_bar_passes_on_which_columns_are_read() -> None:
    """At a terminal a roster's rows go through the progress bar's wrapper: it hands on the
    reader's ReadColumns, as it hands on blank_rows and finish()."""
    import io

    from salesgrid.batch.jsonlread import jsonl_rows
    from salesgrid.cli.progress import roster_progress

    text = io.StringIO('{"employee_id": "E-1", "position": "2.3", "actual_pay": [1]}\n')
    _, rows = jsonl_rows(text)
    wrapped = roster_progress(rows, io.BytesIO(b""), 1)
    assert wrapped.read_columns is rows.read_columns is not None  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- xlsx: spaces


def test_an_xlsx_row_of_spaces_is_a_blank_row_as_in_csv(tmp_path: Path) -> None:
    """A CSV row of only delimiters and spaces is a blank row, skipped and counted; the same
    row in a sheet (cells holding a space) was rejected ("no position"), and a space in a
    cell under no header rejected its row ("has a value"), where CSV reads both as nothing
    (NumberedSource was given blank_rows for the sheet's reader, which never passed it)."""
    book = _workbook(
        tmp_path,
        ["employee_id", "position", "sex"],
        [["E-1", "2.3", "F"], [" ", "  ", " "], ["E-2", "2.3", "M", " "], ["E-3", "1.1", "F"]],
    )
    csv = tmp_path / "staff.csv"
    csv.write_text("employee_id,position,sex,\nE-1,2.3,F,\n ,  , ,\nE-2,2.3,M, \nE-3,1.1,F,\n",
                   encoding="utf-8")  # fmt: skip
    for path in (csv, book):
        result = run(["roster", str(path), "--summary-only", "--format", "plain"])
        assert (result.exit_code, result.stderr) == (0, ""), (path, result.stderr)
        assert result.stdout.splitlines()[0] == "rows: 3 read, 3 written, 0 rejected, 1 blank"
        result = run(["paygap", str(path), "--min-group", "1", "--format", "json"])
        assert (result.exit_code, result.stderr) == (0, ""), (path, result.stderr)
