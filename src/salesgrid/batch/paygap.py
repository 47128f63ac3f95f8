"""A roster read for the pay gap report: one :class:`salesgrid.core.paygap.Worker` per row,
every bad row rejected with its line and reason (as `roster` does).

Each worker's annual gross base pay is ``gross_annual`` as given, or their monthly net pay
(``actual_pay``, else the grid pay of their position) grossed up month by month with the payroll
data for the year. Nothing here opens files, prints or exits.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from salesgrid.batch.roster import Rejected, RowSource, Unreadable, _whole, column_name
from salesgrid.core import money
from salesgrid.core.models import GridFile
from salesgrid.core.paygap import DEFAULT_MONTHS, Worker, round2, sex_of
from salesgrid.core.payroll import PayrollFile, gross_for, period_for
from salesgrid.core.positions import Position, parse_level_step, parse_whole
from salesgrid.errors import NotFoundError, UsageError, clip

COLUMNS = (
    "employee_id", "framework", "position", "level", "step", "sex", "hours_per_week",
    "months_worked", "actual_pay", "actual_currency", "gross_annual", "variable_pay", "category",
)  # fmt: skip
MAX_HOURS = Decimal(168)


class Read(NamedTuple):
    """What a roster gave: the workers, the rows read and rejected, the report currency."""

    workers: list[Worker]
    read: int
    rejected: int
    currency: str


class PaygapSpec:
    """A roster's header compiled for the report, with the year's payroll figures."""

    def __init__(
        self,
        header: list[str],
        grid: GridFile,
        payroll: PayrollFile,
        year: int,
        as_of: date,
        default_framework: str | None,
        hours: Decimal,
        actual_currency: str | None = None,
        ignore_unknown: bool = False,
    ) -> None:
        from salesgrid.core.conversion import currencies
        from salesgrid.core.pay import find_framework

        self.grid, self.payroll, self.year, self.as_of, self.hours = (
            grid, payroll, year, as_of, hours,
        )  # fmt: skip
        self.default_framework = find_framework(grid, default_framework).id
        self.header = [column_name(name) for name in header]
        seen: set[str] = set()
        for name in self.header:
            if name in seen:
                raise UsageError(f"the header names column {clip(name)!r} twice")
            seen.add(name)
        unknown = [given for given, name in zip(header, self.header, strict=True)
                   if name not in COLUMNS]  # fmt: skip
        if unknown and not ignore_unknown:
            raise UsageError(
                f"unknown column(s) {', '.join(repr(clip(u.strip())) for u in unknown)} in the "
                f"header: the columns are {', '.join(COLUMNS)} (case, spaces and hyphens do "
                "not matter); or pass --ignore-unknown-columns"
            )
        self.where = {name: index for index, name in enumerate(self.header)}
        if "employee_id" not in self.where:
            raise UsageError("the required column 'employee_id' is missing from the header")
        if "position" not in self.where and not ("level" in self.where and "step" in self.where):
            raise UsageError(
                "the header needs a 'position' column (L.S) or both 'level' and 'step'"
            )
        self.known = currencies(grid)
        self.actual_currency = None
        if actual_currency is not None:
            code = actual_currency.strip().upper()
            if code not in self.known:
                raise UsageError(
                    f"--actual-currency {clip(actual_currency)!r} is not a currency of the "
                    "grid: choose " + " or ".join(self.known)
                )
            self.actual_currency = code
        self.months = [f"{year:04d}-{m:02d}" for m in range(1, 13)]
        self.currency = period_for(payroll, f"{year:04d}-12").currency
        self._cells: dict[tuple[str, ...], Any] = {}
        self._gross: dict[tuple[str, str, Decimal], Decimal | str] = {}
        self._years: dict[tuple[Any, ...], Decimal | str] = {}
        self._periods = [(month, period_for(payroll, month)) for month in self.months]

    def method_basis(self) -> str:
        return (
            "Base pay: gross_annual as given (annual gross), where filled; otherwise the monthly "
            "net actual_pay (in actual_currency, else --actual-currency, else the framework's "
            "own; default the grid pay of the position in force on "
            f"{self.as_of.isoformat()}, which is for full time ({self.hours} hours a week): "
            "times hours_per_week / full time, half up to the cent, for part time) converted "
            "to each month's payroll currency by the grid's conversion rule and grossed up "
            "with the payroll data month by month (the "
            "smallest cent gross whose net is exact; people born 1960 or later), the 12 "
            f"monthly grosses of {self.year} summed and times months_worked / 12.\n"
            "variable_pay: annual gross variable and complementary pay, default 0.\n"
            f"gross_annual and variable_pay are taken in {self.currency}, the payroll currency "
            f"of {self.year}-12.\nhours_per_week default {self.hours}; months_worked default 12."
        )

    def cell(self, framework: str, position: str, level: str, step: str) -> Any:
        """The grid cell of a row's framework and position, or why it is refused."""
        key = (framework, position, level, step)
        found = self._cells.get(key)
        if found is None:
            found = self._cells[key] = self._resolve(*key)
        return found

    def _resolve(self, framework: str, position: str, level: str, step: str) -> Any:
        from salesgrid.core.pay import pay

        try:
            if position.strip():
                where = parse_level_step(position, None)
            elif level.strip() and step.strip():
                where = Position(
                    parse_whole(_whole(level), "level"), parse_whole(_whole(step), "step")
                )
            else:
                return "no position: fill 'position' (L.S) or 'level' and 'step'"
            return pay(self.grid, framework.strip() or self.default_framework, where, self.as_of)
        except (UsageError, NotFoundError) as exc:
            return str(exc)

    def gross_of(
        self, net: Decimal | None, code: str, cell: Any, share: Decimal = Decimal(1)
    ) -> Decimal | str:
        """The year's gross for a monthly net in ``code`` (None: the cell's grid pay, times
        ``share``, the worker's hours over full time), summed over the 12 months in the report
        currency; cached per net (or cell and share), and per net and period."""
        whole: tuple[Any, ...] = (
            (net, code) if net is not None else (None, tuple(cell.amounts.items()), share)
        )
        found = self._years.get(whole)
        if found is None:
            found = self._sum_year(net, code, cell, share)
            if len(self._years) < 20_000:
                self._years[whole] = found
        return found

    def _sum_year(self, net: Decimal | None, code: str, cell: Any, share: Decimal) -> Decimal | str:
        from salesgrid.core.conversion import conversions_from, convert

        total = Decimal(0)
        for month, period in self._periods:
            target = period.currency
            if net is None:
                if target not in cell.amounts:
                    return f"the grid cannot show {target}, the payroll currency of {month}"
                amount = cell.amounts[target]
                if share != 1:  # part time: the full-time grid pay, pro rata
                    amount = round2(amount * share)
            elif code == target:
                amount = net
            else:
                rule = conversions_from(self.grid, code).get(target)
                if rule is None:
                    return f"actual_pay: no conversion from {code} to {target} in the grid"
                amount = convert(net, rule).amount
            key = (period.from_month, target, amount)
            gross = self._gross.get(key)
            if gross is None:
                try:
                    gross = gross_for(self.payroll, month, amount).gross
                    if target != self.currency:
                        rule = conversions_from(self.grid, target).get(self.currency)
                        if rule is None:
                            gross = f"no conversion from {target} to {self.currency} in the grid"
                        else:
                            gross = convert(gross, rule).amount
                except (UsageError, NotFoundError) as exc:
                    gross = str(exc)
                if len(self._gross) < 20_000:
                    self._gross[key] = gross
            if isinstance(gross, str):
                return gross
            total += gross
        return total

    def worker(self, row: list[str]) -> Worker | str:
        """One row as a worker, or why it is rejected."""

        def value(name: str) -> str:
            index = self.where.get(name)
            return "" if index is None else row[index]

        employee = value("employee_id").strip()
        if not employee:
            return "employee_id is empty"
        cell = self.cell(value("framework"), value("position"), value("level"), value("step"))
        if isinstance(cell, str):
            return cell
        try:
            hours = _positive(value("hours_per_week"), "hours_per_week", self.hours, MAX_HOURS)
            months = _positive(value("months_worked"), "months_worked", DEFAULT_MONTHS,
                               DEFAULT_MONTHS)  # fmt: skip
            variable = _amount(value("variable_pay"), "variable_pay") or Decimal(0)
            gross = _amount(value("gross_annual"), "gross_annual")
            net = _amount(value("actual_pay"), "actual_pay")
        except UsageError as exc:
            return str(exc)
        if gross is not None and net is not None:
            return "both gross_annual and actual_pay are filled: give one of them"
        code_text = value("actual_currency").strip().upper()
        if code_text and net is None:
            return "actual_currency is filled but actual_pay is empty: fill both or neither"
        if code_text and code_text not in self.known:
            return (f"actual_currency: {clip(value('actual_currency'))!r} is not a currency of "
                    "this grid: " + " or ".join(self.known))  # fmt: skip
        if gross is None:
            code = code_text or self.actual_currency or cell.currency
            year = self.gross_of(net, code, cell, hours / self.hours)
            if isinstance(year, str):
                return year
            gross = money.exact_product(year, months) / 12
        category = value("category").strip() or f"{cell.framework.id} {cell.position.level}"
        return Worker(employee, category, sex_of(value("sex")), hours, months, gross, variable)


