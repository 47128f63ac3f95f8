"""Regression tests for the fuzzing findings on rosters and data files.

N4 (a JSONL key given twice), a JSONL first line that is no object, N8 (xlsx output keeps text
as text) and the minor findings: --strict with a summary, `validate -`, a framework id that
differs only by case, JSONL booleans and fractions per column, long values echoed from data
files. N6 (integer keys as digit strings) is tested with the other schema/loader agreement
tests in test_data_hardening.py.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import DATA, REPO, run

EXAMPLES = REPO / "examples"
SUMMARY_LINE = "rows: {} read, {} written, {} rejected"


def jsonl(tmp_path: Path, lines: list[str], name: str = "staff.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def records(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def rejected_rows(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("row ")]


GOOD = '{"employee_id": "E9", "position": "1.1"}'


# --------------------------------------------------------------------------- N4


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ('{"employee_id":"E2","position":"2.3","position":"4.4"}', "'position'"),
        ('{"employee_id":"E2","employee_id":"E3","position":"2.3"}', "'employee_id'"),
        ('{"employee_id":"E2","position":"2.3","Position":"4.4"}',
         "'position' is given twice ('position' and 'Position')"),
        ('{"employee_id":"E2","Позиция":"2.3","position":"4.4"}',
         "'position' is given twice ('Позиция' and 'position')"),
        ('{"employee_id":"E2","level":2,"step":3,"step":4}', "'step'"),
        ('{"employee_id":"E2","framework":null,"framework":"sales-management","position":"2.3"}',
         "'framework'"),
    ],
)  # fmt: skip
def test_n4_a_jsonl_key_given_twice_rejects_that_row(line: str, key: str, tmp_path: Path) -> None:
    """The key named once, or both spellings when they differ (a Bulgarian name too)."""
    rejects = tmp_path / "rejects.csv"
    path = jsonl(tmp_path, [GOOD, line, GOOD.replace("E9", "E8")])  # each person once
    result = run(["roster", str(path), "--rejects", str(rejects), "--summary"])
    assert result.exit_code == 4, result.stderr
    assert [r["employee_id"] for r in records(result.stdout)] == ["E9", "E8"]  # never E2/E3
    assert SUMMARY_LINE.format(3, 2, 1) in result.stderr
    (reject,) = records(rejects.read_text(encoding="utf-8"))
    reason = f"the key {key}" + ("" if key.endswith(")") else " is given twice")
    assert reject["line"] == "2" and reject["reason"] == reason


def test_n4_an_assessment_key_given_twice(tmp_path: Path) -> None:
    from .test_roster import ASSESSMENT_COLUMNS
    from .test_roster import GOOD as ASSESSED

    values = dict(zip(ASSESSMENT_COLUMNS, ASSESSED.split(","), strict=True))
    body = json.dumps({"employee_id": "E1", "position": "2.2", **values})[1:-1]
    twice = "{" + body + ', "rating_technical": "optimal"}'
    path = jsonl(tmp_path, [json.dumps({"employee_id": "E0", "position": "2.2", **values}), twice])
    result = run(["roster", str(path)])
    assert result.exit_code == 4
    assert rejected_rows(result.stderr) == ["row 2: the key 'rating_technical' is given twice"]
    assert [r["employee_id"] for r in records(result.stdout)] == ["E0"]


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    key=st.sampled_from(["employee_id", "framework", "position", "Employee ID", "POSITION"]),
    first=st.sampled_from(["2.3", "E1", "sales-management", None, 7]),
    second=st.sampled_from(["4.4", "E2", "technical-support-management", None, 8]),
)
def test_n4_any_repeated_key_is_never_read_as_one_of_its_values(
    key: str, first: Any, second: Any, tmp_path: Path
) -> None:
    pairs = [("employee_id", "E1"), ("position", "2.3")]
    pairs = [(k, v) for k, v in pairs if k != key.lower().replace(" ", "_")]
    text = "{" + ", ".join(f"{json.dumps(k)}: {json.dumps(v)}" for k, v in
                           [*pairs, (key, first), (key, second)]) + "}"  # fmt: skip
    result = run(["roster", str(jsonl(tmp_path, [text]))])
    assert result.exit_code == 4, result.output
    assert records(result.stdout) == []
    assert rejected_rows(result.stderr)[0].startswith("row 1: the key ")


def test_n4_jsonl_reading_keeps_its_pace(tmp_path: Path) -> None:
    """20,000 well-formed lines (each checked for repeated keys) are all written."""
    lines = [json.dumps({"employee_id": f"E{i}", "position": f"{i % 4 + 1}.{i % 3 + 1}"})
             for i in range(20_000)]  # fmt: skip
    result = run(["roster", str(jsonl(tmp_path, lines)), "--summary"])
    assert result.exit_code == 0
    assert SUMMARY_LINE.format(20_000, 20_000, 0) in result.stderr


# --------------------------------------------------------------------------- JSONL line 1


@pytest.mark.parametrize(
    ("first", "reason"),
    [
        ("[]", "not a JSON object but a list"),
        ("1", "not a JSON object but the number 1"),
        ('"x"', "not a JSON object but a string"),
        ("null", "not a JSON object but null"),
        ("true", "not a JSON object but a boolean"),
        ("nope", "not a JSON object: Expecting value"),
        ('{"employee_id": "E0"', "not a JSON object: Expecting"),
    ],
)
def test_a_first_jsonl_line_that_is_no_object_is_a_rejected_row(
    first: str, reason: str, tmp_path: Path
) -> None:
    rejects = tmp_path / "rejects.jsonl"
    path = jsonl(tmp_path, [first, '{"employee_id": "E2", "position": "2.3"}'])
    result = run(["roster", str(path), "--rejects", str(rejects), "--summary"])
    assert result.exit_code == 4, result.stderr  # was exit 2: the whole run stopped
    assert [r["employee_id"] for r in records(result.stdout)] == ["E2"]
    assert SUMMARY_LINE.format(2, 1, 1) in result.stderr
    (reject,) = [json.loads(line) for line in rejects.read_text(encoding="utf-8").splitlines()]
    assert reject["line"] == 1 and reject["reason"].startswith(reason), reject


def test_lines_before_the_first_object_keep_their_numbers_and_order(tmp_path: Path) -> None:
    from .test_roster import ASSESSMENT_COLUMNS

    assessed = json.dumps({"employee_id": "E4", "position": "2.2",
                           **dict.fromkeys(ASSESSMENT_COLUMNS)})  # fmt: skip
    path = jsonl(tmp_path, ["", "[1]", "", assessed, "7", GOOD])
    result = run(["roster", str(path)])
    assert result.exit_code == 4
    assert [line.split(":")[0] for line in rejected_rows(result.stderr)] == [
        "row 2", "row 5",
    ]  # fmt: skip
    rows = records(result.stdout)
    assert [r["employee_id"] for r in rows] == ["E4", "E9"]
    assert "eligible_step_up" in rows[0]  # the first object still decides the columns


def test_jsonl_with_no_object_at_all(tmp_path: Path) -> None:
    result = run(["roster", str(jsonl(tmp_path, ["employee_id,position", "E1,2.3"]))])
    assert result.exit_code == 4
    assert len(rejected_rows(result.stderr)) == 2
    assert "see --input-format" in result.stderr.splitlines()[0]
    assert records(result.stdout) == []


@pytest.mark.parametrize("text", ["", "\n\n", "  \n"])
def test_an_empty_jsonl_roster_is_still_a_usage_error(text: str, tmp_path: Path) -> None:
    path = tmp_path / "staff.jsonl"
    path.write_text(text, encoding="utf-8")
    result = run(["roster", str(path)])
    assert result.exit_code == 2
    assert "the roster is empty" in result.stderr


def test_a_bad_first_line_stops_a_strict_run(tmp_path: Path) -> None:
    rejects = tmp_path / "rejects.csv"
    path = jsonl(tmp_path, ["[]", GOOD])
    result = run(["roster", str(path), "--strict", "--rejects", str(rejects)])
    assert result.exit_code == 4
    assert records(result.stdout) == []
    assert [r["line"] for r in records(rejects.read_text(encoding="utf-8"))] == ["1"]


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=2),
    max_leaves=4,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(lines=st.lists(st.one_of(st.just(None), JSON_VALUES, st.text(max_size=8)), min_size=1,
                      max_size=6))  # fmt: skip
def test_every_jsonl_line_is_written_or_rejected_with_its_number(
    lines: list[Any], tmp_path: Path
) -> None:
    """None stands for a good object (each its own person); anything else is a line that is
    no object."""
    texts, goods = [], set()
    for number, value in enumerate(lines):
        if value is None:
            texts.append(GOOD.replace("E9", f"E9-{number}"))
            goods.add(texts[-1])
        else:
            text = json.dumps(value) if not isinstance(value, str) else value
            texts.append(text.replace("\n", " ").replace("\r", " "))
    path = tmp_path / "staff.jsonl"
    path.write_text("".join(t + "\n" for t in texts), encoding="utf-8")
    result = run(["roster", str(path), "--summary"])
    numbered = [(n, t) for n, t in enumerate(texts, start=1) if t.strip()]
    if not numbered:
        assert result.exit_code == 2
        return
    good = [n for n, t in numbered if t in goods]
    assert result.exit_code == (0 if len(good) == len(numbered) else 4), result.output
    assert len(records(result.stdout)) == len(good)
    rejected = [int(line.split(":")[0][4:]) for line in rejected_rows(result.stderr)]
    assert rejected == [n for n, t in numbered if t not in goods]


# --------------------------------------------------------------------------- booleans, fractions


@pytest.mark.parametrize(
    ("pairs", "reason"),
    [
        ('"employee_id": true, "position": "2.3"',
         'employee_id: the JSON boolean true is not text: write it as a string ("true")'),
        ('"employee_id": "E1", "framework": false, "position": "2.3"',
         "framework: the JSON boolean false is not text"),
        ('"employee_id": "E1", "position": true', "position: the JSON boolean true is not text"),
        ('"employee_id": "E1", "level": true, "step": 1',
         "level: the JSON boolean true is not a whole number"),
        ('"employee_id": "E1", "position": "2.3", "level": false',
         "level: the JSON boolean false is not a whole number"),
        ('"employee_id": 7.0, "position": "2.3"',
         "employee_id: 7.0 is a JSON number with a fraction: write it as a string"),
        ('"employee_id": 12.5, "position": "2.3"', "employee_id: 12.5 is a JSON number with a fraction"),
        ('"employee_id": "E1", "framework": 1.0, "position": "2.3"',
         "framework: 1.0 is a JSON number with a fraction"),
    ],
)  # fmt: skip
def test_booleans_and_fractions_where_text_or_a_whole_number_is_meant(
    pairs: str, reason: str, tmp_path: Path
) -> None:
    result = run(["roster", str(jsonl(tmp_path, [GOOD, "{" + pairs + "}"]))])
    assert result.exit_code == 4, result.stdout  # `true` was written as the id "true"
    assert [r["employee_id"] for r in records(result.stdout)] == ["E9"]
    assert rejected_rows(result.stderr)[0].startswith(f"row 2: {reason}"), result.stderr


def _assessed(**changes: Any) -> str:
    from .test_roster import ASSESSMENT_COLUMNS
    from .test_roster import GOOD as ASSESSED

    values: dict[str, Any] = dict(zip(ASSESSMENT_COLUMNS, ASSESSED.split(","), strict=True))
    values.update(changes)
    return json.dumps({"employee_id": "E1", "position": "2.2", **values})


def test_json_booleans_are_read_where_a_boolean_is_meant(tmp_path: Path) -> None:
    lines = [
        _assessed(kpoc_completed=True, opportunity_finding_proven=True,
                  external_factors_proven=False, corrective_action_plan=False,
                  realm_business_development=True, failed_kpocs_in_a_row=0.0),
        _assessed(kpoc_completed=1, failed_kpocs_in_a_row=0).replace('"E1"', '"E2"'),
    ]  # fmt: skip
    result = run(["roster", str(jsonl(tmp_path, lines))])
    assert result.exit_code == 0, result.stderr
    assert [r["eligible_step_up"] for r in records(result.stdout)] == ["true", "true"]


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"rating_technical": True}, "rating_technical: the JSON boolean true is not text"),
        ({"in_position_since": False}, "in_position_since: the JSON boolean false is not text"),
        ({"failed_kpocs_in_a_row": True}, "failed_kpocs_in_a_row: the JSON boolean true is not a whole number"),
        ({"kpoc_completed": 1.0}, "kpoc_completed: 1.0 is not a boolean: write true or false"),
        ({"realm_business_development": 0.5}, "realm_business_development: 0.5 is not a boolean"),
    ],
)  # fmt: skip
def test_assessment_values_of_the_wrong_json_type(
    change: dict[str, Any], reason: str, tmp_path: Path
) -> None:
    result = run(["roster", str(jsonl(tmp_path, [_assessed(), _assessed(**change)]))])
    assert result.exit_code == 4
    assert rejected_rows(result.stderr)[0].startswith(f"row 2: {reason}"), result.stderr


# --------------------------------------------------------------------------- N8


@pytest.mark.parametrize("where", ["--output", "--rejects"])
def test_n8_xlsx_keeps_text_as_text(where: str, tmp_path: Path) -> None:
    from .xlsxkit import read_book

    ids = ["=1+1", "+1", "-1", "@SUM(A1)", "0012", "1e3", "TRUE", "2026-01-01",
           '=HYPERLINK("http://x")', "1.5"]  # fmt: skip
    position = "2.3" if where == "--output" else "9.9"
    source = tmp_path / "staff.csv"
    with source.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["employee_id", "position"])
        writer.writerows([i, position] for i in ids)
    book = tmp_path / "out.xlsx"
    result = run(["roster", str(source), where, str(book)])
    assert result.exit_code == (0 if where == "--output" else 4), result.stderr
    header, *rows = next(iter(read_book(book).values()))
    assert [row[header.index("employee_id")] for row in rows] == ids
    if where == "--output":
        assert all(row[header.index("pay_bgn")] == 5445 for row in rows)
        assert all(row[header.index("pay_eur")] == 2783.99 for row in rows)
    else:
        assert all(row[header.index("line")] == n for n, row in enumerate(rows, start=2))


# --------------------------------------------------------------------------- --strict summary


def test_strict_summary_only_counts_nothing_written() -> None:
    result = run(["roster", str(EXAMPLES / "roster.csv"), "--strict", "--summary-only",
                  "--format", "json"])  # fmt: skip
    assert result.exit_code == 4
    record = json.loads(result.stdout)
    assert record["rows"] == {"read": 3, "written": 0, "rejected": 1, "blank": 0, "not_written": 2}
    assert record["headcount"] == [] and record["payroll"]["monthly"]["BGN"] == 0


def test_strict_with_an_output_file_counts_nothing_written(tmp_path: Path) -> None:
    output = tmp_path / "out.csv"
    args = ["roster", str(EXAMPLES / "roster.csv"), "--strict", "--summary", "--output",
            str(output)]  # fmt: skip
    result = run(args)
    assert result.exit_code == 4 and not output.exists()
    assert (
        "rows: 3 read, 0 written, 1 rejected, 0 blank, 2 not written (--strict stopped the run)"
        in (result.stderr)
    )
    assert "headcount" not in result.stderr


def test_strict_to_stdout_counts_what_reached_stdout() -> None:
    result = run(["roster", str(EXAMPLES / "roster.csv"), "--strict", "--summary"])
    assert result.exit_code == 4
    assert len(records(result.stdout)) == 2
    assert "rows: 3 read, 2 written, 1 rejected, 0 blank\n" in result.stderr + "\n"
    assert "not written" not in result.stderr


def test_a_summary_without_strict_is_unchanged() -> None:
    result = run(["roster", str(EXAMPLES / "roster.csv"), "--summary-only", "--format", "json"])
    assert json.loads(result.stdout)["rows"] == {"read": 4, "written": 3, "rejected": 1, "blank": 0}


# --------------------------------------------------------------------------- validate -


def test_validate_says_it_reads_files_not_stdin() -> None:
    result = run(["validate", "-"], input="schema_version: 1\n")
    assert result.exit_code == 2
    assert result.stderr.startswith("salesgrid: error: validate reads files, not stdin")
    assert "No such file" not in result.stderr


# --------------------------------------------------------------------------- framework spelling


@pytest.mark.parametrize(
    ("given", "meant"),
    [
        ("SALES-MANAGEMENT", "sales-management"),
        ("Sales-Management", "sales-management"),
        ("sales_management", "sales-management"),
        ("sales management", "sales-management"),
        ("TECHNICAL_SUPPORT_MANAGEMENT", "technical-support-management"),
        ("Strategic HR Management", "strategic-human-resources-management"),
    ],
)
def test_a_framework_spelled_otherwise_gets_a_did_you_mean(
    given: str, meant: str, tmp_path: Path
) -> None:
    source = tmp_path / "staff.csv"
    source.write_text(f"employee_id,framework,position\nE1,{given},2.3\n", encoding="utf-8")
    result = run(["roster", str(source)])
    assert result.exit_code == 4 and records(result.stdout) == []  # never silently accepted
    assert f"unknown framework {given!r}: did you mean {meant}?" in result.stderr
    pay = run(["pay", "2.3", "--framework", given])
    assert pay.exit_code == 3 and f"did you mean {meant}?" in pay.stderr


# --------------------------------------------------------------------------- long values


def test_a_long_amount_in_a_data_file_is_cut_in_the_message(tmp_path: Path) -> None:
    data = yaml.safe_load((DATA / "payroll.yaml").read_text(encoding="utf-8"))
    data["periods"][0]["cap"] = "x" * 10_000
    path = tmp_path / "payroll.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    result = run(["payroll", "net", "3000", "--month", "2025-01", "--payroll", str(path)])
    assert result.exit_code == 5
    assert "periods[0].cap: error: 'xxx" in result.stderr
    assert max(len(line) for line in result.stderr.splitlines()) < 300


def test_long_roster_values_are_cut_in_reasons(tmp_path: Path) -> None:
    from .test_roster import ASSESSMENT_COLUMNS

    long = "y" * 50_000
    first = json.dumps({"employee_id": "E1", "position": "2.2",
                        **dict.fromkeys(ASSESSMENT_COLUMNS)})  # fmt: skip
    lines = [first, _assessed(rating_technical=long), _assessed(in_position_since=long),
             "{" + f'"employee_id": "E3", "position": "2.3", "{long}": 1, "{long}": 2' + "}"]  # fmt: skip
    result = run(["roster", str(jsonl(tmp_path, lines))])
    assert result.exit_code == 4
    assert len(rejected_rows(result.stderr)) == 3
    assert max(len(line) for line in result.stderr.splitlines()) < 600


# --------------------------------------------------------------------------- JSONL line ends


@pytest.mark.parametrize("odd", ["\u2028", "\u2029", "\x85"])
def test_jsonl_records_stay_on_one_line_for_any_splitter(odd: str, tmp_path: Path) -> None:
    """U+2028, U+2029 and NEL are legal raw in JSON, but str.splitlines() ends a line there."""
    source = tmp_path / "staff.csv"
    source.write_text(
        f"employee_id,position\nE{odd}1,2.3\n{odd},2.3\n", encoding="utf-8", newline=""
    )
    rejects = tmp_path / "rejects.jsonl"
    args = ["roster", str(source), "--format", "jsonl", "--rejects", str(rejects)]
    result = run(args)
    assert result.exit_code == 4  # the second id is only white space: empty
    (record,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert record["employee_id"] == f"E{odd}1"
    (reject,) = [json.loads(line) for line in rejects.read_text(encoding="utf-8").splitlines()]
    assert reject["employee_id"] == odd and reject["line"] == 3
