"""Plain records of one demo account before they become table rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from guanxi.demo.plan import AccountPlan
from guanxi.demo.profiles import AccountProfile


@dataclass(slots=True)
class ContactSeed:
    id: int
    position: str
    surname: str
    name: str
    name_latin: str
    title: str
    department: str
    reports_to: int | None
    roles: tuple[str, ...]
    influence: int
    stance: int
    orientation: str
    personality: str = ""
    preferences: str = ""
    next_step: str = ""
    left_on: date | None = None
    left_to: str = ""
    placeholder: bool = False
    mobile: str = ""
    email: str = ""
    wechat: str = ""
    personal_notes: str = ""

    @property
    def reachable(self) -> bool:
        """Someone we can meet: a named person still in the company."""
        return not self.placeholder and self.left_on is None


@dataclass(frozen=True, slots=True)
class Acquaintance:
    """One of our users knows one of their contacts (a Relationship)."""

    contact_id: int
    user_id: int
    current_level: int
    target_level: int


@dataclass(frozen=True, slots=True)
class LinkSeed:
    from_id: int
    to_id: int
    kind: str
    strength: int
    note: str


@dataclass(frozen=True, slots=True)
class InterestSeed:
    contact_id: int
    kind: str
    description: str
    severity: int
    mitigation: str
    ally_id: int | None
    status: str


@dataclass(frozen=True, slots=True)
class PracticeSeed:
    description: str
    blocks_us: bool
    how_we_work_with_it: str


@dataclass(frozen=True, slots=True)
class NeedSeed:
    id: int
    description: str
    horizon: str
    category: str
    department: str
    source_id: int | None
    importance: int
    our_answer: str
    status: str
    confirmed_by: int | None
    confirmed_on: date | None


@dataclass(frozen=True, slots=True)
class OpportunitySeed:
    id: int
    name: str
    value_yuan: int
    expected_close: date | None
    stage: str
    probability: int
    need_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class ScriptedActivity:
    """An activity written by hand for a showcase account; days < 0 are done, > 0 planned."""

    days_from_today: int
    kind: str
    subject: str
    quarter_hours: int
    user_ids: tuple[int, ...]
    contact_ids: tuple[int, ...]
    outcome: str = ""
    next_step: str = ""


@dataclass(slots=True)
class AccountDraft:
    plan: AccountPlan
    profile: AccountProfile
    contacts: list[ContactSeed]
    acquaintances: list[Acquaintance] = field(default_factory=list)
    members: list[tuple[int, str]] = field(default_factory=list)
    competitor_ids: list[int] = field(default_factory=list)
    links: list[LinkSeed] = field(default_factory=list)
    interests: list[InterestSeed] = field(default_factory=list)
    practices: list[PracticeSeed] = field(default_factory=list)
    needs: list[NeedSeed] = field(default_factory=list)
    opportunities: list[OpportunitySeed] = field(default_factory=list)
    notes: str = ""
    tier_override: tuple[str, str] = ("", "")
    estimated_spend_yuan: int | None = None
    scripted: list[ScriptedActivity] = field(default_factory=list)
