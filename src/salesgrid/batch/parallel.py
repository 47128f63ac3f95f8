"""Both cores on a large roster file: its second half read by a forked child, at once.

A roster file of at least :data:`MIN_BYTES` is cut at the first line end after its middle,
provided that no quote comes before the cut (so the cut is between two rows), its encoding
cuts cleanly at a line end (UTF-8 and the single-byte code pages), and its header line is the
one the reader read. The parent runs the first half, a forked child the second half, through
the same fast and careful paths; the child's records go to an unnamed temporary file (its copy
of the output's descriptor is pointed there), and its rejected rows, the chart warnings it
would have said and its counts come back in another. The parent then writes the child's
records after its own, says the child's rejected rows and warnings in order, and adds the
child's counts: output, rejects, warnings and totals are those of one process reading the
whole file. If the child fails in any way, the parent reads the second half itself; with
``--strict``, the first rejected row of the whole file stops the run as it would in one process.

Each half rejects an employee id it has already taken; the child cannot know the parent's, so
it sends back the hashes of its own (the plan is made before any row is read, so the child
starts with none), and if any is one of the parent's, the child's work is dropped and the
parent reads the second half itself: a person on both sides of the cut is rejected as in one
process, with the same line, message and counts.

The child dies with its parent, whatever ends the parent (SIGKILL included: Linux's
``PR_SET_PDEATHSIG``; elsewhere the parent's signal handlers end it), and its two files have no
name (``tempfile.TemporaryFile``): nothing of a run outlives it.

Only where ``os.fork`` exists (Linux, macOS); elsewhere, and for smaller files, stdin, or a
progress bar, the file is read in one process.
"""

from __future__ import annotations

import contextlib
import io
import os
import pickle
import signal
import stat
import tempfile
from collections.abc import Callable
from typing import IO, Any, Protocol

from salesgrid import signals
from salesgrid.batch import actualpay
from salesgrid.batch.blocks import BlockSource
from salesgrid.batch.rows import Rejected
from salesgrid.batch.textread import UNDECODED, text_stream

#: The smallest roster file read by two processes (about 300,000 pay-only rows).
MIN_BYTES = 4 << 20
#: Encodings in which a line-end byte is always a line end, at a character boundary.
_CUTS_CLEANLY = frozenset(("utf-8", "utf-8-sig", "ascii", "latin-1", "iso8859-1", "cp1251",
                           "cp1252", "iso8859-5", "koi8-r", "koi8-u", "mac-cyrillic"))  # fmt: skip
SCAN = 1 << 23  # bytes looked at a time for quotes and line ends


class _Range(io.RawIOBase):
    """The bytes of a file from ``start`` to ``end``, read with pread (no shared offset)."""

    def __init__(self, fd: int, start: int, end: int) -> None:
        super().__init__()
        self.fd, self.at, self.end = fd, start, end

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        size = min(len(buffer), self.end - self.at)
        if size <= 0:
            return 0
        data = os.pread(self.fd, size, self.at)
        buffer[: len(data)] = data
        self.at += len(data)
        return len(data)


class _LoopShare(Protocol):
    """What the two halves share with the run's row loop (:class:`salesgrid.batch.loop.RowLoop`):
    its roster, its cache of positions, its counts and where its rejected rows go."""

    spec: Any  # salesgrid.batch.spec.RosterSpec
    entries: dict[Any, list[Any]]
    lookup: Callable[[Any], list[Any]]
    summary: Any  # salesgrid.batch.summary.Summary
    reject: Callable[[Rejected], None]
    read: int
    rejected: int
    blank: int


class Halves:
    """Where a roster file is cut in two, and how each half is read."""

    def __init__(self, source: BlockSource, fd: int, start: int, cut: int, end: int,
                 lines: int, codec: str) -> None:  # fmt: skip
        self.source, self.fd = source, fd
        self.start, self.cut, self.end = start, cut, end
        self.lines = lines  # line ends before the cut, from the first row's line
        self.codec = codec

    def half(self, second: bool, undecoded: int) -> BlockSource:
        """A reader of one half, numbering its lines as the whole file does."""
        start, end = (self.cut, self.end) if second else (self.start, self.cut)
        binary = io.BufferedReader(_Range(self.fd, start, end), buffer_size=1 << 16)
        stream = text_stream(binary, self.codec, check=False)  # the file is looked through
        source = self.source
        half = BlockSource(stream, source.delimiter, source.header, source.encoding, undecoded)
        half.line = source.line + (self.lines if second else 0)
        return half


