"""Streaming record writers (CSV, JSONL) and output files that appear whole or not at all."""

from __future__ import annotations

import contextlib
import csv
import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from json.encoder import encode_basestring
from pathlib import Path
from typing import TextIO


@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[TextIO]:
    """A temporary file beside ``path``, renamed onto it only if the block ends normally.

    On any exception (or :class:`Discard`), the temporary file is removed and ``path`` is left
    as it was: nothing half-written, nothing left behind.
    """
    directory = path.parent if str(path.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            yield stream
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


class Discard(Exception):
    """Raised inside :func:`atomic_output` to drop the file on purpose (``--strict``)."""


def csv_writer(
    stream: TextIO, fields: Sequence[str], header: bool = True
) -> Callable[[Sequence[str]], None]:
    writer = csv.writer(stream, lineterminator="\n")
    if header:
        writer.writerow(fields)
    return writer.writerow


def jsonl_writer(
    stream: TextIO, fields: Sequence[str], kinds: dict[str, str]
) -> Callable[[Sequence[str]], None]:
    """One JSON object per line; numbers and booleans written as such, empty values as null."""
    keys = [encode_basestring(name) + ": " for name in fields]
    field_kinds = [kinds.get(name, "str") for name in fields]
    write = stream.write

    def emit(values: Sequence[str]) -> None:
        parts = []
        for key, kind, value in zip(keys, field_kinds, values, strict=True):
            if kind == "str":
                parts.append(key + encode_basestring(value))
            elif value == "":  # an empty number, boolean or optional text is null
                parts.append(key + "null")
            elif kind == "opt":
                parts.append(key + encode_basestring(value))
            else:
                parts.append(key + value)
        write("{" + ", ".join(parts) + "}\n")

    return emit
