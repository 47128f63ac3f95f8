"""`salesgrid grid --export` and `level_names`.

Done when `grid --export` round-trips: the exported file validates with no new warning, loads
as a grid equal to the one exported, and gives the same `grid --format csv` for every framework
on every day one of its versions comes into force: for the packaged grid, the example company
grid and generated grids whose texts are everything YAML could misread.
"""

from __future__ import annotations

import itertools
import json
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import salesgrid
from salesgrid.core.models import GridFile
from salesgrid.files import loader
from salesgrid.files.export import export_grid
from salesgrid.files.validate import validate_file

from .conftest import DATA, GRID_TEXT, REPO, run

COMPANY = REPO / "examples" / "company-grid.yaml"
_COUNTER = itertools.count()


def _write(directory: Path, text: str) -> Path:
    """A fresh file per call: the loader caches by path, size and time."""
    path = directory / f"grid-{next(_COUNTER)}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _findings(path: Path) -> list[tuple[str, str, str]]:
    """Every warning of a grid file, without the file and line."""
    return [(p.path, p.message, p.severity) for p in validate_file(path, "grid")]


def _csv_runs(grid: GridFile, path: Path) -> list[str]:
    """`grid --format csv` for every framework on every day a version comes into force."""
    found = []
    for fw in grid.frameworks:
        for version in fw.versions:
            day = version.in_force_from.isoformat()
            result = run(["grid", "--grid", str(path), "--format", "csv", "--framework", fw.id,
                          "--as-of", day])  # fmt: skip
            assert result.exit_code == 0, result.stderr
            found.append(result.stdout)
    return found


def _round_trip(original: Path, exported_text: str, directory: Path) -> None:
    exported = _write(directory, exported_text)
    grid = loader.load_grid(original)
    assert loader.load_grid(exported) == grid
    assert _findings(exported) == _findings(original)
    assert all(severity == "warning" for _, _, severity in _findings(exported))
    assert _csv_runs(grid, exported) == _csv_runs(grid, original)


# --------------------------------------------------------------------------- the round trip


@pytest.mark.parametrize("given_grid", [None, COMPANY], ids=["packaged", "company"])
def test_export_round_trips_through_validate_load_and_csv(
    given_grid: Path | None, tmp_path: Path
) -> None:
    args = ["grid", "--export"] + ([] if given_grid is None else ["--grid", str(given_grid)])
    result = run(args)
    assert (result.exit_code, result.stderr) == (0, "")
    exported = _write(tmp_path, result.stdout)
    checked = run(["validate", str(exported)])
    assert checked.exit_code == 0, checked.stdout
    _round_trip(given_grid or DATA / "grid.yaml", result.stdout, tmp_path)


def test_the_packaged_export_keeps_its_two_warnings(tmp_path: Path) -> None:
    """The handbook's two grids whose Level Up lowers pay stay warned about, no more."""
    exported = _write(tmp_path, run(["grid", "--export"]).stdout)
    result = run(["validate", str(exported)])
    assert result.stdout.endswith(f"ok: {exported}: 0 errors, 2 warnings\n")


def test_the_company_export_is_written_field_by_field() -> None:
    """Integers stay integers, decimals and rates are quoted text, days bare, texts quoted."""
    text = run(["grid", "--export", "--grid", str(COMPANY)]).stdout
    lines = text.splitlines()
    assert lines[0] == (
        f"# salesgrid pay grids, exported by salesgrid {salesgrid.__version__} from {COMPANY}."
    )
    body = text[text.index("schema_version") :]
    assert body == (
        "schema_version: 1\n"
        "default_framework: field-sales\n"
        "\n"
        "# How an amount in one currency is shown in another: the rate and the rounding are "
        "data.\n"
        "conversions:\n"
        "  - from: BGN\n"
        "    to: EUR\n"
        "    operation: divide\n"
        '    rate: "1.95583"\n'
        "    rounding: up\n"
        "    decimals: 2\n"
        '    rule: "the pay rule, rounded up to the cent"\n'
        '    source: "Council decision of 2025-07-08; Bulgarian Euro Act art. 45(1)"\n'
        "\n"
        "# Realms a framework's progression requires (its `realms` lists their ids).\n"
        "realms:\n"
        '  business-development: "Business Development"\n'
        "\n"
        "frameworks:\n"
        f"  # from {COMPANY}\n"
        "  - id: field-sales\n"
        '    title: "Field Sales"\n'
        "    path: individual_contributor\n"
        "    realms: [business-development]\n"
        "    currency: BGN\n"
        "    basis: monthly_net\n"
        "    source: https://intranet.example.com/hr/field-sales-grid\n"
        "    versions:\n"
        "      - in_force_from: 2026-01-01\n"
        '        date_source: "the board decision of 2025-12-15"\n'
        "        levels:\n"
        "          1: [2400, 2600, 2900]\n"
        "          2: [3200, 3500, 3900]\n"
        '          3: [4300, 4700, "5150.50"]\n'
    )


