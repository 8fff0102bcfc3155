"""The relationship map as one SVG string, from its layout.

Self-contained: presentation attributes only, no stylesheet needed, so the same drawing goes
into a web page, a print-out or a PDF. The web adds focus rings and filters with classes; the
drawing reads without them. Stance is a colour *and* a signed number, influence the card's
size, our relationship level a five-step bar; everything is said again in words in each
person's <title>, which is also the link's accessible name.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from html import escape

from django.utils.translation import get_language, gettext, ngettext

from guanxi.domain.relationships.layout import (
    CONFLICT,
    INFLUENCE,
    PERSONAL_TIES,
    REPORTS_TO,
    Badge,
    Edge,
    MapLayout,
    MapPerson,
    PlacedPerson,
)
from guanxi.domain.relationships.map_model import called
from guanxi.stakeholders.map_words import (
    kind_label,
    role_abbreviation,
    role_label,
    stance_label,
    stance_sign,
    tie_label,
)
from guanxi.stakeholders.models import RelationshipLevel

FONT = (
    "system-ui, -apple-system, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', "
    "'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', sans-serif"
)
TEXT = "#212529"
MUTED = "#495057"
LEVEL_ON = "#0a58ca"
LEVEL_OFF = "#ced4da"
REPORTS_COLOUR = "#9aa1a8"
INFLUENCE_COLOUR = "#0a58ca"
CONFLICT_COLOUR = "#b02a37"
TIE_COLOUR = "#6f42c1"
TIE_TEXT = "#59359a"


@dataclass(frozen=True, slots=True)
class StanceColours:
    band: str  # the card's stripe and border
    chip: str  # the disc with the signed number
    chip_text: str
    tint: str  # the card's background


STANCE_COLOURS = {
    -2: StanceColours("#b02a37", "#b02a37", "#ffffff", "#fdf1f2"),
    -1: StanceColours("#c4661f", "#ffe5b4", "#5c3200", "#fff8ee"),
    0: StanceColours("#6c757d", "#e9ecef", "#343a40", "#ffffff"),
    1: StanceColours("#2f8f57", "#d1f0dc", "#0f5132", "#f3fbf6"),
    2: StanceColours("#146c43", "#146c43", "#ffffff", "#e9f6ef"),
}
LEFT_COLOURS = StanceColours("#868e96", "#e9ecef", "#495057", "#f1f3f5")


@dataclass(frozen=True)
class NodeLinks:
    """Where a person's card leads: their page, and (with htmx) a panel beside the map."""

    contact_url: Callable[[int], str]
    panel_url: Callable[[int], str] | None = None
    panel_target: str = "#map-panel"


def relationship_map_svg(
    layout: MapLayout,
    *,
    title: str,
    description: str,
    links: NodeLinks | None = None,
    id_prefix: str = "gxmap",
    lines: str | None = None,
    cards: Mapping[CardKey, Card] | None = None,
) -> str:
    """The whole drawing; `links=None` draws plain cards (for a print-out or a PDF).

    `lines` and `cards`: the lines as `map_lines` drew them for this layout and these names,
    the cards as `map_cards` drew them for its people with the same `links`, if kept from an
    earlier drawing; drawn here otherwise.
    """
    words = _words()
    # A picture for a print-out; with links inside it is a group, so they stay reachable.
    role = "img" if links is None else "group"
    width, height = _n(layout.width), _n(layout.height)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="relationship-map" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="{role}" aria-labelledby="{id_prefix}-title {id_prefix}-desc" '
        f'font-family="{escape(FONT)}" font-size="12" text-rendering="optimizeLegibility">',
        f'<title id="{id_prefix}-title">{escape(title)}</title>',
        f'<desc id="{id_prefix}-desc">{escape(description)}</desc>',
        _defs(id_prefix),
        f'<rect class="map-background" width="{width}" height="{height}" fill="#ffffff"/>',
        map_lines(layout, id_prefix=id_prefix, words=words) if lines is None else lines,
        '<g class="map-nodes">',
    ]
    if cards is None:
        cards = map_cards(layout, links=links, words=words)
    for node in layout.nodes:
        box = node.box
        head, tail = cards[card_key(node)]
        parts += (head, f"{box.x:.1f},{box.y:.1f}", tail)
    parts.append("</g></svg>")
    return "".join(parts)


