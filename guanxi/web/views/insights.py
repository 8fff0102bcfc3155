"""My insights: what needs doing in the accounts I own or work on, most urgent first."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from guanxi.domain.insights import Severity
from guanxi.insights.labels import severity_text
from guanxi.insights.selectors import InsightRow, insights_for_user
from guanxi.web.views.base import AuthenticatedRequest, render_page


@dataclass(frozen=True)
class StrengthRow:
    name: str
    url: str
    score: float
    count: int


@dataclass(frozen=True)
class SeverityTab:
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
    report = insights_for_user(request.user, timezone.localdate())
    chosen = request.GET.get("severity", "")
    chosen = chosen if chosen in Severity.__members__.values() else ""
    insights = report.insights()
    shown = [i for i in insights if not chosen or i.severity == chosen]
    rows: list[InsightRow] = report.rows(shown)
    strengths = sorted(
        (
            StrengthRow(
                a.account.name, _account_url(a.account.id), a.strength.score, len(a.insights)
            )
            for a in report.accounts
        ),
        key=lambda row: (row.score, row.name),
    )
    tabs = [SeverityTab("", gettext("All"), len(insights), not chosen)] + [
        SeverityTab(s.value, severity_text(s), sum(i.severity == s for i in insights), chosen == s)
        for s in Severity
    ]
    context: dict[str, Any] = {
        "title": gettext("My insights"),
        "items": [
            Item(row, _account_url(row.account.id), BADGES[row.insight.severity]) for row in rows
        ],
        "strengths": strengths,
        "tabs": tabs,
        "as_of": report.today,
    }
    return render_page(request, "web/pages/insights.html", context)
