"""SIGKILL of a two-process `roster --output` run left `.out.csv.<hex>.tmp` beside
the target and an orphan child running its half to the end. The temporary file now has no name
until the end (Linux's O_TMPFILE, linked into place for the instant of the rename), and the
child dies with its parent (PR_SET_PDEATHSIG)."""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from salesgrid import signals
from salesgrid.errors import OutputError
from salesgrid.output import streams

from .conftest import HUNG

SCRIPT = Path(sys.executable).parent / "salesgrid"
LINUX = sys.platform.startswith("linux") and Path("/proc/self/stat").exists()
UNNAMED = streams.can_link_unnamed()


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid``, from /proc."""
    found = []
    for name in os.listdir("/proc"):
        if name.isdigit():
            with contextlib.suppress(OSError):
                fields = Path(f"/proc/{name}/stat").read_text().rpartition(")")[2].split()
                if int(fields[1]) == pid:
                    found.append(int(name))
    return found


def state(pid: int) -> str | None:
    """A process's state letter (R, S, T, Z...), or None when it is gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return None


def outputs(pid: int, folder: Path) -> int:
    """How many files process ``pid`` has open in ``folder``, the roster aside."""
    count = 0
    with contextlib.suppress(OSError):
        for fd in os.listdir(f"/proc/{pid}/fd"):
            with contextlib.suppress(OSError):
                link = os.readlink(f"/proc/{pid}/fd/{fd}")
                count += link.startswith(f"{folder}/") and not link.endswith("/big.csv")
    return count


def gone(pid: int) -> bool:
    return state(pid) in (None, "Z", "X")  # a zombie has ended, whoever is to reap it


