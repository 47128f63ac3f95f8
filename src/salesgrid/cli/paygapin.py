"""The workers a pay-gap report is made from: a roster's rows (one worker a row) or a position
history's people (each one's year priced month by month, as `month` prices it)."""

from datetime import date
from typing import Any

from salesgrid.cli.guard import say
from salesgrid.cli.inputs import load_calendar_data
from salesgrid.cli.rosterin import opened


def from_roster(source: str, how: tuple[Any, Any, Any, Any], ignore_unknown: bool,
                 data: Any, data_payroll: Any, chosen: int, day: Any, framework: str | None,
                 hours_value: Any, actual_currency: str | None,
                 digest: Any) -> tuple[Any, Any]:  # fmt: skip
    """The workers of a roster, one a row, and the spec that says how they were read."""
    # on run only: --help and completion stay light
    from salesgrid.batch.paygap import COLUMNS, PaygapSpec, read_workers
    from salesgrid.core.pay import steps_at

    input_format, encoding, delimiter, sheet = how
    with opened(source, input_format, encoding, delimiter, sheet, realms=list(data.realms),
                ignore_unknown=ignore_unknown, steps=steps_at(data, framework, day),
                columns=COLUMNS, blocks=True, digest=digest) as roster_in:  # fmt: skip
        spec = PaygapSpec(roster_in.header, data, data_payroll, chosen, day, framework,
                          hours_value, actual_currency, ignore_unknown)  # fmt: skip
        got = read_workers(spec, roster_in.rows,
                           lambda item: say(f"row {item.line}: {item.reason}"))  # fmt: skip
    return got, spec


def from_history(history: str, how: tuple[Any, Any, Any, Any], ignore_unknown: bool,
                  data: Any, data_payroll: Any, chosen: int, framework: str | None,
                  hours_value: Any, calendar: Any, digest: Any) -> tuple[Any, Any]:  # fmt: skip
    """The workers of a position history, one a person, each year priced month by month as
    `month` prices it; and what says how they were read."""
    # on run only: --help and completion stay light
    from salesgrid.batch.columns import HISTORY_COLUMNS
    from salesgrid.batch.history import HistorySpec, read_history
    from salesgrid.batch.paygaphistory import (
        PERSON_COLUMNS,
        HistoryMethod,
        PersonFacts,
        history_workers,
    )
    from salesgrid.core.calendar import working_days_between
    from salesgrid.core.month import Pricer
    from salesgrid.core.payroll import period_for

    input_format, encoding, delimiter, sheet = how
    currency = period_for(data_payroll, f"{chosen:04d}-12").currency
    with opened(history, input_format, encoding, delimiter, sheet, realms=list(data.realms),
                ignore_unknown=ignore_unknown, columns=(*HISTORY_COLUMNS, *PERSON_COLUMNS),
                digest=digest) as history_in:  # fmt: skip
        spec = HistorySpec(history_in.header, data, framework, hours_value, ignore_unknown,
                           PERSON_COLUMNS, full_time=True,
                           window=(date(chosen, 1, 1), date(chosen, 12, 31)))  # fmt: skip
        facts = PersonFacts(spec, currency, chosen)
        read = read_history(spec, history_in.rows,
                            lambda item: say(f"row {item.line}: {item.reason}"), facts)  # fmt: skip
    days = load_calendar_data(calendar)
    got = history_workers(read, facts, data, Pricer(data, data_payroll, full_hours=hours_value),
                          lambda first, last: working_days_between(days, first, last),
                          chosen)  # fmt: skip
    return got, HistoryMethod(chosen, currency, hours_value)
