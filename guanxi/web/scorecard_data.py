"""What the scorecard shows, built from a stored result: plain rows, words in the user's language."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils.translation import get_language, gettext

from guanxi.accounts.models import Account
from guanxi.domain.qualification import policy as domain_policy
from guanxi.domain.qualification.metrics import TREND_QUARTERS
from guanxi.domain.qualification.periods import Granularity, Period, periods_back
from guanxi.domain.qualification.series import period_series
from guanxi.planning import labels
from guanxi.planning.mapper import history_start, month_figures
from guanxi.planning.models import QualificationResult
from guanxi.web import qualification_text as text

HISTORY_ROWS = 200  # of the account's history, enough to find its latest overrides
OVERRIDES_SHOWN = 5
MONEY_UNITS = {"zh-hans": (10_000, "万"), "zh-hant": (10_000, "萬")}
CRITERION_COLOURS = 7  # criterion-0 … criterion-6 in app.css


@dataclass(frozen=True, slots=True)
class MeasureLine:
    label: str
    value: str
    score: str
    weight: float


@dataclass(frozen=True, slots=True)
class CriterionLine:
    key: str
    label: str
    colour: int
    weight: float
    share: str  # of the score, after leaving out what had no data
    score: float | None
    score_text: str
    bar: float  # 0–100
    points: float
    points_text: str
    offset: float  # where its points start in the stacked bar of the total
    reason: str
    band: str
    band_label: str
    measures: list[MeasureLine]


@dataclass(frozen=True)
class Scorecard:
    score: str
    score_tier: str  # what the score alone would give; the recommended tier may be lower
    confidence: str
    low_confidence: bool
    flags: list[text.FlagText]
    criteria: list[CriterionLine]
    periods: list[tuple[str, str]]


def _measure(measure: dict[str, Any]) -> MeasureLine:
    metric = measure["metric"]
    return MeasureLine(
        label=str(labels.METRICS.get(metric, metric)),
        value=text.metric_value(metric, measure["value"]),
        score=text.score(measure["score"]),
        weight=measure["weight"],
    )


def _criteria(contributions: list[dict[str, Any]]) -> list[CriterionLine]:
    lines, offset = [], 0.0
    for number, item in enumerate(contributions):
        criterion, score, points = item["criterion"], item["score"], item["points"]
        lines.append(
            CriterionLine(
                key=criterion,
                label=str(labels.CRITERIA.get(criterion, criterion)),
                colour=number % CRITERION_COLOURS,
                weight=item["weight"],
                share=f"{item['share']:.0%}",
                score=score,
                score_text=text.score(score),
                bar=round(min(max(score or 0.0, 0.0), 100.0), 1),
                points=round(points, 2),
                points_text=f"{points:.1f}",
                offset=round(offset, 2),
                reason=labels.reason_text(item["reason"]),
                band=item["reason"].partition(".")[2],
                band_label=str(labels.BANDS.get(item["reason"].partition(".")[2], "")),
                measures=[_measure(m) for m in item["measures"]],
            )
        )
        offset += points
    return lines


def _span(period: Period) -> str:
    return text.period_label(period)


def periods_behind(as_of: date) -> list[tuple[str, str]]:
    """The periods the figures were counted over, as the scorecard names them."""
    years = periods_back(as_of, Granularity.YEAR, 2)
    quarters = periods_back(as_of, Granularity.QUARTER, 2)
    trend = periods_back(as_of, Granularity.QUARTER, TREND_QUARTERS)
    return [
        (gettext("Last 12 months (volume, margin, payment)"), _span(years[1])),
        (gettext("The 12 months before (growth on the year before)"), _span(years[0])),
        (
            gettext("Latest quarter and the one before"),
            f"{_span(quarters[1])} · {_span(quarters[0])}",
        ),
        (
            gettext("Trend: each quarter against the same quarter a year before"),
            f"{trend[0].first_month:%Y-%m} … {trend[-1].last_month:%Y-%m}",
        ),
    ]


def score_tier(score: float, definition: dict[str, Any]) -> str:
    """The tier the score reaches by the policy's cut-offs, before any flag caps it."""
    try:
        cutoffs = domain_policy.from_dict(definition).cutoffs
    except domain_policy.PolicyFormatError:
        cutoffs = domain_policy.TierCutoffs()
    for tier, floor in (("A", cutoffs.a), ("B", cutoffs.b), ("C", cutoffs.c)):
        if score >= floor:
            return tier
    return "D"


