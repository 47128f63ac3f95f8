"""Streaming record writers (CSV, JSONL) and output files that appear whole or not at all.

An output path that is a regular file (after following symlinks) or does not exist yet is
written atomically: a temporary file beside the target, renamed onto it only when everything
was written. On Linux the temporary file has no name while it is written (``O_TMPFILE``): it
is linked under a hidden name only at the end, for the instant of the rename, so nothing is
left behind whatever ends the process, SIGKILL included; elsewhere (or on a file system without
it) it is a hidden named file, removed on failure and on a signal. Anything else
(``/dev/stdout``, ``/dev/null``, a FIFO) is written straight through: renaming a file onto a
device or a pipe would replace it. Every failure to write is an
:class:`~salesgrid.errors.OutputError` naming the path the user gave, never the temporary file.
"""

from __future__ import annotations

import contextlib
import csv
import errno
import io
import os
import re
import stat
import sys
from collections.abc import Callable, Iterator, Sequence
from json.encoder import encode_basestring
from pathlib import Path
from typing import IO, Any, TypeVar

from salesgrid import signals
from salesgrid.errors import OutputError
from salesgrid.output.csvdialect import BOM, PLAIN, CsvDialect

T = TypeVar("T")

#: Paths that name a descriptor the process already has: ``/dev/stdout``, ``/dev/fd/3``.
_DESCRIPTOR = re.compile(r"/dev/(?:std(in|out|err)|fd/([0-9]+))|/proc/self/fd/([0-9]+)")


def descriptor_of(path: str) -> int | None:
    found = _DESCRIPTOR.fullmatch(os.path.normpath(os.path.abspath(path)))
    if found is None:
        return None
    std, fd, proc = found.groups()
    if std is not None:
        return {"in": 0, "out": 1, "err": 2}[std]
    return int(fd or proc)


def _failure(shown: str, exc: OSError) -> OutputError:
    reason = exc.strerror or str(exc)
    return OutputError(f"cannot write {shown}: {reason}")


class _Sink(io.FileIO):
    """A file whose write errors name the user's path (called once per buffer, not per row)."""

    shown = ""

    def write(self, data: Any) -> int:
        try:
            return super().write(data) or 0
        except BrokenPipeError:
            raise  # a closed pipe is exit 141, quietly, as everywhere else
        except OSError as exc:
            raise _failure(self.shown, exc) from None


def _open_sink(path: str, flags: int, shown: str, mode: int = 0o666) -> _Sink:
    fd = os.open(path, flags, mode)
    try:
        sink = _Sink(fd, "w", closefd=True)
    except BaseException:
        os.close(fd)
        raise
    sink.shown = shown
    return sink


def _keep_mode(sink: _Sink, replaced: os.stat_result | None) -> None:
    """A new file keeps 0666 & ~umask; one that replaces a file takes its mode (and, for root,
    its owner)."""
    if replaced is not None:
        with contextlib.suppress(OSError):  # a file system without modes or owners
            if hasattr(os, "geteuid") and os.geteuid() == 0:
                os.fchown(sink.fileno(), replaced.st_uid, replaced.st_gid)
            os.fchmod(sink.fileno(), stat.S_IMODE(replaced.st_mode))


def _hidden_name(target: str) -> tuple[str, str]:
    """A fresh hidden name beside ``target``: (its directory, ``.NAME.HEX.tmp``)."""
    directory, name = os.path.split(target)
    return directory, f".{name}.{os.urandom(4).hex()}.tmp"


def _claim_name(target: str, make: Callable[[str, str], T]) -> tuple[str, T]:
    """``make(path, name)`` at a fresh hidden name beside ``target`` (see :func:`_hidden_name`),
    the path registered for removal on a signal before it exists (a signal may come at any
    moment); a name taken meanwhile is passed over for another."""
    for _ in range(100):
        directory, name = _hidden_name(target)
        temporary = os.path.join(directory, name)
        signals.TEMPORARY.add(temporary)
        try:
            return temporary, make(temporary, name)
        except FileExistsError:
            signals.TEMPORARY.discard(temporary)
        except BaseException:
            signals.TEMPORARY.discard(temporary)
            raise
    raise OSError(errno.EEXIST, "no free temporary name beside it")  # pragma: no cover


