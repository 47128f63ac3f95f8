"""One roster file serves every command that reads people (`roster`, `diff --roster`, `paygap`).

A column a command does not use never rejects a row (A6), Excel's leftovers are read
alike by every command (A5), one person is one row everywhere with the same reason (A2), and a
UTF-8 stream given a code page is refused by paygap as by roster.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from salesgrid.batch import codepage

from .conftest import REPO, run

REPEAT = ": each employee_id once (remove the repeated row, or correct its id)"
ASSESSMENT = (
    "in_position_since,review_date,rating_technical,rating_business,rating_people,"
    "rating_adaptive,business_experience,business_exposure,opportunity_finding_proven,"
    "external_factors_proven,kpoc_completed,failed_kpocs_in_a_row,corrective_action_plan"
)
ASSESSED = "2024-01-01,2026-06-01,managed,managed,managed,managed,managed,managed,yes,yes,yes,0,no"
DIFF = ["diff", "--add-grid", str(REPO / "examples/grid-2027.yaml"), "--from-date", "2026-12-31",
        "--to-date", "2027-01-01", "--format", "json"]  # fmt: skip


def _write(tmp_path: Path, text: str, name: str = "people.csv") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_roster_and_diff_skip_the_columns_only_paygap_reads(tmp_path: Path) -> None:
    """Before: exit 2, "unknown columns 'sex', 'hours_per_week', ...": the file HR keeps for
    the pay-gap report could not be priced or listed without --ignore-unknown-columns."""
    text = ("employee_id,position,sex,hours_per_week,months_worked,gross_annual,variable_pay,"
            "category\nE-1,2.3,F,40,12,,1200,sales\nE-2,2.2,M,20,6,30000,0,sales\n")  # fmt: skip
    path = _write(tmp_path, text)
    listed = run(["roster", path])
    assert listed.exit_code == 0, listed.stderr
    assert listed.stdout == run(["roster", str(REPO / "examples/roster.csv")]).stdout.split(
        "\n", 1
    )[0] + "\n" + (
        "E-1,sales-management,2.3,5445,2783.99,2.4,900,3.1,2088\n"
        "E-2,sales-management,2.2,4645,2374.96,2.3,800,3.1,2888\n"
    )
    priced = run([*DIFF, "--roster", path])
    assert priced.exit_code == 0, priced.stderr
    assert json.loads(priced.stdout)["roster"]["headcount"] == 2


def test_a_jsonl_roster_with_paygap_keys_is_read_by_roster(tmp_path: Path) -> None:
    """Before: each row rejected, "unknown keys 'sex', 'variable_pay'"."""
    path = _write(tmp_path, '{"employee_id": "E-1", "position": "2.3", "sex": "F", '
                  '"variable_pay": 1200}\n', "people.jsonl")  # fmt: skip
    result = run(["roster", path])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[1].startswith("E-1,sales-management,2.3,5445")
    typo = _write(tmp_path, '{"employee_id": "E-1", "position": "2.3", "sexx": "F"}\n', "t.jsonl")
    refused = run(["roster", typo])
    assert refused.exit_code == 4 and "unknown key 'sexx'" in refused.stderr


def test_paygap_skips_the_roster_s_assessment_and_realm_columns(tmp_path: Path) -> None:
    """Before: exit 2, "unknown column(s) 'in_position_since', ...": the roster file with its
    Level & Step Review could not go to the pay-gap report."""
    header = f"employee_id,position,sex,{ASSESSMENT},realm_business_development\n"
    rows = "".join(f"E-{n},1.{1 + n % 4},{'FM'[n % 2]},{ASSESSED},yes\n" for n in range(8))
    path = _write(tmp_path, header + rows)
    result = run(["paygap", path, "--format", "json", "--min-group", "1"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["workers"]["women"] == 4
    jsonl = _write(tmp_path, "".join(
        json.dumps({"employee_id": f"E-{n}", "position": "1.1", "sex": "FM"[n % 2],
                    "rating_people": "managed", "realm_business_development": True}) + "\n"
        for n in range(4)), "people.jsonl")  # fmt: skip
    result = run(["paygap", jsonl, "--format", "json", "--min-group", "1"])
    assert result.exit_code == 0, result.stderr
    unknown = _write(tmp_path, "employee_id,position,sex,salary\nE-1,1.1,F,1\n", "u.csv")
    refused = run(["paygap", unknown])
    assert refused.exit_code == 2 and "unknown column 'salary'" in refused.stderr


def test_paygap_reads_excel_s_leftovers_as_roster_does(tmp_path: Path) -> None:
    """Before: exit 2, "the header names column '' twice"; a row of only delimiters was a
    rejected row."""
    text = ("employee_id;position;sex;;;\nE-1;1.1;F;;;\n;;;;;\nE-2;1.1;M;;;\n;;;;;\n"
            "E-3;1.1;F;;x;\n")  # fmt: skip
    path = _write(tmp_path, text)
    result = run(["paygap", path, "--format", "html", "--min-group", "1"])
    assert result.exit_code == 4
    assert result.stderr.splitlines()[0] == (
        "row 6: column 5 has a value ('x') but no header: name the column or clear it"
    )
    counts = dict(re.findall(r'<th scope="row">(\w+)</th><td class="num">(\d+)</td>',
                             result.stdout))  # fmt: skip
    assert counts == {"read": "3", "accepted": "2", "rejected": "1", "blank": "2"}
    listed = run(["roster", path, "--ignore-unknown-columns", "--summary"])
    assert "rows: 3 read, 2 written, 1 rejected, 2 blank" in listed.stderr


def test_one_person_one_row_with_the_same_reason_everywhere(tmp_path: Path) -> None:
    path = _write(tmp_path, "employee_id,position,sex\nE-1,1.1,F\nE-2,1.1,M\nE-1,1.2,F\n")
    for args in (["roster", path], ["paygap", path, "--min-group", "1"], [*DIFF, "--roster", path]):
        result = run(args)
        assert result.exit_code == 4, args
        assert f"row 4: E-1 also on line 2{REPEAT}" in result.stderr, args


def test_paygap_refuses_a_late_utf8_stream_given_a_code_page(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Before: a stdin roster whose first MiB was ASCII was read as cp1251 to the end, its
    later Cyrillic garbled, exit 0 (roster refused it; paygap never asked)."""
    monkeypatch.setattr(codepage, "PREFIX", 256)
    rows = "".join(f"E{n:04d},1.1,{'FM'[n % 2]}\n" for n in range(100))
    text = "employee_id,position,sex\n" + rows + "Мария,1.2,F\n"
    result = run(["paygap", "-", "--encoding", "cp1251", "--format", "json"],
                 input=text.encode())  # type: ignore[arg-type]  # fmt: skip
    assert result.exit_code == 2 and result.stdout == ""
    assert "UTF-8" in result.stderr and "cp1251" in result.stderr
