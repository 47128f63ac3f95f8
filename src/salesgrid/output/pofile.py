"""A gettext ``.po`` catalog compiled to the ``.mo`` bytes :class:`gettext.GNUTranslations`
reads, in memory: the catalogs ship as ``.po`` sources, so a new language is a file, and no
tool (Babel, msgfmt) is needed to build or run salesgrid.

Reads what ``pybabel`` and ``msgfmt`` write: ``msgctxt``, ``msgid``, ``msgid_plural``,
``msgstr`` and ``msgstr[N]``, strings continued on the next lines, the C escapes, comments; an
entry marked ``fuzzy`` or with an empty translation is left out (gettext then shows the
English). The bytes are UTF-8 (a header without a charset is given one).
"""

from __future__ import annotations

import ast
import struct

Entry = dict[str, str]


def _unquote(text: str) -> str:
    """A quoted .po string's value (the escapes as in C, which Python's literals share)."""
    value = ast.literal_eval(text)
    if not isinstance(value, str):  # pragma: no cover - a .po line is always a string
        raise ValueError(f"not a string: {text}")
    return value


def entries(text: str) -> list[Entry]:
    """The catalog's entries: each a dict of its keywords (``msgid``, ``msgstr[0]``, ...) and
    ``fuzzy`` when so flagged."""
    found: list[Entry] = []
    entry: Entry = {}
    key = ""
    for raw in [*text.split("\n"), ""]:  # not splitlines: U+2028 may sit inside a string
        line = raw.strip()
        if line.startswith('"'):
            entry[key] += _unquote(line)
            continue
        starts = not line or line.startswith(("#", "msgctxt", "msgid "))
        if starts and "msgid" in entry and any(k.startswith("msgstr") for k in entry):
            found.append(entry)
            entry = {}
        if line.startswith("#,") and "fuzzy" in line:
            entry["fuzzy"] = "yes"
        if not line or line.startswith("#"):
            continue
        key, _, rest = line.partition(" ")
        entry[key] = _unquote(rest.strip())
    return found


def mo_bytes(text: str) -> bytes:
    """The ``.po`` text compiled: the table :class:`gettext.GNUTranslations` reads."""
    messages: dict[bytes, bytes] = {}
    for entry in entries(text):
        if "fuzzy" in entry and entry["msgid"]:
            continue
        key = entry["msgid"]
        if "msgid_plural" in entry:
            key += "\0" + entry["msgid_plural"]
            forms = sorted(k for k in entry if k.startswith("msgstr["))
            value = "\0".join(entry[k] for k in forms)
        else:
            value = entry.get("msgstr", "")
        if "msgctxt" in entry:
            key = entry["msgctxt"] + "\x04" + key
        if value.replace("\0", ""):
            messages[key.encode()] = value.encode()
    header = messages.get(b"", b"")
    if b"charset=" not in header:  # the bytes are UTF-8, whatever the source said
        messages[b""] = header + b"Content-Type: text/plain; charset=UTF-8\n"
    keys = sorted(messages)
    start = 7 * 4 + 16 * len(keys)
    ids = strs = b""
    offsets = []
    for name in keys:
        offsets.append((len(ids), len(name), len(strs), len(messages[name])))
        ids += name + b"\0"
        strs += messages[name] + b"\0"
    table_ids, table_strs = [], []
    for id_at, id_len, str_at, str_len in offsets:
        table_ids += [id_len, start + id_at]
        table_strs += [str_len, start + len(ids) + str_at]
    head = struct.pack("Iiiiiii", 0x950412DE, 0, len(keys), 7 * 4, 7 * 4 + 8 * len(keys), 0, 0)
    tables = struct.pack(f"{len(table_ids)}i", *table_ids)
    tables += struct.pack(f"{len(table_strs)}i", *table_strs)
    return head + tables + ids + strs
