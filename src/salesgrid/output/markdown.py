"""Markdown for the documents (the criteria, the pay-gap report and a worker's answer): text
escaped so a value cannot become markup or break a table, tables, and an HTML sentence of the
pages as the same words in Markdown."""

from __future__ import annotations

import html
import re
from collections.abc import Collection, Sequence

#: The characters a value would otherwise turn into markup or a new cell (``~``: strikethrough).
MARKUP = "|*~`<>[]"
#: An ``&`` that starts an entity (``&copy;``, ``&#169;``): escaped, so it stays an ``&``.
ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
#: A ``_`` that can open or close emphasis: one not between two letters or digits (within a
#: word, as in ``employee_id``, it never does, and stays as written).
LOOSE_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")
TAG = re.compile(r"<[^>]+>")
#: What makes a line a heading, a list item, a rule or a heading's underline when it starts it.
BLOCK_START = re.compile(r"[#+=-]|\d+(?=[.)])")


def md(text: object) -> str:
    """Text safe in a Markdown table cell or line: pipes and markup characters escaped (an
    ``&`` that would start an entity, a ``_`` that could be emphasis), line breaks and runs of
    spaces one space."""
    out = str(text).replace("\\", "\\\\")
    for char in MARKUP:
        out = out.replace(char, "\\" + char)
    out = LOOSE_UNDERSCORE.sub(r"\\_", ENTITY.sub(r"\\&", out))
    return " ".join(out.split())


def md_line(text: object) -> str:
    """Text safe at the start of a line (or of a list item): :func:`md`, and a leading ``#``,
    ``+``, ``-``, ``=`` or ordered-list number escaped, so it stays text."""
    out = md(text)
    found = BLOCK_START.match(out)
    if found is None:
        return out
    if found.group().isdigit():
        return f"{out[: found.end()]}\\{out[found.end() :]}"
    return "\\" + out


def md_table(
    header: Sequence[str], rows: Sequence[Sequence[str]], marked: Collection[int] = ()
) -> list[str]:
    """A table (lines, then an empty line) of plain text cells, each escaped; the cells of the
    columns ``marked`` are Markdown already (made of escaped values), set in as they are."""
    lines = ["| " + " | ".join(md(h) for h in header) + " |"]
    lines.append("|" + "|".join("---" for _ in header) + "|")
    lines += [
        "| " + " | ".join(c if i in marked else md(c) for i, c in enumerate(row)) + " |"
        for row in rows
    ]
    return [*lines, ""]


def from_html(sentence: str) -> str:
    """A page's sentence (its tags, its entities: ``&minus;``) as plain text, ``{named}``
    values kept for filling in."""
    return " ".join(html.unescape(TAG.sub("", sentence)).split())
