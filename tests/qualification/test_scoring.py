"""Scores, flags and tiers (R1.1–R1.9): pure, no database; properties checked by hypothesis."""

from __future__ import annotations

import dataclasses
from datetime import date

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from guanxi.domain.qualification.metrics import (
    AccountFacts,
    AccountMetrics,
    MonthFigures,
    MonthTable,
    account_metrics,
    metrics_batch,
)
from guanxi.domain.qualification.policy import Criterion, Flag, Policy, Tier, default_policy
from guanxi.domain.qualification.scoring import Judged, judged_columns, qualify, qualify_many
from tests.qualification.strategies import account_metrics as metrics_strategy
from tests.qualification.strategies import judged, policies

DEFAULT = default_policy()
AS_OF = date(2024, 12, 31)


def good_customer(**changes: object) -> AccountMetrics:
    months = [
        MonthFigures(date(y, m, 1), 250_000.0 * (y - 2020), 180_000.0 * (y - 2020), 250_000.0 * (y - 2020),
                     invoice_count=4, paid_count=4, days_to_pay_sum=160, late_count=0, due_count=4)
        for y in (2022, 2023, 2024) for m in range(1, 13)
    ]  # fmt: skip
    metrics = account_metrics(
        months, AS_OF, AccountFacts(category_spend=8_000_000, payment_terms_days=45)
    )
    return dataclasses.replace(metrics, **changes)


STRONG_JUDGEMENT = Judged(access_to_goals=5, openness_to_ideas=5, credit_rating="AAA")


def test_a_large_profitable_growing_punctual_customer_is_tier_a_and_explains_why() -> None:
    result = qualify(good_customer(), STRONG_JUDGEMENT, DEFAULT)
    assert result.tier == Tier.A
    assert result.flags == ()
    assert result.confidence == 1.0
    assert sum(c.points for c in result.contributions) == pytest.approx(result.score)
    assert sum(c.share for c in result.contributions) == pytest.approx(1.0)
    margin = next(c for c in result.contributions if c.criterion == Criterion.MARGIN)
    assert margin.reason == "margin.high"
    assert margin.measures[0].value == pytest.approx(28.0)
    assert margin.points == pytest.approx(margin.share * margin.score)


def test_r1_9_a_big_buyer_below_cost_who_pays_late_is_recognised_and_never_key() -> None:
    squeezer = good_customer(revenue_t12m=50_000_000, gross_margin_pct=-3.0, late_share=0.6)
    result = qualify(squeezer, STRONG_JUDGEMENT, DEFAULT)
    assert {Flag.PRICE_SQUEEZER, Flag.LATE_PAYER} <= set(result.flags)
    assert result.tier in (Tier.C, Tier.D)  # below cost: the default policy caps at C


def test_a_thin_margin_alone_caps_the_tier_at_b() -> None:
    result = qualify(good_customer(gross_margin_pct=5.0), STRONG_JUDGEMENT, DEFAULT)
    assert result.flags == (Flag.PRICE_SQUEEZER,)
    assert result.score_tier == Tier.A
    assert result.tier == Tier.B


def test_a_few_late_invoices_are_too_few_to_call_a_customer_a_late_payer() -> None:
    result = qualify(good_customer(late_share=1.0, invoice_count_t12m=2), STRONG_JUDGEMENT, DEFAULT)
    assert Flag.LATE_PAYER not in result.flags


def test_declining_sales_are_flagged() -> None:
    result = qualify(good_customer(growth_yoy_pct=-25.0), STRONG_JUDGEMENT, DEFAULT)
    assert Flag.DECLINING in result.flags


def test_missing_data_lowers_confidence_instead_of_scoring_zero() -> None:
    full = qualify(good_customer(), STRONG_JUDGEMENT, DEFAULT)
    unjudged = qualify(good_customer(), Judged(), DEFAULT)
    assert unjudged.confidence < full.confidence
    access = next(c for c in unjudged.contributions if c.criterion == Criterion.ACCESS_TO_GOALS)
    assert (access.score, access.points, access.share, access.reason) == (
        None,
        0.0,
        0.0,
        "access_to_goals.no_data",
    )
    # Judged 5/5 raised the score; unknown does not drag it to zero.
    assert unjudged.score > 0.9 * full.score


def test_an_account_that_bought_nothing_scores_zero_and_knows_little() -> None:
    result = qualify(account_metrics([], AS_OF), Judged(), DEFAULT)
    # No sales is a fact (volume 0); everything else is unknown.
    assert (result.score, result.confidence, result.tier) == (0.0, 0.25, Tier.D)
    assert Flag.INSUFFICIENT_DATA in result.flags


def test_r1_8_one_criterion_that_brings_most_of_the_score_is_flagged() -> None:
    only_volume = account_metrics([MonthFigures(date(2024, 12, 1), 20_000_000.0)], AS_OF)
    result = qualify(only_volume, Judged(), DEFAULT)
    assert Flag.SINGLE_CRITERION_DOMINANT in result.flags
    assert Flag.INSUFFICIENT_DATA in result.flags
    assert result.tier != Tier.A
    assert (
        Flag.SINGLE_CRITERION_DOMINANT
        not in qualify(good_customer(), STRONG_JUDGEMENT, DEFAULT).flags
    )


# ---- properties ------------------------------------------------------------------------------


