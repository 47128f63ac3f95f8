"""Data files that are right or refused.

Every file kind is read as meant or refused with FILE:LINE and what to do; the published JSON
Schema says what the loader accepts; hostile files (deep, huge, binary) end quickly with exit 5.
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from salesgrid.files.yamlsource import read_yaml

from .conftest import DATA, HUNG, REPO, run

EXAMPLES = REPO / "examples"
SALESGRID = [sys.executable, "-m", "salesgrid"]
ASSESSMENT_TEXT = (EXAMPLES / "assessment.yaml").read_text(encoding="utf-8")


def as_json(value: Any) -> Any:
    """A data file's values as a JSON document has them (keys text, days YYYY-MM-DD)."""
    if isinstance(value, dict):
        return {str(key): as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return float(value)
    return value


def document(path: Path) -> Any:
    return as_json(read_yaml(path)[0])


def schema_of(kind: str) -> Draft202012Validator:
    result = run(["schema", kind])
    assert result.exit_code == 0, result.stderr
    schema = json.loads(result.stdout)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def subprocess_run(
    args: list[str], cwd: Path, timeout: float = HUNG
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SALESGRID_")}
    env["SALESGRID_AS_OF"] = "2026-11-22"
    return subprocess.run(
        [*SALESGRID, *args], cwd=cwd, env=env, capture_output=True, text=True,
        timeout=timeout, check=False,
    )  # fmt: skip


# --------------------------------------------------------------------------- defect 3: kinds


def test_validate_kind_assessment_checks_an_assessment() -> None:
    result = run(["validate", "--kind", "assessment", str(EXAMPLES / "assessment.yaml")])
    assert result.exit_code == 0, result.stdout
    assert result.stdout == f"ok: {EXAMPLES / 'assessment.yaml'}: 0 errors, 0 warnings\n"


def test_a_fresh_template_validates_with_and_without_kind(tmp_path: Path) -> None:
    template = run(["promote", "--template"])
    assert template.exit_code == 0, template.stderr
    path = tmp_path / "review.yaml"
    path.write_text(template.stdout, encoding="utf-8")
    for args in (["validate", str(path)], ["validate", "--kind", "assessment", str(path)]):
        result = run(args)
        assert result.exit_code == 0, result.stdout
        assert result.stdout.startswith("ok: ")


@pytest.mark.parametrize("kind", ["grid", "competencies", "payroll"])
def test_every_kind_validates_as_that_kind(kind: str) -> None:
    path = DATA / f"{kind}.yaml"
    assert run(["validate", "--kind", kind, str(path)]).exit_code == 0
    wrong = run(["validate", "--kind", "assessment", str(path)])
    assert wrong.exit_code == 5
    assert f"{path}:" in wrong.stdout


def test_an_assessment_is_checked_against_the_grid_with_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "review.yaml"
    text = ASSESSMENT_TEXT.replace('position: "2.2"', 'position: "5.1"')
    path.write_text(text.replace("business-development: true", "sales-ops: true"), "utf-8")
    result = run(["validate", str(path)])
    assert result.exit_code == 5
    lines = result.stdout.splitlines()
    assert lines[0] == (
        f"{path}:5: position: error: position 5.1 is not in Sales Management: it has levels 1-4"
    )
    assert lines[1].startswith(f"{path}:18: realms.sales-ops: error: unknown realm 'sales-ops'")
    # the same file checked against a grid that has a fifth level of Sales Management
    grid = tmp_path / "grid.yaml"
    grid_text = (DATA / "grid.yaml").read_text(encoding="utf-8")
    grid.write_text(
        grid_text.replace(
            "          4: [11583, 11883, 12683, 13583]",
            "          4: [11583, 11883, 12683, 13583]\n          5: [13600, 13700, 13800, 13900]",
            1,
        ),
        "utf-8",
    )
    assert "5: [13600" in grid.read_text(encoding="utf-8")
    again = run(["validate", "--grid", str(grid), str(path)])
    assert "position 5.1" not in again.stdout
    assert "unknown realm 'sales-ops'" in again.stdout


def test_kind_without_a_file_is_a_usage_error() -> None:
    result = run(["validate", "--kind", "assessment"])
    assert result.exit_code == 2
    assert "--kind says how to read the FILEs given" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["pay", "2", "3", "--grid", str(EXAMPLES / "assessment.yaml")],
         f"{EXAMPLES / 'assessment.yaml'}:1: error: this is an assessment file, not a grid file"),
        (["validate", "--kind", "grid", str(DATA / "payroll.yaml")],
         f"{DATA / 'payroll.yaml'}:1: error: this is a payroll file, not a grid file"),
        (["promote", "--assessment", str(DATA / "grid.yaml")],
         f"{DATA / 'grid.yaml'}:1: error: this is a grid file, not an assessment"),
    ],
    ids=["assessment-as-grid", "payroll-as-grid", "grid-as-assessment"],
)  # fmt: skip
def test_a_file_of_another_kind_says_what_it_is(args: list[str], message: str) -> None:
    result = run(args)  # was one error per field of the other format
    assert result.exit_code == 5
    out = (result.stdout if args[0] == "validate" else result.stderr).splitlines()
    assert out[0].startswith(message)
    assert len(out) == (2 if args[0] == "validate" else 1)


