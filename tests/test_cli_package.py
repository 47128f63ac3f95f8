"""The CLI as a package, and completion that helps.

Completion is exercised through the CLI itself, as the shell does it: ``_SALESGRID_COMPLETE``
with the words typed so far, one completion per line on stdout.
"""

from __future__ import annotations

import inspect
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from .conftest import GRID_TEXT, REPO, run

CLI = REPO / "src" / "salesgrid" / "cli"
FRAMEWORKS = [
    "sales-management", "strategic-human-resources-management",
    "software-engineering-management", "technical-support-management",
    "noc-and-support-management", "application-support-management",
    "project-management-business", "project-management-software",
    "operations-management-administration", "operations-management-logistics",
    "accounting-and-finance-management",
]  # fmt: skip
FOUR_BY_FOUR = [f"{level}.{step}" for level in range(1, 5) for step in range(1, 5)]
EVERY = ["table", "plain", "csv", "json", "jsonl"]


def complete(line: str, env: dict[str, str] | None = None) -> list[str]:
    """What Tab offers after ``line`` (the last word is the one being completed)."""
    words = line.split(" ")
    result = run(
        [],
        env={
            "_SALESGRID_COMPLETE": "complete_bash",
            "COMP_WORDS": line,
            "COMP_CWORD": str(len(words) - 1),
            **(env or {}),
        },
    )
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return [line for line in result.stdout.splitlines() if line]


# --------------------------------------------------------------------------- completion


def test_framework_completes_with_the_ids_of_the_packaged_grid() -> None:
    assert complete("salesgrid pay --framework ") == FRAMEWORKS
    assert complete("salesgrid grid -f project-") == [
        "project-management-business",
        "project-management-software",
    ]
    assert complete("salesgrid promote --to-framework tech") == ["technical-support-management"]


def test_framework_completes_from_the_grid_on_the_line_or_in_the_environment(
    write_file,  # type: ignore[no-untyped-def]
) -> None:
    own = write_file(GRID_TEXT.replace("sales-management", "field-sales"), "own.yaml")
    assert "field-sales" in complete(f"salesgrid pay --grid {own} --framework ")
    assert "sales-management" not in complete(f"salesgrid pay --grid {own} --framework ")
    assert "field-sales" in complete("salesgrid grid --framework ", {"SALESGRID_GRID": str(own)})


def test_a_broken_grid_completes_nothing_and_never_fails(
    write_file,  # type: ignore[no-untyped-def]
) -> None:
    broken = write_file("frameworks: [\n", "broken.yaml")
    assert complete(f"salesgrid pay --grid {broken} --framework ") == []
    assert complete(f"salesgrid pay --grid {broken} --currency ") == []
    assert complete(f"salesgrid pay --grid {broken} ") == []
    assert complete("salesgrid pay --framework ", {"SALESGRID_GRID": "/no/such/grid.yaml"}) == []
    assert complete("salesgrid pay --framework no-such-framework ") == []


def test_currency_completes_with_the_grids_currencies() -> None:
    assert complete("salesgrid pay --currency ") == ["BGN", "EUR"]
    assert complete("salesgrid grid --currency E") == ["EUR"]


def test_format_completes_with_the_formats_the_command_writes() -> None:
    assert complete("salesgrid pay --format ") == EVERY
    assert complete("salesgrid payroll gross --format j") == ["json", "jsonl"]
    assert complete("salesgrid roster r.csv --format ") == [
        "table", "csv", "jsonl", "xlsx", "plain", "json",
    ]  # fmt: skip
    assert "xlsx" not in complete("salesgrid grid --format ")


def test_kind_completes_with_its_choices() -> None:
    assert complete("salesgrid competencies --kind ") == ["core", "durable", "ai"]
    assert complete("salesgrid validate --kind ") == [
        "grid", "competencies", "assessment", "payroll", "calendar",
    ]  # fmt: skip
    assert complete("salesgrid schema ") == [
        "grid", "competencies", "assessment", "payroll", "calendar",
    ]  # fmt: skip


def test_positions_complete_with_the_positions_of_the_framework() -> None:
    assert complete("salesgrid pay ") == FOUR_BY_FOUR
    assert complete("salesgrid pay 2") == ["2.1", "2.2", "2.3", "2.4"]
    assert complete("salesgrid promote --from 3") == ["3.1", "3.2", "3.3", "3.4"]
    assert complete("salesgrid promote --from 1.1 --to ") == FOUR_BY_FOUR
    assert complete("salesgrid grid --highlight 4.") == ["4.1", "4.2", "4.3", "4.4"]


def test_positions_follow_the_framework_on_the_line() -> None:
    """operations-management-logistics is smaller than the default framework."""
    logistics = complete("salesgrid pay --framework operations-management-logistics ")
    assert len(logistics) == 8 and set(logistics) < set(FOUR_BY_FOUR)
    assert complete("salesgrid grid --highlight ", {"SALESGRID_FRAMEWORK":
                    "operations-management-logistics"}) == logistics  # fmt: skip
    assert complete("salesgrid promote -f operations-management-logistics --from ") == logistics
    assert complete("salesgrid pay -f no-such-framework ") == []


