"""Properties of the pay gap figures, and rosters of any text never crash paygap.

Rosters shaped to hit its rules (zero and negative pay, repeated ids, no sex column,
sex values not recognised): every row read as meant or rejected, nothing withheld shown."""

from __future__ import annotations

import re
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
    assert "Traceback" not in result.stderr
    if result.exit_code == 2:  # no accepted row gives a sex: the report would be all dashes
        assert result.stderr.startswith("salesgrid: error: paygap needs a sex column"), (
            result.stderr
        )
        return
    assert result.exit_code in (0, 4), (result.exit_code, result.stderr)


# --------------------------------------------------------------------------- shapes that hit its rules

IDS = st.sampled_from(["E-1", "E-2", "E-3", "E-4", "E-5", ""])
POSITIONS = st.sampled_from(["1.1", "1.2", "2.3", "3.1", "9.9"])
SEXES = st.sampled_from(["F", "M", "f", "m", "Ж", "мъж", "", " ", "Femal", "x", " X ", "?"])
PAYS = st.sampled_from(["", "", "0", "0,00", "-0", "-5", "0.01", "41600", "1500,50", "1e3", "x"])
VARIABLE = st.sampled_from(["", "0", "0,00", "100", "2080", "-1"])
HOURS = st.sampled_from(["", "20", "40", "0"])
ROW = st.tuples(IDS, POSITIONS, SEXES, HOURS, PAYS, PAYS, VARIABLE)
NAMES = ("employee_id", "position", "sex", "hours_per_week", "gross_annual", "actual_pay",
         "variable_pay")  # fmt: skip


def _not_a_pay(text: str) -> bool:
    value = text.strip().replace(",", ".")
    try:
        return bool(value) and D(value) <= 0
    except ArithmeticError:
        return False


@settings(max_examples=60)
@given(st.lists(ROW, min_size=1, max_size=12), st.booleans(), st.integers(1, 4))
def test_rows_shaped_by_the_rules(rows: list[tuple[str, ...]], has_sex: bool, groups: int) -> None:
    """Read = accepted + rejected; no accepted pay is 0 or less; each id accepted once and a
    repeat names the accepted line; the sex values not recognised are counted as listed;
    without a sex column, a usage error; a category under the minimum shows no figure."""
    from datetime import date

    from salesgrid.batch.paygap import PaygapSpec, read_workers, warning_lines
    from salesgrid.batch.rows import NumberedSource, Rejected
    from salesgrid.errors import UsageError
    from salesgrid.files.loader import load_grid, load_payroll

    keep = [i for i, name in enumerate(NAMES) if has_sex or name != "sex"]
    header = [NAMES[i] for i in keep]
    table = [[row[i] for i in keep] for row in rows]
    refused = got = None
    try:
        spec = PaygapSpec(header, load_grid(None), load_payroll(None), 2026, date(2026, 12, 31),
                          None, D(40))  # fmt: skip
        rejects: list[Rejected] = []
        got = read_workers(spec, NumberedSource(iter(enumerate(table, start=2))), rejects.append)
    except UsageError as exc:
        refused = str(exc)
    if not has_sex:
        assert refused is not None and refused.startswith("paygap needs a sex column"), refused
        return
    if got is None:  # no accepted row gives a sex: the report would be all dashes
        assert refused is not None and "no accepted row gives a sex" in refused, refused
        return
    assert (
        got.read == len(rows) == len(got.workers) + got.rejected == len(got.workers) + len(rejects)
    )
    by_line = dict(enumerate(rows, start=2))
    rejected_lines = {r.line for r in rejects}
    accepted = {line: row for line, row in by_line.items() if line not in rejected_lines}
    assert [w.employee_id for w in got.workers] == [row[0] for row in accepted.values()]
    first = {row[0]: line for line, row in accepted.items()}
    assert len(first) == len(accepted)  # each id accepted once
    for row in accepted.values():
        assert not _not_a_pay(row[4]) and not _not_a_pay(row[5]), row
    for reject in rejects:
        repeated = re.fullmatch(r"(.+) also on line (\d+): each employee_id once .*", reject.reason)
        if repeated:
            employee = by_line[reject.line][0]
            assert repeated[1] == employee and int(repeated[2]) == first[employee] < reject.line
    unrecognised = [row[2].strip() for row in accepted.values()
                    if row[2].strip() and core.sex_of(row[2]) is None]  # fmt: skip
    assert sum(got.sexes.values()) + got.other_sexes == len(unrecognised)
    assert all(len(line.splitlines()) == 1 for line in warning_lines(got))
    record = core.report(got.workers, 2026, "m", groups)
    for entry in record["categories"]:
        small = 0 < min(entry["women"], entry["men"]) < groups
        assert entry["withheld"] is small
        if small or not entry["women"] or not entry["men"]:
            assert entry["flag"] is False
            assert entry["total_mean_gap_pct"] is entry["base_mean_gap_pct"] is None
        elif entry["flag"]:
            assert abs(entry["total_mean_gap_pct"]) >= core.FLAG_PCT
    if record["withheld"]:
        assert record["mean_gap_pct"] is None and record["quartiles"][0]["women_pct"] is None
