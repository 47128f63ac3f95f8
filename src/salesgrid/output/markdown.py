"""Markdown for the documents (the criteria, the pay-gap report and a worker's answer): text
escaped so a value cannot become markup or break a table, tables, and an HTML sentence of the
pages as the same words in Markdown."""

from __future__ import annotations

import html
import re
from collections.abc import Collection, Sequence

MARKUP = "|*`<>[]"  # the characters a value would otherwise turn into markup or a new cell
TAG = re.compile(r"<[^>]+>")


def md(text: object) -> str:
    """Text safe in a Markdown table cell or line: pipes and markup characters escaped, line
    breaks and runs of spaces one space."""
    out = str(text).replace("\\", "\\\\")
    for char in MARKUP:
        out = out.replace(char, "\\" + char)
    return " ".join(out.split())


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
