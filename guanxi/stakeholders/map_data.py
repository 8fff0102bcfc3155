"""An account's relationship map read from the database: two queries, whatever its size.

The people come with our best relationship level and (only for those allowed) their count
of open vested interests as subqueries, so neither needs a query per person.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, IntegerField, Max, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from guanxi.core.access import can_see_sensitive
from guanxi.domain.relationships.layout import MapLink, MapPerson
from guanxi.stakeholders.models import (
    Contact,
    ContactLink,
    ContactStatus,
    InterestStatus,
    Relationship,
    VestedInterest,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from guanxi.accounts.models import Account
    from guanxi.users.models import User


@dataclass(frozen=True)
class AccountMap:
    people: list[MapPerson]
    links: list[MapLink]
    sensitive: bool  # whether open interests were counted

    def names(self) -> dict[int, str]:
        return {p.id: p.name or p.title for p in self.people}


def account_map_for_user(user: User | AnonymousUser, account: Account) -> AccountMap:
    """The map of an account the user was given through `account_for_user`."""
    sensitive = can_see_sensitive(user, account)
    return AccountMap(_people(account, sensitive=sensitive), _links(account), sensitive)


def _people(account: Account, *, sensitive: bool) -> list[MapPerson]:
    best_level = (
        Relationship.objects.filter(contact=OuterRef("pk"))
        .values("contact")
        .annotate(best=Max("current_level"))
        .values("best")
    )
    contacts = Contact.objects.filter(account=account).annotate(
        our_level=Coalesce(Subquery(best_level, output_field=IntegerField()), Value(0))
    )
    if sensitive:
        open_interests = (
            VestedInterest.objects.filter(contact=OuterRef("pk"))
            .exclude(status=InterestStatus.RESOLVED)
            .values("contact")
            .annotate(count=Count("pk"))
            .values("count")
        )
        contacts = contacts.annotate(
            interests=Coalesce(Subquery(open_interests, output_field=IntegerField()), Value(0))
        )
    else:
        contacts = contacts.annotate(interests=Value(0, output_field=IntegerField()))
    rows = contacts.order_by("pk").values_list(
        "pk", "name", "title", "department", "reports_to_id", "influence", "stance",
        "buying_roles", "our_level", "personality_known", "status", "is_placeholder", "interests",
    )  # fmt: skip
    people = []
    for pk, name, title, department, boss, influence, stance, *rest in rows:
        roles, level, known, status, placeholder, interests = rest
        people.append(
            MapPerson(
                id=pk, name=name, title=title, department=department, reports_to_id=boss,
                influence=influence, stance=stance, buying_roles=tuple(roles or ()),
                our_level=level, personality_known=known, left=status == ContactStatus.LEFT,
                placeholder=placeholder, open_interests=interests,
            )
        )  # fmt: skip
    return people


def _links(account: Account) -> list[MapLink]:
    rows = ContactLink.objects.filter(account=account).order_by("pk")
    return [
        MapLink(from_id, to_id, kind, strength, note)
        for from_id, to_id, kind, strength, note in rows.values_list(
            "from_contact_id", "to_contact_id", "kind", "strength", "note"
        )
    ]
