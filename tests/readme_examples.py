"""The console examples of README.md and docs/*.md, replayed through the CLI.

A ``console`` code block holds commands (``$ salesgrid ...``) each followed by its output;
a last output line ``[exit N]`` gives a non-zero exit code. Examples run with
``COLUMNS=120 NO_COLOR=1 SALESGRID_AS_OF=2026-11-22 SALESGRID_MADE_ON=2026-11-22`` and trailing spaces are ignored.

Examples run from the repository root, so ``examples/roster.csv`` means the committed file.
A path under ``/tmp/`` (``> /tmp/company-grid.yaml``) is one of a private temporary directory
of the process, written back as ``/tmp/`` in the output: runs in parallel (pytest-xdist
workers, or two checkouts on one machine) never write or read each other's file.

``python tests/readme_examples.py --update`` rewrites the outputs in README.md and in every
docs/*.md from real runs.
"""

from __future__ import annotations

import atexit
import contextlib
import re
import shlex
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = ROOT / "docs"
ENV = {"COLUMNS": "120", "NO_COLOR": "1", "SALESGRID_AS_OF": "2026-11-22",
       "SALESGRID_MADE_ON": "2026-11-22"}  # fmt: skip
_BLOCK = re.compile(r"^```console\n(.*?)^```$", re.S | re.M)


@dataclass
class Example:
    command: str
    expected: str
    start: int  # offsets of the expected output in the file's text
    end: int
    file: str = "README.md"  # where it is, relative to the repository root
    #: the commands before it in its console block, run first for what they write
    #: (``salesgrid grid --export > FILE`` then ``salesgrid validate FILE``)
    before: tuple[str, ...] = ()


def documents() -> list[Path]:
    """The files whose console blocks are examples: README.md, then docs/*.md by name."""
    return [README, *sorted(DOCS.glob("*.md"))]


def examples(text: str, file: str = "README.md") -> list[Example]:
    found = []
    for block in _BLOCK.finditer(text):
        body, offset = block.group(1), block.start(1)
        parts = list(re.finditer(r"^\$ (.*)\n", body, re.M))
        for index, part in enumerate(parts):
            end = parts[index + 1].start() if index + 1 < len(parts) else len(body)
            before = tuple(p.group(1) for p in parts[:index] if ">" in shlex.split(p.group(1)))
            found.append(
                Example(
                    part.group(1),
                    body[part.end() : end],
                    offset + part.end(),
                    offset + end,
                    file,
                    before,
                )
            )
    return found


def every_example() -> list[Example]:
    """Every console example of every document."""
    found = []
    for path in documents():
        found += examples(path.read_text(encoding="utf-8"), path.relative_to(ROOT).as_posix())
    return found


_SHARED_TMP = "/tmp/"
_private: list[str] = []  # this process's own directory for the examples' /tmp/ paths


def _private_tmp() -> str:
    """This process's temporary directory (made once, removed at exit), ending in ``/``."""
    if not _private:
        made = tempfile.mkdtemp(prefix="salesgrid-examples-")
        atexit.register(shutil.rmtree, made, ignore_errors=True)
        _private.append(made + "/")
    return _private[0]


def _own(word: str) -> str:
    """A command's word, with a /tmp/ path made one of the private directory."""
    return _private_tmp() + word[len(_SHARED_TMP) :] if word.startswith(_SHARED_TMP) else word


def actual(command: str, before: tuple[str, ...] = ()) -> str:
    """What the command prints (stdout, then stderr), with ``[exit N]`` if it fails.

    ``> FILE`` at the end sends stdout to FILE (relative to the repository), as a shell would.
    """
    from typer.testing import CliRunner

    from salesgrid.cli import app

    for earlier in before:
        actual(earlier)
    words = shlex.split(command)
    assert words[0] == "salesgrid", command
    target = None
    if len(words) > 2 and words[-2] == ">":
        words, target = words[:-2], words[-1]
    words = [_own(word) for word in words]
    target = None if target is None else _own(target)
    with contextlib.chdir(ROOT):
        result = CliRunner().invoke(app, words[1:], env=ENV)
        if target is not None:
            Path(target).write_text(result.stdout, encoding="utf-8")
    out = (result.stdout if target is None else "") + result.stderr
    if result.exit_code:
        out += f"[exit {result.exit_code}]\n"
    return out.replace(_private_tmp(), _SHARED_TMP) if _private else out


def normalise(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip("\n").splitlines())


def update() -> None:
    for path in documents():
        text = path.read_text(encoding="utf-8")
        for example in reversed(examples(text)):
            fresh = "\n".join(
                line.rstrip() for line in actual(example.command, example.before).splitlines()
            )
            fresh += "\n" if fresh else ""  # a command that prints nothing adds no line
            text = text[: example.start] + fresh + text[example.end :]
        path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:] == ["--update"]:
        update()
    else:
        sys.exit("usage: python tests/readme_examples.py --update")
