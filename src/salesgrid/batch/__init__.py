"""Rosters: many rows in one streaming run.

The modules import downwards only. At the bottom, ``columns`` (the column vocabulary, the
output fields) and ``rows`` (a row source, an unreadable row, a rejected row). Readers over
them: ``rosterread`` chooses the reader and reads a CSV or xlsx roster's header, ``textread``
decodes the bytes (``codepage`` refuses UTF-8 read as a single-byte code page), ``csvread``,
``jsonlread`` and ``xlsxread`` read the rows with their line numbers, ``blocks`` a CSV roster
in blocks of whole lines. ``spec`` compiles a header and resolves each distinct position once,
``verdicts`` judges a row's eligibility; ``loop`` (the careful row loop), ``fast`` (a whole
block at once) and ``parallel`` (a large file's second half in a forked child) run the rows,
and ``roster``'s ``process``, on top, chooses among them; ``summary`` holds a run's totals
(``header``: a header line read as every command reads it; ``people``: each employee id once;
``leftovers``: blank rows and header cells left empty; ``readcolumns``: a value a reader
refuses rejects no row in a column the command never reads).

May import: :mod:`salesgrid.errors`, :mod:`salesgrid.core`, :mod:`salesgrid.output`. Never cli.
"""
