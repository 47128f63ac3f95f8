"""Rosters: pay, next moves and eligibility for every row of a roster (``roster``), streamed
in batches; the rows read by the batch layer's roster spec, and a rejected row handed to the
caller's ``on_reject``, as :func:`salesgrid.api.diff` and :func:`salesgrid.api.paygap` read
rows too."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

from salesgrid.api.arguments import DayLike, PathLike, read_day, read_path, read_text, type_error
from salesgrid.api.data import chart_gap_warner, competencies_of, grid_of
from salesgrid.api.results import DataWarning, RowRejected
from salesgrid.errors import UsageError

if TYPE_CHECKING:
    from salesgrid.batch.rows import Rejected
    from salesgrid.core.competencies import CompetenciesFile
    from salesgrid.core.models import GridFile

OnReject = Literal["raise", "skip"] | Callable[[RowRejected], object]
#: Rows handed to the core at a time: records come out as each batch is done, and memory
#: stays flat whatever the number of rows.
_BATCH = 1000


def roster(
    rows: Iterable[Mapping[str, Any]],
    *,
    framework: str | None = None,
    as_of: DayLike | None = None,
    grid: PathLike | GridFile | None = None,
    add_grid: PathLike | Sequence[PathLike] = (),
    competencies: PathLike | CompetenciesFile | None = None,
    on_reject: OnReject = "raise",
    ignore_unknown_columns: bool = False,
    actual_currency: str | None = None,
    payroll: PathLike | None = None,
) -> Iterator[dict[str, Any]]:
    """Pay, next moves and eligibility for every row (``salesgrid roster``), streamed.

    ``rows`` are mappings with the roster's columns (``employee_id``, ``framework``,
    ``position`` or ``level`` and ``step``, and optionally the assessment columns and
    ``actual_pay``/``actual_currency``, whose currency defaults to ``actual_currency``, else
    the framework's: then the records add ``gap``, ``compa_ratio``, ...), such as
    ``df.to_dict("records")`` or a ``csv.DictReader``; the first row's keys are the header.
    Yields one dict per accepted row with the CSV output columns, typed as ``--format
    jsonl`` writes them: amounts ``Decimal``, ``eligible_*`` ``bool``, an empty value None
    (``failing_rules`` is ``""`` when nothing fails). A row whose ``employee_id`` an earlier
    accepted row has is rejected (``E-1 also on line 2``).

    With ``actual_pay``, the rows written with a pay below the minimum wage of ``as_of``'s
    month, or a compa-ratio outside the plausible band, are said at the end as one
    :class:`DataWarning` per kind, as the CLI's warning lines (``payroll``: the payroll file
    they come from; None: the packaged one).

    A row that cannot be computed is a :class:`RowRejected` (``line`` counts rows from 1):
    ``on_reject="raise"`` (the default) raises it, after the records of the rows before;
    ``"skip"`` drops the row; a callable is called with it and the run goes on. A header
    that cannot be used (no ``employee_id``, an unknown column unless
    ``ignore_unknown_columns``) raises :class:`UsageError` before any row.

    >>> rows = [{"employee_id": "E-1", "position": "2.3"},
    ...         {"employee_id": "E-2", "position": "9.9"}]
    >>> found = list(roster(rows, as_of="2026-11-22", on_reject="skip"))
    >>> [(r["employee_id"], r["pay_bgn"], r["pay_eur"], r["next_level"]) for r in found]
    [('E-1', Decimal('5445'), Decimal('2783.99'), '3.1')]
    >>> next(roster(rows[1:], as_of="2026-11-22"))
    Traceback (most recent call last):
    ...
    salesgrid.api.RowRejected: row 1: position 9.9 is not in Sales Management: it has levels 1-4
    """
    framework = read_text(framework, "framework")
    actual_currency = read_text(actual_currency, "actual_currency")
    day = read_day(as_of)
    data = grid_of(grid, add_grid)
    comp = competencies_of(competencies)
    path = None if payroll is None else read_path(payroll, "payroll")

    def checks() -> Any:
        # the actual-pay checks and the payroll data: only for rows with an actual pay
        from salesgrid.batch.actualpay import run_checks
        from salesgrid.files.loader import load_payroll

        return run_checks(None, lambda: load_payroll(path), day)

    gap = chart_gap_warner(competencies, stacklevel=6)
    return roster_records(rows, on_reject, data, comp, day, framework, ignore_unknown_columns,
                          None, actual_currency, gap, None, checks)  # fmt: skip


def roster_records(
    rows: Iterable[Mapping[str, Any]], on_reject: OnReject, *spec_args: Any, **spec_kwargs: Any
) -> Iterator[dict[str, Any]]:
    """The records of ``rows``, read by a :class:`~salesgrid.batch.spec.RosterSpec` of
    these arguments but the header."""
    check_on_reject(on_reject)
    # the batch layer: on the first call, so import salesgrid.api stays cheap
    from salesgrid.batch.mappings import mapping_rows
    from salesgrid.batch.readcolumns import ReadColumns
    from salesgrid.batch.spec import RosterSpec

    told = ReadColumns()
    read = mapping_rows(rows, told)
    if read is None:
        return iter(())
    header, numbered = read
    try:
        spec = RosterSpec(header, *spec_args, **spec_kwargs)
    except UsageError as exc:
        raise refused_header(exc) from None
    told.read = spec.read_columns  # a value in a column the spec never reads rejects no row
    return _records(spec, numbered, on_reject)


def check_on_reject(on_reject: OnReject) -> None:
    """An ``on_reject`` argument: ``"raise"``, ``"skip"`` or a callable (else TypeError)."""
    if not (on_reject in ("raise", "skip") or callable(on_reject)):
        raise type_error("on_reject", on_reject, "'raise', 'skip' or a callable")


def refused_header(exc: UsageError) -> UsageError:
    """A header refused by a spec, its options named as this API's arguments."""
    text = str(exc).replace("--ignore-unknown-columns", "ignore_unknown_columns=True")
    return UsageError(text.replace("--actual-currency", "actual_currency="))


