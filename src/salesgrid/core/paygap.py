"""Pay transparency (EU Directive 2023/970): the gender pay gap indicators of a roster.

Pure and exact: a list of :class:`Worker` in, the report record out (the issue's JSON keys).
Hourly pay is kept exact (Decimal to 34 digits) and only the reported figures are rounded, half
up to two decimals. Nothing here reads files, prints or exits.
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable, Sequence
from decimal import Decimal
from functools import lru_cache
from typing import Any, Literal, NamedTuple

from salesgrid.core.words import ENGLISH, Words
from salesgrid.errors import NotFoundError, UsageError, clip, counted

Sex = Literal["F", "M"]
_CONTEXT = decimal.Context(prec=34)
_HUNDRED = Decimal(100)
_TWO = Decimal("0.01")
#: Art. 10: a gap of 5% or more in a category of workers calls for a joint pay assessment.
FLAG_PCT = Decimal(5)
#: The fewest women and the fewest men a figure compares (--min-group): a mean, median or
#: share over fewer can show a co-worker's pay (Art. 12(3)).
DEFAULT_MIN_GROUP = 3
WEEKS_PER_YEAR = 52
DEFAULT_HOURS = Decimal(40)
DEFAULT_MONTHS = Decimal(12)
#: The spellings of sex read as F or M, lower case. Bulgarian rosters write Ж (жена) and the
#: Cyrillic capital Em (мъж), which looks like a Latin M: both are read, so a letter that looks
#: right is never "not reported".
_SEXES: dict[str, Sex] = {
    "f": "F", "female": "F", "woman": "F", "w": "F", "ж": "F", "жена": "F",
    "m": "M", "male": "M", "man": "M", "м": "M", "мъж": "M",
}  # fmt: skip


class Worker(NamedTuple):
    """One worker of the year: annual gross base and variable pay in the report currency."""

    employee_id: str
    category: str
    sex: Sex | None  # None: not reported, left out of the gaps
    hours_per_week: Decimal
    months_worked: Decimal
    base: Decimal  # annual gross base pay
    variable: Decimal  # annual gross variable and complementary pay

    @property
    def hours(self) -> Decimal:
        """Hours paid in the year: hours_per_week x 52 x months_worked / 12."""
        return year_hours(self.hours_per_week, self.months_worked)

    @property
    def hourly(self) -> Decimal:
        """(base + variable) / hours, exact."""
        return _CONTEXT.divide(self.base + self.variable, self.hours)

    @property
    def hourly_base(self) -> Decimal:
        return _CONTEXT.divide(self.base, self.hours)


@lru_cache(maxsize=1024)
def year_hours(hours_per_week: Decimal, months_worked: Decimal) -> Decimal:
    """``hours_per_week x 52 x months_worked / 12``, worked out once per distinct pair (a
    roster has a handful; the report asks for each worker's hourly pay several times). Equal
    pairs written differently (``40``, ``40.0``) share an answer: the same value, which every
    figure is rounded from."""
    return _CONTEXT.divide(hours_per_week * WEEKS_PER_YEAR * months_worked, 12)


def sex_of(text: str) -> Sex | None:
    """``F``/``M`` (also female/male, woman/man, w/m, and Bulgarian Ж/жена, мъж and the
    Cyrillic capital Em; any case); anything else is None."""
    return _SEXES.get(text.strip().lower())


def round2(value: Decimal) -> Decimal:
    """Half up to two decimals: every reported gap, share and amount."""
    return value.quantize(_TWO, rounding=decimal.ROUND_HALF_UP, context=_CONTEXT)


def mean(values: Sequence[Decimal]) -> Decimal | None:
    if not values:
        return None
    return _CONTEXT.divide(sum(values, Decimal(0)), len(values))


def median(values: Sequence[Decimal]) -> Decimal | None:
    """The usual median: the middle value, or the mean of the two middle values."""
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return _CONTEXT.divide(ordered[middle - 1] + ordered[middle], 2)


def gap(men: Decimal | None, women: Decimal | None) -> Decimal | None:
    """``(men - women) / men x 100``, half up to two decimals; None without both (or men 0)."""
    if men is None or women is None or men == 0:
        return None
    return round2(_CONTEXT.divide((men - women) * _HUNDRED, men))


def share(part: int, whole: int) -> Decimal | None:
    return None if whole == 0 else round2(_CONTEXT.divide(Decimal(part) * _HUNDRED, whole))


def band(rank: int, count: int) -> int:
    """The quartile band (1 = lowest) of the person at 0-based ``rank`` of ``count``."""
    return 4 * rank // count + 1


def _by_sex(workers: Iterable[Worker]) -> tuple[list[Worker], list[Worker]]:
    workers = list(workers)
    women = [w for w in workers if w.sex == "F"]
    men = [w for w in workers if w.sex == "M"]
    return women, men


def too_few(women: int, men: int, min_group: int) -> bool:
    """Whether figures comparing ``women`` and ``men`` are withheld: both sexes are there and
    either has fewer than ``min_group`` (with nobody of one sex there is no gap to withhold)."""
    return 0 < min(women, men) < min_group


#: Why a figure over fewer than --min-group women or men is withheld.
PRIVACY = (
    "figures over so few people can show a co-worker's pay (Art. 12(3)); --min-group 1 shows "
    "them all"
)


def fewer_than(min_group: int) -> str:
    """``fewer than 3 women or 3 men``."""
    return (
        f"fewer than {counted(min_group, 'woman', 'women')} or {counted(min_group, 'man', 'men')}"
    )


def withheld_reason(min_group: int) -> str:
    """Why a figure is withheld, in one sentence (the JSON's ``withheld_categories.reason``)."""
    return f"{fewer_than(min_group)} (--min-group {min_group}): {PRIVACY}"


def _variable_gaps(
    women: Sequence[Worker], men: Sequence[Worker], min_group: int
) -> tuple[Decimal | None, Decimal | None, bool]:
    """Mean and median gap in annual variable pay, among those who receive any, and whether
    they are withheld: fewer than ``min_group`` women or men receive any (the receivers are
    the groups compared)."""
    w = [x.variable for x in women if x.variable > 0]
    m = [x.variable for x in men if x.variable > 0]
    if too_few(len(w), len(m), min_group):
        return None, None, True
    return gap(mean(m), mean(w)), gap(median(m), median(w)), False


def quartiles(workers: Sequence[Worker], withheld: bool = False) -> list[dict[str, Any]]:
    """Women and men sorted by hourly pay, then employee_id; band floor(4 r / n) + 1 (every
    share null when ``withheld``)."""
    ranked = sorted((w for w in workers if w.sex is not None),
                    key=lambda w: (w.hourly, w.employee_id))  # fmt: skip
    counts = {b: {"F": 0, "M": 0} for b in (1, 2, 3, 4)}
    for rank, worker in enumerate(ranked):
        counts[band(rank, len(ranked))][worker.sex or "F"] += 1
    return [
        {
            "band": b,
            "women_pct": None if withheld else share(c["F"], c["F"] + c["M"]),
            "men_pct": None if withheld else share(c["M"], c["F"] + c["M"]),
        }
        for b, c in counts.items()
    ]


def category_record(name: str, workers: Sequence[Worker], min_group: int) -> dict[str, Any]:
    """(g): headcount by sex, the gaps and the Art. 10 flag; counts only when ``withheld``.

    ``total_mean_gap_pct`` is the mean gap in hourly pay, base plus variable, over everyone in
    the category: the average pay level of Art. 10(1)(a) (pay includes variable components,
    Art. 3), so it alone decides the flag. The base gaps and the variable gap (among receivers)
    say where a gap comes from."""
    women, men = _by_sex(workers)
    withheld = too_few(len(women), len(men), min_group)
    record: dict[str, Any] = {
        "category": name, "women": len(women), "men": len(men), "base_mean_gap_pct": None,
        "base_median_gap_pct": None, "variable_mean_gap_pct": None, "total_mean_gap_pct": None,
        "flag": False, "withheld": withheld, "variable_withheld": False,
    }  # fmt: skip
    if withheld or not women or not men:
        return record
    w = [x.hourly_base for x in women]
    m = [x.hourly_base for x in men]
    record["base_mean_gap_pct"] = gap(mean(m), mean(w))
    record["base_median_gap_pct"] = gap(median(m), median(w))
    variable = _variable_gaps(women, men, min_group)
    record["variable_mean_gap_pct"], record["variable_withheld"] = variable[0], variable[2]
    total = gap(mean([x.hourly for x in men]), mean([x.hourly for x in women]))
    record["total_mean_gap_pct"] = total
    record["flag"] = total is not None and abs(total) >= FLAG_PCT
    return record


def method_text(
    year: int,
    currency: str,
    min_group: int,
    pay_basis: str,
    words: Words = ENGLISH,
    history: bool = False,
) -> str:
    """Every choice the figures rest on, so that a report can be reproduced (in ``words``'
    language; the JSON's is English); ``history``: the workers are a position history's."""
    t = words.t
    few = {
        "min_group": min_group,
        "women": words.n("{count} woman", "{count} women", min_group),
        "men": words.n("{count} man", "{count} men", min_group),
        "people": words.n("{count} person", "{count} people", min_group),
    }
    small = (
        t("Small groups (--min-group {min_group}): a figure comparing women and men is "
          "withheld (null) when fewer than {women} or {men} are compared: a category shows "
          "its counts only (withheld: true); (a)-(f) are withheld when the history's workers "
          "are so few (withheld: true); (b), (d) and a category's variable gap when so few "
          "receive variable pay (variable_withheld: true). With nobody of one sex there is "
          "no gap to withhold. An answer to --employee withholds a mean over fewer than "
          "{people}.", **few)
        if history
        else t("Small groups (--min-group {min_group}): a figure comparing women and men is "
               "withheld (null) when fewer than {women} or {men} are compared: a category "
               "shows its counts only (withheld: true); (a)-(f) are withheld when the whole "
               "roster has so few (withheld: true); (b), (d) and a category's variable gap "
               "when so few receive variable pay (variable_withheld: true). With nobody of one "
               "sex there is no gap to withhold. An answer to --employee withholds a mean over "
               "fewer than {people}.", **few)
    )  # fmt: skip
    return "\n".join(
        (
            t("Year {year}; amounts in {currency}.", year=year, currency=currency),
            *pay_basis.splitlines(),
            t("Hourly pay = (annual gross base + variable pay) / (hours_per_week x 52 x "
              "months_worked / 12), kept exact until the reported figures."),
            t("Sex: F/female/woman/w/Ж/жена and M/male/man/m/\u041c/мъж (any case); any other "
              "value or none is counted as not reported and left out of every gap, share and "
              "band."),
            t("Gaps = (men - women) / men x 100 in percent, positive when women are paid less; "
              "gaps and shares rounded half up to 2 decimals; null when one sex has nobody."),
            t("(a) mean and (c) median gap on hourly pay; medians are the usual median (the mean "
              "of the two middle values for an even count)."),
            t("(b) mean and (d) median gap in annual variable pay among those who receive any; "
              "(e) the share of women and of men receiving variable pay."),
            t("(f) quartile bands: women and men sorted by hourly pay, then employee_id; rank r "
              "(0-based) of n is in band floor(4 r / n) + 1 (1 = lowest); a band's shares are "
              "its women and men over its headcount (null for an empty band)."),
            t("(g) categories: framework x level (FRAMEWORK LEVEL) unless a category column "
              "names one; the mean gap on hourly pay, base + variable, over everyone in the "
              "category (total_mean_gap_pct, the average pay level of Art. 10(1)(a)); the gaps "
              "on hourly base pay alone (mean, median) and the mean gap in variable pay among "
              "receivers; flag when the total mean gap is 5% or more in absolute value "
              "(Art. 10)."),
            small,
        )
    )  # fmt: skip


def report(
    workers: Sequence[Worker], year: int, method: str, min_group: int = DEFAULT_MIN_GROUP
) -> dict[str, Any]:
    """The Directive's indicators (Art. 9(1)(a)-(g)) for ``workers``, as the JSON record; the
    figures over fewer than ``min_group`` women or men withheld (null)."""
    women, men = _by_sex(workers)
    withheld = too_few(len(women), len(men), min_group)
    categories: dict[str, list[Worker]] = {}
    for worker in workers:
        categories.setdefault(worker.category, []).append(worker)
    groups = [category_record(name, group, min_group) for name, group in sorted(categories.items())]
    record: dict[str, Any] = {
        "year": year,
        "workers": {
            "women": len(women),
            "men": len(men),
            "not_reported": len(workers) - len(women) - len(men),
        },
        "withheld": withheld,
        "variable_withheld": False,
        "mean_gap_pct": None,
        "median_gap_pct": None,
        "variable_mean_gap_pct": None,
        "variable_median_gap_pct": None,
        "receiving_variable_pct": {"women": None, "men": None},
        "quartiles": quartiles(workers, withheld),
        "categories": groups,
        "withheld_categories": {
            "count": sum(1 for group in groups if group["withheld"]),
            "min_group": min_group,
            "reason": withheld_reason(min_group),
        },
        "method": method,
    }
    if withheld:
        return record
    men_hourly, women_hourly = [x.hourly for x in men], [x.hourly for x in women]
    record["mean_gap_pct"] = gap(mean(men_hourly), mean(women_hourly))
    record["median_gap_pct"] = gap(median(men_hourly), median(women_hourly))
    (
        record["variable_mean_gap_pct"],
        record["variable_median_gap_pct"],
        record["variable_withheld"],
    ) = _variable_gaps(women, men, min_group)
    record["receiving_variable_pct"] = {
        "women": share(sum(1 for x in women if x.variable > 0), len(women)),
        "men": share(sum(1 for x in men if x.variable > 0), len(men)),
    }
    return record


def employee_answer(
    workers: Sequence[Worker],
    employee_id: str,
    min_group: int = DEFAULT_MIN_GROUP,
    words: Words = ENGLISH,
    history: bool = False,
) -> dict[str, Any]:
    """Art. 7: a worker's own hourly and annual pay (base + variable), and the mean hourly pay
    (base + variable) of the women and of the men in their category, with its headcounts. A
    mean over fewer than ``min_group`` people is withheld (null), with the reason.
    ``history``: the workers are a position history's, and the refusal says so."""
    found = next((w for w in workers if w.employee_id == employee_id), None)
    if found is None and history:
        raise NotFoundError(
            f"--employee {clip(employee_id)!r} is not a worker of the history (not in it, its "
            "rows rejected, or no working day in the year): give the employee_id of a person "
            "with an accepted period in the year"
        )
    if found is None:
        raise NotFoundError(
            f"--employee {clip(employee_id)!r} is not in the roster (or its row was rejected): "
            "give an employee_id of an accepted row"
        )
    women, men = _by_sex(w for w in workers if w.category == found.category)
    small = [name for name, group in (("women", women), ("men", men))
             if 0 < len(group) < min_group]  # fmt: skip

    def mean_hourly(name: str, group: Sequence[Worker]) -> Decimal | None:
        value = mean([x.hourly for x in group])
        return None if value is None or name in small else round2(value)

    reason = None
    if small:
        whose = {"women": words.t("the women's mean"), "men": words.t("the men's mean")}
        reason = words.t(
            "{which}: a mean over fewer than {people} can show a co-worker's pay (Art. 12(3); "
            "--min-group {min_group})",
            which=words.t(" and ").join(whose[name] for name in small),
            people=words.n("{count} person", "{count} people", min_group),
            min_group=min_group,
        )
    return {
        "employee_id": found.employee_id,
        "category": found.category,
        "hourly": round2(found.hourly),
        "annual": round2(found.base + found.variable),
        "category_mean_hourly": {"women": mean_hourly("women", women),
                                 "men": mean_hourly("men", men)},
        "category_workers": {"women": len(women), "men": len(men)},
        "withheld": bool(small),
        "withheld_reason": reason,
    }  # fmt: skip


# --------------------------------------------------------------------------- the year


def year_months(year: int) -> list[str]:
    return [f"{year:04d}-{month:02d}" for month in range(1, 13)]


def covered_years(first_month: str, reviewed_until: str) -> tuple[int, int] | None:
    """The first and last calendar years whose twelve months lie in the payroll data (from
    the first period to ``reviewed_until``), or None when no whole year does."""
    first = int(first_month[:4]) + (0 if first_month.endswith("-01") else 1)
    last = int(reviewed_until[:4]) - (0 if reviewed_until.endswith("-12") else 1)
    return (first, last) if first <= last else None


def parse_year(text: str) -> int:
    value = text.strip()
    if not (len(value) == 4 and value.isdigit() and value.isascii()):
        raise UsageError(f"--year {clip(text)!r} is not a year: write four digits, e.g. 2026")
    return int(value)


def check_year(year: int | None, first_month: str, reviewed_until: str) -> int:
    """``--year``, or the last full year of the payroll data; a year outside it is not found."""
    years = covered_years(first_month, reviewed_until)
    covered = f"the payroll data covers {first_month} to {reviewed_until} (reviewed)"
    if years is None:
        raise NotFoundError(f"no whole calendar year in the payroll data: {covered}")
    if year is None:
        return years[1]
    if not years[0] <= year <= years[1]:
        raise NotFoundError(
            f"--year {year} is outside the payroll data: {covered}; choose a year from "
            f"{years[0]} to {years[1]}, or add periods to the payroll file"
        )
    return year
