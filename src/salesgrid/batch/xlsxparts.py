"""xlsx workbooks read as a stream, in bounded memory.

An xlsx workbook is a zip archive of XML parts. This reads the few it needs with the standard
library (``zipfile`` and ``xml.parsers.expat``, fed in chunks): the workbook (its sheets, and
whether it counts days from 1904), its relationships (which part is which sheet), the cell
styles (which number formats are dates), the shared strings, and the sheet itself row by row,
as it is parsed. Only the cells the sheet holds are read: a stray cell at XFD1048576 costs one
cell, not the range up to it.

Every size is bounded, counted as it is read (never taken from the zip's own headers, though
a part that says it is too large is refused before it is read): see the ``MAX_`` limits below
(and :mod:`salesgrid.batch.xlsxxml`'s, :mod:`salesgrid.batch.xlsxsheet`'s), documented in
docs/roster.md. Beyond one, the workbook is refused with a
:class:`~salesgrid.errors.UsageError` naming the limit. An XML part with a document type
declaration (which xlsx never has: it could declare entities) is refused too.

The XML is fed to expat by :mod:`salesgrid.batch.xlsxxml`; the sheet is read by
:mod:`salesgrid.batch.xlsxsheet`; what each cell means is :mod:`salesgrid.batch.xlsxcells`'s;
the rows a roster reads from the sheet (its header, rejected rows and why) are
:mod:`salesgrid.batch.xlsxread`'s.
"""

from __future__ import annotations

import io
import posixpath
import re
import struct
import zipfile
from collections.abc import Callable, Generator
from typing import IO
from urllib.parse import unquote

from salesgrid.batch.xlsxcells import (
    BUILTIN_FORMATS,
    MAX_CELL_TEXT,
    PLAIN,
    format_kind,
    unescape,
)
from salesgrid.batch.xlsxxml import (
    CHUNK,
    CSV_HINT,
    MAX_QUIET,
    MiB,
    QuickCheck,
    feed,
    local,
    mib,
    new_parser,
    quick_root,
    refuse,
    spreadsheet,
    xml_text,
)
from salesgrid.errors import UsageError, clip

#: The workbook file itself (a zip archive; from a pipe it is held in memory).
MAX_WORKBOOK = 256 * MiB
#: Files in the archive, and the size of its directory (read before any file).
MAX_ENTRIES = 10_000
MAX_DIRECTORY = 4 * MiB
#: Uncompressed XML of the workbook, its relationships and its styles (each).
MAX_PART = 64 * MiB
#: Uncompressed XML of the shared strings; the strings and their characters in all.
MAX_SHARED_XML = 256 * MiB
MAX_SHARED = 1_000_000
MAX_SHARED_CHARS = 64_000_000
#: Uncompressed XML of the sheet, and the cells read from it (empty ones too).
MAX_SHEET_XML = 512 * MiB
MAX_CELLS = 20_000_000
#: Sheets named in the workbook, relationships in a .rels part, number formats in the styles.
MAX_SHEETS = 10_000
MAX_NAMED = 65_536

# ----------------------------------------------------------------------------- the archive


def open_archive(source: bytes | IO[bytes]) -> zipfile.ZipFile:
    """The workbook's zip archive, its size and directory checked before it is opened."""
    if isinstance(source, bytes | bytearray):
        stream: IO[bytes] = io.BytesIO(source)
    elif _seekable(source):
        stream = source
    else:  # a pipe: held in memory, so bounded
        data = source.read(MAX_WORKBOOK + 1)
        if len(data) > MAX_WORKBOOK:
            raise UsageError(
                f"the xlsx workbook on stdin is larger than {mib(MAX_WORKBOOK)}: give its path "
                f"instead, or {CSV_HINT}"
            )
        stream = io.BytesIO(data)
    size = stream.seek(0, io.SEEK_END)
    stream.seek(0)
    head = stream.read(4)
    stream.seek(0)
    if head != b"PK\x03\x04":
        if head == b"\xd0\xcf\x11\xe0":
            raise UsageError(
                "the roster is an encrypted (password-protected) workbook or an old .xls one, "
                "not an xlsx: save it from Excel as .xlsx without a password"
            )
        raise UsageError(
            "the roster is not an xlsx workbook (an .xlsx file is a zip archive): save it from "
            "Excel as .xlsx, or read a CSV export with --input-format csv"
        )
    if size > MAX_WORKBOOK:
        raise UsageError(
            f"the xlsx workbook is {mib(size)}, more than {mib(MAX_WORKBOOK)}: {CSV_HINT}"
        )
    _check_directory(stream, size)
    try:
        return zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, struct.error) as exc:
        raise refuse(f"its zip archive is damaged ({clip(str(exc), 200)})") from None


