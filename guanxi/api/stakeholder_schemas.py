"""What goes in and out of /api/v1/contact-links, /relationships, /interests and /practices."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated

from ninja import Field, Schema

from guanxi.api.schemas import Input, PageParams, Text, patch_of
from guanxi.stakeholders.models import (
    ContactLink,
    EntrenchedPractice,
    InterestKind,
    InterestStatus,
    LinkKind,
    Mitigation,
    Relationship,
    RelationshipLevel,
    VestedInterest,
)
from guanxi.stakeholders.models import Severity as InterestSeverity

NEXT = "the next page's URL, or null on the last page"
NAME = "the name, or the title of a placeholder"
SEARCH = "Chinese name, full pinyin (zhangwei) or initials (zw)"
LEVELS = (
    "0 none · 1 acquainted · 2 vendor · 3 credible source · 4 problem solver · 5 trusted advisor"
)

# ---- contact links --------------------------------------------------------------------


class LinkFilters(PageParams):
    search: str = Field("", description=f"either person's name: {SEARCH}")
    account: int | None = Field(None, description="account id")
    contact: int | None = Field(None, description="contact id, at either end of the link")
    kind: LinkKind | None = None


class LinkIn(Input):
    from_contact: int = Field(description="contact id; for influence, the one who influences")
    to_contact: int = Field(
        description="contact id in the same account; for influence, the one influenced"
    )
    kind: LinkKind = Field(
        description="influence or conflict, or a personal tie: alumni (校友), hometown (老乡), "
        "former_colleague, family, friend"
    )
    strength: Annotated[int, Field(ge=1, le=5)] = Field(3, description="1 weak … 5 strong")
    note: Annotated[str, Field(max_length=300)] = Field(
        "", description="e.g. 华南理工大学校友, or what the influence is about"
    )


if TYPE_CHECKING:
    LinkPatch = LinkIn
else:
    LinkPatch = patch_of(LinkIn, "LinkPatch")


class LinkOut(Schema):
    id: int
    account: int = Field(description="account id: both people belong to it")
    from_contact: int = Field(description="contact id")
    from_name: str = Field(description=NAME)
    to_contact: int = Field(description="contact id")
    to_name: str = Field(description=NAME)
    kind: LinkKind
    directed: bool = Field(
        description="true for influence (from_contact influences to_contact); "
        "the other kinds go both ways"
    )
    strength: int = Field(description="1 weak … 5 strong")
    note: str

    @staticmethod
    def resolve_account(link: ContactLink) -> int:
        return link.account_id

    @staticmethod
    def resolve_from_contact(link: ContactLink) -> int:
        return link.from_contact_id

    @staticmethod
    def resolve_from_name(link: ContactLink) -> str:
        return str(link.from_contact)

    @staticmethod
    def resolve_to_contact(link: ContactLink) -> int:
        return link.to_contact_id

    @staticmethod
    def resolve_to_name(link: ContactLink) -> str:
        return str(link.to_contact)

    @staticmethod
    def resolve_directed(link: ContactLink) -> bool:
        return link.kind == LinkKind.INFLUENCE


class LinkPage(Schema):
    items: list[LinkOut]
    limit: int
    offset: int
    next: str | None = Field(description=NEXT)


# ---- our relationships ----------------------------------------------------------------


class RelationshipFilters(PageParams):
    search: str = Field("", description=f"the contact's name: {SEARCH}")
    account: int | None = Field(None, description="account id")
    contact: int | None = Field(None, description="contact id")
    user: int | None = Field(None, description="our person's user id")


class RelationshipLevels(Input):
    current_level: RelationshipLevel = Field(
        RelationshipLevel.NONE, description=f"where we are: {LEVELS}"
    )
    target_level: RelationshipLevel = Field(
        RelationshipLevel.VENDOR, description="where we mean to get: at least the current level"
    )


class RelationshipIn(RelationshipLevels):
    contact: int = Field(description="their person: contact id")
    user: int | None = Field(None, description="our person: an active user's id; you if omitted")


if TYPE_CHECKING:
    RelationshipPatch = RelationshipLevels
else:
    RelationshipPatch = patch_of(RelationshipLevels, "RelationshipPatch")


class RelationshipOut(Schema):
    id: int
    account: int = Field(description="the contact's account id")
    contact: int = Field(description="their person: contact id")
    contact_name: str = Field(description=NAME)
    user: int = Field(description="our person: user id")
    user_name: str = Field(description="our person's display name")
    current_level: RelationshipLevel = Field(description=LEVELS)
    target_level: RelationshipLevel
    last_touch: date | None = Field(description="derived from activities; null if none yet")

    @staticmethod
    def resolve_account(relationship: Relationship) -> int:
        return relationship.contact.account_id

    @staticmethod
    def resolve_contact(relationship: Relationship) -> int:
        return relationship.contact_id

    @staticmethod
    def resolve_contact_name(relationship: Relationship) -> str:
        return str(relationship.contact)

    @staticmethod
    def resolve_user(relationship: Relationship) -> int:
        return relationship.user_id

    @staticmethod
    def resolve_user_name(relationship: Relationship) -> str:
        return str(relationship.user)


class RelationshipPage(Schema):
    items: list[RelationshipOut]
    limit: int
    offset: int
    next: str | None = Field(description=NEXT)


# ---- vested interests -----------------------------------------------------------------

SENSITIVE = (
    "sensitive: only the account team, their managers and executives see vested interests; "
    "for anyone else they do not exist"
)


class InterestFilters(PageParams):
    search: str = Field("", description=f"the holder's name: {SEARCH}")
    account: int | None = Field(None, description="account id")
    contact: int | None = Field(None, description="the holder's contact id")
    ally: int | None = Field(None, description="the ally's contact id")
    status: InterestStatus | None = None


class InterestIn(Input):
    contact: int = Field(
        description="the holder: contact id; the interest belongs to their account"
    )
    kind: InterestKind = Field(
        description="kickback (from the incumbent) · role_devalued · influence_diluted · "
        "budget_loss · other"
    )
    description: Text = Field("", description=SENSITIVE)
    severity: InterestSeverity = Field(
        InterestSeverity.MEDIUM, description="1 low · 2 medium · 3 high"
    )
    mitigation: Mitigation = Field(
        Mitigation.NONE,
        description="how we defuse it: '' no plan yet · go_around · win_trust (over time) · "
        "ally_speaks (for us: name the ally) · wait_departure · other",
    )
    ally: int | None = Field(
        None,
        description="contact id of someone else in the same account; required for ally_speaks",
    )
    owner: int | None = Field(
        None, description="our user who follows it up; on creation, you if omitted"
    )
    status: InterestStatus = InterestStatus.OPEN


if TYPE_CHECKING:
    InterestPatch = InterestIn
else:
    InterestPatch = patch_of(InterestIn, "InterestPatch")


class InterestOut(Schema):
    id: int
    account: int = Field(description="account id")
    contact: int = Field(description="the holder: contact id")
    contact_name: str = Field(description=NAME)
    kind: InterestKind
    description: str = Field(description=SENSITIVE)
    severity: InterestSeverity = Field(description="1 low · 2 medium · 3 high")
    mitigation: Mitigation = Field(description="'' while there is no plan yet")
    ally: int | None = Field(description="the ally's contact id, or null")
    ally_name: str | None
    owner: int | None = Field(description="our user who follows it up, or null")
    owner_username: str | None
    status: InterestStatus
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_account(interest: VestedInterest) -> int:
        return interest.account_id

    @staticmethod
    def resolve_contact(interest: VestedInterest) -> int:
        return interest.contact_id

    @staticmethod
    def resolve_contact_name(interest: VestedInterest) -> str:
        return str(interest.contact)

    @staticmethod
    def resolve_ally(interest: VestedInterest) -> int | None:
        return interest.ally_id

    @staticmethod
    def resolve_ally_name(interest: VestedInterest) -> str | None:
        return str(interest.ally) if interest.ally is not None else None

    @staticmethod
    def resolve_owner(interest: VestedInterest) -> int | None:
        return interest.owner_id

    @staticmethod
    def resolve_owner_username(interest: VestedInterest) -> str | None:
        return interest.owner.username if interest.owner is not None else None


class InterestPage(Schema):
    items: list[InterestOut]
    limit: int
    offset: int
    next: str | None = Field(description=NEXT)


# ---- entrenched practices -------------------------------------------------------------


class PracticeFilters(PageParams):
    account: int | None = Field(None, description="account id")
    blocks_us: bool | None = Field(None, description="only those that block us, or only not")


class PracticeFields(Input):
    description: Annotated[str, Field(min_length=1, max_length=100_000)] = Field(
        description="how the customer habitually buys or works"
    )
    blocks_us: bool = Field(False, description="whether it stands in the way of our sale")
    how_we_work_with_it: Text = ""


class PracticeIn(PracticeFields):
    account: int = Field(description="account id")


if TYPE_CHECKING:
    PracticePatch = PracticeFields
else:
    PracticePatch = patch_of(PracticeFields, "PracticePatch")


class PracticeOut(Schema):
    id: int
    account: int = Field(description="account id")
    description: str = Field(description="how the customer habitually buys or works")
    blocks_us: bool
    how_we_work_with_it: str
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_account(practice: EntrenchedPractice) -> int:
        return practice.account_id


class PracticePage(Schema):
    items: list[PracticeOut]
    limit: int
    offset: int
    next: str | None = Field(description=NEXT)
