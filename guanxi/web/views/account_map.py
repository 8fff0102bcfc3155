"""The account's relationship map: the Map tab (drawn, or as a table), a person's panel
beside it, and the account's insights, fetched after the map so the map stays fast."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, ngettext
from django.views.decorators.http import require_GET

from guanxi.accounts.models import Account
from guanxi.core.access import (
    account_for_user,
    can_edit_account,
    can_see_sensitive,
    contact_for_user,
)
from guanxi.domain.relationships.layout import MapLayout, MapLink, PlacedPerson, layout_map
from guanxi.insights.selectors import insights_visible_to
from guanxi.stakeholders.map_data import AccountMap, account_map_for_user
from guanxi.stakeholders.map_svg import NodeLinks, relationship_map_svg
from guanxi.stakeholders.map_words import kind_label, stance_label, stance_sign
from guanxi.stakeholders.models import BuyingRole, ContactLink, RelationshipLevel
from guanxi.stakeholders.pulse import account_pulse, contact_pulse
from guanxi.web.templatetags.guanxi_map import badge_words, indent
from guanxi.web.templatetags.guanxi_web import stance_class
from guanxi.web.views.account_page import _tab_page
from guanxi.web.views.base import AuthenticatedRequest, render_page, wants_fragment

# Past this many links the personal ties start hidden: the hierarchy and influence first.
TIES_SHOWN_UP_TO = 150
PULSE_DAYS = 90
DRAWING_KEPT_SECONDS = 15 * 60


@dataclass(frozen=True)
class TableRow:
    """One person of the table view, in words already: two hundred rows must stay cheap."""

    node: PlacedPerson
    url: str
    depth_class: str
    boss_name: str
    stance_class: str
    stance_text: str
    roles: str
    level: str
    badges: list[str]
    links: SafeString  # one line per link, escaped


def _link_lines(links: list[MapLink], names: dict[int, str]) -> dict[int, SafeString]:
    """Per person: "→ Alumni (校友): 陈总 (3/5)" for each link, outgoing and incoming."""
    kinds = {kind: escape(kind_label(kind)) for kind in {link.kind for link in links}}
    escaped = {pk: escape(name) for pk, name in names.items()}
    lines: dict[int, list[str]] = {}
    for link in links:
        if link.from_id not in names or link.to_id not in names:
            continue
        kind, strength = kinds[link.kind], link.strength
        lines.setdefault(link.from_id, []).append(
            f'<div>→ {kind}: {escaped[link.to_id]} <span class="text-body-secondary">'
            f"({strength}/5)</span></div>"
        )
        lines.setdefault(link.to_id, []).append(
            f'<div>← {kind}: {escaped[link.from_id]} <span class="text-body-secondary">'
            f"({strength}/5)</span></div>"
        )
    # Every text in them was escaped above.
    return {pk: mark_safe("".join(found)) for pk, found in lines.items()}  # noqa: S308


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


def _table_rows(layout: MapLayout, links: list[MapLink], urls: NodeLinks) -> list[TableRow]:
    names = {node.person.id: node.person.name or node.person.title for node in layout.nodes}
    lines = _link_lines(links, names)
    none = mark_safe("—")
    stances = {v: f"{stance_sign(v)} {stance_label(v)}" for v in range(-2, 3)}
    levels = {v: f"{label} ({v}/5)" for v, label in RelationshipLevel.choices}
    roles = {role: str(label) for role, label in BuyingRole.choices}
    rows = []
    for node in layout.nodes:
        person = node.person
        rows.append(
            TableRow(
                node=node,
                url=urls.contact_url(person.id),
                depth_class=indent(node.depth),
                boss_name=names.get(person.reports_to_id, "") if person.reports_to_id else "",
                stance_class=stance_class(person.stance),
                stance_text=stances.get(person.stance, ""),
                roles=", ".join(roles.get(r, r) for r in person.buying_roles) or "—",
                level=levels.get(person.our_level, ""),
                badges=badge_words(person) if person.badges else [],
                links=lines.get(person.id, none),
            )
        )
    return rows


@require_GET
def account_map(request: AuthenticatedRequest, account_id: int) -> HttpResponse:
    account = account_for_user(request.user, account_id)
    data = account_map_for_user(request.user, account)
    table = request.GET.get("view") == "table"
    context: dict[str, Any] = {
        "view": "table" if table else "map",
        "people_count": len(data.people),
        "links_count": len(data.links),
        "sensitive": data.sensitive,
        "show_ties": len(data.links) <= TIES_SHOWN_UP_TO,
        "pulse": account_pulse(account, timezone.localdate(), names=data.names(), days=PULSE_DAYS),
    }
    urls = _url_maker("contact-panel")
    if table:  # the table needs the hierarchy's order, not the lines' curves
        context["rows"] = _table_rows(layout_map(data.people), data.links, urls)
    else:
        context["map_svg"] = mark_safe(_drawing(account, data, urls))  # noqa: S308 - escaped
    return _tab_page(request, account, "map", context)


def _drawing(account: Account, data: AccountMap, urls: NodeLinks) -> str:
    """The SVG, drawn again only when something it shows has changed.

    The drawing is a pure function of these inputs (the people carry what the viewer may
    see, such as their count of open interests), so they make the key; a change anywhere
    makes a new key, and an old one simply expires.
    """
    title = gettext("Relationship map of %(account)s") % {"account": account.name}
    description = _description(len(data.people), len(data.links))
    inputs = (title, description, tuple(data.people), tuple(data.links))
    key = f"guanxi:map-svg:{account.pk}:{get_language()}:{hash(inputs):x}"
    svg: str | None = cache.get(key)
    if svg is None:
        layout = layout_map(data.people, data.links)
        svg = relationship_map_svg(layout, title=title, description=description, links=urls)
        cache.set(key, svg, DRAWING_KEPT_SECONDS)
    return svg


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
        "links": [(link, link.to_contact, True) for link in links.filter(from_contact=contact)]
        + [(link, link.from_contact, False) for link in links.filter(to_contact=contact)],
        "interests": list(contact.vested_interests.select_related("ally")) if sensitive else [],
        "pulse": contact_pulse(contact, sensitive=sensitive),
    }
    return render(request, "web/components/map_panel.html", context)
