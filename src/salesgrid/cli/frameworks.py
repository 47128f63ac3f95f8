"""`salesgrid frameworks`: every framework with its size, realms and pay range."""

from typing import Any

import typer

from salesgrid.cli.guard import EXIT_CODES, PROG, say
from salesgrid.cli.inputs import grid_set_of, setup
from salesgrid.cli.options import (
    AddGrid,
    AsOf,
    CurrencyOpt,
    Debug,
    Format,
    FormatOpt,
    GridPath,
    format_for,
    refuse,
)
from salesgrid.cli.output import emit
from salesgrid.cli.root import app


@app.command(epilog=EXIT_CODES)
def frameworks(
    ctx: typer.Context,
    grid: GridPath = None,
    add_grid: AddGrid = None,
    as_of: AsOf = None,
    output: FormatOpt = None,
    currency: CurrencyOpt = None,
    debug: Debug = False,
) -> None:
    """Every framework: levels x steps, the realms it requires, its pay range and its file."""
    # on run only: --help and completion stay light
    from salesgrid.core.pay import summaries
    from salesgrid.output import render

    fmt = format_for(output, "records")
    if fmt not in (Format.table, Format.plain):
        refuse(ctx, ("currency",), f"does not apply to {fmt.value}, which gives the pay range "
                "in every currency: drop it, or use --format table or plain")  # fmt: skip
    data, day, chosen = setup(grid, as_of, currency, add_grid)
    sources = grid_set_of(grid, add_grid)  # cached: the file of each framework and version
    files, version_files = sources.framework_files, sources.version_files
    found, missing = summaries(data, day)
    if missing:
        say(
            f"{PROG}: note: no grid in force on {day.isoformat()} for "
            + ", ".join(fw.id for fw in missing)
        )

    def table() -> Any:
        # rich: only when a table is drawn
        from salesgrid.output import tables

        return tables.frameworks_table(found, chosen, sources.files[0], files, version_files)

    emit(
        fmt,
        records=lambda: [
            render.framework_record(
                s, files[s.framework.id], version_files[s.framework.id, s.version.in_force_from]
            )
            for s in found
        ],
        csv=lambda: render.frameworks_csv(found, files, version_files),
        plain=lambda: render.plain_frameworks(found, chosen),
        table=table,
    )
