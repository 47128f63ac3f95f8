"""salesgrid roster: streaming rosters, every row written or rejected with its line, summaries."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import time
from decimal import ROUND_CEILING, Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import HUNG, run
from .test_progression import ASSESSMENT, write_assessment
from .test_reference_data import SALES_MANAGEMENT

OUT_FIELDS = [
    "employee_id", "framework", "position", "pay_bgn", "pay_eur", "next_step",
    "next_step_delta_bgn", "next_level", "next_level_delta_bgn",
]  # fmt: skip
ASSESSMENT_COLUMNS = [
    "in_position_since", "review_date", "rating_technical", "rating_business", "rating_people",
    "rating_adaptive", "business_experience", "business_exposure", "opportunity_finding_proven",
    "external_factors_proven", "realm_business_development", "kpoc_completed",
    "failed_kpocs_in_a_row", "corrective_action_plan",
]  # fmt: skip


def write(tmp_path: Path, text: str, name: str = "roster.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", newline="")
    return path


def records(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def eur(bgn: int) -> Decimal:
    return (Decimal(bgn) / Decimal("1.95583")).quantize(Decimal("0.01"), rounding=ROUND_CEILING)


# --------------------------------------------------------------------------- basics


def test_pay_only_roster(tmp_path: Path) -> None:
    path = write(tmp_path, "employee_id,position\nE1,2.3\nE2,4.4\nE3,1.4\n")
    result = run(["roster", str(path)])
    assert result.exit_code == 0, result.stderr
    rows = records(result.stdout)
    assert list(rows[0]) == OUT_FIELDS
    assert rows[0] == {
        "employee_id": "E1", "framework": "sales-management", "position": "2.3",
        "pay_bgn": "5445", "pay_eur": "2783.99", "next_step": "2.4", "next_step_delta_bgn": "900",
        "next_level": "3.1", "next_level_delta_bgn": "2088",
    }  # fmt: skip
    assert (rows[1]["next_step"], rows[1]["next_level"]) == ("", "")  # the top of the grid
    assert (rows[2]["next_step"], rows[2]["next_level"]) == ("", "2.1")


def test_level_and_step_columns_and_frameworks(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "employee_id,framework,level,step\nA,technical-support-management,1,4\nB,,2,2\n",
    )
    rows = records(run(["roster", str(path)]).stdout)
    assert (rows[0]["framework"], rows[0]["position"], rows[0]["next_level"]) == (
        "technical-support-management", "1.4", "2.2",
    )  # fmt: skip
    assert rows[1]["framework"] == "sales-management"  # empty: the default framework
    env_default = run(
        ["roster", str(path)], env={"SALESGRID_FRAMEWORK": "project-management-software"}
    )
    assert records(env_default.stdout)[1]["framework"] == "project-management-software"


def test_bom_crlf_and_quoted_newlines(tmp_path: Path) -> None:
    text = 'employee_id,position\r\n"E,1",2.3\r\n"E\n2",1.1\r\nE3,9.9\r\n'
    path = tmp_path / "r.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    result = run(["roster", str(path)])
    assert result.exit_code == 4
    rows = records(result.stdout)
    assert [r["employee_id"] for r in rows] == ["E,1", "E\n2"]
    # E3 starts on line 5: the header is line 1 and "E\n2" spans lines 3 and 4
    assert result.stderr == "row 5: position 9.9 is not in Sales Management: it has levels 1-4\n"


def test_stdin() -> None:
    result = run(["roster", "-"], input="employee_id,position\nE1,1.1\n")
    assert records(result.stdout)[0]["pay_bgn"] == "1812"
    jsonl = run(
        ["roster", "-", "--input-format", "jsonl"],
        input='{"employee_id": "E1", "position": "1.2"}\n',
    )
    assert records(jsonl.stdout)[0]["pay_bgn"] == "2112"


def test_stdin_on_a_terminal_is_refused() -> None:
    master, slave = os.openpty()
    script = Path(sys.executable).parent / "salesgrid"
    proc = subprocess.run(
        [str(script), "roster", "-"], stdin=slave, capture_output=True, text=True, timeout=HUNG,
        check=False,
    )  # fmt: skip
    os.close(slave)
    os.close(master)
    assert proc.returncode == 2
    assert "stdin is a terminal" in proc.stderr


def test_jsonl_in_and_out(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '{"employee_id": "E1", "position": "2.3"}\n\n{"employee_id": "E2", "level": 1, "position": "1.1"}\n'
        '{"employee_id": "E3", "position": 2.3}\nnot json\n',
        "r.jsonl",
    )
    result = run(["roster", str(path), "--format", "jsonl"])
    assert result.exit_code == 4
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines[0]["pay_bgn"] == 5445 and lines[0]["pay_eur"] == 2783.99
    assert lines[0]["next_step"] == "2.4"
    assert [line["employee_id"] for line in lines] == ["E1", "E2"]  # keys differ by line
    assert result.stderr.splitlines() == [
        "row 4: position: 2.3 is a JSON number with a fraction: write it as a string",
        "row 5: not a JSON object: Expecting value: line 1 column 1 (char 0)",
    ]


# --------------------------------------------------------------------------- header errors


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("id,position\nE1,2.3\n", "unknown column 'id'"),
        ("position\n2.3\n", "the required column 'employee_id' is missing"),
        (
            "employee_id,framework\nE1,x\n",
            "needs a 'position' column (L.S) or both 'level' and 'step'",
        ),
        ("employee_id,level\nE1,2\n", "or both 'level' and 'step'"),
        (
            "employee_id,position,rating_technical\nE1,2.3,managed\n",
            "assessment columns are present",
        ),
        ("", "the roster is empty"),
        ("employee_id,position,position\nE1,2.3,2.3\n", "names column 'position' twice"),
    ],
)
def test_header_problems_exit_2_before_any_row(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    out = tmp_path / "out.csv"
    result = run(["roster", str(path), "--output", str(out)])
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""
    assert not out.exists() and os.listdir(tmp_path) == ["roster.csv"]


def test_ignore_unknown_columns(tmp_path: Path) -> None:
    path = write(tmp_path, "employee_id,name,position\nE1,Ana,2.3\n")
    result = run(["roster", str(path), "--ignore-unknown-columns"])
    assert result.exit_code == 0
    assert records(result.stdout)[0]["pay_bgn"] == "5445"


def test_fields_choose_and_order(tmp_path: Path) -> None:
    path = write(tmp_path, "employee_id,position\nE1,2.3\n")
    result = run(["roster", str(path), "--fields", "pay_eur,employee_id"])
    assert result.stdout == "pay_eur,employee_id\n2783.99,E1\n"
    bad = run(["roster", str(path), "--fields", "pay,employee_id"])
    assert bad.exit_code == 2 and "unknown field pay" in bad.stderr


# --------------------------------------------------------------------------- rejections


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("E1,9.9", "position 9.9 is not in Sales Management: it has levels 1-4"),
        ("E1,2.5", "position 2.5 is not in Sales Management: level 2 has steps 1-4"),
        ("E1,2,3", "3 fields, the header has 2"),
        (",2.3", "employee_id is empty"),
        ("E1,", "no position: fill 'position' (L.S) or 'level' and 'step'"),
        ("E1,two", "'two' is not a position"),
        ("E1,1.04", "'1.04' has a leading zero"),
    ],
)
def test_every_rejection_has_its_line(tmp_path: Path, row: str, reason: str) -> None:
    path = write(tmp_path, f"employee_id,position\nE0,1.1\n\n{row}\nE9,1.2\n")
    result = run(["roster", str(path)])
    assert result.exit_code == 4
    assert result.stderr.startswith(f"row 4: {reason}"), result.stderr
    assert [r["employee_id"] for r in records(result.stdout)] == ["E0", "E9"]


def test_unknown_framework_is_a_rejected_row(tmp_path: Path) -> None:
    path = write(tmp_path, "employee_id,framework,position\nE1,sales,2.3\n")
    result = run(["roster", str(path)])
    assert result.exit_code == 4
    assert result.stderr.startswith("row 2: unknown framework 'sales'")


ASSESSED_HEADER = "employee_id,position," + ",".join(ASSESSMENT_COLUMNS)
GOOD = "2025-06-01,2026-10-15,managed,defined,managed,managed,initial,managed,true,false,true,true,0,false"


@pytest.mark.parametrize(
    ("values", "reason"),
    [
        (GOOD.replace("managed,defined", "great,defined", 1), "rating_technical: 'great' is not a rating"),
        (GOOD.replace("2025-06-01", "2025-13-01"), "in_position_since: '2025-13-01' is not a day"),
        (GOOD.replace("2026-10-15", "2024-10-15"), "review_date 2024-10-15 is before in_position_since"),
        (GOOD.replace("true,false,true,true", "maybe,false,true,true"),
         "opportunity_finding_proven: 'maybe' is not a boolean (true/false, yes/no, да/не, 1/0)"),
        (GOOD.replace(",0,false", ",-1,false"), "failed_kpocs_in_a_row: '-1' is not a whole number"),
        # digits of other scripts, and superscripts, are no count of failed KPOCs
        (GOOD.replace(",0,false", ",²,false"), "failed_kpocs_in_a_row: '²' is not a whole number"),
        (GOOD.replace(",0,false", ",١,false"), "failed_kpocs_in_a_row: '١' is not a whole number"),
        (GOOD.replace("managed,initial", ",initial", 1), "missing assessment values: rating_adaptive"),
        (GOOD.replace("true,true,0", "sort of,true,0"), "realm_business_development: 'sort of' is not a boolean"),
    ],
)  # fmt: skip
def test_assessment_rejections(tmp_path: Path, values: str, reason: str) -> None:
    path = write(tmp_path, f"{ASSESSED_HEADER}\nE1,2.2,{values}\n")
    result = run(["roster", str(path)])
    assert result.exit_code == 4
    assert result.stderr.startswith(f"row 2: {reason}"), result.stderr


def test_rejects_file_csv_and_jsonl(tmp_path: Path) -> None:
    path = write(tmp_path, "employee_id,position\nE1,9.9\nE2,2.3\n")
    rejects = tmp_path / "rejects.csv"
    result = run(["roster", str(path), "--rejects", str(rejects)])
    assert result.exit_code == 4 and result.stderr == ""
    assert records(rejects.read_text()) == [
        {"employee_id": "E1", "position": "9.9", "line": "2",
         "reason": "position 9.9 is not in Sales Management: it has levels 1-4"},
    ]  # fmt: skip
    rejects_jsonl = tmp_path / "rejects.jsonl"
    run(["roster", str(path), "--rejects", str(rejects_jsonl)])
    assert json.loads(rejects_jsonl.read_text())["line"] == 2


def test_strict_stops_and_writes_no_output(tmp_path: Path) -> None:
    path = write(tmp_path, "employee_id,position\nE1,2.3\nE2,9.9\nE3,1.1\n")
    out = tmp_path / "out.csv"
    result = run(["roster", str(path), "--strict", "--output", str(out)])
    assert result.exit_code == 4
    assert "row 3:" in result.stderr and "E3" not in result.stderr
    assert not out.exists()
    assert sorted(os.listdir(tmp_path)) == ["roster.csv"]  # no temporary file left


def test_output_is_atomic_and_replaces_only_on_success(tmp_path: Path) -> None:
    path = write(tmp_path, "employee_id,position\nE1,2.3\n")
    out = tmp_path / "out.csv"
    out.write_text("old\n")
    bad = write(tmp_path, "employee_id,position\nE1,2.3\nE2,9.9\n", "bad.csv")
    assert run(["roster", str(bad), "--strict", "--output", str(out)]).exit_code == 4
    assert out.read_text() == "old\n"  # untouched by the failed run
    assert run(["roster", str(path), "--output", str(out)]).exit_code == 0
    assert records(out.read_text())[0]["pay_bgn"] == "5445"
    assert sorted(os.listdir(tmp_path)) == ["bad.csv", "out.csv", "roster.csv"]


# --------------------------------------------------------------------------- summary


def test_summary_arithmetic_against_an_independent_computation(tmp_path: Path) -> None:
    positions = list(SALES_MANAGEMENT)
    rows = [f"E{n},{positions[(n * 7) % 16]}" for n in range(200)] + ["X,9.9", ",1.1"]
    path = write(tmp_path, "employee_id,position\n" + "\n".join(rows) + "\n")
    result = run(["roster", str(path), "--summary-only", "--format", "json"])
    assert result.exit_code == 4
    summary = json.loads(result.stdout, parse_float=Decimal)
    assert summary["rows"] == {"read": 202, "written": 200, "rejected": 2, "blank": 0}
    held = [positions[(n * 7) % 16] for n in range(200)]
    monthly = sum(SALES_MANAGEMENT[p] for p in held)
    assert summary["payroll"]["monthly"]["BGN"] == monthly
    assert summary["payroll"]["annual"]["BGN"] == 12 * monthly
    assert summary["payroll"]["monthly"]["EUR"] == sum(eur(SALES_MANAGEMENT[p]) for p in held)
    step_ups = [p for p in held if not p.endswith(".4")]
    step_cost = sum(
        SALES_MANAGEMENT[f"{p[0]}.{int(p[2]) + 1}"] - SALES_MANAGEMENT[p] for p in step_ups
    )
    assert summary["step_up"] == {
        "basis": "possible", "count": len(step_ups),
        "monthly": {"BGN": step_cost, "EUR": sum(
            eur(SALES_MANAGEMENT[f"{p[0]}.{int(p[2]) + 1}"]) - eur(SALES_MANAGEMENT[p]) for p in step_ups)},
        "annual": {"BGN": 12 * step_cost, "EUR": 12 * sum(
            eur(SALES_MANAGEMENT[f"{p[0]}.{int(p[2]) + 1}"]) - eur(SALES_MANAGEMENT[p]) for p in step_ups)},
    }  # fmt: skip
    level_ups = [p for p in held if not p.startswith("4.")]
    assert summary["level_up"]["count"] == len(level_ups)
    assert summary["level_up"]["monthly"]["BGN"] == sum(
        SALES_MANAGEMENT[f"{int(p[0]) + 1}.1"] - SALES_MANAGEMENT[p] for p in level_ups
    )
    counts = {(h["framework"], h["level"]): h["count"] for h in summary["headcount"]}
    assert sum(counts.values()) == 200
    assert counts[("sales-management", 1)] == sum(p.startswith("1.") for p in held)


def test_summary_on_stderr_and_in_csv(tmp_path: Path) -> None:
    path = write(tmp_path, "employee_id,position\nE1,2.3\nE2,1.1\n")
    result = run(["roster", str(path), "--summary"])
    assert records(result.stdout)[0]["employee_id"] == "E1"
    assert "salesgrid: rows: 2 read, 2 written, 0 rejected" in result.stderr
    assert "net payroll: monthly 7,257 BGN" in result.stderr
    summary_csv = run(["roster", str(path), "--summary-only", "--format", "csv"]).stdout
    assert (
        summary_csv.splitlines()[0]
        == "section,key,count,monthly_BGN,monthly_EUR,annual_BGN,annual_EUR"
    )
    assert "payroll,net,2,7257," in summary_csv


def test_summary_counts_only_eligible_moves_with_assessments(tmp_path: Path) -> None:
    header = ASSESSED_HEADER
    rows = [
        f"E1,2.2,{GOOD}",
        f"E2,2.2,{GOOD.replace(',true,0,', ',false,0,')}",
        "E3,2.2" + "," * 14,
    ]
    path = write(tmp_path, header + "\n" + "\n".join(rows) + "\n")
    summary = json.loads(run(["roster", str(path), "--summary-only", "--format", "json"]).stdout)
    assert summary["step_up"]["basis"] == "eligible"
    assert summary["step_up"]["count"] == 1  # E1 only: E2's K-POC is open, E3 has no assessment
    assert summary["step_up"]["monthly"]["BGN"] == 800
    assert summary["level_up"]["count"] == 0


# --------------------------------------------------------------------------- eligibility = promote


RATINGS = ["incomplete", "initial", "managed", "defined", "optimal"]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    position=st.sampled_from(list(SALES_MANAGEMENT)),
    ratings=st.lists(st.sampled_from(RATINGS), min_size=6, max_size=6),
    flags=st.lists(st.booleans(), min_size=5, max_size=5),
)
def test_eligibility_columns_match_promote(
    tmp_path: Path, position: str, ratings: list[str], flags: list[bool]
) -> None:
    opportunity, external, realm, kpoc, plan = flags
    changes: dict[str, Any] = {
        "position": position,
        "ratings": dict(zip(["technical", "business", "people", "adaptive"], ratings, strict=False)),
        "business_experience": ratings[4], "business_exposure": ratings[5],
        "opportunity_finding_proven": opportunity, "external_factors_proven": external,
        "realms": {"business-development": realm}, "kpoc_completed": kpoc,
        "corrective_action_plan": plan,
    }  # fmt: skip
    folder = tmp_path / f"case{time.monotonic_ns()}"
    folder.mkdir()
    assessment = write_assessment(folder, **changes)
    promoted = json.loads(
        run(["promote", "--assessment", str(assessment), "--format", "json"]).stdout
    )
    by_kind = {m["kind"]: m for m in promoted["moves"]}
    a = {**ASSESSMENT, **changes}
    row = [
        "E1", position, str(a["in_position_since"]), str(a["review_date"]), *ratings[:4],
        ratings[4], ratings[5], str(opportunity).lower(), str(external).lower(),
        str(realm).lower(), str(kpoc).lower(), "0", str(plan).lower(),
    ]  # fmt: skip
    roster = write(folder, ASSESSED_HEADER + "\n" + ",".join(row) + "\n")
    (out,) = records(run(["roster", str(roster)]).stdout)
    for kind, column in (("step_up", "eligible_step_up"), ("level_up", "eligible_level_up")):
        expected = "" if kind not in by_kind else str(by_kind[kind]["eligible"]).lower()
        assert out[column] == expected
    checked = by_kind.get("step_up") or by_kind.get("level_up")
    failing = [r["id"] for r in checked["rules"] if not r["passed"]] if checked else []
    assert out["failing_rules"] == ";".join(failing)


# --------------------------------------------------------------------------- nothing crashes

cell = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(st.lists(cell, min_size=1, max_size=18), min_size=1, max_size=6))
def test_no_generated_row_crashes_the_run(rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["employee_id", "position", *ASSESSMENT_COLUMNS])
    writer.writerows(rows)
    result = run(["roster", "-", "--summary"], input=buffer.getvalue())
    assert result.exit_code in (0, 4), result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    summary = next(
        line for line in result.stderr.splitlines() if line.startswith("salesgrid: rows:")
    )
    read, written, rejected = (int(word) for word in summary.split()[2::2][:3])
    assert read == written + rejected
    assert written == len(records(result.stdout))
    assert rejected == sum(1 for line in result.stderr.splitlines() if line.startswith("row "))


def test_progress_bar_on_a_terminal_stderr(tmp_path: Path) -> None:
    import select

    path = write(tmp_path, "employee_id,position\n" + "".join(f"E{n},2.3\n" for n in range(50)))
    out = tmp_path / "out.csv"
    master, slave = os.openpty()
    script = Path(sys.executable).parent / "salesgrid"
    proc = subprocess.Popen(
        [str(script), "roster", str(path), "--output", str(out), "--as-of", "2026-11-22"],
        stderr=slave, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    os.close(slave)
    drawn = b""
    while True:
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            drawn += chunk
        elif proc.poll() is not None:
            break
    os.close(master)
    assert proc.wait(timeout=HUNG) == 0
    assert b"roster" in drawn  # the bar's label, drawn on the terminal
    assert len(records(out.read_text())) == 50
    quiet = run(["roster", str(path)])  # stderr not a terminal: silent
    assert quiet.stderr == ""
