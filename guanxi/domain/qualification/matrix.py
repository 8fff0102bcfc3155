"""The portfolio matrix (DESIGN.md §4): how attractive an account is × how strong we are in it.

Attractiveness is the qualification score, strength the relationship strength, both 0–100.
The quadrants say where the time goes: invest where both are high, develop where the account
is attractive but we are weak, maintain where we are strong in an account of less worth,
streamline where neither holds.

The score alone would put a big buyer that squeezes the price below cost high up the matrix,
on volume; its attractiveness is therefore held below the cut-off of the tier above the one
its flags allow (R1.9). The line between attractive and not is the policy's tier B cut-off:
above it, the accounts that qualify as key accounts.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from guanxi.domain.qualification.policy import Tier, TierCutoffs

# How far below a tier's cut-off a capped account is held, in score points.
HELD_BELOW = 0.1


class Quadrant(StrEnum):
    INVEST = "invest"
    DEVELOP = "develop"
    MAINTAIN = "maintain"
    STREAMLINE = "streamline"


@dataclass(frozen=True, slots=True)
class MatrixLines:
    """Where the quadrants divide; a value on a line counts as high."""

    attractiveness: float = TierCutoffs().b
    strength: float = 50.0

    @classmethod
    def for_cutoffs(cls, cutoffs: TierCutoffs) -> MatrixLines:
        return cls(attractiveness=cutoffs.b)


def attractiveness(score: float, tier: Tier, cutoffs: TierCutoffs) -> float:
    """The score, held just below the lowest score of the tier above the recommended one."""
    ceiling = {Tier.A: None, Tier.B: cutoffs.a, Tier.C: cutoffs.b, Tier.D: cutoffs.c}[tier]
    if ceiling is None or score < ceiling:
        return score
    return max(0.0, ceiling - HELD_BELOW)


def quadrant_of(
    attractiveness: float, strength: float | None, lines: MatrixLines | None = None
) -> Quadrant:
    """The account's quadrant; an unknown strength counts as weak."""
    lines = lines or MatrixLines()
    attractive = attractiveness >= lines.attractiveness
    strong = strength is not None and strength >= lines.strength
    if attractive:
        return Quadrant.INVEST if strong else Quadrant.DEVELOP
    return Quadrant.MAINTAIN if strong else Quadrant.STREAMLINE
