"""The words of a sentence a document shows, in the language chosen: the core builds the
method's sentences through :class:`Words`, so a renderer can have them in another language
(:mod:`salesgrid.output.lang`) while the JSON keeps the English the core gives by default."""

from __future__ import annotations

from typing import Protocol


class Words(Protocol):
    """``t`` a message with its ``{named}`` values; ``n`` the singular or plural by ``count``;
    ``day`` an ISO day as the language writes one."""

    def t(self, message: str, **values: object) -> str: ...

    def n(self, singular: str, plural: str, count: int, **values: object) -> str: ...

    def day(self, text: str) -> str: ...


class English:
    """The messages as written in the code."""

    def t(self, message: str, **values: object) -> str:
        return message.format(**values) if values else message

    def n(self, singular: str, plural: str, count: int, **values: object) -> str:
        return self.t(singular if count == 1 else plural, count=f"{count:,}", **values)

    def day(self, text: str) -> str:
        return text


ENGLISH = English()