def _seekable(source: IO[bytes]) -> bool:
    try:
        return bool(source.seekable())
    except (AttributeError, ValueError, OSError):
        return False


_END = b"PK\x05\x06"
_END64 = b"PK\x06\x06"
_LOCATOR64 = b"PK\x06\x07"


def _check_directory(stream: IO[bytes], size: int) -> None:
    """Refuse an archive whose directory (which :mod:`zipfile` reads whole, one object per
    file) is larger than any workbook's, reading its end records as :mod:`zipfile` does."""
    tail_size = min(size, 22 + 0xFFFF)
    stream.seek(size - tail_size)
    tail = stream.read(tail_size)
    at = len(tail) - 22 if tail[-22:-18] == _END else tail.rfind(_END, 0, len(tail) - 18)
    if at < 0:
        raise refuse("its zip archive has no directory (a file cut short?)")
    entries, directory = struct.unpack_from("<HI", tail, at + 10)
    where = size - tail_size + at
    if where >= 76:  # a zip64 end record, which zipfile reads instead
        stream.seek(where - 76)
        record = stream.read(76)
        if record[56:60] == _LOCATOR64 and record[:4] == _END64:
            big_entries, big_directory = struct.unpack_from("<QQ", record, 32)
            entries, directory = max(entries, big_entries), max(directory, big_directory)
    stream.seek(0)
    if entries > MAX_ENTRIES or directory > MAX_DIRECTORY:
        raise UsageError(
            f"the xlsx workbook's zip archive lists {entries:,} files in {mib(directory)}, more "
            f"than a workbook has (at most {MAX_ENTRIES:,} files, {mib(MAX_DIRECTORY)}): "
            f"{CSV_HINT}"
        )


