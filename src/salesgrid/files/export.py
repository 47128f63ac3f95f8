"""A grid as a grid file: ``salesgrid grid --export`` writes the grid in use as YAML to edit.

Written field by field from the models, so every field is there (optional ones when set) in the
order of the format, with comments on how to edit and check the file. What is written reads back
as the same :class:`~salesgrid.core.models.GridFile`: amounts stay exact (integers as integers,
decimals as quoted text), rates are quoted, days are ``YYYY-MM-DD``, and every text is quoted
so that no title or note can turn into a number, a boolean, a comment or a second line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

import yaml

from salesgrid.core.models import Conversion, Framework, GridFile, GridVersion

#: Long texts are written as folded blocks whose lines stay within this width.
WIDTH = 96
_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/:?=&%+~@#-]*")


def _loads(text: str) -> Any:
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return None


def _quoted(text: str) -> str:
    """A double-quoted YAML scalar: escapes for new lines, tabs and anything unprintable."""
    dumped: str = yaml.safe_dump(
        text, default_style='"', allow_unicode=True, width=float("inf"), explicit_end=False
    )
    return dumped.rstrip("\n").removesuffix("\n...")


@lru_cache(maxsize=4096)
def _word(text: str) -> str:
    """An id, a currency, a URL or a choice: bare when YAML reads it back as the same text
    (``sales-management``), quoted otherwise (``"yes"``, ``"2021-11-01"``, ``"0x1f"``)."""
    if _PLAIN.fullmatch(text) and _loads(f"k: {text}\n") == {"k": text}:
        return text
    return _quoted(text)


def _key(text: str) -> str:
    """A mapping key (a realm id): as :func:`_word`, and never read as another key."""
    word = _word(text)
    return word if _loads(f"{word}: x\n") == {text: "x"} else _quoted(text)


def _folded(text: str, indent: int) -> list[str] | None:
    """A long text as a ``>-`` block wrapped at single spaces, if it reads back exactly."""
    if (
        "\n" in text
        or len(text) + indent <= WIDTH
        or not all(c.isprintable() and c not in "\ufeff\u2028\u2029" for c in text)
    ):
        return None
    lines: list[str] = []
    current = ""
    for index, word in enumerate(text.split(" ")):
        breakable = bool(current) and bool(word) and not current.endswith(" ")
        if breakable and indent + len(current) + 1 + len(word) > WIDTH:
            lines.append(current)
            current = word
        else:
            current = word if index == 0 else f"{current} {word}"
    lines.append(current)
    pad = " " * indent
    block = [f"{pad}{line}" for line in lines]
    if _loads("k: >-\n" + "".join(f"{line}\n" for line in block)) != {"k": text}:
        return None  # pragma: no cover - the checks above leave nothing that folds differently
    return block


def _text(name: str, text: str, indent: int) -> list[str]:
    """``name: "text"``, or ``name: >-`` and the text folded under it when it is long."""
    pad = " " * indent
    block = _folded(text, indent + 2)
    if block is None:
        return [f"{pad}{name}: {_quoted(text)}"]
    return [f"{pad}{name}: >-", *block]


def _amount(value: Decimal) -> str:
    """1812 as an integer; "1812.50" (as given, trailing zeros kept) as quoted text."""
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent >= 0:
        return str(int(value))
    return f'"{value}"'


def _comment(text: str) -> str:
    """Text for a comment: anything unprintable (a new line in a file name) as an escape."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _conversion(conversion: Conversion) -> list[str]:
    return [
        f"  - from: {_word(conversion.from_currency)}",
        f"    to: {_word(conversion.to_currency)}",
        f"    operation: {conversion.operation}",
        f'    rate: "{conversion.rate}"',
        f"    rounding: {conversion.rounding}",
        f"    decimals: {conversion.decimals}",
        *_text("rule", conversion.rule, 4),
        *_text("source", conversion.source, 4),
    ]


