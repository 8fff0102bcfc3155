"""The lines between people on the map: a gentle curve per link, from card edge to card edge."""

from __future__ import annotations

import math
from collections.abc import Iterable

from guanxi.domain.relationships.map_model import PERSONAL_TIES, Box, Edge, MapLink

# Between cards side by side, how far past their edges a curve's control point goes: its
# middle, where it bulges furthest, then runs half as far out, clear of both cards.
CLEARANCE = 40.0
# Up to this many people, a line that would pass behind someone else's card (and read as
# if it ended there) is bent the other way, or further, if that clears it. Past it, most
# lines pass behind some card whatever is tried, and trying costs every drawing made from
# nothing: on maps of random links, 0.4 → 1.6 ms at 30 people and 40 links, 1.5 → 5.8 ms
# at 60 and 100 (`/tmp` script, eighth session).
ROUTED_UP_TO = 30
# The bends tried for a pair's lines, as multiples of its usual bend (negative: the other
# side), in this order; the first that passes behind no card is kept, else the usual one.
TURNS = (1.0, -1.0, 1.6, -1.6, 2.2, -2.2)
ROUTE_SAMPLES = tuple(i / 24 for i in range(1, 24))  # where a curve is checked, end to end
# How near a card a curve may pass: closer, between two of its checked points, it may cut a
# corner of the card.
ROUTE_MARGIN = 8.0

Point = tuple[float, float]
Card = tuple[float, float, float, float]  # centre x, centre y, half width, half height
Curve = tuple[float, float, float, float, float, float]  # start, control point, end


