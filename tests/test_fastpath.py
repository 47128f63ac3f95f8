"""The roster's fast path (batch/blocks.py, batch/fast.py) against the careful row loop.

The output stays byte-identical. Generated rosters, mostly clean with bad rows at
random places (quotes, lines spanning block boundaries, CR, bytes that are not UTF-8, control
characters, wrong widths, refused positions, dirty assessments...), run through the CLI with the
fast path on (at several block sizes) and off (``fast.ENABLED = False``: every row through the
careful loop, today's behaviour); stdout, stderr, exit code, the output file and the rejects
file must be the same bytes. Then the installed console script, as a real process: a 200k-row
roster, a closed pipe and a full disk.
"""

from __future__ import annotations

import contextlib
import os
import random
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal
from pathlib import Path
from typing import Any

import pytest
import typer.main
import typer.testing
from hypothesis import given, settings
from hypothesis import strategies as st

from salesgrid.batch import fast
from salesgrid.batch.blocks import BlockSource
from salesgrid.batch.columns import BASE_FIELDS
from salesgrid.cli import app
from salesgrid.core import eligibility

from .conftest import AS_OF, HUNG, run

# --------------------------------------------------------------------------- the generator

POSITIONS = [f"{level}.{step}" for level in range(1, 5) for step in range(1, 5)]
# Sales Management, monthly net BGN (data/grid.yaml), for values computed without salesgrid.
SALES_BGN = {
    "1.1": 1812, "1.2": 2112, "1.3": 2912, "1.4": 3812,
    "2.1": 4345, "2.2": 4645, "2.3": 5445, "2.4": 6345,
    "3.1": 7533, "3.2": 7833, "3.3": 8633, "3.4": 9533,
    "4.1": 11583, "4.2": 11883, "4.3": 12683, "4.4": 13583,
}  # fmt: skip
# the default framework (empty cell) most of the time; one with two levels only (3.x refused)
FRAMEWORKS = ["", "", "", "", "", "sales-management", "operations-management-logistics"]
RATINGS = ["incomplete", "initial", "managed", "defined", "optimal"]
BOOLS = ["true", "false", "yes", "no", "1", "0"]
# benchmarks/roster.py ASSESSMENT_HEADER, less employee_id and position
ASSESSMENT = [
    "in_position_since", "review_date", "rating_technical", "rating_business", "rating_people",
    "rating_adaptive", "business_experience", "business_exposure", "opportunity_finding_proven",
    "external_factors_proven", "realm_business_development", "kpoc_completed",
    "failed_kpocs_in_a_row", "corrective_action_plan",
]  # fmt: skip
SINCE = ["2024-01-01", "2025-03-01", "2025-09-01", "2026-06-15"]
REVIEW = ["2026-10-15", "2026-11-01", "2026-11-22"]

#: How a row can go wrong (or just be unusual). "clean" is drawn most of the time.
KINDS = (
    "clean", "quoted_comma", "doubled_quote", "quoted_plain", "multiline", "multiline_long",
    "multiline_crlf", "unclosed", "text_after_quote", "crlf", "bare_cr", "blank",
    "blank_spaces", "empty_id", "space_id", "tab_id", "vt_id", "fs_id", "ff_id", "nul_id",
    "long_id", "pos_99", "pos_x", "pos_empty", "pos_space", "too_few", "too_many", "cyrillic", "bad_bytes",
    "backslash", "control", "json_ctrl", "del_char", "semicolon_id", "comma_id", "tab_in_id",
    "quote_inside", "nel_id", "line_sep_id", "unknown_framework", "framework_space",
    "level_float", "level_bad", "step_empty", "assess_caps", "assess_spaces",
    "assess_empty_cell", "assess_none", "assess_bad_date", "assess_review_before",
    "assess_bad_kpocs", "assess_bad_rating", "assess_realm_empty", "assess_realm_caps",
    "assess_kpocs_float",
)  # fmt: skip
BAD_KINDS = KINDS[1:]


@dataclass
class Shape:
    """What a roster looks like as a whole."""

    delimiter: str = ","
    id_first: bool = True
    level_step: bool = False  # level and step columns instead of position
    framework: bool = False  # a framework column
    assessed: bool = False  # every assessment column
    bom: bool = False
    newline: str = "\n"  # the file's line end ("\r": an old Mac's)
    final_newline: bool = True
    note: bool = False  # a column salesgrid does not know, read with --ignore-unknown-columns
    actual: bool = False  # actual_pay (and actual_currency) columns
    spelled: bool = False  # the header as people write it: "Employee ID", "Position"
    forced: bool = False  # --delimiter given (the same one), not sniffed
    columns: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        where = ["level", "step"] if self.level_step else ["position"]
        columns = (["framework"] if self.framework else []) + where
        columns += ASSESSMENT if self.assessed else []
        columns += ["actual_pay", "actual_currency"] if self.actual else []
        columns += ["note"] if self.note else []
        if self.id_first:
            self.columns = ["employee_id", *columns]
        else:  # the id after the position (and before the assessment)
            self.columns = [*columns[: len(where) + self.framework], "employee_id",
                            *columns[len(where) + self.framework :]]  # fmt: skip

    def header(self) -> str:
        names = self.columns
        if self.spelled:
            names = [name.replace("_", " ").title().replace("Id", "ID") for name in names]
        return self.delimiter.join(names)

    def pay_only_clean(self) -> bool:
        """Whether clean rows take today's fast path (pay only, the id first, lines ending in
        LF or CRLF, no quoted notes): (assessed rosters: the lead's next step)."""
        return (
            self.id_first
            and not (self.assessed or self.actual or self.note)
            and (self.newline != "\r")
        )

    def options(self) -> tuple[str, ...]:
        names = {",": ",", ";": ";", "\t": "tab"}
        return (("--ignore-unknown-columns",) if self.note else ()) + (
            ("--delimiter", names[self.delimiter]) if self.forced else ()
        )


