"""Read a YAML data file into plain Python values, remembering where every value came from.

PyYAML's own loaders silently keep the last of two equal keys and forget line numbers once a
document is built. This reader walks the composed node tree itself so it can

* refuse duplicate mapping keys, naming both lines;
* refuse every tag that is not plain data (``!!python/...``, ``!!binary``, ``!!set``, merge keys);
* keep the line of every key and list item, so later validation errors can say ``FILE:LINE``;
* keep the source text of floats (``1.812``), so an amount typed the way the handbook prints it
  can be explained instead of silently read as one and a bit.

It uses libyaml (``CSafeLoader``) when PyYAML was built with it, and the pure-Python safe loader
otherwise. Nothing here constructs Python objects other than dict, list, str, int, float, bool,
None, date and datetime.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    ScalarEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from salesgrid.errors import DataFileError, Problem, clip
from salesgrid.files.linemap import LineMap, PathKey

Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_TAG + name for name in ("null", "bool", "int", "float", "str", "timestamp")}
_MAP_TAG = _TAG + "map"
_SEQ_TAG = _TAG + "seq"

_DECIMAL = re.compile(r"[-+]?(0|[1-9][0-9_]*)")
#: Limits far above any real data file (the packaged competency file is 69 KB, 3,500 values,
#: 6 levels deep), checked before a document is built: a file over them is refused, never
#: parsed into memory or recursed into (deep nesting crashes libyaml's composer).
MAX_BYTES = 5_000_000
MAX_DEPTH = 64
#: Values, counted once aliases are expanded: a guard against alias bombs ("billion laughs").
MAX_NODES = 200_000


class SourceFloat(float):
    """A YAML float that remembers how it was written (``1.812`` stays ``"1.812"``)."""

    text: str

    def __new__(cls, value: float, text: str) -> SourceFloat:
        obj = super().__new__(cls, value)
        obj.text = text
        return obj


def _tag_name(tag: str) -> str:
    return "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag


def _tag_problem(file: str, node: Node, path: PathKey, lines: LineMap) -> Problem:
    name = _tag_name(node.tag)
    if name.startswith("!!python/"):
        why = "salesgrid loads data files safely and never builds Python objects from them"
    else:
        why = "salesgrid data files hold plain mappings, lists, text, numbers and dates"
    return Problem(
        file,
        node.start_mark.line + 1,
        lines.display(path),
        f"the tag {clip(name)} is not allowed: {why}; remove the tag",
    )


class _TooBig(Exception):
    """More nodes than :data:`MAX_NODES` once aliases are expanded, or nested too deep."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


_TOO_MANY = (
    f"more than {MAX_NODES:,} values once aliases are expanded: a data file this large is "
    "refused (check the anchors and *aliases)"
)
_TOO_DEEP = (
    f"nested more than {MAX_DEPTH} levels deep: salesgrid data files are a few levels deep, so "
    "this is refused (check the brackets, indentation and *aliases)"
)


class _Builder:
    def __init__(self, loader: yaml.SafeLoader, file: str) -> None:
        self.loader = loader
        self.file = file
        self.lines = LineMap()
        self.problems: list[Problem] = []
        self.nodes = 0

    def _problem(self, node: Node, path: PathKey, message: str) -> None:
        self.problems.append(
            Problem(self.file, node.start_mark.line + 1, self.lines.display(path), message)
        )

    def _text_line(self, path: PathKey) -> int:
        """The line of the deepest mapping key on ``path``: where the text (not an anchor that
        an alias repeats) is when aliases expand too far."""
        found = self.lines.lines.get((), 1)
        for end in range(1, len(path) + 1):
            prefix = path[:end]
            if prefix not in self.lines.sequence_items and prefix in self.lines.lines:
                found = self.lines.lines[prefix]
        return found

    def scalar(self, node: ScalarNode, path: PathKey) -> Any:
        if node.tag not in _SCALAR_TAGS:
            self.problems.append(_tag_problem(self.file, node, path, self.lines))
            return None
        text = str(node.value)
        if node.tag == _TAG + "int" and not _DECIMAL.fullmatch(text):
            try:
                read_as = self.loader.construct_object(node)
            except ValueError:  # pragma: no cover - the resolver only matches valid numbers
                read_as = "?"
            self._problem(
                node, path,
                f"{clip(text)} is not a plain decimal number: YAML would read it as "
                f"{clip(str(read_as))} (octal, hex, binary or base 60); write the digits without "
                "a leading zero, or quote text",
            )  # fmt: skip
            return None
        try:
            value = self.loader.construct_object(node)
        except (ValueError, OverflowError) as exc:  # e.g. 2021-11-31, a day that does not exist
            self._problem(node, path, f"{clip(text)} is not a valid value: {clip(str(exc))}")
            return None
        if isinstance(value, float):
            return SourceFloat(value, str(node.value))
        return value

    def build(self, node: Node, path: PathKey) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _TooBig(self._text_line(path), _TOO_MANY)
        if len(path) > MAX_DEPTH:  # aliases can nest deeper than the text does
            raise _TooBig(self._text_line(path), _TOO_DEEP)
        if isinstance(node, ScalarNode):
            return self.scalar(node, path)
        if isinstance(node, SequenceNode):
            if node.tag != _SEQ_TAG:
                self.problems.append(_tag_problem(self.file, node, path, self.lines))
                return None
            items = []
            for index, item in enumerate(node.value):
                item_path = (*path, index)
                self.lines.lines[item_path] = item.start_mark.line + 1
                self.lines.sequence_items.add(item_path)
                items.append(self.build(item, item_path))
            return items
        if isinstance(node, MappingNode):
            return self.mapping(node, path)
        raise TypeError(f"unexpected YAML node {node!r}")  # pragma: no cover

    def mapping(self, node: MappingNode, path: PathKey) -> Any:
        if node.tag != _MAP_TAG:
            self.problems.append(_tag_problem(self.file, node, path, self.lines))
            return None
        result: dict[Any, Any] = {}
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, ScalarNode):
                self.problems.append(
                    Problem(
                        self.file,
                        line,
                        self.lines.display(path) or "(top level)",
                        "a key must be plain text or a number",
                    )
                )
                continue
            if key_node.tag == _TAG + "merge":
                self.problems.append(
                    Problem(
                        self.file,
                        line,
                        self.lines.display(path) or "(top level)",
                        "merge keys (<<) are not supported: write the fields out in full",
                    )
                )
                continue
            key = self.scalar(key_node, path)
            if isinstance(key, float):
                key = str(key_node.value)
            spelled = str(key)
            if spelled in seen:
                self.problems.append(
                    Problem(
                        self.file,
                        line,
                        self.lines.display((*path, key)),
                        f"duplicate key {clip(spelled)!r}: it is already on line {seen[spelled]}; "
                        "YAML would silently keep only the last one, so remove or rename one",
                    )
                )
                continue
            seen[spelled] = line
            key_path = (*path, key)
            self.lines.lines[key_path] = line
            result[key] = self.build(value_node, key_path)
        return result


