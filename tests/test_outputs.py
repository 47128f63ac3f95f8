"""Writing outputs safely: --output formats, .xlsx out, devices, symlinks, modes, full disks,
signals, CSV quoting of a bare CR, rejects columns and UTF-8 stdout."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import pty
import signal
import stat
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salesgrid.errors import ExitCode
from salesgrid.output import streams, xlsxout

from . import xlsxkit
from .conftest import HUNG, run
from .test_roster import ASSESSED_HEADER, GOOD

SCRIPT = Path(sys.executable).parent / "salesgrid"
ROSTER = "employee_id,position\nE1,2.3\nE2,4.4\nE3,9.9\n"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def write(folder: Path, text: str, name: str = "roster.csv") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8", newline="")
    return path


def records(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def sheets(path: Path) -> dict[str, list[list[Any]]]:
    return xlsxkit.read_book(path)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def writing(pid: int, folder: Path) -> bool:
    """Whether process ``pid`` is writing an output in ``folder``: a temporary file with no name
    (Linux: /proc/PID/fd shows ``FOLDER/#INODE (deleted)``) or a named one."""
    if leftovers(folder):
        return True
    try:
        found = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return False
    for fd in found:
        with contextlib.suppress(OSError):
            if os.readlink(f"/proc/{pid}/fd/{fd}").startswith(f"{folder}/#"):
                return True
    return False


def env(**extra: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("SALESGRID_")}
    base.update({"SALESGRID_AS_OF": "2026-11-22", **extra})
    return base


# --------------------------------------------------------------------------- defect 2, 18


def test_output_takes_the_format_from_the_extension(tmp_path: Path) -> None:
    roster = write(tmp_path, ROSTER)
    out = tmp_path / "out.jsonl"
    result = run(["roster", str(roster), "--output", str(out)])
    assert result.exit_code == 4, result.stderr
    assert result.stdout == ""
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [line["employee_id"] for line in lines] == ["E1", "E2"]
    assert lines[0]["pay_bgn"] == 5445


def test_output_format_flag_wins_over_an_unknown_extension_which_is_csv(tmp_path: Path) -> None:
    """An extension that names no format: --format, else CSV (a known extension
    that --format contradicts is refused, see tests/test_output_formats.py)."""
    roster = write(tmp_path, ROSTER)
    out = tmp_path / "out.data"
    run(["roster", str(roster), "--output", str(out), "--format", "jsonl"])
    assert json.loads(out.read_text().splitlines()[0])["employee_id"] == "E1"
    other = tmp_path / "out.txt"
    run(["roster", str(roster), "--output", str(other)])
    assert records(other.read_text())[0]["employee_id"] == "E1"


def test_table_with_output_is_a_usage_error(tmp_path: Path) -> None:
    """Defect 2 and 18: a table asked for with --output wrote nothing at all, exit 0/4."""
    roster = write(tmp_path, ROSTER)
    out = tmp_path / "out.csv"
    result = run(["roster", str(roster), "--output", str(out), "--format", "table"])
    assert result.exit_code == 2
    assert "--format table" in result.stderr
    assert "csv (.csv), jsonl (.jsonl, .ndjson) or xlsx (.xlsx)" in result.stderr
    assert not out.exists()


def test_a_table_default_from_the_environment_yields_to_the_extension(tmp_path: Path) -> None:
    roster = write(tmp_path, ROSTER)
    out = tmp_path / "out.csv"
    result = run(["roster", str(roster), "--output", str(out)], env={"SALESGRID_FORMAT": "table"})
    assert result.exit_code == 4, result.stderr
    assert [r["employee_id"] for r in records(out.read_text())] == ["E1", "E2"]


@pytest.mark.parametrize(("name", "fmt"), [("s.csv", None), ("s.json", "json"), ("s.txt", "plain")])
def test_summary_only_writes_the_summary_into_output(
    tmp_path: Path, name: str, fmt: str | None
) -> None:
    """Defect 18: --summary-only ignored --output and printed the summary on stdout."""
    roster = write(tmp_path, ROSTER)
    out = tmp_path / name
    args = ["roster", str(roster), "--summary-only", "--output", str(out)]
    result = run([*args, *(["--format", fmt] if fmt else [])])
    assert result.exit_code == 4
    assert result.stdout == ""
    expected = run(["roster", str(roster), "--summary-only", "--format", fmt or "csv"]).stdout
    assert out.read_text() == expected


def test_strict_summary_only_writes_no_output_file(tmp_path: Path) -> None:
    roster = write(tmp_path, ROSTER)
    out = tmp_path / "s.csv"
    result = run(["roster", str(roster), "--summary-only", "--strict", "--output", str(out)])
    assert result.exit_code == 4
    assert not out.exists() and leftovers(tmp_path) == []


# --------------------------------------------------------------------------- xlsx


def test_xlsx_output_types_header_panes_widths_and_summary(tmp_path: Path) -> None:
    roster = write(tmp_path, f"{ASSESSED_HEADER}\nE1,2.2,{GOOD}\n=HYPERLINK(1),1.1,{GOOD}\n")
    out = tmp_path / "result.xlsx"
    result = run(["roster", str(roster), "--output", str(out), "--summary"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    found = sheets(out)
    assert list(found) == ["roster", "summary"]
    expected = records(run(["roster", str(roster)]).stdout)
    header, *rows = found["roster"]
    assert header == list(expected[0])
    assert len(rows) == 2
    for row, want in zip(rows, expected, strict=True):
        cells = dict(zip(header, row, strict=True))
        assert cells["employee_id"] == want["employee_id"]  # text, never a formula
        assert cells["position"] == want["position"]  # "2.2" stays text
        for key in ("pay_bgn", "pay_eur", "next_step_delta_bgn"):
            assert (
                isinstance(cells[key], float) and f"{cells[key]:.2f}" == f"{float(want[key]):.2f}"
            )
        for key in ("eligible_step_up", "eligible_level_up"):
            if want[key]:
                assert cells[key] is (want[key] == "true")
    summary_csv = list(csv.reader(io.StringIO(
        run(["roster", str(roster), "--summary-only", "--format", "csv"]).stdout)))  # fmt: skip
    assert len(found["summary"]) == len(summary_csv)
    for got, want_row in zip(found["summary"], summary_csv, strict=True):
        assert [("" if c == "" else (f"{c:.2f}" if isinstance(c, float) else c)) for c in got] == [
            ("" if c == "" else (f"{float(c):.2f}" if c.replace(".", "").isdigit() else c))
            for c in want_row
        ]
    with zipfile.ZipFile(out) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
        styles = archive.read("xl/styles.xml").decode()
    assert 'ySplit="1"' in xml and 'state="frozen"' in xml  # the header stays in view
    assert "<cols>" in xml and "customWidth" in xml  # widths set from the content
    assert "<b/>" in styles  # a bold header
    assert 'formatCode="0.00"' in styles  # cents shown with two decimals
    assert "<f>" not in xml  # no value became a formula


def test_xlsx_format_flag_and_rejects_as_xlsx(tmp_path: Path) -> None:
    roster = write(tmp_path, ROSTER)
    out = tmp_path / "out.bin"
    rejects = tmp_path / "rejects.xlsx"
    result = run(["roster", str(roster), "--format", "xlsx", "--output", str(out),
                  "--rejects", str(rejects)])  # fmt: skip
    assert result.exit_code == 4
    assert [row[0] for row in sheets(out)["roster"]] == ["employee_id", "E1", "E2"]
    assert sheets(rejects)["rejects"][1][:3] == ["E3", "9.9", 4.0]


def test_xlsx_summary_only_is_the_summary_sheet(tmp_path: Path) -> None:
    roster = write(tmp_path, ROSTER)
    out = tmp_path / "s.xlsx"
    assert run(["roster", str(roster), "--summary-only", "--output", str(out)]).exit_code == 4
    found = sheets(out)
    assert list(found) == ["summary"]
    assert found["summary"][1] == ["rows", "read", 3.0, "", "", "", ""]


def test_xlsx_too_many_rows_is_refused_and_nothing_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(xlsxout, "MAX_ROWS", 3)
    roster = write(tmp_path, "employee_id,position\nE1,2.3\nE2,2.3\nE3,2.3\n")
    out = tmp_path / "out.xlsx"
    result = run(["roster", str(roster), "--output", str(out)])
    assert result.exit_code == 2
    assert "at most 2 records" in result.stderr
    assert not out.exists() and leftovers(tmp_path) == []


def test_xlsx_to_a_pipe_and_not_to_a_terminal(tmp_path: Path) -> None:
    roster = write(tmp_path, ROSTER)
    piped = subprocess.run([str(SCRIPT), "roster", str(roster), "--format", "xlsx"],
                           capture_output=True, env=env(), timeout=HUNG, check=False)  # fmt: skip
    assert piped.returncode == 4
    assert piped.stdout[:2] == b"PK"
    (tmp_path / "piped.xlsx").write_bytes(piped.stdout)
    assert sheets(tmp_path / "piped.xlsx")["roster"][1][0] == "E1"
    leader, follower = pty.openpty()
    try:
        at_terminal = subprocess.run([str(SCRIPT), "roster", str(roster), "--format", "xlsx"],
                                     stdout=follower, stderr=subprocess.PIPE, env=env(),
                                     timeout=HUNG, check=False)  # fmt: skip
    finally:
        os.close(follower)
        os.close(leader)
    assert at_terminal.returncode == 2
    assert b"--output FILE.xlsx" in at_terminal.stderr


# --------------------------------------------------------------------------- defect 13


def test_symlink_target_is_replaced_not_the_link(tmp_path: Path) -> None:
    roster = write(tmp_path, ROSTER)
    target = tmp_path / "real.csv"
    target.write_text("old\n")
    link = tmp_path / "link.csv"
    link.symlink_to(target.name)
    assert run(["roster", str(roster), "--output", str(link)]).exit_code == 4
    assert link.is_symlink() and os.readlink(link) == "real.csv"
    assert target.read_text().startswith("employee_id,")


def test_existing_mode_is_kept_and_new_files_follow_the_umask(tmp_path: Path) -> None:
    roster = write(tmp_path, ROSTER)
    existing = tmp_path / "existing.csv"
    existing.write_text("old\n")
    existing.chmod(0o644)
    rejects = tmp_path / "rejects.csv"
    rejects.write_text("old\n")
    rejects.chmod(0o640)
    fresh = tmp_path / "fresh.csv"
    old_umask = os.umask(0o022)
    try:
        run(["roster", str(roster), "--output", str(existing), "--rejects", str(rejects)])
        run(["roster", str(roster), "--output", str(fresh)])
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(existing.stat().st_mode) == 0o644
    assert stat.S_IMODE(rejects.stat().st_mode) == 0o640
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o644
    assert "E3" in rejects.read_text()


@pytest.mark.skipif(not IS_ROOT, reason="only root can give a file away")
def test_root_keeps_the_owner_of_a_replaced_file(tmp_path: Path) -> None:
    roster = write(tmp_path, ROSTER)
    existing = tmp_path / "theirs.csv"
    existing.write_text("old\n")
    os.chown(existing, 1234, 1234)
    run(["roster", str(roster), "--output", str(existing)])
    assert (existing.stat().st_uid, existing.stat().st_gid) == (1234, 1234)
    assert existing.read_text().startswith("employee_id,")


def _device(folder: Path, name: str, minor: int) -> Path:
    path = folder / name
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, minor))
    except (PermissionError, AttributeError, OSError):
        pytest.skip("cannot make a device node here")
    return path


def test_a_device_stays_a_device(tmp_path: Path) -> None:
    """As root, --output onto /dev/null turned the device into a regular file."""
    roster = write(tmp_path, ROSTER)
    null = _device(tmp_path, "null", 3)
    result = run(["roster", str(roster), "--output", str(null), "--rejects", str(null)])
    assert result.exit_code == 4, result.stderr
    assert stat.S_ISCHR(null.stat().st_mode)
    assert leftovers(tmp_path) == []


def test_a_full_device_is_exit_74_naming_it(tmp_path: Path) -> None:
    roster = write(tmp_path, ROSTER)
    full = _device(tmp_path, "full", 7) if IS_ROOT else Path("/dev/full")
    result = run(["roster", str(roster), "--output", str(full)])
    assert result.exit_code == ExitCode.OUTPUT_FAILED == 74
    assert f"cannot write {full}: No space left on device" in result.stderr
    assert stat.S_ISCHR(full.stat().st_mode)


def test_a_fifo_is_written_straight_through(tmp_path: Path) -> None:
    roster = write(tmp_path, ROSTER)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[str] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text()))
    reader.start()
    result = run(["roster", str(roster), "--output", str(fifo)])
    reader.join(10)
    assert result.exit_code == 4
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert got and got[0].startswith("employee_id,")


