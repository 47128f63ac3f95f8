"""Fuzzing through the CLI: every command, mutated data files, rosters in every dialect.

Each test draws inputs with hypothesis, runs the command in-process (Typer's CliRunner, with a
fixed SALESGRID_AS_OF) and checks the contract that holds for *any* input:

- never exit 70 (an internal error) and never a traceback;
- an exit code from the documented set;
- a failure says something on stderr, one line per problem and no line of unbounded length;
- whatever is accepted is read as meant (a month, date, position or amount given on the command
  line is accepted only in a documented spelling, and an amount is used as typed);
- a data file that ``validate`` accepts is usable by every command that reads it;
- for rosters, rows read = written + rejected, and the output and rejects files hold exactly
  those rows.

The default (``ci``) profile keeps the module at a few seconds; ``--hypothesis-profile=long``
multiplies every test's number of cases (see ``tests/conftest.py``). ``pytest -s`` prints how
many cases ran per input class.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pytest
import typer.main
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import Result

from salesgrid.batch.csvread import sniff_delimiter
from salesgrid.cli import app

from .amountspell import meant as documented
from .conftest import AS_OF, DATA, HUNG, REPO, run

EXAMPLES = REPO / "examples"
DOCUMENTED_EXITS = {0, 1, 2, 3, 4, 5, 74, 129, 130, 141, 143}
MUST_EXPLAIN = {2, 3, 4, 5, 74}  # a failure that must say why on stderr
MAX_LINE = 2_000  # echoed values are cut: no message line grows with the input
SUMMARY = re.compile(r"rows: (\d+) read, (\d+) written, (\d+) rejected")

CASES: Counter[str] = Counter()


def budget(ci_cases: int) -> settings:
    """``ci_cases`` in the default profile, scaled with the active profile's max_examples."""
    scale = settings.default.max_examples / 100
    return settings(max_examples=max(1, round(ci_cases * scale)))


@pytest.fixture(scope="module", autouse=True)
def _report_cases() -> Iterator[None]:
    yield
    profile = settings.get_current_profile_name()
    total = sum(CASES.values())
    lines = [f"fuzz cases ({profile} profile): {total} invocations"]
    lines += [f"  {name}: {count}" for name, count in sorted(CASES.items())]
    print("\n" + "\n".join(lines))


# --------------------------------------------------------------------------- the contract


def describe(args: Sequence[str], env: dict[str, str] | None, result: Result) -> str:
    shown = [a if len(a) <= 80 else f"{a[:40]}...({len(a)} characters)" for a in args]
    return (
        f"\nargs={shown!r}\nenv={env!r}\nexit={result.exit_code}"
        f"\nstdout={result.stdout[:1500]!r}\nstderr={result.stderr[:1500]!r}"
    )


def invoke(
    kind: str,
    args: Sequence[str],
    env: dict[str, str] | None = None,
    stdin: bytes | str | None = None,
) -> Result:
    """Run the CLI and check what holds for every input; count the case under ``kind``."""
    CASES[kind] += 1
    result = run(args, env=env, input=stdin)  # type: ignore[arg-type]
    why = describe(args, env, result)
    exc = result.exception
    assert exc is None or isinstance(exc, SystemExit), f"uncaught {exc!r}" + why
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout, why
    assert result.exit_code != 70, "internal error" + why
    assert result.exit_code in DOCUMENTED_EXITS, "undocumented exit code" + why
    if result.exit_code in MUST_EXPLAIN:
        # validate's findings are its output; with --rejects, the reasons are in that file.
        said = result.stderr.strip() or (args[:1] == ["validate"] and result.stdout.strip())
        quiet_rejects = result.exit_code == 4 and "--rejects" in args
        assert said or quiet_rejects, "a failure with nothing on stderr" + why
    longest = max((len(line) for line in result.stderr.splitlines()), default=0)
    assert longest <= MAX_LINE, f"a {longest}-character line on stderr" + why
    return result


# --------------------------------------------------------------------------- command line


def _commands() -> dict[str, list[Any]]:
    """Every command path with its parameters, read from the app itself."""
    found: dict[str, list[Any]] = {}

    def walk(command: Any, path: tuple[str, ...]) -> None:
        found[" ".join(path)] = list(command.params)
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, (*path, name))

    walk(typer.main.get_command(app), ())
    return found


COMMANDS = _commands()
# Shell set-up, not salesgrid: --install-completion edits the user's shell start-up files.
# --debug shows the traceback of any error on purpose.
SKIP_OPTIONS = {"--install-completion", "--show-completion", "--debug"}
FORMATS = ["table", "plain", "csv", "json", "jsonl"]
FRAMEWORKS = ["sales-management", "technical-support-management", "operations-management-logistics"]

weird_text = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12
) | st.sampled_from(["", " ", "\t", "-", "--", "\x00", "é", "٣", "２", "x" * 5000, "\r\n"])
positions = (
    st.sampled_from(
        [
            "2.3",
            "1.1",
            "4.4",
            "1.4",
            "2.2",
            "0.0",
            "5.1",
            "9.9",
            "1.04",
            "1.10",
            "2",
            "2.",
            ".3",
            "2.3.4",
            "2,3",
            " 2.3",
            "2.3 ",
            "２.３",
            "٢.٣",
            "1.1234567",
            "-1.1",
            "+2.3",
            "1e1",
            "2_0.3",
            "99999999999999999999.1",
            "1." + "9" * 40,
            "",
            "ⅱ.ⅲ",
        ]
    )
    | weird_text
)
dates = (
    st.sampled_from(
        [
            "2026-11-22",
            "2021-11-01",
            "2021-10-31",
            "2024-05-01",
            "9999-12-31",
            "0001-01-01",
            "2026-02-29",
            "2024-02-29",
            "2026-13-01",
            "2026-1-1",
            "26-11-22",
            "2026/11/22",
            "2026-11-22T00:00",
            "２０２６-11-22",
            "",
            " 2026-11-22",
            "20261122",
            "today",
        ]
    )
    | weird_text
)
months = (
    st.sampled_from(
        [
            "2026-09",
            "2025-01",
            "2025-12",
            "2026-01",
            "2026-12",
            "2027-03",
            "2024-12",
            "9999-12",
            "0000-01",
            "2026-13",
            "2026-00",
            "2026-9",
            "26-09",
            "2026-09-01",
            "２０２６-09",
            "",
            " ",
            "2026-09 ",
            "2026_09",
            "1e3",
        ]
    )
    | weird_text
)
amounts = (
    st.sampled_from(
        [
            "3000",
            "1500.50",
            "1500,50",
            "1,5",
            "1,500",
            "1,500.50",
            "1.500,50",
            "1 500",
            "1 500",
            "1e3",
            "1E3",
            "1_000",
            "١٥٠٠",
            "１５００",
            "1e30",
            "1e27",
            "1e26",
            "9" * 33,
            "9" * 400,
            "-1",
            "-0",
            "0",
            "0.001",
            "0.005",
            "00100",
            "+100",
            ".5",
            "5.",
            "nan",
            "NaN",
            "inf",
            "-inf",
            "Infinity",
            "",
            " ",
            "1000000000",
            "1000000000.01",
            "999999999.99",
            "0,5",
            "0.4",
            "1.1",
            "1.2",
            "0.39",
            "1 500,50 лв.",
            "1\u00a0500,50\u00a0лв.",
            "€1500",
            "1500 EUR",
            "1500 евро",
            "1500 BGN",
            "1500 USD",
            "1.500.000",
            "1,500,000",
            "5.445,00",
            "5,445.00",
            "1 500.000",
            "1.500 000",
            "15,00,000",
        ]
    )
    | st.decimals(allow_nan=True, allow_infinity=True).map(str)
    | weird_text
)
values_by_kind = {
    "position": positions,
    "date": dates,
    "month": months,
    "amount": amounts,
    "format": st.sampled_from(FORMATS) | weird_text,
    "currency": st.sampled_from(["BGN", "EUR", "eur", "USD", ""]) | weird_text,
    "framework": st.sampled_from([*FRAMEWORKS, "sales-managment", "", " sales-management"])
    | weird_text,
    "int": st.sampled_from(["1", "2", "4", "0", "-1", "5", "1.0", "", "99999999999999999999"])
    | weird_text,
    "text": weird_text,
    "fields": st.sampled_from(
        [",", "", "employee_id", "employee_id,pay_eur", "pay_eur,,position", "nope", "line"]
    )
    | weird_text,
}