def _refuse(file: str, line: int | None, message: str) -> DataFileError:
    return DataFileError([Problem(file, line, "", message)])


def read_bytes(path: Path, file: str) -> bytes:
    """At most :data:`MAX_BYTES` of a data file, so ``/dev/zero`` cannot hang or fill memory."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except IsADirectoryError:
        raise _refuse(file, None, "is a directory: give the path of a data file") from None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise _refuse(file, None, f"cannot read the file: {reason}") from None
    if len(raw) > MAX_BYTES:
        raise _refuse(
            file,
            None,
            f"the file is larger than {MAX_BYTES // 1_000_000} MB: salesgrid data files are a "
            "few KB; check that this is the file you meant",
        )
    return raw


def decode_text(raw: bytes, file: str) -> str:
    """The UTF-8 text of a data file, or a one-line refusal that says how to fix the file."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _refuse(file, 1, "the file is UTF-16 (or UTF-32) text: save it as UTF-8")
    nul = raw.find(b"\x00")
    if nul >= 0:
        line = raw[:nul].count(b"\n") + 1
        raise _refuse(
            file,
            line,
            "the file has NUL bytes: it is binary or UTF-16, not a text data file; "
            "give a YAML or JSON file saved as UTF-8",
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise _refuse(file, line, "the file is not UTF-8 text: save it as UTF-8") from None


def _syntax_problem(exc: yaml.YAMLError, text: str, file: str) -> DataFileError:
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        mark_line = mark.line + 1 if mark is not None else None
        what = " ".join(part for part in (exc.context, exc.problem) if part)
        if "maximum nesting depth" in what:
            # libyaml (PyYAML 6.0.4 and later) has a depth limit of its own, met while
            # scanning ahead, before salesgrid's event walk sees the collections: say it alike
            return _refuse(file, mark_line, _TOO_DEEP)
        lines_of_text = text.splitlines()
        if (
            mark_line is not None
            and mark_line <= len(lines_of_text)
            and "\t" in lines_of_text[mark_line - 1]
        ):
            what += " (the line has a tab: YAML indents with spaces only)"
        return _refuse(file, mark_line, f"not valid YAML: {clip(what or 'syntax error', 200)}")
    # reader errors (control characters) carry a position only
    position = getattr(exc, "position", None)
    at_line = text[:position].count("\n") + 1 if isinstance(position, int) else None
    what = " ".join(str(exc).split())
    return _refuse(file, at_line, f"not valid YAML: {clip(what, 200)}")


def _check_shape(text: str, file: str) -> None:
    """Walk the event stream (no document is built) and refuse a file nested deeper than
    :data:`MAX_DEPTH` or with more than :data:`MAX_NODES` values, naming the line."""
    loader = Loader(text)
    depth = nodes = 0
    try:
        while loader.check_event():
            event = loader.get_event()  # type: ignore[no-untyped-call]
            line = event.start_mark.line + 1 if event.start_mark is not None else None
            if isinstance(event, CollectionStartEvent):
                depth += 1
                nodes += 1
                if depth > MAX_DEPTH:
                    raise _refuse(file, line, _TOO_DEEP)
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
            elif isinstance(event, ScalarEvent | AliasEvent):
                nodes += 1
            if nodes > MAX_NODES:
                raise _refuse(file, line, _TOO_MANY)
    except yaml.YAMLError as exc:
        raise _syntax_problem(exc, text, file) from None
    finally:
        loader.dispose()


def read_yaml(path: Path, display: str | None = None) -> tuple[Any, LineMap]:
    """Parse one YAML document from ``path``; raise :class:`DataFileError` on any problem.

    The size, depth and number of values are bounded before any document is built.
    """
    file = display or str(path)
    text = decode_text(read_bytes(path, file), file)
    _check_shape(text, file)
    loader = None
    try:
        loader = Loader(text)
        node = loader.get_single_node()
    except yaml.YAMLError as exc:
        raise _syntax_problem(exc, text, file) from None
    finally:
        if loader is not None:
            loader.dispose()
    if node is None:
        raise _refuse(file, 1, "the file is empty: it needs the fields of the format")
    builder = _Builder(loader, file)
    builder.lines.lines[()] = node.start_mark.line + 1  # a missing top-level field points here
    try:
        data = builder.build(node, ())
    except _TooBig as exc:
        raise _refuse(file, exc.line, exc.message) from None
    if builder.problems:
        raise DataFileError(builder.problems)
    return data, builder.lines
