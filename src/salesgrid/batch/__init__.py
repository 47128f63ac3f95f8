"""Rosters: many rows in one streaming run.

``rosterread`` reads CSV (any dialect and encoding), JSONL and xlsx into rows with their line
numbers (``codepage`` refuses UTF-8 read as a single-byte code page); ``roster`` resolves each
distinct position once and turns every row into a record or a rejection with its reason
(``header``: a header line read as every command reads it; ``people``: each employee id once;
``leftovers``: blank rows and header cells left empty; ``readcolumns``: a value a reader
refuses rejects no row in a column the command never reads).

May import: :mod:`salesgrid.errors`, :mod:`salesgrid.core`, :mod:`salesgrid.output`. Never cli.
"""
