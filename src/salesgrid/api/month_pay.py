"""What each person is owed for a month, from a position history (``salesgrid month``)."""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from salesgrid.api.arguments import (
    AmountLike,
    PathLike,
    read_amount,
    read_month,
    read_path,
    type_error,
)
from salesgrid.api.data import grid_of
from salesgrid.api.results import DataWarning
from salesgrid.api.rosters import OnReject, check_on_reject, refused_header, reject
from salesgrid.errors import UsageError, clip

if TYPE_CHECKING:
    from salesgrid.core.models import GridFile
    from salesgrid.core.payroll import Cohort


def month(
    rows: Iterable[Mapping[str, Any]],
    *,
    month: str | date | None = None,
    from_month: str | date | None = None,
    to_month: str | date | None = None,
    hours: AmountLike | None = None,
    paid: Iterable[Mapping[str, Any]] | None = None,
    employer_cost: bool = False,
    framework: str | None = None,
    grid: PathLike | GridFile | None = None,
    add_grid: PathLike | Sequence[PathLike] = (),
    payroll: PathLike | None = None,
    calendar: PathLike | Sequence[PathLike] = (),
    born_before_1960: bool = False,
    work_accident_rate: AmountLike | None = None,
    on_reject: OnReject = "raise",
    ignore_unknown_columns: bool = False,
) -> list[dict[str, Any]]:
    """The records of ``salesgrid month HISTORY --format json``: one dict per person and month
    with a working day, as Python values (amounts ``Decimal``; ``gross_paid`` and ``arrears``
    None where the CLI writes null: ``gross_paid`` of a person missing from ``paid``, whose
    ``arrears`` are their whole ``gross_due``).

    ``rows`` are the history's rows as mappings (``employee_id``, ``framework``, ``position``
    or ``level`` and ``step``, ``from``, ``until``, ``hours_per_week``); ``month`` (this month
    when None), or ``from_month`` and ``to_month``, the months; ``paid`` the paid file's rows
    (``employee_id``, ``month``, ``gross_paid``); ``calendar`` the ``--calendar`` files. A
    rejected row is a :class:`~salesgrid.api.results.RowRejected`, raised, skipped or handed
    to ``on_reject`` as by :func:`salesgrid.api.roster`; the warnings of a paid file (due but
    not paid, paid but not due) are :class:`~salesgrid.api.results.DataWarning`.

    >>> rows = [{"employee_id": "E-1", "position": "2.3", "from": "2026-01-01"}]
    >>> [(r["working_days"], r["gross_due"], r["net_due"]) for r in month(rows, month="2026-09")]
    [(20, Decimal('3410.26'), Decimal('2783.99'))]
    """
    check_on_reject(on_reject)
    # the batch layer and the core: on the first call, so import salesgrid.api stays cheap
    from salesgrid.batch.history import HistorySpec, read_history
    from salesgrid.batch.mappings import mapping_rows
    from salesgrid.batch.month import MonthRun, read_paid
    from salesgrid.batch.readcolumns import ReadColumns
    from salesgrid.batch.rows import NumberedSource
    from salesgrid.core.month import (
        FULL_TIME_HOURS,
        Pricer,
        month_bounds,
        months_between,
        review_warning,
    )
    from salesgrid.core.payroll import work_accident
    from salesgrid.files.loader import load_payroll
    from salesgrid.output.monthout import month_record

    if month is not None and (from_month is not None or to_month is not None):
        raise UsageError("give month, or from_month and to_month, not both")
    if month is None and (from_month is not None or to_month is not None):
        if from_month is None or to_month is None:
            raise UsageError("give both from_month and to_month")
        first, last = read_month(from_month), read_month(to_month)
    else:
        first = last = read_month(month)
    full = FULL_TIME_HOURS if hours is None else read_amount(hours, "hours", "37.5")
    if full is None or not 0 < full <= 168:
        raise UsageError(f"hours {clip(str(hours))!r} must be more than 0 and at most 168")
    data = grid_of(grid, add_grid)
    data_payroll = load_payroll(None if payroll is None else read_path(payroll, "payroll"))
    percent = read_amount(work_accident_rate, "work_accident_rate", "0.5")
    work_accident(data_payroll, percent)
    cohort: Cohort = "born_before_1960" if born_before_1960 else "born_1960_or_later"
    pricer = Pricer(data, data_payroll, cohort, percent, full)
    months = months_between(first, last)
    warning = review_warning(data_payroll, months)
    if warning is not None:
        warnings.warn(warning, DataWarning, stacklevel=2)
    window = (month_bounds(first)[0], month_bounds(last)[1])
    told = ReadColumns()
    read = mapping_rows(rows, told)
    people: dict[str, Any] = {}
    history = None
    if read is not None:
        header, numbered = read
        try:
            spec = HistorySpec(header, data, framework, full, ignore_unknown_columns,
                               full_time=True, window=window)  # fmt: skip
        except UsageError as exc:
            raise refused_header(exc) from None
        told.read = spec.read_columns
        history = read_history(spec, NumberedSource(numbered),
                               lambda event: reject(event, on_reject))  # fmt: skip
    paid_amounts = None if paid is None else _paid(paid, months, pricer, read_paid, mapping_rows)
    run = MonthRun(data, pricer, _working_days(calendar), months, employer_cost, paid_amounts)
    if history is None:
        # no rows: a run over nobody (a paid file still reports what was paid)
        from salesgrid.batch.history import History

        history = History(people, 0, 0, 0)
    records = [month_record(due, employer_cost, paid is not None)
               for due in run.records_of(history)]  # fmt: skip
    for line in run.warning_lines():
        warnings.warn(line, DataWarning, stacklevel=2)
    return records


def _paid(rows: Iterable[Mapping[str, Any]], months: list[str], pricer: Any, read_paid: Any,
          mapping_rows: Any) -> dict[tuple[str, str], Decimal]:  # fmt: skip
    # the rows source: only with paid rows
    from salesgrid.batch.rows import NumberedSource

    read = mapping_rows(rows)
    if read is None:
        return {}
    header, numbered = read
    return dict(read_paid(header, NumberedSource(numbered),
                          {m: pricer.currency(m) for m in months}, "paid"))  # fmt: skip


def _working_days(calendar: PathLike | Sequence[PathLike]) -> Any:
    """The working days between two days, by the calendar's data."""
    # the calendar: on the first call
    from salesgrid.core.calendar import working_days_between
    from salesgrid.files.calendars import calendar_data

    if isinstance(calendar, str | os.PathLike):
        calendar = [calendar]
    if not isinstance(calendar, Sequence):
        raise type_error("calendar", calendar, "a path or a list of paths")
    data = calendar_data(tuple(read_path(path, "calendar") for path in calendar))
    return lambda first, last: working_days_between(data, first, last)
