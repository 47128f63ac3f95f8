"""`month` to the roster reader's rules: `--rejects FILE` (the rejected rows as they were read,
with line and reason, by the roster's writer) and `--csv-dialect` for its CSV; and the caches
of a large run giving the very text of a pricing person by person."""

from __future__ import annotations

import io
import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from typer.main import get_command

from salesgrid.batch.month import MonthRun
from salesgrid.cli.root import app
from salesgrid.core.calendar import working_days_between
from salesgrid.core.month import Held, MonthCache, Pricer, month_pay
from salesgrid.core.positions import Position
from salesgrid.files.calendars import calendar_data
from salesgrid.files.loader import load_grid, load_payroll
from salesgrid.output import monthout
from salesgrid.output.streams import csv_writer

from .conftest import run

HISTORY = (
    "employee_id;position;from;until\n"
    "A;2.3;2026-01-01;\n"
    "B;9.9;2026-01-01;\n"  # no level 9: rejected
    "C;2.3;2026-09-10;2026-09-01\n"  # until before from: rejected
)


def _history(tmp_path: Path) -> Path:
    path = tmp_path / "history.csv"
    path.write_text(HISTORY, encoding="utf-8")
    return path


def test_rejects_file_mirrors_the_history(tmp_path: Path) -> None:
    history, rejects = _history(tmp_path), tmp_path / "rejects.csv"
    result = run(["month", str(history), "--month", "2026-09", "--format", "csv",
                  "--rejects", str(rejects)])  # fmt: skip
    assert result.exit_code == 4
    assert "row " not in result.stderr  # the rows are in the file, not on stderr
    assert f"2 of 3 rows rejected (in {rejects})" in result.stderr
    lines = rejects.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "employee_id;position;from;until;line;reason"
    assert lines[1].startswith("B;9.9;2026-01-01;;3;position 9.9 is not in Sales Management")
    assert lines[2].startswith("C;2.3;2026-09-10;2026-09-01;4;until 2026-09-01 is before from")
    assert result.stdout.splitlines()[1].startswith("A,2026-09,EUR,")


def test_rejects_to_stdout_is_refused(tmp_path: Path, monkeypatch: Any) -> None:
    """stdout carries the records: `--rejects -` is a usage error, and no file named -."""
    monkeypatch.chdir(tmp_path)
    history = str(_history(tmp_path))
    for args in (["month", history, "--month", "2026-09"], ["roster", history]):
        result = run([*args, "--rejects", "-"])
        assert result.exit_code == 2, result.output
        assert "--rejects -: rejected rows are written to a file" in result.stderr
        assert not (tmp_path / "-").exists()


def test_hours_of_nothing_name_full_time_as_the_limit(tmp_path: Path) -> None:
    history = tmp_path / "history.csv"
    history.write_text("employee_id,position,from,hours_per_week\nA,2.3,2026-01-01,0\n",
                       encoding="utf-8")  # fmt: skip
    result = run(["month", str(history), "--month", "2026-09", "--hours", "38"])
    assert result.exit_code == 4
    assert "hours_per_week '0' must be more than 0 (at most --hours 38, full time)" in (
        result.stderr
    )


def test_rejects_as_jsonl(tmp_path: Path) -> None:
    history, rejects = _history(tmp_path), tmp_path / "rejects.jsonl"
    result = run(["month", str(history), "--month", "2026-09", "--format", "csv",
                  "--rejects", str(rejects)])  # fmt: skip
    assert result.exit_code == 4
    rows = [json.loads(line) for line in rejects.read_text(encoding="utf-8").splitlines()]
    assert [(r["employee_id"], r["line"]) for r in rows] == [("B", 3), ("C", 4)]


def test_rejects_refused_formats_and_overwriting(tmp_path: Path) -> None:
    history = _history(tmp_path)
    refused = run(["month", str(history), "--month", "2026-09", "--rejects",
                   str(tmp_path / "r.json")])  # fmt: skip
    assert refused.exit_code == 2 and "--rejects" in refused.stderr
    itself = run(["month", str(history), "--month", "2026-09", "--rejects", str(history)])
    assert itself.exit_code == 2 and not itself.stdout