def test_dev_stdout_appends_where_the_shell_said(tmp_path: Path) -> None:
    roster = write(tmp_path, ROSTER)
    out = tmp_path / "out.csv"
    out.write_text("kept\n")
    subprocess.run(f'"{SCRIPT}" roster "{roster}" --output /dev/stdout >> "{out}"', shell=True,
                   env=env(), capture_output=True, timeout=HUNG, check=False)  # fmt: skip
    text = out.read_text()
    assert text.startswith("kept\nemployee_id,") and "E2" in text


@pytest.mark.parametrize("option", ["--output", "--rejects"])
def test_missing_directory_is_exit_74_naming_the_users_path(tmp_path: Path, option: str) -> None:
    roster = write(tmp_path, ROSTER)
    path = tmp_path / "nowhere" / "out.csv"
    result = run(["roster", str(roster), option, str(path)])
    assert result.exit_code == 74
    assert f"cannot write {path}: the directory {path.parent} does not exist" in result.stderr
    assert ".tmp" not in result.stderr


@pytest.mark.skipif(IS_ROOT, reason="root writes into read-only directories")
def test_read_only_directory_is_exit_74(tmp_path: Path) -> None:
    roster = write(tmp_path, ROSTER)
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        result = run(["roster", str(roster), "--output", str(folder / "out.csv")])
    finally:
        folder.chmod(0o755)
    assert result.exit_code == 74
    assert f"cannot write {folder / 'out.csv'}: Permission denied" in result.stderr


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs /proc")
def test_a_roster_that_cannot_be_read_is_not_an_output_error() -> None:
    """Reading /proc/self/mem fails with EIO: a reading error (2), not 74 or 70."""
    result = run(["roster", "/proc/self/mem"])
    assert result.exit_code == 2
    assert "cannot read the roster /proc/self/mem: Input/output error" in result.stderr


