"""One person, one row: a repeated employee_id is a rejected row in every
command that reads people, on every path (the careful row loop, the fast path, two processes,
JSONL and xlsx input, the Python API), and ``diff --roster`` reads only what it uses.

Also the counts of messages in the right number ("1 field, the header has 2").
"""

from __future__ import annotations

import csv
import io
import json
import os
import random
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import salesgrid
from salesgrid.batch import blocks, fast, parallel, people
from salesgrid.batch.people import SeenIds, repeat_reason
from salesgrid.errors import counted

from .conftest import AS_OF, run

POSITIONS = [f"{level}.{step}" for level in range(1, 5) for step in range(1, 5)]
REASON = "each employee_id once (remove the repeated row, or correct its id)"


def write(tmp_path: Path, text: str, name: str = "roster.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def rejected_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("row ")]


# --------------------------------------------------------------------------- the rule


def test_a_repeated_id_is_a_rejected_row_naming_the_first_line(tmp_path: Path) -> None:
    path = write(tmp_path, "employee_id,position\nE-1,2.3\nE-2,1.1\nE-1,2.3\n")
    result = run(["roster", str(path), "--summary"])
    assert result.exit_code == 4
    assert result.stdout.count("E-1,") == 1
    assert f"row 4: E-1 also on line 2: {REASON}" in result.stderr
    assert "rows: 3 read, 2 written, 1 rejected" in result.stderr
    # totals count each person once: 5445 + 1812, not 5445 twice
    assert "net payroll: monthly 7,257 BGN" in result.stderr


def test_the_summary_counts_each_person_once(tmp_path: Path) -> None:
    """The issue's example: E-1 twice was 544.50 a month in diff --roster, and counted twice
    in roster --summary."""
    path = write(tmp_path, "employee_id,position\nE-1,2.1\nE-1,2.1\n")
    summary = run(["roster", str(path), "--summary-only", "--format", "json"])
    assert summary.exit_code == 4
    record = json.loads(summary.stdout)
    assert record["rows"] == {"read": 2, "written": 1, "rejected": 1, "blank": 0}
    assert record["headcount"] == [{"framework": "sales-management", "level": 2, "count": 1}]
    change = run(["diff", "--add-grid", "examples/grid-2027.yaml", "--from-date", "2026-12-31",
                  "--to-date", "2027-01-01", "--roster", str(path), "--format", "json"])  # fmt: skip
    assert change.exit_code == 4
    cost = json.loads(change.stdout)["roster"]
    assert cost["headcount"] == 1
    assert cost["monthly"] == {"BGN": 55, "EUR": 28.12}
    assert "row 3: E-1 also on line 2" in change.stderr


def test_ids_are_compared_after_stripping_and_exactly(tmp_path: Path) -> None:
    """' E-1 ' is E-1 (as the output writes it); e-1 is another id."""
    path = write(tmp_path, "employee_id,position\nE-1,2.3\n E-1 ,1.1\ne-1,1.2\nE-1x,1.3\n")
    result = run(["roster", str(path)])
    assert result.exit_code == 4
    assert rejected_lines(result.stderr) == [f"row 3: E-1 also on line 2: {REASON}"]
    assert [row[0] for row in csv.reader(io.StringIO(result.stdout))][1:] == ["E-1", "e-1", "E-1x"]


def test_a_row_rejected_for_its_own_fault_is_no_first_row(tmp_path: Path) -> None:
    """Line 2 is rejected for its position: line 3, the same id, is the person's row. A row
    both repeated and faulty is rejected for its own fault, as it would be without the
    repeat."""
    path = write(tmp_path, "employee_id,position\nE-1,9.9\nE-1,2.3\nE-1,8.8\nE-1,1.1\n")
    result = run(["roster", str(path)])
    assert result.exit_code == 4
    assert rejected_lines(result.stderr) == [
        "row 2: position 9.9 is not in Sales Management: it has levels 1-4",
        "row 4: position 8.8 is not in Sales Management: it has levels 1-4",
        f"row 5: E-1 also on line 3: {REASON}",
    ]
    assert result.stdout.splitlines()[1].startswith("E-1,sales-management,2.3,")


def test_the_same_order_of_checks_with_assessment_and_actual_pay(tmp_path: Path) -> None:
    header = (
        "employee_id,position,in_position_since,review_date,rating_technical,rating_business,"
        "rating_people,rating_adaptive,business_experience,business_exposure,"
        "opportunity_finding_proven,external_factors_proven,kpoc_completed,"
        "failed_kpocs_in_a_row,corrective_action_plan,actual_pay"
    )
    good = "2025-01-01,2026-10-01,managed,managed,managed,managed,initial,managed,true,true,true,0,false"
    bad = good.replace("2026-10-01", "2024-01-01")  # a review before the position
    path = write(tmp_path, f"{header}\nE-1,2.3,{bad},5000\nE-1,2.3,{good},abc\nE-1,2.3,{good},"
                           f"5000\nE-1,2.2,{good},4000\n")  # fmt: skip
    result = run(["roster", str(path), "--summary"])
    lines = rejected_lines(result.stderr)
    assert lines[0].startswith("row 2: review_date 2024-01-01 is before")
    assert lines[1].startswith("row 3: actual_pay 'abc' is not a number")
    assert lines[2] == f"row 5: E-1 also on line 4: {REASON}"
    assert "rows: 4 read, 1 written, 3 rejected" in result.stderr
    # the repeat is not counted in the actual-pay totals either
    assert "actual pay: total: 0 on_grid, 1 below_cell" in result.stderr


def test_strict_stops_at_a_repeat(tmp_path: Path) -> None:
    path = write(tmp_path, "employee_id,position\nE-1,2.3\nE-1,2.3\nE-2,1.1\n")
    result = run(["roster", str(path), "--strict", "--output", str(tmp_path / "o.csv")])
    assert result.exit_code == 4
    assert rejected_lines(result.stderr) == [f"row 3: E-1 also on line 2: {REASON}"]
    assert not (tmp_path / "o.csv").exists()


def test_an_id_shown_in_the_reason_is_cut_and_quoted_when_unprintable() -> None:
    assert repeat_reason("E-1", 2).startswith("E-1 also on line 2: ")
    assert repeat_reason("a\tb", 7).startswith("'a\\tb' also on line 7: ")
    assert repeat_reason("x" * 200, 3).startswith("x" * 59 + "… also on line 3")


def test_jsonl_and_xlsx_input_and_quoted_ids(tmp_path: Path) -> None:
    rows = [{"employee_id": "E 1", "position": "2.3"}, {"employee_id": "E-2", "position": "1.1"},
            {"employee_id": "E 1", "position": "1.2"}]  # fmt: skip
    jsonl = write(tmp_path, "".join(json.dumps(r) + "\n" for r in rows), "roster.jsonl")
    result = run(["roster", str(jsonl)])
    assert result.exit_code == 4
    assert rejected_lines(result.stderr) == [f"row 3: E 1 also on line 1: {REASON}"]
    quoted = write(tmp_path, 'employee_id,position\n"E,1",2.3\n"E\n1",1.1\n"E,1",1.2\n"E\n1",1.3\n')
    result = run(["roster", str(quoted)])
    assert rejected_lines(result.stderr) == [
        f"row 5: E,1 also on line 2: {REASON}",
        f"row 6: 'E\\n1' also on line 3: {REASON}",
    ]
    from salesgrid.output import xlsxout

    book_path = tmp_path / "roster.xlsx"
    with book_path.open("wb") as out, xlsxout.workbook(out) as book:
        sheet = book.sheet("roster", ["employee_id", "position"], {})
        for row in (["E-1", "2.3"], ["E-1", "1.1"]):
            sheet.write(row)
    result = run(["roster", str(book_path)])
    assert rejected_lines(result.stderr) == [f"row 3: E-1 also on line 2: {REASON}"]


# --------------------------------------------------------------------------- every path


def roster_text(rng: random.Random, rows: int, repeats: int, sort: bool) -> str:
    ids = [f"E{n:06d}" for n in range(rows)]
    if not sort:
        rng.shuffle(ids)
    for _ in range(repeats):  # a repeat anywhere: copy an id onto another row
        ids[rng.randrange(rows)] = ids[rng.randrange(rows)]
    return "employee_id,position\n" + "".join(f"{i},{rng.choice(POSITIONS)}\n" for i in ids)


def outcome(tmp_path: Path, roster: Path, extra: list[str], name: str) -> tuple[Any, ...]:
    folder = tmp_path / name
    folder.mkdir(exist_ok=True)
    out, rejects = folder / "out.txt", folder / "rejects.csv"
    result = run(["roster", str(roster), "--output", str(out), "--rejects", str(rejects),
                  "--summary", *extra])  # fmt: skip
    said = result.stderr.replace(str(folder), "FOLDER")
    return result.exit_code, said, out.read_bytes() if out.exists() else None, rejects.read_bytes()


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("sort", [True, False])
def test_fast_path_careful_loop_and_two_processes_agree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int, sort: bool
) -> None:
    """Repeats anywhere (in one block, across blocks, in the first and the second half and
    across the cut): the same bytes from the careful loop, the fast path in one process and
    in two."""
    rng = random.Random(seed)
    roster = write(tmp_path, roster_text(rng, rng.randint(300, 3000), rng.choice([3, 10, 40]),
                                         sort))  # fmt: skip
    monkeypatch.setattr(blocks.BlockSource, "SIZE", rng.choice([256, 4096, 1 << 18]))
    extra = [[], ["--format", "jsonl"], ["--strict"]][seed % 3]
    monkeypatch.setattr(parallel, "MIN_BYTES", 1 << 60)
    monkeypatch.setattr(fast, "ENABLED", False)
    careful = outcome(tmp_path, roster, extra, "careful")
    monkeypatch.setattr(fast, "ENABLED", True)
    one = outcome(tmp_path, roster, extra, "one")
    monkeypatch.setattr(parallel, "MIN_BYTES", 1)
    two = outcome(tmp_path, roster, extra, "two")
    assert one == careful
    assert two == careful


