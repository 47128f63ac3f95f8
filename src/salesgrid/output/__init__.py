"""Renderers and writers: what the core computed, as text, tables, charts and files.

``render`` (records for JSON, CSV text, plain values), ``jsonout`` (exact JSON numbers),
``tables``, ``difftables``, ``paygaptables``, ``screen`` and ``chart`` (for people; the
renderers ``tables``, ``difftables`` and ``paygaptables``, and ``screen``, the consoles and the
one ``draw``, are the only modules that import rich), ``diffout`` (``diff`` as JSON, CSV and
text), ``paygaplines`` (the pay gap report's sentences, below every form of it), ``paygapout``
(the report as CSV, JSON or the page), ``xlsxout`` (workbooks; the only one that imports
XlsxWriter), ``streams`` (CSV/JSONL writers and output files that appear whole or not at all),
``csvdialect`` (how CSV is written: plain, bg-excel, or as a roster was read),
``targets`` (what an output file may be: never a file the command reads, and in the format its
extension names), ``htmlpage`` (the stylesheet, escaping and tables of self-contained HTML
pages), ``htmlreport`` (the pay-gap report page) and ``criteriaout`` (the published criteria as
Markdown or HTML). Renderers return text; only ``streams`` and ``xlsxout`` write, and only to
what they are handed.

May import: :mod:`salesgrid.errors`, :mod:`salesgrid.signals`, :mod:`salesgrid.core`. Never
files, batch or cli.
"""