# A person's card as all it shows: the person as a plain tuple and the card's size. Where
# the card stands is not in it: a card is drawn in its own coordinates, so one kept from
# before a person was added or moved is still right.
CardKey = tuple[tuple[object, ...], float, float]
Card = tuple[str, str]  # the card's markup before and after its place ("x,y")


def card_key(node: PlacedPerson) -> CardKey:
    return (tuple(node.person), node.box.width, node.box.height)


def map_cards(
    layout: MapLayout,
    *,
    links: NodeLinks | None = None,
    kept: Mapping[CardKey, Card] | None = None,
    words: _Words | None = None,
) -> dict[CardKey, Card]:
    """Each person's card under all it shows (see `CardKey`); those found in `kept` are not
    drawn again. Kept cards are valid for the same language and the same `links`."""
    words = words or _words()
    kept = kept or {}
    parts = _Cards()
    cards: dict[CardKey, Card] = {}
    for node in layout.nodes:
        key = card_key(node)
        card = kept.get(key)
        cards[key] = _node(node, links, words, parts) if card is None else card
    return cards


def map_lines(
    layout: MapLayout,
    *,
    id_prefix: str = "gxmap",
    words: _Words | None = None,
    only_ties: bool = False,
) -> str:
    """The lines between the cards, each titled in words with both names: they change only
    with the places, the links and the names, not with a stance or our level. With
    `only_ties`, the two layers of personal ties alone (see `map_ties_svg`)."""
    words = words or _words()
    names = {node.person.id: escape(_display_name(node, words)) for node in layout.nodes}
    if not only_ties:
        return "".join(_edges(layout.edges, names, id_prefix, words))
    ties = tuple(edge for edge in layout.edges if edge.kind in PERSONAL_TIES)
    return "".join(_edges(ties, names, id_prefix, words)[-2:])


def map_ties_svg(layout: MapLayout) -> str:
    """The personal ties of a map drawn without them, as a drawing of their own in the
    same coordinates: the page puts its layers (`data-layer`) into the map's empty ones
    when someone asks to see the ties."""
    width, height = _n(layout.width), _n(layout.height)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" font-family="{escape(FONT)}" font-size="12">'
        f"{map_lines(layout, only_ties=True)}</svg>"
    )


def _words() -> _Words:
    """The drawing's words in the active language, translated once per process."""
    return _words_in(get_language())


@functools.cache
def _words_in(language: str | None) -> _Words:
    return _Words()


