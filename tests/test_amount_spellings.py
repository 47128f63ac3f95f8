"""Amounts as people write them: grouped thousands (``5 445,00``, ``5.445,00``, ``1.500.000``)
and a currency written with the amount (``5 445,00 лв.``), in the one amount rule, its
arguments, roster columns (CSV, JSONL, xlsx), the paygap roster and the Python API; nothing
ambiguous (``3,000``) is ever read as a number."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

import salesgrid
from salesgrid.core import money
from salesgrid.errors import UsageError

from .amountspell import CURRENCY_SPELLINGS, SPACES, meant, spellings
from .conftest import run
from .test_roster import records, write

D = Decimal
CODES = {word.casefold(): code for word, code in CURRENCY_SPELLINGS.items()}

# --------------------------------------------------------------------------- the parser


@pytest.mark.parametrize(
    ("text", "value", "currency", "comma", "grouped"),
    [("5 445,00", "5445.00", None, True, True), ("5 445.00", "5445.00", None, False, True),
     ("5\u00a0445,00", "5445.00", None, True, True), ("5\u202f445,00", "5445.00", None, True, True),
     ("1 500 000", "1500000", None, False, True), ("1 500", "1500", None, False, True),
     ("5.445,00", "5445.00", None, True, True), ("5,445.00", "5445.00", None, False, True),
     ("1.500,5", "1500.5", None, True, True), ("1.500.000", "1500000", None, False, True),
     ("1,500,000", "1500000", None, False, True), ("1.500.000,50", "1500000.50", None, True, True),
     ("5 445,00 лв.", "5445.00", "BGN", True, True), ("5445 лв", "5445", "BGN", False, False),
     ("5445лв.", "5445", "BGN", False, False), ("ЛВ. 5445", "5445", "BGN", False, False),
     ("bgn 5445", "5445", "BGN", False, False), ("5445BGN", "5445", "BGN", False, False),
     ("€2783.99", "2783.99", "EUR", False, False), ("2 783,99 €", "2783.99", "EUR", True, True),
     ("2783,99 eur", "2783.99", "EUR", True, False), ("Евро 2783,99", "2783.99", "EUR", True, False),
     ("2783.99\u00a0EUR", "2783.99", "EUR", False, False), ("1500,50", "1500.50", None, True, False)],
)  # fmt: skip
def test_the_new_spellings(
    text: str, value: str, currency: str | None, comma: bool, grouped: bool
) -> None:
    read = money.parse_amount(text, "GROSS", with_currency=True)
    assert read == (D(value), comma, currency, grouped)
    assert str(read.value) == value  # the decimals as typed


@pytest.mark.parametrize(
    ("text", "reason"),
    [("3,000", "is ambiguous: one comma before three digits may group thousands (3000) or mark "
      "decimals (3.000: more than 2 decimals)"),
     ("1.500", "is ambiguous: one point before three digits"),
     ("999.999", "is ambiguous"), ("1.500 лв.", "is ambiguous"),
     ("1.500.50", "has irregular groups"), ("1,5,0", "has irregular groups"),
     ("15,00,000", "has irregular groups"), ("1.50.000", "has irregular groups"),
     ("1.500 000", "mixes spaces and marks between groups"),
     ("1.500,000.00", "mixes points and commas"), ("1,500.000,00", "mixes points and commas"),
     ("15 00", "has a space in the wrong place"), ("1500 ,50", "has a space in the wrong place"),
     ("1  500", "has a space in the wrong place"), ("0 500", "has a space in the wrong place"),
     ("1 5000", "has a space in the wrong place"), ("1\t500", "has a space in the wrong place"),
     ("1 500,505", "has more than 2 decimals"), ("1500.505", "has more than 2 decimals"),
     ("+1 500", "has a sign"), ("-5 445,00 лв.", "amounts cannot be negative"),
     ("\u22121500", "amounts cannot be negative"), ("1e3 лв.", "has an exponent"),
     ("1_500 €", "has an underscore"), ("\u0661\u0665\u0660\u0660 лв.", "digits of another script"),
     ("5445 USD", "the currency 'USD' is not known: write лв., лв, BGN, €, EUR or евро"),
     ("$5445", "the currency '$' is not known"), ("5 USD", "the currency 'USD' is not known"), ("5445 лева", "the currency 'лева' is not known"),
     ("€5445 EUR", "names a currency twice"), ("лв 5 445 лв.", "names a currency twice"),
     ("лв.", "has no number"), ("€ ", "has no number")],
)  # fmt: skip
def test_what_is_wrong_is_named(text: str, reason: str) -> None:
    with pytest.raises(UsageError) as caught:
        money.parse_amount(text, "GROSS", with_currency=True)
    message = str(caught.value)
    assert message.startswith(f"GROSS {text!r}")
    assert reason in message
    assert "\n" not in message and len(message) < 260
    assert "not a decimal comma" not in message


@pytest.mark.parametrize("text", ["37.5 EUR", "€0.5", "40 лв.", "40 hours", "40h"])
def test_a_currency_only_where_money_is_read(text: str) -> None:
    """Hours and rates are read by the same rule, without a currency."""
    with pytest.raises(UsageError, match="takes no currency"):
        money.parse_amount(text, "--hours", example="37.5")


def test_the_currency_words_are_one_table() -> None:
    assert CURRENCY_SPELLINGS == money.CURRENCY_WORDS
    for word, code in CURRENCY_SPELLINGS.items():
        for spelled in (word, word.upper(), word.lower(), f" {word.title()} "):
            assert money.currency_code(spelled) == code
            assert money.currency_text(spelled) == code
    assert money.currency_code("USD") is None and money.currency_text(" usd ") == "USD"


cents = st.integers(min_value=0, max_value=100_000_000_000)


@given(cents=cents, places=st.sampled_from([0, 1, 2]), data=st.data())
@example(cents=544500, places=2, data=None)
@example(cents=100_000_000_000, places=0, data=None)
def test_every_spelling_of_an_amount_reads_back_exactly(
    cents: int, places: int, data: st.DataObject | None
) -> None:
    """A generated amount written in every accepted spelling, with each currency word before
    or after it in any case, with or without a space, reads back as itself."""
    value = D(cents).scaleb(-2).quantize(money.quantum(places), rounding="ROUND_DOWN")
    for text in spellings(value):
        read = money.parse_amount(text, "GROSS")
        assert (read.value, str(read.value)) == (value, str(value)), text
        assert (read.value, None) == meant(text)
        if data is None:
            continue
        word = data.draw(st.sampled_from(sorted(CURRENCY_SPELLINGS)))
        word = data.draw(st.sampled_from([word, word.upper(), word.lower(), word.title()]))
        gap = data.draw(st.sampled_from(["", *SPACES]))
        for priced in (f"{text}{gap}{word}", f"{word}{gap}{text}"):
            read = money.parse_amount(priced, "GROSS", with_currency=True)
            assert (read.value, read.currency) == (value, CODES[word.casefold()]), priced


@given(
    lead=st.integers(1, 999), rest=st.integers(0, 999), mark=st.sampled_from([".", ","]),
    word=st.sampled_from(["", " лв.", " €", "EUR "]),
)  # fmt: skip
def test_one_mark_before_three_digits_is_never_read(
    lead: int, rest: int, mark: str, word: str
) -> None:
    """Nothing ambiguous is ever read as a number: ``3,000`` may be 3000 or 3."""
    text = (
        f"{word}{lead}{mark}{rest:03d}" if word.endswith(" ") else f"{lead}{mark}{rest:03d}{word}"
    )
    with pytest.raises(UsageError, match="is ambiguous"):
        money.parse_amount(text, "GROSS", with_currency=True)


@given(
    sizes=st.lists(st.integers(1, 5), min_size=2, max_size=5),
    separator=st.sampled_from([".", ",", *SPACES]),
    data=st.data(),
)
def test_irregular_groups_are_never_read(
    sizes: list[int], separator: str, data: st.DataObject
) -> None:
    """Groups of other than three digits after the first (``15,00,000``, ``1 50 000``,
    ``1500,000``) are refused, whatever the separator; a last group of 1 or 2 digits after
    one point or comma is decimals, not a group, and is left out."""
    assume(sizes[0] > 3 or any(size != 3 for size in sizes[1:]))
    assume(not (len(sizes) == 2 and sizes[1] < 3 and separator in ".,"))
    parts = [data.draw(st.text("0123456789", min_size=size, max_size=size)) for size in sizes]
    parts[0] = "1" + parts[0][1:]
    text = separator.join(parts)
    with pytest.raises(UsageError):
        money.parse_amount(text, "GROSS", with_currency=True)


@given(st.text(alphabet=st.sampled_from(list("0123456789.,-+e €лвЛВ.EURBGNевро\u00a0\u202f\t_$")),
               max_size=16))  # fmt: skip
@example("1.500")
@example("5 445,00 лв.")
def test_money_like_text_is_read_as_meant_or_refused(text: str) -> None:
    try:
        read = money.parse_amount(text, "GROSS", with_currency=True)
    except UsageError as exc:
        refused = str(exc)
    else:
        refused = ""
    if refused:
        assert "\n" not in refused and meant(text, with_currency=True) is None, text
        return
    assert (read.value, read.currency) == meant(text, with_currency=True), text


# --------------------------------------------------------------------------- arguments


def test_payroll_amounts_in_the_months_currency() -> None:
    plain = run(["payroll", "net", "3000", "--month", "2026-09"])
    for text in ("3 000,00 €", "3.000,00 EUR", "€3000", "3 000 евро", "3,000.00"):
        result = run(["payroll", "net", text, "--month", "2026-09"])
        assert (result.exit_code, result.stdout) == (0, plain.stdout), text
    lev = run(["payroll", "net", "3 000 лв.", "--month", "2025-12"])
    assert (lev.exit_code, lev.stdout) == (0, run(["payroll", "net", "3000", "--month",
                                                   "2025-12"]).stdout)  # fmt: skip
    wrong = run(["payroll", "net", "3 000 лв.", "--month", "2026-09"])
    assert wrong.exit_code == 2 and wrong.stdout == ""
    assert wrong.stderr == (
        "salesgrid: error: GROSS '3 000 лв.' is in BGN, but the payroll currency of 2026-09 is "
        "EUR: give the amount in EUR, or leave its currency out\n"
    )
    back = run(["payroll", "gross", "2 414,75 EUR", "--month", "2026-09"])
    assert (back.exit_code, back.stdout) == (0, "3000.00\n")


def test_locate_takes_the_amounts_currency_as_currency() -> None:
    assert run(["locate", "5 445 лв.", "--as-of", "2026-11-22"]).stdout == "2.3\n"
    euro = run(["locate", "2 783,99 €", "--as-of", "2026-11-22"])
    assert (euro.exit_code, euro.stdout) == (0, run(["locate", "2783.99", "--currency", "EUR",
                                                     "--as-of", "2026-11-22"]).stdout)  # fmt: skip
    same = run(["locate", "2783.99 EUR", "--currency", "eur", "--as-of", "2026-11-22"])
    assert (same.exit_code, same.stdout) == (0, euro.stdout)
    assert run(["locate", "5445", "--currency", "лв", "--as-of", "2026-11-22"]).stdout == "2.3\n"
    clash = run(["locate", "5445 лв.", "--currency", "EUR"])
    assert clash.exit_code == 2
    assert clash.stderr == (
        "salesgrid: error: AMOUNT '5445 лв.' is in BGN, but --currency is EUR: give the amount "
        "in EUR, or leave its currency out\n"
    )
    ambiguous = run(["locate", "5.445"])
    assert ambiguous.exit_code == 2 and "'5.445' is ambiguous" in ambiguous.stderr


@pytest.mark.parametrize(
    "args",
    [["paygap", "{roster}", "--hours", "40 лв."],
     ["payroll", "net", "3000", "--month", "2026-09", "--work-accident-rate", "0,5 €"]],
)  # fmt: skip
def test_no_currency_on_hours_or_rates(tmp_path: Path, args: list[str]) -> None:
    roster = str(write(tmp_path, "employee_id,position,sex\nE1,1.1,F\n"))
    result = run([a.format(roster=roster) for a in args])
    assert result.exit_code == 2 and "takes no currency" in result.stderr


def test_grouped_thousands_are_noted_at_a_terminal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import io
    import sys

    from salesgrid.cli.inputs import priced_arg

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdout", Terminal())
    assert priced_arg("1.500.000", "GROSS").value == D(1500000)
    assert priced_arg("5 445,00 лв.", "GROSS").currency == "BGN"
    assert capsys.readouterr().err == (
        "salesgrid: note: GROSS '1.500.000' read as 1500000 (grouped thousands)\n"
        "salesgrid: note: GROSS '5 445,00 лв.' read as 5445.00 (grouped thousands and decimal "
        "comma)\n"
    )


# --------------------------------------------------------------------------- rosters

CLEAN = "employee_id,position,actual_pay,actual_currency\nE-1,2.3,5445.00,BGN\nE-2,1.1,926.47,EUR\n"


def _actual(stdout: str) -> list[tuple[str, ...]]:
    return [(r["employee_id"], r["actual_pay"], r["actual_currency"], r["grid_status"])
            for r in records(stdout)]  # fmt: skip


def test_a_roster_written_by_a_bulgarian_excel(tmp_path: Path) -> None:
    """``5 445,00 лв.`` in actual_pay, with and without actual_currency: the clean twin's
    records."""
    clean = run(["roster", str(write(tmp_path, CLEAN, "clean.csv"))])
    assert clean.exit_code == 0
    for name, text in {
        "no-currency.csv": 'employee_id,position,actual_pay\nE-1,2.3,"5 445,00 лв."\n'
        'E-2,1.1,"926,47 €"\n',
        "same.csv": 'employee_id,position,actual_pay,actual_currency\nE-1,2.3,"5\u00a0445,00 лв.",'
        'лв.\nE-2,1.1,"€926.47",EUR\n',
        "semicolons.csv": "employee_id;position;actual_pay;actual_currency\n"
        "E-1;2.3;5 445,00 лв.;лв\nE-2;1.1;926,47 евро;\n",
    }.items():
        result = run(["roster", str(write(tmp_path, text, name))])
        assert (result.exit_code, result.stdout) == (0, clean.stdout), name


def test_a_currency_the_row_contradicts_is_rejected(tmp_path: Path) -> None:
    text = (
        "employee_id,position,actual_pay,actual_currency\n"
        'E-1,2.3,"5 445,00 лв.",EUR\nE-2,2.3,"5 445,00 лв.",\nE-3,2.3,"3,000",\n'
    )
    rejects = tmp_path / "rejects.csv"
    result = run(["roster", str(write(tmp_path, text)), "--rejects", str(rejects)])
    assert result.exit_code == 4
    assert [r["employee_id"] for r in records(result.stdout)] == ["E-2"]
    reasons = [r["reason"] for r in records(rejects.read_text(encoding="utf-8"))]
    assert reasons[0] == (
        "actual_pay '5 445,00 лв.' is in BGN, but actual_currency says EUR: make them agree, or "
        "leave the currency out of actual_pay"
    )
    assert reasons[1].startswith("actual_pay '3,000' is ambiguous")
    option = run(["roster", str(write(tmp_path, text)), "--actual-currency", "EUR"])
    assert option.exit_code == 4
    assert "row 3: actual_pay '5 445,00 лв.' is in BGN, but --actual-currency says EUR" in (
        option.stderr
    )
    lev = run(["roster", str(write(tmp_path, text)), "--actual-currency", "лв."])
    assert [r["employee_id"] for r in records(lev.stdout)] == ["E-2"]


def test_jsonl_text_values_and_numbers(tmp_path: Path) -> None:
    clean = run(["roster", str(write(tmp_path, CLEAN, "clean.csv"))])
    text = (
        '{"employee_id": "E-1", "position": "2.3", "actual_pay": "5 445,00 лв."}\n'
        '{"employee_id": "E-2", "position": "1.1", "actual_pay": 926.47, "actual_currency": "€"}\n'
    )
    result = run(["roster", str(write(tmp_path, text, "r.jsonl"))])
    assert (result.exit_code, result.stdout) == (0, clean.stdout)
    number = '{"employee_id": "E-1", "position": "2.3", "actual_pay": 5.445}\n'
    refused = run(["roster", str(write(tmp_path, number, "n.jsonl"))])
    assert refused.exit_code == 4  # a JSON number with three decimals is never 5445
    assert "actual_pay: the number 5.445 has more than 2 decimals" in refused.stderr


def test_xlsx_text_cells_and_number_cells(tmp_path: Path) -> None:
    from .xlsxkit import workbook

    clean = run(["roster", str(write(tmp_path, CLEAN, "clean.csv"))])
    path = tmp_path / "roster.xlsx"
    workbook(path, {"Sheet1": [["employee_id", "position", "actual_pay", "actual_currency"],
                               ["E-1", "2.3", "5\u00a0445,00 лв."], ["E-2", "1.1", 926.47, "EUR"]]})  # fmt: skip
    result = run(["roster", str(path)])
    assert (result.exit_code, result.stdout) == (0, clean.stdout)


def test_paygap_rows(tmp_path: Path) -> None:
    clean = write(tmp_path, "employee_id,position,sex,actual_pay,actual_currency,gross_annual\n"
                  "N1,1.1,F,1500,EUR,\nN2,1.2,M,3000,BGN,\nN3,1.2,M,,,41600.50\n", "clean.csv")  # fmt: skip
    bg = write(tmp_path, "employee_id,position,sex,actual_pay,actual_currency,gross_annual\n"
               'N1,1.1,F,"1 500 €",,\nN2,1.2,M,"3 000,00 лв.",лв.,\n'
               'N3,1.2,M,,,"41 600,50 EUR"\n', "bg.csv")  # fmt: skip
    args = ["--year", "2026", "--format", "json", "--min-group", "1"]
    want = json.loads(run(["paygap", str(clean), *args]).stdout)
    got = run(["paygap", str(bg), *args])
    assert got.exit_code == 0, got.stderr
    assert json.loads(got.stdout)["categories"] == want["categories"]
    wrong = write(tmp_path, "employee_id,position,sex,gross_annual,actual_pay,actual_currency\n"
                  'N1,1.1,F,"41 600 лв.",,\nN2,1.1,F,,1500 €,BGN\n', "wrong.csv")  # fmt: skip
    result = run(["paygap", str(wrong), "--year", "2026"])
    assert result.exit_code == 4
    assert result.stderr.splitlines()[:2] == [
        "row 2: gross_annual '41 600 лв.' is in BGN, but the payroll currency of 2026-12 is EUR: "
        "give the amount in EUR, or leave its currency out",
        "row 3: actual_pay '1500 €' is in EUR, but actual_currency says BGN: make them agree, or "
        "leave the currency out of actual_pay",
    ]


# --------------------------------------------------------------------------- the Python API


def test_the_api_reads_the_same_spellings() -> None:
    from salesgrid import api

    assert api.payroll_net("3 000,00 €", "2026-09").net == D("2414.75")
    assert api.payroll_gross("2.414,75 EUR", "2026-09").gross == D("3000.00")
    with pytest.raises(salesgrid.UsageError, match="is in BGN, but the payroll currency"):
        api.payroll_net("3000 лв.", "2026-09")
    assert api.locate("5 445 лв.", as_of="2026-11-22").exact == "2.3"
    with pytest.raises(salesgrid.UsageError, match="is in BGN, but currency= is EUR"):
        api.locate("5445 лв.", currency="EUR", as_of="2026-11-22")
    with pytest.raises(salesgrid.UsageError, match="is ambiguous"):
        api.locate("5.445", as_of="2026-11-22")
    rows = [{"employee_id": "E-1", "position": "2.3", "actual_pay": "5 445,00 лв."},
            {"employee_id": "E-2", "position": "1.1", "actual_pay": "926,47 €"}]  # fmt: skip
    found = [(r["actual_pay"], r["actual_currency"]) for r in api.roster(rows, as_of="2026-11-22")]
    assert found == [(D("5445.00"), "BGN"), (D("926.47"), "EUR")]
    rows[1]["actual_pay"] = D("5.445")  # a Decimal is a number, never grouped
    with pytest.raises(salesgrid.UsageError, match=r"the number 5\.445 has more than 2 decimals"):
        list(api.roster(rows, as_of="2026-11-22"))
    rows[1]["actual_pay"] = "926,47 €"
    rows[0]["actual_currency"] = "EUR"
    with pytest.raises(salesgrid.UsageError, match="is in BGN, but actual_currency says EUR"):
        list(api.roster(rows, as_of="2026-11-22"))
