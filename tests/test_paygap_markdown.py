"""`paygap --format markdown`: the report and a worker's answer in Markdown, in English and in
Bulgarian, with the page's content, the JSON's numbers and every value escaped; and every
message of paygap, criteria and month that names formats offers only formats it accepts."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from salesgrid.cli.paygapformats import EMPLOYEE_FORMATS, REPORT_FORMATS
from salesgrid.output.markdown import from_html, md, md_line, md_table

from .conftest import REPO, run
from .test_criteria_lang import english_left

ROSTER = str(REPO / "examples" / "paygap-roster.csv")
HISTORY = str(REPO / "examples" / "paygap-history.csv")


def _tables(text: str) -> list[list[list[str]]]:
    """Every Markdown table of ``text``: its rows (the header first, the --- line left out),
    its cells split on the pipes a value's ``\\|`` does not make."""
    tables: list[list[list[str]]] = []
    current: list[list[str]] = []
    for line in [*text.splitlines(), ""]:
        if line.startswith("|"):
            cells = [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", line)[1:-1]]
            if not all(set(c) <= {"-"} for c in cells):
                current.append(cells)
            continue
        if current:
            tables.append(current)
        current = []
    return tables


def _pct(value: Any) -> Any:
    """A JSON figure as the number a cell must show (n/a for a null)."""
    return "n/a" if value is None else Decimal(str(value))


def _number(cell: str) -> Any:
    """A cell's percent as a number (``-2.60%`` is -2.6), else the cell."""
    return Decimal(cell[:-1]) if re.fullmatch(r"-?\d+(\.\d+)?%", cell) else cell


def test_the_english_report_has_the_pages_content() -> None:
    shown = run(["paygap", ROSTER, "--format", "markdown", "--employer", "Acme"])
    assert shown.exit_code == 0 and shown.stderr == "", shown.output
    text = shown.stdout
    assert text.startswith("# Gender pay gap report, 2026\n\nEU Pay Transparency Directive")
    for heading in ("Headline indicators", "(f) Women and men in each quartile band",
                    "(g) Gaps by category of workers", "Method", "Input",
                    "Prepared for and source"):  # fmt: skip
        assert f"\n## {heading}\n" in text
    assert "Workers compared: **8** women, **8** men; **1** with sex not reported" in text
    assert "(men − women) / men × 100" in text and "&minus;" not in text and "<p" not in text
    assert "- 1 of 3 categories withheld, counts only" in text  # the withheld-category note
    assert "2 of 3 categories flagged." in text and "| **FLAG: 5% or more** |" in text
    assert "- Year 2026; amounts in EUR." in text  # the method, an item a line
    assert "- Employer: Acme\n" in text and "- Input: " in text and "sha256 " in text


def test_the_markdown_tables_have_the_numbers_of_the_json() -> None:
    record = json.loads(run(["paygap", ROSTER, "--format", "json"]).stdout)
    headline, bands, categories, rows = _tables(
        run(["paygap", ROSTER, "--format", "markdown"]).stdout
    )
    keys = ["mean_gap_pct", "variable_mean_gap_pct", "median_gap_pct", "variable_median_gap_pct"]
    wanted = [_pct(record[k]) for k in keys]
    wanted += [_pct(record["receiving_variable_pct"][s]) for s in ("women", "men")]
    assert [_number(row[1]) for row in headline[1:]] == wanted
    assert [[_number(c) for c in row[1:]] for row in bands[1:]] == [
        [_pct(b["women_pct"]), _pct(b["men_pct"])] for b in record["quartiles"]
    ]
    for row, entry in zip(categories[1:], record["categories"], strict=True):
        missing = "withheld" if entry["withheld"] else "n/a"
        figures = ("total_mean_gap_pct", "base_mean_gap_pct", "base_median_gap_pct",
                   "variable_mean_gap_pct")  # fmt: skip
        assert row[:3] == [entry["category"], str(entry["women"]), str(entry["men"])]
        assert [_number(c) for c in row[3:7]] == [
            missing if entry[k] is None else _pct(entry[k]) for k in figures
        ]
    assert dict(r for r in rows[1:]) == {"read": "17", "accepted": "17", "rejected": "0",
                                         "blank": "0"}  # fmt: skip


def test_a_pipe_in_a_category_or_an_employee_id_stays_in_its_cell(tmp_path: Path) -> None:
    roster = tmp_path / "pipes.csv"
    lines = ["employee_id,position,category,sex,gross_annual"]
    lines += [f"E|{i},1.1,Team | *A*,{'F' if i % 2 else 'M'},{30000 + i * 1000}" for i in range(6)]
    roster.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = run(["paygap", str(roster), "--format", "markdown", "--min-group", "1"])
    assert report.exit_code == 0, report.output
    assert "| Team \\| \\*A\\* | 3 | 3 |" in report.stdout
    categories = _tables(report.stdout)[2]
    assert {len(row) for row in categories} == {8} and categories[1][0] == "Team | \\*A\\*"
    answer = run(["paygap", str(roster), "--format", "markdown", "--employee", "E|3",
                  "--min-group", "1"])  # fmt: skip
    assert answer.exit_code == 0, answer.output
    table = _tables(answer.stdout)[0]
    assert {len(row) for row in table} == {2}
    assert table[1] == ["employee_id", "E|3"] and "| employee_id | E\\|3 |" in answer.stdout


def test_the_english_answer() -> None:
    shown = run(["paygap", ROSTER, "--format", "markdown", "--employee", "E-103"])
    assert shown.exit_code == 0 and shown.stderr == "", shown.output
    answer = json.loads(run(["paygap", ROSTER, "--format", "json", "--employee", "E-103"]).stdout)
    assert shown.stdout.startswith("# Pay level (Art. 7)\n\n|  | value |\n|---|---|\n")
    rows = dict(_tables(shown.stdout)[0][1:])
    assert rows["employee_id"] == "E-103" and rows["category"] == answer["category"]
    assert rows["hourly"] == f"{answer['hourly']} EUR"
    assert "\n## Prepared for and source\n" in shown.stdout


@pytest.mark.parametrize("employee", [[], ["--employee", "E-103"]])
def test_the_bulgarian_markdown_shows_no_english(employee: list[str]) -> None:
    shown = run(["paygap", ROSTER, "--format", "markdown", "--lang", "bg", *employee])
    assert shown.exit_code == 0 and shown.stderr == "", shown.output
    assert english_left(shown.stdout) == []
    assert "(вграден)" in shown.stdout and "22.11.2026 г." in shown.stdout
    assert english_left(run(["paygap", ROSTER, "--format", "markdown", *employee]).stdout)


def test_the_report_from_a_history_and_to_a_md_file(tmp_path: Path) -> None:
    out = tmp_path / "gap.md"
    written = run(["paygap", "--history", HISTORY, "--year", "2026", "--output", str(out)])
    assert written.exit_code == 0 and written.stdout == "", written.output
    text = out.read_text("utf-8")
    shown = run(["paygap", "--history", HISTORY, "--year", "2026", "--format", "markdown"])
    assert text == shown.stdout and text.startswith("# Gender pay gap report, 2026")
    assert "paygap-history.csv, sha256" in text


def test_the_markdown_helpers() -> None:
    assert md("a|b *c* `d` <e> [f]\n g\\") == "a\\|b \\*c\\* \\`d\\` \\<e\\> \\[f\\] g\\\\"
    assert md_table(("x", "y"), [("1|2", "**b**")], marked=(1,)) == [
        "| x | y |", "|---|---|", "| 1\\|2 | **b** |", ""
    ]  # fmt: skip
    assert from_html('<p id="w">{a} &minus; <strong>b</strong>\n &ldquo;c&rdquo;</p>') == (
        "{a} − b “c”"
    )


def test_emphasis_entities_and_strikethrough_stay_text() -> None:
    shown = run(["paygap", ROSTER, "--format", "markdown", "--employer",
                 "_ACME_ &copy; ~~Old~~ Ltd"])  # fmt: skip
    assert shown.exit_code == 0, shown.output
    assert "- Employer: \\_ACME\\_ \\&copy; \\~\\~Old\\~\\~ Ltd\n" in shown.stdout
    assert md("_a_ ~c~ &amp;") == "\\_a\\_ \\~c\\~ \\&amp;"


def test_a_value_starting_a_line_stays_text() -> None:
    assert [md_line(text) for text in ("# x", "+ x", "- x", "=== x", "12. x", "3) x")] == [
        "\\# x", "\\+ x", "\\- x", "\\=== x", "12\\. x", "3\\) x"
    ]  # fmt: skip
    assert md_line("1 of 3 categories") == "1 of 3 categories"
    assert md("employee_id __init__ &copy; &#169; L&D a & b") == (
        "employee_id \\_\\_init\\_\\_ \\&copy; \\&#169; L&D a & b"
    )


@pytest.mark.parametrize(("lang", "sentence", "footer"), [
    ("en", "The files these figures were computed from: a file with the same sha256 has the "
     "same bytes.", "Generated by salesgrid "),
    ("bg", "Файловете, от които са изчислени тези стойности: файл със същия sha256 има "
     "същото съдържание.", "Изготвено от salesgrid "),
])  # fmt: skip
def test_the_report_says_what_its_files_are_and_what_made_it(
    lang: str, sentence: str, footer: str
) -> None:
    """The page's sentence under the trace's heading and its footer's first sentence."""
    for employee in ([], ["--employee", "E-103"]):
        shown = run(["paygap", ROSTER, "--format", "markdown", "--lang", lang, *employee])
        assert shown.exit_code == 0, shown.output
        assert f"\n\n{sentence}\n\n- " in shown.stdout
        last = shown.stdout.rstrip("\n").rsplit("\n", 1)[-1]
        assert last.startswith(footer) and last.endswith(".")
    page = run(["paygap", ROSTER, "--format", "html", "--lang", lang]).stdout
    assert sentence in page and footer in page


# ----------------------------------------------------------------- the messages that name formats


def _offered(message: str) -> list[str]:
    """The formats a message offers: the words after its last ``--format`` or ``written as``,
    or after ``writes``, up to its end or a comma-free clause."""
    tail = re.split(r"written as |give --format |writes |choose ", message)[-1]
    return re.findall(r"\b(table|plain|csv|jsonl|json|xlsx|markdown|html)\b", tail)


@pytest.mark.parametrize("employee", [False, True])
def test_every_format_a_paygap_message_offers_is_accepted(employee: bool) -> None:
    who = ["--employee", "E-103"] if employee else []
    accepted = EMPLOYEE_FORMATS if employee else REPORT_FORMATS
    wrong = "csv" if employee else "plain"
    refused = run(["paygap", ROSTER, *who, "--format", wrong])
    assert refused.exit_code == 2
    assert _offered(refused.stderr) == [f.value for f in accepted]
    unknown = run(["paygap", ROSTER, *who, "--format", "xlsx"]).stderr
    assert "the report as table, csv, json, markdown or html" in unknown
    assert "the answer to --employee as table, plain, json or markdown" in unknown
    lang = run(["paygap", ROSTER, *who, "--format", "json", "--lang", "bg"])
    assert lang.exit_code == 2
    for fmt in _offered(lang.stderr):
        shown = run(["paygap", ROSTER, *who, "--format", fmt, "--lang", "bg"])
        assert shown.exit_code == 0, (fmt, shown.output)
    for fmt in _offered(refused.stderr):
        assert run(["paygap", ROSTER, *who, "--format", fmt]).exit_code == 0, fmt
    if not employee:  # --employer: every format with a place for it
        employer = run(["paygap", ROSTER, "--format", "csv", "--employer", "A"])
        assert employer.exit_code == 2
        for fmt in _offered(employer.stderr):
            shown = run(["paygap", ROSTER, "--format", fmt, "--employer", "A"])
            assert shown.exit_code == 0, fmt


def test_the_old_contradictions_are_gone() -> None:
    """--lang on a csv report offered plain, which the report refused; markdown was refused."""
    lang = run(["paygap", ROSTER, "--format", "csv", "--lang", "bg"]).stderr
    assert "plain" not in lang and _offered(lang) == ["table", "markdown", "html"]
    answer = run(["paygap", ROSTER, "--employee", "E-103", "--format", "json", "--lang", "bg"])
    assert _offered(answer.stderr) == ["table", "plain", "markdown"]
    dialect = run(["paygap", ROSTER, "--employee", "E-103", "--format", "json",
                   "--csv-dialect", "bg-excel"])  # fmt: skip
    assert dialect.exit_code == 2 and "--format csv" not in dialect.stderr


def test_every_format_a_criteria_message_offers_is_accepted() -> None:
    for args in (["--format", "plain"], ["--format", "json", "--lang", "bg"]):
        refused = run(["criteria", *args])
        assert refused.exit_code == 2 and _offered(refused.stderr), refused.stderr
        extra = args[2:]
        for fmt in _offered(refused.stderr):
            assert run(["criteria", "--format", fmt, *extra]).exit_code == 0, (args, fmt)


def test_every_format_a_month_message_offers_is_accepted(tmp_path: Path) -> None:
    history = str(REPO / "examples" / "history.csv")
    refused = run(["month", history, "--month", "2026-03", "--format", "plain"])
    assert refused.exit_code == 2
    offered = _offered(refused.stderr)
    assert offered == ["table", "csv", "jsonl", "json", "xlsx"]
    for fmt in offered:
        for summary in ([], ["--summary"]):
            shown = run(["month", history, "--month", "2026-03", "--format", fmt, *summary])
            assert shown.exit_code == 0, (fmt, summary, shown.output)
    named = run(["month", history, "--month", "2026-03", "--output", str(tmp_path / "m.html")])
    assert named.exit_code == 2
    for fmt in _offered(named.stderr):
        path = tmp_path / f"m.{fmt}"
        assert run(["month", history, "--month", "2026-03", "--output", str(path)]).exit_code == 0
