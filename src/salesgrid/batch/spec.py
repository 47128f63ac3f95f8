"""A roster's header compiled against the grid and the competency rules (:class:`RosterSpec`),
and what each distinct position resolves to, whoever the employee is (:class:`Resolved`).

The header is compiled once into column positions. Everything that depends only on a row's
framework and position (pay, next moves) is resolved once per distinct position, and each
distinct date text read once, so the work per row is a few dictionary lookups.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from salesgrid.batch import actualpay
from salesgrid.batch.columns import (
    ACTUAL_COLUMNS,
    ACTUAL_COST_FIELDS,
    ACTUAL_FIELDS,
    ASSESSMENT_COLUMNS,
    BASE_FIELDS,
    COST_FIELDS,
    DATE_COLUMNS,
    ELIGIBILITY_FIELDS,
    INPUT_COLUMNS,
    PAYGAP_ONLY_COLUMNS,
    as_whole,
    realm_column,
)
from salesgrid.batch.header import read_header
from salesgrid.batch.verdicts import bind_eligibility
from salesgrid.core import money
from salesgrid.core.days import day_problem, read_day
from salesgrid.core.models import GridFile
from salesgrid.core.moves import natural_moves
from salesgrid.core.pay import find_framework, pay
from salesgrid.core.positions import Position, parse_level_step, parse_whole
from salesgrid.errors import NotFoundError, UsageError, clip
from salesgrid.output.streams import csv_field


class Resolved(NamedTuple):
    """What a row's framework and position give, whoever the employee is."""

    key: tuple[str, str]  # (framework id, position): how the summary counts it
    framework: str
    level: int
    pay_bgn: Decimal
    pay_eur: Decimal
    step_up: Any  # salesgrid.core.moves.Move | None
    level_up: Any  # salesgrid.core.moves.Move | None
    text: tuple[str, ...]  # framework .. next_level_delta_bgn, ready to write
    csv_tail: str  # the same as CSV text after the employee id: ",sales-management,2.3,..."
    step_target: Any  # salesgrid.core.eligibility.Target | None: the Step Up's rules, compiled
    # (None too for a roster without assessment columns)
    level_target: Any  # salesgrid.core.eligibility.Target | None
    cost: Any = None  # with --employer-cost: (currency, cost, step up +cost, level up +cost)
    # with actual_pay: (the framework's currency, {currency: (cell, step 1, top step)})
    grid_range: Any = None