# --------------------------------------------------------------------------- defect 4: schema

SHIPPED = [
    ("grid", DATA / "grid.yaml"),
    ("competencies", DATA / "competencies.yaml"),
    ("payroll", DATA / "payroll.yaml"),
    ("assessment", EXAMPLES / "assessment.yaml"),
    ("grid", EXAMPLES / "company-grid.yaml"),
    ("calendar", DATA / "calendar.yaml"),
    ("calendar", EXAMPLES / "company-calendar.yaml"),
    ("calendar", EXAMPLES / "worked-holiday.yaml"),
]


#: Layer files (``--add-grid``): no schema of their own; tests/test_add_grid.py validates them.
LAYERS = [EXAMPLES / "company-layer.yaml", EXAMPLES / "grid-2027.yaml",
          EXAMPLES / "landing-layer.yaml", EXAMPLES / "raise-2026-07.yaml"]  # fmt: skip
#: Broken on purpose, for docs/data-files.md (its output is checked there, by tests/test_readme.py).
BROKEN = [EXAMPLES / "edited-grid.yaml"]


def test_every_shipped_file_and_example_is_covered() -> None:
    covered = {path.name for _, path in (*SHIPPED, *(("layer", p) for p in (*LAYERS, *BROKEN)))}
    yaml_files = {p.name for p in (*DATA.glob("*.yaml"), *EXAMPLES.glob("*.yaml"))}
    assert yaml_files <= covered


@pytest.mark.parametrize(("kind", "path"), SHIPPED, ids=[k for k, _ in SHIPPED])
def test_shipped_files_validate_under_the_published_schema_and_load(kind: str, path: Path) -> None:
    errors = [e.message for e in schema_of(kind).iter_errors(document(path))]
    assert errors == []
    assert run(["validate", "--kind", kind, str(path)]).exit_code == 0


@pytest.mark.parametrize(("kind", "path"), SHIPPED, ids=[k for k, _ in SHIPPED])
def test_every_kind_written_as_json_loads(kind: str, path: Path, tmp_path: Path) -> None:
    as_file = tmp_path / f"{kind}.json"
    as_file.write_text(json.dumps(document(path), indent=1), encoding="utf-8")
    assert run(["validate", str(as_file)]).exit_code == 0


def _loaded(kind: str, path: Path) -> Any:
    """The model a data file loads as (an assessment against the packaged grid and rules)."""
    from salesgrid.files.loader import load, load_assessment, load_competencies, load_grid

    if kind == "assessment":
        return load_assessment(path, load_grid(), load_competencies(), date(2026, 11, 22))
    return load(path, kind).model


@pytest.mark.parametrize("spelling", ["json", "quoted yaml"])
@pytest.mark.parametrize(("kind", "path"), SHIPPED, ids=[k for k, _ in SHIPPED])
def test_json_and_quoted_keys_validate_load_and_mean_the_same(
    kind: str, path: Path, spelling: str, tmp_path: Path
) -> None:
    """Every shipped file and example, re-written as JSON or as YAML whose keys are all quoted
    strings (level and step keys "1"), passes its schema and loads as the very same model
    (fuzzing finding N6: the competency file's rules.chart.minimums)."""
    import yaml

    data = document(path)
    assert [e.message for e in schema_of(kind).iter_errors(data)] == []
    copy_path = tmp_path / f"{kind}.{'json' if spelling == 'json' else 'yaml'}"
    if spelling == "json":
        copy_path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    else:
        quoted = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        assert "'1':" in quoted or kind in ("payroll", "assessment", "calendar")  # keys are text
        copy_path.write_text(quoted, encoding="utf-8")
    result = run(["validate", "--kind", kind, str(copy_path)])
    assert result.exit_code == 0, result.stdout
    assert _loaded(kind, copy_path) == _loaded(kind, path)


def test_a_competency_file_in_json_judges_the_same(tmp_path: Path) -> None:
    rules = tmp_path / "competencies.json"
    rules.write_text(json.dumps(document(DATA / "competencies.yaml")), encoding="utf-8")
    args = ["promote", "--assessment", str(EXAMPLES / "assessment.yaml"), "--format", "json"]
    from_yaml = run(args)
    from_json = run([*args, "--competencies", str(rules)])
    assert from_yaml.exit_code == 0, from_yaml.stderr
    assert (from_json.exit_code, from_json.stdout) == (0, from_yaml.stdout), from_json.stderr


