"""`salesgrid promote`: what a Step Up or Level Up means in pay, and eligibility."""

from pathlib import Path
from typing import Annotated

import typer

from salesgrid.cli.app import app
from salesgrid.cli.guard import EXIT_CODES, PROG, _say
from salesgrid.cli.options import (
    AsOf,
    CompetenciesPath,
    CurrencyOpt,
    Debug,
    Format,
    FormatOpt,
    FrameworkId,
    GridPath,
    _competencies,
    _fail_usage,
    _format,
    _level_names,
    _refuse,
    _setup,
)
from salesgrid.cli.output import _draw, _write
from salesgrid.errors import DataFileError, ExitCode, Problem

FromArg = Annotated[
    str | None,
    typer.Option(
        "--from",
        metavar="L.S",
        help="The position now. Default: the assessment's.",
        show_default=False,
    ),
]
ToArg = Annotated[
    str | None,
    typer.Option(
        "--to",
        metavar="L.S",
        help="Ask about this target (a skip is flagged).",
        show_default=False,
    ),
]
ToFrameworkArg = Annotated[
    str | None,
    typer.Option(
        "--to-framework",
        metavar="ID",
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
    framework: FrameworkId = None,
    as_of: AsOf = None,
    output: FormatOpt = None,
    currency: CurrencyOpt = None,
    competencies: CompetenciesPath = None,
    debug: Debug = False,
) -> None:
    """What a Step Up or Level Up means in pay, and whether one person is eligible."""
    from salesgrid.core.pay import find_framework, pay
    from salesgrid.core.positions import parse_position
    from salesgrid.output import render

    if template:
        _refuse(ctx, ("from_", "to", "to_framework", "assessment_file", "check", "explain",
                      "currency", "competencies"),
                "does not apply to --template, which prints an assessment file to fill in: "
                "drop one or the other")  # fmt: skip
        if output not in (None, Format.plain):
            _refuse(ctx, ("output",), f"{output.value}: --template prints a YAML file: drop "
                    "--format, or use --format plain")  # fmt: skip
    fmt = _format(output, "scalar" if check else "records")
    if fmt is Format.csv:
        _refuse(ctx, ("explain",), "adds lines for people and JSON, not csv: use --format "
                "table, plain or json")  # fmt: skip
        _refuse(ctx, ("currency",), "does not apply to csv, which has a column per currency "
                "(BGN, EUR): drop it, or use --format plain or json")  # fmt: skip
    if fmt is Format.plain and check:
        _refuse(ctx, ("explain",), "adds lines that --check (one line: eligible or not) does "
                "not print: drop one, or use --format table or json")  # fmt: skip
    data, day, chosen = _setup(grid, as_of, currency)
    if template:
        from salesgrid.core.assessment import template as assessment_template

        _write(assessment_template(find_framework(data, framework), day))
        return
    start_at = parse_position(from_) if from_ is not None else None
    target_at = parse_position(to) if to is not None else None
    if check and assessment_file is None:
        _fail_usage("--check needs --assessment FILE: eligibility is judged from a review")
    comp = _competencies(competencies)
    if comp.rules is None:
        raise DataFileError(
            [Problem(str(competencies or "data/competencies.yaml"), None, "rules",
                     "the competency file has no rules section")]
        )  # fmt: skip
    review = None
    if assessment_file is not None:
        from salesgrid.files.loader import load_assessment

        review = load_assessment(assessment_file, data, comp, day)
        own = parse_position(review.position)
        if start_at is not None and start_at != own:
            _fail_usage(
                f"--from {start_at} disagrees with the assessment's position {own}: "
                "drop --from or correct the file"
            )
        start_at = own
        if review.framework is not None and framework != review.framework:
            from typer._click.core import ParameterSource

            if ctx.get_parameter_source("framework") is ParameterSource.COMMANDLINE:
                _fail_usage(
                    f"--framework {framework} disagrees with the assessment's framework "
                    f"{review.framework}: drop --framework or correct the file"
                )
            framework = review.framework  # the file wins over SALESGRID_FRAMEWORK
    if start_at is None:
        _fail_usage("give --from L.S (the position now) or --assessment FILE")
    from salesgrid.core.moves import move_to, natural_moves

    start = pay(data, framework, start_at, day)
    if target_at is not None or to_framework is not None:
        result = move_to(data, start, day, comp.rules.landing, target_at, to_framework)
    else:
        result = natural_moves(data, start, day, comp.rules.landing)
    verdicts = {}
    if review is not None:
        from salesgrid.core.eligibility import evaluate

        verdicts = {
            index: evaluate(comp, review, start.position, move.target, day)
            for index, move in enumerate(result.moves)
        }
    employee = review.employee if review is not None else None
    if fmt is Format.json:
        _write(render.json_one(render.promote_record(result, chosen, verdicts, explain, employee)))
    elif fmt is Format.jsonl:
        _write(render.jsonl([render.promote_record(result, chosen, verdicts, explain, employee)]))
    elif fmt is Format.csv:
        _write(render.promote_csv(result, verdicts))
        for note in result.notes:
            _say(f"{PROG}: note: {note}")
    elif fmt is Format.plain:
        if check:
            if result.moves:
                _write(render.check_line(verdicts[0]) + "\n")
        else:
            _write(render.plain_promote(result, chosen, verdicts))
            if explain:
                for index, move in enumerate(result.moves):
                    _write("".join(f"  {line}\n" for line in render.explain_lines(
                        move, verdicts.get(index))))  # fmt: skip
        for note in result.notes:
            _say(f"{PROG}: note: {note}")
    else:
        from salesgrid.output import tables

        names = _level_names(competencies, start.framework.path)
        _draw(tables.promote_table(result, chosen, verdicts, explain, names))
    if check:
        if not result.moves:
            _say(f"{PROG}: no move to check: " + "; ".join(result.notes))
            raise typer.Exit(ExitCode.NOT_ELIGIBLE)
        if not verdicts[0].eligible:
            raise typer.Exit(ExitCode.NOT_ELIGIBLE)
