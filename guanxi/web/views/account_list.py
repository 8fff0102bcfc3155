"""The account list: the page everyone opens first, so it stays fast at 50 000 accounts.

The selector decides scope, filters and order; this view then fetches one page of
primary keys and the few columns the table shows, and builds plain rows, because
model instances and per-row template work cost more than the queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse, QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from guanxi.accounts.models import Account, Industry, Tier
from guanxi.accounts.selectors import ACCOUNT_ORDERINGS, account_list
from guanxi.core.access import can_create_accounts, visible_accounts
from guanxi.users.models import User
from guanxi.web.pagination import page_of
from guanxi.web.views.base import AuthenticatedRequest, render_page, wants_fragment

PER_PAGE = 50
SEARCH_MAX = 100
ROW_COLUMNS = (
    "pk",
    "name",
    "name_latin",
    "customer_code",
    "tier",
    "tier_override",
    "industry",
    "updated_at",
    "owner__display_name",
    "owner__first_name",
    "owner__last_name",
    "owner__username",
)


@dataclass(frozen=True)
class Column:
    key: str
    label: Promise
    css: str = ""


SORTABLE = (
    Column("name", _("Name")),
    Column("code", _("Customer code"), "d-none d-md-table-cell"),
    Column("tier", _("Tier")),
    Column("updated", _("Updated"), "d-none d-lg-table-cell"),
)


@dataclass(frozen=True)
class AccountRow:
    pk: int
    url: str
    name: str
    name_latin: str
    code: str
    tier: str
    overridden: bool
    industry: str
    owner: str
    updated: str


@dataclass(frozen=True)
class Filters:
    search: str
    owner_id: int | None
    tier: str
    industry: str
    sort: str

    @classmethod
    def from_query(cls, query: QueryDict) -> Filters:
        """Garbled parameters count as not given: a list page never fails on its address."""
        owner = query.get("owner", "")
        tier = query.get("tier", "")
        industry = query.get("industry", "")
        sort = query.get("sort", "name")
        return cls(
            search=query.get("q", "").strip()[:SEARCH_MAX],
            owner_id=int(owner) if owner.isdigit() else None,
            tier=tier if tier in Tier.values else "",
            industry=industry if industry in Industry.values else "",
            sort=sort if sort in ACCOUNT_ORDERINGS else "name",
        )


def _options(choices: list[tuple[Any, str]], selected: object) -> SafeString:
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (value, " selected" if str(value) == str(selected) else "", label)
            for value, label in choices
        ),
    )


def _person(display_name: str, first: str, last: str, username: str) -> str:
    """User.__str__ without loading the user."""
    return display_name or f"{first} {last}".strip() or username


def _visible_owner_choices(user: User) -> list[tuple[int, str]]:
    owner_ids = visible_accounts(user).order_by().values_list("owner_id", flat=True).distinct()
    owners = User.objects.filter(pk__in=list(owner_ids)).values_list(
        "pk", "display_name", "first_name", "last_name", "username"
    )
    return sorted(((pk, _person(*names)) for pk, *names in owners), key=lambda o: o[1])


def _filter_controls(user: User, filters: Filters) -> dict[str, SafeString]:
    owners = [("", gettext("All owners")), *_visible_owner_choices(user)]
    tiers = [("", gettext("All tiers")), *((v, str(label)) for v, label in Tier.choices)]
    industries = [
        ("", gettext("All industries")),
        *((v, str(label)) for v, label in Industry.choices),
    ]
    return {
        "owner": _options(owners, filters.owner_id or ""),
        "tier": _options(tiers, filters.tier),
        "industry": _options(industries, filters.industry),
    }


def _rows(pks: list[int]) -> list[AccountRow]:
    industry_labels = {value: str(label) for value, label in Industry.choices}
    url_pattern = reverse("account", args=[987654321]).replace("987654321", "{}")
    found = {row["pk"]: row for row in Account.objects.filter(pk__in=pks).values(*ROW_COLUMNS)}
    rows = []
    for pk in pks:
        row = found[pk]
        rows.append(
            AccountRow(
                pk=pk,
                url=url_pattern.format(pk),
                name=row["name"],
                name_latin=row["name_latin"],
                code=row["customer_code"],
                tier=row["tier_override"] or row["tier"],
                overridden=bool(row["tier_override"]),
                industry=industry_labels.get(row["industry"], row["industry"]),
                owner=_person(
                    row["owner__display_name"] or "",
                    row["owner__first_name"] or "",
                    row["owner__last_name"] or "",
                    row["owner__username"] or "",
                ),
                updated=timezone.localtime(row["updated_at"]).date().isoformat(),
            )
        )
    return rows


def _sort_headers(current: str) -> list[dict[str, object]]:
    headers = []
    for column in SORTABLE:
        ascending, descending = column.key, f"-{column.key}"
        aria = {ascending: "ascending", descending: "descending"}.get(current, "")
        next_sort = descending if current == ascending else ascending
        headers.append({"column": column, "aria_sort": aria, "next": next_sort})
    return headers


def _accounts(request: AuthenticatedRequest, filters: Filters) -> QuerySet[Account]:
    return account_list(
        request.user,
        search=filters.search,
        owner_id=filters.owner_id,
        tier=filters.tier,
        industry=filters.industry,
        order=filters.sort,
    )


@require_GET
def account_list_page(request: AuthenticatedRequest) -> HttpResponse:
    filters = Filters.from_query(request.GET)
    pks = _accounts(request, filters).values_list("pk", flat=True)
    context: dict[str, Any] = {
        "title": gettext("Accounts"),
        "filters": filters,
        "page": page_of(pks, request.GET.get("page"), PER_PAGE).map(_rows),
        "headers": _sort_headers(filters.sort),
        "can_create": can_create_accounts(request.user),
        "overridden_label": gettext("Overridden"),
    }
    if not wants_fragment(request):  # the filters sit outside the fragment
        context["options"] = _filter_controls(request.user, filters)
    return render_page(request, "web/pages/account_list.html", context, fragment="results")
