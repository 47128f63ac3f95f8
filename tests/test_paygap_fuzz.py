"""Issue 11: properties of the pay gap figures, and rosters of any text never crash paygap."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from salesgrid.core import paygap as core

from .conftest import run

D = Decimal


@given(st.integers(min_value=1, max_value=500))
def test_bands_are_quarters_in_order(count: int) -> None:
    """Every band is floor or ceil of n / 4 people (n >= 4), and bands never go down."""
    bands = [core.band(rank, count) for rank in range(count)]
    assert bands == sorted(bands) and bands[0] == 1 and bands[-1] <= 4
    if count >= 4:
        sizes = [bands.count(b) for b in (1, 2, 3, 4)]
        assert all(count // 4 <= size <= -(-count // 4) for size in sizes)


amounts = st.decimals(min_value=1, max_value=10**6, places=2)


@given(st.lists(amounts, min_size=1, max_size=20), st.lists(amounts, min_size=1, max_size=20))
def test_gap_sign_and_equal_pay(men: list[Decimal], women: list[Decimal]) -> None:
    m, w = core.mean(men), core.mean(women)
    assert m is not None and w is not None
    found = core.gap(m, w)
    assert found is not None and found == found.quantize(D("0.01"))
    if m > w:
        assert found >= 0
    elif m < w:
        assert found <= 0
    assert core.gap(m, m) == 0


@given(st.lists(amounts, min_size=1, max_size=21))
def test_median_lies_between_the_middle_values(values: list[Decimal]) -> None:
    found = core.median(values)
    ordered = sorted(values)
    n = len(ordered)
    assert found is not None
    assert ordered[(n - 1) // 2] <= found <= ordered[n // 2]


cell = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
               max_size=12)  # fmt: skip


@settings(max_examples=40)
@given(st.lists(st.tuples(cell, cell, cell, cell, cell, cell), min_size=1, max_size=4))
def test_any_roster_text_is_read_or_rejected(tmp_path_factory, rows) -> None:  # type: ignore[no-untyped-def]
    """Any values: exit 0 or 4 (rejected rows), or 2 for a header problem; never 70."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["employee_id", "position", "sex", "hours_per_week", "months_worked",
                     "gross_annual"])  # fmt: skip
    writer.writerows(rows)
    path = Path(tmp_path_factory.mktemp("fuzz")) / "r.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    result = run(["paygap", str(path), "--format", "json"])
    assert result.exit_code in (0, 4), (result.exit_code, result.stderr)
    assert "Traceback" not in result.stderr
