"""The command line: parse arguments, call the core, pick a renderer, map errors to exit codes.

Nothing here computes pay. rich is imported only when a table, chart or progress bar is drawn:
through :mod:`salesgrid.output`'s table renderers (``tables``, ``difftables``,
``paygaptables``) and :mod:`~salesgrid.output.screen`, and here by :mod:`~salesgrid.cli.progress`
and where ``pay`` and ``grid`` group their tables.

- :mod:`~salesgrid.cli.root`: the Typer app, its groups and ``main``;
  :mod:`~salesgrid.cli.guard`: the exit path (errors to exit codes);
  :mod:`~salesgrid.cli.options`: shared options and checks;
  :mod:`~salesgrid.cli.inputs`: the data and values a command reads (grid, payroll, day);
  :mod:`~salesgrid.cli.sources`: a value typed or from its variable, and the data files read;
  :mod:`~salesgrid.cli.rosterin`: a roster file in (how to read it, opened once);
  :mod:`~salesgrid.cli.output`: the one output dispatcher;
  :mod:`~salesgrid.cli.progress`: a long roster run's progress bar;
  :mod:`~salesgrid.cli.complete`: shell completion of option values.
- One module per command or group: pay, locate, grid, frameworks, validate, schema, promote,
  competencies, roster, payroll, diff, paygap, criteria (``COMMANDS`` in
  :mod:`~salesgrid.cli.root`). Importing one registers its command on the app;
  :func:`~salesgrid.cli.root.load_commands` imports them, only the one run when the command
  line starts with its name (start-up of `pay` does not pay for the others).

May import: every salesgrid package; nothing imports the cli but the console-script entry.
"""

from typing import Any

__all__ = ["State", "app", "main", "money_arg"]


def __getattr__(name: str) -> Any:
    """``app`` and ``main`` with every command registered (tests, docs, ``python -c``); the
    console script imports :mod:`salesgrid.cli.root` itself and loads only the command run."""
    if name in ("app", "main"):
        # on first use: the console script imports only salesgrid.cli.root
        from salesgrid.cli import root

        root.load_commands()
        return getattr(root, name)
    if name == "State":
        # on first use: the console script imports only salesgrid.cli.root
        from salesgrid.cli.guard import State

        return State
    if name == "money_arg":
        # on first use: the console script imports only salesgrid.cli.root
        from salesgrid.cli.inputs import money_arg

        return money_arg
    raise AttributeError(f"module 'salesgrid.cli' has no attribute {name!r}")
