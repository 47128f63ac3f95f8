"""The Bulgarian payroll: gross to net and net to gross for one month (``payroll net|gross``),
with the warnings the CLI gives (a month past the review, a pay below the minimum wage)."""

from __future__ import annotations

import warnings
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from salesgrid.api.arguments import (
    AmountLike,
    PathLike,
    read_amount,
    read_month,
    read_path,
    read_priced,
)
from salesgrid.api.results import DataWarning, Payroll, payroll_result

if TYPE_CHECKING:
    from salesgrid.core.payroll import Breakdown, PayrollFile


def _payroll_figures(
    payroll: PathLike | None, month: str | date | None, before_1960: bool, rate: AmountLike | None
) -> tuple[PayrollFile, str, Any, Decimal | None]:
    # the payroll data: on the first call, so import salesgrid.api stays cheap
    from salesgrid.core.payroll import beyond_review, period_for
    from salesgrid.files.loader import load_payroll

    chosen = read_month(month)
    percent = read_amount(rate, "work_accident_rate", "0.5")
    data = load_payroll(None if payroll is None else read_path(payroll, "payroll"))
    period_for(data, chosen)  # a month before the first period: NotFoundError, no warning
    warning = beyond_review(data, chosen)
    if warning is not None:
        warnings.warn(warning, DataWarning, stacklevel=4)
    cohort = "born_before_1960" if before_1960 else "born_1960_or_later"
    return data, chosen, cohort, percent


def _payroll(b: Breakdown) -> Payroll:
    from salesgrid.output import render  # output: on the first call, not on import

    return payroll_result(render.payroll_record(b))


def payroll_net(
    gross: AmountLike,
    month: str | date | None = None,
    *,
    born_before_1960: bool = False,
    work_accident_rate: AmountLike | None = None,
    payroll: PathLike | None = None,
) -> Payroll:
    """Gross to net for one month (``salesgrid payroll net GROSS --month M``).

    ``gross`` is a Decimal, an int or text by the CLI's amount rule (``"1500.50"``,
    ``"1500,50"``; a float is a TypeError); ``month`` ``"YYYY-MM"`` or a date (None: this
    month); ``work_accident_rate`` in percent (None: the data's default, 0.4); ``payroll``
    a payroll file (None: the packaged one). A month past the data's ``reviewed_until`` issues
    a :class:`DataWarning`; one before its first period raises
    :class:`~salesgrid.errors.NotFoundError`. A ``gross`` of 0 is
    :class:`~salesgrid.errors.UsageError` (not a pay); one below the month's minimum wage issues
    a :class:`DataWarning`.

    >>> b = payroll_net(Decimal("3000"), "2026-09")
    >>> b.net, b.income_tax, b.employer_cost, b.currency
    (Decimal('2414.75'), Decimal('268.31'), Decimal('3435.16'), 'EUR')
    """
    from salesgrid.core.payroll import net_of  # core: on the first call, not on import

    amount, read = _pay(gross, "gross", "3000")
    data, chosen, cohort, rate = _payroll_figures(payroll, month, born_before_1960,
                                                  work_accident_rate)  # fmt: skip
    _same_currency(read, gross, "gross", data, chosen)
    b = net_of(data, chosen, amount, cohort, rate)
    _minimum_wage_warning(data, chosen, b.gross, f"gross {amount}")
    return _payroll(b)


def payroll_gross(
    net: AmountLike,
    month: str | date | None = None,
    *,
    born_before_1960: bool = False,
    work_accident_rate: AmountLike | None = None,
    payroll: PathLike | None = None,
) -> Payroll:
    """Net to gross (``salesgrid payroll gross NET --month M``): the smallest gross in cents
    whose net is exactly ``net``; :class:`~salesgrid.errors.NotFoundError` when no cent amount
    gives it. Arguments as :func:`payroll_net`.

    >>> payroll_gross("1500", "2026-03").gross
    Decimal('1933.04')
    """
    from salesgrid.core.payroll import gross_for  # core: on the first call, not on import

    amount, read = _pay(net, "net", "1500")
    data, chosen, cohort, rate = _payroll_figures(payroll, month, born_before_1960,
                                                  work_accident_rate)  # fmt: skip
    _same_currency(read, net, "net", data, chosen)
    b = gross_for(data, chosen, amount, cohort, rate)
    _minimum_wage_warning(data, chosen, b.gross, f"the gross {b.gross} of net {amount}")
    return _payroll(b)


def _pay(value: AmountLike, what: str, example: str) -> tuple[Decimal, Any]:
    """A pay argument: an amount (the CLI's rule), more than 0, and how its text was read
    (with the currency it may be written with), None for a Decimal or an int."""
    from salesgrid.core.money import require_pay  # core: on the first call, not on import

    amount, read = read_priced(value, what)
    return require_pay(amount, what, f"the monthly {what} pay", example), read


def _same_currency(read: Any, value: AmountLike, what: str, data: PayrollFile, month: str) -> None:
    """A currency written with a pay is the month's payroll currency, or refused."""
    from salesgrid.core.money import agree  # core: on the first call, not on import
    from salesgrid.core.payroll import period_for  # the same

    if read is not None:
        agree(read, str(value), what, period_for(data, month).currency,
              f"the payroll currency of {month}")  # fmt: skip


def _minimum_wage_warning(data: PayrollFile, month: str, gross: Decimal, what: str) -> None:
    from salesgrid.core.plausible import payroll_warning  # core: on the first call

    warning = payroll_warning(data, month, gross, what)
    if warning is not None:
        warnings.warn(warning, DataWarning, stacklevel=4)


def net(
    gross: AmountLike,
    month: str | date | None = None,
    *,
    born_before_1960: bool = False,
    work_accident_rate: AmountLike | None = None,
    payroll: PathLike | None = None,
) -> Decimal:
    """The net pay for a gross pay: :func:`payroll_net`'s ``net``.

    >>> net(Decimal("3000"), "2026-09")
    Decimal('2414.75')
    """
    return payroll_net(
        gross, month, born_before_1960=born_before_1960, work_accident_rate=work_accident_rate,
        payroll=payroll,
    ).net  # fmt: skip


def gross(
    net: AmountLike,
    month: str | date | None = None,
    *,
    born_before_1960: bool = False,
    work_accident_rate: AmountLike | None = None,
    payroll: PathLike | None = None,
) -> Decimal:
    """The gross pay that yields a net pay: :func:`payroll_gross`'s ``gross``.

    >>> gross(Decimal("2500"), "2026-09")
    Decimal('3094.72')
    """
    return payroll_gross(
        net, month, born_before_1960=born_before_1960, work_accident_rate=work_accident_rate,
        payroll=payroll,
    ).gross  # fmt: skip
