"""The language of the documents people read (the pay-gap report, a worker's answer, the
criteria): the messages from the gettext catalog ``salesgrid/locale/LANG/LC_MESSAGES/salesgrid.po``,
and numbers, percents and days written as that language writes them; the texts of the packaged
data files (rule descriptions, competency statements, ...) from a second catalog,
``salesgrid-data.po`` beside it (:func:`data_texts`), whose messages are the data files' English.

The way a language writes a number is in its catalog too (the messages with the contexts
``decimal mark``, ``thousands separator``; ``{number}%`` and ``{year}-{month}-{day}``), so a
new language is a ``.po`` file, not code. English is the code's own text: its output is the
output salesgrid always gave. The language is chosen by the cli (``--lang``,
``SALESGRID_LANG``) and handed down; nothing here reads the environment.
"""

from __future__ import annotations

import gettext
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib import resources

from salesgrid.core import money
from salesgrid.output.pofile import entries, mo_bytes

DOMAIN = "salesgrid"  # the code's messages
DATA_DOMAIN = "salesgrid-data"  # the data files' texts, msgid = the file's exact English
LANGUAGES = ("en", "bg")  # en is the code's own text; every other one is a catalog
NAMES = {"en": "English", "bg": "Bulgarian"}  # a language as a line on stderr names it
ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


@dataclass(frozen=True)
class Lang:
    """A language: its code and its catalog (:class:`gettext.NullTranslations` for English)."""

    code: str
    catalog: gettext.NullTranslations = field(default_factory=gettext.NullTranslations)

    def t(self, message: str, **values: object) -> str:
        """``message`` translated, its ``{named}`` values filled in."""
        text = self.catalog.gettext(message)
        return text.format(**values) if values else text

    def n(self, singular: str, plural: str, count: int, **values: object) -> str:
        """The form for ``count`` (``{count}`` is filled in with the number)."""
        text = self.catalog.ngettext(singular, plural, count)
        return text.format(count=self.number(f"{count:,}"), **values)

    def p(self, context: str, message: str) -> str:
        """``message`` in ``context`` (a mark, a format: words that are not sentences)."""
        return self.catalog.pgettext(context, message)

    def number(self, text: str) -> str:
        """An English number (``1,812.50``, ``-14.35``) with this language's marks."""
        group, point = self.p("thousands separator", ","), self.p("decimal mark", ".")
        return "".join(group if c == "," else point if c == "." else c for c in text)

    def amount(self, value: Decimal) -> str:
        """An amount with its thousands grouped, its decimals as it carries them."""
        return self.number(money.human(value))

    def pct(self, value: Decimal | int | None, missing: str = "-") -> str:
        """A percent (``21.13%``; ``21,13 %`` in Bulgarian), or ``missing``."""
        if value is None:
            return missing
        return self.t("{number}%", number=self.number(str(value)))

    def day(self, text: str) -> str:
        """An ISO day (``2026-11-22``) as this language writes one; other text as it is."""
        found = ISO_DAY.fullmatch(text)
        if not found:
            return text
        year, month, day = found.groups()
        return self.t("{year}-{month}-{day}", year=year, month=month, day=day)


ENGLISH = Lang("en")


@cache
def language(code: str) -> Lang:
    """The language named ``code`` (one of :data:`LANGUAGES`), its catalog compiled from the
    ``.po`` source shipped in the package."""
    if code == "en":
        return ENGLISH
    if code not in LANGUAGES:
        raise ValueError(f"no catalog for the language {code!r}")
    compiled = mo_bytes(_po_text(code, DOMAIN))
    return Lang(code, gettext.GNUTranslations(io.BytesIO(compiled)))


@cache
def data_texts(code: str) -> dict[str, str]:
    """The data files' texts in the language named ``code``: English text -> its translation
    (every entry translated and not fuzzy; nothing for English, whose texts are the files')."""
    if code == "en":
        return {}
    if code not in LANGUAGES:
        raise ValueError(f"no catalog for the language {code!r}")
    return {
        e["msgid"]: e["msgstr"]
        for e in entries(_po_text(code, DATA_DOMAIN))
        if e["msgid"] and e.get("msgstr") and "fuzzy" not in e
    }


def _po_text(code: str, domain: str) -> str:
    """The ``.po`` source of ``domain`` in ``code``, shipped in the package."""
    locale = resources.files("salesgrid").joinpath("locale", code, "LC_MESSAGES")
    return locale.joinpath(f"{domain}.po").read_text(encoding="utf-8")
