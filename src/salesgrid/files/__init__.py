"""Data files in: read YAML or JSON safely, reject anything ambiguous, validate into core models.

``yamlsource`` reads a file into plain values with the line of every key (bounded size, depth
and node count); ``loader`` validates them into the frozen models of :mod:`salesgrid.core` and
runs the cross-field checks, reporting ``FILE:LINE`` problems; ``schemas`` publishes the JSON
Schema of each kind.

May import: :mod:`salesgrid.errors`, :mod:`salesgrid.core`. Never output, batch or cli.
"""
