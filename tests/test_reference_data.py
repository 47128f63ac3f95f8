"""Every shipped data value against the reference tables it was taken from.

Source of the grids: LUNR management handbook, Compensation > MGT Frameworks
(https://management.lunr.tech/how-we-ensure-peoples-growth/compensation/mgt-frameworks/<id>),
printed as monthly net income in Bulgarian lev with "." as the thousands separator. The tables
below are copied as printed, so this test also checks that "1.812" was read as 1812.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from salesgrid.core.models import GridFile
from salesgrid.files.loader import load, load_competencies, load_grid, packaged_path

from .conftest import DATA

# Sales Management, all 16 cells spelled out (handbook seed page "Sales Management", Salary Grid).
SALES_MANAGEMENT = {
    "1.1": 1812, "1.2": 2112, "1.3": 2912, "1.4": 3812,
    "2.1": 4345, "2.2": 4645, "2.3": 5445, "2.4": 6345,
    "3.1": 7533, "3.2": 7833, "3.3": 8633, "3.4": 9533,
    "4.1": 11583, "4.2": 11883, "4.3": 12683, "4.4": 13583,
}  # fmt: skip

# The other ten MGT grids exactly as the handbook prints them: rows L1..L4, columns S1..S4.
AS_PRINTED: dict[str, list[str]] = {
    "sales-management": [
        "1.812 2.112 2.912 3.812", "4.345 4.645 5.445 6.345",
        "7.533 7.833 8.633 9.533", "11.583 11.883 12.683 13.583",
    ],
    "strategic-human-resources-management": [
        "1.950 2.250 3.050 3.950", "4.950 5.250 6.050 6.950",
        "7.887 8.187 8.987 9.887", "10.468 10.768 11.568 12.468",
    ],
    "software-engineering-management": [
        "5.430 5.730 6.530 7.430", "7.540 7.840 8.640 9.540",
        "10.065 10.365 11.165 12.065", "12.466 12.766 13.566 14.466",
    ],
    "technical-support-management": [
        "2.500 2.800 3.600 4.500", "4.400 4.700 5.500 6.400",
        "7.400 7.700 8.500 9.400", "10.400 10.700 11.500 12.400",
    ],
    "noc-and-support-management": [
        "3.992 4.292 5.092 5.992", "6.710 7.010 7.810 8.710",
        "9.080 9.380 10.180 11.080", "12.247 12.547 13.347 14.247",
    ],
    "application-support-management": [
        "3.464 3.764 4.564 5.464", "6.147 6.447 7.247 8.147",
        "8.594 8.894 9.694 10.594", "11.247 11.547 12.347 13.247",
    ],
    "project-management-business": [
        "2.200 2.500 3.300 4.200", "4.345 4.645 5.445 6.345",
        "7.500 7.800 8.600 9.500", "11.580 11.880 12.680 13.580",
    ],
    "project-management-software": [
        "2.200 2.500 3.300 4.200", "4.345 4.645 5.445 6.345",
        "7.500 7.800 8.600 9.500", "11.580 11.880 12.680 13.580",
    ],
    "operations-management-administration": [
        "3.300 3.600 4.400 5.300", "7.700 8.000 8.800 9.700",
        "10.700 11.000 11.800 12.700", "13.700 14.000 14.800 15.700",
    ],
    "operations-management-logistics": ["2.200 2.500 3.300 4.200", "3.000 3.300 4.100 5.000"],
    "accounting-and-finance-management": [
        "2.500 2.800 3.600 4.500", "6.220 6.520 7.320 8.220",
        "9.350 9.650 10.450 11.350", "12.090 12.390 13.190 14.090",
    ],
}  # fmt: skip

REALMS = {
    "sales-management": ["business-development"],
    "strategic-human-resources-management": ["hr", "project-management"],
    "software-engineering-management": ["software-engineering"],
    "technical-support-management": ["technical-support"],
    "noc-and-support-management": ["technical-support", "information-security"],
    "application-support-management": ["customer-service", "software-engineering"],
    "project-management-business": ["project-management"],
    "project-management-software": ["project-management"],
    "operations-management-administration": [
        "supply-chain", "project-management", "finance", "manufacturing",
    ],
    "operations-management-logistics": ["supply-chain", "business-development"],
    "accounting-and-finance-management": ["finance", "project-management"],
}  # fmt: skip


def printed(cell: str) -> Decimal:
    """The handbook's '11.583' is 11,583 lev: '.' separates thousands."""
    assert cell.count(".") == 1 and len(cell.split(".")[1]) == 3, cell
    return Decimal(cell.replace(".", ""))


