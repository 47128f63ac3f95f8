"""Fuzzing the roster's readers on the shapes of Excel's exports, on every path at once.

Each case draws a CSV roster with the shapes that went wrong: fields at and over the 100,000-
character limit, CRLF line ends across the chunks of the reader and of the split's line count,
a long last line after a bad row, header cells left empty (with and without a value under
them), rows of only delimiters and empty lines, and UTF-8 bytes under ``--encoding cp1251``. It
runs through the CLI with every row on the careful loop, then on the block fast path (at a drawn
block size), then (where os.fork exists) in two processes (at a drawn chunk size of the line
count), and checks, as tests/test_fuzz.py does:

- no exit 70, no traceback, a documented exit code, a reason on stderr, no unbounded line;
- rows read = written + rejected, checked against the output and rejects files, and the blank
  rows counted apart (exactly, where the generator knows them);
- the fast path and two processes give what the careful loop gives, byte for byte (output,
  rejects, stderr, exit code), as tests/test_fastpath.py and tests/test_parallel.py require.

The default profile takes seconds; ``--hypothesis-profile=long`` runs 30 times as many cases.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salesgrid.batch import blocks, codepage, fast, parallel
from salesgrid.batch.textread import MAX_FIELD

from .conftest import run

DOCUMENTED_EXITS = {0, 1, 2, 3, 4, 5, 74, 129, 130, 141, 143}
SUMMARY = re.compile(
    r"rows: (\d+) read, (\d+) written, (\d+) rejected, (\d+) blank(?:, (\d+) not written)?"
)
POSITIONS = [f"{level}.{step}" for level in range(1, 5) for step in range(1, 5)]
UTF8 = "the roster is UTF-8, not cp1251: drop --encoding (UTF-8 is the default)"


def budget(ci_cases: int) -> settings:
    """``ci_cases`` in the default profile, scaled with the active profile's max_examples."""
    scale = settings.default.max_examples / 100
    return settings(max_examples=max(1, round(ci_cases * scale)))


@dataclass
class Roster:
    """A drawn roster, kept small to show (its bytes are built from it)."""

    delimiter: str
    eol: str
    header: list[str]
    kinds: list[str]
    stray: list[int]  # for each row, which empty header cell a stray value goes under
    spaces: list[bool]  # for each blank row, spaces between its delimiters
    encoding: str  # utf-8; cp1251 (the file and --encoding); utf-8 under cp1251

    def build(self) -> tuple[bytes, int, int]:
        """The file's bytes, the rows read and the blank rows (and empty lines) in it."""
        header, delimiter = self.header, self.delimiter
        width = len(header)
        where = {name: index for index, name in enumerate(header) if name.strip()}
        unnamed = [index for index, name in enumerate(header) if not name.strip()]
        lines: list[str] = []
        read = blank = 0
        for number, kind in enumerate(self.kinds):
            cells = [""] * width
            cells[where["employee_id"]] = f"E{number:05d}"
            cells[where["position"]] = POSITIONS[number % 16]
            long = LONG.get(kind)
            if kind == "bad_position":
                cells[where["position"]] = "9.9"
            elif kind == "no_position":
                cells[where["position"]] = ""
            elif kind == "blank":
                cells = [" " if self.spaces[number] else ""] * width
            elif kind == "empty_line":
                cells = []
            elif kind == "stray" and unnamed:
                cells[unnamed[self.stray[number] % len(unnamed)]] = "x"
            elif kind == "width":
                cells.append("extra")
            elif long is not None:  # in the note, else the employee id: this many characters
                column = where.get("note", where["employee_id"])
                start = cells[column] if column == where["employee_id"] else ""
                cells[column] = start + "y" * (long - len(start))
            elif kind == "cyrillic":
                cells[where["employee_id"]] = f"Иван-{number}"
            elif kind == "quoted":
                cells[where["employee_id"]] = f'"E{number}{delimiter}q"'
            if kind in ("blank", "empty_line"):
                blank += 1
            else:
                read += 1
            lines.append(delimiter.join(cells))
        text = delimiter.join(header) + self.eol + "".join(line + self.eol for line in lines)
        return text.encode("cp1251" if self.encoding == "cp1251" else "utf-8"), read, blank

    def options(self) -> list[str]:
        return [] if self.encoding == "utf-8" else ["--encoding", "cp1251"]


ROW_KINDS = (
    ["clean"] * 12
    + ["bad_position", "no_position", "blank", "blank", "empty_line", "stray", "width"]
    + ["long_at", "long_over", "long_half", "cyrillic", "quoted"]
)
LONG = {"long_at": MAX_FIELD, "long_over": MAX_FIELD + 1, "long_half": MAX_FIELD // 2 + 3,
        "long_last": 8000}  # fmt: skip


@st.composite
def rosters(draw: st.DrawFn) -> Roster:
    header = ["employee_id", "position", *(["note"] if draw(st.booleans()) else [])]
    for _ in range(draw(st.integers(0, 3))):  # empty header cells, anywhere after the first
        header.insert(draw(st.integers(1, len(header))), draw(st.sampled_from(["", " "])))
    count = draw(st.sampled_from([0, 3, 40, 70, 150, 400]))
    kinds = [draw(st.sampled_from(ROW_KINDS)) for _ in range(count)]
    if count and draw(st.integers(0, 3)) == 0:  # a long last line after a bad row
        kinds[draw(st.integers(0, count - 1))] = "bad_position"
        kinds[-1] = "long_last"
    return Roster(
        draw(st.sampled_from([",", ";", "\t"])),
        draw(st.sampled_from(["\n", "\r\n", "\r\n"])),
        header,
        kinds,
        [draw(st.integers(0, 3)) for _ in kinds],
        [draw(st.booleans()) for _ in kinds],
        draw(st.sampled_from(["utf-8", "utf-8", "cp1251", "utf-8 under cp1251"])),
    )


