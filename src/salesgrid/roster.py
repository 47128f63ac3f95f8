"""Rosters: one row in, one record out, streaming, with every bad row rejected with a reason.

The header is compiled once into column positions. Everything that depends only on a row's
framework and position (pay, next moves) is resolved once per distinct position and cached, and
everything that depends only on its assessment values (the eligibility verdicts) once per distinct
assessment, so the work per row is a few dictionary lookups. Nothing here opens files, prints or
exits: the CLI hands in rows and writers.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple, TextIO

from salesgrid import money
from salesgrid.errors import NotFoundError, UsageError
from salesgrid.models import GridFile
from salesgrid.positions import parse_level_step

BASE_FIELDS = (
    "employee_id", "framework", "position", "pay_bgn", "pay_eur", "next_step",
    "next_step_delta_bgn", "next_level", "next_level_delta_bgn",
)  # fmt: skip
ELIGIBILITY_FIELDS = ("eligible_step_up", "eligible_level_up", "failing_rules")
#: How each output field is written in JSONL: text, optional text, a number or a boolean (for
#: all but text, an empty value is null).
JSON_KINDS = {
    "employee_id": "str", "framework": "str", "position": "str", "pay_bgn": "num",
    "pay_eur": "num", "next_step": "opt", "next_step_delta_bgn": "num", "next_level": "opt",
    "next_level_delta_bgn": "num", "eligible_step_up": "bool", "eligible_level_up": "bool",
    "failing_rules": "str",
}  # fmt: skip

INPUT_COLUMNS = ("employee_id", "framework", "position", "level", "step")
DATE_COLUMNS = ("in_position_since", "review_date")
RATING_COLUMNS = ("rating_technical", "rating_business", "rating_people", "rating_adaptive")
BOOL_COLUMNS = (
    "opportunity_finding_proven", "external_factors_proven", "kpoc_completed",
    "corrective_action_plan",
)  # fmt: skip
OTHER_ASSESSMENT_COLUMNS = ("business_experience", "business_exposure", "failed_kpocs_in_a_row")
TRUE_WORDS = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}


def realm_column(realm: str) -> str:
    return "realm_" + realm.replace("-", "_")


class Resolved(NamedTuple):
    """What a row's framework and position give, whoever the employee is."""

    key: tuple[str, str]  # (framework id, position): how the summary counts it
    framework: str
    level: int
    pay_bgn: Decimal
    pay_eur: Decimal
    step_up: Any  # salesgrid.moves.Move | None
    level_up: Any  # salesgrid.moves.Move | None
    text: tuple[str, ...]  # framework .. next_level_delta_bgn, ready to write


class Verdicts(NamedTuple):
    step_up: bool | None
    level_up: bool | None
    text: tuple[str, str, str]


class Rejected(NamedTuple):
    line: int
    reason: str
    row: dict[str, str]


class Summary:
    """Rows read, written and rejected, and the budget of everyone written."""

    def __init__(self) -> None:
        self.read = 0
        self.rejected = 0
        self.counts: Counter[tuple[tuple[str, str], bool | None, bool | None]] = Counter()
        self.positions: dict[tuple[str, str], Resolved] = {}

    @property
    def written(self) -> int:
        return self.read - self.rejected


