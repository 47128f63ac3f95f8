"""The pay gap report's workers from a position history (`paygap --history HISTORY`): each
person's year priced month by month as `month` prices it, so that people who moved, joined or
left in the year are exact.

From a history (:mod:`salesgrid.batch.history`), one :class:`salesgrid.core.paygap.Worker` per
person with a working day in the year:

- ``base``: the sum of the year's twelve ``gross_due`` (:func:`salesgrid.core.month.month_pay`:
  every segment at the grid in force on its days, prorated by hours and working days), each
  converted to the report currency (the payroll currency of the year's December) where its
  month's differs;
- ``hours_per_week``: full time (``--hours``), and ``months_worked``: the full-time-equivalent
  months, the sum over the year's segments of hours_per_week / full time x days worked / the
  month's working days; so hours = full time x 52 x months_worked / 12, the rule a roster's
  worker is paid by (a full year at one position full time is 12 months, as a roster's);
- ``category``: the framework and level of the position held on the person's last working day
  of the year;
- ``sex`` and ``variable_pay``: the history's columns, one value a person (given on one row or
  repeated; two filled values of one person that disagree reject the later row). The
  variable pay is the year's: only a row whose period has a day in the year carries it; on a
  row wholly outside the year it is ignored (not read, nor checked for its currency).

Nothing here opens files, prints or exits.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from salesgrid.batch.history import History, HistorySpec
from salesgrid.batch.paygap import SHOWN_VALUES, Read
from salesgrid.core import money
from salesgrid.core.conversion import conversions_from, convert
from salesgrid.core.models import GridFile
from salesgrid.core.month import Held, MonthCache, Pricer, WorkingDays, month_pay
from salesgrid.core.paygap import Worker, sex_of
from salesgrid.core.words import ENGLISH, Words
from salesgrid.errors import UsageError, clip, shown_id

#: The history columns `paygap --history` reads besides a history's own.
PERSON_COLUMNS = ("sex", "variable_pay")
NO_SEX = (
    "paygap --history needs a sex column: add a 'sex' column to the history with F or M for "
    "each person (on one of their rows or on each; empty where not reported)"
)


class PersonFacts:
    """Each person's sex and variable pay, from the history's rows: the first filled value,
    which every later filled one must agree with (called by
    :func:`salesgrid.batch.history.read_history` for each row it would accept)."""

    def __init__(self, spec: HistorySpec, currency: str, year: int) -> None:
        if "sex" not in spec.where:
            raise UsageError(NO_SEX)
        self.spec, self.currency, self.year = spec, currency, year
        self.sex: dict[str, tuple[str, int]] = {}  # the text as written, and its line
        self.variable: dict[str, tuple[Decimal, int]] = {}
        self.given = False  # whether any accepted row gives a sex

    def __call__(self, employee: str, row: list[str], held: Held) -> str | None:
        line = held.line
        sex = self.spec.value(row, "sex").strip()
        in_year = held.first <= date(self.year, 12, 31) and (
            held.last is None or held.last >= date(self.year, 1, 1)
        )
        text = self.spec.value(row, "variable_pay") if in_year else ""  # the year's pay alone
        variable = None
        if text.strip():
            try:
                read = money.parse_amount(text, "variable_pay", with_currency=True)
                money.agree(read, text, "variable_pay", self.currency,
                            f"the payroll currency of {self.year}-12")  # fmt: skip
            except UsageError as exc:
                return str(exc)
            variable = read.value
        earlier_sex = self.sex.get(employee)
        if sex and earlier_sex is not None and not _same_sex(earlier_sex[0], sex):
            return (f"{shown_id(employee)}: sex {clip(sex)!r} disagrees with "
                    f"{clip(earlier_sex[0])!r} on line {earlier_sex[1]}: one value a person "
                    "(correct one, or leave this one empty)")  # fmt: skip
        earlier_pay = self.variable.get(employee)
        if variable is not None and earlier_pay is not None and variable != earlier_pay[0]:
            return (f"{shown_id(employee)}: variable_pay {money.shown(text)} disagrees with "
                    f"{money.plain(earlier_pay[0])} on line {earlier_pay[1]}: the year's "
                    "variable pay, one value a person (correct one, or leave this one "
                    "empty)")  # fmt: skip
        if sex and earlier_sex is None:
            self.sex[employee] = (sex, line)
            self.given = True
        if variable is not None and earlier_pay is None:
            self.variable[employee] = (variable, line)
        return None


def _same_sex(first: str, second: str) -> bool:
    """Whether two values name the same sex (``F`` and ``Ж`` do), or are the same text."""
    read = sex_of(first)
    return read == sex_of(second) if read is not None else first.lower() == second.lower()


def history_workers(
    history: History,
    facts: PersonFacts,
    grid: GridFile,
    pricer: Pricer,
    working_days: WorkingDays,
    year: int,
) -> Read:
    """The workers of ``year`` (see the module's docstring), with the history's row counts."""
    if history.people and not facts.given:
        raise UsageError(
            "paygap needs a sex column: no accepted row of the history gives a sex; fill the "
            "'sex' column (a 'sex' key in JSONL) with F or M for each person"
        )
    currency = facts.currency
    months = [f"{year:04d}-{number:02d}" for number in range(1, 13)]
    workers: list[Worker] = []
    sexes: dict[str, int] = {}
    other_sexes = 0
    cache = MonthCache()
    for employee, periods in history.people.items():
        base = months_worked = Decimal(0)
        last = None
        for month in months:
            pay = month_pay(employee, periods, month, pricer, working_days, cache=cache)
            if pay is None:
                continue
            base += _in_currency(grid, pay.gross_due, pay.currency, currency)
            for segment in pay.segments:
                months_worked += money.exact_quotient(
                    money.exact_product(segment.hours, Decimal(segment.days)),
                    money.exact_product(pricer.full_hours, Decimal(pay.working_days)),
                )
            last = pay.segments[-1]
        if last is None:
            continue  # no working day in the year: not a worker of it
        text = facts.sex.get(employee, ("", 0))[0]
        sex = sex_of(text)
        if text and sex is None:
            if text in sexes or len(sexes) < SHOWN_VALUES:
                sexes[text] = sexes.get(text, 0) + 1
            else:
                other_sexes += 1
        variable = facts.variable.get(employee, (Decimal(0), 0))[0]
        category = f"{last.framework} {last.position.level}"
        workers.append(Worker(employee, category, sex, pricer.full_hours, months_worked, base,
                              variable))  # fmt: skip
    return Read(workers, history.read, history.rejected, history.blank, currency, {}, sexes,
                other_sexes)  # fmt: skip


def _in_currency(grid: GridFile, amount: Decimal, code: str, currency: str) -> Decimal:
    """A month's gross in the report currency, by the grid's conversion rule."""
    if code == currency:
        return amount
    rule = conversions_from(grid, code).get(currency)
    if rule is None:
        raise UsageError(f"no conversion from {code} to {currency} in the grid: the report of "
                         f"a year whose payroll currency changes needs one")  # fmt: skip
    return convert(amount, rule).amount


class HistoryMethod:
    """How a history's base pay, hours and categories are read: the report's method lines."""

    def __init__(self, year: int, currency: str, hours: Decimal) -> None:
        self.year, self.currency, self.hours = year, currency, hours

    def method_basis(self, words: Words = ENGLISH) -> str:
        """The lines of :class:`salesgrid.batch.paygap.PaygapSpec`'s, for a history, in
        ``words``' language."""
        t = words.t
        return "\n".join((
            t("Base pay from a position history: each month of {year} priced as salesgrid "
              "month prices it (gross_due: the gross whose net is the grid pay of the position "
              "held, by the grid in force on each day, times hours_per_week / {hours} and the "
              "working days worked / the month's working days, half up to the cent), in "
              "{currency}, and the twelve months summed.",
              year=self.year, hours=self.hours, currency=self.currency),
            t("months_worked: full-time-equivalent months, the sum over the year's periods of "
              "hours_per_week / {hours} x working days worked / the month's working days; "
              "hours_per_week is then {hours}.", hours=self.hours),
            t("Category: the framework and level of the position held on the worker's last "
              "working day of {year}.", year=self.year),
            t("variable_pay: annual gross variable and complementary pay paid in the year, "
              "default 0."),
            t("variable_pay is taken in {currency}, the payroll currency of {year}-12.",
              currency=self.currency, year=self.year),
        ))  # fmt: skip
