"""Exact money: Decimal amounts, named rounding modes, reading amounts, formatting.

No float ever holds money here. Rounding is always explicit and named by the data file.

**How an amount is written** (plain, CSV, JSON and tables alike) is decided here, once: an
amount is written with exactly the decimals it carries, never normalised. The core gives every
amount its scale where the amount is made: a grid amount in the grid's own currency keeps the
form it has in the file (``5445``, ``"1812.50"``); a converted amount, a payroll figure and a
percentage are rounded to the cent (``2173.00``, ``17.22``), and sums, differences and multiples
keep that scale. :func:`two_decimals` gives a figure that is not rounded where it is made (a
payroll parameter, an empty total) its two decimals without ever changing its value.
"""

from __future__ import annotations

import decimal
import re
from decimal import Decimal
from typing import Literal, NamedTuple

from salesgrid.errors import UsageError

RoundingName = Literal["up", "down", "half_up", "half_even"]

#: The rounding modes a data file may name, and what each means.
ROUNDING_MODES: dict[str, tuple[str, str]] = {
    "up": (decimal.ROUND_UP, "rounded up (away from zero)"),
    "down": (decimal.ROUND_DOWN, "rounded down (towards zero)"),
    "half_up": (decimal.ROUND_HALF_UP, "rounded half up (half away from zero)"),
    "half_even": (decimal.ROUND_HALF_EVEN, "rounded half to even"),
}

# Enough digits for any salary divided by a six-digit rate, with room to spare.
_CONTEXT = decimal.Context(prec=34)


def quantum(decimals: int) -> Decimal:
    """``Decimal('0.01')`` for 2 decimals, ``Decimal('1')`` for 0."""
    return Decimal(1).scaleb(-decimals)


def round_to(amount: Decimal, decimals: int, rounding: str) -> Decimal:
    """Round ``amount`` to ``decimals`` places with a named rounding mode."""
    mode, _ = ROUNDING_MODES[rounding]
    return amount.quantize(quantum(decimals), rounding=mode, context=_CONTEXT)


def exact_quotient(amount: Decimal, rate: Decimal) -> Decimal:
    """``amount / rate`` to 34 significant digits (what rounding then acts on)."""
    return _CONTEXT.divide(amount, rate)


def exact_product(amount: Decimal, rate: Decimal) -> Decimal:
    return _CONTEXT.multiply(amount, rate)


CENT = Decimal("0.01")


def _places(amount: Decimal) -> int:
    exponent = amount.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def two_decimals(amount: Decimal) -> Decimal:
    """``amount`` with two decimals, its value unchanged: ``2173`` -> ``2173.00``, ``0.4`` ->
    ``0.40``; an amount with more decimals keeps them (nothing is ever rounded away here)."""
    if _places(amount) > 2:
        return amount
    return amount.quantize(CENT)


def plain(amount: Decimal) -> str:
    """The bare number for scripts, with the decimals it carries: ``5445``, ``2173.00``, ``-300``
    (never an exponent)."""
    return f"{amount:.{_places(amount)}f}"


def human(amount: Decimal) -> str:
    """Thousands separated for people, with the decimals it carries: ``5,445``, ``2,173.00``."""
    return f"{amount:,.{_places(amount)}f}"


def signed(amount: Decimal) -> str:
    """``+300``, ``-100``, ``±0`` (``±0.00`` in cents) for increases between cells."""
    if amount > 0:
        return "+" + human(amount)
    if amount < 0:
        return "-" + human(-amount)
    return "±" + human(abs(amount))


# --------------------------------------------------------------------------- reading amounts

#: The largest amount salesgrid reads or loads: a monthly pay of one billion currency units.
#: Larger figures are typing mistakes, and would exceed the exact arithmetic's digits.
MAX_AMOUNT = Decimal(1_000_000_000)

#: The range of a conversion rate: any amount up to MAX_AMOUNT, converted, stays well within
#: the exact arithmetic's 34 digits.
RATE_MIN = Decimal("0.000001")
RATE_MAX = Decimal(1_000_000)

_SHOWN = 40  # characters of a refused text echoed back in a message

