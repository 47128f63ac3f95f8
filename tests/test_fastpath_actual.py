"""Rosters with actual pay on the block fast path (batch/fastactual.py) against the row loop.

The same comparison as tests/test_fastpath.py (stdout, stderr, exit code, output and rejects
files byte for byte, fast path on at several block sizes and off), on rosters whose actual_pay
is mostly clean and every amount different, with actual_currency, --employer-cost, JSONL,
rejected rows in the blocks and the spellings people write in Excel (``5 445,00 лв.``), which
must take the careful path or give the same bytes; and in two processes (batch/parallel.py).
The integer figures themselves are checked against the Decimal ones in
tests/test_compensation_cents.py.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from salesgrid.batch import actualcents, blocks, fastactual
from salesgrid.batch.fastactual import FastActual

from .test_fastpath import POSITIONS, STDIN, Shape, compare, render
from .test_parallel import both

#: The options an actual-pay roster runs with: CSV, JSONL, the totals, the employer's cost of
#: the actual pay, rejects files, --strict, stdin, and a projection (the row loop's).
ACTUAL_OPTIONS: tuple[tuple[str, ...], ...] = (
    ("--summary",),
    ("--format", "jsonl"),
    ("--employer-cost", "--summary"),
    ("--employer-cost", "--format", "jsonl", "--summary"),
    ("--rejects", "{dir}/rej.csv", "--summary-only", "--format", "json"),
    ("--format", "jsonl", "--output", "{dir}/out.jsonl", "--rejects", "{dir}/rej.jsonl"),
    ("--strict", "--output", "{dir}/out.csv", "--rejects", "{dir}/rej.csv"),
    ("--actual-currency", "EUR", "--summary"),
    (STDIN, "--summary", "--employer-cost"),
    ("--fields", "employee_id,gap,compa_ratio"),
)


def fast_output(options: tuple[str, ...]) -> bool:
    """Whether a run writes its records on the fast path (every field, CSV or JSONL, a file)."""
    return not {"--fields", "--summary-only", STDIN} & set(options)


def kinds_of(rng: random.Random, rows: int, bad: float) -> list[str]:
    return ["actual_bad" if rng.random() < bad else "clean" for _ in range(rows)]


@pytest.mark.parametrize("seed", range(8))
def test_actual_pay_rosters_fast_and_careful_agree(seed: int) -> None:
    rng = random.Random(seed)
    shape = Shape(
        actual=True,
        delimiter=rng.choice([",", ",", ";", "\t"]),
        framework=rng.random() < 0.4,
        newline=rng.choice(["\n", "\n", "\r\n"]),
    )
    bad = rng.choice([0.0, 0.0, 0.01, 0.05])
    kinds = kinds_of(rng, rng.choice([60, 150, 300]), bad)
    options = [ACTUAL_OPTIONS[i % len(ACTUAL_OPTIONS)] for i in (seed, seed + 3, seed + 6)]
    fast = compare(render(shape, kinds, rng), (64, 211, 4096), options, shape.options())
    if bad == 0.0 and fast_output(options[0]):
        assert fast > 0  # clean blocks took the fast path


@pytest.mark.parametrize("options", ACTUAL_OPTIONS, ids=lambda o: " ".join(o) or "csv")
def test_every_option_with_every_bad_amount(options: tuple[str, ...]) -> None:
    """Each of the amounts and currencies the row loop reads another way, between clean rows:
    the block holding it is handed back, the others are written fast."""
    rng = random.Random(11)
    kinds: list[str] = []
    for _ in range(40):
        kinds += ["clean"] * rng.randint(3, 20) + ["actual_bad"]
    data = render(Shape(actual=True), kinds, rng)
    fast = compare(data, (211,), (options,))
    assert fast > 0 or not fast_output(options)


def test_excel_spellings_take_the_careful_path() -> None:
    """``5 445,00 лв.`` (a no-break space, a decimal comma, лв.) and its plain twin: the same
    figures, the first block read row by row, the second written fast."""
    excel = "employee_id;position;actual_pay\nE1;2.3;5\u00a0445,00 лв.\nE2;2.3;4\u00a0000,50\n"
    plain = "employee_id;position;actual_pay\nE1;2.3;5445.00\nE2;2.3;4000.50\n"
    assert compare(excel.encode(), (4096,), ((),)) == 0
    assert compare(plain.encode(), (4096,), ((),)) > 0


def actual_roster(rng: random.Random, rows: int, bad: float) -> str:
    shape = Shape(actual=True)
    kinds = kinds_of(rng, rows, bad)
    return render(shape, kinds, rng).decode()


@pytest.mark.parametrize("seed", range(4))
def test_two_processes_write_what_one_writes_with_actual_pay(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    """The child's actual-pay totals, warnings (pay below the minimum wage, a compa-ratio like
    a typo, their first ids in order) and cost are added to the parent's as one process
    counts them."""
    rng = random.Random(seed)
    roster = tmp_path / "roster.csv"
    roster.write_text(actual_roster(rng, rng.randint(200, 2000), rng.choice([0.0, 0.02])))
    monkeypatch.setattr(blocks.BlockSource, "SIZE", rng.choice([256, 4096, 1 << 18]))
    extra = [["--summary"], ["--format", "jsonl", "--summary"], ["--employer-cost", "--summary"],
             ["--strict", "--summary"]][seed]  # fmt: skip
    one, two, forks = both(tmp_path, monkeypatch, roster, extra)
    assert forks == 1
    assert two == one
    assert "actual pay: total" in str(one[2])


def test_clean_columns_are_worked_out_a_column_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two-decimal amounts in lev and in euro (a block in one currency at a time), below,
    on and above the cell, under the minimum wage and like a typo: the column path takes
    the blocks and writes what the row loop writes."""
    taken: list[bool] = []
    real = FastActual.column

    def counted(self: FastActual, *args: Any) -> Any:
        found = real(self, *args)
        taken.append(found is not None)
        return found

    monkeypatch.setattr(FastActual, "column", counted)
    rng = random.Random(5)
    lines = ["employee_id,position,actual_pay,actual_currency"]
    for n in range(400):
        currency = "EUR" if (n // 50) % 2 else rng.choice(["", "BGN", "bgn"])
        whole = rng.choice([5445, 926, 2783, 300, 40000, rng.randint(500, 15000)])
        lines.append(f"E{n:05d},{rng.choice(POSITIONS)},{whole}.{rng.choice([0, 47, 99]):02d},"
                     f"{currency}")  # fmt: skip
    data = ("\n".join(lines) + "\n").encode()
    assert compare(data, (211, 4096), ACTUAL_OPTIONS[:2] + ACTUAL_OPTIONS[4:6]) > 0
    assert any(taken)


def test_past_the_remembered_places_the_bytes_stay(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past MAX_PLACES positions and currency cells, each is worked out again: the same bytes."""
    monkeypatch.setattr(actualcents, "MAX_PLACES", 3)
    monkeypatch.setattr(fastactual, "MAX_PLACES", 3)
    rng = random.Random(3)
    data = render(Shape(actual=True, framework=True), kinds_of(rng, 200, 0.0), rng)
    assert compare(data, (211, 4096), ACTUAL_OPTIONS[:3]) > 0
