"""Fuzzing people in rosters: repeated employee ids at random places, and actual pay
of zero, negative, implausible and ordinary amounts, through every path (the row loop, the fast
path at several block sizes, two processes, JSONL input and output, the Python API).

Whatever the roster: the contract of tests/test_fuzz.py (no exit 70, no traceback, a
documented exit code), read = written + rejected, no person written twice, every "also on line
N" naming an earlier written row of the same id, a zero amount never written, and one warning
per kind of implausible pay counting exactly the rows written with it. The budgets scale with
the hypothesis profile as tests/test_fuzz.py's do (``--hypothesis-profile=long``).
"""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import salesgrid
from salesgrid.batch import blocks, fast, parallel

from .conftest import AS_OF
from .test_fuzz import budget, describe, invoke

POSITIONS = ["1.1", "1.4", "2.1", "2.3", "3.2", "4.4", "9.9", "", "2.x"]
AMOUNTS = ["", "0", "0,00", "0.00", "-5", "abc", "100", "544,5", "2783.99", "5445",
           "54450", "10890.30", "481.26", "1000000001"]  # fmt: skip
IDS = ["E-1", "E-2", " E-1 ", "e-1", "E-3", "E,4", "E 5", "Е-кир", ""]
REPEAT = re.compile(r"^(.*) also on line (\d+): each employee_id once")
TYPO = re.compile(r"warning: (\d+) rows? ha(?:s|ve) a compa-ratio under")
BELOW = re.compile(r"warning: (\d+) rows? ha(?:s|ve) an actual_pay whose gross is below")

SUMMARY = re.compile(r"rows: (\d+) read, (\d+) written, (\d+) rejected, (\d+) blank")


@st.composite
def people(draw: st.DrawFn) -> tuple[list[list[str]], bool]:
    """Rows of (employee_id, position[, actual_pay, actual_currency]) with ids from a small
    pool, so that repeats fall anywhere, or a run of distinct ids with a few copied."""
    actual = draw(st.booleans())
    count = draw(st.integers(1, 60))
    if draw(st.booleans()):
        ids = [draw(st.sampled_from(IDS)) for _ in range(count)]
    else:
        ids = [f"E{n:04d}" for n in range(count)]
        for _ in range(draw(st.integers(0, 5))):
            ids[draw(st.integers(0, count - 1))] = ids[draw(st.integers(0, count - 1))]
    rows = []
    for name in ids:
        row = [name, draw(st.sampled_from(POSITIONS[:6] * 3 + POSITIONS[6:]))]
        if actual:
            row += [draw(st.sampled_from(AMOUNTS)), draw(st.sampled_from(["", "", "EUR", "BGN"]))]
        rows.append(row)
    return rows, actual


def csv_text(rows: list[list[str]], actual: bool) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["employee_id", "position", *(["actual_pay", "actual_currency"] * actual)])
    writer.writerows(rows)
    return out.getvalue()


def check(
    rows: list[list[str]], actual: bool, args: list[str], result: Any, rejects: Path
) -> list[str]:
    """The checks that hold for any roster; the ids written, in order."""
    why = describe(args, None, result)
    if result.exit_code not in (0, 4):
        return []
    found = SUMMARY.search(result.stderr)
    assert found, "no summary" + why
    read, written, rejected, blank = (int(n) for n in found.groups())
    blanks = {n for n in range(2, len(rows) + 2) if not "".join(rows[n - 2]).strip()}
    assert blank == len(blanks), "rows of only delimiters are blank rows" + why
    assert read == written + rejected == len(rows) - blank, why
    if "jsonl" in args:
        records = [json.loads(line) for line in result.stdout.splitlines()]
        ids = [str(r["employee_id"]) for r in records]
        amounts = [r.get("actual_pay") for r in records]
        compas = [r.get("compa_ratio") for r in records]
    else:
        records = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
        ids = [r["employee_id"] for r in records]
        amounts = [r.get("actual_pay") for r in records]
        compas = [r.get("compa_ratio") for r in records]
    assert len(ids) == written and len(set(ids)) == written, "a person written twice" + why
    reasons = {int(r["line"]): r["reason"] for r in csv.DictReader(io.StringIO(
        rejects.read_text(encoding="utf-8"), newline=""))}  # fmt: skip
    written_lines = [n for n in range(2, len(rows) + 2) if n not in reasons and n not in blanks]
    assert [rows[n - 2][0].strip() for n in written_lines] == ids, why
    for line, reason in reasons.items():
        repeat = REPEAT.match(reason)
        if repeat:
            first = int(repeat.group(2))
            assert first < line and first in written_lines, why
            assert rows[first - 2][0].strip() == rows[line - 2][0].strip(), why
    for amount in amounts:
        assert amount in (None, "") or Decimal(str(amount)) > 0, "no pay written" + why
    if actual:
        typos = sum(1 for c in compas if c not in (None, "") and not
                    Decimal("0.5") <= Decimal(str(c)) <= Decimal("2.0"))  # fmt: skip
        said = TYPO.search(result.stderr)
        assert (int(said.group(1)) if said else 0) == typos, why
        below = BELOW.search(result.stderr)
        if below:
            assert 0 < int(below.group(1)) <= written, why
    return ids


