"""The criteria in Bulgarian (``criteria --lang bg``) and no English sentence on any Bulgarian
document: every data text of every packaged framework translated in ``salesgrid-data.po``, every
code message the criteria and pay-gap pages show in ``salesgrid.po``, a checker that finds English
left on a page (and fails on the English page, so it cannot pass for nothing), and the English
pages as they were."""

from __future__ import annotations

import gettext
import hashlib
import html
import io
import json
import re
from typing import Any

import pytest

from salesgrid.output import lang as lang_module
from salesgrid.output.criterialang import translated
from salesgrid.output.lang import Lang, language
from salesgrid.output.pofile import entries, mo_bytes

from .conftest import REPO, run

LOCALE = REPO / "src" / "salesgrid" / "locale"
DATA_PO = LOCALE / "bg" / "LC_MESSAGES" / "salesgrid-data.po"
ROSTER = str(REPO / "examples" / "paygap-roster.csv")
DAY = {"SALESGRID_AS_OF": "2026-11-22", "SALESGRID_MADE_ON": "2026-11-22", "COLUMNS": "120",
       "NO_COLOR": "1"}  # fmt: skip


def _frameworks() -> list[str]:
    listed = run(["frameworks", "--format", "json"], env=DAY)
    return [f["id"] for f in json.loads(listed.stdout)]


FRAMEWORKS = _frameworks()


def _doc(framework: str) -> dict[str, Any]:
    shown = run(["criteria", "--framework", framework, "--format", "json"], env=DAY)
    doc: dict[str, Any] = json.loads(shown.stdout)
    return doc


# ------------------------------------------------------------------- the English-sentence check

#: Latin words a Bulgarian page keeps: names (the company, the wiki's owner Secure Group, the
#: program, products), codes
#: (currencies, K-POC, CRM, B2B...), and the machine words a method quotes as they are typed:
#: the roster's spellings of sex, JSON literals and keys, a column, the quartile formula's floor.
ALLOWED = {
    "lunr", "salesgrid", "sha256", "bgn", "eur", "k-poc", "crm", "b2b", "kpi", "erp", "saas",
    "llm", "excel", "secure", "group",
    "female", "woman", "male", "null", "true", "withheld", "category", "floor", "json",
}  # fmt: skip
STRIPPED = [
    r"https?://\S+",  # a URL
    r"„[^“]*“",  # a document's own title, quoted as published: „Sales Management“
    r"\b[0-9a-f]{64}\b",  # a sha256
    r"\[[a-z][a-z0-9-]*\]",  # a bracketed source tag, [golden-rules]
    r"--[a-z][a-z-]*",  # an option
    r"\S+\.(?:yaml|yml|csv|json|html|md|xlsx|po)\b",  # a file name
    r"\b[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)+\b",  # an id: sales-management, hours_per_week, 2.2
]


def page_text(page: str) -> str:
    """What a reader reads: tags, styles and Markdown marks removed, entities decoded."""
    page = re.sub(r"<style>.*?</style>", " ", page, flags=re.S)
    page = html.unescape(re.sub(r"<[^>]+>", " ", page))
    page = re.sub(r"\\(.)", r"\1", page)  # Markdown escapes
    page = re.sub(r"[*`#|]+|^-+$|^\|?(?:-+\|)+", " ", page, flags=re.M)
    return " ".join(page.split())


def english_left(page: str) -> list[str]:
    """The English a page shows: every run of 3 or more Latin words, and every Latin word of 4 or
    more letters outside :data:`ALLOWED`, once the codes, ids, URLs and file names are out."""
    text = page_text(page)
    for pattern in STRIPPED:
        text = re.sub(pattern, " ", text)
    found, run_ = [], []
    for token in [*text.split(), ""]:
        bare = token.strip("()[],;:.!?\"'„“”«»/")
        latin = bool(re.fullmatch(r"[A-Za-z][A-Za-z'’]*", bare))
        if latin and bare.lower() not in ALLOWED:
            run_.append(bare)
            if len(re.sub(r"\W", "", bare)) >= 4:
                found.append(bare)
            continue
        if len(run_) >= 3:
            found.append(" ".join(run_))
        run_ = []
    return found