def link_edges(boxes: dict[int, Box], links: Iterable[MapLink]) -> list[Edge]:
    """A gentle curve for each link, bent further for each extra link between the same two.

    A quadratic curve through a control point off the middle of the pair, always to the same
    side of it whichever way the link points; it starts and ends where the line from each
    card's centre towards the control point crosses the card's border (`_curve`). Between
    cards side by side, the curve bends out past them (`CLEARANCE`), so that a conflict
    between two colleagues does not hide in the gap between their cards; on a small map, a
    pair's lines bend the other way or further if the usual bend passes behind another
    card (`TURNS`). A personal tie's label stands at the curve's middle, or nearer one end
    where a card would cover the middle (`_Grid.label_place`).

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
    routes = _Grid(boxes, ROUTE_MARGIN, ROUTE_MARGIN) if len(boxes) <= ROUTED_UP_TO else None
    labels: _Grid | None = None  # made for the first personal tie: the others need none
    seen: dict[tuple[int, int], int] = {}
    turns: dict[tuple[int, int], float] = {}  # each pair's turn, chosen with its first line
    edges = []
    for from_id, to_id, kind, strength, note in ordered:
        if from_id == to_id:
            continue
        forward = from_id < to_id
        pair = (from_id, to_id) if forward else (to_id, from_id)
        nth = seen.get(pair, 0)
        seen[pair] = nth + 1
        first, second = cards[from_id], cards[to_id]
        bend = _bend(first, second) * (1.0 if forward else -1.0)
        if nth == 0:
            turns[pair] = 1.0 if routes is None else routes.turn(first, second, bend, pair)
        sx, sy, cx, cy, ex, ey = _curve(first, second, bend * turns[pair] * (1 + 0.7 * nth))
        label_at = None
        if kind in PERSONAL_TIES:
            if labels is None:
                labels = _Grid(boxes, LABEL_HALF_WIDTH, LABEL_HALF_HEIGHT)
            label_at = labels.label_place((sx, sy, cx, cy, ex, ey))
        path = f"M{sx:.1f},{sy:.1f}Q{cx:.1f},{cy:.1f} {ex:.1f},{ey:.1f}"
        edges.append(Edge(kind, from_id, to_id, path, strength, label_at, note))
    return edges


def _pair_order(link: MapLink) -> tuple[int, int, bool, int, int, str]:
    """Pair by pair, whichever way a link points; within a pair, personal ties last."""
    a, b = link.from_id, link.to_id
    low, high = (a, b) if a < b else (b, a)
    return low, high, link.kind in PERSONAL_TIES, a, b, link.kind


def _bend(first: Card, second: Card) -> float:
    """How far the control point stands off the middle of the pair, for their first line."""
    x1, y1, _w1, h1 = first
    x2, y2, _w2, h2 = second
    bend = min(90.0, max(24.0, 0.18 * math.hypot(x2 - x1, y2 - y1)))
    if abs(y2 - y1) < h1 + h2:  # side by side: out past their edges, not hidden between them
        bend = max(bend, max(h1, h2) + CLEARANCE)
    return bend


def _curve(first: Card, second: Card, bend: float) -> Curve:
    """The curve from the first card to the second through a control point `bend` off the
    middle, square to the line between their centres."""
    x1, y1 = first[0], first[1]
    x2, y2 = second[0], second[1]
    dx, dy = x2 - x1, y2 - y1
    length = math.hypot(dx, dy) or 1.0
    cx = (x1 + x2) / 2 - dy / length * bend
    cy = (y1 + y2) / 2 + dx / length * bend
    return (*_leaving(first, cx, cy), cx, cy, *_leaving(second, cx, cy))


def _leaving(card: Card, cx: float, cy: float) -> Point:
    """Where a line leaves the card: where the line from its centre towards the control
    point crosses its border."""
    x, y, half_width, half_height = card
    ax, ay = cx - x, cy - y
    if not (ax or ay):
        return x, y
    scale = min(half_width / abs(ax) if ax else math.inf, half_height / abs(ay) if ay else math.inf)
    return x + ax * scale, y + ay * scale


# The room a tie's label takes around where it stands: two Chinese characters of 10.5 px
# and a line (a longer label in another language may still touch a card's edge).
LABEL_HALF_WIDTH = 11.0
LABEL_HALF_HEIGHT = 6.0
# Where on its curve a label is tried: the middle first, then further out either way.
LABEL_PLACES = (0.5, 0.6, 0.4, 0.7, 0.3, 0.8, 0.2)
_CELL = 100.0


def _weights(places: tuple[float, ...]) -> tuple[tuple[float, float, float], ...]:
    """At each place along a curve (0 its start, 1 its end), the weights of its start,
    control point and end."""
    return tuple(((1 - t) * (1 - t), 2 * (1 - t) * t, t * t) for t in places)


_ROUTE_WEIGHTS = _weights(ROUTE_SAMPLES)
_LABEL_WEIGHTS = _weights(LABEL_PLACES)


class _Grid:
    """The cards sorted into a grid of cells, each card widened by a margin, so that a
    point is checked against the few cards of its cell, not against every card."""

    def __init__(self, boxes: dict[int, Box], margin_x: float, margin_y: float) -> None:
        self.cells: dict[tuple[int, int], list[tuple[float, float, float, float, int]]] = {}
        for pid, box in boxes.items():
            left, right = box.x - margin_x, box.x + box.width + margin_x
            top, bottom = box.y - margin_y, box.y + box.height + margin_y
            area = (left, top, right, bottom, pid)
            for column in range(int(left // _CELL), int(right // _CELL) + 1):
                for row in range(int(top // _CELL), int(bottom // _CELL) + 1):
                    self.cells.setdefault((column, row), []).append(area)

    def covered(self, x: float, y: float, *, but: tuple[int, ...] = ()) -> bool:
        """Whether a card (other than those of `but`) covers the point."""
        for left, top, right, bottom, pid in self.cells.get((int(x // _CELL), int(y // _CELL)), ()):
            if left < x < right and top < y < bottom and pid not in but:
                return True
        return False

    def turn(self, first: Card, second: Card, bend: float, pair: tuple[int, int]) -> float:
        """The first of `TURNS` whose curve passes behind no card but the pair's own; the
        usual bend if none does (another would be no clearer, and look odd)."""
        covered = self.covered
        for turn in TURNS:
            sx, sy, cx, cy, ex, ey = _curve(first, second, bend * turn)
            for a, b, c in _ROUTE_WEIGHTS:
                if covered(a * sx + b * cx + c * ex, a * sy + b * cy + c * ey, but=pair):
                    break
            else:
                return turn
        return TURNS[0]

    def label_place(self, curve: Curve) -> Point:
        """The first place on the curve, from its middle outwards, that no card covers; the
        middle if every place is covered. (Written out: a big map's ties ask it hundreds of
        times.)"""
        sx, sy, cx, cy, ex, ey = curve
        cells, cell = self.cells, _CELL
        for a, b, c in _LABEL_WEIGHTS:
            x, y = a * sx + b * cx + c * ex, a * sy + b * cy + c * ey
            for left, top, right, bottom, _pid in cells.get((int(x // cell), int(y // cell)), ()):
                if left < x < right and top < y < bottom:
                    break
            else:
                return round(x, 1), round(y, 1)
        a, b, c = _LABEL_WEIGHTS[0]
        return round(a * sx + b * cx + c * ex, 1), round(a * sy + b * cy + c * ey, 1)
