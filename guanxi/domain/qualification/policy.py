"""A qualification policy: which criteria count, how much, and what keeps an account down.

The criteria are R1.1–R1.7; each reads one or more metrics through a scoring curve
(piecewise linear, 0–100). Gates flag an account (price squeezer, late payer, declining)
and may cap its tier; whatever a policy says, a price squeezer or a late payer never
reaches tier A (R1.9). Policies are plain data and travel as JSON (`to_dict`/`from_dict`).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import numpy as np

from guanxi.domain.qualification.metrics import FloatArray, Metric

FORMAT_VERSION = 1


class Criterion(StrEnum):
    VOLUME = "volume"  # R1.1
    MARGIN = "margin"  # R1.2
    GROWTH = "growth"  # R1.3
    POTENTIAL = "potential"  # R1.4
    PAYMENT = "payment"  # R1.5
    ACCESS_TO_GOALS = "access_to_goals"  # R1.6
    OPENNESS = "openness"  # R1.7


class Flag(StrEnum):
    PRICE_SQUEEZER = "price_squeezer"
    LATE_PAYER = "late_payer"
    DECLINING = "declining"
    SINGLE_CRITERION_DOMINANT = "single_criterion_dominant"
    INSUFFICIENT_DATA = "insufficient_data"


class Tier(StrEnum):
    """Best first, as in `guanxi.accounts.models.Tier`."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"

    @property
    def rank(self) -> int:
        return list(Tier).index(self)


class When(StrEnum):
    BELOW = "below"
    ABOVE = "above"


GATE_FLAGS = frozenset({Flag.PRICE_SQUEEZER, Flag.LATE_PAYER, Flag.DECLINING})
# R1.9: these flags keep an account out of tier A in every policy.
NEVER_TOP_TIER = frozenset({Flag.PRICE_SQUEEZER, Flag.LATE_PAYER})
PAYMENT_METRICS = frozenset({Metric.LATE_SHARE, Metric.DAYS_OVER_TERMS, Metric.DAYS_TO_PAY})

# Which way is better for each metric: a curve may never reward the worse direction.
BETTER_WHEN_HIGHER: dict[Metric, bool] = {
    Metric.REVENUE_T12M: True,
    Metric.GROSS_MARGIN_PCT: True,
    Metric.GROWTH_YOY_PCT: True,
    Metric.GROWTH_QOQ_PCT: True,
    Metric.TREND_CONSISTENCY: True,
    Metric.CATEGORY_SPEND: True,
    Metric.SHARE_OF_WALLET: True,
    Metric.HEADROOM: True,
    Metric.DAYS_TO_PAY: False,
    Metric.DAYS_OVER_TERMS: False,
    Metric.LATE_SHARE: False,
    Metric.INVOICE_COUNT: True,
    Metric.CREDIT_RATING: True,
    Metric.ACCESS_TO_GOALS: True,
    Metric.OPENNESS_TO_IDEAS: True,
}


@dataclass(frozen=True)
class Curve:
    """Points (metric value, score 0–100), values increasing; flat beyond both ends."""

    points: tuple[tuple[float, float], ...]

    def at(self, values: FloatArray) -> FloatArray:
        """The scores of the values; NaN stays NaN (unknown is not zero)."""
        xs = [x for x, _ in self.points]
        ys = [y for _, y in self.points]
        return np.interp(values, xs, ys)


@dataclass(frozen=True)
class Measure:
    metric: Metric
    curve: Curve
    weight: float = 1.0


@dataclass(frozen=True)
class CriterionRule:
    criterion: Criterion
    weight: float
    measures: tuple[Measure, ...]


@dataclass(frozen=True)
class Gate:
    """When the metric is below or above the threshold, flag the account and cap its tier."""

    flag: Flag
    metric: Metric
    when: When
    threshold: float
    tier_cap: Tier | None = None
    min_invoices: int = 0  # fewer invoices in the T12M are too few to judge by


@dataclass(frozen=True)
class TierCutoffs:
    """The lowest score of tiers A, B and C; below C is D."""

    a: float = 75.0
    b: float = 55.0
    c: float = 35.0


@dataclass(frozen=True)
class Policy:
    criteria: tuple[CriterionRule, ...]
    gates: tuple[Gate, ...]
    cutoffs: TierCutoffs = field(default_factory=TierCutoffs)
    # R1.8: warn when one criterion brings more than this share of the score.
    dominance_share: float = 0.5
    # Below this confidence the account is flagged and its tier capped.
    min_confidence: float = 0.5
    low_confidence_tier_cap: Tier | None = Tier.B


