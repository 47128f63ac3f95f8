"""The gender pay gap report of a roster (``paygap``, EU Pay Transparency Directive 2023/970,
Art. 9), and one worker's answer (Art. 7)."""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from salesgrid.api.arguments import (
    AmountLike,
    DayLike,
    PathLike,
    read_amount,
    read_day,
    read_path,
    read_text,
)
from salesgrid.api.data import grid_of
from salesgrid.api.results import DataWarning
from salesgrid.api.rosters import OnReject, check_on_reject, refused_header, reject
from salesgrid.errors import UsageError

if TYPE_CHECKING:
    from salesgrid.core.models import GridFile


def paygap(
    rows: Iterable[Mapping[str, Any]],
    *,
    year: int | None = None,
    hours: AmountLike | None = None,
    min_group: int = 3,
    employee: str | None = None,
    framework: str | None = None,
    as_of: DayLike | None = None,
    grid: PathLike | GridFile | None = None,
    add_grid: PathLike | Sequence[PathLike] = (),
    payroll: PathLike | None = None,
    on_reject: OnReject = "raise",
    ignore_unknown_columns: bool = False,
    actual_currency: str | None = None,
    employer: str | None = None,
    made_on: DayLike | None = None,
    source: PathLike | None = None,
) -> dict[str, Any]:
    """The gender pay gap report of a roster (``salesgrid paygap FILE --format json``), or with
    ``employee`` one worker's answer (``--employee ID``): the same dict, exact ``Decimal``
    figures and ``None`` for null.

    ``rows`` are mappings with paygap's columns (``employee_id``, ``framework``, ``position``
    or ``level`` and ``step``, ``sex``, ``hours_per_week``, ``months_worked``, ``actual_pay``,
    ``actual_currency``, ``gross_annual``, ``variable_pay``, ``category``). A rejected row is a
    :class:`~salesgrid.api.results.RowRejected`: ``on_reject="raise"`` (the default) raises
    it, ``"skip"`` leaves it out, a callable is called with it. ``year`` defaults to the last
    full year of the payroll data (a year outside it is :class:`~salesgrid.errors.NotFoundError`);
    ``hours`` (full time, the default hours a week) to 40. ``min_group`` (``--min-group``,
    default 3) withholds every figure over fewer women or men. What the CLI warns about (a
    full-timer below the minimum wage, sex values not recognised) is a :class:`DataWarning`.
    The ``provenance`` key traces the figures (``--employer``): ``employer``, the year,
    ``made_on`` (default today), the name and sha256 of ``source`` (the roster file the rows
    were read from; None: ``input`` null) and of the grid and payroll files used.

    >>> rows = [{"employee_id": "F1", "position": "1.1", "sex": "F", "gross_annual": 41600},
    ...         {"employee_id": "M1", "position": "1.1", "sex": "M", "gross_annual": 52000}]
    >>> paygap(rows, year=2026, min_group=1)["mean_gap_pct"]
    Decimal('20.00')
    >>> paygap(rows, year=2026)["withheld"]
    True
    >>> paygap(rows, employee="F1")["hourly"]
    Decimal('20.00')
    """
    # the batch layer and the payroll data: on the first call, not on import
    from salesgrid.api.provenance import api_trace
    from salesgrid.batch.mappings import mapping_rows
    from salesgrid.batch.paygap import PaygapSpec, read_workers, warning_lines
    from salesgrid.batch.readcolumns import ReadColumns
    from salesgrid.batch.rows import NumberedSource
    from salesgrid.core import paygap as core
    from salesgrid.core.provenance import year_period
    from salesgrid.files.loader import load_payroll

    check_on_reject(on_reject)
    if isinstance(min_group, bool) or not isinstance(min_group, int) or min_group < 1:
        raise UsageError(f"min_group {min_group!r} is not a whole number from 1")
    full_time = read_amount(hours, "hours", "37.5")
    if full_time is not None and not 0 < full_time <= 168:
        raise UsageError(f"hours {full_time} must be more than 0 and at most 168")
    data_payroll = load_payroll(None if payroll is None else read_path(payroll, "payroll"))
    first, reviewed = data_payroll.periods[0].from_month, data_payroll.reviewed_until
    chosen = core.check_year(year, first, reviewed)
    day = read_day(as_of) if as_of is not None else date(chosen, 12, 31)
    data = grid_of(grid, add_grid)
    trace = api_trace(employer, made_on, year_period(chosen), grid, add_grid,
                      {"payroll": payroll}, source)  # fmt: skip
    told = ReadColumns()
    read = mapping_rows(rows, told)
    header, numbered = read if read is not None else (["employee_id", "position", "sex"], iter(()))
    try:
        spec = PaygapSpec(header, data, data_payroll, chosen, day,
                          read_text(framework, "framework"), full_time or core.DEFAULT_HOURS,
                          read_text(actual_currency, "actual_currency"),
                          ignore_unknown_columns)  # fmt: skip
    except UsageError as exc:
        raise refused_header(exc) from None
    given = NumberedSource(numbered, read_columns=told)
    got = read_workers(spec, given, lambda event: reject(event, on_reject))
    for line in warning_lines(got):
        warnings.warn(line, DataWarning, stacklevel=2)
    if employee is not None:
        return {**core.employee_answer(got.workers, employee, min_group), "provenance": trace}
    method = core.method_text(chosen, got.currency, min_group, spec.method_basis())
    return {**core.report(got.workers, chosen, method, min_group), "provenance": trace}
