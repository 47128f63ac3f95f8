"""`salesgrid criteria` (Directive 2023/970, Art. 6): the published criteria, from the data files.

Every number on the page comes from the grid or the competency file: an edited copy of either
shows in the output.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from salesgrid.core.criteria import criteria
from salesgrid.files.loader import load_competencies, load_grid

from .conftest import DATA, run
from .test_htmlreport import parse

DAY = ["--as-of", "2026-09-01"]


def _json(*args: str) -> dict:  # type: ignore[type-arg]
    result = run(["criteria", *DAY, "--format", "json", *args])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_json_holds_the_grid_in_force_and_every_rule() -> None:
    doc = _json()
    assert doc["framework"]["id"] == "sales-management"
    assert doc["grid"]["in_force_from"] == "2021-11-01"
    assert doc["grid"]["as_of"] == "2026-09-01"
    assert doc["grid"]["currencies"] == ["BGN", "EUR"]
    level2 = doc["grid"]["levels"][1]
    assert level2["name"] == "Coaches"
    assert level2["steps"][2] == {"step": 3, "BGN": 5445, "EUR": 2783.99}  # the pay rule: up
    rules = {r["id"]: r for r in doc["rules"]}
    assert list(rules) == ["chart", "realm", "opportunity_finding", "external_factors",
                           "experience_exposure", "kpoc"]  # fmt: skip
    assert rules["opportunity_finding"]["thresholds"] == {"above": "2.2"}
    assert rules["external_factors"]["thresholds"] == {"from_level": 3}
    assert rules["experience_exposure"]["thresholds"] == {
        "experience_at_most": "initial", "exposure_at_least": "managed"
    }  # fmt: skip
    assert rules["realm"]["thresholds"]["realms"] == [
        {"id": "business-development", "name": "Business Development"}
    ]
    minimums = rules["chart"]["thresholds"]["minimums"]
    assert len(minimums) == 16
    assert minimums[5] == {"level": 2, "step": 2, "technical": "initial", "business": "managed",
                           "people": "initial", "adaptive": "initial"}  # fmt: skip
    times = {r["id"]: r["thresholds"] for r in doc["time_rules"]}
    assert times == {"time_in_step": {"steps": [1, 2], "months": 12},
                     "review_interval": {"months": 12}, "failed_kpocs": {"at_least": 2},
                     "corrective_action_plan": {}}  # fmt: skip
    assert doc["landing"]["rule"] == "lowest_step_paying_at_least_current"
    assert [level["level"] for level in doc["competencies"]] == [1, 2, 3, 4]
    assert sum(len(level["statements"]) for level in doc["competencies"]) == 159


def test_an_edited_grid_shows_in_every_format(tmp_path: Path) -> None:
    grid = (DATA / "grid.yaml").read_text(encoding="utf-8")
    edited = grid.replace("2: [4345, 4645, 5445, 6345]", "2: [4345, 4645, 5446, 6345]", 1)
    assert edited != grid
    path = tmp_path / "grid.yaml"
    path.write_text(edited, encoding="utf-8")
    assert _json("--grid", str(path))["grid"]["levels"][1]["steps"][2] == {
        "step": 3, "BGN": 5446, "EUR": 2784.50  # 5446 / 1.95583 = 2784.496..., up
    }  # fmt: skip
    markdown = run(["criteria", *DAY, "--grid", str(path)]).stdout
    assert "| 2 Coaches | 4,345 BGN / 2,221.57 EUR | 4,645 BGN / 2,374.96 EUR | 5,446 BGN / " \
           "2,784.50 EUR | 6,345 BGN / 3,244.15 EUR |" in markdown  # fmt: skip
    html = run(["criteria", *DAY, "--grid", str(path), "--format", "html"]).stdout
    rows = parse(html).tables["grid-table"]
    assert rows[2][1] == ["2 Coaches", "4,345 BGN2,221.57 EUR", "4,645 BGN2,374.96 EUR",
                          "5,446 BGN2,784.50 EUR", "6,345 BGN3,244.15 EUR"]  # fmt: skip


def test_edited_thresholds_show(tmp_path: Path) -> None:
    text = (DATA / "competencies.yaml").read_text(encoding="utf-8")
    edited = (
        text.replace('above: "2.2"', 'above: "3.1"', 1)
        .replace("from_level: 3", "from_level: 4", 1)
        .replace(
            "      steps: [1, 2]\n      months: 12", "      steps: [1, 2]\n      months: 18", 1
        )
        .replace(
            "2: {technical: initial, business: managed,",
            "2: {technical: managed, business: managed,",
            1,
        )
        .replace("rule: lowest_step_paying_at_least_current", "rule: first_step", 1)
    )
    assert edited.count("3.1") > text.count("3.1")
    path = tmp_path / "competencies.yaml"
    path.write_text(edited, encoding="utf-8")
    doc = _json("--competencies", str(path))
    rules = {r["id"]: r for r in doc["rules"]}
    assert rules["opportunity_finding"]["thresholds"] == {"above": "3.1"}
    assert rules["external_factors"]["thresholds"] == {"from_level": 4}
    assert rules["chart"]["thresholds"]["minimums"][5]["technical"] == "managed"
    assert doc["time_rules"][0]["thresholds"] == {"steps": [1, 2], "months": 18}
    assert doc["landing"]["rule"] == "first_step"
    markdown = run(["criteria", *DAY, "--competencies", str(path)]).stdout
    assert "- Threshold: applies to a target above position 3.1 (level.step)" in markdown
    assert "- Threshold: applies to a target at level 4 or higher" in markdown
    assert "(18 months in step 1, 2)" in markdown
    assert "| 2.2 | managed | managed | initial | initial |" in markdown
    assert "`first_step`: " in markdown
    html = run(["criteria", *DAY, "--competencies", str(path), "--format", "html"]).stdout
    assert "Threshold: applies to a target above position 3.1 (level.step)" in html
    assert parse(html).tables["chart"][6][1] == ["2.2", "managed", "managed", "initial", "initial"]


def test_as_of_and_framework_choose_the_version(tmp_path: Path) -> None:
    layer = tmp_path / "layer.yaml"
    layer.write_text(
        "schema_version: 1\nframeworks:\n  - id: sales-management\n    versions:\n"
        "      - in_force_from: 2027-01-01\n        date_source: a test\n"
        "        levels: {1: [1900, 2200, 3000, 3900], 2: [4450, 4750, 5600, 6500]}\n",
        encoding="utf-8",
    )
    before = _json("--add-grid", str(layer))
    assert before["grid"]["in_force_from"] == "2021-11-01"
    later = run(["criteria", "--as-of", "2027-01-01", "--add-grid", str(layer), "--format",
                 "json"])  # fmt: skip
    doc = json.loads(later.stdout)
    assert doc["grid"]["in_force_from"] == "2027-01-01"
    assert [lvl["steps"][0]["BGN"] for lvl in doc["grid"]["levels"]] == [1900, 4450]
    assert len(doc["rules"][0]["thresholds"]["minimums"]) == 8  # only the grid's levels
    other = _json("--framework", "technical-support-management")
    assert other["framework"]["title"] == "Technical Support Management"
    assert other["grid"]["levels"][0]["steps"][3]["BGN"] != 3812


def test_markdown_is_the_default_and_html_is_self_contained() -> None:
    markdown = run(["criteria", *DAY])
    assert markdown.exit_code == 0
    assert markdown.stdout.startswith("# Pay and progression criteria: Sales Management\n")
    for heading in (
        "## Pay grid",
        "## Moves",
        "## Rules for a Step Up or a Level Up",
        "### 1. Chart minimums",
        "### 6. K-POC",
        "## Time rules",
        "## Landing rule",
        "## Competency statements by level",
        "### Level 4: Transformational leaders",
    ):
        assert f"\n{heading}" in markdown.stdout, heading  # fmt: skip
    html = run(["criteria", *DAY, "--format", "html"]).stdout
    page = parse(html)
    assert page.title == "Pay and progression criteria: Sales Management"
    assert ("html", {"lang": "en"}) in page.tags
    assert "script" not in {tag for tag, _ in page.tags}
    assert "@import" not in html and "url(" not in html
    for _, attributes in page.tags:
        assert not ({"src", "href"} & set(attributes)), attributes
    assert "Generated by salesgrid" in "".join(page.text)


def test_text_from_the_data_is_escaped() -> None:
    grid, comp = load_grid(None), load_competencies(None)
    level = comp.levels[0].model_copy(update={"core_duties": "<script>x</script> | *bold*"})
    comp = comp.model_copy(update={"levels": [level, *comp.levels[1:]]})
    doc = criteria(grid, comp, None, date(2026, 9, 1))
    from salesgrid.output.criteriaout import criteria_html, criteria_markdown

    assert "&lt;script&gt;x&lt;/script&gt; | *bold*" in criteria_html(doc)
    assert "<script>" not in criteria_html(doc)
    assert "\\<script\\>x\\</script\\> \\| \\*bold\\*" in criteria_markdown(doc)


def test_output_file_is_written_whole(tmp_path: Path) -> None:
    target = tmp_path / "criteria.html"
    result = run(["criteria", *DAY, "--format", "html", "--output", str(target)])
    assert result.exit_code == 0 and result.stdout == ""
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    missing = run(["criteria", *DAY, "--output", str(tmp_path / "no" / "such.md")])
    assert missing.exit_code == 74, missing.stderr
    assert not (tmp_path / "no").exists()


def test_errors_are_one_line() -> None:
    for args, code in ((["--framework", "nope"], 3), (["--as-of", "2001-01-01"], 3),
                       (["--format", "csv"], 2), (["--as-of", "tomorrow"], 2)):  # fmt: skip
        result = run(["criteria", *args])
        assert result.exit_code == code, (args, result.stderr)
        assert result.stdout == "" and result.stderr.count("\n") == 1, result.stderr