def _value_kind(opts: Sequence[str], metavar: str | None) -> str:
    name = " ".join(opts) + " " + (metavar or "")
    for key, kind in [
        ("L.S", "position"),
        ("POSITION", "position"),
        ("STEP", "int"),
        ("--month", "month"),
        ("--as-of", "date"),
        ("GROSS", "amount"),
        ("NET", "amount"),
        ("PERCENT", "amount"),
        ("--format", "format"),
        ("--currency", "currency"),
        ("ID", "framework"),
        ("--level", "int"),
        ("--fields", "fields"),
    ]:
        if key in name:
            return kind
    return "text"


@st.composite
def command_lines(draw: st.DrawFn, paths: dict[str, Path]) -> tuple[list[str], dict[str, str]]:
    """A command with real option names and drawn values, plus environment variables."""
    command = draw(st.sampled_from(sorted(COMMANDS)))
    params = COMMANDS[command]
    args = command.split()
    positional = [p for p in params if p.param_type_name == "argument"]
    options = [p for p in params if p.param_type_name == "option" and p.opts[0] not in SKIP_OPTIONS]
    for param in positional:
        if not draw(st.booleans()) and param.required is False:
            continue
        args.append(draw(value_for(param.opts, param.metavar, paths)))
    for param in draw(st.lists(st.sampled_from(options), max_size=5)) if options else []:
        args.append(draw(st.sampled_from(param.opts)))
        if not param.is_flag:
            args.append(draw(value_for(param.opts, param.metavar, paths)))
    if draw(st.integers(0, 9)) == 0:
        args.insert(draw(st.integers(0, len(args))), draw(weird_text))
    env = draw(
        st.dictionaries(
            st.sampled_from(
                [
                    "SALESGRID_FORMAT",
                    "SALESGRID_CURRENCY",
                    "SALESGRID_MONTH",
                    "COLUMNS",
                    "SALESGRID_FRAMEWORK",
                    "NO_COLOR",
                    "TERM",
                    "SALESGRID_AS_OF",
                ]
            ),
            st.sampled_from(
                [
                    *FORMATS,
                    "0",
                    "1",
                    "10",
                    "40",
                    "80",
                    "-5",
                    "",
                    "EUR",
                    "dumb",
                    "2026-09",
                    "2026-11-22",
                ]
            )
            | weird_text.filter(lambda v: "\x00" not in v),
            max_size=3,
        )
    )
    return args, env


def value_for(opts: Sequence[str], metavar: str | None, paths: dict[str, Path]) -> Any:
    name = " ".join(opts)
    if any(o in name for o in ("--output", "--rejects")):
        return st.sampled_from([str(paths[k]) for k in ("out_csv", "out_jsonl", "out_xlsx", "dir")])
    if metavar in ("PATH", "FILE", "[FILE]...") or name in ("source", "files"):
        return st.sampled_from([str(p) for k, p in paths.items() if k.startswith("in_")] + ["-"])
    if name == "kind":
        return st.sampled_from(["grid", "competencies", "payroll", "assessment", "Grid", ""])
    if name == "--kind":
        return st.sampled_from(
            ["grid", "competencies", "payroll", "calendar", "assessment", "core", "ai"]
        )
    if name == "--input-format":
        return st.sampled_from(["csv", "jsonl", "xlsx", "CSV", "json", ""])
    return values_by_kind[_value_kind(opts, metavar)]


@pytest.fixture(scope="module")
def sandbox() -> Iterator[dict[str, Path]]:
    """Files the drawn command lines may name: all inside one temporary directory."""
    root = Path(tempfile.mkdtemp(prefix="salesgrid-fuzz-"))
    paths = {
        "in_grid": DATA / "grid.yaml",
        "in_competencies": DATA / "competencies.yaml",
        "in_payroll": DATA / "payroll.yaml",
        "in_assessment": EXAMPLES / "assessment.yaml",
        "in_roster": EXAMPLES / "roster.csv",
        "in_missing": root / "missing.yaml",
        "in_dir": root,
        "in_empty": root / "empty.yaml",
        "out_csv": root / "out.csv",
        "out_jsonl": root / "out.jsonl",
        "out_xlsx": root / "out.xlsx",
        "dir": root / "adir",
    }
    paths["in_empty"].write_bytes(b"")
    paths["dir"].mkdir()
    yield paths
    shutil.rmtree(root, ignore_errors=True)


ACCEPTED_SPELLING = {
    "--month": re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])"),
    "--as-of": re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}"),
    "--from": re.compile(r"[1-9][0-9]*\.[1-9][0-9]*"),
    "--to": re.compile(r"[1-9][0-9]*\.[1-9][0-9]*"),
    "--highlight": re.compile(r"[1-9][0-9]*\.[1-9][0-9]*"),
}


EMPTY_REFUSED = [
    "--month", "--as-of", "--currency", "--framework", "-f", "--highlight", "--fields",
    "--to-framework", "--from", "--to", "--domain", "--level",
]  # fmt: skip


@given(data=st.data())
@budget(40)
def test_every_command_any_arguments(sandbox: dict[str, Path], data: st.DataObject) -> None:
    """Any command line: a documented exit, no traceback, accepted values in accepted spellings."""
    args, env = data.draw(command_lines(sandbox))
    result = invoke("arguments", args, env)
    if result.exit_code == 0:
        for option, spelling in ACCEPTED_SPELLING.items():
            given_values = [
                args[i + 1]
                for i, arg in enumerate(args[:-1])
                if arg == option and "--" not in args[: i + 1]
            ]
            if given_values:  # the last one given is the one used
                assert spelling.fullmatch(given_values[-1].strip()), (
                    f"{option} {given_values[-1]!r} accepted" + describe(args, env, result)
                )
        for option in EMPTY_REFUSED:
            given_values = [
                args[i + 1]
                for i, arg in enumerate(args[:-1])
                if arg == option and "--" not in args[: i + 1]
            ]
            if given_values:  # like --month '' (defect 19): an empty value is not the default
                assert given_values[-1].strip(), f"{option} {given_values[-1]!r} accepted" + (
                    describe(args, env, result)
                )
        check_output(args, env, result)
    if (
        result.exit_code == 2
        and env.get("SALESGRID_FORMAT") in FORMATS
        and "--format" not in args
        and "-h" not in args
        and "--help" not in args
    ):
        # An environment default a command cannot use falls back to its own default (defect 10).
        without = {k: v for k, v in env.items() if k != "SALESGRID_FORMAT"}
        again = invoke("arguments", args, without)
        assert again.exit_code == 2, "SALESGRID_FORMAT made a usage error" + describe(
            args, env, result
        )