def test_the_header_says_how_to_edit_and_check_the_file() -> None:
    text = run(["grid", "--export"]).stdout
    header = text[: text.index("schema_version")]
    assert header.startswith(
        f"# salesgrid pay grids, exported by salesgrid {salesgrid.__version__} from "
        "(packaged) grid.yaml.\n"
    )
    assert "`salesgrid validate FILE`" in header
    assert "`--grid FILE`" in header
    assert "level_names" in header
    assert all(line.startswith("#") for line in header.strip().splitlines())
    assert text.count("  # from (packaged) grid.yaml\n") == 11  # one per framework


def test_long_texts_are_folded_and_read_back_whole() -> None:
    text = run(["grid", "--export"]).stdout
    assert "    bonus: >-\n      The compensation for the role includes a performance-based" in text
    assert max(len(line) for line in text.splitlines() if not line.lstrip().startswith(
        ("source: http", "- id:"))) <= 100  # fmt: skip


def test_decimal_amounts_keep_their_digits(tmp_path: Path) -> None:
    """Amounts "1812.50" and "1812.5" are the same, but the file keeps what was written; an
    amount written "2000.00" stays that text and is never turned into 2000."""
    edited = GRID_TEXT.replace("1: [1812, 2112, 2912, 3812]", '1: ["1812.50", "2112.5", '
                               '"2912.00", 3812]', 1)  # fmt: skip
    path = _write(tmp_path, edited)
    text = run(["grid", "--export", "--grid", str(path)]).stdout
    assert '          1: ["1812.50", "2112.5", "2912.00", 3812]\n' in text
    _round_trip(path, text, tmp_path)


def test_the_file_each_framework_came_from_is_named() -> None:
    grid = loader.load_grid(COMPANY)
    text = export_grid(grid, {"field-sales": "layer\n#2.yaml"}, "9.9")
    assert text.startswith("# salesgrid pay grids, exported by salesgrid 9.9 from layer\\n#2.yaml.")
    assert "  # from layer\\n#2.yaml\n  - id: field-sales\n" in text
    bare = export_grid(grid)
    assert bare.startswith("# salesgrid pay grids, exported.\n")
    assert "# from" not in bare


def test_a_file_name_with_a_new_line_stays_in_its_comment(tmp_path: Path) -> None:
    path = tmp_path / "odd\nname #1.yaml"
    path.write_text(COMPANY.read_text(encoding="utf-8"), encoding="utf-8")
    result = run(["grid", "--export", "--grid", str(path)])
    assert result.exit_code == 0
    assert "odd\\nname #1.yaml" in result.stdout.splitlines()[0]
    assert loader.load_grid(_write(tmp_path, result.stdout)) == loader.load_grid(COMPANY)


def test_the_api_exports_what_the_cli_writes() -> None:
    assert salesgrid.export_grid() == run(["grid", "--export"]).stdout
    assert salesgrid.export_grid(str(COMPANY)) == run(["grid", "--export", "--grid",
                                                       str(COMPANY)]).stdout  # fmt: skip
    grid = salesgrid.load_grid(COMPANY)
    assert "# from" not in salesgrid.export_grid(grid)  # a grid object has no file name


# --------------------------------------------------------------------------- the CLI


