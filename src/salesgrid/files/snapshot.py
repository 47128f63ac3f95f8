"""A validated snapshot of each packaged data file, so start-up need not parse and validate it.

The grid, competency and payroll files shipped in the package never change between installs,
yet reading one with PyYAML and validating it into the frozen models costs more than the rest
of ``salesgrid pay``. The first run that loads a packaged file stores the result (the models,
the warnings and the line map) in the user's cache directory; later runs read it back in well
under a millisecond.

A snapshot is never stale: it is found by a key, the sha256 of the data file's bytes together
with the salesgrid, Python and pydantic versions and the size and modification time of
salesgrid's modules (an edited checkout keeps its version number). Change any of them and the
key differs, so the file is loaded and checked afresh and a new snapshot written. Only the
packaged files have snapshots: a file the user gives (``--grid``, ``--competencies``,
``--payroll``, ``--add-grid``, their ``SALESGRID_*`` variables) is always read and checked in
full.

The cache never stands in the way: a directory that cannot be created or written, a snapshot
that is corrupt, truncated, written by another version or not the current user's own, are
passed over in silence and the file is loaded the normal way. Each snapshot carries the sha256
of its own contents, checked before it is unpickled, and is written to a temporary file that
replaces the old one in one step (:func:`os.replace`), so a reader never sees half a file.

``SALESGRID_CACHE_DIR`` moves the cache (default: ``$XDG_CACHE_HOME/salesgrid``, else
``~/.cache/salesgrid``); ``SALESGRID_NO_CACHE`` (any value but empty or ``0``) turns it off.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from salesgrid import __version__, signals

T = TypeVar("T")

CACHE_DIR_ENV = "SALESGRID_CACHE_DIR"
NO_CACHE_ENV = "SALESGRID_NO_CACHE"
#: The first line of every snapshot: changed whenever what is stored changes shape.
MAGIC = b"salesgrid-snapshot 1"
#: Snapshots kept per data file (several installs, or versions, may share one cache).
KEEP = 4
#: The modules whose code decides what a loaded file is: the models and the checks.
_CODE_DIRS = ("core", "files")


def cache_dir() -> Path | None:
    """Where snapshots are kept, or ``None`` when the cache is off."""
    if os.environ.get(NO_CACHE_ENV, "") not in ("", "0"):
        return None
    given = os.environ.get(CACHE_DIR_ENV, "")
    if given:
        return Path(given)
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if xdg and os.path.isabs(xdg):  # the XDG rule: a relative path is ignored
        return Path(xdg) / "salesgrid"
    try:
        return Path.home() / ".cache" / "salesgrid"
    except (RuntimeError, KeyError):  # no home directory to be found
        return None


def _code_digest() -> bytes:
    """The modules that define and check the models, by name, size and modification time: an
    edited checkout (the same version number) never reads a snapshot made by other code. (Their
    bytes would cost more to read than the snapshot saves.)"""
    package = Path(__file__).resolve().parent.parent  # salesgrid/
    found = []
    for folder in (*(package / name for name in _CODE_DIRS), package):
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.endswith(".py"):
                    info = entry.stat()
                    found.append(f"{folder.name}/{entry.name} {info.st_size} {info.st_mtime_ns}")
    return "\n".join(sorted(found)).encode()


def key(raw: bytes, name: str) -> str:
    """The key of snapshot ``name`` of a data file: the file's bytes and every version its
    loading depends on."""
    import pydantic

    digest = hashlib.sha256(MAGIC)
    for part in (name, __version__, sys.version, pydantic.VERSION):
        digest.update(part.encode() + b"\0")
    digest.update(_code_digest())
    digest.update(raw)
    return digest.hexdigest()


def _header(key: str, payload: bytes) -> bytes:
    return b"%s %s %s\n" % (MAGIC, key.encode(), hashlib.sha256(payload).hexdigest().encode())


def read(file: Path, key: str, expected: type[T]) -> T | None:
    """The snapshot in ``file`` if it is whole, made for ``key`` and the user's own; else None."""
    try:
        with open(file, "rb") as stream:
            info = os.fstat(stream.fileno())
            if hasattr(os, "getuid") and (info.st_uid != os.getuid() or info.st_mode & 0o022):
                return None  # another user's, or one others could have written: not trusted
            data = stream.read()
        head, _, payload = data.partition(b"\n")
        if head + b"\n" != _header(key, payload):
            return None  # another key, another version, truncated or corrupt
        value = pickle.loads(payload)
    except Exception:  # any unreadable snapshot is passed over: load afresh
        return None
    return value if isinstance(value, expected) else None


def write(file: Path, key: str, value: object) -> None:
    """Store ``value`` as the snapshot in ``file``, atomically; any failure is ignored."""
    temporary = file.with_name(f".{file.name}.{os.getpid()}.tmp")
    signals.TEMPORARY.add(str(temporary))  # removed if a signal ends the run meanwhile
    try:
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(_header(key, payload) + payload)
        os.replace(temporary, file)
    except Exception:  # a cache that cannot be written is no error
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        return
    finally:
        signals.TEMPORARY.discard(str(temporary))
    _prune(file)


def _prune(file: Path) -> None:
    """Keep the newest :data:`KEEP` snapshots of this data file, delete older ones."""
    stem = file.name.split("-", 1)[0]
    try:
        found = sorted(
            file.parent.glob(f"{stem}-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True
        )
        for old in found[KEEP:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass


def cached(path: Path, expected: type[T], load: Callable[[], T], name: str = "") -> T:
    """``load()`` of the packaged data file ``path``, read from its snapshot when there is a
    good one, and stored as one when not (``name``, default the file's stem: what is kept of
    it). Never call it for a file the user gave."""
    where = cache_dir()
    if where is None:
        return load()
    name = name or path.stem
    try:
        wanted = key(path.read_bytes(), name)
    except OSError:
        return load()  # the loader reports an unreadable file
    file = where / f"{name}-{wanted[:32]}.pickle"
    found = read(file, wanted, expected)
    if found is not None:
        return found
    value = load()  # a data file with errors raises here: nothing is stored
    write(file, wanted, value)
    return value
