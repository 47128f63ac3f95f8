"""The pure core: validated data models and the computations on them.

Money (exact Decimal arithmetic and its formatting rule), positions, currency conversion, pay
lookup, moves, eligibility, payroll, and the models of every data file kind (grid, competencies,
assessment, payroll). Nothing here reads files, prints, or exits: functions take models and
values and return values, or raise :mod:`salesgrid.errors` exceptions.

May import: :mod:`salesgrid.errors` and other ``salesgrid.core`` modules. Nothing else of
salesgrid.
"""
