"""The relationship map as one SVG string, from its layout.

Self-contained: presentation attributes only, no stylesheet needed, so the same drawing goes
into a web page, a print-out or a PDF. The web adds focus rings and filters with classes; the
drawing reads without them. Stance is a colour *and* a signed number, influence the card's
size, our relationship level a five-step bar; everything is said again in words in each
person's <title>, which is also the link's accessible name.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from html import escape

from django.utils.translation import gettext, ngettext

from guanxi.domain.relationships.layout import (
    CONFLICT,
    INFLUENCE,
    PERSONAL_TIES,
    REPORTS_TO,
    Badge,
    Edge,
    MapLayout,
    PlacedPerson,
)
from guanxi.stakeholders.map_words import (
    link_text,
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
) -> str:
    """The whole drawing; `links=None` draws plain cards (for a print-out or a PDF)."""
    names = {node.person.id: _display_name(node) for node in layout.nodes}
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
    ]
    parts += _edges(layout.edges, names, id_prefix)
    parts.append('<g class="map-nodes">')
    parts += (_node(node, links) for node in layout.nodes)
    parts.append("</g></svg>")
    return "".join(parts)


def _defs(prefix: str) -> str:
    return (
        f'<defs><marker id="{prefix}-arrow" viewBox="0 0 10 10" refX="9" refY="5" '
        f'markerUnits="userSpaceOnUse" markerWidth="10" markerHeight="10" orient="auto">'
        f'<path d="M0,1L10,5L0,9z" fill="{INFLUENCE_COLOUR}"/></marker></defs>'
    )


# --- lines ---------------------------------------------------------------------------


def _edges(edges: tuple[Edge, ...], names: dict[int, str], prefix: str) -> list[str]:
    reports, influence, conflict, ties = [], [], [], []
    labels = []
    for edge in edges:
        ends = f'data-from="{edge.from_id}" data-to="{edge.to_id}"'
        if edge.kind == REPORTS_TO:
            reports.append(f'<path {ends} d="{edge.path}"/>')
            continue
        described = escape(link_text(edge.kind, names[edge.from_id], names[edge.to_id], edge))
        width = _n(0.8 + 0.45 * edge.strength)
        line = (
            f'<path {ends} d="{edge.path}" stroke-width="{width}"><title>{described}</title></path>'
        )
        if edge.kind == INFLUENCE:
            influence.append(line)
        elif edge.kind == CONFLICT:
            conflict.append(line)
        elif edge.kind in PERSONAL_TIES:
            ties.append(line)
            if edge.label_at is not None:
                x, y = edge.label_at
                labels.append(
                    f'<text {ends} x="{_n(x)}" y="{_n(y + 3.5)}">{escape(tie_label(edge.kind))}</text>'
                )
    return [
        f'<g class="map-edges edges-reports" fill="none" stroke="{REPORTS_COLOUR}" '
        f'stroke-width="1.4" stroke-linejoin="round">{"".join(reports)}</g>',
        f'<g class="map-edges edges-influence" fill="none" stroke="{INFLUENCE_COLOUR}" '
        f'stroke-opacity="0.8" marker-end="url(#{prefix}-arrow)">{"".join(influence)}</g>',
        f'<g class="map-edges edges-conflict" fill="none" stroke="{CONFLICT_COLOUR}" '
        f'stroke-opacity="0.85" stroke-dasharray="7 4">{"".join(conflict)}</g>',
        f'<g class="map-edges edges-ties" fill="none" stroke="{TIE_COLOUR}" '
        f'stroke-opacity="0.85" stroke-dasharray="1 4" stroke-linecap="round">{"".join(ties)}</g>',
        f'<g class="map-edges edges-ties map-tie-labels" font-size="10.5" fill="{TIE_TEXT}" '
        f'text-anchor="middle" stroke="#ffffff" stroke-width="3" paint-order="stroke" '
        f'stroke-linejoin="round">{"".join(labels)}</g>',
    ]


# --- people --------------------------------------------------------------------------


def _display_name(node: PlacedPerson) -> str:
    person = node.person
    if person.name:
        return person.name
    return person.title or gettext("Unknown holder")


def _node(node: PlacedPerson, links: NodeLinks | None) -> str:
    person, box = node.person, node.box
    x, y, w, h = box.x, box.y, box.width, box.height
    colours = LEFT_COLOURS if person.left else STANCE_COLOURS.get(person.stance, STANCE_COLOURS[0])
    dashed = person.left or person.placeholder
    classes = "map-node" + (" map-node-left" if person.left else "")
    card = [
        f'<rect class="map-card" x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{_n(h)}" rx="6" '
        f'fill="{colours.tint}" stroke="{colours.band}" '
        f'stroke-width="{_n(1 + 0.25 * person.influence)}"'
        + (' stroke-dasharray="5 3"' if dashed else "")
        + "/>",
        f'<path d="M{_n(x + 6)},{_n(y)}A6,6 0 0 0 {_n(x)},{_n(y + 6)}V{_n(y + h - 6)}'
        f'A6,6 0 0 0 {_n(x + 6)},{_n(y + h)}Z" fill="{colours.band}"/>',
        _stance_chip(person.stance, x + 20, y + 19, colours),
        _level_bars(person.our_level, x + w - 30, y + 7),
        *_texts(node, x, y, w, h),
        *_badges(node, x + w - 7, y + h - 8),
    ]
    inner = f"<title>{escape(_describe(node))}</title>" + "".join(card)
    if links is None:
        return f'<g class="{classes}" data-contact="{person.id}">{inner}</g>'
    href = escape(links.contact_url(person.id))
    htmx = ""
    if links.panel_url is not None:
        htmx = (
            f' hx-get="{escape(links.panel_url(person.id))}" hx-target="{links.panel_target}"'
            f' hx-swap="innerHTML show:{links.panel_target}:top"'
        )
    return f'<a class="{classes}" href="{href}" data-contact="{person.id}"{htmx}>{inner}</a>'


def _stance_chip(stance: int, cx: float, cy: float, colours: StanceColours) -> str:
    return (
        f'<circle cx="{_n(cx)}" cy="{_n(cy)}" r="10.5" fill="{colours.chip}" '
        f'stroke="{colours.band}"/>'
        f'<text x="{_n(cx)}" y="{_n(cy + 4)}" text-anchor="middle" font-size="11" '
        f'font-weight="700" fill="{colours.chip_text}">{stance_sign(stance)}</text>'
    )


def _level_bars(level: int, left: float, top: float) -> str:
    """Five steps, like a signal meter: our best relationship with this person."""
    bars = []
    for step in range(5):
        bar_height = 4 + 2 * step
        bars.append(
            f'<rect x="{_n(left + step * 5)}" y="{_n(top + 12 - bar_height)}" width="3.4" '
            f'height="{bar_height}" rx="0.8" fill="{LEVEL_ON if step < level else LEVEL_OFF}"/>'
        )
    return "".join(bars)


def _texts(node: PlacedPerson, x: float, y: float, w: float, h: float) -> list[str]:
    person = node.person
    text_left = x + 36
    name_room = w - 36 - 34
    decoration = ' text-decoration="line-through"' if person.left else ""
    style = ' font-style="italic"' if person.placeholder else ""
    if person.name:
        name, subtitle = person.name, " · ".join(p for p in (person.title, person.department) if p)
    else:  # a placeholder: the role we look for in place of a name, its badge says so
        name, subtitle = person.title or gettext("Unknown holder"), person.department
    roles = " ".join(role_abbreviation(role) for role in person.buying_roles)
    return [
        f'<text x="{_n(text_left)}" y="{_n(y + 23)}" font-size="14" font-weight="600" '
        f'fill="{TEXT}"{decoration}{style}>{escape(fit(name, name_room, 14))}</text>',
        f'<text x="{_n(text_left)}" y="{_n(y + 40)}" font-size="11.5" fill="{MUTED}">'
        f"{escape(fit(subtitle, w - 36 - 8, 11.5))}</text>",
        f'<text x="{_n(x + 12)}" y="{_n(y + h - 8)}" font-size="10.5" font-weight="600" '
        f'fill="{MUTED}">{escape(fit(roles, w * 0.55, 10.5))}</text>',
    ]


def _badges(node: PlacedPerson, right: float, baseline: float) -> list[str]:
    """Small marks at the bottom right, laid out from the right edge leftwards."""
    person = node.person
    drawn = []
    for badge in reversed(person.badges):
        if badge == Badge.OPEN_INTERESTS:
            label = f"!{person.open_interests}"
            fill, colour = "#b02a37", "#ffffff"
        elif badge == Badge.PERSONALITY_UNKNOWN:
            label, fill, colour = "?", "#ffc107", "#3d2f00"
        elif badge == Badge.LEFT:
            label, fill, colour = gettext("left"), "#495057", "#ffffff"
        else:
            label, fill, colour = gettext("to find"), "#fff3cd", "#5c4400"
        width = max(14.0, text_width(label, 10) + 8)
        right -= width
        drawn.append(
            f'<rect x="{_n(right)}" y="{_n(baseline - 10)}" width="{_n(width)}" height="13" '
            f'rx="6.5" fill="{fill}"/>'
            f'<text x="{_n(right + width / 2)}" y="{_n(baseline)}" text-anchor="middle" '
            f'font-size="10" font-weight="700" fill="{colour}">{escape(label)}</text>'
        )
        right -= 3
    return drawn


def _describe(node: PlacedPerson) -> str:
    """Everything the card shows, in words: the tooltip and the accessible name."""
    person = node.person
    who = ", ".join(p for p in (_display_name(node), person.title, person.department) if p)
    facts = [
        who,
        gettext("Stance: %(stance)s (%(sign)s)")
        % {"stance": stance_label(person.stance), "sign": stance_sign(person.stance)},
        gettext("Influence %(influence)s of 5") % {"influence": person.influence},
    ]
    if person.buying_roles:
        roles = ", ".join(role_label(role) for role in person.buying_roles)
        facts.append(gettext("Buying roles: %(roles)s") % {"roles": roles})
    level = RelationshipLevel(person.our_level).label if 0 <= person.our_level <= 5 else ""
    facts.append(
        gettext("Our best relationship: %(level)s (%(value)s of 5)")
        % {"level": level, "value": person.our_level}
    )
    for badge in person.badges:
        facts.append(_badge_text(badge, person.open_interests))
    return ". ".join(facts) + "."


def _badge_text(badge: Badge, interests: int) -> str:
    if badge == Badge.PLACEHOLDER:
        return gettext("A known role whose holder we do not know yet")
    if badge == Badge.LEFT:
        return gettext("Has left the company")
    if badge == Badge.PERSONALITY_UNKNOWN:
        return gettext("Personality not known yet")
    return ngettext(
        "%(count)s open vested interest", "%(count)s open vested interests", interests
    ) % {"count": interests}


# --- measuring text without a browser --------------------------------------------------


def text_width(text: str, size: float) -> float:
    """Roughly how wide `text` is: CJK characters a full em, others a little over half."""
    return sum(size if _is_wide(ch) else size * 0.58 for ch in text)


def fit(text: str, room: float, size: float) -> str:
    """`text`, cut with an ellipsis if it would not fit in `room` pixels."""
    if text_width(text, size) <= room:
        return text
    kept = []
    used = size  # the ellipsis
    for ch in text:
        used += size if _is_wide(ch) else size * 0.58
        if used > room:
            break
        kept.append(ch)
    return "".join(kept).rstrip(" ·") + "…"


def _is_wide(ch: str) -> bool:
    return ord(ch) >= 0x2E80


def _n(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def stance_sparkline(
    points: Sequence[tuple[datetime, int]],
    *,
    until: datetime,
    label: str,
    width: int = 180,
    height: int = 44,
) -> str:
    """A person's stance over time as a small step line: up is for us, down against."""
    if not points:
        return ""
    start = points[0][0]
    span = max((until - start).total_seconds(), 1.0)
    pad = 6.0

    def x(when: datetime) -> float:
        return pad + (width - 2 * pad) * (when - start).total_seconds() / span

    def y(stance: int) -> float:
        return pad + (height - 2 * pad) * (2 - stance) / 4

    path = [f"M{_n(x(points[0][0]))},{_n(y(points[0][1]))}"]
    for when, stance in points[1:]:
        path.append(f"H{_n(x(when))}V{_n(y(stance))}")
    path.append(f"H{_n(width - pad)}")
    last = points[-1][1]
    colours = STANCE_COLOURS.get(last, STANCE_COLOURS[0])
    dots = "".join(
        f'<circle cx="{_n(x(when))}" cy="{_n(y(stance))}" r="2.5" '
        f'fill="{STANCE_COLOURS.get(stance, STANCE_COLOURS[0]).band}"/>'
        for when, stance in points
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="stance-sparkline" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-label="{escape(label)}">'
        f'<path d="M{_n(pad)},{_n(y(0))}H{_n(width - pad)}" stroke="#ced4da" stroke-dasharray="3 3"/>'
        f'<path d="{"".join(path)}" fill="none" stroke="{colours.band}" stroke-width="2" '
        f'stroke-linejoin="round"/>{dots}'
        f'<circle cx="{_n(width - pad)}" cy="{_n(y(last))}" r="3.5" fill="{colours.band}"/></svg>'
    )
