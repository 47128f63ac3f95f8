"""Bad data files: each one exits 5 with FILE:LINE: field: message, and no traceback."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from salesgrid.errors import DataFileError
from salesgrid.files.loader import load_grid
from salesgrid.files.validate import validate_file

from .conftest import COMPETENCIES_TEXT, GRID_TEXT, run

WriteFile = Callable[..., Path]

SALES_L1 = "1: [1812, 2112, 2912, 3812]"


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line of the n-th line containing ``needle``."""
    hits = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    return hits[occurrence - 1]


def replace_once(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


BAD_GRIDS: list[tuple[str, str, str, str]] = [
    # (case, edited text, needle on the reported line, expected message fragment)
    (
        "float amount as the handbook prints it",
        replace_once(GRID_TEXT, SALES_L1, "1: [1.812, 2112, 2912, 3812]"),
        "1: [1.812",
        "frameworks[0].versions[0].levels.1[0]: error: 1.812 is read by YAML as a fraction, "
        "but the handbook prints '.' as the thousands separator: this likely means 1,812 (1812); "
        "write 1812",
    ),
    (
        "float amount that lost its zeros",
        replace_once(GRID_TEXT, "1: [2500, 2800, 3600, 4500]", "1: [2.5, 2800, 3600, 4500]"),
        "1: [2.5,",
        "is a YAML float: write a whole number, or quote a decimal amount with at most 2 "
        'decimals ("2.5")',
    ),
    (
        "duplicate key",
        replace_once(GRID_TEXT, SALES_L1, SALES_L1 + "\n          1: [1, 2, 3, 4]"),
        "1: [1, 2, 3, 4]",
        "levels.1: error: duplicate key '1': it is already on line",
    ),
    (
        "missing cell",
        replace_once(GRID_TEXT, SALES_L1, "1: [1812, 2112, 2912]"),
        "1: [1812, 2112, 2912]",
        "levels.1: error: missing cell 1.4: level 1 has 3 steps but level 2 has 4",
    ),
    (
        "steps that do not rise",
        replace_once(GRID_TEXT, SALES_L1, "1: [1812, 2112, 2112, 3812]"),
        "1: [1812, 2112, 2112, 3812]",
        "levels.1[2]: error: 1.3 pays 2,112, not more than 1.2 (2,112): pay must rise with every "
        "step",
    ),
    (
        "unknown field",
        replace_once(GRID_TEXT, "    title: Sales Management", "    titel: Sales Management"),
        "titel: Sales Management",
        "frameworks[0].titel: error: unknown field 'titel': did you mean 'title'?",
    ),
    (
        "wrong type",
        replace_once(GRID_TEXT, "realms: [business-development]", "realms: business-development"),
        "realms: business-development",
        "frameworks[0].realms: error: Input should be a valid list",
    ),
    (
        "python tag",
        replace_once(
            GRID_TEXT, "title: Sales Management", "title: !!python/object/apply:os.system [ls]"
        ),
        "!!python/object/apply",
        "frameworks[0].title: error: the tag !!python/object/apply:os.system is not allowed",
    ),
    (
        "level gap",
        replace_once(GRID_TEXT, "2: [3000, 3300, 4100, 5000]", "3: [3000, 3300, 4100, 5000]"),
        "3: [3000, 3300, 4100, 5000]",
        "levels.3: error: levels must be numbered 1 to 2 without gaps: level 3 is out of place "
        "(missing level 2)",
    ),
    (
        "unknown realm",
        replace_once(
            GRID_TEXT, "realms: [hr, project-management]", "realms: [hrr, project-management]"
        ),
        "realms: [hrr",
        "frameworks[1].realms[0]: error: unknown realm 'hrr': did you mean 'hr'?",
    ),
    (
        "unknown default framework",
        replace_once(GRID_TEXT, "default_framework: sales-management", "default_framework: sales"),
        "default_framework: sales",
        "default_framework: error: 'sales' is not a framework in this file",
    ),
    (
        "amount with a thousands separator in quotes",
        replace_once(GRID_TEXT, SALES_L1, '1: ["1.812", 2112, 2912, 3812]'),
        '1: ["1.812"',
        "looks like the handbook's thousands notation: write 1812",
    ),
    (
        "unquoted rate",
        replace_once(GRID_TEXT, 'rate: "1.95583"', "rate: 1.95583"),
        "rate: 1.95583",
        'conversions[0].rate: error: quote the rate ("1.95583")',
    ),
]


@pytest.mark.parametrize(
    ("text", "needle", "fragment"),
    [case[1:] for case in BAD_GRIDS],
    ids=[case[0] for case in BAD_GRIDS],
)
def test_bad_grid_exits_5_with_file_and_line(
    write_file: WriteFile, text: str, needle: str, fragment: str
) -> None:
    path = write_file(text)
    line = line_of(text, needle)
    for args in (["validate", str(path)], ["pay", "2", "3", "--grid", str(path)]):
        result = run(args)
        assert result.exit_code == 5, (args, result.stdout, result.stderr)
        output = result.stdout + result.stderr
        assert "Traceback" not in output
        assert f"{path}:{line}: " in output, output
        assert fragment in output, output
    # pay prints nothing on stdout when the data is bad
    assert run(["pay", "2", "3", "--grid", str(path)]).stdout == ""


@pytest.mark.parametrize(
    ("text", "fragment", "line"),
    [
        ("", "error: the file is empty", 1),
        ("   \n# only a comment\n", "error: the file is empty", 1),
        ("frameworks: [a, b\nnext: 1\n", "error: not valid YAML", 2),
        ("a: b: c\n", "error: not valid YAML", 1),
        ("- 1\n- 2\n", "cannot tell what this file is", 1),
        ("a: 1\n---\nb: 2\n", "expected a single document", 2),
    ],
    ids=["empty", "comment only", "unclosed list", "not a mapping", "a list", "two documents"],
)
def test_unreadable_files(write_file: WriteFile, text: str, fragment: str, line: int) -> None:
    path = write_file(text)
    result = run(["validate", str(path)])
    assert result.exit_code == 5
    assert f"{path}:{line}: " in result.stdout
    assert fragment in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "grid.yaml"
    path.write_bytes(b"schema_version: 1\ntitle: \xff\xfe\n")
    result = run(["pay", "2", "3", "--grid", str(path)])
    assert result.exit_code == 5
    assert f"{path}:2: error: the file is not UTF-8 text" in result.stderr


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    result = run(["pay", "2", "3", "--grid", str(path)])
    assert result.exit_code == 5
    assert result.stderr == f"{path}: error: cannot read the file: No such file or directory\n"


def test_every_problem_is_reported_not_just_the_first(write_file: WriteFile) -> None:
    text = replace_once(GRID_TEXT, SALES_L1, "1: [1.812, 2112, 2912, 3.812]")
    text = replace_once(text, "    title: Sales Management", "    titel: Sales Management")
    result = run(["validate", str(write_file(text))])
    errors = [line for line in result.stdout.splitlines() if ": error: " in line]
    assert len(errors) == 4  # two floats, the unknown field, the then-missing title
    # sorted by line
    lines = [int(re.match(r".*?:(\d+): ", e).group(1)) for e in errors]  # type: ignore[union-attr]
    assert lines == sorted(lines)


def test_validate_ok_line_and_warnings() -> None:
    result = run(["validate"])
    assert result.exit_code == 0
    out = result.stdout.splitlines()
    assert len(out) == 3
    assert all(": warning: " in line for line in out[:2])
    assert out[2].startswith("ok: ") and out[2].endswith("0 errors, 2 warnings")


def test_validate_json_lists_problems(write_file: WriteFile) -> None:
    import json

    path = write_file(replace_once(GRID_TEXT, SALES_L1, "1: [1812, 2112, 2912]"))
    result = run(["validate", str(path), "--format", "json"])
    assert result.exit_code == 5
    problems = json.loads(result.stdout)
    assert {p["severity"] for p in problems} == {"error", "warning"}
    assert set(problems[0]) == {"file", "line", "path", "severity", "message"}
    assert result.stderr.startswith("invalid: ")


def test_validate_many_files_and_kind(write_file: WriteFile) -> None:
    grid = write_file(GRID_TEXT, "a.yaml")
    competencies = write_file(COMPETENCIES_TEXT, "b.yaml")
    result = run(["validate", str(grid), str(competencies)])
    assert result.exit_code == 0, result.stdout
    wrong = run(["validate", "--kind", "competencies", str(grid)])
    assert wrong.exit_code == 5
    assert "this is a grid file, not a competencies file" in wrong.stdout


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        (
            "name: Coaches",
            "nam: Coaches",
            "levels[1].nam: error: unknown field 'nam': did you mean 'name'?",
        ),
        ("  - number: 3", "  - number: 5", "levels: error: levels must be numbered 1, 2, 3..."),
        (
            "differentiator: business",
            "differentiator: sales",
            "levels[1].differentiator: error: Input should be",
        ),
        ("number: 2", 'number: "2"', "levels[1].number: error: Input should be a valid integer"),
    ],
)
def test_bad_competencies(write_file: WriteFile, old: str, new: str, fragment: str) -> None:
    path = write_file(replace_once(COMPETENCIES_TEXT, old, new), "competencies.yaml")
    result = run(["validate", str(path)])
    assert result.exit_code == 5
    assert fragment in result.stdout, result.stdout
    assert f"{path}:" in result.stdout