def test_a_grid_in_json_pays_the_same(tmp_path: Path) -> None:
    grid = tmp_path / "grid.json"
    grid.write_text(json.dumps(document(DATA / "grid.yaml")), encoding="utf-8")
    result = run(["pay", "2", "3", "--grid", str(grid)])
    assert (result.exit_code, result.stdout) == (0, "5445\n")


def test_quoted_level_keys_load_and_problems_keep_their_line(tmp_path: Path) -> None:
    text = (DATA / "grid.yaml").read_text(encoding="utf-8")
    quoted = text.replace(
        "          1: [1812, 2112, 2912, 3812]", '          "1": [1812, 2112, 2912, 3812]'
    )
    assert quoted != text
    path = tmp_path / "grid.yaml"
    path.write_text(quoted, encoding="utf-8")
    assert run(["pay", "1", "2", "--grid", str(path)]).stdout == "2112\n"
    flat = quoted.replace('"1": [1812, 2112, 2912, 3812]', '"1": [1812, 2112, 2112, 3812]')
    path.write_text(flat, encoding="utf-8")
    result = run(["validate", str(path)])
    line = flat.splitlines().index('          "1": [1812, 2112, 2112, 3812]') + 1
    assert (
        f"{path}:{line}: frameworks[0].versions[0].levels.1[2]: error: 1.3 pays 2,112"
        in result.stdout
    )


Mutation = Callable[[Any], None]


def _set(*path: Any) -> Callable[[Any], Mutation]:
    def with_value(value: Any) -> Mutation:
        def mutate(data: Any) -> None:
            target = data
            for part in path[:-1]:
                target = target[part]
            target[path[-1]] = value

        return mutate

    return with_value


def _levels(key: str) -> Mutation:
    def mutate(data: Any) -> None:
        levels = data["frameworks"][0]["versions"][0]["levels"]
        levels[key] = levels.pop("1")

    return mutate


def _minimum_key(key: str) -> Mutation:
    def mutate(data: Any) -> None:
        minimums = data["rules"]["chart"]["minimums"]
        minimums[key] = minimums.pop("1")

    return mutate


FIRST_CELLS = ("frameworks", 0, "versions", 0, "levels", "1")
TYPE_ERRORS: list[tuple[str, str, Mutation]] = [
    ("grid", "string amount", _set(*FIRST_CELLS, 0)("1812 lev")),
    ("grid", "bool amount", _set(*FIRST_CELLS, 0)(True)),
    ("grid", "float amount", _set(*FIRST_CELLS, 0)(1.812)),
    ("grid", "list for mapping", _set("realms")(["business-development"])),
    ("grid", "mapping for list", _set("frameworks")({})),
    ("grid", "level key x", _levels("x")),
    ("grid", "level key 1.5", _levels("1.5")),
    ("grid", "level key -1", _levels("-1")),
    ("grid", "level key 01", _levels("01")),
    ("grid", "level key 0", _levels("0")),
    ("grid", "huge level key", _levels("10000000")),
    ("grid", "unknown field", _set("frameworks", 0, "titel")("Sales")),
    ("grid", "bad realm key", _set("realms", "Business Development")("x")),
    ("grid", "schema version text", _set("schema_version")("1")),
    ("grid", "rate as float", _set("conversions", 0, "rate")(1.95583)),
    ("grid", "huge rate", _set("conversions", 0, "rate")("1" * 30)),
    ("grid", "day far ahead", _set("frameworks", 0, "versions", 0, "in_force_from")("9999-12-31")),
    ("grid", "escape in a title", _set("frameworks", 0, "title")("Sales \x1b[31mRed")),
    ("grid", "NUL in a note", _set("frameworks", 0, "source")("https://x.y/\x00")),
    ("competencies", "mapping for list", _set("levels")({})),
    ("competencies", "unknown field", _set("rules", "landing", "rul")("first_step")),
    (
        "competencies",
        "months as text",
        _set("rules", "warnings", "review_interval", "months")("12"),
    ),
    (
        "competencies",
        "huge months",
        _set("rules", "warnings", "review_interval", "months")(99999999),
    ),
    ("competencies", "chart key x", _minimum_key("x")),
    ("competencies", "chart key 1.5", _minimum_key("1.5")),
    ("competencies", "long position", _set("rules", "opportunity_finding", "above")("1.1234567")),
    ("competencies", "huge count", _set("rules", "warnings", "failed_kpocs", "at_least")(10**12)),
    ("payroll", "mapping for list", _set("periods")({})),
    ("payroll", "decimals as text", _set("decimals")("2")),
    ("payroll", "unknown cohort", _set("periods", 0, "cohorts", "born_1950")({})),
    ("payroll", "unknown field", _set("periods", 0, "capp")("3750")),
    ("payroll", "percent as float", _set("income_tax_percent")(10.5)),
    ("payroll", "huge percent", _set("income_tax_percent")("100")),
    ("assessment", "list for mapping", _set("ratings")(["managed"])),
    ("assessment", "bool as text", _set("kpoc_completed")("yes")),
    ("assessment", "bool as number", _set("corrective_action_plan")(0)),
    ("assessment", "count as text", _set("failed_kpocs_in_a_row")("0")),
    ("assessment", "huge count", _set("failed_kpocs_in_a_row")(10**12)),
    ("assessment", "position as number", _set("position")(2)),
    ("assessment", "long position", _set("position")("1.1234567")),
    ("assessment", "day far ahead", _set("review_date")("9999-12-31")),
    ("assessment", "employee on two lines", _set("employee")("E-1\nE-2")),
    ("assessment", "unknown field", _set("reveiw_date")("2026-10-15")),
    ("assessment", "realm as text", _set("realms", "business-development")("true")),
]


