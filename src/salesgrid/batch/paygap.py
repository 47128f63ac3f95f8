"""A roster read for the pay gap report: one :class:`salesgrid.core.paygap.Worker` per row,
every bad row rejected with its line and reason (as `roster` does).

Each worker's annual gross base pay is ``gross_annual`` as given, or their monthly net pay
(``actual_pay``, else the grid pay of their position) grossed up month by month with the payroll
data for the year. What is read but suspicious (a full-timer paid below the minimum wage, a sex
value not recognised) comes back with the workers, as :func:`warning_lines`. Nothing here opens
files, prints or exits.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from functools import partial
from operator import itemgetter
from typing import Any, NamedTuple

from salesgrid.batch.columns import (
    ACTUAL_COLUMNS,
    ASSESSMENT_COLUMNS,
    INPUT_COLUMNS,
    PAYGAP_ONLY_COLUMNS,
    as_whole,
    realm_column,
)
from salesgrid.batch.header import read_header
from salesgrid.batch.leftovers import is_blank, unnamed_value
from salesgrid.batch.people import Flagged, SeenIds, repeat_reason
from salesgrid.batch.readcolumns import ReadColumns
from salesgrid.batch.rows import Rejected, RowSource, Unreadable
from salesgrid.core import money
from salesgrid.core.conversion import conversions_from, convert, converter, currencies
from salesgrid.core.models import GridFile
from salesgrid.core.pay import find_framework, pay
from salesgrid.core.paygap import DEFAULT_MONTHS, Worker, round2, sex_of
from salesgrid.core.payroll import PayrollFile, Period, gross_amounts, period_for
from salesgrid.core.positions import Position, parse_level_step, parse_whole
from salesgrid.core.words import ENGLISH, Words
from salesgrid.errors import NotFoundError, UsageError, clip, counted, shown_id

COLUMNS = (*INPUT_COLUMNS, *PAYGAP_ONLY_COLUMNS[:3], *ACTUAL_COLUMNS, *PAYGAP_ONLY_COLUMNS[3:])
#: A roster's own columns paygap does not read: skipped (one roster file serves every command).
ROSTER_ONLY_COLUMNS = ASSESSMENT_COLUMNS
MAX_HOURS = Decimal(168)
#: Distinct nets (and nets of a payroll period) whose year's gross is kept: a big roster's.
KEPT = 1 << 18
#: How many distinct sex values a warning names.
SHOWN_VALUES = 10


class Low(NamedTuple):
    """A full-timer's pay below the minimum wage: the column and the minimum it is below."""

    column: str  # actual_pay or gross_annual
    minimum: str  # "620.20 EUR in 2026"


class Read(NamedTuple):
    """What a roster gave: the workers, the rows read and rejected, the report currency, and
    what deserves a warning: the full-timers paid below the minimum wage (employee ids by
    column and minimum) and the sex values not recognised (with their rows)."""

    workers: list[Worker]
    read: int
    rejected: int
    blank: int  # empty lines and rows of only delimiters, skipped (not among those read)
    currency: str
    low: dict[Low, Flagged]
    sexes: dict[str, int]
    other_sexes: int  # rows with a value not recognised beyond the first SHOWN_VALUES


#: The columns whose texts give a worker's pay (:meth:`PaygapSpec.priced`), in its order.
PRICED_COLUMNS = (
    "framework", "position", "level", "step", "hours_per_week", "months_worked",
    "gross_annual", "actual_pay", "actual_currency",
)  # fmt: skip
ZERO = Decimal(0)


