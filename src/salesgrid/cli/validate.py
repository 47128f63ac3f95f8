"""`salesgrid validate`: check data files, every problem with file and line."""

from pathlib import Path
from typing import Annotated, Any

import typer

from salesgrid.cli.guard import EXIT_CODES, say
from salesgrid.cli.inputs import as_of_day
from salesgrid.cli.options import (
    EVERY_FORMAT,
    AddGrid,
    Debug,
    Format,
    SchemaKind,
    data_file_option,
    fail_usage,
    format_option,
    refuse,
)
from salesgrid.cli.output import emit
from salesgrid.cli.root import app
from salesgrid.errors import ExitCode

FilesArg = Annotated[
    list[Path] | None,
    typer.Argument(
        metavar="[FILE]...",
        help="Grid, competency, payroll, calendar or assessment files. Default: the packaged grid, "
        "competency and payroll files.",
        show_default=False,
        dir_okay=False,
    ),
]
KindArg = Annotated[
    SchemaKind | None,
    typer.Option(
        "--kind",
        help="Read every FILE as this kind instead of guessing it.",
        show_default=False,
    ),
]
OutputArg = Annotated[
    Format | None,
    format_option(
        EVERY_FORMAT,
        default="Default: plain, one FILE:LINE: field: severity: message per line.",
    ),
]
GridArg = Annotated[
    Path | None,
    data_file_option(
        "--grid",
        "SALESGRID_GRID",
        "The grid an assessment or a layer FILE is checked against. Default: the packaged one.",
    ),
]
CompetenciesArg = Annotated[
    Path | None,
    data_file_option(
        "--competencies",
        "SALESGRID_COMPETENCIES",
        "The competency file an assessment is checked against. Default: the packaged one.",
    ),
]
AsOfArg = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        envvar="SALESGRID_AS_OF",
        metavar="YYYY-MM-DD",
        help="The day an assessment's position is checked on (the grid in force). Default: today.",
        show_default=False,
    ),
]


@app.command(epilog=EXIT_CODES)
def validate(
    ctx: typer.Context,
    files: FilesArg = None,
    kind: KindArg = None,
    output: OutputArg = None,
    grid: GridArg = None,
    add_grid: AddGrid = None,
    competencies: CompetenciesArg = None,
    as_of: AsOfArg = None,
    debug: Debug = False,
) -> None:
    """Check data files: every problem with file and line, or a one-line ok. Exit 0 or 5.

    A grid file without `default_framework` is a layer: it is checked on top of the grid in
    use (--grid, --add-grid), as --add-grid reads it. --add-grid without FILE checks the grid
    in use: the base and every layer."""
    # on run only: --help and completion stay light
    from salesgrid.output import render

    if not files:
        refuse(ctx, ("kind",), "says how to read the FILEs given: give them, or drop --kind")
    elif any(str(path) == "-" for path in files):
        fail_usage("validate reads files, not stdin ('-'): save the data to a file and give "
                    "its path (a file named '-': give its full path)")  # fmt: skip
    may_be_assessment = bool(files) and kind in (None, SchemaKind.assessment)
    uses_grid = may_be_assessment or kind == SchemaKind.grid or (not files and add_grid)
    if not may_be_assessment:
        refuse(ctx, ("competencies", "as_of"), "is what an assessment is checked "
                "against: give an assessment FILE, or drop it")  # fmt: skip
    if not uses_grid:
        refuse(ctx, ("grid", "add_grid"), "is the grid an assessment or a layer is checked "
                "against: give such a FILE, or drop it")  # fmt: skip
    day = as_of_day(as_of) if may_be_assessment else None  # --as-of matters to assessments only
    targets = _targets(files, kind, grid, add_grid or [])
    problems = _problems(targets, grid, add_grid or [], competencies, day)
    errors = sum(p.severity == "error" for p in problems)
    summary = _summary(errors, len(problems) - errors, [name for _, _, name in targets])

    def table() -> Any:
        # rich: only when a table is drawn
        from salesgrid.output import tables

        return tables.problems_table(problems) if problems else tables.no_problems()

    def said() -> None:
        say(summary)

    emit(
        output or Format.plain,
        records=lambda: [render.problem_record(p) for p in problems],
        csv=lambda: render.problems_csv(problems),
        plain=lambda: render.plain_problems(problems) + summary + "\n",
        table=table,
        after=dict.fromkeys((Format.json, Format.jsonl, Format.csv, Format.table), said),
    )
    if errors:
        raise typer.Exit(ExitCode.INVALID_DATA)


def _problems(
    targets: list[tuple[Path | None, Any, str]],
    grid: Path | None,
    layers: list[Path],
    competencies: Path | None,
    day: Any,
) -> list[Any]:
    """Every problem of every target, in order (the grid in use for the kind "layers")."""
    # on run only: --help and completion stay light
    from salesgrid.files.layers import grid_set_problems
    from salesgrid.files.validate import validate_file

    return [
        p
        for path, kind, _ in targets
        for p in (
            grid_set_problems(grid, layers) if kind == "layers"
            else validate_file(path, kind, grid=grid, competencies=competencies, as_of=day,
                               add_grid=layers)
        )
    ]  # fmt: skip


def _targets(
    files: list[Path] | None, kind: SchemaKind | None, grid: Path | None, layers: list[Path]
) -> list[tuple[Path | None, Any, str]]:
    """The files to check, each with its kind (None: guessed) and its name; the packaged
    grid, competency and payroll files when none is given; with ``--add-grid`` and no FILE,
    the grid in use (kind "layers"): the base and every layer on it."""
    # on run only: --help and completion stay light
    from salesgrid.files.loader import packaged_name

    if files:
        return [(path, kind.value if kind else None, str(path)) for path in files]
    if layers:
        names = [str(grid) if grid else packaged_name("grid"), *map(str, layers)]
        return [(None, "layers", " + ".join(names))]
    return [
        (None, "grid", packaged_name("grid")),
        (None, "competencies", packaged_name("competencies")),
        (None, "payroll", packaged_name("payroll")),
    ]


def _summary(errors: int, warnings: int, names: list[str]) -> str:
    verdict = "ok" if not errors else "invalid"
    return f"{verdict}: {', '.join(names)}: {errors} error{'s' * (errors != 1)}, {warnings} " + (
        f"warning{'s' * (warnings != 1)}"
    )
