"""Bulgarian payroll behind a net figure: gross to net, net to gross, employer cost.

The parameters are data (``data/payroll.yaml``), dated by the month the pay is for. As in
legislation-as-data engines, a period stays in force until a later one starts: the last period
is open-ended, and the file's ``reviewed_until`` records the last month whose parameters were
checked against the law. A month past it is computed with the last period and a warning
(:func:`beyond_review`); a month before the first period is an error, never a guess. Every
fund and the income tax are rounded half up to the cent; net to gross returns the smallest cent
amount whose net is exactly the target, in closed form (:mod:`salesgrid.core.grossup`), checked
by computing the net again.
"""

from __future__ import annotations

import decimal
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Annotated, Any, Literal, NamedTuple

from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints, WithJsonSchema

from salesgrid.core import money
from salesgrid.core.grossup import Schedule, schedule, smallest_gross
from salesgrid.core.models import Amount, Currency, Deferred, Rate, Text, rate_input
from salesgrid.core.pay import PayCell
from salesgrid.errors import NotFoundError, UsageError, clip

Cohort = Literal["born_1960_or_later", "born_before_1960"]
COHORTS: tuple[Cohort, ...] = ("born_1960_or_later", "born_before_1960")
Month = Annotated[str, StringConstraints(pattern=r"^[0-9]{4}-(0[1-9]|1[0-2])$")]


def _percent(value: Decimal) -> Decimal:
    if not 0 <= value < 100:
        raise ValueError("a percentage is from 0 up to 100")
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -4:
        raise ValueError(f"{value}: a percentage has at most 4 decimals")
    return value


Percent = Annotated[
    Decimal,
    BeforeValidator(rate_input),
    AfterValidator(_percent),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": 0, "maximum": 99},
                {"type": "string", "pattern": r"^[0-9]{1,2}(\.[0-9]{1,9})?$"},
            ],
            "description": 'A percentage from 0 up to 100, quoted to keep every digit ("13.8").',
        }
    ),
]


class Funds(Deferred):
    """Contribution rates in percent, one per fund."""

    pension: Percent
    second_pillar: Percent | None = None
    illness_maternity: Percent
    unemployment: Percent
    health: Percent

    def rates(self) -> dict[str, Decimal]:
        return {name: rate for name, rate in self.__dict__.items() if rate is not None}


class CohortRates(Deferred):
    employee: Funds
    employer: Funds


class Period(Deferred):
    """The parameters in force from the month ``from``: up to ``to`` (inclusive), which only the
    last period may leave out (it then stays in force until a later period is added)."""

    from_month: Month = Field(alias="from")
    to_month: Month | None = Field(
        default=None, alias="to", description="Required on every period but the last."
    )
    currency: Currency
    cap: Amount = Field(description="Maximum monthly insurable income.")
    minimum_wage: Amount
    source: Text
    cohorts: dict[Cohort, CohortRates]


class WorkAccident(Deferred):
    default_percent: Percent
    min_percent: Percent
    max_percent: Percent
    source: Text


class CompaBand(Deferred):
    """The compa-ratios (actual pay / the position's pay) that look like pay: one outside
    ``low`` to ``high`` looks like a typing mistake (a digit lost or added), and ``roster``
    warns about it."""

    low: Rate
    high: Rate
    source: Text


class PayrollFile(Deferred):
    """``data/payroll.yaml``: dated Bulgarian payroll parameters."""

    schema_version: Literal[1]
    reviewed_until: Month = Field(
        description="The last month (YYYY-MM) whose parameters were checked against the law; "
        "later months use the last period, with a warning."
    )
    income_tax_percent: Percent
    rounding: Literal["half_up"]
    decimals: Annotated[int, Field(ge=0, le=4, strict=True)]
    work_accident: WorkAccident
    periods: list[Period] = Field(min_length=1)
    plausible_compa_ratio: CompaBand | None = Field(
        default=None,
        description="An actual pay whose compa-ratio is under low or over high looks like a "
        "typing mistake: roster warns. Without it, no such warning.",
    )


