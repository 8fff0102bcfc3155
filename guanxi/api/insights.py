"""/api/v1/insights and /api/v1/accounts/{id}/strength: the relationship map's alerts and strength.

Mounted at the API's root, because the strength belongs under its account. Visibility is
the web's: the accounts you can see, vested interests only where you may (an account
outside your scope answers 404).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router

from guanxi.api.auth import api_user
from guanxi.api.insight_schemas import InsightFilters, InsightPage, StrengthOut
from guanxi.api.pagination import next_page_url
from guanxi.insights.export import insight_dict, strength_dict
from guanxi.insights.selectors import account_report_for_user, insights_visible_to

router = Router(tags=["insights"])


@router.get("/insights", response=InsightPage, summary="Insights of the accounts you can see")
def list_insights(request: HttpRequest, filters: Query[InsightFilters]) -> dict[str, Any]:
    report = insights_visible_to(
        api_user(request),
        filters.as_of or timezone.localdate(),
        account_id=filters.account,
        severity=filters.severity or "",
        code=filters.code or "",
    )
    window = report.insights()[filters.offset : filters.offset + filters.limit + 1]
    items = [insight_dict(row) for row in report.rows(window[: filters.limit])]
    return {
        "items": items,
        "limit": filters.limit,
        "offset": filters.offset,
        "next": next_page_url(request, filters) if len(window) > filters.limit else None,
    }


@router.get(
    "/accounts/{int:account_id}/strength",
    response=StrengthOut,
    summary="One account's relationship strength, in parts",
)
def get_strength(
    request: HttpRequest, account_id: int, as_of: date | None = None
) -> dict[str, Any]:
    today = as_of or timezone.localdate()
    report = account_report_for_user(api_user(request), account_id, today)
    return {**strength_dict(report.account, report.strength), "as_of": today}
