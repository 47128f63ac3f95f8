"""Rosters: many rows in one streaming run.

``rosterread`` reads CSV (any dialect and encoding), JSONL and xlsx into rows with their line
numbers; ``roster`` resolves each distinct position once and turns every row into a record or
a rejection with its reason.

May import: :mod:`salesgrid.errors`, :mod:`salesgrid.core`, :mod:`salesgrid.output`. Never cli.
"""
