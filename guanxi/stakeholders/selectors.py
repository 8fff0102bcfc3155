"""Reads of contacts and what hangs off them, always through the one access rule."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from guanxi.core.access import (
    visible_contact_links,
    visible_contacts,
    visible_interests,
    visible_practices,
    visible_relationships,
)
from guanxi.core.search import name_search
from guanxi.stakeholders.models import (
    Contact,
    ContactLink,
    EntrenchedPractice,
    Relationship,
    VestedInterest,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from guanxi.users.models import User


def contact_list(
    user: User | AnonymousUser,
    *,
    account_id: int | None = None,
    search: str = "",
    status: str = "",
) -> QuerySet[Contact]:
    contacts = visible_contacts(user)
    if account_id is not None:
        contacts = contacts.filter(account_id=account_id)
    if search:
        contacts = contacts.filter(name_search(search))
    if status:
        contacts = contacts.filter(status=status)
    return contacts.select_related("account", "reports_to").order_by(
        "account_id", "-influence", "name_pinyin", "pk"
    )


def _named(search: str) -> QuerySet[Contact, int]:
    """The people whose name matches, as a subquery: 张伟, zhangwei or zw."""
    return Contact.objects.filter(name_search(search)).values_list("pk", flat=True)


def contact_link_list(
    user: User | AnonymousUser,
    *,
    account_id: int | None = None,
    contact_id: int | None = None,
    kind: str = "",
    search: str = "",
) -> QuerySet[ContactLink]:
    """Links between people; `contact_id` and `search` match either end."""
    links = visible_contact_links(user)
    if account_id is not None:
        links = links.filter(account_id=account_id)
    if contact_id is not None:
        links = links.filter(Q(from_contact_id=contact_id) | Q(to_contact_id=contact_id))
    if kind:
        links = links.filter(kind=kind)
    if search:
        named = _named(search)
        links = links.filter(Q(from_contact__in=named) | Q(to_contact__in=named))
    return links.select_related("from_contact", "to_contact").order_by(
        "account_id", "from_contact__name_pinyin", "pk"
    )


def relationship_list(
    user: User | AnonymousUser,
    *,
    account_id: int | None = None,
    contact_id: int | None = None,
    user_id: int | None = None,
    search: str = "",
) -> QuerySet[Relationship]:
    """Our people's relationships with theirs; `search` matches the contact's name."""
    relationships = visible_relationships(user)
    if account_id is not None:
        relationships = relationships.filter(contact__account_id=account_id)
    if contact_id is not None:
        relationships = relationships.filter(contact_id=contact_id)
    if user_id is not None:
        relationships = relationships.filter(user_id=user_id)
    if search:
        relationships = relationships.filter(contact__in=_named(search))
    return relationships.select_related("contact", "user").order_by(
        "contact__account_id", "-contact__influence", "contact__name_pinyin", "-current_level", "pk"
    )


def vested_interest_list(
    user: User | AnonymousUser,
    *,
    account_id: int | None = None,
    contact_id: int | None = None,
    ally_id: int | None = None,
    status: str = "",
    search: str = "",
) -> QuerySet[VestedInterest]:
    """Vested interests inside the user's sensitive circle; `search` matches the holder's name."""
    interests = visible_interests(user)
    if account_id is not None:
        interests = interests.filter(account_id=account_id)
    if contact_id is not None:
        interests = interests.filter(contact_id=contact_id)
    if ally_id is not None:
        interests = interests.filter(ally_id=ally_id)
    if status:
        interests = interests.filter(status=status)
    if search:
        interests = interests.filter(contact__in=_named(search))
    return interests.select_related("contact", "ally", "owner").order_by(
        "account_id", "status", "-severity", "pk"
    )


def entrenched_practice_list(
    user: User | AnonymousUser, *, account_id: int | None = None, blocks_us: bool | None = None
) -> QuerySet[EntrenchedPractice]:
    practices = visible_practices(user)
    if account_id is not None:
        practices = practices.filter(account_id=account_id)
    if blocks_us is not None:
        practices = practices.filter(blocks_us=blocks_us)
    return practices.order_by("account_id", "-blocks_us", "pk")
