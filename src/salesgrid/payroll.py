"""Bulgarian payroll behind a net figure: gross to net, net to gross, employer cost.

The parameters are data (``data/payroll.yaml``), dated by the month the pay is for. A month no
period covers is an error, never a guess. Every fund and the income tax are rounded half up to
the cent; net to gross returns the smallest cent amount whose net is exactly the target, checked
by computing the net again.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Literal, NamedTuple

from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints, WithJsonSchema

from salesgrid import money
from salesgrid.errors import NotFoundError, UsageError
from salesgrid.models import Currency, Deferred, Rate, Text, _rate_input
from salesgrid.pay import PayCell

Cohort = Literal["born_1960_or_later", "born_before_1960"]
COHORTS: tuple[Cohort, ...] = ("born_1960_or_later", "born_before_1960")
Month = Annotated[str, StringConstraints(pattern=r"^[0-9]{4}-(0[1-9]|1[0-2])$")]


def _percent(value: Decimal) -> Decimal:
    if not 0 <= value < 100:
        raise ValueError("a percentage is from 0 up to 100")
    return value


Percent = Annotated[
    Decimal,
    BeforeValidator(_rate_input),
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
    """The parameters in force for the months ``from``..``to`` (inclusive)."""

    from_month: Month = Field(alias="from")
    to_month: Month = Field(alias="to")
    currency: Currency
    cap: Rate = Field(description="Maximum monthly insurable income.")
    minimum_wage: Rate
    source: Text
    cohorts: dict[Cohort, CohortRates]


class WorkAccident(Deferred):
    default_percent: Percent
    min_percent: Percent
    max_percent: Percent
    source: Text


class PayrollFile(Deferred):
    """``data/payroll.yaml``: dated Bulgarian payroll parameters."""

    schema_version: Literal[1]
    income_tax_percent: Percent
    rounding: Literal["half_up"]
    decimals: Annotated[int, Field(ge=0, le=4, strict=True)]
    work_accident: WorkAccident
    periods: list[Period] = Field(min_length=1)


def check_payroll(data: PayrollFile) -> list[tuple[tuple[str | int, ...], str]]:
    """Periods in order, without gaps or overlaps, each with both cohorts."""
    problems: list[tuple[tuple[str | int, ...], str]] = []
    previous = None
    for index, period in enumerate(data.periods):
        at: tuple[str | int, ...] = ("periods", index)
        if period.to_month < period.from_month:
            problems.append(((*at, "to"), f"{period.to_month} is before {period.from_month}"))
        if previous is not None and period.from_month != _next_month(previous):
            problems.append(
                ((*at, "from"), f"the period after {previous} must start {_next_month(previous)} "
                 f"(no gap, no overlap), not {period.from_month}")
            )  # fmt: skip
        previous = period.to_month
        for cohort in COHORTS:
            if cohort not in period.cohorts:
                problems.append(((*at, "cohorts"), f"the rates for {cohort} are missing"))
    return problems


def _next_month(month: str) -> str:
    year, number = int(month[:4]), int(month[5:])
    return f"{year + number // 12}-{number % 12 + 1:02d}"


def parse_month(text: str) -> str:
    value = text.strip()
    if not re.fullmatch(r"[0-9]{4}-(0[1-9]|1[0-2])", value):
        raise UsageError(f"--month {text!r} is not a month: write YYYY-MM, e.g. 2026-09")
    return value


def period_for(data: PayrollFile, month: str) -> Period:
    for period in data.periods:
        if period.from_month <= month <= period.to_month:
            return period
    first, last = data.periods[0].from_month, data.periods[-1].to_month
    raise NotFoundError(
        f"no payroll parameters for {month}: the payroll data covers {first} to {last}; "
        "add a period to the payroll file for other months"
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
    insurable = min(gross, period.cap)
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
        gross + employer_total, accident,
    )  # fmt: skip


def gross_for(
    data: PayrollFile,
    month: str,
    net: Decimal,
    cohort: Cohort = "born_1960_or_later",
    work_accident_percent: Decimal | None = None,
) -> Breakdown:
    """Net to gross: the smallest cent amount whose net is exactly ``net``.

    Starts from the closed form on the right side of the cap and searches cent by cent, then
    checks the answer by computing its net again.
    """
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
    gross = max(Decimal(0), _round(estimate, data) - 20 * cent)
    result = net_of(data, month, gross, cohort, work_accident_percent)
    while result.net > net and gross > 0:  # the estimate overshot: step back
        gross = max(Decimal(0), gross - 20 * cent)
        result = net_of(data, month, gross, cohort, work_accident_percent)
    for _ in range(100_000):
        if result.net == net:
            return result
        if result.net > net:
            break
        gross += cent
        result = net_of(data, month, gross, cohort, work_accident_percent)
    raise NotFoundError(
        f"no gross amount gives a net of exactly {net} {period.currency} in {month}"
    )


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
