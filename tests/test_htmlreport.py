"""The pay-gap HTML page: every figure of the record on the page, self-contained, escaped."""

from __future__ import annotations

from decimal import Decimal
from html.parser import HTMLParser
from typing import Any

from salesgrid.core.paygap import withheld_reason
from salesgrid.output.htmlreport import paygap_html

D = Decimal

RECORD: dict[str, Any] = {
    "year": 2025,
    "workers": {"women": 6, "men": 7, "not_reported": 1},
    "withheld": False,
    "variable_withheld": False,
    "mean_gap_pct": D("12.34"),
    "median_gap_pct": D("-3.10"),
    "variable_mean_gap_pct": D("25.00"),
    "variable_median_gap_pct": None,
    "receiving_variable_pct": {"women": D("33.33"), "men": D("57.14")},
    "quartiles": [
        {"band": 1, "women_pct": D("75.00"), "men_pct": D("25.00")},
        {"band": 2, "women_pct": D("66.67"), "men_pct": D("33.33")},
        {"band": 3, "women_pct": D("33.33"), "men_pct": D("66.67")},
        {"band": 4, "women_pct": D("0.00"), "men_pct": D("100.00")},
    ],
    "categories": [
        {
            "category": "sales-management 2",
            "women": 3,
            "men": 2,
            "base_mean_gap_pct": D("7.50"),
            "base_median_gap_pct": D("7.50"),
            "variable_mean_gap_pct": None,
            "total_mean_gap_pct": D("6.10"),
            "flag": True,
            "withheld": False,
            "variable_withheld": True,
        },
        {
            "category": "sales-management 3",
            "women": 2,
            "men": 3,
            "base_mean_gap_pct": D("-1.25"),
            "base_median_gap_pct": D("0.00"),
            "variable_mean_gap_pct": D("-6.00"),
            "total_mean_gap_pct": D("-5.50"),
            "flag": True,
            "withheld": False,
            "variable_withheld": False,
        },
        {
            "category": "<script>alert(1)</script> & co",
            "women": 1,
            "men": 2,
            "base_mean_gap_pct": None,
            "base_median_gap_pct": None,
            "variable_mean_gap_pct": None,
            "total_mean_gap_pct": None,
            "flag": False,
            "withheld": True,
            "variable_withheld": False,
        },
        {
            "category": "account-management 1",
            "women": 0,
            "men": 1,
            "base_mean_gap_pct": None,
            "base_median_gap_pct": None,
            "variable_mean_gap_pct": None,
            "total_mean_gap_pct": None,
            "flag": False,
            "withheld": False,
            "variable_withheld": False,
        },
    ],
    "withheld_categories": {"count": 1, "min_group": 2, "reason": withheld_reason(2)},
    "method": "Hourly pay = (annual gross base + variable) / hours.\nGaps are (men - women) / men.",
}
ROWS = {"read": 14, "used": 13, "rejected": 1}