def check_output(args: list[str], env: dict[str, str], result: Result) -> None:
    """A successful run prints something, and machine formats parse."""
    why = describe(args, env, result)
    formats = [args[i + 1] for i, a in enumerate(args[:-1]) if a == "--format"]
    # Only a format asked for on the command line: an environment default that a command
    # cannot use falls back to the command's own default (defect 10).
    fmt = formats[-1] if formats else ""
    help_asked = {"-h", "--help", "--version"} & set(args)
    if args[0] in ("pay", "grid", "frameworks", "promote", "payroll", "schema") or help_asked:
        assert result.stdout.strip(), "exit 0 with nothing on stdout" + why
    if help_asked or (args[0] == "roster" and any(a.startswith("--output") for a in args)):
        return
    if fmt == "json" or args[0] == "schema":
        json.loads(result.stdout)
    elif fmt == "jsonl":
        for line in result.stdout.splitlines():
            json.loads(line)
    elif fmt == "csv":
        widths = {len(row) for row in csv.reader(io.StringIO(result.stdout, newline=""))}
        assert len(widths) <= 1, f"CSV rows of widths {widths}" + why


@given(
    position=positions,
    step=st.none() | values_by_kind["int"],
    command=st.sampled_from(["pay", "promote --from", "grid --highlight"]),
)
@budget(20)
def test_positions_are_read_as_typed(position: str, step: str | None, command: str) -> None:
    """A position is L.S in ASCII digits (pay also takes LEVEL STEP); anything else is refused."""
    args = [*command.split(), position]
    if command == "pay" and step is not None:
        args.append(step)
    args += ["--format", "json", "--"] if command == "pay" else ["--format", "json"]
    if command == "pay" and args[1].startswith("-"):
        args = ["pay", "--format", "json", "--", *args[1 : len(args) - 3]]
    result = invoke("positions", args)
    if result.exit_code != 0:
        return
    why = describe(args, None, result)
    if command == "pay" and step is not None:
        ok = re.fullmatch(r"[1-9][0-9]*", position.strip()) and re.fullmatch(
            r"[1-9][0-9]*", step.strip()
        )
    else:
        ok = re.fullmatch(r"[1-9][0-9]*\.[1-9][0-9]*", position.strip())
    assert ok, f"position {position!r} {step!r} accepted" + why
    if command == "pay":
        body = json.loads(result.stdout)
        level, _, rest = position.strip().partition(".")
        assert (body["level"], body["step"]) == (int(level), int(step or rest)), why


TABLE_CASES = {
    "pay": (["pay", "2.3"], ["BGN", "EUR"]),
    "grid": (["grid", "--highlight", "2.3"], ["BGN", "EUR"]),
    "frameworks": (["frameworks"], ["min_BGN", "min_EUR", "max_BGN", "max_EUR"]),
    "promote": (["promote", "--from", "2.3"], ["to_BGN", "to_EUR", "delta_BGN"]),
    "roster": (["roster", str(EXAMPLES / "roster.csv")], ["pay_bgn", "pay_eur"]),
    "payroll": (["payroll", "net", "3000", "--month", "2026-09"], ["gross", "net"]),
}


def _grouped(amount: str) -> str:
    whole, dot, cents = amount.partition(".")
    return f"{int(whole):,}{dot}{cents}"


@given(
    case=st.sampled_from(sorted(TABLE_CASES)),
    columns=st.integers(0, 12) | st.integers(60, 240),
    framework=st.sampled_from(FRAMEWORKS),
)
@budget(15)
def test_tables_never_cut_amounts(case: str, columns: int, framework: str) -> None:
    """At any width a table prints something, and every amount whole (defects 12 and 18)."""
    args, amount_columns = TABLE_CASES[case]
    if case in ("pay", "grid", "promote"):
        args = [*args, "--framework", framework]
    env = {"COLUMNS": str(columns)}
    table = invoke("tables", [*args, "--format", "table"], env)
    why = describe(args, env, table)
    if table.exit_code not in (0, 4):
        return
    assert table.stdout.strip(), "a table run printed nothing" + why
    if columns < 60:  # "ordinary widths" (defect 12)
        return
    records = invoke("tables", [*args, "--format", "csv"])
    for row in csv.DictReader(io.StringIO(records.stdout)):
        for column in amount_columns:
            amount = (row.get(column) or "").lstrip("+-")
            if amount:
                shown = amount in table.stdout or _grouped(amount) in table.stdout
                assert shown, f"{column} {amount} is not whole in the table" + why


# --------------------------------------------------------------------------- amounts


def meant(text: str) -> Decimal | None:
    """What an amount means under the one rule, or None if it must be refused."""
    spelled = documented(text, with_currency=True)  # grouped thousands, a currency with it
    if spelled is not None:
        return spelled[0]
    if re.fullmatch(r"\+?([0-9]+\.?[0-9]*|\.[0-9]+)", text):
        return Decimal(text)
    if re.fullmatch(r"[0-9]+,[0-9]{1,2}", text):
        return Decimal(text.replace(",", "."))
    if re.fullmatch(r"-0*\.?0*", text) and "0" in text:  # minus zero may be read as zero
        return Decimal(0)
    return None


@given(amount=amounts, direction=st.sampled_from(["net", "gross"]), month=months)
@budget(30)
def test_payroll_amounts_are_read_as_typed(amount: str, direction: str, month: str) -> None:
    """An amount is used as typed (a decimal comma as a point) or refused; never another number."""
    args = ["payroll", direction, "--month", month, "--format", "json", "--", amount]
    result = invoke("amounts", args)
    if result.exit_code != 0:
        return
    value = meant(amount)
    assert value is not None, f"{amount!r} accepted" + describe(args, None, result)
    body = json.loads(result.stdout, parse_float=Decimal)
    used = body["gross" if direction == "net" else "net"]
    assert Decimal(str(used)) == value, f"{amount!r} read as {used}" + describe(args, None, result)
    assert value <= 10**9, "an amount over the documented bound was accepted" + describe(
        args, None, result
    )


@given(rate=amounts, command=st.sampled_from(["net", "gross"]))
@budget(10)
def test_work_accident_rate_is_read_as_typed(rate: str, command: str) -> None:
    args = [
        "payroll",
        command,
        "3000",
        "--month",
        "2026-09",
        "--format",
        "json",
        "--work-accident-rate",
        rate,
    ]
    result = invoke("amounts", args)
    if result.exit_code == 0:
        value = meant(rate)
        assert value is not None, f"rate {rate!r} accepted" + describe(args, None, result)
        got = json.loads(result.stdout, parse_float=Decimal)["work_accident_percent"]
        assert Decimal(str(got)) == value, describe(args, None, result)


