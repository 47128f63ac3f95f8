"""A roster given a single-byte code page (``--encoding cp1251``) whose text is UTF-8.

Read as cp1251, UTF-8 text comes out garbled (each Cyrillic letter as two others) and would be
written as if it were right: a single-byte code page decodes any byte, so the reader cannot
tell. The reverse mistake is all but impossible: Cyrillic (or accented Latin) text in cp1251,
cp1252, latin-1 or KOI8 is bytes from 0x80 up that are essentially never valid UTF-8 (a UTF-8
lead byte must be followed by exactly the right number of bytes from 0x80 to 0xBF, rare
punctuation in those code pages). So the roster's first non-ASCII bytes decide: when the
:data:`WINDOW` bytes from the first of them on are valid UTF-8 and say something beyond Latin-1
(Cyrillic, as every UTF-8 Bulgarian roster does), the roster is UTF-8 and the run is refused
(exit 2). Bytes that are valid UTF-8 only as Latin-1 letters and signs are what a few
single-byte characters can make by chance (cp1251's Cyrillic capital Ve before a no-break
space is the UTF-8 of a lone no-break space): there the ``--encoding`` given is believed.

:class:`Guard` wraps the binary stream and reads its first :data:`PREFIX` bytes ahead (handed on
as they are: nothing is consumed), so that non-ASCII text in the first MiB refuses the run
before any row is read. When the first MiB is ASCII, a regular file is looked through to its
first non-ASCII byte (with pread, in C, without consuming it): refused before any row too. Only
a stream (stdin, a pipe) whose first MiB is ASCII is looked at as it is read, chunk by chunk (a
C ``isascii`` each) up to its first non-ASCII byte; there, UTF-8 is noted, the run goes on, and
at its end (:func:`refuse_late`, called when every row has been read) it is refused: the
records are out on stdout by then, but an ``--output`` or ``--rejects`` file is not written. The
outcome is the same whatever the reading's chunks: a ``--strict`` stop before the end wins.
"""

from __future__ import annotations

import codecs
import io
import os
import re
import stat
from functools import lru_cache
from typing import IO, Any

from salesgrid.errors import UsageError

#: Bytes read ahead at the start, so that non-ASCII text in them refuses the run before any row.
PREFIX = 1 << 20
#: Bytes from the first non-ASCII byte that must all be UTF-8 for the roster to be UTF-8.
WINDOW = 1 << 16
_NON_ASCII = re.compile(rb"[\x80-\xff]")


@lru_cache(maxsize=32)
def single_byte(codec: str) -> bool:
    """Whether ``codec`` is a single-byte code page that reads ASCII as ASCII (cp1251, cp1252,
    latin-1, iso8859-*, koi8-*, ascii...): one character per byte, whatever the bytes."""
    try:
        if codecs.lookup(codec).name in ("utf-8", "utf-8-sig"):
            return False
        every = bytes(range(256)).decode(codec, "replace")
        alone = "".join(bytes((byte,)).decode(codec, "replace") for byte in range(256))
    except (LookupError, UnicodeError, ValueError, TypeError):
        return False
    return len(every) == 256 and every == alone and every[:128] == "".join(map(chr, range(128)))


def beyond_latin1(data: bytes) -> bool:
    """Whether UTF-8 ``data`` holds a character beyond Latin-1 (a lead byte from 0xC4 up)."""
    return any(ord(char) > 0xFF for char in data.decode("utf-8", "ignore"))