#: How a currency may be written with an amount, before or after it, in any case, with or
#: without a space (``5 445,00 лв.``, ``€1500``, ``1500 EUR``), and the currency each spelling
#: means: the ISO 4217 codes and signs, ``лв.`` (and ``лв``), the abbreviation of лев that the
#: Bulgarian National Bank and a Bulgarian Excel's currency format write, and ``евро``, the
#: euro's name in the Bulgarian text of the Euro Act.
CURRENCY_WORDS: dict[str, str] = {
    "лв.": "BGN",
    "лв": "BGN",
    "BGN": "BGN",
    "€": "EUR",
    "EUR": "EUR",
    "евро": "EUR",
}
_FOLDED_WORDS = {word.casefold(): code for word, code in CURRENCY_WORDS.items()}
_WORDS_LONGEST_FIRST = sorted(_FOLDED_WORDS, key=len, reverse=True)  # лв. before лв
_WORDS_SHOWN = ", ".join(list(CURRENCY_WORDS)[:-1]) + " or " + list(CURRENCY_WORDS)[-1]

#: The spaces that may group thousands (``5 445,00``): a space, a no-break space (U+00A0, what
#: Excel writes) and a narrow no-break space (U+202F).
GROUP_SPACES = " \u00a0\u202f"
_PLAIN = re.compile(r"([0-9]+)(?:([.,])([0-9]{1,2}))?")
#: A column of amounts, one a line, each in the plain spelling with a point, exactly two
#: decimals, no leading zero and less than :data:`MAX_AMOUNT`: each text is then the amount as
#: ``f"{amount:.2f}"`` writes it, and its digits without the point its cents.
CENTS_COLUMN = re.compile(r"[1-9][0-9]{0,8}\.[0-9]{2}(?:\n[1-9][0-9]{0,8}\.[0-9]{2})*")
_GROUPED = re.compile(r"([1-9][0-9]{0,2})((?:[ \u00a0\u202f.,][0-9]{3})+)(?:([.,])([0-9]{1,2}))?")
_LONE_MARK = re.compile(r"([1-9][0-9]{0,2})([.,])([0-9]{3})")  # 3,000 and 1.500: ambiguous
_MARK_NAMES = {".": "point", ",": "comma"}


class ReadAmount(NamedTuple):
    """An amount as read: its value, whether it was written with a decimal comma
    (``1500,50``), the currency written with it (``"BGN"`` for ``5 445,00 лв.``; None when
    none was), and whether its thousands were grouped (``1 500``, ``1.500.000``)."""

    value: Decimal
    comma: bool
    currency: str | None = None
    grouped: bool = False


def shown(text: str) -> str:
    """A refused text as typed, quoted, cut to a sane length."""
    if len(text) > _SHOWN:
        return repr(text[:_SHOWN]) + f"... ({len(text)} characters)"
    return repr(text)


def currency_code(text: str) -> str | None:
    """The currency a spelling of :data:`CURRENCY_WORDS` means (``лв.`` -> ``"BGN"``, any
    case, spaces around it ignored), or None."""
    return _FOLDED_WORDS.get(text.strip(" \t" + GROUP_SPACES).casefold())


def currency_text(text: str) -> str:
    """A currency as written in an ``actual_currency`` cell or a currency option: a spelling of
    :data:`CURRENCY_WORDS` as its code, any other text as its upper-case self (``usd`` ->
    ``USD``), for the caller to check against the grid."""
    return currency_code(text) or text.strip().upper()


def _number(body: str) -> tuple[str, bool, bool] | None:
    """``(digits with a point, decimal comma?, grouped?)`` for a number as people write it,
    or None: digits with one decimal mark and 1 or 2 decimals; or groups of three digits
    after 1 to 3 (not 0) separated by spaces of any kind, or by points or commas when the other
    mark ends it as the decimal mark or when there are two or more of them."""
    plain = _PLAIN.fullmatch(body)
    if plain is not None:
        whole, mark, decimals = plain.groups()
        return whole + ("." + decimals if decimals else ""), mark == ",", False
    grouped = _GROUPED.fullmatch(body)
    if grouped is None:
        return None
    lead, groups, mark, decimals = grouped.groups()
    kinds = {" " if c in GROUP_SPACES else c for c in groups[::4]}
    if len(kinds) != 1:
        return None  # mixed separators
    kind = kinds.pop()
    if mark == kind or (mark is None and kind != " " and len(groups) == 4):
        return None  # one mark for both, or one point or comma alone before three digits
    digits = lead + "".join(groups[i + 1 : i + 4] for i in range(0, len(groups), 4))
    return digits + ("." + decimals if decimals else ""), mark == ",", True


