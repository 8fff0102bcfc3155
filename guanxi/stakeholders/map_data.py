"""An account's relationship map read from the database: two queries, whatever its size.

The people come with our best relationship level and (only for those allowed) their count
of open vested interests as subqueries, so neither needs a query per person. The queries
are plain SQL built once from the models' names (per database vendor: one per process).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from guanxi.core.access import can_see_sensitive
from guanxi.core.sql import columns, fetch, json_lists
from guanxi.domain.relationships.layout import MapLink, MapPerson
from guanxi.domain.relationships.map_model import called
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
        return {p.id: called(p.name, p.title) for p in self.people}


def account_map_for_user(user: User | AnonymousUser, account: Account) -> AccountMap:
    """The map of an account the user was given through `account_for_user`."""
    sensitive = can_see_sensitive(user, account)
    return AccountMap(_people(account, sensitive=sensitive), _links(account), sensitive)


def _people(account: Account, *, sensitive: bool) -> list[MapPerson]:
    resolved = [InterestStatus.RESOLVED.value] if sensitive else []
    people = []
    roles_of = json_lists(tuple)
    left = ContactStatus.LEFT.value
    for pk, name, title, department, boss, influence, stance, *rest in fetch(
        _people_sql(sensitive), [*resolved, account.pk]
    ):
        roles, level, known, status, placeholder, interests = rest
        people.append(
            MapPerson(
                pk, name, title, department, boss, influence, stance, roles_of(roles), level,
                bool(known), status == left, bool(placeholder), interests,
            )
        )  # fmt: skip  # in MapPerson's order: by keyword it costs twice as much
    return people


@functools.cache
def _people_sql(sensitive: bool) -> str:
    """The people with our best relationship level and (for the circle) their count of open
    interests, as subqueries. Plain SQL, built once: the ORM's compiling of the same
    query cost more than running it."""
    contact, relationship, interest = (
        columns(Contact),
        columns(Relationship),
        columns(VestedInterest),
    )
    level = (
        f"(SELECT max(r.{relationship['current_level']}) FROM {relationship['']} r "
        f"WHERE r.{relationship['contact']} = c.{contact['id']})"
    )
    interests = "0"
    if sensitive:
        interests = (
            f"(SELECT count(*) FROM {interest['']} v WHERE v.{interest['contact']} = "
            f"c.{contact['id']} AND v.{interest['status']} <> %s)"
        )
    fields = ["id", "name", "title", "department", "reports_to", "influence", "stance"]
    selected = [f"c.{contact[f]}" for f in fields] + [
        f"c.{contact['buying_roles']}", f"coalesce({level}, 0)", f"c.{contact['personality_known']}",
        f"c.{contact['status']}", f"c.{contact['is_placeholder']}", interests,
    ]  # fmt: skip
    return (
        f"SELECT {', '.join(selected)} FROM {contact['']} c "
        f"WHERE c.{contact['account']} = %s ORDER BY c.{contact['id']}"
    )


@functools.cache
def _links_sql() -> str:
    link = columns(ContactLink)
    fields = ("from_contact", "to_contact", "kind", "strength", "note")
    return (
        f"SELECT {', '.join(link[f] for f in fields)} FROM {link['']} "
        f"WHERE {link['account']} = %s ORDER BY {link['id']}"
    )


def _links(account: Account) -> list[MapLink]:
    # _make takes the row as it is: a third cheaper than unpacking it into MapLink(*row).
    return list(map(MapLink._make, fetch(_links_sql(), [account.pk])))