def test_a_repeat_across_the_cut_is_read_again_by_the_parent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The child cannot know the parent's ids: a person on both sides of the cut makes the
    parent read the second half itself; within either half, that half rejects the repeat."""
    second_halves: list[int] = []  # the second half read by the parent
    real = parallel.Halves.half

    def half(self: parallel.Halves, second: bool, undecoded: int) -> Any:
        if second and os.getpid() == PARENT:
            second_halves.append(1)
        return real(self, second, undecoded)

    monkeypatch.setattr(parallel.Halves, "half", half)
    for where, line, first in (("across", 3502, 12), ("second", 3502, 3002), ("first", 1502, 12)):
        ids = [f"E{n:05d}" for n in range(4000)]
        ids[line - 2] = ids[first - 2]
        roster = write(tmp_path, "employee_id,position\n" + "".join(
            f"{i},{POSITIONS[n % 16]}\n" for n, i in enumerate(ids)))  # fmt: skip
        monkeypatch.setattr(parallel, "MIN_BYTES", 1 << 60)
        one = outcome(tmp_path, roster, [], f"{where}-one")
        monkeypatch.setattr(parallel, "MIN_BYTES", 1)
        second_halves.clear()
        two = outcome(tmp_path, roster, [], f"{where}-two")
        assert two == one
        assert f',{line},"{ids[line - 2]} also on line {first}: ' in one[3].decode()
        assert len(second_halves) == (1 if where == "across" else 0), where


PARENT = os.getpid()


def test_a_block_with_a_repeat_goes_row_by_row(tmp_path: Path) -> None:
    """The fast path hands back the piece of a block that holds the repeat."""
    ids = [f"E{n:05d}" for n in range(2000)]
    ids[1999] = ids[1998]
    roster = write(tmp_path, "employee_id,position\n" + "".join(f"{i},2.3\n" for i in ids))
    taken: list[int] = []
    real = fast.FastPay.run

    def spy(self: fast.FastPay, block: blocks.Block) -> bool:
        ok = real(self, block)
        if ok:
            taken.append(block.lines)
        return ok

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fast.FastPay, "run", spy)
        patch.setattr(parallel, "MIN_BYTES", 1 << 60)
        result = run(["roster", str(roster)])
    assert rejected_lines(result.stderr) == [f"row 2001: E01998 also on line 2000: {REASON}"]
    assert 1900 < sum(taken) < 2000  # the rest of the block went fast


# --------------------------------------------------------------------------- SeenIds

#: The prefixes ids are kept with: CSV's line end, and JSONL's record head after it (the fast
#: path's ids come so; a chunk's text is its ids joined by the prefix).
PREFIXES = pytest.mark.parametrize("prefix", ["\n", "\n" + fast.JSONL_HEAD])


@PREFIXES
def test_seen_ids_first_line_and_blocks(prefix: str) -> None:
    seen = SeenIds(prefix)
    assert seen.first_line("B", 2) is None
    assert seen.first_line("C", 3) is None and seen.ordered
    assert seen.take_block(["D", "E"], 4)
    assert seen.take_block(["F", "F"], 6) is False  # twice in the block: none taken
    assert seen.first_line("F", 6) is None
    assert seen.take_block(["G", "C"], 7) is False  # C was on line 3
    assert seen.first_line("A", 9) is None and not seen.ordered  # out of order: keys from here
    assert [seen.first_line(i, 10) for i in ("B", "C", "D", "E", "F", "A", "Z")] == [
        2, 3, 4, 5, 6, 9, None,
    ]  # fmt: skip
    assert seen.take_block(["Y", "X"], 11) and seen.first_line("X", 20) == 12
    assert len(seen) == 9
    assert seen.take_block(["Q\nR"], 30) is False and seen.first_line("Q\nR", 30) is None
    assert seen.first_line("Q\nR", 31) == 30


@PREFIXES
def test_a_shared_hash_never_rejects_a_person(monkeypatch: pytest.MonkeyPatch, prefix: str) -> None:
    """Keys are hashes: two different ids with one key are both taken, and a later repeat of
    either is found on its own line."""
    monkeypatch.setattr(people, "hash", lambda text: len(text), raising=False)  # all collide
    seen = SeenIds(prefix)
    seen.first_line("Z", 1)
    seen.first_line("A", 2)  # out of order: keys, every one of them 2 ("\nA", "\nB", ...)
    assert seen.first_line("B", 3) is None
    assert seen.take_block(["C", "D"], 4) is False  # C and D share a key
    assert seen.first_line("C", 4) is None and seen.first_line("D", 5) is None
    assert [seen.first_line(i, 9) for i in "ZABCDE"] == [1, 2, 3, 4, 5, None]


@PREFIXES
def test_many_repeats_are_found_through_the_index(prefix: str) -> None:
    """A roster concatenated twice: every id of the second copy is a hit; once searching the
    text has cost as much as indexing it, the index answers (and gives the same lines)."""
    seen = SeenIds(prefix)
    names = [f"E{n:05d}" for n in range(20000)]
    random.Random(1).shuffle(names)
    for start in range(0, 20000, 1000):
        assert seen.take_block(names[start : start + 1000], 2 + start)
    for number in range(100):
        seen.first_line(f"new-{number}", 30000 + number)
    assert seen._index is None
    found = [seen.first_line(name, 40000) for name in names]
    assert found == list(range(2, 20002))
    assert seen._index is not None
    assert seen.first_line("new-7", 0) == 30007


@PREFIXES
def test_two_runs_tell_whether_they_share_an_id(prefix: str) -> None:
    def taken(*names: str) -> SeenIds:
        seen = SeenIds(prefix)
        for number, name in enumerate(names):
            seen.first_line(name, number + 2)
        return seen

    assert not taken("A", "B").overlaps(taken("C", "D").export())  # in order: by the ranges
    assert taken("A", "C").overlaps(taken("B", "C").export())
    assert not taken("A", "C").overlaps(taken("B", "D").export())  # ranges cross, keys do not
    assert taken("D", "A").overlaps(taken("C", "A").export())  # out of order: keys
    assert not taken("D", "A").overlaps(taken("C", "B").export())
    assert not taken("A").overlaps(SeenIds(prefix).export())


# --------------------------------------------------------------------------- the API


def test_the_api_rejects_a_repeat_as_the_cli_does() -> None:
    rows = [{"employee_id": "E-1", "position": "2.3"}, {"employee_id": "E-2", "position": "1.1"},
            {"employee_id": " E-1", "position": "1.1"}]  # fmt: skip
    rejected: list[salesgrid.RowRejected] = []
    found = list(salesgrid.roster(rows, as_of=AS_OF, on_reject=rejected.append))
    assert [r["employee_id"] for r in found] == ["E-1", "E-2"]
    assert [(r.line, r.reason) for r in rejected] == [(3, f"E-1 also on line 1: {REASON}")]
    with pytest.raises(salesgrid.RowRejected, match="row 3: E-1 also on line 1"):
        list(salesgrid.roster(rows, as_of=AS_OF))
    # across the API's batches of rows
    many = [{"employee_id": f"E{n}", "position": "1.1"} for n in range(2500)]
    many.append({"employee_id": "E7", "position": "1.1"})
    rejected.clear()
    assert len(list(salesgrid.roster(many, as_of=AS_OF, on_reject=rejected.append))) == 2500
    assert [(r.line, r.reason) for r in rejected] == [(2501, f"E7 also on line 8: {REASON}")]


def test_the_api_diff_counts_each_person_once() -> None:
    rows = [{"employee_id": "E-1", "position": "2.1"}, {"employee_id": "E-1", "position": "2.1"}]
    change = salesgrid.diff(add_grid="examples/grid-2027.yaml", from_date="2026-12-31",
                            to_date="2027-01-01", roster=rows, on_reject="skip")  # fmt: skip
    assert change.roster is not None
    assert change.roster.headcount == 1
    assert change.roster.monthly["EUR"] == Decimal("28.12")


# --------------------------------------------------------------------------- A6


def test_diff_roster_never_rejects_a_row_over_a_column_it_does_not_read(tmp_path: Path) -> None:
    """diff --roster reads the positions: a bad actual_pay, actual_currency, assessment value
    or realm flag rejected the person and understated the cost."""
    header = (
        "employee_id,position,actual_pay,actual_currency,in_position_since,review_date,"
        "rating_technical,rating_business,rating_people,rating_adaptive,business_experience,"
        "business_exposure,opportunity_finding_proven,external_factors_proven,"
        "realm_business_development,kpoc_completed,failed_kpocs_in_a_row,corrective_action_plan"
    )
    rows = [
        "E-1,2.1,abc,XYZ,not-a-day,2026-01-01,great,,,,,,,,maybe,,x,",
        "E-2,2.1,0,,,,,,,,,,,,,,,",
        "E-3,2.1,,,,,,,,,,,,,,,,",
    ]
    path = write(tmp_path, header + "\n" + "\n".join(rows) + "\n")
    result = run(["diff", "--add-grid", "examples/grid-2027.yaml", "--from-date", "2026-12-31",
                  "--to-date", "2027-01-01", "--roster", str(path), "--format", "json"])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["roster"]["headcount"] == 3
    # an actual_currency column without actual_pay is no usage error there either
    bare = write(tmp_path, "employee_id,position,actual_currency\nE-1,2.1,EUR\n", "bare.csv")
    result = run(["diff", "--add-grid", "examples/grid-2027.yaml", "--from-date", "2026-12-31",
                  "--to-date", "2027-01-01", "--roster", str(bare), "--format", "json"])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    api_rows = [dict(zip(header.split(","), row.split(","), strict=True)) for row in rows]
    change = salesgrid.diff(add_grid="examples/grid-2027.yaml", from_date="2026-12-31",
                            to_date="2027-01-01", roster=api_rows)  # fmt: skip
    assert change.roster is not None and change.roster.headcount == 3


# --------------------------------------------------------------------------- "1 fields"


def test_counts_in_messages_are_in_the_right_number(tmp_path: Path) -> None:
    path = write(tmp_path, "employee_id,position\nE-1\nE-2,2.3,x\n")
    result = run(["roster", str(path)])
    assert rejected_lines(result.stderr) == [
        "row 2: 1 field, the header has 2",
        "row 3: 3 fields, the header has 2",
    ]
    assert counted(1, "person", "people") == "1 person"
    assert counted(2, "person", "people") == "2 people"
    assert counted(1200, "row") == "1,200 rows"
    one = run(["roster", str(write(tmp_path, "employee_id,position,pay\nE-1,2.3,1\n", "u.csv"))])
    assert "unknown column 'pay'" in one.stderr
    two = run(["roster", str(write(tmp_path, "employee_id,position,a,b\nE,2.3,1,1\n", "v.csv"))])
    assert "unknown columns 'a', 'b'" in two.stderr
    fields = run(["roster", "examples/roster.csv", "--fields", "employee_id,x,y"])
    assert "--fields: unknown fields x, y;" in fields.stderr
    jsonl = write(tmp_path, '{"employee_id": "E", "position": "2.3", "a": 1, "b": 2}\n', "k.jsonl")
    assert "unknown keys 'a', 'b'" in run(["roster", str(jsonl)]).stderr


def test_a_block_out_of_order_is_taken_whole_or_not_at_all() -> None:
    """Keys are checked and added a part of 2048 at a time: a repeat in a later part takes
    back exactly the parts added before it."""
    seen = SeenIds()
    seen.first_line("Z", 2)
    seen.first_line("A", 3)  # out of order: keys
    before = set(seen.keys)
    names = [f"N{n:05d}" for n in range(5000)]
    for repeat in ("A", "N00010"):  # seen before; twice in the block
        block = [*names[:4500], repeat, *names[4500:]]
        assert seen.take_block(block, 10) is False
        assert seen.keys == before
    assert seen.first_line("N00010", 10) is None  # never taken
    assert seen.take_block(names[11:], 11)
    assert seen.first_line("N04999", 0) == 11 + 4999 - 11
