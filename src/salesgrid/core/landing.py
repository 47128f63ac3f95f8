"""The landing rule of the competency file: the step a Level Up (or a move to another level)
lands on. Apart from :mod:`salesgrid.core.competencies` because a move preview
(``salesgrid promote --from 1.4``) needs this rule alone, not the competency models.
"""

from __future__ import annotations

from typing import Literal

from salesgrid.core.models import Deferred, Text


class RuleText(Deferred):
    description: Text
    source: Text


class LandingRule(RuleText):
    rule: Literal["lowest_step_paying_at_least_current", "first_step"]