def _temporary_beside(
    target: str, shown: str, replaced: os.stat_result | None
) -> tuple[str, _Sink]:
    """A new named file in ``target``'s directory (see :func:`_keep_mode`)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
    try:
        temporary, sink = _claim_name(target, lambda path, _: _open_sink(path, flags, shown))
    except FileExistsError:  # pragma: no cover - a hundred names taken
        raise OutputError(f"cannot write {shown}: no free temporary name beside it") from None
    _keep_mode(sink, replaced)
    return temporary, sink


#: ``O_TMPFILE`` refused: a kernel (EISDIR) or file system (EOPNOTSUPP) without it.
_NO_TMPFILE = frozenset(
    getattr(errno, name)
    for name in ("EOPNOTSUPP", "ENOTSUP", "EISDIR", "EINVAL", "ENOSYS")
    if hasattr(errno, name)
)


def can_link_unnamed() -> bool:
    """Whether an unnamed file can be linked into place: ``linkat`` through /proc."""
    return (
        hasattr(os, "O_TMPFILE")
        and os.link in os.supports_dir_fd
        and os.link in os.supports_follow_symlinks
        and os.path.isdir("/proc/self/fd")
    )


def _unnamed_beside(target: str, shown: str, replaced: os.stat_result | None) -> _Sink | None:
    """A file with no name in ``target``'s directory (see :func:`_keep_mode`), or None where
    the platform or the file system has none."""
    if not can_link_unnamed():
        return None
    directory = os.path.dirname(target) or "."
    try:
        sink = _open_sink(directory, os.O_TMPFILE | os.O_WRONLY, shown)
    except OSError as exc:
        if exc.errno in _NO_TMPFILE:
            return None
        raise
    _keep_mode(sink, replaced)
    return sink


def _link_beside(fd: int, target: str) -> str:
    """Give the unnamed file open as ``fd`` a fresh hidden name beside ``target``, registered
    for removal on a signal: it exists only until it is renamed onto ``target``."""
    directory = os.path.dirname(target) or "."
    folder = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        temporary, _ = _claim_name(target, lambda _, name: os.link(
            f"/proc/self/fd/{fd}", name, src_dir_fd=folder, dst_dir_fd=folder,
            follow_symlinks=True))  # fmt: skip
    finally:
        os.close(folder)
    return temporary


@contextlib.contextmanager
def atomic_output(path: Path, binary: bool = False, encoding: str = "utf-8") -> Iterator[IO[Any]]:
    """A stream onto ``path``: text (UTF-8, or ``encoding``, no newline translation) or, with
    ``binary``, bytes. A character ``encoding`` has no byte for (a rejects file mirroring a
    cp1251 roster, whose reason has one) is written as ``?``.

    A regular file or a new path is written to a temporary file renamed onto it only if the
    block ends normally; on any exception (or :class:`Discard`, or a signal) the temporary file
    is removed and ``path`` is left as it was. Symlinks are followed, so the file they point to
    is what is replaced; an existing file keeps its mode. A device, FIFO or the like is written
    straight through.
    """
    shown = target = str(path)
    descriptor = descriptor_of(target)
    found: os.stat_result | None = None
    if descriptor is None:
        try:
            found = os.stat(target)  # through symlinks
        except FileNotFoundError:
            found = None
        except OSError as exc:
            raise _failure(shown, exc) from None
        if found is not None and stat.S_ISDIR(found.st_mode):
            raise OutputError(f"cannot write {shown}: it is a directory; give a file name")
    atomic = descriptor is None and (found is None or stat.S_ISREG(found.st_mode))
    temporary: str | None = None
    unnamed: int | None = None  # a second descriptor of an unnamed temporary file, to link
    try:
        if descriptor is not None:
            # /dev/stdout, /dev/fd/N: the descriptor the shell opened, with its offset and
            # flags (`>> file` appends), never reopened, truncated or replaced.
            sink = _Sink(os.dup(descriptor), "w", closefd=True)
            sink.shown = shown
        elif atomic:
            # The file a symlink (or a chain of them, or a dangling one) points to is what
            # gets replaced, in its own directory.
            target = os.path.realpath(target)
            made = _unnamed_beside(target, shown, found)
            if made is not None:
                sink, unnamed = made, os.dup(made.fileno())
            else:
                temporary, sink = _temporary_beside(target, shown, found)
        else:  # a device, a FIFO, a socket: written straight through
            sink = _open_sink(target, os.O_WRONLY, shown)
    except FileNotFoundError:
        missing = os.path.dirname(shown) or "."
        if os.path.isdir(missing):  # a symlink to a file in a directory that does not exist
            missing = os.path.dirname(target)
        raise OutputError(f"cannot write {shown}: the directory {missing} does not exist") from None
    except OSError as exc:
        raise _failure(shown, exc) from None
    buffered = io.BufferedWriter(sink, buffer_size=1 << 16)
    stream: IO[Any] = (
        buffered
        if binary
        else io.TextIOWrapper(
            buffered,
            encoding=encoding,
            newline="",
            errors="strict" if encoding == "utf-8" else "replace",
        )
    )
    try:
        yield stream
        try:
            stream.close()  # flushes: a full disk may only show now
        except OSError as exc:
            if isinstance(exc, BrokenPipeError):
                raise
            raise _failure(shown, exc) from None
        if unnamed is not None:
            try:
                temporary = _link_beside(unnamed, target)
            except OSError as exc:
                raise _failure(shown, exc) from None
        if temporary is not None:
            try:
                os.replace(temporary, target)
            except OSError as exc:
                raise _failure(shown, exc) from None
            signals.TEMPORARY.discard(temporary)
            temporary = None
    finally:
        if not stream.closed:
            _close_quietly(stream, sink)
        if unnamed is not None:
            os.close(unnamed)
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            signals.TEMPORARY.discard(temporary)


#: The buffer of salesgrid's own between the records and stdout.
STDOUT_BUFFER = 1 << 20


@contextlib.contextmanager
def buffered_stdout(encoding: str | None = None) -> Iterator[IO[str]]:
    """stdout through a large buffer of salesgrid's own, whatever ``PYTHONUNBUFFERED`` says
    (in stdout's encoding, or ``encoding``, as a CSV dialect says):
    one system call per megabyte, not one per record. At a terminal, text goes out line by
    line. What is buffered is flushed at the end and on any error but a closed pipe (whose
    reader is gone: it is dropped). A stdout with no descriptor (a test's) is used as it is."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        yield sys.stdout
        return
    sys.stdout.flush()
    sink = io.FileIO(fd, "w", closefd=False)
    stream = io.TextIOWrapper(
        io.BufferedWriter(sink, buffer_size=STDOUT_BUFFER),
        encoding=encoding or sys.stdout.encoding, errors=sys.stdout.errors,
        line_buffering=sink.isatty(),
    )  # fmt: skip
    try:
        yield stream
    except BrokenPipeError:
        _close_quietly(stream, sink)
        raise
    except BaseException:
        with contextlib.suppress(OSError, ValueError):
            stream.flush()  # the records written before the error
        _close_quietly(stream, sink)
        raise
    try:
        stream.close()  # flushes; a full disk or a closed pipe shows here; fd 1 stays open
    except BaseException:
        _close_quietly(stream, sink)
        raise


def _close_quietly(stream: IO[Any], sink: Any) -> None:
    """Close after a failure: what is still buffered is dropped, not written again."""
    with contextlib.suppress(Exception):
        sink.close()  # the buffer's own close would flush first, and fail the same way
    with contextlib.suppress(Exception):
        stream.close()


class Discard(Exception):
    """Raised inside :func:`atomic_output` to drop the file on purpose (``--strict``)."""


# --------------------------------------------------------------------------- CSV


def csv_field(value: str) -> str:
    """One CSV field, quoted when it holds a quote, a comma or a line break (``\\n`` or ``\\r``).

    The one quoting rule of every CSV salesgrid writes (the roster's fast path included).
    """
    if '"' in value or "," in value or "\n" in value or "\r" in value:
        return '"' + value.replace('"', '""') + '"'
    return value


def csv_line(values: Sequence[Any]) -> str:
    """One CSV line by :func:`csv_field` (``""`` for a row of one empty field: not a blank line)."""
    texts = ["" if value is None else str(value) for value in values]
    if texts == [""]:
        return '""\n'
    return ",".join([csv_field(text) for text in texts]) + "\n"


def csv_writer(
    stream: IO[str],
    fields: Sequence[str],
    header: bool = True,
    dialect: CsvDialect = PLAIN,
    numeric: Sequence[bool] = (),
) -> Callable[[Sequence[Any]], None]:
    """A row writer. Python's csv module (with ``\\n`` line ends) leaves a bare ``\\r``
    unquoted, which splits the row in two for any reader: such rows go through
    :func:`csv_line`, which quotes it, and the rest through the faster C writer (same rule).

    Another ``dialect`` than plain (:mod:`salesgrid.output.csvdialect`) has its delimiter, line
    end and byte order mark (written before the header), and writes the text of the fields
    ``numeric`` flags (one flag a field) with its decimal mark."""
    if not dialect.writes_plain:
        return _dialect_writer(stream, fields, header, dialect, numeric)
    writerow = csv.writer(stream, lineterminator="\n").writerow
    write = stream.write

    def emit(values: Sequence[Any]) -> None:
        for value in values:
            if value.__class__ is str and "\r" in value:
                write(csv_line(values))
                return
        writerow(values)

    if header:
        emit(fields)
    return emit


def _dialect_writer(
    stream: IO[str],
    fields: Sequence[str],
    header: bool,
    dialect: CsvDialect,
    numeric: Sequence[bool],
) -> Callable[[Sequence[Any]], None]:
    # The C writer quotes a field with a character of the line end, but not one with the
    # other of \r and \n: such rows go through the dialect's own line, which quotes both.
    writerow = csv.writer(
        stream, delimiter=dialect.delimiter, lineterminator=dialect.newline
    ).writerow
    numbers = [i for i, flag in enumerate(numeric) if flag] if dialect.decimal_comma else []
    number, line, write = dialect.number, dialect.line, stream.write

    def put(texts: list[str]) -> None:
        if texts == [""] or any("\r" in text or "\n" in text for text in texts):
            write(line(texts))
        else:
            writerow(texts)

    def emit(values: Sequence[Any]) -> None:
        texts = ["" if value is None else str(value) for value in values]
        for i in numbers:
            texts[i] = number(texts[i])
        put(texts)

    if header:
        if dialect.bom:
            write(BOM)
        put(list(fields))
    return emit


#: Characters JSON allows raw in a string but that line-splitting readers (Python's
#: str.splitlines, older JavaScript) take for a line end: escaped so one record is one line.
_LINE_ENDS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def json_string(value: str) -> str:
    """``value`` as a JSON string on one line, whoever splits it (UTF-8 kept as it is)."""
    text = encode_basestring(value)
    return text if text.isascii() else text.translate(_LINE_ENDS)


def jsonl_line(fields: Sequence[str], kinds: dict[str, str]) -> Callable[[Sequence[str]], str]:
    """One JSON object per line; numbers and booleans written as such, empty values as null."""
    encode_basestring = json_string
    keys = [encode_basestring(name) + ": " for name in fields]
    field_kinds = [kinds.get(name, "str") for name in fields]

    def line(values: Sequence[str]) -> str:
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
        return "{" + ", ".join(parts) + "}\n"

    return line


def jsonl_writer(
    stream: IO[str], fields: Sequence[str], kinds: dict[str, str]
) -> Callable[[Sequence[str]], None]:
    """Write :func:`jsonl_line` records to ``stream``."""
    line = jsonl_line(fields, kinds)
    write = stream.write

    def emit(values: Sequence[str]) -> None:
        write(line(values))

    return emit