@pytest.mark.parametrize(
    ("kind", "mutate"),
    [(k, m) for k, _, m in TYPE_ERRORS],
    ids=[f"{k}: {n}" for k, n, _ in TYPE_ERRORS],
)
def test_type_errors_are_refused_by_the_loader_and_the_schema(
    kind: str, mutate: Mutation, tmp_path: Path
) -> None:
    source = dict(SHIPPED)[kind]
    data = copy.deepcopy(document(source))
    mutate(data)
    path = tmp_path / f"{kind}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = run(["validate", "--kind", kind, str(path)])
    assert result.exit_code == 5, result.stdout
    assert f"{path}:" in result.stdout
    assert list(schema_of(kind).iter_errors(data)), "the schema accepts what the loader refuses"


# --------------------------------------------------------------------------- defect 11: names


def test_packaged_files_are_named_as_packaged_from_any_directory(tmp_path: Path) -> None:
    result = subprocess_run(["validate"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "(packaged) grid.yaml:131: frameworks[3]" in result.stdout
    assert result.stdout.splitlines()[-1] == (
        "ok: (packaged) grid.yaml, (packaged) competencies.yaml, (packaged) payroll.yaml: "
        "0 errors, 2 warnings"
    )
    assert "data/" not in result.stdout


# --------------------------------------------------------------------------- defect 14: hostile


def nested(depth: int) -> str:
    return "x: " + "[" * depth + "]" * depth + "\n"


DEEP_COMMANDS = {
    "validate": ["validate", "FILE"],
    "assessment": ["validate", "--kind", "assessment", "FILE"],
    "grid": ["pay", "2", "3", "--grid", "FILE"],
    "competencies": ["competencies", "--competencies", "FILE"],
    "payroll": ["payroll", "net", "3000", "--payroll", "FILE"],
    "promote": ["promote", "--assessment", "FILE"],
}


def _deep_file(tmp_path: Path, depth: int) -> Path:
    path = tmp_path / "deep.yaml"
    path.write_text("# deep\n" + nested(depth), encoding="utf-8")
    return path


@pytest.mark.parametrize("command", list(DEEP_COMMANDS))
def test_deep_nesting_is_refused_with_its_line(command: str, tmp_path: Path) -> None:
    path = _deep_file(tmp_path, 1000)  # was a RecursionError, exit 70
    result = run([str(path) if a == "FILE" else a for a in DEEP_COMMANDS[command]])
    assert result.exit_code == 5, result.output
    expected = f"{path}:2: error: nested more than 64 levels deep"
    assert (result.stdout if command in ("validate", "assessment") else result.stderr).startswith(
        expected
    )


@pytest.mark.parametrize("command", ["validate", "grid"])
def test_very_deep_nesting_does_not_crash_libyaml(command: str, tmp_path: Path) -> None:
    path = _deep_file(tmp_path, 30_000)  # was a segfault (exit 139): run in its own process
    result = subprocess_run(
        [str(path) if a == "FILE" else a for a in DEEP_COMMANDS[command]], tmp_path
    )
    assert result.returncode == 5, result.stderr
    assert f"{path}:2: error: nested more than 64 levels deep" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_aliases_cannot_nest_deeper_than_the_limit(tmp_path: Path) -> None:
    chain = "a: &a [1]\n" + "".join(
        f"{c}: &{c} [[[[[[[[[[[[[[[[[[[[*{p}]]]]]]]]]]]]]]]]]]]]\n"
        for p, c in zip("abcd", "bcde", strict=True)
    )
    path = tmp_path / "chain.yaml"
    path.write_text(chain, encoding="utf-8")
    result = run(["validate", str(path)])
    assert result.exit_code == 5
    assert f"{path}:5: error: nested more than 64 levels deep" in result.stdout
    path.write_text("a: &a [*a]\n", encoding="utf-8")
    assert run(["validate", str(path)]).exit_code == 5


def test_alias_bomb_names_a_line(tmp_path: Path) -> None:
    bomb = "top: 1\na: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        for p, c in zip("abcdefg", "bcdefgh", strict=True)
    )
    path = tmp_path / "bomb.yaml"
    path.write_text(bomb, encoding="utf-8")
    result = run(["validate", str(path)])
    assert result.exit_code == 5
    assert f"{path}:7: error: more than 200,000 values once aliases are expanded" in result.stdout


def test_too_many_values_are_refused_before_building(tmp_path: Path) -> None:
    path = tmp_path / "wide.yaml"
    path.write_text("x: [" + "1, " * 200_001 + "1]\n", encoding="utf-8")
    result = run(["validate", str(path)])
    assert result.exit_code == 5
    assert f"{path}:1: error: more than 200,000 values" in result.stdout


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
@pytest.mark.parametrize(
    "args",
    [["validate", "/dev/zero"], ["pay", "2", "3", "--grid", "/dev/urandom"],
     ["payroll", "net", "3000", "--payroll", "/dev/zero"]],
    ids=["validate-zero", "pay-urandom", "payroll-zero"],
)  # fmt: skip
def test_endless_devices_end_quickly(args: list[str], tmp_path: Path) -> None:
    result = subprocess_run(args, tmp_path, timeout=HUNG)
    assert result.returncode == 5
    message = (result.stdout + result.stderr).splitlines()[0]
    assert message == (
        f"{args[-1]}: error: the file is larger than 5 MB: salesgrid data files are a few KB; "
        "check that this is the file you meant"
    )


BAD_BYTES = [
    ("nul", b"schema_version: 1\nx: a\x00b\n", ":2: error: the file has NUL bytes"),
    ("binary", bytes(range(256)) * 4, ":1: error: the file has NUL bytes"),
    (
        "latin-1",
        "schema_version: 1\ntitle: Zürich\n".encode("latin-1"),
        ":2: error: the file is not UTF-8 text: save it as UTF-8",
    ),
    (
        "utf-16",
        "schema_version: 1\n".encode("utf-16"),
        ":1: error: the file is UTF-16 (or UTF-32) text: save it as UTF-8",
    ),
    ("utf-16-be", "schema_version: 1\n".encode("utf-16-be"), ":1: error: the file has NUL bytes"),
    ("empty", b"", ":1: error: the file is empty"),
    ("comments only", b"# nothing\n", ":1: error: the file is empty"),
]


@pytest.mark.parametrize(
    ("content", "expected"), [(c, e) for _, c, e in BAD_BYTES], ids=[n for n, _, _ in BAD_BYTES]
)
def test_files_that_are_not_text_are_refused(content: bytes, expected: str, tmp_path: Path) -> None:
    path = tmp_path / "data.yaml"
    path.write_bytes(content)
    for args in (["validate", str(path)], ["pay", "2", "3", "--grid", str(path)]):
        result = run(args)
        assert result.exit_code == 5
        lines = (result.stdout if args[0] == "validate" else result.stderr).splitlines()
        assert lines[0] == f"{path}{expected}" or lines[0].startswith(f"{path}{expected}")


def test_a_directory_or_unreadable_file(tmp_path: Path) -> None:
    result = run(["pay", "2", "3", "--grid", str(tmp_path)])
    assert result.exit_code == 2
    assert "is a directory" in result.stderr
    result = run(["validate", str(tmp_path / "missing.yaml")])
    assert result.exit_code == 5
    assert "missing.yaml: error: cannot read the file: No such file or directory" in result.stdout
    if os.geteuid() != 0:  # root reads anything
        locked = tmp_path / "locked.yaml"
        locked.write_text("schema_version: 1\n", encoding="utf-8")
        locked.chmod(0)
        result = run(["validate", str(locked)])
        assert result.exit_code == 5
        assert "cannot read the file: Permission denied" in result.stdout


def test_echoed_values_are_cut_to_a_sane_length(tmp_path: Path) -> None:
    text = (DATA / "grid.yaml").read_text(encoding="utf-8")
    long = "x" * 1000
    path = tmp_path / "grid.yaml"
    path.write_text(
        text.replace(
            "    title: Sales Management\n", f"    title: Sales Management\n    {long}: 1\n", 1
        ).replace("in_force_from: 2021-11-01", f'in_force_from: "{long}"', 1),
        encoding="utf-8",
    )
    result = run(["validate", str(path)])
    assert result.exit_code == 5
    assert "x" * 61 not in result.stdout
    assert "unknown field 'xxxxxxxxxx" in result.stdout
    assert all(len(line) < 600 for line in result.stdout.splitlines())
    path.write_text(f"a: !{long} 1\nb: {long}\n", encoding="utf-8")
    result = run(["validate", "--kind", "grid", str(path)])
    assert result.exit_code == 5
    assert "x" * 61 not in result.output


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(content=st.binary(max_size=300) | st.text(max_size=300).map(lambda t: t.encode("utf-8")))
def test_any_bytes_are_read_or_refused(content: bytes, tmp_path: Path) -> None:
    path = tmp_path / "any.yaml"
    path.write_bytes(content)
    result = run(["validate", str(path)])
    assert result.exit_code in (0, 5), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


# --------------------------------------------------------------------------- defect 16: later


def _assessment(tmp_path: Path, old: str, new: str) -> Path:
    assert old in ASSESSMENT_TEXT
    path = tmp_path / "review.yaml"
    path.write_text(ASSESSMENT_TEXT.replace(old, new), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        ("review_date: 2026-10-15", "review_date: 9999-12-31", 7,
         "review_date: error: 9999-12-31 is out of range: a day in a data file is from 1900-01-01 to 2199-12-31"),
        ("in_position_since: 2025-06-01", "in_position_since: 0001-01-01", 6, "in_position_since: error: 0001-01-01 is out of range"),
        ('position: "2.2"', 'position: "1.1234567"', 5, "position: error: String should match pattern"),
        ("failed_kpocs_in_a_row: 0", "failed_kpocs_in_a_row: 100000000000000000000", 20,
         "failed_kpocs_in_a_row: error: Input should be less than or equal to 999"),
        ("employee: E-1042", "employee: " + "E" * 81, 3, "employee: error: String should match pattern"),
    ],
    ids=["review-9999", "since-0001", "long-position", "huge-count", "long-employee"],
)  # fmt: skip
def test_assessment_values_that_broke_promote(
    old: str, new: str, line: int, message: str, tmp_path: Path
) -> None:
    path = _assessment(tmp_path, old, new)
    for args in (["validate", str(path)], ["promote", "--assessment", str(path)]):
        result = run(args)
        assert result.exit_code == 5, result.output
        out = result.stdout if args[0] == "validate" else result.stderr
        assert out.startswith(f"{path}:{line}: {message}"), out


