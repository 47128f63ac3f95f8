"""Reading CSV rosters right: Excel's leftovers and the fast path's faults.

- A5: header cells left empty (Excel's trailing ``;;;``) are ignored, a value under one is a
  rejected row naming the column; rows of only delimiters are blank rows, skipped and counted
  (the summary's ``blank``) alike by the careful loop, the block fast path and two processes;
  a UTF-8 roster given ``--encoding cp1251`` (or another single-byte code page) is exit 2.
- B1: a field over the 100,000-character limit is rejected on every path.
- B2: a CRLF across a chunk boundary of the split's line count is one line end.
- B3: a block whose last line holds most of its text is cut with progress (no RecursionError).
"""

from __future__ import annotations

import json
import os
import random
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesgrid.batch import blocks, codepage, fast, parallel
from salesgrid.batch.blocks import Block, may_hold_long_field, pieces
from salesgrid.batch.textread import MAX_FIELD

from .conftest import run

HEADER = (
    "employee_id,framework,position,pay_bgn,pay_eur,next_step,next_step_delta_bgn,next_level,"
    "next_level_delta_bgn\n"
)
E1 = "E1,sales-management,2.3,5445,2783.99,2.4,900,3.1,2088\n"
E2 = "E2,sales-management,2.4,6345,3244.15,,,3.1,1188\n"
POSITIONS = [f"{level}.{step}" for level in range(1, 5) for step in range(1, 5)]
fork_only = pytest.mark.skipif(not hasattr(os, "fork"), reason="two processes need os.fork")


def write(tmp_path: Path, data: str | bytes, name: str = "staff.csv") -> Path:
    path = tmp_path / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8", newline="")
    else:
        path.write_bytes(data)
    return path


def summary(args: list[str]) -> dict[str, int]:
    result = run([*args, "--summary-only", "--format", "json"])
    assert result.exit_code in (0, 4), result.stderr
    rows: dict[str, int] = json.loads(result.stdout)["rows"]
    return rows


def outcome(tmp_path: Path, roster: Path, extra: list[str], name: str) -> tuple[object, ...]:
    """Everything a run gives: exit code, stdout, stderr, the output and rejects files."""
    folder = tmp_path / name
    folder.mkdir(exist_ok=True)
    out, rejects = folder / "out.txt", folder / "rejects.csv"
    args = ["roster", str(roster), "--output", str(out), "--rejects", str(rejects), *extra]
    result = run(args)
    files = [p.read_bytes() if p.exists() else None for p in (out, rejects)]
    return result.exit_code, result.stdout, result.stderr.replace(str(folder), "F"), *files


def every_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, roster: Path, extra: list[str]
) -> tuple[object, ...]:
    """The outcome with every row through the careful loop, which the block fast path and, where
    os.fork exists, two processes must give byte for byte; the outcome back."""
    monkeypatch.setattr(parallel, "MIN_BYTES", 1 << 60)
    monkeypatch.setattr(fast, "ENABLED", False)
    careful = outcome(tmp_path, roster, extra, "careful")
    monkeypatch.setattr(fast, "ENABLED", True)
    for size in (256, 4096, 1 << 18):
        monkeypatch.setattr(blocks.BlockSource, "SIZE", size)
        assert outcome(tmp_path, roster, extra, f"fast-{size}") == careful, size
        if hasattr(os, "fork"):
            monkeypatch.setattr(parallel, "MIN_BYTES", 1)
            assert outcome(tmp_path, roster, extra, f"two-{size}") == careful, size
            monkeypatch.setattr(parallel, "MIN_BYTES", 1 << 60)
    return careful


# --------------------------------------------------------------------- A5: empty header cells


def test_a_header_ending_in_empty_cells_is_read(tmp_path: Path) -> None:
    """Before: exit 2, "the header names column '' twice"."""
    path = write(tmp_path, "employee_id;position;;;\nE1;2.3;;;\nE2;2.4;;;\n")
    result = run(["roster", str(path)])
    assert (result.exit_code, result.stdout, result.stderr) == (0, HEADER + E1 + E2, "")


