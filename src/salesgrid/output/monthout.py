"""`month`'s records: the JSON record of a person's month (JSON, JSONL, the API), its CSV row
(segments flattened as ``2.2:9+2.3:11``), and the summary's rows. The keys and columns are a
contract (docs/formats.md): added to, never renamed.

A record is built from any object with the fields of :class:`salesgrid.batch.month.Due`
(``employee_id, month, pay, currency, working_days, gross_paid, arrears``); the output layer
does not import the batch layer, so it is typed loosely here.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from salesgrid.core.money import plain
from salesgrid.output.streams import csv_writer

#: The JSON keys of a record, in order (``employer_cost`` with --employer-cost, ``gross_paid``
#: and ``arrears`` with --paid).
RECORD_KEYS = (
    "employee_id", "month", "currency", "working_days", "days_worked", "gross_due", "net_due",
    "segments",
)  # fmt: skip
SEGMENT_KEYS = ("framework", "position", "from", "until", "days", "hours_per_week",
                "gross_full", "gross")  # fmt: skip
#: The CSV columns (and xlsx), in order; the optional ones as for JSON.
CSV_FIELDS = (
    "employee_id", "month", "currency", "framework", "working_days", "days_worked", "segments",
    "gross_due", "net_due",
)  # fmt: skip
COST_FIELDS = ("employer_cost",)
PAID_FIELDS = ("gross_paid", "arrears")
SUMMARY_FIELDS = (
    "framework", "level", "currency", "headcount", "gross_due", "net_due", "employer_cost",
    "gross_paid", "arrears", "gross_due_eur", "net_due_eur", "employer_cost_eur", "arrears_eur",
)  # fmt: skip
#: How each CSV column is typed in xlsx (text unless named).
KINDS = dict.fromkeys(
    (
        "working_days", "days_worked", "gross_due", "net_due", "employer_cost", "gross_paid",
        "arrears", "headcount", "gross_due_eur", "net_due_eur", "employer_cost_eur",
        "arrears_eur",
    ),
    "num",
)  # fmt: skip


def fields(employer_cost: bool, paid: bool) -> tuple[str, ...]:
    """The CSV columns of a run."""
    return (*CSV_FIELDS, *(COST_FIELDS if employer_cost else ()), *(PAID_FIELDS if paid else ()))


def month_record(due: Any, employer_cost: bool, paid: bool) -> dict[str, Any]:
    """One person's month as its JSON record."""
    pay = due.pay
    segments = [] if pay is None else [
        {
            "framework": s.framework, "position": str(s.position), "from": s.first.isoformat(),
            "until": s.last.isoformat(), "days": s.days, "hours_per_week": s.hours,
            "gross_full": s.gross_full, "gross": s.gross,
        }
        for s in pay.segments
    ]  # fmt: skip
    record: dict[str, Any] = {
        "employee_id": due.employee_id, "month": due.month, "currency": due.currency,
        "working_days": due.working_days, "days_worked": 0 if pay is None else pay.days_worked,
        "gross_due": Decimal("0.00") if pay is None else pay.gross_due,
        "net_due": Decimal("0.00") if pay is None else pay.net_due, "segments": segments,
    }  # fmt: skip
    if employer_cost:
        record["employer_cost"] = Decimal("0.00") if pay is None else pay.employer_cost
    if paid:
        record["gross_paid"] = due.gross_paid
        record["arrears"] = due.arrears
    return record


def flattened(record: dict[str, Any]) -> str:
    """The segments as ``2.2:9+2.3:11`` (position:working days; a segment of another
    framework than the record's ``framework`` column is written ``FRAMEWORK/2.3:11``)."""
    segments = record["segments"]
    main = segments[-1]["framework"] if segments else ""
    return "+".join(
        (s["position"] if s["framework"] == main else f"{s['framework']}/{s['position']}")
        + f":{s['days']}"
        for s in segments
    )


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return plain(value)
    return str(value)


def csv_values(record: dict[str, Any], columns: Sequence[str]) -> list[str]:
    """A record's CSV row: ``framework`` is its last segment's, ``segments`` flattened."""
    segments = record["segments"]
    values = []
    for name in columns:
        if name == "framework":
            values.append(segments[-1]["framework"] if segments else "")
        elif name == "segments":
            values.append(flattened(record))
        else:
            values.append(_text(record.get(name)))
    return values


#: How many distinct months of pay :class:`RowMaker` remembers the CSV text of.
MOST_ROWS = 10_000


class RowMaker:
    """The CSV rows of records straight from each ``Due`` (of :mod:`salesgrid.batch.month`),
    the same text as :func:`csv_values` of :func:`month_record`: the part of a row that
    depends on the month's pay alone (its segments, in a month) is made once per distinct
    pay, as most people of a month are paid alike."""

    def __init__(self, columns: Sequence[str], employer_cost: bool, paid: bool) -> None:
        self.columns, self.employer_cost, self.paid = columns, employer_cost, paid
        self._rows: dict[tuple[Any, ...], list[str]] = {}
        self._id = list(columns).index("employee_id")
        self._tails: dict[tuple[Any, ...], str] = {}

    def values(self, due: Any) -> list[str]:
        pay = due.pay
        if pay is None or self.paid:  # rare, or with amounts of the person's own
            return csv_values(month_record(due, self.employer_cost, self.paid), self.columns)
        key = (due.month, pay.segments)
        row = self._rows.get(key)
        if row is None:
            row = csv_values(month_record(due, self.employer_cost, self.paid), self.columns)
            if len(self._rows) < MOST_ROWS:
                self._rows[key] = row
            return row
        row = row.copy()
        row[self._id] = due.employee_id
        return row

    def line(self, due: Any) -> str:
        """A record's plain CSV line, as :func:`salesgrid.output.streams.csv_writer` writes
        :meth:`values`: the text after ``employee_id`` (the first column) made once per distinct
        pay, as its rows are."""
        pay = due.pay
        if pay is None or self.paid or self._id != 0:
            return _csv_text(self.values(due))
        key = (due.month, pay.segments)
        tail = self._tails.get(key)
        if tail is None:
            tail = _csv_text(self.values(due)[1:])
            if len(self._tails) < MOST_ROWS:
                self._tails[key] = tail
        employee: str = due.employee_id
        if _QUOTED.search(employee):
            employee = _csv_text([employee])[:-1]
        return employee + "," + tail


#: What a CSV field is quoted for (:func:`salesgrid.output.streams.csv_writer`'s rule).
_QUOTED = re.compile('[,"\r\n]')


def _csv_text(values: list[str]) -> str:
    """One row as :func:`salesgrid.output.streams.csv_writer` writes it (plain dialect)."""
    out = io.StringIO()
    csv_writer(out, (), header=False)(values)
    return out.getvalue()


def summary_values(row: dict[str, Any]) -> list[str]:
    return [_text(row.get(name)) for name in SUMMARY_FIELDS]