def reject(event: Rejected, on_reject: OnReject) -> None:
    """A rejected row as a :class:`RowRejected`: raised, skipped or handed to the caller."""
    rejected = RowRejected(event.line, event.reason, event.row)
    if on_reject == "raise":
        raise rejected
    if callable(on_reject):
        on_reject(rejected)


def _records(
    spec: Any, numbered: Iterator[tuple[int, list[str]]], on_reject: OnReject
) -> Iterator[dict[str, Any]]:
    # the batch layer: on the first call, so import salesgrid.api stays cheap
    from salesgrid.batch.columns import JSON_KINDS
    from salesgrid.batch.roster import process
    from salesgrid.batch.rows import NumberedSource, Rejected
    from salesgrid.batch.summary import Summary

    fields = list(spec.fields)
    kinds = [JSON_KINDS.get(name, "str") for name in fields]
    events: list[Any] = []
    summary = Summary()
    strict = on_reject == "raise"
    while True:
        batch = [item for _, item in zip(range(_BATCH), numbered, strict=False)]
        if not batch:
            if summary.actual is not None:
                from salesgrid.batch.actualpay import warnings as said  # only with actual pay

                for _, text in said(summary.actual):
                    warnings.warn(text, DataWarning, stacklevel=2)
            return
        events.clear()
        process(spec, NumberedSource(iter(batch)), events.append, events.append, summary, strict)
        for event in events:
            if isinstance(event, Rejected):
                reject(event, on_reject)
                continue
            yield {
                name: _typed(kind, value)
                for name, kind, value in zip(fields, kinds, event, strict=True)
            }


def _typed(kind: str, value: str) -> Any:
    if kind == "str":
        return value
    if value == "":
        return None
    if kind == "num":
        return Decimal(value)
    if kind == "bool":
        return value == "true"
    return value
