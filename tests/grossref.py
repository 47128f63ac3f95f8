"""The net-to-gross search salesgrid used before the closed form, kept as the reference that
:func:`salesgrid.core.payroll.gross_for` is proven equal to (tests/test_grossup.py), and the
whole-number table of every cent's net that the proof compares with.

``reference_gross_for`` is the former search as it was: from just under the estimate it steps
back until the net is under the target, then counts up cent by cent, each step computed by
:func:`salesgrid.core.payroll.net_of`. ``net_table`` computes the net of every cent gross of a
period and cohort with whole numbers, independently of the product's code; ``first_gross`` is
the smallest gross of each net in it (a net missing is one no cent gives).
"""

from __future__ import annotations

from decimal import Decimal

from salesgrid.core import money
from salesgrid.core.payroll import Breakdown, Cohort, PayrollFile, Period, net_of, period_for
from salesgrid.errors import NotFoundError, UsageError


def _round(value: Decimal, data: PayrollFile) -> Decimal:
    return money.round_to(value, data.decimals, data.rounding)


def reference_gross_for(
    data: PayrollFile,
    month: str,
    net: Decimal,
    cohort: Cohort = "born_1960_or_later",
    work_accident_percent: Decimal | None = None,
) -> Breakdown:
    """The former search, unchanged."""
    if net < 0:
        raise UsageError(f"a net amount cannot be negative ({net})")
    net = _round(net, data)
    period = period_for(data, month)
    rates = period.cohorts[cohort]
    employee_rate = sum(rates.employee.rates().values(), Decimal(0)) / 100
    keep = 1 - data.income_tax_percent / 100
    net_at_cap = period.cap * (1 - employee_rate) * keep
    if net <= net_at_cap:
        estimate = net / ((1 - employee_rate) * keep)
    else:
        capped = sum(
            (_round(period.cap * r / 100, data) for r in rates.employee.rates().values()),
            Decimal(0),
        )
        estimate = net / keep + capped
    cent = money.quantum(data.decimals)
    gross = max(Decimal(0), _round(estimate, data) - 2 * cent)
    result = net_of(data, month, gross, cohort, work_accident_percent)
    back = 3 * cent
    while result.net >= net and gross > 0:
        gross = max(Decimal(0), gross - back)
        result = net_of(data, month, gross, cohort, work_accident_percent)
        back = 20 * cent
    for _ in range(100_000):
        if result.net == net:
            return result
        if result.net > net:
            break
        gross += cent
        result = net_of(data, month, gross, cohort, work_accident_percent)
    raise NotFoundError(
        f"no gross amount in cent steps gives a net of exactly {net} {period.currency} in {month}"
    )


def _hundredths(percent: Decimal) -> int:
    """A rate in percent with at most 2 decimals as hundredths of a percent (6.58 -> 658)."""
    value = percent * 100
    assert value == int(value), percent
    return int(value)


def net_table(
    data: PayrollFile, period: Period, cohort: Cohort, limit: int, start: int = 0
) -> list[int]:
    """The net in cents of every gross from ``start`` to ``limit`` cents (payroll data in
    cents, rates in hundredths of a percent): fund = insurable x rate / 10,000 half up, tax
    likewise."""
    assert data.decimals == 2 and data.rounding == "half_up"
    rates = [_hundredths(r) for r in period.cohorts[cohort].employee.rates().values()]
    tax = _hundredths(data.income_tax_percent)
    cap = int(period.cap * 100)
    nets = []
    for gross in range(start, limit + 1):
        insurable = gross if gross < cap else cap
        taxable = gross
        for rate in rates:
            taxable -= (insurable * rate + 5_000) // 10_000
        nets.append(taxable - (taxable * tax + 5_000) // 10_000)
    return nets


def first_gross(nets: list[int], start: int = 0) -> dict[int, int]:
    """The smallest gross (cents) of every net (cents) of ``nets`` (the nets of the grosses
    from ``start``)."""
    first: dict[int, int] = {}
    for gross, net in enumerate(nets, start):
        first.setdefault(net, gross)
    return first


def reference_on_table(
    data: PayrollFile, period: Period, cohort: Cohort, nets: list[int], net: int
) -> int | None:
    """:func:`reference_gross_for` run on ``nets`` (cents) instead of ``net_of``: the same
    estimate, the same steps; the gross in cents, or None where it finds none."""
    rates = period.cohorts[cohort]
    employee_rate = sum(rates.employee.rates().values(), Decimal(0)) / 100
    keep = 1 - data.income_tax_percent / 100
    target = Decimal(net) / 100
    if target <= period.cap * (1 - employee_rate) * keep:
        estimate = target / ((1 - employee_rate) * keep)
    else:
        capped = sum(
            (_round(period.cap * r / 100, data) for r in rates.employee.rates().values()),
            Decimal(0),
        )
        estimate = target / keep + capped
    gross = max(0, int(_round(estimate, data) * 100) - 2)
    back = 3
    while nets[gross] >= net and gross > 0:
        gross = max(0, gross - back)
        back = 20
    for _ in range(100_000):
        if nets[gross] == net:
            return gross
        if nets[gross] > net:
            return None
        gross += 1
    return None