class _Words:
    """Every word the drawing needs, translated once, not once per person."""

    def __init__(self) -> None:
        self.stance = {
            value: gettext("Stance: %(stance)s (%(sign)s)")
            % {"stance": stance_label(value), "sign": stance_sign(value)}
            for value in range(-2, 3)
        }
        self.influence = {
            value: gettext("Influence %(influence)s of 5") % {"influence": value}
            for value in range(1, 6)
        }
        self.level = {
            value: gettext("Our best relationship: %(level)s (%(value)s of 5)")
            % {"level": RelationshipLevel(value).label, "value": value}
            for value in range(6)
        }
        self.roles_format = gettext("Buying roles: %(roles)s")
        self.role_label: dict[str, str] = {}
        self.role_short: dict[str, str] = {}
        self.role_phrases: dict[tuple[str, ...], str] = {}
        self.badge = {
            Badge.PLACEHOLDER: gettext("A known role whose holder we do not know yet"),
            Badge.LEFT: gettext("Has left the company"),
            Badge.PERSONALITY_UNKNOWN: gettext("Personality not known yet"),
        }
        self.left = gettext("left")
        self.to_find = gettext("to find")
        self.unknown_holder = gettext("Unknown holder")
        self.link_format = gettext("%(from)s → %(to)s: %(kind)s, strength %(strength)s of 5")
        self.kinds: dict[str, str] = {}
        self.ties: dict[str, str] = {}

    def role(self, role: str) -> str:
        if role not in self.role_label:
            self.role_label[role] = role_label(role)
        return self.role_label[role]

    def roles(self, roles: tuple[str, ...]) -> str:
        """The buying roles in words, once per combination of them."""
        if roles not in self.role_phrases:
            named = ", ".join(self.role(role) for role in roles)
            self.role_phrases[roles] = self.roles_format % {"roles": named}
        return self.role_phrases[roles]

    def short(self, role: str) -> str:
        if role not in self.role_short:
            self.role_short[role] = role_abbreviation(role)
        return self.role_short[role]

    def kind(self, kind: str) -> str:
        if kind not in self.kinds:
            self.kinds[kind] = escape(kind_label(kind))
        return self.kinds[kind]

    def tie(self, kind: str) -> str:
        if kind not in self.ties:
            self.ties[kind] = escape(tie_label(kind))
        return self.ties[kind]

    def interests(self, count: int) -> str:
        return ngettext(
            "%(count)s open vested interest", "%(count)s open vested interests", count
        ) % {"count": count}


def _defs(prefix: str) -> str:
    return (
        f'<defs><marker id="{prefix}-arrow" viewBox="0 0 10 10" refX="9" refY="5" '
        f'markerUnits="userSpaceOnUse" markerWidth="10" markerHeight="10" orient="auto">'
        f'<path d="M0,1L10,5L0,9z" fill="{INFLUENCE_COLOUR}"/></marker></defs>'
    )


# --- lines ---------------------------------------------------------------------------

_LINE = '<path data-from="%d" data-to="%d" d="%s" stroke-width="%s"><title>%s</title></path>'
_WIDTHS = {strength: f"{0.8 + 0.45 * strength:.2f}" for strength in range(1, 6)}


def _edges(edges: tuple[Edge, ...], names: dict[int, str], prefix: str, words: _Words) -> list[str]:
    reports, influence, conflict, ties, labels = [], [], [], [], []
    for edge in edges:
        a, b = edge.from_id, edge.to_id
        if edge.kind == REPORTS_TO:
            reports.append(f'<path data-from="{a}" data-to="{b}" d="{edge.path}"/>')
            continue
        described = words.link_format % {
            "from": names[a], "to": names[b], "kind": words.kind(edge.kind),
            "strength": edge.strength,
        }  # fmt: skip
        if edge.note:
            described += ". " + escape(edge.note)
        line = _LINE % (a, b, edge.path, _WIDTHS.get(edge.strength, "2"), described)
        if edge.kind == INFLUENCE:
            influence.append(line)
        elif edge.kind == CONFLICT:
            conflict.append(line)
        elif edge.kind in PERSONAL_TIES:
            ties.append(line)
            if edge.label_at is not None:
                x, y = edge.label_at
                labels.append(
                    f'<text data-from="{a}" data-to="{b}" x="{x:.1f}" y="{y + 3.5:.1f}">'
                    f"{words.tie(edge.kind)}</text>"
                )
    return [
        f'<g class="map-edges edges-reports" fill="none" stroke="{REPORTS_COLOUR}" '
        f'stroke-width="1.4" stroke-linejoin="round">{"".join(reports)}</g>',
        f'<g class="map-edges edges-influence" fill="none" stroke="{INFLUENCE_COLOUR}" '
        f'stroke-opacity="0.8" marker-end="url(#{prefix}-arrow)">{"".join(influence)}</g>',
        f'<g class="map-edges edges-conflict" fill="none" stroke="{CONFLICT_COLOUR}" '
        f'stroke-opacity="0.85" stroke-dasharray="7 4">{"".join(conflict)}</g>',
        f'<g class="map-edges edges-ties" data-layer="ties" fill="none" stroke="{TIE_COLOUR}" '
        f'stroke-opacity="0.85" stroke-dasharray="1 4" stroke-linecap="round">{"".join(ties)}</g>',
        f'<g class="map-edges edges-ties map-tie-labels" data-layer="tie-labels" '
        f'font-size="10.5" fill="{TIE_TEXT}" '
        f'text-anchor="middle" stroke="#ffffff" stroke-width="3" paint-order="stroke" '
        f'stroke-linejoin="round">{"".join(labels)}</g>',
    ]


