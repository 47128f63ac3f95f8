"""The CSV dialects salesgrid writes: ``plain`` (the default: ``,``, decimal points, UTF-8
without a BOM, ``\\n``; what scripts expect) and ``bg-excel`` (``;``, a decimal comma in every
number, UTF-8 with a BOM, ``\\r\\n``: what an Excel set to a Bulgarian locale opens right on a
double-click); and the dialect of a CSV roster as it was read, which its rejects file mirrors.

A Bulgarian Windows sets the list separator to ``;`` and the decimal symbol to ``,``
(Control Panel > Region > Additional settings), and Excel opens a ``.csv`` file by them; it reads
the file as UTF-8 only when it starts with a byte order mark, else in the ANSI code page (cp1251).
Which fields are numbers is said by whoever writes the rows (the roster's ``JSON_KINDS``, the
value's own type elsewhere), never guessed from the text.
"""

from __future__ import annotations

from dataclasses import dataclass

#: The byte order mark, as the first character of a text written as UTF-8.
BOM = "\ufeff"


@dataclass(frozen=True)
class CsvDialect:
    """How a CSV file is written: the delimiter, whether numbers take a decimal comma, the text
    encoding of a file, whether it starts with a byte order mark, and the line end."""

    name: str
    delimiter: str = ","
    decimal_comma: bool = False
    encoding: str = "utf-8"
    bom: bool = False
    newline: str = "\n"

    @property
    def writes_plain(self) -> bool:
        """Whether rows come out as the plain dialect's (its encoding apart)."""
        return (self.delimiter, self.decimal_comma, self.bom, self.newline) == (
            ",", False, False, "\n",
        )  # fmt: skip

    def field(self, value: str) -> str:
        """One field, quoted when it holds a quote, the delimiter or a line break."""
        if '"' in value or self.delimiter in value or "\n" in value or "\r" in value:
            return '"' + value.replace('"', '""') + '"'
        return value

    def line(self, values: list[str]) -> str:
        """One line by :meth:`field` (``""`` for a row of one empty field: not a blank line)."""
        if values == [""]:
            return '""' + self.newline
        return self.delimiter.join([self.field(value) for value in values]) + self.newline

    def number(self, text: str) -> str:
        """A number's text (``2783.99``) in this dialect (``2783,99``)."""
        return text.replace(".", ",") if self.decimal_comma else text


PLAIN = CsvDialect("plain")
BG_EXCEL = CsvDialect("bg-excel", delimiter=";", decimal_comma=True, bom=True, newline="\r\n")
#: The dialects of ``--csv-dialect`` (and ``SALESGRID_CSV_DIALECT``), by name.
DIALECTS = {dialect.name: dialect for dialect in (PLAIN, BG_EXCEL)}


def read_as(delimiter: str, encoding: str, bom: bool, first_line: str) -> CsvDialect:
    """The dialect a CSV roster was written in, for its rejects file to mirror: its delimiter,
    its encoding (``utf-8-sig``, salesgrid's reading of UTF-8 with or without a BOM, is
    ``utf-8``, and ``bom`` says whether the file had one), the line end of its header line
    (``\\n`` when it has none); numbers as typed (the rows are written back as they were read)."""
    newline = "\n"
    for end in ("\r\n", "\n", "\r"):
        if first_line.endswith(end):
            newline = end
            break
    codec = "utf-8" if encoding == "utf-8-sig" else encoding
    return CsvDialect("input", delimiter, False, codec, bom and codec == "utf-8", newline)
