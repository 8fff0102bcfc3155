"""The account's relationship map: the Map tab (drawn, or as a table), a person's panel
beside it, and the account's insights and pulse, fetched after the map so the map stays
fast."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
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
from guanxi.domain.relationships.layout import (
    PERSONAL_TIES,
    MapLayout,
    MapLink,
    layout_inputs,
    layout_map,
    with_people,
)
from guanxi.domain.relationships.map_model import called
from guanxi.insights.selectors import account_insights_for_user
from guanxi.stakeholders import drawings, kept
from guanxi.stakeholders.map_data import AccountMap, account_map_for_user
from guanxi.stakeholders.map_svg import (
    NodeLinks,
    map_cards,
    map_lines,
    map_ties_svg,
    relationship_map_svg,
)
from guanxi.stakeholders.models import ContactLink
from guanxi.stakeholders.pulse import account_pulse, contact_pulse
from guanxi.users.models import User
from guanxi.web.map_insights import insight_items
from guanxi.web.map_pulse import pulse_items
from guanxi.web.map_table import table_body
from guanxi.web.views.account_page import _tab_page
from guanxi.web.views.base import AuthenticatedRequest, render_page, wants_fragment

# Past this many links the personal ties start hidden: the hierarchy and influence first.
TIES_SHOWN_UP_TO = 150
PULSE_DAYS = 90
INSIGHTS_BESIDE_MAP = 12

T = TypeVar("T")


def _url_maker(name: str) -> NodeLinks:
    """Reverse once, fill in each id: two hundred `reverse` calls would cost milliseconds."""
    marker = 987654321
    contact = reverse("contact", args=[marker])
    panel = reverse(name, args=[marker])
    return NodeLinks(
        contact_url=lambda pk: contact.replace(str(marker), str(pk)),
        panel_url=lambda pk: panel.replace(str(marker), str(pk)),
    )


def _where(urls: NodeLinks) -> tuple[str, str]:
    """Where the cards lead, for the names of drawings kept on disk: a drawing made by the
    background worker (`draw_ahead`) must not be served where the site's paths differ."""
    return urls.contact_url(0), urls.panel_url(0) if urls.panel_url else ""


def _description(people: int, links: int) -> str:
    counted = ngettext("%(count)s person", "%(count)s people", people) % {"count": people}
    linked = ngettext("%(count)s link", "%(count)s links", links) % {"count": links}
    return gettext(
        "%(people)s and %(links)s. Each card's colour and its number from −2 to +2 give the "
        "person's stance; a larger card means more influence; five bars show our best "
        "relationship level. Grey lines are reporting lines, blue arrows influence, red "
        "dashes conflict, dotted purple lines personal ties."
    ) % {"people": counted, "links": linked}


@require_GET
def account_map(request: AuthenticatedRequest, account_id: int) -> HttpResponse:
    account = account_for_user(request.user, account_id)
    data = account_map_for_user(request.user, account)
    table = request.GET.get("view") == "table"
    # Past TIES_SHOWN_UP_TO links the personal ties start hidden, and are not even drawn:
    # the page fetches them (`account_map_ties`) if someone ticks them on (or asks with
    # ?ties=1, without JavaScript).
    ties = len(data.links) <= TIES_SHOWN_UP_TO or request.GET.get("ties") == "1"
    context: dict[str, Any] = {
        "view": "table" if table else "map",
        "people_count": len(data.people),
        "links_count": len(data.links),
        "sensitive": data.sensitive,
        "show_ties": ties,
        "ties_url": "" if ties else reverse("account-map-ties", args=[account.pk]),
    }
    urls = _url_maker("contact-panel")
    if table:
        context["rows"] = _table(account, data, urls)
    else:
        context["map_svg"] = mark_safe(_drawing(account, data, urls, ties=ties))  # noqa: S308
    return _tab_page(request, account, "map", context)


@require_GET
def account_map_ties(request: AuthenticatedRequest, account_id: int) -> HttpResponse:
    """The personal ties of a map drawn without them (`map_ties_svg`)."""
    account = account_for_user(request.user, account_id)
    data = account_map_for_user(request.user, account)
    return HttpResponse(_ties(account, data), content_type="image/svg+xml; charset=utf-8")


def _ties(account: Account, data: AccountMap) -> str:
    inputs = (tuple(data.people), tuple(data.links))

    def draw() -> str:
        return map_ties_svg(_layout(account, data, data.links))

    return _kept(
        f"guanxi:map-ties:{account.pk}:{get_language()}:{_fingerprint(data)}",
        lambda: _on_disk(account, "ties", inputs, draw),
    )


def draw_ahead(user: User, account: Account) -> None:
    """The Map tab as `user` will see it in the active language, drawing and table (and a
    big map's personal ties), drawn and kept before anyone asks (`web/draw_ahead.py`)."""
    data = account_map_for_user(user, account)
    urls = _url_maker("contact-panel")
    ties = len(data.links) <= TIES_SHOWN_UP_TO
    _drawing(account, data, urls, ties=ties)
    _table(account, data, urls)
    if not ties:  # left out of the drawing: ready for whoever ticks them on
        _ties(account, data)