# --------------------------------------------------------------------------- data files

SHIPPED = {
    "grid": DATA / "grid.yaml",
    "competencies": DATA / "competencies.yaml",
    "payroll": DATA / "payroll.yaml",
    "calendar": EXAMPLES / "company-calendar.yaml",
    "assessment": EXAMPLES / "assessment.yaml",
}
SHIPPED_BYTES = {kind: path.read_bytes() for kind, path in SHIPPED.items()}
SHIPPED_TREES = {kind: yaml.safe_load(text) for kind, text in SHIPPED_BYTES.items()}

odd_values = st.sampled_from(
    [
        None,
        "",
        -1,
        0,
        1,
        2.5,
        -2.5,
        10**40,
        "9" * 33,
        99999999,
        "1,5",
        "1.812",
        [],
        {},
        True,
        "2026-13-01",
        "9999-12-31",
        "0001-01-01",
        "x" * 10_000,
        "1.1234567",
        "\x00",
        "é" * 50,
        "NaN",
        ".inf",
        1e308,
        [[[[[[[[[[1]]]]]]]]]],
        {"a": {"b": {"c": None}}},
        [None],
        ["x", 1],
        "100%",
        100,
        1e-9,
    ]
)


def _nodes(tree: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(tree, dict):
        for key, value in tree.items():
            yield from _nodes(value, (*path, key))
    elif isinstance(tree, list):
        for index, value in enumerate(tree):
            yield from _nodes(value, (*path, index))


def _parent(tree: Any, path: tuple[Any, ...]) -> Any:
    for key in path[:-1]:
        tree = tree[key]
    return tree


@st.composite
def mutated_tree(draw: st.DrawFn, kind: str) -> Any:
    """The shipped file's data with a few keys deleted, duplicated, renamed or retyped."""
    tree = json.loads(json.dumps(SHIPPED_TREES[kind], default=str))  # a deep copy, dates as text
    if kind == "grid" and draw(st.booleans()):
        return tree  # the file as JSON: string level keys, string dates; must stay valid
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p in _nodes(tree) if p]
        path = draw(st.sampled_from(paths))
        parent, key = _parent(tree, path), path[-1]
        action = draw(st.sampled_from(["delete", "retype", "retype", "rename", "copy"]))
        if action == "delete":
            del parent[key]
        elif action == "retype":
            parent[key] = json.loads(json.dumps(draw(odd_values)))  # never shared between runs
        elif action == "rename" and isinstance(parent, dict):
            parent[str(key) + draw(st.sampled_from(["x", "_", " ", "É"]))] = parent.pop(key)
        elif action == "copy" and isinstance(parent, list):
            parent.append(json.loads(json.dumps(parent[key])))
    return tree


def deep(depth: int) -> bytes:
    return b"x: " + b"[" * depth + b"]" * depth + b"\n"


ALIAS_BOMB = b'a: &a ["x","x","x","x","x","x","x","x","x"]\n' + b"".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]\n".encode()
    for i in range(8)
)