def check_payroll(data: PayrollFile) -> list[tuple[tuple[str | int, ...], str]]:
    """Periods in order, without gaps or overlaps, each with both cohorts; rates that every
    figure can be computed with; ``reviewed_until`` within the last period."""
    problems: list[tuple[tuple[str | int, ...], str]] = []
    previous = None
    last = len(data.periods) - 1
    for index, period in enumerate(data.periods):
        at: tuple[str | int, ...] = ("periods", index)
        if period.to_month is None and index != last:
            problems.append(((*at, "from"), f"the period from {period.from_month} needs 'to' "
                             "(only the last period may leave it out)"))  # fmt: skip
        if period.to_month is not None and period.to_month < period.from_month:
            problems.append(((*at, "to"), f"{period.to_month} is before {period.from_month}"))
        if previous is not None and period.from_month != _next_month(previous):
            problems.append(
                ((*at, "from"), f"the period after {previous} must start {_next_month(previous)} "
                 f"(no gap, no overlap), not {period.from_month}")
            )  # fmt: skip
        previous = period.to_month or period.from_month
        for cohort in COHORTS:
            if cohort not in period.cohorts:
                problems.append(((*at, "cohorts"), f"the rates for {cohort} are missing"))
                continue
            total = sum(period.cohorts[cohort].employee.rates().values(), Decimal(0))
            if total >= 100:
                problems.append(
                    ((*at, "cohorts", cohort, "employee"), f"the employee rates of {cohort} sum "
                     f"to {total}%: they must sum to less than 100% (net pay would be nothing)")
                )  # fmt: skip
    wa = data.work_accident
    if wa.min_percent > wa.max_percent:
        problems.append(
            (("work_accident", "min_percent"),
             f"{wa.min_percent} is more than max_percent {wa.max_percent}")
        )  # fmt: skip
    elif not wa.min_percent <= wa.default_percent <= wa.max_percent:
        problems.append(
            (("work_accident", "default_percent"),
             f"{wa.default_percent} is outside min_percent..max_percent "
             f"({wa.min_percent} to {wa.max_percent})")
        )  # fmt: skip
    band = data.plausible_compa_ratio
    if band is not None and band.low >= band.high:
        problems.append(
            (("plausible_compa_ratio", "low"),
             f"{band.low} is not under high ({band.high}): the band of plausible compa-ratios "
             "goes from low up to high")
        )  # fmt: skip
    final, reviewed = data.periods[-1], data.reviewed_until
    if reviewed < final.from_month:
        problems.append(
            (("reviewed_until",),
             f"{reviewed} is before the last period starts ({final.from_month}): "
             "move it to the last month checked")
        )  # fmt: skip
    elif final.to_month is not None and reviewed > final.to_month:
        problems.append(
            (("reviewed_until",),
             f"{reviewed} is after the last period ends ({final.to_month}): add a period, "
             "or leave out the last period's 'to'")
        )  # fmt: skip
    return problems


def _next_month(month: str) -> str:
    year, number = int(month[:4]), int(month[5:])
    return f"{year + number // 12}-{number % 12 + 1:02d}"


def parse_month(text: str, what: str = "--month") -> str:
    """``--month``: YYYY-MM; an empty text is refused like any other malformed month. ``what``
    names the value in the message (``SALESGRID_MONTH`` when it came from there)."""
    value = text.strip()
    if not re.fullmatch(r"[0-9]{4}-(0[1-9]|1[0-2])", value):
        raise UsageError(f"{what} {clip(text)!r} is not a month: write YYYY-MM, e.g. 2026-09")
    return value


def period_for(data: PayrollFile, month: str) -> Period:
    """The period in force in ``month``: the last one starting on or before it (an open-ended
    last period stays in force)."""
    found = None
    for period in data.periods:
        if period.from_month <= month:
            found = period
    first, final = data.periods[0].from_month, data.periods[-1].to_month
    if found is None or (found.to_month is not None and month > found.to_month):
        covered = f"{first} to {final}" if final is not None else f"{first} onwards"
        raise NotFoundError(
            f"no payroll parameters for {month}: the payroll data covers {covered}; "
            "add a period to the payroll file for other months"
        )
    return found


