"""Workbooks for the xlsx reader's tests: written with XlsxWriter, or part by part (for the
shapes XlsxWriter never writes: damaged, oversized, in other XML forms), and a small grid with
a level of more than 9 steps (where a number cell 2.1 could be 2.1 or 2.10)."""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import xlsxwriter

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"

#: Two frameworks: "short" (the default, 2 levels x 4 steps) and "long" (2 levels x 12 steps).
GRID = """\
schema_version: 1
default_framework: short
conversions:
  - {from: BGN, to: EUR, operation: divide, rate: "1.95583", rounding: up, decimals: 2,
     rule: the pay rule, source: the Euro Act}
realms: {}
frameworks:
  - id: short
    title: Short Steps
    path: individual_contributor
    realms: []
    currency: BGN
    basis: monthly_net
    source: https://intranet.example.com/short
    versions:
      - in_force_from: 2025-01-01
        date_source: board decision
        levels:
          1: [1000, 1100, 1200, 1300]
          2: [2000, 2100, 2200, 2300]
  - id: long
    title: Long Steps
    path: individual_contributor
    realms: []
    currency: BGN
    basis: monthly_net
    source: https://intranet.example.com/long
    versions:
      - in_force_from: 2025-01-01
        date_source: board decision
        levels:
          1: [1000, 1010, 1020, 1030, 1040, 1050, 1060, 1070, 1080, 1090, 1100, 1110]
          2: [2000, 2010, 2020, 2030, 2040, 2050, 2060, 2070, 2080, 2090, 2100, 2110]
"""


def grid(tmp_path: Path) -> Path:
    path = tmp_path / "steps-grid.yaml"
    path.write_text(GRID, encoding="utf-8")
    return path


def workbook(
    path: Path | None, sheets: dict[str, Sequence[Sequence[Any]]], date1904: bool = False
) -> bytes:
    """A workbook as XlsxWriter writes it (shared strings). A date is a date cell
    (yyyy-mm-dd); a ``("=F", value)`` tuple a formula with its cached value; a ``Number``, a
    number in that format. Written to ``path`` when given; its bytes returned."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "date_1904": date1904})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    formats: dict[str, Any] = {}
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, Number):
                    fmt = formats.setdefault(value.fmt, book.add_format({"num_format": value.fmt}))
                    sheet.write_number(r, c, value.value, fmt)
                elif isinstance(value, datetime.date):
                    if not isinstance(value, datetime.datetime):
                        value = datetime.datetime(value.year, value.month, value.day)
                    sheet.write_datetime(r, c, value, day)
                elif isinstance(value, tuple):
                    sheet.write_formula(r, c, value[0], None, value[1])
                elif value is not None:
                    sheet.write(r, c, value)
    book.close()
    data = buffer.getvalue()
    if path is not None:
        path.write_bytes(data)
    return data


class Number:
    """A number cell in a number format (``Number(45658, "d.m.yyyy")``)."""

    def __init__(self, value: float, fmt: str) -> None:
        self.value, self.fmt = value, fmt


def sheet_xml(rows: str, head: str = "", root: str = f'xmlns="{MAIN}" xmlns:r="{RELS}"') -> str:
    """A sheet's XML around ``rows`` (the inside of sheetData)."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f"<worksheet {root}>{head}<sheetData>{rows}</sheetData></worksheet>"
    )


def cells(*rows: Sequence[str], start: int = 1) -> str:
    """Rows of inline-string cells, as the inside of sheetData."""
    out = []
    for number, values in enumerate(rows, start=start):
        inner = "".join(
            f'<c r="{chr(65 + col)}{number}" t="inlineStr"><is><t>{value}</t></is></c>'
            for col, value in enumerate(values)
            if value != ""
        )
        out.append(f'<row r="{number}">{inner}</row>')
    return "".join(out)


def parts(
    sheet: str | bytes,
    shared: Sequence[str] | str | bytes | None = None,
    styles: str | bytes | None = None,
    workbook_xml: str | None = None,
    extra: dict[str, str | bytes] | None = None,
    leave_out: Sequence[str] = (),
    compression: int = zipfile.ZIP_DEFLATED,
) -> bytes:
    """A workbook written part by part: one sheet "Staff" (``sheet``: its XML), the shared
    strings (plain strings, or the part's XML), the styles' XML."""
    files: dict[str, str | bytes] = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats'
            '.org/package/2006/content-types"/>'
        ),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE}">'
            f'<Relationship Id="rId1" Type="{RELS}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": workbook_xml
        or (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{RELS}">'
            '<sheets><sheet name="Staff" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE}">'
            f'<Relationship Id="rId1" Type="{RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{RELS}/sharedStrings" Target="sharedStrings.xml"/>'
            f'<Relationship Id="rId3" Type="{RELS}/styles" Target="styles.xml"/>'
            "</Relationships>"
        ),
        "xl/worksheets/sheet1.xml": sheet,
    }
    if shared is not None:
        if isinstance(shared, str | bytes):
            files["xl/sharedStrings.xml"] = shared
        else:
            items = "".join(f"<si><t>{s}</t></si>" for s in shared)
            files["xl/sharedStrings.xml"] = (
                f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}">{items}</sst>'
            )
    if styles is not None:
        files["xl/styles.xml"] = styles
    files.update(extra or {})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in files.items():
            if name not in leave_out:
                archive.writestr(name, content)
    return buffer.getvalue()