def _assessment(rng: random.Random) -> dict[str, str]:
    values = {
        "in_position_since": rng.choice(SINCE),
        "review_date": rng.choice(REVIEW),
        "business_experience": rng.choice(RATINGS[:3]),
        "business_exposure": rng.choice(RATINGS[2:]),
        "opportunity_finding_proven": rng.choice(BOOLS),
        "external_factors_proven": rng.choice(BOOLS),
        "realm_business_development": rng.choice(["true", "false", ""]),
        "kpoc_completed": rng.choice(["true", "true", "false"]),
        "failed_kpocs_in_a_row": rng.choice(["0", "0", "1", "2"]),
        "corrective_action_plan": rng.choice(["false", "false", "true"]),
    }
    for name in ("rating_technical", "rating_business", "rating_people", "rating_adaptive"):
        values[name] = rng.choice(RATINGS[1:])
    return values


def render_row(shape: Shape, kind: str, n: int, rng: random.Random) -> str:
    """One row of the roster as text (with its line end; surrogates stand for raw bytes)."""
    d, newline = shape.delimiter, shape.newline
    position = rng.choice(POSITIONS)
    values: dict[str, str] = {"employee_id": f"E{n:05d}", "framework": rng.choice(FRAMEWORKS)}
    if shape.level_step:
        values["level"], values["step"] = position.split(".")
    else:
        values["position"] = position
    if shape.assessed:
        values.update(_assessment(rng))
    if shape.actual:
        values["actual_pay"], values["actual_currency"] = actual_values(kind, rng)
    if shape.note:
        values["note"] = rng.choice(["", "ok", "x y", '"a, b"', '"two\nlines"'])
    ident = values["employee_id"]
    pos_col = "level" if shape.level_step else "position"
    extra = ""  # text after the row's values, before its line end
    if kind == "quoted_comma":
        values["employee_id"] = f'"{ident}, Jr."'
    elif kind == "doubled_quote":
        values["employee_id"] = f'"{ident} ""the boss"""'
    elif kind == "quoted_plain":
        values["employee_id"] = f'"{ident}"'
    elif kind == "multiline":
        values["employee_id"] = f'"{ident}\nsecond line"'
    elif kind == "multiline_long":  # a quoted field across many lines (and block boundaries)
        inner = "\n".join(f"part {i} of {ident}" for i in range(rng.randint(3, 12)))
        values["employee_id"] = f'"{inner}"'
    elif kind == "multiline_crlf":
        values["employee_id"] = f'"{ident}\r\nnext\rand{d}more"'
    elif kind == "unclosed":
        values["employee_id"] = f'"{ident} never closed'
    elif kind == "text_after_quote":
        values["employee_id"] = f'"{ident}"x'
    elif kind == "crlf":
        newline = "\r\n"
    elif kind == "bare_cr":
        newline = "\r"
    elif kind == "blank":
        return newline
    elif kind == "blank_spaces":
        return "  " + newline
    elif kind == "empty_id":
        values["employee_id"] = rng.choice(["", "   "])
    elif kind == "space_id":
        values["employee_id"] = rng.choice([f" {ident}", f"{ident} ", f"  {ident}  "])
    elif kind == "tab_id":
        values["employee_id"] = rng.choice([f"\t{ident}", f"{ident}\t"])
    elif kind == "vt_id":
        values["employee_id"] = rng.choice([f"\x0b{ident}", f"{ident}\x0b", f"{ident}\x0bX"])
    elif kind == "fs_id":
        values["employee_id"] = rng.choice([f"\x1c{ident}", f"{ident}\x1d", f"{ident}\x1e\x1f"])
    elif kind == "ff_id":
        values["employee_id"] = f"{ident}\x0c"
    elif kind == "nul_id":
        values["employee_id"] = rng.choice([f"{ident}\x00", f"\x00{ident}", f"{ident}\x00X"])
    elif kind == "pos_99":
        values[pos_col] = "9.9" if pos_col == "position" else "9"
    elif kind == "pos_x":
        values[pos_col] = "x"
    elif kind == "pos_empty":
        values[pos_col] = ""
    elif kind == "pos_space":
        values[pos_col] = rng.choice([f" {position}", f"{position} ", f"{position}\t"])
    elif kind == "too_few":
        cells = [values[c] for c in shape.columns][:-1]
        return d.join(cells) + newline
    elif kind == "too_many":
        extra = d + rng.choice(["", "extra"])
    elif kind == "long_id":  # longer than the smallest blocks
        values["employee_id"] = ident + "-" + "x" * rng.randint(60, 300)
    elif kind == "cyrillic":
        values["employee_id"] = f"Иван Петров {ident}"
    elif kind == "bad_bytes":
        values["employee_id"] = ident + rng.choice(["\udcff", "\udcc3(", "\udce9"])
    elif kind == "backslash":
        values["employee_id"] = rng.choice([f"{ident}\\", f"a\\b{ident}", f"\\u0041{ident}"])
    elif kind == "control":
        values["employee_id"] = ident + rng.choice(["\x01", "\x07", "\x08", "\x1b[0m"])
    elif kind == "json_ctrl":
        values["employee_id"] = ident + "\x1f" + "\x02"
    elif kind == "del_char":
        values["employee_id"] = ident + "\x7f"
    elif kind == "semicolon_id":
        values["employee_id"] = f"{ident};x"
    elif kind == "comma_id":
        values["employee_id"] = f"{ident},x"
    elif kind == "tab_in_id":
        values["employee_id"] = f"{ident}\tx"
    elif kind == "quote_inside":
        values["employee_id"] = f'{ident}"x'
    elif kind == "nel_id":
        values["employee_id"] = f"{ident}\x85"
    elif kind == "line_sep_id":
        values["employee_id"] = f"{ident}\u2028y"
    elif kind == "unknown_framework":
        values["framework"] = "no-such-framework"
    elif kind == "framework_space":
        values["framework"] = " sales-management "
    elif kind == "level_float":
        if shape.level_step:
            values["level"], values["step"] = values["level"] + ".0", values["step"] + ".00"
        else:
            values["position"] = position + ".0"
    elif kind == "level_bad":
        if shape.level_step:
            values["step"] = rng.choice(["-1", "0", "1.5", "x"])
        else:
            values["position"] = rng.choice(["2", "2.", ".3", "2..3", "2-3"])
    elif kind == "step_empty" and shape.level_step:
        values[rng.choice(["level", "step"])] = ""
    elif kind.startswith("assess_") and shape.assessed:
        _dirty_assessment(kind, values, rng)
    cells = [values[c] for c in shape.columns]
    return d.join(cells) + extra + newline