def _curve(*points: tuple[float, float]) -> Curve:
    return Curve(tuple(points))


def default_policy() -> Policy:
    """DESIGN.md §4's defaults; money in the data's currency (CNY)."""
    one_to_five = _curve((1, 0), (3, 50), (5, 100))
    return Policy(
        criteria=(
            CriterionRule(
                Criterion.VOLUME,
                25,
                (
                    Measure(
                        Metric.REVENUE_T12M,
                        _curve(
                            (0, 0),
                            (100_000, 10),
                            (500_000, 35),
                            (1_000_000, 50),
                            (3_000_000, 75),
                            (10_000_000, 100),
                        ),
                    ),
                ),
            ),
            CriterionRule(
                Criterion.MARGIN,
                20,
                (
                    Measure(
                        Metric.GROSS_MARGIN_PCT,
                        _curve((0, 0), (10, 30), (20, 60), (30, 85), (40, 100)),
                    ),
                ),
            ),
            CriterionRule(
                Criterion.GROWTH,
                15,
                (
                    Measure(
                        Metric.GROWTH_YOY_PCT,
                        _curve((-30, 0), (-10, 25), (0, 45), (10, 70), (25, 90), (50, 100)),
                        weight=2,
                    ),
                    Measure(Metric.TREND_CONSISTENCY, _curve((0, 0), (0.5, 50), (1, 100))),
                ),
            ),
            CriterionRule(
                Criterion.POTENTIAL,
                15,
                (
                    Measure(
                        Metric.CATEGORY_SPEND,
                        _curve((0, 0), (1_000_000, 30), (5_000_000, 70), (20_000_000, 100)),
                    ),
                ),
            ),
            CriterionRule(
                Criterion.PAYMENT,
                15,
                (
                    Measure(
                        Metric.DAYS_TO_PAY,
                        _curve((30, 100), (45, 85), (60, 65), (90, 30), (120, 0)),
                    ),
                    Measure(Metric.LATE_SHARE, _curve((0, 100), (0.1, 80), (0.25, 45), (0.5, 0))),
                    Measure(
                        Metric.CREDIT_RATING,
                        _curve((1, 0), (2, 20), (3, 40), (4, 60), (5, 80), (6, 90), (7, 100)),
                    ),
                ),
            ),
            CriterionRule(
                Criterion.ACCESS_TO_GOALS, 5, (Measure(Metric.ACCESS_TO_GOALS, one_to_five),)
            ),
            CriterionRule(Criterion.OPENNESS, 5, (Measure(Metric.OPENNESS_TO_IDEAS, one_to_five),)),
        ),
        gates=(
            Gate(Flag.PRICE_SQUEEZER, Metric.GROSS_MARGIN_PCT, When.BELOW, 8.0, Tier.B),
            # Selling below cost: not a key account at all.
            Gate(Flag.PRICE_SQUEEZER, Metric.GROSS_MARGIN_PCT, When.BELOW, 0.0, Tier.C),
            Gate(Flag.LATE_PAYER, Metric.LATE_SHARE, When.ABOVE, 0.3, Tier.B, min_invoices=4),
            Gate(Flag.LATE_PAYER, Metric.DAYS_OVER_TERMS, When.ABOVE, 30.0, Tier.B, min_invoices=4),
            Gate(Flag.DECLINING, Metric.GROWTH_YOY_PCT, When.BELOW, -10.0),
        ),
    )


# ---- validation ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Problem:
    """What is wrong with a policy: a code for the adapters to word, and where."""

    code: str
    path: str


class PolicyFormatError(ValueError):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(", ".join(f"{p.path}: {p.code}" for p in problems))
        self.problems = problems


def _curve_problems(measure: Measure, path: str) -> list[Problem]:
    points = measure.curve.points
    if len(points) < 2:
        return [Problem("curve_too_few_points", path)]
    xs = [x for x, _ in points]
    ys = [y for _, y in points]
    problems = []
    if any(not np.isfinite(v) for v in xs + ys):
        problems.append(Problem("curve_not_finite", path))
    if any(b <= a for a, b in itertools.pairwise(xs)):
        problems.append(Problem("curve_values_not_increasing", path))
    if any(y < 0 or y > 100 for y in ys):
        problems.append(Problem("curve_score_out_of_range", path))
    steps = [b - a for a, b in itertools.pairwise(ys)]
    rewards_worse = (
        any(s < 0 for s in steps)
        if BETTER_WHEN_HIGHER[measure.metric]
        else any(s > 0 for s in steps)
    )
    if rewards_worse:
        problems.append(Problem("curve_wrong_direction", path))
    return problems


