"""`salesgrid promote`: what a Step Up or Level Up means in pay, and eligibility."""

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from typer._click.core import ParameterSource

from salesgrid.cli.complete import complete_framework, complete_position
from salesgrid.cli.guard import EXIT_CODES, PROG, say
from salesgrid.cli.inputs import (
    chart_gap_warner,
    competencies_file,
    landing_rule,
    level_names_of,
    setup,
)
from salesgrid.cli.options import (
    AddGrid,
    AsOf,
    CompetenciesPath,
    CurrencyOpt,
    Debug,
    Format,
    FormatOpt,
    FrameworkId,
    GridPath,
    fail_usage,
    format_for,
    refuse,
)
from salesgrid.cli.output import emit, write_text
from salesgrid.cli.root import app
from salesgrid.errors import ExitCode

FromArg = Annotated[
    str | None,
    typer.Option(
        "--from",
        metavar="L.S",
        autocompletion=complete_position,
        help="The position now. Default: the assessment's.",
        show_default=False,
    ),
]
ToArg = Annotated[
    str | None,
    typer.Option(
        "--to",
        metavar="L.S",
        autocompletion=complete_position,
        help="Ask about this target (a skip is flagged).",
        show_default=False,
    ),
]
ToFrameworkArg = Annotated[
    str | None,
    typer.Option(
        "--to-framework",
        metavar="ID",
        autocompletion=complete_framework,
        help="Ask about a move into this framework.",
        show_default=False,
    ),
]
AssessmentFileArg = Annotated[
    Path | None,
    typer.Option(
        "--assessment",
        metavar="FILE",
        dir_okay=False,
        show_default=False,
        help="A Level & Step Review (YAML or JSON): check eligibility, rule by rule.",
    ),
]
CheckArg = Annotated[
    bool,
    typer.Option(
        "--check",
        help="Exit 0 if the move asked for (--to, else the Step Up, else "
        "the Level Up) is allowed, 1 if not. Needs --assessment.",
    ),
]
ExplainArg = Annotated[
    bool, typer.Option("--explain", help="Every number and verdict with its rule and data key.")
]
TemplateArg = Annotated[
    bool, typer.Option("--template", help="Print a filled-in assessment file to start from.")
]


@app.command(epilog=EXIT_CODES)
def promote(
    ctx: typer.Context,
    from_: FromArg = None,
    to: ToArg = None,
    to_framework: ToFrameworkArg = None,
    assessment_file: AssessmentFileArg = None,
    check: CheckArg = False,
    explain: ExplainArg = False,
    template: TemplateArg = False,
    grid: GridPath = None,
    add_grid: AddGrid = None,
    framework: FrameworkId = None,
    as_of: AsOf = None,
    output: FormatOpt = None,
    currency: CurrencyOpt = None,
    competencies: CompetenciesPath = None,
    debug: Debug = False,
) -> None:
    """What a Step Up or Level Up means in pay, and whether one person is eligible."""
    # on run only: --help and completion stay light
    from salesgrid.core.pay import find_framework
    from salesgrid.core.positions import parse_position

    fmt = _promote_format(ctx, output, template, check)
    data, day, chosen = setup(grid, as_of, currency, add_grid)
    if template:
        # on run only: --help and completion stay light
        from salesgrid.core.assessment import template as assessment_template

        write_text(assessment_template(find_framework(data, framework), day))
        return
    start_at = parse_position(from_) if from_ is not None else None
    target_at = parse_position(to) if to is not None else None
    if check and assessment_file is None:
        fail_usage("--check needs --assessment FILE: eligibility is judged from a review")
    comp, review = None, None
    if assessment_file is not None:
        comp = competencies_file(competencies)
        review, start_at, framework = _review(ctx, assessment_file, data, comp, day, start_at,
                                              framework)  # fmt: skip
    rules = comp if comp is not None else landing_rule(competencies)  # a preview: the rule alone
    if start_at is None:
        fail_usage("give --from L.S (the position now) or --assessment FILE")
    # on run only: --help and completion stay light
    from salesgrid.core.promotion import consider

    result, verdicts = consider(data, rules, framework, start_at, day, target_at, to_framework,
                                review)  # fmt: skip
    if verdicts and comp is not None:
        # on run only: --help and completion stay light
        from salesgrid.core.eligibility import chart_gaps

        say = chart_gap_warner(competencies)
        for key in chart_gaps(comp.rules, [move.target.position for move in result.moves]):
            say(key)
    employee = review.employee if review is not None else None
    start = result.start.framework
    names = lambda: level_names_of(competencies, start)  # noqa: E731 - tables only
    _promote_output(fmt, result, chosen, verdicts, employee, check, explain, names)
    if check:
        _check_exit(result, verdicts)


