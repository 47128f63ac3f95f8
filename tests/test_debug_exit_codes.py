"""``--debug`` and ``SALESGRID_DEBUG`` add the traceback of an error and change nothing else: the
exit code, stdout and the message on stderr's last lines are those of a run without debug
(debug used to re-raise, so every documented error became exit 1)."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import Result

from salesgrid.errors import ExitCode
from tests.conftest import AS_OF, REPO, run

from .conftest import HUNG

EXAMPLES = REPO / "examples"
TRACEBACK = "Traceback (most recent call last):"


def _debugged(args: list[str]) -> list[Result]:
    """``args`` run with ``--debug`` and with ``SALESGRID_DEBUG=1``."""
    return [run([*args, "--debug"]), run(args, env={"SALESGRID_DEBUG": "1"})]


def _same_but_the_traceback(plain: Result, debugged: Result) -> None:
    assert debugged.exit_code == plain.exit_code
    assert debugged.stdout == plain.stdout
    assert debugged.stderr.startswith(TRACEBACK), debugged.stderr
    assert debugged.stderr.endswith(plain.stderr)  # the message as without debug, last


def _broken_grid(tmp_path: Path) -> Path:
    broken = tmp_path / "grid.yaml"
    text = (REPO / "data" / "grid.yaml").read_text(encoding="utf-8")
    broken.write_text(text.replace("5445", "5445.555", 1), encoding="utf-8")
    return broken


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["pay", "9", "9"], ExitCode.NOT_FOUND),  # SalesgridError: NotFoundError
        (["pay", "2", "3", "--framework", "no-such-framework"], ExitCode.NOT_FOUND),
        (["pay", "2", "3", "--month", "2026-13", "--gross"], ExitCode.USAGE),  # UsageError
        (["promote", "--check", "--to", "3.1"], ExitCode.USAGE),
        (["promote", "--check", "--to", "3.1", "--assessment", "/nonexistent/review.yaml"],
         ExitCode.INVALID_DATA),  # a missing assessment: not "not eligible" (1)
        (["pay", "2", "3", "--grid", "/nonexistent/grid.yaml"], ExitCode.INVALID_DATA),
        (["roster", str(EXAMPLES / "roster.csv"), "--output", "/nonexistent/out.csv"],
         ExitCode.OUTPUT_FAILED),  # OutputError
    ],
)  # fmt: skip
def test_debug_keeps_the_exit_code_of_every_documented_error(args: list[str], code: int) -> None:
    plain = run(args)
    assert plain.exit_code == code, plain.stderr
    assert TRACEBACK not in plain.stderr
    for debugged in _debugged(args):
        _same_but_the_traceback(plain, debugged)


def test_debug_keeps_exit_5_and_every_problem_of_a_data_file(tmp_path: Path) -> None:
    args = ["pay", "2", "3", "--grid", str(_broken_grid(tmp_path))]
    plain = run(args)
    assert plain.exit_code == ExitCode.INVALID_DATA
    assert f"{tmp_path / 'grid.yaml'}:" in plain.stderr
    for debugged in _debugged(args):
        _same_but_the_traceback(plain, debugged)
        assert "salesgrid.errors.DataFileError" in debugged.stderr


def test_the_answers_of_promote_check_are_no_errors_and_stay_as_they_are() -> None:
    args = ["promote", "--assessment", str(EXAMPLES / "assessment.yaml"), "--check"]
    for target, code in (("3.1", 1), ("2.3", 0)):
        plain = run([*args, "--to", target])
        assert plain.exit_code == code
        for debugged in _debugged([*args, "--to", target]):
            assert (debugged.exit_code, debugged.stdout, debugged.stderr) == (
                plain.exit_code,
                plain.stdout,
                plain.stderr,
            )


def _raising(monkeypatch: pytest.MonkeyPatch, error: BaseException) -> None:
    import salesgrid.core.pay

    def broken(*_: object) -> None:
        raise error

    monkeypatch.setattr(salesgrid.core.pay, "pay", broken)


@pytest.mark.parametrize(
    ("error", "code", "message"),
    [
        (OSError(errno.EACCES, "Permission denied", "/some/file"), ExitCode.USAGE,
         "salesgrid: error: cannot read /some/file: Permission denied\n"),
        (OSError(errno.ENOSPC, "No space left on device"), ExitCode.OUTPUT_FAILED,
         "salesgrid: error: cannot write stdout: No space left on device\n"),
    ],
)  # fmt: skip
def test_debug_keeps_the_exit_code_of_an_os_error(
    monkeypatch: pytest.MonkeyPatch, error: OSError, code: int, message: str
) -> None:
    _raising(monkeypatch, error)
    plain = run(["pay", "2", "3"])
    assert (plain.exit_code, plain.stderr) == (code, message)
    for debugged in _debugged(["pay", "2", "3"]):
        _same_but_the_traceback(plain, debugged)
        assert f"[Errno {error.errno}]" in debugged.stderr


def test_an_internal_error_stays_70_with_the_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    _raising(monkeypatch, RuntimeError("boom"))
    assert run(["pay", "2", "3"]).exit_code == ExitCode.INTERNAL
    for debugged in _debugged(["pay", "2", "3"]):
        assert debugged.exit_code == ExitCode.INTERNAL
        assert debugged.exception is None or isinstance(debugged.exception, SystemExit)
        lines = debugged.stderr.splitlines()
        assert lines[0] == TRACEBACK
        assert "RuntimeError: boom" in lines[-2]
        assert lines[-1] == (
            "salesgrid: internal error: RuntimeError: boom; the traceback is above, and please "
            "report it"
        )


@pytest.mark.parametrize("how", ["option", "variable"])
def test_the_installed_script_keeps_the_exit_code_under_debug(how: str) -> None:
    script = Path(sys.executable).parent / "salesgrid"
    env = {k: v for k, v in os.environ.items() if not k.startswith("SALESGRID_")}
    env.update(SALESGRID_AS_OF=AS_OF, NO_COLOR="1")
    args = [str(script), "pay", "9", "9"]
    if how == "option":
        args.append("--debug")
    else:
        env["SALESGRID_DEBUG"] = "1"
    result = subprocess.run(
        args, env=env, capture_output=True, text=True, timeout=HUNG, check=False
    )
    assert result.returncode == ExitCode.NOT_FOUND == 3
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == TRACEBACK
    assert (
        lines[-1] == "salesgrid: error: position 9.9 is not in Sales Management: it has levels 1-4"
    )
    assert sum(line == TRACEBACK for line in lines) == 1  # printed once, not again by Python
