"""Rosters: one row in, one record out, streaming, with every bad row rejected with a reason.

The header is compiled once into column positions. Everything that depends only on a row's
framework and position (pay, next moves) is resolved once per distinct position and cached, and
everything that depends only on its assessment values (the eligibility verdicts) once per distinct
assessment, so the work per row is a few dictionary lookups. Nothing here opens files, prints or
exits: the CLI hands in rows and writers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from salesgrid.batch import actualpay
from salesgrid.batch.header import read_header
from salesgrid.batch.people import SeenIds, repeat_reason
from salesgrid.batch.readcolumns import ReadColumns
from salesgrid.core import money
from salesgrid.core.models import GridFile
from salesgrid.core.positions import Position, parse_level_step, parse_whole
from salesgrid.core.ratings import RANK
from salesgrid.errors import NotFoundError, UsageError, clip, counted
from salesgrid.output.streams import csv_field

BASE_FIELDS = (
    "employee_id", "framework", "position", "pay_bgn", "pay_eur", "next_step",
    "next_step_delta_bgn", "next_level", "next_level_delta_bgn",
)  # fmt: skip
ELIGIBILITY_FIELDS = ("eligible_step_up", "eligible_level_up", "failing_rules")
COST_FIELDS = ("payroll_currency", "gross", "employer_cost")
#: With an ``actual_pay`` column: the actual pay against the grid, in the actual's currency.
ACTUAL_FIELDS = (
    "actual_pay", "actual_currency", "gap", "compa_ratio", "range_position", "grid_status",
)  # fmt: skip
#: How each output field is written in JSONL: text, optional text, a number or a boolean (for
#: all but text, an empty value is null).
JSON_KINDS = {
    "employee_id": "str", "framework": "str", "position": "str", "pay_bgn": "num",
    "pay_eur": "num", "next_step": "opt", "next_step_delta_bgn": "num", "next_level": "opt",
    "next_level_delta_bgn": "num", "eligible_step_up": "bool", "eligible_level_up": "bool",
    "failing_rules": "str", "payroll_currency": "str", "gross": "num", "employer_cost": "num",
    "actual_pay": "num", "actual_currency": "opt", "gap": "num", "compa_ratio": "num",
    "range_position": "num", "grid_status": "opt", "actual_gross": "num",
    "actual_employer_cost": "num",
}  # fmt: skip

INPUT_COLUMNS = ("employee_id", "framework", "position", "level", "step")
DATE_COLUMNS = ("in_position_since", "review_date")
RATING_COLUMNS = ("rating_technical", "rating_business", "rating_people", "rating_adaptive")
BOOL_COLUMNS = (
    "opportunity_finding_proven", "external_factors_proven", "kpoc_completed",
    "corrective_action_plan",
)  # fmt: skip
OTHER_ASSESSMENT_COLUMNS = ("business_experience", "business_exposure", "failed_kpocs_in_a_row")
ACTUAL_COLUMNS = ("actual_pay", "actual_currency")
#: Columns only `paygap` reads: one roster file serves every command, so `roster` and `diff
#: --roster` skip them (a column a command does not use never rejects a row or the header).
PAYGAP_ONLY_COLUMNS = (
    "sex", "hours_per_week", "months_worked", "gross_annual", "variable_pay", "category",
)  # fmt: skip
TRUE_WORDS = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}


def realm_column(realm: str) -> str:
    return "realm_" + realm.replace("-", "_")


def as_whole(text: str) -> str:
    """A level or step as a whole number: ``2.0`` (a float column's 2, as pandas writes it)
    is 2; anything else is left for the parser to accept or refuse."""
    value = text.strip()
    head, dot, tail = value.partition(".")
    if dot and head and tail and head.isdigit() and tail.strip("0") == "" and head.isascii():
        return head
    return value


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


class Verdicts(NamedTuple):
    step_up: bool | None
    level_up: bool | None
    text: tuple[str, str, str]


class Rejected(NamedTuple):
    line: int
    reason: str
    row: dict[str, str]


class Summary:
    """Rows read, written and rejected (blank rows apart), and the budget of everyone
    written."""

    def __init__(self, positions: bool = True) -> None:
        """``positions``: count the rows per position (headcount, payroll and moves); a run
        whose totals are never shown may skip it on its fast path."""
        self.per_position = positions
        self.read = 0  # blank rows are not read rows
        self.rejected = 0
        self.blank = 0  # empty lines and rows of only delimiters (and spaces), skipped
        self.not_written = 0  # accepted, but dropped when --strict stopped the run
        self.counts: Counter[tuple[tuple[str, str], bool | None, bool | None]] = Counter()
        self.positions: dict[tuple[str, str], Resolved] = {}
        # with an actual_pay column: its totals and the implausible pay (batch.actualpay)
        self.actual: actualpay.Totals | None = None
        self.seen = SeenIds()  # the employee ids accepted, each on its first line

    @property
    def written(self) -> int:
        return self.read - self.rejected - self.not_written

    def discard(self) -> None:
        """The records accepted so far were not written after all (``--strict`` stopped a run
        whose output is a file, a table or only the summary): count them as not written, and
        leave them out of the totals, which are those of the records written."""
        self.not_written += self.written
        self.counts.clear()
        self.positions.clear()
        if self.actual is not None:
            self.actual = actualpay.Totals()


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
        from salesgrid.core.pay import find_framework

        self.grid = grid
        self._competencies = competencies
        self.landing = landing
        self.as_of = as_of
        self.default_framework = find_framework(grid, default_framework).id
        realm_columns = {realm_column(r): r for r in grid.realms}
        assessment = (
            *DATE_COLUMNS, *RATING_COLUMNS, *BOOL_COLUMNS, *OTHER_ASSESSMENT_COLUMNS,
        )  # fmt: skip
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
            _read_eligibility()
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
            + (actualpay.COST_FIELDS if self.has_actual and payroll is not None else ())
        )
        self._dates: dict[str, dict[str, date | str]] = {c: {} for c in DATE_COLUMNS}
        self._chart_gap = chart_gap
        self._gaps_said: set[str] = set()

    @property
    def competencies(self) -> Any:
        """The competency file (loaded on first use when given as a function)."""
        if callable(self._competencies):
            self._competencies = self._competencies()
        return self._competencies

    # ----------------------------------------------------------------------- per distinct value

    def resolve(self, framework: str, position: str, level: str, step: str) -> Resolved | str:
        """Everything a framework and position give, or why they are refused. Called once per
        distinct position: :func:`process` keeps the results."""
        from salesgrid.core.moves import natural_moves
        from salesgrid.core.pay import pay

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
            from salesgrid.core.payroll import behind

            now = behind(cell, *figures)

            def extra(move: Any) -> Decimal | None:
                if move is None:
                    return None
                return Decimal(behind(move.target, *figures).employer_cost - now.employer_cost)

            cost = (now.currency, now.employer_cost, extra(step_up), extra(level_up))
            text = (*text, now.currency, money.plain(now.gross), money.plain(now.employer_cost))
        compiled: list[Any] = [None, None]
        if self.has_assessment:
            from salesgrid.core.eligibility import compile_target

            rules = self.competencies.rules
            compiled = [None if m is None else compile_target(rules, m.target)
                        for m in (step_up, level_up)]  # fmt: skip
        if self.has_assessment and self._chart_gap is not None:
            from salesgrid.core.eligibility import chart_gaps

            targets = [m.target.position for m in (step_up, level_up) if m is not None]
            for gap in chart_gaps(rules, targets):
                if gap not in self._gaps_said:
                    self._gaps_said.add(gap)
                    self._chart_gap(gap)
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
            "," + ",".join(_csv_field(value) for value in text),
            compiled[0],
            compiled[1],
            cost,
            grid_range,
        )

    def day(self, column: str, text: str) -> date | str:
        cache = self._dates[column]
        found = cache.get(text)
        if found is None:
            value = text.strip()
            try:
                if len(value) != 10:
                    raise ValueError
                found = date.fromisoformat(value)
            except ValueError:
                found = f"{column}: {clip(text)!r} is not a day (YYYY-MM-DD)"
            if len(cache) < 100_000:
                cache[text] = found
        return found


NO_VERDICT = Verdicts(None, None, ("", "", ""))
#: The eligibility rules' compiled checks, imported by the first roster with assessment
#: columns (a pay-only roster never loads the competency models).
failing_mask: Callable[..., int]
FAILING_TEXT: tuple[str, ...]


def _read_eligibility() -> None:
    global failing_mask, FAILING_TEXT
    from salesgrid.core import eligibility

    failing_mask, FAILING_TEXT = eligibility.failing_mask, eligibility.FAILING_TEXT


_csv_field = csv_field  # the one quoting rule of every CSV salesgrid writes (streams.py)


class _Columns(NamedTuple):
    """Where each assessment value sits in a row."""

    since: int
    review: int
    ratings: tuple[int, int, int, int]
    experience: int
    exposure: int
    opportunity: int
    external: int
    kpoc: int
    failed_kpocs: int
    cap: int
    realms: tuple[tuple[int, str, str], ...]  # (index, column, realm)
    required: tuple[int, ...]


def _columns(spec: RosterSpec) -> _Columns:
    w = spec.where
    required = (*DATE_COLUMNS, *RATING_COLUMNS, *BOOL_COLUMNS, *OTHER_ASSESSMENT_COLUMNS)
    return _Columns(
        w["in_position_since"], w["review_date"],
        (w["rating_technical"], w["rating_business"], w["rating_people"], w["rating_adaptive"]),
        w["business_experience"], w["business_exposure"], w["opportunity_finding_proven"],
        w["external_factors_proven"], w["kpoc_completed"], w["failed_kpocs_in_a_row"],
        w["corrective_action_plan"],
        tuple((w[column], column, realm) for column, realm in spec.realm_columns.items()),
        tuple(w[c] for c in required),
    )  # fmt: skip


def _judge(spec: RosterSpec, cols: _Columns, resolved: Resolved, row: list[str]) -> Verdicts | str:
    """The eligibility of one row (the same verdicts as `promote --assessment`), or why not.

    Clean values take the fast path: a few dictionary lookups and two table lookups per move.
    Anything else (spaces, capitals, empty or wrong values) goes to :func:`_judge_carefully`.
    """
    rank = RANK.get
    word = TRUE_WORDS.get
    t, b, p, a = cols.ratings
    technical, business, people, adaptive = rank(row[t]), rank(row[b]), rank(row[p]), rank(row[a])
    experience, exposure = rank(row[cols.experience]), rank(row[cols.exposure])
    opportunity, external = word(row[cols.opportunity]), word(row[cols.external])
    kpoc, cap = word(row[cols.kpoc]), word(row[cols.cap])
    since = spec._dates["in_position_since"].get(row[cols.since])
    review = spec._dates["review_date"].get(row[cols.review])
    if (
        technical is None or business is None or people is None or adaptive is None
        or experience is None or exposure is None or opportunity is None or external is None
        or kpoc is None or cap is None or since is None or review is None
        or since.__class__ is str or review.__class__ is str
        or not row[cols.failed_kpocs].isdigit()
        or not row[cols.failed_kpocs].isascii()
    ):  # fmt: skip
        return _judge_carefully(spec, cols, resolved, row)
    if review < since:  # type: ignore[operator]
        return f"review_date {review} is before in_position_since {since}: check both"
    realms = realm_flags(cols.realms, [row[index] for index, _, _ in cols.realms])
    if realms is None:
        return _judge_carefully(spec, cols, resolved, row)
    return _verdicts(
        resolved,
        ((technical * 5 + business) * 5 + people) * 5 + adaptive,
        experience * 5 + exposure,
        opportunity, external, realms, kpoc,
    )  # fmt: skip


def realm_flags(realms: tuple[tuple[int, str, str], ...], words: Any) -> dict[str, bool] | None:
    """The realm columns' yes-or-no words as written (an empty one: not given), or None if
    one is no such word as written (the careful check reads spaces and capitals)."""
    flags: dict[str, bool] = {}
    for (_, _, realm), word in zip(realms, words, strict=True):
        flag = TRUE_WORDS.get(word)
        if flag is None:
            if word:
                return None
            continue
        flags[realm] = flag
    return flags


def _verdicts(
    resolved: Resolved,
    chart_index: int,
    experience_index: int,
    opportunity: bool,
    external: bool,
    realms: dict[str, bool],
    kpoc: bool,
) -> Verdicts:
    step = level = -1  # -1: no such move
    if resolved.step_target is not None:
        step = failing_mask(resolved.step_target, chart_index, experience_index,
                            opportunity, external, realms, kpoc)  # fmt: skip
    if resolved.level_target is not None:
        level = failing_mask(resolved.level_target, chart_index, experience_index,
                             opportunity, external, realms, kpoc)  # fmt: skip
    found = _VERDICTS.get((step, level))
    if found is None:
        found = _VERDICTS[(step, level)] = verdicts_of(step, level)
    return found


def verdicts_of(step: int, level: int) -> Verdicts:
    """The verdicts for two failed-rule masks (-1: no such move)."""
    step_up = None if step < 0 else step == 0
    level_up = None if level < 0 else level == 0
    checked = step if step >= 0 else level  # what `promote --check` checks
    return Verdicts(
        step_up,
        level_up,
        ("" if step_up is None else ("true" if step_up else "false"),
         "" if level_up is None else ("true" if level_up else "false"),
         FAILING_TEXT[checked] if checked > 0 else ""),
    )  # fmt: skip


_VERDICTS: dict[tuple[int, int], Verdicts] = {}
#: The columns of a roster without an assessment but with an actual pay (never read).
_NO_COLUMNS = _Columns(0, 0, (0, 0, 0, 0), 0, 0, 0, 0, 0, 0, 0, (), ())


def _judge_carefully(
    spec: RosterSpec, cols: _Columns, resolved: Resolved, row: list[str]
) -> Verdicts | str:
    """Every check with a reason: empty values, spaces, capitals, wrong words, bad dates."""
    empty = [i for i in cols.required if not row[i].strip()]
    if len(empty) == len(cols.required):
        return NO_VERDICT  # no assessment for this person: eligibility stays empty
    if empty:
        names = [spec.header[i] for i in empty]
        return (
            f"missing assessment values: {', '.join(names)} (fill them, or leave every "
            "assessment column empty)"
        )
    since = spec.day("in_position_since", row[cols.since])
    if isinstance(since, str):
        return since
    review = spec.day("review_date", row[cols.review])
    if isinstance(review, str):
        return review
    if review < since:
        return f"review_date {review} is before in_position_since {since}: check both"
    ranks = []
    for index in (*cols.ratings, cols.experience, cols.exposure):
        rank = RANK.get(row[index].strip().lower())
        if rank is None:
            return (
                f"{spec.header[index]}: {clip(row[index])!r} is not a rating (incomplete, initial, "
                "managed, defined, optimal)"
            )
        ranks.append(rank)
    flags = []
    for index in (cols.opportunity, cols.external, cols.kpoc, cols.cap):
        flag = TRUE_WORDS.get(row[index].strip().lower())
        if flag is None:
            return (
                f"{spec.header[index]}: {clip(row[index])!r} is not a boolean (true/false, yes/no, "
                "1/0)"
            )
        flags.append(flag)
    count = as_whole(row[cols.failed_kpocs])
    if not (count.isdigit() and count.isascii()):  # not '²' nor another script's digits
        shown = clip(row[cols.failed_kpocs])
        return f"failed_kpocs_in_a_row: {shown!r} is not a whole number from 0"
    realms: dict[str, bool] = {}
    for index, column, realm in cols.realms:
        text = row[index].strip()
        if text:
            flag = TRUE_WORDS.get(text.lower())
            if flag is None:
                return f"{column}: {clip(row[index])!r} is not a boolean (true/false, yes/no, 1/0)"
            realms[realm] = flag
    return _verdicts(
        resolved,
        ((ranks[0] * 5 + ranks[1]) * 5 + ranks[2]) * 5 + ranks[3],
        ranks[4] * 5 + ranks[5],
        flags[0], flags[1], realms, flags[2],
    )  # fmt: skip


class Fast(NamedTuple):
    """How records may go out on the fast path: ``csv`` or ``jsonl`` text of every field,
    written to ``output``; ``line`` renders one JSONL record from its values."""

    fmt: str
    output: Any  # the text stream (a file's: the run may use two cores)
    line: Callable[[tuple[str, ...]], str] | None = None


def process(
    spec: RosterSpec,
    source: RowSource,
    emit: Callable[[tuple[str, ...]], None] | None,
    reject: Callable[[Rejected], None],
    summary: Summary,
    strict: bool,
    write_csv: Callable[[str], Any] | None = None,
    fast: Fast | None = None,
) -> bool:
    """Run every row; return False if ``strict`` stopped at a rejected row.

    Each accepted row goes to ``emit`` as a tuple of output values, or, when ``write_csv`` is
    given (CSV output of every field), straight out as one line of CSV text. With ``fast``,
    a source that reads in blocks (:class:`salesgrid.batch.blocks.BlockSource`) and a pay-only
    roster, whole blocks go out at once (:mod:`salesgrid.batch.fast`); the rows of any block
    the fast path hands back go through the careful loop below, as every row does otherwise.
    """
    from operator import itemgetter

    where = spec.where
    present = [(name, where[name]) for name in ("framework", "position", "level", "step")
               if name in where]  # fmt: skip
    names = [name for name, _ in present]
    ReadColumns.tell(source, spec.read_columns)
    # key -> [Resolved or the reason it is refused, rows counted, CSV tail]
    entries: dict[Any, list[Any]] = {}

    def lookup(key: Any) -> list[Any]:
        values = dict(zip(names, key if isinstance(key, tuple) else (key,), strict=True))
        found = spec.resolve(
            values.get("framework", ""), values.get("position", ""), values.get("level", ""),
            values.get("step", ""),
        )  # fmt: skip
        entry = [found, 0, "" if isinstance(found, str) else found.csv_tail + "\n"]
        if not isinstance(found, str) or len(entries) < 10_000:
            entries[key] = entry
        return entry

    # The pay-only rows take the first branch of the loop, untouched by what the others need:
    # cols is None only when there is neither an assessment nor an actual pay to read.
    actual = None
    if spec.has_actual:
        if summary.actual is None:
            summary.actual = actualpay.Totals()
        actual = actualpay.actual_reader(spec, summary.actual)
    cols = _columns(spec) if spec.has_assessment else (None if actual is None else _NO_COLUMNS)
    loop = _Loop(spec, entries, lookup, itemgetter(*(i for _, i in present)), cols, actual,
                 summary, emit, reject, strict, write_csv)  # fmt: skip
    segments = getattr(source, "segments", None)
    if fast is not None and actual is None and segments is not None:
        from salesgrid.batch.blocks import Block, pieces
        from salesgrid.batch.fast import FastAssessed, FastPay

        args = (spec, source.delimiter, fast.fmt, fast.output.write, entries, lookup,  # type: ignore[attr-defined]
                [i for _, i in present], fast.line, summary.per_position, summary.seen)  # fmt: skip
        pay = (
            FastPay(*args) if cols is None
            else FastAssessed(*args, summary=summary, columns=cols, day=spec.day)
        )  # fmt: skip
        if pay.usable:
            from salesgrid.batch.parallel import cut_in_two, run_halves

            def block(blocks: Any, segment: Block) -> bool:
                if pay.run(segment):
                    loop.read += segment.lines
                    return True
                cut = pieces(segment)
                if cut is not None:  # only the piece with the row the fast path cannot take
                    return all(block(blocks, piece) for piece in cut)
                return loop.run(blocks.careful(segment), blocks)

            def work(blocks: Any) -> bool:
                for segment in blocks.segments():
                    if isinstance(segment, Block):
                        if not block(blocks, segment):
                            return False
                    elif not loop.run(segment, blocks):
                        return False
                return True

            plan = cut_in_two(source, fast.output)
            if plan is None:
                return _finished(source, loop.end(work(source)))
            return _finished(source, loop.end(run_halves(plan, work, loop, fast.output)))
    return _finished(source, loop.end(loop.run(source, source)))


def _finished(source: RowSource, ok: bool) -> bool:
    """``ok``, once a source read to its end has said whether it refuses what it read (a
    stream found to be in another encoding than it was read in); a --strict stop before the
    end is the run's outcome, whatever the reading met after it."""
    finish = getattr(source, "finish", None)
    if ok and finish is not None:
        finish()
    return ok


class _Loop:
    """The careful row loop, over a whole source or its blocks one by one."""

    def __init__(self, spec: RosterSpec, entries: dict[Any, list[Any]],
                 lookup: Callable[[Any], list[Any]], key_of: Callable[[list[str]], Any],
                 cols: _Columns | None, actual: Any, summary: Summary,
                 emit: Callable[[tuple[str, ...]], None] | None,
                 reject: Callable[[Rejected], None], strict: bool,
                 write_csv: Callable[[str], Any] | None) -> None:  # fmt: skip
        self.spec, self.entries, self.lookup, self.key_of = spec, entries, lookup, key_of
        self.cols, self.actual, self.summary = cols, actual, summary
        self.emit, self.reject, self.strict, self.write_csv = emit, reject, strict, write_csv
        self.read = self.rejected = self.blank = 0

    def run(self, source: Any, lines: RowSource) -> bool:
        """Every row of ``source`` (``lines`` tells a row's line); False if ``strict`` stopped
        at a rejected row.

        This loop is the hot path of a roster with assessment or actual-pay columns: what
        depends on the position alone comes from a dictionary entry that also counts its rows,
        and nothing else is called per row but the check that the employee id is new (its
        own faults first: a row rejected for them never makes a later row a repeat).
        """
        spec, entries, lookup, key_of = self.spec, self.entries, self.lookup, self.key_of
        cols, emit, reject = self.cols, self.emit, self.reject
        strict, write_csv = self.strict, self.write_csv
        check, tally = (None, None) if self.actual is None else self.actual
        first_line = self.summary.seen.first_line
        rows = iter(source)
        # every accepted row's line is asked: a BlockSource tells it through the careful
        # reader it hands on (the one iter() just made), asked directly
        reader = getattr(lines, "current", None)
        line_of = (lines if reader is None else reader).line_of
        width = len(spec.header)
        i_id = spec.where["employee_id"]
        judged = spec.has_assessment
        counts = self.summary.counts
        positions = self.summary.positions
        blank_rows = getattr(lines, "blank_rows", False)
        if spec.unnamed:
            from salesgrid.batch.leftovers import named_only

            rows = named_only(spec, rows, lines)
        read = rejected = blank = 0
        stopped = False
        verdict: Any
        for row in rows:
            read += 1
            if len(row) == width:
                key = key_of(row)
                entry = entries.get(key)
                if entry is None:
                    entry = lookup(key)
                found = entry[0]
                employee = row[i_id].strip()
                if found.__class__ is str:
                    reason = found
                elif not employee:
                    reason = "employee_id is empty"
                elif cols is None:
                    first = first_line(employee, line_of(row))
                    if first is not None:
                        reason = repeat_reason(employee, first)
                    else:
                        entry[1] += 1
                        if write_csv is not None:
                            write_csv(_csv_field(employee) + entry[2])
                        elif emit is not None:
                            emit((employee, *found.text))
                        continue
                else:
                    verdict = _judge(spec, cols, found, row) if judged else NO_VERDICT
                    extra: Any = ()
                    if check is not None and verdict.__class__ is not str:
                        extra = check(found, row)
                    if verdict.__class__ is str:
                        reason = verdict
                    elif extra.__class__ is str:
                        reason = extra
                    else:
                        first = first_line(employee, line_of(row))
                        if first is not None:
                            reason = repeat_reason(employee, first)
                        else:
                            count_key = (found.key, verdict.step_up, verdict.level_up)
                            if count_key in counts:
                                counts[count_key] += 1
                            else:
                                counts[count_key] = 1
                                positions[found.key] = found
                            added = (
                                verdict.text if tally is None
                                else (*verdict.text, *tally(extra, employee)) if judged
                                else tally(extra, employee)
                            )  # fmt: skip
                            if write_csv is not None:
                                write_csv(_csv_field(employee) + found.csv_tail + ","
                                          + ",".join(added) + "\n")  # fmt: skip
                            elif emit is not None:
                                emit((employee, *found.text, *added))
                            continue
            elif row.__class__ is Unreadable:  # the reader's own line, reason and values
                rejected += 1
                reject(Rejected(row.line, row.reason, row.values))
                if strict:
                    stopped = True
                    break
                continue
            elif not row:  # an empty line (or a blank row, as its reader hands it on) is no row
                read -= 1
                blank += 1
                continue
            else:
                reason = f"{counted(len(row), 'field')}, the header has {width}"
            if blank_rows and not "".join(row).strip():  # leftovers.is_blank: no row either
                read -= 1
                blank += 1
                continue
            rejected += 1
            reject(Rejected(line_of(row), reason, dict(zip(spec.header, row, strict=False))))
            if strict:
                stopped = True
                break
        self.read += read
        self.rejected += rejected
        self.blank += blank
        return not stopped

    def end(self, ok: bool) -> bool:
        """Count the pay-only rows per position into the summary; ``ok`` back."""
        counts, positions = self.summary.counts, self.summary.positions
        for entry in self.entries.values():
            found = entry[0]
            if entry[1] and not isinstance(found, str):
                count_key = (found.key, None, None)
                counts[count_key] = counts.get(count_key, 0) + entry[1]
                positions[found.key] = found
        self.summary.read += self.read
        self.summary.rejected += self.rejected
        self.summary.blank += self.blank
        return ok


class RowSource:
    """Rows of a roster, and the line a row starts on (worked out only for rejected rows).

    ``blank_rows``: a row whose values are all empty or spaces is a blank row (a CSV line of
    only delimiters), skipped and counted as an empty line is; a source whose rows are records
    (a JSONL object, a mapping) leaves it False: such a row is rejected. A source with a
    ``finish()`` has it called once every row is read (:func:`process`): it may refuse what it
    read (:func:`salesgrid.batch.codepage.refuse_late`)."""

    blank_rows = False

    def __iter__(self) -> Iterator[list[str]]:  # pragma: no cover - subclasses
        raise NotImplementedError

    def line_of(self, row: list[str]) -> int:  # pragma: no cover - subclasses
        raise NotImplementedError


class Unreadable(list[str]):
    """A row its reader could not read (bytes not in the encoding, an unclosed quote, a JSONL
    line that is no object...): no values to judge, but its line, the reason and whatever
    values could be read, for the rejects file. :mod:`salesgrid.batch.rosterread` makes them."""

    __slots__ = ("line", "reason", "values")

    def __init__(self, line: int, reason: str, values: dict[str, str]) -> None:
        super().__init__()
        self.line = line
        self.reason = reason
        self.values = values


# --------------------------------------------------------------------------- summary


def summary_record(summary: Summary, assessed: bool) -> dict[str, Any]:
    """Rows, headcount, payroll and the cost of moves, as one record (all sums exact)."""
    headcount: Counter[tuple[str, int]] = Counter()
    cents = Decimal("0.00")  # euro and payroll totals are written with cents, even when empty
    monthly = {"BGN": Decimal(0), "EUR": cents}
    moves: dict[str, dict[str, Any]] = {
        kind: {"count": 0, "BGN": Decimal(0), "EUR": cents, "cost": cents}
        for kind in ("step_up", "level_up")
    }
    cost_total = cents
    cost_currency = None
    for (key, step_ok, level_ok), count in summary.counts.items():
        resolved = summary.positions[key]
        headcount[(resolved.framework, resolved.level)] += count
        monthly["BGN"] += resolved.pay_bgn * count
        monthly["EUR"] += resolved.pay_eur * count
        if resolved.cost is not None:
            cost_currency = resolved.cost[0]
            cost_total += resolved.cost[1] * count
        for kind, move, ok in (
            ("step_up", resolved.step_up, step_ok), ("level_up", resolved.level_up, level_ok),
        ):  # fmt: skip
            if move is None or (assessed and ok is not True):
                continue
            moves[kind]["count"] += count
            for code in ("BGN", "EUR"):
                moves[kind][code] += move.delta.get(code, Decimal(0)) * count
            if resolved.cost is not None:
                moves[kind]["cost"] += resolved.cost[2 if kind == "step_up" else 3] * count
    basis = "eligible" if assessed else "possible"
    costs: dict[str, Any] = {}
    if cost_currency is not None:
        costs["employer_cost"] = {
            "currency": cost_currency, "monthly": cost_total, "annual": cost_total * 12,
        }  # fmt: skip
        for kind in ("step_up", "level_up"):
            costs[f"{kind}_employer_cost"] = {
                "currency": cost_currency,
                "monthly": moves[kind]["cost"],
                "annual": moves[kind]["cost"] * 12,
            }
    record = {
        "rows": {
            "read": summary.read,
            "written": summary.written,
            "rejected": summary.rejected,
            "blank": summary.blank,
            **({"not_written": summary.not_written} if summary.not_written else {}),
        },
        "headcount": [
            {"framework": fw, "level": level, "count": n}
            for (fw, level), n in sorted(headcount.items())
        ],
        "payroll": {
            "monthly": dict(monthly),
            "annual": {code: amount * 12 for code, amount in monthly.items()},
        },
        **{
            kind: {
                "basis": basis,
                "count": data["count"],
                "monthly": {"BGN": data["BGN"], "EUR": data["EUR"]},
                "annual": {"BGN": data["BGN"] * 12, "EUR": data["EUR"] * 12},
            }
            for kind, data in moves.items()
        },
        **costs,
    }
    if summary.actual is not None:
        record["actual_pay"] = actualpay.record(summary.actual)
        cost = actualpay.cost_record(summary.actual)
        if cost is not None:
            record["actual_employer_cost"] = cost
    return record


def summary_lines(record: dict[str, Any]) -> list[str]:
    rows = record["rows"]
    lines = [
        f"rows: {rows['read']} read, {rows['written']} written, {rows['rejected']} rejected, "
        f"{rows['blank']} blank"
    ]
    if rows.get("not_written"):
        lines[0] += f", {rows['not_written']} not written (--strict stopped the run)"
    for entry in record["headcount"]:
        lines.append(f"headcount: {entry['framework']} level {entry['level']}: {entry['count']}")
    pay = record["payroll"]
    lines.append(
        f"net payroll: monthly {money.human(pay['monthly']['BGN'])} BGN / "
        f"{money.human(pay['monthly']['EUR'])} EUR; annual {money.human(pay['annual']['BGN'])} "
        f"BGN / {money.human(pay['annual']['EUR'])} EUR"
    )
    for kind in ("step_up", "level_up"):
        m = record[kind]
        lines.append(
            f"{kind.replace('_', ' ')} ({m['basis']}, {m['count']}): monthly "
            f"{money.human(m['monthly']['BGN'])} BGN / {money.human(m['monthly']['EUR'])} EUR; "
            f"annual {money.human(m['annual']['BGN'])} BGN / {money.human(m['annual']['EUR'])} EUR"
        )
    for key, label in (("employer_cost", "employer cost"),
                       ("step_up_employer_cost", "step up employer cost"),
                       ("level_up_employer_cost", "level up employer cost")):  # fmt: skip
        if key in record:
            c = record[key]
            lines.append(
                f"{label}: monthly {money.human(c['monthly'])} {c['currency']}; annual "
                f"{money.human(c['annual'])} {c['currency']}"
            )
    if "actual_employer_cost" in record:
        lines.append(actualpay.cost_line(record["actual_employer_cost"]))
    if "actual_pay" in record:
        lines += actualpay.lines(record["actual_pay"])
    return lines


def summary_csv_rows(record: dict[str, Any]) -> list[list[Any]]:
    """``section,key,count,monthly_BGN,monthly_EUR,annual_BGN,annual_EUR`` rows."""
    rows: list[list[Any]] = [
        ["rows", name, count, "", "", "", ""] for name, count in record["rows"].items()
    ]
    for entry in record["headcount"]:
        rows.append(
            ["headcount", f"{entry['framework']} {entry['level']}", entry["count"], "", "", "", ""]
        )
    pay = record["payroll"]
    rows.append(
        ["payroll", "net", record["rows"]["written"], pay["monthly"]["BGN"],
         pay["monthly"]["EUR"], pay["annual"]["BGN"], pay["annual"]["EUR"]]
    )  # fmt: skip
    for kind in ("step_up", "level_up"):
        m = record[kind]
        rows.append(
            [kind, m["basis"], m["count"], m["monthly"]["BGN"], m["monthly"]["EUR"],
             m["annual"]["BGN"], m["annual"]["EUR"]]
        )  # fmt: skip
    for key in ("employer_cost", "step_up_employer_cost", "level_up_employer_cost"):
        if key in record:
            c = record[key]
            monthly_bgn, monthly_eur = (
                (c["monthly"], "") if c["currency"] == "BGN" else ("", c["monthly"])
            )
            annual_bgn, annual_eur = (
                (c["annual"], "") if c["currency"] == "BGN" else ("", c["annual"])
            )
            rows.append([key, c["currency"], "", monthly_bgn, monthly_eur, annual_bgn, annual_eur])
    if "actual_employer_cost" in record:
        rows.append(actualpay.cost_csv_row(record["actual_employer_cost"]))
    if "actual_pay" in record:
        rows += actualpay.csv_rows(record["actual_pay"])
    return rows
