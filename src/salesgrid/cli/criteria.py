"""`salesgrid criteria`: the published pay and progression criteria (Directive 2023/970, Art. 6)."""

from pathlib import Path
from typing import Annotated, Any

import typer

from salesgrid.cli.guard import EXIT_CODES, PROG, say
from salesgrid.cli.inputs import as_of_day, competencies_file, grid_file
from salesgrid.cli.options import (
    AddGrid,
    AsOf,
    CompetenciesPath,
    Debug,
    Employer,
    Format,
    FrameworkId,
    GridPath,
    LangOption,
    Language,
    format_option,
    output_file_option,
    refuse,
)
from salesgrid.cli.output import file_format, write_text
from salesgrid.cli.root import app
from salesgrid.cli.sources import check_framework, refuse_overwriting
from salesgrid.errors import clip, counted

CRITERIA_FORMATS = (Format.markdown, Format.html, Format.json)
READ_FORMATS = (Format.markdown, Format.html)  # the ones people read: --lang chooses their words
CriteriaFormat = Annotated[
    Format | None,
    format_option(
        CRITERIA_FORMATS,
        default="Default: markdown (also at a terminal: it reads as text). html is one "
        "self-contained page; json is the structure docs/criteria.md describes.",
    ),
]
OutputFile = Annotated[
    Path | None,
    output_file_option(
        "Write here instead of stdout, atomically (nothing is left behind on failure), in "
        "the format its extension names (.md, .html, .json; --format, if given, must agree), else "
        "--format."
    ),
]


@app.command(name="criteria", epilog=EXIT_CODES)
def criteria_command(
    ctx: typer.Context,
    framework: FrameworkId = None,
    grid: GridPath = None,
    add_grid: AddGrid = None,
    competencies: CompetenciesPath = None,
    as_of: AsOf = None,
    output: CriteriaFormat = None,
    output_file: OutputFile = None,
    employer: Employer = None,
    lang: LangOption = None,
    debug: Debug = False,
) -> None:
    """The pay and progression criteria a worker may read (Art. 6), from the data files.

    The grid in force, the rules of a Step Up and a Level Up with their thresholds, the time
    rules, the landing rule and the competency statements by level."""
    # on run only: --help and completion stay light
    from salesgrid.cli.provenance import trace
    from salesgrid.core.criteria import criteria
    from salesgrid.core.provenance import check_employer

    refuse_overwriting([("--output", output_file)], None, grid, add_grid,
                       competencies=competencies)  # fmt: skip
    fmt = output or Format.markdown
    if output_file is not None:
        fmt = file_format(ctx, "--output", output_file, CRITERIA_FORMATS, "the criteria", output)
    if fmt is Format.json:  # the JSON is the same in every language (SALESGRID_LANG left alone)
        refuse(ctx, ("lang",), "changes the words people read, and --format json is for "
               "programs, the same in every language: give --format "
               + " or ".join(f.value for f in READ_FORMATS))  # fmt: skip
        lang = None
    employer = check_employer(employer)
    day = as_of_day(as_of)
    data = grid_file(grid, add_grid)
    check_framework(data)
    doc = criteria(data, competencies_file(competencies), framework, day)
    doc["provenance"] = trace(employer, (day, day), grid, add_grid,
                              {"competencies": competencies})  # fmt: skip
    text = _render(fmt, doc, (lang or Language.en).value)
    if output_file is None:
        write_text(text)
        return
    # on run only: --help and completion stay light
    from salesgrid.output.streams import atomic_output

    with atomic_output(output_file) as out:
        out.write(text)


def _render(fmt: Format, doc: dict[str, Any], code: str) -> str:
    """The page in the language ``code``; the data files' texts it has no translation for are
    shown as written, and one warning says how many."""
    # on run only: --help and completion stay light
    from salesgrid.output import criteriaout

    if fmt is Format.json:
        return criteriaout.criteria_json(doc)
    # on run only: the language's catalogs are read for a translated page alone
    from salesgrid.output.criterialang import translated
    from salesgrid.output.lang import NAMES, language

    lang = language(code)
    shown, missing = translated(doc, lang)
    if missing:
        one = len(missing) == 1
        say(f"{PROG}: warning: {counted(len(missing), 'text')} of the data files "
            f"{'has' if one else 'have'} no {NAMES[code]} translation, shown as written (first: "
            f"{clip(missing[0], 60)!r}); add {'it' if one else 'them'} to salesgrid-data.po "
            "(docs/criteria.md)")  # fmt: skip
    if fmt is Format.html:
        return criteriaout.criteria_html(shown, lang)
    return criteriaout.criteria_markdown(shown, lang)
