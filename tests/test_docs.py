"""docs/cli.md is generated from the app's help and kept current."""

from __future__ import annotations

from pathlib import Path

import pytest

from . import cli_docs

# --------------------------------------------------------------------------- docs/cli.md


def test_the_cli_reference_is_current() -> None:
    """Fails when an option or help text changed: run ``python tests/cli_docs.py``."""
    assert cli_docs.main(["--check"]) == 0


def test_the_check_fails_on_a_stale_reference(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stale = tmp_path / "cli.md"
    stale.write_text(
        cli_docs.CLI_MD.read_text(encoding="utf-8").replace("Print the version", "Show the version")
    )
    monkeypatch.setattr(cli_docs, "CLI_MD", stale)
    assert cli_docs.main(["--check"]) == 1
    assert "docs/cli.md is stale" in capsys.readouterr().err
    assert cli_docs.main([]) == 0  # the generator rewrites it
    assert cli_docs.main(["--check"]) == 0


def test_the_cli_reference_does_not_depend_on_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    pages = set()
    for columns in ("20", "80", "300"):
        monkeypatch.setenv("COLUMNS", columns)
        monkeypatch.setenv("TERM", "dumb" if columns == "20" else "xterm-256color")
        pages.add(cli_docs.render())
    assert len(pages) == 1
    assert "\x1b" not in pages.pop()


def test_the_cli_reference_has_every_command_argument_option_and_variable() -> None:
    from typer.main import get_command

    from salesgrid.cli import app

    page = cli_docs.CLI_MD.read_text(encoding="utf-8")
    group = get_command(app)
    ctx = group.make_context("salesgrid", [], resilient_parsing=True)

    def walk(command: object, ctx: object) -> None:
        assert f"`{ctx.command_path}`" in page  # type: ignore[attr-defined]
        for param in command.get_params(ctx):  # type: ignore[attr-defined]
            if param.hidden:
                continue
            for name in param.opts if param.param_type_name == "option" else []:
                assert f"`{name}`" in page, name
            if param.envvar:
                assert f"`{param.envvar}`" in page, param.envvar
            if param.help:
                assert " ".join(param.help.split()).replace("|", "\\|") in page, param.help
        for name in getattr(command, "commands", {}):
            sub = command.get_command(ctx, name)  # type: ignore[attr-defined]
            walk(sub, sub.make_context(name, [], parent=ctx, resilient_parsing=True))

    walk(group, ctx)