def test_the_check_finds_english_and_lets_codes_through() -> None:
    assert english_left("Общата разлика: the total mean gap") == [
        "total",
        "mean",
        "the total mean gap",
    ]
    assert english_left("Скала: (вграден) grid.yaml, sha256 " + "a" * 64) == []
    assert (
        english_left("Рамка `sales-management`; LUNR, CRM, K-POC, 1 812 BGN, [golden-rules]") == []
    )
    assert english_left("<p>Виж https://example.com/Some_Page?x=1 и --min-group</p>") == []
    assert english_left("ниво an old id") == ["an old id"]  # three short words are a sentence


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_the_check_fails_on_the_english_page(fmt: str) -> None:
    """So it cannot pass for nothing: the English criteria are full of English."""
    page = run(["criteria", "--format", fmt], env=DAY).stdout
    left = english_left(page)
    assert len(left) > 100 and "progression" in left


def test_the_check_fails_on_the_english_paygap_report() -> None:
    page = run(["paygap", ROSTER, "--format", "html"], env=DAY).stdout
    assert len(english_left(page)) > 50


# ------------------------------------------------------------------------ the Bulgarian pages


@pytest.mark.parametrize("fmt", ["markdown", "html"])
@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_the_criteria_in_bulgarian_show_no_english(framework: str, fmt: str) -> None:
    args = ["criteria", "--framework", framework, "--format", fmt, "--employer", "Акме ООД"]
    shown = run([*args, "--lang", "bg"], env=DAY)
    assert shown.exit_code == 0 and shown.stderr == "", shown.stderr  # nothing untranslated
    assert english_left(shown.stdout) == []
    assert "22.11.2026 г." in shown.stdout and "(вграден) grid.yaml" in shown.stdout
    assert not re.search(r"\d,\d{3}|\b\d{4}-\d{2}-\d{2}\b", page_text(shown.stdout))


PAYGAP_DOCUMENTS = {
    "report html": ["--format", "html", "--employer", "Акме ООД"],
    "report html, withheld": ["--format", "html", "--min-group", "30"],
    "report table": ["--format", "table", "--employer", "Акме ООД", "--min-group", "4"],
    "report markdown": ["--format", "markdown", "--employer", "Акме ООД"],
    "report markdown, withheld": ["--format", "markdown", "--min-group", "30"],
    "Art. 7 plain": ["--employee", "E-103", "--format", "plain"],
    "Art. 7 table": ["--employee", "E-103", "--format", "table"],
    "Art. 7 table, withheld": ["--employee", "E-103", "--format", "table",
                                         "--min-group", "4"],
    "Art. 7 markdown": ["--employee", "E-103", "--format", "markdown", "--min-group", "4"],
}  # fmt: skip


@pytest.mark.parametrize("name", PAYGAP_DOCUMENTS)
def test_the_paygap_documents_in_bulgarian_show_no_english(name: str) -> None:
    shown = run(["paygap", ROSTER, *PAYGAP_DOCUMENTS[name], "--lang", "bg"], env=DAY)
    assert shown.exit_code == 0, shown.output
    assert english_left(shown.stdout) == []
    assert "(вграден)" in shown.stdout and "(packaged)" not in shown.stdout


def test_the_variable_chooses_the_language_and_json_stays_english() -> None:
    by_variable = run(["criteria", "--format", "html"], env={**DAY, "SALESGRID_LANG": "bg"})
    assert '<html lang="bg">' in by_variable.stdout
    english = run(["criteria", "--format", "json"], env=DAY)
    assert run(["criteria", "--format", "json"], env={**DAY, "SALESGRID_LANG": "bg"}).stdout == (
        english.stdout
    )  # keys and values: the data files' English
    refused = run(["criteria", "--format", "json", "--lang", "bg"], env=DAY)
    assert refused.exit_code == 2 and "--lang" in refused.stderr


# ------------------------------------------------------------------------------ the catalogs


def _data_catalog() -> dict[str, str]:
    return {e["msgid"]: e.get("msgstr", "") for e in entries(DATA_PO.read_text("utf-8"))}


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_every_data_text_of_every_framework_is_translated(framework: str) -> None:
    """Each text of the data files the criteria show, in salesgrid-data.po, not empty."""
    doc = _doc(framework)
    _, untranslated = translated(doc, language("bg"))
    assert untranslated == []
    _, every = translated(doc, language("bg"), {})  # every data text the page shows
    catalog = _data_catalog()
    assert every and all(catalog.get(text, "").strip() for text in every)


def test_the_data_template_is_what_the_criteria_show() -> None:
    """salesgrid-data.pot holds the texts of the packaged frameworks, no more, no fewer (after
    a data file changes: the new texts go into the .pot and each language's .po)."""
    shown: set[str] = set()
    for framework in FRAMEWORKS:
        shown |= set(translated(_doc(framework), language("bg"), {})[1])
    template = {e["msgid"] for e in entries((LOCALE / "salesgrid-data.pot").read_text("utf-8"))}
    assert template - {""} == shown
    assert set(_data_catalog()) - {""} == shown


