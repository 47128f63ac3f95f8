"""The competency framework's rating scale and criteria, in rank order: plain data, with no
model behind it, for readers that only compare ratings (a roster's eligibility columns)."""

from __future__ import annotations

from typing import Literal

Rating = Literal["incomplete", "initial", "managed", "defined", "optimal"]
CriterionId = Literal["technical", "business", "people", "adaptive"]
RATINGS: tuple[Rating, ...] = ("incomplete", "initial", "managed", "defined", "optimal")
CRITERIA: tuple[CriterionId, ...] = ("technical", "business", "people", "adaptive")
#: A rating's rank on the scale: incomplete 0 .. optimal 4.
RANK: dict[str, int] = {rating: index for index, rating in enumerate(RATINGS)}
