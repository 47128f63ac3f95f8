"""CSV dialects: ``--csv-dialect bg-excel`` (``;``, decimal commas, UTF-8 with a BOM, CRLF) on
every CSV salesgrid writes, read back unchanged; and the rejects file that mirrors the roster's
own dialect (delimiter, encoding, BOM, line ends), fixed and fed back as it is."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from salesgrid.batch.columns import JSON_KINDS
from salesgrid.batch.rosterread import csv_rows
from salesgrid.batch.textread import text_stream
from salesgrid.output.csvdialect import BG_EXCEL, PLAIN, CsvDialect, read_as
from salesgrid.output.streams import csv_writer

from .conftest import REPO, run

BOM = b"\xef\xbb\xbf"
ACTUAL = str(REPO / "examples" / "roster-actual.csv")


def read_back(data: bytes) -> tuple[list[str], list[list[str]]]:
    """A CSV file read by the roster's own reader (the delimiter sniffed, a BOM dropped)."""
    header, source = csv_rows(text_stream(io.BufferedReader(io.BytesIO(data)), "utf-8-sig"))
    return header, [list(row) for row in source]


def stdout(args: list[str], env: dict[str, str] | None = None) -> str:
    """What the command wrote on stdout, its line ends as written (``Result.stdout`` turns
    CRLF into LF)."""
    return run(args, env=env).stdout_bytes.decode("utf-8")


def roster_file(tmp_path: Path, args: list[str], name: str) -> bytes:
    out = tmp_path / name
    result = run(["roster", *args, "--output", str(out)])
    assert result.exit_code == 0, result.stderr
    return out.read_bytes()


# --------------------------------------------------------------------------- records


def test_bg_excel_records_read_back_as_the_same_values(tmp_path: Path) -> None:
    args = [ACTUAL, "--employer-cost", "--month", "2026-09"]
    plain = roster_file(tmp_path, args, "plain.csv")
    excel = roster_file(tmp_path, [*args, "--csv-dialect", "bg-excel"], "excel.csv")
    assert excel.startswith(BOM + b"employee_id;framework;position;")
    assert excel.count(b"\r\n") == excel.count(b"\n") == plain.count(b"\n")
    header, rows = read_back(excel)
    plain_header, plain_rows = read_back(plain)
    assert header == plain_header and len(rows) == len(plain_rows) == 5
    numbers = 0
    for row, plain_row in zip(rows, plain_rows, strict=True):
        for name, value, meant in zip(header, row, plain_row, strict=True):
            if JSON_KINDS.get(name) == "num" and meant:
                assert "." not in value and Decimal(value.replace(",", ".")) == Decimal(meant)
                numbers += "." in meant
            else:
                assert value == meant  # text as it is: position 2.3 keeps its point
    assert numbers > 20


def test_bg_excel_records_fed_back_give_the_same_records(tmp_path: Path) -> None:
    excel = tmp_path / "excel.csv"
    excel.write_bytes(roster_file(tmp_path, [ACTUAL, "--csv-dialect", "bg-excel"], "o.csv"))
    again = run(["roster", str(excel), "--ignore-unknown-columns"])
    assert again.exit_code == 0, again.stderr
    assert again.stdout == run(["roster", ACTUAL]).stdout


def test_the_default_is_plain_and_the_variable_sets_it() -> None:
    plain = stdout(["roster", ACTUAL])
    assert stdout(["roster", ACTUAL, "--csv-dialect", "plain"]) == plain
    assert stdout(["roster", ACTUAL], env={"SALESGRID_CSV_DIALECT": "plain"}) == plain
    excel = stdout(["roster", ACTUAL], env={"SALESGRID_CSV_DIALECT": "bg-excel"})
    assert excel.startswith("\ufeffemployee_id;") and "\r\n" in excel
    typed = stdout(["roster", ACTUAL, "--csv-dialect", "plain"],
                   env={"SALESGRID_CSV_DIALECT": "bg-excel"})  # fmt: skip
    assert typed == plain  # the command line wins
    bad = run(["roster", ACTUAL], env={"SALESGRID_CSV_DIALECT": "excel"})
    assert bad.exit_code == 2 and "SALESGRID_CSV_DIALECT" in bad.stderr


