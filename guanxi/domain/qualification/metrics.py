"""What the sales data says about an account (R1.1–R1.5), as of a date.

Computed for many accounts at once over columns of monthly figures (numpy), because a
portfolio of 100 000 accounts must qualify within a second (DESIGN.md §9);
`account_metrics` gives the same figures for one account. Money is in the data's
currency, as floats; a missing figure is NaN in the columns and None in `AccountMetrics`.

Definitions (periods are rolling and end with the as-of month, see `periods`):

- T12M: the trailing twelve months; gross margin % over the revenue of costed lines only.
- Growth: year on year compares the T12M with the twelve months before; quarter on quarter
  the latest three months with the three before. Unknown when the earlier period is not
  covered by the data or had no revenue.
- Trend consistency: the share of the latest eight quarters that sold more than the same
  quarter a year before. Comparing with a year before keeps seasons out of it; a share
  rather than a fitted slope keeps one huge order from deciding. Needs four comparable
  quarters; a quarter that sold nothing a year before has nothing to compare with.
- Days to pay: average over the invoices paid in the T12M; late share: late or overdue
  invoices among those with a due date.
- Share of wallet: T12M revenue ÷ the customer's estimated yearly category spend;
  headroom: the spend we do not have yet (never below zero).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

import numpy as np
import numpy.typing as npt

from guanxi.domain.qualification.periods import (
    LOOKBACK_MONTHS,
    Granularity,
    Period,
    month_index,
    periods_back,
)

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

QUARTERS = LOOKBACK_MONTHS // 3
YEARS = LOOKBACK_MONTHS // 12
TREND_QUARTERS = 8
MIN_TREND_STEPS = 4
NAN = float("nan")


class Metric(StrEnum):
    """Every figure a scoring curve or a gate can read."""

    REVENUE_T12M = "revenue_t12m"
    GROSS_MARGIN_PCT = "gross_margin_pct"
    GROWTH_YOY_PCT = "growth_yoy_pct"
    GROWTH_QOQ_PCT = "growth_qoq_pct"
    TREND_CONSISTENCY = "trend_consistency"
    CATEGORY_SPEND = "category_spend"
    SHARE_OF_WALLET = "share_of_wallet"
    HEADROOM = "headroom"
    DAYS_TO_PAY = "days_to_pay"
    DAYS_OVER_TERMS = "days_over_terms"
    LATE_SHARE = "late_share"
    INVOICE_COUNT = "invoice_count_t12m"
    CREDIT_RATING = "credit_rating"
    ACCESS_TO_GOALS = "access_to_goals"
    OPENNESS_TO_IDEAS = "openness_to_ideas"


@dataclass(frozen=True, slots=True)
class MonthFigures:
    """One account's sales lines of one month, summed."""

    month: date
    revenue: float
    cost: float | None = None  # None when no line of the month carried a cost
    costed_revenue: float = 0.0  # the revenue of the lines that carried a cost
    invoice_count: int = 0
    paid_count: int = 0
    days_to_pay_sum: int = 0
    late_count: int = 0
    due_count: int = 0


@dataclass(frozen=True, slots=True)
class AccountFacts:
    """What we know of the account besides its sales."""

    category_spend: float | None = None
    payment_terms_days: int | None = None


@dataclass(frozen=True)
class MonthTable:
    """Monthly figures of many accounts as columns, one row per account and month."""

    account: IntArray  # the account's position, 0 … n − 1
    month: IntArray  # `month_index` of the month
    revenue: FloatArray
    cost: FloatArray  # NaN when no line carried a cost
    costed_revenue: FloatArray
    invoice_count: FloatArray
    paid_count: FloatArray
    days_to_pay_sum: FloatArray
    late_count: FloatArray
    due_count: FloatArray

    @classmethod
    def from_rows(cls, rows: Iterable[Sequence[Any]]) -> MonthTable:
        """Rows of (position, month_index, revenue, cost, costed_revenue, invoice_count,
        paid_count, days_to_pay_sum, late_count, due_count); cost may be None."""
        columns = list(zip(*rows, strict=True)) or [()] * 10
        return cls(
            np.asarray(columns[0], dtype=np.int64),
            np.asarray(columns[1], dtype=np.int64),
            *(np.asarray(column, dtype=np.float64) for column in columns[2:]),
        )

    @classmethod
    def from_months(cls, accounts: Sequence[Iterable[MonthFigures]]) -> MonthTable:
        """The table of accounts given as lists of months; positions follow the sequence."""
        return cls.from_rows(
            (
                position,
                month_index(m.month),
                m.revenue,
                m.cost,
                m.costed_revenue,
                m.invoice_count,
                m.paid_count,
                m.days_to_pay_sum,
                m.late_count,
                m.due_count,
            )
            for position, months in enumerate(accounts)
            for m in months
        )


