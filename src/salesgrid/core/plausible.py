"""Pay that looks wrong: under the legal minimum wage, or a compa-ratio that looks like a typo.

Both are data in the payroll file: ``minimum_wage`` per period (the monthly minimum gross of a
full-time job) and ``plausible_compa_ratio`` (``low`` and ``high``). Pure functions: they say
what looks wrong, the callers warn.

**The minimum wage as one comparison of nets.** The gross behind a net pay is the smallest
gross in cents whose net is exactly that pay (:func:`salesgrid.core.payroll.gross_for`). Net
is not quite monotonic in gross (two funds rounding up on the same cent can lower the net by a
cent), but in cent steps it rises by at most one cent at a time from 0 (each fund and the tax
is rounded to the cent, and the rates are under 100%), so the nets of every gross below the
minimum wage are exactly the cents from 0 up to the highest of them, and

    gross_for(net) < minimum wage   <=>   net <= the highest net of a gross below it.

That highest net is found among the few cents just under the minimum wage: over ``w`` cents
of gross the net rises by at least (1 - tax) x (w x (1 - employee rates) - funds) - 1 cents,
which is positive from :func:`cohort_window` cents on, so no gross further down nets as much. It is
worked out once per month and cohort; a roster then compares each net with it.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import NamedTuple

from salesgrid.core import money
from salesgrid.core.payroll import (
    Cohort,
    CompaBand,
    PayrollFile,
    Period,
    beyond_review,
    net_of,
    period_for,
)


class MinimumWage(NamedTuple):
    """The minimum wage of a month, and the highest net a gross below it gives."""

    month: str
    currency: str
    wage: Decimal  # the monthly minimum gross, in ``currency``
    net_limit: Decimal  # a net at or under it has a gross under ``wage``
    reviewed: bool  # False past the payroll data's reviewed_until (the last period is used)

    def below(self, net: Decimal) -> bool:
        """Whether the gross behind ``net`` (in :attr:`currency`) is under the minimum wage."""
        return net <= self.net_limit

    def shown(self) -> str:
        """``620.20 EUR in 2026-09`` (with the review's limit past it)."""
        text = f"{money.two_decimals(self.wage)} {self.currency} in {self.month}"
        return text if self.reviewed else text + ", from the payroll data's last period"


def cohort_window(data: PayrollFile, period: Period, cohort: Cohort) -> int:
    """The cents of gross over which the net always rises (see the module's text)."""
    funds = period.cohorts[cohort].employee.rates()
    employee = sum(funds.values(), Decimal(0)) / 100
    tax = data.income_tax_percent / 100
    # a step is one unit of the last decimal (a cent); each rounding is off by under one
    bound = (len(funds) + 1 / (1 - tax)) / (1 - employee)
    return int(bound) + 1


def minimum_wage(
    data: PayrollFile, month: str, cohort: Cohort = "born_1960_or_later"
) -> MinimumWage:
    """The minimum wage of ``month`` and the net limit that tells a pay under it."""
    period = period_for(data, month)
    wage = period.minimum_wage
    step = money.quantum(data.decimals)
    highest = Decimal(0)
    for below in range(1, cohort_window(data, period, cohort) + 1):
        gross = wage - below * step
        if gross < 0:
            break
        net = net_of(data, month, gross, cohort).net
        highest = max(highest, net)
    return MinimumWage(month, period.currency, wage, highest, beyond_review(data, month) is None)


def limit_in(net_limit: Decimal, convert: Callable[[Decimal], Decimal]) -> Decimal:
    """The highest amount in cents of another currency whose conversion (``convert``, a
    grid's rule: monotonic) is at most ``net_limit``: an amount in that currency is under
    the minimum wage exactly when it is at most this, so a roster compares without converting
    each pay. Found by bisection over cents."""
    low, high = 0, 1  # in cents: convert(low) <= limit < convert(high)
    while convert(Decimal(high) / 100) <= net_limit:
        low, high = high, high * 2
    while high - low > 1:
        middle = (low + high) // 2
        if convert(Decimal(middle) / 100) <= net_limit:
            low = middle
        else:
            high = middle
    return Decimal(low) / 100


def gross_warning(minimum: MinimumWage, gross: Decimal, what: str) -> str | None:
    """The warning for a monthly gross under the minimum wage (``what`` names it), or None."""
    if gross >= minimum.wage:
        return None
    return (
        f"{what} is below the minimum wage ({minimum.shown()}): a full-time month pays at least "
        "that gross; check the amount (part-time pay may be less)"
    )


def payroll_warning(data: PayrollFile, month: str, gross: Decimal, what: str) -> str | None:
    """``payroll net`` and ``payroll gross``: the warning for a gross (``what`` names it)
    under the month's minimum wage, or None."""
    period = period_for(data, month)
    shown = MinimumWage(month, period.currency, period.minimum_wage, Decimal(0),
                        beyond_review(data, month) is None)  # fmt: skip
    return gross_warning(shown, gross, what)


def looks_like_typo(band: CompaBand, compa_ratio: Decimal) -> bool:
    """A compa-ratio outside the plausible band."""
    return compa_ratio < band.low or compa_ratio > band.high


def compa_shown(band: CompaBand, compa_ratio: Decimal) -> str:
    """The compa-ratio with 2 decimals, or its 4 where 2 would put it inside the band."""
    text = f"{compa_ratio:.2f}"
    return f"{compa_ratio:.4f}" if band.low <= Decimal(text) <= band.high else text
