"""The account page: Overview · Map · Contacts · Activities · Needs, each tab its own URL."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from guanxi.accounts.models import Account
from guanxi.activities.models import Activity
from guanxi.core.access import account_for_user, can_edit_account, visible_accounts
from guanxi.needs.models import Need, NeedHorizon, NeedStatus
from guanxi.stakeholders.models import ContactStatus
from guanxi.web.pagination import page_of
from guanxi.web.views.base import AuthenticatedRequest, render_page
from guanxi.web.views.capture import contacts_tab_context

ACTIVITIES_PER_PAGE = 30

TABS = (
    ("overview", "account", _("Overview")),
    ("map", "account-map", _("Map")),
    ("qualification", "account-qualification", _("Qualification")),
    ("contacts", "account-contacts", _("Contacts")),
    ("activities", "account-activities", _("Activities")),
    ("needs", "account-needs", _("Needs")),
)


def _tab_page(
    request: AuthenticatedRequest, account: Account, tab: str, context: dict[str, Any]
) -> HttpResponse:
    labels = {key: label for key, _url, label in TABS}
    crumbs: list[tuple[str, str | None]] = [(gettext("Accounts"), reverse("accounts"))]
    if tab == "overview":
        crumbs.append((account.name, None))
    else:
        crumbs += [(account.name, reverse("account", args=[account.pk])), (str(labels[tab]), None)]
    title = account.name if tab == "overview" else f"{labels[tab]} · {account.name}"
    context |= {
        "title": title,
        "account": account,
        "tab": tab,
        "tabs": [(key, reverse(name, args=[account.pk]), label) for key, name, label in TABS],
        "tab_template": f"web/components/account_{tab}.html",
        "can_edit": can_edit_account(request.user, account),
        "breadcrumbs": crumbs,
    }
    return render_page(request, "web/pages/account.html", context, fragment="tab")


@require_GET
def account_overview(request: AuthenticatedRequest, account_id: int) -> HttpResponse:
    account = account_for_user(request.user, account_id)
    visible = visible_accounts(request.user)
    context = {
        "team": list(
            account.team_members.select_related("user").order_by("role", "user__username")
        ),
        "competitors": list(account.incumbent_competitors.all()),
        "parent": visible.filter(pk=account.parent_id).first() if account.parent_id else None,
        "subsidiaries": list(visible.filter(parent=account).order_by("name_pinyin")[:50]),
        "counts": {
            "contacts": account.contacts.filter(status=ContactStatus.ACTIVE).count(),
            "activities": account.activities.count(),
            "needs": account.needs.exclude(status__in=[NeedStatus.MET, NeedStatus.DROPPED]).count(),
        },
    }
    return _tab_page(request, account, "overview", context)


@require_GET
def account_contacts(request: AuthenticatedRequest, account_id: int) -> HttpResponse:
    account = account_for_user(request.user, account_id)
    return _tab_page(request, account, "contacts", contacts_tab_context(request, account))


@require_GET
def account_activities(request: AuthenticatedRequest, account_id: int) -> HttpResponse:
    account = account_for_user(request.user, account_id)
    activities = (
        Activity.objects.filter(account=account)
        .prefetch_related("participants", "contacts_met")
        .order_by("-date", "-pk")
    )
    context = {"page": page_of(activities, request.GET.get("page"), ACTIVITIES_PER_PAGE)}
    return _tab_page(request, account, "activities", context)


@require_GET
def account_needs(request: AuthenticatedRequest, account_id: int) -> HttpResponse:
    account = account_for_user(request.user, account_id)
    needs = list(
        Need.objects.filter(account=account)
        .select_related("source_contact")
        .order_by("-importance", "pk")
    )
    groups = [
        (label, [need for need in needs if need.horizon == horizon])
        for horizon, label in NeedHorizon.choices
    ]
    return _tab_page(request, account, "needs", {"groups": groups})
