"""`month`'s records written as they come: CSV and JSONL a record at a time, xlsx a row at a
time (XlsxWriter's constant memory), JSON as one list (collected: a JSON list is written whole).
Only to the stream handed in (stdout, or :func:`salesgrid.output.streams.atomic_output`'s)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import IO, Any

from salesgrid.output import jsonout
from salesgrid.output.csvdialect import PLAIN, CsvDialect
from salesgrid.output.monthout import KINDS, csv_values
from salesgrid.output.streams import csv_writer


def write_rows(
    records: Iterable[dict[str, Any]],
    fmt: str,
    stream: IO[Any],
    columns: Sequence[str],
    values: Callable[[dict[str, Any], Sequence[str]], list[str]] = csv_values,
    sheet: str = "month",
    dialect: CsvDialect = PLAIN,
    lines: Callable[[Any], str] | None = None,
) -> int:
    """``records`` to ``stream`` (bytes for xlsx, else text) in ``fmt`` (csv, jsonl, json or
    xlsx); ``columns`` and ``values`` make the CSV and xlsx rows, CSV in ``dialect`` (the
    amounts and counts, :data:`KINDS`, with its decimal mark; or, given ``lines``, each record
    as its ready plain CSV line). Returns how many."""
    count = 0
    if fmt == "jsonl":
        write = stream.write
        for record in records:
            write(jsonout.dumps(record, indent=None) + "\n")
            count += 1
    elif fmt == "json":
        found = list(records)
        stream.write(jsonout.dumps(found) + "\n")
        count = len(found)
    elif fmt == "xlsx":
        # the xlsx writer: only for xlsx output
        from salesgrid.output import xlsxout

        with xlsxout.workbook(stream) as book:
            emit = book.sheet(sheet, columns, KINDS).write
            for record in records:
                emit(values(record, columns))
                count += 1
    elif lines is not None and dialect.writes_plain:
        csv_writer(stream, columns)  # the header; the rows come as ready lines
        write = stream.write
        for record in records:
            write(lines(record))
            count += 1
    else:
        numeric = [KINDS.get(name) == "num" for name in columns]
        row = csv_writer(stream, columns, dialect=dialect, numeric=numeric)
        for record in records:
            row(values(record, columns))
            count += 1
    return count