def poll(condition: object, seconds: float) -> bool:
    """Whether ``condition()`` holds within ``seconds`` (checked every few milliseconds)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.005)
    return bool(condition())  # type: ignore[operator]


@pytest.mark.slow
@pytest.mark.skipif(not LINUX or not hasattr(os, "fork"), reason="needs Linux's /proc and fork")
def test_sigkill_of_a_two_process_run_leaves_no_file_and_no_child(tmp_path: Path) -> None:
    """Stop the parent (SIGSTOP) as soon as it has forked, then the child once it has set
    itself up, so that neither can move on; then SIGKILL the parent: the child must be gone
    (without the fix it stays, stopped, forever) and no temporary file left (without the fix,
    the named one stays), the old output untouched. No step waits on time, only on states."""
    rows = 420_000  # about 5 MB: two processes (salesgrid.batch.parallel.MIN_BYTES is 4 MB)
    body = "".join(f"E{i:07d},{1 + i % 4}.{1 + i % 3}\n" for i in range(rows))
    roster = tmp_path / "big.csv"
    roster.write_text("employee_id,position\n" + body, encoding="utf-8")
    assert roster.stat().st_size >= 4 << 20
    out = tmp_path / "out.csv"
    out.write_text("the old results\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("SALESGRID_")}
    env["SALESGRID_AS_OF"] = "2026-11-22"
    proc = subprocess.Popen([str(SCRIPT), "roster", str(roster), "--output", str(out)],
                            env=env, stderr=subprocess.PIPE)  # fmt: skip
    child = None
    try:
        assert poll(lambda: children(proc.pid) or proc.poll() is not None, HUNG)
        found = children(proc.pid)
        assert found, f"the run never forked (exit {proc.poll()})"
        child = found[0]
        os.kill(proc.pid, signal.SIGSTOP)  # frozen: it can neither reap nor rename
        assert poll(lambda: state(proc.pid) == "T", HUNG)
        # the child has set itself up (its death with the parent first) once it has pointed
        # its copy of the output elsewhere: it then holds fewer files in the folder (or it has
        # ended: a zombie, as the stopped parent cannot reap it)
        assert poll(lambda: gone(child) or outputs(child, tmp_path) < outputs(proc.pid, tmp_path),
                    HUNG)  # fmt: skip
        with contextlib.suppress(ProcessLookupError):
            os.kill(child, signal.SIGSTOP)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=HUNG)
        assert proc.returncode == -signal.SIGKILL
        assert poll(lambda: gone(child), HUNG), f"the child {child} outlived its parent"
        assert leftovers(tmp_path) == []
        assert sorted(p.name for p in tmp_path.iterdir()) == ["big.csv", "out.csv"]
        assert out.read_text(encoding="utf-8") == "the old results\n"
    finally:
        for pid in (proc.pid, child):
            if pid is not None and not gone(pid):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=HUNG)
        if proc.stderr is not None:
            proc.stderr.close()


# --------------------------------------------------------------------------- the unnamed file


def open_output_fds(folder: Path) -> list[str]:
    """What this process has open in ``folder``."""
    found = []
    for fd in os.listdir("/proc/self/fd"):
        with contextlib.suppress(OSError):
            link = os.readlink(f"/proc/self/fd/{fd}")
            if link.startswith(f"{folder}/"):
                found.append(link)
    return found


@pytest.mark.skipif(not LINUX or not UNNAMED, reason="needs O_TMPFILE")
def test_while_it_is_written_the_output_has_no_name(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old\n")
    target.chmod(0o640)
    with streams.atomic_output(target) as out:
        out.write("new\n")
        assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]  # nothing named
        assert [link.endswith("(deleted)") for link in open_output_fds(tmp_path)] == [True, True]
        assert not signals.TEMPORARY  # nothing to remove on a signal
    assert target.read_text() == "new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640  # the replaced file's mode
    assert open_output_fds(tmp_path) == [] and not signals.TEMPORARY
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


@pytest.mark.skipif(not LINUX or not UNNAMED, reason="needs O_TMPFILE")
def test_a_failure_or_a_discard_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"

    def write_then_discard() -> None:
        with streams.atomic_output(target) as out:
            out.write("partial\n")
            raise streams.Discard

    with pytest.raises(streams.Discard):
        write_then_discard()
    assert list(tmp_path.iterdir()) == [] and open_output_fds(tmp_path) == []


@pytest.mark.skipif(not LINUX or not UNNAMED, reason="needs O_TMPFILE")
def test_a_failed_link_is_an_output_error_naming_the_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_: object, **__: object) -> None:
        raise OSError(errno.EMLINK, "Too many links")

    monkeypatch.setattr(streams, "can_link_unnamed", lambda: True)
    monkeypatch.setattr(streams.os, "link", refuse)
    target = tmp_path / "out.csv"
    with (
        pytest.raises(OutputError, match=f"cannot write {target}: Too many links"),
        streams.atomic_output(target) as out,
    ):
        out.write("x\n")
    assert list(tmp_path.iterdir()) == [] and not signals.TEMPORARY


@pytest.mark.parametrize("refused", [errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL])
def test_without_o_tmpfile_a_named_temporary_file_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, refused: int
) -> None:
    """A file system (or kernel) that refuses O_TMPFILE: today's hidden named file, renamed."""
    real = os.open
    tmpfile = getattr(os, "O_TMPFILE", 0)

    def no_tmpfile(path: str, flags: int, mode: int = 0o777) -> int:
        if tmpfile and flags & tmpfile == tmpfile:
            raise OSError(refused, os.strerror(refused))
        return real(path, flags, mode)

    monkeypatch.setattr(streams.os, "open", no_tmpfile)
    target = tmp_path / "out.csv"
    target.write_text("old\n")
    target.chmod(0o600)
    with streams.atomic_output(target) as out:
        out.write("new\n")
        assert len(leftovers(tmp_path)) == 1  # named, registered for a signal's clean-up
        assert {str(tmp_path / leftovers(tmp_path)[0])} == signals.TEMPORARY
    assert target.read_text() == "new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert leftovers(tmp_path) == [] and not signals.TEMPORARY


def test_a_missing_directory_is_still_named(tmp_path: Path) -> None:
    target = tmp_path / "no" / "out.csv"
    with (
        pytest.raises(OutputError, match=f"the directory {tmp_path / 'no'} does not exist"),
        streams.atomic_output(target) as out,
    ):
        out.write("x\n")