#: Amounts as a roster's actual_pay column holds them: distinct cents, whole amounts, one
#: decimal, leading zeros, a cell's own pay (on the grid, in lev and in euro), empty.
CLEAN_CURRENCIES = ["", "", "", "BGN", "EUR", "eur"]
#: What the row loop reads another way or refuses: Excel's spellings (a no-break space, a
#: decimal comma, лв.), a currency in the cell, zero, signs, exponents, three decimals, spaces.
BAD_AMOUNTS = [
    "abc", "0", "0.00", "5\u00a0445,00 лв.", "5 445,00", "5445 лв.", "€1500", "5445.123", "-5",
    "1e3", " 5445", "5445 ", "1,500.00", "1.500", "1000000001", "5445EUR", "1500,50", "4000.",
    ".50", "\uff15\uff14\uff14\uff15",
]  # fmt: skip
BAD_CURRENCIES = ["USD", " EUR", "лв.", "€", "Eur ", "bgn", "XX"]


def clean_amount(rng: random.Random) -> str:
    whole = rng.randint(900, 16000)
    return rng.choice(
        [f"{whole}.{rng.randint(0, 99):02d}"] * 6
        + [str(whole), f"{whole}.{rng.randint(0, 9)}", f"0{whole}.10", "5445", "926.47", ""]
    )


def actual_values(kind: str, rng: random.Random) -> tuple[str, str]:
    """A row's actual_pay and actual_currency: clean in a clean row, now and then not in
    another; with ``actual_bad``, an amount or currency the row loop reads another way."""
    if kind == "actual_bad":
        if rng.random() < 0.7:
            return rng.choice(BAD_AMOUNTS), rng.choice(CLEAN_CURRENCIES)
        return clean_amount(rng), rng.choice(BAD_CURRENCIES)
    if kind == "clean" or rng.random() < 0.5:
        return clean_amount(rng), rng.choice(CLEAN_CURRENCIES)
    return rng.choice(["5445", "4000.50", "", "12000", "1500,50", "abc"]), rng.choice(
        ["", "", "BGN", "EUR", "eur", "USD"]
    )


