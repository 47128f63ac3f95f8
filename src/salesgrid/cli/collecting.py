"""Fewer garbage collections while a command reads a big file and works on it.

CPython runs its cycle collector after every 700 new container objects (tuples, lists,
records), and now and then over every object alive: reading 100,000 workers or people then
spends up to a third of its time walking the loaded data files, the caches and the rows already
read, none of which are cycles to free (rows, records and caches are freed by reference
counting alone). While a command works, :func:`few_collections` leaves the objects loaded
before it (the modules and data files) out of the collections (``gc.freeze``) and collects
the young objects after every :data:`YOUNG` new ones instead; both are put back when it ends
(the tests run many commands in one process).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

#: New container objects between two young collections while a command works (CPython's
#: default, 700, made for programs that keep few objects: the threshold `gc.set_threshold`
#: documents as the first to raise for programs that allocate many long-lived objects).
YOUNG = 200_000


@contextmanager
def few_collections() -> Iterator[None]:
    """The objects alive now left out of collections, the young collected more rarely, until
    the block ends (then as before)."""
    before = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(max(YOUNG, before[0]), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()
