"""The data and values a command reads, each loaded when the command runs (never for
``--help`` or completion, which import every command module): the day asked about, the grid in
use and its layers, competency files, the payroll figures, an amount argument."""

import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from salesgrid.cli.guard import PROG, say
from salesgrid.cli.sources import check_framework, named_as, source_name

if TYPE_CHECKING:
    from salesgrid.core.calendar import CalendarData
    from salesgrid.core.competencies import CompetenciesFile
    from salesgrid.core.models import Framework, GridFile
    from salesgrid.files.layers import GridSet


def as_of_day(text: str | None) -> date:
    if text is None or not text.strip():
        return date.today()
    # on run only: --help and completion stay light
    from salesgrid.core.days import parse_day

    return parse_day(text, source_name("as_of", "--as-of"))


def grid_file(path: Path | None, layers: Sequence[Path] | None = None) -> "GridFile":
    if layers:
        return grid_set_of(path, layers).grid
    # on run only: --help and completion stay light
    from salesgrid.files.loader import load_grid

    return load_grid(path)


def grid_set_of(path: Path | None, layers: Sequence[Path] | None) -> "GridSet":
    """The grid in use with the file each framework came from (``--grid``, ``--add-grid``)."""
    # on run only: --help and completion stay light
    from salesgrid.files.layers import load_grid_set

    return load_grid_set(path, tuple(layers or ()))


def level_names_of(path: Path | None, framework: "Framework") -> Mapping[int, str]:
    """The names of a framework's levels in tables: the competency file's (Management Path)
    levels for a management framework, and the grid file's ``level_names``, which win."""
    names: dict[int, str] = {}
    if framework.path == "management":
        # on run only: --help and completion stay light
        from salesgrid.files.loader import load_competencies

        names = {level.number: level.name for level in load_competencies(path).levels}
    names.update(framework.level_names or {})
    return names


def setup(
    grid: Path | None, as_of: str | None, currency: str | None, layers: Sequence[Path] | None = None
) -> tuple["GridFile", date, str | None]:
    """The day asked about, the grid in use (``--grid`` and its ``--add-grid`` layers), and the
    currency checked against it."""
    # on run only: --help and completion stay light
    from salesgrid.core.conversion import check_currency

    day = as_of_day(as_of)
    data = grid_file(grid, layers)
    check_framework(data)
    with named_as("currency", "--currency"):
        return data, day, check_currency(data, currency)


def load_calendar_data(paths: Sequence[Path] | None) -> "CalendarData":
    """The working-day calendar's data: the packaged ``data/calendar.yaml``, then every
    ``--calendar`` file in order, a later file's word on a day replacing an earlier one's."""
    # on run only: --help and completion stay light
    from salesgrid.files.calendars import calendar_data

    return calendar_data(tuple(paths or ()))


def competencies_file(path: Path | None) -> "CompetenciesFile":
    # on run only: --help and completion stay light
    from salesgrid.files.loader import load_competencies

    return load_competencies(path)


def landing_rule(path: Path | None) -> Any:
    """The landing rule (a move preview's one need): a --competencies file is checked in full."""
    # on run only: --help and completion stay light
    from salesgrid.files.loader import load_landing

    return load_landing(path)


def chart_gap_warner(path: Path | None) -> Callable[[str], None]:
    """What says a missing chart minimum (a competency-file key) as one warning line."""
    # on run only: --help and completion stay light
    from salesgrid.files.loader import packaged_name

    name = packaged_name("competencies") if path is None else str(path)

    def warn(key: str) -> None:
        # the eligibility rules' wording: only when a chart minimum is missing
        from salesgrid.core.eligibility import chart_gap_warning

        say(f"{PROG}: warning: {chart_gap_warning(key, name)}")

    return warn


def money_arg(text: str, what: str, example: str = "1500.50") -> Any:
    """An amount argument, read by the one amount rule (no currency with it: hours, a rate);
    a decimal comma or grouped thousands are said at a terminal."""
    return priced_arg(text, what, example, with_currency=False).value


def priced_arg(text: str, what: str, example: str = "1500.50", with_currency: bool = True) -> Any:
    """A money argument, read by the one amount rule with the currency it may be written with
    (``"5 445,00 лв."``): the :class:`~salesgrid.core.money.ReadAmount`, for the command to
    check its ``currency`` (:func:`salesgrid.core.money.agree`). A decimal comma or grouped
    thousands are said at a terminal."""
    # on run only: --help and completion stay light
    from salesgrid.core.money import parse_amount

    read = parse_amount(text, what, example=example, with_currency=with_currency)
    if (read.comma or read.grouped) and sys.stdout.isatty():
        how = " and ".join(
            name for name, yes in (("grouped thousands", read.grouped),
                                   ("decimal comma", read.comma)) if yes
        )  # fmt: skip
        say(f"{PROG}: note: {what} {text.strip()!r} read as {read.value} ({how})")
    return read


def payroll_args(
    payroll: Path | None,
    month: str | None,
    before_1960: bool,
    rate: str | None,
    warn: bool = True,
) -> tuple[Any, str, Any, Any]:
    """The payroll data, the month, the cohort and the work-accident rate; ``warn``: a month
    past the data's review is warned about (False: the caller warns, for several months)."""
    # on run only: --help and completion stay light
    from salesgrid.core.payroll import beyond_review, parse_month, period_for
    from salesgrid.files.loader import load_payroll

    chosen = (
        parse_month(month, source_name("month", "--month"))
        if month is not None
        else date.today().strftime("%Y-%m")
    )
    percent = None if rate is None else money_arg(rate, "--work-accident-rate", "0.5")
    data = load_payroll(payroll)
    cohort = "born_before_1960" if before_1960 else "born_1960_or_later"
    period_for(data, chosen)  # a month before the first period: exit 3 before any warning
    warning = beyond_review(data, chosen) if warn else None
    if warning is not None:
        say(f"{PROG}: warning: {warning}")
    return data, chosen, cohort, percent


def payroll_figures(employer_cost: bool, *payroll_options: Any) -> Any:
    """With --employer-cost, the payroll figures each row's cost is worked out with."""
    return payroll_args(*payroll_options) if employer_cost else None
