"""Reading CSV rosters right (issue 17, round 2): the fast path's faults.

- B1: a field over the 100,000-character limit is rejected on every path.
- B2: a CRLF across a chunk boundary of the split's line count is one line end.
- B3: a block whose last line holds most of its text is cut with progress (no RecursionError).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesgrid.batch import blocks, fast, parallel
from salesgrid.batch.blocks import Block, may_hold_long_field, pieces
from salesgrid.batch.rosterread import MAX_FIELD

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
    monkeypatch.setattr(parallel, "_SCAN", scan)  # a chunk ends between a CR and its LF
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