def test_output_and_rejects_cannot_be_the_same_file(tmp_path: Path) -> None:
    roster = write(tmp_path, ROSTER)
    out = tmp_path / "out.csv"
    link = tmp_path / "link.csv"
    link.symlink_to(out.name)
    result = run(["roster", str(roster), "--output", str(out), "--rejects", str(link)])
    assert result.exit_code == 2
    assert "--output and --rejects are the same file" in result.stderr
    assert (
        run(["roster", str(roster), "--output", "/dev/null", "--rejects", "/dev/null"]).exit_code
        == 4
    )


def test_a_directory_as_output_is_a_usage_error(tmp_path: Path) -> None:
    roster = write(tmp_path, ROSTER)
    result = run(["roster", str(roster), "--output", str(tmp_path)])
    assert result.exit_code == 2
    assert "is a directory" in result.stderr


def test_a_failed_rename_is_exit_74_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    roster = write(tmp_path, ROSTER)
    out = tmp_path / "out.csv"

    def refuse(*_: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(streams.os, "replace", refuse)
    result = run(["roster", str(roster), "--output", str(out)])
    assert result.exit_code == 74
    assert f"cannot write {out}: No space left on device" in result.stderr
    assert not out.exists() and leftovers(tmp_path) == []


def test_stdout_on_a_full_disk_is_exit_74() -> None:
    with open("/dev/full", "wb") as full:
        result = subprocess.run([str(SCRIPT), "pay", "2", "3"], stdout=full, stderr=subprocess.PIPE,
                                env=env(), timeout=HUNG, check=False, text=True)  # fmt: skip
    assert result.returncode == 74
    assert result.stderr == "salesgrid: error: cannot write stdout: No space left on device\n"


def _feed(stream: Any, text: str) -> None:
    """Write ``text`` to a child's stdin; a child killed by the test's signal reads no more."""
    with contextlib.suppress(BrokenPipeError):
        stream.write(text)


def _signals_as_at_a_terminal(*ignored: int) -> Callable[[], None]:
    """The child's SIGINT, SIGTERM and SIGHUP set to their default, as a shell at a terminal
    starts a command, whatever this test run inherited (``nohup``, or ``&`` in a script, start
    it with SIGHUP or SIGINT ignored, which salesgrid rightly keeps); then ``ignored`` ignored."""

    def reset() -> None:
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, signal.SIG_IGN if signum in ignored else signal.SIG_DFL)

    return reset