@dataclass(frozen=True)
class AccountMetrics:
    """One account's figures as of a date; None where the data does not tell."""

    as_of: date
    history_start: date | None
    revenue_t12m: float
    cost_t12m: float | None
    costed_revenue_t12m: float
    gross_margin_pct: float | None
    invoice_count_t12m: int
    yearly_revenue: tuple[float, ...]  # oldest first, aligned with `years`
    quarterly_revenue: tuple[float, ...]  # oldest first, aligned with `quarters`
    growth_yoy_pct: float | None
    growth_qoq_pct: float | None
    trend_consistency: float | None
    days_to_pay: float | None
    days_over_terms: float | None
    late_share: float | None
    category_spend: float | None
    share_of_wallet: float | None
    headroom: float | None

    @property
    def years(self) -> tuple[Period, ...]:
        return periods_back(self.as_of, Granularity.YEAR, YEARS, self.history_start)

    @property
    def quarters(self) -> tuple[Period, ...]:
        return periods_back(self.as_of, Granularity.QUARTER, QUARTERS, self.history_start)

    def values(self) -> dict[Metric, float | None]:
        """The figures curves and gates read, by metric."""
        return {
            Metric.REVENUE_T12M: self.revenue_t12m,
            Metric.GROSS_MARGIN_PCT: self.gross_margin_pct,
            Metric.GROWTH_YOY_PCT: self.growth_yoy_pct,
            Metric.GROWTH_QOQ_PCT: self.growth_qoq_pct,
            Metric.TREND_CONSISTENCY: self.trend_consistency,
            Metric.CATEGORY_SPEND: self.category_spend,
            Metric.SHARE_OF_WALLET: self.share_of_wallet,
            Metric.HEADROOM: self.headroom,
            Metric.DAYS_TO_PAY: self.days_to_pay,
            Metric.DAYS_OVER_TERMS: self.days_over_terms,
            Metric.LATE_SHARE: self.late_share,
            Metric.INVOICE_COUNT: float(self.invoice_count_t12m),
        }


def listed(column: FloatArray) -> list[float | None]:
    """The column as Python floats, None for NaN."""
    values = column.astype(object)
    values[np.isnan(column)] = None
    return values.tolist()  # type: ignore[no-any-return]


def _optional(value: float) -> float | None:
    return None if np.isnan(value) else float(value)


# Figures that are one number per account, in the order of AccountMetrics' optional fields.
_PER_ACCOUNT = (
    "growth_yoy_pct",
    "growth_qoq_pct",
    "trend_consistency",
    "days_to_pay",
    "days_over_terms",
    "late_share",
    "category_spend",
    "share_of_wallet",
    "headroom",
)