@settings(max_examples=120, deadline=None)
@given(metrics_strategy(), judged, policies())
def test_scores_stay_within_0_and_100_and_confidence_within_0_and_1(
    metrics: AccountMetrics, judgement: Judged, policy: Policy
) -> None:
    result = qualify(metrics, judgement, policy)
    assert 0.0 <= result.score <= 100.0
    assert 0.0 <= result.confidence <= 1.0 + 1e-12
    assert sum(c.points for c in result.contributions) == pytest.approx(result.score, abs=1e-9)


@settings(max_examples=120, deadline=None)
@given(metrics_strategy(), judged, policies(), st.floats(0, 60))
def test_more_margin_never_lowers_the_score(
    metrics: AccountMetrics, judgement: Judged, policy: Policy, more: float
) -> None:
    if metrics.gross_margin_pct is None:
        metrics = dataclasses.replace(metrics, gross_margin_pct=0.0)
    better = dataclasses.replace(metrics, gross_margin_pct=metrics.gross_margin_pct + more)  # type: ignore[operator]
    assert (
        qualify(better, judgement, policy).score >= qualify(metrics, judgement, policy).score - 1e-9
    )


@settings(max_examples=120, deadline=None)
@given(metrics_strategy(), judged, policies(), st.floats(0, 1e8))
def test_more_volume_never_lowers_the_score(
    metrics: AccountMetrics, judgement: Judged, policy: Policy, more: float
) -> None:
    bigger = dataclasses.replace(metrics, revenue_t12m=metrics.revenue_t12m + more)
    assert (
        qualify(bigger, judgement, policy).score >= qualify(metrics, judgement, policy).score - 1e-9
    )


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.floats(1_000, 1e6), min_size=36, max_size=36),
    st.floats(1, 20),
    st.floats(0.05, 0.6),
)
def test_selling_more_at_the_same_margin_never_lowers_the_score(
    revenues: list[float], factor: float, margin: float
) -> None:
    def metrics(scale: float) -> AccountMetrics:
        months = [
            MonthFigures(
                date(2022 + i // 12, i % 12 + 1, 1),
                r * scale,
                r * scale * (1 - margin),
                r * scale,
                3,
                3,
                120,
                0,
                3,
            )
            for i, r in enumerate(revenues)
        ]
        return account_metrics(months, AS_OF, AccountFacts(category_spend=5_000_000))

    assert (
        qualify(metrics(factor), Judged(), DEFAULT).score
        >= qualify(metrics(1), Judged(), DEFAULT).score - 1e-9
    )


FIGURES = (
    "gross_margin_pct",
    "growth_yoy_pct",
    "trend_consistency",
    "days_to_pay",
    "late_share",
    "category_spend",
)


@settings(max_examples=120, deadline=None)
@given(metrics_strategy(), judged, policies(), st.sampled_from(FIGURES))
def test_losing_a_figure_never_raises_confidence(
    metrics: AccountMetrics, judgement: Judged, policy: Policy, figure: str
) -> None:
    poorer = dataclasses.replace(metrics, **{figure: None})
    before = qualify(metrics, judgement, policy).confidence
    after = qualify(poorer, judgement, policy).confidence
    assert after <= before + 1e-12
    if getattr(metrics, figure) is not None:
        rule = next(r for r in DEFAULT.criteria if any(m.metric == figure for m in r.measures))
        weight = {r.criterion: r.weight for r in policy.criteria}[rule.criterion]
        if weight > 0:
            assert after < before


@settings(max_examples=120, deadline=None)
@given(metrics_strategy(), judged, policies(), st.floats(-50, 7.9), st.floats(0.31, 1))
def test_r1_9_a_squeezer_or_late_payer_never_reaches_tier_a_whatever_its_volume(
    metrics: AccountMetrics, judgement: Judged, policy: Policy, margin: float, late: float
) -> None:
    huge = dataclasses.replace(metrics, revenue_t12m=1e9, invoice_count_t12m=100)
    assert (
        qualify(dataclasses.replace(huge, gross_margin_pct=margin), judgement, policy).tier
        != Tier.A
    )
    assert qualify(dataclasses.replace(huge, late_share=late), judgement, policy).tier != Tier.A


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.lists(
            st.tuples(
                st.integers(0, 40),
                st.floats(-1e4, 1e6),
                st.one_of(st.none(), st.floats(0, 1e6)),
                st.integers(0, 9),
                st.integers(0, 9),
            ),
            max_size=12,
        ),
        min_size=1,
        max_size=6,
    ),
    st.lists(judged, min_size=6, max_size=6),
)
def test_the_batch_scores_each_account_as_it_scores_alone(
    accounts: list[list[tuple]], judgements: list[Judged]
) -> None:
    month_lists = [
        [
            MonthFigures(
                date(2021 + age // 12, age % 12 + 1, 1),
                revenue,
                cost,
                revenue if cost is not None else 0.0,
                invoices,
                invoices,
                invoices * 30,
                late % (invoices + 1),
                invoices,
            )
            for age, revenue, cost, invoices, late in rows
        ]
        for rows in accounts
    ]
    n = len(month_lists)
    batch = qualify_many(
        metrics_batch(
            MonthTable.from_months(month_lists),
            as_of=AS_OF,
            category_spend=np.full(n, 3e6),
            payment_terms_days=np.full(n, 30.0),
        ),
        judged_columns(judgements[:n]),
        DEFAULT,
    )
    results = batch.results()
    for i, months in enumerate(month_lists):
        alone = qualify(
            account_metrics(months, AS_OF, AccountFacts(3e6, 30)), judgements[i], DEFAULT
        )
        assert results[i] == alone
        assert batch.result(i) == alone