def _criteria_problems(policy: Policy) -> list[Problem]:
    problems = []
    if not policy.criteria or sum(r.weight for r in policy.criteria) <= 0:
        problems.append(Problem("weights_sum_zero", "criteria"))
    seen: set[Criterion] = set()
    for rule in policy.criteria:
        path = f"criteria.{rule.criterion}"
        if rule.criterion in seen:
            problems.append(Problem("criterion_repeated", path))
        seen.add(rule.criterion)
        if not rule.weight >= 0:
            problems.append(Problem("weight_negative", f"{path}.weight"))
        if not rule.measures or sum(m.weight for m in rule.measures) <= 0:
            problems.append(Problem("weights_sum_zero", f"{path}.measures"))
        for measure in rule.measures:
            measure_path = f"{path}.{measure.metric}"
            if not measure.weight >= 0:
                problems.append(Problem("weight_negative", f"{measure_path}.weight"))
            problems.extend(_curve_problems(measure, f"{measure_path}.curve"))
    return problems


def _gate_problems(policy: Policy) -> list[Problem]:
    problems = []
    for number, gate in enumerate(policy.gates):
        path = f"gates.{number}"
        if gate.flag not in GATE_FLAGS:
            problems.append(Problem("gate_flag_not_allowed", f"{path}.flag"))
        if gate.flag in NEVER_TOP_TIER and gate.tier_cap in (None, Tier.A):
            problems.append(Problem("gate_must_cap_below_a", f"{path}.tier_cap"))
        if gate.min_invoices < 0:
            problems.append(Problem("min_invoices_negative", f"{path}.min_invoices"))
        if not np.isfinite(gate.threshold):
            problems.append(Problem("threshold_not_finite", f"{path}.threshold"))
    # R1.9: the big buyer that squeezes price below cost and pays late must be recognisable.
    if not any(
        g.flag == Flag.PRICE_SQUEEZER
        and g.metric == Metric.GROSS_MARGIN_PCT
        and g.when == When.BELOW
        and g.threshold >= 0
        for g in policy.gates
    ):
        problems.append(Problem("price_squeezer_gate_missing", "gates"))
    if not any(g.flag == Flag.LATE_PAYER and g.metric in PAYMENT_METRICS for g in policy.gates):
        problems.append(Problem("late_payer_gate_missing", "gates"))
    return problems


def validate(policy: Policy) -> list[Problem]:
    """Every problem of the policy; an empty list when it may be used."""
    problems = _criteria_problems(policy) + _gate_problems(policy)
    cut = policy.cutoffs
    if not 100 >= cut.a > cut.b > cut.c >= 0:
        problems.append(Problem("cutoffs_not_ordered", "tier_cutoffs"))
    if not 0 < policy.dominance_share <= 1:
        problems.append(Problem("share_out_of_range", "dominance_share"))
    if not 0 <= policy.min_confidence <= 1:
        problems.append(Problem("share_out_of_range", "min_confidence"))
    return problems


# ---- plain data ---------------------------------------------------------------------------


def to_dict(policy: Policy) -> dict[str, Any]:
    return {
        "format": FORMAT_VERSION,
        "criteria": [
            {
                "criterion": str(rule.criterion),
                "weight": rule.weight,
                "measures": [
                    {
                        "metric": str(m.metric),
                        "weight": m.weight,
                        "curve": [[x, y] for x, y in m.curve.points],
                    }
                    for m in rule.measures
                ],
            }
            for rule in policy.criteria
        ],
        "gates": [
            {
                "flag": str(g.flag),
                "metric": str(g.metric),
                "when": str(g.when),
                "threshold": g.threshold,
                "tier_cap": None if g.tier_cap is None else str(g.tier_cap),
                "min_invoices": g.min_invoices,
            }
            for g in policy.gates
        ],
        "tier_cutoffs": {"A": policy.cutoffs.a, "B": policy.cutoffs.b, "C": policy.cutoffs.c},
        "dominance_share": policy.dominance_share,
        "min_confidence": policy.min_confidence,
        "low_confidence_tier_cap": (
            None if policy.low_confidence_tier_cap is None else str(policy.low_confidence_tier_cap)
        ),
    }


