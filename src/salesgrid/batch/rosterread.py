"""Roster input: which reader a roster takes (``--input-format``, ``--encoding``,
``--delimiter``), and a CSV roster's or an xlsx workbook's header and rows.

Each reader gives the header and a :class:`~salesgrid.batch.rows.RowSource`: rows as lists
of text, one per header column, and the line (the sheet's row for xlsx) each starts on. A row
the reader cannot read (bytes not in the encoding, an unclosed quote, an over-long field, a
JSONL line that is no object, an Excel error cell) comes as an
:class:`~salesgrid.batch.rows.Unreadable` with its line, its reason and whatever values could
be read, so that :func:`salesgrid.batch.roster.process` rejects exactly that row and goes on.
Nothing here prints or exits; what stops the run before any row (an unknown encoding, an
unreadable header, a sheet that is not there) is a :class:`~salesgrid.errors.UsageError`.
The rows themselves are read by :mod:`salesgrid.batch.csvread` (and in blocks for the fast path,
:mod:`salesgrid.batch.blocks`), :mod:`salesgrid.batch.jsonlread` and
:mod:`salesgrid.batch.xlsxread`; the text by :mod:`salesgrid.batch.textread`.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Callable
from typing import IO

from salesgrid.batch.blocks import BlockSource
from salesgrid.batch.csvread import CsvSource, sniff_delimiter
from salesgrid.batch.readcolumns import ReadColumns
from salesgrid.batch.rows import NumberedSource, RowSource
from salesgrid.batch.textread import MAX_FIELD, MAX_LINE, SURROGATE, UNDECODED, encoding_reason
from salesgrid.errors import UsageError
from salesgrid.output.csvdialect import read_as

KINDS = ("csv", "jsonl", "xlsx")
DELIMITERS = {",": ",", ";": ";", "tab": "\t", "\\t": "\t", "\t": "\t"}

# ----------------------------------------------------------------------------- options


def input_kind(
    source: str,
    given: str | None,
    encoding: str | None,
    delimiter: str | None,
    sheet: str | None,
) -> str:
    """csv, jsonl or xlsx: ``--input-format``, else the extension (CSV for stdin); and the
    options that only one kind reads refused for the others."""
    if given is not None:
        kind = given.strip().lower()
        if kind not in KINDS:
            raise UsageError(f"--input-format {given!r}: choose csv, jsonl or xlsx")
    elif source.lower().endswith((".jsonl", ".ndjson")):
        kind = "jsonl"
    elif source.lower().endswith(".xlsx"):
        kind = "xlsx"
    else:
        kind = "csv"
    if kind == "xlsx" and (encoding is not None or delimiter is not None):
        raise UsageError(
            "--encoding and --delimiter are for CSV (and --encoding for JSONL): an xlsx "
            "workbook carries its own; drop them"
        )
    if kind == "jsonl" and delimiter is not None:
        raise UsageError("--delimiter is for CSV rosters: a JSONL roster has none; drop it")
    if kind != "xlsx" and sheet is not None:
        raise UsageError(
            f"--sheet is for xlsx workbooks, and this roster is read as {kind} "
            "(by its extension, or --input-format xlsx)"
        )
    return kind


def codec_name(encoding: str | None) -> str:
    """The codec to read text with: UTF-8 with or without a BOM unless told otherwise."""
    if encoding is None:
        return "utf-8-sig"
    try:
        info = codecs.lookup(encoding.strip())
    except (LookupError, ValueError):
        info = None
    if info is None or not getattr(info, "_is_text_encoding", True):
        raise UsageError(
            f"--encoding {encoding!r} is not a text encoding Python knows: use e.g. utf-8, "
            "cp1251 (Bulgarian Windows) or utf-16"
        )
    return "utf-8-sig" if info.name == "utf-8" else info.name


def delimiter_char(delimiter: str | None) -> str | None:
    if delimiter is None:
        return None
    found = DELIMITERS.get(delimiter.lower() if len(delimiter) > 1 else delimiter)
    if found is None:
        raise UsageError(f"--delimiter {delimiter!r}: choose ',', ';' or tab ('tab' or '\\t')")
    return found


def csv_rows(
    stream: IO[str],
    delimiter: str | None = None,
    encoding: str = "utf-8-sig",
    blocks: bool = False,
    bom: bool = False,
) -> tuple[list[str], RowSource]:
    """The header (its delimiter sniffed unless given), and the rows with their lines; with
    ``blocks``, a source that also hands on blocks of lines for the fast path. The source's
    ``written`` is the dialect the file was written in (``bom``: whether it began with a UTF-8
    byte order mark, which the reading codec drops)."""
    undecoded = UNDECODED[0]
    first = stream.readline(MAX_LINE)
    if not first.strip():
        if first:
            raise UsageError("the roster's first line is blank: it needs a header line")
        raise UsageError("the roster is empty: it needs a header line")
    if first.startswith("PK\x03\x04"):
        raise UsageError(
            "this looks like an xlsx workbook, not CSV: give it an .xlsx name or pass "
            "--input-format xlsx"
        )
    if "\x00" in first and not first.startswith(("\udcff\udcfe", "\udcfe\udcff")):
        raise UsageError(
            "the roster is not text: its first line has NUL bytes (a binary file, not CSV?); "
            "give a CSV, JSONL or xlsx file (UTF-16 text without a byte order mark: --encoding "
            "utf-16-le or utf-16-be)"
        )
    if SURROGATE.search(first):
        if first.startswith(("\udcff\udcfe", "\udcfe\udcff")):
            raise UsageError(
                "the roster looks like UTF-16 text (Excel's 'Unicode Text'): pass --encoding utf-16"
            )
        raise UsageError(f"the header line has {encoding_reason([first], encoding)}")
    if len(first) >= MAX_LINE and not first.endswith(("\n", "\r")):
        raise UsageError(f"the header line is longer than {MAX_LINE:,} characters")
    chosen = delimiter or sniff_delimiter(first)
    csv.field_size_limit(MAX_FIELD)
    try:
        header = next(csv.reader([first], delimiter=chosen, strict=True))
    except csv.Error as exc:
        reason = "an unclosed quote" if "end of data" in str(exc) else str(exc)
        raise UsageError(f"the header line (line 1) is not readable CSV: {reason}") from None
    source: RowSource
    if blocks:
        source = BlockSource(stream, chosen, header, encoding, undecoded, first)
    else:
        source = CsvSource(stream, chosen, header, encoding, undecoded)
    source.written = read_as(chosen, encoding, bom, first)
    return header, source


def xlsx_rows(
    data: bytes | IO[bytes],
    sheet: str | None = None,
    steps: Callable[[str, int], int | None] | None = None,
) -> tuple[list[str], RowSource]:
    """The first sheet (or ``sheet``) of a workbook, given whole or as a binary stream (read
    as it is parsed when it can seek): the first non-empty row is the header; rows are
    numbered as in the sheet, a blank one is an empty row; cells are read as what they mean.
    ``steps`` (:func:`salesgrid.core.pay.steps_at`) reads a position typed into a number
    cell. See :mod:`salesgrid.batch.xlsxread`."""
    from salesgrid.batch.xlsxread import read_sheet  # xlsx: its parsers only for a workbook

    told = ReadColumns()
    header, numbered = read_sheet(data, sheet, steps, read_columns=told)
    return header, NumberedSource(numbered, blank_rows=True, read_columns=told)