class Priced(NamedTuple):
    """What a row's pay columns give (:meth:`PaygapSpec.priced`): why the row is rejected,
    named before variable_pay's problem (``early``) or after it (``late``); else the hours,
    months, annual gross base pay, the minimum wage it is below, and the default category."""

    early: str | None
    late: str | None
    hours: Decimal
    months: Decimal
    gross: Decimal
    low: Low | None
    category: str


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
        self.grid, self.payroll, self.year, self.as_of, self.hours = (
            grid, payroll, year, as_of, hours,
        )  # fmt: skip
        self.default_framework = find_framework(grid, default_framework).id
        skipped = {*ROSTER_ONLY_COLUMNS, *(realm_column(r) for r in grid.realms)}
        read = read_header(
            header, {*COLUMNS, *skipped}, ignore_unknown,
            f"{', '.join(COLUMNS)}, and a roster's assessment and realm columns, skipped here",
        )  # fmt: skip
        self.header, self.unnamed, self.where = read
        self.read_columns = frozenset(COLUMNS)  # see salesgrid.batch.readcolumns
        if "sex" not in self.where:
            raise UsageError(NO_SEX)
        self.known = currencies(grid)
        self.actual_currency = None
        if actual_currency is not None:
            code = money.currency_text(actual_currency)  # a code, or лв., лв, €, евро
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
        self._years: dict[tuple[Decimal, str], tuple[Decimal, str | None] | str] = {}
        self._periods = [(month, period_for(payroll, month)) for month in self.months]
        self._runs = _runs(self._periods)
        report = f"the payroll currency of {year}-12"  # what gross figures are in
        self._readers: dict[str, Callable[[str], Any]] = {
            "hours_per_week": partial(_positive, what="hours_per_week", default=hours,
                                      most=MAX_HOURS),
            "months_worked": partial(_positive, what="months_worked", default=DEFAULT_MONTHS,
                                     most=DEFAULT_MONTHS),
            "variable_pay": partial(_amount, what="variable_pay", currency=self.currency,
                                    report=report),
            "gross_annual": partial(_pay, what="gross_annual",
                                    otherwise="to use actual_pay or the grid pay",
                                    currency=self.currency, report=report),
            "actual_pay": partial(_pay, what="actual_pay",
                                  otherwise="for the grid pay of the position"),
        }  # fmt: skip
        self._kept: dict[str, dict[str, Any]] = {column: {} for column in self._readers}
        #: where each column is, -1 for one the roster has not (an empty value)
        self._at = {name: self.where.get(name, -1) for name in COLUMNS}
        #: what a row's pay is cached by: its texts of the PRICED_COLUMNS the roster has
        present = [self._at[name] for name in PRICED_COLUMNS if self._at[name] >= 0]
        self._pay_key: Callable[[list[str]], object] = (
            itemgetter(*present) if present else lambda _row: ()
        )
        self._priced: dict[object, Priced] = {}
        self._converters: dict[tuple[str, str], Callable[[Decimal], Decimal] | None] = {}
        self._grossups: dict[str, Callable[[Decimal], Decimal]] = {}
        self._minimum = self._minimum_wage()

    def method_basis(self, words: Words = ENGLISH) -> str:
        """How base pay, variable pay and hours are read, in ``words``' language."""
        t = words.t
        return "\n".join((
            t("Base pay: gross_annual as given, where filled: the annual gross paid in the year, "
              "for the months worked (not a full-year rate). Otherwise a monthly net: actual_pay "
              "(in actual_currency, else --actual-currency, else the framework's own), or the "
              "grid pay of the position in force on {day}, which is for full time ({hours} hours "
              "a week); for part time, the grid pay in the grid's own currency times "
              "hours_per_week / full time, half up to the cent, then taken as an actual_pay in "
              "that currency. The net is converted to each month's payroll currency by the "
              "grid's conversion rule and grossed up with the payroll data month by month (the "
              "smallest cent gross whose net is exact; people born 1960 or later), the 12 monthly "
              "grosses of {year} summed and times months_worked / 12.",
              day=words.day(self.as_of.isoformat()), hours=self.hours, year=self.year),
            t("variable_pay: annual gross variable and complementary pay paid in the year, "
              "default 0."),
            t("gross_annual and variable_pay are taken in {currency}, the payroll currency of "
              "{year}-12.", currency=self.currency, year=self.year),
            t("hours_per_week default {hours}; months_worked default 12.", hours=self.hours),
        ))  # fmt: skip

    def _read(self, column: str, text: str) -> Any:
        """``column``'s value of ``text`` (see :meth:`worker`), or why it is refused; kept per
        distinct text."""
        kept = self._kept[column]
        found = kept.get(text)
        if found is None:
            try:
                found = self._readers[column](text)
            except UsageError as exc:
                found = str(exc)
            if len(kept) < KEPT:
                kept[text] = found
        return found

    def cell(self, framework: str, position: str, level: str, step: str) -> Any:
        """The grid cell of a row's framework and position, or why it is refused."""
        key = (framework, position, level, step)
        found = self._cells.get(key)
        if found is None:
            found = self._cells[key] = self._resolve(*key)
        return found

    def _resolve(self, framework: str, position: str, level: str, step: str) -> Any:
        try:
            if position.strip():
                where = parse_level_step(position, None)
            elif level.strip() and step.strip():
                where = Position(
                    parse_whole(as_whole(level), "level"),
                    parse_whole(as_whole(step), "step"),
                )
            else:
                return "no position: fill 'position' (L.S) or 'level' and 'step'"
            return pay(self.grid, framework.strip() or self.default_framework, where, self.as_of)
        except (UsageError, NotFoundError) as exc:
            return str(exc)

    def gross_of(self, net: Decimal, code: str) -> tuple[Decimal, str | None] | str:
        """The year's gross for a monthly net in ``code``: the 12 monthly grosses summed in the
        report currency, and the minimum wage (``620.20 EUR in 2026``) when a month's gross is
        below it; or why there is none. Cached per net, and per net and payroll period."""
        found = self._years.get((net, code))
        if found is None:
            found = self._sum_year(net, code, None)
            if len(self._years) < KEPT:
                self._years[net, code] = found
        return found

    def grid_gross(self, cell: Any) -> Decimal | str:
        """The year's gross of a full-timer on the grid pay of ``cell``."""
        found = self._years.get((cell.amount, f"cell:{cell.framework.id}:{cell.position}"))
        if found is None:
            found = self._sum_year(None, cell.currency, cell)
            if len(self._years) < KEPT:
                self._years[cell.amount, f"cell:{cell.framework.id}:{cell.position}"] = found
        return found if isinstance(found, str) else found[0]

    def _sum_year(
        self, net: Decimal | None, code: str, cell: Any
    ) -> tuple[Decimal, str | None] | str:
        """The year's months taken a period at a time (its months alike but for their name:
        the first one names a problem, as when they were taken one by one)."""
        total = Decimal(0)
        below: str | None = None
        converted: dict[str, Decimal] = {}  # the net in each payroll currency, converted once
        for month, period, count in self._runs:
            target = period.currency
            if net is None:  # the grid pay: the cell shows every currency of the grid
                if target not in cell.amounts:
                    return f"the grid cannot show {target}, the payroll currency of {month}"
                amount = cell.amounts[target]
            elif code == target:
                amount = net
            elif target in converted:
                amount = converted[target]
            else:
                rule = self._converter(code, target)
                if rule is None:
                    return f"actual_pay: no conversion from {code} to {target} in the grid"
                amount = converted[target] = rule(net)
            key = (period.from_month, target, amount)
            gross = self._gross.get(key)
            if gross is None:
                try:
                    gross = self._gross_amount(month)(amount)
                except (UsageError, NotFoundError) as exc:
                    gross = str(exc)
                if len(self._gross) < KEPT:
                    self._gross[key] = gross
            if isinstance(gross, str):
                return gross
            if below is None and gross < period.minimum_wage:
                below = self._minimum_label(period, month)
            if target != self.currency:
                back = self._converter(target, self.currency)
                if back is None:
                    return f"no conversion from {target} to {self.currency} in the grid"
                gross = back(gross)
            total += gross * count
        return total, below

    def _converter(self, source: str, target: str) -> Callable[[Decimal], Decimal] | None:
        """The grid's conversion from ``source`` to ``target`` (``convert(...).amount``), or
        None when the grid has none; worked out once per pair."""
        key = (source, target)
        if key not in self._converters:
            rule = conversions_from(self.grid, source).get(target)
            self._converters[key] = None if rule is None else converter(rule)
        return self._converters[key]

    def _gross_amount(self, month: str) -> Callable[[Decimal], Decimal]:
        """:func:`salesgrid.core.payroll.gross_amount` for ``month``, its period looked up
        once."""
        found = self._grossups.get(month)
        if found is None:
            found = self._grossups[month] = gross_amounts(self.payroll, month)
        return found

    def _minimum_label(self, period: Any, month: str) -> str:
        """``620.20 EUR in 2026`` (the year when its minimum wage is the same all year long,
        else the month)."""
        same = all((p.minimum_wage, p.currency) == (period.minimum_wage, period.currency)
                   for _, p in self._periods)  # fmt: skip
        return (f"{money.plain(money.two_decimals(period.minimum_wage))} {period.currency} in "
                f"{self.year if same else month}")  # fmt: skip

    def _minimum_wage(self) -> tuple[Decimal, str] | None:
        """The year's twelve monthly minimum wages summed in the report currency, and what
        a warning says of them (``620.20 EUR a month in 2026``); None without a conversion."""
        total = Decimal(0)
        shown: list[str] = []
        for _, period in self._periods:
            amount = period.minimum_wage
            if period.currency != self.currency:
                rule = conversions_from(self.grid, period.currency).get(self.currency)
                if rule is None:
                    return None
                amount = convert(amount, rule).amount
            total += amount
            text = f"{money.plain(money.two_decimals(amount))} {self.currency}"
            if text not in shown:
                shown.append(text)
        return (
            total,
            f"{' to '.join((shown[0], shown[-1]) if len(shown) > 1 else shown)} a "
            f"month in {self.year}",
        )

    def worker(self, row: list[str]) -> tuple[Worker, Low | None] | str:
        """One row as a worker (with the minimum wage a full-timer's pay is below), or why it
        is rejected. What a row's pay columns give is worked out once per distinct set of their
        texts (:meth:`priced`): a roster repeats positions, hours and grid pay."""
        at = self._at

        def value(name: str) -> str:
            index = at[name]
            return "" if index < 0 else row[index]

        employee = value("employee_id").strip()
        if not employee:
            return "employee_id is empty"
        key = self._pay_key(row)
        priced = self._priced.get(key)
        if priced is None:
            padded = [*row, ""]  # index -1: a column the roster has not
            priced = self.priced(*[padded[at[name]] for name in PRICED_COLUMNS])
            if len(self._priced) < KEPT:
                self._priced[key] = priced
        if priced.early is not None:
            return priced.early
        variable = self._read("variable_pay", value("variable_pay"))
        if isinstance(variable, str):
            return variable
        if priced.late is not None:
            return priced.late
        category = value("category").strip() or priced.category
        found = Worker(employee, category, sex_of(value("sex")), priced.hours, priced.months,
                       priced.gross, variable)  # fmt: skip
        return found, priced.low

    def priced(
        self, framework: str, position: str, level: str, step: str, hours_text: str,
        months_text: str, gross_text: str, actual_text: str, currency_text: str,
    ) -> Priced:  # fmt: skip
        """What the texts of a row's :data:`PRICED_COLUMNS` give: the hours, months, annual
        gross base pay, the minimum wage it is below, the default category; or why the row is
        rejected (before variable_pay is read, or after)."""

        def early(reason: str) -> Priced:
            return Priced(reason, None, ZERO, ZERO, ZERO, None, "")

        cell = self.cell(framework, position, level, step)
        if isinstance(cell, str):
            return early(cell)
        # each column's values read once per distinct text, in the order a row's first problem
        # is named (variable_pay's between months_worked's and gross_annual's)
        hours = self._read("hours_per_week", hours_text)
        if isinstance(hours, str):
            return early(hours)
        months = self._read("months_worked", months_text)
        if isinstance(months, str):
            return early(months)
        category = f"{cell.framework.id} {cell.position.level}"

        def late(reason: str) -> Priced:
            return Priced(None, reason, hours, months, ZERO, None, category)

        given = self._read("gross_annual", gross_text)
        if isinstance(given, str):
            return late(given)
        paid = self._read("actual_pay", actual_text)
        if isinstance(paid, str):
            return late(paid)
        gross, net, written = given[0], paid[0], paid[1]
        if gross is not None and net is not None:
            return late("both gross_annual and actual_pay are filled: give one of them")
        code_text = money.currency_text(currency_text)  # a code, or лв., лв, €, евро
        if code_text and net is None:
            return late("actual_currency is filled but actual_pay is empty: fill both or neither")
        if code_text and code_text not in self.known:
            return late(f"actual_currency: {clip(currency_text)!r} is not a currency of this "
                        "grid: " + " or ".join(self.known))  # fmt: skip
        said = code_text or self.actual_currency
        if written is not None and said is not None and written != said:
            return late(
                f"actual_pay {clip(actual_text.strip())!r} is in {written}, but "
                f"{'actual_currency' if code_text else '--actual-currency'} says {said}: make "
                "them agree, or leave the currency out of actual_pay"
            )
        if written is not None and written not in self.known:
            return late(f"actual_pay {clip(actual_text.strip())!r}: {written} is not a "
                        "currency of this grid: " + " or ".join(self.known))  # fmt: skip
        code_text = code_text or written or ""
        full_time = hours >= self.hours
        low = None
        if gross is not None:
            least = self._minimum
            if full_time and least is not None and gross < least[0] * months / 12:
                low = Low("gross_annual", least[1])
        else:
            summed: tuple[Decimal, str | None] | Decimal | str
            if net is not None:
                summed = self.gross_of(net, code_text or self.actual_currency or cell.currency)
            elif full_time:
                summed = self.grid_gross(cell)
            else:  # part time: the grid pay pro rata in its own currency, converted as a net
                part = round2(money.exact_quotient(money.exact_product(cell.amount, hours),
                                                   self.hours))  # fmt: skip
                summed = self.gross_of(part, cell.currency)
            if isinstance(summed, str):
                return late(summed)
            if isinstance(summed, tuple):
                summed, below = summed
                if net is not None and full_time and below is not None:
                    low = Low("actual_pay", below)
            gross = money.exact_product(summed, months) / 12
        return Priced(None, None, hours, months, gross, low, category)


