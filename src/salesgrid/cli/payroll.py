"""`salesgrid payroll net|gross`: Bulgarian payroll, one function for both directions."""

from pathlib import Path
from typing import Annotated, Any

import typer

from salesgrid.cli.guard import EXIT_CODES, PROG, say
from salesgrid.cli.inputs import payroll_args, priced_arg
from salesgrid.cli.options import (
    Cohort,
    CsvDialectName,
    CsvDialectOpt,
    Debug,
    Format,
    FormatOpt,
    MonthOpt,
    PayrollPath,
    WorkAccidentRate,
    format_for,
    refuse,
    refuse_dialect,
)
from salesgrid.cli.output import dialect_named, emit
from salesgrid.cli.root import SubGroup, app

payroll_app = typer.Typer(
    cls=SubGroup,
    help="Bulgarian payroll: gross to net and net to gross, with employer cost.",
    no_args_is_help=True,
)
app.add_typer(payroll_app, name="payroll", epilog=EXIT_CODES)


class _Direction:
    """One way through the payroll: ``net`` (gross to net) or ``gross`` (net to gross)."""

    __slots__ = ("command", "doc", "example", "given", "shown", "title")

    def __init__(self, command: str, given: str, example: str, doc: str, shown: str, title: str):
        self.command = command
        self.given = given  # the argument's name, GROSS or NET
        self.example = example
        self.doc = doc
        self.shown = shown  # the amount plain output prints: the other one
        self.title = title


_DIRECTIONS = (
    _Direction("net", "GROSS", "3000", "The net pay for a gross amount: `salesgrid payroll net "
               "3000 --month 2026-09`.", "net", "Gross to net"),
    _Direction("gross", "NET", "1500", "The gross pay that yields a net amount: `salesgrid payroll "
               "gross 1500 --month 2026-03`.\n\nThe smallest gross in cent steps whose net is "
               "exactly NET; when no such gross exists (a\nnet between two cent steps of gross), "
               "exit 3 and say so.", "gross", "Net to gross"),
)  # fmt: skip


def run_payroll(
    ctx: typer.Context,
    way: _Direction,
    text: str,
    month: str | None,
    born_before_1960: bool,
    work_accident_rate: str | None,
    payroll: Path | None,
    output: Format | None,
    dialect: CsvDialectName = CsvDialectName.plain,
) -> None:
    """Both payroll commands: read the amount, work the payroll out one way, write it."""
    # on run only: --help and completion stay light
    from salesgrid.core.money import agree, require_pay
    from salesgrid.core.payroll import gross_for, net_of, period_for
    from salesgrid.core.plausible import payroll_warning

    read = priced_arg(text, way.given)
    amount = read.value
    require_pay(amount, way.given, f"the monthly {way.given.lower()} pay", way.example)
    data, chosen, cohort, rate = payroll_args(payroll, month, born_before_1960,
                                               work_accident_rate)  # fmt: skip
    agree(read, text, way.given, period_for(data, chosen).currency,
          f"the payroll currency of {chosen}")  # fmt: skip
    fmt = format_for(output, "scalar")
    refuse_dialect(ctx, fmt is Format.csv)
    if fmt is Format.plain:
        refuse(ctx, ("work_accident_rate",), f"changes the employer cost, not the {way.shown} "
                "pay that plain output prints: use --format table, csv, json or jsonl")  # fmt: skip
    work = net_of if way.command == "net" else gross_for
    b = work(data, chosen, amount, cohort, rate)
    what = (
        f"GROSS {text.strip()}"
        if way.command == "net"
        else f"the gross {b.gross} of NET {text.strip()}"
    )
    warning = payroll_warning(data, chosen, b.gross, what)
    if warning is not None:
        say(f"{PROG}: warning: {warning}")
    _payroll_output(b, fmt, b.net if way.command == "net" else b.gross, f"{way.title}, {chosen}",
                    dialect)  # fmt: skip


def _payroll_output(
    b: Any, fmt: Format, value: Any, title: str, dialect: CsvDialectName = CsvDialectName.plain
) -> None:
    # on run only: --help and completion stay light
    from salesgrid.core import money
    from salesgrid.output import render

    def table() -> Any:
        # rich: only when a table is drawn
        from salesgrid.output import tables

        return tables.payroll_table(b, title)

    emit(
        fmt,
        records=lambda: [render.payroll_record(b)],
        csv=lambda: render.payroll_csv(b, dialect=dialect_named(dialect)),
        plain=lambda: money.plain(value) + "\n",
        table=table,
        single=True,
    )


def _register(way: _Direction) -> None:
    """Add ``salesgrid payroll <way>``: a thin command over :func:`run_payroll`."""
    amount_help = (
        f"Monthly {way.given.lower()} pay: {way.example}, {way.example}.50 or {way.example},50; "
        f"grouped ({way.example[0]} {way.example[1:]},50) and with the month's payroll currency "
        f"({way.example} €) too."
    )
    Amount = Annotated[str, typer.Argument(metavar=way.given, help=amount_help)]

    def command(
        ctx: typer.Context,
        amount: Amount,
        month: MonthOpt = None,
        born_before_1960: Cohort = False,
        work_accident_rate: WorkAccidentRate = None,
        payroll: PayrollPath = None,
        output: FormatOpt = None,
        csv_dialect: CsvDialectOpt = CsvDialectName.plain,
        debug: Debug = False,
    ) -> None:
        run_payroll(ctx, way, amount, month, born_before_1960, work_accident_rate, payroll, output,
                    csv_dialect)  # fmt: skip

    command.__doc__ = way.doc
    command.__name__ = f"payroll_{way.command}"
    payroll_app.command(way.command, epilog=EXIT_CODES)(command)


for _way in _DIRECTIONS:
    _register(_way)