def beyond_review(data: PayrollFile, month: str) -> str | None:
    """The warning for a month past ``reviewed_until`` (None when it was reviewed): which
    period is used, and how to add the next one."""
    if month <= data.reviewed_until:
        return None
    period = period_for(data, month)
    return (
        f"the payroll data is reviewed until {data.reviewed_until}: {month} is computed with "
        f"the parameters from {period.from_month} (the last period), which may have changed; "
        f"to add the next year, add a period from {_next_month(data.reviewed_until)} to the "
        "payroll file, move reviewed_until, and run salesgrid validate"
    )


class Breakdown(NamedTuple):
    """One month's payroll for one gross amount, every figure in the period's currency."""

    month: str
    period: Period
    cohort: Cohort
    currency: str
    gross: Decimal
    insurable: Decimal
    employee: dict[str, Decimal]  # per fund
    employee_total: Decimal
    taxable: Decimal
    income_tax: Decimal
    net: Decimal
    employer: dict[str, Decimal]  # per fund, work accident included
    employer_total: Decimal
    employer_cost: Decimal
    work_accident_percent: Decimal
    income_tax_percent: Decimal


def _round(value: Decimal, data: PayrollFile) -> Decimal:
    return money.round_to(value, data.decimals, data.rounding)


def work_accident(data: PayrollFile, percent: Decimal | None) -> Decimal:
    wa = data.work_accident
    chosen = wa.default_percent if percent is None else percent
    if not wa.min_percent <= chosen <= wa.max_percent:
        raise UsageError(
            f"--work-accident-rate {chosen}: the work-accident fund is {wa.min_percent}% to "
            f"{wa.max_percent}% by economic activity"
        )
    return chosen


def net_of(
    data: PayrollFile,
    month: str,
    gross: Decimal,
    cohort: Cohort = "born_1960_or_later",
    work_accident_percent: Decimal | None = None,
) -> Breakdown:
    """Gross to net: contributions on the capped insurable income, tax on the rest."""
    if gross < 0:
        raise UsageError(f"a gross amount cannot be negative ({gross})")
    gross = _round(gross, data)
    period = period_for(data, month)
    rates = period.cohorts[cohort]
    insurable = money.two_decimals(min(gross, period.cap))
    employee = {
        fund: _round(insurable * rate / 100, data) for fund, rate in rates.employee.rates().items()
    }
    employee_total = sum(employee.values(), Decimal(0))
    taxable = gross - employee_total
    tax = _round(taxable * data.income_tax_percent / 100, data)
    accident = work_accident(data, work_accident_percent)
    employer = {
        fund: _round(insurable * rate / 100, data) for fund, rate in rates.employer.rates().items()
    }
    employer["work_accident"] = _round(insurable * accident / 100, data)
    employer_total = sum(employer.values(), Decimal(0))
    return Breakdown(
        month, period, cohort, period.currency, gross, insurable, employee, employee_total,
        taxable, tax, gross - employee_total - tax, employer, employer_total,
        gross + employer_total, accident, data.income_tax_percent,
    )  # fmt: skip


#: Payroll periods and cohorts whose schedules are kept (each with its breakdowns).
KEPT_PLANS = 64
#: Breakdowns kept per period and cohort: a roster's distinct nets.
KEPT_BREAKDOWNS = 1 << 16
_plans: dict[tuple[int, int, str], tuple[PayrollFile, Period, Schedule, dict[Any, Breakdown]]] = {}


def _plan(
    data: PayrollFile, period: Period, cohort: Cohort
) -> tuple[Schedule, dict[Any, Breakdown]]:
    """The whole-number schedule of ``period`` and ``cohort``, and the breakdowns found with it.
    Kept by the objects' identity, the objects kept with it (so an id is never reused while its
    entry lives); the models are frozen, so what they hold never changes."""
    key = (id(data), id(period), cohort)
    found = _plans.get(key)
    if found is None or found[0] is not data or found[1] is not period:
        if len(_plans) >= KEPT_PLANS:
            _plans.clear()
        rates = tuple(period.cohorts[cohort].employee.rates().values())
        plan = schedule(data.decimals, period.cap, rates, data.income_tax_percent)
        found = _plans[key] = (data, period, plan, {})
    return found[2], found[3]


#: Nets of more units than this are checked by computing their net again with Decimal: past
#: about 20 digits its 28-digit context may round where the whole numbers do not.
EXACT_UNITS = 10**15


