"""One account's relationship map as plain data, and the readings every rule shares.

Codes are the stored values of the models (`guanxi.stakeholders.models`), repeated here
because the domain imports nothing from the project: buying roles, contact status,
vested interest status and mitigation, need horizon and status.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import cached_property, lru_cache


class BuyingRole(StrEnum):
    ECONOMIC_BUYER = "economic_buyer"
    DECISION_MAKER = "decision_maker"
    TECHNICAL_BUYER = "technical_buyer"
    USER_BUYER = "user_buyer"
    COACH = "coach"
    GATEKEEPER = "gatekeeper"
    INFLUENCER = "influencer"


# The roles every sale needs someone in (Miller Heiman's buying influences and a coach).
KEY_ROLES: tuple[BuyingRole, ...] = (
    BuyingRole.ECONOMIC_BUYER,
    BuyingRole.DECISION_MAKER,
    BuyingRole.TECHNICAL_BUYER,
    BuyingRole.USER_BUYER,
    BuyingRole.COACH,
)
# Whoever holds one of these decides or pays: losing or missing them costs the sale.
DECIDING_ROLES = frozenset({BuyingRole.DECISION_MAKER, BuyingRole.ECONOMIC_BUYER})

ACTIVE = "active"
LEFT = "left"
RESOLVED = "resolved"  # a vested interest that no longer threatens us
ALLY_SPEAKS = "ally_speaks"  # the mitigation that needs an ally in place
CONFLICT = "conflict"  # the one link kind nobody introduces anybody through
SHORT = "short"
LONG = "long"
DROPPED = "dropped"
MET = "met"


@dataclass(frozen=True, slots=True)
class ContactFacts:
    id: int
    influence: int  # 1–5
    stance: int  # −2 opponent … +2 champion
    buying_roles: frozenset[str] = frozenset()
    status: str = ACTIVE
    is_placeholder: bool = False
    personality_known: bool = False
    next_step_to_know: str = ""
    department: str = ""
    reports_to_id: int | None = None
    left_on: date | None = None

    @property
    def present(self) -> bool:
        """Someone we can meet: active and known by name."""
        return self.status == ACTIVE and not self.is_placeholder

    def holds(self, roles: Iterable[str]) -> bool:
        return not self.buying_roles.isdisjoint(roles)


@dataclass(frozen=True, slots=True)
class RelationshipFacts:
    """How well one of our people knows one of theirs (levels 0 none … 5 trusted advisor)."""

    contact_id: int
    user_id: int
    current_level: int
    target_level: int
    last_touch: date | None = None


@dataclass(frozen=True, slots=True)
class InterestFacts:
    """A vested interest our sale threatens (R2.5). Sensitive."""

    id: int
    contact_id: int
    kind: str
    severity: int  # 1 low … 3 high
    mitigation: str = ""  # "" when there is no plan yet
    ally_id: int | None = None
    status: str = "open"

    @property
    def is_open(self) -> bool:
        return self.status != RESOLVED


@dataclass(frozen=True, slots=True)
class LinkFacts:
    from_id: int
    to_id: int
    kind: str
    strength: int = 3


@dataclass(frozen=True, slots=True)
class NeedFacts:
    id: int
    horizon: str  # short | long
    owning_department: str = ""
    importance: int = 3
    status: str = "identified"

    @property
    def is_open(self) -> bool:
        return self.status not in (MET, DROPPED)


@dataclass(frozen=True, slots=True)
class StanceChange:
    """One recorded change of a contact's stance, from the contact's history (R2.9)."""

    contact_id: int
    on: date
    before: int
    after: int


@dataclass(frozen=True, slots=True)
class AccountFacts:
    account_id: int
    contacts: tuple[ContactFacts, ...] = ()
    relationships: tuple[RelationshipFacts, ...] = ()
    interests: tuple[InterestFacts, ...] = ()  # leave out what the viewer may not see
    links: tuple[LinkFacts, ...] = ()
    needs: tuple[NeedFacts, ...] = ()
    stance_changes: tuple[StanceChange, ...] = ()


@dataclass(frozen=True)
class Norms:
    """What the strength and the insights agree on."""

    # From this level (vendor) up we really know someone; below, we have only met.
    known_level: int = 2
    # R2.1: a complex sale needs 3–5 people we know; below 3 the account hangs by a thread.
    known_contacts_target: int = 3
    # How often someone of this influence must hear from us (influence, days); others: default.
    cadence_days: tuple[tuple[int, int], ...] = ((5, 30), (4, 45), (3, 60))
    default_cadence_days: int = 90

    def cadence_for(self, influence: int) -> int:
        return dict(self.cadence_days).get(influence, self.default_cadence_days)


@dataclass(frozen=True)
class Coverage:
    """What the rules read again and again, computed once per account."""

    facts: AccountFacts
    contacts: dict[int, ContactFacts]
    present: tuple[ContactFacts, ...]  # active, named; most influential first
    best_level: dict[int, int]  # contact → our best current level with them
    last_touch: dict[int, date]  # contact → the latest touch by any of us
    known_ids: frozenset[int] = field(default_factory=frozenset)

    @cached_property
    def ties(self) -> dict[int, list[tuple[int, int]]]:
        """Contact → (the other person, strength) of each link but conflicts, both ways."""
        ties: dict[int, list[tuple[int, int]]] = {}
        for link in self.facts.links:
            if link.kind != CONFLICT:
                ties.setdefault(link.to_id, []).append((link.from_id, link.strength))
                ties.setdefault(link.from_id, []).append((link.to_id, link.strength))
        return ties

    def level(self, contact_id: int) -> int:
        return self.best_level.get(contact_id, 0)

    def knows(self, contact_id: int) -> bool:
        return contact_id in self.known_ids

    def known_present(self) -> tuple[ContactFacts, ...]:
        return tuple(c for c in self.present if c.id in self.known_ids)


def by_influence(contacts: Iterable[ContactFacts]) -> tuple[ContactFacts, ...]:
    """Most influential first; the id keeps the order stable."""
    return tuple(sorted(contacts, key=lambda c: (-c.influence, c.id)))


def coverage_of(facts: AccountFacts, norms: Norms) -> Coverage:
    best_level: dict[int, int] = {}
    last_touch: dict[int, date] = {}
    for relationship in facts.relationships:
        contact_id = relationship.contact_id
        best_level[contact_id] = max(best_level.get(contact_id, 0), relationship.current_level)
        touched = relationship.last_touch
        if touched is not None and (
            contact_id not in last_touch or touched > last_touch[contact_id]
        ):
            last_touch[contact_id] = touched
    present = by_influence(c for c in facts.contacts if c.present)
    known = frozenset(c.id for c in present if best_level.get(c.id, 0) >= norms.known_level)
    return Coverage(
        facts=facts,
        contacts={c.id: c for c in facts.contacts},
        present=present,
        best_level=best_level,
        last_touch=last_touch,
        known_ids=known,
    )


def days_between(earlier: date, later: date) -> int:
    return later.toordinal() - earlier.toordinal()


@lru_cache(maxsize=4096)  # a portfolio's few departments, asked of every person
def department_key(department: str) -> str:
    """Departments as people type them: 设计部 and ' 设计部 ' are the same door."""
    return " ".join(department.split()).casefold()


def has_plan(interest: InterestFacts, coverage: Coverage) -> bool:
    """A mitigation is in place (R2.6), and an ally it counts on is still there to speak."""
    if not interest.mitigation:
        return False
    if interest.mitigation != ALLY_SPEAKS:
        return True
    ally = coverage.contacts.get(interest.ally_id) if interest.ally_id is not None else None
    return ally is not None and ally.present