def _version(version: GridVersion, source: str | None) -> list[str]:
    lines = [f"      # from {_comment(source)}"] if source is not None else []
    lines += [
        f"      - in_force_from: {version.in_force_from.isoformat()}",
        *_text("date_source", version.date_source, 8),
        "        levels:",
    ]
    for level in sorted(version.levels):
        amounts = ", ".join(_amount(amount) for amount in version.levels[level])
        lines.append(f"          {level}: [{amounts}]")
    return lines


def _framework(
    fw: Framework, source: str | None, version_sources: Mapping[tuple[str, date], str]
) -> list[str]:
    lines = [f"  # from {_comment(source)}"] if source is not None else []
    lines += [
        f"  - id: {_word(fw.id)}",
        *_text("title", fw.title, 4),
        f"    path: {fw.path}",
        f"    realms: [{', '.join(_word(realm) for realm in fw.realms)}]",
        f"    currency: {_word(fw.currency)}",
        f"    basis: {fw.basis}",
        f"    source: {_word(fw.source)}",
    ]
    if fw.bonus is not None:
        lines += _text("bonus", fw.bonus, 4)
    if fw.note is not None:
        lines += _text("note", fw.note, 4)
    if fw.level_names is not None:
        lines.append("    level_names:" + ("" if fw.level_names else " {}"))
        for level in sorted(fw.level_names):
            lines += _text(str(level), fw.level_names[level], 6)
    lines.append("    versions:")
    for version in fw.versions:
        file = version_sources.get((fw.id, version.in_force_from))
        lines += _version(version, None if file is None or file == source else file)
    return lines


def _header(files: list[str], version: str | None) -> list[str]:
    by = f" by salesgrid {version}" if version else ""
    origin = f" from {', '.join(_comment(f) for f in files)}" if files else ""
    return [
        f"# salesgrid pay grids, exported{by}{origin}.",
        "# Use it with `--grid FILE` (or SALESGRID_GRID=FILE) once edited.",
        "#",
        "# Edit safely:",
        "#   * amounts are integers in currency units (1812, never 1.812: YAML reads that as a",
        '#     fraction) or quoted decimal strings ("1812.50");',
        "#   * each level lists its steps in order, step 1 first; every level of a version has the",
        "#     same number of steps, and pay rises strictly from step to step;",
        "#   * levels are numbered 1, 2, 3... without a gap; a framework may have any number of",
        "#     levels and steps; level_names (optional) names its levels in tables;",
        "#   * add a new dated entry under `versions` instead of changing a past one;",
        "#   * run `salesgrid validate FILE` after every edit; `salesgrid schema grid` prints the",
        "#     JSON Schema.",
    ]


def export_grid(
    grid: GridFile,
    sources: Mapping[str, str] | None = None,
    version: str | None = None,
    version_sources: Mapping[tuple[str, date], str] | None = None,
) -> str:
    """The grid as the text of a grid file that loads back as an equal :class:`GridFile`.

    ``sources`` maps a framework id to the file it came from (said in a comment above the
    framework, and in the header); ``version`` is the salesgrid version said in the header;
    ``version_sources`` maps (framework id, in force from) to the file of a version that came
    from another file than its framework (a layer's appended version), said above it.
    """
    found = sources or {}
    files = list(dict.fromkeys([*found.values(), *(version_sources or {}).values()]))
    lines = [
        *_header(files, version),
        "",
        f"schema_version: {grid.schema_version}",
        f"default_framework: {_word(grid.default_framework)}",
        "",
        "# How an amount in one currency is shown in another: the rate and the rounding are data.",
    ]
    if grid.conversions:
        lines.append("conversions:")
        for conversion in grid.conversions:
            lines += _conversion(conversion)
    else:
        lines.append("conversions: []")
    lines += ["", "# Realms a framework's progression requires (its `realms` lists their ids)."]
    lines.append("realms:" + ("" if grid.realms else " {}"))
    for realm, name in grid.realms.items():
        lines += _text(_key(realm), name, 2)
    lines += ["", "frameworks:"]
    for index, fw in enumerate(grid.frameworks):
        if index:
            lines.append("")
        lines += _framework(fw, found.get(fw.id), version_sources or {})
    return "\n".join(lines) + "\n"