class Parts:
    """The parts of a workbook by name (case ignored, as the package format says), each read
    in bounded chunks and parsed as XML without a document type declaration."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        self.names = {info.filename.lower(): info for info in archive.infolist()}

    def find(self, name: str) -> zipfile.ZipInfo | None:
        return self.names.get(name.lower())

    def chunks(self, info: zipfile.ZipInfo, limit: int, what: str) -> Generator[bytes, None, None]:
        """The part's bytes, uncompressed, refused beyond ``limit``: by the size it gives,
        and by the bytes actually read."""
        if info.file_size > limit:
            raise _too_big(what, info.file_size, limit)
        read = 0
        try:
            with self.archive.open(info) as member:
                while True:
                    chunk = member.read(CHUNK)
                    if not chunk:
                        return
                    read += len(chunk)
                    if read > limit:
                        raise _too_big(what, read, limit)
                    yield chunk
        except (UsageError, MemoryError):
            raise
        except Exception as exc:  # zipfile, zlib, bz2 and lzma raise many kinds
            if isinstance(exc, RuntimeError) and "encrypted" in str(exc):
                raise refuse(f"its {what} is encrypted: save a copy without a password") from None
            raise refuse(f"its {what}: {clip(str(exc), 200) or type(exc).__name__}") from None

    def parse(
        self,
        info: zipfile.ZipInfo,
        limit: int,
        what: str,
        start: Callable[[str, dict[str, str]], None],
        end: Callable[[str], None] | None = None,
        text: Callable[[str], None] | None = None,
        progress: Callable[[], int] | None = None,
    ) -> None:
        """Parse a part with these handlers (element names are ``NAMESPACE local``)."""
        parser = new_parser(what)
        parser.StartElementHandler = start
        if end is not None:
            parser.EndElementHandler = end
        if text is not None:
            parser.CharacterDataHandler = text
        for _ in feed(parser, self.chunks(info, limit, what), what, progress):
            pass


def _too_big(what: str, size: int, limit: int) -> UsageError:
    return UsageError(
        f"the xlsx workbook's {what} is {'over ' if size <= limit + CHUNK else ''}"
        f"{mib(size)} uncompressed, more than {mib(limit)}: {CSV_HINT}"
    )


def _too_many(what: str, limit: int | None = None) -> UsageError:
    return UsageError(
        f"the xlsx workbook has more than {limit or MAX_NAMED:,} {what}, more than a workbook "
        f"has: save it again from Excel, or {CSV_HINT}"
    )


_STRING = re.compile(
    r'\s*+(?:<si><t(?: xml:space="preserve")?+(?:/>|>([^<]*+)</t>)</si>|(</sst>)|(\S[\s\S]*))'
)


# ----------------------------------------------------------------------------- the workbook


class Workbook:
    """The sheets of a workbook, its date system, and the parts a sheet needs."""

    def __init__(self, source: bytes | IO[bytes]) -> None:
        self.parts = Parts(open_archive(source))
        path = self._main_part()
        info = self.parts.find(path)
        if info is None:
            raise refuse(f"it has no workbook part ({path}): save it again from Excel")
        self.sheets: list[tuple[str, str]] = []  # (name, relationship id)
        self.date1904 = False
        self.parts.parse(info, MAX_PART, "workbook", self._workbook_element)
        rels_path = posixpath.join(
            posixpath.dirname(path), "_rels", posixpath.basename(path) + ".rels"
        )
        self.rels = self._relationships(rels_path, posixpath.dirname(path))

    def _main_part(self) -> str:
        found = self._relationships("_rels/.rels", "")
        for kind, target in found.values():
            if kind.endswith("/officeDocument"):
                return target
        return "xl/workbook.xml"

    def _relationships(self, path: str, folder: str) -> dict[str, tuple[str, str]]:
        """Relationship id -> (type, the target part's path) of one .rels part."""
        info = self.parts.find(path)
        found: dict[str, tuple[str, str]] = {}
        if info is None:
            return found

        def start(name: str, attrs: dict[str, str]) -> None:
            if local(name) != "Relationship" or attrs.get("TargetMode") == "External":
                return
            target = unquote(attrs.get("Target", ""))
            if target.startswith("/"):
                part = posixpath.normpath(target.lstrip("/"))
            else:
                part = posixpath.normpath(posixpath.join(folder, target))
            if len(found) == MAX_NAMED:
                raise _too_many(f"relationships in {clip(path)}")
            found[attrs.get("Id", "")] = (attrs.get("Type", ""), part)

        self.parts.parse(info, MAX_PART, f"relationships ({clip(path)})", start)
        return found

    def _workbook_element(self, name: str, attrs: dict[str, str]) -> None:
        kind = spreadsheet(name)
        if kind == "sheet":
            if len(self.sheets) == MAX_SHEETS:
                raise _too_many("sheets", MAX_SHEETS)
            rel = next((v for k, v in attrs.items() if local(k) == "id" and " " in k), "")
            self.sheets.append((attrs.get("name", ""), rel))
        elif kind == "workbookPr":
            self.date1904 = attrs.get("date1904", "").strip().lower() in ("1", "true")

    def sheet(self, wanted: str | None) -> tuple[str, zipfile.ZipInfo]:
        """The name and part of the first worksheet, or of the sheet named ``wanted``."""
        names = [name for name, _ in self.sheets]
        if not names:
            raise UsageError("the xlsx workbook has no sheet")
        if wanted is not None and wanted not in names:
            shown = ", ".join(repr(clip(n, 40)) for n in names[:20])
            more = f" and {len(names) - 20:,} more" if len(names) > 20 else ""
            raise UsageError(
                f"--sheet {clip(wanted)!r}: the workbook has no such sheet; its sheets are "
                f"{shown}{more}"
            )
        for name, rel in self.sheets:
            if wanted is not None and name != wanted:
                continue
            if rel not in self.rels:
                raise refuse(
                    f"the sheet {clip(name)!r} has no part in the workbook's relationships: save "
                    "it again from Excel"
                )
            kind, path = self.rels[rel]
            if not kind.endswith("/worksheet"):
                if wanted is None:
                    continue  # a chart sheet: the first sheet of cells is the roster
                raise UsageError(
                    f"the sheet {clip(name)!r} is a {clip(kind.rpartition('/')[2], 40)}, not a "
                    "sheet of cells: pass --sheet with the name of the roster's sheet"
                )
            info = self.parts.find(path)
            if info is None:
                raise refuse(f"the part of the sheet {clip(name)!r} ({clip(path)}) is missing")
            return name, info
        raise UsageError("the xlsx workbook has no sheet of cells (only chart sheets)")

    def _part_of(self, kind: str) -> zipfile.ZipInfo | None:
        for rel_kind, path in self.rels.values():
            if rel_kind.endswith("/" + kind):
                return self.parts.find(path)
        return None

    def date_styles(self) -> list[int]:
        """Per cell style (a cell's ``s``), whether its number format is PLAIN, a DATE or
        ELAPSED time."""
        info = self._part_of("styles")
        if info is None:
            return []
        custom: dict[int, int] = {}
        formats: list[int] = []
        inside = {"numFmts": 0, "cellXfs": 0}  # the cells' formats and styles (not dxfs')

        def start(name: str, attrs: dict[str, str]) -> None:
            kind = spreadsheet(name)
            if kind in inside:
                inside[kind] += 1
            elif kind == "numFmt" and inside["numFmts"]:
                number = _int(attrs.get("numFmtId"))
                if number is not None:
                    if len(custom) == MAX_NAMED:
                        raise _too_many("number formats in its styles")
                    custom[number] = format_kind(attrs.get("formatCode", ""))
            elif kind == "xf" and inside["cellXfs"]:
                formats.append(_int(attrs.get("numFmtId")) or 0)

        def end(name: str) -> None:
            kind = spreadsheet(name)
            if kind in inside:
                inside[kind] -= 1

        self.parts.parse(info, MAX_PART, "styles", start, end)
        return [custom.get(n, BUILTIN_FORMATS.get(n, PLAIN)) for n in formats]

    def shared_strings(self) -> list[str]:
        """The shared strings, in order (one too long for a cell is :data:`TOO_LONG`)."""
        info = self._part_of("sharedStrings")
        if info is None:
            return []
        quick = self._quick_strings(info)
        return quick if quick is not None else self._careful_strings(info)

    def _quick_strings(self, info: zipfile.ZipInfo) -> list[str] | None:
        """The shared strings read quickly, or None if one is in another form than plain
        text (rich text, a phonetic reading, a comment...): read them carefully then."""
        chunks = self.parts.chunks(info, MAX_SHARED_XML, "shared strings")
        try:
            part = QuickCheck(chunks, "shared strings")
            while (root := quick_root(part.text, "sst")) is None:
                if len(part.text) > CHUNK or not part.read():
                    return None
            part.raw, part.text = None, part.text[root[0] :]
            strings: list[str] = []
            counted = 0
            ended = root[2]
            more = True
            while more:
                more = part.read()
                end = part.text.rfind("</si>") + 5 if more else len(part.text)
                if more and end < 5:
                    end = 0  # not one whole string yet
                for text, close, other in _STRING.findall(part.text, 0, end):
                    if other or ended:
                        return None
                    if close:
                        ended = True
                        continue
                    if "&" in text or "\r" in text:
                        text = xml_text(text)
                    counted += _shared(strings, unescape(text), counted)
                part.text = part.text[end:]
                if len(part.text) > MAX_QUIET:
                    return None
            return strings if ended else None
        finally:
            chunks.close()

    def _careful_strings(self, info: zipfile.ZipInfo) -> list[str]:
        strings: list[str] = []
        pieces: list[str] = []
        # collecting text, inside a phonetic run, the string's and all strings' characters,
        # elements seen
        state = [False, 0, 0, 0, 0]

        def start(name: str, attrs: dict[str, str]) -> None:  # noqa: ARG001
            state[4] += 1
            kind = spreadsheet(name)
            if kind == "t":
                state[0] = not state[1]
            elif kind == "si":
                pieces.clear()
                state[2] = 0
            elif kind == "rPh":
                state[1] += 1
                state[0] = False

        def end(name: str) -> None:
            kind = spreadsheet(name)
            if kind == "t":
                state[0] = False
            elif kind == "rPh":
                state[1] -= 1
            elif kind == "si":
                text = TOO_LONG if state[2] > MAX_CELL_TEXT else unescape("".join(pieces))
                state[3] += _shared(strings, text, state[3])

        def chars(data: str) -> None:
            if state[0]:
                state[2] += len(data)
                if state[2] <= MAX_CELL_TEXT:
                    pieces.append(data)

        self.parts.parse(
            info, MAX_SHARED_XML, "shared strings", start, end, chars, lambda: state[4]
        )
        return strings


def _shared(strings: list[str], text: str, counted: int) -> int:
    """Add a shared string (:data:`TOO_LONG` when longer than a cell holds) within the limits;
    the characters it counts."""
    if len(strings) == MAX_SHARED:
        raise UsageError(
            f"the xlsx workbook has more than {MAX_SHARED:,} shared strings: {CSV_HINT}"
        )
    if len(text) > MAX_CELL_TEXT:
        text = TOO_LONG
    if counted + len(text) > MAX_SHARED_CHARS:
        raise UsageError(
            f"the xlsx workbook's shared strings hold more than {MAX_SHARED_CHARS:,} "
            f"characters: {CSV_HINT}"
        )
    strings.append(text)
    return len(text)


class TooLong(str):
    """A string longer than a cell can hold (Excel's 32,767 characters)."""


TOO_LONG = TooLong()


def _int(text: str | None) -> int | None:
    if text is None:
        return None
    value = text.strip()
    return int(value) if value.isdigit() and value.isascii() and len(value) < 10 else None
