"""`salesgrid schema`: the JSON Schema of a data file format."""

from typing import Annotated

import typer

from salesgrid.cli.guard import EXIT_CODES
from salesgrid.cli.options import (
    Debug,
    SchemaKind,
)
from salesgrid.cli.output import write_text
from salesgrid.cli.root import app

KindArg = Annotated[SchemaKind, typer.Argument(help="Which file format.", case_sensitive=False)]


@app.command(epilog=EXIT_CODES)
def schema(
    kind: KindArg,
    debug: Debug = False,
) -> None:
    """Print the JSON Schema of a data file format (for editors and CI)."""
    # on run only: --help and completion stay light
    import json

    # on run only: --help and completion stay light
    from salesgrid.files.schemas import json_schema

    write_text(json.dumps(json_schema(kind.value), indent=2, ensure_ascii=False) + "\n")