def _why(body: str) -> str:
    """Why a text that is not an amount is refused, named as precisely as it can be."""
    if not body:
        return "has no number"
    if any(c.isdigit() and not c.isascii() for c in body):
        return "has digits of another script (write 0-9)"
    if body[0] in "+-\u2212":
        return "has a sign (an amount is written without one)"
    if re.search(r"[0-9][eE][+-]?[0-9]", body):
        return "has an exponent (write the digits out)"
    if "_" in body:
        return "has an underscore (write the digits only)"
    lone = _LONE_MARK.fullmatch(body)
    if lone is not None:
        lead, mark, rest = lone.groups()
        return (
            f"is ambiguous: one {_MARK_NAMES[mark]} before three digits may group thousands "
            f"({lead}{rest}) or mark decimals ({lead}.{rest}: more than 2 decimals)"
        )
    tail = re.search(r"[.,]([0-9]{3,})$", body)
    if tail is not None and _number(body[: tail.start(1) + 2]) is not None:
        return "has more than 2 decimals"
    if not re.fullmatch(r"[0-9 \t\u00a0\u202f.,]+", body) or not any(c.isdigit() for c in body):
        return "is not a number"
    last = re.search(r"[.,][0-9]{1,2}$", body)
    grouping = body if last is None else body[: last.start()]
    spaced = any(c in GROUP_SPACES + "\t" for c in grouping)
    if spaced and ("." in grouping or "," in grouping):
        return "mixes spaces and marks between groups (use one kind: 1 500 000 or 1.500.000)"
    if spaced or (last is None and any(c in GROUP_SPACES + "\t" for c in body)):
        return (
            "has a space in the wrong place (a space only separates groups of three digits, "
            "after 1 to 3 digits: 5 445,00)"
        )
    if "." in body and "," in body:
        return (
            "mixes points and commas in a way that is no grouping (group thousands with one, "
            "end with the other: 5.445,00 or 5,445.00)"
        )
    return "has irregular groups (thousands come in groups of three digits: 1.500.000)"


def _split_currency(value: str) -> tuple[str, str | None]:
    """``(the number's text, the currency code or None)``: a spelling of
    :data:`CURRENCY_WORDS` before or after the number, with or without spaces."""
    edge = " \t" + GROUP_SPACES
    folded = value.casefold()
    for word in _WORDS_LONGEST_FIRST:
        if len(folded) == len(value) and folded.endswith(word):
            return value[: -len(word)].rstrip(edge), _FOLDED_WORDS[word]
    for word in _WORDS_LONGEST_FIRST:
        if len(folded) == len(value) and folded.startswith(word):
            return value[len(word) :].lstrip(edge), _FOLDED_WORDS[word]
    return value, None


def _unknown_word(value: str) -> str | None:
    """The word or sign written before or after a number, when the rest is an amount and it
    could be a currency's name (``5445 USD`` -> ``USD``), else None."""
    found = re.fullmatch(
        r"(\D*?)[ \t\u00a0\u202f]*([0-9](?:.*?[0-9])?)[ \t\u00a0\u202f]*(\D*)", value
    )
    if found is None or _number(found.group(2)) is None:
        return None
    word = (found.group(1) + found.group(3)).strip()
    if not word or len(word) > 8 or any(c in "+-\u2212" for c in word):
        return None  # no word, a sign, or no currency's name (a long text)
    return word


def parse_amount(
    text: str,
    what: str,
    maximum: Decimal = MAX_AMOUNT,
    example: str = "1500.50",
    with_currency: bool = False,
) -> ReadAmount:
    """Read an amount typed by a person: the one rule for every money input.

    Accepted: digits with a point or a comma as the decimal mark and 1 or 2 decimals
    (``1500``, ``1500.50``, ``1500,50``); thousands grouped by a space, a no-break space or a
    narrow no-break space (``5 445,00``, ``1 500 000``), by points with a decimal comma or
    commas with a decimal point (``5.445,00``, ``5,445.00``), or by two or more points or
    commas alone (``1.500.000``, ``1,500,000``). With ``with_currency``, a spelling of
    :data:`CURRENCY_WORDS` before or after it (``5 445,00 лв.``), returned as the code for the
    caller to check. Refused with :class:`UsageError` naming what is wrong: one point or comma
    before three digits (``3,000``: ambiguous), mixed or irregular groups, spaces elsewhere,
    signs, exponents, underscores, other scripts' digits, ``inf``/``nan``, more than two
    decimals, an unknown currency, more than ``maximum``. ``what`` names the thing read
    (``GROSS``, ``row 4: actual_pay``); ``example``, written with a point, shows the accepted
    spellings in messages.
    """
    plain = _PLAIN.fullmatch(text)
    if plain is not None:  # the spelling of nearly every roster cell, read at once
        whole, mark, decimals = plain.groups()
        amount = Decimal(whole + ("." + decimals if decimals else ""))
        if amount <= maximum:
            return ReadAmount(amount, mark == ",", None, False)
    value = text.strip(" \t")
    body, code = _split_currency(value)
    if code is not None and _split_currency(body)[1] is not None:
        raise UsageError(f"{what} {shown(text)} names a currency twice: write it once")
    read = _number(body)
    if read is not None and code is not None and not with_currency:
        raise UsageError(f"{what} {shown(text)} takes no currency: {_spellings(example)}")
    if read is None:
        spellings = _spellings(example)
        if not value:
            raise UsageError(f"{what} is empty: {spellings}")
        if body[:1] in "-\u2212" and _number(body[1:].lstrip(" \t" + GROUP_SPACES)) is not None:
            raise UsageError(f"{what} {shown(text)}: amounts cannot be negative; {spellings}")
        if code is None and (word := _unknown_word(value)) is not None:
            if not with_currency:
                raise UsageError(f"{what} {shown(text)} takes no currency or unit: {spellings}")
            raise UsageError(
                f"{what} {shown(text)}: the currency {shown(word)} is not known: write "
                f"{_WORDS_SHOWN}, or leave it out"
            )
        raise UsageError(f"{what} {shown(text)} {_why(body)}: {spellings}{_grouped_too(example)}")
    digits, comma, grouped = read
    amount = Decimal(digits)
    if amount > maximum:
        raise UsageError(
            f"{what} {shown(text)} is more than {maximum:,}: it is at most {maximum} "
            "(a longer number is a typing mistake)"
        )
    return ReadAmount(amount, comma, code, grouped)


