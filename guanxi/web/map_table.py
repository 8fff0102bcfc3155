"""The Map tab's table view: everyone on the map, a row each, as HTML made in one pass.

The table is the drawing's accessible alternative and says everything the drawing does.
Two hundred rows of a dozen cells through the template engine cost some 40 ms; the words
are translated once per table here and every text escaped as it goes in.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from guanxi.domain.relationships.layout import Badge, MapLayout, MapLink, MapPerson, PlacedPerson
from guanxi.domain.relationships.map_model import called
from guanxi.stakeholders.map_words import kind_label, stance_label, stance_sign
from guanxi.stakeholders.models import BuyingRole, RelationshipLevel
from guanxi.web.templatetags.guanxi_map import badge_words, indent, score_dots
from guanxi.web.templatetags.guanxi_web import stance_class

NONE = "—"
LEFT = ' class="contact-left"'


class _Words:
    """The table's words in the active language, each translated once."""

    def __init__(self) -> None:
        self.stances = {
            value: escape(f"{stance_sign(value)} {stance_label(value)}") for value in range(-2, 3)
        }
        self.stance_classes = {value: stance_class(value) for value in range(-2, 3)}
        self.levels = {
            value: escape(f"{label} ({value}/5)") for value, label in RelationshipLevel.choices
        }
        self.roles = {role: str(label) for role, label in BuyingRole.choices}
        self.dots = {value: str(score_dots(value)) for value in range(1, 6)}
        self.unknown_holder = escape(gettext("Unknown holder"))
        self._badges: dict[tuple[tuple[Badge, ...], int], str] = {}

    def badges(self, person: MapPerson) -> str:
        """The person's marks in words; few people differ, so each set is written once."""
        key = (person.badges, person.open_interests)
        if key not in self._badges:
            self._badges[key] = "".join(
                f'<span class="badge text-bg-light border fw-normal">{escape(word)}</span> '
                for word in badge_words(person)
            )
        return self._badges[key]


def table_body(
    layout: MapLayout, links: list[MapLink], contact_url: Callable[[int], str]
) -> SafeString:
    """The rows of the table (its `<tbody>`'s content): people in the hierarchy's order."""
    names = {node.person.id: called(node.person.name, node.person.title) for node in layout.nodes}
    lines = _link_lines(links, names)
    words = _Words()
    return mark_safe(  # noqa: S308 - every text in it is escaped below
        "".join(_row(node, names, lines, words, contact_url) for node in layout.nodes)
    )


def _row(
    node: PlacedPerson,
    names: dict[int, str],
    lines: dict[int, str],
    words: _Words,
    contact_url: Callable[[int], str],
) -> str:
    person = node.person
    name = escape(person.name) if person.name else f"<em>{words.unknown_holder}</em>"
    about = escape(person.title)
    if person.department:
        about += " · " + escape(person.department)
    badges = words.badges(person) if person.badges else ""
    boss = names.get(person.reports_to_id, "") if person.reports_to_id else ""
    roles = ", ".join(words.roles.get(role, role) for role in person.buying_roles)
    return (
        f"<tr{LEFT if person.left else ''}>"
        f'<th scope="row" class="{indent(node.depth)}">'
        f'<a class="contact-link" href="{escape(contact_url(person.id))}">{name}</a>'
        f'<div class="small text-body-secondary fw-normal">{about}</div>{badges}</th>'
        f'<td class="small">{escape(boss) if boss else NONE}</td>'
        f'<td class="text-nowrap">{words.dots.get(person.influence) or _dots(person.influence)}</td>'
        f'<td class="text-nowrap"><span class="badge stance '
        f'{words.stance_classes.get(person.stance) or stance_class(person.stance)}">'
        f"{words.stances.get(person.stance, '')}</span></td>"
        f'<td class="d-none d-md-table-cell small">{escape(roles) if roles else NONE}</td>'
        f'<td class="small text-nowrap">{words.levels.get(person.our_level, "")}</td>'
        f'<td class="d-none d-lg-table-cell small">{lines.get(person.id, NONE)}</td>'
        "</tr>"
    )


def _dots(influence: int) -> str:
    return str(score_dots(influence))


def _link_lines(links: list[MapLink], names: dict[int, str]) -> dict[int, str]:
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
    return {pk: "".join(found) for pk, found in lines.items()}
