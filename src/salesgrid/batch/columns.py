"""A roster's column vocabulary: the columns every reader, the row loop and the fast path know,
the fields a roster run writes (and how JSONL writes each), and how a level, a step or a yes-or-no
value is read as written. Nothing here reads a row: it names what a row holds.
"""

from __future__ import annotations

BASE_FIELDS = (
    "employee_id", "framework", "position", "pay_bgn", "pay_eur", "next_step",
    "next_step_delta_bgn", "next_level", "next_level_delta_bgn",
)  # fmt: skip
ELIGIBILITY_FIELDS = ("eligible_step_up", "eligible_level_up", "failing_rules")
COST_FIELDS = ("payroll_currency", "gross", "employer_cost")
#: With an ``actual_pay`` column: the actual pay against the grid, in the actual's currency.
ACTUAL_FIELDS = (
    "actual_pay", "actual_currency", "gap", "compa_ratio", "range_position", "grid_status",
)  # fmt: skip
#: With ``--employer-cost``: the gross and the employer's cost behind the actual pay, in the
#: payroll month's currency (as ``gross`` and ``employer_cost`` are for the grid's pay).
ACTUAL_COST_FIELDS = ("actual_gross", "actual_employer_cost")
#: How each output field is written in JSONL: text, optional text, a number or a boolean (for
#: all but text, an empty value is null).
JSON_KINDS = {
    "employee_id": "str", "framework": "str", "position": "str", "pay_bgn": "num",
    "pay_eur": "num", "next_step": "opt", "next_step_delta_bgn": "num", "next_level": "opt",
    "next_level_delta_bgn": "num", "eligible_step_up": "bool", "eligible_level_up": "bool",
    "failing_rules": "str", "payroll_currency": "str", "gross": "num", "employer_cost": "num",
    "actual_pay": "num", "actual_currency": "opt", "gap": "num", "compa_ratio": "num",
    "range_position": "num", "grid_status": "opt", "actual_gross": "num",
    "actual_employer_cost": "num",
}  # fmt: skip

INPUT_COLUMNS = ("employee_id", "framework", "position", "level", "step")
DATE_COLUMNS = ("in_position_since", "review_date")
RATING_COLUMNS = ("rating_technical", "rating_business", "rating_people", "rating_adaptive")
BOOL_COLUMNS = (
    "opportunity_finding_proven", "external_factors_proven", "kpoc_completed",
    "corrective_action_plan",
)  # fmt: skip
OTHER_ASSESSMENT_COLUMNS = ("business_experience", "business_exposure", "failed_kpocs_in_a_row")
ACTUAL_COLUMNS = ("actual_pay", "actual_currency")
#: Columns only `paygap` reads: one roster file serves every command, so `roster` and `diff
#: --roster` skip them (a column a command does not use never rejects a row or the header).
PAYGAP_ONLY_COLUMNS = (
    "sex", "hours_per_week", "months_worked", "gross_annual", "variable_pay", "category",
)  # fmt: skip
#: The columns of a position history (`month`, `paygap --history`): one row per period a
#: person holds a position, from its first day up to its last (``until``, inclusive).
HISTORY_COLUMNS = (
    "employee_id", "framework", "position", "level", "step", "from", "until", "hours_per_week",
)  # fmt: skip
#: The columns a history may carry for `paygap --history`, one value a person (repeated on
#: each of the person's rows, or given on one): `month` skips them.
HISTORY_PAYGAP_COLUMNS = ("sex", "variable_pay")
#: The columns of a file of what was paid (`month --paid`).
PAID_COLUMNS = ("employee_id", "month", "gross_paid")
#: Every assessment column a roster with an assessment has (the realm columns apart).
ASSESSMENT_COLUMNS = (*DATE_COLUMNS, *RATING_COLUMNS, *BOOL_COLUMNS, *OTHER_ASSESSMENT_COLUMNS)
#: Numbers with a fraction read as written (JSONL, Python rows): amounts, and paygap's hours
#: and months.
AMOUNT_COLUMNS = frozenset(
    ("actual_pay", "gross_annual", "variable_pay", "hours_per_week", "months_worked",
     "gross_paid")
)  # fmt: skip
#: The yes-or-no words, as lower case: English, 1/0, and the Bulgarian да (yes) and не (no).
TRUE_WORDS = {
    "true": True, "yes": True, "1": True, "да": True,
    "false": False, "no": False, "0": False, "не": False,
}  # fmt: skip
#: The words TRUE_WORDS reads, as a message lists them.
BOOLEAN_WORDS = "true/false, yes/no, да/не, 1/0"

#: Bulgarian header names, each read as the column it names (case, spaces, hyphens and
#: underscores matter no more than in the English names; the output keeps the English names).
#: The plain names a Bulgarian HR export gives its columns; docs/roster.md lists them (a test
#: keeps the two in step). The first name of each column is the one a did-you-mean suggests.
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "employee_id": ("Служител", "Служебен номер", "Име"),
    "framework": ("Рамка",),
    "position": ("Позиция",),
    "level": ("Ниво",),
    "step": ("Стъпка",),
    "in_position_since": ("На позицията от", "В позицията от"),
    "review_date": ("Дата на оценка", "Дата на атестация"),
    "rating_technical": ("Технически компетенции",),
    "rating_business": ("Бизнес компетенции",),
    "rating_people": ("Работа с хора",),
    "rating_adaptive": ("Адаптивни компетенции",),
    "business_experience": ("Бизнес опит",),
    "business_exposure": ("Бизнес експозиция",),
    "opportunity_finding_proven": ("Доказано откриване на възможности",),
    "external_factors_proven": ("Доказан опит с външни фактори",),
    "kpoc_completed": ("K-POC изпълнен",),
    "failed_kpocs_in_a_row": ("Неизпълнени K-POC поред",),
    "corrective_action_plan": ("План за коригиращи действия",),
    "actual_pay": ("Заплата", "Нетна заплата"),
    "actual_currency": ("Валута",),
    "sex": ("Пол",),
    "hours_per_week": ("Часове седмично",),
    "months_worked": ("Отработени месеци",),
    "gross_annual": ("Брутно годишно",),
    "variable_pay": ("Променливо възнаграждение",),
    "category": ("Категория",),
    "from": ("От", "От дата"),
    "until": ("До", "До дата"),
    "month": ("Месец",),
    "gross_paid": ("Изплатено бруто",),
}


def realm_column(realm: str) -> str:
    return "realm_" + realm.replace("-", "_")


def as_whole(text: str) -> str:
    """A level or step as a whole number: ``2.0`` (a float column's 2, as pandas writes it)
    is 2; anything else is left for the parser to accept or refuse."""
    value = text.strip()
    head, dot, tail = value.partition(".")
    if dot and head and tail and head.isdigit() and tail.strip("0") == "" and head.isascii():
        return head
    return value