def _dirty_assessment(kind: str, values: dict[str, str], rng: random.Random) -> None:
    if kind == "assess_caps":
        name = rng.choice(["rating_people", "business_exposure", "kpoc_completed"])
        values[name] = values[name].upper() if rng.random() < 0.5 else values[name].title()
    elif kind == "assess_spaces":
        name = rng.choice(["rating_technical", "opportunity_finding_proven", "review_date"])
        values[name] = rng.choice([f" {values[name]} ", f"{values[name]}\t", f"\x0b{values[name]}"])
    elif kind == "assess_empty_cell":
        values[rng.choice(ASSESSMENT[:10] + ASSESSMENT[11:])] = ""
    elif kind == "assess_none":
        for name in ASSESSMENT:
            values[name] = rng.choice(["", "", " "])
    elif kind == "assess_bad_date":
        values[rng.choice(["in_position_since", "review_date"])] = rng.choice(
            [
                "2025-13-01",
                "yesterday",
                "2025-02-30",
                "01.02.2025",
                "2025-1-5",
                "2025-03-01T00:00",
                "20250301",
                "2025-03-01 ",
            ]
        )
    elif kind == "assess_review_before":
        values["in_position_since"], values["review_date"] = "2026-10-01", "2026-09-30"
    elif kind == "assess_bad_kpocs":
        values["failed_kpocs_in_a_row"] = rng.choice(
            ["x", "-1", "", "1.5", "00", "+1", " 1", "\u00b2", "\uff11", "\u0661"]
        )  # (str.isdigit takes the last three; a count must be ASCII digits)
    elif kind == "assess_kpocs_float":
        values["failed_kpocs_in_a_row"] = "1.0"
    elif kind == "assess_bad_rating":
        values["rating_business"] = rng.choice(["great", "5", "managed!"])
    elif kind == "assess_realm_empty":
        values["realm_business_development"] = ""
    elif kind == "assess_realm_caps":
        values["realm_business_development"] = rng.choice(["TRUE", " yes", "maybe"])


def render(shape: Shape, kinds: Sequence[str], rng: random.Random) -> bytes:
    """The roster file: header, then one row per kind."""
    text = shape.header() + shape.newline
    text += "".join(render_row(shape, kind, n, rng) for n, kind in enumerate(kinds, start=1))
    if not shape.final_newline:
        text = text.rstrip("\r\n")  # (blank lines at the end too)
    data = text.encode("utf-8", "surrogateescape")
    return (b"\xef\xbb\xbf" + data) if shape.bom else data


def random_shape(rng: random.Random) -> Shape:
    return Shape(
        delimiter=rng.choice([",", ",", ",", ";", "\t"]),
        id_first=rng.random() < 0.8,
        level_step=rng.random() < 0.25,
        framework=rng.random() < 0.4,
        assessed=rng.random() < 0.3,
        bom=rng.random() < 0.2,
        newline=rng.choice(["\n", "\n", "\n", "\n", "\r\n", "\r"]),
        final_newline=rng.random() < 0.8,
        note=rng.random() < 0.15,
        actual=rng.random() < 0.15,
        spelled=rng.random() < 0.2,
        forced=rng.random() < 0.2,
    )


def random_kinds(rng: random.Random, rows: int, bad: float) -> list[str]:
    """Mostly clean rows with bad ones at random places: some rosters have runs of clean rows
    long enough for whole clean blocks; an unclosed quote, which swallows the rest of the file,
    only now and then."""
    kinds = []
    for _ in range(rows):
        kind = rng.choice(BAD_KINDS) if rng.random() < bad else "clean"
        if kind == "unclosed" and rng.random() < 0.7:
            kind = "clean"
        kinds.append(kind)
    return kinds


# --------------------------------------------------------------------------- running both paths

STDIN = "<stdin>"
#: The option sets compared; output and rejects files go to the run's folder.
OPTION_SETS: tuple[tuple[str, ...], ...] = (
    (),
    ("--format", "csv"),
    ("--format", "jsonl"),
    ("--rejects", "{dir}/rej.csv"),
    ("--strict",),
    ("--summary",),
    ("--summary-only", "--format", "json"),
    ("--fields", "employee_id,pay_eur"),
    ("--output", "{dir}/out.csv"),
    ("--format", "jsonl", "--output", "{dir}/out.jsonl", "--rejects", "{dir}/rej.jsonl",
     "--summary"),
    ("--strict", "--output", "{dir}/out.csv", "--rejects", "{dir}/rej.csv"),
    ("--format", "jsonl", "--strict", "--summary"),
    (STDIN, "--summary"),
    ("--employer-cost",),
    ("--employer-cost", "--format", "jsonl", "--summary"),
    ("--framework", "software-engineering-management", "--format", "jsonl"),
    ("--format", "jsonl", "--fields", ",".join(BASE_FIELDS)),
)  # fmt: skip
#: Block sizes in characters: a few lines a block up to many (the default is 256 Ki).
SIZES = (64, 211, 4096)
FILES = ("out.csv", "out.jsonl", "rej.csv", "rej.jsonl")


#: The click command of the app, built once: CliRunner builds it anew on every run otherwise
#: (a tenth of a second each), and this file runs the CLI about a thousand times.
COMMAND = typer.main.get_command(app)


@dataclass(frozen=True)
class Outcome:
    exit_code: int
    stdout: bytes
    stderr: bytes
    files: tuple[tuple[str, bytes | None], ...]


_TARGETS: dict[tuple[str, int, int], Any] = {}


def _compiled_once(compile_target: Any) -> Any:
    """``compile_target`` remembered across runs: every run here reads the packaged competency
    rules (no --competencies), so a move's compiled rules are the same in each, and compiling
    them is most of a small roster's run time. Both paths get the same tables."""

    def compiled(rules: Any, target: Any) -> Any:
        key = (target.framework.id, target.position.level, target.position.step)
        if key not in _TARGETS:
            _TARGETS[key] = compile_target(rules, target)
        return _TARGETS[key]

    return compiled


