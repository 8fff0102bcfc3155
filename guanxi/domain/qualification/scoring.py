"""Scores, flags and tiers under a policy (R1.1–R1.9), for many accounts at once.

Each criterion scores 0–100: the weighted mean of its measures' curve values over the
measures with data. Its weight in the total shrinks with the share of its measures that
had data, and the weights are normalised over what is left: missing data lowers the
confidence (the share of the policy's weight that had data) instead of scoring zero.
Every result explains itself: `QualificationBatch.result(i)` gives each criterion's
input values, curve scores, weight, points and a reason code (`<criterion>.<band>`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from guanxi.domain.qualification.metrics import (
    AccountMetrics,
    FloatArray,
    Metric,
    MetricsBatch,
    listed,
)
from guanxi.domain.qualification.policy import (
    NEVER_TOP_TIER,
    Criterion,
    CriterionRule,
    Flag,
    Policy,
    Tier,
    When,
)

IntArray = npt.NDArray[np.int64]

# Credit ratings as the scale the curves read: C = 1 … AAA = 7.
CREDIT_SCALE = {"C": 1, "B": 2, "BB": 3, "BBB": 4, "A": 5, "AA": 6, "AAA": 7}
FLAG_BITS = {flag: 1 << number for number, flag in enumerate(Flag)}
TIERS = tuple(Tier)


class Band(StrEnum):
    HIGH = "high"  # a criterion score of 70 or more
    MEDIUM = "medium"  # 40 or more
    LOW = "low"
    NO_DATA = "no_data"


def band_of(score: float | None) -> Band:
    if score is None:
        return Band.NO_DATA
    if score >= 70:
        return Band.HIGH
    return Band.MEDIUM if score >= 40 else Band.LOW


@dataclass(frozen=True, slots=True)
class Judged:
    """What people judged about the account: R1.5's credit rating, R1.6 and R1.7 (1–5)."""

    access_to_goals: int | None = None
    openness_to_ideas: int | None = None
    credit_rating: str | None = None  # AAA … C


def _number(value: float | None) -> float:
    return np.nan if value is None else float(value)


def judged_columns(judged: Sequence[Judged]) -> dict[Metric, FloatArray]:
    def column(values: list[float]) -> FloatArray:
        return np.array(values, dtype=np.float64)

    return {
        Metric.ACCESS_TO_GOALS: column([_number(j.access_to_goals) for j in judged]),
        Metric.OPENNESS_TO_IDEAS: column([_number(j.openness_to_ideas) for j in judged]),
        Metric.CREDIT_RATING: column(
            [_number(CREDIT_SCALE.get(j.credit_rating or "")) for j in judged]
        ),
    }


# The two parts of an explanation are named tuples, not frozen dataclasses: immutable all
# the same, and a portfolio run builds millions of them, three times faster.
class MeasureScore(NamedTuple):
    metric: Metric
    value: float | None
    score: float | None  # the curve's value, 0–100
    weight: float


class Contribution(NamedTuple):
    criterion: Criterion
    weight: float  # as the policy sets it
    share: float  # of the score, after leaving out what had no data (sums to 1)
    score: float | None  # 0–100; None without data
    points: float  # share × score: what it adds to the total
    reason: str  # `<criterion>.<band>`, e.g. "margin.low"
    measures: tuple[MeasureScore, ...]


@dataclass(frozen=True)
class QualificationResult:
    score: float  # 0–100
    confidence: float  # 0–1: the share of the policy's weight that had data
    tier: Tier  # recommended: the score's tier, capped by the flags
    score_tier: Tier  # what the score alone would give
    flags: tuple[Flag, ...]
    contributions: tuple[Contribution, ...]


@dataclass(frozen=True)
class QualificationBatch:
    """The results of n accounts as columns; `result(i)` explains account i."""

    policy: Policy
    values: Mapping[Metric, FloatArray]
    measure_scores: tuple[tuple[FloatArray, ...], ...]  # per criterion, per measure
    criterion_scores: FloatArray  # (n, criteria), NaN without data
    shares: FloatArray  # (n, criteria)
    points: FloatArray  # (n, criteria)
    score: FloatArray
    confidence: FloatArray
    score_tier_rank: IntArray
    tier_rank: IntArray
    flags: IntArray  # bits of FLAG_BITS

    def __len__(self) -> int:
        return len(self.score)

    def tier(self, i: int) -> Tier:
        return TIERS[int(self.tier_rank[i])]

    def result(self, i: int) -> QualificationResult:
        return self.results(i, i + 1)[0]

    def results(self, start: int = 0, stop: int | None = None) -> list[QualificationResult]:
        """The explained results of accounts start … stop − 1, in order.

        Built column by column from Python lists: reading numpy scalars one at a time
        would cost more than all the arithmetic.
        """
        window = slice(start, stop)
        per_criterion = [
            self._contributions(c, rule, window) for c, rule in enumerate(self.policy.criteria)
        ]
        flag_sets = {bits: _flags_of(bits) for bits in np.unique(self.flags[window]).tolist()}
        return [
            QualificationResult(
                score, confidence, TIERS[tier], TIERS[score_tier], flag_sets[bits], row
            )
            for score, confidence, tier, score_tier, bits, row in zip(
                self.score[window].tolist(),
                self.confidence[window].tolist(),
                self.tier_rank[window].tolist(),
                self.score_tier_rank[window].tolist(),
                self.flags[window].tolist(),
                zip(*per_criterion, strict=True),
                strict=True,
            )
        ]

    def _contributions(self, c: int, rule: CriterionRule, window: slice) -> list[Contribution]:
        measures = [
            [
                MeasureScore(measure.metric, value, score, measure.weight)
                for value, score in zip(
                    listed(self.values[measure.metric][window]),
                    listed(self.measure_scores[c][k][window]),
                    strict=True,
                )
            ]
            for k, measure in enumerate(rule.measures)
        ]
        prefix = f"{rule.criterion}."
        return [
            Contribution(
                rule.criterion, rule.weight, share, score, points, prefix + band_of(score), parts
            )
            for share, score, points, parts in zip(
                self.shares[window, c].tolist(),
                listed(self.criterion_scores[window, c]),
                self.points[window, c].tolist(),
                zip(*measures, strict=True),
                strict=True,
            )
        ]


