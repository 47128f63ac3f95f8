"""A roster file in, for every command that reads one (`roster`, `diff --roster`, `paygap`):
the options that say how to read it, and :func:`opened`, which opens it (a path or ``-`` for
stdin), reads its header and hands on its rows, and turns a roster that cannot be read into one
line (exit 2) however far the run got."""

import codecs
import contextlib
import os
import sys
from collections.abc import Iterator, Sequence
from typing import Annotated, Any, NamedTuple, NoReturn

import typer

from salesgrid.cli.guard import WRITE_ERRNOS
from salesgrid.cli.options import fail_usage
from salesgrid.errors import clip

SourceArg = Annotated[
    str,
    typer.Argument(metavar="FILE", help="Roster: CSV with a header, JSONL or xlsx; - for stdin."),
]
InputFormatArg = Annotated[
    str | None,
    typer.Option(
        "--input-format",
        metavar="csv|jsonl|xlsx",
        show_default=False,
        help="Default: by the file's extension (.csv, .jsonl, .xlsx); CSV for stdin.",
    ),
]
DelimiterArg = Annotated[
    str | None,
    typer.Option(
        "--delimiter",
        metavar="CHAR",
        show_default=False,
        help="CSV delimiter: ',', ';' or tab. Default: guessed from the header line.",
    ),
]
EncodingArg = Annotated[
    str | None,
    typer.Option(
        "--encoding",
        metavar="NAME",
        show_default=False,
        help="Text encoding of a CSV or JSONL roster, e.g. cp1251. Default: UTF-8 "
        "(with or without a BOM).",
    ),
]
SheetArg = Annotated[
    str | None,
    typer.Option(
        "--sheet",
        metavar="NAME",
        show_default=False,
        help="The xlsx sheet to read. Default: the first.",
    ),
]
IgnoreUnknownArg = Annotated[
    bool, typer.Option("--ignore-unknown-columns", help="Skip columns salesgrid does not know.")
]


class RosterIn(NamedTuple):
    """An opened roster: its header, its rows, its size in bytes when it is a file whose
    progress can be shown (else None), the binary stream it is read from, and the CSV dialect
    it was written in (a ``CsvDialect`` of :mod:`salesgrid.output.csvdialect`; None for JSONL
    and xlsx)."""

    header: list[str]
    rows: Any
    size: int | None
    binary: Any
    dialect: Any = None


@contextlib.contextmanager
def opened(
    source: str,
    input_format: str | None,
    encoding: str | None,
    delimiter: str | None,
    sheet: str | None,
    *,
    realms: Sequence[str] = (),
    ignore_unknown: bool = False,
    steps: Any = None,
    columns: Sequence[str] | None = None,
    blocks: bool = False,
    digest: Any = None,
) -> Iterator[RosterIn]:
    """The roster ``source``, read by its kind (csv, jsonl, xlsx: ``--input-format``, else the
    extension). ``realms`` and ``columns`` are the JSONL columns a command knows, ``steps``
    reads a position typed into an xlsx number cell (:func:`salesgrid.core.pay.steps_at`),
    ``blocks`` lets a CSV roster be read in blocks (the roster's fast path). A read that fails
    in the ``with`` body (bytes the encoding refuses, an I/O error) is a usage error naming the
    roster; the stream is closed at the end (never stdin). ``digest`` (a :mod:`hashlib` object)
    is fed every byte of stdin, read to its end after the body (a file is hashed by its path)."""
    # on run only: --help and completion stay light
    from salesgrid.batch import rosterread
    from salesgrid.batch.jsonlread import jsonl_rows
    from salesgrid.batch.textread import text_stream

    kind = rosterread.input_kind(source, input_format, encoding, delimiter, sheet)
    codec = rosterread.codec_name(encoding)
    separator = rosterread.delimiter_char(delimiter)
    binary, size = _open_source(source)
    if digest is not None and source == "-":
        # the roster's trace: only for the documents that show it
        from salesgrid.cli.provenance import hashed_stdin

        binary = hashed_stdin(binary, digest)
    try:
        if kind == "xlsx":  # no progress: the sheet is read as it is decompressed
            header, rows = rosterread.xlsx_rows(binary, sheet, steps)
            size = None
        else:
            bom = _starts_with_bom(binary)
            text = text_stream(binary, codec)
            if kind == "jsonl":
                header, rows = jsonl_rows(
                    text, list(realms), ignore_unknown, text.encoding, columns
                )
            else:
                header, rows = rosterread.csv_rows(
                    text, separator, text.encoding, blocks=blocks, bom=bom
                )
        yield RosterIn(header, rows, size, binary, getattr(rows, "written", None))
        while digest is not None and source == "-" and binary.read(1 << 20):
            pass  # the rest of stdin, hashed: the trace is of every byte given
    except (OSError, UnicodeError) as exc:
        _read_failure(source, codec, exc)
    finally:
        if binary is not sys.stdin.buffer:
            binary.close()


def _starts_with_bom(binary: Any) -> bool:
    """Whether the stream starts with a UTF-8 byte order mark, looked at without reading it
    (a stream that cannot peek: taken as without)."""
    peek = getattr(binary, "peek", None)
    return peek is not None and bytes(peek(3)[:3]) == codecs.BOM_UTF8


def _read_failure(source: str, codec: str, exc: OSError | UnicodeError) -> NoReturn:
    if isinstance(exc, UnicodeError) and not isinstance(exc, UnicodeEncodeError):
        # A codec that refuses the bytes as a whole (utf-16 without a BOM, idna...)
        fail_usage(f"cannot read the roster {source} as {codec}: {clip(str(exc))}; give "
                    "another --encoding (utf-16-le or -be for UTF-16 without a BOM)")  # fmt: skip
    # Output files raise OutputError: an OSError is the roster unreadable (EIO...), unless
    # stdout refused the data (full disk, closed pipe; an encoding error is stdout's too).
    if not isinstance(exc, OSError) or isinstance(exc, BrokenPipeError):
        raise exc
    if exc.errno in WRITE_ERRNOS:
        raise exc
    fail_usage(f"cannot read the roster {source}: {exc.strerror or exc}")


def _open_source(source: str) -> tuple[Any, int | None]:
    """The roster as a binary stream, and its size when it is a file (for the progress bar)."""
    if source == "-":
        if sys.stdin.isatty():
            fail_usage("roster - reads the roster from stdin, but stdin is a terminal: pipe a "
                        "file in (salesgrid roster - < roster.csv) or give its path")  # fmt: skip
        return sys.stdin.buffer, None
    try:
        binary = open(source, "rb")  # noqa: SIM115 - closed by opened()
    except OSError as exc:
        fail_usage(f"cannot read the roster {source}: {exc.strerror or exc}")
    return binary, os.fstat(binary.fileno()).st_size
