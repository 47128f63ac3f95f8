"""Exact money: the euro pay rule, named rounding, and the exact JSON numbers."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesgrid.core import money
from salesgrid.core.conversion import convert
from salesgrid.core.models import Conversion
from salesgrid.output import jsonout

RATE = Decimal("1.95583")

TO_EUR = Conversion.model_validate(
    {"from": "BGN", "to": "EUR", "operation": "divide", "rate": "1.95583", "rounding": "up",
     "decimals": 2, "rule": "pay rule", "source": "Euro Act"}
)  # fmt: skip
TO_EUR_HALF_UP = TO_EUR.model_copy(update={"rounding": "half_up"})
TO_BGN = Conversion.model_validate(
    {"from": "EUR", "to": "BGN", "operation": "multiply", "rate": "1.95583",
     "rounding": "half_up", "decimals": 2, "rule": "display", "source": "Reg. 1103/97"}
)  # fmt: skip


@pytest.mark.parametrize(
    ("bgn", "eur"),
    [
        # The and the reference's figures (euro-and-payroll reference, section 1).
        ("1812", "926.47"),
        ("5445", "2783.99"),
        ("2000", "1022.59"),  # half-up would give 1022.58: pay rounds up
        ("13583", "6944.88"),
        ("0.01", "0.01"),
    ],
)
def test_pay_rule_rounds_up(bgn: str, eur: str) -> None:
    assert convert(Decimal(bgn), TO_EUR).amount == Decimal(eur)


@pytest.mark.parametrize(
    ("bgn", "eur"),
    [("100", "51.13"), ("10", "5.11"), ("1.70", "0.87"), ("2000", "1022.58"), ("4130", "2111.64")],
)
def test_general_rule_rounds_half_up(bgn: str, eur: str) -> None:
    assert convert(Decimal(bgn), TO_EUR_HALF_UP).amount == Decimal(eur)


def test_display_back_to_lev() -> None:
    assert convert(Decimal("2300"), TO_BGN).amount == Decimal("4498.41")


@given(st.integers(min_value=1, max_value=10**9))
def test_euro_never_loses_value(stotinki: int) -> None:
    """EUR x 1.95583 >= BGN, and by less than one euro cent's worth."""
    bgn = Decimal(stotinki) / 100
    eur = convert(bgn, TO_EUR).amount
    assert eur == eur.quantize(Decimal("0.01"))
    assert eur * RATE >= bgn
    assert eur * RATE - bgn < Decimal("0.01") * RATE


@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=0, max_value=6))
def test_rounding_modes_bracket_the_exact_value(units: int, decimals: int) -> None:
    exact = Decimal(units) / 997  # a repeating fraction
    up = money.round_to(exact, decimals, "up")
    down = money.round_to(exact, decimals, "down")
    half = money.round_to(exact, decimals, "half_up")
    step = money.quantum(decimals)
    assert down <= exact <= up
    assert up - down in (0, step)
    assert half in (up, down)


@pytest.mark.parametrize(
    ("amount", "plain", "human", "signed"),
    [
        ("5445", "5445", "5,445", "+5,445"),
        ("5445.00", "5445.00", "5,445.00", "+5,445.00"),
        ("2783.99", "2783.99", "2,783.99", "+2,783.99"),
        ("926.50", "926.50", "926.50", "+926.50"),
        ("-100", "-100", "-100", "-100"),
        ("0", "0", "0", "±0"),
        ("0.00", "0.00", "0.00", "±0.00"),
        ("2173.00", "2173.00", "2,173.00", "+2,173.00"),
    ],
)
def test_formats(amount: str, plain: str, human: str, signed: str) -> None:
    value = Decimal(amount)
    assert money.plain(value) == plain
    assert money.human(value) == human
    assert money.signed(value) == signed


def test_json_numbers_are_exact() -> None:
    record = {"amount": Decimal("5445"), "eur": Decimal("2783.99"), "x": [True, None, 'é"']}
    assert jsonout.dumps(record, indent=None) == (
        '{"amount": 5445, "eur": 2783.99, "x": [true, null, "é\\""]}'
    )


@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False))
def test_json_number_round_trips_as_decimal(value: Decimal) -> None:
    import json

    text = jsonout.dumps({"v": value}, indent=None)
    assert json.loads(text, parse_float=Decimal)["v"] == value
