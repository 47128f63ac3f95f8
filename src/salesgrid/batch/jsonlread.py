"""JSONL rosters: one JSON object a line, every value as the text a CSV cell would hold; the
first object decides the columns, and a line that is no object, or a value that is no roster
value, rejects its row alone.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from typing import IO, Any

from salesgrid.batch.codepage import refuse_late
from salesgrid.batch.columns import (
    ACTUAL_COLUMNS,
    AMOUNT_COLUMNS,
    ASSESSMENT_COLUMNS,
    BOOL_COLUMNS,
    INPUT_COLUMNS,
    PAYGAP_ONLY_COLUMNS,
    realm_column,
)
from salesgrid.batch.header import column_name, did_you_mean
from salesgrid.batch.readcolumns import ReadColumns
from salesgrid.batch.rows import NumberedSource, RowSource, Unreadable
from salesgrid.batch.textread import (
    ANY_SURROGATE,
    MAX_LINE,
    SURROGATE,
    UNDECODED,
    clean_values,
    encoding_reason,
)
from salesgrid.core import money
from salesgrid.errors import UsageError, clip

#: JSONL lines that are no object, read before the first object (which decides the columns):
#: rejected rows, held until that object is found; more of them and the file is no JSONL.
_MAX_LEADING = 1_000
_WHOLE_COLUMNS = ("level", "step", "failed_kpocs_in_a_row")
_BOOL_COLUMNS = frozenset(BOOL_COLUMNS)
_FLOAT_WHOLE = re.compile(r"(-?[0-9]+)\.0*")


class _Pairs(list[tuple[str, Any]]):
    """A JSON object as its key, value pairs (so that a repeated key is seen)."""


def jsonl_rows(
    stream: IO[str],
    realms: Sequence[str] = (),
    ignore_unknown: bool = False,
    encoding: str = "utf-8-sig",
    columns: Sequence[str] | None = None,
) -> tuple[list[str], RowSource]:
    """JSONL, each line its own object; every value as text, as CSV would give it.

    With ``columns`` (a command's own, as `paygap`'s), those are the columns, whatever the
    first object holds; otherwise a roster's, as follows.

    The columns are the position columns (employee_id, framework, position, level, step) and,
    when the first object has any assessment key (even null), every assessment and realm
    column; a key that is absent or null is an empty value. A later row with assessment values
    when the first has none, an unknown key, a nested value, a number with a fraction where a
    whole number or a position is meant: that row alone is rejected. A key another command
    reads (`paygap`'s ``sex``... for a roster, a roster's assessment keys for `paygap`) is
    skipped.
    """
    realm_columns = tuple(realm_column(r) for r in realms)
    assessment = frozenset((*ASSESSMENT_COLUMNS, *realm_columns))
    known = frozenset(INPUT_COLUMNS) | assessment | frozenset(ACTUAL_COLUMNS)
    # the keys another command reads: skipped, never a rejected row
    skipped = frozenset(PAYGAP_ONLY_COLUMNS)
    if columns is not None:
        skipped = known - frozenset(columns)
        known = frozenset(columns)
    names: dict[str, str] = {}
    undecoded = UNDECODED
    seen = [undecoded[0]]
    told = ReadColumns()  # which columns the command reads: a value elsewhere rejects no row

    def lines() -> Iterator[tuple[int, str]]:
        number = 0
        while True:
            text = stream.readline(MAX_LINE)
            if not text:
                return
            number += 1
            if len(text) >= MAX_LINE and not text.endswith(("\n", "\r")):
                while True:  # skip the rest of the line
                    more = stream.readline(MAX_LINE)
                    if not more or more.endswith(("\n", "\r")):
                        break
                yield number, _TOO_LONG
                continue
            yield number, text

    def parse(text: str) -> _Pairs | str:
        """The line's object, or why it is none."""
        if text is _TOO_LONG:
            return f"a line longer than {MAX_LINE:,} characters"
        if undecoded[0] != seen[0]:
            found = len(SURROGATE.findall(text))
            if found:
                seen[0] += found
                return encoding_reason([text], encoding)
        try:
            obj = json.loads(
                text, object_pairs_hook=_Pairs, parse_float=_Float, parse_int=str,
                parse_constant=_constant,
            )  # fmt: skip
        except (ValueError, RecursionError) as exc:
            return f"not a JSON object: {str(exc)[:200]}"
        if not isinstance(obj, _Pairs):
            return f"not a JSON object but {_json_kind(obj)}"
        return obj

    def canonical(key: str) -> str:
        name = names.get(key)
        if name is None:
            name = column_name(key)
            if len(names) < 10_000:
                names[key] = name
        return name

    # The first object decides the columns; the lines before it that are no object are
    # rejected rows like any other (held until then, and only so many).
    numbered = lines()
    leading: list[tuple[int, str]] = []
    blank_before = 0  # the empty lines before it, counted as blank
    first: _Pairs | None = None
    first_line = 0
    for number, text in numbered:
        if not text.strip():
            blank_before += 1
            continue
        found = parse(text)
        if not isinstance(found, str):
            first_line, first = number, found
            break
        if not leading and found.startswith("not a JSON object:"):
            found += " (is the roster JSONL? see --input-format)"
        if len(leading) == _MAX_LEADING:
            raise UsageError(
                f"none of the first {_MAX_LEADING:,} lines of the JSONL roster is a JSON object "
                f"(line {leading[0][0]}: {leading[0][1]}): is it a JSONL roster? see --input-format"
            )
        leading.append((number, found))
    if first is None and not leading:
        raise UsageError("the roster is empty: it needs at least one JSON object")
    judged = first is not None and any(canonical(key) in assessment for key, _ in first)
    paid = first is not None and any(canonical(key) in ACTUAL_COLUMNS for key, _ in first)
    header = [*INPUT_COLUMNS, *ASSESSMENT_COLUMNS, *realm_columns] if judged else [*INPUT_COLUMNS]
    header += ACTUAL_COLUMNS if paid else ()
    if columns is not None:
        header = list(columns)
    where = {name: index for index, name in enumerate(header)}
    width = len(header)

    def row_of(line: int, obj: _Pairs) -> list[str]:
        values = [""] * width
        given: dict[str, str] = {}  # each column given -> its key as written
        problems: list[str] = []
        unknown: list[str] = []
        left_out: list[str] = []
        unpaid: list[str] = []
        for key, value in obj:
            name = canonical(key)
            if name in given:
                first = given[name]
                both = "" if first == key else f" ({clip(first)!r} and {clip(key)!r})"
                problems.append(f"the key {clip(name)!r} is given twice{both}")
                continue
            given[name] = key
            index = where.get(name)
            if index is None:
                if name in skipped:
                    continue
                if name not in known:
                    if not ignore_unknown:
                        unknown.append(key)
                elif value is not None and told.reads(name):
                    (unpaid if name in ACTUAL_COLUMNS else left_out).append(key)
                continue
            text = _json_text(name, value)
            if text.__class__ is _Problem:
                if told.reads(name):
                    problems.append(text)
            else:
                values[index] = text
        if unknown:
            hints = []
            for key in unknown:
                hints.append(f"{clip(key)!r}" + did_you_mean(key, known))
            keys = (
                f"{', '.join(INPUT_COLUMNS)}, the assessment keys, realm_<realm>, actual_pay and "
                "actual_currency" if columns is None else ", ".join(columns)
            )  # fmt: skip
            problems.append(
                f"unknown {'key' if len(hints) == 1 else 'keys'} {', '.join(hints)}: the keys "
                f"are {keys}; or pass "
                "--ignore-unknown-columns"
            )
        if left_out:
            problems.append(
                f"assessment values ({', '.join(left_out)}), but the first object (line "
                f"{first_line}) has no assessment key, so eligibility is not judged in this run: "
                "give the first object its assessment keys (null where unknown)"
            )
        if unpaid:
            problems.append(
                f"actual pay ({', '.join(unpaid)}), but the first object (line {first_line}) has "
                "no actual_pay key, so actual pay is not compared in this run: give the first "
                "object its actual_pay key (null where unknown)"
            )
        if problems:
            return Unreadable(line, "; ".join(problems), clean_values(header, values))
        return values

    def rows() -> Iterator[tuple[int, list[str]]]:
        """The rows in order (the empty lines before the first object first): an empty line
        is handed on as ``[]``, no row, for the run to count as blank."""
        for _ in range(blank_before):
            yield 0, []
        for number, reason in leading:
            yield number, Unreadable(number, reason, {})
        if first is None:
            return
        yield first_line, row_of(first_line, first)
        for number, text in numbered:
            if not text.strip():
                yield number, []
                continue
            obj = parse(text)
            if isinstance(obj, str):
                yield number, Unreadable(number, obj, {})
            else:
                yield number, row_of(number, obj)

    return header, NumberedSource(rows(), finish=lambda: refuse_late(stream), read_columns=told)