class Recorder(gettext.NullTranslations):
    """The fallback of a catalog: every message it was asked for and did not have."""

    def __init__(self) -> None:
        super().__init__()
        self.missing: set[str] = set()

    def gettext(self, message: str) -> str:
        self.missing.add(message)
        return message

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        self.missing.add(msgid1)
        return msgid1 if n == 1 else msgid2

    def pgettext(self, context: str, message: str) -> str:
        self.missing.add(f"{context}|{message}")
        return message


def test_every_code_message_of_the_pages_is_in_the_catalog(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every message the criteria and pay-gap pages ask the catalog for is translated."""
    po = (LOCALE / "bg" / "LC_MESSAGES" / "salesgrid.po").read_text("utf-8")
    catalog = gettext.GNUTranslations(io.BytesIO(mo_bytes(po)))
    recorder = Recorder()
    catalog.add_fallback(recorder)
    bulgarian = Lang("bg", catalog)
    monkeypatch.setattr(lang_module, "language", lambda _code: bulgarian)
    for framework in FRAMEWORKS[:2]:
        for fmt in ("markdown", "html"):
            assert run(["criteria", "--framework", framework, "--format", fmt, "--lang", "bg"],
                       env=DAY).exit_code == 0  # fmt: skip
    for args in PAYGAP_DOCUMENTS.values():
        assert run(["paygap", ROSTER, *args, "--lang", "bg"], env=DAY).exit_code == 0
    assert recorder.missing == set()


def test_a_text_with_no_translation_is_shown_as_written_with_one_warning(tmp_path: Any) -> None:
    """A user's own competency file: its texts as written, the page mixed, the cli says so."""
    source = (REPO / "data" / "competencies.yaml").read_text("utf-8")
    first = _doc("sales-management")["competencies"][0]["statements"][0]["subject"]
    edited = tmp_path / "competencies.yaml"
    edited.write_text(source.replace(first, "Our own house statement", 1), encoding="utf-8")
    shown = run(["criteria", "--competencies", str(edited), "--lang", "bg"], env=DAY)
    assert shown.exit_code == 0
    assert "Our own house statement" in shown.stdout
    assert "Our own house statement" in english_left(shown.stdout)  # the check finds it too
    warnings = shown.stderr.splitlines()
    assert len(warnings) == 1 and "1 text of the data files has no Bulgarian" in warnings[0]
    assert "'Our own house statement'" in warnings[0] and "salesgrid-data.po" in warnings[0]
    assert run(["criteria", "--competencies", str(edited)], env=DAY).stderr == ""  # English


# ------------------------------------------------------------------------- English unchanged

#: sha256 of the default English pages up to their trace, as salesgrid wrote them before the
#: criteria spoke Bulgarian (the packaged data files of that day; re-record on a data change).
ENGLISH_PAGES = {
    "markdown": ("## Prepared for and source",
                 "50fdc6d15430257c1b45adfde557f1c1f6a1187f668ee36f67fc46ec0ad23abf"),
    "html": ('<section id="provenance">',
             "0ef685af4f1ece1514ea5a85f0602af357d48c39d0df9573161b47108a94d1a0"),
}  # fmt: skip


@pytest.mark.parametrize("fmt", ENGLISH_PAGES)
def test_the_english_pages_are_as_they_were(fmt: str) -> None:
    page = run(["criteria", "--format", fmt], env=DAY).stdout
    trace, digest = ENGLISH_PAGES[fmt]
    assert hashlib.sha256(page[: page.index(trace)].encode()).hexdigest() == digest
    assert run(["criteria", "--format", fmt, "--lang", "en"], env=DAY).stdout == page


def test_the_data_catalog_is_in_the_package() -> None:
    """Found as a package resource, as the code catalog is (the wheel takes every file under
    src/salesgrid, the .po sources with it)."""
    from importlib import resources  # why: this test only

    locale = resources.files("salesgrid").joinpath("locale")
    assert locale.joinpath("bg", "LC_MESSAGES", "salesgrid-data.po").is_file()
    assert locale.joinpath("salesgrid-data.pot").is_file()
    assert lang_module.data_texts("bg")["Pace setters"] == "Задаващи темпото"
    assert lang_module.data_texts("en") == {}
