"""`salesgrid competencies`: the statements each level expects; capability ratings."""

from typing import Annotated, Any

import typer

from salesgrid.cli.guard import EXIT_CODES, PROG, say
from salesgrid.cli.inputs import competencies_file
from salesgrid.cli.options import (
    CompetenciesPath,
    Debug,
    Format,
    FormatOpt,
    StatementKind,
    fail_usage,
    format_for,
    refuse,
)
from salesgrid.cli.output import emit
from salesgrid.cli.root import app
from salesgrid.errors import clip

LevelArg = Annotated[
    int | None,
    typer.Option("--level", metavar="N", help="Only this level (1-4).", show_default=False),
]
DomainArg = Annotated[
    str | None,
    typer.Option(
        "--domain",
        metavar="NAME",
        help="Only this durable-skill domain (e.g. communication, 'critical thinking').",
        show_default=False,
    ),
]
SearchArg = Annotated[
    str | None,
    typer.Option("--search", metavar="TEXT", help="Only statements with TEXT.", show_default=False),
]
KindArg = Annotated[
    StatementKind | None,
    typer.Option("--kind", help="Only core, durable or ai statements.", show_default=False),
]
CapabilityArg = Annotated[
    str | None,
    typer.Option(
        "--capability",
        metavar="G,I",
        show_default=False,
        help="Rate a General,Internal capability factor pair (1-4 each) by the "
        "historical proxy table instead of listing statements.",
    ),
]


@app.command(name="competencies", epilog=EXIT_CODES)
def competencies_command(
    ctx: typer.Context,
    level: LevelArg = None,
    domain: DomainArg = None,
    search: SearchArg = None,
    kind: KindArg = None,
    capability: CapabilityArg = None,
    output: FormatOpt = None,
    competencies: CompetenciesPath = None,
    debug: Debug = False,
) -> None:
    """What each level expects: the NSX statements, by level, domain or text."""
    # on run only: --help and completion stay light
    from salesgrid.core.competencies import capability_rating, select
    from salesgrid.output import render

    comp = competencies_file(competencies)
    if capability is not None:
        refuse(ctx, ("level", "domain", "search", "kind"), "selects statements, but "
                "--capability rates a factor pair instead: drop one or the other")  # fmt: skip
        parts = capability.replace(" ", "").split(",")
        if len(parts) != 2 or not all(p in ("1", "2", "3", "4") for p in parts):
            fail_usage(f"--capability {clip(capability)!r}: give GENERAL,INTERNAL scores 1-4, "
                        "e.g. 2,3")  # fmt: skip
        general, internal = int(parts[0]), int(parts[1])
        rating = capability_rating(comp, general, internal)
        label = comp.capability.proxy.label if comp.capability else "no proxy table"
        found = render.capability_record(general, internal, rating, label)

        def rating_table() -> Any:
            # rich: only when a table is drawn
            from salesgrid.output import tables

            return tables.capability_table(found)

        def note() -> None:
            say(f"{PROG}: note: ({general}, {internal}) rated by the {label} table")

        emit(format_for(output, "scalar"), records=lambda: [found], csv=lambda: render.rows_csv(
              list(found), [list(found.values())]), plain=lambda: f"{rating}\n",
              table=rating_table, single=True, after={Format.plain: note})  # fmt: skip
        return
    entries = select(comp, level, domain, search, kind.value if kind else None)

    def table() -> Any:
        # rich: only when a table is drawn
        from salesgrid.output import tables

        return tables.competencies_view(comp, entries, level)

    emit(
        format_for(output, "records"),
        records=lambda: [render.statement_record(e) for e in entries],
        csv=lambda: render.statements_csv(entries),
        plain=lambda: render.plain_statements(entries),
        table=table,
    )
    if not entries:
        say(f"{PROG}: note: no statement matches")
