"""Where each person of an account's relationship map goes: a tidy tree by reports-to.

Pure and deterministic: the same people and links give the same picture, in whatever order
they come. Roots are the people without a boss in the account; the trees stand side by side
and wrap into bands when they would be wider than `max_width`. Within a tree, a parent sits
centred over its children. A tree wider than that is drawn compact: colleagues without
reports of their own hang in columns below their boss, and subtrees that still do not fit
side by side wrap into several rows, indented under a line down their boss's left. People
without a boss or reports in the map gather in a grid at the end.

Each pass visits each person once, a compact tree twice; sorting siblings once is the only
step above O(n). Coordinates are pixels of an SVG user space with the origin at the
top left. The records going in and out are in `map_model`, the links' curves in `curves`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Generic, NamedTuple, TypeVar

from guanxi.domain.relationships.curves import link_edges
from guanxi.domain.relationships.map_model import (
    CONFLICT,
    INFLUENCE,
    PERSONAL_TIES,
    REPORTS_TO,
    Badge,
    Box,
    Edge,
    LayoutSettings,
    MapLayout,
    MapLink,
    MapPerson,
    PlacedPerson,
)

__all__ = [
    "CONFLICT",
    "INFLUENCE",
    "PERSONAL_TIES",
    "REPORTS_TO",
    "Badge",
    "Box",
    "Edge",
    "LayoutSettings",
    "MapLayout",
    "MapLink",
    "MapPerson",
    "PlacedPerson",
    "layout_inputs",
    "layout_map",
    "with_people",
]

ItemT = TypeVar("ItemT")


def layout_map(
    people: Iterable[MapPerson],
    links: Iterable[MapLink] = (),
    settings: LayoutSettings | None = None,
) -> MapLayout:
    """Positions for everyone and the paths of the lines between them."""
    settings = settings or LayoutSettings()
    forest = _Forest.of(people)
    placer = _Placer(forest, settings)
    placer.place()
    edges = placer.edges + link_edges(placer.boxes, links)
    nodes = tuple(
        PlacedPerson(forest.people[pid], placer.boxes[pid], placer.depth[pid])
        for pid in forest.reading_order()
    )
    width, height = placer.size
    return MapLayout(width, height, nodes, tuple(edges), frozenset(placer.wrapped))


def layout_inputs(
    people: Iterable[MapPerson], links: Iterable[MapLink]
) -> tuple[tuple[tuple[int, int | None, int], ...], tuple[MapLink, ...]]:
    """All the places and lines depend on: who reports to whom, influence (a card's size)
    and the links. A layout kept under these stays right whatever else about the people
    changes (a stance, a name, our level): see `with_people`."""
    return tuple((p.id, p.reports_to_id, p.influence) for p in people), tuple(links)


def with_people(layout: MapLayout, people: Iterable[MapPerson]) -> MapLayout:
    """The same places and lines with the people as they are now: for a layout kept from
    the same `layout_inputs` (all that may have changed is what the layout does not use)."""
    now = {person.id: person for person in people}
    nodes = tuple(PlacedPerson(now[node.person.id], node.box, node.depth) for node in layout.nodes)
    return replace(layout, nodes=nodes)


# --- the hierarchy -------------------------------------------------------------------


def _sort_key(person: MapPerson) -> tuple[int, int]:
    return (-person.influence, person.id)


@dataclass
class _Forest:
    people: dict[int, MapPerson]
    children: dict[int, list[int]]
    roots: list[int]  # trees with at least one report, most influential first
    loners: list[int]  # no boss and no reports in the map

    @classmethod
    def of(cls, people: Iterable[MapPerson]) -> _Forest:
        by_id = {p.id: p for p in people}
        children: dict[int, list[int]] = {pid: [] for pid in by_id}
        tops = []
        for person in sorted(by_id.values(), key=_sort_key):
            boss = person.reports_to_id
            if boss is not None and boss in by_id and boss != person.id:
                children[boss].append(person.id)
            else:
                tops.append(person.id)
        tops += _break_loops(by_id, children, tops)
        roots = [pid for pid in tops if children[pid]]
        loners = [pid for pid in tops if not children[pid]]
        return cls(by_id, children, roots, loners)

    def reading_order(self) -> list[int]:
        """Each tree top down, a boss before their reports; the people on their own last."""
        order = []
        for root in self.roots:
            pending = [root]
            while pending:
                pid = pending.pop()
                order.append(pid)
                pending.extend(reversed(self.children[pid]))
        return order + self.loners


def _break_loops(
    people: dict[int, MapPerson], children: dict[int, list[int]], tops: list[int]
) -> list[int]:
    """People in a reporting loop reach no root: the lowest id of each loop becomes one."""
    reached = set(tops)
    stack = list(tops)
    while stack:
        for child in children[stack.pop()]:
            reached.add(child)
            stack.append(child)
    new_roots = []
    for pid in sorted(people):
        if pid in reached:
            continue
        boss = people[pid].reports_to_id
        if boss is not None:
            children[boss].remove(pid)
        new_roots.append(pid)
        reached.add(pid)
        stack = [pid]
        while stack:
            for child in children[stack.pop()]:
                reached.add(child)
                stack.append(child)
    return new_roots


class _Part(NamedTuple):
    """One child's place in its parent's block, relative to the block's top left."""

    kid: int
    left: float  # of the child's block, or of its slot when in a grid
    top: float
    bus: float  # the height of the line from the parent that reaches it
    channel: float | None = None  # in a stack: where the line runs down beside it


@dataclass
class _Block:
    """A subtree's footprint before it is placed: its size and its people's places."""

    width: float
    height: float
    root_x: float  # left of the root's slot
    parts: list[_Part] = field(default_factory=list)
    trunk: float | None = None  # wrapped: the line from the root runs down here


class _Item(NamedTuple):
    """What stands in a row under a parent: a child's subtree, or a grid of leaves."""

    width: float
    height: float
    kid: int | None = None
    stack: tuple[tuple[int, ...], int] | None = None  # leaves in columns: them, rows per column


class _Placer:
    def __init__(self, forest: _Forest, settings: LayoutSettings) -> None:
        self.forest = forest
        self.s = settings
        self.blocks: dict[int, _Block] = {}
        self.boxes: dict[int, Box] = {}
        self.depth: dict[int, int] = {}
        self.wrapped: set[int] = set()
        self.edges: list[Edge] = []
        self.size = (0.0, 0.0)

    def place(self) -> None:
        s = self.s
        shelf: _Shelf[int | None] = _Shelf(s.max_width, s.tree_gap, s.band_gap)
        for root in self.forest.roots:
            # A tidy tree is at least as wide as its leaves side by side: past max_width,
            # it need not be measured to be known too wide.
            leaves = self._leaves(root)
            if leaves * (s.slot_width + s.gap) - s.gap <= s.max_width:
                self._measure(root, compact=False)
            if root not in self.blocks or self.blocks[root].width > s.max_width:
                self._measure(root, compact=True)
            shelf.add(self.blocks[root].width, self.blocks[root].height, root)
        if self.forest.loners:
            width, height, _columns = _grid_size(len(self.forest.loners), s, s.max_width)
            shelf.add(width, height, None)
        for item, left, top in shelf.placed:
            if item is None:
                self._put_loners(s.margin + left, s.margin + top)
            else:
                self._put(item, s.margin + left, s.margin + top)
        self.size = (shelf.width + 2 * s.margin, shelf.height + 2 * s.margin)

    def _leaves(self, root: int) -> int:
        children, count, pending = self.forest.children, 0, [root]
        while pending:
            kids = children[pending.pop()]
            if kids:
                pending.extend(kids)
            else:
                count += 1
        return count

    # measuring, bottom up (iteratively: a long reporting chain must not hit the stack limit)

    def _measure(self, root: int, *, compact: bool) -> None:
        pending = [(root, False)]
        while pending:
            pid, ready = pending.pop()
            kids = self.forest.children[pid]
            if ready or not kids:
                self.blocks[pid] = self._compact_block(pid) if compact else self._tidy_block(pid)
                continue
            pending.append((pid, True))
            pending.extend((kid, False) for kid in reversed(kids))

    def _tidy_block(self, pid: int) -> _Block:
        kids = self.forest.children[pid]
        if not kids:
            return _Block(self.s.slot_width, self.s.slot_height, 0.0)
        return self._row_block([self._item(k) for k in kids])

    def _compact_block(self, pid: int) -> _Block:
        """For a tree too wide to read: colleagues without reports hang in columns below
        their boss, and subtrees that still do not fit side by side wrap into rows."""
        s = self.s
        kids = self.forest.children[pid]
        if not kids:
            return _Block(s.slot_width, s.slot_height, 0.0)
        leaves = tuple(k for k in kids if not self.forest.children[k])
        items = [self._item(k) for k in kids if len(leaves) < 2 or k not in leaves]
        if len(leaves) >= 2:
            width, height, rows = _stack_size(len(leaves), s)
            items.append(_Item(width, height, stack=(leaves, rows)))
        if _row_width(items, s.gap) <= s.max_width:
            return self._row_block(items)
        self.wrapped.add(pid)
        return self._wrapped_block(items)

    def _item(self, kid: int) -> _Item:
        return _Item(self.blocks[kid].width, self.blocks[kid].height, kid=kid)

    def _row_block(self, items: list[_Item]) -> _Block:
        """A tidy tree: the children's subtrees side by side, their parent centred above."""
        s = self.s
        row = _row_width(items, s.gap)
        width = max(row, s.slot_width)
        block = _Block(width, s.slot_height, (width - s.slot_width) / 2)
        top = s.slot_height + s.level_gap
        x = (width - row) / 2
        for item in items:
            self._add_item(block, item, x, top, top - s.level_gap / 2)
            x += item.width + s.gap
        return block

    def _wrapped_block(self, items: list[_Item]) -> _Block:
        s = self.s
        shelf: _Shelf[_Item] = _Shelf(s.max_width - s.channel, s.gap, s.band_gap)
        for item in items:
            shelf.add(item.width, item.height, item)
        block = _Block(s.channel + max(shelf.width, s.slot_width - s.channel), 0.0, 0.0)
        block.trunk = s.channel / 2
        first = s.slot_height + s.level_gap
        for item, left, band_top in shelf.placed:
            gap = s.band_gap if band_top else s.level_gap
            self._add_item(
                block, item, s.channel + left, first + band_top, first + band_top - gap / 2
            )
        return block

    def _add_item(self, block: _Block, item: _Item, left: float, top: float, bus: float) -> None:
        s = self.s
        if item.kid is not None:
            block.parts.append(_Part(item.kid, left, top, bus))
        else:
            assert item.stack is not None
            leaves, rows = item.stack
            for index, kid in enumerate(leaves):
                column, row = divmod(index, rows)
                column_left = left + column * (s.channel + s.slot_width + s.gap)
                slot_top = top + row * (s.slot_height + s.grid_row_gap)
                block.parts.append(
                    _Part(kid, column_left + s.channel, slot_top, bus, column_left + s.channel / 2)
                )
        block.height = max(block.height, top + item.height)

    # placing, top down

    def _put(self, root: int, left: float, top: float) -> None:
        pending = [(root, left, top, 0)]
        parents = []
        while pending:
            pid, x, y, level = pending.pop()
            block = self.blocks[pid]
            self._put_card(pid, x + block.root_x, y, level)
            for part in reversed(block.parts):
                if part.channel is not None:  # a leaf in a stack: no block of its own
                    self._put_card(part.kid, x + part.left, y + part.top, level + 1)
                else:
                    pending.append((part.kid, x + part.left, y + part.top, level + 1))
            if block.parts:
                parents.append((pid, block, x, y))
        for pid, block, x, y in parents:
            self._hierarchy_edges(pid, block, x, y)

    def _put_card(self, pid: int, slot_x: float, slot_y: float, depth: int) -> None:
        width, height = self.s.card_size(self.forest.people[pid].influence)
        left = slot_x + (self.s.slot_width - width) / 2
        self.boxes[pid] = Box(left, slot_y + (self.s.slot_height - height) / 2, width, height)
        self.depth[pid] = depth

    def _hierarchy_edges(self, pid: int, block: _Block, left: float, top: float) -> None:
        """Elbows from a parent down to each child; into a stack, along the column's left."""
        parent = self.boxes[pid]
        start = parent.cx if block.trunk is None else left + block.trunk
        origin = f"M{_n(start)},{_n(parent.bottom)}V"
        heads: dict[float, str] = {}  # down to each bus: children in a row share theirs
        for part in block.parts:
            child = self.boxes[part.kid]
            head = heads.get(part.bus)
            if head is None:
                head = heads[part.bus] = origin + _n(top + part.bus)
            if part.channel is not None:
                tail = f"H{_n(left + part.channel)}V{_n(child.cy)}H{_n(child.x)}"
            else:
                tail = f"H{_n(child.cx)}V{_n(child.y)}"
            self.edges.append(Edge(REPORTS_TO, pid, part.kid, head + tail))

    def _put_loners(self, left: float, top: float) -> None:
        s = self.s
        loners = self.forest.loners
        columns = _grid_size(len(loners), s, s.max_width)[2]
        for pid, (x, y) in zip(loners, _grid_slots(len(loners), columns, s), strict=True):
            self._put_card(pid, left + x, top + y, 0)


def _row_width(items: list[_Item], gap: float) -> float:
    return sum(item.width for item in items) + max(0, len(items) - 1) * gap


class _Shelf(Generic[ItemT]):
    """Items left to right, a new band below when the next would pass `max_width`."""

    def __init__(self, max_width: float, gap: float, band_gap: float) -> None:
        self.max_width, self.gap, self.band_gap = max_width, gap, band_gap
        self.placed: list[tuple[ItemT, float, float]] = []
        self.width = 0.0
        self.height = 0.0
        self._x = 0.0
        self._band_top = 0.0

    def add(self, width: float, height: float, item: ItemT) -> None:
        if self._x > 0 and self._x + width > self.max_width:
            self._band_top = self.height + self.band_gap
            self._x = 0.0
        self.placed.append((item, self._x, self._band_top))
        self._x += width + self.gap
        self.width = max(self.width, self._x - self.gap)
        self.height = max(self.height, self._band_top + height)


def _stack_size(count: int, s: LayoutSettings) -> tuple[float, float, int]:
    """Width, height and rows per column of leaves hanging in columns of a few each."""
    column_width = s.channel + s.slot_width
    fitting = max(1, int((s.max_width + s.gap) // (column_width + s.gap)))
    columns = min(fitting, math.ceil(count / s.stack_rows))
    rows = math.ceil(count / columns)
    width = columns * column_width + (columns - 1) * s.gap
    height = rows * s.slot_height + (rows - 1) * s.grid_row_gap
    return width, height, rows


def _grid_size(count: int, s: LayoutSettings, room: float) -> tuple[float, float, int]:
    """Width, height and columns of a grid of `count` slots that fits in `room` if it can."""
    columns = max(1, min(count, int((room + s.gap) // (s.slot_width + s.gap))))
    rows = math.ceil(count / columns)
    width = columns * s.slot_width + (columns - 1) * s.gap
    height = rows * s.slot_height + (rows - 1) * s.grid_row_gap
    return width, height, columns


def _grid_slots(count: int, columns: int, s: LayoutSettings) -> Iterable[tuple[float, float]]:
    """Slots row by row, so reading order runs left to right, then down."""
    for index in range(count):
        row, column = divmod(index, columns)
        yield column * (s.slot_width + s.gap), row * (s.slot_height + s.grid_row_gap)


def _n(value: float) -> str:
    """Short numbers in path data: one decimal, no trailing zero."""
    return f"{value:.1f}".removesuffix(".0")
