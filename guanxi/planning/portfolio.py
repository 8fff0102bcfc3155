"""The portfolio matrix as a user may see it: each qualified account's score, figures and our
relationship strength (from the insights selectors), placed in its quadrant.

A bounded number of queries whatever the portfolio's size: the latest results of the visible
accounts in one query (the largest accounts by revenue first, at most `limit`), their
strength in the insights selectors' fixed number, the latest run in one more.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import F, Q, QuerySet, Subquery, TextField
from django.db.models.functions import Cast

from guanxi.accounts.models import Account
from guanxi.core.access import visible_accounts
from guanxi.domain.qualification import policy as domain_policy
from guanxi.domain.qualification.matrix import MatrixLines, Quadrant, attractiveness, quadrant_of
from guanxi.domain.qualification.metrics import Metric
from guanxi.domain.qualification.policy import Tier, TierCutoffs
from guanxi.insights.selectors import insight_report
from guanxi.planning.models import QualificationPolicy, QualificationResult, QualificationRun

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from guanxi.users.models import User

PORTFOLIO_LIMIT = 500

_COLUMNS = {
    "account_id": "account_id",
    "name": "account__name",
    "pinyin": "account__name_pinyin",
    "code": "account__customer_code",
    "tier": "account__tier",
    "tier_override": "account__tier_override",
    "owner_id": "account__owner_id",
    "owner_display": "account__owner__display_name",
    "owner_first": "account__owner__first_name",
    "owner_last": "account__owner__last_name",
    "owner_username": "account__owner__username",
    "recommended_tier": "tier",
    "run_id": "run_id",
    "policy_id": "run__policy_id",
    "score": "score",
    "confidence": "confidence",
    "flags": "flags",
    "revenue": f"metrics__{Metric.REVENUE_T12M}",
    "margin": f"metrics__{Metric.GROSS_MARGIN_PCT}",
    "growth": f"metrics__{Metric.GROWTH_YOY_PCT}",
    "days_to_pay": f"metrics__{Metric.DAYS_TO_PAY}",
}


@dataclass(frozen=True)
class PortfolioFilters:
    owner_id: int | None = None
    tier: str = ""  # the tier shown: the override where there is one
    flag: str = ""
    quadrant: str = ""


@dataclass(frozen=True, slots=True)
class PortfolioEntry:
    account_id: int
    name: str
    pinyin: str
    code: str
    owner: str
    tier: str  # the tier shown: the override where there is one
    recommended_tier: str  # what the latest qualification recommends
    overridden: bool
    score: float
    attractiveness: float  # the score, held below the tier its flags allow
    confidence: float
    flags: tuple[str, ...]
    revenue: float | None
    margin: float | None
    growth: float | None
    days_to_pay: float | None
    strength: float | None
    quadrant: Quadrant


@dataclass(frozen=True)
class PortfolioMatrix:
    entries: list[PortfolioEntry]
    truncated: bool  # more accounts matched than the `limit` largest shown
    limit: int
    today: date  # the day the strength was judged on
    lines: MatrixLines


def _person(display_name: str | None, first: str | None, last: str | None, user: str | None) -> str:
    """User.__str__ without loading the user."""
    return display_name or f"{first or ''} {last or ''}".strip() or user or ""


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def _latest_results(
    user: User | AnonymousUser, filters: PortfolioFilters
) -> QuerySet[QualificationResult]:
    results = QualificationResult.objects.filter(
        is_latest=True, account__in=visible_accounts(user).values("pk")
    )
    if filters.owner_id is not None:
        results = results.filter(account__owner_id=filters.owner_id)
    if filters.tier:
        results = results.filter(
            Q(account__tier_override=filters.tier)
            | Q(account__tier_override="", account__tier=filters.tier)
        )
    if filters.flag:
        # A JSON list's text holds each flag in quotes; works alike on SQLite and PostgreSQL.
        results = results.annotate(flags_text=Cast("flags", TextField())).filter(
            flags_text__contains=f'"{filters.flag}"'
        )
    revenue = F(f"metrics__{Metric.REVENUE_T12M}")
    return results.order_by(revenue.desc(nulls_last=True), "-score", "account_id")


def _strengths(user: User | AnonymousUser, account_ids: list[int], today: date) -> dict[int, float]:
    if not account_ids:
        return {}
    report = insight_report(Account.objects.filter(pk__in=account_ids), today, viewer=user)
    return {r.account.id: r.strength.score for r in report.accounts}


def _cutoffs(policy_ids: set[int]) -> dict[int, TierCutoffs]:
    found: dict[int, TierCutoffs] = {}
    if not policy_ids:
        return found
    for pk, definition in QualificationPolicy.objects.filter(pk__in=policy_ids).values_list(
        "pk", "definition"
    ):
        try:
            found[pk] = domain_policy.from_dict(definition).cutoffs
        except domain_policy.PolicyFormatError:  # stored policies are checked; never stop a page
            found[pk] = TierCutoffs()
    return found


def portfolio_matrix(
    user: User | AnonymousUser,
    filters: PortfolioFilters,
    today: date,
    limit: int = PORTFOLIO_LIMIT,
) -> PortfolioMatrix:
    """The visible qualified accounts, at most `limit` of them, the largest by revenue first."""
    rows = list(_latest_results(user, filters).values(*_COLUMNS.values())[: limit + 1])
    truncated = len(rows) > limit
    values = [{key: row[column] for key, column in _COLUMNS.items()} for row in rows[:limit]]
    strengths = _strengths(user, [value["account_id"] for value in values], today)
    cutoffs = _cutoffs({value["policy_id"] for value in values})
    newest = max(values, key=lambda value: value["run_id"], default=None)
    lines = MatrixLines.for_cutoffs(cutoffs[newest["policy_id"]]) if newest else MatrixLines()
    entries = [_entry(value, strengths, cutoffs, lines) for value in values]
    if filters.quadrant:
        entries = [e for e in entries if e.quadrant == filters.quadrant]
    return PortfolioMatrix(entries, truncated, limit, today, lines)


def _entry(
    value: dict[str, Any],
    strengths: dict[int, float],
    cutoffs: dict[int, TierCutoffs],
    lines: MatrixLines,
) -> PortfolioEntry:
    strength = strengths.get(value["account_id"])
    attractive = attractiveness(
        value["score"], Tier(value["recommended_tier"]), cutoffs[value["policy_id"]]
    )
    return PortfolioEntry(
        account_id=value["account_id"],
        name=value["name"],
        pinyin=value["pinyin"],
        code=value["code"],
        owner=_person(
            value["owner_display"],
            value["owner_first"],
            value["owner_last"],
            value["owner_username"],
        ),
        tier=value["tier_override"] or value["tier"],
        recommended_tier=value["recommended_tier"],
        overridden=bool(value["tier_override"]),
        score=value["score"],
        attractiveness=attractive,
        confidence=value["confidence"],
        flags=tuple(value["flags"] or ()),
        revenue=_number(value["revenue"]),
        margin=_number(value["margin"]),
        growth=_number(value["growth"]),
        days_to_pay=_number(value["days_to_pay"]),
        strength=strength,
        quadrant=quadrant_of(attractive, strength, lines),
    )


SORT_KEYS: dict[str, Callable[[PortfolioEntry], Any]] = {
    "name": lambda e: e.pinyin or e.name,
    "code": lambda e: e.code or None,
    "owner": lambda e: e.owner or None,
    "revenue": lambda e: e.revenue,
    "margin": lambda e: e.margin,
    "growth": lambda e: e.growth,
    "days": lambda e: e.days_to_pay,
    "score": lambda e: e.score,
    "confidence": lambda e: e.confidence,
    "strength": lambda e: e.strength,
    "tier": lambda e: e.tier or None,
}


def sorted_entries(entries: list[PortfolioEntry], sort: str) -> list[PortfolioEntry]:
    """By `key` or `-key`; what is unknown comes last either way."""
    descending = sort.startswith("-")
    key = SORT_KEYS[sort.lstrip("-")]
    known = [e for e in entries if key(e) is not None]
    unknown = [e for e in entries if key(e) is None]
    known.sort(key=key, reverse=descending)
    return known + unknown


def portfolio_latest_run(user: User | AnonymousUser) -> QualificationRun | None:
    """The newest run that qualified any account the user can see."""
    newest = (
        QualificationResult.objects.filter(account__in=visible_accounts(user).values("pk"))
        .order_by("-run_id")
        .values("run_id")[:1]
    )
    return (
        QualificationRun.objects.filter(pk=Subquery(newest))
        .select_related("policy", "created_by")
        .first()
    )


def unqualified_account_ids(user: User | AnonymousUser, cap: int) -> list[int]:
    """Up to `cap` visible accounts that no run has qualified yet (counting stops there)."""
    qualified = QualificationResult.objects.filter(is_latest=True).values("account_id")
    accounts = visible_accounts(user).exclude(pk__in=qualified).order_by("name_pinyin", "pk")
    return list(accounts.values_list("pk", flat=True)[:cap])
