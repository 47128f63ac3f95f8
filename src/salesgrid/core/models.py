"""The data file formats as frozen pydantic models (unknown fields are refused).

``salesgrid schema grid`` and ``salesgrid schema competencies`` print these as JSON Schema.
Structural checks live here; checks across fields (levels numbered 1..N, pay rising with
each step, known realms) live in :mod:`salesgrid.files.loader`, which can point at the exact line.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictInt,
    StringConstraints,
    WithJsonSchema,
)

from salesgrid.core.money import MAX_AMOUNT, RoundingName
from salesgrid.errors import clip

SCHEMA_VERSION = 1
#: How a packaged data file is named, ``(packaged) grid.yaml`` (documents translate the label).
PACKAGED = "(packaged)"

_THOUSANDS = re.compile(r"[0-9]{1,3}(\.[0-9]{3})+")
_AMOUNT_TEXT = re.compile(r"[0-9]+(\.[0-9]{1,2})?")
_RATE_TEXT = re.compile(r"[0-9]{1,9}(\.[0-9]{1,9})?")
_RATE_PATTERN = r"^[0-9]{1,9}(\.[0-9]{1,9})?$"
#: The largest level or step number: positions are written with at most six digits each.
MAX_LEVEL = 999_999
_LEVEL_KEY = re.compile(r"[1-9][0-9]{0,5}")
#: Days in data files: far beyond any real date of a pay grid or a review, and far enough from
#: year 9999 that adding the rules' months (at most MAX_MONTHS) never overflows.
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2199, 12, 31)
_DAY_PATTERN = r"^(19|20|21)[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
#: The longest period a rule may count in months (100 years).
MAX_MONTHS = 1200


def float_text(value: float) -> str:
    return getattr(value, "text", repr(value))


def _amount_input(value: Any) -> Any:
    """Accept an integer or a quoted decimal string; explain a float or a grouped number."""
    if value is None:
        raise ValueError("the amount is missing: write a whole number such as 1812")
    if isinstance(value, bool):
        raise ValueError("true/false is not an amount: write a whole number such as 1812")
    if isinstance(value, float):
        text = clip(float_text(value))
        if _THOUSANDS.fullmatch(text):
            meant = text.replace(".", "")
            raise ValueError(
                f"{text} is read by YAML as a fraction, but the handbook prints '.' as the "
                f"thousands separator: this likely means {int(meant):,} ({meant}); write {meant}"
            )
        raise ValueError(
            f"{text} is a YAML float: write a whole number, or quote a decimal amount "
            f'with at most 2 decimals ("{text}")'
        )
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        text = value.strip()
        if _THOUSANDS.fullmatch(text):
            meant = text.replace(".", "")
            raise ValueError(
                f"{clip(text)!r} looks like the handbook's thousands notation: write {clip(meant)}"
            )
        if not _AMOUNT_TEXT.fullmatch(text):
            raise ValueError(
                f"{clip(value)!r} is not an amount: write digits with at most 2 decimals, "
                'no separators or currency (e.g. 1812 or "1812.50")'
            )
        return Decimal(text)
    return value


def rate_input(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("true/false is not a rate")
    if isinstance(value, float):
        raise ValueError(
            f'quote the rate ("{clip(float_text(value))}") so every digit is kept exactly'
        )
    if isinstance(value, int):
        if not 0 <= value < 10**9:
            raise ValueError(f"{clip(str(value))} is not a rate: write at most 9 digits")
        return Decimal(value)
    if isinstance(value, str) and _RATE_TEXT.fullmatch(value.strip()):
        try:
            return Decimal(value.strip())
        except InvalidOperation:  # pragma: no cover - the pattern already guarantees digits
            pass
    if isinstance(value, str):
        raise ValueError(
            f"{clip(value)!r} is not a rate: write digits with a '.' decimal point, at most 9 "
            "before and 9 after it"
        )
    return value


def _positive(value: Decimal) -> Decimal:
    if value <= 0:
        raise ValueError("must be more than 0")
    return value


def _bounded_amount(value: Decimal) -> Decimal:
    """An amount is more than 0 and at most :data:`salesgrid.core.money.MAX_AMOUNT`."""
    if value > MAX_AMOUNT:
        raise ValueError(
            f"{value} is more than {MAX_AMOUNT:,}: a monthly amount is at most {MAX_AMOUNT} "
            "(a longer number is a typing mistake)"
        )
    return _positive(value)


def _day_input(value: Any) -> Any:
    """A calendar day: an unquoted YAML date or a quoted ``YYYY-MM-DD``, nothing else."""
    if isinstance(value, datetime):
        raise ValueError("give a day (YYYY-MM-DD) without a time")
    if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value.strip()):
        try:
            value = date.fromisoformat(value.strip())
        except ValueError as exc:
            raise ValueError(f"{value!r} is not a calendar day: {exc}") from None
    if isinstance(value, date):
        if not FIRST_DAY <= value <= LAST_DAY:
            raise ValueError(
                f"{value.isoformat()} is out of range: a day in a data file is from "
                f"{FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}; check the year"
            )
        return value
    shown = clip(value) if isinstance(value, str) else value
    raise ValueError(f"{shown!r} is not a day: write YYYY-MM-DD, e.g. 2021-11-01")


_PRINTABLE = re.compile(r"^[^\x00-\x08\x0b-\x1f\x7f]+$")


def _printable(value: str) -> str:
    if not _PRINTABLE.fullmatch(value):
        bad = next(c for c in value if not _PRINTABLE.fullmatch(c))
        raise ValueError(
            f"control character {bad!r} in the text: remove it (tabs and new lines are fine)"
        )
    return value


def _level_key(value: Any) -> Any:
    """A level or step number used as a key: ``1`` in YAML, ``"1"`` in JSON or quoted YAML."""
    if isinstance(value, str):
        if _LEVEL_KEY.fullmatch(value):
            return int(value)
        raise ValueError(
            f"{clip(value)!r} is not a level or step number: write a whole number from 1 to "
            f'{MAX_LEVEL}, as 2 or "2", without a sign, decimals or leading zeros'
        )
    return value


class NumberKeys:
    """JSON Schema of a mapping keyed by level or step numbers: the keys are digit strings."""

    def __get_pydantic_json_schema__(self, core_schema: Any, handler: Any) -> Any:
        schema = handler(core_schema)
        schema["propertyNames"] = {"pattern": _LEVEL_KEY_PATTERN}
        return schema


_LEVEL_KEY_PATTERN = "^[1-9][0-9]{0,5}$"


Amount = Annotated[
    Decimal,
    BeforeValidator(_amount_input),
    AfterValidator(_bounded_amount),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "exclusiveMinimum": 0, "maximum": 1_000_000_000},
                {
                    "type": "string",
                    "pattern": r"^0*([0-9]{1,9}(\.[0-9]{1,2})?|1000000000(\.0{1,2})?)$",
                },
            ],
            "description": "Whole currency units (1812), or a quoted decimal string with at "
            'most 2 decimals ("1812.50"); at most 1000000000. Never 1.812: YAML reads that as '
            "a fraction.",
        }
    ),
]
Rate = Annotated[
    Decimal,
    BeforeValidator(rate_input),
    AfterValidator(_positive),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "exclusiveMinimum": 0, "maximum": 999_999_999},
                {"type": "string", "pattern": _RATE_PATTERN},
            ],
            "description": "A whole number, or a quoted decimal string so every digit is kept "
            'exactly ("1.95583"): at most 9 digits before and 9 after the point.',
        }
    ),
]
Day = Annotated[
    date,
    BeforeValidator(_day_input),
    WithJsonSchema(
        {
            "type": "string",
            "format": "date",
            "pattern": _DAY_PATTERN,
            "description": f"YYYY-MM-DD, from {FIRST_DAY} to {LAST_DAY}",
        }
    ),
]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80)]
Currency = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
#: Text shown to people: no control characters but tab and newline (an escape sequence in a
#: title would reach the terminal).
Text = Annotated[
    str,
    StringConstraints(min_length=1, strip_whitespace=True),
    AfterValidator(_printable),
    WithJsonSchema({"type": "string", "minLength": 1, "pattern": _PRINTABLE.pattern}),
]
Url = Annotated[str, StringConstraints(pattern=r"^https?://[^\s\x00-\x1f\x7f]+$")]
LevelNumber = Annotated[StrictInt, Field(ge=1, le=MAX_LEVEL)]
#: A level (or step) number as a mapping key: 2 or "2" (JSON keys are always text).
LevelKey = Annotated[StrictInt, BeforeValidator(_level_key), Field(ge=1, le=MAX_LEVEL)]
Months = Annotated[StrictInt, Field(ge=1, le=MAX_MONTHS)]


class Frozen(BaseModel):
    """Immutable, and every field not in the format is an error. Its validator is built on first
    use: a packaged file read from its snapshot is never validated again, so start-up does not
    build one."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=False, defer_build=True)


