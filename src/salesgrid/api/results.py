"""The result types: what each API function returns, built from the record its command prints
with ``--format json`` (``to_dict()`` gives it back as Python values, ``to_json()`` as its JSON
text), and the warning and error a roster row raises."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from salesgrid.errors import ExitCode, UsageError


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
        from salesgrid.output import render  # output: when the JSON text is asked for

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


def pay_result(record: dict[str, Any]) -> Pay:
    """A :class:`Pay` of ``pay --format json``'s record."""
    return Pay(
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


def location_result(record: dict[str, Any], same: tuple[str, ...]) -> Location:
    """A :class:`Location` of ``locate``'s record, with the further equal positions."""
    below, above = record["below"], record["above"]
    return Location(
        record["framework"], record["amount"], record["currency"], record["exact"],
        None if below is None else pay_result(below), None if above is None else pay_result(above),
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


def _move(record: dict[str, Any]) -> Move:
    landing = record.get("landing")
    return Move(
        record["kind"],
        pay_result(record["to"]),
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


def promotion_result(record: dict[str, Any]) -> Promotion:
    """A :class:`Promotion` of ``promote``'s record."""
    return Promotion(
        pay_result(record["from"]),
        tuple(_move(move) for move in record["moves"]),
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


def payroll_result(record: dict[str, Any]) -> Payroll:
    """A :class:`Payroll` of ``payroll net|gross``'s record."""
    r = record
    return Payroll(
        r["month"], r["currency"], r["cohort"], r["gross"], r["insurable_income"],
        r["employee_contributions"], r["taxable_income"], r["income_tax"], r["net"],
        r["employer_contributions"], r["employer_cost"], _frozen_amounts(r["employee_funds"]),
        _frozen_amounts(r["employer_funds"]), r["work_accident_percent"], r["source"], r,
    )  # fmt: skip


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


def _cell_change(record: dict[str, Any]) -> CellChange:
    def frozen(key: str) -> Mapping[str, Decimal] | None:
        value = record[key]
        return None if value is None else _frozen_amounts(value)

    return CellChange(
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


def grid_diff_result(record: dict[str, Any]) -> GridDiff:
    """A :class:`GridDiff` of ``diff``'s record."""
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
    return GridDiff(
        record["from"]["grid"], record["from"]["date"], record["to"]["grid"],
        record["to"]["date"], tuple(_cell_change(c) for c in record["cells"]), roster,
        record,
    )  # fmt: skip