def plain_cents(text: str, maximum: Decimal = MAX_AMOUNT) -> int | None:
    """The amount of a text in the plain spelling (digits, at most one point or comma and 1 or
    2 decimals: ``1500``, ``1500.5``, ``1500,50``) as whole cents, when it is at most
    ``maximum``; None for any other text, which :func:`parse_amount` reads or refuses. The same
    value :func:`parse_amount` gives, without a Decimal: for the roster's per-row figures."""
    plain = _PLAIN.fullmatch(text)
    if plain is None:
        return None
    whole, _, decimals = plain.groups()
    cents = int(whole) * 100 + (int(decimals.ljust(2, "0")) if decimals else 0)
    return cents if cents <= maximum * 100 else None


def too_many_places(number: str, what: str) -> str | None:
    """Why a number a program wrote (a JSON number, a Decimal, a float: never grouped) is no
    amount for its decimals (``5.445``: 3), or None; the one amount rule would call ``5.445``
    ambiguous, as typed by a person."""
    if re.fullmatch(r"-?[0-9]+\.[0-9]{3,}", number) is None:
        return None
    return f"{what}: the number {number} has more than 2 decimals (an amount has at most 2)"


def _spellings(example: str) -> str:
    whole = example.split(".")[0]
    shapes = ([] if whole == "0" else [whole]) + [example, example.replace(".", ",")]
    return "write it like " + ", ".join(shapes[:-1]) + " or " + shapes[-1]


def _grouped_too(example: str) -> str:
    """The grouped spellings of an example of four or more whole digits, for messages."""
    whole, _, decimals = example.partition(".")
    if len(whole) < 4:
        return ""
    spaced = f"{int(whole):,}".replace(",", " ")
    tail = f",{decimals}" if decimals else ""
    point = f"{int(whole):,}".replace(",", ".") + tail
    comma = f"{int(whole):,}" + (f".{decimals}" if decimals else "")
    return f" (grouped: {spaced}{tail}, {point} or {comma})"


def agree(read: ReadAmount, text: str, what: str, wanted: str | None, source: str) -> str | None:
    """The currency of an amount read with its currency, checked against the one ``source``
    names (``--currency``, ``the payroll of 2026-09``): the amount's own, else ``wanted``.
    A different one is refused (:class:`UsageError`)."""
    if read.currency is None or wanted is None or read.currency == wanted:
        return read.currency or wanted
    raise UsageError(
        f"{what} {shown(text.strip())} is in {read.currency}, but {source} is {wanted}: give "
        f"the amount in {wanted}, or leave its currency out"
    )


def require_pay(amount: Decimal, what: str, doing: str, example: str) -> Decimal:
    """``amount`` if it is a pay, more than 0; 0 is refused (:class:`UsageError`) as no pay at
    all. ``what`` names it (``GROSS``), ``doing`` says what to give (``the monthly gross pay``)."""
    if amount <= 0:
        shown = plain(amount if amount < 0 else amount.copy_abs())  # -0 is 0
        raise UsageError(f"{what} {shown} is not a pay: give {doing}, more than 0 (e.g. {example})")
    return amount
