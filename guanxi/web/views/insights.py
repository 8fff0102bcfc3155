"""My insights: what needs doing in the accounts I own or work on, most urgent first."""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from guanxi.domain.insights import Severity
from guanxi.insights.labels import severity_text
from guanxi.insights.selectors import InsightRow, insights_for_user, insights_visible_to
from guanxi.users.models import Role
from guanxi.web.pagination import page_of
from guanxi.web.views.base import AuthenticatedRequest, render_page

INSIGHTS_PER_PAGE = 50
STRENGTHS_SHOWN = 25  # the weakest accounts; the others are counted


@dataclass(frozen=True)
class StrengthRow:
    name: str
    url: str
    score: float
    count: int


@dataclass(frozen=True)
class Tab:
    """A severity to filter by (with its count), or whose accounts to look at."""

    value: str
    label: str
    count: int
    active: bool


BADGES = {
    Severity.HIGH: "text-bg-danger",
    Severity.MEDIUM: "text-bg-warning",
    Severity.LOW: "text-bg-secondary",
}


@dataclass(frozen=True)
class Item:
    row: InsightRow
    account_url: str
    badge: str


def _account_url(account_id: int) -> str:
    return reverse("account", args=[account_id])


@require_GET
def my_insights_page(request: AuthenticatedRequest) -> HttpResponse:
    """The accounts the user owns or works on; for a manager, an executive or sales
    operations, who see more than that, every account they can see at their asking
    (`?scope=all`: the same rule as everywhere, `insights_visible_to`)."""
    today = timezone.localdate()
    wide = request.user.role != Role.KAM
    scope = "all" if wide and request.GET.get("scope") == "all" else "mine"
    if scope == "all":
        report = insights_visible_to(request.user, today)
    else:
        report = insights_for_user(request.user, today)
    chosen = request.GET.get("severity", "")
    chosen = chosen if chosen in Severity.__members__.values() else ""
    insights = report.insights()
    shown = [i for i in insights if not chosen or i.severity == chosen]
    # Only the page shown is put in words: a sponsor of many accounts has thousands.
    page = page_of(shown, request.GET.get("page"), INSIGHTS_PER_PAGE).map(
        lambda insights: [
            Item(row, _account_url(row.account.id), BADGES[row.insight.severity])
            for row in report.rows(insights)
        ]
    )
    weakest = heapq.nsmallest(
        STRENGTHS_SHOWN, report.accounts, key=lambda a: (a.strength.score, a.account.name)
    )
    strengths = [
        StrengthRow(a.account.name, _account_url(a.account.id), a.strength.score, len(a.insights))
        for a in weakest
    ]
    tabs = [Tab("", gettext("All"), len(insights), not chosen)] + [
        Tab(s.value, severity_text(s), sum(i.severity == s for i in insights), chosen == s)
        for s in Severity
    ]
    scopes = [
        Tab("", gettext("My accounts"), 0, scope == "mine"),
        Tab(
            "all",
            gettext("My team's accounts")
            if request.user.role == Role.MANAGER
            else gettext("Every account"),
            0,
            scope == "all",
        ),
    ]
    context: dict[str, Any] = {
        "title": gettext("My insights"),
        "scope": scope,
        "scopes": scopes if wide else [],
        "page": page,
        "first": (page.number - 1) * INSIGHTS_PER_PAGE,
        "strengths": strengths,
        "stronger": len(report.accounts) - len(strengths),
        "tabs": tabs,
        "as_of": report.today,
    }
    return render_page(request, "web/pages/insights.html", context)