class RosterSpec:
    """The header of one roster, compiled against the grid and the competency rules."""

    def __init__(
        self,
        header: list[str],
        grid: GridFile,
        competencies: Any,  # salesgrid.competencies.CompetenciesFile
        as_of: date,
        default_framework: str | None,
        ignore_unknown: bool,
    ) -> None:
        from salesgrid.pay import find_framework

        self.grid = grid
        self.competencies = competencies
        self.as_of = as_of
        self.default_framework = find_framework(grid, default_framework).id
        self.header = [name.strip() for name in header]
        realm_columns = {realm_column(r): r for r in grid.realms}
        assessment = (
            *DATE_COLUMNS, *RATING_COLUMNS, *BOOL_COLUMNS, *OTHER_ASSESSMENT_COLUMNS,
        )  # fmt: skip
        known = set(INPUT_COLUMNS) | set(assessment) | set(realm_columns)
        seen: set[str] = set()
        for name in self.header:
            if name in seen:
                raise UsageError(f"the header names column {name!r} twice")
            seen.add(name)
        unknown = [name for name in self.header if name not in known]
        if unknown and not ignore_unknown:
            raise UsageError(
                f"unknown column(s) {', '.join(map(repr, unknown))} in the header: the columns are "
                f"{', '.join(INPUT_COLUMNS)}, the assessment columns ({', '.join(assessment)}) "
                "and realm_<realm> per realm; or pass --ignore-unknown-columns"
            )
        where = {name: index for index, name in enumerate(self.header)}
        if "employee_id" not in where:
            raise UsageError("the required column 'employee_id' is missing from the header")
        has_level_step = "level" in where and "step" in where
        if "position" not in where and not has_level_step:
            raise UsageError(
                "the header needs a 'position' column (L.S) or both 'level' and 'step'"
            )
        self.where = where
        present = [c for c in assessment if c in where]
        self.has_assessment = bool(present) or any(c in where for c in realm_columns)
        if self.has_assessment:
            missing = [c for c in assessment if c not in where]
            if missing:
                raise UsageError(
                    "assessment columns are present, so these are needed too: " + ", ".join(missing)
                )
            if competencies.rules is None:
                raise UsageError("the competency file has no rules: eligibility cannot be judged")
        self.realm_columns = {c: r for c, r in realm_columns.items() if c in where}
        self.fields = BASE_FIELDS + (ELIGIBILITY_FIELDS if self.has_assessment else ())
        self._positions: dict[tuple[str, str, str, str], Resolved | str] = {}
        self._verdicts: dict[tuple[Any, ...], Verdicts | str] = {}
        self._dates: dict[tuple[str, str], date | str] = {}

    # ----------------------------------------------------------------------- per distinct value

    def resolve(self, framework: str, position: str, level: str, step: str) -> Resolved | str:
        key = (framework, position, level, step)
        found = self._positions.get(key)
        if found is None:
            found = self._resolve(*key)
            if len(self._positions) < 100_000:
                self._positions[key] = found
        return found

    def _resolve(self, framework: str, position: str, level: str, step: str) -> Resolved | str:
        from salesgrid.moves import natural_moves
        from salesgrid.pay import pay

        try:
            if position.strip():
                where = parse_level_step(position, None)
            elif level.strip() or step.strip():
                where = parse_level_step(level or "?", step or "?")
            else:
                return "no position: fill 'position' (L.S) or 'level' and 'step'"
            cell = pay(self.grid, framework.strip() or self.default_framework, where, self.as_of)
        except (UsageError, NotFoundError) as exc:
            return str(exc)
        moves = natural_moves(self.grid, cell, self.as_of, self.competencies.rules.landing)
        step_up = next((m for m in moves.moves if m.kind == "step_up"), None)
        level_up = next((m for m in moves.moves if m.kind == "level_up"), None)
        eur = cell.amounts.get("EUR", Decimal(0))

        def target(move: Any) -> tuple[str, str]:
            if move is None:
                return "", ""
            return str(move.target.position), money.plain(move.delta[cell.currency])

        return Resolved(
            (cell.framework.id, str(cell.position)),
            cell.framework.id,
            cell.position.level,
            cell.amount,
            eur,
            step_up,
            level_up,
            (
                cell.framework.id, str(cell.position), money.plain(cell.amount), money.plain(eur),
                *target(step_up), *target(level_up),
            ),
        )  # fmt: skip

    def day(self, column: str, text: str) -> date | str:
        found = self._dates.get((column, text))
        if found is None:
            value = text.strip()
            try:
                if len(value) != 10:
                    raise ValueError
                found = date.fromisoformat(value)
            except ValueError:
                found = f"{column}: {text!r} is not a day (YYYY-MM-DD)"
            if len(self._dates) < 100_000:
                self._dates[(column, text)] = found
        return found

    def verdicts(self, resolved: Resolved, values: dict[str, str]) -> Verdicts | str:
        key = (resolved.key, *(values[c] for c in self._verdict_columns()))
        found = self._verdicts.get(key)
        if found is None:
            found = self._judge(resolved, values)
            if len(self._verdicts) < 100_000:
                self._verdicts[key] = found
        return found

    def _verdict_columns(self) -> tuple[str, ...]:
        return (
            *RATING_COLUMNS, *BOOL_COLUMNS, *OTHER_ASSESSMENT_COLUMNS, *self.realm_columns,
        )  # fmt: skip

    def _judge(self, resolved: Resolved, values: dict[str, str]) -> Verdicts | str:
        from pydantic import ValidationError

        from salesgrid.assessment import Assessment
        from salesgrid.eligibility import evaluate

        data: dict[str, Any] = {
            "framework": resolved.framework,
            "position": resolved.text[1],
            "in_position_since": self.as_of,
            "review_date": self.as_of,
            "ratings": {c[len("rating_") :]: values[c].strip() for c in RATING_COLUMNS},
            "business_experience": values["business_experience"].strip(),
            "business_exposure": values["business_exposure"].strip(),
            "failed_kpocs_in_a_row": values["failed_kpocs_in_a_row"].strip(),
            "realms": {},
        }
        for column in BOOL_COLUMNS:
            flag = TRUE_WORDS.get(values[column].strip().lower())
            if flag is None:
                return f"{column}: {values[column]!r} is not a boolean (true/false, yes/no, 1/0)"
            data[column] = flag
        for column, realm in self.realm_columns.items():
            text = values[column].strip()
            if not text:
                continue
            flag = TRUE_WORDS.get(text.lower())
            if flag is None:
                return f"{column}: {text!r} is not a boolean (true/false, yes/no, 1/0)"
            data["realms"][realm] = flag
        count = data["failed_kpocs_in_a_row"]
        if not count.isdigit():
            return f"failed_kpocs_in_a_row: {count!r} is not a whole number from 0"
        data["failed_kpocs_in_a_row"] = int(count)
        try:
            assessment = Assessment.model_validate(data)
        except ValidationError as exc:
            error = exc.errors(include_url=False)[0]
            loc = [str(part) for part in error["loc"]]
            column = "rating_" + loc[1] if loc[0] == "ratings" and len(loc) > 1 else loc[0]
            return f"{column}: {error['msg'].replace('Value error, ', '')}"
        results: list[bool | None] = []
        failing: list[list[str]] = []
        for move in (resolved.step_up, resolved.level_up):
            if move is None:
                results.append(None)
                continue
            verdict = evaluate(
                self.competencies, assessment, move.start.position, move.target, self.as_of
            )
            results.append(verdict.eligible)
            failing.append(verdict.failing)
        step_up, level_up = results
        # failing_rules are those of the move `promote --check` checks: the Step Up, else the
        # Level Up
        checked = ";".join(failing[0]) if failing else ""
        return Verdicts(
            step_up,
            level_up,
            ("" if step_up is None else str(step_up).lower(),
             "" if level_up is None else str(level_up).lower(), checked),
        )  # fmt: skip