@given(st.text(alphabet="0123456789.-abcEUR ", max_size=6))
def test_a_completion_never_raises_whatever_is_typed(typed: str) -> None:
    from salesgrid.cli import complete as completion

    for completer in (
        completion.complete_framework,
        completion.complete_currency,
        completion.complete_position,
    ):
        found = completer(None, typed)
        assert all(value.lower().startswith(typed.lower()) for value in found)


# --------------------------------------------------------------------------- the package


def test_no_cli_module_over_400_lines() -> None:
    for path in CLI.glob("*.py"):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        assert lines <= 400, f"{path.name}: {lines} lines"


def _commands() -> list[object]:
    import typer

    from salesgrid.cli import app

    group = typer.main.get_command(app)
    found = []
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        for sub in getattr(command, "commands", {name: command}).values():
            found.append(sub.callback)
    return found


def test_no_command_function_over_about_60_lines() -> None:
    commands = _commands()
    # pay locate grid frameworks validate schema promote competencies roster, payroll net and
    # gross, month, diff, paygap, criteria, calendar
    assert len(commands) == 16
    for callback in commands:
        lines = len(inspect.getsource(callback).splitlines())  # type: ignore[arg-type]
        assert lines <= 66, f"{callback}: {lines} lines"


def test_command_modules_write_through_the_one_dispatcher() -> None:
    """Only the output module writes to stdout and renders json or jsonl for a command."""
    for path in CLI.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        if path.name not in ("output.py", "root.py"):
            assert "sys.stdout.write" not in text, path.name
        if path.name != "output.py":
            assert "render.json_one" not in text and "render.json_list" not in text, path.name
            assert "render.jsonl(" not in text, path.name


def test_payroll_net_and_gross_are_one_function() -> None:
    from salesgrid.cli import payroll

    assert run(["payroll", "net", "3000", "--month", "2026-09", "--format", "plain"]).stdout == (
        "2414.75\n"
    )
    assert run(["payroll", "gross", "2500", "--month", "2026-09", "--format", "plain"]).stdout == (
        "3094.72\n"
    )
    assert "net_of" in inspect.getsource(payroll.run_payroll)
    assert "net_of" not in inspect.getsource(payroll).replace(
        inspect.getsource(payroll.run_payroll), ""
    )


@pytest.mark.parametrize("name", ["State", "app", "main", "money_arg"])
def test_the_package_exports_what_callers_use(name: str) -> None:
    import salesgrid.cli

    assert getattr(salesgrid.cli, name) is not None


def test_importing_the_cli_loads_no_data_or_batch_module() -> None:
    """Start-up of `pay` is not slowed by the split: command modules import lightly."""
    probe = (
        "import sys, salesgrid.cli\n"
        "heavy = [m for m in sys.modules if m.startswith(('salesgrid.batch', 'salesgrid.files',"
        " 'salesgrid.output', 'rich', 'yaml', 'pydantic', 'python_calamine', 'xlsxwriter',"
        " 'jsonschema'))]\n"
        "print(heavy)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=REPO
    )
    assert out.stdout.strip() == "[]"


def test_roster_output_orchestration_lives_in_batch() -> None:
    from salesgrid.batch import run as batch_run

    assert callable(batch_run.run_roster) and callable(batch_run.summary_to_file)
    text = (CLI / "roster.py").read_text(encoding="utf-8")
    assert "atomic_output" not in text and "jsonl_writer" not in text


def test_promote_notes_follow_csv_and_plain_output_only() -> None:
    """The dispatcher's after-hook: notes on stderr after csv and plain, not after json."""
    for fmt, noted in (("csv", True), ("plain", True), ("json", False), ("jsonl", False)):
        result = run(["promote", "--from", "4.4", "--format", fmt])
        assert result.exit_code == 0, result.stderr
        assert ("note:" in result.stderr) is noted, fmt


def test_the_packaged_grid_path_is_not_needed_for_help(tmp_path: Path) -> None:
    result = run(["pay", "--help"], {"SALESGRID_GRID": str(tmp_path / "none.yaml")})
    assert result.exit_code == 0


def test_the_console_script_loads_only_the_command_it_runs() -> None:
    probe = (
        "import sys\n"
        "sys.argv = ['salesgrid', 'pay', '2', '3', '--format', 'plain']\n"
        "from salesgrid.entry import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('salesgrid.cli.')), file=sys.stderr)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=REPO
    )
    assert out.stdout == "5445\n"
    loaded = out.stderr.strip()
    assert "salesgrid.cli.pay'" in loaded
    for other in ("grid", "promote", "roster", "payroll", "validate", "competencies"):
        assert f"salesgrid.cli.{other}'" not in loaded


def test_every_command_is_listed_whatever_was_loaded_first() -> None:
    from salesgrid.cli import root

    result = run(["--help"])
    for name in root.COMMANDS:
        assert name in result.stdout


def test_every_command_says_what_it_does_in_one_line_of_the_list() -> None:
    """The command list shows a docstring's first paragraph as written: a line break there
    breaks the list's column mid-sentence."""
    from typer.core import TyperGroup
    from typer.main import get_command

    from salesgrid.cli import root

    root.load_commands()
    group = get_command(root.app)
    assert isinstance(group, TyperGroup)
    for name in root.COMMANDS:
        first = (group.commands[name].help or "").split("\n\n")[0]
        assert "\n" not in first.strip(), name
        assert len(first) <= 95, name
