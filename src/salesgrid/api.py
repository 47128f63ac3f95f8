"""The public Python API: the same core as the command line, typed, for pandas scripts and jobs.

Import it as ``import salesgrid``; the names below are resolved from this module the first
time they are used, so ``import salesgrid`` alone stays as cheap as the CLI needs it. The
reference is ``docs/python-api.md``. Every result has ``to_dict()``: exactly the object the
matching command prints with ``--format json``, as Python values (amounts as exact
``Decimal``, days as ``YYYY-MM-DD`` text), and ``to_json()``: that command's JSON text.

>>> import salesgrid
>>> from datetime import date
>>> cell = salesgrid.pay("2.3", as_of=date(2026, 11, 22))
>>> cell.amount
Decimal('5445')
>>> cell.amounts["EUR"]
Decimal('2783.99')
>>> salesgrid.pay((1, 4), framework="technical-support-management", as_of="2026-11-22").amount
Decimal('4500')
>>> salesgrid.net("3000", "2026-09")
Decimal('2414.75')

May import: :mod:`salesgrid.errors`, :mod:`salesgrid.core`, :mod:`salesgrid.files`,
:mod:`salesgrid.output`, :mod:`salesgrid.batch`. Never cli.
"""

from __future__ import annotations

import os
import re
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal

from salesgrid.errors import (
    ExitCode,
    UsageError,
    counted,
)

if TYPE_CHECKING:
    from salesgrid.core.competencies import CompetenciesFile
    from salesgrid.core.models import GridFile
    from salesgrid.core.payroll import Breakdown, PayrollFile
    from salesgrid.core.positions import Position

__all__ = [
    "CellChange",
    "DataWarning",
    "DiffCost",
    "GridDiff",
    "Landing",
    "LevelCost",
    "Location",
    "Move",
    "Pay",
    "Payroll",
    "Promotion",
    "ReviewWarning",
    "RowRejected",
    "RuleResult",
    "criteria",
    "diff",
    "export_grid",
    "framework_files",
    "gross",
    "load_competencies",
    "load_grid",
    "locate",
    "net",
    "pay",
    "paygap",
    "payroll_gross",
    "payroll_net",
    "promote",
    "roster",
]

#: A position: ``"2.3"`` (LEVEL.STEP, as on the command line) or ``(2, 3)``.
PositionLike = str | tuple[int, int]
#: A day: a :class:`datetime.date` or ``"YYYY-MM-DD"``.
DayLike = date | str
#: A file: a path as text or a :class:`os.PathLike`.
PathLike = str | os.PathLike[str]
#: An amount of money: a :class:`~decimal.Decimal`, an ``int`` or text (``"1500.50"``).
AmountLike = Decimal | int | str


class DataWarning(UserWarning):
    """What the CLI says as ``warning:`` on stderr, e.g. a payroll month past the data's
    ``reviewed_until``: issued with :func:`warnings.warn`, so it can be filtered or raised."""


class RowRejected(UsageError):
    """A roster row that cannot be computed: ``line`` (its number in ``rows``, from 1),
    ``reason`` (the CLI's ``row N: reason``) and ``row`` (its values as text)."""

    exit_code = ExitCode.REJECTED_ROWS

    def __init__(self, line: int, reason: str, row: Mapping[str, str]) -> None:
        self.line = line
        self.reason = reason
        self.row = dict(row)
        super().__init__(f"row {line}: {reason}")


# --------------------------------------------------------------------------- results