# --- people --------------------------------------------------------------------------


def _display_name(node: PlacedPerson, words: _Words) -> str:
    person = node.person
    return called(person.name, person.title) or words.unknown_holder


class _Cards:
    """The parts of a card that many cards share, drawn once each: what depends only on its
    size, its colours, the buying roles and the badges.

    A card is drawn in its own coordinates (`translate`), so these repeat unchanged.
    """

    def __init__(self) -> None:
        # Keyed by the colours' own strings: hashing the dataclass costs more than drawing.
        self._backs: dict[tuple[float, float, str, str, bool, int], str] = {}
        self._chips: dict[tuple[int, str, str, str], str] = {}
        self._bars: dict[tuple[int, float], str] = {}
        self._roles: dict[tuple[tuple[str, ...], float, float], str] = {}
        self._badges: dict[tuple[object, ...], str] = {}

    def back(self, w: float, h: float, colours: StanceColours, dashed: bool, weight: int) -> str:
        key = (w, h, colours.tint, colours.band, dashed, weight)
        if key not in self._backs:
            self._backs[key] = (
                f'<rect class="map-card" width="{_n(w)}" height="{_n(h)}" rx="6" '
                f'fill="{colours.tint}" stroke="{colours.band}" '
                f'stroke-width="{_n(1 + 0.25 * weight)}"'
                + (' stroke-dasharray="5 3"' if dashed else "")
                + f'/><path d="M6,0A6,6 0 0 0 0,6V{_n(h - 6)}A6,6 0 0 0 6,{_n(h)}Z" '
                f'fill="{colours.band}"/>'
            )
        return self._backs[key]

    def chip(self, stance: int, colours: StanceColours) -> str:
        key = (stance, colours.chip, colours.band, colours.chip_text)
        if key not in self._chips:
            self._chips[key] = (
                f'<circle cx="20" cy="19" r="10.5" fill="{colours.chip}" stroke="{colours.band}"/>'
                f'<text x="20" y="23" text-anchor="middle" font-size="11" font-weight="700" '
                f'fill="{colours.chip_text}">{stance_sign(stance)}</text>'
            )
        return self._chips[key]

    def bars(self, level: int, w: float) -> str:
        """Five steps, like a signal meter: our best relationship with this person."""
        if (level, w) not in self._bars:
            self._bars[level, w] = "".join(
                f'<rect x="{_n(w - 30 + step * 5)}" y="{7 + 12 - (4 + 2 * step)}" width="3.4" '
                f'height="{4 + 2 * step}" rx="0.8" fill="{LEVEL_ON if step < level else LEVEL_OFF}"/>'
                for step in range(5)
            )
        return self._bars[level, w]

    def roles(self, roles: tuple[str, ...], w: float, h: float, words: _Words) -> str:
        """The buying roles' abbreviations at the bottom left."""
        key = (roles, w, h)
        if key not in self._roles:
            text = " ".join(words.short(role) for role in roles)
            self._roles[key] = (
                f'<text x="12" y="{_n(h - 8)}" font-size="10.5" font-weight="600" '
                f'fill="{MUTED}">{escape(fit(text, w * 0.55, 10.5))}</text>'
            )
        return self._roles[key]

    def badges(self, person: MapPerson, w: float, h: float, words: _Words) -> str:
        key = (person.badges, person.open_interests, w, h)
        if key not in self._badges:
            self._badges[key] = _badges(person, w - 7, h - 8, words)
        return self._badges[key]