NO_VERDICT = Verdicts(None, None, ("", "", ""))


def _row_problem(row: list[str], width: int) -> str | None:
    if len(row) == width:
        return None
    if len(row) == 1 and row[0].startswith("\x00"):  # a JSONL line that could not be read
        return row[0][1:]
    return f"{len(row)} fields, the header has {width}"


def _assessed(
    spec: RosterSpec,
    resolved: Resolved,
    row: list[str],
    columns: tuple[str, ...],
    required: tuple[str, ...],
) -> Verdicts | str:
    """The eligibility verdicts of one row, or why the row is refused."""
    values = {c: row[spec.where[c]] for c in columns}
    empty = [c for c in required if not values[c].strip()]
    if len(empty) == len(required):
        return NO_VERDICT  # no assessment for this person: eligibility stays empty
    if empty:
        return (
            f"missing assessment values: {', '.join(empty)} (fill them, or leave every "
            "assessment column empty)"
        )
    since = spec.day("in_position_since", values["in_position_since"])
    if isinstance(since, str):
        return since
    review = spec.day("review_date", values["review_date"])
    if isinstance(review, str):
        return review
    if review < since:
        return f"review_date {review} is before in_position_since {since}: check both"
    return spec.verdicts(resolved, values)


def process(
    spec: RosterSpec,
    rows: Iterable[tuple[int, list[str]]],
    emit: Callable[[tuple[str, ...]], None],
    reject: Callable[[Rejected], None],
    summary: Summary,
    strict: bool,
) -> bool:
    """Run every row; return False if ``strict`` stopped at a rejected row."""
    where = spec.where
    width = len(spec.header)
    i_id = where["employee_id"]
    i_fw = where.get("framework")
    i_pos = where.get("position")
    i_level = where.get("level")
    i_step = where.get("step")
    resolve = spec.resolve
    counts = summary.counts
    positions = summary.positions
    assessed = spec.has_assessment
    assessment_columns = (
        *DATE_COLUMNS, *RATING_COLUMNS, *BOOL_COLUMNS, *OTHER_ASSESSMENT_COLUMNS,
        *spec.realm_columns,
    )  # fmt: skip
    required = (*DATE_COLUMNS, *RATING_COLUMNS, *BOOL_COLUMNS, *OTHER_ASSESSMENT_COLUMNS)
    read = 0
    for line, row in rows:
        read += 1
        reason = _row_problem(row, width)
        if reason is None:
            employee = row[i_id].strip()
            resolved = resolve(
                "" if i_fw is None else row[i_fw],
                "" if i_pos is None else row[i_pos],
                "" if i_level is None else row[i_level],
                "" if i_step is None else row[i_step],
            )
            if isinstance(resolved, str):
                reason = resolved
            elif not employee:
                reason = "employee_id is empty"
            elif not assessed:
                key = resolved.key
                if key not in positions:
                    positions[key] = resolved
                counts[(key, None, None)] += 1
                emit((employee, *resolved.text))
                continue
            else:
                verdict = _assessed(spec, resolved, row, assessment_columns, required)
                if isinstance(verdict, str):
                    reason = verdict
                else:
                    if resolved.key not in positions:
                        positions[resolved.key] = resolved
                    counts[(resolved.key, verdict.step_up, verdict.level_up)] += 1
                    emit((employee, *resolved.text, *verdict.text))
                    continue
        summary.rejected += 1
        summary.read = read
        reject(Rejected(line, reason, dict(zip(spec.header, row, strict=False))))
        if strict:
            return False
    summary.read = read
    return True