def _competencies(tmp_path: Path, old: str, new: str) -> Path:
    text = (DATA / "competencies.yaml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "competencies.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _line_of(path: Path, fragment: str) -> int:
    return next(
        n
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if fragment in line
    )


@pytest.mark.parametrize(
    ("field", "new", "message"),
    [
        ("months: ", "99999999", "Input should be less than or equal to 1200"),
        ("above: ", '"1.1234567"', "String should match pattern"),
        ("from_level: ", "10000000", "Input should be less than or equal to 999999"),
    ],
)
def test_competency_rule_values_that_broke_promote(
    field: str, new: str, message: str, tmp_path: Path
) -> None:
    text = (DATA / "competencies.yaml").read_text(encoding="utf-8")
    old = next(line for line in text.splitlines() if line.strip().startswith(field))
    path = _competencies(tmp_path, old, old.split(field)[0] + field + new)
    line = _line_of(path, field + new)
    result = run(["validate", str(path)])
    assert result.exit_code == 5
    assert f"{path}:{line}: " in result.stdout and message in result.stdout
    review = EXAMPLES / "assessment.yaml"
    for args in (
        ["promote", "--assessment", str(review), "--competencies", str(path)],
        ["roster", str(EXAMPLES / "roster.csv"), "--competencies", str(path)],
    ):
        result = run(args)
        assert result.exit_code == 5, result.output
        assert result.stderr.startswith(f"{path}:{line}: ")


def test_a_competency_file_without_rules(tmp_path: Path) -> None:
    text = (DATA / "competencies.yaml").read_text(encoding="utf-8")
    start = text.index("\nrules:")
    end = text.index("\n", text.index("\nstatements:", start) - 1)
    path = tmp_path / "competencies.yaml"
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    assert "rules:" not in path.read_text(encoding="utf-8")
    first = _line_of(path, "schema_version:")
    expected = f"{path}:{first}: rules: error: the required field 'rules' is missing: add it"
    result = run(["validate", str(path)])
    assert result.exit_code == 5
    assert result.stdout.splitlines()[0] == expected
    for args in (
        ["roster", str(EXAMPLES / "roster.csv"), "--competencies", str(path), "--format", "csv"],
        ["promote", "--from", "2.3", "--competencies", str(path)],
    ):
        result = run(args)
        assert result.exit_code == 5, result.output
        assert result.stderr.splitlines()[0] == expected


def test_a_huge_conversion_rate_is_refused_before_pay(tmp_path: Path) -> None:
    text = (DATA / "grid.yaml").read_text(encoding="utf-8")
    path = tmp_path / "grid.yaml"
    path.write_text(
        text.replace('rate: "1.95583"', 'rate: "1' + "0" * 40 + '"', 1), encoding="utf-8"
    )
    line = _line_of(path, 'rate: "1000')
    for args in (
        ["validate", str(path)],
        ["pay", "2", "3", "--currency", "EUR", "--grid", str(path)],
    ):
        result = run(args)
        assert result.exit_code == 5
        out = result.stdout if args[0] == "validate" else result.stderr
        assert out.startswith(f"{path}:{line}: conversions[0].rate: error: '1000"), out


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ('default_percent: "0.4"', 'default_percent: "2"', "default_percent"),
        ('min_percent: "0.4"', 'min_percent: "5"', "min_percent"),
    ],
)
def test_a_work_accident_default_outside_its_range(
    old: str, new: str, field: str, tmp_path: Path
) -> None:
    text = (DATA / "payroll.yaml").read_text(encoding="utf-8")
    path = tmp_path / "payroll.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    line = _line_of(path, new)
    for args in (
        ["validate", str(path)],
        ["payroll", "net", "3000", "--month", "2026-09", "--payroll", str(path)],
    ):
        result = run(args)
        assert result.exit_code == 5, result.output  # was exit 2 blaming an option not given
        out = result.stdout if args[0] == "validate" else result.stderr
        assert out.startswith(f"{path}:{line}: work_accident.{field}: error: "), out


