"""The rejects file (``--rejects FILE`` of `roster` and `month`): each rejected row as it was
read, with its ``line`` and ``reason``, in the format the file's extension names (csv, jsonl
or ndjson, xlsx; else CSV). A CSV rejects file of a CSV input is written in the input's own
dialect (its delimiter, encoding, byte order mark and line end), to be fixed and fed back as it
is; of a JSONL or xlsx input, in ``--csv-dialect``'s. Written only to the path handed in,
atomically (:func:`salesgrid.output.streams.atomic_output`)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from salesgrid.batch.rows import Rejected
from salesgrid.output.csvdialect import CsvDialect
from salesgrid.output.streams import atomic_output, csv_writer, jsonl_writer
from salesgrid.output.targets import extension_format


def reject_columns(header: Sequence[str]) -> tuple[str, str]:
    """The names of the added rejects columns: ``line`` and ``reason``, with a ``_`` in front
    for as long as the input itself has a column of that name."""
    names = []
    for name in ("line", "reason"):
        while name in header:
            name = "_" + name
        names.append(name)
    return names[0], names[1]


def rejects_writer(
    kept: contextlib.ExitStack,
    header: Sequence[str],
    rejects_file: Path,
    dialect: CsvDialect,
    input_dialect: CsvDialect | None,
) -> Callable[[Rejected], None]:
    """A writer of rejected rows onto ``rejects_file``, open until ``kept`` closes (then
    renamed into place); ``header`` is the input's, ``dialect`` --csv-dialect's, and
    ``input_dialect`` the dialect a CSV input was read in (None for JSONL and xlsx)."""
    line_column, reason_column = reject_columns(header)
    columns = [*header, line_column, reason_column]
    named = extension_format(rejects_file)  # the CLI refused any but csv, jsonl and xlsx
    kind = "csv" if named is None else named[1]
    mirror = dialect if input_dialect is None else input_dialect
    encoding = mirror.encoding if kind == "csv" else "utf-8"
    out = kept.enter_context(atomic_output(rejects_file, binary=kind == "xlsx", encoding=encoding))
    write: Callable[[Sequence[Any]], None]
    if kind == "xlsx":
        # the xlsx writer: only for xlsx output
        from salesgrid.output import xlsxout

        book = kept.enter_context(xlsxout.workbook(out))
        write = book.sheet("rejects", columns, {line_column: "num"}).write
    elif kind == "jsonl":
        write = jsonl_writer(out, columns, {line_column: "num"})
    else:  # the rows as they were read, to be fixed and fed back as they are
        write = csv_writer(out, columns, dialect=mirror)

    def reject(item: Rejected) -> None:
        write([*(item.row.get(c, "") for c in header), str(item.line), item.reason])

    return reject
