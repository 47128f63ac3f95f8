"""`month`: each person's pay for each month of a run, from a history read
(:mod:`salesgrid.batch.history`), with what was paid (``--paid``) and the totals (``--summary``).

Records come out person by person, in the order of each person's first row in the history, and
for a person month by month; a person with no working day in a month has no record for it.
With a paid file, a person paid in a month of the run but due nothing then is reported too
(after the person's months due, or after everyone in the history when they are not in it), with
nothing due and the whole amount paid as arrears below zero. Nothing here prints or exits:
what deserves a warning comes back as lines (:meth:`MonthRun.warning_lines`).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import NamedTuple

from salesgrid.batch.columns import PAID_COLUMNS, as_whole
from salesgrid.batch.header import column_name
from salesgrid.batch.history import History
from salesgrid.batch.leftovers import is_blank
from salesgrid.batch.people import Flagged
from salesgrid.batch.rows import RowSource, Unreadable
from salesgrid.core import money
from salesgrid.core.conversion import conversions_from, convert
from salesgrid.core.models import GridFile
from salesgrid.core.month import MonthCache, MonthPay, Pricer, WorkingDays, month_bounds, month_pay
from salesgrid.core.payroll import parse_month
from salesgrid.errors import UsageError, clip, counted, shown_id

#: Every amount of a record and the summary to the cent (``0.00``, ``100.00``), as every amount.
CENT = Decimal("0.01")


class Due(NamedTuple):
    """One record: the pay due (None: paid in a month nothing is due), and what was paid
    (None: no paid file, or the person and month are not in it; then, with a paid file, the
    arrears are the whole gross_due: they were paid nothing)."""

    employee_id: str
    month: str
    pay: MonthPay | None
    currency: str
    working_days: int
    gross_paid: Decimal | None
    arrears: Decimal | None


def read_paid(
    header: list[str], source: RowSource, currencies: dict[str, str], name: str
) -> dict[tuple[str, str], Decimal]:
    """A paid file (``employee_id, month, gross_paid``) as the gross paid per person and
    month; ``currencies`` is each month's payroll currency (a row for another month is kept
    but never reported). A row that cannot be read, or a person and month given twice, is a
    usage error naming the file (``name``) and the line."""
    where = _paid_header(header, name)
    paid: dict[tuple[str, str], Decimal] = {}
    lines: dict[tuple[str, str], int] = {}
    for row in source:
        if row.__class__ is Unreadable:
            raise UsageError(f"--paid {name} line {row.line}: {row.reason}")
        if not row or is_blank(row):
            continue
        line = source.line_of(row)
        if len(row) != len(header):
            raise UsageError(f"--paid {name} line {line}: {counted(len(row), 'field')}, the "
                             f"header has {len(header)}")  # fmt: skip
        employee = row[where["employee_id"]].strip()
        if not employee:
            raise UsageError(f"--paid {name} line {line}: employee_id is empty")
        try:
            month = parse_month(as_whole(row[where["month"]]), "month")
            text = row[where["gross_paid"]]
            read = money.parse_amount(text, "gross_paid", with_currency=True)
            money.agree(read, text, "gross_paid", currencies.get(month), f"the payroll "
                        f"currency of {month}")  # fmt: skip
        except UsageError as exc:
            raise UsageError(f"--paid {name} line {line}: {exc}") from None
        key = (employee, month)
        if key in paid:
            raise UsageError(f"--paid {name} line {line}: {shown_id(employee)} {month} also on "
                             f"line {lines[key]}: each person and month once")  # fmt: skip
        paid[key], lines[key] = read.value.quantize(CENT), line  # 100 -> 100.00
    return paid


def _paid_header(header: list[str], name: str) -> dict[str, int]:
    """Where each column of a paid file is: every one of PAID_COLUMNS, once, and no other."""
    where: dict[str, int] = {}
    for index, given in enumerate(header):
        column = column_name(given)
        if not given.strip():
            continue
        if column not in PAID_COLUMNS or column in where:
            what = (f"column {column!r} is there twice" if column in where
                    else f"unknown column {clip(given.strip())!r}")  # fmt: skip
            raise UsageError(
                f"--paid {name}: {what}; a paid file has the columns {', '.join(PAID_COLUMNS)}"
            )
        where[column] = index
    for column in PAID_COLUMNS:
        if column not in where:
            raise UsageError(f"--paid {name}: the column {column!r} is missing; a paid file has "
                             f"the columns {', '.join(PAID_COLUMNS)}")  # fmt: skip
    return where


#: The summary's amounts in euro, each a total's sum of its groups'.
EURO_FIELDS = ("gross_due_eur", "net_due_eur", "employer_cost_eur", "arrears_eur")


class Totals:
    """One group's totals: the people due pay in it (one paid with nothing due is not in the
    headcount, though their arrears are summed), and the amounts summed."""

    __slots__ = ("arrears", "employer_cost", "gross_due", "gross_paid", "net_due", "people")

    def __init__(self) -> None:
        self.people: set[str] = set()
        self.gross_due = self.net_due = self.employer_cost = Decimal(0)
        self.gross_paid = self.arrears = Decimal(0)

    def add(self, due: Due) -> None:
        pay = due.pay
        if pay is not None:
            self.people.add(due.employee_id)  # paid but not due: arrears, no headcount
            self.gross_due += pay.gross_due
            self.net_due += pay.net_due
            if pay.employer_cost is not None:  # (nothing to add without; every sum is
                self.employer_cost += pay.employer_cost  # shown to the cent)
        if due.gross_paid is not None:
            self.gross_paid += due.gross_paid
        if due.arrears is not None:
            self.arrears += due.arrears


class MonthRun:
    """A run over ``months``: the pricer, the working days, what was paid; it counts the
    totals per framework, level and currency as records go by."""

    def __init__(
        self,
        grid: GridFile,
        pricer: Pricer,
        working_days: WorkingDays,
        months: list[str],
        employer_cost: bool = False,
        paid: dict[tuple[str, str], Decimal] | None = None,
    ) -> None:
        self.grid, self.pricer, self.working_days, self.months = grid, pricer, working_days, months
        self.employer_cost, self.paid = employer_cost, paid
        self.month_days = {month: working_days(*month_bounds(month)) for month in months}
        self.currencies = {month: pricer.currency(month) for month in months}
        self.groups: dict[tuple[str, str, str], Totals] = {}
        self.missing = Flagged()  # due pay, not in the paid file
        self.not_due = Flagged()  # in the paid file, nothing due
        self.records = 0
        self.cache = MonthCache()

    def records_of(self, history: History) -> Iterator[Due]:
        """Every record, person by person (see the module's docstring)."""
        wanted = set(self.months)
        owed: set[tuple[str, str]] = set()
        for employee, periods in history.people.items():
            for month in self.months:
                pay = month_pay(employee, periods, month, self.pricer, self.working_days,
                                self.employer_cost, self.cache)  # fmt: skip
                if pay is not None:
                    if self.paid is not None:  # who is owed is needed against a paid file alone
                        owed.add((employee, month))
                    yield self._due(employee, month, pay)
                elif self.paid is not None and (employee, month) in self.paid:
                    owed.add((employee, month))
                    yield self._due(employee, month, None)
        if self.paid is not None:
            for employee, month in self.paid:
                if month in wanted and (employee, month) not in owed:
                    yield self._due(employee, month, None)

    def _due(self, employee: str, month: str, pay: MonthPay | None) -> Due:
        paid = None if self.paid is None else self.paid.get((employee, month))
        gross_due = Decimal(0) if pay is None else pay.gross_due
        if self.paid is not None and paid is None:
            self.missing.add(lambda: f"{shown_id(employee)} {month}")
        if pay is None:
            self.not_due.add(lambda: f"{shown_id(employee)} {month}")
        # missing from the paid file: paid nothing, so all of gross_due is owed
        arrears = None if self.paid is None else gross_due - (paid or Decimal(0))
        due = Due(employee, month, pay, self.currencies[month], self.month_days[month], paid,
                  arrears)  # fmt: skip
        last = None if pay is None else pay.segments[-1]
        key = ("", "", due.currency) if last is None else (
            last.framework, str(last.position.level), due.currency)  # fmt: skip
        group = self.groups.get(key)
        if group is None:
            group = self.groups[key] = Totals()
        group.add(due)
        self.records += 1
        return due

    def warning_lines(self) -> list[str]:
        lines = []
        if self.missing.count:
            lines.append(
                f"{counted(self.missing.count, 'record')} due pay but not in the paid file "
                f"(gross_paid left empty, arrears the whole gross_due): {self.missing.names()}"
            )
        if self.not_due.count:
            lines.append(
                f"{counted(self.not_due.count, 'record')} in the paid file with nothing due "
                f"(reported, the amount paid as arrears below zero): {self.not_due.names()}"
            )
        return lines

    def summary(self) -> list[dict[str, object]]:
        """The totals per framework, level and currency, then per currency in total; amounts
        in lev also in euro (each group's converted by the grid's rule; a total's euro are
        the sum of its groups' euro, as printed)."""
        rows: list[dict[str, object]] = []
        totals: dict[str, Totals] = {}
        euros: dict[str, dict[str, Decimal]] = {}
        for (framework, level, currency), group in sorted(self.groups.items()):
            row = self._summary_row(framework, level, currency, group)
            rows.append(row)
            total = totals.setdefault(currency, Totals())
            total.people |= group.people
            for name in ("gross_due", "net_due", "employer_cost", "gross_paid", "arrears"):
                setattr(total, name, getattr(total, name) + getattr(group, name))
            summed = euros.setdefault(currency, {})
            for name in EURO_FIELDS:
                value = row[name]
                if isinstance(value, Decimal):
                    summed[name] = summed.get(name, Decimal(0)) + value
        for currency, total in sorted(totals.items()):
            row = self._summary_row("total", "", currency, total)
            for name in EURO_FIELDS:
                if row[name] is not None:
                    row[name] = euros[currency].get(name, Decimal(0)).quantize(CENT)
            rows.append(row)
        return rows

    def _summary_row(self, framework: str, level: str, currency: str,
                     group: Totals) -> dict[str, object]:  # fmt: skip
        rule = conversions_from(self.grid, currency).get("EUR") if currency != "EUR" else None
        row: dict[str, object] = {
            "framework": framework, "level": level, "currency": currency,
            "headcount": len(group.people), "gross_due": group.gross_due.quantize(CENT),
            "net_due": group.net_due.quantize(CENT),
            "employer_cost": group.employer_cost.quantize(CENT) if self.employer_cost else None,
            "gross_paid": group.gross_paid.quantize(CENT) if self.paid is not None else None,
            "arrears": group.arrears.quantize(CENT) if self.paid is not None else None,
        }  # fmt: skip
        for name in ("gross_due", "net_due", "employer_cost", "arrears"):
            value = row[name]
            euro = None
            if isinstance(value, Decimal):
                euro = value if rule is None and currency == "EUR" else None
                if rule is not None:
                    euro = convert(abs(value), rule).amount * (-1 if value < 0 else 1)
            row[f"{name}_eur"] = euro
        return row