#: Blocks the fast path wrote, counted over the runs (so a comparison is not careful vs careful).
FAST_BLOCKS = [0]


def _counting(run_block: Any) -> Any:
    def counted(self: fast.FastPay, block: Any) -> bool:
        ok = bool(run_block(self, block))
        FAST_BLOCKS[0] += ok
        return ok

    return counted


def invoke(folder: Path, roster: Path, options: Sequence[str], enabled: bool, size: int) -> Outcome:
    """One run; ``options`` starting with ``STDIN``: the roster piped in (``roster -``)."""
    for name in FILES:
        with contextlib.suppress(FileNotFoundError):
            (folder / name).unlink()
    piped = bool(options) and options[0] == STDIN
    source, data = ("-", roster.read_bytes()) if piped else (str(roster), None)
    options = options[1:] if piped else options
    args = ["roster", source, "--as-of", AS_OF, *(o.format(dir=folder) for o in options)]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fast, "ENABLED", enabled)
        patch.setattr(BlockSource, "SIZE", size)
        patch.setattr(typer.testing, "_get_command", lambda _: COMMAND)
        patch.setattr(fast.FastPay, "run", _counting(fast.FastPay.run))
        patch.setattr(eligibility, "compile_target", _compiled_once(eligibility.compile_target))
        result = run(args, input=data)  # type: ignore[arg-type]  # bytes, as a pipe gives
    assert result.exit_code in (0, 4), (args, result.exit_code, result.stderr, result.exception)
    files = tuple(
        (name, (folder / name).read_bytes() if (folder / name).exists() else None) for name in FILES
    )
    return Outcome(result.exit_code, result.stdout_bytes, result.stderr_bytes, files)


def compare(data: bytes, sizes: Sequence[int] = SIZES,
            option_sets: Sequence[Sequence[str]] = OPTION_SETS, extra: Sequence[str] = ()) -> int:  # fmt: skip
    """The roster ``data`` gives the same bytes everywhere with the fast path on and off: the
    first option set at every block size, the others at one each, in turn. Returns the count
    of blocks the fast path wrote."""
    FAST_BLOCKS[0] = 0
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        roster = folder / "roster.csv"
        roster.write_bytes(data)
        for index, chosen in enumerate(option_sets):
            options = (*chosen, *extra)
            careful = invoke(folder, roster, options, enabled=False, size=BlockSource.SIZE)
            for size in sizes if index == 0 else (sizes[index % len(sizes)],):
                quick = invoke(folder, roster, options, enabled=True, size=size)
                assert quick == careful, (
                    f"fast path differs: options {list(options)}, block size {size}, "
                    f"roster {data[:3000]!r}"
                )
    return FAST_BLOCKS[0]


# --------------------------------------------------------------------------- the comparisons


@pytest.mark.parametrize("seed", range(20))
def test_generated_rosters_fast_and_careful_agree(seed: int) -> None:
    rng = random.Random(seed)
    shape = random_shape(rng)
    bad = rng.choice([0.02, 0.1, 0.3])
    kinds = random_kinds(rng, rng.choice([30, 80, 150]), bad)
    blocks = compare(render(shape, kinds, rng), extra=shape.options())
    if shape.pay_only_clean() and bad < 0.3:
        assert blocks > 0


@pytest.mark.parametrize(
    "shape",
    [
        Shape(),
        Shape(delimiter=";", newline="\r\n", bom=True),
        Shape(delimiter="\t", final_newline=False),
        Shape(id_first=False, framework=True),
        Shape(level_step=True, framework=True, newline="\r\n"),
        Shape(assessed=True),
        Shape(assessed=True, delimiter=";", id_first=False, bom=True),
        Shape(newline="\r"),
        Shape(note=True, spelled=True, framework=True),
        Shape(actual=True, delimiter=";"),
    ],
    ids=[
        "plain",
        "semicolon-crlf-bom",
        "tab-no-final-newline",
        "id-not-first",
        "level-step",
        "assessed",
        "assessed-semicolon",
        "cr-only",
        "unknown-column",
        "actual-pay",
    ],
)
def test_every_kind_of_bad_row_once(shape: Shape) -> None:
    """Each kind of row in turn, between runs of clean rows (whole clean blocks on each side)."""
    rng = random.Random(7)
    kinds: list[str] = []
    for kind in BAD_KINDS:
        if kind != "unclosed":
            kinds += ["clean"] * rng.randint(0, 6) + [kind]
    kinds += ["clean"] * 5 + ["unclosed"] + ["clean"] * 5  # the quote swallows these
    blocks = compare(render(shape, kinds, rng), sizes=(64, 211, 1500), extra=shape.options())
    assert blocks > 0 or not shape.pay_only_clean()


