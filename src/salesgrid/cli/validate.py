"""`salesgrid validate`: check data files, every problem with file and line."""

from pathlib import Path
from typing import Annotated, Any

import typer

from salesgrid.cli.app import app
from salesgrid.cli.guard import EXIT_CODES, _say
from salesgrid.cli.options import (
    EVERY_FORMAT,
    Debug,
    Format,
    SchemaKind,
    _day,
    _fail_usage,
    _format_option,
    _refuse,
)
from salesgrid.cli.output import _draw, _write
from salesgrid.errors import ExitCode

FilesArg = Annotated[
    list[Path] | None,
    typer.Argument(
        metavar="[FILE]...",
        help="Grid, competency, payroll or assessment files. Default: the packaged ones.",
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
    _format_option(
        EVERY_FORMAT,
        default="Default: plain, one FILE:LINE: field: severity: message per line.",
    ),
]
GridArg = Annotated[
    Path | None,
    typer.Option(
        "--grid",
        envvar="SALESGRID_GRID",
        metavar="PATH",
        help="The grid an assessment is checked against. Default: the packaged one.",
        show_default=False,
        dir_okay=False,
    ),
]
CompetenciesArg = Annotated[
    Path | None,
    typer.Option(
        "--competencies",
        envvar="SALESGRID_COMPETENCIES",
        metavar="PATH",
        help="The competency file an assessment is checked against. Default: the packaged one.",
        show_default=False,
        dir_okay=False,
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
    competencies: CompetenciesArg = None,
    as_of: AsOfArg = None,
    debug: Debug = False,
) -> None:
    """Check data files: every problem with file and line, or a one-line ok. Exit 0 or 5."""
    from salesgrid.files.loader import packaged_name, validate_file
    from salesgrid.output import render

    if not files:
        _refuse(ctx, ("kind",), "says how to read the FILEs given: give them, or drop --kind")
    elif any(str(path) == "-" for path in files):
        _fail_usage("validate reads files, not stdin ('-'): save the data to a file and give "
                    "its path (a file named '-': give its full path)")  # fmt: skip
    may_be_assessment = bool(files) and kind in (None, SchemaKind.assessment)
    if not may_be_assessment:
        _refuse(ctx, ("grid", "competencies", "as_of"), "is what an assessment is checked "
                "against: give an assessment FILE, or drop it")  # fmt: skip
    day = _day(as_of) if may_be_assessment else None  # --as-of matters to assessments only
    targets: list[tuple[Path | None, Any, str]] = (
        [(path, kind.value if kind else None, str(path)) for path in files]
        if files
        else [
            (None, "grid", packaged_name("grid")),
            (None, "competencies", packaged_name("competencies")),
            (None, "payroll", packaged_name("payroll")),
        ]
    )
    problems = [
        p
        for path, k, _ in targets
        for p in validate_file(path, k, grid=grid, competencies=competencies, as_of=day)
    ]
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    names = ", ".join(name for _, _, name in targets)
    verdict = "ok" if not errors else "invalid"
    summary = f"{verdict}: {names}: {errors} error{'s' * (errors != 1)}, {warnings} " + (
        f"warning{'s' * (warnings != 1)}"
    )
    fmt = output or Format.plain
    if fmt is Format.plain:
        _write(render.plain_problems(problems) + summary + "\n")
    else:
        if fmt is Format.json:
            _write(render.json_list(render.problem_record(p) for p in problems))
        elif fmt is Format.jsonl:
            _write(render.jsonl(render.problem_record(p) for p in problems))
        elif fmt is Format.csv:
            _write(render.problems_csv(problems))
        else:
            from salesgrid.output import tables

            _draw(tables.problems_table(problems) if problems else tables.no_problems())
        _say(summary)
    if errors:
        raise typer.Exit(ExitCode.INVALID_DATA)
