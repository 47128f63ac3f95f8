"""Renderers and writers: what the core computed, as text, tables, charts and files.

``render`` (records for JSON, CSV text, plain values), ``jsonout`` (exact JSON numbers),
``tables``, ``screen`` and ``chart`` (for people; ``tables``, the renderers, and ``screen``, the
consoles and the one ``draw``, are the only modules that import rich), ``xlsxout`` (workbooks;
the only one that imports XlsxWriter), ``streams`` (CSV/JSONL writers and output files that
appear whole or not at all), ``targets`` (what an output file may be: never a file the command
reads, and in the format its extension names), ``htmlpage`` (the stylesheet, escaping and
tables of self-contained HTML pages), ``htmlreport`` (the pay-gap report page) and
``criteriaout`` (the published criteria as Markdown or HTML). Renderers return text; only
``streams`` and ``xlsxout`` write, and only to what they are handed.

May import: :mod:`salesgrid.errors`, :mod:`salesgrid.signals`, :mod:`salesgrid.core`. Never
files, batch or cli.
"""
