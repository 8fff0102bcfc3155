"""The lines between people on the map: a gentle curve per link, from card edge to card edge."""

from __future__ import annotations

import math
from collections.abc import Iterable

from guanxi.domain.relationships.map_model import PERSONAL_TIES, Box, Edge, MapLink

Card = tuple[float, float, float, float]  # centre x, centre y, half width, half height


def link_edges(boxes: dict[int, Box], links: Iterable[MapLink]) -> list[Edge]:
    """A gentle curve for each link, bent further for each extra link between the same two."""
    ordered = sorted(
        (link for link in links if link.from_id in boxes and link.to_id in boxes),
        key=lambda link: (link.from_id, link.to_id, link.kind),
    )
    cards = {pid: (b.x + b.width / 2, b.y + b.height / 2, b.width / 2, b.height / 2)
             for pid, b in boxes.items()}  # fmt: skip
    seen: dict[tuple[int, int], int] = {}
    edges = []
    for link in ordered:
        if link.from_id == link.to_id:
            continue
        pair = (min(link.from_id, link.to_id), max(link.from_id, link.to_id))
        nth = seen.get(pair, 0)
        seen[pair] = nth + 1
        forward = link.from_id < link.to_id
        path, label_at = _curve(cards[link.from_id], cards[link.to_id], nth, forward)
        edges.append(
            Edge(
                link.kind,
                link.from_id,
                link.to_id,
                path,
                link.strength,
                label_at if link.kind in PERSONAL_TIES else None,
                link.note,
            )
        )
    return edges


def _curve(start: Card, end: Card, nth: int, forward: bool) -> tuple[str, tuple[float, float]]:
    x1, y1 = start[0], start[1]
    x2, y2 = end[0], end[1]
    dx, dy = x2 - x1, y2 - y1
    length = math.hypot(dx, dy) or 1.0
    # Always bend to the same side of the pair, whichever way the link points.
    bend = min(90.0, max(24.0, 0.18 * length)) * (1 + 0.7 * nth) * (1.0 if forward else -1.0)
    cx = (x1 + x2) / 2 - dy / length * bend
    cy = (y1 + y2) / 2 + dx / length * bend
    sx, sy = _exit(start, cx - x1, cy - y1)
    ex, ey = _exit(end, cx - x2, cy - y2)
    label = (
        round(0.25 * sx + 0.5 * cx + 0.25 * ex, 1),
        round(0.25 * sy + 0.5 * cy + 0.25 * ey, 1),
    )
    return f"M{sx:.1f},{sy:.1f}Q{cx:.1f},{cy:.1f} {ex:.1f},{ey:.1f}", label


def _exit(card: Card, dx: float, dy: float) -> tuple[float, float]:
    """Where a line leaving the card's centre towards (dx, dy) crosses its border."""
    x, y, half_w, half_h = card
    if dx == 0 and dy == 0:
        return x, y
    scale = min(
        half_w / abs(dx) if dx else math.inf,
        half_h / abs(dy) if dy else math.inf,
    )
    return x + dx * scale, y + dy * scale