# --------------------------------------------------------------------------- shapes and versions

SIX_BY_SIX = """
schema_version: 1
default_framework: ic
conversions: []
realms: {software-engineering: Software Engineering}
frameworks:
  - id: ic
    title: Individual Contributor
    path: individual_contributor
    realms: [software-engineering]
    currency: BGN
    basis: monthly_net
    source: https://example.org/ic
    versions:
      - in_force_from: 2024-01-01
        date_source: test
        levels:
          1: [1000, 1150, 1300, 1450, 1600, 1750]
          2: [2000, 2150, 2300, 2450, 2600, 2750]
          3: [3000, 3150, 3300, 3450, 3600, 3750]
          4: [4000, 4150, 4300, 4450, 4600, 4750]
          5: [5000, 5150, 5300, 5450, 5600, 5750]
          6: [6000, 6150, 6300, 6450, 6600, 6750]
"""


def test_nothing_assumes_four_by_four(write_file: WriteFile) -> None:
    path = write_file(SIX_BY_SIX)
    assert run(["pay", "6.6", "--grid", str(path)]).stdout == "6750\n"
    assert run(["pay", "6", "7", "--grid", str(path)]).stderr == (
        "salesgrid: error: position 6.7 is not in Individual Contributor: level 6 has steps 1-6\n"
    )
    assert run(["pay", "7.1", "--grid", str(path)]).exit_code == 3
    csv_rows = run(["grid", "--grid", str(path)]).stdout.splitlines()
    assert csv_rows[0] == "framework,position,level,step,BGN"  # no conversions: no EUR column
    assert len(csv_rows) == 37


