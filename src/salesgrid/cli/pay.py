"""`salesgrid pay`: the monthly net pay at one position, and with --gross the payroll behind it."""

from pathlib import Path
from typing import Annotated, Any

import typer

from salesgrid.cli.complete import complete_position
from salesgrid.cli.guard import EXIT_CODES
from salesgrid.cli.inputs import level_names_of, payroll_args, setup
from salesgrid.cli.options import (
    AddGrid,
    AsOf,
    Cohort,
    CompetenciesPath,
    CsvDialectName,
    CsvDialectOpt,
    CurrencyOpt,
    Debug,
    Format,
    FormatOpt,
    FrameworkId,
    GridPath,
    MonthOpt,
    PayrollPath,
    WorkAccidentRate,
    fail_usage,
    format_for,
    refuse,
    refuse_dialect,
)
from salesgrid.cli.output import dialect_named, emit
from salesgrid.cli.root import app

PositionArg = Annotated[
    str,
    typer.Argument(
        metavar="POSITION",
        help="LEVEL.STEP (2.3), or LEVEL then STEP (2 3).",
        autocompletion=complete_position,
    ),
]
StepArg = Annotated[str | None, typer.Argument(metavar="[STEP]", show_default=False)]
GrossArg = Annotated[
    bool,
    typer.Option(
        "--gross",
        help="Add the gross pay, contributions, tax and employer "
        "cost behind the net pay (see --month).",
    ),
]
BreakdownArg = Annotated[
    bool,
    typer.Option("--breakdown", help="With --gross: every fund (not in plain output)."),
]


@app.command(epilog=EXIT_CODES)
def pay(
    ctx: typer.Context,
    position: PositionArg,
    step: StepArg = None,
    grid: GridPath = None,
    add_grid: AddGrid = None,
    framework: FrameworkId = None,
    as_of: AsOf = None,
    output: FormatOpt = None,
    currency: CurrencyOpt = None,
    competencies: CompetenciesPath = None,
    gross: GrossArg = False,
    breakdown: BreakdownArg = False,
    month: MonthOpt = None,
    born_before_1960: Cohort = False,
    work_accident_rate: WorkAccidentRate = None,
    payroll: PayrollPath = None,
    csv_dialect: CsvDialectOpt = CsvDialectName.plain,
    debug: Debug = False,
) -> None:
    """Monthly net pay at one position: `salesgrid pay 2 3` or `salesgrid pay 2.3`."""
    # on run only: --help and completion stay light
    from salesgrid.core.pay import pay as pay_at
    from salesgrid.core.positions import parse_level_step

    where = parse_level_step(position, step)
    fmt = format_for(output, "scalar")
    refuse_dialect(ctx, fmt is Format.csv)
    _check_pay_options(ctx, fmt, gross, breakdown)
    data, day, chosen = setup(grid, as_of, currency, add_grid)
    cell = pay_at(data, framework, where, day)
    behind = None
    if gross:
        figures = payroll_args(payroll, month, born_before_1960, work_accident_rate)
        behind = _behind(cell, figures, fmt, chosen)
    _pay_output(fmt, cell, behind, chosen, breakdown, competencies, day.isoformat(), csv_dialect)


def _behind(cell: Any, figures: Any, fmt: Format, chosen: str | None) -> Any:
    """The payroll behind the net pay; plain output is its gross in the payroll's currency."""
    # on run only: --help and completion stay light
    from salesgrid.core.payroll import behind as payroll_behind

    behind = payroll_behind(cell, *figures)
    if fmt is Format.plain and chosen is not None and chosen != behind.currency:
        # refused from SALESGRID_CURRENCY too: a bare amount in another currency than asked
        fail_usage(
            f"--currency {chosen} (or SALESGRID_CURRENCY): with --gross, plain output is the "
            f"gross pay in {behind.currency}, the currency of {behind.month}'s payroll: give "
            f"--currency {behind.currency}, or use --format json"
        )
    return behind


def _pay_output(
    fmt: Format,
    cell: Any,
    behind: Any,
    chosen: str | None,
    breakdown: bool,
    competencies: Path | None,
    day: str,
    dialect: CsvDialectName = CsvDialectName.plain,
) -> None:
    """One cell in every format, with the payroll behind it (--gross) when asked."""
    # on run only: --help and completion stay light
    from salesgrid.output import render

    def record() -> list[dict[str, Any]]:
        found = render.pay_record(cell, chosen)
        return [found if behind is None else render.add_payroll(found, behind, breakdown)]

    def table() -> Any:
        # rich: only when a table is drawn
        from salesgrid.output import tables

        names = level_names_of(competencies, cell.framework)
        shown = tables.pay_table(cell, chosen, names, day)
        if behind is None:
            return shown
        # rich: only when a table is drawn
        from rich.console import Group

        title = f"Behind the net pay, {behind.month}"
        return Group(shown, tables.payroll_table(behind, title, funds=breakdown))

    def csv_text() -> str:
        chosen_dialect = dialect_named(dialect)
        text = render.cells_csv([cell], dialect=chosen_dialect)
        if behind is None:
            return text
        head, row = text.splitlines()
        extra = render.payroll_csv(behind, breakdown, chosen_dialect).splitlines()
        sep, end = chosen_dialect.delimiter, chosen_dialect.newline
        tail = extra[0].removeprefix("\ufeff")  # a byte order mark starts the text once
        return f"{head}{sep}{tail}{end}{row}{sep}{extra[1]}{end}"

    def plain() -> str:
        if behind is None:
            return render.plain_pay(cell, chosen)
        # on run only: --help and completion stay light
        from salesgrid.core import money

        return money.plain(behind.gross) + "\n"

    emit(fmt, records=record, csv=csv_text, plain=plain, table=table, single=True)


def _check_pay_options(ctx: typer.Context, fmt: Format, gross: bool, breakdown: bool) -> None:
    """Options that `pay` would otherwise drop in this format are usage errors."""
    if not gross:
        refuse(ctx, ("breakdown", "month", "born_before_1960", "work_accident_rate", "payroll"),
                "works out the payroll behind the net pay: add --gross")  # fmt: skip
    if fmt is not Format.table:
        refuse(ctx, ("competencies",), f"names the levels in tables, not in {fmt.value} "
                "output: drop it, or use --format table")  # fmt: skip
    if fmt is Format.csv:
        refuse(ctx, ("currency",), "does not apply to csv, which has a column per currency "
                "(BGN, EUR): drop it, or use --format plain or json")  # fmt: skip
    if fmt is Format.plain:
        refuse(ctx, ("breakdown",), "lists every fund, which plain output (one amount) cannot "
                "show: use --format table, csv, json or jsonl")  # fmt: skip
        refuse(ctx, ("work_accident_rate",), "changes the employer cost, not the gross pay "
                "that plain output prints: use --format table, csv, json or jsonl")  # fmt: skip
