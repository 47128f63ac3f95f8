"""The assessment file a Level & Step Review produces: its format, and a filled-in template."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from pydantic import (
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StringConstraints,
    WithJsonSchema,
)

from salesgrid.core.competencies import POSITION_PATTERN, Count, Rating, StatementId
from salesgrid.core.models import Day, Deferred, Framework, Slug, float_text
from salesgrid.errors import clip


def _position_text(value: Any) -> Any:
    if isinstance(value, float):
        text = clip(float_text(value))
        raise ValueError(
            f'quote the position ("{text}"): unquoted, YAML reads {text} as a decimal number, '
            "and 1.10 would become 1.1"
        )
    if isinstance(value, int) and not isinstance(value, bool):
        raise ValueError(f'a position is LEVEL.STEP, e.g. "{value}.1"')
    return value


PositionText = Annotated[
    str,
    BeforeValidator(_position_text),
    StringConstraints(pattern=POSITION_PATTERN),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": POSITION_PATTERN,
            "description": 'LEVEL.STEP, quoted: "2.2" (each number from 1 to 999999)',
        }
    ),
]
#: An employee id as written in outputs: one line of at most 80 characters.
EmployeeId = Annotated[str, StringConstraints(pattern=r"^[^\x00-\x1f\x7f]{1,80}$")]


class Ratings(Deferred):
    technical: Rating
    business: Rating
    people: Rating
    adaptive: Rating


class Assessment(Deferred):
    """What a Level & Step Review produced for one person (``--assessment FILE``)."""

    employee: EmployeeId | None = Field(
        default=None, description="Any id: one line, at most 80 characters."
    )
    framework: Slug | None = Field(default=None, description="Default: the grid's default.")
    position: PositionText
    in_position_since: Day
    review_date: Day
    ratings: Ratings
    business_experience: Rating = Field(description="Business Leadership, Opportunity Finding.")
    business_exposure: Rating
    opportunity_finding_proven: StrictBool
    external_factors_proven: StrictBool
    realms: dict[Slug, StrictBool] = Field(description="Every realm the framework requires.")
    kpoc_completed: StrictBool
    failed_kpocs_in_a_row: Count
    corrective_action_plan: StrictBool
    evidence: list[StatementId] = Field(default_factory=list, description="Statement ids.")

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True, strict=False)


def template(framework: Framework, today: date) -> str:
    """A valid assessment for ``framework``, every field filled and explained."""
    realms = "".join(f"  {realm}: true\n" for realm in framework.realms) or "  {}\n"
    return f"""\
# salesgrid assessment: what a Level & Step Review produced for one person.
# Check it with: salesgrid promote --assessment FILE   (JSON Schema: salesgrid schema assessment)
# Ratings use the scale: incomplete < initial < managed < defined < optimal.
employee: E-1042                  # any id, optional
framework: {framework.id}       # optional, default framework otherwise
position: "2.2"                   # LEVEL.STEP, quoted
in_position_since: 2025-06-01
review_date: {today.isoformat()}
ratings:                          # one per leadership criterion
  technical: managed
  business: defined
  people: managed
  adaptive: managed
business_experience: initial      # Business Leadership, Opportunity Finding
business_exposure: managed
opportunity_finding_proven: true
external_factors_proven: false
realms:                           # every realm the framework requires
{realms}kpoc_completed: true
failed_kpocs_in_a_row: 0
corrective_action_plan: false
evidence: [core.developing.2, communication.applying.1]   # optional statement ids
"""