class _Marker(str):
    """A stand-in line, told apart from any line read by its identity."""


_TOO_LONG = _Marker("(a line too long to read)")


class _Problem(str):
    """Why a JSON value cannot be a roster value (told apart from a value by its class)."""


class _Float(str):
    """A JSON number with a fraction or an exponent, as written."""


def _constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def _json_kind(value: Any) -> str:
    if isinstance(value, _Pairs):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, _Float):
        return f"the number {value}"
    if isinstance(value, str) and value.isdigit():
        return f"the number {value}"
    return "a string"


def _json_text(name: str, value: Any) -> str:
    """A JSON value as the text a CSV cell would hold, or a :class:`_Problem`.

    Each column takes what it means: text columns take strings and whole numbers (an id
    12345), whole-number columns also ``2.0``, boolean columns (and realm_*) also true/false.
    A boolean where text or a number is meant, or a number with a fraction or an exponent
    anywhere but a whole-number column, is refused rather than turned into text."""
    if value.__class__ is str:
        if not value.isascii() and ANY_SURROGATE.search(value):
            return _Problem(f"{name}: the value holds a lone surrogate escape (\\ud...), no text")
        return value
    if value is None:
        return ""
    if value is True or value is False:
        word = "true" if value else "false"
        if name in _BOOL_COLUMNS or name.startswith("realm_"):
            return word
        if name in _WHOLE_COLUMNS:
            return _Problem(f"{name}: the JSON boolean {word} is not a whole number")
        return _Problem(
            f'{name}: the JSON boolean {word} is not text: write it as a string ("{word}") if '
            "that is the value"
        )
    if isinstance(value, _Float):
        shown = value if len(value) <= 40 else value[:40] + "..."
        if name in _WHOLE_COLUMNS:
            whole = _FLOAT_WHOLE.fullmatch(value)
            if whole is not None:
                return str(int(whole.group(1)))
            return _Problem(f"{name}: {shown} is not a whole number")
        if name in _BOOL_COLUMNS or name.startswith("realm_"):
            return _Problem(f"{name}: {shown} is not a boolean: write true or false")
        if name in AMOUNT_COLUMNS:  # an amount, as written: 1500.50 (read, or refused, as one)
            places = money.too_many_places(value, name)  # 5.445 is a number, never grouped
            return str(value) if places is None else _Problem(places)
        kind = "an exponent" if "e" in value.lower() else "a fraction"
        return _Problem(f"{name}: {shown} is a JSON number with {kind}: write it as a string")
    if isinstance(value, list | _Pairs):
        return _Problem(f"{name}: {_json_kind(value)} is not a roster value: give text or a number")
    return str(value)  # an integer, as written (parse_int=str)
