"""Hypothesis strategies: account figures and valid policies."""

from __future__ import annotations

from datetime import date

from hypothesis import strategies as st

from guanxi.domain.qualification.metrics import AccountMetrics
from guanxi.domain.qualification.policy import CriterionRule, Policy, TierCutoffs, default_policy
from guanxi.domain.qualification.scoring import CREDIT_SCALE, Judged


def maybe(strategy: st.SearchStrategy[float]) -> st.SearchStrategy[float | None]:
    return st.one_of(st.none(), strategy)


def money(top: float = 50_000_000) -> st.SearchStrategy[float]:
    return st.floats(0, top, allow_nan=False)


@st.composite
def account_metrics(draw: st.DrawFn) -> AccountMetrics:
    revenue = draw(money())
    spend = draw(maybe(money()))
    return AccountMetrics(
        as_of=date(2024, 12, 31),
        history_start=None,
        revenue_t12m=revenue,
        cost_t12m=None,
        costed_revenue_t12m=revenue,
        gross_margin_pct=draw(maybe(st.floats(-50, 80))),
        invoice_count_t12m=draw(st.integers(0, 500)),
        yearly_revenue=(0.0, 0.0, revenue),
        quarterly_revenue=(0.0,) * 12,
        growth_yoy_pct=draw(maybe(st.floats(-100, 500))),
        growth_qoq_pct=draw(maybe(st.floats(-100, 500))),
        trend_consistency=draw(maybe(st.floats(0, 1))),
        days_to_pay=draw(maybe(st.floats(0, 365))),
        days_over_terms=draw(maybe(st.floats(-60, 300))),
        late_share=draw(maybe(st.floats(0, 1))),
        category_spend=spend,
        share_of_wallet=None if not spend else revenue / spend,
        headroom=None if spend is None else max(spend - revenue, 0.0),
    )


judged = st.builds(
    Judged,
    access_to_goals=maybe(st.integers(1, 5)),
    openness_to_ideas=maybe(st.integers(1, 5)),
    credit_rating=st.one_of(st.none(), st.sampled_from(sorted(CREDIT_SCALE))),
)


@st.composite
def policies(draw: st.DrawFn) -> Policy:
    """The default policy's criteria, curves and gates with other weights, cut-offs and thresholds."""
    base = default_policy()
    weight = st.one_of(st.just(0.0), st.floats(0.01, 100))
    weights = draw(st.lists(weight, min_size=7, max_size=7).filter(lambda w: sum(w) > 1))
    cutoffs = sorted(
        draw(st.lists(st.floats(1, 99), min_size=3, max_size=3, unique=True)), reverse=True
    )
    return Policy(
        criteria=tuple(
            CriterionRule(rule.criterion, weight, rule.measures)
            for rule, weight in zip(base.criteria, weights, strict=True)
        ),
        gates=base.gates,
        cutoffs=TierCutoffs(*cutoffs),
        dominance_share=draw(st.floats(0.2, 1)),
        min_confidence=draw(st.floats(0, 1)),
        low_confidence_tier_cap=base.low_confidence_tier_cap,
    )
