"""Machine and plain renderers: records for JSON, CSV text, bare values for scripts.

Every function here returns text; none prints. Keys and columns are a documented contract
(docs/formats.md, "Every command's keys and columns").
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from salesgrid.core import money
from salesgrid.core.pay import FrameworkSummary, PayCell
from salesgrid.errors import Problem

if TYPE_CHECKING:
    from salesgrid.core.competencies import Entry
    from salesgrid.core.eligibility import Verdict
    from salesgrid.core.locate import Located
    from salesgrid.core.moves import Move, Moves
    from salesgrid.core.payroll import Breakdown
    from salesgrid.output.csvdialect import CsvDialect

Record = dict[str, Any]


def amounts_record(amounts: dict[str, Decimal]) -> dict[str, Decimal]:
    return dict(amounts)


def pay_record(cell: PayCell, currency: str | None) -> Record:
    """The pay object: ``framework, position, level, step, basis, currency, amount, amounts``."""
    chosen = currency or cell.currency
    return {
        "framework": cell.framework.id,
        "position": str(cell.position),
        "level": cell.position.level,
        "step": cell.position.step,
        "basis": cell.framework.basis,
        "currency": chosen,
        "amount": cell.amount_in(chosen),
        "amounts": amounts_record(cell.amounts),
        "in_force_from": cell.version.in_force_from,
    }


def framework_record(summary: FrameworkSummary, file: str, version_file: str) -> Record:
    """One framework; ``file``: the grid or layer file it came from, ``version_file``: the one
    its version in force came from (another layer's, for a version added with ``--add-grid``)."""
    fw = summary.framework
    return {
        "id": fw.id,
        "title": fw.title,
        "path": fw.path,
        "levels": summary.levels,
        "steps": summary.steps,
        "realms": list(fw.realms),
        "currency": fw.currency,
        "basis": fw.basis,
        "pay_range": {
            "min": {"position": str(summary.lowest.position), "amounts": summary.lowest.amounts},
            "max": {"position": str(summary.highest.position), "amounts": summary.highest.amounts},
        },
        "in_force_from": summary.version.in_force_from,
        "bonus": fw.bonus,
        "source": fw.source,
        "file": file,
        "version_file": version_file,
    }


def problem_record(problem: Problem) -> Record:
    return {
        "file": problem.file,
        "line": problem.line,
        "path": problem.path,
        "severity": problem.severity,
        "message": problem.message,
    }


# --------------------------------------------------------------------------- JSON


def json_one(record: Record) -> str:
    from salesgrid.output import jsonout  # not on the plain pay path

    return jsonout.dumps(record) + "\n"


def json_list(records: Iterable[Record]) -> str:
    from salesgrid.output import jsonout  # not on the plain pay path

    return jsonout.dumps(list(records)) + "\n"


def jsonl(records: Iterable[Record]) -> str:
    from salesgrid.output import jsonout  # not on the plain pay path

    return "".join(jsonout.dumps(r, indent=None) + "\n" for r in records)


# --------------------------------------------------------------------------- CSV


def rows_csv(
    header: Sequence[str], rows: Iterable[Sequence[Any]], dialect: CsvDialect | None = None
) -> str:
    """CSV text: a header and rows (Decimals exact, None empty), in ``dialect`` (plain unless
    given): a value that is a number (a Decimal or an int, never text) takes its decimal mark."""
    from salesgrid.output.streams import csv_writer  # not on the plain or JSON pay path

    buffer = io.StringIO()
    if dialect is None or dialect.writes_plain:
        write = csv_writer(buffer, header)
        for row in rows:
            write([_csv_value(v) for v in row])
        return buffer.getvalue()
    put = csv_writer(buffer, header, dialect=dialect)
    number = dialect.number
    for row in rows:
        put([number(money.plain(v)) if isinstance(v, Decimal) else _csv_value(v) for v in row])
    return buffer.getvalue()


def _csv_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return money.plain(value)
    if value is None:
        return ""
    return value


def cells_csv(
    cells: Sequence[PayCell], costs: Sequence[Breakdown] = (), dialect: CsvDialect | None = None
) -> str:
    """``framework,position,level,step,BGN,EUR``: one row per cell (with ``--employer-cost``
    also ``payroll_currency,gross,employer_cost``)."""
    currencies = list(cells[0].amounts) if cells else []
    header = ["framework", "position", "level", "step", *currencies]
    if costs:
        header += ["payroll_currency", "gross", "employer_cost"]
    rows = []
    for index, c in enumerate(cells):
        row: list[Any] = [c.framework.id, str(c.position), c.position.level, c.position.step]
        row += [c.amounts[k] for k in currencies]
        if costs:
            row += [costs[index].currency, costs[index].gross, costs[index].employer_cost]
        rows.append(row)
    return rows_csv(header, rows, dialect)


def frameworks_csv(
    found: Sequence[FrameworkSummary],
    files: Mapping[str, str],
    version_files: Mapping[tuple[str, date], str],
) -> str:
    currencies = list(found[0].lowest.amounts) if found else []
    header = [
        "id",
        "title",
        "path",
        "levels",
        "steps",
        "realms",
        "currency",
        *(f"min_{c}" for c in currencies),
        *(f"max_{c}" for c in currencies),
        "in_force_from",
        "file",
        "version_file",
    ]
    rows = (
        [
            s.framework.id,
            s.framework.title,
            s.framework.path,
            s.levels,
            s.steps,
            ";".join(s.framework.realms),
            s.framework.currency,
            *(s.lowest.amounts[c] for c in currencies),
            *(s.highest.amounts[c] for c in currencies),
            s.version.in_force_from.isoformat(),
            files[s.framework.id],
            version_files[s.framework.id, s.version.in_force_from],
        ]
        for s in found
    )
    return rows_csv(header, rows)


def problems_csv(problems: Sequence[Problem]) -> str:
    return rows_csv(
        ["file", "line", "path", "severity", "message"],
        ([p.file, p.line, p.path, p.severity, p.message] for p in problems),
    )


# --------------------------------------------------------------------------- plain


def plain_pay(cell: PayCell, currency: str | None) -> str:
    """The bare amount: ``5445`` or ``2783.99``."""
    return money.plain(cell.amount_in(currency)) + "\n"


def plain_cells(
    cells: Sequence[PayCell], currency: str | None, costs: Sequence[Breakdown] = ()
) -> str:
    """``POSITION<TAB>AMOUNT`` per line (``<TAB>EMPLOYER_COST`` with ``--employer-cost``)."""
    return "".join(
        f"{c.position}\t{money.plain(c.amount_in(currency))}"
        + (f"\t{money.plain(costs[i].employer_cost)}" if costs else "")
        + "\n"
        for i, c in enumerate(cells)
    )


def plain_frameworks(found: Sequence[FrameworkSummary], currency: str | None) -> str:
    """``ID<TAB>LEVELS<TAB>STEPS<TAB>MIN<TAB>MAX`` per line."""
    return "".join(
        f"{s.framework.id}\t{s.levels}\t{s.steps}\t"
        f"{money.plain(s.lowest.amount_in(currency))}\t{money.plain(s.highest.amount_in(currency))}\n"
        for s in found
    )


def plain_problems(problems: Sequence[Problem]) -> str:
    return "".join(f"{p}\n" for p in problems)


# --------------------------------------------------------------------------- promote


def cell_key(cell: PayCell) -> str:
    """The data key of a cell: ``grid.yaml: frameworks[id].versions[date].levels.2[2]``."""
    return (
        f"grid.yaml: frameworks[{cell.framework.id}].versions[{cell.version.in_force_from}]"
        f".levels.{cell.position.level}[{cell.position.step - 1}]"
    )


def explain_lines(move: Move, verdict: Verdict | None) -> list[str]:
    """Every number and verdict of a move with the rule and data key behind it."""
    start, target = move.start, move.target
    cur = start.currency
    lines = [
        f"from {start.position}: {money.plain(start.amount)} {cur} ({cell_key(start)})",
        f"to {target.position}: {money.plain(target.amount)} {target.currency} "
        f"({cell_key(target)})",
    ]
    if move.landing is not None:
        lines.append(f"landing: {move.landing.reason} (competencies.yaml: rules.landing)")
    for side, cell in (("from", start), ("to", target)):
        for converted in cell.conversions:
            c = converted.conversion
            op = "/" if c.operation == "divide" else "x"
            lines.append(
                f"{side} {c.to_currency}: {money.plain(cell.amount)} {op} {c.rate} = "
                f"{converted.exact.quantize(Decimal('0.000001'))}... -> "
                f"{money.plain(converted.amount)} (rounding {c.rounding} to {c.decimals} "
                f"decimals; grid.yaml: conversions {c.from_currency}->{c.to_currency})"
            )
    for code, delta in move.delta.items():
        lines.append(
            f"delta {code}: {money.plain(target.amounts[code])} - "
            f"{money.plain(start.amounts[code])} = {money.plain(delta)}; "
            f"per year x12 = {money.plain(move.annual_delta[code])}"
        )
    change = target.amount_in(cur) - start.amount
    lines.append(
        f"delta_pct: {money.plain(change)} / {money.plain(start.amount)} x 100 = "
        f"{money.plain(move.delta_pct)}% (half up to 0.01)"
    )
    if verdict is not None:
        for rule in verdict.rules:
            mark = "pass" if rule.passed else "FAIL"
            lines.append(f"rule {rule.id}: {mark}: {rule.reason} ({rule.source})")
        for warning in verdict.warnings:
            lines.append(f"warning {warning.id}: {warning.message} ({warning.source})")
        lines.append(
            "verdict: "
            + ("eligible" if verdict.eligible else "not eligible: " + ", ".join(verdict.failing))
        )
    return lines


def move_record(move: Move, currency: str | None, verdict: Verdict | None, explain: bool) -> Record:
    warnings = list(move.warnings)
    record: Record = {
        "kind": move.kind,
        "to": pay_record(move.target, currency),
        "delta": move.delta,
        "delta_pct": move.delta_pct,
        "annual_delta": move.annual_delta,
        "warnings": warnings,
    }
    if move.landing is not None:
        record["landing"] = {
            "position": str(move.landing.position),
            "rule": move.landing.rule,
            "reason": move.landing.reason,
        }
    if verdict is not None:
        warnings.extend(w.message for w in verdict.warnings)
        record["eligible"] = verdict.eligible
        record["rules"] = [
            {"id": r.id, "passed": r.passed, "reason": r.reason, "source": r.source}
            for r in verdict.rules
        ]
        record["review_warnings"] = [
            {"id": w.id, "message": w.message, "source": w.source} for w in verdict.warnings
        ]
    if explain:
        record["explain"] = explain_lines(move, verdict)
    return record


def promote_record(
    result: Moves,
    currency: str | None,
    verdicts: dict[int, Verdict],
    explain: bool,
    employee: str | None = None,
) -> Record:
    record: Record = {
        "from": pay_record(result.start, currency),
        "moves": [
            move_record(m, currency, verdicts.get(i), explain) for i, m in enumerate(result.moves)
        ],
        "notes": list(result.notes),
    }
    if employee is not None:
        record["employee"] = employee
    return record


def promote_csv(result: Moves, verdicts: dict[int, Verdict]) -> str:
    currencies = list(result.start.amounts)
    header = [
        "kind", "framework", "from", "to_framework", "to",
        *(f"from_{c}" for c in currencies), *(f"to_{c}" for c in currencies),
        *(f"delta_{c}" for c in currencies), "delta_pct",
        *(f"annual_delta_{c}" for c in currencies), "eligible", "failing_rules", "warnings",
    ]  # fmt: skip
    rows = []
    for index, move in enumerate(result.moves):
        verdict = verdicts.get(index)
        warnings = list(move.warnings) + ([w.message for w in verdict.warnings] if verdict else [])
        rows.append(
            [
                move.kind, move.start.framework.id, str(move.start.position),
                move.target.framework.id, str(move.target.position),
                *(move.start.amounts[c] for c in currencies),
                *(move.target.amounts[c] for c in currencies),
                *(move.delta[c] for c in currencies), move.delta_pct,
                *(move.annual_delta[c] for c in currencies),
                "" if verdict is None else str(verdict.eligible).lower(),
                "" if verdict is None else ";".join(verdict.failing),
                " | ".join(warnings),
            ]
        )  # fmt: skip
    return rows_csv(header, rows)


def plain_promote(result: Moves, currency: str | None, verdicts: dict[int, Verdict]) -> str:
    """``KIND<TAB>TO<TAB>AMOUNT<TAB>DELTA[<TAB>VERDICT]`` per move."""
    lines = []
    for index, move in enumerate(result.moves):
        code = currency or move.start.currency
        line = (
            f"{move.kind}\t{move.target.position}\t{money.plain(move.target.amount_in(code))}\t"
            f"{money.plain(move.delta[code])}"
        )
        verdict = verdicts.get(index)
        if verdict is not None:
            line += "\t" + check_line(verdict)
        lines.append(line + "\n")
    return "".join(lines)


def check_line(verdict: Verdict) -> str:
    """``eligible`` or ``not eligible: chart, kpoc``."""
    return "eligible" if verdict.eligible else "not eligible: " + ", ".join(verdict.failing)


# --------------------------------------------------------------------------- locate


def locate_record(found: Located) -> Record:
    """``framework, amount, currency, exact, below, above``: ``exact`` a position (``"2.3"``)
    or None; ``below`` and ``above`` pay objects (in the amount's currency) or None."""
    cur = found.currency
    return {
        "framework": found.framework.id,
        "amount": found.amount,
        "currency": cur,
        "exact": None if found.exact is None else str(found.exact.position),
        "below": None if found.below is None else pay_record(found.below, cur),
        "above": None if found.above is None else pay_record(found.above, cur),
    }


def _located(found: Located) -> list[tuple[str, PayCell]]:
    """``(match, cell)`` for every position named: the exact one, else below then above."""
    named = [("exact", found.exact), ("below", found.below), ("above", found.above)]
    return [(match, cell) for match, cell in named if cell is not None]


def locate_csv(found: Located, dialect: CsvDialect | None = None) -> str:
    """``match,framework,position,level,step,BGN,EUR,currency,amount,difference``: one row per
    position named (``exact``, else ``below`` and ``above``)."""
    cells = [cell for _, cell in _located(found)]
    currencies = list(cells[0].amounts)
    header = ["match", "framework", "position", "level", "step", *currencies, "currency",
              "amount", "difference"]  # fmt: skip
    rows = [
        [match, c.framework.id, str(c.position), c.position.level, c.position.step,
         *(c.amounts[k] for k in currencies), found.currency, found.amount,
         found.difference(c)]
        for match, c in _located(found)
    ]  # fmt: skip
    return rows_csv(header, rows, dialect)


def plain_locate(found: Located) -> str:
    """The exact position (``2.3``) alone, else ``below<TAB>L.S<TAB>PAY<TAB>DIFFERENCE`` and
    ``above<TAB>...`` lines (PAY and DIFFERENCE in the amount's currency)."""
    if found.exact is not None:
        return f"{found.exact.position}\n"
    return "".join(
        f"{match}\t{cell.position}\t{money.plain(cell.amount_in(found.currency))}\t"
        f"{money.plain(found.difference(cell))}\n"
        for match, cell in _located(found)
    )


# --------------------------------------------------------------------------- competencies


def capability_record(general: int, internal: int, rating: str, basis: str) -> Record:
    """``competencies --capability``: a factor pair and its rating."""
    return {"general": general, "internal": internal, "rating": rating, "basis": basis}


def statement_record(entry: Entry) -> Record:
    st = entry.statement
    return {
        "id": st.id,
        "kind": st.kind,
        "domain": st.domain,
        "level": entry.level,
        "tier": st.tier,
        "subject": st.subject,
        "text": st.text,
        "evidence": list(st.evidence),
    }


def statements_csv(entries: Sequence[Entry]) -> str:
    return rows_csv(
        ["id", "kind", "domain", "level", "tier", "subject", "text"],
        (
            [e.statement.id, e.statement.kind, e.statement.domain, e.level, e.statement.tier,
             e.statement.subject, e.statement.text]
            for e in entries
        ),
    )  # fmt: skip


def plain_statements(entries: Sequence[Entry]) -> str:
    """``ID<TAB>SUBJECT: TEXT`` per statement."""
    return "".join(
        f"{e.statement.id}\t{e.statement.subject}: {e.statement.text}\n" for e in entries
    )


# --------------------------------------------------------------------------- payroll


def payroll_record(b: Breakdown) -> Record:
    period = b.period
    return {
        "month": b.month,
        "currency": b.currency,
        "cohort": b.cohort,
        "gross": b.gross,
        "insurable_income": b.insurable,
        "employee_contributions": b.employee_total,
        "taxable_income": b.taxable,
        "income_tax": b.income_tax,
        "net": b.net,
        "employer_contributions": b.employer_total,
        "employer_cost": b.employer_cost,
        "employee_funds": dict(b.employee),
        "employer_funds": dict(b.employer),
        "work_accident_percent": money.two_decimals(b.work_accident_percent),
        "payroll_period": payroll_period(b),
        "rounding": "each fund and the income tax rounded half up to the cent",
        "source": period.source,
    }


def payroll_period(b: Breakdown) -> Record:
    p = b.period
    return {"from": p.from_month, "to": p.to_month, "currency": p.currency,
            "cap": money.two_decimals(p.cap),
            "minimum_wage": money.two_decimals(p.minimum_wage)}  # fmt: skip


def payroll_csv(b: Breakdown, funds: bool = False, dialect: CsvDialect | None = None) -> str:
    """One row; ``funds`` adds ``employee_<fund>`` and ``employer_<fund>`` columns."""
    header = ["month", "currency", "gross", "employee_contributions", "income_tax", "net",
              "employer_contributions", "employer_cost"]  # fmt: skip
    row: list[Any] = [b.month, b.currency, b.gross, b.employee_total, b.income_tax, b.net,
                      b.employer_total, b.employer_cost]  # fmt: skip
    if funds:
        for side, amounts in (("employee", b.employee), ("employer", b.employer)):
            header += [f"{side}_{fund}" for fund in amounts]
            row += list(amounts.values())
    return rows_csv(header, [row], dialect)


def add_payroll(record: Record, b: Breakdown, breakdown: bool) -> Record:
    """The pay object with what the employer pays for its net amount."""
    record.update(
        {
            "gross": b.gross,
            "employee_contributions": b.employee_total,
            "income_tax": b.income_tax,
            "employer_contributions": b.employer_total,
            "employer_cost": b.employer_cost,
            "payroll_period": payroll_period(b),
        }
    )
    if breakdown:
        record["employee_funds"] = dict(b.employee)
        record["employer_funds"] = dict(b.employer)
    return record
