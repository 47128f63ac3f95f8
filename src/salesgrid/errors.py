"""Errors the core raises and the exit codes the CLI maps them to.

The core raises these; only the CLI (:mod:`salesgrid.cli.guard`) turns them into messages
and exit codes.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Literal, NamedTuple


class ExitCode(IntEnum):
    """Documented process exit codes (docs/errors.md, "Exit codes"; a summary in the README)."""

    OK = 0
    NOT_ELIGIBLE = 1
    USAGE = 2
    NOT_FOUND = 3
    REJECTED_ROWS = 4
    INVALID_DATA = 5
    INTERNAL = 70
    OUTPUT_FAILED = 74  # sysexits EX_IOERR: an output file or stdout could not be written
    HANGUP = 129  # 128 + SIGHUP
    INTERRUPTED = 130  # 128 + SIGINT
    BROKEN_PIPE = 141  # 128 + SIGPIPE
    TERMINATED = 143  # 128 + SIGTERM


class SalesgridError(Exception):
    """Base of every error the core raises on purpose."""

    exit_code: ExitCode = ExitCode.INTERNAL


class UsageError(SalesgridError):
    """A value given on the command line cannot be understood (bad position, date, flag mix)."""

    exit_code = ExitCode.USAGE


class OutputError(SalesgridError):
    """An output (``--output``, ``--rejects``, stdout) could not be written: disk full, no such
    directory, no permission. The message names the path the user gave."""

    exit_code = ExitCode.OUTPUT_FAILED


class NotFoundError(SalesgridError):
    """A framework, position or date that the data does not have."""

    exit_code = ExitCode.NOT_FOUND


Severity = Literal["error", "warning"]


class Problem(NamedTuple):
    """One finding in a data file, printed as ``FILE:LINE: path: severity: message``."""

    file: str
    line: int | None
    path: str
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        path = f" {self.path}:" if self.path else ""
        return f"{where}:{path} {self.severity}: {self.message}"


class DataFileError(SalesgridError):
    """A data file that cannot be used: every problem found, one per line."""

    exit_code = ExitCode.INVALID_DATA

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """``1 field``, ``2 fields``: a count and its noun in the right number (``plural``: when
    it is not the noun and an s, ``person``/``people``)."""
    return f"{count:,} {noun if count == 1 else plural or noun + 's'}"


def clip(text: str, limit: int = 60) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis: a value echoed in a message."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def shown_id(text: str, limit: int = 60) -> str:
    """An employee id named in a message (``E-1``), clipped (:func:`clip`); quoted as Python
    writes it (``'E\\n1'``) when it holds a line break or another character that does not
    print, so the message stays one line."""
    cut = clip(text, limit)
    return cut if cut.isprintable() else repr(cut)
