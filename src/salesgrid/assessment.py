"""The assessment file a Level & Step Review produces: a filled-in template to start from."""

from __future__ import annotations

from datetime import date

from salesgrid.models import Framework


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
