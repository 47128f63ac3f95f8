"""`salesgrid locate`: the position paying an amount, else the nearest below and above."""

from typing import Annotated, Any

import typer

from salesgrid.cli.complete import complete_currency
from salesgrid.cli.guard import EXIT_CODES, PROG, say
from salesgrid.cli.inputs import priced_arg, setup
from salesgrid.cli.options import (
    EVERY_FORMAT,
    AddGrid,
    AsOf,
    CsvDialectName,
    CsvDialectOpt,
    Debug,
    Format,
    FrameworkId,
    GridPath,
    format_for,
    format_option,
    refuse_dialect,
)
from salesgrid.cli.output import dialect_named, emit
from salesgrid.cli.root import app
from salesgrid.errors import ExitCode

AmountArg = Annotated[
    str,
    typer.Argument(
        metavar="AMOUNT",
        help="A monthly net pay in the framework's currency, or in --currency (5000, 2500.50; "
        "2500,50 is read as 2500.50; 5 445,00 and 5.445,00 too). A currency written with it "
        "(5 445 лв., €2783.99) is --currency.",
        show_default=False,
    ),
]

#: The exit codes, with what 0, 1 and 3 say about where the amount is.
LOCATE_EXIT_CODES = EXIT_CODES.replace(
    "0 success; 1 not eligible (promote --check); ",
    "0 a position pays exactly AMOUNT; 1 AMOUNT is between two positions; ",
).replace(
    "3 position, framework or date not in the data; ",
    "3 AMOUNT is below the lowest or above the highest pay (the nearest position is named on "
    "stderr), or the framework or date is not in the data; ",
)
LocateFormat = Annotated[
    Format | None,
    format_option(EVERY_FORMAT, default="Default: table at a terminal; otherwise plain."),
]
LocateCurrency = Annotated[
    str | None,
    typer.Option(
        "--currency",
        envvar="SALESGRID_CURRENCY",
        autocompletion=complete_currency,
        metavar="BGN|EUR",
        help="Currency of AMOUNT, and of the pay and differences shown. Default: the "
        "framework's own (BGN). An EUR amount is compared with the grid's euro amounts: BGN / "
        "1.95583 rounded up to the cent (the pay rule).",
        show_default=False,
    ),
]


@app.command(epilog=LOCATE_EXIT_CODES)
def locate(
    ctx: typer.Context,
    amount: AmountArg,
    grid: GridPath = None,
    add_grid: AddGrid = None,
    framework: FrameworkId = None,
    as_of: AsOf = None,
    output: LocateFormat = None,
    currency: LocateCurrency = None,
    csv_dialect: CsvDialectOpt = CsvDialectName.plain,
    debug: Debug = False,
) -> None:
    """The position paying AMOUNT (`salesgrid locate 5445` prints 2.3), else the nearest two.

    Without an exact match: the nearest position below and above it, with the differences."""
    # on run only: --help and completion stay light
    from salesgrid.core.locate import locate_amount, notes
    from salesgrid.core.money import agree, currency_text

    read = priced_arg(amount, "AMOUNT", "5000.50")
    given = None if currency is None else currency_text(currency)
    currency = agree(read, amount, "AMOUNT", given, "--currency")
    fmt = format_for(output, "scalar")
    refuse_dialect(ctx, fmt is Format.csv)
    data, day, chosen = setup(grid, as_of, currency, add_grid)
    found = locate_amount(data, framework, read.value, chosen, day)
    _locate_output(fmt, found, csv_dialect)
    for note in notes(found):
        say(f"{PROG}: note: {note}")
    if found.outside:
        raise typer.Exit(ExitCode.NOT_FOUND)
    if found.exact is None:
        raise typer.Exit(ExitCode.NOT_ELIGIBLE)


def _locate_output(fmt: Format, found: Any, dialect: CsvDialectName = CsvDialectName.plain) -> None:
    # on run only: --help and completion stay light
    from salesgrid.output import render

    def table() -> Any:
        # rich: only when a table is drawn
        from salesgrid.output import tables

        return tables.locate_table(found)

    emit(
        fmt,
        records=lambda: [render.locate_record(found)],
        single=True,
        csv=lambda: render.locate_csv(found, dialect_named(dialect)),
        plain=lambda: render.plain_locate(found),
        table=table,
    )
