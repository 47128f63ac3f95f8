"""Every command, format and exit code, through Typer's CliRunner."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from salesgrid import __version__
from salesgrid.errors import ExitCode

from .conftest import GRID_TEXT, run

PAY_KEYS = {
    "framework", "position", "level", "step", "basis", "currency", "amount", "amounts",
    "in_force_from",
}  # fmt: skip


# --------------------------------------------------------------------------- pay


@pytest.mark.parametrize("args", [["pay", "2", "3"], ["pay", "2.3"], ["pay", " 2.3 "]])
def test_pay_plain_is_the_bare_amount(args: list[str]) -> None:
    result = run(args)
    assert result.exit_code == 0
    assert result.stdout == "5445\n"
    assert result.stderr == ""


@pytest.mark.parametrize("currency", ["EUR", "eur"])
def test_pay_in_euro(currency: str) -> None:
    assert run(["pay", "2", "3", "--currency", currency]).stdout == "2783.99\n"
    assert run(["pay", "1.1", "--currency", currency]).stdout == "926.47\n"


def test_pay_json_object() -> None:
    result = run(["pay", "2", "3", "--format", "json"])
    assert result.exit_code == 0
    assert result.stdout.startswith("{\n")
    assert json.loads(result.stdout) == {
        "framework": "sales-management",
        "position": "2.3",
        "level": 2,
        "step": 3,
        "basis": "monthly_net",
        "currency": "BGN",
        "amount": 5445,
        "amounts": {"BGN": 5445, "EUR": 2783.99},
        "in_force_from": "2021-11-01",
    }


def test_pay_json_amount_follows_currency() -> None:
    record = json.loads(run(["pay", "2.3", "--format", "json", "--currency", "EUR"]).stdout)
    assert (record["currency"], record["amount"]) == ("EUR", 2783.99)
    assert record["amounts"] == {"BGN": 5445, "EUR": 2783.99}
    assert '"EUR": 2783.99' in run(["pay", "2.3", "--format", "json"]).stdout  # a number


def test_pay_jsonl_and_csv() -> None:
    line = run(["pay", "1.4", "--format", "jsonl"]).stdout
    assert line.count("\n") == 1
    assert json.loads(line)["amount"] == 3812
    assert run(["pay", "1.4", "--format", "csv"]).stdout == (
        "framework,position,level,step,BGN,EUR\nsales-management,1.4,1,4,3812,1949.05\n"
    )


def test_pay_table_shows_both_currencies_and_the_conversion() -> None:
    result = run(["pay", "2", "3", "--format", "table"])
    assert result.exit_code == 0
    out = result.stdout
    assert "Sales Management · Level 2 Step 3 (2.3)" in out
    assert "5,445 BGN" in out and "2,783.99 EUR" in out
    assert "EUR = BGN / 1.95583, rounded up (away from zero) to the cent" in out
    assert "Level 2 · Coaches" in out
    assert "in force from 2021-11-01 (as of 2026-11-22)" in out
    assert "performance-based bonus" in out
    assert "\x1b[" not in out  # not a terminal: no escape codes


@pytest.mark.parametrize(
    ("framework", "position", "bgn", "eur"),
    [
        ("technical-support-management", "1.4", "4500", "2300.82"),
        ("operations-management-logistics", "2.4", "5000", "2556.46"),
        ("software-engineering-management", "4.4", "14466", "7396.35"),
    ],
)
def test_pay_in_other_frameworks(framework: str, position: str, bgn: str, eur: str) -> None:
    assert run(["pay", position, "--framework", framework]).stdout == f"{bgn}\n"
    assert run(["pay", position, "-f", framework, "--currency", "EUR"]).stdout == f"{eur}\n"


def test_options_after_the_command_and_env_defaults(tmp_path: Path) -> None:
    result = run(
        ["pay", "2", "3", "--framework", "technical-support-management", "--format", "json"]
    )
    assert json.loads(result.stdout)["amount"] == 5500
    env = {
        "SALESGRID_FRAMEWORK": "technical-support-management",
        "SALESGRID_FORMAT": "json",
        "SALESGRID_CURRENCY": "EUR",
    }
    record = json.loads(run(["pay", "2.3"], env=env).stdout)
    assert (record["framework"], record["currency"], record["amount"]) == (
        "technical-support-management",
        "EUR",
        2812.11,
    )
    # flags win over the environment
    assert run(["pay", "2.3", "--format", "plain", "--currency", "BGN"], env=env).stdout == "5500\n"
    grid = tmp_path / "g.yaml"
    grid.write_text(GRID_TEXT.replace("2: [4345, 4645, 5445, 6345]", "2: [4345, 4645, 5446, 6345]"))
    assert run(["pay", "2.3"], env={"SALESGRID_GRID": str(grid)}).stdout == "5446\n"


# --------------------------------------------------------------------------- exit codes


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["pay", "5", "1"], "salesgrid: error: position 5.1 is not in Sales Management: it has levels 1-4"),
        (["pay", "2.5"], "salesgrid: error: position 2.5 is not in Sales Management: level 2 has steps 1-4"),
        (["pay", "3.1", "-f", "operations-management-logistics"],
         "salesgrid: error: position 3.1 is not in Operations Management (Logistics): it has levels 1-2"),
        (["pay", "2.3", "-f", "sales-managment"],
         "salesgrid: error: unknown framework 'sales-managment': did you mean sales-management?"),
        (["pay", "2.3", "--as-of", "2021-10-31"],
         "salesgrid: error: Sales Management has no grid in force on 2021-10-31"),
        (["pay", "2.3", "-f", "technical-support-management", "--as-of", "2024-04-30"],
         "salesgrid: error: Technical Support Management has no grid in force on 2024-04-30"),
        (["grid", "--highlight", "9.9", "--format", "table"],
         "salesgrid: error: position 9.9 is not in Sales Management"),
    ],
)  # fmt: skip
def test_exit_3_not_in_the_data(args: list[str], message: str) -> None:
    result = run(args)
    assert result.exit_code == ExitCode.NOT_FOUND == 3
    assert result.stdout == ""
    assert result.stderr.startswith(message)
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["pay", "1.04"], "'1.04' has a leading zero"),
        (["pay", "2"], "a step is missing"),
        (["pay", "2.3", "4"], "not both"),
        (["pay", "x", "3"], "level 'x' is not a whole number"),
        (["pay"], "Missing argument 'POSITION'"),
        (["pay", "2", "3", "--as-of", "2026-13-01"], "--as-of '2026-13-01' is not a day"),
        (["pay", "2", "3", "--as-of", "1/2/2026"], "write YYYY-MM-DD"),
        (["pay", "2", "3", "--as-of", "2026-W01-1"], "write YYYY-MM-DD"),
        (["pay", "9999999.1"], "whole numbers from 1 to 999999"),
        (
            ["pay", "2", "3", "--format", "xml"],
            "--format 'xml' is not a format: salesgrid pay writes table, plain",
        ),
        (["pay", "2", "3", "--currency", "USD"], "unknown currency 'USD': choose one of BGN, EUR"),
        (["pay", "2", "3", "--bogus"], "No such option: --bogus"),
        (["nope"], "No such command 'nope'"),
        (["grid", "--highlight", "2,3", "--format", "table"], "'2,3' is not a position"),
        (["grid", "--chart", "--format", "json"], "--chart draws for people"),
        (["schema", "roster"], "'roster' is not one of"),
    ],
)
def test_exit_2_usage(args: list[str], message: str) -> None:
    result = run(args)
    assert result.exit_code == ExitCode.USAGE == 2
    assert result.stdout == ""
    assert message in result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr


def test_no_arguments_prints_help_and_exits_2() -> None:
    result = run([])
    assert result.exit_code == 2
    assert "Usage: salesgrid" in result.stdout + result.stderr


def test_internal_error_is_one_line_with_a_debug_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    import salesgrid.core.pay

    def broken(*_: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(salesgrid.core.pay, "pay", broken)
    result = run(["pay", "2", "3"])
    assert result.exit_code == ExitCode.INTERNAL == 70
    assert result.stderr == (
        "salesgrid: internal error: RuntimeError: boom; rerun with --debug "
        "(or SALESGRID_DEBUG=1) to see the traceback, and please report it\n"
    )
    for args, env in (
        (["pay", "2", "3", "--debug"], {}),
        (["pay", "2", "3"], {"SALESGRID_DEBUG": "1"}),
    ):
        debugged = run(args, env=env)
        assert debugged.exit_code == 70  # the traceback added, the exit code kept
        assert debugged.stderr.startswith("Traceback (most recent call last):")
        assert debugged.stderr.endswith(
            "salesgrid: internal error: RuntimeError: boom; the traceback is above, and please "
            "report it\n"
        )


def test_interrupt_exits_130(monkeypatch: pytest.MonkeyPatch) -> None:
    import salesgrid.core.pay

    def interrupted(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(salesgrid.core.pay, "pay", interrupted)
    result = run(["pay", "2", "3"])
    assert result.exit_code == ExitCode.INTERRUPTED == 130
    assert result.stderr == "salesgrid: interrupted\n"


def test_version() -> None:
    result = run(["--version"])
    assert (result.exit_code, result.stdout) == (0, f"salesgrid {__version__}\n")


@pytest.mark.parametrize(
    "command", [[], ["pay"], ["grid"], ["frameworks"], ["validate"], ["schema"]]
)
def test_help_documents_exit_codes(command: list[str]) -> None:
    result = run([*command, "--help"])
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    assert "Exit codes: 0 success; 1 not eligible" in text
    assert "5 invalid data file" in text


# --------------------------------------------------------------------------- grid


def test_grid_csv_is_the_default_off_a_terminal() -> None:
    result = run(["grid"])
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["framework", "position", "level", "step", "BGN", "EUR"]
    assert len(rows) == 17
    assert rows[7] == ["sales-management", "2.3", "2", "3", "5445", "2783.99"]


def test_grid_json_is_a_list_of_pay_objects() -> None:
    records = json.loads(run(["grid", "--format", "json"]).stdout)
    assert len(records) == 16
    assert all(set(r) == PAY_KEYS for r in records)
    assert [r["position"] for r in records[:5]] == ["1.1", "1.2", "1.3", "1.4", "2.1"]
    eur = json.loads(run(["grid", "--format", "json", "--currency", "EUR"]).stdout)
    assert eur[0]["amount"] == 926.47


def test_grid_jsonl_and_plain() -> None:
    lines = run(["grid", "--format", "jsonl", "-f", "operations-management-logistics"]).stdout
    assert len(lines.splitlines()) == 8
    plain = run(["grid", "--format", "plain"]).stdout.splitlines()
    assert plain[0] == "1.1\t1812" and plain[-1] == "4.4\t13583"
    assert run(["grid", "--format", "plain", "--currency", "EUR"]).stdout.startswith(
        "1.1\t926.47\n"
    )


def test_grid_table_shows_increases_and_highlight() -> None:
    out = run(["grid", "--format", "table", "--highlight", "2.3"]).stdout
    assert "Step 1" in out and "Step 4" in out and "Level up" in out
    assert "Level 2 · Coaches" in out
    assert "+300" in out and "+800" in out and "+900" in out  # step increases
    assert "+533" in out and "+1,188" in out and "+2,050" in out  # level jumps (handbook 5.1)
    assert "◀ here" in out
    assert "EUR = BGN / 1.95583" in out


def test_grid_table_shows_a_dropping_level_boundary() -> None:
    out = run(["grid", "--format", "table", "-f", "technical-support-management"]).stdout
    assert "-100" in out and "from 1.4" in out


def test_grid_chart_plain_is_a_ladder() -> None:
    out = run(["grid", "--chart", "--format", "plain", "-f", "technical-support-management"]).stdout
    lines = out.splitlines()
    assert lines[0].startswith("Technical Support Management: monthly net pay in BGN")
    bars = [line for line in lines[1:] if line]
    assert len(bars) == 16
    assert bars[0].startswith("1.1   2,500  █")
    assert bars[4].endswith("-100 level up (pay drops)")
    # bar lengths follow pay: the longest bar is the highest cell
    widths = [line.count("█") for line in bars]
    assert widths.index(max(widths)) == 15
    assert "◀" in run(["grid", "--chart", "--format", "plain", "--highlight", "3.2"]).stdout


def test_grid_chart_table() -> None:
    out = run(["grid", "--chart", "--format", "table", "--highlight", "1.1"]).stdout
    assert "+533 level up" in out
    assert "◀" in out


# --------------------------------------------------------------------------- frameworks


def test_frameworks_csv() -> None:
    rows = list(csv.DictReader(io.StringIO(run(["frameworks"]).stdout)))
    assert len(rows) == 11
    first = rows[0]
    assert first["id"] == "sales-management"
    assert (first["levels"], first["steps"], first["realms"]) == ("4", "4", "business-development")
    assert (first["min_BGN"], first["max_BGN"], first["min_EUR"], first["max_EUR"]) == (
        "1812", "13583", "926.47", "6944.88",
    )  # fmt: skip
    logistics = next(r for r in rows if r["id"] == "operations-management-logistics")
    assert (logistics["levels"], logistics["realms"]) == ("2", "supply-chain;business-development")


def test_frameworks_json() -> None:
    records = json.loads(run(["frameworks", "--format", "json"]).stdout)
    assert len(records) == 11
    sales = records[0]
    assert {"id", "title", "levels", "steps", "realms", "pay_range"} <= set(sales)
    assert sales["pay_range"] == {
        "min": {"position": "1.1", "amounts": {"BGN": 1812, "EUR": 926.47}},
        "max": {"position": "4.4", "amounts": {"BGN": 13583, "EUR": 6944.88}},
    }
    assert sales["realms"] == ["business-development"]


def test_frameworks_table_and_plain() -> None:
    table = run(["frameworks", "--format", "table"]).stdout
    assert "1,812-" in table and "13,583" in table and "926.47-" in table and "2 x 4" in table
    plain = run(["frameworks", "--format", "plain", "--currency", "EUR"]).stdout.splitlines()
    assert plain[0] == "sales-management\t4\t4\t926.47\t6944.88"


def test_frameworks_as_of_a_day_only_sales_management_was_known() -> None:
    result = run(["frameworks", "--as-of", "2022-01-01", "--format", "plain"])
    assert result.exit_code == 0
    assert result.stdout.splitlines() == ["sales-management\t4\t4\t1812\t13583"]
    assert result.stderr.startswith("salesgrid: note: no grid in force on 2022-01-01 for ")
    none = run(["frameworks", "--as-of", "2020-01-01"])
    assert none.exit_code == 3


# --------------------------------------------------------------------------- schema


@pytest.mark.parametrize("kind", ["grid", "competencies", "assessment", "payroll", "calendar"])
def test_schema(kind: str) -> None:
    result = run(["schema", kind])
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert document["additionalProperties"] is False
    assert ("schema_version" in document["required"]) == (kind != "assessment")


def test_grid_schema_describes_amounts_and_aliases() -> None:
    document = json.loads(run(["schema", "grid"]).stdout)
    conversion = document["$defs"]["Conversion"]["properties"]
    assert "from" in conversion and "to" in conversion
    levels = document["$defs"]["GridVersion"]["properties"]["levels"]
    amount = levels["additionalProperties"]["items"]
    assert {"type": "integer", "exclusiveMinimum": 0, "maximum": 1_000_000_000} in amount["anyOf"]


def test_charts_in_euro_say_how_it_was_converted() -> None:
    for fmt in ("plain", "table"):
        out = run(["grid", "--chart", "--format", fmt, "--currency", "EUR"]).stdout
        assert "monthly net pay in EUR" in out
        assert "EUR = BGN / 1.95583, rounded up" in out
    assert "1.95583" not in run(["grid", "--chart", "--format", "plain"]).stdout


def test_frameworks_table_says_how_euro_was_converted() -> None:
    assert "EUR = BGN / 1.95583" in run(["frameworks", "--format", "table"]).stdout


def test_a_chart_off_a_terminal_is_plain_text() -> None:
    result = run(["grid", "--chart"])
    assert result.exit_code == 0
    assert result.stdout.startswith("Sales Management: monthly net pay in BGN")


def test_framework_ids_are_trimmed_and_debug_env_takes_any_value() -> None:
    assert run(["pay", "2.3", "-f", " sales-management "]).stdout == "5445\n"
    assert run(["pay", "2", "3"], env={"SALESGRID_DEBUG": "2"}).exit_code == 0
