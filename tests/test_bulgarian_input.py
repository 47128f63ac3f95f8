"""A roster as a Bulgarian HR desk writes it: Cyrillic header names, amounts with the lev
written after them, days with the year mark, booleans as да/не; read the same as its clean twin
(English names, plain amounts, ISO days, true/false) from a cp1251 CSV, JSONL and an xlsx
workbook's text cells. Days typed as options too."""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesgrid.batch.columns import COLUMN_ALIASES, TRUE_WORDS
from salesgrid.batch.header import column_name
from salesgrid.core.days import parse_day, read_day
from salesgrid.errors import UsageError

from .conftest import REPO, run
from .xlsxkit import workbook

# The clean twin: English names, ISO days, true/false.
COLUMNS = [
    "employee_id", "framework", "position", "actual_pay", "actual_currency",
    "in_position_since", "review_date", "rating_technical", "rating_business", "rating_people",
    "rating_adaptive", "business_experience", "business_exposure", "opportunity_finding_proven",
    "external_factors_proven", "realm_business_development", "kpoc_completed",
    "failed_kpocs_in_a_row", "corrective_action_plan",
]  # fmt: skip
CLEAN = [
    ["E-1", "", "2.3", "5000.00", "BGN", "2025-06-01", "2026-10-15", "managed", "defined",
     "managed", "managed", "initial", "managed", "true", "false", "true", "true", "0", "false"],
    ["E-2", "sales-management", "2.2", "14700.50", "BGN", "2024-03-15", "2026-03-05", "optimal",
     "optimal", "optimal", "optimal", "managed", "managed", "true", "true", "true", "true", "0",
     "false"],
    ["E-3", "", "1.4", "", "", "2023-01-09", "2026-11-01", "defined", "defined", "managed",
     "managed", "defined", "defined", "false", "false", "false", "false", "2", "true"],
    ["E-4", "", "2.1", "3900", "BGN", "", "", "", "", "", "", "", "", "", "", "", "", "", ""],
]  # fmt: skip
# The same roster as a Bulgarian HR export writes it: Bulgarian names, in any case and
# spacing; the realm column has no Bulgarian name (realms are the grid's own).
BULGARIAN_HEADER = [
    "Служител", "РАМКА", "Позиция", "Нетна заплата", "валута", "На позицията от",
    "Дата на  оценка", "Технически компетенции", "Бизнес компетенции", "Работа_с_хора",
    "Адаптивни компетенции", "Бизнес опит", "Бизнес експозиция",
    "Доказано откриване на възможности", "Доказан опит с външни фактори",
    "realm_business_development", "K-POC изпълнен", "Неизпълнени K-POC поред",
    "План за коригиращи действия",
]  # fmt: skip
DAY_SPELLINGS = ["{d:02}.{m:02}.{y} г.", "{d:02}.{m:02}.{y}г.", "{d:02}.{m:02}.{y} г",
                 "{d}.{m}.{y}", "{d:02}.{m:02}.{y}", "{d}.{m}.{y}\u00a0г.", "{y}-{m:02}-{d:02}"]  # fmt: skip
WORDS = {"true": ["да", "Да", "ДА"], "false": ["не", "Не", "НЕ"]}
DATE_INDEXES = (COLUMNS.index("in_position_since"), COLUMNS.index("review_date"))
BOOL_INDEXES = tuple(
    COLUMNS.index(c)
    for c in ("opportunity_finding_proven", "external_factors_proven",
              "realm_business_development", "kpoc_completed", "corrective_action_plan")
)  # fmt: skip


#: A Bulgarian Excel's amounts: grouped by a (no-break) space, a decimal comma, the lev written
#: after them, the currency cell as лв.
AMOUNTS = {"5000.00": ("5\u00a0000,00 лв.", "лв."), "14700.50": ("14 700,50 лв", ""),
           "3900": ("3900 лв.", "BGN")}  # fmt: skip
ACTUAL = COLUMNS.index("actual_pay")


def bulgarian_rows() -> list[list[str]]:
    """CLEAN with every day in a Bulgarian spelling, every boolean as да/не (by turns) and
    every amount as a Bulgarian Excel writes it."""
    rows = []
    turn = 0
    for row in CLEAN:
        row = list(row)
        if row[ACTUAL]:
            row[ACTUAL], row[ACTUAL + 1] = AMOUNTS[row[ACTUAL]]
        for index in DATE_INDEXES:
            if row[index]:
                y, m, d = map(int, row[index].split("-"))
                row[index] = DAY_SPELLINGS[turn % (len(DAY_SPELLINGS) - 1)].format(d=d, m=m, y=y)
                turn += 1
        for index in BOOL_INDEXES:
            if row[index]:
                row[index] = WORDS[row[index]][turn % 3]
                turn += 1
        rows.append(row)
    return rows