@pytest.fixture(scope="module")
def grid() -> GridFile:
    return load_grid(DATA / "grid.yaml")


def test_the_eleven_frameworks_in_handbook_order(grid: GridFile) -> None:
    assert [fw.id for fw in grid.frameworks] == list(AS_PRINTED)
    assert grid.default_framework == "sales-management"


def test_sales_management_sixteen_cells(grid: GridFile) -> None:
    fw = grid.frameworks[0]
    cells = {
        f"{level}.{step}": amount
        for level, steps in fw.versions[-1].levels.items()
        for step, amount in enumerate(steps, start=1)
    }
    assert cells == {k: Decimal(v) for k, v in SALES_MANAGEMENT.items()}
    assert fw.versions[0].in_force_from == date(2021, 11, 1)
    assert fw.bonus is not None and "performance-based bonus" in fw.bonus


@pytest.mark.parametrize("framework_id", list(AS_PRINTED))
def test_every_cell_equals_the_handbook(grid: GridFile, framework_id: str) -> None:
    fw = next(f for f in grid.frameworks if f.id == framework_id)
    expected = {
        level: [printed(cell) for cell in row.split()]
        for level, row in enumerate(AS_PRINTED[framework_id], start=1)
    }
    assert len(fw.versions) == 1
    assert fw.versions[0].levels == expected


@pytest.mark.parametrize("framework_id", list(AS_PRINTED))
def test_framework_facts(grid: GridFile, framework_id: str) -> None:
    fw = next(f for f in grid.frameworks if f.id == framework_id)
    assert fw.path == "management"
    assert fw.currency == "BGN"
    assert fw.basis == "monthly_net"
    assert fw.realms == REALMS[framework_id]
    assert fw.source == (
        "https://management.lunr.tech/how-we-ensure-peoples-growth/compensation/"
        f"mgt-frameworks/{framework_id}"
    )
    # Only the Sales Management page carries the bonus sentence.
    assert (fw.bonus is not None) == (framework_id == "sales-management")


def test_step_offsets_are_the_handbook_invariant(grid: GridFile) -> None:
    """Every MGT grid steps at S1, S1+300, S1+1100, S1+2000 (handbook 5.1, checked invariants)."""
    for fw in grid.frameworks:
        for steps in fw.versions[-1].levels.values():
            assert [s - steps[0] for s in steps] == [0, 300, 1100, 2000], fw.id


def test_level_boundary_warnings_are_exactly_the_two_known_drops() -> None:
    loaded = load(DATA / "grid.yaml", "grid")
    assert [w.severity for w in loaded.warnings] == ["warning", "warning"]
    messages = " | ".join(w.message for w in loaded.warnings)
    assert "Technical Support Management: 1.4 pays 4,500, more than 2.1 (4,400)" in messages
    assert "Operations Management (Logistics): 1.4 pays 4,200, more than 2.1 (3,000)" in messages


def test_euro_conversion_is_the_pay_rule(grid: GridFile) -> None:
    (to_eur,) = [c for c in grid.conversions if (c.from_currency, c.to_currency) == ("BGN", "EUR")]
    assert to_eur.rate == Decimal("1.95583")
    assert to_eur.operation == "divide"
    assert to_eur.rounding == "up"
    assert to_eur.decimals == 2
    (to_bgn,) = [c for c in grid.conversions if (c.from_currency, c.to_currency) == ("EUR", "BGN")]
    assert (to_bgn.rate, to_bgn.operation, to_bgn.rounding) == (
        Decimal("1.95583"),
        "multiply",
        "half_up",
    )


def test_competency_levels() -> None:
    levels = load_competencies(DATA / "competencies.yaml").levels
    assert [(lv.number, lv.name) for lv in levels] == [
        (1, "Pace setters"),
        (2, "Coaches"),
        (3, "Visionaries and servant leaders"),
        (4, "Transformational leaders"),
    ]
    assert [lv.differentiator for lv in levels] == ["technical", "business", "adaptive", "all"]


@pytest.mark.parametrize("name", ["grid.yaml", "competencies.yaml"])
def test_the_installed_data_is_the_repository_data(name: str) -> None:
    kind = "grid" if name == "grid.yaml" else "competencies"
    installed: Path = packaged_path(kind)
    assert installed.read_bytes() == (DATA / name).read_bytes()