GRID_DOCUMENT = document(DATA / "grid.yaml")


@pytest.mark.slow
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(key=st.text(alphabet="0123456789-+.x e", min_size=1, max_size=8))
@example(key="1")
@example(key="01")
def test_level_keys_the_schema_and_the_loader_agree_on(key: str, tmp_path: Path) -> None:
    data = copy.deepcopy(GRID_DOCUMENT)
    levels = data["frameworks"][0]["versions"][0]["levels"]
    if key.strip() in levels and key != "1":
        return  # a duplicate key is another test's matter
    levels[key] = levels.pop("1")
    path = tmp_path / "grid.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = run(["validate", str(path)])
    assert result.exit_code in (0, 5)
    loader_refuses_key = "is not a level or step number" in result.stdout
    schema_refuses_key = any(
        error.validator == "propertyNames" or "propertyNames" in error.schema_path
        for error in schema_of("grid").iter_errors(data)
    )
    assert loader_refuses_key == schema_refuses_key, result.stdout
    assert (result.exit_code == 0) == (key == "1")


def test_a_terminal_escape_in_a_title_never_reaches_the_terminal(tmp_path: Path) -> None:
    text = (DATA / "grid.yaml").read_text(encoding="utf-8")
    path = tmp_path / "grid.yaml"
    path.write_text(
        text.replace("    title: Sales Management", '    title: "Sales \\e[2JManagement"', 1),
        encoding="utf-8",
    )
    line = _line_of(path, "\\e[2J")
    for args in (["validate", str(path)], ["frameworks", "--grid", str(path), "--format", "plain"]):
        result = run(args)
        assert result.exit_code == 5, result.output  # was exit 0, printing the escape
        out = result.stdout if args[0] == "validate" else result.stderr
        assert out.startswith(
            f"{path}:{line}: frameworks[0].title: error: control character '\\x1b' in the text"
        ), out
        assert "\x1b" not in result.output