@st.composite
def mutated_bytes(draw: st.DrawFn, kind: str) -> bytes:
    """The shipped file's bytes cut, flipped, padded with NULs, invalid UTF-8 or deep nesting."""
    raw = SHIPPED_BYTES[kind]
    how = draw(
        st.sampled_from(
            [
                "truncate",
                "flip",
                "nul",
                "utf8",
                "dup_line",
                "deep",
                "bomb",
                "bom",
                "crlf",
                "empty",
                "tabs",
            ]
        )
    )
    at = draw(st.integers(0, len(raw)))
    if how == "truncate":
        return raw[:at]
    if how == "flip":
        if not raw:
            return raw
        at = min(at, len(raw) - 1)
        return raw[:at] + bytes([raw[at] ^ draw(st.integers(1, 255))]) + raw[at + 1 :]
    if how == "nul":
        return raw[:at] + b"\x00" + raw[at:]
    if how == "utf8":
        return (
            raw[:at]
            + draw(st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xe9"]))
            + raw[at:]
        )
    if how == "dup_line":
        lines = raw.splitlines(keepends=True)
        index = draw(st.integers(0, len(lines) - 1))
        return b"".join([*lines[: index + 1], lines[index], *lines[index + 1 :]])
    if how == "deep":
        return raw + deep(draw(st.sampled_from([10, 100, 999, 1500, 3000])))
    if how == "bomb":
        return ALIAS_BOMB + raw
    if how == "bom":
        return b"\xef\xbb\xbf" + raw
    if how == "crlf":
        return raw.replace(b"\n", b"\r\n")
    if how == "tabs":
        return raw.replace(b"  ", b"\t", 1)
    return b""


CONSUMERS: dict[str, list[list[str]]] = {
    "calendar": [
        ["calendar", "{m}", "--calendar", "{f}", "--format", "json"],
        ["calendar", "2026", "--calendar", "{f}", "--format", "table"],
    ],
    "grid": [
        ["pay", "2", "3", "--grid", "{f}", "--format", "json"],
        ["grid", "--grid", "{f}", "--format", "csv"],
        ["grid", "--grid", "{f}", "--format", "table"],
        ["frameworks", "--grid", "{f}", "--format", "json"],
        ["promote", "--from", "1.4", "--grid", "{f}", "--format", "json"],
        ["roster", str(EXAMPLES / "roster.csv"), "--grid", "{f}", "--summary"],
        ["pay", "1.1", "--grid", "{f}", "--currency", "EUR", "--gross", "--month", "2026-09"],
    ],
    "competencies": [
        ["competencies", "--competencies", "{f}", "--format", "csv"],
        [
            "promote",
            "--assessment",
            str(EXAMPLES / "assessment.yaml"),
            "--competencies",
            "{f}",
            "--format",
            "json",
        ],
        ["promote", "--from", "4.4", "--competencies", "{f}", "--format", "table"],
        ["roster", "{roster}", "--competencies", "{f}", "--summary"],
        ["grid", "--competencies", "{f}", "--format", "table"],
    ],
    "payroll": [
        ["payroll", "net", "3000", "--month", "{m}", "--payroll", "{f}", "--format", "json"],
        ["payroll", "gross", "1500", "--month", "{m}", "--payroll", "{f}"],
        [
            "pay",
            "2",
            "3",
            "--gross",
            "--breakdown",
            "--month",
            "{m}",
            "--payroll",
            "{f}",
            "--format",
            "json",
        ],
        [
            "roster",
            str(EXAMPLES / "roster.csv"),
            "--employer-cost",
            "--month",
            "{m}",
            "--payroll",
            "{f}",
            "--summary-only",
            "--format",
            "json",
        ],
    ],
    "assessment": [
        ["promote", "--assessment", "{f}", "--format", "json"],
        ["promote", "--assessment", "{f}", "--check"],
        ["promote", "--assessment", "{f}", "--explain", "--format", "table"],
    ],
}
ASSESSED_ROSTER = (
    "employee_id,position,in_position_since,review_date,rating_technical,rating_business,"
    "rating_people,rating_adaptive,business_experience,business_exposure,"
    "opportunity_finding_proven,external_factors_proven,realm_business_development,"
    "kpoc_completed,failed_kpocs_in_a_row,corrective_action_plan\n"
    "E-1,2.2,2025-06-01,2026-10-15,managed,defined,managed,managed,initial,managed,"
    "true,false,true,true,0,false\n"
)


@given(
    kind=st.sampled_from(sorted(SHIPPED)),
    data=st.data(),
    month=st.sampled_from(["2025-01", "2025-06", "2026-01", "2026-09", "2026-12", "2027-03"]),
)
@budget(25)
def test_mutated_data_files(kind: str, data: st.DataObject, month: str) -> None:
    """Whatever validate accepts, every command that reads the file can use (no exit 5 or 70)."""
    with tempfile.TemporaryDirectory() as directory:
        check_data_file(kind, data, month, Path(directory))


def check_data_file(kind: str, data: st.DataObject, month: str, tmp_path: Path) -> None:
    unchanged = False
    if data.draw(st.booleans()):
        tree = data.draw(mutated_tree(kind))
        unchanged = tree == json.loads(json.dumps(SHIPPED_TREES[kind], default=str))
        if data.draw(st.booleans()):
            path, raw = tmp_path / f"{kind}.json", json.dumps(tree).encode()
        else:
            path = tmp_path / f"{kind}.yaml"
            raw = yaml.safe_dump(tree, sort_keys=False, allow_unicode=True).encode()
    else:
        path, raw = tmp_path / f"{kind}.yaml", data.draw(mutated_bytes(kind))
    path.write_bytes(raw)
    roster = tmp_path / "assessed.csv"
    roster.write_text(ASSESSED_ROSTER, encoding="utf-8")
    check = ["validate", str(path)] + (["--kind", kind] if data.draw(st.booleans()) else [])
    verdict = invoke(f"data file: {kind}", check)
    assert verdict.exit_code in (0, 2, 5), describe(check, None, verdict)
    if unchanged:
        assert verdict.exit_code == 0, "the shipped data, re-written, is refused" + describe(
            check, None, verdict
        )
    if verdict.exit_code == 5:
        assert path.name in verdict.stdout + verdict.stderr, describe(check, None, verdict)
    template = data.draw(st.sampled_from(CONSUMERS[kind]))
    args = [a.format(f=path, m=month, roster=roster) for a in template]
    result = invoke(f"data file: {kind}", args)
    if verdict.exit_code == 0:
        assert result.exit_code != 5, "validate accepted what a command refuses" + describe(
            args, None, result
        )


# --------------------------------------------------------------------------- rosters

COLUMNS = [
    "employee_id",
    "framework",
    "position",
    "level",
    "step",
    "in_position_since",
    "review_date",
    "rating_technical",
    "rating_business",
    "rating_people",
    "rating_adaptive",
    "business_experience",
    "business_exposure",
    "opportunity_finding_proven",
    "external_factors_proven",
    "realm_business_development",
    "kpoc_completed",
    "failed_kpocs_in_a_row",
    "corrective_action_plan",
]
# realm_business_development last: a roster may leave out a realm column
ASSESSMENT_COLUMNS = [c for c in COLUMNS[5:] if not c.startswith("realm_")] + [
    "realm_business_development"
]
CELL = {
    "employee_id": st.sampled_from(["E-1", "E-2", "Ж-3", "", "x" * 300, "a,b", 'q"q', "😀"]),
    "framework": st.sampled_from([*FRAMEWORKS, "", "nope", "Sales-Management"]),
    "position": st.sampled_from(
        ["2.3", "1.4", "4.4", "9.9", "2.0", "1.1234567", "", "2,3", " 2.3", "１.１"]
    ),
    "level": st.sampled_from(["2", "2.0", "1", "", "0", "x", "2.5", "1e0", "4"]),
    "step": st.sampled_from(["3", "3.0", "1", "", "-1", "x", "4", "99999999999999999999"]),
    "in_position_since": st.sampled_from(["2025-06-01", "", "9999-12-31", "2026-02-30", "x"]),
    "review_date": st.sampled_from(["2026-10-15", "", "9999-12-31", "0001-01-01", "2026-11-23"]),
    "business_experience": st.sampled_from(["initial", "managed", "", "none"]),
    "business_exposure": st.sampled_from(["managed", "incomplete", "", "7"]),
    "failed_kpocs_in_a_row": st.sampled_from(["0", "2", "", "-1", "1.5", "9" * 30]),
}
RATING = st.sampled_from(["incomplete", "initial", "managed", "defined", "optimal", "", "MANAGED"])
BOOL = st.sampled_from(["true", "false", "yes", "no", "1", "0", "", "maybe", "TRUE"])


def cell(column: str) -> st.SearchStrategy[str]:
    if column in CELL:
        return CELL[column]
    if column.startswith("rating_"):
        return RATING
    if column in COLUMNS:
        return BOOL
    return st.sampled_from(["", "x", "1"])


nasty_cells = st.sampled_from(
    [
        "a\rb",
        "a\nb",
        "a\r\nb",
        '"',
        '""',
        "a;b",
        "a\tb",
        "\x00",
        "\ufeff",
        "x" * 200_000,
        " ",
        "é",
        "\u2028",
        "\\",
        "=1+1",
    ]
)


@st.composite
def roster_table(draw: st.DrawFn) -> tuple[list[str], list[list[str]], bool]:
    """A header and rows; ``clean`` when every column is known and required ones are present."""
    position_columns = draw(st.sampled_from([["position"], ["level", "step"], []]))
    # Assessment columns come all together (else the header is refused): none, all or some.
    assessed = draw(st.sampled_from(["none", "none", "all", "some"]))
    extra = [*(["framework"] if draw(st.booleans()) else [])]
    if assessed == "all":
        extra += ASSESSMENT_COLUMNS[: len(ASSESSMENT_COLUMNS) - draw(st.integers(0, 1))]
    elif assessed == "some":
        extra += draw(st.lists(st.sampled_from(ASSESSMENT_COLUMNS), min_size=1, max_size=5,
                               unique=True))  # fmt: skip
    header = ["employee_id", *position_columns, *(c for c in extra if c not in position_columns)]
    if draw(st.booleans()):
        header = draw(st.permutations(header))
    unknown = draw(st.sampled_from([[], [], [], ["salary"], ["Employee ID"], ["line"]]))
    header = header + [c for c in unknown if c not in header]
    clean = bool(position_columns) and not unknown and assessed != "some"
    rows = []
    for _ in range(draw(st.integers(0, 8))):
        row = [draw(cell(c)) for c in header]
        if row and draw(st.integers(0, 6)) == 0:
            row[draw(st.integers(0, len(row) - 1))] = draw(nasty_cells)
        rows.append(row)
    return header, rows, clean


def _csv_text(header: list[str], rows: list[list[str]], delimiter: str, eol: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=eol)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def _blank_row(row: list[str], encoding: str) -> bool:
    """Whether a row, written in ``encoding`` and read as UTF-8, is a blank row (all of its
    values empty or white space); a byte that is not UTF-8 makes it a rejected row."""
    data = "".join(row).encode("utf-8" if encoding == "utf-8-sig" else encoding, "replace")
    if encoding == "cp1251" and not data.isascii():
        return False
    return not data.decode("utf-8").strip()


@st.composite
def csv_rosters(draw: st.DrawFn) -> tuple[bytes, int | None, bool, frozenset[int]]:
    """CSV bytes, the number of data rows when it is certain, and whether it must be read."""
    header, rows, clean = draw(roster_table())
    delimiter = draw(st.sampled_from([",", ",", ";", "\t"]))
    eol = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    text = _csv_text(header, rows, delimiter, eol)
    embedded = any(any(ch in c for ch in "\r\n\x00\u2028") for r in rows for c in r)
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "cp1251"]))
    # a row of only delimiters and spaces is a blank row: skipped, not read
    read_rows = sum(1 for r in rows if not _blank_row(r, encoding))
    expected: int | None = None if embedded or eol == "\r" else read_rows
    raw = text.encode(encoding, errors="replace")
    readable = encoding != "cp1251" or raw.isascii()
    damage = draw(
        st.sampled_from(
            [
                "none",
                "none",
                "none",
                "blank",
                "width",
                "quote",
                "bytes",
                "truncate",
                "no_eol",
                "long",
            ]
        )
    )
    if damage == "blank" and raw:
        lines = raw.split(b"\n")
        at = draw(st.integers(0, len(lines)))
        raw, expected = b"\n".join([*lines[:at], b"", *lines[at:]]), None
    elif damage == "width" and rows:
        raw += (delimiter.join(["E-9", "2.3", "extra", "more", "x", "y"]) + eol).encode()
        expected = None if expected is None else expected + 1
    elif damage == "long":  # one field past the csv module's default limit (131,072)
        raw += ("E-7" + delimiter + "x" * 200_000 + delimiter + "2.3" + eol).encode()
        expected = None if expected is None else expected + 1
    elif damage == "quote" and rows:
        raw += ("E-8" + delimiter + '"2.3' + eol + "E-9" + delimiter + "1.1" + eol).encode()
        expected = None
    elif damage == "bytes" and raw:
        at = draw(st.integers(0, len(raw)))
        raw = raw[:at] + draw(st.sampled_from([b"\xff", b"\xe9", b"\xc3\x28", b"\x00"])) + raw[at:]
        expected, readable = None, False
    elif damage == "truncate" and raw:
        raw, expected = raw[: draw(st.integers(0, len(raw)))], None
    elif damage == "no_eol":
        raw = raw.rstrip(b"\r\n")
    must_read = clean and readable and damage in ("none", "no_eol", "width", "long")
    return raw, expected, must_read, frozenset()