@pytest.mark.parametrize(
    ("extra", "flag"),
    [
        (["--format", "yaml"], "--format"),
        (["--format", "csv"], "--format"),
        (["--framework", "sales-management"], "--framework"),
        (["--as-of", "2026-01-01"], "--as-of"),
        (["--currency", "EUR"], "--currency"),
        (["--highlight", "2.3"], "--highlight"),
        (["--chart"], "--chart"),
        (["--employer-cost"], "--employer-cost"),
        (["--competencies", "x.yaml"], "--competencies"),
        (["--month", "2026-09"], "--month"),
    ],
)
def test_export_refuses_every_option_but_grid(extra: list[str], flag: str) -> None:
    result = run(["grid", "--export", *extra])
    assert result.exit_code == 2
    assert result.stdout == ""
    if flag == "--format" and extra[1] == "yaml":
        assert "not a format" in result.stderr  # refused as every unknown format is
        return
    assert result.stderr == (
        f"salesgrid: error: {flag} does not apply to --export, which writes the whole grid "
        "file (every framework, every version) as YAML: drop one or the other\n"
    )


def test_variables_do_not_stop_an_export() -> None:
    """SALESGRID_FORMAT and the others are shared by every command: left alone."""
    result = run(["grid", "--export"], env={"SALESGRID_FORMAT": "json",
                 "SALESGRID_FRAMEWORK": "no-such", "SALESGRID_CURRENCY": "EUR"})  # fmt: skip
    assert result.exit_code == 0
    assert result.stdout == run(["grid", "--export"]).stdout


def test_export_of_a_broken_grid_is_a_data_error(write_file) -> None:  # type: ignore[no-untyped-def]
    broken = write_file(GRID_TEXT.replace("1: [1812, 2112", "1: [1812, 1812", 1))
    result = run(["grid", "--export", "--grid", str(broken)])
    assert result.exit_code == 5
    assert result.stdout == ""
    assert f"{broken}:" in result.stderr


# --------------------------------------------------------------------------- level_names


def _named(names: str) -> str:
    """The packaged grid with level names for Sales Management."""
    return GRID_TEXT.replace(
        "    bonus: >-\n      The compensation",
        f"    level_names:\n{names}    bonus: >-\n      The compensation",
        1,
    )


