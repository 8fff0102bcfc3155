"""Metrics from monthly figures (R1.1–R1.5): pure, no database."""

from __future__ import annotations

from datetime import date

import pytest

from guanxi.domain.qualification.metrics import (
    AccountFacts,
    MonthFigures,
    MonthTable,
    account_metrics,
    metrics_batch,
)
from guanxi.domain.qualification.periods import Granularity, periods_back
from guanxi.domain.qualification.series import period_series

AS_OF = date(2024, 12, 15)


def month(
    year: int, number: int, revenue: float, margin: float | None = 0.25, **counts: int
) -> MonthFigures:
    cost = None if margin is None else revenue * (1 - margin)
    return MonthFigures(
        date(year, number, 1), revenue, cost, revenue if cost is not None else 0.0, **counts
    )


def steady(revenue_by_year: dict[int, float], **counts: int) -> list[MonthFigures]:
    return [
        month(year, number, revenue / 12, **counts)
        for year, revenue in revenue_by_year.items()
        for number in range(1, 13)
    ]


def test_trailing_twelve_months_margin_and_yearly_revenue() -> None:
    metrics = account_metrics(steady({2022: 1_200_000, 2023: 1_440_000, 2024: 1_680_000}), AS_OF)
    assert metrics.revenue_t12m == pytest.approx(1_680_000)
    assert metrics.gross_margin_pct == pytest.approx(25.0)
    assert metrics.yearly_revenue == pytest.approx((1_200_000, 1_440_000, 1_680_000))
    assert metrics.growth_yoy_pct == pytest.approx(100 * (1_680_000 / 1_440_000 - 1))
    assert metrics.growth_qoq_pct == pytest.approx(0.0)
    assert metrics.trend_consistency == 1.0
    assert [p.last_month for p in metrics.years] == [
        date(2022, 12, 1),
        date(2023, 12, 1),
        date(2024, 12, 1),
    ]


def test_margin_counts_only_revenue_that_carries_a_cost() -> None:
    months = [month(2024, 11, 100_000, margin=0.2), month(2024, 12, 900_000, margin=None)]
    metrics = account_metrics(months, AS_OF)
    assert metrics.revenue_t12m == 1_000_000
    assert metrics.costed_revenue_t12m == 100_000
    assert metrics.gross_margin_pct == pytest.approx(20.0)


def test_without_any_cost_the_margin_is_unknown_not_zero() -> None:
    metrics = account_metrics([month(2024, 12, 50_000, margin=None)], AS_OF)
    assert metrics.cost_t12m is None
    assert metrics.gross_margin_pct is None


def test_months_after_the_as_of_date_and_before_three_years_are_ignored() -> None:
    months = [month(2025, 1, 999_999), month(2021, 12, 888_888), month(2024, 1, 10)]
    metrics = account_metrics(months, AS_OF)
    assert metrics.revenue_t12m == 10
    assert sum(metrics.yearly_revenue) == 10


def test_growth_needs_an_earlier_period_with_sales() -> None:
    metrics = account_metrics(steady({2024: 120_000}), AS_OF)
    assert metrics.growth_yoy_pct is None
    assert metrics.trend_consistency is None  # no quarter a year before sold anything


def test_periods_before_the_data_begins_are_not_compared() -> None:
    months = steady({2023: 600_000, 2024: 1_200_000})
    assert account_metrics(months, AS_OF).growth_yoy_pct == pytest.approx(100.0)
    late_start = account_metrics(months, AS_OF, history_start=date(2023, 6, 1))
    assert late_start.growth_yoy_pct is None
    assert late_start.revenue_t12m == pytest.approx(1_200_000)


def test_trend_consistency_is_the_share_of_quarters_that_beat_the_year_before() -> None:
    # 2024's last two quarters sold less than in 2023; the six quarters before sold more.
    revenue = {}
    for year, base in ((2022, 100.0), (2023, 200.0), (2024, 300.0)):
        for number in range(1, 13):
            revenue[(year, number)] = base
    for number in range(7, 13):
        revenue[(2024, number)] = 150.0
    months = [month(y, m, r) for (y, m), r in revenue.items()]
    assert account_metrics(months, AS_OF).trend_consistency == pytest.approx(6 / 8)


