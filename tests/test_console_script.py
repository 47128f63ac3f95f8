"""The installed console script, run as a separate process: what CliRunner cannot see."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import HUNG

SCRIPT = Path(sys.executable).parent / "salesgrid"
BIN = str(SCRIPT)


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SALESGRID_")}
    env.pop("NO_COLOR", None)
    env.pop("FORCE_COLOR", None)
    env.pop("COLUMNS", None)
    env.update({"SALESGRID_AS_OF": "2026-11-22", **extra})
    return env


def sh(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args,
        cwd=cwd,
        env=clean_env(**env),
        capture_output=True,
        text=True,
        timeout=HUNG,
        check=False,
    )


def test_console_script_from_any_directory(tmp_path: Path) -> None:
    assert SCRIPT.is_file(), "install the package first: pip install '.[test]'"
    result = sh([BIN, "pay", "2", "3"], tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, "5445\n", "")
    result = sh([BIN, "pay", "2.3", "--currency", "EUR"], tmp_path)
    assert result.stdout == "2783.99\n"


def test_python_dash_m(tmp_path: Path) -> None:
    result = sh([sys.executable, "-m", "salesgrid", "pay", "1.1", "--format", "json"], tmp_path)
    assert result.returncode == 0
    assert '"amount": 1812' in result.stdout


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["pay", "2", "3"], 0),
        (["pay", "x"], 2),
        (["pay", "5", "1"], 3),
        (["pay", "2", "3", "--grid", "missing.yaml"], 5),
        (["validate"], 0),
    ],
)
def test_exit_codes(tmp_path: Path, args: list[str], code: int) -> None:
    result = sh([BIN, *args], tmp_path)
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr


def test_pipe_into_head_prints_no_traceback(tmp_path: Path) -> None:
    result = subprocess.run(
        ["bash", "-c", f'"{BIN}" grid | head -1'],
        cwd=tmp_path, env=clean_env(), capture_output=True, text=True, timeout=HUNG, check=False,
    )  # fmt: skip
    assert result.stdout == "framework,position,level,step,BGN,EUR\n"
    assert result.stderr == ""


@pytest.mark.parametrize(
    "args",
    [["grid", "--format", "json"], ["pay", "2", "3"], ["grid", "--format", "table"],
     ["frameworks", "--format", "csv"]],
)  # fmt: skip
def test_closed_pipe_exits_141_quietly(tmp_path: Path, args: list[str]) -> None:
    """The reader is gone before anything is written: EPIPE, exit 141, nothing on stderr."""
    reader, writer = os.pipe()
    os.close(reader)  # closed before the process starts: not a race with its first write
    with os.fdopen(writer, "wb") as closed:
        proc = subprocess.Popen(
            [BIN, *args], cwd=tmp_path, env=clean_env(), stdout=closed, stderr=subprocess.PIPE,
        )  # fmt: skip
    assert proc.stderr is not None
    stderr = proc.stderr.read()
    assert proc.wait(timeout=HUNG) == 141
    assert stderr == b""


def run_in_terminal(args: list[str], **env: str) -> str:
    """Run with stdout on a pseudo-terminal and return everything it wrote there."""
    master, slave = os.openpty()
    proc = subprocess.Popen(
        args, stdout=slave, stderr=subprocess.PIPE, env=clean_env(COLUMNS="120", **env)
    )
    os.close(slave)
    chunks: list[bytes] = []
    deadline = time.monotonic() + HUNG
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.1)
        if ready:
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not data:
                break
            chunks.append(data)
        elif proc.poll() is not None:
            break
    proc.wait(timeout=HUNG)
    os.close(master)
    assert proc.returncode == 0
    return b"".join(chunks).decode("utf-8")


def test_table_is_the_default_at_a_terminal() -> None:
    out = run_in_terminal([BIN, "grid"])
    assert "Step 1" in out and "Level 2" in out
    assert "\x1b[" in out  # styled at a terminal


def test_no_color_at_a_terminal_means_no_escape_codes() -> None:
    out = run_in_terminal([BIN, "grid"], NO_COLOR="1")
    assert "Step 1" in out
    assert "\x1b[" not in out
    out = run_in_terminal([BIN, "pay", "2", "3"], NO_COLOR="1")
    assert "5,445 BGN" in out and "\x1b[" not in out


def test_piped_table_has_no_escape_codes(tmp_path: Path) -> None:
    result = sh([BIN, "grid", "--format", "table"], tmp_path)
    assert "Step 4" in result.stdout
    assert "\x1b[" not in result.stdout


def _modules_after(args: list[str]) -> set[str]:
    probe = (
        "import sys\n"
        "from salesgrid.cli import main\n"
        f"sys.argv = {['salesgrid', *args]!r}\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('MODULES', ' '.join(sorted(m for m in sys.modules\n"
        "      if '.' not in m or m.startswith('salesgrid.'))), file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], env=clean_env(), capture_output=True, text=True,
        timeout=HUNG, check=False,
    )  # fmt: skip
    line = next(x for x in result.stderr.splitlines() if x.startswith("MODULES "))
    return set(line.split()[1:])


@pytest.mark.parametrize(
    "args",
    [
        ["pay", "2", "3", "--format", "plain"],
        ["pay", "2", "3", "--format", "json"],
        ["pay", "2.3", "--currency", "EUR"],
        ["grid", "--format", "csv"],
    ],
)
def test_rich_is_not_imported_on_script_paths(args: list[str]) -> None:
    modules = _modules_after(args)
    assert "salesgrid.core.pay" in modules  # the probe really ran the command
    assert "rich" not in modules
    # the competency and assessment formats are built only by the commands that read them
    assert "salesgrid.core.competencies" not in modules
    assert "salesgrid.core.assessment" not in modules


def test_rich_is_imported_when_a_table_is_drawn() -> None:
    modules = _modules_after(["pay", "2", "3", "--format", "table"])
    assert "rich" in modules
    assert "salesgrid.core.competencies" in modules  # level names in the table


def test_tables_on_an_ascii_stdout_do_not_crash(tmp_path: Path) -> None:
    result = sh([BIN, "grid", "--format", "table"], tmp_path, PYTHONIOENCODING="ascii")
    assert result.returncode == 0, result.stderr
    assert "Step 4" in result.stdout
