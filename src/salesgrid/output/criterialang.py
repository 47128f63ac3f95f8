"""The published criteria (:func:`salesgrid.core.criteria.criteria`) in another language than
English, for the pages people read (:mod:`salesgrid.output.criteriaout` then writes its own words
through the same :class:`~salesgrid.output.lang.Lang`).

The criteria's sentences are mostly the data files' own: framework titles, level names, rule
descriptions and sources, criteria and ratings, competency statements, domains. Each is looked up
in the language's data catalog (``locale/LANG/LC_MESSAGES/salesgrid-data.po``, msgid = the file's
exact English text). A text it has no translation for (a user's own grid or competency file) is
shown as written and counted, so the cli can say the page is mixed. The JSON never comes here: its
values stay the files' English.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from typing import Any

from salesgrid.core.criteria import moves
from salesgrid.output.lang import Lang, data_texts


def translated(
    doc: dict[str, Any], lang: Lang, texts: Mapping[str, str] | None = None
) -> tuple[dict[str, Any], list[str]]:
    """``doc`` with every data text in ``lang`` (a copy), and the texts it has no translation
    for, each once, in order of appearance (none in English, the files' own language).

    ``texts``: the translations to use instead of the language's data catalog (``{}``: the
    texts come back all, the list the data catalog needs)."""
    if lang.code == "en" and texts is None:
        return doc, []
    texts = data_texts(lang.code) if texts is None else texts
    missing: dict[str, None] = {}

    def say(text: Any) -> Any:
        if not isinstance(text, str) or not text.strip():
            return text
        found = texts.get(text)
        if found is None:
            missing[text] = None
            return text
        return found

    out = copy.deepcopy(doc)
    _each(out["framework"], ("title", "bonus", "note"), say)
    _each(out["grid"], ("date_source",), say)
    for level in out["grid"]["levels"]:
        _each(level, ("name",), say)
    out["moves"] = moves(lang)  # salesgrid's own words: the code's catalog
    for rule in [*out["rules"], *out["time_rules"]]:
        _each(rule, ("description", "source"), say)
        _thresholds(rule["id"], rule["thresholds"], say)
    _each(out["landing"], ("description", "source"), say)
    for level in out["competencies"]:
        _each(level, ("name", "core_duties"), say)
        for statement in level["statements"]:
            _each(statement, ("domain", "subject", "text"), say)
    return out, list(missing)


def _each(record: dict[str, Any], keys: tuple[str, ...], say: Callable[[Any], Any]) -> None:
    for key in keys:
        if key in record:
            record[key] = say(record[key])


def _thresholds(ident: str, thresholds: dict[str, Any], say: Callable[[Any], Any]) -> None:
    """The data texts among a rule's thresholds: names of criteria, ratings and realms."""
    if ident == "chart":
        ids = [c["id"] for c in thresholds["criteria"]]
        for criterion in thresholds["criteria"]:
            _each(criterion, ("name",), say)
        for minimum in thresholds["minimums"]:
            _each(minimum, tuple(ids), say)  # the rating words in the chart's table
        for rating in thresholds["scale"]:
            _each(rating, ("rating", "meaning"), say)
    elif ident == "realm":
        for realm in thresholds["realms"]:
            _each(realm, ("name",), say)
    elif ident == "experience_exposure":
        _each(thresholds, ("experience_at_most", "exposure_at_least"), say)
