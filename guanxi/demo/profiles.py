"""What kind of customer each demo account is: size, trend, margin, payment and standing."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import StrEnum
from random import Random

from guanxi.accounts.models import CreditRating, Industry, Stage, Threat, Tier
from guanxi.demo.plan import AccountPlan


class Pattern(StrEnum):
    STEADY = "steady"
    GROWING = "growing"
    DECLINING = "declining"
    NEW = "new"
    LATE_PAYER = "late_payer"
    SQUEEZER = "squeezer"  # big, buys below cost and pays very late (METHOD.md R1.9)


PATTERNS = (Pattern.STEADY, Pattern.GROWING, Pattern.DECLINING, Pattern.NEW, Pattern.LATE_PAYER)
PATTERN_WEIGHTS = (38, 26, 16, 11, 9)

INDUSTRY_SIZE: dict[str, float] = {
    Industry.REAL_ESTATE: 2.0, Industry.CONSTRUCTION: 1.6, Industry.DISTRIBUTOR: 1.3,
    Industry.FURNITURE: 1.0, Industry.KITCHEN_BATH: 0.9, Industry.DOORS_WINDOWS: 0.9,
    Industry.DECORATION: 0.6, Industry.HOTEL: 0.4,
}  # fmt: skip
LONG_TERMS_INDUSTRIES = (Industry.REAL_ESTATE, Industry.CONSTRUCTION, Industry.HOTEL)

# (mean days paid after due date, spread, credit ratings that go with it)
PAYMENT = {
    "good": (-2.0, 5.0, (CreditRating.AAA, CreditRating.AA, CreditRating.A)),
    "fair": (9.0, 10.0, (CreditRating.A, CreditRating.BBB)),
    "late": (48.0, 18.0, (CreditRating.BBB, CreditRating.BB, CreditRating.B)),
    "squeezer": (90.0, 18.0, (CreditRating.BB, CreditRating.B, CreditRating.C)),
}
STAGES = (Stage.EXPLORATORY, Stage.BASIC, Stage.COOPERATIVE, Stage.INTERDEPENDENT, Stage.INTEGRATED)


@dataclass(slots=True)
class AccountProfile:
    pattern: Pattern
    yearly_revenue: float  # yuan, over the last twelve months
    growth: float  # yearly factor, 1.2 = +20 % a year
    first_month: int  # 0 = has bought for the whole history
    grade_weights: tuple[float, float, float]
    margin_offset: float  # percentage points on top of the grade margin
    pay_delay: tuple[float, float]
    payment_terms: int
    credit_rating: str
    stage: str
    access_to_goals: int | None
    openness_to_ideas: int | None
    results_horizon: int | None
    competitor_threat: str
    tier: str
    share_of_wallet: float
    contacts: int
    activities: int
    executive_sponsor: bool
    competitor_picks: list[int] = field(default_factory=list)


def draw_profile(rng: Random, plan: AccountPlan) -> AccountProfile:
    pattern = Pattern.SQUEEZER if plan.squeezer else rng.choices(PATTERNS, PATTERN_WEIGHTS)[0]
    revenue = _yearly_revenue(rng, plan, pattern)
    stage_index = _stage_index(rng, pattern, revenue)
    behaviour = _payment_behaviour(rng, pattern)
    mean_delay, spread, ratings = PAYMENT[behaviour]
    return AccountProfile(
        pattern=pattern,
        yearly_revenue=revenue,
        growth=_growth(rng, pattern),
        first_month=rng.randint(18, 30) if pattern is Pattern.NEW else 0,
        grade_weights=_grade_weights(rng, pattern),
        margin_offset=rng.uniform(-25.0, -19.0) if pattern is Pattern.SQUEEZER else rng.uniform(-5.0, 4.0),
        pay_delay=(mean_delay, spread),
        payment_terms=_payment_terms(rng, plan.industry, pattern),
        credit_rating="" if rng.random() < 0.08 else rng.choice(ratings),
        stage=STAGES[stage_index],
        access_to_goals=_judged(rng, stage_index),
        openness_to_ideas=_judged(rng, stage_index),
        results_horizon=None if rng.random() < 0.12 else rng.choice((3, 6, 6, 12, 12)),
        competitor_threat=_threat(rng, pattern),
        tier=_tier(revenue, pattern),
        share_of_wallet=rng.uniform(0.08, 0.25) if pattern is Pattern.NEW else rng.uniform(0.15, 0.8),
        contacts=_contact_count(rng, revenue),
        activities=_activity_count(rng, revenue, stage_index),
        executive_sponsor=revenue >= 5_000_000 or rng.random() < 0.04,
    )  # fmt: skip


def _yearly_revenue(rng: Random, plan: AccountPlan, pattern: Pattern) -> float:
    size = INDUSTRY_SIZE.get(plan.industry, 1.0) * math.exp(rng.gauss(math.log(900_000), 1.0))
    if plan.is_group_parent:
        size *= 2.5
    if pattern is Pattern.SQUEEZER:
        size = max(size * 4, rng.uniform(6_000_000, 18_000_000))
    return min(max(size, 60_000.0), 80_000_000.0)


def _growth(rng: Random, pattern: Pattern) -> float:
    low, high = {
        Pattern.GROWING: (1.15, 1.45),
        Pattern.DECLINING: (0.68, 0.88),
        Pattern.NEW: (1.3, 2.0),
        Pattern.SQUEEZER: (1.0, 1.18),
    }.get(pattern, (0.93, 1.1))
    return rng.uniform(low, high)


def _grade_weights(rng: Random, pattern: Pattern) -> tuple[float, float, float]:
    if pattern is Pattern.SQUEEZER:
        return (0.7, 0.3, 0.0)
    return (rng.uniform(0.2, 1.0), rng.uniform(0.3, 1.0), rng.uniform(0.0, 0.6))


def _payment_behaviour(rng: Random, pattern: Pattern) -> str:
    if pattern is Pattern.SQUEEZER:
        return "squeezer"
    if pattern is Pattern.LATE_PAYER:
        return "late"
    return "good" if rng.random() < 0.6 else "fair"


def _payment_terms(rng: Random, industry: str, pattern: Pattern) -> int:
    if pattern is Pattern.SQUEEZER or industry in LONG_TERMS_INDUSTRIES:
        return rng.choice((60, 90, 90, 120))
    return rng.choice((30, 30, 45, 60, 60, 90))


def _stage_index(rng: Random, pattern: Pattern, revenue: float) -> int:
    if pattern is Pattern.NEW:
        return rng.choice((0, 0, 1))
    base = 1 + (revenue > 1_500_000) + (revenue > 8_000_000 and rng.random() < 0.5)
    return max(0, min(4, base + rng.choice((-1, 0, 0, 0, 1))))


def _judged(rng: Random, stage_index: int) -> int | None:
    if rng.random() < 0.15:
        return None
    return max(1, min(5, stage_index + 1 + rng.choice((-1, 0, 0, 1))))


def _threat(rng: Random, pattern: Pattern) -> str:
    if pattern is Pattern.SQUEEZER:
        return Threat.HIGH
    return rng.choices((Threat.NONE, Threat.LOW, Threat.MEDIUM, Threat.HIGH), (20, 35, 30, 15))[0]


def _tier(revenue: float, pattern: Pattern) -> str:
    """The tier sales operations gave by volume alone, before any qualification (R1.9)."""
    if pattern is Pattern.NEW:
        return ""
    for cut, tier in ((6_000_000, Tier.STRATEGIC), (2_000_000, Tier.KEY), (600_000, Tier.DEVELOP)):
        if revenue >= cut:
            return tier
    return Tier.STANDARD


def _contact_count(rng: Random, revenue: float) -> int:
    if revenue < 250_000:
        return rng.randint(4, 6)
    if revenue < 2_000_000:
        return rng.randint(6, 9)
    return rng.randint(8, 12)


def _activity_count(rng: Random, revenue: float, stage_index: int) -> int:
    base = 15 + 15 * math.log10(max(revenue, 100_000) / 100_000) * (1 + stage_index / 3)
    return max(6, round(base * rng.uniform(0.7, 1.4)))
