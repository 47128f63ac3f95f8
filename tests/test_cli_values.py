"""Command-line values are read as meant or refused.

- N1: an empty (or blank) value typed for any option is refused, never read as the default;
  an empty environment variable still means unset.
- N2: ``salesgrid`` and ``salesgrid payroll`` without a command: help on stderr, exit 2.
- N3: a value echoed in a message is cut: no message grows with the input.
- N7: ``--grid ''`` says the path is empty, and an environment variable is named only when
  the value came from it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import typer.main
from hypothesis import given, settings
from hypothesis import strategies as st

from salesgrid.cli import app

from .conftest import DATA, REPO, run

ROSTER = str(REPO / "examples" / "roster.csv")

#: A command line that works, for every command: the option under test is added to it.
BASE = {
    "pay": ["pay", "2", "3"],
    "locate": ["locate", "5445"],
    "grid": ["grid"],
    "frameworks": ["frameworks"],
    "validate": ["validate", str(REPO / "examples" / "assessment.yaml")],
    "schema": ["schema", "grid"],
    "promote": ["promote", "--from", "2.3"],
    "competencies": ["competencies"],
    "roster": ["roster", ROSTER],
    "payroll net": ["payroll", "net", "3000", "--month", "2026-09"],
    "payroll gross": ["payroll", "gross", "1500", "--month", "2026-09"],
    "diff": ["diff", "--to-date", "2027-01-01", "--roster", ROSTER],
    "criteria": ["criteria"],
    "paygap": ["paygap", str(REPO / "examples" / "paygap-roster.csv")],
    "month": ["month", str(REPO / "examples" / "history.csv"), "--month", "2026-09"],
    "calendar": ["calendar", "2026-09"],
}


def _commands() -> Iterator[tuple[str, object]]:
    root = typer.main.get_command(app)
    for name, command in root.commands.items():  # type: ignore[attr-defined]
        if name == "payroll":
            for sub, inner in command.commands.items():
                yield f"payroll {sub}", inner
        else:
            yield name, command


def _value_options() -> list[tuple[str, str]]:
    """(command, flag) for every option of every command that takes a value."""
    found = []
    for name, command in _commands():
        for param in command.params:  # type: ignore[attr-defined]
            if param.param_type_name == "option" and not getattr(param, "is_flag", False):
                found += [(name, flag) for flag in param.opts]
    return found


VALUE_OPTIONS = _value_options()


def test_the_walk_finds_every_option() -> None:
    """The walk below is not empty and covers the options named in the finding."""
    assert set(BASE) == {name for name, _ in _commands()}
    flags = {flag for _, flag in VALUE_OPTIONS}
    for flag in ("--as-of", "--currency", "--framework", "-f", "--highlight", "--fields",
                 "--grid", "--payroll", "--competencies", "--assessment", "--output", "--rejects",
                 "--month", "--format", "--level", "--kind", "--delimiter", "--sheet"):  # fmt: skip
        assert flag in flags, flag


# --------------------------------------------------------------------------- N1


@pytest.mark.parametrize(("command", "flag"), VALUE_OPTIONS)
@pytest.mark.parametrize("value", ["", " ", "\t\r\n"])
def test_an_empty_option_value_is_refused(command: str, flag: str, value: str) -> None:
    """N1: `--as-of ''`, `--currency ''`, `-f ''`, `--fields ''`, ... were read as the default."""
    result = run([*BASE[command], flag, value])
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    if flag == "--delimiter" and value:
        return  # a tab is a delimiter: the delimiter's own check refuses other blanks
    assert f"{value!r} is empty" in result.stderr
    assert "leave it out for the default" in result.stderr
    assert result.stderr.count("\n") == 1, result.stderr


@pytest.mark.parametrize(
    "args",
    [["pay", "2", "3", "--as-of="], ["pay", "2", "3", "-f", ""],
     ["grid", "--highlight", "", "--format", "csv"], ["roster", ROSTER, "--fields", ""],
     ["payroll", "net", "3000", "--month", ""]],
)  # fmt: skip
def test_empty_values_in_every_spelling(args: list[str]) -> None:
    result = run(args)
    assert result.exit_code == 2
    assert "is empty" in result.stderr


def test_empty_message_names_the_form() -> None:
    result = run(["pay", "2", "3", "--as-of", ""])
    assert result.stderr == (
        "salesgrid: error: --as-of '' is empty: give --as-of YYYY-MM-DD, or leave it out for "
        "the default\n"
    )
    result = run(["competencies", "--kind", " "])
    assert "give --kind core|durable|ai" in result.stderr


@pytest.mark.parametrize("args", [["validate", ""], ["roster", ""], ["roster", " "]])
def test_an_empty_file_argument_is_refused(args: list[str]) -> None:
    result = run(args)
    assert result.exit_code == 2
    assert "is empty: give a file path" in result.stderr


@pytest.mark.parametrize(
    "variable",
    ["SALESGRID_AS_OF", "SALESGRID_CURRENCY", "SALESGRID_FRAMEWORK", "SALESGRID_GRID",
     "SALESGRID_FORMAT", "SALESGRID_COMPETENCIES"],
)  # fmt: skip
def test_an_empty_environment_variable_means_unset(variable: str) -> None:
    result = run(["pay", "2", "3"], env={variable: ""})
    assert (result.exit_code, result.stdout) == (0, "5445\n"), result.stderr


def test_help_wins_over_an_empty_value() -> None:
    result = run(["pay", "2", "3", "--as-of", "", "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.stdout


def test_a_tab_delimiter_is_not_blank(tmp_path: Path) -> None:
    roster = tmp_path / "tab.csv"
    roster.write_text("employee_id\tposition\nE1\t2.3\n", encoding="utf-8")
    result = run(["roster", str(roster), "--delimiter", "\t", "--fields", "employee_id,pay_bgn"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == ["employee_id,pay_bgn", "E1,5445"]


@given(
    value=st.text(alphabet=" \t\r\n\x0b\x0c\u00a0\u2003", max_size=4),
    flag=st.sampled_from(["--as-of", "--currency", "--framework", "--format", "--grid"]),
)
def test_blank_values_never_mean_the_default(value: str, flag: str) -> None:
    result = run(["pay", "2", "3", flag, value])
    assert result.exit_code == 2, (value, result.stdout, result.stderr)
    assert result.stdout == ""


# --------------------------------------------------------------------------- N2


@pytest.mark.parametrize(
    ("args", "missing"),
    [([], "choose one of pay, locate, grid"), (["payroll"], "choose one of net, gross")],
)
def test_no_command_is_a_usage_error_on_stderr(args: list[str], missing: str) -> None:
    """N2: exit 2 with the help drawn on stdout and nothing on stderr."""
    result = run(args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Usage:" in result.stderr
    last = result.stderr.rstrip("\n").splitlines()[-1]
    assert last.startswith(f"salesgrid{' payroll' if args else ''}: error: a command is missing")
    assert missing in last


@pytest.mark.parametrize("args", [["--help"], ["payroll", "--help"], ["-h"]])
def test_help_asked_for_is_on_stdout(args: list[str]) -> None:
    result = run(args)
    assert result.exit_code == 0
    assert "Usage:" in result.stdout
    assert result.stderr == ""


# --------------------------------------------------------------------------- N3

LONG = st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\x00"),
               min_size=300, max_size=3000)  # fmt: skip
MAX_LINE = 300


def _where(value: str) -> list[tuple[list[str], dict[str, str]]]:
    return [
        (["payroll", "net", "3000", "--month", value], {}),
        (["pay", "2", "3", "--as-of", value], {}),
        (["pay", "2", "3", "--as-of=" + value], {}),
        (["pay", value], {}),
        (["pay", value, "3"], {}),
        (["pay", "2", value], {}),
        (["pay", "2", "3", "-f", value], {}),
        (["pay", "2", "3", "--currency", value], {}),
        (["pay", "2", "3", "--format", value], {}),
        (["pay", "2", "3"], {"SALESGRID_FORMAT": value}),
        (["pay", "2", "3"], {"SALESGRID_AS_OF": value}),
        (["pay", "2", "3"], {"SALESGRID_CURRENCY": value}),
        (["pay", "2", "3"], {"SALESGRID_FRAMEWORK": value}),
        (["payroll", "net", "3000"], {"SALESGRID_MONTH": value}),
        (["payroll", "net", value, "--month", "2026-09"], {}),
        (["payroll", "gross", "1500", "--month", "2026-09", "--work-accident-rate", value], {}),
        (["promote", "--from", value], {}),
        (["promote", "--from", "2.3", "--to", value], {}),
        (["grid", "--highlight", value], {}),
        (["competencies", "--domain", value], {}),
        (["competencies", "--level", value], {}),
        (["competencies", "--kind", value], {}),
        (["competencies", "--capability", value], {}),
        (["schema", value], {}),
        ([value], {}),
        (["payroll", value], {}),
        (["pay", "2", "3", value], {}),
        (["validate", "--kind", value, str(DATA / "grid.yaml")], {}),
        (["roster", ROSTER, "--fields", value], {}),
    ]


@settings(max_examples=8)
@given(value=LONG)
def test_no_message_grows_with_a_typed_value(value: str) -> None:
    """N3: a 5,000-character --month gave a 5,000-character line (Click's messages too)."""
    value = "x" + value  # never a valid value, never an option
    for args, env in _where(value):
        result = run(args, env=env)
        assert result.exit_code in (2, 3), (args[:3], env.keys(), result.stderr[:300])
        assert result.stderr, args
        for line in result.stderr.splitlines():
            if line.startswith("salesgrid") and "error" in line:
                assert len(line) <= MAX_LINE + 450, (args[:3], env.keys(), line[:400])
                assert value not in line


@pytest.mark.parametrize(
    ("args", "env"),
    [(["payroll", "net", "3000", "--month", "x" * 5000], {}),
     (["x" * 5000], {}),
     (["pay", "2", "3"], {"SALESGRID_FORMAT": "x" * 5000}),
     (["pay", "2", "3", "--format", "y" * 5000], {}),
     (["competencies", "--domain", "z" * 5000], {}),
     (["pay", "2", "3", "--currency", "c" * 5000], {}),
     (["promote", "--from", "9" * 5000], {}),
     (["payroll", "net", "1" * 5000], {})],
)  # fmt: skip
def test_long_values_are_cut_in_messages(args: list[str], env: dict[str, str]) -> None:
    result = run(args, env=env)
    assert result.exit_code in (2, 3)
    assert max(len(line) for line in result.stderr.splitlines()) <= MAX_LINE, result.stderr
    assert "…" in result.stderr or "characters)" in result.stderr


# --------------------------------------------------------------------------- N7


@pytest.mark.parametrize(
    "args",
    [["pay", "2", "3", "--grid", ""], ["pay", "2", "3", "--competencies", ""],
     ["payroll", "net", "3000", "--month", "2026-09", "--payroll", ""],
     ["promote", "--from", "2.3", "--assessment", ""],
     ["roster", ROSTER, "--output", ""], ["roster", ROSTER, "--rejects", ""]],
)  # fmt: skip
def test_an_empty_path_is_said_to_be_empty(args: list[str]) -> None:
    """N7: "file '' is a directory", naming SALESGRID_GRID although it was not used."""
    result = run(args)
    assert result.exit_code == 2
    assert "'' is empty" in result.stderr
    assert "directory" not in result.stderr
    assert "SALESGRID_" not in result.stderr


def test_the_environment_variable_is_named_only_when_used(tmp_path: Path) -> None:
    given = run(["pay", "2", "3", "--grid", str(tmp_path)])
    assert given.exit_code == 2
    assert "Invalid value for '--grid':" in given.stderr
    assert "SALESGRID_GRID" not in given.stderr
    from_env = run(["pay", "2", "3"], env={"SALESGRID_GRID": str(tmp_path)})
    assert from_env.exit_code == 2
    assert "(env var: 'SALESGRID_GRID')" in from_env.stderr