def utf8_text(data: bytes, final: bool) -> bool:
    """Whether ``data`` (from a non-ASCII byte on) is UTF-8: valid, a sequence cut at its end
    allowed unless ``final``."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(data, final=final)
    except UnicodeDecodeError:
        return False
    return True


class Guard(io.RawIOBase):
    """The bytes of ``binary`` as they are, refused (:class:`UsageError`) where its first
    non-ASCII bytes are UTF-8: at once when they are in the first MiB or ``binary`` is a regular
    file, else noted in ``late`` for :func:`refuse_late`."""

    def __init__(self, binary: IO[bytes], codec: str) -> None:
        super().__init__()
        self.binary = binary
        self.codec = codec
        self.at = 0  # the bytes read from binary so far
        self.decided = False  # the first non-ASCII bytes have been looked at
        self.late: str | None = None  # why the stream is refused, once every row is read
        self.pending = memoryview(b"")  # bytes read ahead, not yet handed on
        self.started = False  # the first MiB has been read (and looked at)
        self.read_more: Any = getattr(binary, "read1", None) or binary.read

    def readable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self.binary.fileno()

    def readinto(self, buffer: Any) -> int:
        if not self.started:
            self._take(self._read(PREFIX))
            if not self.decided:
                self._look_through()
            self.started = True
        if not self.pending:
            self._take(self.read_more(len(buffer)))
            if not self.pending:
                return 0
        size = min(len(buffer), len(self.pending))
        buffer[:size] = self.pending[:size]
        self.pending = self.pending[size:]
        return size

    def _read(self, size: int) -> bytes:
        """Up to ``size`` bytes (fewer only at the end of the stream)."""
        parts, got = [], 0
        while got < size:
            part = self.read_more(size - got)
            if not part:
                break
            parts.append(part)
            got += len(part)
        return b"".join(parts)

    def _take(self, data: bytes) -> None:
        """``data``, the next bytes read, looked at while undecided, then held to hand on."""
        start = self.at
        self.at += len(data)
        if not self.decided and not data.isascii():
            found = _NON_ASCII.search(data)
            assert found is not None
            first = found.start()
            more = max(0, first + WINDOW - len(data))
            if more:  # the whole window, whatever the chunks
                extra = self._read(more)
                self.at += len(extra)
                data += extra
            self._decide(data[first : first + WINDOW], len(data) < first + WINDOW, start + first,
                         late=self.started)  # fmt: skip
        self.pending = memoryview(data)

    def _look_through(self) -> None:
        """A regular file whose first MiB is ASCII: its first non-ASCII bytes, found now."""
        try:
            fd = self.binary.fileno()
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return
            at = self.binary.tell()  # where the bytes after the first MiB start in the file
        except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
            return
        while chunk := os.pread(fd, 1 << 23, at):
            if not chunk.isascii():
                found = _NON_ASCII.search(chunk)
                assert found is not None
                window = os.pread(fd, WINDOW, at + found.start())
                self._decide(window, len(window) < WINDOW, 0, late=False)
                return
            at += len(chunk)
        self.decided = True  # ASCII to the end

    def _decide(self, window: bytes, final: bool, where: int, late: bool) -> None:
        """Refuse the roster if ``window`` (from its first non-ASCII byte, at byte ``where`` of
        the stream) is UTF-8: at once before any row is read, else (``late``) once every row
        is."""
        self.decided = True
        if not utf8_text(window, final) or not beyond_latin1(window):
            return
        message = f"the roster is UTF-8, not {self.codec}: drop --encoding (UTF-8 is the default)"
        if late:
            self.late = (
                f"{message}; its first non-ASCII text, at byte {where:,}, came after the first "
                "MiB of a stream, once the records before it were written: do not use them"
            )
            return
        raise Utf8Text(message)


class Utf8Text(UsageError):
    """A file read as a single-byte code page whose text is UTF-8, refused before any row."""


def guarded(binary: IO[bytes], codec: str, check: bool = True) -> IO[bytes]:
    """``binary`` read through a :class:`Guard` when ``codec`` is a single-byte code page (and
    ``check``: not decided already)."""
    if not check or not single_byte(codec):
        return binary
    return io.BufferedReader(Guard(binary, codec), buffer_size=1 << 16)


def refuse_late(stream: Any) -> None:
    """Refuse (:class:`UsageError`) the text ``stream`` whose first non-ASCII bytes came late in
    a stream and were UTF-8; called once every row has been read."""
    raw = getattr(getattr(stream, "buffer", None), "raw", None)
    if isinstance(raw, Guard) and raw.late is not None:
        raise UsageError(raw.late)