ASSESSMENT_VALUES = st.one_of(
    st.tuples(st.just("review_date: 2026-10-15"), st.dates().map(lambda d: f"review_date: {d}")),
    st.tuples(
        st.just("in_position_since: 2025-06-01"),
        st.dates().map(lambda d: f"in_position_since: {d}"),
    ),
    st.tuples(
        st.just("failed_kpocs_in_a_row: 0"),
        st.integers(min_value=-(10**30), max_value=10**30).map(
            lambda n: f"failed_kpocs_in_a_row: {n}"
        ),
    ),
    st.tuples(
        st.just('position: "2.2"'),
        st.from_regex(r"[0-9]{1,8}\.[0-9]{1,8}", fullmatch=True).map(lambda p: f'position: "{p}"'),
    ),
)


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(change=ASSESSMENT_VALUES)
@example(change=("review_date: 2026-10-15", "review_date: 9999-12-31"))
@example(change=('position: "2.2"', 'position: "1.1234567"'))
def test_what_validate_accepts_promote_handles(change: tuple[str, str], tmp_path: Path) -> None:
    path = _assessment(tmp_path, *change)
    checked = run(["validate", str(path)])
    used = run(["promote", "--assessment", str(path), "--format", "json"])
    assert checked.exit_code in (0, 5), checked.output
    assert used.exit_code in (0, 5), used.output
    assert (checked.exit_code == 0) == (used.exit_code == 0), (checked.output, used.output)


