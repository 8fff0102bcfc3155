"""The lines between people on the map: a gentle curve per link, from card edge to card edge."""

from __future__ import annotations

import math
from collections.abc import Iterable

from guanxi.domain.relationships.map_model import PERSONAL_TIES, Box, Edge, MapLink

# Between cards side by side, how far past their edges a curve's control point goes: its
# middle, where it bulges furthest, then runs half as far out, clear of both cards.
CLEARANCE = 40.0


def link_edges(boxes: dict[int, Box], links: Iterable[MapLink]) -> list[Edge]:
    """A gentle curve for each link, bent further for each extra link between the same two.

    A quadratic curve through a control point off the middle of the pair, always to the same
    side of it whichever way the link points; it starts and ends where the line from each
    card's centre towards the control point crosses the card's border; between cards side by
    side, the curve bends out past them (`CLEARANCE`), so that a conflict between two
    colleagues does not hide in the gap between their cards. A personal tie's label stands
    at the curve's middle, or nearer one end where a card would cover the middle (`_Clear`).
    A thousand links make a thousand curves on every drawing, so the arithmetic is written
    out in one loop.

    Between two people, personal ties come after the other links (`_pair_order`), so the
    others bend the same whether the ties are drawn or not: a map may leave them out until
    they are asked for.
    """
    ordered = sorted(
        (link for link in links if link.from_id in boxes and link.to_id in boxes),
        key=_pair_order,
    )
    cards = {pid: (b.x + b.width / 2, b.y + b.height / 2, b.width / 2, b.height / 2)
             for pid, b in boxes.items()}  # fmt: skip
    seen: dict[tuple[int, int], int] = {}
    edges = []
    clear: _Clear | None = None  # made for the first personal tie: the others need none
    hypot, inf = math.hypot, math.inf
    for from_id, to_id, kind, strength, note in ordered:
        if from_id == to_id:
            continue
        forward = from_id < to_id
        pair = (from_id, to_id) if forward else (to_id, from_id)
        nth = seen.get(pair, 0)
        seen[pair] = nth + 1
        x1, y1, w1, h1 = cards[from_id]
        x2, y2, w2, h2 = cards[to_id]
        dx, dy = x2 - x1, y2 - y1
        length = hypot(dx, dy) or 1.0
        bend = min(90.0, max(24.0, 0.18 * length))
        if abs(dy) < h1 + h2:  # side by side: out past their edges, not hidden between them
            bend = max(bend, max(h1, h2) + CLEARANCE)
        bend *= (1 + 0.7 * nth) * (1.0 if forward else -1.0)
        cx = (x1 + x2) / 2 - dy / length * bend
        cy = (y1 + y2) / 2 + dx / length * bend
        # Where the line leaves each card: from its centre towards the control point.
        ax, ay = cx - x1, cy - y1
        if ax or ay:
            scale = min(w1 / abs(ax) if ax else inf, h1 / abs(ay) if ay else inf)
            sx, sy = x1 + ax * scale, y1 + ay * scale
        else:
            sx, sy = x1, y1
        bx, by = cx - x2, cy - y2
        if bx or by:
            scale = min(w2 / abs(bx) if bx else inf, h2 / abs(by) if by else inf)
            ex, ey = x2 + bx * scale, y2 + by * scale
        else:
            ex, ey = x2, y2
        label_at = None
        if kind in PERSONAL_TIES:
            if clear is None:
                clear = _Clear(boxes)
            label_at = clear.along((sx, sy), (cx, cy), (ex, ey))
        path = f"M{sx:.1f},{sy:.1f}Q{cx:.1f},{cy:.1f} {ex:.1f},{ey:.1f}"
        edges.append(Edge(kind, from_id, to_id, path, strength, label_at, note))
    return edges


def _pair_order(link: MapLink) -> tuple[int, int, bool, int, int, str]:
    """Pair by pair, whichever way a link points; within a pair, personal ties last."""
    a, b = link.from_id, link.to_id
    low, high = (a, b) if a < b else (b, a)
    return low, high, link.kind in PERSONAL_TIES, a, b, link.kind


# The room a tie's label takes around where it stands: two Chinese characters of 10.5 px
# and a line (a longer label in another language may still touch a card's edge).
LABEL_HALF_WIDTH = 11.0
LABEL_HALF_HEIGHT = 6.0
# Where on its curve a label is tried: the middle first, then further out either way; as
# the weights of the curve's start, control point and end at each.
LABEL_PLACES = tuple(
    ((1 - t) * (1 - t), 2 * (1 - t) * t, t * t) for t in (0.5, 0.6, 0.4, 0.7, 0.3, 0.8, 0.2)
)
_CELL = 100.0

Point = tuple[float, float]


class _Clear:
    """Where a tie's label can stand without a card over it (lines are drawn under the
    cards). The cards are sorted into a grid of cells, each widened by a label's room, so
    a place is checked against the few cards of its cell, not against every card."""

    def __init__(self, boxes: dict[int, Box]) -> None:
        self.cells: dict[tuple[int, int], list[tuple[float, float, float, float]]] = {}
        for box in boxes.values():
            left, right = box.x - LABEL_HALF_WIDTH, box.x + box.width + LABEL_HALF_WIDTH
            top, bottom = box.y - LABEL_HALF_HEIGHT, box.y + box.height + LABEL_HALF_HEIGHT
            area = (left, top, right, bottom)
            for column in range(int(left // _CELL), int(right // _CELL) + 1):
                for row in range(int(top // _CELL), int(bottom // _CELL) + 1):
                    self.cells.setdefault((column, row), []).append(area)

    def along(self, start: Point, control: Point, end: Point) -> Point:
        """The first place on the curve, from its middle outwards, that no card covers;
        the middle if every place is covered."""
        (sx, sy), (cx, cy), (ex, ey) = start, control, end
        cells, cell = self.cells, _CELL
        for a, b, c in LABEL_PLACES:
            x, y = a * sx + b * cx + c * ex, a * sy + b * cy + c * ey
            for left, top, right, bottom in cells.get((int(x // cell), int(y // cell)), ()):
                if left < x < right and top < y < bottom:
                    break
            else:
                return round(x, 1), round(y, 1)
        return (
            round(0.25 * sx + 0.5 * cx + 0.25 * ex, 1),
            round(0.25 * sy + 0.5 * cy + 0.25 * ey, 1),
        )
