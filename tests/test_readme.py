"""The README and docs/ are part of the product: their examples, commands, exit codes and
variables are true."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from salesgrid.cli import app
from salesgrid.errors import ExitCode

from .readme_examples import README, actual, every_example, examples, normalise

TEXT = README.read_text(encoding="utf-8")
EXAMPLES = every_example()


def test_the_readme_has_examples() -> None:
    assert len(examples(TEXT)) >= 10


def test_the_docs_have_examples() -> None:
    assert len({e.file for e in EXAMPLES if e.file.startswith("docs/")}) >= 5


@pytest.mark.parametrize("example", EXAMPLES, ids=[f"{e.file}: {e.command}" for e in EXAMPLES])
def test_example_output_is_real(example) -> None:  # type: ignore[no-untyped-def]
    assert normalise(actual(example.command, example.before)) == normalise(example.expected)


def test_an_example_writing_under_tmp_writes_a_file_of_its_own() -> None:
    """Two runs at once (pytest-xdist workers, two checkouts) never share a /tmp/ file: each
    process writes its own, and the output still names /tmp/."""
    name = f"salesgrid-example-probe-{os.getpid()}.yaml"
    shared = Path("/tmp") / name
    out = actual(f"salesgrid validate /tmp/{name}", (f"salesgrid grid --export > /tmp/{name}",))
    assert f"\nok: /tmp/{name}: 0 errors" in out, out
    assert not shared.exists()


def test_the_two_commands_open_the_readme() -> None:
    first_block = re.search(r"```(?:bash|sh)\n(.*?)```", TEXT, re.S)
    assert first_block is not None
    lines = [line for line in first_block.group(1).splitlines() if line.strip()]
    assert len(lines) == 2
    assert "pip install ." in lines[0] and lines[0].endswith("salesgrid pay 2 3")
    assert "'.[test]'" in lines[1] and lines[1].endswith("python -m pytest")


def test_ci_runs_the_readme_test_command() -> None:
    ci = (README.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert "python -m pytest\n" in ci
    assert "pip install --quiet --disable-pip-version-check '.[test]'" in ci


def test_ci_runs_the_slow_set_the_readme_command_leaves_out() -> None:
    ci = (README.parent / ".ci" / "run").read_text(encoding="utf-8")
    pyproject = (README.parent / "pyproject.toml").read_text(encoding="utf-8")
    assert "addopts = \"-ra --strict-markers -m 'not slow'\"" in pyproject
    assert ci.index("python -m pytest\n") < ci.index("python -m pytest -m slow\n")


def test_every_command_is_documented() -> None:
    from typer.main import get_command

    group = get_command(app)
    commands = group.commands  # type: ignore[attr-defined]
    for name, command in commands.items():
        assert f"salesgrid {name}" in TEXT, name
        assert command.help, name


def test_every_exit_code_is_documented() -> None:
    section = TEXT[TEXT.index("## Exit codes") :]
    section = section[: section.index("\n## ", 4)]
    for code in ExitCode:
        assert re.search(rf"^\| {code.value} \|", section, re.M), code


def test_every_environment_variable_is_documented() -> None:
    from typer.main import get_command

    group = get_command(app)
    names = set()
    for command in [group, *group.commands.values()]:  # type: ignore[attr-defined]
        for param in command.params:
            envvar = getattr(param, "envvar", None)
            if envvar:
                names.add(envvar)
    assert names >= {"SALESGRID_GRID", "SALESGRID_FRAMEWORK", "SALESGRID_FORMAT", "SALESGRID_AS_OF"}
    section = TEXT[TEXT.index("## Environment variables") :]
    for name in names | {"NO_COLOR"}:
        assert f"`{name}`" in section, name
