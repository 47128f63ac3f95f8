"""`salesgrid diff`: what a grid change costs. Two sides (a grid file on a day each), every
position compared, and with --roster the cost of the change for its people."""

from collections import Counter
from pathlib import Path
from typing import Annotated, Any

import typer

from salesgrid.cli.guard import EXIT_CODES, PROG, say
from salesgrid.cli.inputs import as_of_day, competencies_file, grid_file
from salesgrid.cli.options import (
    AddGrid,
    AsOf,
    CsvDialectName,
    CsvDialectOpt,
    Debug,
    Format,
    FrameworkId,
    GridPath,
    fail_usage,
    format_for,
    format_option,
    refuse,
    refuse_dialect,
)
from salesgrid.cli.output import dialect_named, emit
from salesgrid.cli.root import app
from salesgrid.cli.rosterin import DelimiterArg, EncodingArg, IgnoreUnknownArg, SheetArg, opened
from salesgrid.cli.sources import check_framework
from salesgrid.errors import ExitCode, counted

DIFF_FORMATS = (Format.table, Format.plain, Format.csv, Format.json)
#: Rejected roster rows shown on stderr, at most (then a count of the rest).
SHOWN_REJECTS = 5


def _side_date(flag: str, side: str) -> Any:
    return typer.Option(
        flag, metavar="YYYY-MM-DD", show_default=False,
        help=f"The {side} side's day: the grid versions in force on it. Default: --as-of, "
        "else today.",
    )  # fmt: skip


def _side_grid(flag: str, side: str) -> Any:
    return typer.Option(
        flag, metavar="PATH", dir_okay=False, show_default=False,
        help=f"The {side} side's grid file. Default: --grid, else the packaged grid.",
    )  # fmt: skip


FromDate = Annotated[str | None, _side_date("--from-date", "old (from)")]
ToDate = Annotated[str | None, _side_date("--to-date", "new (to)")]
FromGrid = Annotated[Path | None, _side_grid("--from-grid", "old (from)")]
ToGrid = Annotated[Path | None, _side_grid("--to-grid", "new (to)")]
RosterOpt = Annotated[
    str | None,
    typer.Option(
        "--roster", metavar="FILE", show_default=False,
        help="A roster (CSV, ;-CSV, JSONL or xlsx, as `salesgrid roster` reads; - for stdin), "
        "read against the old side: headcount per position and the monthly and annual cost.",
    ),
]  # fmt: skip
ChangedOnly = Annotated[
    bool,
    typer.Option(
        "--changed-only",
        help="List only positions whose pay changes, added "
        "or removed (roster totals still count everyone).",
    ),
]
OutputArg = Annotated[
    Format | None,
    format_option(DIFF_FORMATS, default="Default: table at a terminal, otherwise csv."),
]


@app.command(name="diff", epilog=EXIT_CODES)
def diff_command(
    ctx: typer.Context,
    from_date: FromDate = None,
    to_date: ToDate = None,
    from_grid: FromGrid = None,
    to_grid: ToGrid = None,
    roster: RosterOpt = None,
    delimiter: DelimiterArg = None,
    encoding: EncodingArg = None,
    sheet: SheetArg = None,
    ignore_unknown: IgnoreUnknownArg = False,
    changed_only: ChangedOnly = False,
    grid: GridPath = None,
    add_grid: AddGrid = None,
    framework: FrameworkId = None,
    as_of: AsOf = None,
    output: OutputArg = None,
    csv_dialect: CsvDialectOpt = CsvDialectName.plain,
    debug: Debug = False,
) -> None:
    """What a grid change costs: every position of two grids (two dates, two files, or both).

    Old and new pay, the change, and with --roster what the change costs a month and a year."""
    # on run only: --help and completion stay light
    from salesgrid.core import diff

    fmt = format_for(output, "records")
    refuse_dialect(ctx, fmt is Format.csv)
    if not any(v is not None for v in (from_date, to_date, from_grid, to_grid)):
        fail_usage("say what to compare: give --from-date and/or --to-date (two versions of "
                    "one grid), --from-grid and/or --to-grid (two files), or both")  # fmt: skip
    if roster is None:
        refuse(ctx, ("delimiter", "encoding", "sheet", "ignore_unknown"),
                "reads the roster: add --roster FILE")  # fmt: skip
    old = _side(from_grid, grid, add_grid, from_date, as_of, "--from-date")
    new = _side(to_grid, grid, add_grid, to_date, as_of, "--to-date")
    check_framework(old.grid, new.grid)
    found = diff.diff(old, new, framework)
    for absent in found.absent:
        which = "old (from)" if absent.side == "from" else "new (to)"
        say(f"{PROG}: note: {absent.framework} has no grid in force on the {which} side's day "
             f"{absent.day.isoformat()}: its positions count as "
             f"{'added' if absent.side == 'from' else 'removed'}")  # fmt: skip
    headcount, cost, rejected = None, None, 0
    if roster is not None:
        headcount, rejected = _headcount(roster, old, framework, (delimiter, encoding, sheet),
                                         ignore_unknown)  # fmt: skip
        cost = diff.roster_cost(found, headcount)
        _cost_notes(cost, framework)
    cells = [c for c in found.cells if not changed_only or c.status != "unchanged"]
    _output(fmt, found, cells, headcount, cost, csv_dialect)
    if rejected:
        raise typer.Exit(ExitCode.REJECTED_ROWS)


