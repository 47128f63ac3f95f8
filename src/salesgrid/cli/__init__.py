"""The command line: parse arguments, call the core, pick a renderer, map errors to exit codes.

Nothing here computes pay. rich is imported (through :mod:`salesgrid.output.tables`) only when
a table or chart is drawn.

- :mod:`~salesgrid.cli.app`: the Typer app, its groups and :func:`main`;
  :mod:`~salesgrid.cli.guard`: the exit path (errors to exit codes);
  :mod:`~salesgrid.cli.options`: shared options and checks;
  :mod:`~salesgrid.cli.output`: the one output dispatcher;
  :mod:`~salesgrid.cli.complete`: shell completion of option values.
- One module per command or group: pay, grid, frameworks, promote, competencies, roster,
  payroll, validate, schema. Importing them registers the commands on :data:`app`.

May import: every salesgrid package; nothing imports the cli but the console-script entry.
"""

# isort: off
# Importing a command module registers its command; the order is the order of `--help`.
from salesgrid.cli import pay, grid, frameworks, validate, schema  # noqa: F401
from salesgrid.cli import promote, competencies, roster, payroll  # noqa: F401

# isort: on
from salesgrid.cli.app import app, main
from salesgrid.cli.guard import _State
from salesgrid.cli.options import _money_arg

__all__ = ["_State", "_money_arg", "app", "main"]