def test_level_names_are_read_exported_and_shown(write_file, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_file(_named('      2: "Area Manager"\n      4: Head of Sales\n'))
    grid = loader.load_grid(path)
    assert grid.frameworks[0].level_names == {2: "Area Manager", 4: "Head of Sales"}
    text = run(["grid", "--export", "--grid", str(path)]).stdout
    assert '    level_names:\n      2: "Area Manager"\n      4: "Head of Sales"\n' in text
    _round_trip(path, text, tmp_path)
    table = run(["grid", "--grid", str(path), "--format", "table"]).stdout
    assert "Level 1 · Pace setters" in table  # the competency file's name where none is given
    assert "Level 2 · Area Manager" in table  # the grid file's name wins
    assert "Coaches" not in table
    assert "Level 4 · Head of Sales" in table
    shown = run(["pay", "2", "3", "--grid", str(path), "--format", "table"]).stdout
    assert "Level 2 · Area Manager" in shown
    moves = run(["promote", "--from", "2.3", "--grid", str(path), "--format", "table"]).stdout
    assert "from Level 2 · Area Manager Step 3" in moves


def test_level_names_for_a_framework_off_the_management_path(write_file) -> None:  # type: ignore[no-untyped-def]
    text = COMPANY.read_text(encoding="utf-8").replace(
        "    versions:", "    level_names: {1: Junior, 3: Senior}\n    versions:"
    )
    path = write_file(text)
    table = run(["grid", "--grid", str(path), "--format", "table"]).stdout
    assert "Level 1 · Junior" in table and "Level 3 · Senior" in table
    assert "Level 2 " in table and "Level 2 ·" not in table


def test_a_name_for_a_level_no_version_has_is_an_error(write_file) -> None:  # type: ignore[no-untyped-def]
    path = write_file(_named("      2: Area Manager\n      5: Regional Director\n"))
    result = run(["validate", str(path)])
    assert result.exit_code == 5
    line = GRID_TEXT[: GRID_TEXT.index("    bonus: >-")].count("\n") + 3
    assert result.stdout.splitlines()[0] == (
        f"{path}:{line}: frameworks[0].level_names.5: error: level_names names level 5, which "
        "no version of Sales Management has (levels 1-4): remove the name, or add the level "
        "under 'versions'"
    )


@pytest.mark.parametrize(
    ("names", "message"),
    [
        ("      0: Nobody\n", "0"),
        ("      two: Two\n", "'two' is not a level or step number"),
        ("      2: ''\n", "at least 1 character"),
        ("      2: [Area]\n", "valid string"),
    ],
)
def test_level_names_are_checked(write_file, names: str, message: str) -> None:  # type: ignore[no-untyped-def]
    result = run(["validate", str(write_file(_named(names)))])
    assert result.exit_code == 5
    assert "level_names" in result.stdout
    assert message in result.stdout


def test_the_schema_describes_level_names() -> None:
    document = json.loads(run(["schema", "grid"]).stdout)
    field = document["$defs"]["Framework"]["properties"]["level_names"]
    assert field["anyOf"][0]["propertyNames"] == {"pattern": "^[1-9][0-9]{0,5}$"}
    assert "wins over the competency file" in field["description"]


# --------------------------------------------------------------------------- generated grids

TRICKY = [
    "yes", "No", "null", "~", "true", "1812", "1.812", "0x1f", "2021-11-01", "- a", "a: b",
    "#x", "x #y", "'q'", '"q"', "&a", "*a", "!tag", "%x", "@x", "`x", "{a}", "[a]", "|", ">",
    "a\nb", "a\tb", "ü ё 中", "😀", "a\u2028b", "a\x85b", "a\x9fb", "a\\b", "\ufeffx",
    "a  b " * 30, "word " * 40 + "end", ("x" * 120) + " y", "- " + "a: b # 'c' \"d\" " * 12,
    "#" + " word" * 30, "? x " * 30, "ü ё 中 " * 25, "yes " * 30 + "no",
]  # fmt: skip
TRICKY_SLUGS = ["yes", "no", "on", "off", "null", "true", "123", "0x1f", "1e3", "2021-11-01",
                "0o17", "nan", "inf", "y", "n", "sales"]  # fmt: skip


def _valid_text(text: str) -> bool:
    """A text the grid format accepts as a title (what the model checks, not a copy)."""
    from pydantic import TypeAdapter, ValidationError

    from salesgrid.core.models import Text

    try:
        TypeAdapter(Text).validate_python(text)
    except ValidationError:
        return False
    return True


texts = st.one_of(
    st.sampled_from(TRICKY),
    st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=150),
).filter(_valid_text)
slugs = st.one_of(
    st.sampled_from(TRICKY_SLUGS),
    st.from_regex(r"[a-z0-9]{1,5}(-[a-z0-9]{1,3}){0,2}", fullmatch=True),
)
urls = st.from_regex(r"https?://[a-z.]{1,8}/[a-zA-Z0-9#?=&%:./~@+-]{0,20}", fullmatch=True)


@st.composite
def amounts(draw: st.DrawFn, steps: int) -> list[Any]:
    """``steps`` amounts rising strictly, each an integer or decimal text."""
    cents = draw(st.integers(1, 10**8))
    found: list[Any] = []
    for _ in range(steps):
        value = Decimal(cents) / 100
        if value == value.to_integral_value() and draw(st.booleans()):
            found.append(int(value))
        else:
            found.append(draw(st.sampled_from([f"{value:.2f}", f"{value.normalize():f}"])))
        cents += draw(st.integers(1, 10**6))
    return found


@st.composite
def versions(draw: st.DrawFn) -> list[dict[str, Any]]:
    count = draw(st.integers(1, 3))
    day = draw(st.dates(date(1990, 1, 1), date(2150, 1, 1)))
    found = []
    for _ in range(count):
        levels, steps = draw(st.integers(1, 7)), draw(st.integers(1, 6))
        found.append({
            "in_force_from": day, "date_source": draw(texts),
            "levels": {level: draw(amounts(steps)) for level in range(1, levels + 1)},
        })  # fmt: skip
        day += timedelta(days=draw(st.integers(1, 4000)))
    return found