def _amount(text: str, what: str) -> Decimal | None:
    if not text.strip():
        return None
    return money.parse_amount(text, what).value


def _positive(text: str, what: str, default: Decimal, most: Decimal) -> Decimal:
    if not text.strip():
        return default
    read = money.parse_amount(text, what, maximum=most, example="37.5").value
    if read <= 0:
        raise UsageError(f"{what} {clip(text)!r} must be more than 0 (at most {most})")
    return read


def read_workers(spec: PaygapSpec, source: RowSource, reject: Callable[[Rejected], None]) -> Read:
    """Every row of ``source`` as a worker; each bad row goes to ``reject`` (a repeated
    employee_id too: each worker is counted once, the first row kept)."""
    width = len(spec.header)
    workers: list[Worker] = []
    lines: dict[str, int] = {}
    read = rejected = 0
    for row in source:
        if row.__class__ is Unreadable:
            read += 1
            rejected += 1
            reject(Rejected(row.line, row.reason, row.values))
            continue
        if not row:
            continue  # a blank line is no row
        read += 1
        line = source.line_of(row)
        found: Worker | str
        if len(row) != width:
            found = f"{len(row)} fields, the header has {width}"
        else:
            found = spec.worker(row)
        if isinstance(found, Worker) and found.employee_id in lines:
            found = (f"employee_id {clip(found.employee_id)!r} is also on line "
                     f"{lines[found.employee_id]}: each worker once")  # fmt: skip
        if isinstance(found, str):
            rejected += 1
            reject(Rejected(line, found, dict(zip(spec.header, row, strict=False))))
            continue
        lines[found.employee_id] = line
        workers.append(found)
    return Read(workers, read, rejected, spec.currency)
