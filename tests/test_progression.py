"""promote: moves, the landing rule, eligibility rule by rule, warnings, bad assessments."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from salesgrid.core.eligibility import add_months

from .conftest import COMPETENCIES_TEXT, HUNG, run
from .test_reference_data import SALES_MANAGEMENT

RATE = Decimal("1.95583")

ASSESSMENT: dict[str, Any] = {
    "employee": "E-1042",
    "framework": "sales-management",
    "position": "2.2",
    "in_position_since": date(2025, 6, 1),
    "review_date": date(2026, 10, 15),
    "ratings": {"technical": "managed", "business": "defined", "people": "managed",
                "adaptive": "managed"},
    "business_experience": "initial",
    "business_exposure": "managed",
    "opportunity_finding_proven": True,
    "external_factors_proven": False,
    "realms": {"business-development": True},
    "kpoc_completed": True,
    "failed_kpocs_in_a_row": 0,
    "corrective_action_plan": False,
    "evidence": ["core.developing.2", "communication.applying.1"],
}  # fmt: skip


def eur(bgn: int) -> Decimal:
    """The pay rule, computed independently: divide and round up to the cent."""
    from decimal import ROUND_CEILING

    return (Decimal(bgn) / RATE).quantize(Decimal("0.01"), rounding=ROUND_CEILING)


def write_assessment(tmp_path: Path, name: str = "a.yaml", **changes: Any) -> Path:
    data = {**ASSESSMENT, **changes}
    for key in [k for k, v in changes.items() if v is None]:
        del data[key]
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def promote_json(*args: str) -> dict[str, Any]:
    result = run(["promote", *args, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


# --------------------------------------------------------------------------- moves


@pytest.mark.parametrize("position", list(SALES_MANAGEMENT))
def test_moves_from_every_sales_management_position(position: str) -> None:
    level, step = map(int, position.split("."))
    now = SALES_MANAGEMENT[position]
    data = promote_json("--from", position)
    assert data["from"]["position"] == position and data["from"]["amount"] == now
    expected = []
    if step < 4:
        expected.append(("step_up", f"{level}.{step + 1}"))
    if level < 4:
        expected.append(("level_up", f"{level + 1}.1"))  # Sales Management: always step 1
    assert [(m["kind"], m["to"]["position"]) for m in data["moves"]] == expected
    for move in data["moves"]:
        after = SALES_MANAGEMENT[move["to"]["position"]]
        assert move["delta"]["BGN"] == after - now
        assert Decimal(str(move["delta"]["EUR"])) == eur(after) - eur(now)
        pct = (Decimal(after - now) * 100 / now).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")
        assert Decimal(str(move["delta_pct"])) == pct
        assert move["annual_delta"]["BGN"] == 12 * (after - now)
        assert Decimal(str(move["annual_delta"]["EUR"])) == 12 * (eur(after) - eur(now))
        assert move["warnings"] == ([] if level + 1 < 4 or move["kind"] == "step_up"
                                    else [move["warnings"][0]])  # fmt: skip
    notes = " ".join(data["notes"])
    assert ("no Step Up" in notes) == (step == 4 and level < 4)
    assert ("ends at level 4" in notes) == (level == 4)


def test_level_up_names_the_landing_rule() -> None:
    (move,) = promote_json("--from", "1.4")["moves"]
    assert move["landing"] == {
        "position": "2.1",
        "rule": "lowest_step_paying_at_least_current",
        "reason": "lowest_step_paying_at_least_current: 2.1 is the lowest step of level 2 paying "
        "at least 3,812 (4,345)",
    }


def test_landing_where_the_level_boundary_drops() -> None:
    """Technical Support Management: 1.4 pays 4,500 and 2.1 only 4,400, so 1.4 lands on 2.2."""
    (move,) = promote_json("--from", "1.4", "-f", "technical-support-management")["moves"]
    assert (move["kind"], move["to"]["position"], move["delta"]["BGN"]) == ("level_up", "2.2", 200)
    assert any("step 1 of level 2 pays 4,400, less than now" in w for w in move["warnings"])
    # from 1.1 the first step already pays more
    moves = promote_json("--from", "1.1", "-f", "technical-support-management")["moves"]
    assert moves[1]["to"]["position"] == "2.1"


def test_landing_when_only_the_top_step_pays_enough() -> None:
    """Operations logistics: 1.4 pays 4,200; level 2 pays 3,000 / 3,300 / 4,100 / 5,000."""
    (move,) = promote_json("--from", "1.4", "-f", "operations-management-logistics")["moves"]
    assert move["to"]["position"] == "2.4" and move["delta"]["BGN"] == 800
    assert any("ends at level 2" in w for w in move["warnings"])


def test_top_of_a_two_level_framework_points_to_another_framework() -> None:
    data = promote_json("--from", "2.4", "-f", "operations-management-logistics")
    assert data["moves"] == []
    assert data["notes"] == [
        "Operations Management (Logistics) ends at level 2: the way on is another framework "
        "(--to-framework ID)",
    ]


def test_first_step_landing_rule_is_data(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(COMPETENCIES_TEXT.replace(
        "rule: lowest_step_paying_at_least_current", "rule: first_step"))  # fmt: skip
    result = run(["promote", "--from", "1.4", "-f", "technical-support-management",
                  "--competencies", str(path), "--format", "json"])  # fmt: skip
    (move,) = json.loads(result.stdout)["moves"]
    assert move["to"]["position"] == "2.1" and move["delta"]["BGN"] == -100
    assert move["landing"]["rule"] == "first_step"
    assert "this level up lowers pay by 100 BGN" in move["warnings"]


@pytest.mark.parametrize(
    ("start", "target", "kind", "warning"),
    [
        ("1.1", "1.3", "skip", "a skip: 1 step passed over within level 1"),
        ("1.4", "3.1", "skip", "a skip: 2 levels up at once"),
        ("1.4", "2.2", "skip", "a skip: 1 level up at once, landing on step 2"),
        ("1.2", "1.3", "step_up", None),
        ("1.4", "2.1", "level_up", None),
        ("2.3", "1.4", "down", "a move down: the handbook defines no demotion process"),
    ],
)
def test_to_any_target(start: str, target: str, kind: str, warning: str | None) -> None:
    (move,) = promote_json("--from", start, "--to", target)["moves"]
    assert (move["kind"], move["to"]["position"]) == (kind, target)
    assert move["delta"]["BGN"] == SALES_MANAGEMENT[target] - SALES_MANAGEMENT[start]
    if warning:
        assert any(w.startswith(warning) for w in move["warnings"]), move["warnings"]


def test_to_another_framework() -> None:
    (move,) = promote_json(
        "--from", "2.4", "-f", "operations-management-logistics", "--to-framework",
        "sales-management",
    )["moves"]  # fmt: skip
    assert (move["kind"], move["to"]["framework"], move["to"]["position"]) == (
        "lateral", "sales-management", "2.3",
    )  # fmt: skip
    assert move["delta"]["BGN"] == 445
    (move,) = promote_json("--from", "2.1", "--to-framework", "technical-support-management",
                           "--to", "1.4")["moves"]  # fmt: skip
    assert move["to"]["amount"] == 4500
    assert any("the level changes too" in w for w in move["warnings"])
    result = run(["promote", "--from", "3.1", "--to-framework", "operations-management-logistics"])
    assert result.exit_code == 3
    assert "has levels 1-2, no level 3" in result.stderr


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["promote"], 2, "give --from L.S"),
        (["promote", "--from", "1.4", "--to", "1.4"], 2, "is the position moved from"),
        (["promote", "--from", "5.1"], 3, "it has levels 1-4"),
        (["promote", "--from", "1.4", "--check"], 2, "--check needs --assessment"),
        (["promote", "--from", "1,4"], 2, "is not a position"),
    ],
)
def test_promote_usage(args: list[str], code: int, message: str) -> None:
    result = run(args)
    assert result.exit_code == code
    assert message in result.stderr


def test_promote_csv_and_plain() -> None:
    csv_text = run(["promote", "--from", "2.2", "--format", "csv"]).stdout.splitlines()
    assert csv_text[0].startswith("kind,framework,from,to_framework,to,from_BGN,from_EUR")
    assert csv_text[1].startswith("step_up,sales-management,2.2,sales-management,2.3,4645,")
    plain = run(["promote", "--from", "2.2", "--format", "plain", "--currency", "EUR"]).stdout
    assert plain.splitlines()[0] == f"step_up\t2.3\t2783.99\t{eur(5445) - eur(4645)}"


def test_promote_table() -> None:
    out = run(["promote", "--from", "2.2", "--format", "table"]).stdout
    assert "from Level 2 · Coaches Step 2 (2.2): 4,645 BGN (2,374.96 EUR)" in out
    assert "step up" in out and "+800" in out and "+17.22%" in out and "+9,600" in out


def test_explain_names_every_key() -> None:
    data = promote_json("--from", "1.4", "--explain")
    lines = data["moves"][0]["explain"]
    text = "\n".join(lines)
    assert "grid.yaml: frameworks[sales-management].versions[2021-11-01].levels.1[3]" in text
    assert "competencies.yaml: rules.landing" in text
    assert "delta BGN: 4345 - 3812 = 533; per year x12 = 6396" in text
    assert "delta_pct: 533 / 3812 x 100 = 13.98% (half up to 0.01)" in text
    assert "from EUR: 3812 / 1.95583 = 1949.044651... -> 1949.05 (rounding up to 2 decimals" in text


# --------------------------------------------------------------------------- eligibility


def verdicts(tmp_path: Path, *args: str, **changes: Any) -> dict[str, dict[str, Any]]:
    """Rule results by id for the first move."""
    path = write_assessment(tmp_path, **changes)
    data = promote_json("--assessment", str(path), *args)
    return {rule["id"]: rule for rule in data["moves"][0]["rules"]}


def test_the_example_assessment_passes_every_rule_for_the_step_up(tmp_path: Path) -> None:
    rules = verdicts(tmp_path)
    assert list(rules) == [
        "chart", "realm", "opportunity_finding", "external_factors", "experience_exposure", "kpoc",
    ]  # fmt: skip
    assert all(rule["passed"] for rule in rules.values())
    assert rules["chart"]["source"] == "competencies.yaml: rules.chart.minimums.2.3"
    assert set(rules["chart"]) == {"id", "passed", "reason", "source"}


@pytest.mark.parametrize(
    ("changes", "args", "rule", "passed", "reason"),
    [
        ({"ratings": {**ASSESSMENT["ratings"], "business": "managed"}}, [], "chart", False,
         "business is managed, 2.3 needs defined"),
        ({}, [], "chart", True, "every criterion meets 2.3's minimum"),
        ({"realms": {"business-development": False}}, [], "realm", False,
         "not proficient in business-development"),
        ({"realms": {}}, [], "realm", False, "no proficiency recorded for business-development"),
        ({}, [], "realm", True, "proficient in business-development"),
        ({"opportunity_finding_proven": False}, [], "opportunity_finding", False,
         "2.3 is above 2.2, which needs proven opportunity-finding experience"),
        ({"opportunity_finding_proven": False, "position": "2.1"}, [], "opportunity_finding",
         True, "not needed: 2.2 is not above 2.2"),
        ({}, ["--to", "3.1"], "external_factors", False, "level 3 needs proven experience"),
        ({"external_factors_proven": True}, ["--to", "3.1"], "external_factors", True,
         "level 3 needs it; external factors proven"),
        ({}, [], "external_factors", True, "not needed below level 3"),
        ({"business_exposure": "initial"}, [], "experience_exposure", False,
         "experience is initial, so exposure must be managed or higher: it is initial"),
        ({"business_experience": "incomplete", "business_exposure": "defined"}, [],
         "experience_exposure", True, "it is defined"),
        ({"business_experience": "managed", "business_exposure": "incomplete"}, [],
         "experience_exposure", True, "experience is managed, above initial"),
        ({"kpoc_completed": False}, [], "kpoc", False, "is not completed"),
        ({}, [], "kpoc", True, "is completed"),
    ],
)  # fmt: skip
def test_every_rule_passes_and_fails(
    tmp_path: Path, changes: dict[str, Any], args: list[str], rule: str, passed: bool, reason: str
) -> None:
    result = verdicts(tmp_path, *args, **changes)[rule]
    assert result["passed"] is passed
    assert reason in result["reason"]


def test_chart_for_a_level_four_target_holds_every_criterion(tmp_path: Path) -> None:
    """Level 4 holds all four criteria to the differentiator's grade: initial at 4.1,
    optimal at 4.4."""
    assert verdicts(tmp_path, "--to", "4.1", external_factors_proven=True)["chart"]["passed"]
    top = verdicts(tmp_path, "--to", "4.4", external_factors_proven=True)["chart"]
    assert top["passed"] is False
    assert top["reason"].count("4.4 needs optimal") == 4
    assert top["source"] == "competencies.yaml: rules.chart.minimums.4.4"


def test_review_warnings(tmp_path: Path) -> None:
    path = write_assessment(tmp_path, failed_kpocs_in_a_row=2, corrective_action_plan=True,
                            review_date=date(2025, 11, 1))  # fmt: skip
    move = promote_json("--assessment", str(path))["moves"][0]
    ids = [w["id"] for w in move["review_warnings"]]
    assert ids == [
        "time_in_step", "review_interval", "failed_kpocs", "corrective_action_plan",
        "evidence_share",
    ]  # fmt: skip
    assert move["eligible"] is True  # warnings never block
    messages = " | ".join(move["warnings"])
    assert "more than 12 months in 2.2" in messages
    assert "no review in the last 12 months (last: 2025-11-01)" in messages
    assert "2 failed K-POCs in a row" in messages
    assert "cites 1 of the 10 core statements of level 2 (developing): 10%" in messages


def test_no_warnings_inside_the_year(tmp_path: Path) -> None:
    path = write_assessment(tmp_path, evidence=[])
    data = json.loads(run(["promote", "--assessment", str(path), "--format", "json",
                           "--as-of", "2026-05-31"]).stdout)  # fmt: skip
    assert data["moves"][0]["review_warnings"] == []


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [(date(2024, 2, 29), 12, date(2025, 2, 28)), (date(2025, 1, 31), 1, date(2025, 2, 28)),
     (date(2025, 6, 1), 12, date(2026, 6, 1)), (date(2025, 12, 15), 1, date(2026, 1, 15))],
)  # fmt: skip
def test_add_months_is_leap_day_safe(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


def test_json_assessment_files_work(tmp_path: Path) -> None:
    data = {**ASSESSMENT, "in_position_since": "2025-06-01", "review_date": "2026-10-15"}
    path = tmp_path / "a.json"
    path.write_text(json.dumps(data, indent=2))
    assert run(["promote", "--assessment", str(path), "--check"]).stdout == "eligible\n"


def test_from_must_agree_with_the_assessment(tmp_path: Path) -> None:
    path = write_assessment(tmp_path)
    assert run(["promote", "--assessment", str(path), "--from", "2.2"]).exit_code == 0
    result = run(["promote", "--assessment", str(path), "--from", "2.3"])
    assert result.exit_code == 2
    assert "--from 2.3 disagrees with the assessment's position 2.2" in result.stderr


def test_template_is_a_valid_assessment(tmp_path: Path) -> None:
    text = run(["promote", "--template"]).stdout
    assert "business-development: true" in text
    path = tmp_path / "t.yaml"
    path.write_text(text)
    assert run(["promote", "--assessment", str(path), "--check"]).exit_code == 0
    other = run(["promote", "--template", "-f", "noc-and-support-management"]).stdout
    assert "technical-support: true" in other and "information-security: true" in other


@pytest.mark.parametrize(
    ("changes", "needle", "fragment"),
    [
        ({"ratings": {**ASSESSMENT["ratings"], "people": "great"}}, "people: great",
         "ratings.people: error: Input should be 'incomplete', 'initial', 'managed', 'defined' or "
         "'optimal'"),
        ({"kpoc_completed": None}, "employee:", "kpoc_completed: error: the required field "
         "'kpoc_completed' is missing"),
        ({"position": "5.1"}, "position:", "position: error: position 5.1 is not in Sales "
         "Management: it has levels 1-4"),
        ({"review_date": date(2025, 5, 1)}, "review_date:", "review_date: error: the review "
         "(2025-05-01) is before the person took the position (2025-06-01)"),
        ({"evidence": ["core.developing.2", "core.developing.11"]}, "core.developing.11",
         "evidence[1]: error: unknown statement id 'core.developing.11'"),
        ({"realms": {"business-developement": True}}, "business-developement",
         "realms.business-developement: error: unknown realm 'business-developement'"),
        ({"framework": "sales"}, "framework:", "framework: error: unknown framework 'sales'"),
        ({"manager": "someone"}, "manager:", "manager: error: unknown field 'manager'"),
        ({"failed_kpocs_in_a_row": -1}, "failed_kpocs_in_a_row:",
         "failed_kpocs_in_a_row: error: Input should be greater than or equal to 0"),
    ],
)  # fmt: skip
def test_bad_assessments_exit_5_with_file_line_and_field(
    tmp_path: Path, changes: dict[str, Any], needle: str, fragment: str
) -> None:
    path = write_assessment(tmp_path, **changes)
    text = path.read_text()
    line = next(n for n, row in enumerate(text.splitlines(), 1) if needle in row)
    result = run(["promote", "--assessment", str(path)])
    assert result.exit_code == 5, result.stderr
    assert result.stdout == ""
    assert f"{path}:{line}: {fragment}" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_unquoted_position_is_explained(tmp_path: Path) -> None:
    path = write_assessment(tmp_path)
    path.write_text(path.read_text().replace("position: '2.2'", "position: 2.2"))
    result = run(["promote", "--assessment", str(path)])
    assert result.exit_code == 5
    assert 'position: error: quote the position ("2.2")' in result.stderr


def test_schema_assessment() -> None:
    document = json.loads(run(["schema", "assessment"]).stdout)
    assert document["additionalProperties"] is False
    assert "position" in document["required"] and "employee" not in document["required"]


# --------------------------------------------------------------------------- --check, for scripts


SCRIPT = Path(sys.executable).parent / "salesgrid"


@pytest.mark.parametrize(
    ("changes", "args", "code", "stdout"),
    [
        ({}, [], 0, "eligible\n"),
        ({}, ["--to", "3.1"], 1, "not eligible: external_factors\n"),
        ({"kpoc_completed": False, "business_exposure": "initial"}, [], 1,
         "not eligible: experience_exposure, kpoc\n"),
        ({"position": "2.4"}, [], 1, "not eligible: external_factors\n"),  # no step up: level up
    ],
)  # fmt: skip
def test_check_exit_codes_from_a_subprocess(
    tmp_path: Path, changes: dict[str, Any], args: list[str], code: int, stdout: str
) -> None:
    path = write_assessment(tmp_path, **changes)
    result = subprocess.run(
        [str(SCRIPT), "promote", "--assessment", str(path), "--check", *args],
        capture_output=True, text=True, timeout=HUNG, check=False,
        env={"PATH": "/usr/bin:/bin", "SALESGRID_AS_OF": "2026-11-22",
             "SALESGRID_CACHE_DIR": os.environ["SALESGRID_CACHE_DIR"]},
    )  # fmt: skip
    assert (result.returncode, result.stdout) == (code, stdout), result.stderr


def test_framework_flag_must_agree_with_the_assessment(tmp_path: Path) -> None:
    path = write_assessment(tmp_path)
    result = run(["promote", "--assessment", str(path), "-f", "technical-support-management"])
    assert result.exit_code == 2
    assert "disagrees with the assessment's framework sales-management" in result.stderr
    # an environment default yields to the file
    env = {"SALESGRID_FRAMEWORK": "technical-support-management"}
    assert run(["promote", "--assessment", str(path), "--check"], env=env).stdout == "eligible\n"


def test_notes_reach_stderr_in_csv() -> None:
    result = run(["promote", "--from", "4.4"])
    assert result.stdout.startswith("kind,framework,from,") and result.stdout.count("\n") == 1
    assert "no Step Up" not in result.stderr  # at the framework's end, only that is said
    assert "Sales Management ends at level 4" in result.stderr
