"""The XML parts of an xlsx workbook fed to expat in chunks, in bounded memory.

Every parser refuses a document type declaration (which no xlsx part has: it could declare
entities), and XML expat refuses (not well formed, in an encoding Python cannot read) is a
damaged workbook. :func:`feed` drives a parser with handlers (the careful way, for any XML);
:class:`QuickCheck` and :func:`quick_root` serve the quick readers, which read the form Excel
writes with regular expressions while expat, without handlers, checks it in step (see
:mod:`salesgrid.batch.xlsxsheet`).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Generator, Iterator
from typing import Any
from xml.parsers import expat

from salesgrid.errors import UsageError, clip

MiB = 1 << 20
#: XML read without a new element (one tag, text or comment this long is no roster).
MAX_QUIET = 16 * MiB
CHUNK = 1 << 16
NAMESPACES = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
)
CSV_HINT = "save the sheet as CSV (File > Save As > CSV UTF-8) and read that"


def mib(size: int) -> str:
    return f"{size / MiB:,.0f} MiB" if size >= MiB else f"{size:,} bytes"


def refuse(what: str) -> UsageError:
    return UsageError(f"the roster is not a readable xlsx workbook: {what}")


def new_parser(what: str) -> Any:
    """An expat parser that refuses a document type declaration."""
    parser = expat.ParserCreate(namespace_separator=" ")

    def doctype(*_: Any) -> None:
        raise refuse(
            f"its {what} declares a document type, which no xlsx part does (it could declare "
            "entities): save the workbook again from Excel"
        )

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    parser.buffer_text = True
    parser.buffer_size = CHUNK
    return parser


def feed(
    parser: Any, chunks: Iterator[bytes], what: str, progress: Callable[[], int] | None = None
) -> Generator[None, None, None]:
    """Feed the chunks to the parser, pausing after each; the last pause is after the end.
    ``progress`` counts the elements seen: MAX_QUIET bytes without a new one refuse the part
    (expat holds a whole tag or comment in memory until it ends)."""
    read = quiet_from = 0
    seen = -1
    for chunk in chunks:
        parse(parser, chunk, what)
        read += len(chunk)
        yield
        if progress is not None:
            now = progress()
            if now != seen:
                seen, quiet_from = now, read
            elif read - quiet_from > MAX_QUIET:
                raise UsageError(
                    f"the xlsx workbook's {what} runs {mib(read - quiet_from)} without a new "
                    f"XML element (at most {mib(MAX_QUIET)}): a value or tag this long is "
                    f"no roster; {CSV_HINT}"
                )
    parse(parser, b"", what, True)
    yield


def parse(parser: Any, chunk: bytes, what: str, final: bool = False) -> None:
    """Feed expat a chunk: XML it refuses (not well formed, in an encoding it cannot read) is
    a damaged workbook; what the handlers raise goes through."""
    try:
        parser.Parse(chunk, final)
    except (expat.ExpatError, LookupError, ValueError) as exc:
        # LookupError, ValueError: an encoding Python does not know, or a multi-byte one
        raise refuse(f"the XML of its {what}: {clip(str(exc), 200)}") from None


def local(name: str) -> str:
    """An element or attribute's local name (``NAMESPACE local`` or ``local``)."""
    return name.rpartition(" ")[2]


def spreadsheet(name: str) -> str:
    """The local name of an element of SpreadsheetML (transitional or strict), else ''."""
    namespace, _, name = name.rpartition(" ")
    return name if namespace in NAMESPACES else ""


# ----------------------------------------------------------------------------- quick reading
# XML in the form Excel writes is read with regular expressions (far quicker than a handler
# per element), while expat without handlers checks in step that it is well formed; see
# :mod:`salesgrid.batch.xlsxsheet`.

_ATTRIBUTE = r"""\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*')"""
_DECLARATION = re.compile(r"""\s(xmlns(?::[\w.-]+)?)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_ENCODING = re.compile(r"""encoding\s*=\s*["']([^"']*)["']""")
_ROOTS = {
    name: re.compile(
        rf"\ufeff?(<\?xml(?:{_ATTRIBUTE})*\s*\?>)?\s*<{name}((?:{_ATTRIBUTE})*)\s*(/?)>"
    )
    for name in ("worksheet", "sst")
}
_REFERENCE = re.compile(r"&(?:#x([0-9a-fA-F]{1,6})|#([0-9]{1,7})|(lt|gt|amp|quot|apos));")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}


def quick_root(head: str, name: str) -> tuple[int, str, bool] | None:
    """Where the start tag of the root element ``name`` ends in ``head`` (the XML up to the
    elements to read quickly), its namespace declarations as attributes, and whether it is
    empty; None unless the XML is UTF-8 with SpreadsheetML as the default namespace, and no
    comment, processing instruction or other markup declaration."""
    root = _ROOTS[name].match(head)
    if root is None or "<!" in head or "<?" in head[root.end() :]:
        return None
    declared = _ENCODING.search(root.group(1) or "")
    if declared is not None and declared.group(1).lower().replace("-", "") != "utf8":
        return None
    namespaces = {n: a or b for n, a, b in _DECLARATION.findall(root.group(2))}
    if namespaces.get("xmlns") not in NAMESPACES:
        return None
    attributes = "".join(
        f' {n}="{v.replace("&", "&amp;").replace(chr(34), "&quot;").replace("<", "&lt;")}"'
        for n, v in namespaces.items()
    )
    return root.end(), attributes, bool(root.group(3))


def _character(match: re.Match[str]) -> str:
    hexadecimal, decimal, name = match.groups()
    if name is not None:
        return _NAMED[name]
    return chr(int(hexadecimal, 16) if hexadecimal is not None else int(decimal))


def xml_text(raw: str) -> str:
    """Text as an XML parser gives it: line ends as LF, references replaced (expat has
    checked that there are no others)."""
    if "\r" in raw:
        raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    return _REFERENCE.sub(_character, raw) if "&" in raw else raw


class QuickCheck:
    """A part's chunks decoded for a quick reader, each checked by expat first."""

    def __init__(self, chunks: Iterator[bytes], what: str) -> None:
        self.chunks = chunks
        self.what = what
        self.check = new_parser(what)  # no element handlers: a well-formedness check
        self.decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self.text = ""  # decoded XML not read yet
        self.raw: list[bytes] | None = []  # the bytes read, until told to drop them

    def read(self) -> bool:
        """Read a chunk into ``text``; False at the end of the part (checked to the end)."""
        chunk = next(self.chunks, None)
        if chunk is None:
            parse(self.check, b"", self.what, True)
            return False
        parse(self.check, chunk, self.what)
        if self.raw is not None:
            self.raw.append(chunk)
        self.text += self.decoder.decode(chunk)
        return True