def roster(path: Path, *args: str) -> str:
    result = run(["roster", str(path), *args])
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_a_cp1251_bulgarian_export_gives_the_records_of_its_clean_twin(tmp_path: Path) -> None:
    clean = tmp_path / "clean.csv"
    clean.write_text("\n".join(",".join(row) for row in [COLUMNS, *CLEAN]) + "\n", encoding="utf-8")
    bulgarian = tmp_path / "bulgarian.csv"
    text = "\r\n".join(";".join(row) for row in [BULGARIAN_HEADER, *bulgarian_rows()]) + "\r\n"
    bulgarian.write_bytes(text.encode("cp1251"))
    assert "г." in text and "да" in text and "НЕ" in text and "лв." in text  # the spellings
    expected = roster(clean)
    assert "eligible_step_up" in expected.splitlines()[0]  # the assessment is judged
    assert "true" in expected and "false" in expected
    assert roster(bulgarian, "--encoding", "cp1251") == expected
    # the same in JSONL (keys and values) and in an xlsx workbook's text cells
    jsonl = tmp_path / "bulgarian.jsonl"
    jsonl.write_text(
        "".join(
            json.dumps(dict(zip(BULGARIAN_HEADER, row, strict=True)), ensure_ascii=False) + "\n"
            for row in bulgarian_rows()
        ),
        encoding="utf-8",
    )
    assert roster(jsonl) == expected
    book = tmp_path / "bulgarian.xlsx"
    workbook(book, {"Sheet1": [BULGARIAN_HEADER, *bulgarian_rows()]})
    assert roster(book) == expected


def test_paygap_reads_the_bulgarian_names_of_its_columns(tmp_path: Path) -> None:
    rows = [
        ["E1", "2.3", "F", "40", "12", "70000", "0"],
        ["E2", "2.3", "M", "40", "12", "72000", "0"],
    ]
    english = ["employee_id", "position", "sex", "hours_per_week", "months_worked", "gross_annual",
               "variable_pay"]  # fmt: skip
    bulgarian = ["Служебен номер", "Позиция", "Пол", "Часове седмично", "Отработени месеци",
                 "Брутно годишно", "Променливо възнаграждение"]  # fmt: skip
    outputs = []
    for header in (english, bulgarian):
        path = tmp_path / "paygap.csv"
        path.write_text("\n".join(";".join(r) for r in [header, *rows]) + "\n", encoding="utf-8")
        result = run(["paygap", str(path), "--format", "json"])
        assert result.exit_code in (0, 1), result.stderr
        report = json.loads(result.stdout)
        assert report["provenance"]["input"]["name"] == str(path)
        del report["provenance"]["input"]  # the two files' own bytes, and so their sha256
        outputs.append(report)
    assert outputs[0] == outputs[1]


def test_every_bulgarian_name_reads_as_its_column_loosely() -> None:
    """Case, spaces, hyphens, underscores, a BOM and a decomposed letter do not matter."""
    spellings: dict[str, str] = {}
    for column, names in COLUMN_ALIASES.items():
        for name in names:
            assert not name.isascii(), name  # an English name is the column's own
            decomposed = unicodedata.normalize("NFD", name)
            for written in (name, name.upper(), name.lower(), f"  {name} ",
                            name.replace(" ", "_"), name.replace(" ", "-"),
                            "\ufeff" + name, decomposed):  # fmt: skip
                assert column_name(written) == column, written
            # no two names of different columns read alike
            assert spellings.setdefault(column_name(name.lower()), column) == column
    assert column_name("Служебен номер") == "employee_id"
    assert column_name("Employee ID") == "employee_id"  # the English names as before
    assert column_name("Служба") == "служба"  # an unknown name stays itself