@pytest.mark.slow
@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    field=st.sampled_from(["months: ", "at_least: ", "from_level: "]),
    number=st.integers(min_value=-(10**20), max_value=10**20) | st.integers(-3, 2000),
)
@example(field="months: ", number=99999999)
def test_what_validate_accepts_in_rules_promote_and_roster_handle(
    field: str, number: int, tmp_path: Path
) -> None:
    text = (DATA / "competencies.yaml").read_text(encoding="utf-8")
    old = next(line for line in text.splitlines() if line.strip().startswith(field))
    path = _competencies(tmp_path, old, old.split(field)[0] + field + str(number))
    checked = run(["validate", str(path)])
    assert checked.exit_code in (0, 5), checked.output
    for args in (
        ["promote", "--assessment", str(EXAMPLES / "assessment.yaml"), "--format", "json"],
        ["roster", str(EXAMPLES / "roster.csv"), "--format", "csv"],
    ):
        used = run([*args, "--competencies", str(path)])
        assert used.exit_code in (0, 4, 5), used.output
        assert (checked.exit_code == 0) == (used.exit_code != 5), (checked.output, used.output)


MUTATION_TARGETS = {
    "grid": (
        DATA / "grid.yaml",
        [["pay", "2", "3", "--currency", "EUR", "--grid", "FILE"], ["grid", "--grid", "FILE"],
         ["frameworks", "--grid", "FILE", "--format", "json"]],
    ),
    "payroll": (
        DATA / "payroll.yaml",
        [["payroll", "net", "3000", "--month", "2026-09", "--payroll", "FILE"],
         ["payroll", "gross", "2000", "--month", "2025-05", "--payroll", "FILE"]],
    ),
    "assessment": (
        EXAMPLES / "assessment.yaml",
        [["promote", "--assessment", "FILE", "--format", "json"]],
    ),
}  # fmt: skip


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    kind=st.sampled_from(sorted(MUTATION_TARGETS)),
    where=st.floats(min_value=0, max_value=1),
    cut=st.integers(min_value=0, max_value=3),
    insert=st.sampled_from(["", "9", "0", "-", ".", "x", "'", '"', "[", "{", ":", " ", "\n", "99999999", "9999-"]),
)  # fmt: skip
def test_what_validate_accepts_after_a_typo_every_command_handles(
    kind: str, where: float, cut: int, insert: str, tmp_path: Path
) -> None:
    source, commands = MUTATION_TARGETS[kind]
    text = source.read_text(encoding="utf-8")
    at = int(where * len(text))
    path = tmp_path / f"{kind}.yaml"
    path.write_text(text[:at] + insert + text[at + cut :], encoding="utf-8")
    checked = run(["validate", "--kind", kind, str(path)])
    assert checked.exit_code in (0, 5), checked.output
    for command in commands:
        used = run([str(path) if a == "FILE" else a for a in command])
        assert used.exit_code in (0, 1, 3, 5), used.output
        if checked.exit_code == 5:
            assert used.exit_code == 5, (checked.output, used.output)
        else:
            assert used.exit_code != 5, used.output


def test_as_of_matters_to_assessments_only() -> None:
    packaged = run(["validate"], env={"SALESGRID_AS_OF": "not a day"})
    assert packaged.exit_code == 0, packaged.stderr
    grid = run(
        ["validate", "--kind", "grid", str(DATA / "grid.yaml")], env={"SALESGRID_AS_OF": "x"}
    )
    assert grid.exit_code == 0
    review = str(EXAMPLES / "assessment.yaml")
    assert run(["validate", review], env={"SALESGRID_AS_OF": "x"}).exit_code == 2
    early = run(["validate", "--as-of", "2021-01-01", review])  # no grid in force yet
    assert early.exit_code == 5
    assert "has no grid in force on 2021-01-01" in early.stdout


@pytest.mark.parametrize(("kind", "path"), SHIPPED, ids=[k for k, _ in SHIPPED])
def test_files_saved_on_windows_still_load(kind: str, path: Path, tmp_path: Path) -> None:
    crlf = tmp_path / path.name
    crlf.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))  # BOM + CRLF
    result = run(["validate", "--kind", kind, str(crlf)])
    assert result.exit_code == 0, result.stdout