@dataclass(frozen=True)
class MetricsBatch:
    """The figures of n accounts as columns; `row(i)` is account i's `AccountMetrics`."""

    as_of: date
    history_start: date | None
    revenue_t12m: FloatArray
    cost_t12m: FloatArray
    costed_revenue_t12m: FloatArray
    gross_margin_pct: FloatArray
    invoice_count_t12m: FloatArray
    yearly_revenue: FloatArray  # (n, YEARS), oldest first
    quarterly_revenue: FloatArray  # (n, QUARTERS), oldest first
    growth_yoy_pct: FloatArray
    growth_qoq_pct: FloatArray
    trend_consistency: FloatArray
    days_to_pay: FloatArray
    days_over_terms: FloatArray
    late_share: FloatArray
    category_spend: FloatArray
    share_of_wallet: FloatArray
    headroom: FloatArray

    def __len__(self) -> int:
        return len(self.revenue_t12m)

    def columns(self) -> dict[Metric, FloatArray]:
        """The figures curves and gates read, by metric, NaN where unknown."""
        return {
            Metric.REVENUE_T12M: self.revenue_t12m,
            Metric.GROSS_MARGIN_PCT: self.gross_margin_pct,
            Metric.GROWTH_YOY_PCT: self.growth_yoy_pct,
            Metric.GROWTH_QOQ_PCT: self.growth_qoq_pct,
            Metric.TREND_CONSISTENCY: self.trend_consistency,
            Metric.CATEGORY_SPEND: self.category_spend,
            Metric.SHARE_OF_WALLET: self.share_of_wallet,
            Metric.HEADROOM: self.headroom,
            Metric.DAYS_TO_PAY: self.days_to_pay,
            Metric.DAYS_OVER_TERMS: self.days_over_terms,
            Metric.LATE_SHARE: self.late_share,
            Metric.INVOICE_COUNT: self.invoice_count_t12m,
        }

    def as_dicts(self, start: int = 0, stop: int | None = None) -> list[dict[str, Any]]:
        """Accounts start … stop − 1 as plain data (JSON), None where unknown."""
        window = slice(start, stop)
        names = (
            "revenue_t12m",
            "cost_t12m",
            "gross_margin_pct",
            "invoice_count_t12m",
            *_PER_ACCOUNT,
        )
        columns = [listed(getattr(self, name)[window]) for name in names]
        return [
            {
                **dict(zip(names, values, strict=True)),
                "yearly_revenue": yearly,
                "quarterly_revenue": quarterly,
            }
            for *values, yearly, quarterly in zip(
                *columns,
                self.yearly_revenue[window].tolist(),
                self.quarterly_revenue[window].tolist(),
                strict=True,
            )
        ]

    def row(self, i: int) -> AccountMetrics:
        return AccountMetrics(
            as_of=self.as_of,
            history_start=self.history_start,
            revenue_t12m=float(self.revenue_t12m[i]),
            cost_t12m=_optional(self.cost_t12m[i]),
            costed_revenue_t12m=float(self.costed_revenue_t12m[i]),
            gross_margin_pct=_optional(self.gross_margin_pct[i]),
            invoice_count_t12m=int(self.invoice_count_t12m[i]),
            yearly_revenue=tuple(float(v) for v in self.yearly_revenue[i]),
            quarterly_revenue=tuple(float(v) for v in self.quarterly_revenue[i]),
            **{name: _optional(getattr(self, name)[i]) for name in _PER_ACCOUNT},
        )


def _sum_by(index: IntArray, weights: FloatArray | None, length: int) -> FloatArray:
    """Sums of the weights (or counts) per index 0 … length − 1."""
    return np.bincount(index, weights=weights, minlength=length).astype(np.float64, copy=False)


def _ratio(numerator: FloatArray, denominator: FloatArray) -> FloatArray:
    """numerator ÷ denominator where the denominator is positive, NaN elsewhere."""
    out = np.full(numerator.shape, np.nan)
    with np.errstate(over="ignore"):  # a base of almost nothing: no meaningful ratio
        np.divide(numerator, denominator, out=out, where=denominator > 0)
    out[np.isinf(out)] = np.nan
    return out


def _growth_pct(current: FloatArray, earlier: FloatArray, earlier_covered: bool) -> FloatArray:
    if not earlier_covered:
        return np.full(current.shape, np.nan)
    return (_ratio(current, earlier) - 1.0) * 100.0


def _trend_consistency(quarterly: FloatArray, covered: npt.NDArray[np.bool_]) -> FloatArray:
    current = quarterly[:, QUARTERS - TREND_QUARTERS :]
    year_before = quarterly[:, QUARTERS - TREND_QUARTERS - 4 : QUARTERS - 4]
    comparable = covered[QUARTERS - TREND_QUARTERS - 4 : QUARTERS - 4] & (year_before > 0)
    steps = comparable.sum(axis=1).astype(np.float64)
    rising = ((current > year_before) & comparable).sum(axis=1).astype(np.float64)
    steps[steps < MIN_TREND_STEPS] = np.nan
    return _ratio(rising, steps)


