"""Qualification figures as the pages write them: money, percentages, days, periods, flags."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext

from guanxi.domain.qualification.metrics import Metric
from guanxi.domain.qualification.periods import Period
from guanxi.domain.qualification.policy import NEVER_TOP_TIER
from guanxi.domain.qualification.scoring import CREDIT_SCALE
from guanxi.planning import labels

DASH = "—"
PERCENT_OF_ONE = {Metric.LATE_SHARE, Metric.SHARE_OF_WALLET, Metric.TREND_CONSISTENCY}
MONEY = {Metric.REVENUE_T12M, Metric.CATEGORY_SPEND, Metric.HEADROOM}
RATINGS = {value: rating for rating, value in CREDIT_SCALE.items()}


def money(value: float | None) -> str:
    """Grouped by thousands, as on Chinese invoices."""
    return DASH if value is None else f"¥{value:,.0f}"


def percent(value: float | None, *, signed: bool = False) -> str:
    return DASH if value is None else f"{value:{'+' if signed else ''}.1f}%"


def days(value: float | None) -> str:
    return DASH if value is None else f"{value:.0f}"


def score(value: float | None) -> str:
    return DASH if value is None else f"{value:.0f}"


def metric_value(metric: str, value: float | None) -> str:
    """A figure as the scorecard shows it next to its name."""
    if value is None:
        return DASH
    if metric == Metric.CREDIT_RATING:
        return RATINGS.get(round(value), f"{value:g}")
    if metric in MONEY:
        return money(value)
    if metric in PERCENT_OF_ONE:
        return percent(value * 100)
    if metric.endswith("_pct"):
        return percent(value, signed=metric.startswith("growth"))
    if metric in (Metric.DAYS_TO_PAY, Metric.DAYS_OVER_TERMS):
        return gettext("%(days)s days") % {"days": days(value)}
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.1f}"


def period_label(period: Period) -> str:
    """`2024-03` for a month, `2024-01 … 2024-03` for a longer period."""
    first, last = period.first_month, period.last_month
    if first == last:
        return f"{last:%Y-%m}"
    return f"{first:%Y-%m} … {last:%Y-%m}"


@dataclass(frozen=True, slots=True)
class FlagText:
    code: str
    label: str
    reason: str
    serious: bool  # keeps the account out of tier A


SERIOUS_FLAGS = {str(flag) for flag in NEVER_TOP_TIER}


def flag_texts(codes: list[str] | tuple[str, ...]) -> list[FlagText]:
    return [
        FlagText(
            code,
            str(labels.FLAGS.get(code, code)),
            str(labels.FLAG_REASONS.get(code, "")),
            code in SERIOUS_FLAGS,
        )
        for code in codes
    ]
