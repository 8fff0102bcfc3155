"""The account's relationship map: the Map tab (drawn, or as a table), a person's panel
beside it, and the account's insights, fetched after the map so the map stays fast."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_GET

from guanxi.core.access import (
    account_for_user,
    can_edit_account,
    can_see_sensitive,
    contact_for_user,
)
from guanxi.domain.relationships.layout import MapLayout, MapLink, PlacedPerson, layout_map
from guanxi.insights.selectors import insights_visible_to
from guanxi.stakeholders.map_data import account_map_for_user
from guanxi.stakeholders.map_svg import NodeLinks, relationship_map_svg
from guanxi.stakeholders.map_words import kind_label
from guanxi.stakeholders.models import ContactLink
from guanxi.stakeholders.pulse import account_pulse, contact_pulse
from guanxi.web.views.account_page import _tab_page
from guanxi.web.views.base import AuthenticatedRequest, render_page, wants_fragment

# Past this many links the personal ties start hidden: the hierarchy and influence first.
TIES_SHOWN_UP_TO = 150
PULSE_DAYS = 90


@dataclass(frozen=True)
class LinkRow:
    outgoing: bool
    kind: str
    kind_label: str
    other_id: int
    other_name: str
    strength: int


@dataclass(frozen=True)
class TableRow:
    node: PlacedPerson
    boss_name: str
    links: list[LinkRow]


def _url_maker(name: str) -> NodeLinks:
    """Reverse once, fill in each id: two hundred `reverse` calls would cost milliseconds."""
    marker = 987654321
    contact = reverse("contact", args=[marker])
    panel = reverse(name, args=[marker])
    return NodeLinks(
        contact_url=lambda pk: contact.replace(str(marker), str(pk)),
        panel_url=lambda pk: panel.replace(str(marker), str(pk)),
    )


def _description(people: int, links: int) -> str:
    counted = ngettext("%(count)s person", "%(count)s people", people) % {"count": people}
    linked = ngettext("%(count)s link", "%(count)s links", links) % {"count": links}
    return gettext(
        "%(people)s and %(links)s. Each card's colour and its number from −2 to +2 give the "
        "person's stance; a larger card means more influence; five bars show our best "
        "relationship level. Grey lines are reporting lines, blue arrows influence, red "
        "dashes conflict, dotted purple lines personal ties."
    ) % {"people": counted, "links": linked}


def _table_rows(layout: MapLayout, links: list[MapLink]) -> list[TableRow]:
    names = {node.person.id: node.person.name or node.person.title for node in layout.nodes}
    by_person: dict[int, list[LinkRow]] = {}
    for link in links:
        if link.from_id not in names or link.to_id not in names:
            continue
        label = kind_label(link.kind)
        by_person.setdefault(link.from_id, []).append(
            LinkRow(True, link.kind, label, link.to_id, names[link.to_id], link.strength)
        )
        by_person.setdefault(link.to_id, []).append(
            LinkRow(False, link.kind, label, link.from_id, names[link.from_id], link.strength)
        )
    return [
        TableRow(
            node,
            names.get(node.person.reports_to_id, "") if node.person.reports_to_id else "",
            by_person.get(node.person.id, []),
        )
        for node in layout.nodes
    ]


@require_GET
def account_map(request: AuthenticatedRequest, account_id: int) -> HttpResponse:
    account = account_for_user(request.user, account_id)
    data = account_map_for_user(request.user, account)
    layout = layout_map(data.people, data.links)
    table = request.GET.get("view") == "table"
    context: dict[str, Any] = {
        "view": "table" if table else "map",
        "people_count": len(data.people),
        "links_count": len(data.links),
        "sensitive": data.sensitive,
        "show_ties": len(data.links) <= TIES_SHOWN_UP_TO,
        "pulse": account_pulse(account, timezone.localdate(), names=data.names(), days=PULSE_DAYS),
    }
    if table:
        context["rows"] = _table_rows(layout, data.links)
    else:
        svg = relationship_map_svg(
            layout,
            title=gettext("Relationship map of %(account)s") % {"account": account.name},
            description=_description(len(data.people), len(data.links)),
            links=_url_maker("contact-panel"),
        )
        context["map_svg"] = mark_safe(svg)  # noqa: S308 - built by escaping every text it holds
    return _tab_page(request, account, "map", context)


@require_GET
def account_map_insights(request: AuthenticatedRequest, account_id: int) -> HttpResponse:
    """The account's strength and insights, as the viewer may see them (fetched by the tab)."""
    account = account_for_user(request.user, account_id)
    report = insights_visible_to(request.user, timezone.localdate(), account_id=account.pk)
    context = {
        "account": account,
        "report": report.accounts[0] if report.accounts else None,
        "rows": report.rows(),
        "title": gettext("Insights · %(account)s") % {"account": account.name},
        "breadcrumbs": [
            (gettext("Accounts"), reverse("accounts")),
            (account.name, reverse("account", args=[account.pk])),
            (gettext("Map"), reverse("account-map", args=[account.pk])),
            (gettext("Insights"), None),
        ],
    }
    return render_page(request, "web/pages/map_insights.html", context, fragment="insights")


@require_GET
def contact_panel(request: AuthenticatedRequest, contact_id: int) -> HttpResponse:
    """A person in short, beside the map; without htmx, their page."""
    contact = contact_for_user(request.user, contact_id)
    if not wants_fragment(request):
        return redirect("contact", contact.pk)
    account = contact.account
    sensitive = can_see_sensitive(request.user, account)
    links = ContactLink.objects.filter(account=account).select_related("from_contact", "to_contact")
    context = {
        "contact": contact,
        "account": account,
        "sensitive": sensitive,
        "can_edit": can_edit_account(request.user, account),
        "relationships": list(
            contact.relationships.select_related("user").order_by("-current_level", "pk")
        ),
        "links": [
            (link, link.to_contact if link.from_contact_id == contact.pk else link.from_contact)
            for link in links.filter(from_contact=contact) | links.filter(to_contact=contact)
        ],
        "interests": list(contact.vested_interests.select_related("ally")) if sensitive else [],
        "pulse": contact_pulse(contact, sensitive=sensitive),
    }
    return render(request, "web/components/map_panel.html", context)
