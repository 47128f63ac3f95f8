"""Tables and charts for people, drawn with rich: pay, the grid and its costs, frameworks,
problems, promotion, location, competencies, rosters and payroll.

With :mod:`~salesgrid.output.difftables` and :mod:`~salesgrid.output.paygaptables` (the other
renderers) and :mod:`~salesgrid.output.screen` (the consoles and the one ``draw``), the only
modules that import rich; the CLI imports them only when a table or chart is drawn, so
``salesgrid pay 2 3`` in a script never pays rich's import time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text

from salesgrid.core import money
from salesgrid.core.conversion import describe
from salesgrid.core.pay import FrameworkSummary, GridView, PayCell
from salesgrid.core.positions import Position
from salesgrid.errors import Problem
from salesgrid.output import chart
from salesgrid.output.render import explain_lines
from salesgrid.output.screen import keep_whole

if TYPE_CHECKING:
    from datetime import date

    from salesgrid.core.calendar import MonthCalendar, NamedDay
    from salesgrid.core.competencies import CompetenciesFile, Entry
    from salesgrid.core.eligibility import Verdict
    from salesgrid.core.locate import Located
    from salesgrid.core.moves import Moves
    from salesgrid.core.payroll import Breakdown, Period

_LEVEL_STYLES = ("cyan", "green", "yellow", "magenta", "blue", "red")


def _level_label(level: int, names: Mapping[int, str]) -> str:
    name = names.get(level)
    return f"Level {level}" + (f" · {name}" if name else "")


def _converted_notes(cell: PayCell) -> list[str]:
    return [describe(c.conversion) for c in cell.conversions]


def pay_table(cell: PayCell, currency: str | None, names: Mapping[int, str], as_of: str) -> Group:
    chosen = currency or cell.currency
    fw = cell.framework
    table = Table(
        title=f"{fw.title} · Level {cell.position.level} Step {cell.position.step} "
        f"({cell.position})",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        show_header=False,
        title_justify="left",
    )
    table.add_column("what", style="dim")
    table.add_column("value", max_width=90)
    for code, amount in sorted(cell.amounts.items(), key=lambda item: item[0] != chosen):
        how = "" if code == cell.currency else "  (converted, see below)"
        text = Text(f"{money.human(amount)} {code}", style="bold" if code == chosen else "")
        text.append(how, style="dim")
        table.add_row(f"Monthly net pay ({code})", text)
    if cell.position.level in names:
        table.add_row("Level", _level_label(cell.position.level, names))
    table.add_row(
        "Grid",
        f"in force from {cell.version.in_force_from.isoformat()} (as of {as_of})",
    )
    if fw.bonus:
        table.add_row("Bonus", fw.bonus)
    source = Text(f"Source: {fw.source}", style="dim")
    notes = [Text(note, style="dim") for note in _converted_notes(cell)]
    return Group(table, source, *notes)


def _steps_table(view: GridView, title: str) -> Table:
    """A table with a Level column and one column per step, levels to be added as rows."""
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, show_edge=False)
    table.add_column("Level")
    for step in range(1, max(len(row.cells) for row in view.rows) + 1):
        table.add_column(f"Step {step}", justify="right")
    return table


def grid_table(
    view: GridView,
    currency: str | None,
    highlight: Position | None,
    names: Mapping[int, str],
) -> Group:
    cells = view.cells
    chosen = currency or view.framework.currency
    others = [code for code in cells[0].amounts if code != chosen]
    table = _steps_table(
        view,
        f"{view.framework.title} · monthly net pay in {chosen}"
        + (f" ({', '.join(others)} below)" if others else "")
        + f" · grid in force from {view.version.in_force_from.isoformat()}",
    )
    table.add_column("Level up", justify="right")
    for row in view.rows:
        style = _LEVEL_STYLES[(row.level - 1) % len(_LEVEL_STYLES)]
        rendered = []
        for cell, increase in zip(row.cells, row.step_increases, strict=True):
            text = Text(money.human(cell.amount_in(chosen)), style="bold")
            for code in others:
                text.append(f"\n{money.human(cell.amounts[code])}", style="dim")
            if increase is not None:
                text.append(f"\n{money.signed(increase)}", style="green")
            if cell.position == highlight:
                text.stylize("reverse")
                text.append("\n◀ here", style="bold")
            rendered.append(text)
        if row.jump_from_previous is None:
            jump = Text("")
        else:
            jump = Text(
                f"{money.signed(row.jump_from_previous)}\nfrom {row.level - 1}."
                f"{len(view.rows[row.level - 2].cells)}",
                style="red" if row.jump_from_previous < 0 else "green",
            )
        table.add_row(Text(_level_label(row.level, names), style=style), *rendered, jump)
    keep_whole(table, *range(1, len(table.columns)))
    notes = (
        [
            Text(
                "Under each amount: the same pay in "
                + ", ".join(others)
                + ", then the increase over the step before. Level up: step 1 minus the top step "
                "of the level before.",
                style="dim",
            )
        ]
        if others
        else []
    )
    notes += [Text(note, style="dim") for note in _converted_notes(cells[0])]
    return Group(table, *notes)


def chart_renderable(
    view: GridView, currency: str | None, highlight: Position | None, width: int
) -> Text:
    bars = chart.ladder(view, currency, highlight)
    top = max(bar.amount for bar in bars)
    amount_width = max(len(money.human(bar.amount)) for bar in bars)
    chosen = currency or view.framework.currency
    text = Text(
        f"{view.framework.title}: monthly net pay in {chosen}, grid in force from "
        f"{view.version.in_force_from.isoformat()}\n",
        style="bold",
    )
    for bar in bars:
        if bar.level_start and bar.change is not None:
            text.append("\n")
        style = _LEVEL_STYLES[(bar.cell.position.level - 1) % len(_LEVEL_STYLES)]
        text.append(f"{bar.cell.position!s:<5} ", style=style)
        text.append(money.human(bar.amount).rjust(amount_width) + "  ")
        glyphs = chart.bar_glyphs(bar.amount, top, width)
        text.append(glyphs.ljust(width), style=style + (" reverse" if bar.highlighted else ""))
        label = chart.change_label(bar)
        if label:
            drop = bar.change is not None and bar.change < 0
            text.append("  " + label, style="red" if drop else "dim")
        if bar.highlighted:
            text.append("  ◀", style="bold")
        text.append("\n")
    for converted in bars[0].cell.conversions:
        if converted.conversion.to_currency == chosen:
            text.append(describe(converted.conversion) + "\n", style="dim")
    return text


def frameworks_table(
    found: Sequence[FrameworkSummary],
    currency: str | None,
    base: str,
    files: Mapping[str, str],
    version_files: Mapping[tuple[str, date], str],
) -> Group:
    """Every framework; one from another file than ``base`` (an ``--add-grid`` layer) says so
    under its title, as does one whose version in force a layer added; a note names ``base``."""
    currencies = sorted(found[0].lowest.amounts, key=lambda code: code != currency)
    table = Table(title="Frameworks", title_justify="left", box=box.SIMPLE_HEAD, show_edge=False)
    table.add_column("Framework", overflow="fold")
    table.add_column("Grid", justify="center", no_wrap=True)
    table.add_column("Realms", overflow="fold")
    for code in currencies:
        table.add_column(f"Pay {code}", justify="right")
    table.add_column("In force", no_wrap=True)
    marked = False
    for s in found:
        name = Text(s.framework.id, style="bold")
        name.append("\n" + s.framework.title, style="dim")
        file = files[s.framework.id]
        version_file = version_files[s.framework.id, s.version.in_force_from]
        if file != base:
            name.append(f"\nfrom {file}", style="italic")
        elif version_file != base:
            name.append(f"\nversion from {version_file}", style="italic")
        marked = marked or file != base or version_file != base
        table.add_row(
            name,
            f"{s.levels} x {s.steps}",
            "\n".join(s.framework.realms),
            *(
                f"{money.human(s.lowest.amounts[c])}-\n{money.human(s.highest.amounts[c])}"
                for c in currencies
            ),
            s.version.in_force_from.isoformat(),
        )
    keep_whole(table, 1, *range(3, len(table.columns)))
    table.columns[0].min_width = max(len(s.framework.id) for s in found)  # ids whole, titles wrap
    notes = [Text(note, style="dim") for note in _converted_notes(found[0].lowest)]
    notes.append(Text(f"From {base}" + (" unless marked." if marked else "."), style="dim"))
    return Group(table, *notes)


def problems_table(problems: Sequence[Problem]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, title="Problems", title_justify="left")
    for column in ("File:line", "Field", "Severity", "Message"):
        table.add_column(column, overflow="fold")  # words wrap whole; a longer path folds
    for p in problems:
        where = f"{p.file}:{p.line}" if p.line is not None else p.file
        style = "red" if p.severity == "error" else "yellow"
        table.add_row(where, p.path, Text(p.severity, style=style), p.message)
    return table


def no_problems() -> Text:
    """``validate --format table`` when every file is clean."""
    return Text("No problems found.", style="green")


def capability_table(record: Mapping[str, Any]) -> Table:
    """``competencies --capability``: the pair and its rating."""
    table = Table(title="Capability factor pair", title_justify="left", box=box.SIMPLE_HEAD,
                  show_edge=False, show_header=False)  # fmt: skip
    table.add_column("what", style="dim")
    table.add_column("value")
    table.add_row("General", str(record["general"]))
    table.add_row("Internal", str(record["internal"]))
    table.add_row("Rating", Text(str(record["rating"]), style="bold"))
    table.add_row("Table", str(record["basis"]))
    return table


def promote_table(
    result: Moves,
    currency: str | None,
    verdicts: Mapping[int, Verdict],
    explain: bool,
    names: Mapping[int, str],
) -> Group:
    start = result.start
    chosen = currency or start.currency
    others = [c for c in start.amounts if c != chosen]
    head = Text(
        f"{start.framework.title} · from {_level_label(start.position.level, names)} "
        f"Step {start.position.step} ({start.position}): ",
        style="bold",
    )
    head.append(f"{money.human(start.amount_in(chosen))} {chosen}")
    for code in others:
        head.append(f" ({money.human(start.amounts[code])} {code})", style="dim")
    parts: list[Any] = [head]
    if result.moves:
        below = "".join(f"\n{c}" for c in others)
        table = Table(box=box.SIMPLE_HEAD, show_edge=False)
        for column in ("Move", "To", f"Pay {chosen}", *(f"Pay {c}" for c in others),
                       f"Change {chosen}{below}", "Change %",
                       f"Per year {chosen}{below}"):  # fmt: skip
            table.add_column(column, justify="left" if column in ("Move", "To") else "right")
        if verdicts:
            table.add_column("Eligible")
        for index, move in enumerate(result.moves):
            change = move.delta[chosen]
            row: list[Any] = [
                move.kind.replace("_", " "),
                str(move.target.position)
                + ("" if move.target.framework.id == start.framework.id
                   else f" {move.target.framework.id}"),
                money.human(move.target.amount_in(chosen)),
                *(money.human(move.target.amounts[c]) for c in others),
                _with_others(money.signed(change), [money.signed(move.delta[c]) for c in others],
                             "red" if change < 0 else "green"),
                money.signed(move.delta_pct) + "%",
                _with_others(money.signed(move.annual_delta[chosen]),
                             [money.signed(move.annual_delta[c]) for c in others], ""),
            ]  # fmt: skip
            verdict = verdicts.get(index)
            if verdicts:
                row.append(
                    Text("yes", style="green")
                    if verdict is not None and verdict.eligible
                    else Text("no", style="red")
                )
            table.add_row(*row)
        keep_whole(table, *range(1, len(table.columns)))
        parts.append(table)
    for index, move in enumerate(result.moves):
        label = f"{move.kind.replace('_', ' ')} to {move.target.position}"
        lines: list[Text] = []
        if move.landing is not None:
            lines.append(Text(f"  landing rule {move.landing.reason}", style="dim"))
        for warning in move.warnings:
            lines.append(Text(f"  ! {warning}", style="yellow"))
        verdict = verdicts.get(index)
        if verdict is not None:
            for rule in verdict.rules:
                mark = Text(
                    "  ✓ " if rule.passed else "  ✗ ", style="green" if rule.passed else "red"
                )
                mark.append(f"{rule.id}: {rule.reason}")
                lines.append(mark)
            for review_warning in verdict.warnings:
                lines.append(Text(f"  ! {review_warning.message}", style="yellow"))
        if explain:
            lines.extend(Text(f"    {line}", style="dim") for line in explain_lines(move, verdict))
        if lines:
            parts.append(Text(label, style="bold"))
            parts.extend(lines)
    for note in result.notes:
        parts.append(Text(f"note: {note}", style="cyan"))
    notes = _converted_notes(start)
    parts.extend(Text(note, style="dim") for note in notes)
    return Group(*parts)


def locate_table(found: Located) -> Group:
    """The position paying the amount, else the nearest below and above, with differences."""
    cur = found.currency
    shown = f"{money.human(found.amount)} {cur}"
    named = [(m, c) for m, c in (("Exact", found.exact), ("Below", found.below),
                                 ("Above", found.above)) if c is not None]  # fmt: skip
    currencies = sorted(named[0][1].amounts, key=lambda code: code != cur)
    table = Table(
        title=f"{found.framework.title} · {shown}",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
    )
    table.add_column("")
    table.add_column("Position")
    for code in currencies:
        table.add_column(f"Pay {code}", justify="right")
    table.add_column(f"Difference {cur}", justify="right")
    for match, cell in named:
        table.add_row(
            Text(match, style="bold"),
            f"Level {cell.position.level} Step {cell.position.step} ({cell.position})",
            *(Text(money.human(cell.amounts[code]), style="bold" if code == cur else "")
              for code in currencies),
            money.signed(found.difference(cell)),
        )  # fmt: skip
    for cell in found.same:
        table.add_row(
            "Same pay",
            f"Level {cell.position.level} Step {cell.position.step} ({cell.position})",
            *(money.human(cell.amounts[code]) for code in currencies),
            money.signed(found.difference(cell)),
        )
    keep_whole(table, *range(2, len(table.columns)))
    notes = [Text(f"Difference: the position's pay minus {shown}. Grid in force from "
                  f"{found.version.in_force_from.isoformat()}.", style="dim")]  # fmt: skip
    notes += [Text(note, style="dim") for note in _converted_notes(named[0][1])]
    return Group(table, *notes)


def _with_others(shown: str, others: Sequence[str], style: str) -> Text:
    """An amount in the chosen currency, the same in the others below it (dim)."""
    text = Text(shown, style=style)
    for other in others:
        text.append(f"\n{other}", style="dim")
    return text


def competencies_view(data: CompetenciesFile, entries: Sequence[Entry], level: int | None) -> Group:
    parts: list[Any] = []
    levels = [lv for lv in data.levels if level is None or lv.number == level]
    by_level: dict[int, list[Entry]] = {}
    for entry in entries:
        by_level.setdefault(entry.level, []).append(entry)
    domains = {d.id: d.name for d in data.domains}
    for info in levels:
        found = by_level.get(info.number, [])
        if not found:
            continue
        mastery = next((m for m in data.mastery_levels if m.id == info.mastery), None)
        title = Text(f"Level {info.number} · {info.name}", style="bold")
        if mastery is not None:
            title.append(f"  (NSX {mastery.name}: {mastery.role})", style="dim")
        parts.append(title)
        parts.append(Text(f"{info.core_duties} Differentiator: {info.differentiator}.",
                          style="dim"))  # fmt: skip
        table = Table(box=box.SIMPLE_HEAD, show_edge=False)
        table.add_column("Id", no_wrap=True, style="cyan")
        table.add_column("Kind")
        table.add_column("Statement", overflow="fold")
        for entry in found:
            st = entry.statement
            kind = domains.get(st.domain or "", st.kind) if st.kind == "durable" else st.kind
            text = Text(st.subject, style="bold")
            text.append(": " + st.text)
            table.add_row(st.id, kind, text)
        parts.append(keep_whole(table, 0))
    return Group(*parts)


def roster_table(fields: Sequence[str], rows: Sequence[Sequence[str]]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False)
    for name in fields:
        numeric = name.startswith("pay_") or name.endswith("_delta_bgn") or name in (
            "actual_pay", "gap", "compa_ratio", "range_position",
        )  # fmt: skip
        table.add_column(name, justify="right" if numeric else "left", overflow="fold")
    for row in rows:
        table.add_row(*row)
    text_columns = ("failing_rules", "reason")
    return keep_whole(table, *(i for i, n in enumerate(fields) if n not in text_columns))


def summary_table(lines: Sequence[str]) -> Group:
    return Group(*(Text(line) for line in lines))


def _months(p: Period) -> str:
    """``2026-01 to 2026-07``, or ``2026-08 onwards`` for an open-ended last period."""
    return f"{p.from_month} to {p.to_month}" if p.to_month else f"{p.from_month} onwards"


def payroll_table(b: Breakdown, title: str, funds: bool = True) -> Group:
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, show_edge=False,
                  show_header=False)  # fmt: skip
    table.add_column("item")
    table.add_column("amount", justify="right")
    code = b.currency
    table.add_row("Gross", f"{money.human(b.gross)} {code}")
    table.add_row(Text("Insurable income (capped)", style="dim"), money.human(b.insurable))
    for fund, amount in b.employee.items() if funds else ():
        table.add_row(
            Text(f"  employee {fund.replace('_', ' ')}", style="dim"), money.human(amount)
        )
    table.add_row("Employee contributions", f"-{money.human(b.employee_total)}")
    table.add_row(Text("Taxable income", style="dim"), money.human(b.taxable))
    table.add_row("Income tax", f"-{money.human(b.income_tax)}")
    table.add_row(Text("Net", style="bold"), Text(f"{money.human(b.net)} {code}", style="bold"))
    for fund, amount in b.employer.items() if funds else ():
        table.add_row(
            Text(f"  employer {fund.replace('_', ' ')}", style="dim"), money.human(amount)
        )
    table.add_row("Employer contributions", f"+{money.human(b.employer_total)}")
    table.add_row(Text("Employer cost", style="bold"),
                  Text(f"{money.human(b.employer_cost)} {code}", style="bold"))  # fmt: skip
    keep_whole(table, 1)
    p = b.period
    note = Text(
        f"Parameters for {_months(p)} ({b.cohort.replace('_', ' ')}): cap "
        f"{money.human(money.two_decimals(p.cap))} {p.currency}, minimum wage "
        f"{money.human(money.two_decimals(p.minimum_wage))} {p.currency}, income tax "
        f"{money.two_decimals(b.income_tax_percent)}%, work accident "
        f"{money.two_decimals(b.work_accident_percent)}%; each fund and the tax rounded half up "
        "to the cent. "
        f"Source: {p.source}",
        style="dim",
    )
    return Group(table, note)


def cost_table(view: GridView, costs: Sequence[Breakdown]) -> Group:
    """The employer's monthly cost of every cell, levels as rows."""
    first = costs[0]
    table = _steps_table(
        view,
        f"{view.framework.title} · employer cost per month in {first.currency}, "
        f"{first.month} (gross below)",
    )
    index = 0
    for row in view.rows:
        shown = []
        for _ in row.cells:
            b = costs[index]
            index += 1
            text = Text(money.human(b.employer_cost), style="bold")
            text.append(f"\n{money.human(b.gross)}", style="dim")
            shown.append(text)
        table.add_row(f"Level {row.level}", *shown)
    keep_whole(table, *range(1, len(table.columns)))
    p = first.period
    note = Text(
        f"Net pay grossed up with the parameters for {_months(p)} "
        f"({first.cohort.replace('_', ' ')}, work accident "
        f"{money.two_decimals(first.work_accident_percent)}%); "
        "each fund and the tax rounded half up to the cent.",
        style="dim",
    )
    return Group(table, note)