def date_styles(*formats: str) -> str:
    """styles.xml whose cell styles 1, 2... have these number formats (style 0: General)."""
    custom = "".join(
        f'<numFmt numFmtId="{164 + i}" formatCode="{f}"/>' for i, f in enumerate(formats)
    )
    xfs = '<xf numFmtId="0"/>' + "".join(
        f'<xf numFmtId="{164 + i}" applyNumberFormat="1"/>' for i in range(len(formats))
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{MAIN}">'
        f'<numFmts count="{len(formats)}">{custom}</numFmts>'
        f'<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>'
        f'<cellXfs count="{len(formats) + 1}">{xfs}</cellXfs>'
        # a conditional format's number format, which is no cell's
        '<dxfs count="1"><dxf><numFmt numFmtId="164" formatCode="0.00"/></dxf></dxfs></styleSheet>'
    )


def read_book(source: Path | bytes) -> dict[str, list[list[Any]]]:
    """Every sheet of a workbook salesgrid wrote, read back by salesgrid's own reader: each
    row padded to the widest with "", a number cell as a float, a boolean as a bool, text as
    str (the shape python-calamine's ``to_python`` gave these tests)."""
    from salesgrid.batch.xlsxparts import Workbook
    from salesgrid.batch.xlsxsheet import sheet_rows

    book = Workbook(source.read_bytes() if isinstance(source, Path) else source)
    shared = book.shared_strings()
    found: dict[str, list[list[Any]]] = {}
    for name, _ in book.sheets:
        _, info = book.sheet(name)
        rows: list[list[Any]] = []
        for number, raw in sheet_rows(book.parts, info):
            while len(rows) < number:
                rows.append([])
            row = rows[number - 1]
            for col, kind, _, text in raw:
                row.extend([""] * (col + 1 - len(row)))
                assert text is not None
                value: Any = text
                if kind in ("", "n"):
                    value = float(text) if text else ""
                elif kind == "s":
                    value = shared[int(text)]
                elif kind == "b":
                    value = text == "1"
                row[col] = value
        width = max((len(row) for row in rows), default=0)
        found[name] = [row + [""] * (width - len(row)) for row in rows]
    return found


def repeated_sheet(size: int) -> bytes:
    """A workbook whose sheet is ``size`` bytes of XML or a little more (rows of one 32,000
    character inline string), zipped by hand from one compressed block repeated: 1 GiB of XML
    in about 1 MB, written in a moment."""
    import struct
    import zlib

    row = b'<row><c t="inlineStr"><is><t>' + b"x" * 32_000 + b"</t></is></c></row>"
    block = row * 32  # 1 MiB
    head = sheet_xml(cells(["employee_id", "position"]))[: -len("</sheetData></worksheet>")]
    pieces = [head.encode(), block, b"</sheetData></worksheet>"]
    count = max(1, -(-(size - len(pieces[0])) // len(block)))
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = packer.compress(pieces[0]) + packer.flush(zlib.Z_FULL_FLUSH)
    repeated = packer.compress(block) + packer.flush(zlib.Z_FULL_FLUSH)
    again = packer.compress(block) + packer.flush(zlib.Z_FULL_FLUSH)
    assert again == repeated  # after a full flush, a block compresses alike
    last = packer.compress(pieces[2]) + packer.flush()
    crc = zlib.crc32(pieces[0])
    for _ in range(count):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(pieces[2], crc)
    sheet = (first + repeated * count + last, crc, len(pieces[0]) + len(block) * count + 24)
    with zipfile.ZipFile(io.BytesIO(parts("<x/>"))) as source:
        files = {
            info.filename: (
                zlib.compress(data := source.read(info), 9)[2:-4],
                zlib.crc32(data),
                len(data),
            )
            for info in source.infolist()
            if info.filename != "xl/worksheets/sheet1.xml"
        }
    files["xl/worksheets/sheet1.xml"] = sheet
    out = io.BytesIO()
    central = b""
    for name, (data, crc32, length) in files.items():
        encoded = name.encode()
        offset = out.tell()
        out.write(
            struct.pack(
                "<IHHHHHIIIHH",
                0x04034B50,
                20,
                0,
                8,
                0,
                0x21,
                crc32,
                len(data),
                length,
                len(encoded),
                0,
            )
        )
        out.write(encoded + data)
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc32, len(data), length,
            len(encoded), 0, 0, 0, 0, 0, offset,
        ) + encoded  # fmt: skip
    start = out.tell()
    out.write(central)
    out.write(
        struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(files), len(files), len(central), start, 0)
    )
    return out.getvalue()
