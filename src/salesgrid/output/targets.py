"""The files a command writes, checked against the files it reads before anything is written.

``salesgrid roster staff.csv --output staff.csv`` would replace the roster with its results, and
``--rejects staff.csv`` with one header line: an output that is the same file as an input
(the same path, a symlink to it, a hard link: the same device and inode), or as another output,
is a usage error naming both. Only outputs that would be replaced are checked: ``/dev/stdout``,
``/dev/null``, a FIFO or any other device is written straight through, never replaced, and
may be named twice.

One function, :func:`refuse_same_files`, serves every command that writes a file: it takes the
command's outputs as ``(flag, path)`` and its inputs as ``(what, path)``.

A file's extension says what it holds: :data:`EXTENSIONS` is the one table of the extensions
salesgrid knows, each with the format it names (``.xlsx``: xlsx), or None for a format salesgrid
never writes (``.xls``, ``.tsv``): a file named for one format never holds another.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from salesgrid.errors import UsageError
from salesgrid.output.streams import descriptor_of

#: An output: its flag as typed (``--output``) and its path (None: not given).
Output = tuple[str, Path | str | None]
#: An input: what it is, for the message (``the roster``, ``the --grid file``), and its path
#: (None: not read; ``-``: stdin, checked through its descriptor).
Input = tuple[str, Path | str | None]


class _Found(NamedTuple):
    shown: str  # the path as the user gave it
    key: tuple[int, int] | None  # (device, inode) of an existing regular file
    real: str  # the path with every symlink resolved, for files that do not exist yet


def _identity(path: str) -> tuple[int, int] | None:
    """The (device, inode) of the regular file at ``path`` (through symlinks), else None."""
    try:
        found = os.stat(path)
    except (OSError, ValueError):  # absent, unreadable, a NUL in the name: not this check's
        return None
    return (found.st_dev, found.st_ino) if stat.S_ISREG(found.st_mode) else None


def _stdin_identity() -> tuple[int, int] | None:
    """The regular file stdin reads (``salesgrid roster - < staff.csv``), else None."""
    try:
        found = os.fstat(sys.stdin.fileno())
    except (AttributeError, OSError, ValueError):  # a test's stdin, or none at all
        return None
    return (found.st_dev, found.st_ino) if stat.S_ISREG(found.st_mode) else None


def _output(path: str) -> _Found | None:
    """An output that would be replaced (a regular file, or none yet), else None."""
    try:
        found = os.stat(path)
    except FileNotFoundError:
        found = None
    except (OSError, ValueError):
        return None  # the writer says what is wrong with it
    if found is not None and not stat.S_ISREG(found.st_mode):
        return None  # a device, a FIFO, a directory (refused by the writer)
    key = None if found is None else (found.st_dev, found.st_ino)
    try:
        real = os.path.realpath(path)
    except (OSError, ValueError):  # pragma: no cover - a symlink loop is caught by stat
        real = os.path.abspath(path)
    return _Found(path, key, real)


def refuse_same_files(outputs: Iterable[Output], inputs: Iterable[Input]) -> None:
    """Raise :class:`~salesgrid.errors.UsageError` if an output would replace an input or
    another output: call before anything is written (or read in full).

    ``outputs`` are ``(flag, path)``: ``("--output", "staff.csv")``; ``inputs`` are
    ``(what, path)``: ``("the roster", "staff.csv")``, ``("the --grid file", path)``. A path of
    None is skipped; an input of ``-`` is stdin, compared through its descriptor.
    """
    written: list[tuple[str, _Found]] = []
    for flag, path in outputs:
        if path is None or str(path) == "-" or descriptor_of(str(path)) is not None:
            continue  # stdout, /dev/stdout, /dev/fd/3: written through, never replaced
        found = _output(str(path))
        if found is not None:
            written.append((flag, found))
    if not written:
        return
    for index, (flag, found) in enumerate(written):
        for other_flag, other in written[:index]:
            same = found.key == other.key if found.key is not None else found.real == other.real
            if same:
                raise UsageError(
                    f"{other_flag} and {flag} are the same file ({other.shown}): one would "
                    "replace the other; give two names"
                )
    for what, path in inputs:
        if path is None:
            continue
        key = _stdin_identity() if str(path) == "-" else _identity(str(path))
        if key is None:
            continue
        for flag, found in written:
            if found.key == key:
                read = "it reads on stdin" if str(path) == "-" else f"{path} it reads"
                raise UsageError(
                    f"{flag} {found.shown} is the same file as {what} {read}: give {flag} "
                    "another file"
                )


#: The extensions salesgrid knows and the format each names (the ``--format`` value), or None
#: for a format salesgrid writes nowhere. Any other extension (``.txt``, none) names no format.
EXTENSIONS: dict[str, str | None] = {
    ".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".xlsx": "xlsx",
    ".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown",
    ".tsv": None, ".tab": None, ".xls": None, ".xlsm": None, ".xlsb": None, ".ods": None,
    ".xml": None, ".yaml": None, ".yml": None, ".pdf": None, ".doc": None, ".docx": None,
    ".odt": None, ".rtf": None,
}  # fmt: skip


def extension_format(path: Path | str) -> tuple[str, str | None] | None:
    """The extension of ``path`` (lower case) and the format it names, if it is one of
    :data:`EXTENSIONS`; else None (no extension, or one that names no format)."""
    suffix = Path(path).suffix.lower()
    if suffix not in EXTENSIONS:
        return None
    return suffix, EXTENSIONS[suffix]


def extensions_of(fmt: str) -> list[str]:
    """The extensions that name ``fmt``: ``jsonl`` -> ``[".jsonl", ".ndjson"]``."""
    return [suffix for suffix, named in EXTENSIONS.items() if named == fmt]