# --------------------------------------------------------------------------- readers


def csv_rows(stream: TextIO) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """The header and then (line, fields) for each row; the line is where the row starts."""
    import csv

    reader = csv.reader(stream)
    try:
        header = next(reader)
    except StopIteration:
        raise UsageError("the roster is empty: it needs a header line") from None

    def rows() -> Iterator[tuple[int, list[str]]]:
        start = reader.line_num + 1
        for row in reader:
            if row:  # a blank line is no row
                yield start, row
            start = reader.line_num + 1

    return header, rows()


def jsonl_rows(stream: TextIO) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """JSONL read against the keys of its first object; each value as text, as CSV gives it."""
    lines = enumerate(stream, start=1)
    for number, text in lines:
        if text.strip():
            first_line, first = number, text
            break
    else:
        raise UsageError("the roster is empty: it needs at least one JSON object")
    try:
        first_object = json.loads(first)
    except ValueError as exc:
        raise UsageError(f"line {first_line}: not a JSON object: {exc}") from None
    if not isinstance(first_object, dict):
        raise UsageError(f"line {first_line}: not a JSON object")
    header = list(first_object)

    def as_text(value: Any) -> str:
        if value is None:
            return ""
        if value is True:
            return "true"
        if value is False:
            return "false"
        if isinstance(value, float):
            return f"\x00{value!r}"  # refused below with a reason
        return str(value)

    def row_of(obj: dict[str, Any]) -> list[str] | str:
        extra = [k for k in obj if k not in header]
        if extra:
            return f"unknown key(s) {', '.join(map(repr, extra))} (the first line has {header})"
        values = [as_text(obj.get(k)) for k in header]
        for key, value in zip(header, values, strict=True):
            if value.startswith("\x00"):
                return f"{key}: {value[1:]} is a JSON number with a fraction: write it as a string"
        return values

    def rows() -> Iterator[tuple[int, list[str]]]:
        yield first_line, row_of(first_object)  # type: ignore[misc]
        for number, text in lines:
            if not text.strip():
                continue
            try:
                obj = json.loads(text)
            except ValueError as exc:
                yield number, [f"\x00not a JSON object: {exc}"]
                continue
            if not isinstance(obj, dict):
                yield number, ["\x00not a JSON object"]
                continue
            row = row_of(obj)
            yield number, ([f"\x00{row}"] if isinstance(row, str) else row)

    return header, rows()


# --------------------------------------------------------------------------- summary


def summary_record(summary: Summary, assessed: bool) -> dict[str, Any]:
    """Rows, headcount, payroll and the cost of moves, as one record (all sums exact)."""
    headcount: Counter[tuple[str, int]] = Counter()
    monthly = {"BGN": Decimal(0), "EUR": Decimal(0)}
    moves: dict[str, dict[str, Any]] = {
        kind: {"count": 0, "BGN": Decimal(0), "EUR": Decimal(0)} for kind in ("step_up", "level_up")
    }
    for (key, step_ok, level_ok), count in summary.counts.items():
        resolved = summary.positions[key]
        headcount[(resolved.framework, resolved.level)] += count
        monthly["BGN"] += resolved.pay_bgn * count
        monthly["EUR"] += resolved.pay_eur * count
        for kind, move, ok in (
            ("step_up", resolved.step_up, step_ok), ("level_up", resolved.level_up, level_ok),
        ):  # fmt: skip
            if move is None or (assessed and ok is not True):
                continue
            moves[kind]["count"] += count
            for code in ("BGN", "EUR"):
                moves[kind][code] += move.delta.get(code, Decimal(0)) * count
    basis = "eligible" if assessed else "possible"
    return {
        "rows": {"read": summary.read, "written": summary.written, "rejected": summary.rejected},
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
    }


def summary_lines(record: dict[str, Any]) -> list[str]:
    rows = record["rows"]
    lines = [f"rows: {rows['read']} read, {rows['written']} written, {rows['rejected']} rejected"]
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
    return rows
