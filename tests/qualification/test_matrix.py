"""The portfolio matrix: quadrants, and a capped account held below the tier its flags allow."""

from __future__ import annotations

import pytest

from guanxi.domain.qualification.matrix import (
    MatrixLines,
    Quadrant,
    attractiveness,
    quadrant_of,
)
from guanxi.domain.qualification.policy import Tier, TierCutoffs

CUTOFFS = TierCutoffs(a=75, b=55, c=35)


@pytest.mark.parametrize(
    ("score", "strength", "quadrant"),
    [
        (80, 80, Quadrant.INVEST),
        (80, 20, Quadrant.DEVELOP),
        (30, 80, Quadrant.MAINTAIN),
        (30, 20, Quadrant.STREAMLINE),
        (55, 50, Quadrant.INVEST),  # a value on a line counts as high
        (80, None, Quadrant.DEVELOP),  # unknown strength counts as weak
    ],
)
def test_quadrants(score: float, strength: float | None, quadrant: Quadrant) -> None:
    assert quadrant_of(score, strength, MatrixLines.for_cutoffs(CUTOFFS)) == quadrant


def test_the_line_across_is_the_tier_b_cutoff() -> None:
    assert MatrixLines().attractiveness == TierCutoffs().b
    assert MatrixLines.for_cutoffs(TierCutoffs(a=80, b=60, c=40)).attractiveness == 60


def test_an_uncapped_score_is_its_own_attractiveness() -> None:
    assert attractiveness(62.5, Tier.B, CUTOFFS) == 62.5
    assert attractiveness(90, Tier.A, CUTOFFS) == 90
    assert attractiveness(10, Tier.D, CUTOFFS) == 10


def test_a_capped_account_is_held_just_below_the_tier_above_its_own() -> None:
    # A price squeezer selling below cost: its volume scores 70, its flags allow tier C.
    assert attractiveness(70, Tier.C, CUTOFFS) == pytest.approx(54.9)
    assert quadrant_of(attractiveness(70, Tier.C, CUTOFFS), 90) == Quadrant.MAINTAIN
    # A late payer capped at B with a score of A.
    assert attractiveness(88, Tier.B, CUTOFFS) == pytest.approx(74.9)
    assert attractiveness(50, Tier.D, TierCutoffs(a=75, b=55, c=0)) == 0.0