TWO_VERSIONS = replace_once(
    GRID_TEXT,
    """        levels:
          1: [1812, 2112, 2912, 3812]
          2: [4345, 4645, 5445, 6345]
          3: [7533, 7833, 8633, 9533]
          4: [11583, 11883, 12683, 13583]
""",
    """        levels:
          1: [1812, 2112, 2912, 3812]
          2: [4345, 4645, 5445, 6345]
          3: [7533, 7833, 8633, 9533]
          4: [11583, 11883, 12683, 13583]
      - in_force_from: 2027-01-01
        date_source: a future grid, for the test
        levels:
          1: [1900, 2200, 3000, 3900]
          2: [4400, 4700, 5500, 6400]
          3: [7600, 7900, 8700, 9600]
          4: [11600, 11900, 12700, 13600]
""",
)


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [("2021-11-01", "5445\n"), ("2026-12-31", "5445\n"), ("2027-01-01", "5500\n"),
     ("2030-06-30", "5500\n")],
)  # fmt: skip
def test_as_of_picks_the_version_in_force(write_file: WriteFile, as_of: str, expected: str) -> None:
    path = write_file(TWO_VERSIONS)
    assert run(["pay", "2.3", "--grid", str(path), "--as-of", as_of]).stdout == expected


def test_a_day_before_the_first_version(write_file: WriteFile) -> None:
    path = write_file(TWO_VERSIONS)
    result = run(["pay", "2.3", "--grid", str(path), "--as-of", "2021-10-31"])
    assert result.exit_code == 3
    assert result.stderr == (
        "salesgrid: error: Sales Management has no grid in force on 2021-10-31: its first grid "
        "is in force from 2021-11-01; give --as-of 2021-11-01 or later\n"
    )


def test_versions_out_of_order(write_file: WriteFile) -> None:
    text = replace_once(TWO_VERSIONS, "in_force_from: 2027-01-01", "in_force_from: 2020-01-01")
    path = write_file(text)
    result = run(["validate", str(path)])
    assert result.exit_code == 5
    assert f"{path}:{line_of(text, '2020-01-01')}: " in result.stdout
    assert "versions must be listed oldest first" in result.stdout