@budget(30)
@given(
    roster=people(),
    options=st.sampled_from([[], ["--format", "jsonl"], ["--employer-cost", "--month", "2026-09"]]),
    size=st.sampled_from([64, 256, 1 << 18]),
    two=st.booleans(),
)
def test_people_in_a_roster(
    roster: tuple[list[list[str]], bool],
    options: list[str],
    size: int,
    two: bool,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    rows, actual = roster
    tmp_path = tmp_path_factory.mktemp("people")
    path = tmp_path / "roster.csv"
    path.write_text(csv_text(rows, actual), encoding="utf-8")
    rejects = tmp_path / "rejects.csv"
    args = ["roster", str(path), "--summary", "--rejects", str(rejects), *options]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(blocks.BlockSource, "SIZE", size)
        patch.setattr(parallel, "MIN_BYTES", 1 if two else 1 << 60)
        result = invoke("people: roster", args, env={"SALESGRID_AS_OF": AS_OF})
        ids = check(rows, actual, args, result, rejects)
        patch.setattr(fast, "ENABLED", False)  # the row loop alone: the same
        careful = invoke("people: roster, row loop", args, env={"SALESGRID_AS_OF": AS_OF})
    assert (careful.exit_code, careful.stdout, careful.stderr) == (
        result.exit_code, result.stdout, result.stderr,
    ), describe(args, None, careful)  # fmt: skip
    if "--employer-cost" in options or result.exit_code not in (0, 4):
        return
    header = ["employee_id", "position", *(["actual_pay", "actual_currency"] * actual)]
    mappings = [dict(zip(header, row, strict=True)) for row in rows]
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", salesgrid.DataWarning)
        api = [str(r["employee_id"]) for r in salesgrid.roster(mappings, as_of=AS_OF,
                                                               on_reject="skip")]  # fmt: skip
    assert api == ids


@budget(20)
@given(roster=people())
def test_people_in_jsonl_and_diff(
    roster: tuple[list[list[str]], bool], tmp_path_factory: pytest.TempPathFactory
) -> None:
    rows, actual = roster
    tmp_path = tmp_path_factory.mktemp("people")
    header = ["employee_id", "position", *(["actual_pay", "actual_currency"] * actual)]
    path = tmp_path / "roster.jsonl"
    path.write_text("".join(json.dumps(dict(zip(header, row, strict=True))) + "\n"
                            for row in rows), encoding="utf-8")  # fmt: skip
    rejects = tmp_path / "rejects.csv"
    args = ["roster", str(path), "--summary", "--rejects", str(rejects)]
    result = invoke("people: jsonl", args, env={"SALESGRID_AS_OF": AS_OF})
    if result.exit_code in (0, 4):
        found = SUMMARY.search(result.stderr)
        assert found, describe(args, None, result)
        read, written, rejected, blank = (int(n) for n in found.groups())
        assert read == written + rejected == len(rows) and blank == 0  # a JSONL object is a row
        ids = [r["employee_id"] for r in csv.DictReader(io.StringIO(result.stdout))]
        assert len(ids) == len(set(ids)) == written
    csv_path = tmp_path / "roster.csv"
    csv_path.write_text(csv_text(rows, actual), encoding="utf-8")
    diff = ["diff", "--add-grid", "examples/grid-2027.yaml", "--from-date", "2026-12-31",
            "--to-date", "2027-01-01", "--roster", str(csv_path), "--format", "json"]  # fmt: skip
    change = invoke("people: diff", diff, env={"SALESGRID_AS_OF": AS_OF})
    if change.exit_code in (0, 4):
        # each person once, and no actual_pay column ever rejects a row there
        good = {row[0].strip() for row in rows if row[0].strip() and row[1] in POSITIONS[:6]}
        assert json.loads(change.stdout)["roster"]["headcount"] == len(good), describe(
            diff, None, change
        )