def _nested(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**30), 10**30) | st.floats() | st.text(max_size=8),
    _nested,
    max_leaves=6,
)


@st.composite
def jsonl_rosters(draw: st.DrawFn) -> tuple[bytes, int | None, bool, frozenset[int]]:
    """JSONL whose lines have differing keys, nulls, nested values, floats and non-objects."""
    lines: list[str] = []
    twice: set[int] = set()
    for _ in range(draw(st.integers(0, 8))):
        keys = draw(
            st.lists(st.sampled_from([*COLUMNS, "salary", "line", ""]), max_size=6, unique=True)
        )
        obj: dict[str, Any] = {}
        for key in keys:
            obj[key] = draw(
                st.one_of(cell(key), st.none(), json_values)
                if draw(st.integers(0, 4)) == 0
                else cell(key).map(lambda v: v or None)
            )
        if draw(st.booleans()):
            obj.setdefault("employee_id", "E-1")
            obj.setdefault("position", draw(st.sampled_from([2.3, "2.3", 1.1234567, 2.0, "1.4"])))
        line = draw(
            st.sampled_from(["object"] * 8 + ["list", "number", "broken", "string", "twice"])
        )
        if line == "twice":  # a key given twice: which one is meant cannot be known
            obj.setdefault("employee_id", "E-2")
            obj.setdefault("position", "2.3")
            key = draw(st.sampled_from(sorted(obj)))
            first = obj[key]
            again = json.dumps({key: draw(cell(key).filter(lambda v, f=first: v != f))})
            lines.append(json.dumps(obj)[:-1] + ", " + again[1:])
            twice.add(len(lines))
        elif line == "object":
            lines.append(json.dumps(obj, ensure_ascii=draw(st.booleans())))
        elif line == "list":
            lines.append(json.dumps(list(obj.values())))
        elif line == "number":
            lines.append("12")
        elif line == "broken":
            lines.append(json.dumps(obj)[:-1])
        else:
            lines.append('"a string"')
    raw = "".join(line + "\n" for line in lines).encode()
    return raw, len(lines), bool(lines), frozenset(twice)


def xlsx_bytes(header: list[str], rows: list[list[Any]]) -> bytes:
    import xlsxwriter  # type: ignore[import-untyped]

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Staff")
    sheet.write_row(0, 0, header)
    for index, row in enumerate(rows, start=1):
        sheet.write_row(index, 0, row)
    book.close()
    return buffer.getvalue()


@st.composite
def xlsx_rosters(draw: st.DrawFn) -> tuple[bytes, int | None, bool, frozenset[int]]:
    """Workbooks written with XlsxWriter: numbers as numbers (2.0), dates as dates, or corrupted."""
    header, rows, clean = draw(roster_table())
    typed: list[list[Any]] = []
    for row in rows:
        out: list[Any] = []
        for column, value in zip(header, row, strict=True):
            if column in ("level", "step") and re.fullmatch(r"[0-9]+(\.0)?", value):
                out.append(float(value))
            elif column == "position" and draw(st.booleans()) and re.fullmatch(r"\d\.\d", value):
                out.append(float(value))  # 2.3 typed into a cell becomes a number
            elif value and len(value) <= 32_767 and "\x00" not in value:
                out.append(value)
            else:
                out.append("")
        typed.append(out)
    typed = [r for r in typed if any(v != "" for v in r)]
    raw = xlsx_bytes(header, typed)
    damage = draw(st.sampled_from(["none", "none", "truncate", "flip", "text"]))
    if damage == "truncate":
        # positions are drawn modulo the size: a workbook's bytes differ from run to run
        return raw[: draw(st.integers(0, 10**6)) % len(raw)], None, False, frozenset()
    if damage == "flip":
        at = draw(st.integers(0, 10**6)) % len(raw)
        return raw[:at] + bytes([raw[at] ^ 0xFF]) + raw[at + 1 :], None, False, frozenset()
    if damage == "text":
        return b"employee_id,position\nE-1,2.3\n", None, False, frozenset()
    return raw, len(typed), clean, frozenset()


def _count_csv(text: str, delimiter: str = ",") -> int:
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return max(0, sum(1 for _ in rows) - 1)


def _jsonl_objects(text: str) -> list[dict[str, Any]]:
    objects = [json.loads(line) for line in text.split("\n") if line]  # JSONL lines end at LF
    for obj in objects:
        assert isinstance(obj, dict), f"a JSONL line that is not an object: {obj!r}"
    return objects