def test_bg_excel_quotes_a_semicolon_and_not_a_comma(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text('employee_id,position\n"Petrov; Ivan",2.3\n"Ivanov, Petar",1.1\n')
    out = stdout(["roster", str(path), "--csv-dialect", "bg-excel", "--fields",
                  "employee_id,pay_eur"])  # fmt: skip
    assert out == '\ufeffemployee_id;pay_eur\r\n"Petrov; Ivan";2783,99\r\nIvanov, Petar;926,47\r\n'


def test_bg_excel_on_a_roster_the_fast_path_would_take(tmp_path: Path) -> None:
    """A large roster of pay-only rows goes through the careful loop in bg-excel: the same
    records as the fast path's plain ones, in the dialect."""
    lines = [f"E-{i},{1 + i % 4}.{1 + i % 3}" for i in range(3_000)]
    path = tmp_path / "big.csv"
    path.write_text("employee_id,position\n" + "\n".join(lines) + "\n")
    plain = stdout(["roster", str(path)])
    excel = stdout(["roster", str(path), "--csv-dialect", "bg-excel"])
    header = plain.split("\n", 1)[0].split(",")
    numeric = [JSON_KINDS[name] == "num" for name in header]
    expected = io.StringIO()
    write = csv_writer(expected, header, dialect=BG_EXCEL, numeric=numeric)
    for row in csv.reader(io.StringIO(plain.split("\n", 1)[1])):
        write(row)
    assert excel == expected.getvalue()


def test_bg_excel_summary(tmp_path: Path) -> None:
    out = stdout(["roster", ACTUAL, "--summary-only", "--format", "csv", "--csv-dialect",
                  "bg-excel"])  # fmt: skip
    assert out.startswith("\ufeffsection;key;count;monthly_BGN;")
    assert "\r\npayroll;net;5;25780;13181,14;309360;158173,68\r\n" in out
    file = tmp_path / "totals.csv"
    run(["roster", ACTUAL, "--summary-only", "--output", str(file), "--csv-dialect", "bg-excel"])
    assert file.read_bytes().decode("utf-8") == out


# --------------------------------------------------------------------------- other commands


def test_bg_excel_in_every_command_with_csv() -> None:
    excel = {"SALESGRID_CSV_DIALECT": "bg-excel"}
    cases = {
        ("pay", "2.3", "--format", "csv"): "sales-management;2.3;2;3;5445;2783,99\r\n",
        ("pay", "2.3", "--format", "csv", "--gross", "--month", "2026-09"): ";2783,99;2026-09;EUR;3410,26;",
        ("grid", "--format", "csv"): "\r\nsales-management;1.1;1;1;1812;926,47\r\n",
        ("locate", "5000", "--format", "csv"): "below;sales-management;2.2;2;2;4645;2374,96;BGN;5000;-355\r\n",
        ("payroll", "net", "3000", "--month", "2026-09", "--format", "csv"): "2026-09;EUR;3000,00;316,94;",
        ("diff", "--add-grid", "examples/grid-2027.yaml", "--from-date", "2026-12-31",
         "--to-date", "2027-01-01", "--format", "csv"): ";changed;4345;2221,57;4400;2249,69;55;28,12;1,27\r\n",
        ("paygap", "examples/paygap-roster.csv", "--format", "csv"): "\r\nmean_gap_pct;all;;;15,78\r\n",
    }  # fmt: skip
    for args, part in cases.items():
        result = run([*args], env=excel)
        assert result.exit_code in (0, 1), (args, result.stderr)
        out = result.stdout_bytes.decode("utf-8")
        assert out.startswith("\ufeff") and part in out, (args, out)
        assert out.count("\ufeff") == 1 and out.count("\n") == out.count("\r\n"), args
        plain = stdout([*args, "--csv-dialect", "plain"], env=excel)
        assert "\ufeff" not in plain and "\r" not in plain and ";" not in plain, args


def test_paygap_report_file_in_bg_excel(tmp_path: Path) -> None:
    out = tmp_path / "report.csv"
    run(["paygap", "examples/paygap-roster.csv", "--output", str(out), "--csv-dialect",
         "bg-excel"])  # fmt: skip
    assert out.read_bytes().startswith(BOM + b"indicator;scope;women;men;value\r\n")


# --------------------------------------------------------------------------- rejects


def test_cp1251_rejects_mirror_the_roster_and_feed_back_fixed(tmp_path: Path) -> None:
    text = ("employee_id;framework;position\r\nИван Петров;sales-management;2.3\r\n"
            "Мария Георгиева;sales-management;9.9\r\n\"Стоян; Димитров\";sales-management;5.1\r\n")  # fmt: skip
    path = tmp_path / "staff.csv"
    path.write_bytes(text.encode("cp1251"))
    rejects = tmp_path / "rejects.csv"
    result = run(["roster", str(path), "--encoding", "cp1251", "--rejects", str(rejects)])
    assert result.exit_code == 4
    data = rejects.read_bytes()
    assert not data.startswith(BOM) and data.count(b"\r\n") == data.count(b"\n") == 3
    written = data.decode("cp1251")  # strict: every byte is cp1251
    assert written.startswith("employee_id;framework;position;line;reason\r\n")
    assert "\r\nМария Георгиева;sales-management;9.9;3;position 9.9" in written
    assert '\r\n"Стоян; Димитров";sales-management;5.1;4;' in written
    fixed = tmp_path / "fixed.csv"
    fixed.write_bytes(written.replace(";9.9;", ";2.2;").replace(";5.1;", ";3.1;").encode("cp1251"))
    again = run(["roster", str(fixed), "--encoding", "cp1251"])
    assert again.exit_code == 0, again.stderr
    assert again.stdout.splitlines()[1:] == [
        "Мария Георгиева,sales-management,2.2,4645,2374.96,2.3,800,3.1,2888",
        "Стоян; Димитров,sales-management,3.1,7533,3851.57,3.2,300,4.1,4050",
    ]


def test_a_utf8_bom_roster_mirrors_a_bom_and_a_plain_one_stays_plain(tmp_path: Path) -> None:
    for start, crlf in ((BOM, b"\n"), (b"", b"\n"), (BOM, b"\r\n"), (b"", b"\r")):
        path = tmp_path / "r.csv"
        path.write_bytes(start + crlf.join([b"employee_id,position", b"E1,9.9", b""]))
        rejects = tmp_path / "rejects.csv"
        assert run(["roster", str(path), "--rejects", str(rejects)]).exit_code == 4
        assert rejects.read_bytes() == start + crlf.join(
            [b"employee_id,position,line,reason",
             b"E1,9.9,2,position 9.9 is not in Sales Management: it has levels 1-4", b""]
        )  # fmt: skip


def test_a_jsonl_rosters_csv_rejects_stay_plain(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text('{"employee_id": "E1", "position": "9.9"}\n')
    rejects = tmp_path / "rejects.csv"
    assert run(["roster", str(path), "--rejects", str(rejects)]).exit_code == 4
    assert rejects.read_bytes().startswith(
        b"employee_id,framework,position,level,step,line,reason\nE1,,9.9,,,1,position 9.9 is"
    )


def test_only_a_trailing_line_and_reason_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("employee_id,line,position,reason\nE1,2,2.3,x\n")
    result = run(["roster", str(path)])
    assert result.exit_code == 2 and "unknown columns 'line', 'reason'" in result.stderr


# --------------------------------------------------------------------------- the writer

DIALECTS = [
    BG_EXCEL,
    read_as(";", "cp1251", False, "a\r\n"),
    read_as(",", "utf-8-sig", True, "a\r"),
    read_as("\t", "utf-8-sig", False, "a\n"),
]


@given(
    st.sampled_from(DIALECTS),
    st.lists(st.lists(st.text(alphabet=';,"\t\r\n a1.', max_size=6), min_size=2, max_size=2),
             max_size=4),
)  # fmt: skip
def test_every_written_row_reads_back(dialect: CsvDialect, rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    write = csv_writer(buffer, ["a", "b"], dialect=dialect)
    for row in rows:
        write(row)
    text = buffer.getvalue().removeprefix("\ufeff")
    back = list(csv.reader(io.StringIO(text, newline=""), delimiter=dialect.delimiter))
    assert back == [["a", "b"], *rows]


def test_the_plain_dialect_is_todays_writer() -> None:
    assert PLAIN.writes_plain and not BG_EXCEL.writes_plain
    assert read_as(",", "utf-8-sig", False, "a,b\n").writes_plain


def test_a_dialect_typed_where_no_csv_is_written_is_refused() -> None:
    for args in (["pay", "2.3"], ["locate", "5445", "--format", "json"],
                 ["roster", ACTUAL, "--format", "jsonl"]):  # fmt: skip
        result = run([*args, "--csv-dialect", "bg-excel"])
        assert result.exit_code == 2, args
        assert "--csv-dialect says how CSV is written, and this writes none" in result.stderr
        quiet = run(args, env={"SALESGRID_CSV_DIALECT": "bg-excel"})  # the variable: left alone
        assert quiet.exit_code == 0 and "\ufeff" not in quiet.stdout, args