def _records(text: bytes, fmt: str) -> int:
    if fmt == "jsonl":
        return sum(1 for line in text.split(b"\n") if line)
    rows = list(csv.reader(io.StringIO(text.decode("utf-8"), newline="")))
    return max(0, len(rows) - 1)


def _outcome(
    roster: Path, extra: list[str], folder: Path, stdin: bool = False
) -> tuple[object, ...]:
    """Exit code, stdout, stderr, the output and rejects files; ``stdin``: the roster piped in
    (a stream, not a file: its encoding decided as it is read)."""
    folder.mkdir()
    out, rejects = folder / "out.txt", folder / "rejects.csv"
    args = ["roster", "-" if stdin else str(roster), "--output", str(out), "--rejects",
            str(rejects), "--summary", "--ignore-unknown-columns", *extra]  # fmt: skip
    result = run(args, input=roster.read_bytes() if stdin else None)  # type: ignore[arg-type]
    why = f"\nargs={args}\nexit={result.exit_code}\nstderr={result.stderr[:1500]!r}"
    exc = result.exception
    assert exc is None or isinstance(exc, SystemExit), f"uncaught {exc!r}" + why
    assert "Traceback" not in result.stderr + result.stdout, why
    assert result.exit_code in DOCUMENTED_EXITS and result.exit_code != 70, why
    assert result.exit_code == 0 or result.stderr.strip() or result.exit_code == 4, why
    assert max((len(line) for line in result.stderr.splitlines()), default=0) <= 2_000, why
    files = [p.read_bytes() if p.exists() else None for p in (out, rejects)]
    return result.exit_code, result.stdout, result.stderr.replace(str(folder), "F"), *files


@pytest.mark.slow
@given(
    roster=rosters(),
    size=st.sampled_from([256, 1000, 4096, 1 << 18]),
    scan=st.integers(16, 5000),
    extra=st.sampled_from([[], ["--format", "jsonl"], ["--strict"], ["--fields", "pay_eur"]]),
)
@budget(25)
def test_reading_shapes_on_every_path(
    roster: Roster, size: int, scan: int, extra: list[str]
) -> None:
    data, expected_read, expected_blank = roster.build()
    options = [*roster.options(), *extra]
    with tempfile.TemporaryDirectory() as directory, pytest.MonkeyPatch.context() as patch:
        root = Path(directory)
        path = root / "staff.csv"
        path.write_bytes(data)
        patch.setattr(codepage, "PREFIX", 512)  # UTF-8 found after the first rows too
        patch.setattr(parallel, "MIN_BYTES", 1 << 60)
        patch.setattr(fast, "ENABLED", False)
        careful = _outcome(path, options, root / "careful")
        patch.setattr(fast, "ENABLED", True)
        patch.setattr(blocks.BlockSource, "SIZE", size)
        assert _outcome(path, options, root / "fast") == careful, "the fast path differs"
        piped = _outcome(path, options, root / "piped-fast", stdin=True)
        patch.setattr(fast, "ENABLED", False)
        assert _outcome(path, options, root / "piped", stdin=True) == piped, "stdin differs"
        patch.setattr(fast, "ENABLED", True)
        if hasattr(os, "fork"):
            patch.setattr(parallel, "MIN_BYTES", 1)
            patch.setattr(parallel, "SCAN", scan)
            assert _outcome(path, options, root / "two") == careful, "two processes differ"
    if careful[0] != 2:  # else a stream refuses it at its end (or a --strict stop comes first)
        assert piped[0] == careful[0] and piped[3:] == careful[3:], "stdin differs from a file"
    code, _, said, out, rejects = careful
    why = f"\noptions={options}\noutcome={careful!r:.2000}"
    if roster.encoding == "utf-8 under cp1251" and not data.isascii():
        assert code == 2 and UTF8 in str(said), why
        assert piped[0] == 2 or (piped[0] == 4 and "--strict" in options), why
        return
    assert code in (0, 4), why
    found = SUMMARY.search(str(said))
    assert found, why
    read, written, rejected, blank = (int(n) for n in found.groups()[:4])
    not_written = int(found.group(5) or 0)
    assert read == written + rejected + not_written, why
    assert _records(rejects or b"line,reason\n", "csv") == rejected, why
    assert (code == 4) == (rejected > 0), why
    if "--strict" in options:
        assert rejected <= 1 and (out is None) == (rejected == 1), why
        return
    fmt = "jsonl" if "jsonl" in options else "csv"
    assert out is not None and _records(out, fmt) == written, why
    assert (read, blank) == (expected_read, expected_blank), why


@given(
    lines=st.lists(
        st.sampled_from(['{"employee_id": "E1", "position": "2.3"}', "", "  ", "{}", "[1]",
                         '{"employee_id": "E2", "position": "9.9"}']),
        max_size=12,
    )
)  # fmt: skip
@budget(10)
def test_jsonl_empty_lines_are_blank(lines: list[str]) -> None:
    """JSONL: empty lines are counted as blank, every other line is a row read."""
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "staff.jsonl"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        result = run(["roster", str(path), "--summary-only", "--format", "json"])
        assert result.exit_code in (0, 2, 4), result.stderr
        if result.exit_code == 2:  # no object at all
            assert not any(line.startswith("{") for line in lines), result.stderr
            return
        rows = json.loads(result.stdout)["rows"]
        assert rows["read"] == rows["written"] + rows["rejected"]
        assert rows["blank"] == sum(1 for line in lines if not line.strip())
        assert rows["read"] == sum(1 for line in lines if line.strip())