@st.composite
def grids(draw: st.DrawFn) -> dict[str, Any]:
    realm_ids = draw(st.lists(slugs, max_size=3, unique=True))
    currencies = draw(st.sampled_from([["BGN"], ["BGN", "EUR"], ["YES", "OFF"], ["EUR", "NUL"]]))
    conversions = [
        {"from": a, "to": b, "operation": draw(st.sampled_from(["divide", "multiply"])),
         "rate": draw(st.sampled_from(["1.95583", "2", "0.5", "1.000000001"])),
         "rounding": draw(st.sampled_from(["up", "half_up", "half_even", "down"])),
         "decimals": draw(st.integers(0, 6)), "rule": draw(texts), "source": draw(texts)}
        for a, b in itertools.permutations(currencies, 2)
    ]  # fmt: skip
    frameworks = []
    for fw_id in draw(st.lists(slugs, min_size=1, max_size=3, unique=True)):
        made = draw(versions())
        top = max(len(v["levels"]) for v in made)
        fw: dict[str, Any] = {
            "id": fw_id, "title": draw(texts),
            "path": draw(st.sampled_from(["management", "individual_contributor"])),
            "realms": draw(st.lists(st.sampled_from(realm_ids), unique=True)) if realm_ids else [],
            "currency": draw(st.sampled_from(currencies)), "basis": "monthly_net",
            "source": draw(urls),
        }  # fmt: skip
        for optional in ("bonus", "note"):
            if draw(st.booleans()):
                fw[optional] = draw(texts)
        if draw(st.booleans()):
            numbers = draw(st.lists(st.integers(1, top), unique=True, max_size=top))
            fw["level_names"] = {n: draw(texts) for n in numbers}
        fw["versions"] = made
        frameworks.append(fw)
    return {
        "schema_version": 1,
        "default_framework": draw(st.sampled_from([fw["id"] for fw in frameworks])),
        "conversions": conversions,
        "realms": {realm: draw(texts) for realm in realm_ids},
        "frameworks": frameworks,
    }


def test_every_tricky_text_is_generated_as_a_valid_title() -> None:
    """The samples above are texts a grid may hold (else the property test skips them)."""
    assert all(_valid_text(text) for text in TRICKY)


@pytest.mark.slow
@settings(max_examples=60)
@given(data=grids())
def test_generated_grids_round_trip(data: dict[str, Any], tmp_path_factory: Any) -> None:
    directory = tmp_path_factory.mktemp("generated")
    original = _write(directory, yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    grid = loader.load_grid(original)
    sources = {fw.id: f"from-{fw.id}.yaml" for fw in grid.frameworks}
    text = export_grid(grid, sources, "0.0.0")
    exported = _write(directory, text)
    assert loader.load_grid(exported) == grid
    assert _findings(exported) == _findings(original)


@settings(max_examples=15)
@given(data=grids())
def test_generated_grids_give_the_same_csv(data: dict[str, Any], tmp_path_factory: Any) -> None:
    directory = tmp_path_factory.mktemp("generated")
    original = _write(directory, yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    grid = loader.load_grid(original)
    exported = _write(directory, export_grid(grid))
    assert _csv_runs(grid, exported) == _csv_runs(grid, original)


@given(title=texts)
def test_any_title_round_trips(title: str) -> None:
    grid = loader.load_grid(COMPANY)
    from pydantic import TypeAdapter

    from salesgrid.core.models import Text

    title = TypeAdapter(Text).validate_python(title)  # as a grid file holds it: stripped
    fw = grid.frameworks[0].model_copy(update={"title": title, "note": title,
                                               "level_names": {2: title}})  # fmt: skip
    changed = grid.model_copy(update={"frameworks": [fw], "realms": {"business-development":
                                                                      title}})  # fmt: skip
    read = GridFile.model_validate(yaml.safe_load(export_grid(changed)))
    assert read == changed


def test_amounts_given_from_python_are_written_as_the_file_reads_them() -> None:
    """A grid built in Python may hold Decimal("1E+3"): written 1000, never "1E+3"."""
    grid = loader.load_grid(COMPANY)
    fw = grid.frameworks[0]
    levels = {1: [Decimal("1E+3"), Decimal("1100"), Decimal("1200.5")]}
    version = fw.versions[0].model_copy(update={"levels": levels})
    changed = grid.model_copy(
        update={"frameworks": [fw.model_copy(update={"versions": [version]})]}
    )
    text = export_grid(changed)
    assert '          1: [1000, 1100, "1200.5"]\n' in text
    assert GridFile.model_validate(yaml.safe_load(text)) == changed