def _json_ready(value: Any) -> Any:
    """A record with dates as ISO text, tuples as lists and fresh dicts: what ``json.loads``
    of the CLI's output gives (with ``parse_float=Decimal``)."""
    if isinstance(value, Mapping):
        return {str(key): _json_ready(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_json_ready(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def _frozen_amounts(amounts: Mapping[str, Decimal]) -> Mapping[str, Decimal]:
    return MappingProxyType(dict(amounts))


class _Result:
    """Shared by every result: the record it was built from, as dict and as JSON."""

    _record: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        """The object the CLI prints with ``--format json``, as Python values: amounts as
        ``Decimal``, days as ``YYYY-MM-DD`` text; a new dict every call."""
        found: dict[str, Any] = _json_ready(self._record)
        return found

    def to_json(self) -> str:
        """The CLI's ``--format json`` text (exact numbers, ending in a newline)."""
        from salesgrid.output import render

        return render.json_one(self._record)


@dataclass(frozen=True)
class Pay(_Result):
    """The monthly pay at one position (``salesgrid pay``)."""

    framework: str  #: the framework id, e.g. ``sales-management``
    position: str  #: ``L.S``
    level: int
    step: int
    basis: str  #: ``monthly_net``
    currency: str  #: the currency of ``amount``: the grid's, or the one asked for
    amount: Decimal
    amounts: Mapping[str, Decimal]  #: every currency, the grid's first
    in_force_from: date  #: the day the grid version used came into force
    _record: dict[str, Any] = field(repr=False, compare=False)

    @classmethod
    def _of(cls, record: dict[str, Any]) -> Pay:
        return cls(
            record["framework"], record["position"], record["level"], record["step"],
            record["basis"], record["currency"], record["amount"],
            _frozen_amounts(record["amounts"]), record["in_force_from"], record,
        )  # fmt: skip


@dataclass(frozen=True)
class Location(_Result):
    """Where an amount sits on a framework's grid (``salesgrid locate``): the position paying
    exactly ``amount``, else the nearest position below and the nearest above."""

    framework: str  #: the framework id
    amount: Decimal  #: the amount located, in ``currency``
    currency: str  #: the framework's own, or the one asked for
    exact: str | None  #: ``L.S`` of the position paying exactly ``amount`` (the lower of equals)
    below: Pay | None  #: the highest pay under ``amount`` (None: under the lowest pay)
    above: Pay | None  #: the lowest pay over ``amount`` (None: over the highest pay)
    same: tuple[str, ...]  #: further positions paying exactly ``amount`` (not in the JSON)
    _record: dict[str, Any] = field(repr=False, compare=False)

    @property
    def outside(self) -> bool:
        """True when ``amount`` is under the lowest pay or over the highest (CLI exit 3)."""
        return self.exact is None and (self.below is None or self.above is None)

    def difference(self, pay: Pay) -> Decimal:
        """``pay.amount`` minus ``amount``: what the CLI prints as DIFFERENCE."""
        return pay.amount - self.amount

    @classmethod
    def _of(cls, record: dict[str, Any], same: tuple[str, ...]) -> Location:
        below, above = record["below"], record["above"]
        return cls(
            record["framework"], record["amount"], record["currency"], record["exact"],
            None if below is None else Pay._of(below), None if above is None else Pay._of(above),
            same, record,
        )  # fmt: skip


@dataclass(frozen=True)
class Landing:
    """Where a Level Up (or a lateral move) lands, by which rule, and why."""

    position: str
    rule: str
    reason: str


@dataclass(frozen=True)
class RuleResult:
    """One eligibility rule, passed or failed, with its reason and source."""

    id: str
    passed: bool
    reason: str
    source: str


@dataclass(frozen=True)
class ReviewWarning:
    """A warning from the review (never blocks a move)."""

    id: str
    message: str
    source: str


@dataclass(frozen=True)
class Move(_Result):
    """One move (``kind``: ``step_up``, ``level_up``, ``skip``, ``lateral`` or ``down``)."""

    kind: str
    to: Pay
    delta: Mapping[str, Decimal]  #: after minus before, per currency
    delta_pct: Decimal  #: percent of the pay before, half up to 0.01
    annual_delta: Mapping[str, Decimal]  #: ``delta`` x 12
    warnings: tuple[str, ...]  #: the move's warnings, then the review's
    landing: Landing | None
    eligible: bool | None  #: None without an assessment
    rules: tuple[RuleResult, ...]
    review_warnings: tuple[ReviewWarning, ...]
    explain: tuple[str, ...]  #: with ``explain=True``: every number with its rule and key
    _record: dict[str, Any] = field(repr=False, compare=False)

    @classmethod
    def _of(cls, record: dict[str, Any]) -> Move:
        landing = record.get("landing")
        return cls(
            record["kind"],
            Pay._of(record["to"]),
            _frozen_amounts(record["delta"]),
            record["delta_pct"],
            _frozen_amounts(record["annual_delta"]),
            tuple(record["warnings"]),
            None if landing is None else Landing(**landing),
            record.get("eligible"),
            tuple(RuleResult(**rule) for rule in record.get("rules", ())),
            tuple(ReviewWarning(**w) for w in record.get("review_warnings", ())),
            tuple(record.get("explain", ())),
            record,
        )


@dataclass(frozen=True)
class Promotion(_Result):
    """What a Step Up, Level Up or asked-for move means (``salesgrid promote``)."""

    start: Pay  #: the position now (``from`` in the JSON)
    moves: tuple[Move, ...]
    notes: tuple[str, ...]  #: e.g. no Step Up from a level's top step
    employee: str | None  #: the assessment's ``employee``, if any
    _record: dict[str, Any] = field(repr=False, compare=False)

    @property
    def eligible(self) -> bool | None:
        """What ``promote --check`` checks: the first move's verdict (the move asked for,
        else the Step Up, else the Level Up); None without an assessment or a move."""
        return self.moves[0].eligible if self.moves else None

    @classmethod
    def _of(cls, record: dict[str, Any]) -> Promotion:
        return cls(
            Pay._of(record["from"]),
            tuple(Move._of(move) for move in record["moves"]),
            tuple(record["notes"]),
            record.get("employee"),
            record,
        )


@dataclass(frozen=True)
class Payroll(_Result):
    """One month's Bulgarian payroll for one gross pay (``salesgrid payroll net|gross``),
    every figure in ``currency`` with two decimals."""

    month: str  #: ``YYYY-MM``
    currency: str
    cohort: str  #: ``born_1960_or_later`` or ``born_before_1960``
    gross: Decimal
    insurable_income: Decimal
    employee_contributions: Decimal
    taxable_income: Decimal
    income_tax: Decimal
    net: Decimal
    employer_contributions: Decimal
    employer_cost: Decimal
    employee_funds: Mapping[str, Decimal]
    employer_funds: Mapping[str, Decimal]
    work_accident_percent: Decimal
    source: str
    _record: dict[str, Any] = field(repr=False, compare=False)

    @classmethod
    def _of(cls, record: dict[str, Any]) -> Payroll:
        r = record
        return cls(
            r["month"], r["currency"], r["cohort"], r["gross"], r["insurable_income"],
            r["employee_contributions"], r["taxable_income"], r["income_tax"], r["net"],
            r["employer_contributions"], r["employer_cost"], _frozen_amounts(r["employee_funds"]),
            _frozen_amounts(r["employer_funds"]), r["work_accident_percent"], r["source"], r,
        )  # fmt: skip


# --------------------------------------------------------------------------- reading arguments

_MONTH = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")


def _type_error(what: str, value: Any, expected: str) -> TypeError:
    return TypeError(f"{what}: expected {expected}, got {type(value).__name__} ({value!r:.60})")


def _day(value: DayLike | None, what: str = "as_of") -> date:
    if value is None:
        return date.today()
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        from salesgrid.core.days import parse_day

        return parse_day(value, what)
    raise _type_error(what, value, "a date or 'YYYY-MM-DD'")


def _month(value: str | date | None) -> str:
    if value is None:
        return date.today().strftime("%Y-%m")
    if isinstance(value, date):
        return f"{value.year:04d}-{value.month:02d}"
    if isinstance(value, str):
        if not _MONTH.fullmatch(value.strip()):
            raise UsageError(f"month {value!r} is not a month: write YYYY-MM, e.g. 2026-09")
        return value.strip()
    raise _type_error("month", value, "'YYYY-MM' or a date")


def _position(value: PositionLike, what: str = "position") -> Position:
    from salesgrid.core.positions import Position, parse_position

    if isinstance(value, str):
        return parse_position(value)
    if isinstance(value, tuple | list) and len(value) == 2:
        numbers = []
        for name, number in zip(("level", "step"), value, strict=True):
            if isinstance(number, bool) or not isinstance(number, int):
                raise _type_error(f"{what} {name}", number, "an int")
            if not 1 <= number <= 999_999:
                raise UsageError(
                    f"{what} {name} {number} is not a whole number from 1 to 999999 (e.g. 2)"
                )
            numbers.append(number)
        return Position(numbers[0], numbers[1])
    raise _type_error(what, value, "'L.S' text such as '2.3', or a (level, step) tuple")


def _amount(value: AmountLike | None, what: str, example: str = "1500.50") -> Decimal | None:
    """Money in: the CLI's one amount rule for text; a Decimal or int by the same limits
    (not negative, at most two decimals, at most 1,000,000,000). A float is refused."""
    from salesgrid.core import money

    if value is None:
        return None
    if isinstance(value, str):
        return money.parse_amount(value, what, example=example).value
    if isinstance(value, float):
        raise TypeError(
            f"{what}: a float cannot hold every cent exactly: pass Decimal({str(value)!r}) "
            f"or the text {str(value)!r}"
        )
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise _type_error(what, value, "a Decimal, an int or text such as '1500.50'")
    amount = Decimal(value)
    if not amount.is_finite():
        raise UsageError(f"{what} {amount} is not an amount: give a finite number")
    if amount < 0:
        raise UsageError(f"{what} {amount}: amounts cannot be negative")
    amount = amount.copy_abs()  # Decimal("-0") is zero, not "-0.00" in every figure
    if amount > money.MAX_AMOUNT:
        raise UsageError(
            f"{what} {amount} is more than {money.MAX_AMOUNT:,}: it is at most "
            f"{money.MAX_AMOUNT} (a longer number is a typing mistake)"
        )
    if amount != amount.quantize(money.CENT):
        raise UsageError(f"{what} {amount} has more than 2 decimals: give whole cents")
    return amount


def _text(value: str | None, what: str) -> str | None:
    """An id or a currency: text or None (another type is a TypeError, not an AttributeError).
    Empty text is refused, as on the command line: None, not "", asks for the default."""
    if value is None:
        return value
    if not isinstance(value, str):
        raise _type_error(what, value, "text or None")
    if not value.strip():
        raise UsageError(f"{what} {value!r} is empty: give one, or None for the default")
    return value


def _path(value: PathLike, what: str) -> Path:
    if isinstance(value, str | os.PathLike):
        return Path(value)
    raise _type_error(what, value, "a path")


def _layers(add_grid: PathLike | Sequence[PathLike]) -> tuple[Path, ...]:
    """``add_grid``: one path or a sequence of them (``--add-grid``, in order)."""
    if isinstance(add_grid, str | os.PathLike):
        return (_path(add_grid, "add_grid"),)
    if not isinstance(add_grid, Sequence):
        raise _type_error("add_grid", add_grid, "a path or a list of paths")
    return tuple(_path(p, "add_grid") for p in add_grid)


def load_grid(
    path: PathLike | None = None, *, add_grid: PathLike | Sequence[PathLike] = ()
) -> GridFile:
    """Load and check a grid file (None: the packaged one), as ``--grid`` does, with the
    layer files of ``add_grid`` merged on top in order, as ``--add-grid`` does.

    The result can be passed as ``grid=`` to every function, so a script that calls the API
    many times reads the file once (files are also cached by path, size and time).

    >>> grid = load_grid()
    >>> grid.default_framework
    'sales-management'
    >>> [fw.id for fw in grid.frameworks][:2]
    ['sales-management', 'strategic-human-resources-management']

    Raises :class:`DataFileError` (every problem, with file and line) for a file that
    cannot be used.
    """
    from salesgrid.files.layers import load_grid_set

    base = None if path is None else _path(path, "path")
    return load_grid_set(base, _layers(add_grid)).grid


def framework_files(
    path: PathLike | None = None, *, add_grid: PathLike | Sequence[PathLike] = ()
) -> dict[str, str]:
    """The file each framework of the grid in use came from, as ``salesgrid frameworks``
    shows it (``"(packaged) grid.yaml"`` for the packaged grid).

    >>> framework_files(add_grid="examples/company-layer.yaml")["partner-sales-management"]
    'examples/company-layer.yaml'
    """
    from salesgrid.files.layers import load_grid_set

    base = None if path is None else _path(path, "path")
    return dict(load_grid_set(base, _layers(add_grid)).framework_files)


def load_competencies(path: PathLike | None = None) -> CompetenciesFile:
    """Load and check a competency file (None: the packaged one), as ``--competencies`` does.

    >>> len(load_competencies().statements)
    159
    """
    from salesgrid.files import loader

    return loader.load_competencies(None if path is None else _path(path, "path"))


def criteria(
    framework: str | None = None,
    *,
    as_of: DayLike | None = None,
    grid: PathLike | GridFile | None = None,
    add_grid: PathLike | Sequence[PathLike] = (),
    competencies: PathLike | CompetenciesFile | None = None,
    format: str | None = None,
) -> Any:
    """The published pay and progression criteria (``salesgrid criteria``, Directive 2023/970
    Art. 6): the grid version in force on ``as_of`` (None: today) for ``framework`` (None: the
    grid's default), the Step Up and Level Up rules with their thresholds, the time rules, the
    landing rule and the competency statements by level, from ``grid`` and ``competencies``
    (paths or loaded files; None: the packaged ones).

    With ``format`` None, the structure as a dict (the JSON of ``--format json``, amounts as
    Decimal); with ``"markdown"``, ``"html"`` or ``"json"``, the text the command writes.

    >>> found = criteria(as_of="2026-11-22")
    >>> found["grid"]["in_force_from"], found["grid"]["levels"][1]["steps"][2]["EUR"]
    ('2021-11-01', Decimal('2783.99'))
    >>> [rule["id"] for rule in found["rules"]][:3]
    ['chart', 'realm', 'opportunity_finding']
    >>> criteria(as_of="2026-11-22", format="markdown").splitlines()[0]
    '# Pay and progression criteria: Sales Management'
    """
    from salesgrid.core.criteria import criteria as build
    from salesgrid.output import criteriaout

    renderers = {
        "markdown": criteriaout.criteria_markdown,
        "html": criteriaout.criteria_html,
        "json": criteriaout.criteria_json,
    }
    if format is not None and format not in renderers:
        raise UsageError(f"format {format!r}: give markdown, html, json or None (a dict)")
    framework = _text(framework, "framework")
    doc = build(_grid(grid, add_grid), _competencies(competencies), framework, _day(as_of))
    return doc if format is None else renderers[format](doc)


def export_grid(
    grid: PathLike | GridFile | None = None, add_grid: PathLike | Sequence[PathLike] = ()
) -> str:
    """The grid as the text of a commented grid file to edit (``salesgrid grid --export``):
    every framework and version, written so that it loads back as an equal grid.

    ``grid`` is a path or :func:`load_grid`'s result (None: the packaged grid), ``add_grid``
    layer files on top of it, as for :func:`load_grid`; the header and a comment above each
    framework (and above a version a layer appended) name the file it came from.

    >>> text = export_grid("examples/company-grid.yaml")
    >>> text.splitlines()[-1]
    '          3: [4300, 4700, "5150.50"]'
    """
    from salesgrid import __version__
    from salesgrid.core.models import GridFile
    from salesgrid.files.export import export_grid as export
    from salesgrid.files.layers import load_grid_set

    if isinstance(grid, GridFile):
        return export(_grid(grid, add_grid), None, __version__)
    base = None if grid is None else _path(grid, "grid")
    found = load_grid_set(base, _layers(add_grid))
    return export(found.grid, found.framework_files, __version__, found.version_files)


def _grid(
    grid: PathLike | GridFile | None, add_grid: PathLike | Sequence[PathLike] = ()
) -> GridFile:
    from salesgrid.core.models import GridFile

    if isinstance(grid, GridFile):
        if _layers(add_grid):
            raise UsageError("add_grid layers a grid file: give grid as a path (or None), or "
                             "pass load_grid(path, add_grid=...) as grid")  # fmt: skip
        return grid
    if grid is not None and not isinstance(grid, str | os.PathLike):
        raise _type_error("grid", grid, "a path or a grid from load_grid()")
    return load_grid(grid, add_grid=add_grid)


def _chart_gap_warner(
    competencies: PathLike | CompetenciesFile | None, stacklevel: int
) -> Callable[[str], None]:
    """A :class:`DataWarning` per missing chart minimum, as the CLI's ``warning:`` line."""
    from salesgrid.core.eligibility import chart_gap_warning
    from salesgrid.files.loader import packaged_name

    if competencies is None:
        name = packaged_name("competencies")
    elif isinstance(competencies, str | os.PathLike):
        name = str(competencies)
    else:
        name = "the competency file"

    def warn(key: str) -> None:
        warnings.warn(chart_gap_warning(key, name), DataWarning, stacklevel=stacklevel)

    return warn


def _competencies(competencies: PathLike | CompetenciesFile | None) -> CompetenciesFile:
    from salesgrid.core.competencies import CompetenciesFile

    if isinstance(competencies, CompetenciesFile):
        return competencies
    if competencies is not None and not isinstance(competencies, str | os.PathLike):
        raise _type_error("competencies", competencies, "a path or load_competencies()'s result")
    return load_competencies(competencies)


# --------------------------------------------------------------------------- pay and promote


def pay(
    position: PositionLike,
    *,
    framework: str | None = None,
    as_of: DayLike | None = None,
    grid: PathLike | GridFile | None = None,
    add_grid: PathLike | Sequence[PathLike] = (),
    currency: str | None = None,
) -> Pay:
    """The monthly net pay at ``position`` (``salesgrid pay``).

    ``position`` is ``"2.3"`` or ``(2, 3)``; ``framework`` an id (None: the grid's default);
    ``as_of`` the day whose grid applies (None: today); ``grid`` a path or :func:`load_grid`'s
    result (None: the packaged grid), ``add_grid`` layer files on top (``--add-grid``);
    ``currency`` the currency of ``amount`` (None: the grid's own). Raises :class:`UsageError`
    for a malformed position, day or currency and :class:`NotFoundError` for a framework,
    position or day the data does not have.

    >>> cell = pay("2.3", as_of="2026-11-22", currency="EUR")
    >>> cell.amount, cell.currency, cell.in_force_from
    (Decimal('2783.99'), 'EUR', datetime.date(2021, 11, 1))
    >>> cell.to_dict()["in_force_from"]
    '2021-11-01'
    >>> pay("5.1", as_of="2026-11-22")
    Traceback (most recent call last):
    ...
    salesgrid.errors.NotFoundError: position 5.1 is not in Sales Management: it has levels 1-4
    """
    from salesgrid.core.conversion import check_currency
    from salesgrid.core.pay import pay as pay_at
    from salesgrid.output import render

    where = _position(position)
    framework, currency = _text(framework, "framework"), _text(currency, "currency")
    day = _day(as_of)
    data = _grid(grid, add_grid)
    chosen = check_currency(data, currency)
    return Pay._of(render.pay_record(pay_at(data, framework, where, day), chosen))


def locate(
    amount: AmountLike,
    *,
    framework: str | None = None,
    as_of: DayLike | None = None,
    grid: PathLike | GridFile | None = None,
    add_grid: PathLike | Sequence[PathLike] = (),
    currency: str | None = None,
) -> Location:
    """The position paying exactly ``amount``, else the nearest below and above (``salesgrid
    locate AMOUNT``).

    ``amount`` is money in (text by the command line's rule, a Decimal or an int), more than 0,
    in ``currency`` (None: the framework's own; ``"EUR"`` compares with the grid's euro amounts
    as the conversion rule gives them). Raises :class:`UsageError` for a malformed or zero
    amount, day or currency and :class:`NotFoundError` for a framework or day the data does not
    have; an amount past the grid is not an error: ``below`` or ``above`` is None.

    >>> locate("5445", as_of="2026-11-22").exact
    '2.3'
    >>> found = locate(5000, as_of="2026-11-22")
    >>> found.exact, found.below.position, found.difference(found.below), found.above.position
    (None, '2.2', Decimal('-355'), '2.3')
    >>> locate("926.47", currency="EUR", as_of="2026-11-22").exact
    '1.1'
    """
    from salesgrid.core.conversion import check_currency
    from salesgrid.core.locate import locate_amount
    from salesgrid.output import render

    value = _amount(amount, "amount", example="5000.50")
    if value is None:
        raise _type_error("amount", amount, "a Decimal, an int or text such as '5000.50'")
    framework, currency = _text(framework, "framework"), _text(currency, "currency")
    day = _day(as_of)
    data = _grid(grid, add_grid)
    found = locate_amount(data, framework, value, check_currency(data, currency), day)
    same = tuple(str(cell.position) for cell in found.same)
    return Location._of(render.locate_record(found), same)


def _assessment(
    value: PathLike | Mapping[str, Any], grid: GridFile, comp: CompetenciesFile, day: date
) -> Any:
    from salesgrid.files import loader

    if isinstance(value, Mapping):
        from salesgrid.files.linemap import LineMap

        return loader.check_assessment(dict(value), "(assessment)", LineMap(), grid, comp, day)
    return loader.load_assessment(_path(value, "assessment"), grid, comp, day)


def promote(
    position: PositionLike | None = None,
    *,
    to: PositionLike | None = None,
    to_framework: str | None = None,
    framework: str | None = None,
    assessment: PathLike | Mapping[str, Any] | None = None,
    as_of: DayLike | None = None,
    grid: PathLike | GridFile | None = None,
    add_grid: PathLike | Sequence[PathLike] = (),
    competencies: PathLike | CompetenciesFile | None = None,
    currency: str | None = None,
    explain: bool = False,
) -> Promotion:
    """What a Step Up or Level Up from ``position`` means, and with an ``assessment``
    whether the person is eligible (``salesgrid promote``).

    ``to`` asks about any target (a skip is flagged, a lower position is ``down``);
    ``to_framework`` about a move into another framework. ``assessment`` is a file (YAML or
    JSON) or a mapping with the same fields (``examples/assessment.yaml``), checked as the
    file would be (problems raise :class:`DataFileError`); ``position`` then defaults to
    its position and ``framework`` to its framework. ``explain`` adds every number's rule
    and data key to each move.

    >>> moves = promote("1.4", as_of="2026-11-22")
    >>> [(m.kind, m.to.position, m.delta["BGN"]) for m in moves.moves]
    [('level_up', '2.1', Decimal('533'))]
    >>> moves.notes[0]
    '1.4 is the top step of level 1: no Step Up; the way on is a Level Up'
    >>> review = promote(assessment="examples/assessment.yaml", as_of="2026-11-22")
    >>> [(m.kind, m.eligible) for m in review.moves], review.eligible
    ([('step_up', True), ('level_up', False)], True)
    """
    from salesgrid.core.conversion import check_currency
    from salesgrid.core.positions import parse_position
    from salesgrid.core.promotion import consider
    from salesgrid.output import render

    start_at = None if position is None else _position(position)
    target_at = None if to is None else _position(to, "to")
    framework, currency = _text(framework, "framework"), _text(currency, "currency")
    to_framework = _text(to_framework, "to_framework")
    day = _day(as_of)
    data = _grid(grid, add_grid)
    chosen = check_currency(data, currency)
    comp = _competencies(competencies)
    review = None
    if assessment is not None:
        review = _assessment(assessment, data, comp, day)
        own = parse_position(review.position)
        if start_at is not None and start_at != own:
            raise UsageError(
                f"position {start_at} disagrees with the assessment's position {own}: "
                "leave out position or correct the assessment"
            )
        start_at = own
        if review.framework is not None:
            if framework is not None and framework != review.framework:
                raise UsageError(
                    f"framework {framework} disagrees with the assessment's framework "
                    f"{review.framework}: leave out framework or correct the assessment"
                )
            framework = review.framework
    if start_at is None:
        raise UsageError("give a position (the position now) or an assessment")
    result, verdicts = consider(
        data, comp, framework, start_at, day, target_at, to_framework, review
    )
    if verdicts:
        from salesgrid.core.eligibility import chart_gaps

        warn = _chart_gap_warner(competencies, stacklevel=3)
        for key in chart_gaps(comp.rules, [move.target.position for move in result.moves]):
            warn(key)
    employee = review.employee if review is not None else None
    return Promotion._of(render.promote_record(result, chosen, verdicts, explain, employee))


# --------------------------------------------------------------------------- payroll


def _payroll_figures(
    payroll: PathLike | None, month: str | date | None, before_1960: bool, rate: AmountLike | None
) -> tuple[PayrollFile, str, Any, Decimal | None]:
    from salesgrid.core.payroll import beyond_review, period_for
    from salesgrid.files.loader import load_payroll

    chosen = _month(month)
    percent = _amount(rate, "work_accident_rate", "0.5")
    data = load_payroll(None if payroll is None else _path(payroll, "payroll"))
    period_for(data, chosen)  # a month before the first period: NotFoundError, no warning
    warning = beyond_review(data, chosen)
    if warning is not None:
        warnings.warn(warning, DataWarning, stacklevel=4)
    cohort = "born_before_1960" if before_1960 else "born_1960_or_later"
    return data, chosen, cohort, percent


def _payroll(b: Breakdown) -> Payroll:
    from salesgrid.output import render

    return Payroll._of(render.payroll_record(b))


def payroll_net(
    gross: AmountLike,
    month: str | date | None = None,
    *,
    born_before_1960: bool = False,
    work_accident_rate: AmountLike | None = None,
    payroll: PathLike | None = None,
) -> Payroll:
    """Gross to net for one month (``salesgrid payroll net GROSS --month M``).

    ``gross`` is a Decimal, an int or text by the CLI's amount rule (``"1500.50"``,
    ``"1500,50"``; a float is a TypeError); ``month`` ``"YYYY-MM"`` or a date (None: this
    month); ``work_accident_rate`` in percent (None: the data's default, 0.4); ``payroll``
    a payroll file (None: the packaged one). A month past the data's ``reviewed_until`` issues
    a :class:`DataWarning`; one before its first period raises :class:`NotFoundError`. A
    ``gross`` of 0 is :class:`UsageError` (not a pay); one below the month's minimum wage
    issues a :class:`DataWarning`.

    >>> b = payroll_net(Decimal("3000"), "2026-09")
    >>> b.net, b.income_tax, b.employer_cost, b.currency
    (Decimal('2414.75'), Decimal('268.31'), Decimal('3435.16'), 'EUR')
    """
    from salesgrid.core.payroll import net_of

    amount = _pay(gross, "gross", "3000")
    data, chosen, cohort, rate = _payroll_figures(payroll, month, born_before_1960,
                                                  work_accident_rate)  # fmt: skip
    b = net_of(data, chosen, amount, cohort, rate)
    _minimum_wage_warning(data, chosen, b.gross, f"gross {amount}")
    return _payroll(b)


def payroll_gross(
    net: AmountLike,
    month: str | date | None = None,
    *,
    born_before_1960: bool = False,
    work_accident_rate: AmountLike | None = None,
    payroll: PathLike | None = None,
) -> Payroll:
    """Net to gross (``salesgrid payroll gross NET --month M``): the smallest gross in cents
    whose net is exactly ``net``; :class:`NotFoundError` when no cent amount gives it.
    Arguments as :func:`payroll_net`.

    >>> payroll_gross("1500", "2026-03").gross
    Decimal('1933.04')
    """
    from salesgrid.core.payroll import gross_for

    amount = _pay(net, "net", "1500")
    data, chosen, cohort, rate = _payroll_figures(payroll, month, born_before_1960,
                                                  work_accident_rate)  # fmt: skip
    b = gross_for(data, chosen, amount, cohort, rate)
    _minimum_wage_warning(data, chosen, b.gross, f"the gross {b.gross} of net {amount}")
    return _payroll(b)


def _pay(value: AmountLike, what: str, example: str) -> Decimal:
    """A pay argument: an amount (the CLI's rule), more than 0."""
    from salesgrid.core.money import require_pay

    amount = _amount(value, what)
    assert amount is not None
    return require_pay(amount, what, f"the monthly {what} pay", example)


def _minimum_wage_warning(data: PayrollFile, month: str, gross: Decimal, what: str) -> None:
    from salesgrid.core.plausible import payroll_warning

    warning = payroll_warning(data, month, gross, what)
    if warning is not None:
        warnings.warn(warning, DataWarning, stacklevel=4)


def net(
    gross: AmountLike,
    month: str | date | None = None,
    *,
    born_before_1960: bool = False,
    work_accident_rate: AmountLike | None = None,
    payroll: PathLike | None = None,
) -> Decimal:
    """The net pay for a gross pay: :func:`payroll_net`'s ``net``.

    >>> net(Decimal("3000"), "2026-09")
    Decimal('2414.75')
    """
    return payroll_net(
        gross, month, born_before_1960=born_before_1960, work_accident_rate=work_accident_rate,
        payroll=payroll,
    ).net  # fmt: skip


def gross(
    net: AmountLike,
    month: str | date | None = None,
    *,
    born_before_1960: bool = False,
    work_accident_rate: AmountLike | None = None,
    payroll: PathLike | None = None,
) -> Decimal:
    """The gross pay that yields a net pay: :func:`payroll_gross`'s ``gross``.

    >>> gross(Decimal("2500"), "2026-09")
    Decimal('3094.72')
    """
    return payroll_gross(
        net, month, born_before_1960=born_before_1960, work_accident_rate=work_accident_rate,
        payroll=payroll,
    ).gross  # fmt: skip


# --------------------------------------------------------------------------- roster

OnReject = Literal["raise", "skip"] | Callable[[RowRejected], object]
#: Rows handed to the core at a time: records come out as each batch is done, and memory
#: stays flat whatever the number of rows.
_BATCH = 1000


def roster(
    rows: Iterable[Mapping[str, Any]],
    *,
    framework: str | None = None,
    as_of: DayLike | None = None,
    grid: PathLike | GridFile | None = None,
    add_grid: PathLike | Sequence[PathLike] = (),
    competencies: PathLike | CompetenciesFile | None = None,
    on_reject: OnReject = "raise",
    ignore_unknown_columns: bool = False,
    actual_currency: str | None = None,
    payroll: PathLike | None = None,
) -> Iterator[dict[str, Any]]:
    """Pay, next moves and eligibility for every row (``salesgrid roster``), streamed.

    ``rows`` are mappings with the roster's columns (``employee_id``, ``framework``,
    ``position`` or ``level`` and ``step``, and optionally the assessment columns and
    ``actual_pay``/``actual_currency``, whose currency defaults to ``actual_currency``, else
    the framework's: then the records add ``gap``, ``compa_ratio``, ...), such as
    ``df.to_dict("records")`` or a ``csv.DictReader``; the first row's keys are the header.
    Yields one dict per accepted row with the CSV output columns, typed as ``--format
    jsonl`` writes them: amounts ``Decimal``, ``eligible_*`` ``bool``, an empty value None
    (``failing_rules`` is ``""`` when nothing fails). A row whose ``employee_id`` an earlier
    accepted row has is rejected (``E-1 also on line 2``).

    With ``actual_pay``, the rows written with a pay below the minimum wage of ``as_of``'s
    month, or a compa-ratio outside the plausible band, are said at the end as one
    :class:`DataWarning` per kind, as the CLI's warning lines (``payroll``: the payroll file
    they come from; None: the packaged one).

    A row that cannot be computed is a :class:`RowRejected` (``line`` counts rows from 1):
    ``on_reject="raise"`` (the default) raises it, after the records of the rows before;
    ``"skip"`` drops the row; a callable is called with it and the run goes on. A header
    that cannot be used (no ``employee_id``, an unknown column unless
    ``ignore_unknown_columns``) raises :class:`UsageError` before any row.

    >>> rows = [{"employee_id": "E-1", "position": "2.3"},
    ...         {"employee_id": "E-2", "position": "9.9"}]
    >>> found = list(roster(rows, as_of="2026-11-22", on_reject="skip"))
    >>> [(r["employee_id"], r["pay_bgn"], r["pay_eur"], r["next_level"]) for r in found]
    [('E-1', Decimal('5445'), Decimal('2783.99'), '3.1')]
    >>> next(roster(rows[1:], as_of="2026-11-22"))
    Traceback (most recent call last):
    ...
    salesgrid.api.RowRejected: row 1: position 9.9 is not in Sales Management: it has levels 1-4
    """
    framework = _text(framework, "framework")
    actual_currency = _text(actual_currency, "actual_currency")
    day = _day(as_of)
    data = _grid(grid, add_grid)
    comp = _competencies(competencies)
    path = None if payroll is None else _path(payroll, "payroll")

    def checks() -> Any:
        from salesgrid.batch.actualpay import run_checks
        from salesgrid.files.loader import load_payroll

        return run_checks(None, lambda: load_payroll(path), day)

    gap = _chart_gap_warner(competencies, stacklevel=6)
    return _roster_records(rows, on_reject, data, comp, day, framework, ignore_unknown_columns,
                           None, actual_currency, gap, None, checks)  # fmt: skip


def _roster_records(
    rows: Iterable[Mapping[str, Any]], on_reject: OnReject, *spec_args: Any, **spec_kwargs: Any
) -> Iterator[dict[str, Any]]:
    """The records of ``rows``, read by a :class:`~salesgrid.batch.roster.RosterSpec` of
    these arguments but the header."""
    if not (on_reject in ("raise", "skip") or callable(on_reject)):
        raise _type_error("on_reject", on_reject, "'raise', 'skip' or a callable")
    from salesgrid.batch.mappings import mapping_rows
    from salesgrid.batch.readcolumns import ReadColumns
    from salesgrid.batch.spec import RosterSpec

    told = ReadColumns()
    read = mapping_rows(rows, told)
    if read is None:
        return iter(())
    header, numbered = read
    try:
        spec = RosterSpec(header, *spec_args, **spec_kwargs)
    except UsageError as exc:
        text = str(exc).replace("--ignore-unknown-columns", "ignore_unknown_columns=True")
        raise UsageError(text.replace("--actual-currency", "actual_currency=")) from None
    told.read = spec.read_columns  # a value in a column the spec never reads rejects no row
    return _records(spec, numbered, on_reject)


def paygap(
    rows: Iterable[Mapping[str, Any]],
    *,
    year: int | None = None,
    hours: AmountLike | None = None,
    min_group: int = 3,
    employee: str | None = None,
    framework: str | None = None,
    as_of: DayLike | None = None,
    grid: PathLike | GridFile | None = None,
    add_grid: PathLike | Sequence[PathLike] = (),
    payroll: PathLike | None = None,
    on_reject: OnReject = "raise",
    ignore_unknown_columns: bool = False,
    actual_currency: str | None = None,
) -> dict[str, Any]:
    """The gender pay gap report of a roster (``salesgrid paygap FILE --format json``), or with
    ``employee`` one worker's answer (``--employee ID``): the same dict, exact ``Decimal``
    figures and ``None`` for null.

    ``rows`` are mappings with paygap's columns (``employee_id``, ``framework``, ``position``
    or ``level`` and ``step``, ``sex``, ``hours_per_week``, ``months_worked``, ``actual_pay``,
    ``actual_currency``, ``gross_annual``, ``variable_pay``, ``category``). A rejected row is a
    :class:`RowRejected`: ``on_reject="raise"`` (the default) raises it, ``"skip"`` leaves it
    out, a callable is called with it. ``year`` defaults to the last full year of the payroll
    data (a year outside it is :class:`~salesgrid.errors.NotFoundError`); ``hours`` (full time,
    the default hours a week) to 40. ``min_group`` (``--min-group``, default 3) withholds every
    figure over fewer women or men. What the CLI warns about (a full-timer below the minimum
    wage, sex values not recognised) is a :class:`DataWarning`.

    >>> rows = [{"employee_id": "F1", "position": "1.1", "sex": "F", "gross_annual": 41600},
    ...         {"employee_id": "M1", "position": "1.1", "sex": "M", "gross_annual": 52000}]
    >>> paygap(rows, year=2026, min_group=1)["mean_gap_pct"]
    Decimal('20.00')
    >>> paygap(rows, year=2026)["withheld"]
    True
    >>> paygap(rows, employee="F1")["hourly"]
    Decimal('20.00')
    """
    from salesgrid.batch.mappings import mapping_rows
    from salesgrid.batch.paygap import PaygapSpec, read_workers, warning_lines
    from salesgrid.batch.readcolumns import ReadColumns
    from salesgrid.batch.rows import NumberedSource, Rejected
    from salesgrid.core import paygap as core
    from salesgrid.files.loader import load_payroll

    if not (on_reject in ("raise", "skip") or callable(on_reject)):
        raise _type_error("on_reject", on_reject, "'raise', 'skip' or a callable")
    if isinstance(min_group, bool) or not isinstance(min_group, int) or min_group < 1:
        raise UsageError(f"min_group {min_group!r} is not a whole number from 1")
    full_time = _amount(hours, "hours", "37.5")
    if full_time is not None and not 0 < full_time <= 168:
        raise UsageError(f"hours {full_time} must be more than 0 and at most 168")
    data_payroll = load_payroll(None if payroll is None else _path(payroll, "payroll"))
    first, reviewed = data_payroll.periods[0].from_month, data_payroll.reviewed_until
    chosen = core.check_year(year, first, reviewed)
    day = _day(as_of) if as_of is not None else date(chosen, 12, 31)
    data = _grid(grid, add_grid)
    told = ReadColumns()
    read = mapping_rows(rows, told)
    header, numbered = read if read is not None else (["employee_id", "position", "sex"], iter(()))
    try:
        spec = PaygapSpec(header, data, data_payroll, chosen, day, _text(framework, "framework"),
                          full_time or core.DEFAULT_HOURS, _text(actual_currency,
                          "actual_currency"), ignore_unknown_columns)  # fmt: skip
    except UsageError as exc:
        text = str(exc).replace("--ignore-unknown-columns", "ignore_unknown_columns=True")
        raise UsageError(text.replace("--actual-currency", "actual_currency=")) from None

    def reject(event: Rejected) -> None:
        rejected = RowRejected(event.line, event.reason, event.row)
        if on_reject == "raise":
            raise rejected
        if callable(on_reject):
            on_reject(rejected)

    got = read_workers(spec, NumberedSource(numbered, read_columns=told), reject)
    for line in warning_lines(got):
        warnings.warn(line, DataWarning, stacklevel=2)
    if employee is not None:
        return core.employee_answer(got.workers, employee, min_group)
    method = core.method_text(chosen, got.currency, min_group, spec.method_basis())
    return core.report(got.workers, chosen, method, min_group)


def _records(
    spec: Any, numbered: Iterator[tuple[int, list[str]]], on_reject: OnReject
) -> Iterator[dict[str, Any]]:
    from salesgrid.batch.columns import JSON_KINDS
    from salesgrid.batch.roster import process
    from salesgrid.batch.rows import NumberedSource, Rejected
    from salesgrid.batch.summary import Summary

    fields = list(spec.fields)
    kinds = [JSON_KINDS.get(name, "str") for name in fields]
    events: list[Any] = []
    summary = Summary()
    strict = on_reject == "raise"
    while True:
        batch = [item for _, item in zip(range(_BATCH), numbered, strict=False)]
        if not batch:
            if summary.actual is not None:
                from salesgrid.batch.actualpay import warnings as said

                for _, text in said(summary.actual):
                    warnings.warn(text, DataWarning, stacklevel=2)
            return
        events.clear()
        process(spec, NumberedSource(iter(batch)), events.append, events.append, summary, strict)
        for event in events:
            if isinstance(event, Rejected):
                rejected = RowRejected(event.line, event.reason, event.row)
                if on_reject == "raise":
                    raise rejected
                if callable(on_reject):
                    on_reject(rejected)
                continue
            yield {
                name: _typed(kind, value)
                for name, kind, value in zip(fields, kinds, event, strict=True)
            }


def _typed(kind: str, value: str) -> Any:
    if kind == "str":
        return value
    if value == "":
        return None
    if kind == "num":
        return Decimal(value)
    if kind == "bool":
        return value == "true"
    return value


# --------------------------------------------------------------------------- diff


@dataclass(frozen=True)
class CellChange(_Result):
    """One position present in either grid (``diff``): pay before and after, per currency."""

    framework: str
    position: str  #: ``L.S``
    status: str  #: ``changed``, ``unchanged``, ``added`` or ``removed``
    old: Mapping[str, Decimal] | None  #: None when added
    new: Mapping[str, Decimal] | None  #: None when removed
    delta: Mapping[str, Decimal] | None  #: new - old; None when added or removed
    delta_pct: Decimal | None  #: in the framework's currency, half up to 0.01
    _record: dict[str, Any] = field(repr=False, compare=False)

    @classmethod
    def _of(cls, record: dict[str, Any]) -> CellChange:
        def frozen(key: str) -> Mapping[str, Decimal] | None:
            value = record[key]
            return None if value is None else _frozen_amounts(value)

        return cls(
            record["framework"], record["position"], record["status"], frozen("old"),
            frozen("new"), frozen("delta"), record["delta_pct"], record,
        )  # fmt: skip


@dataclass(frozen=True)
class LevelCost:
    """The cost of the change for the people at one framework's level."""

    framework: str
    level: int
    headcount: int
    monthly: Mapping[str, Decimal]
    annual: Mapping[str, Decimal]  #: monthly x 12


@dataclass(frozen=True)
class DiffCost:
    """The cost of the change for a roster: monthly = sum of people x delta, annual x 12.
    People at a position the new grid does not have count in ``headcount``, not in the cost."""

    headcount: int
    monthly: Mapping[str, Decimal]
    annual: Mapping[str, Decimal]
    levels: tuple[LevelCost, ...]


@dataclass(frozen=True)
class GridDiff(_Result):
    """What a grid change is (``salesgrid diff``): every position of both sides compared,
    and with a roster what it costs."""

    from_grid: str  #: the grid file shown, ``(packaged) grid.yaml`` or the path
    from_date: date
    to_grid: str
    to_date: date
    cells: tuple[CellChange, ...]
    roster: DiffCost | None
    _record: dict[str, Any] = field(repr=False, compare=False)

    @classmethod
    def _of(cls, record: dict[str, Any]) -> GridDiff:
        cost = record["roster"]
        roster = None
        if cost is not None:
            levels = tuple(
                LevelCost(r["framework"], r["level"], r["headcount"],
                          _frozen_amounts(r["monthly"]), _frozen_amounts(r["annual"]))
                for r in cost["levels"]
            )  # fmt: skip
            roster = DiffCost(cost["headcount"], _frozen_amounts(cost["monthly"]),
                              _frozen_amounts(cost["annual"]), levels)  # fmt: skip
        return cls(
            record["from"]["grid"], record["from"]["date"], record["to"]["grid"],
            record["to"]["date"], tuple(CellChange._of(c) for c in record["cells"]), roster,
            record,
        )  # fmt: skip


def _side(
    grid: PathLike | GridFile | None,
    day: DayLike | None,
    what: str,
    add_grid: PathLike | Sequence[PathLike] = (),
) -> Any:
    from salesgrid.core.diff import Side
    from salesgrid.core.models import GridFile
    from salesgrid.files.loader import packaged_name

    if grid is None:
        name = packaged_name("grid")
    elif isinstance(grid, GridFile):
        name = "(in memory)"
    else:
        name = str(_path(grid, what.replace("date", "grid")))
    layers = _layers(add_grid)
    name = " + ".join([name, *map(str, layers)])
    return Side(_grid(grid, layers), _day(day, what), name)


def diff(
    *,
    from_date: DayLike | None = None,
    to_date: DayLike | None = None,
    from_grid: PathLike | GridFile | None = None,
    to_grid: PathLike | GridFile | None = None,
    grid: PathLike | GridFile | None = None,
    add_grid: PathLike | Sequence[PathLike] = (),
    framework: str | None = None,
    as_of: DayLike | None = None,
    roster: Iterable[Mapping[str, Any]] | None = None,
    on_reject: OnReject = "raise",
    changed_only: bool = False,
) -> GridDiff:
    """Every position of two grids compared (``salesgrid diff``): two dated versions of one
    grid (``from_date``, ``to_date``), two files (``from_grid``, ``to_grid``) or both.

    A side's grid is its own, else ``grid`` (with the ``add_grid`` layers, which apply to a
    side without a grid of its own), else the packaged one; its day its own, else
    ``as_of``, else today. At least one of the four ``from_``/``to_`` arguments is needed
    (:class:`UsageError`). ``framework`` compares one framework (None: every framework in
    either grid). ``roster`` rows (as for :func:`roster`, read against the old side) add
    the headcount and the cost; a rejected row is handled by ``on_reject`` as there.
    ``to_dict()`` is ``diff --format json``. A framework with no grid in force on a side's
    day, and people at a removed position, are said with a :class:`DataWarning`.

    >>> change = diff(add_grid="examples/grid-2027.yaml", from_date="2026-12-31",
    ...               to_date="2027-01-01", framework="sales-management",
    ...               roster=[{"employee_id": "E-1", "position": "2.3"}])
    >>> [(c.position, c.delta["BGN"], c.delta_pct) for c in change.cells][4:6]
    [('2.1', Decimal('55'), Decimal('1.27')), ('2.2', Decimal('55'), Decimal('1.18'))]
    >>> change.roster.monthly["EUR"], change.roster.annual["BGN"]
    (Decimal('28.12'), Decimal('660'))
    """
    from salesgrid.core import diff as core
    from salesgrid.output import diffout

    if all(value is None for value in (from_date, to_date, from_grid, to_grid)):
        raise UsageError(
            "say what to compare: give from_date and/or to_date (two versions of one grid), "
            "from_grid and/or to_grid (two files), or both"
        )
    framework = _text(framework, "framework")
    old = (
        _side(from_grid, from_date if from_date is not None else as_of, "from_date")
        if (from_grid is not None)
        else _side(grid, from_date if from_date is not None else as_of, "from_date", add_grid)
    )
    new = (
        _side(to_grid, to_date if to_date is not None else as_of, "to_date")
        if (to_grid is not None)
        else _side(grid, to_date if to_date is not None else as_of, "to_date", add_grid)
    )
    found = core.diff(old, new, framework)
    for absent in found.absent:
        warnings.warn(
            f"{absent.framework} has no grid in force on {absent.day.isoformat()} "
            f"({absent.side}): its positions count as "
            f"{'added' if absent.side == 'from' else 'removed'}",
            DataWarning,
            stacklevel=2,
        )
    cost = None
    if roster is not None:
        counts = _headcount(roster, old, framework, on_reject)
        cost = core.roster_cost(found, counts)
        for (fw, position), people in cost.uncosted.items():
            warnings.warn(
                f"{counted(people, 'person', 'people')} at {fw} {position}, a position the new "
                "grid does not have: counted in the headcount, left out of the cost",
                DataWarning,
                stacklevel=2,
            )
    cells = [c for c in found.cells if not changed_only or c.status != "unchanged"]
    return GridDiff._of(diffout.diff_record(found, cells, cost))


def _headcount(
    rows: Iterable[Mapping[str, Any]], old: Any, framework: str | None, on_reject: OnReject
) -> dict[tuple[str, str], int]:
    from collections import Counter

    from salesgrid.core.diff import check_roster_framework

    check_roster_framework(old, framework, "the roster", "framework")
    counts: Counter[tuple[str, str]] = Counter()
    # only the positions are read: a column diff does not use never rejects a row
    records = _roster_records(rows, on_reject, old.grid, _competencies(None), old.day, framework,
                              False, positions_only=True)  # fmt: skip
    for record in records:
        counts[(record["framework"], record["position"])] += 1
    return dict(counts)