class RosterSpec:
    """The header of one roster, compiled against the grid and the competency rules."""

    def __init__(
        self,
        header: list[str],
        grid: GridFile,
        competencies: Any,  # CompetenciesFile, or a function that loads it when needed
        as_of: date,
        default_framework: str | None,
        ignore_unknown: bool,
        payroll: tuple[Any, str, Any, Any] | None = None,
        actual_currency: str | None = None,
        chart_gap: Callable[[str], None] | None = None,
        landing: Any = None,
        plausible: Callable[[], actualpay.Checks] | None = None,
        positions_only: bool = False,
    ) -> None:
        """``chart_gap`` is called once with each competency-file key a move's chart rule
        lacks (``rules.chart.minimums.5``), when the roster has assessment columns.
        ``competencies`` may be a function (and ``landing`` the landing rule): a roster with
        no assessment columns needs the landing rule alone, and never calls it.
        ``plausible`` gives what an actual pay is checked against (called only when the roster
        has an ``actual_pay`` column). With ``positions_only`` (``diff --roster``) only the
        employee id and the position are read: the assessment and actual-pay columns are
        known, never read, so their values can reject no row."""
        self.grid = grid
        self._competencies = competencies
        self.landing = landing
        self.as_of = as_of
        self.default_framework = find_framework(grid, default_framework).id
        realm_columns = {realm_column(r): r for r in grid.realms}
        assessment = ASSESSMENT_COLUMNS
        known = set(INPUT_COLUMNS) | set(assessment) | set(realm_columns) | set(ACTUAL_COLUMNS)
        known |= set(PAYGAP_ONLY_COLUMNS)  # read by paygap, skipped here
        read = read_header(
            header, known, ignore_unknown,
            f"{', '.join(INPUT_COLUMNS)}, the assessment columns ({', '.join(assessment)}), "
            "realm_<realm> per realm, actual_pay, actual_currency, and paygap's columns "
            f"({', '.join(PAYGAP_ONLY_COLUMNS)}), skipped here",
        )  # fmt: skip
        self.header, self.unnamed, where = read
        self.where = where
        #: the columns whose values this run reads (batch.readcolumns): a roster's own, or with
        #: positions_only the ids and positions
        self.read_columns = frozenset(
            INPUT_COLUMNS if positions_only else known - set(PAYGAP_ONLY_COLUMNS)
        )
        present = [c for c in assessment if c in where]
        self.has_assessment = not positions_only and (
            bool(present) or any(c in where for c in realm_columns)
        )
        if self.has_assessment:
            missing = [c for c in assessment if c not in where]
            if missing:
                raise UsageError(
                    "assessment columns are present, so these are needed too: " + ", ".join(missing)
                )
        if self.has_assessment:
            bind_eligibility()
        self.realm_columns = {
            c: r for c, r in realm_columns.items() if c in where and self.has_assessment
        }
        self.has_actual = "actual_pay" in where and not positions_only
        self.actual_currency = (
            None if positions_only else actualpay.actual_currency(grid, actual_currency, where)
        )
        self.payroll = payroll  # (payroll file, month, cohort, work-accident rate)
        self.plausible = plausible
        self.fields = (
            BASE_FIELDS
            + (COST_FIELDS if payroll is not None else ())
            + (ELIGIBILITY_FIELDS if self.has_assessment else ())
            + (ACTUAL_FIELDS if self.has_actual else ())
            + (ACTUAL_COST_FIELDS if self.has_actual and payroll is not None else ())
        )
        self.dates: dict[str, dict[str, date | str]] = {c: {} for c in DATE_COLUMNS}
        self.chart_gap = chart_gap
        self.gaps_said: set[str] = set()

    @property
    def competencies(self) -> Any:
        """The competency file (loaded on first use when given as a function)."""
        if callable(self._competencies):
            self._competencies = self._competencies()
        return self._competencies

    # ----------------------------------------------------------------------- per distinct value

    def resolve(self, framework: str, position: str, level: str, step: str) -> Resolved | str:
        """Everything a framework and position give, or why they are refused. Called once per
        distinct position: :func:`salesgrid.batch.roster.process` keeps the results."""
        try:
            if position.strip():
                where = parse_level_step(position, None)
            elif level.strip() or step.strip():
                if not step.strip():
                    return "step is empty: fill both 'level' and 'step' (or 'position', L.S)"
                if not level.strip():
                    return "level is empty: fill both 'level' and 'step' (or 'position', L.S)"
                where = Position(
                    parse_whole(as_whole(level), "level"),
                    parse_whole(as_whole(step), "step"),
                )
            else:
                return "no position: fill 'position' (L.S) or 'level' and 'step'"
            cell = pay(self.grid, framework.strip() or self.default_framework, where, self.as_of)
        except (UsageError, NotFoundError) as exc:
            return str(exc)
        if self.landing is None:
            self.landing = self.competencies.rules.landing
        moves = natural_moves(self.grid, cell, self.as_of, self.landing)
        step_up = next((m for m in moves.moves if m.kind == "step_up"), None)
        level_up = next((m for m in moves.moves if m.kind == "level_up"), None)
        eur = cell.amounts.get("EUR", Decimal(0))
        # pay_bgn is in lev whatever the framework's own currency (a grid may pay in EUR)
        bgn = cell.amounts.get("BGN", cell.amount)

        def target(move: Any) -> tuple[str, str]:
            if move is None:
                return "", ""
            return str(move.target.position), money.plain(move.delta.get("BGN", Decimal(0)))

        text: tuple[str, ...] = (
            cell.framework.id, str(cell.position), money.plain(bgn), money.plain(eur),
            *target(step_up), *target(level_up),
        )  # fmt: skip
        cost = None
        figures = self.payroll
        if figures is not None:
            from salesgrid.core.payroll import behind  # only with --employer-cost

            now = behind(cell, *figures)

            def extra(move: Any) -> Decimal | None:
                if move is None:
                    return None
                return Decimal(behind(move.target, *figures).employer_cost - now.employer_cost)

            cost = (now.currency, now.employer_cost, extra(step_up), extra(level_up))
            text = (*text, now.currency, money.plain(now.gross), money.plain(now.employer_cost))
        compiled: list[Any] = [None, None]
        if self.has_assessment:
            from salesgrid.core.eligibility import compile_target  # assessed rosters alone

            rules = self.competencies.rules
            compiled = [None if m is None else compile_target(rules, m.target)
                        for m in (step_up, level_up)]  # fmt: skip
        if self.has_assessment and self.chart_gap is not None:
            from salesgrid.core.eligibility import chart_gaps  # as compile_target

            targets = [m.target.position for m in (step_up, level_up) if m is not None]
            for gap in chart_gaps(rules, targets):
                if gap not in self.gaps_said:
                    self.gaps_said.add(gap)
                    self.chart_gap(gap)
        grid_range = None
        if self.has_actual:
            steps = cell.version.levels[cell.position.level]
            ends = [
                pay(self.grid, cell.framework.id, Position(cell.position.level, step), self.as_of)
                for step in (1, len(steps))
            ]
            grid_range = (
                cell.currency,
                {code: (amount, ends[0].amounts[code], ends[1].amounts[code])
                 for code, amount in cell.amounts.items()},
            )  # fmt: skip
        return Resolved(
            (cell.framework.id, str(cell.position)),
            cell.framework.id,
            cell.position.level,
            bgn,
            eur,
            step_up,
            level_up,
            text,
            "," + ",".join(csv_field(value) for value in text),
            compiled[0],
            compiled[1],
            cost,
            grid_range,
        )

    def day(self, column: str, text: str) -> date | str:
        cache = self.dates[column]
        found = cache.get(text)
        if found is None:
            found = read_day(text)
            if found is None:
                found = f"{column}: {clip(text)!r} is not a day{day_problem(text)}"
            if len(cache) < 100_000:
                cache[text] = found
        return found
