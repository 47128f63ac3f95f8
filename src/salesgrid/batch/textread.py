"""Roster text as read: bytes decoded (UTF-8 unless told, UTF-16 by its BOM), the bytes a codec
could not decode counted and shown in a row's reason, and the longest field and line read.
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Sequence
from typing import IO, TextIO

from salesgrid.batch.codepage import guarded

#: The longest CSV field, and the longest JSONL line, read; longer ones reject their row.
MAX_FIELD = 100_000
MAX_LINE = 1_000_000
SURROGATE = re.compile("[\udc00-\udcff]")
ANY_SURROGATE = re.compile("[\ud800-\udfff]")

#: Bytes the codec could not decode, counted by the error handler below (each becomes one
#: surrogate character, as with surrogateescape), so that readers look for them in rows only
#: when there are some.
UNDECODED = [0]


def _undecodable(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    bad = exc.object[exc.start : exc.end]
    UNDECODED[0] += len(bad)
    return "".join(chr(0xDC00 + byte) for byte in bad), exc.end


codecs.register_error("salesgrid.undecodable", _undecodable)


def text_stream(binary: IO[bytes], encoding: str, check: bool = True) -> TextIO:
    """Text read from ``binary``; by default UTF-8, or UTF-16 when the bytes start with its BOM
    (Excel's "Unicode Text"), which is looked at without reading it where the stream can peek.
    The stream's ``encoding`` is the codec chosen. Read as a single-byte code page, text whose
    first non-ASCII bytes are UTF-8 is refused (:mod:`salesgrid.batch.codepage`; ``check``
    False: decided already, for a part of the file)."""
    peek = getattr(binary, "peek", None)
    if encoding == "utf-8-sig" and peek is not None:
        start = peek(2)[:2]
        if start in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
            encoding = "utf-16"
    binary = guarded(binary, encoding, check)
    stream = io.TextIOWrapper(
        binary,
        encoding=encoding,
        errors="salesgrid.undecodable",
        newline="",
    )
    stream._CHUNK_SIZE = 65536  # type: ignore[attr-defined]
    return stream


def _undecoded_bytes(texts: Sequence[str]) -> bytes:
    return bytes(ord(c) - 0xDC00 for text in texts for c in SURROGATE.findall(text))


def encoding_reason(texts: Sequence[str], encoding: str) -> str:
    shown = _undecoded_bytes(texts)[:4]
    if encoding == "utf-8-sig":
        return (
            f"bytes that are not UTF-8 ({shown!r}): if the file comes from a Bulgarian "
            "Windows Excel, read it with --encoding cp1251"
        )
    return (
        f"bytes that are not {encoding} text ({shown!r}): check --encoding "
        "(cp1251 for Bulgarian Windows, utf-8 for most others)"
    )


def _clean(text: str) -> str:
    """A value fit to write back: undecodable bytes become U+FFFD."""
    return ANY_SURROGATE.sub("\ufffd", text)


def clean_values(header: Sequence[str], row: Sequence[str]) -> dict[str, str]:
    return {name: _clean(value) for name, value in zip(header, row, strict=False)}
