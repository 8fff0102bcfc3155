"""The portfolio page: attractiveness × relationship strength of the accounts you can see.

The selector gives the matrix (visible accounts only, a bounded number of queries); this view
turns it into the chart's data (a JSON script the static charts.js reads) and one page of the
sortable table, and shows the latest run with the button that starts a new one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse, QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from guanxi.accounts.models import Tier
from guanxi.core.access import can_run_qualification, visible_accounts
from guanxi.domain.qualification.matrix import Quadrant
from guanxi.domain.qualification.policy import Flag
from guanxi.planning import labels
from guanxi.planning.portfolio import (
    PORTFOLIO_LIMIT,
    PortfolioEntry,
    PortfolioFilters,
    PortfolioMatrix,
    portfolio_latest_run,
    portfolio_matrix,
    sorted_entries,
    unqualified_account_ids,
)
from guanxi.users.models import User
from guanxi.web import qualification_text as text
from guanxi.web.pagination import Page, page_number
from guanxi.web.views.account_list import _options, _person
from guanxi.web.views.base import AuthenticatedRequest, render_page, wants_fragment
from guanxi.web.views.qualification_runs import pending_run

PER_PAGE = 50
LIMIT = PORTFOLIO_LIMIT  # accounts in the chart and the table, the largest first
# Dropped from the end of a name for the chart's labels: the part people say aloud stays.
NAME_SUFFIXES = ("股份有限公司", "有限责任公司", "有限公司", "集团", "公司")
UNQUALIFIED_CAP = 100
DEFAULT_SORT = "-score"


@dataclass(frozen=True)
class Column:
    key: str
    label: Promise
    css: str = ""
    numeric: bool = True  # sorted largest first on the first click


COLUMNS = (
    Column("name", _("Account"), numeric=False),
    Column("code", _("Customer code"), "d-none d-xl-table-cell", numeric=False),
    Column("owner", _("Owner"), "d-none d-lg-table-cell", numeric=False),
    Column("revenue", _("Revenue, 12 months"), "text-end d-none d-md-table-cell"),
    Column("margin", _("Margin"), "text-end d-none d-md-table-cell"),
    Column("growth", _("Growth"), "text-end d-none d-lg-table-cell"),
    Column("days", _("Days to pay"), "text-end d-none d-lg-table-cell"),
    Column("score", _("Score"), "text-end"),
    Column("confidence", _("Confidence"), "text-end d-none d-xl-table-cell"),
    Column("strength", _("Strength"), "text-end"),
    Column("tier", _("Tier"), numeric=False),
)
SORTS = {c.key for c in COLUMNS} | {f"-{c.key}" for c in COLUMNS}


@dataclass(frozen=True)
class Filters:
    owner_id: int | None
    tier: str
    flag: str
    quadrant: str
    sort: str

    @classmethod
    def from_query(cls, query: QueryDict) -> Filters:
        """Garbled parameters count as not given: a page never fails on its address."""
        owner = query.get("owner", "")
        tier = query.get("tier", "")
        flag = query.get("flag", "")
        quadrant = query.get("quadrant", "")
        sort = query.get("sort", DEFAULT_SORT)
        return cls(
            owner_id=int(owner) if owner.isdigit() else None,
            tier=tier if tier in Tier.values else "",
            flag=flag if flag in {f.value for f in Flag} else "",
            quadrant=quadrant if quadrant in {q.value for q in Quadrant} else "",
            sort=sort if sort in SORTS else DEFAULT_SORT,
        )

    def selection(self) -> PortfolioFilters:
        return PortfolioFilters(self.owner_id, self.tier, self.flag, self.quadrant)


@dataclass(frozen=True)
class PortfolioRow:
    pk: int
    url: str
    name: str
    code: str
    owner: str
    revenue: str
    margin: str
    growth: str
    days_to_pay: str
    score: str
    confidence: str
    strength: str
    tier: str
    recommended_tier: str
    overridden: bool
    flags: list[text.FlagText]
    quadrant: str


def _account_url(pk: int) -> str:
    return reverse("account-qualification", args=[pk])


def _row(entry: PortfolioEntry) -> PortfolioRow:
    return PortfolioRow(
        pk=entry.account_id,
        url=_account_url(entry.account_id),
        name=entry.name,
        code=entry.code,
        owner=entry.owner,
        revenue=text.money(entry.revenue),
        margin=text.percent(entry.margin),
        growth=text.percent(entry.growth, signed=True),
        days_to_pay=text.days(entry.days_to_pay),
        score=text.score(entry.score),
        confidence=f"{entry.confidence:.0%}",
        strength=text.score(entry.strength),
        tier=entry.tier,
        recommended_tier=entry.recommended_tier,
        overridden=entry.overridden,
        flags=text.flag_texts(entry.flags),
        quadrant=str(labels.QUADRANTS[entry.quadrant]),
    )


def short_name(name: str) -> str:
    for suffix in NAME_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            name = name.removesuffix(suffix)
    return name if len(name) <= 12 else f"{name[:11]}…"


def _point(entry: PortfolioEntry) -> dict[str, Any]:
    return {
        "url": _account_url(entry.account_id),
        "name": entry.name,
        "short": short_name(entry.name),
        "code": entry.code,
        "x": round(entry.strength or 0.0, 1),
        "y": round(entry.attractiveness, 1),
        "revenue": max(entry.revenue or 0.0, 0.0),
        "tier": entry.tier,
        "score": text.score(entry.score),
        "strength": text.score(entry.strength),
        "revenueText": text.money(entry.revenue),
        "flags": [str(labels.FLAGS.get(code, code)) for code in entry.flags],
        "quadrant": str(labels.QUADRANTS[entry.quadrant]),
        "held": entry.attractiveness < entry.score,
    }


def chart_data(matrix: PortfolioMatrix) -> dict[str, Any]:
    """Everything the chart draws, in the page's language: charts.js only lays it out."""
    tiers = [(t, gettext("Tier %(tier)s") % {"tier": t}) for t in Tier.values]
    return {
        "points": [_point(entry) for entry in matrix.entries],
        "series": [{"tier": t, "label": label} for t, label in [*tiers, ("", gettext("No tier"))]],
        "lines": {"y": matrix.lines.attractiveness, "x": matrix.lines.strength},
        "quadrants": {str(q): str(label) for q, label in labels.QUADRANTS.items()},
        "axes": {
            "x": gettext("Relationship strength"),
            "y": gettext("Attractiveness (qualification score)"),
        },
        "words": {
            "score": gettext("Score"),
            "strength": gettext("Strength"),
            "revenue": gettext("Revenue, 12 months"),
            "flags": gettext("Flags"),
            "quadrant": gettext("Quadrant"),
            "held": gettext("Held below the tier its flags allow"),
            "open": gettext("Click to open the account"),
        },
    }


