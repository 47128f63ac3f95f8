"""`salesgrid calendar`, the calendar data file and `--calendar` / `SALESGRID_CALENDAR` layers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from salesgrid.core.calendar import LAST_YEAR, month_calendar, parse_months
from salesgrid.errors import NotFoundError, UsageError
from salesgrid.files.calendars import calendar_data
from tests.conftest import DATA, run

HOLIDAYS = "(BG, Labour Code Art. 154)"

DECREE = """\
schema_version: 1
days_off:
  - date: 2026-09-21
    reason: Bridge day
    source: Council of Ministers decision No 1 of 01.08.2026
working_days:
  - date: 2026-09-26
    reason: Worked for 21 September
"""


def _json(args: list[str], env: dict[str, str] | None = None) -> object:
    result = run([*args, "--format", "json"], env)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_a_month_as_json() -> None:
    found = _json(["calendar", "2026-09"])
    assert isinstance(found, dict)
    assert found["month"] == "2026-09"
    assert found["working_days"] == 20
    assert [(d["date"], d["name"]) for d in found["days_off"]] == [
        ("2026-09-07", "Unification Day (observed)"),
        ("2026-09-22", "Independence Day"),
    ]
    assert found["days_off"][0]["source"].startswith("holidays ")
    assert found["days_off"][0]["source"].endswith(HOLIDAYS)
    assert found["working_saturdays"] == []


def test_a_year_is_one_record_a_month() -> None:
    found = _json(["calendar", "2026"])
    assert isinstance(found, list)
    assert [m["month"] for m in found] == [f"2026-{n:02d}" for n in range(1, 13)]
    assert sum(m["working_days"] for m in found) == 248
    lines = run(["calendar", "2027", "--format", "jsonl"]).stdout.splitlines()
    assert [json.loads(line)["working_days"] for line in lines] == [
        20, 20, 22, 21, 17, 22, 22, 22, 20, 21, 22, 20,
    ]  # fmt: skip


def test_csv_is_the_default_in_a_script() -> None:
    result = run(["calendar", "2026-12"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "month,working_days,date,weekday,kind,name,source"
    assert lines[1].startswith("2026-12,20,2026-12-24,Thu,day_off,Christmas Eve,")
    assert lines[3].startswith("2026-12,20,2026-12-28,Mon,day_off,Christmas Day (observed),")
    assert len(lines) == 4
    # a month without a named day: one row with its count
    assert run(["calendar", "2026-06"]).stdout.splitlines()[1:] == ["2026-06,22,,,,,"]


def test_plain_and_table() -> None:
    plain = run(["calendar", "2026-05", "--format", "plain"]).stdout.splitlines()
    assert plain[0] == "2026-05\t18"
    assert plain[3].startswith("\t2026-05-25\tMon\tday off\tDay of Slavonic Alphabet")
    table = run(["calendar", "2026-04", "--format", "table"])
    assert table.exit_code == 0
    assert "2026-04: 20 working days" in table.stdout
    assert "Good Friday" in table.stdout and "2026-04-13" in table.stdout
    year = run(["calendar", "2026", "--format", "table"])
    assert "2026-01 to 2026-12: 248 working days" in year.stdout


@pytest.mark.parametrize(
    "text", ["2026-13", "2026-9", "09.2026", "2026-09-01", "", "26", "2026-00", "2026 09"]
)
def test_a_bad_month_is_a_usage_error(text: str) -> None:
    result = run(["calendar", text])
    assert result.exit_code == 2
    assert "is not a month: write YYYY-MM for a month (2026-09) or YYYY" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_a_year_without_holidays_is_not_found() -> None:
    result = run(["calendar", "1985-05"])
    assert result.exit_code == 3
    assert "no working-day calendar for 1985" in result.stderr
    assert run(["calendar", str(LAST_YEAR + 1)]).exit_code == 3
    assert run(["calendar", f"{LAST_YEAR}-12"]).exit_code == 0


@given(st.text(max_size=12))
def test_parse_months_reads_or_refuses_any_text(text: str) -> None:
    try:
        months = parse_months(text)
    except (UsageError, NotFoundError):
        return
    assert len(months) in (1, 12)
    for year, month in months:
        assert date(year, month, 1)


# --------------------------------------------------------------------------- --calendar


def test_a_decree_file_on_top(tmp_path: Path) -> None:
    decree = tmp_path / "decree.yaml"
    decree.write_text(DECREE, encoding="utf-8")
    found = _json(["calendar", "2026-09", "--calendar", str(decree)])
    assert isinstance(found, dict)
    assert found["working_days"] == 20  # one weekday off, one Saturday worked
    assert found["days_off"][1] == {
        "date": "2026-09-21",
        "name": "Bridge day",
        "source": f"{decree}: Council of Ministers decision No 1 of 01.08.2026",
    }
    assert found["working_saturdays"] == [
        {"date": "2026-09-26", "name": "Worked for 21 September", "source": str(decree)}
    ]
    csv = run(["calendar", "2026-09", "--calendar", str(decree)]).stdout
    assert f"2026-09,20,2026-09-26,Sat,working_day,Worked for 21 September,{decree}" in csv


def test_a_holiday_a_layer_makes_worked_is_listed(tmp_path: Path) -> None:
    """A worked day on a weekday holiday is counted and listed, never dropped from view."""
    layer = tmp_path / "c.yaml"
    layer.write_text("schema_version: 1\nworking_days:\n  - date: 2026-09-22\n"
                     "    reason: worked holiday\n    source: Rota 7\n")  # fmt: skip
    found = _json(["calendar", "2026-09", "--calendar", str(layer)])
    assert isinstance(found, dict) and found["working_days"] == 21
    assert [day["date"] for day in found["days_off"]] == ["2026-09-07"]
    assert found["working_saturdays"] == []
    assert found["worked_holidays"] == [{
        "date": "2026-09-22", "name": "Independence Day", "reason": "worked holiday",
        "source": f"{layer}: Rota 7",
    }]  # fmt: skip
    line = f"2026-09-22\tTue\tworked holiday\tIndependence Day (worked holiday)\t{layer}: Rota 7"
    plain = run(["calendar", "2026-09", "--calendar", str(layer), "--format", "plain"])
    assert plain.stdout.splitlines()[-1] == "\t" + line
    csv_out = run(["calendar", "2026-09", "--calendar", str(layer), "--format", "csv"]).stdout
    assert ("2026-09,21,2026-09-22,Tue,worked_holiday,Independence Day (worked holiday),"
            f"{layer}: Rota 7") in csv_out.splitlines()  # fmt: skip
    table = run(["calendar", "2026-09", "--calendar", str(layer), "--format", "table"]).stdout
    assert "worked holiday" in table and "Independence Day" in table
    plain_month = _json(["calendar", "2026-09"])
    assert isinstance(plain_month, dict) and plain_month["worked_holidays"] == []


def test_layers_in_order_the_later_wins(tmp_path: Path) -> None:
    decree = tmp_path / "decree.yaml"
    decree.write_text(DECREE, encoding="utf-8")
    company = tmp_path / "company.yaml"
    company.write_text(
        "schema_version: 1\ndays_off:\n  - date: 2026-09-26\n    reason: Not worked here\n"
        "working_days:\n  - date: 2026-09-21\n    reason: Worked here\n",
        encoding="utf-8",
    )
    both = _json(["calendar", "2026-09", "--calendar", str(decree), "--calendar", str(company)])
    assert isinstance(both, dict)
    assert both["working_days"] == 20  # the decree undone: 21 worked, 26 not
    assert [d["date"] for d in both["days_off"]] == ["2026-09-07", "2026-09-22"]
    assert both["working_saturdays"] == []
    reverse = _json(["calendar", "2026-09", "--calendar", str(company), "--calendar", str(decree)])
    assert isinstance(reverse, dict)
    assert [d["date"] for d in reverse["days_off"]] == ["2026-09-07", "2026-09-21", "2026-09-22"]
    # SALESGRID_CALENDAR: paths between the OS path separators, in order, an empty one skipped
    env = {"SALESGRID_CALENDAR": f"{decree}{os.pathsep}{os.pathsep}{company}"}
    assert _json(["calendar", "2026-09"], env) == both
    # --calendar replaces the variable
    assert _json(["calendar", "2026-09", "--calendar", str(decree)], env) != both


def test_calendar_data_is_the_packaged_file_then_the_layers(tmp_path: Path) -> None:
    decree = tmp_path / "decree.yaml"
    decree.write_text(DECREE, encoding="utf-8")
    data = calendar_data([decree])
    assert [day.date for day in data.days_off] == [date(2026, 9, 21)]
    assert len(month_calendar(data, 2026, 9).working_days) == 20


@pytest.mark.parametrize(
    ("text", "line", "wanted"),
    [
        ("schema_version: 1\ndays_off:\n  - date: 2026-09-21\n    reasn: x\n", 4, "reasn"),
        ("schema_version: 1\ndays_off:\n  - date: 2026-09-21\n    reason: a\n    reason: b\n",
         5, "duplicate key 'reason'"),
        ("schema_version: 1\ndays_off:\n  - date: 2026-09-21\n    reason: a\n"
         "  - date: 2026-09-21\n    reason: b\n", 5, "2026-09-21 is listed twice"),
        ("schema_version: 1\ndays_off:\n  - date: 2026-09-21\n    reason: a\n"
         "working_days:\n  - date: 2026-09-21\n    reason: b\n", 6, "is listed twice"),
        ("schema_version: 1\ndays_off:\n  - date: 21.09.2026\n    reason: a\n", 3,
         "is not a day: write YYYY-MM-DD"),
        ("schema_version: 1\ndays_off:\n  - date: 2026-02-30\n    reason: a\n", 3, "2026-02-30"),
        ("schema_version: 2\ndays_off: []\n", 1, "schema_version"),
        ("schema_version: 1\nholidays: []\n", 2, "holidays"),
    ],
)  # fmt: skip
def test_a_bad_calendar_file_is_refused_with_its_line(
    tmp_path: Path, text: str, line: int, wanted: str
) -> None:
    path = tmp_path / "company.yaml"
    path.write_text(text, encoding="utf-8")
    result = run(["calendar", "2026-09", "--calendar", str(path)])
    assert result.exit_code == 5, result.stderr
    assert f"{path}:{line}:" in result.stderr
    assert wanted in result.stderr


def test_a_grid_file_is_not_a_calendar() -> None:
    result = run(["calendar", "2026-09", "--calendar", str(DATA / "grid.yaml")])
    assert result.exit_code == 5
    assert "this is a grid file, not a calendar file" in result.stderr


def test_a_directory_or_a_missing_file(tmp_path: Path) -> None:
    result = run(["calendar", "2026-09", "--calendar", str(tmp_path)])
    assert result.exit_code == 2
    assert "--calendar" in result.stderr and "is a directory" in result.stderr
    env = {"SALESGRID_CALENDAR": str(tmp_path)}
    assert "(from SALESGRID_CALENDAR)" in run(["calendar", "2026-09"], env).stderr
    missing = run(["calendar", "2026-09", "--calendar", str(tmp_path / "none.yaml")])
    assert missing.exit_code == 5  # as --grid and --add-grid: the data file cannot be read
    assert "none.yaml" in missing.stderr


# --------------------------------------------------------------------------- the data file


def test_the_packaged_file_validates_and_every_entry_has_a_source() -> None:
    result = run(["validate", str(DATA / "calendar.yaml")])
    assert result.exit_code == 0, result.stdout
    assert run(["validate", "--kind", "calendar", str(DATA / "calendar.yaml")]).exit_code == 0
    data = yaml.safe_load((DATA / "calendar.yaml").read_text(encoding="utf-8"))
    for entry in [*data["days_off"], *data["working_days"]]:
        assert entry.get("source"), entry


def test_the_schema_describes_the_calendar_file() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    result = run(["schema", "calendar"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    good = yaml.safe_load(DECREE.replace("2026-09-21", '"2026-09-21"').replace(
        "2026-09-26", '"2026-09-26"'))  # fmt: skip
    jsonschema.validate(good, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"schema_version": 1, "days_off": [{"date": "x"}]}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"schema_version": 1, "other": []}, schema)


def test_validate_warns_of_a_day_off_on_a_weekend(tmp_path: Path) -> None:
    path = tmp_path / "company.yaml"
    path.write_text("schema_version: 1\ndays_off:\n  - {date: 2026-09-26, reason: x}\n", "utf-8")
    result = run(["validate", str(path)])
    assert result.exit_code == 0
    assert f"{path}:3: days_off[0].date: warning: 2026-09-26 is a Sat" in result.stdout


def test_pay_never_loads_the_holidays_package() -> None:
    probe = (
        "import sys\nfrom salesgrid.cli import main\n"
        "for args in (['pay', '2', '3', '--format', 'plain'], ['calendar', '2026-09']):\n"
        "    sys.argv = ['salesgrid', *args]\n"
        "    try:\n        main()\n    except SystemExit:\n        pass\n"
        "    print('HOLIDAYS', 'holidays' in sys.modules, file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=False
    )
    said = [line for line in result.stderr.splitlines() if line.startswith("HOLIDAYS")]
    assert said == ["HOLIDAYS False", "HOLIDAYS True"], result.stderr
