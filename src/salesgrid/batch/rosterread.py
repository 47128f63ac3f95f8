"""Roster input: CSV dialects and encodings, JSONL, xlsx workbooks.

Each reader gives the header and a :class:`~salesgrid.batch.roster.RowSource`: rows as lists
of text, one per header column, and the line (the sheet's row for xlsx) each starts on. A row
the reader cannot read (bytes not in the encoding, an unclosed quote, an over-long field, a
JSONL line that is no object, an Excel error cell) comes as an
:class:`~salesgrid.batch.roster.Unreadable` with its line, its reason and whatever values could
be read, so that :func:`salesgrid.batch.roster.process` rejects exactly that row and goes on.
Nothing here prints or exits; what stops the run before any row (an unknown encoding, an
unreadable header, a sheet that is not there) is a :class:`~salesgrid.errors.UsageError`.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import IO, Any, TextIO

from salesgrid.batch.header import column_name
from salesgrid.batch.readcolumns import ReadColumns
from salesgrid.batch.roster import (
    ACTUAL_COLUMNS,
    BOOL_COLUMNS,
    DATE_COLUMNS,
    INPUT_COLUMNS,
    OTHER_ASSESSMENT_COLUMNS,
    PAYGAP_ONLY_COLUMNS,
    RATING_COLUMNS,
    RowSource,
    Unreadable,
    realm_column,
)
from salesgrid.errors import UsageError, clip

KINDS = ("csv", "jsonl", "xlsx")
#: The longest CSV field, and the longest JSONL line, read; longer ones reject their row.
MAX_FIELD = 100_000
MAX_LINE = 1_000_000
#: JSONL lines that are no object, read before the first object (which decides the columns):
#: rejected rows, held until that object is found; more of them and the file is no JSONL.
MAX_LEADING = 1_000
DELIMITERS = {",": ",", ";": ";", "tab": "\t", "\\t": "\t", "\t": "\t"}
_WHOLE_COLUMNS = ("level", "step", "failed_kpocs_in_a_row")
_BOOL_COLUMNS = frozenset(BOOL_COLUMNS)
#: Numbers with a fraction read as written (JSONL, Python rows): amounts, and paygap's hours
#: and months.
AMOUNT_COLUMNS = frozenset(
    ("actual_pay", "gross_annual", "variable_pay", "hours_per_week", "months_worked")
)
SURROGATE = re.compile("[\udc00-\udcff]")
_ANY_SURROGATE = re.compile("[\ud800-\udfff]")
_FLOAT_WHOLE = re.compile(r"(-?[0-9]+)\.0*")

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


# ----------------------------------------------------------------------------- decoding

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
    import io

    from salesgrid.batch.codepage import guarded

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


def _encoding_reason(texts: Sequence[str], encoding: str) -> str:
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
    return _ANY_SURROGATE.sub("\ufffd", text)


def _clean_values(header: Sequence[str], row: Sequence[str]) -> dict[str, str]:
    return {name: _clean(value) for name, value in zip(header, row, strict=False)}


# ----------------------------------------------------------------------------- CSV


def sniff_delimiter(line: str) -> str:
    """The delimiter a header line uses: the most frequent of ``,`` ``;`` and tab (``,`` if
    none: a one-column header)."""
    bare = re.sub(r'"[^"]*"', "", line)  # what quoted names hold does not count
    counts = [(bare.count(d), -index, d) for index, d in enumerate((",", ";", "\t"))]
    best = max(counts)
    return best[2] if best[0] else ","


def _span(row: list[str]) -> int:
    """How many lines a row takes: one, and one more per line end inside its quoted fields (a
    line ends at LF, CRLF or a bare CR, as the reader counts them)."""
    return 1 + sum(f.count("\n") + f.count("\r") - f.count("\r\n") for f in row)


class CsvSource(RowSource):
    """Rows from the C csv reader, handed on in batches so that the hot loop iterates plain
    lists (no Python code per row). A batch is looked inside only when the decoder met bytes it
    could not decode; the reader's errors (an unclosed quote, an over-long field, text after a
    closing quote) become rejected rows with the line their row starts on, worked out from the
    rows of the batch read before the error. Line numbers are worked out only when asked."""

    BATCH = 128  # rows read at a time: few enough to keep memory flat
    blank_rows = True  # a line of only delimiters is a blank row

    def __init__(
        self,
        stream: Iterable[str],
        delimiter: str,
        header: list[str],
        encoding: str,
        undecoded: int,
        offset: int = 1,
        limit: int | None = None,
    ) -> None:
        """``offset``: the lines before the first one ``stream`` gives (the header's, or
        those of the blocks read before); ``limit``: stop at the first row that ends on or
        after that many lines of ``stream`` (rows are whole, so a quoted field open at that
        line is read on to its end)."""
        import csv

        csv.field_size_limit(MAX_FIELD)
        self.reader = csv.reader(stream, delimiter=delimiter, strict=True)
        self.header = header
        self.encoding = encoding
        self.offset = offset  # the lines read before the reader started
        self.limit = limit
        self.undecoded = undecoded  # the count of undecodable bytes before the file was read
        self.batch: list[list[str]] = []
        self.starts: list[int] | None = None  # each row's line, when worked out for the batch
        self.cursor = 0  # rows of the batch whose lines are counted ...
        self.counted = 0  # ... and the reader's line count at the end of them
        self.flat = False  # every row of the batch is one line (no line end in a field)

    def __iter__(self) -> Iterator[list[str]]:
        from itertools import chain

        return chain.from_iterable(self._batches())

    def _batches(self) -> Iterator[list[list[str]]]:
        import csv
        from itertools import islice

        reader = self.reader
        undecoded = UNDECODED
        seen = self.undecoded
        size = self.BATCH
        while True:
            start = reader.line_num
            batch: list[list[str]] = []
            error = None
            try:  # extend keeps the rows read before an error
                batch.extend(islice(reader if self.limit is None else self._limited(), size))
            except csv.Error as exc:
                error = str(exc)
            if error is None and not batch:
                return
            before = start + sum(_span(row) for row in batch) if error is not None else 0
            self.starts = None
            if undecoded[0] != seen:
                seen = self._undecoded_rows(batch, start, seen)
            if error is not None:
                batch.append(
                    Unreadable(
                        before + 1 + self.offset,
                        self._reason(error, before + 1, reader.line_num),
                        {},
                    )
                )
            self.batch, self.cursor, self.counted = batch, 0, start
            self.flat = error is None and reader.line_num - start == len(batch)
            yield batch

    def _limited(self) -> Iterator[list[str]]:
        reader, limit = self.reader, self.limit
        if limit is None or reader.line_num >= limit:
            return
        for row in reader:
            yield row
            if reader.line_num >= limit:
                return

    def _undecoded_rows(self, batch: list[list[str]], start: int, seen: int) -> int:
        """Replace the rows holding undecodable bytes by rejected rows; the new count seen."""
        starts = []
        line = start
        for index, row in enumerate(batch):
            starts.append(self.offset + line + 1)
            line += _span(row)
            found = sum(len(SURROGATE.findall(field)) for field in row)
            if found:
                seen += found
                batch[index] = Unreadable(
                    starts[index],
                    _encoding_reason(row, self.encoding),
                    _clean_values(self.header, row),
                )
        self.starts = starts
        return seen

    def _reason(self, error: str, first: int, last: int) -> str:
        first, last = first + self.offset, last + self.offset
        lines = f"line {first}" if first == last else f"lines {first}-{last}"
        if error.startswith("unexpected end of data"):
            return (
                f"unclosed quote: a quote opened on line {first} never closes ({lines}, to the "
                "end of the file, were read as one row): close it"
            )
        if error.startswith("field larger than field limit"):
            return (
                f"a field longer than {MAX_FIELD:,} characters ({lines}): an unclosed quote, "
                "or a value too long for a roster"
            )
        if "expected after" in error:
            return (
                f"text after a closing quote on line {last}: quote the whole value and double "
                'the quotes inside it ("a ""b"" c")'
            )
        return f"unreadable CSV ({lines}): {error}"

    def line_of(self, row: list[str]) -> int:
        """The line ``row`` starts on. It is in the batch handed on last (rows are asked about
        in order, as they are read): count the lines of the rows before it from where the last
        question left off."""
        batch = self.batch
        index, line = self.cursor, self.counted
        if self.flat:  # a line a row: no field to look into (every accepted row is asked)
            while index < len(batch) and batch[index] is not row:
                index += 1
            line += index - self.cursor
        while index < len(batch) and batch[index] is not row:
            line += _span(batch[index])
            index += 1
        if index == len(batch):  # pragma: no cover - not a row of this batch
            raise ValueError("line_of: the row is not in the current batch")
        self.cursor, self.counted = index, line
        if self.starts is not None:
            return self.starts[index]
        return self.offset + line + 1


def csv_rows(
    stream: IO[str], delimiter: str | None = None, encoding: str = "utf-8-sig", blocks: bool = False
) -> tuple[list[str], RowSource]:
    """The header (its delimiter sniffed unless given), and the rows with their lines; with
    ``blocks``, a source that also hands on blocks of lines for the fast path."""
    import csv

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
    if SURROGATE.search(first):
        if first.startswith(("\udcff\udcfe", "\udcfe\udcff")):
            raise UsageError(
                "the roster looks like UTF-16 text (Excel's 'Unicode Text'): pass --encoding utf-16"
            )
        raise UsageError(f"the header line has {_encoding_reason([first], encoding)}")
    if len(first) >= MAX_LINE and not first.endswith(("\n", "\r")):
        raise UsageError(f"the header line is longer than {MAX_LINE:,} characters")
    chosen = delimiter or sniff_delimiter(first)
    csv.field_size_limit(MAX_FIELD)
    try:
        header = next(csv.reader([first], delimiter=chosen, strict=True))
    except csv.Error as exc:
        reason = "an unclosed quote" if "end of data" in str(exc) else str(exc)
        raise UsageError(f"the header line (line 1) is not readable CSV: {reason}") from None
    if blocks:
        from salesgrid.batch.blocks import BlockSource

        return header, BlockSource(stream, chosen, header, encoding, undecoded, first)
    return header, CsvSource(stream, chosen, header, encoding, undecoded)


# ----------------------------------------------------------------------------- JSONL


class NumberedSource(RowSource):
    """Rows that come with their line (a JSONL line, a sheet's row number); ``blank_rows``: a
    row of only empty (or white space) values is a blank row (see RowSource), as a sheet's
    row may be; not a JSONL object's. ``finish``: called once every row is read."""

    def __init__(
        self,
        numbered: Iterator[tuple[int, list[str]]],
        blank_rows: bool = False,
        finish: Callable[[], None] | None = None,
        read_columns: ReadColumns | None = None,
    ) -> None:
        """``read_columns``: the reader's, told which columns the command reads (see
        :class:`~salesgrid.batch.roster.ReadColumns`)."""
        self.numbered = numbered
        self.line = 0
        self.blank_rows = blank_rows
        self.read_columns = read_columns
        if finish is not None:
            self.finish = finish

    def __iter__(self) -> Iterator[list[str]]:
        for line, row in self.numbered:
            self.line = line
            yield row

    def line_of(self, row: list[str]) -> int:  # noqa: ARG002 - the row just yielded
        return self.line


class _Pairs(list[tuple[str, Any]]):
    """A JSON object as its key, value pairs (so that a repeated key is seen)."""


ASSESSMENT_COLUMNS = (*DATE_COLUMNS, *RATING_COLUMNS, *BOOL_COLUMNS, *OTHER_ASSESSMENT_COLUMNS)


def jsonl_rows(
    stream: IO[str],
    realms: Sequence[str] = (),
    ignore_unknown: bool = False,
    encoding: str = "utf-8-sig",
    columns: Sequence[str] | None = None,
) -> tuple[list[str], RowSource]:
    """JSONL, each line its own object; every value as text, as CSV would give it.

    With ``columns`` (a command's own, as `paygap`'s), those are the columns, whatever the
    first object holds; otherwise a roster's, as follows.

    The columns are the position columns (employee_id, framework, position, level, step) and,
    when the first object has any assessment key (even null), every assessment and realm
    column; a key that is absent or null is an empty value. A later row with assessment values
    when the first has none, an unknown key, a nested value, a number with a fraction where a
    whole number or a position is meant: that row alone is rejected. A key another command
    reads (`paygap`'s ``sex``... for a roster, a roster's assessment keys for `paygap`) is
    skipped.
    """
    import json

    realm_columns = tuple(realm_column(r) for r in realms)
    assessment = frozenset((*ASSESSMENT_COLUMNS, *realm_columns))
    known = frozenset(INPUT_COLUMNS) | assessment | frozenset(ACTUAL_COLUMNS)
    # the keys another command reads: skipped, never a rejected row
    skipped = frozenset(PAYGAP_ONLY_COLUMNS)
    if columns is not None:
        skipped = known - frozenset(columns)
        known = frozenset(columns)
    names: dict[str, str] = {}
    undecoded = UNDECODED
    seen = [undecoded[0]]
    told = ReadColumns()  # which columns the command reads: a value elsewhere rejects no row

    def lines() -> Iterator[tuple[int, str]]:
        number = 0
        while True:
            text = stream.readline(MAX_LINE)
            if not text:
                return
            number += 1
            if len(text) >= MAX_LINE and not text.endswith(("\n", "\r")):
                while True:  # skip the rest of the line
                    more = stream.readline(MAX_LINE)
                    if not more or more.endswith(("\n", "\r")):
                        break
                yield number, _TOO_LONG
                continue
            yield number, text

    def parse(text: str) -> _Pairs | str:
        """The line's object, or why it is none."""
        if text is _TOO_LONG:
            return f"a line longer than {MAX_LINE:,} characters"
        if undecoded[0] != seen[0]:
            found = len(SURROGATE.findall(text))
            if found:
                seen[0] += found
                return _encoding_reason([text], encoding)
        try:
            obj = json.loads(
                text, object_pairs_hook=_Pairs, parse_float=_Float, parse_int=str,
                parse_constant=_constant,
            )  # fmt: skip
        except (ValueError, RecursionError) as exc:
            return f"not a JSON object: {str(exc)[:200]}"
        if not isinstance(obj, _Pairs):
            return f"not a JSON object but {_json_kind(obj)}"
        return obj

    def canonical(key: str) -> str:
        name = names.get(key)
        if name is None:
            name = column_name(key)
            if len(names) < 10_000:
                names[key] = name
        return name

    # The first object decides the columns; the lines before it that are no object are
    # rejected rows like any other (held until then, and only so many).
    numbered = lines()
    leading: list[tuple[int, str]] = []
    blank_before = 0  # the empty lines before it, counted as blank
    first: _Pairs | None = None
    first_line = 0
    for number, text in numbered:
        if not text.strip():
            blank_before += 1
            continue
        found = parse(text)
        if not isinstance(found, str):
            first_line, first = number, found
            break
        if not leading and found.startswith("not a JSON object:"):
            found += " (is the roster JSONL? see --input-format)"
        if len(leading) == MAX_LEADING:
            raise UsageError(
                f"none of the first {MAX_LEADING:,} lines of the JSONL roster is a JSON object "
                f"(line {leading[0][0]}: {leading[0][1]}): is it a JSONL roster? see --input-format"
            )
        leading.append((number, found))
    if first is None and not leading:
        raise UsageError("the roster is empty: it needs at least one JSON object")
    judged = first is not None and any(canonical(key) in assessment for key, _ in first)
    paid = first is not None and any(canonical(key) in ACTUAL_COLUMNS for key, _ in first)
    header = [*INPUT_COLUMNS, *ASSESSMENT_COLUMNS, *realm_columns] if judged else [*INPUT_COLUMNS]
    header += ACTUAL_COLUMNS if paid else ()
    if columns is not None:
        header = list(columns)
    where = {name: index for index, name in enumerate(header)}
    width = len(header)

    def row_of(line: int, obj: _Pairs) -> list[str]:
        values = [""] * width
        given: set[str] = set()
        problems: list[str] = []
        unknown: list[str] = []
        left_out: list[str] = []
        unpaid: list[str] = []
        for key, value in obj:
            name = canonical(key)
            if name in given:
                problems.append(f"the key {clip(name)!r} is given twice")
                continue
            given.add(name)
            index = where.get(name)
            if index is None:
                if name in skipped:
                    continue
                if name not in known:
                    if not ignore_unknown:
                        unknown.append(key)
                elif value is not None and told.reads(name):
                    (unpaid if name in ACTUAL_COLUMNS else left_out).append(key)
                continue
            text = _json_text(name, value)
            if text.__class__ is _Problem:
                if told.reads(name):
                    problems.append(text)
            else:
                values[index] = text
        if unknown:
            from difflib import get_close_matches

            hints = []
            for key in unknown:
                close = get_close_matches(column_name(key), sorted(known), n=1)
                hints.append(f"{clip(key)!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))
            keys = (
                f"{', '.join(INPUT_COLUMNS)}, the assessment keys, realm_<realm>, actual_pay and "
                "actual_currency" if columns is None else ", ".join(columns)
            )  # fmt: skip
            problems.append(
                f"unknown {'key' if len(hints) == 1 else 'keys'} {', '.join(hints)}: the keys "
                f"are {keys}; or pass "
                "--ignore-unknown-columns"
            )
        if left_out:
            problems.append(
                f"assessment values ({', '.join(left_out)}), but the first object (line "
                f"{first_line}) has no assessment key, so eligibility is not judged in this run: "
                "give the first object its assessment keys (null where unknown)"
            )
        if unpaid:
            problems.append(
                f"actual pay ({', '.join(unpaid)}), but the first object (line {first_line}) has "
                "no actual_pay key, so actual pay is not compared in this run: give the first "
                "object its actual_pay key (null where unknown)"
            )
        if problems:
            return Unreadable(line, "; ".join(problems), _clean_values(header, values))
        return values

    def rows() -> Iterator[tuple[int, list[str]]]:
        """The rows in order (the empty lines before the first object first): an empty line
        is handed on as ``[]``, no row, for the run to count as blank."""
        for _ in range(blank_before):
            yield 0, []
        for number, reason in leading:
            yield number, Unreadable(number, reason, {})
        if first is None:
            return
        yield first_line, row_of(first_line, first)
        for number, text in numbered:
            if not text.strip():
                yield number, []
                continue
            obj = parse(text)
            if isinstance(obj, str):
                yield number, Unreadable(number, obj, {})
            else:
                yield number, row_of(number, obj)

    from salesgrid.batch.codepage import refuse_late

    return header, NumberedSource(rows(), finish=lambda: refuse_late(stream), read_columns=told)


class _Marker(str):
    """A stand-in line, told apart from any line read by its identity."""


_TOO_LONG = _Marker("(a line too long to read)")


class _Problem(str):
    """Why a JSON value cannot be a roster value (told apart from a value by its class)."""


class _Float(str):
    """A JSON number with a fraction or an exponent, as written."""


def _constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def _json_kind(value: Any) -> str:
    if isinstance(value, _Pairs):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, _Float):
        return f"the number {value}"
    if isinstance(value, str) and value.isdigit():
        return f"the number {value}"
    return "a string"


def _json_text(name: str, value: Any) -> str:
    """A JSON value as the text a CSV cell would hold, or a :class:`_Problem`.

    Each column takes what it means: text columns take strings and whole numbers (an id
    12345), whole-number columns also ``2.0``, boolean columns (and realm_*) also true/false.
    A boolean where text or a number is meant, or a number with a fraction or an exponent
    anywhere but a whole-number column, is refused rather than turned into text."""
    if value.__class__ is str:
        if not value.isascii() and _ANY_SURROGATE.search(value):
            return _Problem(f"{name}: the value holds a lone surrogate escape (\\ud...), no text")
        return value
    if value is None:
        return ""
    if value is True or value is False:
        word = "true" if value else "false"
        if name in _BOOL_COLUMNS or name.startswith("realm_"):
            return word
        if name in _WHOLE_COLUMNS:
            return _Problem(f"{name}: the JSON boolean {word} is not a whole number")
        return _Problem(
            f'{name}: the JSON boolean {word} is not text: write it as a string ("{word}") if '
            "that is the value"
        )
    if isinstance(value, _Float):
        shown = value if len(value) <= 40 else value[:40] + "..."
        if name in _WHOLE_COLUMNS:
            whole = _FLOAT_WHOLE.fullmatch(value)
            if whole is not None:
                return str(int(whole.group(1)))
            return _Problem(f"{name}: {shown} is not a whole number")
        if name in _BOOL_COLUMNS or name.startswith("realm_"):
            return _Problem(f"{name}: {shown} is not a boolean: write true or false")
        if name in AMOUNT_COLUMNS:
            return str(value)  # an amount, as written: 1500.50 (read, or refused, as one)
        kind = "an exponent" if "e" in value.lower() else "a fraction"
        return _Problem(f"{name}: {shown} is a JSON number with {kind}: write it as a string")
    if isinstance(value, list | _Pairs):
        return _Problem(f"{name}: {_json_kind(value)} is not a roster value: give text or a number")
    return str(value)  # an integer, as written (parse_int=str)


# ----------------------------------------------------------------------------- xlsx


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
    from salesgrid.batch.xlsxread import read_sheet

    told = ReadColumns()
    header, numbered = read_sheet(data, sheet, steps, read_columns=told)
    return header, NumberedSource(numbered, blank_rows=True, read_columns=told)