def _sort_headers(current: str) -> list[dict[str, object]]:
    headers = []
    for column in COLUMNS:
        ascending, descending = column.key, f"-{column.key}"
        first, second = (descending, ascending) if column.numeric else (ascending, descending)
        aria = {ascending: "ascending", descending: "descending"}.get(current, "")
        headers.append(
            {"column": column, "aria_sort": aria, "next": second if current == first else first}
        )
    return headers


def _filter_options(user: User, filters: Filters) -> dict[str, Any]:
    owners = User.objects.filter(pk__in=visible_accounts(user).values("owner_id")).values_list(
        "pk", "display_name", "first_name", "last_name", "username"
    )
    owner_choices = sorted(((pk, _person(*names)) for pk, *names in owners), key=lambda o: o[1])
    flag_choices = [(f.value, str(labels.FLAGS[f])) for f in Flag]
    quadrant_choices = [(q.value, str(labels.QUADRANTS[q])) for q in Quadrant]
    return {
        "owner": _options([("", gettext("All owners")), *owner_choices], filters.owner_id or ""),
        "tier": _options(
            [("", gettext("All tiers")), *((v, str(label)) for v, label in Tier.choices)],
            filters.tier,
        ),
        "flag": _options([("", gettext("Any flags")), *flag_choices], filters.flag),
        "quadrant": _options([("", gettext("All quadrants")), *quadrant_choices], filters.quadrant),
    }


def _page(entries: list[PortfolioEntry], raw_number: str | None) -> Page[PortfolioRow]:
    number = page_number(raw_number)
    start = (number - 1) * PER_PAGE
    shown = entries[start : start + PER_PAGE]
    return Page([_row(e) for e in shown], number, len(entries) > start + PER_PAGE)


def _furniture(request: AuthenticatedRequest, filters: Filters) -> dict[str, Any]:
    """What sits around the results and is not swapped by the filters."""
    user = request.user
    return {
        "options": _filter_options(user, filters),
        "latest_run": portfolio_latest_run(user),
        "unqualified": len(unqualified_account_ids(user, UNQUALIFIED_CAP)),
        "unqualified_cap": UNQUALIFIED_CAP,
        "can_run": can_run_qualification(user),
        "run": pending_run(request),
        "next": request.get_full_path(),
        "quadrant_advice": [(labels.QUADRANTS[q], labels.QUADRANT_ADVICE[q]) for q in Quadrant],
    }


@require_GET
def portfolio_page(request: AuthenticatedRequest) -> HttpResponse:
    filters = Filters.from_query(request.GET)
    matrix = portfolio_matrix(request.user, filters.selection(), timezone.localdate(), LIMIT)
    context: dict[str, Any] = {
        "title": gettext("Portfolio"),
        "breadcrumbs": [(gettext("Portfolio"), None)],
        "filters": filters,
        "matrix": matrix,
        "page": _page(sorted_entries(matrix.entries, filters.sort), request.GET.get("page")),
        "headers": _sort_headers(filters.sort),
        "overridden_label": gettext("Overridden"),
    }
    table_only = wants_fragment(request) and request.htmx.target == "portfolio-table"
    if not table_only:
        context["chart"] = chart_data(matrix)
    if not wants_fragment(request):
        context |= _furniture(request, filters)
    fragment = "table" if table_only else "results"
    return render_page(request, "web/pages/portfolio.html", context, fragment=fragment)