def _held_open(folder: Path, rows: int, *ignored: int) -> tuple[subprocess.Popen[str], Any]:
    """``roster - --output out.csv`` fed ``rows`` rows through a pipe this test holds open: the
    run cannot end before the test closes it, however slowly either side is scheduled. Returns
    the process once it is writing its temporary file, and the pipe's writing end."""
    body = "employee_id,position\n" + "".join(
        f"E{i},{1 + i % 4}.{1 + i % 3}\n" for i in range(rows)
    )
    out = folder / "out.csv"
    proc = subprocess.Popen([str(SCRIPT), "roster", "-", "--output", str(out)], cwd=folder,
                            env=env(), stdin=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=_signals_as_at_a_terminal(*ignored))  # fmt: skip
    assert proc.stdin is not None
    feeder = threading.Thread(target=_feed, args=(proc.stdin, body), daemon=True)
    feeder.start()  # the pipe holds less than the roster: written beside the wait below
    deadline = time.monotonic() + HUNG  # only a bound for a broken run, never reached otherwise
    while not writing(proc.pid, folder) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.005)
    assert writing(proc.pid, folder), "the run ended before a temporary file was seen"
    return proc, feeder


@pytest.mark.parametrize(
    ("signum", "code"),
    [(signal.SIGINT, 130), (signal.SIGTERM, 143), (signal.SIGHUP, 129)],
)
def test_signals_remove_the_temporary_file(tmp_path: Path, signum: int, code: int) -> None:
    out = tmp_path / "out.csv"
    proc, feeder = _held_open(tmp_path, 20_000)  # held open: no size needed to be slow
    proc.send_signal(signum)  # stdin still open: the run is certainly not over
    feeder.join(timeout=HUNG)
    assert proc.stdin is not None and proc.stderr is not None
    with contextlib.suppress(BrokenPipeError):
        proc.stdin.close()
    stderr = proc.stderr.read()
    proc.wait(timeout=HUNG)
    assert proc.returncode == code, stderr
    assert "Traceback" not in stderr
    assert leftovers(tmp_path) == [] and not out.exists()


