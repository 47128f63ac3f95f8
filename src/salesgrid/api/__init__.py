"""The public Python API: the same core as the command line, typed, for pandas scripts and jobs.

Import it as ``import salesgrid``; the names below are resolved from this module the first
time they are used, so ``import salesgrid`` alone stays as cheap as the CLI needs it. The
reference is ``docs/python-api.md``. Every result has ``to_dict()``: exactly the object the
matching command prints with ``--format json``, as Python values (amounts as exact
``Decimal``, days as ``YYYY-MM-DD`` text), and ``to_json()``: that command's JSON text.

>>> import salesgrid
>>> from datetime import date
>>> cell = salesgrid.pay("2.3", as_of=date(2026, 11, 22))
>>> cell.amount
Decimal('5445')
>>> cell.amounts["EUR"]
Decimal('2783.99')
>>> salesgrid.pay((1, 4), framework="technical-support-management", as_of="2026-11-22").amount
Decimal('4500')
>>> salesgrid.net("3000", "2026-09")
Decimal('2414.75')

What lives where: ``results`` (the result types, :class:`DataWarning`, :class:`RowRejected`),
``arguments`` (positions, days, months, amounts, ids and paths read as every function takes them),
``data`` (:func:`load_grid`, :func:`framework_files`, :func:`load_competencies`,
:func:`export_grid`, and the ``grid=``/``competencies=`` arguments), ``lookup`` (:func:`pay`),
``progression`` (:func:`promote`), ``payroll`` (:func:`payroll_net`, :func:`payroll_gross`,
:func:`net`, :func:`gross`), ``rosters`` (:func:`roster`, and the rows and rejects every roster-
reading function shares), ``pay_gap`` (:func:`paygap`), ``month_pay`` (:func:`month`: pay due from a
position history), ``compare`` (:func:`diff`, :func:`locate`: where amounts sit), ``published``
(:func:`criteria`). Imports among them run one way: results and arguments, then data, then the
functions; ``pay_gap`` and ``compare`` read rows through ``rosters``. Each module imports the rest
of salesgrid on a function's first call, so ``import salesgrid.api`` loads nothing but
:mod:`salesgrid.errors`.

May import: :mod:`salesgrid.errors`, :mod:`salesgrid.core`, :mod:`salesgrid.files`,
:mod:`salesgrid.output`, :mod:`salesgrid.batch`, ``salesgrid.__version__``. Never cli.
"""

from __future__ import annotations

from salesgrid.api.compare import diff, locate
from salesgrid.api.data import export_grid, framework_files, load_competencies, load_grid
from salesgrid.api.lookup import pay
from salesgrid.api.month_pay import month
from salesgrid.api.pay_gap import paygap
from salesgrid.api.payroll import gross, net, payroll_gross, payroll_net
from salesgrid.api.progression import promote
from salesgrid.api.published import criteria
from salesgrid.api.results import (
    CellChange,
    DataWarning,
    DiffCost,
    GridDiff,
    Landing,
    LevelCost,
    Location,
    Move,
    Pay,
    Payroll,
    Promotion,
    ReviewWarning,
    RowRejected,
    RuleResult,
)
from salesgrid.api.rosters import roster

__all__ = [
    "CellChange",
    "DataWarning",
    "DiffCost",
    "GridDiff",
    "Landing",
    "LevelCost",
    "Location",
    "Move",
    "Pay",
    "Payroll",
    "Promotion",
    "ReviewWarning",
    "RowRejected",
    "RuleResult",
    "criteria",
    "diff",
    "export_grid",
    "framework_files",
    "gross",
    "load_competencies",
    "load_grid",
    "locate",
    "month",
    "net",
    "pay",
    "paygap",
    "payroll_gross",
    "payroll_net",
    "promote",
    "roster",
]

# The warning and the error name their module in every traceback and warning raised as an
# error: they keep the public one, ``salesgrid.api.RowRejected: row 2: ...``.
DataWarning.__module__ = RowRejected.__module__ = __name__
