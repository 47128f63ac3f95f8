"""A file a command writes that is the same file as one it reads (the same path, a
symlink, a hard link) is refused with exit 2 before anything is written, in every command."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from salesgrid.cli.sources import data_files
from salesgrid.errors import UsageError
from salesgrid.output.targets import refuse_same_files

from .conftest import REPO, run

SCRIPT = Path(sys.executable).parent / "salesgrid"
ROSTER = "employee_id,position\nE1,2.3\nE2,4.4\nE3,9.9\n"
PAYGAP = REPO / "examples" / "paygap-roster.csv"


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file in ``folder`` (symlinks as their target's bytes), to see nothing was written."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture
def roster(tmp_path: Path) -> Path:
    path = tmp_path / "staff.csv"
    path.write_text(ROSTER, encoding="utf-8")
    return path


def refused(args: list[str], folder: Path) -> str:
    """Run ``args``; assert exit 2, nothing on stdout and ``folder`` exactly as it was."""
    before = snapshot(folder)
    result = run(args)
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert result.stdout == ""
    assert snapshot(folder) == before  # byte-identical, and no file (temporary or not) added
    return result.stderr


def test_roster_output_over_the_roster_by_the_same_path(roster: Path) -> None:
    said = refused(["roster", str(roster), "--output", str(roster)], roster.parent)
    assert said == (
        f"salesgrid: error: --output {roster} is the same file as the roster {roster} it reads: "
        "give --output another file\n"
    )


def test_roster_rejects_over_the_roster(roster: Path) -> None:
    said = refused(["roster", str(roster), "--rejects", str(roster)], roster.parent)
    assert f"--rejects {roster} is the same file as the roster {roster} it reads" in said


def test_relative_against_absolute_path(roster: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(roster.parent)
    said = refused(["roster", str(roster), "--output", "./staff.csv"], roster.parent)
    assert "--output staff.csv is the same file as the roster" in said
    said = refused(["roster", "staff.csv", "--output", str(roster)], roster.parent)
    assert f"--output {roster} is the same file as the roster staff.csv it reads" in said


def test_the_roster_read_through_a_symlink(roster: Path) -> None:
    link = roster.parent / "link.csv"
    link.symlink_to(roster.name)
    said = refused(["roster", str(link), "--output", str(roster)], roster.parent)
    assert f"is the same file as the roster {link} it reads" in said
    assert link.is_symlink()


def test_an_output_symlink_pointing_at_the_roster(roster: Path) -> None:
    link = roster.parent / "out.csv"
    link.symlink_to(roster)
    refused(["roster", str(roster), "--output", str(link)], roster.parent)
    refused(["roster", str(roster), "--output", "/dev/null", "--rejects", str(link)], roster.parent)


def test_a_hard_link_to_the_roster(roster: Path) -> None:
    other = roster.parent / "hard.csv"
    os.link(roster, other)
    refused(["roster", str(roster), "--output", str(other)], roster.parent)
    refused(["roster", str(other), "--rejects", str(roster)], roster.parent)


def test_output_over_the_grid_file_and_a_layer(roster: Path) -> None:
    folder = roster.parent
    grid = folder / "grid.yaml"
    shutil.copy(REPO / "data" / "grid.yaml", grid)
    layer = folder / "layer.yaml"
    shutil.copy(REPO / "examples" / "company-layer.yaml", layer)
    said = refused(["roster", str(roster), "--grid", str(grid), "--output", str(grid)], folder)
    assert f"--output {grid} is the same file as the --grid file {grid} it reads" in said
    said = refused(["roster", str(roster), "--add-grid", str(layer), "--rejects", str(layer)],
                   folder)  # fmt: skip
    assert "is the same file as the --add-grid layer" in said


def test_output_over_a_grid_given_by_its_variable(roster: Path) -> None:
    folder = roster.parent
    grid = folder / "grid.yaml"
    shutil.copy(REPO / "data" / "grid.yaml", grid)
    before = snapshot(folder)
    result = run(["roster", str(roster), "--output", str(grid)], env={"SALESGRID_GRID": str(grid)})
    assert result.exit_code == 2
    assert "is the same file as the --grid file" in result.stderr
    assert snapshot(folder) == before


def test_output_over_the_competencies_and_payroll_files(roster: Path) -> None:
    folder = roster.parent
    comp = folder / "competencies.yaml"
    shutil.copy(REPO / "data" / "competencies.yaml", comp)
    payroll = folder / "payroll.yaml"
    shutil.copy(REPO / "data" / "payroll.yaml", payroll)
    said = refused(["roster", str(roster), "--competencies", str(comp), "--output", str(comp)],
                   folder)  # fmt: skip
    assert "the --competencies file" in said
    said = refused(["roster", str(roster), "--employer-cost", "--month", "2026-11", "--payroll",
                    str(payroll), "--rejects", str(payroll)], folder)  # fmt: skip
    assert "the --payroll file" in said


def test_the_packaged_data_files_are_inputs_too() -> None:
    """Without --grid, --competencies or --payroll the packaged files are read: writing over one
    (in a source checkout, data/grid.yaml) is refused like any input. Checked on the shared
    check's inputs, so that a missing check cannot overwrite the repository's data."""
    inputs = data_files(None, None, competencies=None, payroll=None)
    assert [what for what, _ in inputs] == [
        "the packaged grid file", "the packaged competencies file", "the packaged payroll file",
    ]  # fmt: skip
    for what, path in inputs:
        assert path.is_file()
        with pytest.raises(UsageError, match=f"is the same file as {what} "):
            refuse_same_files([("--output", path)], inputs)


def test_paygap_output_over_its_roster(tmp_path: Path) -> None:
    source = tmp_path / "r.csv"
    shutil.copy(PAYGAP, source)
    said = refused(["paygap", str(source), "--output", str(source)], tmp_path)
    assert f"--output {source} is the same file as the roster {source} it reads" in said
    link = tmp_path / "link.csv"
    link.symlink_to(source)
    refused(["paygap", str(link), "--output", str(source)], tmp_path)
    refused(["paygap", str(source), "--employee", "E-101", "--output", str(link)], tmp_path)


def test_criteria_output_over_its_data_files(tmp_path: Path) -> None:
    comp = tmp_path / "competencies.yaml"
    shutil.copy(REPO / "data" / "competencies.yaml", comp)
    said = refused(["criteria", "--competencies", str(comp), "--output", str(comp)], tmp_path)
    assert f"--output {comp} is the same file as the --competencies file {comp} it reads" in said
    grid = tmp_path / "grid.yaml"
    shutil.copy(REPO / "data" / "grid.yaml", grid)
    hard = tmp_path / "hard.md"
    os.link(grid, hard)
    refused(["criteria", "--grid", str(grid), "--output", str(hard)], tmp_path)


def test_output_and_rejects_the_same_file_by_a_hard_link(roster: Path) -> None:
    out = roster.parent / "out.csv"
    out.write_text("old\n")
    hard = roster.parent / "rejects.csv"
    os.link(out, hard)
    said = refused(["roster", str(roster), "--output", str(out), "--rejects", str(hard)],
                   roster.parent)  # fmt: skip
    assert f"--output and --rejects are the same file ({out})" in said


def test_devices_are_not_the_same_file(roster: Path) -> None:
    """/dev/null twice, /dev/stdout: written through, never replaced, so never refused."""
    result = run(["roster", str(roster), "--output", "/dev/null", "--rejects", "/dev/null"])
    assert result.exit_code == 4
    assert roster.read_text() == ROSTER


def test_a_fifo_output_is_not_the_same_file(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    refuse_same_files([("--output", fifo), ("--rejects", fifo)], [("the roster", fifo)])


def test_the_shared_check_names_both_and_skips_what_is_not_given(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("x\n")
    refuse_same_files([("--output", None), ("--output", "-")], [("the roster", source)])
    refuse_same_files([("--output", tmp_path / "new.csv")], [("the roster", source), ("x", None)])
    refuse_same_files([("--output", "/dev/stdout")], [("the roster", source)])
    with pytest.raises(UsageError, match=r"--report .*in\.csv is the same file as the input"):
        refuse_same_files([("--report", source)], [("the input", source)])
    # two outputs that do not exist yet, one through a symlink to the other's name
    link = tmp_path / "link.csv"
    link.symlink_to("new.csv")
    with pytest.raises(UsageError, match="--a and --b are the same file"):
        refuse_same_files([("--a", tmp_path / "new.csv"), ("--b", link)], [])


def test_stdin_redirected_from_the_output_file(roster: Path) -> None:
    """``roster - --output staff.csv < staff.csv``: stdin is the same file, through the console
    script (the in-process runner's stdin has no descriptor)."""
    before = roster.read_bytes()
    with roster.open("rb") as stdin:
        done = subprocess.run([str(SCRIPT), "roster", "-", "--output", str(roster)], stdin=stdin,
                              capture_output=True, text=True, check=False)  # fmt: skip
    assert done.returncode == 2
    assert done.stderr == (
        f"salesgrid: error: --output {roster} is the same file as the roster it reads on stdin: "
        "give --output another file\n"
    )
    assert roster.read_bytes() == before
    assert [p.name for p in roster.parent.iterdir()] == ["staff.csv"]