def test_an_empty_header_cell_between_columns_is_ignored(tmp_path: Path) -> None:
    """Before: exit 2, "unknown column(s) ''" (or ignored only with --ignore-unknown-columns)."""
    path = write(tmp_path, "employee_id,,position, \nE1,,2.3,\nE2, ,2.4,  \n")
    result = run(["roster", str(path)])
    assert (result.exit_code, result.stdout, result.stderr) == (0, HEADER + E1 + E2, "")


def test_a_value_under_an_empty_header_rejects_its_row(tmp_path: Path) -> None:
    path = write(tmp_path, "employee_id;position;;;\nE1;2.3;;;\nE9;1.1;;x;\nE2;2.4;;;\n")
    result = run(["roster", str(path)])
    assert result.exit_code == 4
    assert result.stdout == HEADER + E1 + E2
    assert result.stderr == (
        "row 3: column 4 has a value ('x') but no header: name the column or clear it\n"
    )


def test_a_named_column_twice_is_still_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "employee_id,position,,position\nE1,2.3,,2.3\n")
    result = run(["roster", str(path)])
    assert result.exit_code == 2
    assert "the header names column 'position' twice" in result.stderr


def test_empty_header_cells_on_every_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A value under an empty header cell hands the block back: the fast path and two
    processes reject the same rows with the same lines as the careful loop."""
    rng = random.Random(5)
    lines = ["employee_id,position,,"]
    for n in range(3000):
        stray = "x" if rng.random() < 0.01 else ""
        lines.append(f"E{n:05d},{rng.choice(POSITIONS)},{stray},")
    roster = write(tmp_path, "\n".join(lines) + "\n")
    careful = every_path(tmp_path, monkeypatch, roster, ["--summary"])
    assert careful[0] == 4
    assert b"column 3 has a value ('x') but no header" in careful[4]  # type: ignore[operator]


# --------------------------------------------------------------------- A5: blank rows


def test_rows_of_only_delimiters_are_blank_rows(tmp_path: Path) -> None:
    """Before: each `;;;;` row was rejected ("no position")."""
    text = "employee_id;position;;;\nE1;2.3;;;\n;;;;\n ; ;\t;;\n\nE2;2.4;;;\n;;;\nE3;9.9;;;\n"
    path = write(tmp_path, text)
    result = run(["roster", str(path), "--summary"])
    assert result.exit_code == 4
    assert result.stdout == HEADER + E1 + E2
    said = result.stderr.splitlines()
    assert said[0] == "row 8: position 9.9 is not in Sales Management: it has levels 1-4"
    assert said[1] == "salesgrid: rows: 3 read, 2 written, 1 rejected, 4 blank"
    rows = summary(["roster", str(path)])
    assert rows == {"read": 3, "written": 2, "rejected": 1, "blank": 4}


def test_blank_is_always_in_the_summary(tmp_path: Path) -> None:
    path = write(tmp_path, "employee_id,position\nE1,2.3\n")
    assert summary(["roster", str(path)]) == {"read": 1, "written": 1, "rejected": 0, "blank": 0}
    result = run(["roster", str(path), "--summary-only", "--format", "csv"])
    assert "rows,blank,0,,,,\n" in result.stdout


def test_blank_rows_with_strict_stop_nothing(tmp_path: Path) -> None:
    path = write(tmp_path, "employee_id,position\nE1,2.3\n,\n, \nE2,2.4\n")
    result = run(["roster", str(path), "--strict"])
    assert (result.exit_code, result.stdout) == (0, HEADER + E1 + E2)


def test_blank_rows_of_another_width_are_blank_too(tmp_path: Path) -> None:
    path = write(tmp_path, "employee_id,position\nE1,2.3\n,,,,\n\t\nE2,2.4\n")
    assert summary(["roster", str(path)]) == {"read": 2, "written": 2, "rejected": 0, "blank": 2}


@pytest.mark.parametrize("kind", ["pay", "assessed"])
def test_blank_rows_are_counted_alike_on_every_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    """The careful loop counts them; the fast path hands their blocks back; the child of two
    processes counts its own and hands the count back."""
    rng = random.Random(11)
    header = "employee_id,position"
    if kind == "assessed":
        header += ",in_position_since,review_date,rating_technical,rating_business,"
        header += "rating_people,rating_adaptive,business_experience,business_exposure,"
        header += "opportunity_finding_proven,external_factors_proven,kpoc_completed,"
        header += "failed_kpocs_in_a_row,corrective_action_plan"
    width = header.count(",") + 1
    tail = ",2025-03-01,2026-10-15,managed,managed,managed,managed,managed,managed,true,true,"
    tail += "true,0,false"
    lines = [header]
    blank = 0
    for n in range(4000):
        if rng.random() < 0.01:
            lines.append(rng.choice(["", "," * (width - 1), " ," * (width - 1), ",,"]))
            blank += 1
        else:
            lines.append(f"E{n:05d},{rng.choice(POSITIONS)}" + (tail if kind == "assessed" else ""))
    roster = write(tmp_path, "\r\n".join(lines) + "\r\n")
    careful = every_path(tmp_path, monkeypatch, roster, ["--summary"])
    assert careful[0] == 0
    assert f", 0 rejected, {blank} blank" in str(careful[2])


@pytest.mark.parametrize("blank_rows", [True, False])
def test_a_source_says_whether_its_rows_of_spaces_are_blank(blank_rows: bool) -> None:
    """The loop, in the core: a source of CSV lines (or of a sheet's rows, given blank_rows)
    skips and counts a row of only spaces; a source of records (JSONL, mappings) rejects it."""
    from salesgrid.batch.roster import process
    from salesgrid.batch.rows import NumberedSource
    from salesgrid.batch.spec import RosterSpec
    from salesgrid.batch.summary import Summary
    from salesgrid.files.loader import load_competencies, load_grid, load_landing

    spec = RosterSpec(["employee_id", "position"], load_grid(), load_competencies,
                      date(2026, 11, 22), None, False, landing=load_landing())  # fmt: skip
    rows = [(2, ["E1", "2.3"]), (3, [" ", ""]), (4, []), (5, ["E2", "2.4"])]
    written: list[tuple[str, ...]] = []
    rejected: list[object] = []
    summary = Summary()
    process(spec, NumberedSource(iter(rows), blank_rows), written.append, rejected.append,
            summary, False)  # fmt: skip
    assert [record[0] for record in written] == ["E1", "E2"]
    assert (summary.read, summary.blank, len(rejected)) == ((2, 2, 0) if blank_rows else (3, 1, 1))


def test_jsonl_counts_its_empty_lines_and_rejects_an_empty_object(tmp_path: Path) -> None:
    text = '\n{"employee_id": "E1", "position": "2.3"}\n   \n{}\n\n'
    path = write(tmp_path, text, "staff.jsonl")
    result = run(["roster", str(path), "--summary"])
    assert result.exit_code == 4
    assert "row 4: no position" in result.stderr
    assert "rows: 2 read, 1 written, 1 rejected, 3 blank" in result.stderr


def test_diff_roster_reads_blank_rows_and_empty_header_cells(tmp_path: Path) -> None:
    """diff --roster reads a roster as `salesgrid roster` does: the same people counted."""
    examples = Path(__file__).resolve().parent.parent / "examples"
    path = write(tmp_path, "employee_id;position;;\nE1;2.3;;\n;;;\n\nE2;2.4;;\n")
    args = ["diff", "--add-grid", str(examples / "grid-2027.yaml"), "-f", "sales-management",
            "--from-date", "2026-12-31", "--to-date", "2027-01-01", "--roster", str(path),
            "--format", "csv"]  # fmt: skip
    result = run(args)
    assert (result.exit_code, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert [line.split(",")[10] for line in lines[1:]] == [
        "1" if line.split(",")[1] in ("2.3", "2.4") else "0" for line in lines[1:]
    ]


# --------------------------------------------------------------------- A5: UTF-8 under cp1251


UTF8_MESSAGE = (
    "salesgrid: error: the roster is UTF-8, not {}: drop --encoding (UTF-8 is the default)\n"
)


@pytest.mark.parametrize(
    ("given", "named"),
    [("cp1251", "cp1251"), ("windows-1252", "cp1252"), ("latin-1", "iso8859-1"),
     ("koi8-r", "koi8-r"), ("iso-8859-5", "iso8859-5")],
)  # fmt: skip
def test_a_utf8_roster_read_as_a_code_page_is_refused(
    tmp_path: Path, given: str, named: str
) -> None:
    """Before: garbled names, exit 0 (or a row rejected for a byte the code page lacks)."""
    path = write(tmp_path, "employee_id,position\nМария Петрова,2.3\nJosé,2.4\n")
    output = tmp_path / "out.csv"
    result = run(["roster", str(path), "--encoding", given, "--output", str(output)])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == UTF8_MESSAGE.format(named)
    assert not output.exists()


def test_a_utf8_roster_on_stdin_is_refused_before_anything_is_written() -> None:
    text = "employee_id,position\nE1,2.3\nМария,2.4\n"
    result = run(["roster", "-", "--encoding", "cp1251"], input=text)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == UTF8_MESSAGE.format("cp1251")


def test_a_utf8_jsonl_roster_read_as_cp1251_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, '{"employee_id": "Иван", "position": "2.3"}\n', "staff.jsonl")
    result = run(["roster", str(path), "--encoding", "cp1251"])
    assert (result.exit_code, result.stderr) == (2, UTF8_MESSAGE.format("cp1251"))


def test_a_utf8_bom_read_as_cp1251_is_refused(tmp_path: Path) -> None:
    """An ASCII roster saved as "UTF-8 with BOM": the BOM alone says UTF-8 (read as cp1251 it
    would be part of the first column's name)."""
    path = write(tmp_path, b"\xef\xbb\xbfemployee_id,position\nE1,2.3\n")
    result = run(["roster", str(path), "--encoding", "cp1251"])
    assert (result.exit_code, result.stderr) == (2, UTF8_MESSAGE.format("cp1251"))


def test_cp1251_rosters_and_ascii_ones_are_read_as_before(tmp_path: Path) -> None:
    text = "employee_id,position\nИван Петров,2.3\nЁлка №1 «x»,2.4\n"
    path = write(tmp_path, text.encode("cp1251"))
    result = run(["roster", str(path), "--encoding", "cp1251", "--fields", "employee_id"])
    assert (result.exit_code, result.stdout) == (0, "employee_id\nИван Петров\nЁлка №1 «x»\n")
    ascii_path = write(tmp_path, "employee_id,position\nE1,2.3\n", "ascii.csv")
    for encoding in ("cp1251", "latin-1", "utf-8"):
        result = run(["roster", str(ascii_path), "--encoding", encoding])
        assert (result.exit_code, result.stdout) == (0, HEADER + E1)


def test_utf8_read_as_utf8_or_utf16_is_not_looked_at(tmp_path: Path) -> None:
    path = write(tmp_path, "employee_id,position\nИван,2.3\n")
    result = run(["roster", str(path), "--encoding", "utf-8", "--fields", "employee_id"])
    assert (result.exit_code, result.stdout) == (0, "employee_id\nИван\n")


def test_utf8_after_the_first_mib_of_a_file_is_refused_before_anything(tmp_path: Path) -> None:
    """A regular file whose first MiB is ASCII is looked through to its first non-ASCII bytes
    before any row is read."""
    rows = "".join(f"E{n:07d},2.3\n" for n in range(90_000))  # about 1.1 MB of ASCII
    path = write(tmp_path, "employee_id,position\n" + rows + "Мария,2.4\n")
    result = run(["roster", str(path), "--encoding", "cp1251"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == UTF8_MESSAGE.format("cp1251")
    cp1251 = write(tmp_path, ("employee_id,position\n" + rows + "Мария,2.4\n").encode("cp1251"))
    result = run(["roster", str(cp1251), "--encoding", "cp1251", "--fields", "employee_id"])
    assert result.exit_code == 0 and result.stdout.endswith("\nМария\n")


LATE_STDIN = (
    "salesgrid: error: the roster is UTF-8, not cp1251: drop --encoding (UTF-8 is the default); "
    "its first non-ASCII text, at byte {:,}, came after the first MiB of a stream, once the "
    "records before it were written: do not use them\n"
)


@pytest.mark.parametrize("enabled", [True, False])
def test_utf8_after_the_first_mib_of_a_stream_is_refused_at_its_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, enabled: bool
) -> None:
    """A stream cannot be looked through: the run goes on, and is refused once every row is
    read (the same on the fast path and the careful loop, whatever their chunks); no output
    file is written."""
    monkeypatch.setattr(fast, "ENABLED", enabled)
    monkeypatch.setattr(codepage, "PREFIX", 4096)
    rows = [f"E{n:05d},{POSITIONS[n % 16]}" for n in range(2000)]
    rows[1500] = "Мария,2.4"
    text = "employee_id,position\n" + "\n".join(rows) + "\n"
    at = text.encode().index("Мария".encode())
    result = run(["roster", "-", "--encoding", "cp1251"], input=text.encode())  # type: ignore[arg-type]
    assert result.exit_code == 2
    assert result.stdout.count("\n") == 2001  # the records, the garbled name's among them
    assert result.stderr == LATE_STDIN.format(at)
    output = tmp_path / "out.csv"
    args = ["roster", "-", "--encoding", "cp1251", "--output", str(output)]
    result = run(args, input=text.encode())  # type: ignore[arg-type]
    assert result.exit_code == 2 and not output.exists()
    rows[100] = "E-bad,9.9"  # --strict stops there, before the end: exit 4, as it stopped
    text = "employee_id,position\n" + "\n".join(rows) + "\n"
    result = run(["roster", "-", "--encoding", "cp1251", "--strict"], input=text.encode())  # type: ignore[arg-type]
    assert result.exit_code == 4
    assert "row 102: position 9.9" in result.stderr and "UTF-8" not in result.stderr


def test_utf8_late_in_a_jsonl_stream(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(codepage, "PREFIX", 1024)
    lines = [json.dumps({"employee_id": f"E{n}", "position": "2.3"}) for n in range(100)]
    text = "\n".join(
        [*lines, json.dumps({"employee_id": "Мария", "position": "2.3"}, ensure_ascii=False)]
    )
    at = text.encode().index("Мария".encode())
    args = ["roster", "-", "--input-format", "jsonl", "--encoding", "cp1251"]
    result = run(args, input=text.encode() + b"\n")  # type: ignore[arg-type]
    assert (result.exit_code, result.stderr) == (2, LATE_STDIN.format(at))


@fork_only
@pytest.mark.parametrize("where", ["utf-8 early", "utf-8 late", "cp1251 then utf-8", "ascii"])
def test_utf8_late_in_a_file_read_by_two_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """Two processes decide where one does: on the file's first non-ASCII bytes (UTF-8 in the
    first half or in the second; a file in cp1251 up to the second half, then in UTF-8, is read
    as cp1251, as by one process)."""
    monkeypatch.setattr(codepage, "PREFIX", 1024)  # the first KiB read ahead, not the first MiB
    rows = [f"E{n:05d},{POSITIONS[n % 16]}" for n in range(4000)]
    head = "employee_id,position\n"
    if where == "ascii":
        data = (head + "\n".join(rows) + "\n").encode()
    else:
        at = 3000 if where == "utf-8 late" else 1000
        rows[at] = "Иван,2.3"
        rows[3500] = "Мария,2.4"
        first = head + "\n".join(rows[:2000]) + "\n"
        data = first.encode("cp1251" if where == "cp1251 then utf-8" else "utf-8")
        data += ("\n".join(rows[2000:]) + "\n").encode()
    roster = write(tmp_path, data)
    monkeypatch.setattr(parallel, "MIN_BYTES", 1 << 60)
    one = outcome(tmp_path, roster, ["--encoding", "cp1251"], "one")
    monkeypatch.setattr(parallel, "MIN_BYTES", 1)
    two = outcome(tmp_path, roster, ["--encoding", "cp1251"], "two")
    assert two == one
    assert one[0] == (0 if where in ("ascii", "cp1251 then utf-8") else 2)


@given(text=st.text(st.sampled_from("АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЬЮЯабвгдежзийклмнопрстуфхцчшщъьюя"
                                    " ,.-;0123456789abcXYZ\n"), min_size=1))  # fmt: skip
def test_bulgarian_text_in_cp1251_is_never_taken_for_utf8(text: str) -> None:
    data = text.encode("cp1251")
    if data.isascii():
        return
    first = next(i for i, byte in enumerate(data) if byte >= 0x80)
    assert not codepage.utf8_text(data[first:], final=True)
    assert not codepage.utf8_text(data[first:], final=False) or len(data) - first == 1


@pytest.mark.parametrize(
    ("codec", "single"),
    [("cp1251", True), ("latin-1", True), ("koi8-u", True), ("ascii", True),
     ("utf-8", False), ("utf-8-sig", False), ("utf-16", False), ("shift_jis", False),
     ("cp037", False), ("utf-7", False), ("no-such-codec", False)],
)  # fmt: skip
def test_single_byte_code_pages(codec: str, single: bool) -> None:
    assert codepage.single_byte(codec) is single


# --------------------------------------------------------------------- B1: long fields


@pytest.mark.parametrize("extra", [[], ["--fields", "employee_id,pay_eur"], ["--format", "jsonl"]])
def test_a_field_over_the_limit_is_rejected_on_every_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra: list[str]
) -> None:
    """Before: the fast path wrote the row (exit 0) where --fields or the row loop rejected it."""
    rows = [f"E{n:04d},{POSITIONS[n % 16]},x" for n in range(300)]
    rows[150] = "E-long,2.3," + "y" * (MAX_FIELD + 1)
    rows[200] = "E-at,2.3," + "z" * MAX_FIELD  # at the limit: read
    roster = write(tmp_path, "employee_id,position,note\n" + "\n".join(rows) + "\n")
    careful = every_path(tmp_path, monkeypatch, roster, ["--ignore-unknown-columns", *extra])
    assert careful[0] == 4
    assert b',152,"a field longer than 100,000 characters' in careful[4]  # type: ignore[operator]
    assert b"E-at" in careful[3] and b"E-long" not in careful[3]  # type: ignore[operator]


def test_a_long_field_in_the_one_block_of_a_small_file(tmp_path: Path) -> None:
    """The shape of the report: ten rows and an over-long one, pay-only CSV out."""
    text = "employee_id,position,note\n" + "".join(f"E{n},2.3,x\n" for n in range(10))
    path = write(tmp_path, text + "E-long,2.3," + "y" * (MAX_FIELD + 1) + "\n")
    result = run(["roster", str(path), "--ignore-unknown-columns"])
    assert result.exit_code == 4
    assert result.stdout.count("\n") == 11
    assert "row 12: a field longer than 100,000 characters" in result.stderr


@given(
    lengths=st.lists(st.integers(0, 260), min_size=1, max_size=40),
    ends=st.lists(st.booleans(), min_size=40, max_size=40),
    limit=st.integers(2, 120),
)
def test_may_hold_long_field_misses_no_long_field(
    lengths: list[int], ends: list[bool], limit: int
) -> None:
    """No false "no": a field longer than the limit is always seen (the C check is exact one
    way; a field of more than half the limit may be sent to the careful reader needlessly)."""
    text = ""
    for index, length in enumerate(lengths):
        text += "x" * length + ("\n" if ends[index] else ",")
    if max(lengths) > limit:
        assert may_hold_long_field(text, ",", limit)
    if len(text) <= limit:
        assert not may_hold_long_field(text, ",", limit)


# --------------------------------------------------------------------- B2: CRLF at a chunk end


@fork_only
def test_a_crlf_across_a_chunk_boundary_of_the_line_count(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: each reject in the second half was numbered one line too far."""
    rows = [f"E{n:05d},{POSITIONS[n % 16]}" for n in range(4000)]
    rows[3000] = "E-late,9.9"
    data = ("employee_id,position\r\n" + "\r\n".join(rows) + "\r\n").encode()
    start = data.index(b"\n") + 1
    scan = next(s for s in range(1000, 2000) if data[start + s - 1 : start + s + 1] == b"\r\n")
    monkeypatch.setattr(parallel, "SCAN", scan)  # a chunk ends between a CR and its LF
    roster = write(tmp_path, data)
    monkeypatch.setattr(parallel, "MIN_BYTES", 1 << 60)
    one = outcome(tmp_path, roster, [], "one")
    monkeypatch.setattr(parallel, "MIN_BYTES", 1)
    forks: list[int] = []
    real = parallel.run_halves

    def counted(*args: object) -> bool:
        forks.append(1)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(parallel, "run_halves", counted)
    two = outcome(tmp_path, roster, [], "two")
    assert forks == [1]
    assert b"E-late,9.9,3002,position 9.9" in one[4]  # type: ignore[operator]
    assert two == one


# --------------------------------------------------------------------- B3: a long last line


def test_a_long_last_line_after_a_bad_row(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Before: exit 70 (RecursionError), only the header written."""
    rows = [f"E{n},2.3,x" for n in range(101)]
    rows[50] = "E-bad,,x"
    rows[-1] = "E-last,2.3," + "n" * 8000
    roster = write(tmp_path, "employee_id,position,note\n" + "\n".join(rows) + "\n")
    result = run(["roster", str(roster), "--ignore-unknown-columns"])
    assert result.exit_code == 4
    assert result.stderr == "row 52: no position: fill 'position' (L.S) or 'level' and 'step'\n"
    assert result.stdout.count("\n") == 101
    every_path(tmp_path, monkeypatch, roster, ["--ignore-unknown-columns"])


@given(
    lengths=st.lists(st.integers(0, 40), min_size=64, max_size=200),
    last=st.integers(0, 20_000),
    crlf=st.booleans(),
)
def test_pieces_always_make_progress(lengths: list[int], last: int, crlf: bool) -> None:
    eol = "\r\n" if crlf else "\n"
    lines = ["x" * n + eol for n in [*lengths, last]]
    raw = "".join(lines)
    text = raw.replace("\r\n", "\n") if crlf else raw
    block = Block(text, raw, 7, len(lines))
    found = pieces(block)
    assert found is not None and len(found) >= 2
    assert "".join(p.raw for p in found) == raw
    assert "".join(p.text for p in found) == text
    line = 7
    for piece in found:
        assert 0 < piece.lines < block.lines
        assert piece.line == line and piece.text.count("\n") == piece.lines
        line += piece.lines


def test_cp1251_text_that_is_utf8_only_by_chance_is_read_as_cp1251(tmp_path: Path) -> None:
    """Cyrillic Ve and a no-break space in cp1251 (C2 A0) are also the UTF-8 of a lone no-break space:
    Latin-1 alone is no proof of UTF-8, so the --encoding given is believed; Cyrillic is."""
    chance = tmp_path / "chance.csv"
    chance.write_bytes(b"employee_id,position\n\xc2\xa0E-1,2.3\n")
    result = run(["roster", str(chance), "--encoding", "cp1251", "--format", "jsonl"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["employee_id"] == "В\u00a0E-1"
    cyrillic = tmp_path / "utf8.csv"
    cyrillic.write_bytes("employee_id,position\nИво,2.3\n".encode())
    refused = run(["roster", str(cyrillic), "--encoding", "cp1251"])
    assert refused.exit_code == 2
    assert "the roster is UTF-8, not cp1251" in refused.stderr