def check_roster(
    kind: str,
    raw: bytes,
    expected: int | None,
    must_read: bool,
    must_reject: frozenset[int],
    suffix: str,
    options: list[str],
    tmp_path: Path,
) -> None:
    """Run one roster and check read = written + rejected against the output and rejects."""
    source = tmp_path / f"staff{suffix}"
    source.write_bytes(raw)
    rejects_name = "rejects.jsonl" if "--strict" in options or len(raw) % 2 else "rejects.csv"
    rejects = tmp_path / rejects_name
    args = ["roster", str(source), "--summary", "--rejects", str(rejects), *options]
    result = invoke(f"roster: {kind}", args)
    why = describe(args, None, result)
    if must_read and not any(o.startswith("--fields") for o in options):
        assert result.exit_code in (0, 4), "a well-formed roster was not read" + why
    if result.exit_code not in (0, 4):
        assert not rejects.exists() or rejects.stat().st_size == 0 or True
        if kind == "csv" and result.exit_code == 2 and "UTF-8" in result.stderr:
            assert "--encoding" in result.stderr, "an encoding error must name --encoding" + why
        return
    found = SUMMARY.search(result.stderr)
    assert found, "no summary on stderr" + why
    read, written, rejected = (int(n) for n in found.groups())
    assert read == written + rejected, why
    if expected is not None and "--strict" not in options:
        assert read == expected, f"{expected} rows in the file, {read} read" + why
    assert (result.exit_code == 4) == (rejected > 0), why
    if "jsonl" in options:
        records = _jsonl_objects(result.stdout)
        for record in records:
            for value in record.values():
                assert not isinstance(value, dict | list), "a nested value written" + why
        out_rows = len(records)
    else:
        out_rows = _count_csv(result.stdout)
    assert out_rows == written, f"{out_rows} records on stdout, {written} written" + why
    reject_text = rejects.read_text(encoding="utf-8-sig") if rejects.exists() else ""
    # a CSV rejects file mirrors the roster: the delimiter its header line was read with
    first_line = io.StringIO(raw.decode("utf-8-sig", "replace"), newline="").readline()
    delimiter = sniff_delimiter(first_line) if kind == "csv" else ","
    if rejects_name.endswith(".jsonl"):
        objects = _jsonl_objects(reject_text)
        lines = []
        for obj in objects:
            # the added columns come last: `line` and `reason`, with `_` in front while the
            # roster has a column of that name
            line_key, reason_key = list(obj)[-2:]
            assert line_key.lstrip("_") == "line" and reason_key.lstrip("_") == "reason", why
            assert isinstance(obj[line_key], int), why
            assert isinstance(obj[reason_key], str) and obj[reason_key], why
            leaked = [v for v in obj.values() if str(v).startswith("\x00not a JSON")]
            assert not leaked, "an internal sentinel in the rejects" + why
            lines.append(obj[line_key])
        count = len(objects)
    else:
        count = _count_csv(reject_text, delimiter)
        records = list(csv.DictReader(io.StringIO(reject_text, newline=""), delimiter=delimiter))
        leaked = [v for r in records for v in r.values() if str(v).startswith("\x00not a JSON")]
        assert not leaked, "an internal sentinel in the rejects" + why
        header = next(csv.reader(io.StringIO(reject_text, newline=""), delimiter=delimiter),
                      ["line", "reason"])  # fmt: skip
        line_key, reason_key = header[-2:]
        assert line_key.lstrip("_") == "line" and reason_key.lstrip("_") == "reason", why
        assert all(r[line_key].isdigit() and r[reason_key] for r in records), why
        lines = [int(r[line_key]) for r in records]
    if "--strict" not in options:
        missing = sorted(must_reject - set(lines))
        assert not missing, f"line(s) {missing} written, not rejected" + why
    assert count == rejected, f"{count} rows in the rejects file, {rejected} rejected" + why
    first = 1 if kind == "jsonl" else 2  # a JSONL file has no header line
    assert lines == sorted(lines) and all(n >= first for n in lines), f"lines {lines}" + why


roster_options = st.lists(
    st.sampled_from(
        [
            "--ignore-unknown-columns",
            "--strict",
            "--fields=employee_id,pay_eur",
            "--fields=position,employee_id",
        ]
    ),
    max_size=2,
    unique=True,
).map(
    lambda o: (
        o
        if not ("--fields=employee_id,pay_eur" in o and "--fields=position,employee_id" in o)
        else o[:1]
    )
)
out_format = st.sampled_from([["--format", "csv"], ["--format", "jsonl"]])


@given(roster=csv_rosters(), options=roster_options, fmt=out_format)
@budget(40)
def test_csv_rosters(
    roster: tuple[bytes, int | None, bool, frozenset[int]], options: list[str], fmt: list[str]
) -> None:
    with tempfile.TemporaryDirectory() as directory:
        check_roster("csv", *roster, ".csv", [*options, *fmt], Path(directory))


@given(roster=jsonl_rosters(), options=roster_options, fmt=out_format)
@budget(30)
def test_jsonl_rosters(
    roster: tuple[bytes, int | None, bool, frozenset[int]], options: list[str], fmt: list[str]
) -> None:
    with tempfile.TemporaryDirectory() as directory:
        check_roster("jsonl", *roster, ".jsonl", [*options, *fmt], Path(directory))


@given(roster=xlsx_rosters(), options=roster_options, fmt=out_format)
@budget(10)
def test_xlsx_rosters(
    roster: tuple[bytes, int | None, bool, frozenset[int]], options: list[str], fmt: list[str]
) -> None:
    with tempfile.TemporaryDirectory() as directory:
        check_roster("xlsx", *roster, ".xlsx", [*options, *fmt], Path(directory))


@given(roster=csv_rosters(), via_stdin=st.booleans())
@budget(10)
def test_roster_from_stdin(
    roster: tuple[bytes, int | None, bool, frozenset[int]], via_stdin: bool
) -> None:
    raw = roster[0]
    args = ["roster", "-", "--summary-only", "--format", "json"]
    result = invoke("roster: stdin", args, stdin=raw if via_stdin else b"")
    if result.exit_code in (0, 4):
        rows = json.loads(result.stdout)["rows"]
        assert rows["read"] == rows["written"] + rows["rejected"], describe(args, None, result)


# --------------------------------------------------------------------------- output files