def cut_in_two(source: Any, output: IO[Any] | None) -> Halves | None:
    """Where to cut ``source`` for two processes, or None when it is not worth it or not
    safe (see the module's text)."""
    if not hasattr(os, "fork") or output is None or not isinstance(source, BlockSource):
        return None
    if source.line != 2 or source.carry or not source.first:
        return None  # blocks already read, or no header line to check against
    stream: Any = source.stream
    codec = stream.encoding.lower().replace("_", "-")
    if codec not in _CUTS_CLEANLY:
        return None
    try:
        output.fileno()
        fd = stream.buffer.fileno()
        found = os.fstat(fd)
    except (AttributeError, OSError, ValueError):
        return None
    if fd == 0:  # stdin: it may start anywhere in a file, and be shared with what comes next
        return None
    if not stat.S_ISREG(found.st_mode) or found.st_size < MIN_BYTES:
        return None
    end = found.st_size
    head = os.pread(fd, min(end, 1 << 20), 0)
    start = head.find(b"\n") + 1
    if not start or head[:start].decode(stream.encoding, "replace") != source.first:
        return None
    middle = start + (end - start) // 2
    tail = os.pread(fd, 1 << 20, middle)
    step = tail.find(b"\n")
    if step < 0:
        return None
    cut = middle + step + 1
    lines = 0
    after_cr = False  # the chunk before ended in CR: a LF first in this one ends no more line
    for at in range(start, cut, SCAN):
        chunk = os.pread(fd, min(SCAN, cut - at), at)
        if b'"' in chunk:
            return None  # a quoted field may hold the line end at the cut
        lines += chunk.count(b"\n") + chunk.count(b"\r") - chunk.count(b"\r\n")
        if after_cr and chunk.startswith(b"\n"):
            lines -= 1  # a CRLF across two chunks is one line end
        after_cr = chunk.endswith(b"\r")
    if cut >= end:
        return None
    return Halves(source, fd, start, cut, end, lines, "utf-8" if codec == "utf-8-sig" else codec)


def run_halves(
    plan: Halves,
    work: Callable[[BlockSource], bool],
    loop: _LoopShare,
    output: IO[Any],
) -> bool:
    """Run ``work`` on both halves (the second in a forked child); False if ``--strict``
    stopped the run. ``loop`` holds the run's counts and its reject callback."""
    output.flush()  # nothing buffered may be written twice
    try:
        records = tempfile.TemporaryFile()  # noqa: SIM115 - the child's records
        results = tempfile.TemporaryFile()  # noqa: SIM115 - and what it has to say
    except OSError:
        return work(plan.source)  # nowhere to put the second half: one process
    stopping = {getattr(signal, n) for n in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, n)}
    with records, results:
        # no signal between the fork and the child's own handlers, or before the parent
        # knows the child's pid to end it with the run
        signal.pthread_sigmask(signal.SIG_BLOCK, stopping)
        parent = os.getpid()
        try:
            pid = os.fork()
            if pid == 0:  # pragma: no cover - the child ends with os._exit, out of coverage
                _die_with(parent)
                for number in stopping:
                    signal.signal(number, signal.SIG_DFL)
                signal.pthread_sigmask(signal.SIG_UNBLOCK, stopping)
                run_child(plan, work, loop, output, records, results)
            signals.CHILDREN.add(pid)
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, stopping)
        try:
            ok = work(plan.half(False, _undecoded()))
        except BaseException:
            _stop(pid)
            raise
        if not ok:
            _stop(pid)
            return False
        status = _wait(pid)
        if status != 0:  # the child failed: read its half here
            return work(plan.half(True, _undecoded()))
        found = pickle.loads(_whole(results.fileno()))
        if loop.summary.seen.overlaps(found["ids"]):  # someone on both sides of the cut
            return work(plan.half(True, _undecoded()))
        _replay(found, loop)
        output.flush()
        target = output.buffer if hasattr(output, "buffer") else output
        fd, at = records.fileno(), 0
        while chunk := os.pread(fd, 1 << 20, at):
            target.write(chunk)
            at += len(chunk)
        return bool(found["ok"])


