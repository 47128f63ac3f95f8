"""`salesgrid grid`: the whole grid of one framework, as a table, records or a chart."""

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from salesgrid import __version__
from salesgrid.cli.complete import complete_position
from salesgrid.cli.guard import EXIT_CODES
from salesgrid.cli.inputs import grid_set_of, level_names_of, payroll_args, setup
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
from salesgrid.cli.output import dialect_named, emit, write_text
from salesgrid.cli.root import app

HighlightArg = Annotated[
    str | None,
    typer.Option(
        "--highlight",
        metavar="L.S",
        help="Mark one position (e.g. 2.3).",
        show_default=False,
        autocompletion=complete_position,
    ),
]
ChartArg = Annotated[
    bool,
    typer.Option("--chart", help="Draw the pay ladder: one bar per position, in order."),
]
ExportArg = Annotated[
    bool,
    typer.Option(
        "--export",
        help="Write the grid file in use (every framework, every version) as commented YAML "
        "to edit: `salesgrid grid --export > company-grid.yaml`.",
    ),
]
EmployerCostArg = Annotated[
    bool,
    typer.Option(
        "--employer-cost",
        help="Add the gross pay and the employer's cost of every cell (see --month).",
    ),
]


@app.command(name="grid", epilog=EXIT_CODES)
def grid_command(
    ctx: typer.Context,
    highlight: HighlightArg = None,
    chart: ChartArg = False,
    grid: GridPath = None,
    add_grid: AddGrid = None,
    framework: FrameworkId = None,
    as_of: AsOf = None,
    output: FormatOpt = None,
    currency: CurrencyOpt = None,
    competencies: CompetenciesPath = None,
    employer_cost: EmployerCostArg = False,
    month: MonthOpt = None,
    born_before_1960: Cohort = False,
    work_accident_rate: WorkAccidentRate = None,
    payroll: PayrollPath = None,
    export: ExportArg = False,
    csv_dialect: CsvDialectOpt = CsvDialectName.plain,
    debug: Debug = False,
) -> None:
    """The whole grid: levels as rows, steps as columns, with the increases between them."""
    # on run only: --help and completion stay light
    from salesgrid.core.pay import cell_amount, grid_view
    from salesgrid.core.positions import parse_position

    if export:
        _export(ctx, grid, add_grid)
        return
    fmt = _grid_format(ctx, output, chart, employer_cost)
    refuse_dialect(ctx, fmt is Format.csv)
    marked = parse_position(highlight) if highlight is not None else None
    data, day, chosen = setup(grid, as_of, currency, add_grid)
    view = grid_view(data, framework, day)
    if marked is not None:
        cell_amount(view.framework, view.version, marked)  # a position not in the grid: exit 3
    if chart:
        _chart(fmt, view, chosen, marked)
        return
    cells = view.cells
    costs: list[Any] = []
    if employer_cost:
        figures = payroll_args(payroll, month, born_before_1960, work_accident_rate)
        # on run only: --help and completion stay light
        from salesgrid.core.payroll import behind

        costs = [behind(cell, *figures) for cell in cells]

    _grid_output(fmt, view, chosen, marked, costs, competencies, csv_dialect)


def _export(ctx: typer.Context, grid: Path | None, add_grid: list[Path] | None) -> None:
    """--export: the grid in use (--grid and its --add-grid layers) as one grid file in YAML;
    every other option is refused."""
    # on run only: --help and completion stay light
    from salesgrid.files.export import export_grid

    kept = ("export", "grid", "add_grid")
    dropped = tuple(p.name for p in ctx.command.params if p.name not in kept)
    refuse(ctx, dropped, "does not apply to --export, which writes the whole grid file (every "
            "framework, every version) as YAML: drop one or the other")  # fmt: skip
    found = grid_set_of(grid, add_grid)
    write_text(export_grid(found.grid, found.framework_files, __version__, found.version_files))


def _grid_format(
    ctx: typer.Context, output: Format | None, chart: bool, employer_cost: bool
) -> Format:
    """The format; a chart is drawn as a table or plain text; dropped options are refused."""
    fmt = format_for(output, "records")
    if chart and fmt not in (Format.table, Format.plain):
        refuse(ctx, ("output",), f"{fmt.value}: --chart draws for people: use --format table "
                "or plain, or drop --chart")  # fmt: skip
        fmt = Format.table if sys.stdout.isatty() else Format.plain  # a chart off a terminal
    if chart and employer_cost:
        fail_usage("--chart draws net pay only: drop --employer-cost, or --chart")
    _check_grid_options(ctx, fmt, chart, employer_cost)
    return fmt


def _chart(fmt: Format, view: Any, chosen: str | None, marked: Any) -> None:
    """The pay ladder: drawn by rich at a terminal, as text (ASCII off UTF-8) otherwise."""

    def drawn() -> Any:
        # rich: only when a table is drawn
        from salesgrid.output import screen, tables

        width = max(20, min(60, screen.console().width - 40))
        return tables.chart_renderable(view, chosen, marked, width)

    def text() -> str:
        # on run only: --help and completion stay light
        from salesgrid.output.chart import chart_text

        ascii_only = (sys.stdout.encoding or "").lower().replace("-", "") != "utf8"
        return chart_text(view, chosen, marked, ascii_only=ascii_only)

    emit(fmt, table=drawn, plain=text)


def _grid_output(
    fmt: Format,
    view: Any,
    chosen: str | None,
    marked: Any,
    costs: list[Any],
    competencies: Path | None,
    dialect: CsvDialectName = CsvDialectName.plain,
) -> None:
    """The grid in every format, with the employer cost of every cell when asked."""
    # on run only: --help and completion stay light
    from salesgrid.output import render

    cells = view.cells

    def table() -> Any:
        # rich: only when a table is drawn
        from salesgrid.output import tables

        names = level_names_of(competencies, view.framework)
        shown = tables.grid_table(view, chosen, marked, names)
        if not costs:
            return shown
        # rich: only when a table is drawn
        from rich.console import Group

        return Group(shown, tables.cost_table(view, costs))

    def records() -> list[dict[str, Any]]:
        found = [render.pay_record(c, chosen) for c in cells]
        if not costs:
            return found
        return [render.add_payroll(r, b, False) for r, b in zip(found, costs, strict=True)]

    emit(
        fmt,
        records=records,
        csv=lambda: render.cells_csv(cells, costs, dialect_named(dialect)),
        plain=lambda: render.plain_cells(cells, chosen, costs),
        table=table,
    )


def _check_grid_options(ctx: typer.Context, fmt: Format, chart: bool, employer_cost: bool) -> None:
    """Options that `grid` would otherwise drop in this format are usage errors."""
    if not employer_cost:
        refuse(ctx, ("month", "born_before_1960", "work_accident_rate", "payroll"),
                "works out the employer cost: add --employer-cost")  # fmt: skip
    if fmt is not Format.table or chart:
        shown = "a chart" if chart else f"{fmt.value} output"
        refuse(ctx, ("competencies",), f"names the levels in the grid table, not in {shown}: "
                "drop it, or use --format table")  # fmt: skip
    if fmt not in (Format.table, Format.plain) or (fmt is Format.plain and not chart):
        refuse(ctx, ("highlight",), f"marks a position in a table or chart, not in {fmt.value} "
                "output: use --format table, or --chart")  # fmt: skip
    if fmt is Format.csv:
        refuse(ctx, ("currency",), "does not apply to csv, which has a column per currency "
                "(BGN, EUR): drop it, or use --format plain or json")  # fmt: skip
