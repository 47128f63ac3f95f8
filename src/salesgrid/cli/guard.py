"""The exit path: every way a command can end becomes an exit code and at most a few lines.

Holds the run's state (``--debug``, the command line as typed), :func:`say` for stderr, and
:func:`run_guarded`, which maps errors to the documented exit codes.
"""

import errno
import os
import re
import sys
import traceback
from collections.abc import Callable
from typing import Any

from typer import Abort
from typer._click.core import ParameterSource
from typer._click.exceptions import ClickException
from typer._click.exceptions import UsageError as ClickUsageError

from salesgrid.errors import DataFileError, ExitCode, SalesgridError, clip

PROG = "salesgrid"

EXIT_CODES = (
    "Exit codes: 0 success; 1 not eligible (promote --check); 2 usage error; "
    "3 position, framework or date not in the data; 4 rejected input rows; "
    "5 invalid data file; 70 internal error (a bug); 74 output could not be written; "
    "129 hangup; 130 interrupted; 141 output pipe closed; 143 terminated."
)


class State:
    debug = False
    args: tuple[str, ...] = ()  # the command line, to name a negative number as typed


def _debug_enabled() -> bool:
    return State.debug or os.environ.get("SALESGRID_DEBUG", "") not in ("", "0", "false", "no")


def _trace(exc: BaseException) -> None:
    """Under ``--debug`` (or ``SALESGRID_DEBUG``): the traceback on stderr, before the message
    the error maps to. Debug adds it and changes nothing else: the message and the exit code
    are the ones a run without debug gives."""
    if not _debug_enabled():
        return

    try:
        sys.stderr.write("".join(traceback.format_exception(exc)))
        sys.stderr.flush()
    except (OSError, ValueError):  # stderr gone: the exit code still tells
        pass


def say(message: str) -> None:
    sys.stderr.write(message.rstrip("\n") + "\n")
    sys.stderr.flush()


