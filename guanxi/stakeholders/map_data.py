"""An account's relationship map read from the database: two queries, whatever its size.

The people come with our best relationship level and (only for those allowed) their count
of open vested interests as subqueries, so neither needs a query per person. The queries
are plain SQL built once from the models' names (per database vendor: one per process).
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import connection
from django.db.models import Model

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
    with connection.cursor() as cursor:
        resolved = [InterestStatus.RESOLVED.value] if sensitive else []
        cursor.execute(_people_sql(sensitive), [*resolved, account.pk])
        rows = cursor.fetchall()
    people = []
    for pk, name, title, department, boss, influence, stance, *rest in rows:
        roles, level, known, status, placeholder, interests = rest
        if isinstance(roles, str):  # JSON arrives as text (SQLite; Django's PostgreSQL loader)
            roles = json.loads(roles)
        people.append(
            MapPerson(
                id=pk, name=name, title=title, department=department, reports_to_id=boss,
                influence=influence, stance=stance, buying_roles=tuple(roles or ()),
                our_level=level, personality_known=bool(known), left=status == ContactStatus.LEFT,
                placeholder=bool(placeholder), open_interests=interests,
            )
        )  # fmt: skip
    return people


@functools.cache
def _people_sql(sensitive: bool) -> str:
    """The people with our best relationship level and (for the circle) their count of open
    interests, as subqueries. Plain SQL, built once: the ORM's compiling of the same
    query cost more than running it."""
    contact, relationship, interest = (
        _columns(Contact), _columns(Relationship), _columns(VestedInterest)
    )  # fmt: skip
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
    link = _columns(ContactLink)
    fields = ("from_contact", "to_contact", "kind", "strength", "note")
    return (
        f"SELECT {', '.join(link[f] for f in fields)} FROM {link['']} "
        f"WHERE {link['account']} = %s ORDER BY {link['id']}"
    )


def _columns(model: type[Model]) -> dict[str, str]:
    """A model's quoted table (under '') and column names, by field name."""
    quote = connection.ops.quote_name
    names = {field.name: quote(field.column) for field in model._meta.concrete_fields}
    return names | {"": quote(model._meta.db_table)}


def _links(account: Account) -> list[MapLink]:
    with connection.cursor() as cursor:
        cursor.execute(_links_sql(), [account.pk])
        return [MapLink(*row) for row in cursor.fetchall()]
