"""The data file formats as frozen pydantic models (unknown fields are refused).

``salesgrid schema grid`` and ``salesgrid schema competencies`` print these as JSON Schema.
Structural checks live here; checks across fields (levels numbered 1..N, pay rising with
each step, known realms) live in :mod:`salesgrid.loader`, which can point at the exact line.
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

from salesgrid.money import RoundingName

SCHEMA_VERSION = 1

_THOUSANDS = re.compile(r"[0-9]{1,3}(\.[0-9]{3})+")
_AMOUNT_TEXT = re.compile(r"[0-9]+(\.[0-9]{1,2})?")
_RATE_TEXT = re.compile(r"[0-9]+(\.[0-9]+)?")


def _float_text(value: float) -> str:
    return getattr(value, "text", repr(value))


def _amount_input(value: Any) -> Any:
    """Accept an integer or a quoted decimal string; explain a float or a grouped number."""
    if value is None:
        raise ValueError("the amount is missing: write a whole number such as 1812")
    if isinstance(value, bool):
        raise ValueError("true/false is not an amount: write a whole number such as 1812")
    if isinstance(value, float):
        text = _float_text(value)
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
                f"{text!r} looks like the handbook's thousands notation: write {meant}"
            )
        if not _AMOUNT_TEXT.fullmatch(text):
            raise ValueError(
                f"{value!r} is not an amount: write digits with at most 2 decimals, "
                'no separators or currency (e.g. 1812 or "1812.50")'
            )
        return Decimal(text)
    return value


def _rate_input(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("true/false is not a rate")
    if isinstance(value, float):
        raise ValueError(f'quote the rate ("{_float_text(value)}") so every digit is kept exactly')
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str) and _RATE_TEXT.fullmatch(value.strip()):
        try:
            return Decimal(value.strip())
        except InvalidOperation:  # pragma: no cover - the pattern already guarantees digits
            pass
    if isinstance(value, str):
        raise ValueError(f"{value!r} is not a rate: write digits with a '.' decimal point")
    return value


def _positive(value: Decimal) -> Decimal:
    if value <= 0:
        raise ValueError("must be more than 0")
    return value


def _bounded_amount(value: Decimal) -> Decimal:
    """An amount is more than 0 and at most :data:`salesgrid.money.MAX_AMOUNT`."""
    from salesgrid.money import MAX_AMOUNT

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
    if isinstance(value, date):
        return value
    if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError as exc:
            raise ValueError(f"{value!r} is not a calendar day: {exc}") from None
    raise ValueError(f"{value!r} is not a day: write YYYY-MM-DD, e.g. 2021-11-01")


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
    BeforeValidator(_rate_input),
    AfterValidator(_positive),
    WithJsonSchema(
        {"type": "string", "pattern": r"^[0-9]+(\.[0-9]+)?$", "description": "Quoted exactly."}
    ),
]
Day = Annotated[
    date,
    BeforeValidator(_day_input),
    WithJsonSchema({"type": "string", "format": "date", "description": "YYYY-MM-DD"}),
]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80)]
Currency = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
Url = Annotated[str, StringConstraints(pattern=r"^https?://\S+$")]
LevelNumber = Annotated[StrictInt, Field(ge=1)]


class Frozen(BaseModel):
    """Immutable, and every field not in the format is an error."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=False)


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
    levels: dict[LevelNumber, Annotated[list[Amount], Field(min_length=1)]] = Field(
        description="Level number -> its amounts, step 1 first.", min_length=1
    )


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
    versions: list[GridVersion] = Field(min_length=1, description="Oldest first.")


class GridFile(Frozen):
    """``data/grid.yaml``: every framework's dated pay grid and the currency conversions."""

    schema_version: Literal[1]
    default_framework: Slug
    conversions: list[Conversion] = Field(default_factory=list)
    realms: dict[Slug, Text]
    frameworks: list[Framework] = Field(min_length=1)