def test_an_ignored_hangup_stays_ignored(tmp_path: Path) -> None:
    """`nohup salesgrid roster ...`: SIGHUP was set to be ignored, and must stay so."""
    out = tmp_path / "out.csv"
    rows = 20_000  # held open: no size needed to be slow
    proc, feeder = _held_open(tmp_path, rows, signal.SIGHUP)
    proc.send_signal(signal.SIGHUP)  # stdin still open: the run is certainly not over
    feeder.join(timeout=HUNG)
    assert proc.stdin is not None and proc.stderr is not None
    proc.stdin.close()  # now the roster ends and the run may finish
    stderr = proc.stderr.read()
    proc.wait(timeout=HUNG)
    assert proc.returncode == 0, stderr
    assert len(out.read_text().splitlines()) == rows + 1


@pytest.mark.parametrize(
    ("signum", "module", "code"),
    [(signal.SIGINT, "typer", 130), (signal.SIGINT, "pydantic", 130),
     (signal.SIGINT, "salesgrid.files.loader", 130), (signal.SIGTERM, "typer", 143),
     (signal.SIGHUP, "yaml", 129), (signal.SIGINT, "salesgrid.files.snapshot", 130)],
)  # fmt: skip
def test_a_signal_during_start_up_exits_cleanly(
    tmp_path: Path, signum: int, module: str, code: int
) -> None:
    """Sent while the CLI's modules are being imported: before, Ctrl-C there was a
    KeyboardInterrupt traceback, or even a data file error (pydantic turned the interrupt into
    a validation failure). Without the packaged data's snapshot, so that the data files are read
    and validated (PyYAML too). The process stops itself (SIGSTOP) as ``module`` starts being
    imported (a finder in its ``sitecustomize``); the signal is sent while it is stopped, then
    it goes on: it is at that import whatever the machine's load."""
    (tmp_path / "sitecustomize.py").write_text(_STOP_AT.format(module=module), encoding="utf-8")
    proc = subprocess.Popen([str(SCRIPT), "pay", "2", "3"], cwd=tmp_path,
                            env=env(SALESGRID_NO_CACHE="1", PYTHONPATH=str(tmp_path)),
                            preexec_fn=_signals_as_at_a_terminal(), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)  # fmt: skip
    _, status = os.waitpid(proc.pid, os.WUNTRACED)  # returns once it has stopped itself
    assert os.WIFSTOPPED(status), f"{module} was never imported (status {status})"
    proc.send_signal(signum)
    proc.send_signal(signal.SIGCONT)
    out, err = proc.communicate(timeout=HUNG)
    err = "".join(line for line in err.splitlines(True) if "import time:" not in line)
    assert (proc.returncode, out, err) == (code, "", f"salesgrid: {_SAID[signum]}\n")


