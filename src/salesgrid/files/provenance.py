"""The sha256 of the files a document is computed from (:mod:`salesgrid.core.provenance`):
a data file's bytes, the packaged file's for the default, each ``--add-grid`` layer's in turn.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from salesgrid.core.provenance import Source
from salesgrid.errors import UsageError
from salesgrid.files.loader import Kind, packaged_name, packaged_path

CHUNK = 1 << 20


def sha256_file(path: Path | str) -> str:
    """The sha256 of the file's bytes, in hex."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as stream:
            while chunk := stream.read(CHUNK):
                digest.update(chunk)
    except OSError as exc:  # read a moment ago: gone or unreadable since
        raise UsageError(f"cannot read {path} again to take its sha256: "
                         f"{exc.strerror or exc}") from None  # fmt: skip
    return digest.hexdigest()


def data_source(path: Path | None, kind: Kind) -> Source:
    """The data file of ``kind`` in use: ``path``, or the packaged file (``None``)."""
    if path is None:
        return Source(packaged_name(kind), sha256_file(packaged_path(kind)))
    return Source(str(path), sha256_file(path))


def grid_sources(path: Path | None, layers: Sequence[Path] = ()) -> tuple[Source, ...]:
    """The grid file in use, then each layer on top of it, in order."""
    return (data_source(path, "grid"), *(Source(str(p), sha256_file(p)) for p in layers))


def loaded_source(given: Any, kind: Kind) -> Source:
    """A data file given to the Python API as a path, None (the packaged file), or a loaded
    model, which has no bytes to hash (name and sha256 None)."""
    if given is None or isinstance(given, str | os.PathLike):
        return data_source(None if given is None else Path(given), kind)
    return Source(None, None)