def _runs(periods: list[tuple[str, Period]]) -> list[tuple[str, Period, int]]:
    """The year's months as runs of one payroll period: the first month, the period, and how
    many months in a row are in it."""
    runs: list[tuple[str, Period, int]] = []
    for month, period in periods:
        if runs and runs[-1][1] is period:
            runs[-1] = (runs[-1][0], period, runs[-1][2] + 1)
        else:
            runs.append((month, period, 1))
    return runs


def _amount(text: str, what: str, currency: str, report: str) -> Decimal:
    """An amount in ``currency`` (``report`` names it), 0 when empty; a currency written with
    it must be that one."""
    if not text.strip():
        return Decimal(0)
    read = money.parse_amount(text, what, with_currency=True)
    money.agree(read, text, what, currency, report)
    return read.value


def _pay(
    text: str, what: str, otherwise: str, currency: str | None = None, report: str = ""
) -> tuple[Decimal | None, str | None]:
    """A pay amount, more than 0 (zero or less is no pay), and the currency written with it;
    with ``currency`` (``report`` names it), that currency must be it."""
    if not text.strip():
        return None, None
    value = text.strip(" \t")
    try:
        read = money.parse_amount(value.removeprefix("-"), what, with_currency=True)
    except UsageError:
        read = money.parse_amount(text, what, with_currency=True)  # the message for what was typed
    if value.startswith("-") or read.value <= 0:
        raise UsageError(
            f"{what} {money.shown(text)} is not a pay: it must be more than 0 (leave it empty "
            f"{otherwise})"
        )
    if currency is not None:
        money.agree(read, text, what, currency, report)
    return read.value, read.currency