#: The child's sitecustomize: stop the process as MODULE (or a submodule) is first looked for.
_STOP_AT = """
import os, signal, sys


class _StopAt:
    def find_spec(self, name, path=None, target=None):
        if name == "{module}" or name.startswith("{module}."):
            sys.meta_path.remove(self)
            os.kill(os.getpid(), signal.SIGSTOP)
        return None


sys.meta_path.insert(0, _StopAt())
"""
_SAID = {signal.SIGINT: "interrupted", signal.SIGTERM: "terminated", signal.SIGHUP: "hangup"}


def test_python_dash_m_goes_through_the_same_entry_point(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "salesgrid", "pay", "2", "3"], cwd=tmp_path,
                            env=env(), capture_output=True, text=True, timeout=HUNG, check=False)  # fmt: skip
    assert (result.returncode, result.stdout) == (0, "5445\n")


def test_pay_imports_no_output_library() -> None:
    probe = (
        "import sys\nsys.argv = ['salesgrid', 'pay', '2', '3']\n"
        "from salesgrid.entry import main\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('rich', 'xlsxwriter', 'python_calamine', 'jsonschema',"
        " 'salesgrid.output.streams', 'salesgrid.output.xlsxout') if m in sys.modules),"
        " file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], env=env(), capture_output=True,
                            text=True, timeout=HUNG, check=False)  # fmt: skip
    assert result.stdout == "5445\n"
    assert result.stderr.strip() == "[]"


# --------------------------------------------------------------------------- defect 17


