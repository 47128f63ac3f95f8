"""The careful row loop of a roster run: every row judged, written or rejected with its reason,
one at a time (:class:`RowLoop`), over a whole source or the blocks the fast path hands back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from salesgrid.batch.leftovers import named_only
from salesgrid.batch.people import repeat_reason
from salesgrid.batch.rows import Rejected, RowSource, Unreadable
from salesgrid.batch.verdicts import NO_VERDICT, Columns, judge
from salesgrid.errors import counted
from salesgrid.output.streams import csv_field

if TYPE_CHECKING:
    from salesgrid.batch.spec import RosterSpec
    from salesgrid.batch.summary import Summary


class RowLoop:
    """The careful row loop, over a whole source or its blocks one by one."""

    def __init__(self, spec: RosterSpec, entries: dict[Any, list[Any]],
                 lookup: Callable[[Any], list[Any]], key_of: Callable[[list[str]], Any],
                 cols: Columns | None, actual: Any, summary: Summary,
                 emit: Callable[[tuple[str, ...]], None] | None,
                 reject: Callable[[Rejected], None], strict: bool,
                 write_csv: Callable[[str], Any] | None) -> None:  # fmt: skip
        self.spec, self.entries, self.lookup, self.key_of = spec, entries, lookup, key_of
        self.cols, self.actual, self.summary = cols, actual, summary
        self.emit, self.reject, self.strict, self.write_csv = emit, reject, strict, write_csv
        self.read = self.rejected = self.blank = 0

    def run(self, source: Any, lines: RowSource) -> bool:
        """Every row of ``source`` (``lines`` tells a row's line); False if ``strict`` stopped
        at a rejected row.

        This loop is the hot path of a roster with assessment or actual-pay columns: what
        depends on the position alone comes from a dictionary entry that also counts its rows,
        and nothing else is called per row but the check that the employee id is new (its
        own faults first: a row rejected for them never makes a later row a repeat).
        """
        spec, entries, lookup, key_of = self.spec, self.entries, self.lookup, self.key_of
        cols, emit, reject = self.cols, self.emit, self.reject
        strict, write_csv = self.strict, self.write_csv
        check, tally = (None, None) if self.actual is None else self.actual[:2]
        first_line = self.summary.seen.first_line
        rows = iter(source)
        # every accepted row's line is asked: a BlockSource tells it through the careful
        # reader it hands on (the one iter() just made), asked directly
        reader = getattr(lines, "current", None)
        line_of = (lines if reader is None else reader).line_of
        width = len(spec.header)
        i_id = spec.where["employee_id"]
        judged = spec.has_assessment
        counts = self.summary.counts
        positions = self.summary.positions
        blank_rows = getattr(lines, "blank_rows", False)
        if spec.unnamed:
            rows = named_only(spec, rows, lines)
        read = rejected = blank = 0
        stopped = False
        verdict: Any
        for row in rows:
            read += 1
            if len(row) == width:
                key = key_of(row)
                entry = entries.get(key)
                if entry is None:
                    entry = lookup(key)
                found = entry[0]
                employee = row[i_id].strip()
                if found.__class__ is str:
                    reason = found
                elif not employee:
                    reason = "employee_id is empty"
                elif cols is None:
                    first = first_line(employee, line_of(row))
                    if first is not None:
                        reason = repeat_reason(employee, first)
                    else:
                        entry[1] += 1
                        if write_csv is not None:
                            write_csv(csv_field(employee) + entry[2])
                        elif emit is not None:
                            emit((employee, *found.text))
                        continue
                else:
                    verdict = judge(spec, cols, found, row) if judged else NO_VERDICT
                    extra: Any = ()
                    if check is not None and verdict.__class__ is not str:
                        extra = check(found, row)
                    if verdict.__class__ is str:
                        reason = verdict
                    elif extra.__class__ is str:
                        reason = extra
                    else:
                        first = first_line(employee, line_of(row))
                        if first is not None:
                            reason = repeat_reason(employee, first)
                        else:
                            count_key = (found.key, verdict.step_up, verdict.level_up)
                            if count_key in counts:
                                counts[count_key] += 1
                            else:
                                counts[count_key] = 1
                                positions[found.key] = found
                            added = (
                                verdict.text if tally is None
                                else (*verdict.text, *tally(extra, employee)) if judged
                                else tally(extra, employee)
                            )  # fmt: skip
                            if write_csv is not None:
                                write_csv(csv_field(employee) + found.csv_tail + ","
                                          + ",".join(added) + "\n")  # fmt: skip
                            elif emit is not None:
                                emit((employee, *found.text, *added))
                            continue
            elif row.__class__ is Unreadable:  # the reader's own line, reason and values
                rejected += 1
                reject(Rejected(row.line, row.reason, row.values))
                if strict:
                    stopped = True
                    break
                continue
            elif not row:  # an empty line (or a blank row, as its reader hands it on) is no row
                read -= 1
                blank += 1
                continue
            else:
                reason = f"{counted(len(row), 'field')}, the header has {width}"
            if blank_rows and not "".join(row).strip():  # leftovers.is_blank: no row either
                read -= 1
                blank += 1
                continue
            rejected += 1
            reject(Rejected(line_of(row), reason, dict(zip(spec.header, row, strict=False))))
            if strict:
                stopped = True
                break
        self.read += read
        self.rejected += rejected
        self.blank += blank
        return not stopped

    def end(self, ok: bool) -> bool:
        """Count the pay-only rows per position into the summary; ``ok`` back."""
        counts, positions = self.summary.counts, self.summary.positions
        for entry in self.entries.values():
            found = entry[0]
            if entry[1] and not isinstance(found, str):
                count_key = (found.key, None, None)
                counts[count_key] = counts.get(count_key, 0) + entry[1]
                positions[found.key] = found
        self.summary.read += self.read
        self.summary.rejected += self.rejected
        self.summary.blank += self.blank
        return ok