@given(
    target=st.sampled_from(["new", "existing", "symlink", "directory", "missing_dir"]),
    suffix=st.sampled_from([".csv", ".jsonl", ".xlsx", ".txt", ""]),
    fmt=st.sampled_from([[], ["--format", "table"], ["--format", "csv"], ["--format", "jsonl"]]),
    which=st.sampled_from(["--output", "--rejects"]),
    extra=st.sampled_from([[], ["--summary"], ["--summary-only"], ["--strict"]]),
)
@budget(15)
def test_output_files(
    target: str, suffix: str, fmt: list[str], which: str, extra: list[str]
) -> None:
    """--output and --rejects write into what they name: a link's target, a file's own mode."""
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        real = root / f"target{suffix}"
        path = root / f"out{suffix}"
        if target == "existing":
            path.write_text("old\n")
            path.chmod(0o644)
        elif target == "symlink":
            real.write_text("old\n")
            path.symlink_to(real)
        elif target == "directory":
            path.mkdir()
        elif target == "missing_dir":
            path = root / "nowhere" / f"out{suffix}"
        args = ["roster", str(EXAMPLES / "roster.csv"), which, str(path), *fmt, *extra]
        result = invoke("output files", args)
        why = describe(args, None, result)
        assert ".tmp" not in result.stderr, "a message names the temporary file" + why
        if target == "symlink":
            assert path.is_symlink(), "the link was replaced" + why
        if target == "existing":
            assert stat.S_IMODE(path.stat().st_mode) == 0o644, "the file's mode changed" + why
        if which == "--output" and result.exit_code in (0, 4) and "--strict" not in extra:
            written = real if target == "symlink" else path
            assert written.exists() and written.read_bytes() not in (b"", b"old\n"), (
                "--output wrote nothing" + why
            )


@given(
    spelling=st.sampled_from(["same", "dot", "parent", "symlink", "case"]),
    suffix=st.sampled_from([".csv", ".jsonl"]),
)
@budget(5)
def test_output_and_rejects_never_share_a_file(spelling: str, suffix: str) -> None:
    """Written rows and rejected rows both survive: one file cannot be both (else exit 2)."""
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        (root / "sub").mkdir()
        output = root / f"out{suffix}"
        rejects = {
            "same": output,
            "dot": root / "." / f"out{suffix}",
            "parent": root / "sub" / ".." / f"out{suffix}",
            "symlink": root / f"link{suffix}",
            "case": root / f"OUT{suffix}",
        }[spelling]
        if spelling == "symlink":
            output.write_text("")
            rejects.symlink_to(output)
        args = ["roster", str(EXAMPLES / "roster.csv"), "--output", str(output), "--format",
                suffix[1:], "--rejects", str(rejects), "--summary"]  # fmt: skip
        result = invoke("output files", args)
        why = describe(args, None, result)
        if result.exit_code not in (0, 4):
            return
        found = SUMMARY.search(result.stderr)
        assert found, why
        _, written, rejected = (int(n) for n in found.groups())
        count = _count_csv if suffix == ".csv" else lambda t: len(t.splitlines())
        assert count(output.read_text(encoding="utf-8")) == written, "output lost" + why
        assert count(rejects.read_text(encoding="utf-8")) == rejected, "rejects lost" + why


@given(
    ids=st.lists(
        st.sampled_from(["E-1", "=1+1", "+1", "-1", "@SUM(A1)", "0012", "1e3", "TRUE", "Ж-7",
                         "2026-01-01", "=HYPERLINK(\"http://x\")", "1.5"]),
        min_size=1, max_size=5, unique=True,  # each person once (a repeat is rejected)
    ),
    summary=st.booleans(),
)  # fmt: skip
@budget(5)
def test_xlsx_output_keeps_text_as_text(ids: list[str], summary: bool) -> None:
    """--output x.xlsx writes what was read: an id like =1+1 or 0012 stays that text."""
    from .xlsxkit import read_book

    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        source = root / "staff.csv"
        source.write_text(_csv_text(["employee_id", "position"], [[i, "2.3"] for i in ids],
                                    ",", "\n"), encoding="utf-8")  # fmt: skip
        output = root / "out.xlsx"
        args = ["roster", str(source), "--output", str(output), *(["--summary"] * summary)]
        result = invoke("roster: xlsx output", args)
        why = describe(args, None, result)
        assert result.exit_code == 0, why
        try:
            sheet = next(iter(read_book(output).values()))
        except Exception as exc:  # not a workbook at all
            raise AssertionError(f"{output.name} is not a workbook: {exc}" + why) from exc
        header, *rows = sheet
        column = header.index("employee_id")
        assert [row[column] for row in rows] == ids, why
        pay = header.index("pay_bgn")
        assert all(row[pay] == 5445 and not isinstance(row[pay], str) for row in rows), why


# --------------------------------------------------------------------------- subprocesses


def _console(
    args: list[str], env: dict[str, str] | None = None, timeout: float = HUNG
) -> subprocess.CompletedProcess[bytes]:
    script = Path(sys.executable).with_name("salesgrid")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "salesgrid"]
    full_env = {**os.environ, "SALESGRID_AS_OF": AS_OF, "NO_COLOR": "1", **(env or {})}

    def limit() -> None:  # a runaway read must not take the machine with it
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    CASES["console script"] += 1
    return subprocess.run(
        command + args,
        capture_output=True,
        env=full_env,
        timeout=timeout,
        preexec_fn=limit,
        check=False,
    )


def _check_process(done: subprocess.CompletedProcess[bytes]) -> None:
    why = f"\nexit={done.returncode}\nstderr={done.stderr[-1500:]!r}"
    assert done.returncode in DOCUMENTED_EXITS, why
    assert b"Traceback" not in done.stderr, why


@pytest.mark.parametrize(
    ("args", "env", "code"),
    [
        (["validate", "/dev/zero"], None, 5),
        (["pay", "2", "3", "--grid", "/dev/urandom"], None, 5),
        (["validate", "{deep}"], None, 5),
        (["roster", "{roster}"], {"PYTHONIOENCODING": "ascii"}, None),
        (["payroll", "net", "1500,50", "--month", "2026-09"], None, 0),
    ],
    ids=["dev-zero", "dev-urandom", "nesting-30000", "ascii-stdout", "decimal-comma"],
)
def test_console_script(
    args: list[str], env: dict[str, str] | None, code: int | None, tmp_path: Path
) -> None:
    """Inputs that could hang, exhaust memory or crash the interpreter run in a subprocess."""
    deep_file = tmp_path / "deep.yaml"
    deep_file.write_bytes(deep(30_000))
    roster = tmp_path / "roster.csv"
    roster.write_text("employee_id,position\nЖ-1,2.3\n", encoding="utf-8")
    argv = [a.format(deep=deep_file, roster=roster) for a in args]
    try:
        done = _console(argv, env, timeout=HUNG)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{argv} ran for more than {HUNG} s")
    _check_process(done)
    why = f"\nexit={done.returncode}\nstderr={done.stderr[-1500:]!r}"
    if code is None:  # non-ASCII output on an ASCII stdout: UTF-8 anyway, or a clear error
        assert done.returncode == 0 or done.stderr.strip(), why
        if done.returncode == 0:
            assert "Ж-1".encode() in done.stdout, why
        return
    assert done.returncode == code, why
    if "1500,50" in argv:  # a decimal comma is the same amount as a decimal point
        point = _console([a.replace("1500,50", "1500.50") for a in argv], env)
        assert done.stdout == point.stdout, (done.stdout, point.stdout)


def test_amount_spellings_helper() -> None:
    """The oracle itself: the one rule for amounts."""
    assert meant("1500,50") == Decimal("1500.50")
    assert meant("1,500") is None and meant("1e3") is None and meant("١٥٠٠") is None
    with pytest.raises(InvalidOperation):
        Decimal("1,5")