def _positive(text: str, what: str, default: Decimal, most: Decimal) -> Decimal:
    if not text.strip():
        return default
    read = money.parse_amount(text, what, maximum=most, example="37.5").value
    if read <= 0:
        raise UsageError(f"{what} {clip(text)!r} must be more than 0 (at most {most})")
    return read


NO_SEX = (
    "paygap needs a sex column: add a 'sex' column with F or M for each worker (empty where "
    "not reported)"
)


def read_workers(spec: PaygapSpec, source: RowSource, reject: Callable[[Rejected], None]) -> Read:
    """Every row of ``source`` as a worker; each bad row goes to ``reject`` (a repeated
    employee_id too: each worker is counted once, the first row kept, as in every command:
    :mod:`salesgrid.batch.people`). Empty lines and rows of only delimiters are blank rows,
    counted apart. A roster none of whose accepted rows gives a sex (a JSONL roster without
    the key) is a usage error."""
    width = len(spec.header)
    workers: list[Worker] = []
    seen = SeenIds()
    low: dict[Low, Flagged] = {}
    sexes: dict[str, int] = {}
    other_sexes = read = rejected = blank = 0
    sex_at = spec.where["sex"]
    blank_rows = source.blank_rows
    ReadColumns.tell(source, spec.read_columns)
    given = False
    for row in source:
        if row.__class__ is Unreadable:
            read += 1
            rejected += 1
            reject(Rejected(row.line, row.reason, row.values))
            continue
        if not row or (blank_rows and is_blank(row)):
            blank += 1  # an empty line, or a row of only delimiters: no row
            continue
        read += 1
        line = source.line_of(row)
        found: tuple[Worker, Low | None] | str
        if len(row) != width:
            found = f"{counted(len(row), 'field')}, the header has {width}"
        else:
            found = unnamed_value(spec.unnamed, row) or spec.worker(row)
        if not isinstance(found, str):
            first = seen.first_line(found[0].employee_id, line)
            if first is not None:
                found = repeat_reason(found[0].employee_id, first)
        if isinstance(found, str):
            rejected += 1
            reject(Rejected(line, found, dict(zip(spec.header, row, strict=False))))
            continue
        worker, below = found
        workers.append(worker)
        if below is not None:
            low.setdefault(below, Flagged()).add(partial(shown_id, worker.employee_id))
        text = row[sex_at].strip()
        given = given or bool(text)
        if text and worker.sex is None:
            if text in sexes or len(sexes) < SHOWN_VALUES:
                sexes[text] = sexes.get(text, 0) + 1
            else:
                other_sexes += 1
    finish = getattr(source, "finish", None)
    if finish is not None:
        finish()  # a stream whose late non-ASCII text was UTF-8 is refused here
    if workers and not given:
        raise UsageError(
            "paygap needs a sex column: no accepted row gives a sex; fill the 'sex' column (a "
            "'sex' key in JSONL) with F or M for each worker"
        )
    return Read(workers, read, rejected, blank, spec.currency, low, sexes, other_sexes)


def warning_lines(read: Read) -> list[str]:
    """What the CLI says on stderr as ``warning:`` lines (the API as warnings), one a line."""
    lines = []
    for (column, minimum), ids in read.low.items():
        what = ("an actual_pay whose gross is below the minimum wage" if column == "actual_pay"
                else "a gross_annual below the minimum wage for the months worked")  # fmt: skip
        verb = "has" if ids.count == 1 else "have"
        lines.append(f"{counted(ids.count, 'worker')} {verb} {what} ({minimum}): {ids.names()}")
    if read.sexes or read.other_sexes:
        values = [f"{clip(text)!r} ({count})" for text, count in read.sexes.items()]
        if read.other_sexes:
            values.append(f"and other values in {counted(read.other_sexes, 'more row')}")
        lines.append(f"sex values not recognised (counted as not reported): {', '.join(values)}")
    return lines