class Page(HTMLParser):
    """Tables by id (rows of cell texts, with the row's class), data-key texts, tags seen."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.tables: dict[str, list[tuple[str, list[str]]]] = {}
        self.keys: dict[str, str] = {}
        self.text: list[str] = []
        self._table: str | None = None
        self._row: list[str] | None = None
        self.pay_cell: list[str] | None = None
        self._key: tuple[str, list[str]] | None = None
        self._title: list[str] | None = None
        self.title = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag == "table":
            self._table = attributes.get("id") or ""
            self.tables[self._table] = []
        elif tag == "tr" and self._table is not None:
            self._row = []
            self.tables[self._table].append((attributes.get("class") or "", self._row))
        elif tag in ("td", "th") and self._row is not None:
            self.pay_cell = []
        if "data-key" in attributes:
            self._key = (attributes["data-key"] or "", [])
        if tag == "title" and self._title is None and not self.title:
            self._title = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self.pay_cell is not None and self._row is not None:
            self._row.append("".join(self.pay_cell).strip())
            self.pay_cell = None
        elif tag == "table":
            self._table = None
            self._row = None
        elif tag in ("span", "strong") and self._key is not None:
            self.keys[self._key[0]] = "".join(self._key[1])
            self._key = None
        elif tag == "title" and self._title is not None:
            self.title = "".join(self._title)
            self._title = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        for sink in (self.pay_cell, self._key[1] if self._key else None, self._title):
            if sink is not None:
                sink.append(data)


def parse(page: str) -> Page:
    parser = Page()
    parser.feed(page)
    parser.close()
    return parser


def shown(value: Decimal | None) -> str:
    return "n/a" if value is None else f"{value}%"


def test_headline_figures_equal_the_record() -> None:
    page = parse(paygap_html(RECORD, ROWS))
    assert page.keys["mean_gap_pct"] == "12.34%"
    assert page.keys["median_gap_pct"] == "-3.10%"
    assert page.keys["variable_mean_gap_pct"] == "25.00%"
    assert page.keys["variable_median_gap_pct"] == "n/a"
    assert page.keys["receiving_variable_pct.women"] == "33.33%"
    assert page.keys["receiving_variable_pct.men"] == "57.14%"
    assert (page.keys["women"], page.keys["men"], page.keys["not_reported"]) == ("6", "7", "1")
    headline = [cells for _, cells in page.tables["headline"][1:]]
    assert [cells[1] for cells in headline] == [
        "12.34%", "25.00%", "-3.10%", "n/a", "33.33%", "57.14%"
    ]  # fmt: skip
    assert [cells[0][:3] for cells in headline] == ["(a)", "(b)", "(c)", "(d)", "(e)", "(e)"]


def test_quartile_table_and_chart_equal_the_record() -> None:
    html = paygap_html(RECORD, ROWS)
    page = parse(html)
    rows = [cells for _, cells in page.tables["quartiles"][1:]]
    assert rows == [
        ["1 (lowest)", "75.00%", "25.00%"],
        ["2", "66.67%", "33.33%"],
        ["3", "33.33%", "66.67%"],
        ["4 (highest)", "0.00%", "100.00%"],
    ]
    # the chart: a women's bar 75% of the 560-unit width in band 1, none in band 4
    rects = [a for tag, a in page.tags if tag == "rect"]
    assert [a["width"] for a in rects[:2]] == ["420.0", "140.0"]
    assert [a["width"] for a in rects[6:8]] == ["0.0", "560.0"]
    assert "band 1: women 75.00%, men 25.00%" in html


def test_category_rows_equal_the_record_and_flags_are_words_too() -> None:
    page = parse(paygap_html(RECORD, ROWS))
    rows = page.tables["categories"][1:]
    flag = "FLAG: 5% or more"
    assert rows == [
        ("flag", ["sales-management 2", "3", "2", "6.10%", "7.50%", "7.50%", "n/a", flag]),
        ("flag", ["sales-management 3", "2", "3", "-5.50%", "-1.25%", "0.00%", "-6.00%", flag]),
        ("", ["<script>alert(1)</script> & co", "1", "2", *["withheld"] * 5]),
        ("", ["account-management 1", "0", "1", "n/a", "n/a", "n/a", "n/a", "no"]),
    ]
    text = "".join(page.text)
    assert "2 of 4 categories flagged." in text
    # what is withheld, and why, in words
    assert "1 of 4 categories withheld, counts only: fewer than 2 women or 2 men in each" in text
    assert "the variable mean gap of 1 of 4 categories withheld" in text
    assert "Why (--min-group 2): figures over so few people can show a co-worker's pay" in text
    # the chart draws the total mean gap, the flag's figure (C1)
    html = paygap_html(RECORD, ROWS)
    assert "sales-management 3: -5.50% (flagged)" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co: withheld" in html


def test_method_rows_year_version_and_accessibility() -> None:
    page = parse(paygap_html(RECORD, ROWS))
    text = "".join(page.text)
    assert "Hourly pay = (annual gross base + variable) / hours." in text
    assert "Gaps are (men - women) / men." in text
    assert [cells for _, cells in page.tables["rows"][1:]] == [
        ["read", "14"], ["used", "13"], ["rejected", "1"]
    ]  # fmt: skip
    assert page.title == "Gender pay gap report 2025"
    assert ("html", {"lang": "en"}) in page.tags
    assert "Generated by salesgrid 0.1.0" in text
    svgs = [a for tag, a in page.tags if tag == "svg"]
    assert len(svgs) == 2 and all(a.get("role") == "img" for a in svgs)
    assert sum(1 for tag, _ in page.tags if tag == "desc") == 2


def test_self_contained_no_script_no_network_and_escaped() -> None:
    html = paygap_html(RECORD, ROWS)
    page = parse(html)
    assert "script" not in {tag for tag, _ in page.tags}
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in html
    assert "http" not in html.lower() and "@import" not in html and "url(" not in html
    for _, attributes in page.tags:
        assert not ({"src", "href"} & set(attributes)), attributes
        assert not any(name.startswith("on") for name in attributes)


def test_an_empty_record_still_makes_a_page() -> None:
    record = dict(RECORD, categories=[], quartiles=[], method=["one", "two"])
    page = parse(paygap_html(record, {"read": 0}))
    assert [cells for _, cells in page.tables["categories"]] == [
        [
            "Category",
            "Women",
            "Men",
            "Total mean gap",
            "Base mean gap",
            "Base median gap",
            "Variable mean gap",
            "Flag",
        ]
    ]
    assert "0 of 0 categories flagged." in "".join(page.text)


def test_withheld_headline_and_the_plural_of_one() -> None:
    """A roster of 1 woman and 4 men withholds (a)-(f) (C3), and says "1 woman" (A9)."""
    bands = [{"band": b, "women_pct": None, "men_pct": None} for b in (1, 2, 3, 4)]
    record = dict(RECORD, workers={"women": 1, "men": 4, "not_reported": 0}, withheld=True,
                  mean_gap_pct=None, receiving_variable_pct={"women": None, "men": None},
                  quartiles=bands)  # fmt: skip
    html = paygap_html(record, ROWS)
    page = parse(html)
    assert [cells[1:] for _, cells in page.tables["quartiles"][1:]] == [["withheld"] * 2] * 4
    assert html.count(">withheld</text>") == 4 and "nobody in this band" not in html
    text = " ".join("".join(page.text).split())
    assert "Workers compared: 1 woman, 4 men;" in text
    assert page.keys["mean_gap_pct"] == "withheld"
    assert page.keys["receiving_variable_pct.women"] == "withheld"
    assert "(a)-(f) withheld: the roster has fewer than 2 women or 2 men" in text
    one_man = dict(RECORD, workers={"women": 3, "men": 1, "not_reported": 0})
    assert "3 women, 1 man;" in " ".join("".join(parse(paygap_html(one_man, ROWS)).text).split())