@settings(
    max_examples=max(1, round(25 * settings.default.max_examples / 100))
)  # 25; --hypothesis-profile=long: 750
@given(
    shape=st.builds(
        Shape,
        delimiter=st.sampled_from([",", ";", "\t"]),
        id_first=st.booleans().map(lambda b: not b),  # shrinks to the id first
        level_step=st.booleans(),
        framework=st.booleans(),
        assessed=st.booleans(),
        bom=st.booleans(),
        newline=st.sampled_from(["\n", "\r\n", "\r"]),
        final_newline=st.booleans().map(lambda b: not b),
        note=st.booleans(),
        actual=st.booleans(),
        spelled=st.booleans(),
        forced=st.booleans(),
    ),
    kinds=st.lists(st.sampled_from(KINDS) | st.just("clean"), min_size=1, max_size=40),
    seed=st.integers(0, 2**16),
    size=st.sampled_from([64, 97, 160, 512]),
)
def test_hypothesis_rosters_fast_and_careful_agree(
    shape: Shape, kinds: list[str], seed: int, size: int
) -> None:
    """Shrinks to the shortest list of row kinds that shows a difference."""
    options = [(), ("--format", "jsonl"), ("--rejects", "{dir}/rej.csv", "--summary"),
               ("--strict",)]  # fmt: skip
    compare(render(shape, kinds, random.Random(seed)), (size,), options, shape.options())


def _cp1251(text: str) -> bytes:
    out = []
    for char in text:
        try:
            out.append(char.encode("cp1251", "surrogateescape"))
        except UnicodeEncodeError:
            out.append(b"?")
    return b"".join(out)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "cp1251"])
def test_other_encodings(encoding: str) -> None:
    """UTF-16 (sniffed from its BOM, or named) and cp1251 (0x98 is no cp1251 character)."""
    rng = random.Random(encoding)
    kinds = random_kinds(rng, 120, 0.2)
    text = render(Shape(), kinds, rng).decode("utf-8", "surrogateescape")
    if encoding == "cp1251":
        data = _cp1251(text).replace(b"E00050", b"E\x98\x98050")
    else:
        data = text.encode(encoding, "surrogatepass")
    options = () if encoding == "utf-16" else ("--encoding", encoding)
    blocks = compare(data, sizes=(64, 500), option_sets=OPTION_SETS[:5], extra=options)
    assert blocks > 0


def test_a_quoted_field_across_block_boundaries() -> None:
    """A quoted id of many lines, opening just before a block ends, at every offset."""
    for pad in range(0, 40, 3):
        lines = ["employee_id,position"] + [f"E{n},1.{n % 4 + 1}" for n in range(6)]
        lines.append("P" * pad + ",2.2")
        field_lines = "\n".join(f"line {i}" for i in range(30))
        lines.append(f'"{field_lines}",3.3')
        lines += [f"F{n},4.{n % 4 + 1}" for n in range(40)]
        data = ("\n".join(lines) + "\n").encode()
        assert compare(data, sizes=(64, 100, 128), option_sets=[(), ("--format", "jsonl")]) > 0


def test_an_unclosed_quote_longer_than_a_field_may_be() -> None:
    """An unclosed quote with more than MAX_FIELD characters after it: the CSV reader refuses
    the field and reads on from the next line, in blocks as in one."""
    rows = [f"E{n:06d},{POSITIONS[n % 16]}" for n in range(12_000)]
    rows[50] = '"never closed,1.1'
    data = ("employee_id,position\n" + "\n".join(rows) + "\n").encode()
    assert compare(data, sizes=(4096, 1 << 18), option_sets=[(), ("--rejects", "{dir}/rej.csv")])


def test_a_roster_with_cr_line_ends_larger_than_a_block() -> None:
    """Found here: lines ending in a bare CR (an old Mac's) have no LF to cut a block at, so
    the whole rest is read carefully; the first piece read ended inside a row, and the CSV
    reader ended a row there too (E9 came out as 9, with a rejected '1 fields' row). At the
    default block size, any such roster over 256 Ki characters."""
    rows = "".join(f"E{n},{POSITIONS[n % 16]}\r" for n in range(30_000))
    data = ("employee_id,position\r" + rows).encode()
    default = BlockSource.SIZE
    assert len(data) > default
    compare(data, sizes=(default, 64), option_sets=[(), ("--format", "jsonl", "--summary")])
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        (folder / "roster.csv").write_bytes(data)
        quick = invoke(folder, folder / "roster.csv", (), True, default)
    assert (quick.exit_code, quick.stderr) == (0, b"")
    assert quick.stdout.count(b"\n") == 30_001


def test_a_line_longer_than_a_block() -> None:
    """The same, for one line longer than a whole block in a roster of LF lines."""
    for length in (60, 64, 65, 100, 200):
        rows = [f"E{n},{POSITIONS[n % 16]}" for n in range(40)]
        rows[5] = "L" * length + ",2.3"
        rows[6] = "E6,9.9"
        data = ("employee_id,position\n" + "\n".join(rows) + "\n").encode()
        compare(data, sizes=(64,), option_sets=[(), ("--rejects", "{dir}/rej.csv")])


