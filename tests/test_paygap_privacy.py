"""No figure over fewer than --min-group (default 3) women or men, in every
format, with a line saying what is withheld and why; --min-group 1 shows everything."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from salesgrid.core import paygap as core

from .conftest import run

HEADER = "employee_id,position,sex,gross_annual,variable_pay\n"
# sales-management 1: three women (20.00 an hour) and three men (22.00): shown, a gap of
# (22 - 20) / 22 = 9.09%; sales-management 2: one woman (30.00) and three men (33.00): withheld
# by default, else (33 - 30) / 33 = 9.09%. Everyone gets variable pay but the woman at level 2.
ROSTER = HEADER + (
    "F1,1.1,F,41600,100\nF2,1.2,F,41600,100\nF3,1.3,F,41600,100\n"
    "M1,1.1,M,45760,100\nM2,1.2,M,45760,100\nM3,1.3,M,45760,100\n"
    "F4,2.1,F,62400,\nM4,2.1,M,68640,100\nM5,2.2,M,68640,100\nM6,2.3,M,68640,100\n"
)
SMALL = "sales-management 2"


@pytest.fixture
def roster(tmp_path: Path) -> str:
    path = tmp_path / "roster.csv"
    path.write_text(ROSTER, encoding="utf-8")
    return str(path)


def _run(*args: str) -> tuple[str, str]:
    result = run(["paygap", *args])
    assert result.exit_code == 0, result.stderr
    return result.stdout, result.stderr


def _entry(record: dict, name: str) -> dict:  # type: ignore[type-arg]
    return next(entry for entry in record["categories"] if entry["category"] == name)


def test_json_withholds_a_small_category_by_default(roster: str) -> None:
    record = json.loads(_run(roster, "--format", "json")[0])
    assert _entry(record, SMALL) == {
        "category": SMALL, "women": 1, "men": 3, "base_mean_gap_pct": None,
        "base_median_gap_pct": None, "variable_mean_gap_pct": None,
        "total_mean_gap_pct": None, "flag": False, "withheld": True, "variable_withheld": False,
    }  # fmt: skip
    shown = _entry(record, "sales-management 1")
    assert shown["withheld"] is False and shown["base_mean_gap_pct"] == 9.09
    assert record["withheld_categories"] == {
        "count": 1, "min_group": 3, "reason": "fewer than 3 women or 3 men (--min-group 3): "
        "figures over so few people can show a co-worker's pay (Art. 12(3)); --min-group 1 "
        "shows them all",
    }  # fmt: skip
    assert record["withheld"] is False and record["mean_gap_pct"] is not None


def test_min_group_1_shows_everything(roster: str) -> None:
    record = json.loads(_run(roster, "--format", "json", "--min-group", "1")[0])
    entry = _entry(record, SMALL)
    assert entry["withheld"] is False and entry["base_mean_gap_pct"] == 9.09
    # hourly pay: F4 62400 / 2080 = 30; the men (68640 + 100) / 2080 = 33.048076..:
    # (33.048076 - 30) / 33.048076 = 9.2233..% -> 9.22, flagged
    assert entry["flag"] is True and entry["total_mean_gap_pct"] == 9.22
    assert record["withheld_categories"]["count"] == 0
    table, err = _run(roster, "--format", "table", "--min-group", "1")
    assert "withheld" not in table and err == ""
    out, err = _run(roster, "--format", "csv", "--min-group", "1")
    assert f"withheld,{SMALL},1,3,false\n" in out and "withheld_categories,all,,,0\n" in out
    assert f"total_mean_gap_pct,{SMALL},1,3,9.22\n" in out and err == ""


def test_csv_rows_and_a_note_on_stderr(roster: str) -> None:
    out, err = _run(roster, "--format", "csv")
    rows = list(csv.reader(io.StringIO(out)))
    small = [row for row in rows if row[1] == SMALL]
    assert [row[0] for row in small] == [
        "base_mean_gap_pct", "base_median_gap_pct", "variable_mean_gap_pct",
        "total_mean_gap_pct", "flag", "withheld", "variable_withheld",
    ]  # fmt: skip
    assert all(row[2:4] == ["1", "3"] for row in small)
    assert [row[4] for row in small] == ["", "", "", "", "false", "true", "false"]
    assert ["withheld_categories", "all", "", "", "1"] in rows
    assert ["min_group", "all", "", "", "3"] in rows
    assert err.splitlines() == [
        "salesgrid: note: 1 of 2 categories withheld, counts only: fewer than 3 women or 3 men "
        "in each",
        "salesgrid: note: Why (--min-group 3): figures over so few people can show a "
        "co-worker's pay (Art. 12(3)); --min-group 1 shows them all",
    ]


def test_table_says_what_is_withheld_and_why(roster: str) -> None:
    out, err = _run(roster, "--format", "table")
    line = next(line for line in out.splitlines() if SMALL in line)
    assert line.split() == [*SMALL.split(), "1", "3", "-", "-", "-", "-", "withheld"]
    assert "1 of 2 categories withheld, counts only: fewer than 3 women or 3 men in each" in out
    assert "Why (--min-group 3): figures over so few people can show a co-worker's pay" in out
    assert err == ""


def test_html_says_what_is_withheld_and_why(roster: str) -> None:
    pytest.importorskip("salesgrid.output.htmlreport")
    page = _run(roster, "--format", "html")[0]
    assert "1 of 2 categories withheld, counts only: fewer than 3 women or 3 men in each" in page
    assert "<td>withheld</td>" in page.replace(' class="num"', "")


def test_the_whole_roster_under_the_minimum_withholds_a_to_f(tmp_path: Path) -> None:
    """Two women among five men: (a) would tell each woman the other's pay; every indicator
    (a)-(f) is withheld, the counts stay."""
    path = tmp_path / "two.csv"
    path.write_text(
        HEADER + "F1,1.1,F,41600,100\nF2,1.2,F,41600,\n"
        + "".join(f"M{i},1.1,M,45760,100\n" for i in range(1, 6)),
        encoding="utf-8",
    )  # fmt: skip
    record = json.loads(_run(str(path), "--format", "json")[0])
    assert record["withheld"] is True and record["workers"]["women"] == 2
    for key in ("mean_gap_pct", "median_gap_pct", "variable_mean_gap_pct",
                "variable_median_gap_pct"):  # fmt: skip
        assert record[key] is None, key
    assert record["receiving_variable_pct"] == {"women": None, "men": None}
    assert all(b["women_pct"] is None and b["men_pct"] is None for b in record["quartiles"])
    out = _run(str(path), "--format", "table")[0]
    assert "(a)-(f) withheld: the roster has fewer than 3 women or 3 men" in out
    # women (41700 + 41600) / 2 / 2080 = 20.024.., men 45860 / 2080 = 22.048..: 9.18%
    shown = json.loads(_run(str(path), "--format", "json", "--min-group", "2")[0])
    assert shown["withheld"] is False and shown["mean_gap_pct"] == 9.18
    # nobody of one sex: no gap to withhold, and the men's share of variable pay is shown
    men = tmp_path / "men.csv"
    men.write_text(HEADER + "M1,1.1,M,45760,100\nM2,1.1,M,45760,\n", encoding="utf-8")
    record = json.loads(_run(str(men), "--format", "json")[0])
    assert record["withheld"] is False and record["withheld_categories"]["count"] == 0
    assert record["receiving_variable_pct"] == {"women": None, "men": 50.00}


def test_variable_gaps_over_too_few_receivers_are_withheld(tmp_path: Path) -> None:
    """Three women and three men, but only two women get variable pay: (b), (d) and the
    category's variable gap would show their bonuses; withheld, and said."""
    path = tmp_path / "receivers.csv"
    path.write_text(
        HEADER + "F1,1.1,F,41600,100\nF2,1.1,F,41600,200\nF3,1.1,F,41600,\n"
        + "".join(f"M{i},1.1,M,41600,300\n" for i in (1, 2, 3)),
        encoding="utf-8",
    )  # fmt: skip
    record = json.loads(_run(str(path), "--format", "json")[0])
    assert record["variable_withheld"] is True
    assert record["variable_mean_gap_pct"] is None and record["variable_median_gap_pct"] is None
    assert record["mean_gap_pct"] is not None  # the hourly gap is over 3 and 3
    entry = record["categories"][0]
    assert entry["variable_withheld"] is True and entry["variable_mean_gap_pct"] is None
    assert entry["total_mean_gap_pct"] is not None and entry["withheld"] is False
    out = _run(str(path), "--format", "table")[0]
    assert "(b) and (d) withheld: fewer than 3 women or 3 men receive variable pay" in out
    assert "the variable mean gap of 1 of 1 category withheld" in out
    # (100 + 200) / 2 = 150 against 300: 50.00% once shown
    shown = json.loads(_run(str(path), "--format", "json", "--min-group", "2")[0])
    assert shown["variable_mean_gap_pct"] == 50.00 and shown["variable_withheld"] is False