def test_csv_dialect_bg_excel(tmp_path: Path) -> None:
    history = tmp_path / "history.csv"
    history.write_text("employee_id,position,from\nA,2.3,2026-01-01\n", encoding="utf-8")
    output = tmp_path / "out.csv"
    result = run(["month", str(history), "--month", "2026-09", "--output", str(output),
                  "--csv-dialect", "bg-excel"])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    data = output.read_bytes()
    assert data.startswith("\ufeff".encode()) and b"\r\n" in data
    assert data.decode("utf-8-sig").splitlines()[1] == (
        "A;2026-09;EUR;sales-management;20;20;2.3:20;3410,26;2783,99"
    )
    env = run(["month", str(history), "--month", "2026-09", "--format", "csv", "--summary"],
              env={"SALESGRID_CSV_DIALECT": "bg-excel"})  # fmt: skip
    assert env.exit_code == 0 and "3410,26" in env.stdout and ";" in env.stdout
    refused = run(["month", str(history), "--month", "2026-09", "--format", "jsonl",
                   "--csv-dialect", "bg-excel"])  # fmt: skip
    assert refused.exit_code == 2 and "--csv-dialect" in refused.stderr


def test_the_caches_give_the_text_of_each_person_priced_alone() -> None:
    """A month's pay remembered per distinct periods, its CSV text per distinct pay: the same
    as pricing and writing each person on their own."""
    grid, payroll = load_grid(None), load_payroll(None)
    days = calendar_data(())
    working = lambda first, last: working_days_between(days, first, last)  # noqa: E731
    pricer = Pricer(grid, payroll)
    sm, d = "sales-management", Decimal
    people = {
        "A": [Held(2, sm, Position(2, 3), date(2025, 1, 1), None, d(40))],
        "B": [Held(3, sm, Position(2, 3), date(2024, 6, 1), None, d(40))],  # as A in 2026
        "C": [
            Held(4, sm, Position(2, 2), date(2025, 1, 1), date(2026, 9, 14), d(40)),
            Held(5, sm, Position(2, 3), date(2026, 9, 15), None, d(40)),
        ],
        "D": [Held(6, sm, Position(2, 3), date(2026, 9, 16), None, d(20))],
        "E": [Held(7, sm, Position(2, 3), date(2026, 9, 16), None, d(40))],  # D full time
        "a,b": [Held(8, sm, Position(2, 3), date(2025, 1, 1), None, d(40))],  # quoted in CSV
        'q"x': [Held(9, sm, Position(2, 3), date(2025, 1, 1), None, d(40))],
        "r\rs": [Held(10, sm, Position(2, 3), date(2025, 1, 1), None, d(40))],
    }
    cache = MonthCache()
    for month in ("2026-08", "2026-09"):
        for employee, periods in people.items():
            alone = month_pay(employee, periods, month, pricer, working, True)
            assert month_pay(employee, periods, month, pricer, working, True, cache) == alone
    history = type("History", (), {"people": people})()
    columns = monthout.fields(True, False)
    run_ = MonthRun(grid, pricer, working, ["2026-08", "2026-09"], employer_cost=True)
    maker = monthout.RowMaker(columns, True, False)
    for due in run_.records_of(history):  # type: ignore[arg-type]
        expected = monthout.csv_values(monthout.month_record(due, True, False), columns)
        assert maker.values(due) == expected
        assert maker.values(due) == expected  # the second time, from what it remembers
        text = io.StringIO()
        csv_writer(text, (), header=False)(expected)
        assert maker.line(due) == text.getvalue()


def test_the_help_says_what_encoding_reads() -> None:
    command = get_command(app).commands["month"]  # type: ignore[attr-defined]
    (encoding,) = [p for p in command.params if p.name == "encoding"]
    assert "history and --paid file" in encoding.help and "roster" not in encoding.help