def test_undecodable_bytes_in_clean_and_careful_blocks() -> None:
    """Bytes that are not UTF-8 far apart, between long clean runs (line numbers and the
    count of undecodable bytes carried across the blocks)."""
    rows = [f"E{n:05d},{POSITIONS[n % 16]}" for n in range(3000)]
    for where in (10, 900, 901, 2500, 2999):
        rows[where] = f"E{where}\udcff\udcfe,1.1"
    rows[1200] = '"quoted, id",2.2'
    data = ("employee_id,position\n" + "\n".join(rows) + "\n").encode("utf-8", "surrogateescape")
    assert compare(data, sizes=(64, 4096), option_sets=[(), ("--rejects", "{dir}/rej.jsonl")])


# --------------------------------------------------------------------------- the fast path ran


def test_the_fast_path_really_runs_on_a_clean_roster(monkeypatch: pytest.MonkeyPatch) -> None:
    accepted: list[int] = []
    original = fast.FastPay.run

    def spy(self: fast.FastPay, block: Any) -> bool:
        ok = original(self, block)
        if ok:
            accepted.append(block.lines)
        return ok

    monkeypatch.setattr(fast.FastPay, "run", spy)
    rng = random.Random(3)
    data = render(Shape(), ["clean"] * 500, rng)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        (folder / "roster.csv").write_bytes(data)
        for fmt in ("csv", "jsonl"):
            accepted.clear()
            quick = invoke(folder, folder / "roster.csv", ("--format", fmt), True, 256)
            assert sum(accepted) == 500 and len(accepted) > 20  # every row, in many blocks
            accepted.clear()
            careful = invoke(folder, folder / "roster.csv", ("--format", fmt), False, 256)
            assert accepted == []
            assert quick == careful
            assert quick.stdout.count(b"\n") == 500 + (fmt == "csv")  # and the CSV header


def test_a_bad_row_hands_back_only_its_block(monkeypatch: pytest.MonkeyPatch) -> None:
    handed: list[bool] = []
    original = fast.FastPay.run
    monkeypatch.setattr(
        fast.FastPay, "run", lambda self, block: handed.append(original(self, block)) or handed[-1]
    )
    kinds = ["clean"] * 400
    kinds[200] = "space_id"
    data = render(Shape(), kinds, random.Random(1))
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        (folder / "roster.csv").write_bytes(data)
        quick = invoke(folder, folder / "roster.csv", (), True, 256)
        assert handed.count(False) == 1 and handed.count(True) > 15
        careful = invoke(folder, folder / "roster.csv", (), False, 256)
        assert quick == careful
        assert b"\nE00200,sales-management," in quick.stdout  # the id is stripped


# --------------------------------------------------------------------------- the console script

SCRIPT = Path(sys.executable).parent / "salesgrid"


def script_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SALESGRID_")}
    for name in ("NO_COLOR", "FORCE_COLOR", "COLUMNS"):
        env.pop(name, None)
    env.update({"SALESGRID_AS_OF": AS_OF, "PYTHONUNBUFFERED": "1", **extra})
    return env