def gross_amount(
    data: PayrollFile, month: str, net: Decimal, cohort: Cohort = "born_1960_or_later"
) -> Decimal:
    """Net to gross, the amount alone: the smallest cent amount whose net is exactly ``net``.

    In closed form (:func:`salesgrid.core.grossup.smallest_gross`: the few cents around the
    inverse of each side of the cap, checked in whole numbers), computed once per distinct
    net, payroll period and cohort: every month of a period reuses it. :func:`gross_for`, and
    through it every gross-up, is this plus the breakdown.
    """
    if net < 0:
        raise UsageError(f"a net amount cannot be negative ({net})")
    net = _round(net, data)
    period = period_for(data, month)
    plan, _ = _plan(data, period, cohort)
    units = int(net.scaleb(data.decimals))
    gross = smallest_gross(plan, units)
    if gross is not None and units >= EXACT_UNITS:
        amount = Decimal(gross).scaleb(-data.decimals)
        gross = gross if net_of(data, month, amount, cohort).net == net else None
    if gross is None:
        raise NotFoundError(
            f"no gross amount in cent steps gives a net of exactly {net} {period.currency} in "
            f"{month}"
        )
    return Decimal(gross).scaleb(-data.decimals)


def gross_amounts(
    data: PayrollFile, month: str, cohort: Cohort = "born_1960_or_later"
) -> Callable[[Decimal], Decimal]:
    """:func:`gross_amount` for ``month`` and ``cohort`` with the period, its schedule and
    the rounding looked up once: for loops over many nets (the pay-gap report's workers).
    The same answers and the same refusals, net by net."""
    period = period_for(data, month)
    plan, _ = _plan(data, period, cohort)
    decimals = data.decimals
    mode, _ = money.ROUNDING_MODES[data.rounding]
    step = money.quantum(decimals)
    context = decimal.Context(prec=34)  # as money.round_to's: never the caller's context

    def amount(net: Decimal) -> Decimal:
        if net < 0 or net.scaleb(decimals).adjusted() >= 14:  # refused, or checked with Decimal
            return gross_amount(data, month, net, cohort)
        units = int(net.quantize(step, rounding=mode, context=context).scaleb(decimals))
        gross = smallest_gross(plan, units)
        if gross is None:
            return gross_amount(data, month, net, cohort)  # its message
        return Decimal(gross).scaleb(-decimals)

    return amount


def gross_for(
    data: PayrollFile,
    month: str,
    net: Decimal,
    cohort: Cohort = "born_1960_or_later",
    work_accident_percent: Decimal | None = None,
) -> Breakdown:
    """Net to gross: the breakdown of :func:`gross_amount`, the smallest cent amount whose net
    is exactly ``net``; kept per distinct net, payroll period, cohort and work-accident rate,
    so every month of a period reuses it."""
    if net < 0:
        raise UsageError(f"a net amount cannot be negative ({net})")
    period = period_for(data, month)
    work_accident(data, work_accident_percent)  # a rate out of range is refused first
    _, breakdowns = _plan(data, period, cohort)
    key = (_round(net, data), None if work_accident_percent is None else str(work_accident_percent))
    found = breakdowns.get(key)
    if found is None:
        gross = gross_amount(data, month, net, cohort)
        found = net_of(data, month, gross, cohort, work_accident_percent)
        if len(breakdowns) >= KEPT_BREAKDOWNS:
            breakdowns.clear()
        breakdowns[key] = found
    return found if found.month == month else found._replace(month=month)


def behind(
    cell: PayCell,
    data: PayrollFile,
    month: str,
    cohort: Cohort = "born_1960_or_later",
    work_accident_percent: Decimal | None = None,
) -> Breakdown:
    """The payroll behind a grid cell's net pay, in the currency of the month's parameters:
    from 2026-01 the lev net converted to euro by the pay rule, then grossed up in euro."""
    currency = period_for(data, month).currency
    if currency not in cell.amounts:
        raise UsageError(f"the grid cannot show {currency}, the payroll currency of {month}")
    return gross_for(data, month, cell.amounts[currency], cohort, work_accident_percent)
