"""Ending on a signal: Ctrl-C (SIGINT), SIGTERM and SIGHUP, at any moment, start-up included.

The handler does not raise an exception into whatever is running (a library may catch it and
turn it into something else, such as a validation error): it removes the temporary files of
outputs being written (registered here by :mod:`salesgrid.output.streams` and
:mod:`salesgrid.output.xlsxout`), says one line on stderr and ends the process with 128 + signal:
130, 143, 129. Installed by :mod:`salesgrid.entry` before anything else is imported.
"""

import contextlib
import os
import signal
from types import FrameType

#: Temporary files and directories to remove if a signal ends the run.
TEMPORARY: set[str] = set()
#: Child processes to end with it (a roster's second half: salesgrid.batch.parallel).
CHILDREN: set[int] = set()

_SAID = {"SIGINT": "interrupted", "SIGTERM": "terminated", "SIGHUP": "hangup"}


def _remove(path: str) -> None:
    try:
        if os.path.isdir(path) and not os.path.islink(path):
            for name in os.listdir(path):
                _remove(os.path.join(path, name))
            os.rmdir(path)
        else:
            os.unlink(path)
    except OSError:
        pass


def _stop(signum: int, frame: FrameType | None) -> None:  # noqa: ARG001 - signal's signature
    for name in _SAID:  # a second signal must not cut the clean-up short
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_IGN)
    for pid in list(CHILDREN):
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    for path in list(TEMPORARY):
        _remove(path)
    said = next((w for n, w in _SAID.items() if getattr(signal, n, None) == signum), "stopped")
    with contextlib.suppress(OSError):
        os.write(2, f"salesgrid: {said}\n".encode())
    os._exit(128 + signum)


def install() -> None:
    """Handle SIGINT, SIGTERM and SIGHUP as above (only in the main thread of the process).

    A signal the parent set to be ignored stays ignored: ``nohup salesgrid ...`` survives a
    hangup, and a background job of a script is not stopped by Ctrl-C at the terminal.
    """
    for name in _SAID:
        number = getattr(signal, name, None)
        if number is not None and signal.getsignal(number) is not signal.SIG_IGN:
            signal.signal(number, _stop)
