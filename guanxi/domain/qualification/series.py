"""One account's figures per month, quarter or year: what a scorecard charts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from guanxi.domain.qualification.metrics import MonthFigures
from guanxi.domain.qualification.periods import (
    LOOKBACK_MONTHS,
    MONTHS_IN,
    Granularity,
    Period,
    month_index,
    periods_back,
)


@dataclass(frozen=True, slots=True)
class PeriodFigures:
    period: Period
    revenue: float
    cost: float | None
    gross_margin_pct: float | None
    invoice_count: int
    days_to_pay: float | None
    late_share: float | None


@dataclass
class _Sums:
    revenue: float = 0.0
    cost: float = 0.0
    costed_revenue: float = 0.0
    has_cost: bool = False
    invoices: int = 0
    paid: int = 0
    days_to_pay: int = 0
    late: int = 0
    due: int = 0

    def add(self, month: MonthFigures) -> None:
        self.revenue += month.revenue
        if month.cost is not None:
            self.cost += month.cost
            self.costed_revenue += month.costed_revenue
            self.has_cost = True
        self.invoices += month.invoice_count
        self.paid += month.paid_count
        self.days_to_pay += month.days_to_pay_sum
        self.late += month.late_count
        self.due += month.due_count

    def figures(self, period: Period) -> PeriodFigures:
        margin = None
        if self.has_cost and self.costed_revenue > 0:
            margin = (self.costed_revenue - self.cost) / self.costed_revenue * 100.0
        return PeriodFigures(
            period=period,
            revenue=self.revenue,
            cost=self.cost if self.has_cost else None,
            gross_margin_pct=margin,
            invoice_count=self.invoices,
            days_to_pay=self.days_to_pay / self.paid if self.paid else None,
            late_share=self.late / self.due if self.due else None,
        )


def period_series(
    months: Iterable[MonthFigures],
    as_of: date,
    granularity: Granularity,
    count: int | None = None,
    history_start: date | None = None,
) -> tuple[PeriodFigures, ...]:
    """The latest `count` periods (by default three years' worth), oldest first."""
    size = MONTHS_IN[granularity]
    count = count if count is not None else LOOKBACK_MONTHS // size
    periods = periods_back(as_of, granularity, count, history_start)
    sums = [_Sums() for _ in periods]
    last = month_index(as_of)
    for month in months:
        back = (last - month_index(month.month)) // size
        if last - month_index(month.month) >= 0 and back < count:
            sums[count - 1 - back].add(month)
    return tuple(s.figures(p) for s, p in zip(sums, periods, strict=True))