def test_payment_behaviour_and_share_of_wallet() -> None:
    months = [
        month(
            2024,
            11,
            300_000,
            invoice_count=4,
            paid_count=4,
            days_to_pay_sum=200,
            late_count=1,
            due_count=4,
        ),
        month(
            2024,
            12,
            100_000,
            invoice_count=2,
            paid_count=1,
            days_to_pay_sum=70,
            late_count=1,
            due_count=2,
        ),
    ]
    metrics = account_metrics(
        months, AS_OF, AccountFacts(category_spend=1_000_000, payment_terms_days=30)
    )
    assert metrics.invoice_count_t12m == 6
    assert metrics.days_to_pay == pytest.approx(54.0)
    assert metrics.days_over_terms == pytest.approx(24.0)
    assert metrics.late_share == pytest.approx(2 / 6)
    assert metrics.share_of_wallet == pytest.approx(0.4)
    assert metrics.headroom == pytest.approx(600_000)


def test_unknown_spend_and_no_invoices_leave_those_figures_unknown() -> None:
    metrics = account_metrics([], AS_OF)
    assert metrics.revenue_t12m == 0
    for name in ("days_to_pay", "late_share", "share_of_wallet", "headroom", "category_spend"):
        assert getattr(metrics, name) is None


def test_the_batch_gives_each_account_what_it_gives_alone() -> None:
    accounts = [steady({2023: 500_000, 2024: 800_000}), [], [month(2024, 12, 5_000, margin=-0.1)]]
    import numpy as np

    batch = metrics_batch(
        MonthTable.from_months(accounts),
        as_of=AS_OF,
        category_spend=np.array([np.nan, 10.0, 2_000_000]),
        payment_terms_days=np.array([30.0, np.nan, 60.0]),
    )
    for i, months in enumerate(accounts):
        spend = [None, 10.0, 2_000_000][i]
        terms = [30, None, 60][i]
        assert batch.row(i) == account_metrics(months, AS_OF, AccountFacts(spend, terms))


@pytest.mark.parametrize(
    ("granularity", "count", "first"),
    [
        (Granularity.MONTH, 36, date(2022, 1, 1)),
        (Granularity.QUARTER, 12, date(2022, 1, 1)),
        (Granularity.YEAR, 3, date(2022, 1, 1)),
    ],
)
def test_series_cover_three_years_back_from_the_as_of_month(
    granularity: Granularity, count: int, first: date
) -> None:
    months = steady({2022: 120, 2023: 240, 2024: 360})
    series = period_series(months, AS_OF, granularity)
    assert len(series) == count
    assert series[0].period.first_month == first
    assert series[-1].period.last_month == date(2024, 12, 1)
    assert sum(p.revenue for p in series) == pytest.approx(720)


def test_the_latest_year_of_the_series_is_the_trailing_twelve_months() -> None:
    months = steady(
        {2023: 600_000, 2024: 1_200_000},
        invoice_count=2,
        paid_count=2,
        days_to_pay_sum=90,
        due_count=2,
        late_count=1,
    )
    as_of = date(2024, 6, 30)
    metrics = account_metrics(months, as_of)
    latest = period_series(months, as_of, Granularity.YEAR)[-1]
    assert latest.revenue == pytest.approx(metrics.revenue_t12m)
    assert latest.gross_margin_pct == pytest.approx(metrics.gross_margin_pct)
    assert latest.days_to_pay == pytest.approx(metrics.days_to_pay)
    assert latest.late_share == pytest.approx(metrics.late_share)
    assert latest.period.first_month == date(2023, 7, 1)


def test_periods_say_whether_the_data_covers_them() -> None:
    years = periods_back(AS_OF, Granularity.YEAR, 3, history_start=date(2023, 1, 1))
    assert [p.covered for p in years] == [False, True, True]
