"""The Map tab's list of changes (the pulse), as HTML made in one pass.

Up to forty changes, each a sentence with names in it: through the template engine that
took a few milliseconds on every view of the map. The sentences are the templates' own
(the same message ids), their names escaped as they go in.
"""

from __future__ import annotations

from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from guanxi.stakeholders.map_words import kind_label
from guanxi.stakeholders.pulse import AccountPulse, MapChange

ICONS = {
    "added": "bi-person-plus",
    "removed": "bi-person-x",
    "left": "bi-box-arrow-right",
    "stance": "bi-activity",
    "influence": "bi-graph-up",
    "link_added": "bi-share",
}
LINK_REMOVED_ICON = "bi-scissors"


def pulse_items(pulse: AccountPulse) -> SafeString:
    """The `<li>` of each change shown, newest first."""
    sentences = {
        "added": gettext("%(name)s added to the map"),
        "removed": gettext("%(name)s removed from the map"),
        "left": gettext("%(name)s left the company"),
        "stance": gettext("%(name)s: stance %(before)s → %(after)s"),
        "influence": gettext("%(name)s: influence %(before)s → %(after)s"),
        "link_added": gettext("New link: %(first)s – %(second)s (%(kind)s)"),
    }
    link_removed = gettext("Link removed: %(first)s – %(second)s (%(kind)s)")
    items = []
    for change in pulse.shown:
        sentence = sentences.get(change.kind, link_removed) % _words(change)
        items.append(
            f'<li class="pulse-{escape(change.kind)}">'
            f'<time class="text-body-secondary small" datetime="{change.on:%Y-%m-%d}">'
            f"{change.on:%m-%d}</time> "
            f'<i class="bi {ICONS.get(change.kind, LINK_REMOVED_ICON)}" aria-hidden="true"></i> '
            f'{sentence} <span class="text-body-secondary small">· {escape(change.who)}</span>'
            "</li>"
        )
    return mark_safe("".join(items))  # noqa: S308 - every text in it is escaped above


def _words(change: MapChange) -> dict[str, str]:
    if change.kind.startswith("link_"):
        return {
            "first": escape(change.name),
            "second": escape(change.other_name),
            "kind": escape(kind_label(change.link_kind)),
        }
    return {
        "name": escape(change.name),
        "before": escape(change.before),
        "after": escape(change.after),
    }