def _side(
    own: Path | None,
    grid: Path | None,
    layers: list[Path] | None,
    day: str | None,
    as_of: str | None,
    flag: str,
) -> Any:
    """One side: its grid file (own, else --grid with the --add-grid layers, else the packaged
    grid with them) on its day (own, else --as-of, else today)."""
    # on run only: --help and completion stay light
    from salesgrid.core.days import parse_day
    from salesgrid.core.diff import Side
    from salesgrid.files.loader import packaged_name

    path = own or grid
    layers = None if own is not None else layers
    when = parse_day(day, flag) if day is not None else as_of_day(as_of)
    name = " + ".join([packaged_name("grid") if path is None else str(path),
                       *map(str, layers or ())])  # fmt: skip
    return Side(grid_file(path, layers), when, name)


def _headcount(
    source: str, old: Any, framework: str | None, reading: tuple[str | None, ...],
    ignore_unknown: bool,
) -> tuple[dict[tuple[str, str], int], int]:  # fmt: skip
    """People per (framework, position) of the roster, read against the old side as
    `salesgrid roster` reads it; rejected rows are said on stderr (count, first reasons)."""
    # on run only: --help and completion stay light
    from salesgrid.batch.roster import process
    from salesgrid.batch.spec import RosterSpec
    from salesgrid.batch.summary import Summary
    from salesgrid.core.diff import check_roster_framework
    from salesgrid.core.pay import steps_at

    delimiter, encoding, sheet = reading
    check_roster_framework(old, framework)
    rejects: list[Any] = []
    totals = Summary()
    with opened(source, None, encoding, delimiter, sheet, realms=list(old.grid.realms),
                ignore_unknown=ignore_unknown, steps=steps_at(old.grid, framework, old.day),
                blocks=True) as roster_in:  # fmt: skip
        # only the positions are read: a column diff does not use never rejects a row
        spec = RosterSpec(roster_in.header, old.grid, competencies_file(None), old.day,
                          framework, ignore_unknown, positions_only=True)  # fmt: skip
        process(spec, roster_in.rows, None, rejects.append, totals, False)
    for item in rejects[:SHOWN_REJECTS]:
        say(f"{PROG}: row {item.line}: {item.reason}")
    if rejects:
        more = len(rejects) - SHOWN_REJECTS
        shown = f" ({more} more not shown)" if more > 0 else ""
        say(f"{PROG}: warning: {counted(len(rejects), 'roster row')} rejected and left out of "
             f"the headcount and cost{shown}")  # fmt: skip
    counts: Counter[tuple[str, str]] = Counter()
    for (key, _, _), count in totals.counts.items():
        counts[key] += count
    return dict(counts), len(rejects)


def _cost_notes(cost: Any, framework: str | None) -> None:
    for (fw, position), people in cost.uncosted.items():
        say(f"{PROG}: warning: {counted(people, 'person', 'people')} at {fw} {position}, a "
             "position the new grid does not have: counted in the headcount, left out of the "
             "cost")  # fmt: skip
    if cost.outside:
        say(f"{PROG}: note: {counted(cost.outside, 'person', 'people')} in frameworks other "
             f"than {framework}: left out (drop --framework to count them)")  # fmt: skip


def _output(
    fmt: Format,
    found: Any,
    cells: list[Any],
    headcount: Any,
    cost: Any,
    dialect: CsvDialectName = CsvDialectName.plain,
) -> None:
    # on run only: --help and completion stay light
    from salesgrid.output import diffout

    def table() -> Any:
        # on run only: --help and completion stay light
        from salesgrid.output import difftables

        return difftables.diff_table(found, cells, headcount, cost)

    emit(
        fmt,
        records=lambda: [diffout.diff_record(found, cells, cost)],
        single=True,
        csv=lambda: diffout.diff_csv(cells, headcount, dialect_named(dialect)),
        plain=lambda: diffout.diff_plain(cells, headcount, cost),
        table=table,
    )