def big_roster(path: Path, rows: int, bad_every: int = 0) -> list[tuple[str, str]]:
    """A Sales Management roster (seeded); every ``bad_every``-th row refused or odd."""
    rng = random.Random(12)
    out: list[tuple[str, str]] = []
    odd = ["9.9", "x", "", " 2.3"]
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("employee_id,position\n")
        for n in range(rows):
            position = rng.choice(POSITIONS)
            ident = f"E{n:07d}"
            if bad_every and n % bad_every == bad_every - 1:
                position = odd[(n // bad_every) % len(odd)]
                if n % 3 == 0:
                    ident = f'"{ident}, x"'
            handle.write(f"{ident},{position}\n")
            out.append((ident, position))
    return out


def eur(bgn: int) -> str:
    cents = (Decimal(bgn) / Decimal("1.95583")).quantize(Decimal("0.01"), rounding=ROUND_CEILING)
    return format(cents, "f")


@pytest.fixture(scope="module")
def roster_200k() -> Iterator[tuple[Path, list[tuple[str, str]]]]:
    with tempfile.TemporaryDirectory() as name:
        path = Path(name) / "big.csv"
        yield path, big_roster(path, 200_000)


@pytest.fixture(scope="module")
def roster_40k() -> Iterator[Path]:
    """Output of some 3 MB: more than the pipe and salesgrid's 1 MiB buffer hold."""
    with tempfile.TemporaryDirectory() as name:
        path = Path(name) / "mid.csv"
        big_roster(path, 40_000)
        yield path


@pytest.mark.slow
def test_script_200k_rows_equal_the_careful_loop(
    roster_200k: tuple[Path, list[tuple[str, str]]],
) -> None:
    assert SCRIPT.is_file(), "install the package first: pip install '.[test]'"
    path, rows = roster_200k
    done = subprocess.run(
        [str(SCRIPT), "roster", str(path), "--as-of", AS_OF], env=script_env(),
        capture_output=True, timeout=HUNG, check=False,
    )  # fmt: skip
    assert (done.returncode, done.stderr) == (0, b"")
    lines = done.stdout.decode().split("\n")
    assert len(lines) == 200_002 and lines[-1] == ""
    for n in (0, 1, 65_535, 123_456, 199_999):  # computed from the grid, not by salesgrid
        ident, position = rows[n]
        bgn = SALES_BGN[position]
        assert lines[n + 1].split(",")[:5] == [ident, "sales-management", position, str(bgn),
                                              eur(bgn)]  # fmt: skip
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fast, "ENABLED", False)
        careful = run(["roster", str(path), "--as-of", AS_OF])
    assert careful.exit_code == 0
    assert careful.stdout_bytes == done.stdout


@pytest.mark.slow
def test_script_rows_with_bad_rows_equal_the_careful_loop(tmp_path: Path) -> None:
    """Real blocks (256 Ki characters) with refused and quoted rows among them."""
    path = tmp_path / "bad.csv"
    big_roster(path, 60_000, bad_every=997)
    for fmt in ("csv", "jsonl"):
        done = subprocess.run(
            [str(SCRIPT), "roster", str(path), "--as-of", AS_OF, "--format", fmt, "--summary"],
            env=script_env(), capture_output=True, timeout=HUNG, check=False,
        )  # fmt: skip
        if fmt == "csv":  # and from a pipe (reads of any size)
            piped = subprocess.run(
                ["bash", "-c", f'cat "{path}" | "{SCRIPT}" roster - --as-of {AS_OF} --summary'],
                env=script_env(), capture_output=True, timeout=HUNG, check=False,
            )  # fmt: skip
            assert (piped.returncode, piped.stdout, piped.stderr) == (
                done.returncode, done.stdout, done.stderr
            )  # fmt: skip
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(fast, "ENABLED", False)
            careful = run(["roster", str(path), "--as-of", AS_OF, "--format", fmt, "--summary"])
        assert done.returncode == careful.exit_code == 4
        assert done.stderr == careful.stderr_bytes
        assert done.stdout == careful.stdout_bytes
        assert b"row 998: position 9.9 is not in Sales Management" in done.stderr


def test_script_closed_pipe_after_one_line_exits_141_quietly(
    roster_40k: Path,
) -> None:
    path = roster_40k
    for fmt in ("csv", "jsonl"):
        proc = subprocess.Popen(
            [str(SCRIPT), "roster", str(path), "--as-of", AS_OF, "--format", fmt],
            env=script_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
        assert proc.stdout is not None and proc.stderr is not None
        first = proc.stdout.readline()  # as `| head -1` does
        proc.stdout.close()
        stderr = proc.stderr.read()
        assert proc.wait(timeout=HUNG) == 141
        assert stderr == b""
        assert first.startswith(b"employee_id," if fmt == "csv" else b'{"employee_id": "E0000000"')


def test_script_shell_pipe_into_head(roster_40k: Path) -> None:
    path = roster_40k
    done = subprocess.run(
        ["bash", "-c", f'"{SCRIPT}" roster "{path}" --as-of {AS_OF} | head -1; '
         'echo "${PIPESTATUS[0]}" >&2'],
        env=script_env(), capture_output=True, timeout=HUNG, check=False,
    )  # fmt: skip
    assert done.stdout == (
        b"employee_id,framework,position,pay_bgn,pay_eur,next_step,next_step_delta_bgn,"
        b"next_level,next_level_delta_bgn\n"
    )
    assert done.stderr == b"141\n"


PROBE = (
    "import sys\n"
    "from salesgrid.batch import fast\n"
    "fast.ENABLED = {enabled}\n"
    "from salesgrid.cli import main\n"
    "sys.argv = ['salesgrid', *sys.argv[1:]]\n"
    "main()\n"
)


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_script_full_disk_is_the_usual_write_error(roster_40k: Path, fmt: str) -> None:
    """stdout on /dev/full: exit 74 and one line on stderr, as with the fast path off."""
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    path = roster_40k
    args = ["roster", str(path), "--as-of", AS_OF, "--format", fmt]
    outcomes = []
    commands = [[str(SCRIPT)], [sys.executable, "-c", PROBE.format(enabled=False)]]
    for command in commands if fmt == "csv" else commands[:1]:
        with open("/dev/full", "wb") as full:
            done = subprocess.run(
                [*command, *args], env=script_env(), stdout=full, stderr=subprocess.PIPE,
                timeout=HUNG, check=False,
            )  # fmt: skip
        outcomes.append((done.returncode, done.stderr))
    assert outcomes[0] == (74, b"salesgrid: error: cannot write stdout: No space left on device\n")
    assert outcomes[-1] == outcomes[0]


def test_script_small_roster_to_full_disk() -> None:
    """Less than the buffer holds: the error shows when it is flushed at the end."""
    with tempfile.TemporaryDirectory() as name:
        path = Path(name) / "small.csv"
        big_roster(path, 50)
        with open("/dev/full", "wb") as full:
            done = subprocess.run(
                [str(SCRIPT), "roster", str(path), "--as-of", AS_OF], env=script_env(),
                stdout=full, stderr=subprocess.PIPE, timeout=HUNG, check=False,
            )  # fmt: skip
    assert (done.returncode, done.stderr) == (
        74, b"salesgrid: error: cannot write stdout: No space left on device\n"
    )  # fmt: skip