def calendar_table(months: Sequence[MonthCalendar]) -> Table:
    """Each day off and worked weekend day, one a row; for a year each month's working days
    first (one month's count is in the title)."""
    # the calendar's words and named days: only when a calendar table is drawn
    from salesgrid.core.calendar import WEEKDAY_NAMES
    from salesgrid.output.calendarout import KINDS, named_days

    one = len(months) == 1
    count = sum(len(m.working_days) for m in months)
    title = f"{months[0].month}" if one else f"{months[0].month} to {months[-1].month}"
    table = Table(
        title=f"{title}: {count} working days",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
    )
    headers = ("Date", "Day", "Kind", "Name", "Source")
    for header in headers if one else ("Month", "Working days", *headers):
        table.add_column(header, justify="right" if header == "Working days" else "left")
    for found in months:
        days: list[tuple[str, NamedDay | None]] = [*named_days(found)] or [("", None)]
        for index, (kind, day) in enumerate(days):
            month = (
                []
                if one
                else [found.month, str(len(found.working_days))]
                if index == 0
                else ["", ""]
            )
            table.add_row(
                *month,
                "" if day is None else day.date.isoformat(),
                "" if day is None else WEEKDAY_NAMES[day.date.weekday()],
                KINDS.get(kind, ""),
                "" if day is None else day.name,
                Text("" if day is None else day.source, style="dim"),
            )
    return keep_whole(table, *range(len(table.columns) - 2))