# --------------------------------------------------------------------------- Art. 7


def test_the_answer_withholds_a_mean_of_too_few(roster: str) -> None:
    """M4 asks (Art. 7): his category has one woman, F4, whose pay the women's mean would be;
    it is withheld, the men's mean (three men) shown; --min-group 1 shows both."""
    answer = json.loads(_run(roster, "--employee", "M4", "--format", "json")[0])
    assert answer["category_mean_hourly"] == {"women": None, "men": 33.05}
    assert answer["category_workers"] == {"women": 1, "men": 3}
    assert answer["withheld"] is True
    assert answer["withheld_reason"] == (
        "the women's mean: a mean over fewer than 3 people can show a co-worker's pay "
        "(Art. 12(3); --min-group 3)"
    )
    plain = _run(roster, "--employee", "M4", "--format", "plain")[0]
    assert "category mean hourly, women: withheld (1 woman)\n" in plain
    assert "category mean hourly, men: 33.05 EUR (3 men)\n" in plain
    assert f"\nwithheld: {answer['withheld_reason']}\nperiod: " in plain
    table = _run(roster, "--employee", "M4", "--format", "table")[0]
    assert "withheld (1 woman)" in table
    everything = json.loads(_run(roster, "--employee", "M4", "--format", "json", "--min-group",
                                 "1")[0])  # fmt: skip
    assert everything["category_mean_hourly"] == {"women": 30.00, "men": 33.05}
    assert everything["withheld"] is False and everything["withheld_reason"] is None


def test_the_answer_in_a_category_of_three_and_three_shows_both(roster: str) -> None:
    answer = json.loads(_run(roster, "--employee", "F1", "--format", "json")[0])
    assert answer["category_mean_hourly"] == {"women": 20.05, "men": 22.05}
    assert answer["withheld"] is False


def test_core_rule() -> None:
    assert [core.too_few(w, m, 3) for w, m in ((0, 5), (1, 5), (2, 2), (3, 3), (3, 0))] == [
        False, True, True, False, False,
    ]  # fmt: skip
    assert core.fewer_than(1) == "fewer than 1 woman or 1 man"