class _Reader:
    """Reads a policy dict, collecting every problem instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def get(self, data: Any, key: str, path: str, default: Any = ...) -> Any:
        if isinstance(data, dict) and (
            data.get(key) is not None or (key in data and default is not ...)
        ):
            return data[key]
        if default is not ...:
            return default
        self.problems.append(Problem("required", f"{path}.{key}".lstrip(".")))
        return None

    def number(self, value: Any, path: str) -> float:
        if value is None:  # reported as required already
            return 0.0
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.problems.append(Problem("not_a_number", path))
            return 0.0
        return float(value)

    def choice(self, kind: type[StrEnum], value: Any, path: str) -> Any:
        try:
            return kind(value)
        except ValueError:
            self.problems.append(Problem("unknown_choice", path))
            return None

    def items(self, value: Any, path: str) -> list[Any]:
        if not isinstance(value, list):
            self.problems.append(Problem("not_a_list", path))
            return []
        return value


def _read_measure(reader: _Reader, data: Any, path: str) -> Measure:
    points = []
    for number, point in enumerate(reader.items(reader.get(data, "curve", path), f"{path}.curve")):
        if not isinstance(point, list | tuple) or len(point) != 2:
            reader.problems.append(Problem("not_a_point", f"{path}.curve.{number}"))
            continue
        points.append(tuple(reader.number(v, f"{path}.curve.{number}") for v in point))
    return Measure(
        metric=reader.choice(Metric, reader.get(data, "metric", path), f"{path}.metric"),
        curve=Curve(tuple(points)),  # type: ignore[arg-type]
        weight=reader.number(reader.get(data, "weight", path, 1.0), f"{path}.weight"),
    )


def _read_rule(reader: _Reader, data: Any, path: str) -> CriterionRule:
    measures = reader.items(reader.get(data, "measures", path), f"{path}.measures")
    return CriterionRule(
        criterion=reader.choice(
            Criterion, reader.get(data, "criterion", path), f"{path}.criterion"
        ),
        weight=reader.number(reader.get(data, "weight", path), f"{path}.weight"),
        measures=tuple(
            _read_measure(reader, m, f"{path}.measures.{i}") for i, m in enumerate(measures)
        ),
    )


def _read_tier(reader: _Reader, value: Any, path: str) -> Tier | None:
    return None if value is None else reader.choice(Tier, value, path)


def _read_gate(reader: _Reader, data: Any, path: str) -> Gate:
    min_invoices = reader.number(reader.get(data, "min_invoices", path, 0), f"{path}.min_invoices")
    return Gate(
        flag=reader.choice(Flag, reader.get(data, "flag", path), f"{path}.flag"),
        metric=reader.choice(Metric, reader.get(data, "metric", path), f"{path}.metric"),
        when=reader.choice(When, reader.get(data, "when", path), f"{path}.when"),
        threshold=reader.number(reader.get(data, "threshold", path), f"{path}.threshold"),
        tier_cap=_read_tier(reader, reader.get(data, "tier_cap", path, None), f"{path}.tier_cap"),
        min_invoices=int(min_invoices),
    )


def from_dict(data: Any) -> Policy:
    """The policy a dict describes; raises PolicyFormatError listing every problem.

    A policy read without error may still be unusable: `validate` it.
    """
    reader = _Reader()
    if not isinstance(data, dict):
        raise PolicyFormatError([Problem("not_an_object", "")])
    if data.get("format", FORMAT_VERSION) != FORMAT_VERSION:
        raise PolicyFormatError([Problem("unknown_format", "format")])
    criteria = reader.items(reader.get(data, "criteria", ""), "criteria")
    gates = reader.items(reader.get(data, "gates", ""), "gates")
    cutoffs = reader.get(data, "tier_cutoffs", "")
    cap = reader.get(data, "low_confidence_tier_cap", "", Tier.B.value)
    policy = Policy(
        criteria=tuple(_read_rule(reader, r, f"criteria.{i}") for i, r in enumerate(criteria)),
        gates=tuple(_read_gate(reader, g, f"gates.{i}") for i, g in enumerate(gates)),
        cutoffs=TierCutoffs(
            *(
                reader.number(reader.get(cutoffs, tier, "tier_cutoffs"), f"tier_cutoffs.{tier}")
                for tier in ("A", "B", "C")
            )
        ),
        dominance_share=reader.number(
            reader.get(data, "dominance_share", "", 0.5), "dominance_share"
        ),
        min_confidence=reader.number(reader.get(data, "min_confidence", "", 0.5), "min_confidence"),
        low_confidence_tier_cap=_read_tier(reader, cap, "low_confidence_tier_cap"),
    )
    if reader.problems:
        raise PolicyFormatError(reader.problems)
    return policy
