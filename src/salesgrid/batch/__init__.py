"""Rosters: many rows in one streaming run.

The modules import downwards only. At the bottom, ``columns`` (the column vocabulary, the
output fields) and ``rows`` (a row source, an unreadable row, a rejected row). Readers over
them: ``rosterread`` chooses the reader and reads a CSV or xlsx roster's header, ``textread``
decodes the bytes (``codepage`` refuses UTF-8 read as a single-byte code page), ``csvread``,
``jsonlread`` and ``xlsxread`` read the rows with their line numbers, ``blocks`` a CSV roster
in blocks of whole lines, ``mappings`` rows given as Python mappings (the API's ``roster``).
Below ``xlsxread``: ``xlsxparts`` (the workbook's zip archive and XML parts, bounded),
``xlsxxml`` (the parts fed to expat in chunks), ``xlsxsheet`` (a sheet's rows as it is
decompressed) and ``xlsxcells`` (what a cell means). ``spec`` compiles a header and resolves
each distinct position once, ``verdicts`` judges a row's eligibility, ``actualpay`` a row's
actual pay against the grid (its totals, the pay that looks wrong; ``actualcents``: a plain
amount's figures on whole cents); ``loop`` (the careful row loop), ``fast`` (a whole block at
once; ``fastactual``: with actual pay) and ``parallel`` (a large file's second half in a
forked child) run the rows, and ``roster``'s ``process``, on top, chooses among them; ``run``
runs a roster into its writers (records, rejects, totals); ``summary`` holds a run's totals;
``paygap`` reads a roster as workers for the pay gap report (``header``: a header line read as
every command reads it; ``people``: each employee id once; ``leftovers``: blank rows and header
cells left empty; ``readcolumns``: a value a reader refuses rejects no row in a column the
command never reads).

May import: :mod:`salesgrid.errors`, :mod:`salesgrid.signals` (the forked child of
``parallel``), :mod:`salesgrid.core`, :mod:`salesgrid.output`. Never cli.
"""
