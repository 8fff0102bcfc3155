"""Policies: validation returns codes, and a policy survives the trip through JSON."""

from __future__ import annotations

import dataclasses
import json

import pytest
from hypothesis import given, settings

from guanxi.domain.qualification.metrics import Metric
from guanxi.domain.qualification.policy import (
    Curve,
    Flag,
    Gate,
    Measure,
    Policy,
    PolicyFormatError,
    Tier,
    TierCutoffs,
    When,
    default_policy,
    from_dict,
    to_dict,
    validate,
)
from tests.qualification.strategies import policies

DEFAULT = default_policy()


def codes(policy: Policy) -> set[str]:
    return {problem.code for problem in validate(policy)}


def with_rule(index: int, **changes: object) -> Policy:
    criteria = list(DEFAULT.criteria)
    criteria[index] = dataclasses.replace(criteria[index], **changes)
    return dataclasses.replace(DEFAULT, criteria=tuple(criteria))


def test_the_default_policy_is_valid_and_weighs_seven_criteria_to_100() -> None:
    assert validate(DEFAULT) == []
    assert len(DEFAULT.criteria) == 7
    assert sum(rule.weight for rule in DEFAULT.criteria) == 100


def test_weights_must_not_be_negative_and_must_add_up_to_something() -> None:
    assert "weight_negative" in codes(with_rule(0, weight=-1))
    zero = dataclasses.replace(
        DEFAULT, criteria=tuple(dataclasses.replace(r, weight=0) for r in DEFAULT.criteria)
    )
    assert "weights_sum_zero" in codes(zero)


def test_a_criterion_counts_once() -> None:
    assert "criterion_repeated" in codes(
        dataclasses.replace(DEFAULT, criteria=DEFAULT.criteria + DEFAULT.criteria[:1])
    )


@pytest.mark.parametrize(
    ("metric", "points", "code"),
    [
        (Metric.GROSS_MARGIN_PCT, ((0, 100), (40, 0)), "curve_wrong_direction"),
        (Metric.LATE_SHARE, ((0, 0), (1, 100)), "curve_wrong_direction"),
        (Metric.REVENUE_T12M, ((10, 0), (5, 100)), "curve_values_not_increasing"),
        (Metric.REVENUE_T12M, ((0, 0), (5, 120)), "curve_score_out_of_range"),
        (Metric.REVENUE_T12M, ((0, 0),), "curve_too_few_points"),
        (Metric.REVENUE_T12M, ((0, 0), (float("inf"), 100)), "curve_not_finite"),
    ],
)
def test_curves_must_be_monotone_the_right_way_and_stay_within_0_and_100(
    metric: Metric, points: tuple[tuple[float, float], ...], code: str
) -> None:
    assert code in codes(with_rule(0, measures=(Measure(metric, Curve(points)),)))


def test_tier_cut_offs_must_be_ordered() -> None:
    assert "cutoffs_not_ordered" in codes(
        dataclasses.replace(DEFAULT, cutoffs=TierCutoffs(50, 60, 30))
    )
    assert "cutoffs_not_ordered" in codes(
        dataclasses.replace(DEFAULT, cutoffs=TierCutoffs(120, 60, 30))
    )


def test_r1_9_gates_for_price_squeezers_and_late_payers_must_exist_and_keep_them_below_a() -> None:
    no_gates = dataclasses.replace(DEFAULT, gates=())
    assert {"price_squeezer_gate_missing", "late_payer_gate_missing"} <= codes(no_gates)
    lenient = Gate(Flag.PRICE_SQUEEZER, Metric.GROSS_MARGIN_PCT, When.BELOW, 5, tier_cap=None)
    assert "gate_must_cap_below_a" in codes(
        dataclasses.replace(DEFAULT, gates=(*DEFAULT.gates, lenient))
    )
    ranking = Gate(Flag.SINGLE_CRITERION_DOMINANT, Metric.REVENUE_T12M, When.ABOVE, 5, Tier.B)
    assert "gate_flag_not_allowed" in codes(
        dataclasses.replace(DEFAULT, gates=(*DEFAULT.gates, ranking))
    )


def test_shares_must_be_between_0_and_1() -> None:
    assert "share_out_of_range" in codes(dataclasses.replace(DEFAULT, dominance_share=0))
    assert "share_out_of_range" in codes(dataclasses.replace(DEFAULT, min_confidence=1.5))


def test_the_default_policy_round_trips_through_json() -> None:
    assert from_dict(json.loads(json.dumps(to_dict(DEFAULT)))) == DEFAULT


@settings(max_examples=50, deadline=None)
@given(policies())
def test_any_policy_round_trips_through_json(policy: Policy) -> None:
    assert from_dict(json.loads(json.dumps(to_dict(policy)))) == policy


def test_a_malformed_policy_lists_every_problem_with_its_place() -> None:
    data = to_dict(DEFAULT)
    data["criteria"][0]["criterion"] = "vibes"
    data["criteria"][1]["weight"] = "heavy"
    data["gates"][0]["tier_cap"] = "S"
    del data["tier_cutoffs"]["B"]
    with pytest.raises(PolicyFormatError) as error:
        from_dict(data)
    assert {(p.code, p.path) for p in error.value.problems} == {
        ("unknown_choice", "criteria.0.criterion"),
        ("not_a_number", "criteria.1.weight"),
        ("unknown_choice", "gates.0.tier_cap"),
        ("required", "tier_cutoffs.B"),
    }
    with pytest.raises(PolicyFormatError):
        from_dict([])
    with pytest.raises(PolicyFormatError):
        from_dict({**to_dict(DEFAULT), "format": 99})


def test_a_criterion_without_measures_is_refused() -> None:
    assert "weights_sum_zero" in codes(with_rule(0, measures=()))
