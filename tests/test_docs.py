"""The README is a front page and docs/ holds the rest: short, linked, generated where it can be.

The console examples of every page are run by tests/test_readme.py; here: the README's length,
the links between the pages (files and #anchors), the modules docs/architecture.md names (each
in src/salesgrid), the module table of docs/development.md (every module of every package, and
no other), and docs/cli.md against the app's help.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from . import cli_docs
from .readme_examples import DOCS, README, ROOT, documents

#: Pages a link may name before they exist (written in another branch). docs/python-api.md was
#: one and now exists, so its links are checked like any other: nothing is skipped today.
WRITTEN_ELSEWHERE = {"docs/python-api.md"}

_LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")
_FENCE = re.compile(r"^```.*?^```$", re.S | re.M)


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _anchors(text: str) -> set[str]:
    """GitHub's heading ids: lower case, punctuation but - and _ dropped, spaces to -."""
    found: set[str] = set()
    for heading in re.findall(r"^#{1,6} (.+?)\s*$", _FENCE.sub("", text), re.M):
        slug = re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")
        candidate, n = slug, 0
        while candidate in found:
            n += 1
            candidate = f"{slug}-{n}"
        found.add(candidate)
    return found


def _links(path: Path) -> list[str]:
    return _LINK.findall(_FENCE.sub("", _text(path)))


def test_the_readme_is_a_front_page() -> None:
    lines = _text(README).splitlines()
    # the front page: what salesgrid is, the two commands, one short example per command and
    # the Python API, the exit codes, the variables' names, links; the rest is in docs/
    assert len(lines) <= 250, (
        f"README.md has {len(lines)} lines (250 at most): move detail to docs/"
    )


#: The widest line of README prose (outside ``` blocks): one terminal line, one line of a diff.
#: A console example's command and output are as real as they come, so they are not counted.
PROSE_WIDTH = 100


def _prose_lines(text: str) -> list[tuple[int, str]]:
    """The lines outside ``` blocks, each with its line number (from 1)."""
    lines, fenced = [], False
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced:
            lines.append((number, line))
    return lines


def test_the_readme_prose_fits_a_terminal_line() -> None:
    # joining lines to stay under the line limit above only moves the length sideways: wrap
    # the prose, and move detail to docs/
    long = [
        f"README.md:{number}: {len(line)} characters"
        for number, line in _prose_lines(_text(README))
        if len(line) > PROSE_WIDTH
    ]
    assert not long, f"README prose lines over {PROSE_WIDTH} characters: {long}"


def test_the_prose_check_counts_lines_outside_code_blocks_only() -> None:
    text = "short\n```console\n" + "x" * 150 + "\n```\n" + "y" * 101 + "\n| " + "z" * 99 + "\n"
    assert [number for number, line in _prose_lines(text) if len(line) > PROSE_WIDTH] == [5, 6]


def test_every_page_in_docs_is_linked_from_the_readme() -> None:
    linked = {link.split("#")[0] for link in _links(README)}
    for page in sorted(DOCS.glob("*.md")):
        assert page.relative_to(ROOT).as_posix() in linked, page.name


