"""The relationship map's records: the people and links going in, the placed cards and the
lines' paths coming out (see `layout`). Named tuples: a map of two hundred people has over
a thousand of them, and tuples are quick to make."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple


class Badge(StrEnum):
    PERSONALITY_UNKNOWN = "personality_unknown"
    LEFT = "left"
    PLACEHOLDER = "placeholder"
    OPEN_INTERESTS = "open_interests"


REPORTS_TO = "reports_to"  # the edge kind of the hierarchy; links keep their stored kinds
INFLUENCE = "influence"
CONFLICT = "conflict"
PERSONAL_TIES = frozenset({"alumni", "hometown", "former_colleague", "family", "friend"})


def called(name: str, title: str) -> str:
    """What the map and its pages call a person: their name, or, for a placeholder (a role
    whose holder we do not know yet), the role's title."""
    return name or title


class MapPerson(NamedTuple):
    id: int
    name: str  # "" for a placeholder
    title: str = ""
    department: str = ""
    reports_to_id: int | None = None
    influence: int = 3  # 1–5
    stance: int = 0  # −2 opponent … +2 champion
    buying_roles: tuple[str, ...] = ()
    our_level: int = 0  # our best current relationship level, 0 none … 5 trusted advisor
    personality_known: bool = True
    left: bool = False
    placeholder: bool = False
    open_interests: int = 0  # sensitive: 0 unless the viewer may see vested interests

    @property
    def badges(self) -> tuple[Badge, ...]:
        found = []
        if self.placeholder:
            found.append(Badge.PLACEHOLDER)
        if self.left:
            found.append(Badge.LEFT)
        if not self.personality_known and not self.placeholder and not self.left:
            found.append(Badge.PERSONALITY_UNKNOWN)
        if self.open_interests:
            found.append(Badge.OPEN_INTERESTS)
        return tuple(found)


class MapLink(NamedTuple):
    from_id: int
    to_id: int
    kind: str
    strength: int = 3  # 1–5
    note: str = ""


@dataclass(frozen=True, slots=True)
class LayoutSettings:
    slot_width: float = 184  # the room one person takes, their card centred in it
    slot_height: float = 80
    gap: float = 12  # between siblings
    level_gap: float = 44  # between a parent's row and its children's
    grid_row_gap: float = 10
    channel: float = 18  # left of a column of leaves, where the line to them runs
    stack_rows: int = 6  # leaves per column before another column starts
    tree_gap: float = 36
    band_gap: float = 40
    max_width: float = 1200
    margin: float = 16

    def card_size(self, influence: int) -> tuple[float, float]:
        """Influence is size: 1 is the smallest card, 5 fills the slot."""
        step = max(1, min(5, influence)) - 1
        return 136 + 10 * step, 60 + 3 * step


class Box(NamedTuple):
    x: float  # top left
    y: float
    width: float
    height: float

    @property
    def cx(self) -> float:
        return self.x + self.width / 2

    @property
    def cy(self) -> float:
        return self.y + self.height / 2

    @property
    def bottom(self) -> float:
        return self.y + self.height


class PlacedPerson(NamedTuple):
    person: MapPerson
    box: Box  # the card
    depth: int  # 0 for a root


class Edge(NamedTuple):
    kind: str  # REPORTS_TO or the link's kind
    from_id: int
    to_id: int
    path: str  # SVG path data
    strength: int = 3
    label_at: tuple[float, float] | None = None  # where a personal tie's label goes
    note: str = ""


@dataclass(frozen=True)
class MapLayout:
    width: float
    height: float
    nodes: tuple[PlacedPerson, ...]
    edges: tuple[Edge, ...]  # the hierarchy first, then the links
    wrapped: frozenset[int] = frozenset()  # people whose reports wrap into rows below them

    def node(self, person_id: int) -> PlacedPerson:
        return next(n for n in self.nodes if n.person.id == person_id)