def metrics_batch(
    table: MonthTable,
    *,
    as_of: date,
    category_spend: FloatArray,
    payment_terms_days: FloatArray,
    history_start: date | None = None,
) -> MetricsBatch:
    """The figures of every account of the table; n = len(category_spend) accounts.

    `history_start`: the first month the data covers at all (of any account); periods that
    begin before it are not compared, so an export of two years does not make every
    account look as if it had grown from nothing.
    """
    n = len(category_spend)
    age = month_index(as_of) - table.month
    keep = (age >= 0) & (age < LOOKBACK_MONTHS)
    account, age = table.account[keep], age[keep]
    revenue, cost = table.revenue[keep], table.cost[keep]
    recent = age < 12
    costed = recent & ~np.isnan(cost)

    def t12m(column: FloatArray) -> FloatArray:
        return _sum_by(account[recent], column[keep][recent], n)

    revenue_t12m = _sum_by(account[recent], revenue[recent], n)
    cost_sum = _sum_by(account[costed], cost[costed], n)
    has_cost = _sum_by(account[costed], None, n) > 0
    costed_revenue = t12m(table.costed_revenue)
    margin = _ratio(costed_revenue - cost_sum, costed_revenue) * 100.0
    margin[~has_cost] = np.nan

    quarter = account * QUARTERS + (QUARTERS - 1 - age // 3)
    quarterly = _sum_by(quarter, revenue, n * QUARTERS).reshape(n, QUARTERS)
    year = account * YEARS + (YEARS - 1 - age // 12)
    yearly = _sum_by(year, revenue, n * YEARS).reshape(n, YEARS)
    quarter_covered = np.array(
        [p.covered for p in periods_back(as_of, Granularity.QUARTER, QUARTERS, history_start)]
    )
    year_covered = [p.covered for p in periods_back(as_of, Granularity.YEAR, YEARS, history_start)]

    days_to_pay = _ratio(t12m(table.days_to_pay_sum), t12m(table.paid_count))
    share_of_wallet = _ratio(revenue_t12m, category_spend)
    share_of_wallet[np.isnan(category_spend)] = np.nan
    return MetricsBatch(
        as_of=as_of,
        history_start=history_start,
        revenue_t12m=revenue_t12m,
        cost_t12m=np.where(has_cost, cost_sum, np.nan),
        costed_revenue_t12m=costed_revenue,
        gross_margin_pct=margin,
        invoice_count_t12m=t12m(table.invoice_count),
        yearly_revenue=yearly,
        quarterly_revenue=quarterly,
        growth_yoy_pct=_growth_pct(yearly[:, -1], yearly[:, -2], year_covered[-2]),
        growth_qoq_pct=_growth_pct(quarterly[:, -1], quarterly[:, -2], quarter_covered[-2]),
        trend_consistency=_trend_consistency(quarterly, quarter_covered),
        days_to_pay=days_to_pay,
        days_over_terms=days_to_pay - payment_terms_days,
        late_share=_ratio(t12m(table.late_count), t12m(table.due_count)),
        category_spend=category_spend,
        share_of_wallet=share_of_wallet,
        headroom=np.maximum(category_spend - revenue_t12m, 0.0),
    )


def account_metrics(
    months: Iterable[MonthFigures],
    as_of: date,
    facts: AccountFacts | None = None,
    history_start: date | None = None,
) -> AccountMetrics:
    """`metrics_batch` for one account."""
    facts = facts or AccountFacts()
    spend = NAN if facts.category_spend is None else facts.category_spend
    terms = NAN if facts.payment_terms_days is None else facts.payment_terms_days
    batch = metrics_batch(
        MonthTable.from_months([list(months)]),
        as_of=as_of,
        category_spend=np.array([spend], dtype=np.float64),
        payment_terms_days=np.array([terms], dtype=np.float64),
        history_start=history_start,
    )
    return batch.row(0)