def test_the_bulgarian_names_of_every_column_are_documented() -> None:
    """docs/roster.md's table is COLUMN_ALIASES, row for row."""
    text = (REPO / "docs" / "roster.md").read_text(encoding="utf-8")
    text = text.split("## Bulgarian names, days and yes/no", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([a-z_]+)` \| (.+) \|$", text, re.MULTILINE)
    documented = {column: tuple(re.findall(r"`([^`]+)`", names)) for column, names in rows}
    assert documented == COLUMN_ALIASES


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("Служетел;Позиция", "unknown column 'Служетел' (did you mean 'Служител' for employee_id?)"),
        ("Служител;Позицыя", "unknown column 'Позицыя' (did you mean 'Позиция' for position?)"),
        ("Служител;Positon", "unknown column 'Positon' (did you mean 'position'?)"),
        ("Служител;Име;Позиция", "the header names column 'employee_id' twice ('Служител' and 'Име')"),
        ("Employee ID;Позиция;Position", "the header names column 'position' twice ('Позиция' and 'Position')"),
    ],
)  # fmt: skip
def test_bulgarian_header_problems(tmp_path: Path, header: str, message: str) -> None:
    path = tmp_path / "r.csv"
    path.write_text(f"{header}\nE1;2.3;2.3\n", encoding="utf-8")
    result = run(["roster", str(path)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"salesgrid: error: {message}"), result.stderr
    assert result.stdout == ""


def test_an_unknown_bulgarian_jsonl_key_gets_a_did_you_mean(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text('{"Служител": "E1", "Позицыя": "2.3"}\n', encoding="utf-8")
    result = run(["roster", str(path)])
    assert result.exit_code == 4
    assert "row 1: unknown key 'Позицыя' (did you mean 'Позиция' for position?)" in result.stderr


def test_yes_and_no_in_bulgarian() -> None:
    assert TRUE_WORDS["да"] is True and TRUE_WORDS["не"] is False


@pytest.mark.parametrize(
    ("day", "reason"),
    [
        ("31.02.2024", "in_position_since: '31.02.2024' is not a day: no such day on the calendar"),
        ("01/02/2024", "in_position_since: '01/02/2024' is not a day: with slashes, whether the "
                       "day or the month comes first is not knowable"),
        ("15.03.24", "in_position_since: '15.03.24' is not a day: write YYYY-MM-DD or DD.MM.YYYY"),
        ("15.03.2024 год.", "in_position_since: '15.03.2024 год.' is not a day"),
    ],
)  # fmt: skip
def test_a_day_that_is_not_one_rejects_its_row(tmp_path: Path, day: str, reason: str) -> None:
    row = dict(zip(COLUMNS, CLEAN[0], strict=True))
    row["in_position_since"] = day
    path = tmp_path / "r.csv"
    path.write_text(",".join(COLUMNS) + "\n" + ",".join(row.values()) + "\n", encoding="utf-8")
    result = run(["roster", str(path)])
    assert result.exit_code == 4
    assert result.stderr.startswith(f"row 2: {reason}"), result.stderr


@pytest.mark.parametrize("day", ["22.11.2026 г.", "22.11.2026", "22.11.2026г."])
def test_as_of_in_bulgarian(day: str) -> None:
    assert run(["pay", "2", "3", "--as-of", day]).stdout == run(["pay", "2", "3"]).stdout


def test_as_of_with_slashes_is_refused_saying_why() -> None:
    result = run(["pay", "2", "3", "--as-of", "01/02/2026"])
    assert result.exit_code == 2
    assert "whether the day or the month comes first is not knowable" in result.stderr


@given(st.dates(min_value=date(1000, 1, 1)), st.sampled_from(DAY_SPELLINGS))
def test_a_day_in_every_spelling_reads_back_to_itself(day: date, spelling: str) -> None:
    text = spelling.format(d=day.day, m=day.month, y=day.year)
    assert read_day(text) == day
    assert parse_day(f" {text} ", "--as-of") == day


@given(st.integers(1, 31), st.integers(1, 12), st.integers(1000, 9999), st.booleans())
def test_a_day_with_slashes_is_always_refused(
    first: int, second: int, year: int, pad: bool
) -> None:
    fmt = "{:02}/{:02}/{}" if pad else "{}/{}/{}"
    for text in (fmt.format(first, second, year), fmt.format(second, first, year)):
        assert read_day(text) is None
        with pytest.raises(UsageError, match="not knowable"):
            parse_day(text, "--as-of")


@given(st.text(max_size=20))
def test_any_text_is_a_day_or_refused(text: str) -> None:
    found = read_day(text)
    assert found is None or isinstance(found, date)


def test_without_actual_pay_the_block_fast_path_reads_them_the_same(tmp_path: Path) -> None:
    """A CSV roster with no actual_pay goes by whole blocks: Bulgarian days and words too."""
    keep = [i for i, c in enumerate(COLUMNS) if not c.startswith("actual_")]

    def csv_text(rows: list[list[str]], sep: str) -> str:
        return "\n".join(sep.join(row[i] for i in keep) for row in rows) + "\n"

    clean = tmp_path / "clean.csv"
    clean.write_text(csv_text([COLUMNS, *CLEAN], ","), encoding="utf-8")
    bulgarian = tmp_path / "bulgarian.csv"
    bulgarian.write_text(csv_text([BULGARIAN_HEADER, *bulgarian_rows()], ";"), encoding="utf-8")
    for args in ((), ("--format", "jsonl")):
        assert roster(bulgarian, *args) == roster(clean, *args)