def _node(node: PlacedPerson, links: NodeLinks | None, words: _Words, cards: _Cards) -> Card:
    person, box = node.person, node.box
    w, h = box.width, box.height
    colours = LEFT_COLOURS if person.left else STANCE_COLOURS.get(person.stance, STANCE_COLOURS[0])
    dashed = person.left or person.placeholder
    classes = "map-node map-node-left" if person.left else "map-node"
    if links is None:
        opening = f'<g class="{classes}" data-contact="{person.id}">'
        closing = "</g></g>"
    else:
        href = escape(links.contact_url(person.id))
        htmx = ""
        if links.panel_url is not None:
            htmx = (
                f' hx-get="{escape(links.panel_url(person.id))}" hx-target="{links.panel_target}"'
                f' hx-swap="innerHTML show:{links.panel_target}:top"'
            )
        opening = f'<a class="{classes}" href="{href}" data-contact="{person.id}"{htmx}>'
        closing = "</g></a>"
    who = ", ".join(p for p in (_display_name(node, words), person.title, person.department) if p)
    head = (
        f"{opening}<title>{escape(who)}. {escape(_describe(person, words))}</title>"
        '<g transform="translate('
    )
    tail = "".join(
        (
            ')">',
            cards.back(w, h, colours, dashed, person.influence),
            cards.chip(person.stance, colours),
            "" if person.placeholder else cards.bars(person.our_level, w),
            _texts(node, w, h, words, cards),
            cards.badges(person, w, h, words),
            closing,
        )
    )
    return head, tail


def _texts(node: PlacedPerson, w: float, h: float, words: _Words, cards: _Cards) -> str:
    person = node.person
    decoration = ' text-decoration="line-through"' if person.left else ""
    style = ' font-style="italic"' if person.placeholder else ""
    title, department = person.title, person.department
    if person.name:
        name = person.name
        subtitle = f"{title} · {department}" if title and department else title or department
    else:  # a placeholder: the role we look for in place of a name, its badge says so
        name, subtitle = title or words.unknown_holder, department
    # Nobody knows a placeholder, so no bars: its role's name has their room.
    size, room = (13, w - 44) if person.placeholder else (14, w - 70)
    return (
        f'<text x="36" y="23" font-size="{size}" font-weight="600" fill="{TEXT}"'
        f"{decoration}{style}>{escape(fit(name, room, size))}</text>"
        f'<text x="36" y="40" font-size="11.5" fill="{MUTED}">'
        f"{escape(fit(subtitle, w - 44, 11.5))}</text>"
        f"{cards.roles(person.buying_roles, w, h, words)}"
    )


def _badges(person: MapPerson, right: float, baseline: float, words: _Words) -> str:
    """Small marks at the bottom right, laid out from the right edge leftwards."""
    drawn = []
    for badge in reversed(person.badges):
        if badge == Badge.OPEN_INTERESTS:
            label = f"!{person.open_interests}"
            fill, colour = "#b02a37", "#ffffff"
        elif badge == Badge.PERSONALITY_UNKNOWN:
            label, fill, colour = "?", "#ffc107", "#3d2f00"
        elif badge == Badge.LEFT:
            label, fill, colour = words.left, "#495057", "#ffffff"
        else:
            label, fill, colour = words.to_find, "#fff3cd", "#5c4400"
        width = max(14.0, text_width(label, 10) + 8)
        right -= width
        drawn.append(
            f'<rect x="{_n(right)}" y="{_n(baseline - 10)}" width="{_n(width)}" height="13" '
            f'rx="6.5" fill="{fill}"/>'
            f'<text x="{_n(right + width / 2)}" y="{_n(baseline)}" text-anchor="middle" '
            f'font-size="10" font-weight="700" fill="{colour}">{escape(label)}</text>'
        )
        right -= 3
    return "".join(drawn)