@pytest.mark.parametrize("page", documents(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_link_between_the_pages_resolves(page: Path) -> None:
    for link in _links(page):
        if re.match(r"[a-z]+:", link):  # https:, mailto:: not checked offline
            continue
        target_name, _, anchor = link.partition("#")
        target = (page.parent / target_name).resolve() if target_name else page
        name = target.relative_to(ROOT).as_posix() if target.is_relative_to(ROOT) else str(target)
        if name in WRITTEN_ELSEWHERE and not target.exists():
            continue
        assert target.exists(), f"{page.name}: {link}: no such file"
        if anchor and target.suffix == ".md":
            assert anchor in _anchors(_text(target)), f"{page.name}: {link}: no such heading"


def test_the_readme_documents_every_command_with_an_example() -> None:
    from typer.main import get_command

    from salesgrid.cli import app

    text = _text(README)
    for name in get_command(app).commands:  # type: ignore[attr-defined]
        assert f"### `salesgrid {name}`" in text, name
        section = text[text.index(f"### `salesgrid {name}`") :]
        section = section[: section.index("\n#", 4)]
        assert f"salesgrid {name}" in section and "```" in section, name


def test_the_readme_documents_shell_completion() -> None:
    section = _text(README)[_text(README).index("## Shell completion") :]
    assert "salesgrid --install-completion" in section
    for word in ("--framework", "--currency", "--kind", "--format", "positions"):
        assert word in section, word


# --------------------------------------------------------------------------- docs/architecture.md

ARCHITECTURE = DOCS / "architecture.md"
SRC = ROOT / "src"


def _module_named(name: str) -> bool:
    """A dotted ``salesgrid.x.y`` name: a package or module of src/salesgrid, or a name defined
    at the top of one (``salesgrid.core.pay.pay``: the module ``salesgrid/core/pay.py``, then a
    ``def``, ``class`` or assignment of ``pay`` in it)."""
    here = SRC / "salesgrid"
    parts = name.split(".")[1:]
    for index, part in enumerate(parts):
        if (here / part).is_dir():
            here = here / part
            continue
        module = here / f"{part}.py"
        if not module.is_file():
            return False
        rest = parts[index + 1 :]
        if not rest:
            return True
        text = _text(module)
        return re.search(rf"^(?:def |class )?{re.escape(rest[0])}\b", text, re.M) is not None
    return True


def test_the_architecture_names_only_modules_that_exist() -> None:
    """Every ``salesgrid/...py`` path and dotted ``salesgrid.x.y`` name in docs/architecture.md
    is in src/salesgrid: rename a module, and this says which page to update."""
    text = _text(ARCHITECTURE)
    paths = set(re.findall(r"\bsalesgrid/[\w/]+\.py\b", text))
    dotted = set(re.findall(r"\bsalesgrid(?:\.[A-Za-z_]\w*)+", text)) - {
        p.replace("/", ".").removesuffix(".py") for p in paths
    }
    assert len(paths) >= 20, "the page names the modules a newcomer opens"
    missing = sorted(p for p in paths if not (SRC / p).is_file())
    missing += sorted(d for d in dotted if not _module_named(d))
    assert not missing, f"docs/architecture.md names what src/salesgrid does not have: {missing}"


def test_the_architecture_check_sees_a_wrong_name() -> None:
    assert _module_named("salesgrid.core.pay")
    assert _module_named("salesgrid.core.pay.pay_cell")
    assert _module_named("salesgrid.output")
    assert not _module_named("salesgrid.core.nowhere")
    assert not _module_named("salesgrid.core.pay.no_such_function")
    assert not (SRC / "salesgrid/cli/app.py").is_file()


def test_the_architecture_is_linked_from_the_development_page() -> None:
    assert "(architecture.md)" in _text(DOCS / "development.md")


# --------------------------------------------------------------------------- docs/development.md

_ROW = re.compile(r"^\| `salesgrid/(\w+)` \| (.+) \|$", re.M)


def _modules_named_in(row: str) -> set[str]:
    """The backticked bare names of a table row outside parentheses: the modules it lists
    (``pay`` in "`pay` (one cell, a grid)"), not the names their phrases mention."""
    names, depth = set(), 0
    for token in re.findall(r"`[^`]*`|[()]", row):
        if token in "()":
            depth += 1 if token == "(" else -1
        elif depth == 0 and re.fullmatch(r"`[a-z_][a-z0-9_]*`", token):
            names.add(token.strip("`"))
    return names


def test_the_development_page_names_every_module_of_every_package() -> None:
    """The table of docs/development.md ("The code") has a row per package of src/salesgrid,
    and each row names every module of its package and no module it does not have."""
    section = _text(DOCS / "development.md").split("## The code", 1)[1]
    rows = dict(_ROW.findall(section))
    packages = {p.parent.name for p in (SRC / "salesgrid").glob("*/__init__.py")}
    assert set(rows) == packages, "one row per package"
    for package, row in sorted(rows.items()):
        files = {p.stem for p in (SRC / "salesgrid" / package).glob("*.py")}
        modules, named = files - {"__init__"}, _modules_named_in(row)
        assert not modules - named, f"{package}: the row does not name {sorted(modules - named)}"
        assert not named - files, f"{package}: no such module {sorted(named - files)}"


def test_the_module_table_check_reads_names_outside_parentheses() -> None:
    row = "the core: `pay` (one cell, `draw` (nested)), `money`, and `L.S` `locate` (`x`)"
    assert _modules_named_in(row) == {"pay", "money", "locate"}


# --------------------------------------------------------------------------- docs/cli.md


def test_the_cli_reference_is_current() -> None:
    """Fails when an option or help text changed: run ``python tests/cli_docs.py``."""
    assert cli_docs.main(["--check"]) == 0


def test_the_check_fails_on_a_stale_reference(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stale = tmp_path / "cli.md"
    stale.write_text(_text(cli_docs.CLI_MD).replace("Print the version", "Show the version"))
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

    page = _text(cli_docs.CLI_MD)
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
