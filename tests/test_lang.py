"""The documents in Bulgarian (``--lang bg``): every message of the catalog translated, no
English sentence left on a Bulgarian document, Bulgarian numbers and days, and the machine
formats the same in every language."""

from __future__ import annotations

import ast
import gettext
import html
import io
import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesgrid.output.lang import LANGUAGES, language
from salesgrid.output.pofile import entries, mo_bytes

from .conftest import REPO, run

SRC = REPO / "src" / "salesgrid"
LOCALE = SRC / "locale"
ROSTER = str(REPO / "examples" / "paygap-roster.csv")
#: the modules whose messages the catalog holds (``pybabel extract -k t -k n:1,2 -k p:1c,2``)
MARKED = [SRC / "output" / name for name in ("lang.py", "htmlpage.py", "traceout.py",
          "paygaplines.py", "paygaptables.py", "htmlreport.py", "gapchart.py",
          "criteriaout.py", "paygapmd.py")] + [SRC / "core" / name for name in ("paygap.py", "criteria.py")] + [
          SRC / "batch" / "paygap.py", SRC / "batch" / "paygaphistory.py"]  # fmt: skip
DAY = {"SALESGRID_AS_OF": "2026-11-22", "COLUMNS": "120", "NO_COLOR": "1"}


def _catalog(path: Path) -> list[dict[str, str]]:
    return [e for e in entries(path.read_text(encoding="utf-8")) if e["msgid"]]


def _key(entry: dict[str, str]) -> tuple[str, str, str]:
    return entry.get("msgctxt", ""), entry["msgid"], entry.get("msgid_plural", "")


def _marked() -> set[tuple[str, str, str]]:
    """The messages the code marks: ``.t("...")``, ``.n("...", "...", n)``, ``.p(ctx, "...")``."""
    found = set()
    for path in MARKED:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func  # lang.t(...) or t(...) after t = lang.t
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            args = [a.value if isinstance(a, ast.Constant) else None for a in node.args]
            if name == "t" and args and isinstance(args[0], str):
                found.add(("", args[0], ""))
            elif name == "n" and len(args) > 1 and isinstance(args[0], str):
                found.add(("", args[0], str(args[1])))
            elif name == "p" and len(args) > 1 and isinstance(args[1], str):
                found.add((str(args[0]), args[1], ""))
    return found


def test_every_marked_message_is_in_the_template() -> None:
    """The template (.pot) is what the code marks: re-extract with pybabel after a change."""
    template = {_key(e) for e in _catalog(LOCALE / "salesgrid.pot")}
    marked = _marked()
    assert marked - template == set(), "marked but not in salesgrid.pot"
    assert template - marked == set(), "in salesgrid.pot but no longer marked"


@pytest.mark.parametrize("code", [c for c in LANGUAGES if c != "en"])
def test_every_message_of_the_template_is_translated(code: str) -> None:
    """A message a document shows with no translation fails here (not on a worker's page)."""
    po = LOCALE / code / "LC_MESSAGES" / "salesgrid.po"
    translated = {
        _key(e)
        for e in _catalog(po)
        if "fuzzy" not in e
        and all(v for k, v in e.items() if k.startswith("msgstr"))  # " ": a mark
        and any(k.startswith("msgstr") for k in e)
    }
    missing = {_key(e) for e in _catalog(LOCALE / "salesgrid.pot")} - translated
    assert not missing, f"no {code} translation: {sorted(missing)[:5]}"
    # and the placeholders survive: a translation names the same {values} as its message
    for entry in _catalog(po):
        wanted = set(re.findall(r"\{\w+\}", entry["msgid"] + entry.get("msgid_plural", "")))
        for key, value in entry.items():
            if key.startswith("msgstr"):
                assert set(re.findall(r"\{\w+\}", value)) <= wanted, (entry["msgid"], value)


