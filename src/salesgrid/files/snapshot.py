"""A validated snapshot of each packaged data file, so start-up need not parse and validate it.

The grid, competency and payroll files shipped in the package never change between installs,
yet reading one with PyYAML and validating it into the frozen models costs more than the rest
of ``salesgrid pay``. The first run that loads a packaged file stores the result (the models and
the line map, as JSON data: :mod:`salesgrid.files.rebuild`) in the user's cache directory; later
runs read it back in a few milliseconds.

A snapshot is never stale: it is found by a key, the sha256 of the data file's bytes together
with the salesgrid, Python and pydantic versions and the size and modification time of
salesgrid's modules (an edited checkout keeps its version number). Change any of them and the
key differs, so the file is loaded and checked afresh and a new snapshot written. Only the
packaged files have snapshots: a file the user gives (``--grid``, ``--competencies``,
``--payroll``, ``--add-grid``, their ``SALESGRID_*`` variables) is always read and checked in
full.

A snapshot cannot run code, and nothing in the cache is trusted that someone else could have
put there:

- it is JSON data, rebuilt into the models with every value checked (never pickle or marshal);
- the cache directory is opened without following a symlink and used only when it is a
  directory of the user's own that no one else may write (mode without group or other write);
  otherwise no snapshot is read or written there. Everything else is done relative to the
  directory so opened and checked, so what its parents are (a symlinked ``~/.cache``, or a
  directory someone could rename) does not matter;
- a snapshot is read only when, looked at without following a symlink, it is a regular file of
  the user's own, written by no one else and with one link: a symlink, FIFO, device, socket or
  directory at its name is never opened (so a FIFO cannot hang the run), and it is opened
  relative to the directory already checked, without following a symlink and without blocking;
- it carries the sha256 of its contents, checked before anything in it is read, and is written
  to a new private temporary file (never through a symlink) that replaces the old one in one
  step, so a reader never sees half a file.

The cache never stands in the way: a directory that cannot be created or written or is not the
user's alone, a snapshot that is corrupt, truncated, written by another version, not the user's
own, or whose data does not rebuild into valid models, are passed over in silence and the file
is loaded the normal way. Snapshots of earlier versions (``*.pickle``) are never read.

``SALESGRID_CACHE_DIR`` moves the cache (default: ``$XDG_CACHE_HOME/salesgrid``, else
``~/.cache/salesgrid``); ``SALESGRID_NO_CACHE`` (any value but empty or ``0``) turns it off.
On a system without ``O_NOFOLLOW``, file owners or directory descriptors (Windows) there is
no snapshot.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pydantic

# pydantic-core's JSON, loaded with pydantic already: no NaN or Infinity, no nesting deeper than
# 200, no number of more than 4300 digits, strict UTF-8; the json module need not load
from pydantic_core import from_json, to_json

from salesgrid import __version__, signals

T = TypeVar("T")

CACHE_DIR_ENV = "SALESGRID_CACHE_DIR"
NO_CACHE_ENV = "SALESGRID_NO_CACHE"
#: The first line of every snapshot: changed whenever what is stored changes shape.
MAGIC = b"salesgrid-snapshot 2"
#: How a snapshot's name ends.
SUFFIX = ".json"
#: Snapshots kept per data file (several installs, or versions, may share one cache).
KEEP = 4
#: The largest snapshot read (the packaged files' are well under 1 MB).
MAX_SIZE = 16 * 1024 * 1024
#: The modules whose code decides what a loaded file is: the models and the checks.
_CODE_DIRS = ("core", "files")
#: What the checks need: no symlink followed, file owners, paths relative to an open directory.
SUPPORTED = (
    hasattr(os, "O_NOFOLLOW")
    and hasattr(os, "O_DIRECTORY")
    and hasattr(os, "geteuid")
    and {os.open, os.stat, os.rename, os.unlink} <= os.supports_dir_fd
    and os.scandir in os.supports_fd
)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


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


def code_digest() -> bytes:
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
    digest = hashlib.sha256(MAGIC)
    for part in (name, __version__, sys.version, pydantic.VERSION):
        digest.update(part.encode() + b"\0")
    digest.update(code_digest())
    digest.update(raw)
    return digest.hexdigest()


def header_line(key: str, payload: bytes) -> bytes:
    return b"%s %s %s\n" % (MAGIC, key.encode(), hashlib.sha256(payload).hexdigest().encode())


# --------------------------------------------------------------------------- the directory


def open_folder(where: Path) -> int | None:
    """The cache directory ``where``, opened (created, private, when missing), when it is a
    directory of the user's own that no one else may write; else None: no snapshot is read or
    written. A symlink at ``where`` is not followed."""
    if not SUPPORTED:
        return None
    try:
        where.mkdir(mode=0o700, parents=True, exist_ok=True)
        folder = os.open(where, os.O_RDONLY | os.O_DIRECTORY | os.O_NONBLOCK | _NOFOLLOW)
    except OSError:
        return None
    try:
        info = os.fstat(folder)
    except OSError:  # pragma: no cover - fstat of a descriptor just opened
        info = None
    if info is None or not _private(info) or not stat.S_ISDIR(info.st_mode):
        os.close(folder)
        return None
    return folder


def _private(info: os.stat_result) -> bool:
    """The user's own, and no one else may write it."""
    return info.st_uid == os.geteuid() and not info.st_mode & 0o022