def silence_stdout() -> None:
    """After a closed pipe, send what is left to /dev/null so Python does not complain."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # pragma: no cover - not a real file descriptor (CliRunner)
        pass


WRITE_ERRNOS = frozenset(
    getattr(errno, name) for name in ("ENOSPC", "EDQUOT", "EFBIG", "EROFS") if hasattr(errno, name)
)


def _typed_values() -> list[str]:
    """Every value the user gave: command-line words (and the value part of ``--opt=value``
    and ``-fvalue``) and the ``SALESGRID_*`` environment variables."""
    found = list(State.args)
    for arg in State.args:
        if arg.startswith("--") and "=" in arg:
            found.append(arg.split("=", 1)[1])
        elif arg.startswith("-") and not arg.startswith("--"):
            found.append(arg[2:])
    found += [v for k, v in os.environ.items() if k.startswith("SALESGRID_")]
    return found


def _clip_echoes(message: str) -> str:
    """``message`` with every over-long value the user gave cut by :func:`clip`: Click's own
    messages (``No such command 'xxxx…'``, ``Invalid value for '--format'``) echo values
    whole, and no message may grow with the input."""
    long = {v for v in _typed_values() if len(v) > _CLIPPED}
    for value in sorted(long, key=len, reverse=True):
        for form in dict.fromkeys((value, value.strip(), _escaped(value))):
            cut = _cut(form)
            if cut != form:
                message = message.replace(repr(form), repr(cut)).replace(form, cut)
    return message


_CLIPPED = 60
_CLIPPED_PATH = 200


def _cut(value: str) -> str:
    """A value cut by :func:`clip`; a path (printable, with a ``/``) is kept whole up to 200
    characters, then its end is kept (the file name is what tells it apart)."""
    if "/" not in value or not value.isprintable():
        return clip(value, _CLIPPED)
    if len(value) <= _CLIPPED_PATH:
        return value
    return "…" + value[-(_CLIPPED_PATH - 1) :]


def _escaped(text: str) -> str:
    """``text`` as Click shows untrusted values: control characters as ``\\xNN``."""
    return re.sub(r"[\x00-\x1f\x7f-\x9f]", lambda m: f"\\x{ord(m[0]):02x}", text)


def _hint_source(exc: ClickUsageError) -> None:
    """Name an option's environment variable in Click's message only when the value came
    from it (``Invalid value for '--grid'``, not ``(env var: 'SALESGRID_GRID')``)."""
    param = getattr(exc, "param", None)
    if param is None or exc.ctx is None or getattr(exc, "param_hint", None) is not None:
        return
    if param.param_type_name != "option" or not param.name:
        return
    if exc.ctx.get_parameter_source(param.name) is not ParameterSource.ENVIRONMENT:
        exc.param_hint = " / ".join(f"'{opt}'" for opt in param.opts)  # type: ignore[attr-defined]


def _closed_pipe_behind(exc: BaseException) -> bool:
    """Whether ``exc`` was raised while handling a closed pipe (EPIPE), however deep."""
    seen: BaseException | None = exc.__context__
    for _ in range(10):
        if seen is None:
            return False
        if isinstance(seen, OSError) and seen.errno == errno.EPIPE:
            return True
        seen = seen.__context__
    return False


def run_guarded(run: Callable[[], Any]) -> int:
    """Run the CLI and turn every way it can end into an exit code and at most a few lines."""
    try:
        result = run()
        if result == ExitCode.INTERRUPTED:  # Typer turns Ctrl-C into a silent exit 130
            say(f"{PROG}: interrupted")
        return result if isinstance(result, int) else ExitCode.OK
    except ClickUsageError as exc:
        command = exc.ctx.command_path if exc.ctx is not None else PROG
        _hint_source(exc)
        message = _clip_echoes(exc.format_message().replace("Value error, ", "").rstrip("."))
        name = getattr(exc, "option_name", None) or ""
        if type(exc).__name__ == "NoSuchOption" and re.fullmatch(r"-[0-9][0-9.,]*", name):
            # click reads -1500.50 as the short options -1, -5, ...: name the number as typed
            typed = [a for a in State.args if a.startswith(name)
                     and re.fullmatch(r"-[0-9][0-9.,]*", a)]  # fmt: skip
            name = typed[0] if typed else name
            message = (
                f"{name}: amounts cannot be negative; write an amount of 0 or more"
                if "payroll" in command.split()
                else f"no such option {name}, and a negative number is not accepted here"
            )
        say(f"{command}: error: {message}; see '{command} --help'")
        return ExitCode.USAGE
    except ClickException as exc:
        say(f"{PROG}: error: {_clip_echoes(exc.format_message())}")
        return exc.exit_code
    except DataFileError as exc:
        _trace(exc)
        for problem in exc.problems:
            say(str(problem))
        return exc.exit_code
    except SalesgridError as exc:
        _trace(exc)
        say(f"{PROG}: error: {_clip_echoes(str(exc))}")
        return exc.exit_code
    except SystemExit as exc:
        if _closed_pipe_behind(exc):
            # rich (drawing the help) and Click end a closed pipe with exit 1: it is 141
            # here, quietly, as everywhere else (`salesgrid --help | head -1`)
            silence_stdout()
            return ExitCode.BROKEN_PIPE
        raise
    except (KeyboardInterrupt, Abort):
        say(f"{PROG}: interrupted")
        return ExitCode.INTERRUPTED
    except OSError as exc:
        if exc.errno == errno.EPIPE:
            silence_stdout()
            return ExitCode.BROKEN_PIPE
        _trace(exc)
        if exc.filename is not None and exc.errno not in WRITE_ERRNOS:
            say(f"{PROG}: error: cannot read {exc.filename}: {exc.strerror or exc}")
            return ExitCode.USAGE
        # No file name: a stream (stdout) could not be written, e.g. `> /dev/full`. What is
        # still buffered goes to /dev/null, so that the flush at exit does not fail again.
        silence_stdout()
        where = exc.filename or "stdout"
        say(f"{PROG}: error: cannot write {where}: {exc.strerror or exc}")
        return ExitCode.OUTPUT_FAILED
    except Exception as exc:
        _trace(exc)
        hint = (
            "the traceback is above"
            if _debug_enabled()
            else "rerun with --debug (or SALESGRID_DEBUG=1) to see the traceback"
        )
        say(f"{PROG}: internal error: {type(exc).__name__}: {exc}; {hint}, and please report it")
        return ExitCode.INTERNAL
