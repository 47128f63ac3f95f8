"""Net to gross in closed form, on whole units of the payroll's smallest amount (the cent).

Net pay is piecewise linear in gross: up to the cap every employee fund is a share of the gross
and the income tax a share of what is left, so ``net = gross x (1 - e) x (1 - t)``; above it
the contributions are fixed and ``net = (gross - contributions) x (1 - t)``. Each fund and the
tax are rounded half up to the cent, and each rounding moves the net by at most half a cent:
with ``n`` funds, the net of a gross up to the cap is within ``(1 - t) x n / 2 + 1 / 2`` cents
of the line, and above it within ``1 / 2``. So every gross whose net is exactly the target lies
in a window of a few cents around each line's inverse; the cents of both windows are checked
from the lowest up, in whole numbers, and the first whose net is the target is the answer: the
smallest cent gross whose net is exactly the target, or None when no cent gives it (a net the
roundings step over). Pure integers, exact: :mod:`salesgrid.core.payroll` turns the units back
into amounts and builds the breakdown.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from typing import NamedTuple

#: Distinct (schedule, net) answers kept: a roster's distinct nets times the year's periods.
CACHED_NETS = 1 << 17


class Share(NamedTuple):
    """A percentage as a fraction of whole numbers: ``value x numerator / denominator``."""

    numerator: int
    denominator: int

    def rounded(self, value: int) -> int:
        """``value x share`` rounded half up to a whole number (``value`` is never negative)."""
        return (2 * value * self.numerator + self.denominator) // (2 * self.denominator)


class Line(NamedTuple):
    """Where the grosses of a net ``n`` lie on one side of the cap: from
    ``(n x scale - low) / over`` up to ``(n x scale + high) / over``, plus ``offset``."""

    scale: int
    low: int
    high: int
    over: int
    offset: int

    def window(self, net: int, least: int, most: int | None) -> range:
        start = max(least, self.offset - (-(net * self.scale - self.low) // self.over))
        stop = self.offset + (net * self.scale + self.high) // self.over
        return range(start, (stop if most is None else min(most, stop)) + 1)


class Schedule(NamedTuple):
    """One payroll period and cohort in whole numbers. Amounts are in units of
    ``10**-decimals`` (cents); the insurable income is taken in finer units (``fine`` of them a
    unit) when the cap has more decimals than the payroll rounds to."""

    fine: int  # fine units per unit
    cap: int  # the cap in fine units
    funds: tuple[Share, ...]  # each employee fund: fine units of insurable income -> units
    tax: Share  # the income tax: units of taxable income -> units
    capped: Line  # the grosses up to the cap
    over_cap: Line  # the grosses above it


def percent_share(percent: Decimal, fine: int = 1) -> Share:
    """``percent`` of an amount in fine units (``fine`` of them a unit), in units:
    ``x x percent / 100 / fine`` as whole numbers."""
    exponent = percent.as_tuple().exponent
    places = max(0, -exponent) if isinstance(exponent, int) else 0
    numerator = int(percent.scaleb(places))
    return Share(numerator, 100 * 10**places * fine)


def _line(slope: Fraction, reach: Fraction, offset: int) -> Line:
    """The grosses ``g`` with ``|net - (g - offset) x slope| <= reach``, as whole numbers."""
    # (net - reach) / slope = (net x rd - rn) x sd / (rd x sn), for reach rn/rd and slope sn/sd
    spread = reach.numerator * slope.denominator
    return Line(slope.denominator * reach.denominator, spread, spread,
                reach.denominator * slope.numerator, offset)  # fmt: skip


def schedule(
    decimals: int, cap: Decimal, employee: tuple[Decimal, ...], tax_percent: Decimal
) -> Schedule:
    """The whole-number schedule of a period and cohort: ``decimals`` the payroll rounds to,
    the ``cap`` on insurable income, the ``employee`` fund rates and the income tax, in
    percent."""
    exponent = cap.as_tuple().exponent
    cap_places = max(0, -exponent) if isinstance(exponent, int) else 0
    fine = 10 ** max(0, cap_places - decimals)
    cap_fine = int(cap.scaleb(decimals) * fine)
    funds = tuple(percent_share(rate, fine) for rate in employee)
    tax = percent_share(tax_percent)
    keep = 1 - Fraction(tax.numerator, tax.denominator)
    rates = sum((Fraction(s.numerator * fine, s.denominator) for s in funds), Fraction())
    fixed = sum(share.rounded(cap_fine) for share in funds)
    half = Fraction(1, 2)
    return Schedule(
        fine, cap_fine, funds, tax,
        # up to the cap each fund's rounding and the tax's move the net by half a unit at most
        _line((1 - rates) * keep, keep * len(funds) / 2 + half, 0),
        _line(keep, half, fixed),  # above it only the tax's
    )  # fmt: skip


def net_units(plan: Schedule, gross: int) -> int:
    """The net of ``gross`` units: contributions on the capped insurable income, the tax on
    the rest, each rounded half up to the unit (:meth:`Share.rounded`, written out: the hot
    loop of a big roster's gross-ups)."""
    insurable = min(gross * plan.fine, plan.cap)
    taxable = gross
    for numerator, denominator in plan.funds:
        taxable -= (2 * insurable * numerator + denominator) // (2 * denominator)
    numerator, denominator = plan.tax
    return taxable - (2 * taxable * numerator + denominator) // (2 * denominator)


@lru_cache(maxsize=CACHED_NETS)
def smallest_gross(plan: Schedule, net: int) -> int | None:
    """The smallest gross in units whose net is exactly ``net`` units, or None when none is."""
    last_capped = plan.cap // plan.fine  # the largest gross whose insurable income is itself
    for gross in plan.capped.window(net, 0, last_capped):
        if net_units(plan, gross) == net:
            return gross
    for gross in plan.over_cap.window(net, last_capped + 1, None):
        if net_units(plan, gross) == net:
            return gross
    return None
