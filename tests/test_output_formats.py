"""An output file's format is the one its extension names, in every command that
writes files (roster --output, --rejects and --summary-only --output, paygap --output, criteria
--output); an extension naming a format the command cannot write, or that --format
contradicts, is exit 2 naming what it can write."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from salesgrid.output.targets import EXTENSIONS

from .conftest import REPO, run

ROSTER = "employee_id,position\nE1,2.3\nE2,4.4\nE3,9.9\n"
PAYGAP = str(REPO / "examples" / "paygap-roster.csv")


def sniff(path: Path) -> str:
    """What a written file holds, by its bytes."""
    data = path.read_bytes()
    if zipfile.is_zipfile(path):
        return "xlsx"
    text = data.decode("utf-8")
    if text.startswith("<!DOCTYPE html>"):
        return "html"
    if text.startswith("# "):
        return "markdown"
    lines = text.splitlines()
    try:  # one object per line (JSON is written indented, over many lines)
        [json.loads(line) for line in lines]
    except ValueError:
        pass
    else:
        return "jsonl"
    try:
        json.loads(text)
    except ValueError:
        pass
    else:
        return "json"
    if "," in lines[0] and "\t" not in text and ": " not in lines[0]:
        return "csv"
    return "plain"


@pytest.fixture
def roster(tmp_path: Path) -> str:
    path = tmp_path / "staff.csv"
    path.write_text(ROSTER, encoding="utf-8")
    return str(path)


#: a command writing a file, by its flag: (arguments before the file, the flag, what it writes
#: by extension, the default for an unknown extension)
WRITERS = {
    "roster --output": (["roster", "{roster}"], "--output", {"csv", "jsonl", "xlsx"}, "csv"),
    "roster --rejects": (
        ["roster", "{roster}", "--output", "/dev/null"], "--rejects", {"csv", "jsonl", "xlsx"},
        "csv",
    ),
    "roster --summary-only --output": (
        ["roster", "{roster}", "--summary-only"], "--output",
        {"csv", "jsonl", "xlsx", "json"}, "csv",
    ),
    "paygap --output": (
        ["paygap", PAYGAP], "--output", {"csv", "json", "markdown", "html"}, "csv"
    ),
    "paygap --employee --output": (
        ["paygap", PAYGAP, "--employee", "E-101"], "--output", {"json", "markdown"}, "plain",
    ),
    "criteria --output": (["criteria"], "--output", {"markdown", "html", "json"}, "markdown"),
}  # fmt: skip


@pytest.mark.parametrize("writer", list(WRITERS))
@pytest.mark.parametrize("suffix", [*EXTENSIONS, ".CSV", ".Json", ".txt", ""])
def test_a_file_holds_the_format_its_extension_names(
    writer: str, suffix: str, tmp_path: Path, roster: str
) -> None:
    before, flag, accepted, default = WRITERS[writer]
    target = tmp_path / f"out{suffix}"
    args = [roster if a == "{roster}" else a for a in before]
    result = run([*args, flag, str(target)])
    named = EXTENSIONS.get(suffix.lower(), "") if suffix.lower() in EXTENSIONS else default
    if named in accepted or (named == default and suffix.lower() not in EXTENSIONS):
        assert result.exit_code in (0, 4), (writer, suffix, result.stderr)
        assert sniff(target) == named, (writer, suffix)
    else:
        assert result.exit_code == 2, (writer, suffix, result.stderr)
        assert not target.exists()
        assert result.stdout == ""
        assert result.stderr.startswith(f"salesgrid: error: {flag} {target}: ")
        assert result.stderr.count("\n") == 1
        for fmt in accepted:  # names what it can write, with the extensions
            assert fmt in result.stderr
        assert "give another file name" in result.stderr


@pytest.mark.parametrize(
    ("args", "name", "said"),
    [
        (["roster", "{roster}", "--format", "csv"], "r.xlsx", "--format csv contradicts --output"),
        (["roster", "{roster}", "--format", "jsonl"], "r.csv", "name the file .jsonl"),
        (["roster", "{roster}", "--summary-only", "--format", "plain"], "x.xlsx",
         "--format plain contradicts --output"),
        (["roster", "{roster}", "--summary-only", "--format", "json"], "x.jsonl",
         "name the file .json"),
        (["paygap", PAYGAP, "--format", "csv"], "r.html", "--format csv contradicts"),
        (["paygap", PAYGAP, "--format", "json", "--employee", "E-101"], "a.html",
         "cannot write the answer to --employee as html (.html)"),
        (["criteria", "--format", "markdown"], "c.html", "--format markdown contradicts"),
        (["criteria", "--format", "html"], "c.json", "name the file .html"),
        (["roster", "{roster}", "--format", "table"], "r.txt", "--format table is drawn"),
        (["roster", "{roster}", "--format", "table"], "r.csv", "--format table is drawn"),
        (["roster", "{roster}", "--format", "plain"], "r.txt",
         "cannot write records to a file as plain"),
    ],
)  # fmt: skip
def test_format_typed_against_the_extension(
    args: list[str], name: str, said: str, tmp_path: Path, roster: str
) -> None:
    """--format csv --output r.xlsx is exactly the bug (a file named .xlsx holding CSV)."""
    target = tmp_path / name
    result = run([*(roster if a == "{roster}" else a for a in args), "--output", str(target)])
    assert result.exit_code == 2, result.stderr
    assert said in result.stderr
    assert result.stderr.count("\n") == 1
    assert not target.exists()


def test_the_messages_of_the_issue(tmp_path: Path, roster: str) -> None:
    result = run(["paygap", PAYGAP, "--output", str(tmp_path / "r.xlsx")])
    assert result.stderr == (
        f"salesgrid: error: --output {tmp_path / 'r.xlsx'}: salesgrid paygap cannot write the "
        "report as xlsx (.xlsx); it writes csv (.csv), json (.json), markdown (.md, .markdown) or "
        "html (.html, .htm): give another file name\n"
    )
    result = run(["roster", roster, "--output", str(tmp_path / "r.json")])
    assert result.exit_code == 2
    assert "(json and plain only with --summary-only)" in result.stderr


def test_agreeing_format_and_extension(tmp_path: Path, roster: str) -> None:
    out = tmp_path / "r.ndjson"
    assert run(["roster", roster, "--format", "jsonl", "--output", str(out)]).exit_code == 4
    assert sniff(out) == "jsonl"
    page = tmp_path / "c.htm"
    assert run(["criteria", "--format", "html", "--output", str(page)]).exit_code == 0
    assert sniff(page) == "html"
    totals = tmp_path / "t.txt"
    result = run(["roster", roster, "--summary-only", "--format", "plain", "--output", str(totals)])
    assert result.exit_code == 4
    assert totals.read_text().startswith("rows: 3 read")


def test_an_environment_format_yields_to_the_extension(tmp_path: Path, roster: str) -> None:
    """SALESGRID_FORMAT is every command's default: the file's extension wins over it; with an
    extension that names no format it applies where the command can write it."""
    out = tmp_path / "r.xlsx"
    result = run(["roster", roster, "--output", str(out)], env={"SALESGRID_FORMAT": "json"})
    assert result.exit_code == 4, result.stderr
    assert sniff(out) == "xlsx"
    page = tmp_path / "c.json"
    result = run(["criteria", "--output", str(page)], env={"SALESGRID_FORMAT": "html"})
    assert result.exit_code == 0, result.stderr
    assert sniff(page) == "json"
    other = tmp_path / "r.data"
    result = run(["roster", roster, "--output", str(other)], env={"SALESGRID_FORMAT": "jsonl"})
    assert sniff(other) == "jsonl"
    result = run(["roster", roster, "--output", str(other)], env={"SALESGRID_FORMAT": "plain"})
    assert sniff(other) == "csv"  # plain is no format for records: the default


def test_help_says_the_extension_decides() -> None:
    for command in ("roster", "paygap", "criteria"):
        help_text = " ".join(run([command, "--help"], env={"COLUMNS": "300"}).stdout.split())
        assert "in the format its extension names" in help_text, command
