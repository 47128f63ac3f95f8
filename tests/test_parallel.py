"""A large roster file read by two processes gives what one process gives, byte for byte.

salesgrid.batch.parallel cuts a roster file of at least MIN_BYTES in two and reads the second
half in a forked child. These tests lower MIN_BYTES so that small generated rosters are cut,
and compare every output (records, rejects file, stderr, exit code, totals) with the same run
in one process, on clean rosters and on rosters with bad rows on both sides of the cut.
"""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from salesgrid.batch import blocks, fast, parallel
from tests.conftest import run

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="two processes need os.fork")

POSITIONS = [f"{level}.{step}" for level in range(1, 5) for step in range(1, 5)]
RATINGS = ["incomplete", "initial", "managed", "defined", "optimal"]
ASSESSED = (
    "employee_id,position,in_position_since,review_date,rating_technical,rating_business,"
    "rating_people,rating_adaptive,business_experience,business_exposure,"
    "opportunity_finding_proven,external_factors_proven,realm_business_development,"
    "kpoc_completed,failed_kpocs_in_a_row,corrective_action_plan"
)
BAD_PAY_ROWS = ["E-bad,9.9", ",1.1", "E-w,1.1,extra", "E-blank-pos,", "E-sp , 1.2", "Е-кир,1.3"]


def pay_roster(rng: random.Random, rows: int, bad: float) -> str:
    lines = ["employee_id,position"]
    for n in range(rows):
        if rng.random() < bad:
            lines.append(rng.choice(BAD_PAY_ROWS))
        else:
            lines.append(f"E{n:06d},{rng.choice(POSITIONS)}")
    return "\n".join(lines) + "\n"


def assessed_roster(rng: random.Random, rows: int, bad: float) -> str:
    lines = [ASSESSED]
    for n in range(rows):
        ratings = ",".join(rng.choice(RATINGS[1:]) for _ in range(4))
        row = (
            f"E{n:06d},{rng.choice(POSITIONS)},2025-0{rng.randint(1, 9)}-01,2026-10-15,"
            f"{ratings},{rng.choice(RATINGS[:3])},{rng.choice(RATINGS[2:])},"
            f"{rng.choice(['true', 'false'])},{rng.choice(['true', 'false'])},"
            f"{rng.choice(['true', 'false', ''])},true,0,false"
        )
        if rng.random() < bad:
            row = rng.choice(
                [row.replace("managed", "Managed", 1), row.replace("2026-10-15", "2024-01-01"),
                 row.replace(",true,0,", ",true,x,"), row.rsplit(",", 1)[0]]
            )  # fmt: skip
        lines.append(row)
    return "\n".join(lines) + "\n"


def outcome(tmp_path: Path, roster: Path, extra: list[str], name: str) -> tuple[object, ...]:
    folder = tmp_path / name  # each run in a folder of its own, with the same file names
    folder.mkdir(exist_ok=True)
    out, rejects = folder / "out.txt", folder / "rejects.csv"
    result = run(["roster", str(roster), "--output", str(out), "--rejects", str(rejects), *extra])
    read = [p.read_bytes() if p.exists() else None for p in (out, rejects)]
    said = result.stderr.replace(str(folder), "FOLDER")
    return result.exit_code, result.stdout, said, *read


def both(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, roster: Path, extra: list[str]
) -> tuple[tuple[object, ...], tuple[object, ...], int]:
    """The outcome in one process and in two, and how many children ran."""
    monkeypatch.setattr(parallel, "MIN_BYTES", 1 << 60)
    one = outcome(tmp_path, roster, extra, "one")
    monkeypatch.setattr(parallel, "MIN_BYTES", 1)
    forks = []
    real = parallel.run_halves

    def counted(*args: object, **kwargs: object) -> bool:
        forks.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(parallel, "run_halves", counted)
    two = outcome(tmp_path, roster, extra, "two")
    return one, two, len(forks)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("kind", ["pay", "assessed"])
def test_two_processes_write_what_one_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int, kind: str
) -> None:
    rng = random.Random(seed)
    make = pay_roster if kind == "pay" else assessed_roster
    roster = tmp_path / "roster.csv"
    roster.write_text(make(rng, rng.randint(50, 3000), rng.choice([0.0, 0.01, 0.2])))
    monkeypatch.setattr(blocks.BlockSource, "SIZE", rng.choice([256, 4096, 1 << 18]))
    extra = rng.choice([[], ["--summary"], ["--format", "jsonl"], ["--strict"]])
    one, two, forks = both(tmp_path, monkeypatch, roster, extra)
    assert forks == 1
    assert two == one


