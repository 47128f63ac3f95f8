"""A roster's ``actual_pay`` column: each row's pay against the grid, its totals, and the pay
that looks wrong.

For every row: the actual-pay output values (gap, compa-ratio, range position, grid status;
with ``--employer-cost`` the gross and employer cost behind the actual pay), or why the row is
rejected (not an amount, zero, an unknown currency). The work is done once per position, amount
and currency. Nothing is counted until the row is accepted (:func:`actual_reader` gives a check
and a tally): a row the loop rejects after the check (a repeated employee id) leaves no trace.

Plausibility: a pay whose gross is below the month's minimum wage, or whose compa-ratio is
outside the payroll file's ``plausible_compa_ratio``, is written as any other and counted, for
one warning line per kind at the end of the run (:func:`warnings`).

Imports :mod:`salesgrid.core`, :mod:`salesgrid.errors` and :mod:`salesgrid.batch.people`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple

from salesgrid.batch.actualcents import CentsPath
from salesgrid.batch.people import Flagged
from salesgrid.core import money
from salesgrid.core.compensation import NOT_REPORTED, STATUSES, shortfall, standing
from salesgrid.core.conversion import conversions_from, converter, currencies
from salesgrid.errors import NotFoundError, UsageError, clip, counted, shown_id

if TYPE_CHECKING:
    from salesgrid.core.models import GridFile
    from salesgrid.core.payroll import CompaBand
    from salesgrid.core.plausible import MinimumWage

#: Where each status and total sits in a level's actual-pay totals (see :func:`actual_reader`).
_STATUS_INDEX = {name: index for index, name in enumerate((*STATUSES, NOT_REPORTED))}
_BRING_UP = len(_STATUS_INDEX)  # then the people below their cell, and their shortfall
_TOTAL_CURRENCIES = ("BGN", "EUR")
_BELOW, _TYPO = 1, 2


class Checks(NamedTuple):
    """What the actual pay is checked against: the month's minimum wage (None: no payroll
    parameters for it, ``note`` says so) and the plausible compa-ratios (None: the payroll
    file has none)."""

    minimum: MinimumWage | None
    band: CompaBand | None
    note: str | None = None


def checks(payroll: Any, month: str, cohort: Any = "born_1960_or_later") -> Checks:
    """The checks of ``month`` from a payroll file (``cohort``: whose rates net the minimum
    wage; the two differ by a cent at most)."""
    # the payroll rules: only with actual pay (a pay-only roster never loads them)
    from salesgrid.core.plausible import minimum_wage

    try:
        minimum = minimum_wage(payroll, month, cohort)
    except NotFoundError as exc:
        note = f"the actual pay is not checked against the minimum wage: {exc}"
        return Checks(None, payroll.plausible_compa_ratio, note)
    return Checks(minimum, payroll.plausible_compa_ratio)


def run_checks(figures: Any, payroll: Callable[[], Any], day: date) -> Checks:
    """The checks of a roster run: the minimum wage of the ``--employer-cost`` month, with its
    cohort (``figures``: payroll file, month, cohort, rate), else of ``day``'s month from the
    file ``payroll()`` loads."""
    if figures is not None:
        data, month, cohort, _ = figures
        return checks(data, month, cohort)
    return checks(payroll(), f"{day.year:04d}-{day.month:02d}")


class Totals:
    """A roster's actual-pay totals: per (framework, level) a count per status, then the
    people below their cell and what bringing them up costs a month in BGN and EUR; with
    ``--employer-cost`` the employer's cost of the people with an actual pay; the implausible
    pay."""

    def __init__(self) -> None:
        self.levels: dict[tuple[str, int], list[Any]] = {}
        self.cost: list[Any] | None = None  # [currency, people, monthly employer cost]
        self.below = Flagged()
        self.typo = Flagged()
        self.checks: Checks | None = None


def actual_currency(grid: GridFile, given: str | None, where: dict[str, int]) -> str | None:
    """The checked ``--actual-currency`` (None: each framework's own); the header's
    ``actual_currency`` needs ``actual_pay``."""
    if "actual_currency" in where and "actual_pay" not in where:
        raise UsageError(
            "the column 'actual_currency' needs an 'actual_pay' column: add actual_pay (monthly "
            "net) or drop actual_currency"
        )
    if given is None:
        return None

    known = currencies(grid)
    code = money.currency_text(given)  # a code in any case, or лв., лв, €, евро
    if code not in known:
        raise UsageError(
            f"--actual-currency {clip(given)!r} is not a currency of the grid: choose "
            + " or ".join(known)
        )
    if "actual_pay" not in where:
        raise UsageError(
            "--actual-currency is the currency of the 'actual_pay' column, which this roster "
            "does not have: add the column or drop --actual-currency"
        )
    return code


class Reader(NamedTuple):
    """What :func:`actual_reader` gives the row loop and the block fast path."""

    #: ``check(resolved, row)``: the row's actual pay read and compared, or why the row is
    #: rejected (text)
    check: Callable[[Any, list[str]], Any]
    #: ``tally(checked, employee_id)``: an accepted row's output values, counted
    tally: Callable[[Any, str], tuple[str, ...]]
    #: ``hit(resolved, actual_pay text, actual_currency text)``: as ``check``, from the texts
    hit: Callable[[Any, str, str], Any]
    #: the plain amounts' figures on whole cents, per row or a column at once
    cents: CentsPath
    #: the run's totals, into which ``tally`` counts
    totals: Totals


def actual_reader(spec: Any, totals: Totals) -> Reader:
    """A roster run's actual pay (:class:`Reader`): each row's read and compared, an accepted
    row's output values counted into ``totals``. The work is done once per position, amount
    and currency."""
    i_pay = spec.where["actual_pay"]
    i_currency = spec.where.get("actual_currency")
    default = spec.actual_currency
    levels = totals.levels
    cache: dict[tuple[Any, str, str], Any] = {}
    rules = {
        code: {to: converter(rule) for to, rule in conversions_from(spec.grid, code).items()}
        for code in currencies(spec.grid)
    }
    if totals.checks is None and spec.plausible is not None:
        totals.checks = spec.plausible()  # once a run (the API runs a roster in batches)
    found_checks = totals.checks
    minimum = None if found_checks is None else found_checks.minimum
    band = None if found_checks is None else found_checks.band
    # the payroll rules: only with actual pay (a pay-only roster never loads them)
    from salesgrid.core.plausible import compa_shown, limit_in, looks_like_typo

    # per currency: a pay at most this is under the minimum wage (a currency the grid cannot
    # convert to the payroll's is not checked)
    limits: dict[str, Decimal] = {}
    if minimum is not None:
        for code, converters in rules.items():
            if code == minimum.currency:
                limits[code] = minimum.net_limit
            elif minimum.currency in converters:
                limits[code] = limit_in(minimum.net_limit, converters[minimum.currency])

    costing = _costing(spec, totals)
    empty = ("",) * (6 + (0 if costing is None else 2))

    def group_of(found: Any) -> list[Any]:
        """The actual-pay totals of a position's level."""
        group = levels.get((found.framework, found.level))
        if group is None:
            group = levels[(found.framework, found.level)] = _new_level()
        return group

    def in_currency(actual: Decimal, code: str, wanted: str) -> Decimal | None:
        if code == wanted:
            return actual
        convert = rules.get(code, {}).get(wanted)
        return None if convert is None else convert(actual)

    quick = CentsPath(
        default, group_of, _STATUS_INDEX, limits, band, rules, _TOTAL_CURRENCIES, (_BELOW, _TYPO),
        None if costing is None else lambda actual, code: costing(actual, code, in_currency),
        {code: conversions_from(spec.grid, code) for code in currencies(spec.grid)},
    )  # fmt: skip

    def work(found: Any, text: str, currency_text: str) -> tuple[Any, ...] | str:
        own, ranges = found.grid_range
        named = money.currency_text(currency_text)  # a code in any case, or лв., лв, €, евро
        if named and named not in ranges:
            return (
                f"actual_currency: {clip(currency_text)!r} is not a currency of this grid: "
                + " or ".join(ranges)
            )
        actual = None
        written = None  # the currency written with the amount (5 445,00 лв.)
        if text.strip():
            try:
                read = money.parse_amount(text, "actual_pay", with_currency=True)
            except UsageError as exc:
                return str(exc)
            actual, written = read.value, read.currency
            if actual <= 0:
                return (
                    f"actual_pay {clip(text.strip())!r} is not a pay: give the monthly net pay, "
                    "more than 0 (leave it empty when it is not known)"
                )
        code = named or default or written or own
        if written is not None and written != code:
            said = "actual_currency" if named else "--actual-currency"
            return (
                f"actual_pay {clip(text.strip())!r} is in {written}, but {said} says {code}: "
                "make them agree, or leave the currency out of actual_pay"
            )
        if code not in ranges:
            wrong = (
                f"actual_currency: {clip(currency_text)!r}" if written is None
                else f"actual_pay {clip(text.strip())!r}: {code}"
            )  # fmt: skip
            return f"{wrong} is not a currency of this grid: " + " or ".join(ranges)
        if actual is None:
            return empty, group_of(found), _STATUS_INDEX[NOT_REPORTED], None, None, 0, None
        cell, step_1, top = ranges[code]
        where = standing(actual, cell, step_1, top)
        status, ratio = where.grid_status, where.compa_ratio
        # the figures' places are known (cents, 4 decimals): as money.plain writes them
        values: tuple[str, ...] = (
            f"{actual:.2f}", code, f"{where.gap:.2f}",
            "" if ratio is None else f"{ratio:.4f}",
            "" if where.range_position is None else f"{where.range_position:.4f}",
            status,
        )  # fmt: skip
        short = None
        if actual < cell:
            cells = {c: amounts[0] for c, amounts in ranges.items()}
            short = shortfall(actual, cells, code, rules.get(code, {}), _TOTAL_CURRENCIES)
        flags = 0
        if band is not None and ratio is not None and looks_like_typo(band, ratio):
            flags = _TYPO
        under = limits.get(code)
        if under is not None and actual <= under:
            flags |= _BELOW
        cost = None
        if costing is not None:
            behind = costing(actual, code, in_currency)
            if isinstance(behind, str):
                return behind
            values, cost = (*values, *behind[0]), behind[1]
        return values, group_of(found), _STATUS_INDEX[status], short, cost, flags, ratio

    def hit(found: Any, text: str, currency_text: str) -> Any:
        key = (found.key, text, currency_text)
        hit: Any = cache.get(key)
        if hit is None:
            hit = quick(found, text, currency_text) or work(found, text, currency_text)
            if len(cache) < 20_000:
                cache[key] = hit
        return hit

    def check(found: Any, row: list[str]) -> Any:
        return hit(found, row[i_pay], "" if i_currency is None else row[i_currency])

    def tally(hit: Any, employee: str) -> tuple[str, ...]:
        values, group, index, short, cost, flags, compa = hit
        group[index] += 1
        if short is not None:
            group[_BRING_UP] += 1
            for offset, amount in enumerate(short, start=_BRING_UP + 1):
                if amount is not None:
                    group[offset] += amount
        if cost is not None:
            spent = totals.cost
            assert spent is not None
            spent[1] += 1
            spent[2] += cost
        if flags:  # counted; the first few named
            below, typo = totals.below, totals.typo
            if flags & _BELOW:
                below.add(lambda: shown_id(employee, 40))
            if flags & _TYPO:
                assert band is not None
                typo.add(lambda: f"{shown_id(employee, 40)} ({compa_shown(band, Decimal(compa))})")
        return values  # type: ignore[no-any-return]

    return Reader(check, tally, hit, quick, totals)


def merge(totals: Totals, other: Totals) -> None:
    """Add ``other``'s counts (the rows after those of ``totals``: a large file's second half)
    into ``totals``, as if one run had counted both."""
    for key, sums in other.levels.items():
        mine = totals.levels.get(key)
        if mine is None:
            totals.levels[key] = list(sums)
        else:
            for index, value in enumerate(sums):
                mine[index] += value
    if other.cost is not None and totals.cost is not None:
        totals.cost[1] += other.cost[1]
        totals.cost[2] += other.cost[2]
    for flagged, theirs in ((totals.below, other.below), (totals.typo, other.typo)):
        for name in theirs.first:
            flagged.add(lambda name=name: name)  # type: ignore[misc]
        flagged.count += theirs.count - len(theirs.first)


def _costing(spec: Any, totals: Totals) -> Any:
    """With ``--employer-cost``: what gives an actual pay's gross and employer cost (once per
    amount), or None."""
    if spec.payroll is None:
        return None
    # the payroll rules: only with --employer-cost
    from salesgrid.core.payroll import gross_for, period_for

    data, month, cohort, rate = spec.payroll
    currency = period_for(data, month).currency
    if totals.cost is None:
        totals.cost = [currency, 0, Decimal("0.00")]
    cache: dict[Decimal, tuple[tuple[str, str], Decimal] | str] = {}

    def behind(actual: Decimal, code: str, in_currency: Any) -> Any:
        net = in_currency(actual, code, currency)
        if net is None:
            return f"the grid cannot show {currency}, the payroll currency of {month}"
        found = cache.get(net)
        if found is None:
            try:
                b = gross_for(data, month, net, cohort, rate)
                found = (f"{b.gross:.2f}", f"{b.employer_cost:.2f}"), b.employer_cost
            except NotFoundError as exc:
                found = f"actual_pay: {exc}"
            if len(cache) < 100_000:
                cache[net] = found
        return found

    return behind


def _new_level() -> list[Any]:
    """A level's actual-pay totals: a count per status, then the people below their cell and
    what bringing them up costs a month in BGN and EUR."""
    return [0] * (_BRING_UP + 1) + [Decimal("0.00")] * len(_TOTAL_CURRENCIES)


# --------------------------------------------------------------------------- warnings


def warnings(totals: Totals) -> list[tuple[str, str]]:
    """What a run says about the actual pay of the rows written, as (``note`` or ``warning``,
    text) pairs: one warning per kind of implausible pay, and a note when the minimum wage
    could not be checked."""
    found = totals.checks
    lines: list[tuple[str, str]] = []
    paid = sum(sum(sums[: _STATUS_INDEX[NOT_REPORTED]]) for sums in totals.levels.values())
    if paid and found is not None and found.note is not None:
        lines.append(("note", found.note))
    if totals.below.count and found is not None and found.minimum is not None:
        lines.append(
            ("warning", f"{counted(totals.below.count, 'row')} {_have(totals.below.count)} an "
             f"actual_pay whose gross is below the minimum wage ({found.minimum.shown()}): "
             f"{totals.below.names()}")
        )  # fmt: skip
    if totals.typo.count and found is not None and found.band is not None:
        band = found.band
        lines.append(
            ("warning", f"{counted(totals.typo.count, 'row')} {_have(totals.typo.count)} a "
             f"compa-ratio under {band.low} or over {band.high} (looks like a typo): "
             f"{totals.typo.names()}")
        )  # fmt: skip
    return lines


def _have(count: int) -> str:
    return "has" if count == 1 else "have"


# --------------------------------------------------------------------------- summary


def record(totals: Totals) -> dict[str, Any]:
    """Per framework and level, and in total: headcount per grid status, and the monthly and
    annual cost of bringing everyone below their cell up to it."""

    def entry(sums: list[Any]) -> dict[str, Any]:
        monthly = dict(zip(_TOTAL_CURRENCIES, sums[_BRING_UP + 1 :], strict=True))
        return {
            "grid_status": {name: sums[index] for name, index in _STATUS_INDEX.items()},
            "bring_up": {
                "count": sums[_BRING_UP],
                "monthly": monthly,
                "annual": {code: amount * 12 for code, amount in monthly.items()},
            },
        }

    total = _new_level()
    for sums in totals.levels.values():
        for index, value in enumerate(sums):
            total[index] += value
    return {
        "levels": [
            {"framework": framework, "level": level, **entry(sums)}
            for (framework, level), sums in sorted(totals.levels.items())
        ],
        "total": entry(total),
    }


def cost_record(totals: Totals) -> dict[str, Any] | None:
    """With ``--employer-cost``: the employer's cost of the actual pay of the people who have
    one (each person's cost rounded to the cent, then summed)."""
    if totals.cost is None:
        return None
    currency, people, monthly = totals.cost
    return {"currency": currency, "count": people, "monthly": monthly, "annual": monthly * 12}


def lines(record: dict[str, Any]) -> list[str]:
    found = []
    for entry in [*record["levels"], {"framework": None, **record["total"]}]:
        where = (
            "total"
            if entry["framework"] is None
            else f"{entry['framework']} level {entry['level']}"
        )
        counts = ", ".join(
            f"{count} {name}" for name, count in entry["grid_status"].items()
            if count or entry["framework"] is None
        )  # fmt: skip
        up = entry["bring_up"]
        found.append(
            f"actual pay: {where}: {counts}; bring up {up['count']}: monthly "
            f"{_both(up['monthly'])}; annual {_both(up['annual'])}"
        )
    return found


def cost_line(cost: dict[str, Any]) -> str:
    return (
        f"actual employer cost ({counted(cost['count'], 'person', 'people')} with an actual "
        f"pay): monthly {money.human(cost['monthly'])} {cost['currency']}; annual "
        f"{money.human(cost['annual'])} {cost['currency']}"
    )


def _both(amounts: dict[str, Decimal]) -> str:
    return f"{money.human(amounts['BGN'])} BGN / {money.human(amounts['EUR'])} EUR"


def csv_rows(record: dict[str, Any]) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for entry in [*record["levels"], {"framework": None, **record["total"]}]:
        where = "total" if entry["framework"] is None else f"{entry['framework']} {entry['level']}"
        for name, count in entry["grid_status"].items():
            if count or entry["framework"] is None:
                rows.append(["grid_status", f"{where} {name}", count, "", "", "", ""])
        up = entry["bring_up"]
        rows.append(
            ["bring_up", where, up["count"], up["monthly"]["BGN"], up["monthly"]["EUR"],
             up["annual"]["BGN"], up["annual"]["EUR"]]
        )  # fmt: skip
    return rows


def cost_csv_row(cost: dict[str, Any]) -> list[Any]:
    bgn = cost["currency"] == "BGN"
    monthly, annual = cost["monthly"], cost["annual"]
    return [
        "actual_employer_cost", cost["currency"], cost["count"],
        monthly if bgn else "", "" if bgn else monthly, annual if bgn else "",
        "" if bgn else annual,
    ]  # fmt: skip