#: prctl(2)'s option: the signal a process gets when its parent dies.
_PR_SET_PDEATHSIG = 1


def _die_with(parent: int) -> None:  # pragma: no cover - runs in the child
    """Have this (forked) process killed when ``parent`` dies, SIGKILL included, where the
    platform can (Linux's prctl); if ``parent`` died before that took effect, end now. Without
    prctl (macOS), the parent's signal handlers end the child, as :mod:`salesgrid.signals` says."""
    try:
        import ctypes  # the child alone, for prctl

        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (ImportError, OSError, AttributeError):
        return
    if prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        return  # refused: as without prctl
    if os.getppid() != parent:  # the parent is already gone: its run with it
        os._exit(1)


def _whole(fd: int) -> bytes:
    """A file's bytes, read by position (the child's writes moved the offset it shares)."""
    parts, at = [], 0
    while chunk := os.pread(fd, 1 << 20, at):
        parts.append(chunk)
        at += len(chunk)
    return b"".join(parts)


def _undecoded() -> int:
    return UNDECODED[0]


def run_child(plan: Halves, work: Callable[[BlockSource], bool], loop: _LoopShare, output: IO[Any],
           records: IO[bytes], results: IO[bytes]) -> None:  # fmt: skip
    """Read the second half into ``records``; its say into ``results``; end the process."""
    code = 70
    try:
        signals.TEMPORARY.clear()  # the parent's to remove, not the child's
        os.dup2(records.fileno(), output.fileno())
        said: list[Any] = []
        loop.reject = said.append
        spec = loop.spec
        if spec.chart_gap is not None:  # said by the parent, in order, once a run
            spec.chart_gap = said.append
        before = {key: entry[1] for key, entry in loop.entries.items()}
        ok = work(plan.half(True, _undecoded()))
        output.flush()
        counted = {key: entry[1] - before.get(key, 0) for key, entry in loop.entries.items()
                   if entry[1] != before.get(key, 0)}  # fmt: skip
        summary = loop.summary
        data = pickle.dumps(
            {
                "ok": ok, "read": loop.read, "rejected": loop.rejected, "blank": loop.blank,
                "said": said,
                "entries": counted, "counts": dict(summary.counts),
                "resolved": [key for key, entry in loop.entries.items()
                             if entry[0].__class__ is not str],
                "ids": loop.summary.seen.export(),
                "actual": _actual_counts(summary.actual),
            },
        )  # fmt: skip
        written = 0
        while written < len(data):
            written += os.pwrite(results.fileno(), data[written:], written)
        code = 0
    finally:
        os._exit(code)


def _replay(found: dict[str, Any], loop: _LoopShare) -> None:
    """The child's rejected rows and warnings, said in order, and its counts added."""
    spec = loop.spec
    for item in found["said"]:
        if isinstance(item, Rejected):
            loop.reject(item)
        elif item not in spec.gaps_said:
            spec.gaps_said.add(item)
            spec.chart_gap(item)
    loop.read += found["read"]
    loop.rejected += found["rejected"]
    loop.blank += found["blank"]
    for key, count in found["entries"].items():
        entry = loop.entries.get(key) or loop.lookup(key)
        entry[1] += count
    counts, positions = loop.summary.counts, loop.summary.positions
    for key, count in found["counts"].items():
        counts[key] = counts.get(key, 0) + count
    if found["actual"] is not None:
        actualpay.merge(loop.summary.actual, found["actual"])
    for key in found["resolved"]:  # the child's positions, resolved here too
        resolved = (loop.entries.get(key) or loop.lookup(key))[0]
        if any(count_key[0] == resolved.key for count_key in found["counts"]):
            positions.setdefault(resolved.key, resolved)


def _actual_counts(totals: actualpay.Totals | None) -> actualpay.Totals | None:
    """The child's actual-pay counts, to send (what they are checked against stays)."""
    if totals is None:
        return None
    found = actualpay.Totals()
    found.levels, found.cost, found.below, found.typo = (
        totals.levels, totals.cost, totals.below, totals.typo,
    )  # fmt: skip
    return found


def _stop(pid: int) -> None:
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)
    _wait(pid)


def _wait(pid: int) -> int:
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:  # pragma: no cover - reaped elsewhere
        status = 1
    signals.CHILDREN.discard(pid)
    return status
