"""The pay-gap report's category chart: no text overlaps another or leaves the picture."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal
from typing import Any

from salesgrid.output.gapchart import category_svg
from salesgrid.output.htmlreport import paygap_html

EM = 0.6  # a character's width in em, on the safe side; Cyrillic counted the same


def _category(name: str, gap: str | None, flag: bool = False, withheld: bool = False) -> Any:
    return {"category": name, "total_mean_gap_pct": None if gap is None else Decimal(gap),
            "flag": flag, "withheld": withheld, "women": 3, "men": 3}  # fmt: skip


CATEGORIES = [
    _category("sales-management 2", "-14.35", flag=True),
    _category("sales-management 3", "14.35", flag=True),
    _category("x" * 20 + " " + "long-category-name " * 2 + "y" * 8, "3.10"),
    _category("Управление на продажбите - регионален мениджър", "-2.50"),
    _category("sales-management 4", None, withheld=True),
    _category("sales-management 5", "-99.99", flag=True),
]


def _boxes(svg: str) -> tuple[list[tuple[str, float, float, float, float]], list[float]]:
    root = ET.fromstring(svg)
    view = [float(v) for v in root.attrib["viewBox"].split()]
    boxes = []
    for node in root.iter("text"):
        text = "".join(node.itertext())
        size = float(node.attrib["font-size"])
        x, y = float(node.attrib["x"]), float(node.attrib["y"])
        width = len(text) * size * EM
        anchor = node.attrib.get("text-anchor", "start")
        left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
        boxes.append((text, left, y - size, left + width, y + 0.3 * size))
    return boxes, view


def _check(svg: str) -> None:
    boxes, (vx, vy, vw, vh) = _boxes(svg)
    for text, left, top, right, bottom in boxes:
        assert vx <= left and right <= vx + vw and vy <= top and bottom <= vy + vh, text
    for index, one in enumerate(boxes):
        for other in boxes[index + 1 :]:
            apart = (one[3] <= other[1] or other[3] <= one[1]
                     or one[4] <= other[2] or other[4] <= one[2])  # fmt: skip
            assert apart, (one[0], other[0])


def test_no_text_overlaps_another_or_leaves_the_chart() -> None:
    _check(category_svg(CATEGORIES))


def test_a_wide_scale_keeps_its_tick_labels_apart() -> None:
    _check(category_svg([_category("a", "-400.00", flag=True), _category("b", "1.00")]))


def test_one_category_and_none() -> None:
    _check(category_svg([_category("Търговия", "-14.35", flag=True)]))
    _check(category_svg([]))


def test_a_long_name_is_shortened_and_whole_in_its_title() -> None:
    name = "Управление на продажбите - регионален мениджър за Югозападна България, град София"
    root = ET.fromstring(category_svg([_category(name, "1.00")]))
    assert [g.findtext("title") for g in root.iter("g")] == [name]
    shown = ["".join(t.itertext()) for t in root.iter("g") for t in t.iter("text")]
    assert len(shown) == 2 and shown[-1].endswith("…")


def test_the_page_holds_the_chart() -> None:
    record = {"year": 2026, "workers": {"women": 3, "men": 3}, "categories": CATEGORIES,
              "quartiles": []}  # fmt: skip
    page = paygap_html(record, {"read": 6})
    start = page.index('<svg id="category-chart"')
    _check(page[start : page.index("</svg>", start) + len("</svg>")])
