"""What the pay gap figures are made of. Every expected figure is
worked out by hand in the comments (40 hours x 52 weeks = 2080 hours a year)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from salesgrid.core import paygap as core
from salesgrid.core.payroll import gross_for
from salesgrid.files.loader import load_payroll

from .conftest import run

D = Decimal
HEADER = "employee_id,position,sex,hours_per_week,months_worked,gross_annual,variable_pay\n"


def _json(path: Path, *args: str) -> dict:  # type: ignore[type-arg]
    result = run(["paygap", str(path), "--format", "json", *args])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def _category(record: dict, name: str = "sales-management 1") -> dict:  # type: ignore[type-arg]
    return next(entry for entry in record["categories"] if entry["category"] == name)


# --------------------------------------------------------------------------- C1


def test_same_base_with_variable_pay_for_the_men_is_flagged(tmp_path: Path) -> None:
    """C1: three women and three men on the same base, 41600 a year (20.00 an hour); the men
    also get 10400 of variable pay (5.00 an hour). Average pay: women 20, men 25, a total
    mean gap of (25 - 20) / 25 = 20.00%, flagged (Art. 10(1)(a)); the base gap is 0.00 and the
    variable gap among receivers null (no woman receives any)."""
    path = tmp_path / "c1.csv"
    path.write_text(
        HEADER + "".join(f"F{i},1.1,F,40,12,41600,\n" for i in (1, 2, 3))
        + "".join(f"M{i},1.1,M,40,12,41600,10400\n" for i in (1, 2, 3)),
        encoding="utf-8",
    )  # fmt: skip
    entry = _category(_json(path))
    assert entry["base_mean_gap_pct"] == 0.00 and entry["base_median_gap_pct"] == 0.00
    assert entry["variable_mean_gap_pct"] is None
    assert entry["total_mean_gap_pct"] == 20.00
    assert entry["flag"] is True
    table = run(["paygap", str(path), "--format", "table"]).stdout
    line = next(line for line in table.splitlines() if "sales-management 1" in line)
    assert "20.00%" in line and "yes" in line
    csv = run(["paygap", str(path), "--format", "csv"]).stdout
    assert "total_mean_gap_pct,sales-management 1,3,3,20.00\n" in csv
    assert "flag,sales-management 1,3,3,true\n" in csv


def test_a_base_gap_made_up_by_variable_pay_is_not_flagged(tmp_path: Path) -> None:
    """The other way round: women 39520 base (19.00 an hour) + 2080 variable (1.00), men 41600
    base (20.00): base gap (20 - 19) / 20 = 5.00%, but the average pay level is 20 for both, a
    total gap of 0.00: Art. 10(1)(a) asks for no joint assessment, so no flag."""
    path = tmp_path / "made-up.csv"
    path.write_text(
        HEADER + "".join(f"F{i},1.1,F,40,12,39520,2080\n" for i in (1, 2, 3))
        + "".join(f"M{i},1.1,M,40,12,41600,\n" for i in (1, 2, 3)),
        encoding="utf-8",
    )  # fmt: skip
    entry = _category(_json(path))
    assert (entry["base_mean_gap_pct"], entry["total_mean_gap_pct"]) == (5.00, 0.00)
    assert entry["flag"] is False


@pytest.mark.parametrize(
    ("women", "flagged"),
    # men 20.00 an hour; women 19.00 -> 5.00% (flagged), 19.002 -> 4.99% (not), 21.00 -> -5.00%
    [(D("19.00"), True), (D("19.002"), False), (D("21.00"), True), (D("20.98"), False)],
)
def test_the_flag_is_five_percent_either_way(women: Decimal, flagged: bool) -> None:
    workers = [core.Worker(f"F{i}", "c", "F", D(40), D(12), women * 2080, D(0)) for i in range(3)]
    workers += [core.Worker(f"M{i}", "c", "M", D(40), D(12), D(41600), D(0)) for i in range(3)]
    entry = core.report(workers, 2026, "m")["categories"][0]
    assert entry["flag"] is flagged, entry


# --------------------------------------------------------------------------- C2


def test_part_time_grid_pay_is_scaled_then_converted(tmp_path: Path) -> None:
    """C2: the grid pay of Sales Management 1.1 is 1812 BGN (926.47 EUR). At 32 of 40 hours:
    scaled first, 1812 x 32 / 40 = 1449.60 BGN, converted by the grid's rule (divided by
    1.95583 = 741.1686.., rounded up) = 741.17 EUR; converted first, 926.47 x 0.8 = 741.176
    -> 741.18. The scaled-first figure is the one a part-timer with actual_pay 1449.60 BGN
    gets: the same worker, the same euro pay, however the roster says it."""
    path = tmp_path / "part.csv"
    path.write_text(
        "employee_id,position,sex,hours_per_week,actual_pay,actual_currency\n"
        "P1,1.1,F,32,,\nP2,1.1,F,32,1449.60,BGN\n",
        encoding="utf-8",
    )
    payroll = load_payroll(None)
    year = sum((gross_for(payroll, f"2026-{m:02d}", D("741.17")).gross for m in range(1, 13)),
               D(0))  # fmt: skip
    other = sum((gross_for(payroll, f"2026-{m:02d}", D("741.18")).gross for m in range(1, 13)),
                D(0))  # fmt: skip
    assert year != other  # the cent shows in the gross
    for employee in ("P1", "P2"):
        answer = _json(path, "--employee", employee)
        assert D(str(answer["annual"])) == core.round2(year), employee
    method = _json(path)["method"]
    assert (
        "for part time, the grid pay in the grid's own currency times hours_per_week / full "
        "time, half up to the cent, then taken as an actual_pay in that currency"
    ) in method


# --------------------------------------------------------------------------- D


def test_gross_annual_is_what_the_months_worked_paid(tmp_path: Path) -> None:
    """D: gross_annual with months_worked 6 is what those 6 months paid, used as given: 20800
    over 40 x 52 x 6 / 12 = 1040 hours = 20.00 an hour, the same as 41600 over a full year.
    (Scaled to a full year, or divided again by the months, the gap would not be 0.)"""
    path = tmp_path / "months.csv"
    path.write_text(
        HEADER + "F1,1.1,F,40,6,20800,\nF2,1.1,F,40,12,41600,\nF3,1.1,F,40,12,41600,\n"
        "M1,1.1,M,40,12,41600,\nM2,1.1,M,40,12,41600,\nM3,1.1,M,40,12,41600,\n",
        encoding="utf-8",
    )
    answer = _json(path, "--employee", "F1")
    assert (answer["annual"], answer["hourly"]) == (20800.00, 20.00)
    record = _json(path)
    assert record["mean_gap_pct"] == 0.00 and _category(record)["total_mean_gap_pct"] == 0.00
    assert (
        "the annual gross paid in the year, for the months worked (not a full-year rate)"
        in (record["method"])
    )


def test_variable_pay_gaps_are_among_receivers(tmp_path: Path) -> None:
    """D: five women, three of whom get 3000 of variable pay, and three men who all get 3000.
    Among receivers: 3000 against 3000, (b) and (d) 0.00 (over everyone they would be
    (3000 - 1800) / 3000 = 40%); (e) 3 of 5 women = 60.00%, 3 of 3 men = 100.00%."""
    path = tmp_path / "variable.csv"
    path.write_text(
        HEADER + "".join(f"F{i},1.1,F,40,12,41600,{3000 if i <= 3 else 0}\n" for i in range(1, 6))
        + "".join(f"M{i},1.1,M,40,12,41600,3000\n" for i in (1, 2, 3)),
        encoding="utf-8",
    )  # fmt: skip
    record = _json(path)
    assert record["variable_mean_gap_pct"] == 0.00
    assert record["variable_median_gap_pct"] == 0.00
    assert record["receiving_variable_pct"] == {"women": 60.00, "men": 100.00}
    assert _category(record)["variable_mean_gap_pct"] == 0.00
