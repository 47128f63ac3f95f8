"""The actual-pay figures on whole cents (core/compensation.py ``standing_cents``, core/money.py
``plain_cents``) against the Decimal ones they stand in for: the same texts, the same half-up
rounding, for any amounts (the roster's block fast path and row loop write them)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import example, given
from hypothesis import strategies as st

from salesgrid.core import money
from salesgrid.core.compensation import standing, standing_cents
from salesgrid.core.conversion import cents_converter, converter
from salesgrid.core.models import Conversion
from salesgrid.errors import UsageError

CENTS = st.integers(1, 100_000_000_000)


def as_written(actual: Decimal, cell: Decimal, step_1: Decimal, top: Decimal) -> tuple[str, ...]:
    """What the roster wrote from the Decimal figures."""
    where = standing(actual, cell, step_1, top)
    return (
        f"{where.gap:.2f}",
        "" if where.compa_ratio is None else f"{where.compa_ratio:.4f}",
        "" if where.range_position is None else f"{where.range_position:.4f}",
        where.grid_status,
    )


@given(actual=CENTS, cell=CENTS, low=CENTS, spread=st.integers(0, 10_000_000))
@example(actual=544500, cell=544500, low=434500, spread=200000)  # on the grid
@example(actual=92647, cell=92647, low=92647, spread=0)  # one step: no range position
@example(actual=1, cell=3, low=1, spread=0)  # 0.3333
@example(actual=1, cell=20000, low=1, spread=1)  # 0.00005: half up to 0.0001
@example(actual=1, cell=20001, low=2, spread=20001)  # -0.00004999: 0.0000, never -0.0000
@example(actual=199, cell=300, low=200, spread=20000)  # -0.00005: half away from zero
def test_standing_in_cents_writes_what_the_decimals_write(
    actual: int, cell: int, low: int, spread: int
) -> None:
    def amount(cents: int) -> Decimal:
        return Decimal(cents).scaleb(-2)

    decimals = as_written(amount(actual), amount(cell), amount(low), amount(low + spread))
    assert standing_cents(actual, cell, low, low + spread) == decimals


@given(
    whole=st.from_regex(r"[0-9]{1,12}", fullmatch=True),
    mark=st.sampled_from([".", ","]),
    decimals=st.from_regex(r"[0-9]{0,2}", fullmatch=True),
)
def test_plain_cents_is_parse_amount_in_cents(whole: str, mark: str, decimals: str) -> None:
    text = whole + (mark + decimals if decimals else "")
    found = money.plain_cents(text)
    try:
        value = money.parse_amount(text, "actual_pay").value
    except UsageError:
        assert found is None
        return
    assert found is not None and value <= money.MAX_AMOUNT
    assert Decimal(found).scaleb(-2) == value


@given(st.text(max_size=20))
@example("5\u00a0445,00 лв.")
@example(" 5445")
@example("1.500")
@example("٥٤٤٥")
def test_plain_cents_takes_the_plain_spelling_only(text: str) -> None:
    """Anything but digits with one mark and 1-2 decimals is left to the full parser."""
    found = money.plain_cents(text)
    if found is not None:
        assert money.parse_amount(text, "x").value == Decimal(found).scaleb(-2)
        assert text.replace(",", "").replace(".", "").isascii()
        assert text.replace(",", "", 1).replace(".", "", 1).isdigit()


@given(
    cents=st.lists(CENTS, min_size=1, max_size=20),
    rate=st.decimals(Decimal("0.000001"), Decimal(1_000_000), places=6),
    operation=st.sampled_from(["divide", "multiply"]),
    rounding=st.sampled_from(["up", "down", "half_up"]),
)
@example(cents=[181200, 1, 195583, 97792], rate=Decimal("1.95583"), operation="divide",
         rounding="up")  # fmt: skip
@example(cents=[5, 15, 25], rate=Decimal("0.1"), operation="multiply", rounding="half_up")
def test_cents_converter_converts_as_the_decimal_converter(
    cents: list[int], rate: Decimal, operation: str, rounding: str
) -> None:
    rule = Conversion.model_validate(
        {"from": "BGN", "to": "EUR", "operation": operation, "rate": rate, "rounding": rounding,
         "decimals": 2, "rule": "r", "source": "s"}
    )  # fmt: skip
    whole = cents_converter(rule)
    assert whole is not None
    one = converter(rule)
    assert [Decimal(c).scaleb(-2) for c in whole(cents)] == [
        one(Decimal(c).scaleb(-2)) for c in cents
    ]