def test_strict_rejects_keeps_the_row_that_stopped_the_run(tmp_path: Path) -> None:
    roster = write(tmp_path, "employee_id,position\nE1,2.3\nE2,9.9\nE3,2.3\n")
    out = tmp_path / "out.csv"
    rejects = tmp_path / "rejects.csv"
    result = run(["roster", str(roster), "--strict", "--output", str(out),
                  "--rejects", str(rejects)])  # fmt: skip
    assert result.exit_code == 4
    assert not out.exists()
    assert records(rejects.read_text()) == [{
        "employee_id": "E2", "position": "9.9", "line": "3",
        "reason": "position 9.9 is not in Sales Management: it has levels 1-4",
    }]  # fmt: skip
    assert result.stderr.startswith("row 3: position 9.9 is not in Sales Management")
    assert "--strict" in result.stderr
    assert leftovers(tmp_path) == []


def test_bare_cr_is_quoted_with_fields_and_in_rejects(tmp_path: Path) -> None:
    roster = write(tmp_path, 'employee_id,position\n"A\rB",2.3\n"C\rD",9.9\n')
    rejects = tmp_path / "rejects.csv"
    result = run(["roster", str(roster), "--fields", "employee_id,pay_bgn",
                  "--rejects", str(rejects)])  # fmt: skip
    assert result.exit_code == 4
    assert result.stdout == 'employee_id,pay_bgn\n"A\rB",5445\n'
    with rejects.open(newline="") as stream:
        assert [r["employee_id"] for r in csv.DictReader(stream)] == ["C\rD"]
    full = run(["roster", str(roster)]).stdout  # the hand-built fast path agrees
    assert full.split("\n")[1].startswith('"A\rB",sales-management,')


@given(st.lists(st.text(alphabet=st.sampled_from('ab,"\r\n \t'), max_size=6), min_size=1,
                max_size=4))  # fmt: skip
@settings(max_examples=300, deadline=None)
def test_every_csv_row_reads_back_as_written(values: list[str]) -> None:
    """The C writer (most rows) and the hand-built line (rows with a bare CR, and the roster's
    fast path) both give one CSV record per row, read back as written."""
    buffer = io.StringIO(newline="")
    streams.csv_writer(buffer, values, header=True)(values)
    assert list(csv.reader(io.StringIO(buffer.getvalue(), newline=""))) == [values, values]
    line = streams.csv_line(values)
    assert list(csv.reader(io.StringIO(line, newline=""))) == [values]


def test_line_and_reason_columns_do_not_clash(tmp_path: Path) -> None:
    roster = write(tmp_path, "employee_id,position,line,reason\nE1,9.9,L7,mine\n")
    rejects_jsonl = tmp_path / "rejects.jsonl"
    rejects_csv = tmp_path / "rejects.csv"
    for path in (rejects_jsonl, rejects_csv):
        result = run(["roster", str(roster), "--ignore-unknown-columns", "--rejects", str(path)])
        assert result.exit_code == 4
    pairs = json.loads(rejects_jsonl.read_text(), object_pairs_hook=lambda p: p)
    keys = [key for key, _ in pairs]
    assert keys == ["employee_id", "position", "line", "reason", "_line", "_reason"]
    assert dict(pairs)["line"] == "L7" and dict(pairs)["_line"] == 2
    header = rejects_csv.read_text().splitlines()[0]
    assert header == "employee_id,position,line,reason,_line,_reason"


@pytest.mark.parametrize("fields", [",", "", " , "])
def test_fields_naming_nothing_is_a_usage_error(tmp_path: Path, fields: str) -> None:
    roster = write(tmp_path, ROSTER)
    result = run(["roster", str(roster), "--fields", fields])
    assert result.exit_code == 2
    assert ("is empty" if not fields else "names no field") in result.stderr  # N1: '' is empty


# --------------------------------------------------------------------------- defect 18


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_non_ascii_ids_are_utf8_whatever_pythonioencoding_says(tmp_path: Path, fmt: str) -> None:
    roster = write(tmp_path, "employee_id,position\nИван-1,2.3\n")
    result = subprocess.run([str(SCRIPT), "roster", str(roster), "--format", fmt],
                            env=env(PYTHONIOENCODING="ascii"), capture_output=True, timeout=HUNG,
                            check=False)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Иван-1".encode() in result.stdout
    assert b"Traceback" not in result.stderr