def scorecard(result: QualificationResult) -> Scorecard:
    return Scorecard(
        score=text.score(result.score),
        score_tier=score_tier(result.score, result.run.policy.definition),
        confidence=f"{result.confidence:.0%}",
        low_confidence="insufficient_data" in result.flags,
        flags=text.flag_texts(result.flags),
        criteria=_criteria(result.contributions),
        periods=periods_behind(result.run.as_of),
    )


def _money_unit() -> dict[str, Any]:
    """Chinese counts money in ten thousands (万); English in thousands."""
    divisor, suffix = MONEY_UNITS.get(get_language() or "", (1_000, "k"))
    return {"divisor": divisor, "suffix": suffix}


def trend(account: Account, as_of: date) -> dict[str, Any] | None:
    """Revenue and margin per month, quarter and year for the chart; None without sales."""
    months = month_figures(account, as_of)
    if not months:
        return None
    start = history_start()
    periods: dict[str, Any] = {}
    for granularity in Granularity:
        series = period_series(months, as_of, granularity, history_start=start)
        periods[granularity.value] = {
            "labels": [text.period_label(f.period) for f in series],  # the tooltip's, the table's
            "ends": [f"{f.period.last_month:%Y-%m}" for f in series],  # the axis's: one month each
            "revenue": [round(f.revenue) if f.period.covered else None for f in series],
            "margin": [
                None
                if f.gross_margin_pct is None or not f.period.covered
                else round(f.gross_margin_pct, 1)
                for f in series
            ],
        }
    return {
        "periods": periods,
        "default": Granularity.QUARTER.value,
        "money": _money_unit(),
        "words": {"revenue": gettext("Revenue"), "margin": gettext("Gross margin %")},
        "as_of": as_of.isoformat(),
    }


def trend_periods() -> list[tuple[str, str]]:
    return [
        (Granularity.MONTH.value, gettext("Months")),
        (Granularity.QUARTER.value, gettext("Quarters")),
        (Granularity.YEAR.value, gettext("Years")),
    ]


def trend_rows(trend: dict[str, Any]) -> list[tuple[str, str, str]]:
    """The quarters of the chart as a table: what the chart shows, readable without it."""
    quarters = trend["periods"][Granularity.QUARTER.value]
    return [
        (label, text.money(revenue), text.percent(margin))
        for label, revenue, margin in zip(
            quarters["labels"], quarters["revenue"], quarters["margin"], strict=True
        )
    ][::-1]


@dataclass(frozen=True, slots=True)
class OverrideEvent:
    when: datetime
    who: str
    tier: str  # empty: the override was removed
    reason: str


def override_history(account: Account) -> list[OverrideEvent]:
    """The latest changes of the tier override, newest first, from the account's history."""
    rows = list(
        account.history.order_by("-history_date", "-history_id").values_list(  # type: ignore[attr-defined]
            "history_date",
            "tier_override",
            "tier_override_reason",
            "history_user__display_name",
            "history_user__first_name",
            "history_user__last_name",
            "history_user__username",
        )[:HISTORY_ROWS]
    )
    events: list[OverrideEvent] = []
    previous: tuple[str, str] = ("", "")
    for when, tier, reason, display, first, last, username in reversed(rows):
        if (tier, reason) != previous:
            who = display or f"{first or ''} {last or ''}".strip() or username or ""
            events.append(OverrideEvent(when, who, tier, reason))
        previous = (tier, reason)
    return events[::-1][:OVERRIDES_SHOWN]
