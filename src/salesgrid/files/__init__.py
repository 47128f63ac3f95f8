"""Data files in: read YAML or JSON safely, reject anything ambiguous, validate into core models.

``yamlsource`` reads a file into plain values with the line of every key (bounded size, depth
and node count); ``loader`` validates them into the frozen models of :mod:`salesgrid.core` and
runs the cross-field checks, reporting ``FILE:LINE`` problems; ``snapshot`` keeps the packaged
files, validated, in the user's cache (start-up), as JSON data that ``rebuild`` turns back into
the models, every value checked; ``schemas`` publishes the JSON Schema of each kind.

May import: :mod:`salesgrid.errors`, :mod:`salesgrid.core`; ``salesgrid.__version__`` and
:mod:`salesgrid.signals` (the snapshot's key and temporary file). Never output, batch or cli.
"""
