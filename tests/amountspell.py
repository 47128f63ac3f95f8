"""The documented spellings of an amount, apart from the parser's own code: what a text means
(a regular expression per spelling), and every way an amount may be written."""

from __future__ import annotations

import re
from decimal import Decimal

#: The currency spellings of the docs (docs/formats.md), and their currency.
CURRENCY_SPELLINGS = {"лв.": "BGN", "лв": "BGN", "BGN": "BGN", "€": "EUR", "EUR": "EUR",
                      "евро": "EUR"}  # fmt: skip
SPACES = (" ", "\u00a0", "\u202f")
_LEAD, _SPACE = "[1-9][0-9]{0,2}", "[ \u00a0\u202f]"
_SPELLINGS = (
    r"[0-9]+(?:[.,][0-9]{1,2})?",
    rf"{_LEAD}(?:{_SPACE}[0-9]{{3}})+(?:[.,][0-9]{{1,2}})?",
    rf"{_LEAD}(?:\.[0-9]{{3}})+,[0-9]{{1,2}}",
    rf"{_LEAD}(?:\.[0-9]{{3}}){{2,}}",
    rf"{_LEAD}(?:,[0-9]{{3}})+\.[0-9]{{1,2}}",
    rf"{_LEAD}(?:,[0-9]{{3}}){{2,}}",
)


def meant(text: str, with_currency: bool = False) -> tuple[Decimal, str | None] | None:
    """What a text means (the amount, and the currency written with it), or None if it must
    be refused."""
    value = text.strip(" \t")
    currency = None
    if with_currency:
        for word in sorted(CURRENCY_SPELLINGS, key=len, reverse=True):
            folded = value.casefold()
            if len(folded) == len(value) and folded.endswith(word.casefold()):
                value, currency = value[: -len(word)].rstrip(" \t\u00a0\u202f"), word
                break
            if len(folded) == len(value) and folded.startswith(word.casefold()):
                value, currency = value[len(word) :].lstrip(" \t\u00a0\u202f"), word
                break
    if not any(re.fullmatch(spelling, value) for spelling in _SPELLINGS):
        return None
    decimals = re.search(r"[.,]([0-9]{1,2})$", value)
    whole = value if decimals is None else value[: decimals.start()]
    digits = re.sub(r"[^0-9]", "", whole)
    amount = Decimal(digits + ("" if decimals is None else "." + decimals.group(1)))
    return amount, None if currency is None else CURRENCY_SPELLINGS[currency]


def spellings(amount: Decimal) -> list[str]:
    """Every way of writing ``amount`` (at most 2 decimals, not negative) without a
    currency: a point or a comma as the decimal mark, thousands grouped by each kind of
    space, by points with a decimal comma, by commas with a decimal point, and by points or
    commas alone when there are two or more of them."""
    whole, _, decimals = f"{amount:f}".partition(".")
    groups = f"{int(whole):,}".split(",")
    found = [whole + (f".{decimals}" if decimals else ""), whole + (f",{decimals}" if decimals
                                                                     else "")]  # fmt: skip
    if len(groups) > 1:
        for space in SPACES:
            found += [space.join(groups) + (f"{mark}{decimals}" if decimals else "")
                      for mark in ".,"]  # fmt: skip
        for group, mark in ((".", ","), (",", ".")):
            if decimals:
                found.append(group.join(groups) + mark + decimals)
            elif len(groups) > 2:
                found.append(group.join(groups))
    return list(dict.fromkeys(found))
