"""The competency data (NSX statements, criteria, scales, rules) and `salesgrid competencies`."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from salesgrid.core.competencies import UNCLASSIFIED, CompetenciesFile, capability_rating
from salesgrid.files.loader import load_competencies

from .conftest import COMPETENCIES_TEXT, DATA, run

DOMAINS = [
    "communication", "leadership", "metacognition", "critical-thinking", "collaboration",
    "character", "creativity", "growth-mindset", "mindfulness", "fortitude",
]  # fmt: skip
# Statements per domain as the NSX page prints them ("1Communication12 statements", ...).
PER_DOMAIN = {
    "communication": 12, "leadership": 12, "metacognition": 10, "critical-thinking": 12,
    "collaboration": 12, "character": 10, "creativity": 10, "growth-mindset": 10,
    "mindfulness": 10, "fortitude": 10,
}  # fmt: skip


@pytest.fixture(scope="module")
def data() -> CompetenciesFile:
    return load_competencies(DATA / "competencies.yaml")


def test_statement_counts(data: CompetenciesFile) -> None:
    kinds = Counter(s.kind for s in data.statements)
    assert kinds == {"core": 40, "durable": 108, "ai": 11}
    core = Counter(s.tier for s in data.statements if s.kind == "core")
    assert core == {"emerging": 10, "developing": 10, "proficient": 10, "advanced": 10}
    ai = Counter(s.tier for s in data.statements if s.kind == "ai")
    assert ai == {"emerging": 2, "developing": 3, "proficient": 3, "advanced": 3}
    assert Counter(s.domain for s in data.statements if s.kind == "durable") == PER_DOMAIN


def test_ids_are_unique_and_stable(data: CompetenciesFile) -> None:
    ids = [s.id for s in data.statements]
    assert len(ids) == len(set(ids)) == 159
    assert {"core.proficient.3", "communication.applying.2", "ai.developing.1"} <= set(ids)
    by_id = {s.id: s for s in data.statements}
    assert by_id["core.emerging.1"].subject == "Customer complaint records"
    assert by_id["core.emerging.1"].text.startswith("document and escalate under supervisor")
    assert by_id["communication.applying.2"].subject == "Performance feedback delivery"
    assert by_id["ai.developing.1"].evidence[0].startswith("Anthropic Economic Index")


def test_levels_domains_and_scales(data: CompetenciesFile) -> None:
    assert [(lv.number, lv.name, lv.mastery) for lv in data.levels] == [
        (1, "Pace setters", "emerging"),
        (2, "Coaches", "developing"),
        (3, "Visionaries and servant leaders", "proficient"),
        (4, "Transformational leaders", "advanced"),
    ]
    assert [d.id for d in data.domains] == DOMAINS
    assert [t.id for t in data.durable_tiers] == ["emerging", "developing", "applying", "exceeding"]
    assert [c.id for c in data.criteria] == ["technical", "business", "people", "adaptive"]
    assert all(c.completeness and c.achievement for c in data.criteria)
    assert [r.id for r in data.rating_scale] == [
        "incomplete", "initial", "managed", "defined", "optimal",
    ]  # fmt: skip
    assert data.capability is not None
    assert [(s.score, s.name) for s in data.capability.scale] == [
        (1, "Limited"), (2, "Intermediate"), (3, "Experienced"), (4, "Exceptional"),
    ]  # fmt: skip
    assert data.capability.proxy.label == "historical proxy"


@pytest.mark.parametrize(
    ("general", "internal", "rating"),
    [(1, 1, "incomplete"), (1, 2, "initial"), (2, 2, "initial"), (2, 3, "managed"),
     (3, 3, "managed"), (4, 3, "defined"), (4, 4, "optimal"), (1, 3, UNCLASSIFIED),
     (2, 4, UNCLASSIFIED), (4, 1, UNCLASSIFIED)],
)  # fmt: skip
def test_capability_proxy(data: CompetenciesFile, general: int, internal: int, rating: str) -> None:
    assert capability_rating(data, general, internal) == rating
    result = run(["competencies", "--capability", f"{general},{internal}"])
    assert result.stdout == f"{rating}\n"
    assert "historical proxy" in result.stderr


def test_business_development_realm_is_labelled_derived(data: CompetenciesFile) -> None:
    (realm,) = data.realm_descriptions
    assert realm.realm == "business-development"
    assert realm.label.startswith("derived from the sales-management seed documents")
    assert [f.name for f in realm.functions] == [
        "Planning",
        "Organizing",
        "Directing",
        "Controlling",
    ]
    assert len(realm.key_areas) == 7 and len(realm.sales_stages) == 5
    assert realm.buyer_funnel == ["Awareness", "Interest", "Consideration", "Decision", "Purchase"]
    assert "Average deal size" in realm.kpis


def test_default_chart_follows_the_differentiators(data: CompetenciesFile) -> None:
    assert data.rules is not None
    minimums = data.rules.chart.minimums
    assert minimums[1][1] == {"technical": "initial", "business": "incomplete",
                              "people": "incomplete", "adaptive": "incomplete"}  # fmt: skip
    assert minimums[2][4]["business"] == "optimal" and minimums[2][4]["people"] == "defined"
    assert minimums[3][2]["adaptive"] == "managed" and minimums[3][2]["technical"] == "initial"
    assert set(minimums[4][3].values()) == {"defined"}


def test_competencies_json() -> None:
    records = json.loads(run(["competencies", "--format", "json"]).stdout)
    assert len(records) == 159
    assert set(records[0]) >= {"id", "kind", "domain", "level", "tier", "text"}
    first = records[0]
    assert (first["id"], first["kind"], first["domain"], first["level"], first["tier"]) == (
        "core.emerging.1", "core", None, 1, "emerging",
    )  # fmt: skip
    durable = next(r for r in records if r["id"] == "communication.applying.2")
    assert (durable["kind"], durable["domain"], durable["level"]) == ("durable", "communication", 3)


@pytest.mark.parametrize(
    ("args", "count"),
    [
        (["--level", "1"], 10 + 2 + 20),
        (["--level", "2", "--kind", "core"], 10),
        (["--domain", "communication"], 12),
        (["--domain", "Critical Thinking", "--level", "3"], None),
        (["--search", "negotiation"], None),
        (["--kind", "ai"], 11),
    ],
)
def test_competencies_filters(args: list[str], count: int | None) -> None:
    result = run(["competencies", *args, "--format", "json"])
    assert result.exit_code == 0
    records = json.loads(result.stdout)
    if count is not None:
        assert len(records) == count
    assert records
    if "--search" in args:
        assert all("negotiation" in (r["subject"] + r["text"]).lower() for r in records)


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--level", "9"], 3, "there is no level 9: the levels are 1-4"),
        (["--domain", "sales"], 3, "unknown domain 'sales'"),
        (["--capability", "5,1"], 2, "give GENERAL,INTERNAL scores 1-4"),
    ],
)
def test_competencies_errors(args: list[str], code: int, message: str) -> None:
    result = run(["competencies", *args])
    assert result.exit_code == code
    assert message in result.stderr


def test_competencies_table_and_plain() -> None:
    table = run(["competencies", "--level", "2", "--format", "table"]).stdout
    assert "Level 2 · Coaches" in table and "NSX Developing" in table
    assert "core.developing.1" in table
    plain = run(["competencies", "--level", "4", "--kind", "ai", "--format", "plain"]).stdout
    assert plain.startswith("ai.advanced.1\tAI-augmented sales strategy design: ")


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        ("  - id: core.emerging.2\n", "  - id: core.emerging.1\n",
         "error: statement id 'core.emerging.1' is used twice"),
        ("  - id: communication.applying.2\n", "  - id: communication.applying.9\n",
         "should be 'communication.applying.2'"),
        ("    mastery: developing\n", "    mastery: expert\n", "unknown mastery level 'expert'"),
        ("      defined: [[3, 4], [4, 3]]", "      defined: [[3, 4], [4, 4]]",
         "[4, 4] is already listed under defined"),
    ],
)  # fmt: skip
def test_bad_competency_data(tmp_path: Path, old: str, new: str, fragment: str) -> None:
    assert old in COMPETENCIES_TEXT
    path = tmp_path / "c.yaml"
    path.write_text(COMPETENCIES_TEXT.replace(old, new, 1))
    result = run(["validate", str(path)])
    assert result.exit_code == 5
    assert fragment in result.stdout
    assert f"{path}:" in result.stdout
