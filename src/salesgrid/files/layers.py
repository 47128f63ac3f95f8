"""``--add-grid FILE``: layer files merged on top of the grid in use, and where each part came from.

The base (the packaged grid, or ``--grid``) loads as usual; each layer, in order, adds to it:

* a framework id not yet known is added (a complete framework entry);
* a known id gets the layer's versions appended, each in force from a day later than the last
  known version; any other field the entry gives must equal the known one;
* realms (by id) and conversions (by from -> to) merge the same way: new ones are added, a
  known one must be given equal;
* ``default_framework`` may be given only equal to the known one: a layer never changes it.

The merged grid is an ordinary :class:`~salesgrid.core.models.GridFile` and passes every check
a single grid file passes; each finding names the file and line the value came from. A problem
that involves two files (a version not later than the last known one, a field that differs)
names both, with their lines.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, NamedTuple

from pydantic import Field, ValidationError

from salesgrid.core.models import Conversion, Framework, Frozen, GridFile, Slug, Text
from salesgrid.errors import DataFileError, Problem, clip
from salesgrid.files.linemap import LineMap, PathKey
from salesgrid.files.loader import check_grid, load, packaged_name
from salesgrid.files.problems import problems_from_validation
from salesgrid.files.yamlsource import read_yaml

#: The top-level field whose absence tells a layer from a whole grid file.
_WHOLE_GRID_KEY = "default_framework"


class LayerFile(Frozen):
    """A layer file: ``schema_version`` and ``frameworks`` are required, the rest optional.
    Framework entries are checked one by one (a known id needs only ``id`` and ``versions``)."""

    schema_version: Literal[1]
    default_framework: Slug | None = None
    conversions: list[Conversion] = Field(default_factory=list)
    realms: dict[Slug, Text] = Field(default_factory=dict)
    frameworks: list[Any] = Field(min_length=1)


class GridSet(NamedTuple):
    """The grid in use: the base file with every layer merged in, and where each part came from."""

    grid: GridFile
    #: The files, base first, as messages name them.
    files: tuple[str, ...]
    #: Framework id -> the file that added the framework.
    framework_files: Mapping[str, str]
    #: (framework id, in force from) -> the file that added the version.
    version_files: Mapping[tuple[str, date], str]
    warnings: tuple[Problem, ...]


def is_layer(data: Any) -> bool:
    """A grid-like file (``frameworks``) without ``default_framework``: a layer, not a grid."""
    return isinstance(data, dict) and "frameworks" in data and _WHOLE_GRID_KEY not in data


class _Origin(NamedTuple):
    """Where a value of the merged grid is written: the file, its lines, the path in it."""

    file: str
    lines: LineMap
    path: PathKey

    def at(self, *rest: str | int) -> str:
        """``FILE:LINE`` of a value under this one, for messages naming a second file."""
        line = self.lines.line((*self.path, *rest))
        return f"{self.file}:{line}" if line is not None else self.file


class _Merge:
    """The grid being built, with the origin of every framework, version, realm, conversion."""

    def __init__(self, base: GridFile, origin: _Origin) -> None:
        self.base = origin
        self.default = base.default_framework
        self.frameworks = list(base.frameworks)
        self.framework_origins = [_Origin(origin.file, origin.lines, ("frameworks", i))
                                  for i in range(len(base.frameworks))]  # fmt: skip
        self.versions = [list(fw.versions) for fw in base.frameworks]
        self.version_origins = [
            [_Origin(origin.file, origin.lines, ("frameworks", i, "versions", v))
             for v in range(len(fw.versions))]
            for i, fw in enumerate(base.frameworks)
        ]  # fmt: skip
        self.conversions = list(base.conversions)
        self.conversion_origins = [_Origin(origin.file, origin.lines, ("conversions", i))
                                   for i in range(len(base.conversions))]  # fmt: skip
        self.realms = dict(base.realms)
        self.realm_origins = {
            key: _Origin(origin.file, origin.lines, ("realms", key)) for key in base.realms
        }
        self.problems: list[Problem] = []

    # ----------------------------------------------------------------- one layer

    def add(self, file: str, data: Any, lines: LineMap) -> None:
        def problem(path: PathKey, message: str) -> None:
            self.problems.append(Problem(file, lines.line(path), lines.display(path), message))

        if not isinstance(data, dict):
            problem((), "a layer file is a mapping with 'schema_version' and 'frameworks'")
            return
        try:
            layer = LayerFile.model_validate(data)
        except ValidationError as exc:
            self.problems += problems_from_validation(LayerFile, exc, file, lines)
            return
        if layer.default_framework is not None and layer.default_framework != self.default:
            problem(("default_framework",), f"{layer.default_framework!r} differs from the "
                    f"default framework in use ({self.default!r}, "
                    f"{self.base.at('default_framework')}): a layer cannot change it; remove "
                    "the field, or choose a framework with --framework")  # fmt: skip
        for key, title in layer.realms.items():
            if key not in self.realms:
                self.realms[key] = title
                self.realm_origins[key] = _Origin(file, lines, ("realms", key))
            elif self.realms[key] != title:
                problem(("realms", key), f"realm {key!r} is titled {clip(title)!r} here but "
                        f"{clip(self.realms[key])!r} in {self.realm_origins[key].at()}: give "
                        "the same title, or remove it from this file")  # fmt: skip
        self._conversions(file, lines, layer.conversions, problem)
        seen: dict[str, int] = {}
        for index, entry in enumerate(layer.frameworks):
            here: PathKey = ("frameworks", index)
            ident = entry.get("id") if isinstance(entry, dict) else None
            if isinstance(ident, str) and ident in seen:
                problem((*here, "id"), f"framework id {clip(ident)!r} is used twice in this "
                        f"file (first as frameworks[{seen[ident]}])")  # fmt: skip
                continue
            if isinstance(ident, str):
                seen[ident] = index
            known = next((i for i, fw in enumerate(self.frameworks) if fw.id == ident), None)
            if known is None:
                self._new(file, lines, entry, here)
            else:
                self._known(file, lines, entry, here, known, problem)

    def _conversions(
        self, file: str, lines: LineMap, conversions: Sequence[Conversion], problem: Any
    ) -> None:
        for index, conversion in enumerate(conversions):
            pair = (conversion.from_currency, conversion.to_currency)
            found = next(
                (i for i, c in enumerate(self.conversions)
                 if (c.from_currency, c.to_currency) == pair), None
            )  # fmt: skip
            if found is None:
                self.conversions.append(conversion)
                self.conversion_origins.append(_Origin(file, lines, ("conversions", index)))
            elif self.conversions[found] != conversion:
                fields = [
                    name
                    for name in Conversion.model_fields
                    if getattr(conversion, name) != getattr(self.conversions[found], name)
                ]
                field = Conversion.model_fields[fields[0]].alias or fields[0]
                problem(("conversions", index, field), f"the {pair[0]} -> {pair[1]} conversion "
                        f"differs from the one in {self.conversion_origins[found].at(field)} "
                        f"({', '.join(Conversion.model_fields[f].alias or f for f in fields)}): "
                        "give it equal, or remove it from this file")  # fmt: skip

    def _new(self, file: str, lines: LineMap, entry: Any, here: PathKey) -> None:
        try:
            framework = Framework.model_validate(entry)
        except ValidationError as exc:
            missing = [str(e["loc"][0]) for e in exc.errors() if e["type"] == "missing"
                       and len(e["loc"]) == 1]  # fmt: skip
            said: set[str] = set()
            if missing and isinstance(entry, dict) and isinstance(entry.get("id"), str):
                said = {lines.display((*here, name)) for name in missing}
                self.problems.append(
                    Problem(file, lines.line(here), lines.display(here),
                            f"{clip(entry['id'])!r} is not a framework of the grid in use, so "
                            "this entry adds it and needs every field of a framework: add "
                            f"{', '.join(missing)} (or fix the id if it meant a known one)")
                )  # fmt: skip
            for p in problems_from_validation(Framework, exc, file, _Shifted(lines, here)):
                if p.path not in said:
                    self.problems.append(p)
            return
        self.frameworks.append(framework)
        self.framework_origins.append(_Origin(file, lines, here))
        self.versions.append(list(framework.versions))
        self.version_origins.append(
            [_Origin(file, lines, (*here, "versions", v)) for v in range(len(framework.versions))]
        )

    def _known(
        self, file: str, lines: LineMap, entry: dict[str, Any], here: PathKey, index: int,
        problem: Any,
    ) -> None:  # fmt: skip
        known = self.frameworks[index]
        origin = self.framework_origins[index]
        if "versions" not in entry:
            problem(here, f"{known.id} is already a framework (in {origin.at('id')}): an entry "
                    "for it adds versions; add 'versions', or remove the entry")  # fmt: skip
            return
        given = {**known.model_dump(exclude={"versions"}, exclude_none=True), **entry}
        try:
            framework = Framework.model_validate(given)
        except ValidationError as exc:
            self.problems += problems_from_validation(Framework, exc, file, _Shifted(lines, here))
            return
        for name in entry:
            if name in ("id", "versions") or getattr(framework, name) == getattr(known, name):
                continue
            problem((*here, name), f"{name} differs from {known.id}'s in {origin.at(name)}: a "
                    f"layer adds versions to a known framework and cannot change its {name}; "
                    "remove the field, or give the same value")  # fmt: skip
        for v_index, version in enumerate(framework.versions):
            at: PathKey = (*here, "versions", v_index)
            last = self.versions[index][-1]
            if version.in_force_from <= last.in_force_from:
                where = self.version_origins[index][-1].at("in_force_from")
                problem((*at, "in_force_from"), f"{known.id} version in force from "
                        f"{version.in_force_from} is not later than the last known version "
                        f"({last.in_force_from}, {where}): give a later day, or change the "
                        "grid file itself")  # fmt: skip
                continue
            self.versions[index].append(version)
            self.version_origins[index].append(_Origin(file, lines, at))

    # ----------------------------------------------------------------- the result

    def grid(self) -> GridFile:
        frameworks = [
            fw.model_copy(update={"versions": versions}) if len(versions) > len(fw.versions) else fw
            for fw, versions in zip(self.frameworks, self.versions, strict=True)
        ]
        return GridFile.model_validate(
            {
                "schema_version": 1,
                "default_framework": self.default,
                "conversions": self.conversions,
                "realms": self.realms,
                "frameworks": frameworks,
            }
        )

    def origin(self, path: PathKey) -> tuple[_Origin, PathKey]:
        """The file a value of the merged grid came from, and the path of the value in it."""
        if len(path) >= 2 and path[0] == "frameworks" and isinstance(path[1], int):
            f = path[1]
            if len(path) >= 4 and path[2] == "versions" and isinstance(path[3], int):
                return self.version_origins[f][path[3]], path[4:]
            return self.framework_origins[f], path[2:]
        if len(path) >= 2 and path[0] == "conversions" and isinstance(path[1], int):
            return self.conversion_origins[path[1]], path[2:]
        if len(path) >= 2 and path[0] == "realms" and path[1] in self.realm_origins:
            return self.realm_origins[str(path[1])], path[2:]
        return _Origin(self.base.file, self.base.lines, ()), path


class _Shifted(LineMap):
    """The lines of one framework entry, for validating it on its own: paths are prefixed."""

    def __init__(self, lines: LineMap, prefix: PathKey) -> None:
        super().__init__()
        self.lines = lines.lines
        self.sequence_items = lines.sequence_items
        self._prefix = prefix

    def line(self, path: PathKey) -> int | None:
        return super().line((*self._prefix, *path))

    def display(self, path: PathKey) -> str:
        return super().display((*self._prefix, *path))


def _sorted(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.line or 0, p.path))


def merge_layers(base_path: Path | None, layers: Sequence[Path]) -> GridSet:
    """The base grid (None: the packaged one) with ``layers`` merged on top, in order.

    Raises :class:`DataFileError` with every problem of the first file that has one.
    """
    loaded = load(base_path, "grid")
    base = loaded.model
    assert isinstance(base, GridFile)
    base_name = loaded.file or packaged_name("grid")
    if not layers:
        return GridSet(
            base,
            (base_name,),
            {fw.id: base_name for fw in base.frameworks},
            {(fw.id, v.in_force_from): base_name for fw in base.frameworks for v in fw.versions},
            loaded.warnings,
        )
    merge = _Merge(base, _Origin(base_name, loaded.lines, ()))
    names = [base_name]
    for index, path in enumerate(layers):
        name = str(path)
        twice = next((str(p) for p in (base_path, *layers[:index]) if _same_file(p, path)), None)
        if twice is not None:
            raise DataFileError([Problem(name, 1, "", (
                f"this file is already in the grid in use (as {twice}): give each layer once "
                "(--add-grid, SALESGRID_ADD_GRID), and not the --grid file as a layer"
            ))])  # fmt: skip
        data, lines = read_yaml(path, name)
        merge.add(name, data, lines)
        if merge.problems:
            raise DataFileError(_sorted(merge.problems))
        names.append(name)
    grid = merge.grid()
    found = []
    for path_key, message, severity in check_grid(grid):
        origin, rest = merge.origin(path_key)
        local = (*origin.path, *rest)
        found.append(
            Problem(origin.file, origin.lines.line(local), origin.lines.display(local), message,
                    severity)
        )  # fmt: skip
    if any(p.severity == "error" for p in found):
        # the errors, and the warnings of the layers (the base's loads alone without a word)
        shown = [p for p in found if p.severity == "error" or p.file != base_name]
        raise DataFileError(sorted(shown, key=lambda p: (names.index(p.file), p.line or 0)))
    return GridSet(
        grid,
        tuple(names),
        {fw.id: o.file for fw, o in zip(grid.frameworks, merge.framework_origins, strict=True)},
        {
            (fw.id, v.in_force_from): o.file
            for fw, origins in zip(grid.frameworks, merge.version_origins, strict=True)
            for v, o in zip(fw.versions, origins, strict=True)
        },
        tuple(found),
    )


def _same_file(one: Path | None, other: Path) -> bool:
    """True when both paths name one existing file (a path that cannot be read: False)."""
    if one is None:
        return False
    try:
        return os.path.samefile(one, other)
    except OSError:
        return False


def _stamp(path: Path | None) -> tuple[int, int] | None:
    if path is None:
        return (0, 0)
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size)


@lru_cache(maxsize=16)
def _cached(
    base: Path | None,
    layers: tuple[Path, ...],
    stamps: tuple[tuple[int, int] | None, ...],  # noqa: ARG001 - part of the cache key only
) -> GridSet:
    return merge_layers(base, layers)


def load_grid_set(base: Path | None = None, layers: Sequence[Path] = ()) -> GridSet:
    """:func:`merge_layers`, cached per path, modification time and size of every file."""
    stamps = tuple(_stamp(p) for p in (base, *layers))
    if None in stamps:
        return merge_layers(base, layers)  # read_yaml reports the file that cannot be read
    return _cached(base, tuple(layers), stamps)


def layer_problems(
    path: Path, base: Path | None = None, layers: Sequence[Path] = ()
) -> list[Problem]:
    """Every problem of the layer ``path`` on top of the grid in use (``base`` and ``layers``):
    the errors of any file (they stop the merge), the warnings of this one."""
    # a layer already in use (SALESGRID_ADD_GRID) is checked in its place, on the ones before it
    index = next((i for i, p in enumerate(layers) if _same_file(p, path)), len(layers))
    try:
        found = load_grid_set(base, (*layers[:index], path)).warnings
    except DataFileError as exc:
        return exc.problems
    return [p for p in found if p.file == str(path)]


def grid_set_problems(base: Path | None, layers: Sequence[Path]) -> list[Problem]:
    """Every problem of the grid in use (``validate --add-grid``): errors stop the merge, and
    the warnings of every file."""
    try:
        return list(load_grid_set(base, layers).warnings)
    except DataFileError as exc:
        return exc.problems