def _text(page: str) -> str:
    page = re.sub(r"<style>.*?</style>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _words(text: str) -> list[str | None]:
    """Each token as a lower-case word, or None for a code, an id, a number, a file name, a
    sha256, a column or an option (anything with a digit, ``_``, ``-``, ``/`` or ``.`` inside)."""
    out: list[str | None] = []
    for token in text.split():
        bare = token.strip("()[],;:.!?\"'„“”")
        out.append(bare.lower() if re.fullmatch(r"[A-Za-z]+", bare) else None)
    return out


ALLOWED = {"eur", "bgn", "sha256", "salesgrid", "null", "true", "withheld", "packaged"}


def _english_runs(bulgarian: str, english: str) -> list[str]:
    """Runs of 3 or more consecutive words of the English document left on the Bulgarian one."""
    vocabulary = {w for w in _words(english) if w} - ALLOWED
    runs, current = [], []
    for word in [*_words(bulgarian), None]:
        if word is not None and word in vocabulary:
            current.append(word)
            continue
        if len(current) >= 3:
            runs.append(" ".join(current))
        current = []
    return runs


DOCUMENTS = {
    "report html": ["--format", "html", "--employer", "ACME"],
    "report html, categories withheld": ["--format", "html", "--min-group", "5"],
    "report html, all withheld": ["--format", "html", "--min-group", "30"],
    "report table": ["--format", "table", "--employer", "ACME", "--min-group", "4"],
    "Art. 7 plain": ["--employee", "E-103", "--format", "plain"],
    "Art. 7 table, withheld": ["--employee", "E-103", "--format", "table", "--min-group", "4"],
}


@pytest.mark.parametrize("name", DOCUMENTS)
def test_a_bulgarian_document_shows_no_english_sentence(name: str) -> None:
    args = ["paygap", ROSTER, *DOCUMENTS[name]]
    english, bulgarian = run(args, env=DAY), run([*args, "--lang", "bg"], env=DAY)
    assert english.exit_code == bulgarian.exit_code == 0, bulgarian.output
    assert english.stdout != bulgarian.stdout
    assert _english_runs(_text(bulgarian.stdout), _text(english.stdout)) == []
    assert re.search(r"\b\d{2}\.\d{2}\.\d{4} г\.", bulgarian.stdout)  # the day made
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", _text(bulgarian.stdout))  # no ISO day


def test_the_check_finds_english_left_on_a_page() -> None:
    """The check above fails on a sentence left untranslated (and lets codes through)."""
    english = "The total mean gap is on hourly pay, employee_id E-103"
    assert _english_runs("Общата разлика: total mean gap; employee_id E-103", english) == [
        "total mean gap"
    ]
    assert _english_runs("Общата разлика; employee_id E-103, EUR", english) == []


def test_bulgarian_numbers_percents_and_the_directive_terms() -> None:
    page = run(["paygap", ROSTER, "--format", "html", "--lang", "bg"], env=DAY).stdout
    assert '<html lang="bg">' in page
    assert "15,78 %" in page and "15.78%" not in page  # decimal comma, a space before %
    assert (
        "8 849,60 EUR"
        in run(
            ["paygap", ROSTER, "--employee", "E-103", "--format", "plain", "--lang", "bg"], env=DAY
        ).stdout
    )  # thousands grouped with a space
    for term in (
        "Разликата в заплащането на жените и мъжете",
        "Медианната разлика в заплащането на жените и мъжете",
        "дела на работниците от женски и мъжки пол във всеки квартил на заплащане",
        "категории работници",
    ):
        assert term.lower() in page.lower(), term
    # the JSON's numbers are still on the page, each as Bulgarian writes it
    record = json.loads(run(["paygap", ROSTER, "--format", "json"], env=DAY).stdout)
    assert f"{record['mean_gap_pct']}".replace(".", ",") + " %" in page


def test_machine_formats_are_the_same_in_every_language() -> None:
    for extra in (["--format", "json"], ["--format", "csv"], ["--employee", "E-103", "--format",
                                                             "json"]):  # fmt: skip
        english = run(["paygap", ROSTER, *extra], env=DAY)
        bulgarian = run(["paygap", ROSTER, *extra], env={**DAY, "SALESGRID_LANG": "bg"})
        assert english.stdout == bulgarian.stdout and english.exit_code == 0
        refused = run(["paygap", ROSTER, *extra, "--lang", "bg"], env=DAY)
        assert refused.exit_code == 2 and "--lang" in refused.stderr
    # the variable chooses the language of the documents
    by_variable = run(["paygap", ROSTER, "--format", "html"], env={**DAY, "SALESGRID_LANG": "bg"})
    assert '<html lang="bg">' in by_variable.stdout
    wrong = run(["paygap", ROSTER, "--format", "html", "--lang", "fr"], env=DAY)
    assert wrong.exit_code == 2 and "--lang" in wrong.stderr


def test_the_catalog_is_in_the_package() -> None:
    """Found as a package resource: the same in an editable install and in the wheel (the
    wheel takes every file under src/salesgrid)."""
    from importlib import resources  # why: this test only

    po = resources.files("salesgrid").joinpath("locale", "bg", "LC_MESSAGES", "salesgrid.po")
    assert po.is_file()
    assert language("bg").t("Method") == "Метод"
    assert language("en").t("Method") == "Method"


# ---------------------------------------------------------------------------- the compiler

PO = r"""# a comment
msgid ""
msgstr ""
"Plural-Forms: nplurals=2; plural=(n != 1);\n"

msgctxt "decimal mark"
msgid "."
msgstr ","

#, python-brace-format
msgid ""
"a long "
"message {x}"
msgstr "дълго "
"съобщение {x}"

msgid "{count} woman"
msgid_plural "{count} women"
msgstr[0] "{count} жена"
msgstr[1] "{count} жени"

#, fuzzy
msgid "unsure"
msgstr "несигурно"

msgid "empty"
msgstr ""

msgid "quote \" and \\ and \n"
msgstr "кавичка \" и \\ и \n"
"""


def test_the_compiler_reads_what_pybabel_writes() -> None:
    catalog = gettext.GNUTranslations(io.BytesIO(mo_bytes(PO)))
    assert catalog.pgettext("decimal mark", ".") == ","
    assert catalog.gettext("a long message {x}") == "дълго съобщение {x}"
    assert catalog.ngettext("{count} woman", "{count} women", 1) == "{count} жена"
    assert catalog.ngettext("{count} woman", "{count} women", 5) == "{count} жени"
    assert catalog.gettext("unsure") == "unsure"  # fuzzy: left out
    assert catalog.gettext("empty") == "empty"  # untranslated: the English
    assert catalog.gettext('quote " and \\ and \n') == 'кавичка " и \\ и \n'


TEXT = st.text(
    st.characters(exclude_characters="\x00\x04", exclude_categories=("Cs",)), min_size=1
)  # gettext's own


@given(st.dictionaries(TEXT, TEXT, max_size=8))
def test_the_compiler_gives_back_every_message(messages: dict[str, str]) -> None:
    body = "".join(f"msgid {json.dumps(k, ensure_ascii=False)}\nmsgstr "
                   f"{json.dumps(v, ensure_ascii=False)}\n\n" for k, v in messages.items())  # fmt: skip
    catalog = gettext.GNUTranslations(io.BytesIO(mo_bytes('msgid ""\nmsgstr ""\n\n' + body)))
    for key, value in messages.items():
        assert catalog.gettext(key) == value