class Deferred(Frozen):
    """A model built on first use: the pay path never reads competency, assessment or payroll
    files, so their schemas are not built at start-up."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class Conversion(Frozen):
    """How an amount in one currency is shown in another: the rate and the rounding are data."""

    from_currency: Currency = Field(alias="from")
    to_currency: Currency = Field(alias="to")
    operation: Literal["divide", "multiply"] = Field(
        description="divide: amount / rate (BGN to EUR); multiply: amount x rate"
    )
    rate: Rate
    rounding: RoundingName
    decimals: Annotated[StrictInt, Field(ge=0, le=6)]
    rule: Text
    source: Text


class GridVersion(Frozen):
    """The cells of one framework's grid from the day they are in force."""

    in_force_from: Day
    date_source: Text = Field(description="Why this date: where it is published or evidenced.")
    levels: Annotated[
        dict[LevelKey, Annotated[list[Amount], Field(min_length=1)]], NumberKeys()
    ] = Field(description="Level number -> its amounts, step 1 first.", min_length=1)


class Framework(Frozen):
    """One pay framework: its identity, what progression in it requires, and its grids."""

    id: Slug
    title: Text
    path: Literal["management", "individual_contributor"]
    realms: list[Slug] = Field(description="Realm ids (see the top-level realms) it requires.")
    currency: Currency
    basis: Literal["monthly_net"] = Field(description="monthly_net: monthly pay after tax.")
    source: Url
    bonus: Text | None = None
    note: Text | None = None
    level_names: Annotated[dict[LevelKey, Text], NumberKeys()] | None = Field(
        default=None,
        description="Level number -> its name, shown in tables (e.g. 5: Regional Director); "
        "wins over the competency file's names. Every key is a level of some version.",
    )
    versions: list[GridVersion] = Field(min_length=1, description="Oldest first.")


class GridFile(Frozen):
    """``data/grid.yaml``: every framework's dated pay grid and the currency conversions."""

    schema_version: Literal[1]
    default_framework: Slug
    conversions: list[Conversion] = Field(default_factory=list)
    realms: dict[Slug, Text]
    frameworks: list[Framework] = Field(min_length=1)
