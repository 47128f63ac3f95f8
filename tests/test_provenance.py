"""The documents' trace: --employer, the period, the day made, and the name and sha256 of every
file read (the ``provenance`` key of paygap, --employee and criteria)."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date
from pathlib import Path

import pytest

from salesgrid import __version__
from salesgrid.files.loader import packaged_path

from .conftest import run

ROOT = Path(__file__).resolve().parent.parent
ROSTER = str(ROOT / "examples" / "paygap-roster.csv")
LAYER = str(ROOT / "examples" / "grid-2027.yaml")


def _sha(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _json(args: list[str], env: dict[str, str] | None = None, stdin: str | None = None) -> dict:  # type: ignore[type-arg]
    result = run([*args, "--format", "json"], env=env, input=stdin)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)["provenance"]  # type: ignore[no-any-return]


def test_the_report_names_the_employer_period_day_and_every_file() -> None:
    assert _json(["paygap", ROSTER, "--employer", "  ACME ЕООД  "]) == {
        "employer": "ACME ЕООД",
        "period": {"from": "2026-01-01", "to": "2026-12-31"},
        "made_on": "2026-11-22",
        "input": {"name": ROSTER, "sha256": _sha(ROSTER)},
        "grid": [{"name": "(packaged) grid.yaml", "sha256": _sha(packaged_path("grid"))}],
        "payroll": {"name": "(packaged) payroll.yaml", "sha256": _sha(packaged_path("payroll"))},
        "competencies": None,
        "salesgrid_version": __version__,
    }


def test_the_employer_from_its_variable_and_none_is_null() -> None:
    env = {"SALESGRID_EMPLOYER": "Търговия ООД"}
    assert _json(["paygap", ROSTER], env)["employer"] == "Търговия ООД"
    assert _json(["paygap", ROSTER, "--employer", "Other"], env)["employer"] == "Other"
    assert _json(["paygap", ROSTER])["employer"] is None
    assert _json(["paygap", ROSTER], {"SALESGRID_EMPLOYER": " "})["employer"] is None
    assert run(["paygap", ROSTER, "--employer", " "]).exit_code == 2  # as every empty option


def test_stdin_is_traced_by_the_bytes_read() -> None:
    text = Path(ROSTER).read_text(encoding="utf-8") + "\n\n"  # blank lines at the end: read too
    found = _json(["paygap", "-"], stdin=text)
    assert found["input"] == {"name": "-", "sha256": hashlib.sha256(text.encode()).hexdigest()}


def test_every_grid_layer_and_a_payroll_file_given() -> None:
    payroll = str(packaged_path("payroll"))
    found = _json(["paygap", ROSTER, "--add-grid", LAYER, "--payroll", payroll])
    assert found["grid"] == [
        {"name": "(packaged) grid.yaml", "sha256": _sha(packaged_path("grid"))},
        {"name": LAYER, "sha256": _sha(LAYER)},
    ]
    assert found["payroll"] == {"name": payroll, "sha256": _sha(payroll)}


def test_the_day_made_is_today_whatever_as_of_says() -> None:
    found = _json(["paygap", ROSTER, "--as-of", "2026-06-30"], {"SALESGRID_MADE_ON": ""})
    assert found["made_on"] == date.today().isoformat()
    fixed = _json(["paygap", ROSTER, "--as-of", "2026-06-30"], {"SALESGRID_MADE_ON": "2027-03-01"})
    assert fixed["made_on"] == "2027-03-01"


@pytest.mark.parametrize("value", ["22.11.2026", "2026-02-30", "today", "2026-1-1"])
def test_a_made_on_that_is_not_a_day_is_refused(value: str) -> None:
    result = run(["paygap", ROSTER, "--format", "json"], env={"SALESGRID_MADE_ON": value})
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == (f"salesgrid: error: SALESGRID_MADE_ON={value!r} is not a day written "
                             "YYYY-MM-DD (2026-11-22)\n")  # fmt: skip


@pytest.mark.parametrize(("name", "why"), [("ACME\nLtd", "control character"),
                                           ("A" * 201, "201 characters long")])  # fmt: skip
@pytest.mark.parametrize("command", [["paygap", ROSTER, "--format", "json"], ["criteria"]])
def test_an_employer_on_two_lines_or_too_long_is_refused(
    name: str, why: str, command: list[str]
) -> None:
    result = run([*command, "--employer", name])
    assert result.exit_code == 2 and result.stdout == ""
    assert why in result.stderr and len(result.stderr.splitlines()) == 1


def test_every_human_form_shows_the_trace() -> None:
    sha = _sha(ROSTER)
    page = run(["paygap", ROSTER, "--format", "html", "--employer", "<b>ACME</b> & Co"]).stdout
    section = page[page.index('<section id="provenance">') :]
    assert "&lt;b&gt;ACME&lt;/b&gt; &amp; Co" in section and "<b>ACME" not in page
    assert sha in section and _sha(packaged_path("grid")) in section and "2026-11-22" in section
    table = run(["paygap", ROSTER, "--format", "table", "--employer", "ACME"]).stdout
    assert "employer: ACME" in table and f"sha256 {sha}" in table
    plain = run(["paygap", ROSTER, "--employee", "E-109", "--employer", "ACME"]).stdout
    assert plain.splitlines()[6:] == [
        "employer: ACME",
        "period: 2026-01-01 to 2026-12-31",
        "made_on: 2026-11-22",
        f"input: {ROSTER}, sha256 {sha}",
        f"grid: (packaged) grid.yaml, sha256 {_sha(packaged_path('grid'))}",
        f"payroll: (packaged) payroll.yaml, sha256 {_sha(packaged_path('payroll'))}",
        f"salesgrid_version: {__version__}",
    ]
    answer = run(["paygap", ROSTER, "--employee", "E-109", "--format", "table"]).stdout
    assert f"sha256 {sha}" in re.sub(r"\s+", " ", answer)
    assert _json(["paygap", ROSTER, "--employee", "E-109"])["input"]["sha256"] == sha


def test_the_csv_report_is_unchanged_and_refuses_an_employer() -> None:
    csv = run(["paygap", ROSTER, "--format", "csv"], env={"SALESGRID_EMPLOYER": "ACME"})
    assert csv.exit_code == 0 and "sha256" not in csv.stdout and "ACME" not in csv.stdout
    refused = run(["paygap", ROSTER, "--format", "csv", "--employer", "ACME"])
    assert refused.exit_code == 2 and refused.stdout == ""
    assert refused.stderr == (
        "salesgrid: error: --employer names the employer on the report, and the CSV report has "
        "no place for it: give --format table, json, markdown or html\n"
    )


def test_the_criteria_name_the_day_and_the_grid_and_competency_files() -> None:
    found = _json(["criteria", "--as-of", "2027-01-01", "--add-grid", LAYER,
                   "--employer", "ACME"])  # fmt: skip
    assert found == {
        "employer": "ACME",
        "period": {"from": "2027-01-01", "to": "2027-01-01"},
        "made_on": "2026-11-22",
        "input": None,
        "grid": [
            {"name": "(packaged) grid.yaml", "sha256": _sha(packaged_path("grid"))},
            {"name": LAYER, "sha256": _sha(LAYER)},
        ],
        "payroll": None,
        "competencies": {
            "name": "(packaged) competencies.yaml",
            "sha256": _sha(packaged_path("competencies")),
        },
        "salesgrid_version": __version__,
    }
    markdown = run(["criteria", "--employer", "ACME *Ltd*"]).stdout
    assert "## Prepared for and source\n\nThe files these figures were computed from" in markdown
    assert "same bytes.\n\n- Employer: ACME \\*Ltd\\*\n" in markdown
    assert f"sha256 {_sha(packaged_path('competencies'))}" in markdown
    page = run(["criteria", "--format", "html"]).stdout
    assert '<section id="provenance">' in page and "Employer" not in page


def test_the_python_api_gives_the_commands_trace() -> None:
    import csv
    import io

    import salesgrid

    rows = list(csv.DictReader(io.StringIO(Path(ROSTER).read_text(encoding="utf-8"))))
    cli = json.loads(run(["paygap", ROSTER, "--format", "json", "--employer", "ACME"]).stdout)
    record = salesgrid.paygap(rows, employer="ACME", made_on="2026-11-22", source=ROSTER)
    assert record["provenance"] == cli["provenance"]
    assert salesgrid.paygap(rows)["provenance"]["input"] is None
    assert salesgrid.paygap(rows)["provenance"]["made_on"] == date.today().isoformat()
    text = salesgrid.criteria(as_of="2026-11-22", format="json", employer="ACME",
                              made_on="2026-11-22")  # fmt: skip
    assert text == run(["criteria", "--format", "json", "--employer", "ACME"]).stdout
    loaded = salesgrid.criteria(as_of="2026-11-22", grid=salesgrid.load_grid())
    assert loaded["provenance"]["grid"] == [{"name": None, "sha256": None}]
    with pytest.raises(salesgrid.UsageError, match="employer"):
        salesgrid.paygap(rows, employer="A\nB")


def test_the_art7_table_keeps_its_labels_whole_with_the_trace_below() -> None:
    """The trace's sha256 lines go under the table, not in its value column, where they
    would squeeze the labels onto two lines."""
    result = run(["paygap", ROSTER, "--employee", "E-109", "--year", "2026", "--format", "table"])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert any(line.strip().startswith("category mean hourly, women") for line in lines)
    trace = [line for line in lines if line.startswith(("input: ", "grid: ", "payroll: "))]
    assert len(trace) == 3 and all("sha256 " in line for line in trace)