def _promote_output(
    fmt: Format,
    result: Any,
    chosen: str | None,
    verdicts: dict[int, Any],
    employee: Any,
    check: bool,
    explain: bool,
    names: Callable[[], Any],
) -> None:
    """The moves in every format; the notes go to stderr after csv and plain output."""
    # on run only: --help and completion stay light
    from salesgrid.output import render

    def table() -> Any:
        # rich: only when a table is drawn
        from salesgrid.output import tables

        return tables.promote_table(result, chosen, verdicts, explain, names())

    def notes() -> None:
        for note in result.notes:
            say(f"{PROG}: note: {note}")

    emit(
        fmt,
        records=lambda: [render.promote_record(result, chosen, verdicts, explain, employee)],
        single=True,
        csv=lambda: render.promote_csv(result, verdicts),
        plain=lambda: _plain(result, chosen, verdicts, check, explain),
        table=table,
        after={Format.csv: notes, Format.plain: notes},
    )


def _promote_format(
    ctx: typer.Context, output: Format | None, template: bool, check: bool
) -> Format:
    """The format; options that would be dropped in it (or with --template) are refused."""
    if template:
        refuse(ctx, ("from_", "to", "to_framework", "assessment_file", "check", "explain",
                      "currency", "competencies"),
                "does not apply to --template, which prints an assessment file to fill in: "
                "drop one or the other")  # fmt: skip
        if output not in (None, Format.plain):
            refuse(ctx, ("output",), f"{output.value}: --template prints a YAML file: drop "
                    "--format, or use --format plain")  # fmt: skip
    fmt = format_for(output, "scalar" if check else "records")
    if fmt is Format.csv:
        refuse(ctx, ("explain",), "adds lines for people and JSON, not csv: use --format "
                "table, plain or json")  # fmt: skip
        refuse(ctx, ("currency",), "does not apply to csv, which has a column per currency "
                "(BGN, EUR): drop it, or use --format plain or json")  # fmt: skip
    if fmt is Format.plain and check:
        refuse(ctx, ("explain",), "adds lines that --check (one line: eligible or not) does "
                "not print: drop one, or use --format table or json")  # fmt: skip
    return fmt


def _review(
    ctx: typer.Context,
    assessment_file: Path,
    data: Any,
    comp: Any,
    day: Any,
    start_at: Any,
    framework: str | None,
) -> tuple[Any, Any, str | None]:
    """The assessment, the position it is at and its framework, checked against the options."""
    # on run only: --help and completion stay light
    from salesgrid.core.positions import parse_position
    from salesgrid.files.loader import load_assessment

    review = load_assessment(assessment_file, data, comp, day)
    own = parse_position(review.position)
    if start_at is not None and start_at != own:
        fail_usage(
            f"--from {start_at} disagrees with the assessment's position {own}: "
            "drop --from or correct the file"
        )
    if review.framework is not None and framework != review.framework:
        if ctx.get_parameter_source("framework") is ParameterSource.COMMANDLINE:
            fail_usage(
                f"--framework {framework} disagrees with the assessment's framework "
                f"{review.framework}: drop --framework or correct the file"
            )
        framework = review.framework  # the file wins over SALESGRID_FRAMEWORK
    return review, own, framework


def _plain(result: Any, chosen: str | None, verdicts: Any, check: bool, explain: bool) -> str:
    """Plain output: with --check one line (eligible or not), else the moves and, with
    --explain, every number and verdict under its move."""
    # on run only: --help and completion stay light
    from salesgrid.output import render

    if check:
        return render.check_line(verdicts[0]) + "\n" if result.moves else ""
    text = render.plain_promote(result, chosen, verdicts)
    if explain:
        for index, move in enumerate(result.moves):
            text += "".join(f"  {line}\n" for line in render.explain_lines(
                move, verdicts.get(index)))  # fmt: skip
    return text


def _check_exit(result: Any, verdicts: Any) -> None:
    """--check: exit 1 when there is no move to check or the move is not allowed."""
    if not result.moves:
        say(f"{PROG}: no move to check: " + "; ".join(result.notes))
        raise typer.Exit(ExitCode.NOT_ELIGIBLE)
    if not verdicts[0].eligible:
        raise typer.Exit(ExitCode.NOT_ELIGIBLE)
