"""Where each value of a data file came from: the line of every key and list item.

Apart from :mod:`~salesgrid.files.yamlsource` (which fills it while reading) so that a loaded
file, and the packaged files' snapshot (:mod:`~salesgrid.files.snapshot`), carry their line map
without importing PyYAML.
"""

from __future__ import annotations

from typing import Literal

from salesgrid.errors import clip

PathKey = tuple[str | int, ...]
#: A problem a check across fields found: where, what, and whether it stops the file loading
#: (its line is looked up afterwards, in the file the value came from).
Finding = tuple[PathKey, str, Literal["error", "warning"]]


class LineMap:
    """Where each key or list item of a document starts (1-based lines)."""

    __slots__ = ("lines", "sequence_items")

    def __init__(self) -> None:
        self.lines: dict[PathKey, int] = {}
        self.sequence_items: set[PathKey] = set()

    def line(self, path: PathKey) -> int | None:
        """The line of ``path``, or of its nearest ancestor that is in the file."""
        path = self._as_written(path)
        for end in range(len(path), -1, -1):
            found = self.lines.get(tuple(path[:end]))
            if found is not None:
                return found
        return None

    def _as_written(self, path: PathKey) -> PathKey:
        """``path`` with a number key written as text in the file (``"2":``, JSON) spelled
        as it was: models read such keys as numbers."""
        out: PathKey = ()
        for part in path:
            step = (*out, part)
            if step not in self.lines and isinstance(part, int) and (*out, str(part)) in self.lines:
                step = (*out, str(part))
            out = step
        return out

    def display(self, path: PathKey) -> str:
        """``frameworks[0].versions[0].levels.2[1]``: brackets for list items, dots for keys."""
        out = ""
        path = self._as_written(path)
        for end in range(1, len(path) + 1):
            part = path[end - 1]
            prefix = tuple(path[:end])
            is_item = prefix in self.sequence_items or (
                prefix not in self.lines and isinstance(part, int) and not isinstance(part, bool)
            )
            if is_item:
                out += f"[{part}]"
            else:
                out += ("." if out else "") + clip(str(part))
        return out
