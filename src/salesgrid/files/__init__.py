"""Data files in: read YAML or JSON safely, reject anything ambiguous, validate into core models.

``yamlsource`` reads a file into plain values with the line of every key (bounded size, depth
and node count), kept in a ``linemap``; ``loader`` (the public loaders: ``load_grid``,
``load_competencies``, ``load_landing``, ``load_payroll``, ``load_assessment``) validates them
into the frozen models of :mod:`salesgrid.core` and runs the cross-field checks (a competency
file's in ``competencychecks``), reporting ``FILE:LINE`` problems (a validation error's, by
``problems``); ``snapshot`` keeps the packaged files, validated, in the user's cache (start-up),
as JSON data that ``rebuild`` turns back into the models, every value checked; ``layers`` merges
``--add-grid`` files on top of the grid; ``validate`` finds every problem of one file of any
kind; ``export`` writes the grid in use as a grid file; ``schemas`` publishes the JSON Schema of
each kind. Within the package, imports run one way: ``linemap`` and ``problems`` below
``loader``, ``layers`` above it, ``validate`` above both.

May import: :mod:`salesgrid.errors`, :mod:`salesgrid.core`; ``salesgrid.__version__`` and
:mod:`salesgrid.signals` (the snapshot's key and temporary file). Never output, batch or cli.
"""