# --------------------------------------------------------------------------- one snapshot


def read(folder: int, name: str, key: str) -> bytes | None:
    """The data of snapshot ``name`` in the open directory ``folder``, if it is a regular file
    of the user's own that no one else may write, whole and made for ``key``; else None.
    Anything else at the name (a symlink, FIFO, device, socket, directory) is never opened."""
    try:
        seen = os.stat(name, dir_fd=folder, follow_symlinks=False)
        if not _trusted_file(seen):
            return None
        descriptor = os.open(name, os.O_RDONLY | os.O_NONBLOCK | _NOFOLLOW, dir_fd=folder)
    except OSError:
        return None
    try:
        info = os.fstat(descriptor)
        if not _trusted_file(info) or (info.st_dev, info.st_ino) != (seen.st_dev, seen.st_ino):
            return None  # replaced since it was looked at
        data = _read_all(descriptor)
    except OSError:
        return None
    finally:
        os.close(descriptor)
    if data is None:
        return None
    head, _, payload = data.partition(b"\n")
    if head + b"\n" != header_line(key, payload):
        return None  # another key, another version, truncated or corrupt
    return payload


def _trusted_file(info: os.stat_result) -> bool:
    return stat.S_ISREG(info.st_mode) and info.st_nlink == 1 and _private(info)


def _read_all(descriptor: int) -> bytes | None:
    """The whole file, or None when it is larger than :data:`MAX_SIZE`."""
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = os.read(descriptor, MAX_SIZE + 1 - size)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > MAX_SIZE:
            return None
        chunks.append(chunk)


def write(folder: int, where: Path, name: str, key: str, payload: bytes) -> None:
    """Store ``payload`` as snapshot ``name`` in the open directory ``folder`` (the directory
    ``where``), atomically: a new private temporary file, renamed over the old one. Any failure
    is ignored."""
    temporary = f".{name}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
    shown = str(where / temporary)
    signals.TEMPORARY.add(shown)  # removed if a signal ends the run meanwhile
    created = written = False
    try:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW  # never through a symlink
        descriptor = os.open(temporary, flags, 0o600, dir_fd=folder)
        created = True
        with open(descriptor, "wb") as stream:
            stream.write(header_line(key, payload) + payload)
        os.rename(temporary, name, src_dir_fd=folder, dst_dir_fd=folder)
        written = True
    except Exception:  # a cache that cannot be written is no error
        if created:
            with contextlib.suppress(OSError):
                os.unlink(temporary, dir_fd=folder)
    finally:
        signals.TEMPORARY.discard(shown)
    if written:
        _prune(folder, name)


def _prune(folder: int, name: str) -> None:
    """Keep the newest :data:`KEEP` snapshots of this data file, delete older ones. (An earlier
    version's ``*.pickle`` files are left to it: this one never reads them.)"""
    stem = name.split("-", 1)[0] + "-"
    try:
        found = []
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.startswith(stem) and entry.name.endswith(SUFFIX):
                    found.append((entry.stat(follow_symlinks=False).st_mtime_ns, entry.name))
        for _, old in sorted(found, reverse=True)[KEEP:]:
            os.unlink(old, dir_fd=folder)
    except OSError:
        pass


# --------------------------------------------------------------------------- the cache


def cached(
    path: Path,
    load: Callable[[], T],
    dump: Callable[[T], Any],
    build: Callable[[Any], T],
    name: str = "",
) -> T:
    """``load()`` of the packaged data file ``path``, rebuilt by ``build`` from its snapshot
    when there is a good one, and stored as one (``dump``: its JSON data) when not (``name``,
    default the file's stem: what is kept of it). ``build`` raises for anything it does not
    accept, and the snapshot is passed over. Never call it for a file the user gave."""
    where = cache_dir()
    if where is None or not SUPPORTED:
        return load()
    name = name or path.stem
    try:
        wanted = key(path.read_bytes(), name)
    except OSError:
        return load()  # the loader reports an unreadable file
    folder = open_folder(where)
    if folder is None:
        return load()
    try:
        file = f"{name}-{wanted[:32]}{SUFFIX}"
        payload = read(folder, file, wanted)
        if payload is not None:
            try:
                return build(from_json(payload, allow_inf_nan=False))
            except Exception:  # any snapshot that does not rebuild is passed over: load afresh
                pass
        value = load()  # a data file with errors raises here: nothing is stored
        try:
            data = to_json(dump(value))
        except Exception:  # what cannot be stored is loaded afresh next time
            return value
        write(folder, where, file, wanted, data)
        return value
    finally:
        os.close(folder)
