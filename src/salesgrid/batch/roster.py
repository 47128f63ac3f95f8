"""Which way a roster's rows go, one row in, one record out, every bad row rejected with a reason.

:func:`process` chooses: the careful row loop (:mod:`salesgrid.batch.loop`)
takes every row, unless the source reads in blocks and the roster and output allow the block
fast path (:mod:`salesgrid.batch.fast`), which a large file runs on two cores
(:mod:`salesgrid.batch.parallel`); any block the fast path hands back goes through the loop.
Nothing here opens files, prints or exits: the CLI hands in rows and writers.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import itemgetter
from typing import TYPE_CHECKING, Any, NamedTuple

from salesgrid.batch import actualpay
from salesgrid.batch.blocks import Block, pieces
from salesgrid.batch.loop import RowLoop
from salesgrid.batch.readcolumns import ReadColumns
from salesgrid.batch.verdicts import NO_COLUMNS, columns_of

if TYPE_CHECKING:
    from salesgrid.batch.rows import Rejected, RowSource
    from salesgrid.batch.spec import RosterSpec
    from salesgrid.batch.summary import Summary


class Fast(NamedTuple):
    """How records may go out on the fast path: ``csv`` or ``jsonl`` text of every field,
    written to ``output``; ``line`` renders one JSONL record from its values."""

    fmt: str
    output: Any  # the text stream (a file's: the run may use two cores)
    line: Callable[[tuple[str, ...]], str] | None = None


def process(
    spec: RosterSpec,
    source: RowSource,
    emit: Callable[[tuple[str, ...]], None] | None,
    reject: Callable[[Rejected], None],
    summary: Summary,
    strict: bool,
    write_csv: Callable[[str], Any] | None = None,
    fast: Fast | None = None,
) -> bool:
    """Run every row; return False if ``strict`` stopped at a rejected row.

    Each accepted row goes to ``emit`` as a tuple of output values, or, when ``write_csv`` is
    given (CSV output of every field), straight out as one line of CSV text. With ``fast``,
    a source that reads in blocks (:class:`salesgrid.batch.blocks.BlockSource`) and a roster
    without actual pay or without assessment columns, whole blocks go out at once
    (:mod:`salesgrid.batch.fast`; with actual pay :mod:`salesgrid.batch.fastactual`); the rows of
    any block the fast path hands back go through the careful row loop
    (:class:`~salesgrid.batch.loop.RowLoop`), as every row does otherwise.
    """
    where = spec.where
    present = [(name, where[name]) for name in ("framework", "position", "level", "step")
               if name in where]  # fmt: skip
    names = [name for name, _ in present]
    ReadColumns.tell(source, spec.read_columns)
    # key -> [Resolved or the reason it is refused, rows counted, CSV tail]
    entries: dict[Any, list[Any]] = {}

    def lookup(key: Any) -> list[Any]:
        values = dict(zip(names, key if isinstance(key, tuple) else (key,), strict=True))
        found = spec.resolve(
            values.get("framework", ""), values.get("position", ""), values.get("level", ""),
            values.get("step", ""),
        )  # fmt: skip
        entry = [found, 0, "" if isinstance(found, str) else found.csv_tail + "\n"]
        if not isinstance(found, str) or len(entries) < 10_000:
            entries[key] = entry
        return entry

    # The pay-only rows take the first branch of the loop, untouched by what the others need:
    # cols is None only when there is neither an assessment nor an actual pay to read.
    actual = None
    if spec.has_actual:
        if summary.actual is None:
            summary.actual = actualpay.Totals()
        actual = actualpay.actual_reader(spec, summary.actual)
    cols = columns_of(spec) if spec.has_assessment else (None if actual is None else NO_COLUMNS)
    loop = RowLoop(spec, entries, lookup, itemgetter(*(i for _, i in present)), cols, actual,
                 summary, emit, reject, strict, write_csv)  # fmt: skip
    segments = getattr(source, "segments", None)
    if fast is not None and (actual is None or cols is NO_COLUMNS) and segments is not None:
        # the block fast path and the second process: only for a CSV roster read in blocks
        from salesgrid.batch import parallel
        from salesgrid.batch.fast import FastAssessed, FastPay

        args = (spec, source.delimiter, fast.fmt, fast.output.write, entries, lookup,  # type: ignore[attr-defined]
                [i for _, i in present], fast.line, summary.per_position, summary.seen)  # fmt: skip
        if actual is not None:
            # actual pay only: it loads the payroll rules a pay-only roster never needs
            from salesgrid.batch.fastactual import FastActual
        pay = (
            FastPay(*args) if cols is None
            else FastActual(*args, actual=actual) if actual is not None
            else FastAssessed(*args, summary=summary, columns=cols, day=spec.day)
        )  # fmt: skip
        if pay.usable:

            def block(blocks: Any, segment: Block) -> bool:
                if pay.run(segment):
                    loop.read += segment.lines
                    return True
                cut = pieces(segment)
                if cut is not None:  # only the piece with the row the fast path cannot take
                    return all(block(blocks, piece) for piece in cut)
                return loop.run(blocks.careful(segment), blocks)

            def work(blocks: Any) -> bool:
                for segment in blocks.segments():
                    if isinstance(segment, Block):
                        if not block(blocks, segment):
                            return False
                    elif not loop.run(segment, blocks):
                        return False
                return True

            plan = parallel.cut_in_two(source, fast.output)
            if plan is None:
                return _finished(source, loop.end(work(source)))
            return _finished(source, loop.end(parallel.run_halves(plan, work, loop, fast.output)))
    return _finished(source, loop.end(loop.run(source, source)))


def _finished(source: RowSource, ok: bool) -> bool:
    """``ok``, once a source read to its end has said whether it refuses what it read (a
    stream found to be in another encoding than it was read in); a --strict stop before the
    end is the run's outcome, whatever the reading met after it."""
    finish = getattr(source, "finish", None)
    if ok and finish is not None:
        finish()
    return ok