def _drawing(account: Account, data: AccountMap, urls: NodeLinks, *, ties: bool) -> str:
    """The SVG, drawn again only when something it shows has changed.

    The drawing is a pure function of these inputs (the people carry what the viewer may
    see, such as their count of open interests), so they make the key; a change anywhere
    makes a new key, and an old one is let go when least recently used (`kept.py`). Its parts are kept the same way: the
    places and lines (`_layout`), the lines as drawn, and each card under what it shows
    but not where it stands, so that after a change of stance or level only that person's
    card is drawn again, and after a person is added or moved only the new one's.
    """
    title = gettext("Relationship map of %(account)s") % {"account": account.name}
    description = _description(len(data.people), len(data.links))
    drawn = data.links if ties else [link for link in data.links if link.kind not in PERSONAL_TIES]
    inputs = (title, description, tuple(data.people), tuple(data.links), ties, _where(urls))
    language = get_language()

    def draw() -> str:
        layout = _layout(account, data, drawn)
        names = tuple(data.names().items())
        lines = _kept(
            f"guanxi:map-lines:{account.pk}:{language}:{hash((layout.edges, names)):x}",
            lambda: map_lines(layout),
        )
        cards_key = f"guanxi:map-cards:{account.pk}:{language}"
        cards = map_cards(layout, links=urls, kept=kept.get(cards_key))
        kept.put(cards_key, cards)
        return relationship_map_svg(
            layout, title=title, description=description, links=urls, lines=lines, cards=cards
        )

    fingerprint = _fingerprint(data, title, description, "ties" if ties else "")
    key = f"guanxi:map-svg:{account.pk}:{language}:{fingerprint}"
    return _kept(key, lambda: _on_disk(account, "svg", inputs, draw))


def _table(account: Account, data: AccountMap, urls: NodeLinks) -> SafeString:
    """The table view's rows, kept like the drawing; they need the hierarchy's order, not
    the lines' curves."""
    inputs = (tuple(data.people), tuple(data.links), _where(urls))

    def rows() -> str:
        return table_body(_layout(account, data, []), data.links, urls.contact_url)

    return mark_safe(  # noqa: S308 - the rows escape every text they hold (map_table.py)
        _kept(
            f"guanxi:map-table:{account.pk}:{get_language()}:{_fingerprint(data)}",
            lambda: _on_disk(account, "table", inputs, rows),
        )
    )


def _layout(account: Account, data: AccountMap, links: list[MapLink]) -> MapLayout:
    """Places, and the lines of `links`, kept under all they depend on (`layout_inputs`)."""
    key = f"guanxi:map-layout:{account.pk}:{hash(layout_inputs(data.people, links)):x}"
    found: MapLayout | None = kept.get(key)
    if found is not None:
        return with_people(found, data.people)
    layout = layout_map(data.people, links)
    kept.put(key, layout)
    return layout


def _fingerprint(data: AccountMap, *words: str) -> str:
    """A key for all a drawing (or table) shows, in this process. CPython hashes −1 like
    −2 (−1 is its error code), and a stance may be either: the stances go in once more,
    moved to 0…4, or an opponent turned sceptic would be served the opponent's drawing."""
    stances = tuple(person.stance + 2 for person in data.people)
    return f"{hash((*words, tuple(data.people), tuple(data.links))):x}.{hash(stances):x}"


def _on_disk(
    account: Account, view: str, inputs: tuple[object, ...], make: Callable[[], str]
) -> str:
    """What this worker does not keep may have been drawn by another, or before a restart
    (`stakeholders/drawings.py`); else it is made here and kept there too."""
    language = get_language()
    name = drawings.digest(inputs, language)
    found = drawings.read(account.pk, language, view, name)
    if found is None:
        found = str(make())
        drawings.write(account.pk, language, view, name, found)
    return found


def _kept(key: str, make: Callable[[], T]) -> T:
    found: T | None = kept.get(key)
    if found is None:
        found = make()
        kept.put(key, found)
    return found


@require_GET
def account_map_insights(request: AuthenticatedRequest, account_id: int) -> HttpResponse:
    """The account's strength and insights, as the viewer may see them (fetched by the tab)."""
    account = account_for_user(request.user, account_id)
    report = account_insights_for_user(request.user, account, timezone.localdate())
    found = report.insights()
    # Beside the map, the most pressing few (most severe first); the page lists them all.
    shown = found[:INSIGHTS_BESIDE_MAP] if wants_fragment(request) else found
    context = {
        "account": account,
        "report": report.accounts[0] if report.accounts else None,
        "rows": bool(found),
        "insight_items": insight_items(report.rows(shown)),
        "shown_count": len(shown),
        "insight_count": len(found),
        "title": gettext("Insights · %(account)s") % {"account": account.name},
        "breadcrumbs": _under_map(account, gettext("Insights")),
    }
    return render_page(request, "web/pages/map_insights.html", context, fragment="insights")


@require_GET
def account_map_pulse(request: AuthenticatedRequest, account_id: int) -> HttpResponse:
    """How the map changed in the last PULSE_DAYS days (fetched by the tab)."""
    account = account_for_user(request.user, account_id)
    people = account.contacts.values_list("pk", "name", "title")
    names = {pk: called(name, title) for pk, name, title in people}
    pulse = account_pulse(account, timezone.localdate(), names=names, days=PULSE_DAYS)
    context = {
        "account": account,
        "pulse": pulse,
        "pulse_items": pulse_items(pulse),
        "title": gettext("How the map changed · %(account)s") % {"account": account.name},
        "breadcrumbs": _under_map(account, gettext("Changes")),
    }
    return render_page(request, "web/pages/map_pulse.html", context, fragment="pulse")


def _under_map(account: Account, page: str) -> list[tuple[str, str | None]]:
    """The way back from a page of its own under the Map tab (without JavaScript)."""
    return [
        (gettext("Accounts"), reverse("accounts")),
        (account.name, reverse("account", args=[account.pk])),
        (gettext("Map"), reverse("account-map", args=[account.pk])),
        (page, None),
    ]


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