def test_a_strict_stop_in_the_second_half(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [f"E{n:05d},{POSITIONS[n % 16]}" for n in range(4000)]
    rows[3500] = "E-late,9.9"
    roster = tmp_path / "roster.csv"
    roster.write_text("employee_id,position\n" + "\n".join(rows) + "\n")
    one, two, forks = both(tmp_path, monkeypatch, roster, ["--strict"])
    assert forks == 1
    assert two == one
    assert one[0] == 4
    assert "row 3502: position 9.9" in str(one[2])


def test_a_failed_child_leaves_the_second_half_to_the_parent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(7)
    roster = tmp_path / "roster.csv"
    roster.write_text(pay_roster(rng, 3000, 0.05))

    def failing(*_: object) -> None:
        os._exit(70)

    monkeypatch.setattr(parallel, "run_child", failing)
    one, two, forks = both(tmp_path, monkeypatch, roster, ["--summary"])
    assert forks == 1
    assert two == one


def test_quotes_before_the_cut_keep_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [f"E{n:05d},{POSITIONS[n % 16]}" for n in range(2000)]
    rows[10] = '"E,quoted",1.1'
    roster = tmp_path / "roster.csv"
    roster.write_text("employee_id,position\n" + "\n".join(rows) + "\n")
    monkeypatch.setattr(parallel, "MIN_BYTES", 1)
    with roster.open(encoding="utf-8", newline="") as stream:
        from salesgrid.batch.rosterread import csv_rows

        stream.readline()
        stream.seek(0)
        _, source = csv_rows(stream, blocks=True)
        with (tmp_path / "o").open("w") as output:
            assert parallel.cut_in_two(source, output) is None
    rows[10] = "E00010,1.3"
    rows[1500] = '"E,quoted",1.1'  # after the cut: the child reads it carefully
    roster.write_text("employee_id,position\n" + "\n".join(rows) + "\n")
    one, two, forks = both(tmp_path, monkeypatch, roster, [])
    assert forks == 1
    assert two == one
    assert b'"E,quoted",sales-management,1.1' in one[3]  # type: ignore[operator]


def test_the_fast_path_ran(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The comparisons above compare the fast path, not the careful loop with itself."""
    roster = tmp_path / "roster.csv"
    roster.write_text(pay_roster(random.Random(3), 2000, 0.0))
    ran = []
    real = fast.FastPay.run

    def spy(self: fast.FastPay, block: blocks.Block) -> bool:
        ran.append(block.lines)
        return real(self, block)

    monkeypatch.setattr(fast.FastPay, "run", spy)
    monkeypatch.setattr(parallel, "MIN_BYTES", 1 << 60)
    assert outcome(tmp_path, roster, [], "x")[0] == 0
    assert sum(ran) == 2000


def test_chart_warnings_from_both_halves_are_said_once_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A competency file without chart minimums for some moves: the warnings the child would
    say come after the parent's, each once, as in one process."""
    text = (Path(__file__).resolve().parent.parent / "data" / "competencies.yaml").read_text()
    for line in ("        2: {technical: initial, business: managed, people: initial, "
                 "adaptive: initial}\n",
                 "        4: {technical: defined, business: optimal, people: defined, "
                 "adaptive: defined}\n"):  # fmt: skip
        assert line in text
        text = text.replace(line, "", 1)
    competencies = tmp_path / "competencies.yaml"
    competencies.write_text(text)
    rng = random.Random(11)
    rows = assessed_roster(rng, 3000, 0.0).splitlines()
    # the moves into 2.2 (from 2.1) only early, into 2.4 (from 2.3) only late
    rows = [r for r in rows if not r.startswith("E") or r.split(",")[1] not in ("2.1", "2.3")]
    rows.insert(5, rows[5].split(",", 2)[0] + ",2.1," + rows[5].split(",", 2)[2])
    rows.insert(len(rows) - 5, rows[-5].split(",", 2)[0] + ",2.3," + rows[-5].split(",", 2)[2])
    roster = tmp_path / "roster.csv"
    roster.write_text("\n".join(rows) + "\n")
    one, two, forks = both(tmp_path, monkeypatch, roster, ["--competencies", str(competencies)])
    assert forks == 1
    assert two == one
    said = str(one[2])
    assert said.count("no chart minimums") == 2, said
    assert said.index("2.2") < said.index("2.4")


def test_chart_warnings_and_rejects_keep_the_row_order_of_one_row_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A block the fast path hands back leaves no warning said early: the row loop says each
    chart warning at the first row of its position, after the rejects of the rows before, and
    --strict stops before the later ones."""
    text = (Path(__file__).resolve().parent.parent / "data" / "competencies.yaml").read_text()
    for line in ("        2: {technical: initial, business: managed, people: initial, "
                 "adaptive: initial}\n",
                 "        4: {technical: defined, business: optimal, people: defined, "
                 "adaptive: defined}\n"):  # fmt: skip
        text = text.replace(line, "", 1)
    competencies = tmp_path / "competencies.yaml"
    competencies.write_text(text)
    rows = assessed_roster(random.Random(5), 400, 0.0).splitlines()
    body = [r for r in rows[1:] if r.split(",")[1] not in ("2.1", "2.3")]
    first = body[0].split(",")
    first[4] = "bogus"  # rejected before any row at 2.1 or 2.3
    late = [r.split(",") for r in body[200:202]]
    late[0][1], late[1][1] = "2.3", "2.1"  # 2.4's warning comes before 2.2's
    body[0], body[200], body[201] = ",".join(first), ",".join(late[0]), ",".join(late[1])
    roster = tmp_path / "roster.csv"
    roster.write_text("\n".join([rows[0], *body]) + "\n")
    monkeypatch.setattr(parallel, "MIN_BYTES", 1 << 60)
    for extra in ([], ["--strict"]):
        found = []
        for enabled in (False, True):
            monkeypatch.setattr(fast, "ENABLED", enabled)
            result = run(["roster", str(roster), "--output", str(tmp_path / "o.csv"),
                          "--competencies", str(competencies), *extra])  # fmt: skip
            found.append((result.exit_code, result.stderr))
        assert found[1] == found[0]
        said = found[0][1]
        assert said.index("row 2:") < said.index("no chart minimums") if not extra else True
        if extra:
            assert "no chart minimums" not in said
        else:
            assert said.index("2.4") < said.index("2.2")


def test_stdin_is_read_in_one_process(tmp_path: Path) -> None:
    class Buffer:
        def fileno(self) -> int:
            return 0

    class Stream:
        encoding = "utf-8"
        buffer = Buffer()

    source = blocks.BlockSource(Stream(), ",", ["employee_id", "position"], "utf-8", 0,  # type: ignore[arg-type]
                                "employee_id,position\n")  # fmt: skip
    with (tmp_path / "o").open("w") as output:
        assert parallel.cut_in_two(source, output) is None