def _describe(person: MapPerson, words: _Words) -> str:
    """Everything the card shows, in words: the tooltip and the accessible name."""
    facts = [
        words.stance.get(person.stance, ""),
        words.influence.get(person.influence, ""),
    ]
    if person.buying_roles:
        facts.append(words.roles(person.buying_roles))
    facts.append(words.level.get(person.our_level, ""))
    for badge in person.badges:
        if badge == Badge.OPEN_INTERESTS:
            facts.append(words.interests(person.open_interests))
        else:
            facts.append(words.badge[badge])
    return ". ".join(facts) + "."


# --- measuring text without a browser --------------------------------------------------


WIDE = "\u2e80"  # from here on, CJK: characters a full em wide
_WIDE = re.compile("[\u2e80-\U0010ffff]")


def text_width(text: str, size: float) -> float:
    """Roughly how wide `text` is: CJK characters a full em, others a little over half."""
    wide = len(_WIDE.findall(text))
    return wide * size + (len(text) - wide) * size * 0.58


def fit(text: str, room: float, size: float) -> str:
    """`text`, cut with an ellipsis if it would not fit in `room` pixels."""
    if len(text) * size <= room or text_width(text, size) <= room:  # no character is wider
        return text
    kept = []
    used = size  # the ellipsis
    narrow = size * 0.58
    for ch in text:
        used += size if ch >= WIDE else narrow
        if used > room:
            break
        kept.append(ch)
    return "".join(kept).rstrip(" ·") + "…"


def _n(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def stance_sparkline(
    points: Sequence[tuple[datetime, int]],
    *,
    until: datetime,
    label: str,
    width: int = 220,
    height: int = 64,
) -> str:
    """A person's stance over time as a small step line: up is for us, down against.

    Light lines mark the five stances, labelled +2, 0 and −2; each change is a dot in the
    colour of the stance it reached.
    """
    if not points:
        return ""
    start = points[0][0]
    span = max((until - start).total_seconds(), 1.0)
    left, pad = 22.0, 6.0

    def x(when: datetime) -> float:
        return left + (width - left - pad) * (when - start).total_seconds() / span

    def y(stance: int) -> float:
        return pad + (height - 2 * pad) * (2 - stance) / 4

    grid = "".join(
        f'<path d="M{_n(left)},{_n(y(level))}H{_n(width - pad)}" '
        + ('stroke="#adb5bd" stroke-dasharray="3 3"/>' if level == 0 else 'stroke="#e9ecef"/>')
        for level in range(-2, 3)
    )
    marks = "".join(
        f'<text x="{_n(left - 4)}" y="{_n(y(level) + 3)}" text-anchor="end" font-size="9" '
        f'fill="#6c757d">{stance_sign(level)}</text>'
        for level in (2, 0, -2)
    )
    path = [f"M{_n(x(points[0][0]))},{_n(y(points[0][1]))}"]
    for when, stance in points[1:]:
        path.append(f"H{_n(x(when))}V{_n(y(stance))}")
    path.append(f"H{_n(width - pad)}")
    dots = "".join(
        f'<circle cx="{_n(x(when))}" cy="{_n(y(stance))}" r="3" '
        f'fill="{STANCE_COLOURS.get(stance, STANCE_COLOURS[0]).band}"/>'
        for when, stance in points
    )
    last = STANCE_COLOURS.get(points[-1][1], STANCE_COLOURS[0]).band
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="stance-sparkline" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-label="{escape(label)}" font-family="{escape(FONT)}">{grid}{marks}'
        f'<path d="{"".join(path)}" fill="none" stroke="#495057" stroke-width="1.6" '
        f'stroke-linejoin="round"/>{dots}'
        f'<circle cx="{_n(width - pad)}" cy="{_n(y(points[-1][1]))}" r="4" fill="{last}"/></svg>'
    )