def test_loader_api_raises_data_file_error(write_file: WriteFile) -> None:
    path = write_file("")
    with pytest.raises(DataFileError) as caught:
        load_grid(path)
    assert caught.value.exit_code == 5
    assert validate_file(path)[0].line == 1


@pytest.mark.parametrize(
    ("new", "fragment"),
    [
        ("1: []", "levels.1: error: List should have at least 1 item"),
        ("1: [null, 2112, 2912, 3812]", "levels.1[0]: error: the amount is missing"),
        ("1: [-1812, 2112, 2912, 3812]", "levels.1[0]: error: must be more than 0"),
        ("1: [true, 2112, 2912, 3812]", "true/false is not an amount"),
        ("1: [1e3, 2112, 2912, 3812]", "'1e3' is not an amount"),
    ],
)
def test_odd_amounts_an_hr_person_might_type(
    write_file: WriteFile, new: str, fragment: str
) -> None:
    text = replace_once(GRID_TEXT, SALES_L1, new)
    path = write_file(text)
    result = run(["pay", "1", "1", "--grid", str(path)])
    assert result.exit_code == 5, result.stderr
    assert f"{path}:{line_of(text, new)}: " in result.stderr
    assert fragment in result.stderr, result.stderr


def test_a_tab_in_the_indentation_is_named(write_file: WriteFile) -> None:
    text = replace_once(GRID_TEXT, "  - id: sales-management", "\t- id: sales-management")
    result = run(["validate", str(write_file(text))])
    assert result.exit_code == 5
    assert "the line has a tab: YAML indents with spaces only" in result.stdout


def test_bom_and_crlf_are_fine(tmp_path: Path) -> None:
    path = tmp_path / "grid.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + GRID_TEXT.replace("\n", "\r\n").encode())
    assert run(["pay", "2", "3", "--grid", str(path)]).stdout == "5445\n"


# --------------------------------------------------------------------------- found in review


@pytest.mark.parametrize(
    ("new", "fragment"),
    [
        (
            "1: [0100, 2112, 2912, 3812]",
            "0100 is not a plain decimal number: YAML would read it as 64",
        ),
        (
            "1: [0x10, 2112, 2912, 3812]",
            "0x10 is not a plain decimal number: YAML would read it as 16",
        ),
        (
            "1: [30:12, 2112, 2912, 3812]",
            "30:12 is not a plain decimal number: YAML would read it as 1812",
        ),
        ("1: [0b11, 2112, 2912, 3812]", "YAML would read it as 3"),
        (
            "1: [2021-02-30, 2112, 2912, 3812]",
            "2021-02-30 is not a valid value: day is out of range",
        ),
    ],
)
def test_numbers_yaml_would_misread_are_refused(
    write_file: WriteFile, new: str, fragment: str
) -> None:
    text = replace_once(GRID_TEXT, SALES_L1, new)
    result = run(["pay", "1", "1", "--grid", str(write_file(text))])
    assert result.exit_code == 5, result.stdout
    assert f":{line_of(text, new)}: " in result.stderr and fragment in result.stderr


def test_an_impossible_date_is_a_data_error(write_file: WriteFile) -> None:
    text = replace_once(GRID_TEXT, "- in_force_from: 2021-11-01", "- in_force_from: 2021-11-31")
    result = run(["validate", str(write_file(text))])
    assert result.exit_code == 5
    assert (
        f":{line_of(text, '2021-11-31')}: frameworks[0].versions[0].in_force_from: "
        in result.stdout
    )


def test_a_huge_level_key_is_cheap_and_named(write_file: WriteFile) -> None:
    text = replace_once(GRID_TEXT, SALES_L1, "10000000: [1812, 2112, 2912, 3812]")
    result = run(["validate", str(write_file(text))])
    assert result.exit_code == 5
    assert "levels.10000000: error: Input should be less than or equal to 999999" in result.stdout
    assert len(result.stdout) < 5000


def test_control_characters_and_alias_bombs(write_file: WriteFile) -> None:
    result = run(["validate", str(write_file('a: "\x07"\n'))])
    assert result.exit_code == 5
    assert ":1: error: not valid YAML: unacceptable character #x0007" in result.stdout
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        for p, c in zip("abcdefg", "bcdefgh", strict=True)
    )
    result = run(["validate", str(write_file(bomb))])
    assert result.exit_code == 5
    assert "more than 200,000 values once aliases are expanded" in result.stdout
