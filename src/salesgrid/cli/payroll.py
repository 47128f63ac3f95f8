"""`salesgrid payroll net|gross`: Bulgarian payroll, one function for both directions."""

from typing import Annotated, Any

import typer

from salesgrid.cli.app import _SubGroup, app
from salesgrid.cli.guard import EXIT_CODES
from salesgrid.cli.options import (
    Cohort,
    Debug,
    Format,
    FormatOpt,
    MonthOpt,
    PayrollPath,
    WorkAccidentRate,
    _format,
    _money_arg,
    _payroll_args,
    _refuse,
)
from salesgrid.cli.output import _emit

payroll_app = typer.Typer(
    cls=_SubGroup,
    help="Bulgarian payroll: gross to net and net to gross, with employer cost.",
    no_args_is_help=True,
)
app.add_typer(payroll_app, name="payroll", epilog=EXIT_CODES)


def _payroll_output(b: Any, fmt: Format, value: Any, title: str) -> None:
    from salesgrid.core import money
    from salesgrid.output import render

    def table() -> Any:
        from salesgrid.output import tables

        return tables.payroll_table(b, title)

    _emit(
        fmt,
        records=lambda: [render.payroll_record(b)],
        csv=lambda: render.payroll_csv(b),
        plain=lambda: money.plain(value) + "\n",
        table=table,
        single=True,
    )


def _check_payroll_options(ctx: typer.Context, fmt: Format, shown: str) -> None:
    if fmt is Format.plain:
        _refuse(ctx, ("work_accident_rate",), f"changes the employer cost, not the {shown} pay "
                "that plain output prints: use --format table, csv, json or jsonl")  # fmt: skip


@payroll_app.command("net", epilog=EXIT_CODES)
def payroll_net(
    ctx: typer.Context,
    gross: Annotated[
        str,
        typer.Argument(metavar="GROSS", help="Monthly gross pay: 3000, 3000.50 or 3000,50."),
    ],
    month: MonthOpt = None,
    born_before_1960: Cohort = False,
    work_accident_rate: WorkAccidentRate = None,
    payroll: PayrollPath = None,
    output: FormatOpt = None,
    debug: Debug = False,
) -> None:
    """The net pay for a gross amount: `salesgrid payroll net 3000 --month 2026-09`."""
    from salesgrid.core.payroll import net_of

    amount = _money_arg(gross, "GROSS")
    data, chosen, cohort, rate = _payroll_args(payroll, month, born_before_1960,
                                               work_accident_rate)  # fmt: skip
    _check_payroll_options(ctx, _format(output, "scalar"), "net")
    b = net_of(data, chosen, amount, cohort, rate)
    _payroll_output(b, _format(output, "scalar"), b.net, f"Gross to net, {chosen}")


@payroll_app.command("gross", epilog=EXIT_CODES)
def payroll_gross(
    ctx: typer.Context,
    net: Annotated[
        str,
        typer.Argument(metavar="NET", help="Monthly net pay: 1500, 1500.50 or 1500,50."),
    ],
    month: MonthOpt = None,
    born_before_1960: Cohort = False,
    work_accident_rate: WorkAccidentRate = None,
    payroll: PayrollPath = None,
    output: FormatOpt = None,
    debug: Debug = False,
) -> None:
    """The gross pay that yields a net amount: `salesgrid payroll gross 1500 --month 2026-03`.

    The smallest gross in cent steps whose net is exactly NET; when no such gross exists (a
    net between two cent steps of gross), exit 3 and say so.
    """
    from salesgrid.core.payroll import gross_for

    amount = _money_arg(net, "NET")
    data, chosen, cohort, rate = _payroll_args(payroll, month, born_before_1960,
                                               work_accident_rate)  # fmt: skip
    _check_payroll_options(ctx, _format(output, "scalar"), "gross")
    b = gross_for(data, chosen, amount, cohort, rate)
    _payroll_output(b, _format(output, "scalar"), b.gross, f"Net to gross, {chosen}")
