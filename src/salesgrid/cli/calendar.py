"""`salesgrid calendar`: a month's working days, its days off and worked weekend days."""

from typing import Annotated, Any

import typer

from salesgrid.cli.guard import EXIT_CODES
from salesgrid.cli.inputs import load_calendar_data
from salesgrid.cli.options import (
    EVERY_FORMAT,
    Debug,
    Format,
    calendar_option,
    format_for,
    format_option,
)
from salesgrid.cli.output import emit
from salesgrid.cli.root import app

MonthArg = Annotated[
    str,
    typer.Argument(
        metavar="MONTH",
        help="The month, YYYY-MM (2026-09), or a whole year, YYYY (2026): one record a month.",
        show_default=False,
    ),
]
OutputArg = Annotated[
    Format | None,
    format_option(
        EVERY_FORMAT,
        default="Default: table on a terminal, else csv (a row per day off or worked weekend day).",
    ),
]


@app.command(epilog=EXIT_CODES)
def calendar(
    month: MonthArg,
    calendar: calendar_option = None,
    output: OutputArg = None,
    debug: Debug = False,
) -> None:
    """The working days of a month in Bulgaria and every day off with its name and source.

    Public holidays (Labour Code Art. 154, a holiday on a weekend giving the next working day
    off) come from the holidays package; days the Council of Ministers declares off or worked
    from the packaged data/calendar.yaml and every --calendar file on top of it."""
    # on run only: --help and completion stay light
    from salesgrid.core.calendar import month_calendar, parse_months
    from salesgrid.output import calendarout

    fmt = format_for(output, "records")
    chosen = parse_months(month)
    data = load_calendar_data(calendar)
    months = [month_calendar(data, year, number) for year, number in chosen]

    def table() -> Any:
        # rich: only when a table is drawn
        from salesgrid.output import tables

        return tables.calendar_table(months)

    emit(
        fmt,
        records=lambda: [calendarout.month_record(found) for found in months],
        single=len(months) == 1,
        csv=lambda: calendarout.calendar_csv(months),
        plain=lambda: calendarout.plain_calendar(months),
        table=table,
    )