def _flags_of(bits: int) -> tuple[Flag, ...]:
    return tuple(flag for flag, bit in FLAG_BITS.items() if bits & bit)


def _criteria_scores(
    values: Mapping[Metric, FloatArray], policy: Policy, n: int
) -> tuple[tuple[tuple[FloatArray, ...], ...], FloatArray, FloatArray]:
    """Per criterion: its measures' curve scores, its score and the share of it with data."""
    measure_scores = []
    scores = np.full((n, len(policy.criteria)), np.nan)
    known_share = np.zeros((n, len(policy.criteria)))
    for c, rule in enumerate(policy.criteria):
        weighted, known_weight = np.zeros(n), np.zeros(n)
        curve_values = tuple(m.curve.at(values[m.metric]) for m in rule.measures)
        for measure, curve_value in zip(rule.measures, curve_values, strict=True):
            known = ~np.isnan(curve_value)
            weighted += np.where(known, curve_value, 0.0) * measure.weight
            known_weight += known * measure.weight
        np.divide(weighted, known_weight, out=scores[:, c], where=known_weight > 0)
        known_share[:, c] = known_weight / sum(m.weight for m in rule.measures)
        measure_scores.append(curve_values)
    return tuple(measure_scores), scores, known_share


def _gates(
    values: Mapping[Metric, FloatArray], policy: Policy, n: int
) -> tuple[IntArray, IntArray]:
    """The flags the gates raise, and the worst tier rank they allow."""
    flags = np.zeros(n, dtype=np.int64)
    cap = np.zeros(n, dtype=np.int64)
    invoices = values[Metric.INVOICE_COUNT]
    for gate in policy.gates:
        value = values[gate.metric]
        # NaN compares false both ways: an unknown figure never raises a flag.
        hit = value < gate.threshold if gate.when == When.BELOW else value > gate.threshold
        hit &= invoices >= gate.min_invoices
        flags |= np.where(hit, FLAG_BITS[gate.flag], 0)
        if gate.tier_cap is not None:
            cap = np.maximum(cap, np.where(hit, gate.tier_cap.rank, 0))
    return flags, cap


def _score(values: Mapping[Metric, FloatArray], policy: Policy) -> QualificationBatch:
    n = len(values[Metric.REVENUE_T12M])
    measure_scores, criterion_scores, known_share = _criteria_scores(values, policy, n)
    weights = np.array([rule.weight for rule in policy.criteria], dtype=np.float64)
    effective = known_share * weights
    total = effective.sum(axis=1)
    shares = np.zeros_like(effective)
    np.divide(effective, total[:, None], out=shares, where=total[:, None] > 0)
    points = shares * np.nan_to_num(criterion_scores)
    score = np.clip(points.sum(axis=1), 0.0, 100.0)
    confidence = total / weights.sum()

    flags, cap = _gates(values, policy, n)
    low_confidence = confidence < policy.min_confidence
    flags |= np.where(low_confidence, FLAG_BITS[Flag.INSUFFICIENT_DATA], 0)
    if policy.low_confidence_tier_cap is not None:
        cap = np.maximum(cap, np.where(low_confidence, policy.low_confidence_tier_cap.rank, 0))
    dominant = (score > 0) & (points.max(axis=1) > policy.dominance_share * score)
    flags |= np.where(dominant, FLAG_BITS[Flag.SINGLE_CRITERION_DOMINANT], 0)
    # R1.9, whatever the policy's gates say.
    never_a = sum(FLAG_BITS[flag] for flag in NEVER_TOP_TIER)
    cap = np.maximum(cap, np.where(flags & never_a, Tier.B.rank, 0))

    cut = policy.cutoffs
    score_tier = ((score < cut.a).astype(np.int64) + (score < cut.b) + (score < cut.c)).astype(
        np.int64
    )
    return QualificationBatch(
        policy=policy,
        values=values,
        measure_scores=measure_scores,
        criterion_scores=criterion_scores,
        shares=shares,
        points=points,
        score=score,
        confidence=confidence,
        score_tier_rank=score_tier,
        tier_rank=np.maximum(score_tier, cap),
        flags=flags,
    )


def qualify_many(
    metrics: MetricsBatch, judged: Mapping[Metric, FloatArray], policy: Policy
) -> QualificationBatch:
    """Every account of the batch; `judged` as `judged_columns` gives it. The policy must
    be valid (`policy.validate`)."""
    return _score({**metrics.columns(), **judged}, policy)


def qualify(metrics: AccountMetrics, judged: Judged, policy: Policy) -> QualificationResult:
    """One account: the same arithmetic as `qualify_many`."""
    values = {
        metric: np.array([_number(value)], dtype=np.float64)
        for metric, value in metrics.values().items()
    }
    return _score({**values, **judged_columns([judged])}, policy).result(0)
